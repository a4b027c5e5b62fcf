/* The guest-physical bus: overlap refusal, access sizes and byte orders,
 * unassigned policy, DMA bounds. */
#include <string.h>

#include "tests/test.h"
#include "vmm/bus.h"

struct regdev {
	uint8_t regs[16];	/* byte-addressed, in the device's order */
	enum endian en;
	unsigned calls, last_size;
};

static uint64_t regdev_read(void *opaque, uint64_t off, unsigned size)
{
	struct regdev *d = opaque;

	d->calls++;
	d->last_size = size;
	return endian_load(d->regs + off, size, d->en);
}

static void regdev_write(void *opaque, uint64_t off, uint64_t v,
			 unsigned size)
{
	struct regdev *d = opaque;

	d->calls++;
	d->last_size = size;
	endian_store(d->regs + off, size, d->en, v);
}

static const struct mmio_ops le32_ops = {
	.name = "le32", .read = regdev_read, .write = regdev_write,
	.valid_sizes = ACCESS_ALL, .impl_sizes = ACCESS_4,
	.endian = ENDIAN_LITTLE,
};

static void overlap_refused(void)
{
	struct bus bus;
	struct err e;

	bus_init(&bus, ENDIAN_BIG);
	CHECK(bus_map_ram(&bus, 0, 0x10000, "ram", NULL, &e) == 0);
	CHECK(bus_map_unimpl(&bus, 0xffff, 0x10, "x", 0, &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "overlaps ram");
	CHECK(bus_map_unimpl(&bus, 0x10000, 0x10, "y", 0, &e) == 0);
	bus_destroy(&bus);
}

static void ram_byte_orders(void)
{
	for (int be = 0; be < 2; be++) {
		struct bus bus;
		uint8_t *ram;
		uint64_t v;

		bus_init(&bus, be ? ENDIAN_BIG : ENDIAN_LITTLE);
		CHECK(bus_map_ram(&bus, 0x1000, 0x1000, "ram", &ram, NULL) ==
		      0);
		CHECK(bus_write(&bus, 0x1008, 8, 0x0102030405060708ull) ==
		      BUS_OK);
		CHECK_EQ(ram[8], be ? 0x01 : 0x08);
		CHECK(bus_read(&bus, 0x1008, 2, &v) == BUS_OK);
		CHECK_EQ(v, be ? 0x0102 : 0x0708);
		CHECK(bus_read(&bus, 0x100c, 4, &v) == BUS_OK);
		CHECK_EQ(v, be ? 0x05060708 : 0x01020304);
		CHECK(bus_read(&bus, 0x1009, 1, &v) == BUS_OK);
		CHECK_EQ(v, be ? 0x02 : 0x07);
		bus_destroy(&bus);
	}
}

/* A little-endian 32-bit register seen by a big-endian CPU: byte lanes
 * are preserved, so a 32-bit access sees the value byte-swapped and a
 * byte access at offset 0 sees the register's least significant byte. */
static void mmio_split_and_swap(void)
{
	struct regdev d = { .en = ENDIAN_LITTLE };
	struct bus bus;
	uint64_t v;

	bus_init(&bus, ENDIAN_BIG);
	CHECK(bus_map_mmio(&bus, 0x2000, 16, &le32_ops, &d, NULL) == 0);
	CHECK(bus_write(&bus, 0x2000, 4, 0x11223344) == BUS_OK);
	CHECK_EQ(d.regs[0], 0x11);
	CHECK(bus_read(&bus, 0x2000, 1, &v) == BUS_OK);
	CHECK_EQ(v, 0x11);
	CHECK_EQ(d.last_size, 4);
	/* An 8-byte access is split into two 4-byte callbacks. */
	d.calls = 0;
	CHECK(bus_read(&bus, 0x2000, 8, &v) == BUS_OK);
	CHECK_EQ(d.calls, 2);
	CHECK_EQ(v >> 32, 0x11223344);
	bus_destroy(&bus);

	/* Same device, little-endian CPU: no swap. */
	memset(&d, 0, sizeof(d));
	d.en = ENDIAN_LITTLE;
	bus_init(&bus, ENDIAN_LITTLE);
	CHECK(bus_map_mmio(&bus, 0x2000, 16, &le32_ops, &d, NULL) == 0);
	CHECK(bus_write(&bus, 0x2004, 4, 0x11223344) == BUS_OK);
	CHECK_EQ(d.regs[4], 0x44);
	CHECK(bus_read(&bus, 0x2006, 2, &v) == BUS_OK);
	CHECK_EQ(v, 0x1122);
	bus_destroy(&bus);
}

static void unassigned_policy(void)
{
	struct bus bus;
	uint64_t v = 0;

	bus_init(&bus, ENDIAN_BIG);
	CHECK(bus_read(&bus, 0x5000, 4, &v) == BUS_ERROR);
	bus.unassigned = UNASSIGNED_IGNORE;
	CHECK(bus_read(&bus, 0x5000, 4, &v) == BUS_OK);
	CHECK_EQ(v, 0xffffffff);
	CHECK(bus_write(&bus, 0x5000, 4, 1) == BUS_OK);
	CHECK(bus_map_buserr(&bus, 0x6000, 0x100, "slot", NULL) == 0);
	CHECK(bus_read(&bus, 0x6010, 4, &v) == BUS_ERROR);
	CHECK(bus_map_unimpl(&bus, 0x7000, 0x100, "probe", 0x5a, NULL) == 0);
	CHECK(bus_read(&bus, 0x7004, 1, &v) == BUS_OK);
	CHECK_EQ(v, 0x5a);
	bus_destroy(&bus);
}

static void dma_bounds(void)
{
	struct bus bus;
	uint8_t *lo, *hi, buf[32];

	bus_init(&bus, ENDIAN_BIG);
	CHECK(bus_map_ram(&bus, 0, 0x1000, "lo", &lo, NULL) == 0);
	CHECK(bus_map_ram(&bus, 0x1000, 0x1000, "hi", &hi, NULL) == 0);
	CHECK(bus_map_unimpl(&bus, 0x2000, 0x1000, "dev", 0, NULL) == 0);
	memset(buf, 0xab, sizeof(buf));
	/* Across two adjacent banks: allowed. */
	CHECK(dma_write(&bus, 0xff0, buf, 32) == 0);
	CHECK_EQ(hi[15], 0xab);
	/* Into device space, past the end, or wrapping: refused whole. */
	hi[0xff0] = 0;
	CHECK(dma_write(&bus, 0x1ff0, buf, 32) < 0);
	CHECK_EQ(hi[0xff0], 0);
	CHECK(dma_read(&bus, 0xfffffffffffffff0ull, buf, 32) < 0);
	CHECK(dma_read(&bus, 0x3000, buf, 1) < 0);
	CHECK(bus_host_ptr(&bus, 0xff0, 32, NULL) == NULL);
	CHECK(bus_host_ptr(&bus, 0xfe0, 32, NULL) == lo + 0xfe0);
	bus_destroy(&bus);
}

TEST_MAIN("bus", T(overlap_refused), T(ram_byte_orders),
	  T(mmio_split_and_swap), T(unassigned_policy), T(dma_bounds))
