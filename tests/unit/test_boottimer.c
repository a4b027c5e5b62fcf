/* The boot-timer pseudo-device: the magic value records wall and CPU
 * time and logs them; other writes are ignored; both byte orders. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tests/test.h"
#include "vmm/bus.h"
#include "vmm/clock.h"
#include "vmm/dev/boottimer.h"
#include "vmm/log.h"

#define BT_BASE 0x1f000000ull

static uint64_t cpu_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (uint64_t)ts.tv_sec * NS_PER_SEC + ts.tv_nsec;
}

/* Use this much CPU time, however long a loaded machine takes for it. */
static void burn_cpu(uint64_t ns)
{
	uint64_t end = cpu_now_ns() + ns;
	volatile uint64_t x = 0;

	while (cpu_now_ns() < end)
		x++;
}

static struct boottimer *bt_on_bus(struct bus *bus, enum endian en)
{
	struct boottimer *bt;
	struct err e;

	bus_init(bus, en);
	CHECK(boottimer_create(en, &bt, &e) == 0);
	CHECK(bus_map_mmio(bus, BT_BASE, BOOTTIMER_MMIO_SIZE,
			   boottimer_mmio_ops(bt), bt, &e) == 0);
	return bt;
}

static void magic_records_times(void)
{
	struct bus bus;
	struct boottimer *bt = bt_on_bus(&bus, ENDIAN_BIG);
	struct boottimer_mark m;
	uint64_t v = 99;

	CHECK(!boottimer_last(bt, &m));
	CHECK_EQ(m.count, 0);
	burn_cpu(30 * 1000000ull);
	CHECK_EQ(bus_write(&bus, BT_BASE, 4, BOOTTIMER_MAGIC), BUS_OK);
	CHECK(boottimer_last(bt, &m));
	CHECK_EQ(m.count, 1);
	CHECK(m.cpu_ns >= 30 * 1000000ull);
	/* One thread: CPU time cannot outrun wall time (slack for the
	 * clocks' granularity). */
	CHECK(m.wall_ns + 2 * 1000000ull >= m.cpu_ns);
	CHECK_EQ(bus_read(&bus, BT_BASE, 4, &v), BUS_OK);
	CHECK_EQ(v, 1);
	bus_destroy(&bus);
	boottimer_destroy(bt);
}

static void other_values_ignored(void)
{
	struct bus bus;
	struct boottimer *bt = bt_on_bus(&bus, ENDIAN_LITTLE);
	struct boottimer_mark m;

	CHECK_EQ(bus_write(&bus, BT_BASE, 4, 0), BUS_OK);
	CHECK_EQ(bus_write(&bus, BT_BASE, 4, 124), BUS_OK);
	CHECK_EQ(bus_write(&bus, BT_BASE, 4, (uint64_t)BOOTTIMER_MAGIC << 8),
		 BUS_OK);
	CHECK(!boottimer_last(bt, &m));
	bus_destroy(&bus);
	boottimer_destroy(bt);
}

/* A byte store and a word store both count, on either byte order; later
 * markers replace the earlier times; restart measures afresh. */
static void byte_and_word_markers(void)
{
	for (int en = 0; en < 2; en++) {
		struct bus bus;
		struct boottimer *bt = bt_on_bus(&bus, en ? ENDIAN_LITTLE
							 : ENDIAN_BIG);
		struct boottimer_mark m1, m2;
		uint64_t v;

		CHECK_EQ(bus_write(&bus, BT_BASE, 1, BOOTTIMER_MAGIC), BUS_OK);
		CHECK(boottimer_last(bt, &m1));
		burn_cpu(5 * 1000000ull);
		CHECK_EQ(bus_write(&bus, BT_BASE, 4, BOOTTIMER_MAGIC), BUS_OK);
		CHECK(boottimer_last(bt, &m2));
		CHECK_EQ(m2.count, 2);
		CHECK(m2.wall_ns > m1.wall_ns);
		CHECK_EQ(bus_read(&bus, BT_BASE, 4, &v), BUS_OK);
		CHECK_EQ(v, 2);
		boottimer_restart(bt);
		CHECK(!boottimer_last(bt, &m1));
		bus_destroy(&bus);
		boottimer_destroy(bt);
	}
}

static void marker_is_logged(void)
{
	char path[512], line[256] = "";
	struct bus bus;
	struct boottimer *bt;
	FILE *f;

	snprintf(path, sizeof(path), "%s/boottimer.log", test_tmpdir());
	CHECK(log_open_file(path) == 0);
	bt = bt_on_bus(&bus, ENDIAN_BIG);
	CHECK_EQ(bus_write(&bus, BT_BASE, 4, BOOTTIMER_MAGIC), BUS_OK);
	f = fopen(path, "r");
	CHECK(f);
	if (f) {
		CHECK(fgets(line, sizeof(line), f) != NULL);
		fclose(f);
	}
	CHECK_STR_CONTAINS(line, "boot-timer: guest reached marker after 0.");
	CHECK_STR_CONTAINS(line, " s wall, ");
	CHECK_STR_CONTAINS(line, " s cpu");
	bus_destroy(&bus);
	boottimer_destroy(bt);
}

TEST_MAIN("boottimer",
	  T(magic_records_times),
	  T(other_values_ignored),
	  T(byte_and_word_markers),
	  T(marker_is_logged))
