/* Boot timer pseudo-device (all boards): see boottimer.h. */
#include "boottimer.h"

#include <stdlib.h>
#include <time.h>

#include "vmm/clock.h"
#include "vmm/log.h"

struct boottimer {
	struct mmio_ops ops;
	uint64_t start_wall, start_cpu;
	struct boottimer_mark last;
};

static uint64_t boottimer_cpu_ns(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts) < 0)
		return 0;
	return (uint64_t)ts.tv_sec * NS_PER_SEC + ts.tv_nsec;
}

static uint64_t boottimer_read(void *opaque, uint64_t offset, unsigned size)
{
	struct boottimer *bt = opaque;

	return offset == 0 ? bt->last.count : 0;
}

/* Any write of the magic, whatever its width, is a marker: guests may
 * store it as a byte (Firecracker's x86 port write) or as a word. */
static void boottimer_write(void *opaque, uint64_t offset, uint64_t value,
			    unsigned size)
{
	struct boottimer *bt = opaque;
	uint64_t wall = host_now_ns() - bt->start_wall;
	uint64_t cpu = boottimer_cpu_ns() - bt->start_cpu;

	if (value != BOOTTIMER_MAGIC) {
		TRACE(TRACE_DEV, "boot-timer: ignored write 0x%llx at +%llu",
		      (unsigned long long)value, (unsigned long long)offset);
		return;
	}
	bt->last.count++;
	bt->last.wall_ns = wall;
	bt->last.cpu_ns = cpu;
	log_msg("boot-timer: guest reached marker after %llu.%03llu s wall, "
		"%llu.%03llu s cpu",
		(unsigned long long)(wall / NS_PER_SEC),
		(unsigned long long)(wall % NS_PER_SEC / 1000000),
		(unsigned long long)(cpu / NS_PER_SEC),
		(unsigned long long)(cpu % NS_PER_SEC / 1000000));
}

int boottimer_create(enum endian endian, struct boottimer **out,
		     struct err *e)
{
	struct boottimer *bt = calloc(1, sizeof(*bt));

	*out = NULL;
	if (!bt)
		return err_set(e, "boot-timer: out of memory");
	bt->ops = (struct mmio_ops){
		.name = "boot-timer",
		.read = boottimer_read,
		.write = boottimer_write,
		.valid_sizes = ACCESS_1 | ACCESS_2 | ACCESS_4,
		.impl_sizes = ACCESS_1 | ACCESS_2 | ACCESS_4,
		.endian = endian,
	};
	boottimer_restart(bt);
	*out = bt;
	return 0;
}

void boottimer_destroy(struct boottimer *bt)
{
	free(bt);
}

void boottimer_restart(struct boottimer *bt)
{
	bt->start_wall = host_now_ns();
	bt->start_cpu = boottimer_cpu_ns();
	bt->last = (struct boottimer_mark){ 0 };
}

const struct mmio_ops *boottimer_mmio_ops(const struct boottimer *bt)
{
	return &bt->ops;
}

bool boottimer_last(const struct boottimer *bt, struct boottimer_mark *m)
{
	*m = bt->last;
	return bt->last.count > 0;
}
