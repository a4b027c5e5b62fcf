/* MC through the bus: SYSID, MEMCFG for several RAM sizes decoded as
 * Linux's ip22-mc.c decodes them, the RAM layout rules, the RPSS counter
 * on the virtual clock, bus errors latching the CPU/GIO error registers
 * (and only real accesses doing so), SYSINIT, semaphores. */
#include "tests/unit/sgi_rig.h"

#include "boards/sgi/mc.h"

#define MC(reg) (IP22_MC_BASE + (reg) + 4)

static void sysid_and_defaults(void)
{
	struct sgi_rig r;

	CHECK(sgi_rig_create(&r, false, 0, NULL) == 0);
	CHECK_EQ(rd(&r, MC(MC_SYSID), 4), 0x13);	/* rev 3 + EISA bit */
	CHECK_EQ(rd(&r, IP22_MC_BASE + MC_SYSID, 8), 0x13);
	CHECK_EQ(rd(&r, IP22_MC_BASE + MC_SYSID, 4), 0);	/* upper half */
	CHECK_EQ(rd(&r, MC(MC_GIO64_ARB), 4), MC_GIO64_ARB_ONEBUS);
	CHECK_EQ(rd(&r, MC(MC_CPU_ERR_STAT), 4), 0);
	CHECK_EQ(rd(&r, MC(MC_GIO_ERR_STAT), 4), 0);
	wr(&r, MC(MC_CPUCTRL1), 4, 0x1d);
	CHECK_EQ(rd(&r, MC(MC_CPUCTRL1), 4), 0x1d);
	sgi_rig_destroy(&r);
	CHECK(sgi_rig_create(&r, true, 0, NULL) == 0);
	CHECK_EQ(rd(&r, MC(MC_GIO64_ARB), 4), 0);	/* two GIO buses */
	sgi_rig_destroy(&r);
}

/* Decode MEMCFG as Linux does for MC rev < 5 and compare with where
 * the board put RAM (it must answer there). */
static void check_memcfg(uint64_t mb, uint32_t cfg0, uint32_t cfg1)
{
	struct sgi_rig r;
	uint64_t total = 0;

	CHECK(sgi_rig_create(&r, false, mb << 20, NULL) == 0);
	CHECK_EQ(rd(&r, MC(MC_MEMCFG0), 4), cfg0);
	CHECK_EQ(rd(&r, MC(MC_MEMCFG1), 4), cfg1);
	for (int b = 0; b < 4; b++) {
		uint32_t c = (b < 2 ? cfg0 : cfg1) >> (b & 1 ? 0 : 16) & 0xffff;
		uint64_t base = (uint64_t)(c & 0xff) << 22;
		uint64_t size = (uint64_t)((c & 0x1f00) + 0x100) << 14;

		if (!(c & 0x2000))
			continue;
		total += size;
		wr(&r, base + size - 4, 4, 0x12345678 + b);
		CHECK_EQ(rd(&r, base + size - 4, 4), 0x12345678 + b);
	}
	CHECK_EQ(total, mb << 20);
	sgi_rig_destroy(&r);
}

static void memcfg_sizes(void)
{
	check_memcfg(64, 0x2f200000, 0);
	check_memcfg(24, 0x23202124, 0);		/* 16 + 8 */
	check_memcfg(256, 0x3f203f40, 0);		/* 2 x 128 */
	check_memcfg(384, 0x3f203f40, 0x3f800000);	/* + 128 high */
	check_memcfg(512, 0x3f203f40, 0x3f803fa0);
	check_memcfg(200, 0x3f202f40, 0x21500000);	/* 128+64+8 */
}

static void memory_errors(void)
{
	struct sgi_rig r;
	struct err e;
	uint64_t base[4], size[4];

	CHECK(ip22_ram_layout(100ull << 20, base, size, &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "100 MB cannot be built");
	CHECK(ip22_ram_layout(248ull << 20, base, size, &e) < 0); /* 5 banks */
	CHECK(ip22_ram_layout(1024ull << 20, base, size, &e) < 0);
	CHECK_EQ(ip22_ram_layout(120ull << 20, base, size, &e), 4);
	CHECK(sgi_rig_create(&r, true, 100ull << 20, &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "indigo2: memory = 100 MB");
	sgi_rig_destroy(&r);
}

/* The low 512 KB alias of bank 0 and the gap after it. */
static void low_alias(void)
{
	struct sgi_rig r;
	uint64_t v;

	CHECK(sgi_rig_create(&r, false, 0, NULL) == 0);
	wr(&r, 0x08001000, 4, 0x53435241);
	CHECK_EQ(rd(&r, 0x1000, 4), 0x53435241);
	CHECK(bus_read(&r.m.bus, 0x00080000, 4, &v) == BUS_ERROR);	/* Indy */
	sgi_rig_destroy(&r);
}

static void rpss_counter(void)
{
	struct sgi_rig r;
	uint32_t a, b;

	CHECK(sgi_rig_create(&r, false, 0, NULL) == 0);
	a = rd(&r, MC(MC_RPSS_COUNTER), 4);
	sgi_rig_advance(&r, 1000000);		/* 1 ms, divider 0x104 */
	b = rd(&r, MC(MC_RPSS_COUNTER), 4);
	CHECK(b - a >= 6665 && b - a <= 6668);	/* 33.3 MHz / 5 */
	wr(&r, MC(MC_RPSS_DIV), 4, 0x101);	/* Linux: inc 1, div 1 */
	a = rd(&r, MC(MC_RPSS_COUNTER), 4);
	CHECK(a - b <= 1);			/* no jump at the change */
	sgi_rig_advance(&r, 1000000);
	b = rd(&r, MC(MC_RPSS_COUNTER), 4);
	CHECK(b - a >= 16665 && b - a <= 16668);
	wr(&r, MC(MC_RPSS_DIV), 4, 0x0309);	/* IRIX: 10 MHz */
	a = rd(&r, MC(MC_RPSS_COUNTER), 4);
	sgi_rig_advance(&r, 1000000);
	b = rd(&r, MC(MC_RPSS_COUNTER), 4);
	CHECK(b - a >= 9999 && b - a <= 10002);
	sgi_rig_destroy(&r);
}

/* An empty GIO slot bus-errors and latches the GIO error registers; an
 * absent HPC3 #1 latches the CPU ones; later errors do not overwrite
 * until the status is cleared; valid accesses leave them alone. */
static void bus_errors(void)
{
	struct sgi_rig r;
	uint64_t v;

	CHECK(sgi_rig_create(&r, false, 0, NULL) == 0);
	rd(&r, MC(MC_SYSID), 4);
	rd(&r, 0x1fbd9858 + 3, 1);
	CHECK_EQ(rd(&r, MC(MC_GIO_ERR_STAT), 4), 0);
	CHECK(bus_read(&r.m.bus, 0x1f400000, 4, &v) == BUS_ERROR);
	CHECK_EQ(rd(&r, MC(MC_GIO_ERR_ADDR), 4), 0x1f400000);
	CHECK_EQ(rd(&r, MC(MC_GIO_ERR_STAT), 4), MC_GSTAT_TIME);
	CHECK(bus_read(&r.m.bus, 0x1f0f133c, 4, &v) == BUS_ERROR);
	CHECK_EQ(rd(&r, MC(MC_GIO_ERR_ADDR), 4), 0x1f400000);	/* held */
	wr(&r, MC(MC_GIO_ERR_STAT), 4, 0);
	CHECK_EQ(rd(&r, MC(MC_GIO_ERR_STAT), 4), 0);
	CHECK(bus_write(&r.m.bus, 0x1f600004, 4, 1) == BUS_ERROR);
	CHECK_EQ(rd(&r, MC(MC_GIO_ERR_ADDR), 4), 0x1f600004);
	CHECK(bus_read(&r.m.bus, 0x1fb02000, 4, &v) == BUS_ERROR);
	CHECK_EQ(rd(&r, MC(MC_CPU_ERR_ADDR), 4), 0x1fb02000);
	/* ADDR plus the byte lanes of a word at offset 0: lanes 7-4 */
	CHECK_EQ(rd(&r, MC(MC_CPU_ERR_STAT), 4), MC_CSTAT_ADDR | 0xf0);
	wr(&r, MC(MC_CPU_ERR_STAT), 4, 0);
	CHECK_EQ(rd(&r, MC(MC_CPU_ERR_STAT), 4), 0);
	/* MC registers only take word and doubleword accesses */
	CHECK(bus_read(&r.m.bus, MC(MC_SYSID), 1, &v) == BUS_ERROR);
	sgi_rig_destroy(&r);
}

static void sysinit_and_semaphores(void)
{
	struct sgi_rig r;

	CHECK(sgi_rig_create(&r, false, 0, NULL) == 0);
	CHECK_EQ(rd(&r, MC(MC_SYS_SEMA), 4), 0);
	CHECK_EQ(rd(&r, MC(MC_SYS_SEMA), 4), 1);	/* test-and-set */
	wr(&r, MC(MC_SYS_SEMA), 4, 0);
	CHECK_EQ(rd(&r, MC(MC_SYS_SEMA), 4), 0);
	CHECK_EQ(rd(&r, MC(MC_SEMAPHORES + 0x3000), 4), 0);
	CHECK_EQ(rd(&r, MC(MC_SEMAPHORES + 0x3000), 4), 1);
	CHECK_EQ(rd(&r, MC(MC_SEMAPHORES + 0x4000), 4), 0);
	CHECK_EQ(r.m.state, MACHINE_RUNNING);
	wr(&r, MC(MC_CPUCTRL0), 4, rd(&r, MC(MC_CPUCTRL0), 4) | 0x200);
	CHECK_EQ(r.m.state, MACHINE_RESET);
	CHECK(!(rd(&r, MC(MC_CPUCTRL0), 4) & 0x200));
	sgi_rig_destroy(&r);
}

TEST_MAIN("sgi_mc", T(sysid_and_defaults), T(memcfg_sizes), T(memory_errors),
	  T(low_alias), T(rpss_counter), T(bus_errors),
	  T(sysinit_and_semaphores))
