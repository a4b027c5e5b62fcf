/* The one virtual clock and its timers.
 *
 * Default: guest time follows host monotonic time at a fixed rate, minus
 * the time the machine was paused (no calibration, no leaps). With
 * --deterministic, guest time is instructions executed times a fixed
 * period, plus the idle time the CPU skips over in WAIT, so two runs of
 * one guest produce identical output.
 *
 * Timers are kept in deadline order. They run on the vCPU thread (the
 * soft CPU polls vclock_next_deadline between blocks) with the machine
 * lock held; timer_mod() from any other thread calls `notify` so a CPU
 * idling in WAIT re-evaluates its sleep. */
#ifndef MIPSVZ_CLOCK_H
#define MIPSVZ_CLOCK_H

#include <stdbool.h>
#include <stdint.h>

#define NS_PER_SEC 1000000000ull
#define VCLOCK_NEVER UINT64_MAX

struct vclock;

struct timer {
	uint64_t deadline;
	void (*cb)(void *opaque);
	void *opaque;
	struct vclock *clock;
	struct timer *next;
	bool armed;
};

struct vclock {
	bool deterministic;
	/* host mode */
	uint64_t host_anchor;	/* host ns at guest time 0 (plus pauses) */
	uint64_t paused_at;	/* host ns when paused, 0 when running */
	/* deterministic mode */
	uint64_t ns_per_insn;
	uint64_t warp_ns;	/* idle time skipped by the CPU */
	uint64_t (*icount)(void *opaque);	/* exact instructions so far */
	void *icount_opaque;

	struct timer *timers;	/* sorted by deadline */
	void (*notify)(void *opaque);	/* earliest deadline moved earlier */
	void *notify_opaque;
};

/* Monotonic host time in ns. */
uint64_t host_now_ns(void);

void vclock_init(struct vclock *c, bool deterministic);
/* Guest time in ns since the machine started. */
uint64_t vclock_now(struct vclock *c);
void vclock_pause(struct vclock *c);
void vclock_resume(struct vclock *c);
/* Deterministic mode: jump time forward (the CPU idles until `to`). */
void vclock_warp_to(struct vclock *c, uint64_t to);

void timer_init(struct timer *t, struct vclock *c, void (*cb)(void *),
		void *opaque);
/* Arm (or re-arm) for an absolute guest time. */
void timer_mod(struct timer *t, uint64_t deadline_ns);
void timer_del(struct timer *t);
static inline bool timer_pending(const struct timer *t)
{
	return t->armed;
}

/* Earliest armed deadline, VCLOCK_NEVER if none. */
uint64_t vclock_next_deadline(const struct vclock *c);
/* Run every timer whose deadline is <= now; returns how many ran. */
int vclock_run_timers(struct vclock *c);

#endif
