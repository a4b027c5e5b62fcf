/* The virtual clock: timer order, re-arm and delete, only expired timers
 * run, deterministic time from icount and warps, pause without a leap. */
#include <string.h>

#include "tests/test.h"
#include "vmm/clock.h"

struct log {
	char order[32];
	int n;
};

struct tick {
	struct timer t;
	struct log *log;
	char name;
	uint64_t rearm;		/* re-arm this far ahead when run, 0 = no */
};

static void tick_cb(void *opaque)
{
	struct tick *k = opaque;

	if (k->log->n < (int)sizeof(k->log->order) - 1)
		k->log->order[k->log->n++] = k->name;
	if (k->rearm)
		timer_mod(&k->t, k->t.deadline + k->rearm);
}

static void tick_init(struct tick *k, struct vclock *c, struct log *log,
		      char name)
{
	memset(k, 0, sizeof(*k));
	k->log = log;
	k->name = name;
	timer_init(&k->t, c, tick_cb, k);
}

/* Deterministic mode with a settable instruction count: time is exact. */
static uint64_t fake_icount(void *opaque)
{
	return *(uint64_t *)opaque;
}

static void det_clock(struct vclock *c, uint64_t *icount)
{
	vclock_init(c, true);
	*icount = 0;
	c->icount = fake_icount;
	c->icount_opaque = icount;
}

static void timers_run_in_deadline_order(void)
{
	struct vclock c;
	struct log log = { 0 };
	struct tick a, b, d, e;
	uint64_t ic;

	det_clock(&c, &ic);
	tick_init(&a, &c, &log, 'a');
	tick_init(&b, &c, &log, 'b');
	tick_init(&d, &c, &log, 'd');
	tick_init(&e, &c, &log, 'e');
	/* Armed out of order; equal deadlines run in arming order. */
	timer_mod(&d.t, 400);
	timer_mod(&a.t, 100);
	timer_mod(&e.t, 400);
	timer_mod(&b.t, 200);
	CHECK_EQ(vclock_next_deadline(&c), 100);
	ic = 1000;		/* 10 us at 10 ns per instruction */
	CHECK_EQ(vclock_run_timers(&c), 4);
	CHECK(!strcmp(log.order, "abde"));
	CHECK_EQ(vclock_next_deadline(&c), VCLOCK_NEVER);
	CHECK(!timer_pending(&a.t));
}

static void only_expired_timers_run(void)
{
	struct vclock c;
	struct log log = { 0 };
	struct tick a, b;
	uint64_t ic;

	det_clock(&c, &ic);
	tick_init(&a, &c, &log, 'a');
	tick_init(&b, &c, &log, 'b');
	timer_mod(&a.t, 1000);
	timer_mod(&b.t, 2000);
	ic = 99;		/* 990 ns: nothing due */
	CHECK_EQ(vclock_run_timers(&c), 0);
	ic = 100;		/* exactly a's deadline: due */
	CHECK_EQ(vclock_run_timers(&c), 1);
	CHECK(!strcmp(log.order, "a"));
	CHECK(timer_pending(&b.t));
	CHECK_EQ(vclock_next_deadline(&c), 2000);
	ic = 199;
	CHECK_EQ(vclock_run_timers(&c), 0);
	ic = 250;
	CHECK_EQ(vclock_run_timers(&c), 1);
	CHECK(!strcmp(log.order, "ab"));
}

static void rearm_and_delete(void)
{
	struct vclock c;
	struct log log = { 0 };
	struct tick a, b, p;
	uint64_t ic;

	det_clock(&c, &ic);
	tick_init(&a, &c, &log, 'a');
	tick_init(&b, &c, &log, 'b');
	tick_init(&p, &c, &log, 'p');
	timer_mod(&a.t, 100);
	timer_mod(&b.t, 200);
	/* Re-arming moves a timer, it is never queued twice. */
	timer_mod(&a.t, 300);
	CHECK_EQ(vclock_next_deadline(&c), 200);
	timer_mod(&a.t, 50);
	CHECK_EQ(vclock_next_deadline(&c), 50);
	timer_del(&b.t);
	CHECK(!timer_pending(&b.t));
	timer_del(&b.t);	/* twice is harmless */
	ic = 100;
	CHECK_EQ(vclock_run_timers(&c), 1);
	CHECK(!strcmp(log.order, "a"));
	CHECK_EQ(vclock_next_deadline(&c), VCLOCK_NEVER);

	/* A periodic timer re-arming itself from its callback runs once
	 * per period that is due: late callers catch up, no more. */
	p.rearm = 100;
	timer_mod(&p.t, 1000);
	ic = 100;		/* 1000 ns */
	CHECK_EQ(vclock_run_timers(&c), 1);
	CHECK_EQ(vclock_next_deadline(&c), 1100);
	ic = 125;		/* 1250 ns: 1100 and 1200 are both due */
	CHECK_EQ(vclock_run_timers(&c), 2);
	CHECK_EQ(vclock_next_deadline(&c), 1300);
	CHECK(!strcmp(log.order, "appp"));
	timer_del(&p.t);
}

static int notified;

static void on_notify(void *opaque)
{
	notified++;
}

/* notify fires only when the earliest deadline moves earlier: that is
 * when a CPU sleeping in WAIT must recompute its sleep. */
static void notify_on_earlier_deadline(void)
{
	struct vclock c;
	struct log log = { 0 };
	struct tick a, b;
	uint64_t ic;

	det_clock(&c, &ic);
	c.notify = on_notify;
	notified = 0;
	tick_init(&a, &c, &log, 'a');
	tick_init(&b, &c, &log, 'b');
	timer_mod(&a.t, 500);
	CHECK_EQ(notified, 1);
	timer_mod(&b.t, 900);
	CHECK_EQ(notified, 1);
	timer_mod(&b.t, 100);
	CHECK_EQ(notified, 2);
}

static void deterministic_icount_and_warp(void)
{
	struct vclock c;
	uint64_t ic;
	struct log log = { 0 };
	struct tick a;

	det_clock(&c, &ic);
	CHECK_EQ(vclock_now(&c), 0);
	ic = 12345;
	CHECK_EQ(vclock_now(&c), 12345 * c.ns_per_insn);
	/* Host time does not matter. */
	CHECK_EQ(vclock_now(&c), 12345 * c.ns_per_insn);

	/* WAIT with a timer pending: jump straight to its deadline. */
	tick_init(&a, &c, &log, 'a');
	timer_mod(&a.t, 1000000);
	vclock_warp_to(&c, vclock_next_deadline(&c));
	CHECK_EQ(vclock_now(&c), 1000000);
	CHECK_EQ(vclock_run_timers(&c), 1);
	/* Warps never go backwards... */
	vclock_warp_to(&c, 10);
	CHECK_EQ(vclock_now(&c), 1000000);
	/* ...and instructions keep counting on top of them. */
	ic += 10;
	CHECK_EQ(vclock_now(&c), 1000000 + 10 * c.ns_per_insn);
	/* Pause and resume are no-ops in deterministic mode. */
	vclock_pause(&c);
	ic += 1;
	CHECK_EQ(vclock_now(&c), 1000000 + 11 * c.ns_per_insn);
	vclock_resume(&c);
	CHECK_EQ(vclock_now(&c), 1000000 + 11 * c.ns_per_insn);
}

/* Host mode: time stands still while paused and resumes where it
 * stopped, not at "now". Bounds come from host time measured around each
 * step, so a loaded machine cannot make this flaky. */
static void host_pause_resume_no_leap(void)
{
	struct vclock c;
	uint64_t g0, g1, g2, h0, h1, end;

	vclock_init(&c, false);
	g0 = vclock_now(&c);
	g1 = vclock_now(&c);
	CHECK(g1 >= g0);

	vclock_pause(&c);
	g0 = vclock_now(&c);
	end = host_now_ns() + 50 * 1000000ull;
	while (host_now_ns() < end)
		;
	CHECK_EQ(vclock_now(&c), g0);
	vclock_pause(&c);	/* a second pause changes nothing */
	CHECK_EQ(vclock_now(&c), g0);

	h0 = host_now_ns();
	vclock_resume(&c);
	g1 = vclock_now(&c);
	h1 = host_now_ns();
	CHECK(g1 >= g0);
	CHECK(g1 - g0 <= h1 - h0);
	/* Time runs again afterwards. */
	end = host_now_ns() + 2 * 1000000ull;
	while (host_now_ns() < end)
		;
	g2 = vclock_now(&c);
	CHECK(g2 >= g1 + 2 * 1000000ull);
	vclock_resume(&c);	/* resume without pause changes nothing */
	CHECK(vclock_now(&c) >= g2);
}

TEST_MAIN("clock",
	  T(timers_run_in_deadline_order),
	  T(only_expired_timers_run),
	  T(rearm_and_delete),
	  T(notify_on_earlier_deadline),
	  T(deterministic_icount_and_warp),
	  T(host_pause_resume_no_leap))
