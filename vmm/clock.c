#include "clock.h"

#include <time.h>

uint64_t host_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * NS_PER_SEC + ts.tv_nsec;
}

void vclock_init(struct vclock *c, bool deterministic)
{
	*c = (struct vclock){ 0 };
	c->deterministic = deterministic;
	c->host_anchor = host_now_ns();
	/* A fixed nominal rate: 100 MIPS, close to an R4400's best case. */
	c->ns_per_insn = 10;
}

uint64_t vclock_now(struct vclock *c)
{
	if (c->deterministic) {
		uint64_t n = c->icount ? c->icount(c->icount_opaque) : 0;

		return n * c->ns_per_insn + c->warp_ns;
	}
	if (c->paused_at)
		return c->paused_at - c->host_anchor;
	return host_now_ns() - c->host_anchor;
}

void vclock_pause(struct vclock *c)
{
	if (!c->deterministic && !c->paused_at)
		c->paused_at = host_now_ns();
}

void vclock_resume(struct vclock *c)
{
	if (!c->deterministic && c->paused_at) {
		c->host_anchor += host_now_ns() - c->paused_at;
		c->paused_at = 0;
	}
}

void vclock_warp_to(struct vclock *c, uint64_t to)
{
	uint64_t now = vclock_now(c);

	if (c->deterministic && to > now)
		c->warp_ns += to - now;
}

void timer_init(struct timer *t, struct vclock *c, void (*cb)(void *),
		void *opaque)
{
	*t = (struct timer){ .cb = cb, .opaque = opaque, .clock = c };
}

static void timer_unlink(struct timer *t)
{
	struct timer **pp = &t->clock->timers;

	while (*pp && *pp != t)
		pp = &(*pp)->next;
	if (*pp)
		*pp = t->next;
	t->next = NULL;
	t->armed = false;
}

void timer_mod(struct timer *t, uint64_t deadline_ns)
{
	struct vclock *c = t->clock;
	struct timer **pp;
	uint64_t old_first = vclock_next_deadline(c);

	if (t->armed)
		timer_unlink(t);
	t->deadline = deadline_ns;
	for (pp = &c->timers; *pp && (*pp)->deadline <= deadline_ns;
	     pp = &(*pp)->next)
		;
	t->next = *pp;
	*pp = t;
	t->armed = true;
	if (deadline_ns < old_first && c->notify)
		c->notify(c->notify_opaque);
}

void timer_del(struct timer *t)
{
	if (t->armed)
		timer_unlink(t);
}

uint64_t vclock_next_deadline(const struct vclock *c)
{
	return c->timers ? c->timers->deadline : VCLOCK_NEVER;
}

int vclock_run_timers(struct vclock *c)
{
	uint64_t now = vclock_now(c);
	int ran = 0;

	/* A callback may re-arm its own timer in the past; the cap keeps a
	 * misbehaving device from spinning this loop forever. */
	while (c->timers && c->timers->deadline <= now && ran < 1000) {
		struct timer *t = c->timers;

		c->timers = t->next;
		t->next = NULL;
		t->armed = false;
		t->cb(t->opaque);
		ran++;
	}
	return ran;
}
