/* Boot timer: a pseudo-device any board may map, after Firecracker's.
 * The guest writes BOOTTIMER_MAGIC to its one 32-bit register when it
 * reaches a point worth timing (end of kernel init, a login prompt); the
 * VMM logs and keeps the wall-clock and process CPU time since the device
 * was created (machine start). Reads return how many markers were seen.
 * A cheap, guest-driven hook for tests/bench. */
#ifndef MIPSVZ_DEV_BOOTTIMER_H
#define MIPSVZ_DEV_BOOTTIMER_H

#include <stdbool.h>
#include <stdint.h>

#include "vmm/bus.h"
#include "vmm/err.h"

/* Firecracker's value, so existing guest init snippets carry over. */
#define BOOTTIMER_MAGIC 123u
#define BOOTTIMER_MMIO_SIZE 4u

struct boottimer;

struct boottimer_mark {
	unsigned count;		/* markers seen so far; 0 = none yet */
	uint64_t wall_ns;	/* host time from start to the last marker */
	uint64_t cpu_ns;	/* process CPU time used by then, since start */
};

/* `endian` is the board's: a 32-bit store of the magic reads as the
 * magic whatever the guest's byte order. Start time is now. */
int boottimer_create(enum endian endian, struct boottimer **out,
		     struct err *e);
void boottimer_destroy(struct boottimer *bt);
/* Measure from now on (e.g. when the vCPU starts running). */
void boottimer_restart(struct boottimer *bt);
const struct mmio_ops *boottimer_mmio_ops(const struct boottimer *bt);
/* The last marker; false if the guest has not written one. Call with
 * the machine lock held, or once the vCPU has stopped. */
bool boottimer_last(const struct boottimer *bt, struct boottimer_mark *m);

#endif
