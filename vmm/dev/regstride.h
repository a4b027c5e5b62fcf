/* Bus glue for chips of byte-wide registers placed one every `stride`
 * bytes of a wider bus: the PC chips on Malta's ISA ports (stride 1) and
 * CBUS (8), the SGI IOC2 and HPC3 PBUS chips (4). Two wirings:
 *
 *  - window: every access inside a register's `stride` bytes reaches it,
 *    the value in the access's low byte (uart16550, i8259, i8254,
 *    mc146818);
 *  - last lane: the chip's data lines are D7:0 of a big-endian word
 *    (Linux's ip22zilog.h: control at +3, data at +7), so a byte access
 *    reaches the register only on lane stride - 1 and a wider one at the
 *    word's start (ds1386, z85c30, and on IP22 the INT2/3, IOC2, HPC3 and
 *    its WD33C93 windows). */
#ifndef MIPSVZ_DEV_REGSTRIDE_H
#define MIPSVZ_DEV_REGSTRIDE_H

#include <stdbool.h>
#include <stdint.h>

#include "vmm/bus.h"
#include "vmm/err.h"

/* The register number is off / stride: 0 (meaning 1) or a power of two. */
static inline int regstride_check(const char *name, unsigned stride,
				  struct err *e)
{
	if (stride & (stride - 1))
		return err_set(e, "%s: register stride %u is not a power of two",
			       name, stride);
	return 0;
}

/* Window: ops per byte order, indexed by enum endian, and byte ports for
 * stride 1 (the bus splits wider accesses into bytes). */
#define REGSTRIDE_BYTE_PORTS 2
#define REGSTRIDE_WINDOW_OPS(chip, rd, wr) {				      \
	[ENDIAN_BIG] = { .name = chip, .read = rd, .write = wr,		      \
			 .valid_sizes = ACCESS_ALL, .impl_sizes = ACCESS_ALL, \
			 .endian = ENDIAN_BIG },			      \
	[ENDIAN_LITTLE] = { .name = chip, .read = rd, .write = wr,	      \
			    .valid_sizes = ACCESS_ALL,			      \
			    .impl_sizes = ACCESS_ALL,			      \
			    .endian = ENDIAN_LITTLE },			      \
	[REGSTRIDE_BYTE_PORTS] = { .name = chip, .read = rd, .write = wr,     \
				   .valid_sizes = ACCESS_ALL,		      \
				   .impl_sizes = ACCESS_1,		      \
				   .endian = ENDIAN_LITTLE },		      \
}

static inline const struct mmio_ops *
regstride_window_ops(const struct mmio_ops ops[3], unsigned stride,
		     enum endian endian)
{
	if (stride == 1)
		return &ops[REGSTRIDE_BYTE_PORTS];
	return &ops[endian == ENDIAN_BIG ? ENDIAN_BIG : ENDIAN_LITTLE];
}

/* Last lane: whether an access reaches its word's register. */
static inline bool regstride_on_lane(uint64_t off, unsigned size,
				     unsigned stride)
{
	uint64_t lane = off % stride;

	return size == 1 ? lane == stride - 1u : lane == 0;
}

/* Last lane: the register an access reaches among nregs, or -1 (reads
 * 0, writes dropped). */
static inline int regstride_lane_reg(uint64_t off, unsigned size,
				     unsigned stride, unsigned nregs)
{
	if (!regstride_on_lane(off, size, stride) || off / stride >= nregs)
		return -1;
	return (int)(off / stride);
}

/* Last lane: ops per byte order, indexed by enum endian; 32-bit
 * accesses reach the register, 16-bit ones split into bytes. */
#define REGSTRIDE_LANE_OPS(chip, rd, wr) {				      \
	[ENDIAN_BIG] = { .name = chip, .read = rd, .write = wr,		      \
			 .valid_sizes = ACCESS_1 | ACCESS_2 | ACCESS_4,	      \
			 .impl_sizes = ACCESS_1 | ACCESS_4,		      \
			 .endian = ENDIAN_BIG },			      \
	[ENDIAN_LITTLE] = { .name = chip, .read = rd, .write = wr,	      \
			    .valid_sizes = ACCESS_1 | ACCESS_2 | ACCESS_4,    \
			    .impl_sizes = ACCESS_1 | ACCESS_4,		      \
			    .endian = ENDIAN_LITTLE },			      \
}

static inline const struct mmio_ops *
regstride_lane_ops(const struct mmio_ops ops[2], enum endian endian)
{
	return &ops[endian == ENDIAN_BIG ? ENDIAN_BIG : ENDIAN_LITTLE];
}

#endif
