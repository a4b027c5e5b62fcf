/* MC146818 RTC through its index/data ports with a deterministic clock:
 * time against the host, BCD/binary/12-hour, UIP window as Linux Malta
 * measures it, SET and divider control, periodic/update/alarm
 * interrupts with register C clear-on-read, NVRAM. */
#include <string.h>
#include <time.h>

#include "tests/test.h"
#include "vmm/dev/mc146818.h"

#define MS 1000000ull

struct rig {
	struct vclock clock;
	uint64_t insns;
	struct mc146818 *r;
	int level;
	unsigned edges;
};

static uint64_t rig_icount(void *opaque)
{
	return *(uint64_t *)opaque;
}

static void rig_irq(void *opaque, int n, int level)
{
	struct rig *g = opaque;

	if (level && !g->level)
		g->edges++;
	g->level = level;
}

/* 2024-02-29 13:45:30 UTC, a Thursday. */
#define EPOCH 1709214330

static void rig_create_at(struct rig *g, int64_t epoch, bool ext)
{
	struct mc146818_config c = { .name = "rtc", .epoch = epoch,
				     .century_reg = RTC_PC_CENTURY,
				     .ext_bank = ext };

	*g = (struct rig){ 0 };
	vclock_init(&g->clock, true);
	g->clock.ns_per_insn = 1;
	g->clock.icount = rig_icount;
	g->clock.icount_opaque = &g->insns;
	c.clock = &g->clock;
	c.irq = irq_make(rig_irq, g, 8);
	CHECK(mc146818_create(&c, &g->r, NULL) == 0);
}

static void rig_create(struct rig *g)
{
	rig_create_at(g, EPOCH, false);
}

/* Set guest time to t ns, running due timers in order on the way. */
static void rig_goto(struct rig *g, uint64_t t)
{
	while (vclock_next_deadline(&g->clock) <= t) {
		g->insns = vclock_next_deadline(&g->clock);
		vclock_run_timers(&g->clock);
	}
	g->insns = t;
	vclock_run_timers(&g->clock);
}

static uint8_t cmos(struct rig *g, unsigned reg)
{
	mc146818_write(g->r, 0, reg);
	return mc146818_read(g->r, 1);
}

static void cmos_set(struct rig *g, unsigned reg, uint8_t v)
{
	mc146818_write(g->r, 0, reg);
	mc146818_write(g->r, 1, v);
}

static int bcd(uint8_t v)
{
	return (v >> 4) * 10 + (v & 15);
}

static void time_vs_host(void)
{
	struct rig g;
	struct tm tm = { 0 };
	time_t before = time(NULL), got;

	rig_create_at(&g, 0, false);
	tm.tm_sec = bcd(cmos(&g, RTC_SECONDS));
	tm.tm_min = bcd(cmos(&g, RTC_MINUTES));
	tm.tm_hour = bcd(cmos(&g, RTC_HOURS));
	tm.tm_mday = bcd(cmos(&g, RTC_DAY_OF_MONTH));
	tm.tm_mon = bcd(cmos(&g, RTC_MONTH)) - 1;
	tm.tm_year = bcd(cmos(&g, RTC_PC_CENTURY)) * 100 +
		     bcd(cmos(&g, RTC_YEAR)) - 1900;
	got = timegm(&tm);
	CHECK(got >= before && got <= time(NULL));
	CHECK_EQ(cmos(&g, RTC_DAY_OF_WEEK), tm.tm_wday + 1);
	mc146818_destroy(g.r);
}

static void data_modes(void)
{
	struct rig g;

	rig_create(&g);
	CHECK_EQ(cmos(&g, RTC_REG_A), 0x26);
	CHECK_EQ(cmos(&g, RTC_REG_B), 0x02);
	CHECK_EQ(cmos(&g, RTC_REG_D), 0x80);
	CHECK_EQ(cmos(&g, RTC_SECONDS), 0x30);
	CHECK_EQ(cmos(&g, RTC_MINUTES), 0x45);
	CHECK_EQ(cmos(&g, RTC_HOURS), 0x13);
	CHECK_EQ(cmos(&g, RTC_DAY_OF_WEEK), 5);
	CHECK_EQ(cmos(&g, RTC_DAY_OF_MONTH), 0x29);
	CHECK_EQ(cmos(&g, RTC_MONTH), 0x02);
	CHECK_EQ(cmos(&g, RTC_YEAR), 0x24);
	CHECK_EQ(cmos(&g, RTC_PC_CENTURY), 0x20);
	/* Like the chip, a mode change reinterprets the bytes... */
	cmos_set(&g, RTC_REG_B, 0x06);			/* binary */
	CHECK_EQ(cmos(&g, RTC_SECONDS), 0x30);
	/* ...so software sets the time again in the new mode. */
	cmos_set(&g, RTC_REG_B, 0x86);
	cmos_set(&g, RTC_SECONDS, 58);
	cmos_set(&g, RTC_MINUTES, 59);
	cmos_set(&g, RTC_HOURS, 23);
	cmos_set(&g, RTC_DAY_OF_MONTH, 29);
	cmos_set(&g, RTC_MONTH, 2);
	cmos_set(&g, RTC_YEAR, 24);
	cmos_set(&g, RTC_PC_CENTURY, 20);
	cmos_set(&g, RTC_REG_B, 0x06);
	rig_goto(&g, 2 * NS_PER_SEC);
	CHECK_EQ(cmos(&g, RTC_SECONDS), 0);
	CHECK_EQ(cmos(&g, RTC_MINUTES), 0);
	CHECK_EQ(cmos(&g, RTC_HOURS), 0);
	CHECK_EQ(cmos(&g, RTC_DAY_OF_MONTH), 0x01);	/* March 1st */
	CHECK_EQ(cmos(&g, RTC_MONTH), 0x03);
	CHECK_EQ(cmos(&g, RTC_DAY_OF_WEEK), 6);
	/* 12-hour BCD: 11:59:59 AM, then noon is 12 PM. */
	cmos_set(&g, RTC_REG_B, 0x80);
	cmos_set(&g, RTC_HOURS, 0x11);
	cmos_set(&g, RTC_MINUTES, 0x59);
	cmos_set(&g, RTC_SECONDS, 0x59);
	cmos_set(&g, RTC_DAY_OF_MONTH, 0x01);
	cmos_set(&g, RTC_MONTH, 0x03);
	cmos_set(&g, RTC_YEAR, 0x24);
	cmos_set(&g, RTC_PC_CENTURY, 0x20);
	cmos_set(&g, RTC_REG_B, 0x00);
	rig_goto(&g, 3 * NS_PER_SEC);
	CHECK_EQ(cmos(&g, RTC_HOURS), 0x92);
	CHECK_EQ(cmos(&g, RTC_SECONDS), 0x00);
	/* Bytes no clock has read back as written until the update. */
	cmos_set(&g, RTC_SECONDS, 0x5a);
	CHECK_EQ(cmos(&g, RTC_SECONDS), 0x5a);
	mc146818_destroy(g.r);
}

static void advances_and_rolls_over(void)
{
	struct rig g;

	rig_create(&g);
	rig_goto(&g, NS_PER_SEC - 1);
	CHECK_EQ(cmos(&g, RTC_SECONDS), 0x30);
	rig_goto(&g, NS_PER_SEC);
	CHECK_EQ(cmos(&g, RTC_SECONDS), 0x31);
	rig_goto(&g, 3600 * NS_PER_SEC);
	CHECK_EQ(cmos(&g, RTC_HOURS), 0x14);
	CHECK_EQ(cmos(&g, RTC_SECONDS), 0x30);

	/* Set 1999-12-31 23:59:59 (Friday) the way Linux does. */
	cmos_set(&g, RTC_REG_B, 0x82);
	cmos_set(&g, RTC_SECONDS, 0x59);
	cmos_set(&g, RTC_MINUTES, 0x59);
	cmos_set(&g, RTC_HOURS, 0x23);
	cmos_set(&g, RTC_DAY_OF_MONTH, 0x31);
	cmos_set(&g, RTC_MONTH, 0x12);
	cmos_set(&g, RTC_YEAR, 0x99);
	cmos_set(&g, RTC_PC_CENTURY, 0x19);
	cmos_set(&g, RTC_DAY_OF_WEEK, 6);
	cmos_set(&g, RTC_REG_B, 0x02);
	CHECK_EQ(cmos(&g, RTC_YEAR), 0x99);
	rig_goto(&g, 3601 * NS_PER_SEC);
	CHECK_EQ(cmos(&g, RTC_SECONDS), 0x00);
	CHECK_EQ(cmos(&g, RTC_MINUTES), 0x00);
	CHECK_EQ(cmos(&g, RTC_HOURS), 0x00);
	CHECK_EQ(cmos(&g, RTC_DAY_OF_MONTH), 0x01);
	CHECK_EQ(cmos(&g, RTC_MONTH), 0x01);
	CHECK_EQ(cmos(&g, RTC_YEAR), 0x00);
	CHECK_EQ(cmos(&g, RTC_PC_CENTURY), 0x20);
	CHECK_EQ(cmos(&g, RTC_DAY_OF_WEEK), 7);
	mc146818_destroy(g.r);
}

/* UIP is up exactly for the 244 us before each update. */
static void uip_window(void)
{
	struct rig g;
	uint64_t upd = 5 * NS_PER_SEC, w = 8 * NS_PER_SEC / 32768;

	rig_create(&g);
	rig_goto(&g, upd - w - 1);
	CHECK_EQ(cmos(&g, RTC_REG_A) & 0x80, 0);
	rig_goto(&g, upd - w);
	CHECK_EQ(cmos(&g, RTC_REG_A) & 0x80, 0x80);
	CHECK_EQ(cmos(&g, RTC_SECONDS), 0x34);
	rig_goto(&g, upd - 1);
	CHECK_EQ(cmos(&g, RTC_REG_A) & 0x80, 0x80);
	rig_goto(&g, upd);
	CHECK_EQ(cmos(&g, RTC_REG_A) & 0x80, 0);
	CHECK_EQ(cmos(&g, RTC_SECONDS), 0x35);
	/* SET inhibits updates and clears UIP. */
	rig_goto(&g, 2 * upd - w / 2);
	cmos_set(&g, RTC_REG_B, 0x82);
	CHECK_EQ(cmos(&g, RTC_REG_A) & 0x80, 0);
	mc146818_destroy(g.r);
}

/* Linux Malta's estimate_frequencies(): count "CPU cycles" between two
 * UIP rising edges while polling register A. */
static void linux_malta_calibration(void)
{
	struct rig g;
	uint64_t start, count;
	uint8_t s1, s2;

	rig_create(&g);
	g.insns = 123456789;	/* somewhere inside a second */
#define POLL_A() (g.insns += 377, cmos(&g, RTC_REG_A) & 0x80)
	while (POLL_A())
		;
	while (!POLL_A())
		;
	start = g.insns;
	while (POLL_A())
		;
	s1 = cmos(&g, RTC_SECONDS);
	while (!POLL_A())
		;
	count = g.insns - start;
	while (POLL_A())
		;
	s2 = cmos(&g, RTC_SECONDS);
#undef POLL_A
	CHECK(count >= NS_PER_SEC - 377 && count <= NS_PER_SEC + 377);
	CHECK_EQ(bcd(s2) - bcd(s1), 1);
	mc146818_destroy(g.r);
}

static void set_bit_freezes(void)
{
	struct rig g;

	rig_create(&g);
	rig_goto(&g, 300 * MS);
	cmos_set(&g, RTC_REG_B, 0x82);
	rig_goto(&g, 3300 * MS);
	CHECK_EQ(cmos(&g, RTC_SECONDS), 0x30);
	cmos_set(&g, RTC_SECONDS, 0x10);
	cmos_set(&g, RTC_REG_B, 0x02);
	/* The chain kept its phase: the next update is at 4 s. */
	rig_goto(&g, 4000 * MS - 1);
	CHECK_EQ(cmos(&g, RTC_SECONDS), 0x10);
	rig_goto(&g, 4000 * MS);
	CHECK_EQ(cmos(&g, RTC_SECONDS), 0x11);
	/* Writing while running keeps counting from the new value. */
	cmos_set(&g, RTC_MINUTES, 0x00);
	rig_goto(&g, 5000 * MS);
	CHECK_EQ(cmos(&g, RTC_MINUTES), 0x00);
	CHECK_EQ(cmos(&g, RTC_SECONDS), 0x12);
	mc146818_destroy(g.r);
}

static void divider_control(void)
{
	struct rig g;

	rig_create(&g);
	cmos_set(&g, RTC_REG_A, 0x70);		/* chain in reset */
	rig_goto(&g, 10 * NS_PER_SEC);
	CHECK_EQ(cmos(&g, RTC_SECONDS), 0x30);
	CHECK_EQ(cmos(&g, RTC_REG_A) & 0x80, 0);
	rig_goto(&g, 10 * NS_PER_SEC + 123 * MS);
	cmos_set(&g, RTC_REG_A, 0x20);		/* Linux Malta's init_rtc */
	rig_goto(&g, 10 * NS_PER_SEC + 623 * MS - 1);
	CHECK_EQ(cmos(&g, RTC_SECONDS), 0x30);
	rig_goto(&g, 10 * NS_PER_SEC + 623 * MS);
	CHECK_EQ(cmos(&g, RTC_SECONDS), 0x31);
	/* Oscillator off (DV 000 on a PIIX4/DS12887) stops it too. */
	cmos_set(&g, RTC_REG_A, 0x00);
	rig_goto(&g, 20 * NS_PER_SEC);
	CHECK_EQ(cmos(&g, RTC_SECONDS), 0x31);
	CHECK_EQ(cmos(&g, RTC_REG_A), 0x00);
	mc146818_destroy(g.r);
}

/* Count interrupts over `secs`, the ISR reading C each time. */
static unsigned count_irqs(struct rig *g, uint64_t from, uint64_t to,
			   uint8_t expect_c)
{
	unsigned n = 0;

	g->insns = from;
	while (vclock_next_deadline(&g->clock) <= to) {
		g->insns = vclock_next_deadline(&g->clock);
		vclock_run_timers(&g->clock);
		if (g->level) {
			uint8_t c = cmos(g, RTC_REG_C);

			CHECK_EQ(c & expect_c, expect_c);
			CHECK(g->level == 0);
			n++;
		}
	}
	g->insns = to;
	return n;
}

static void periodic_rates(void)
{
	struct rig g;

	rig_create(&g);
	(void)cmos(&g, RTC_REG_C);
	cmos_set(&g, RTC_REG_B, 0x42);		/* PIE */
	CHECK_EQ(count_irqs(&g, 0, NS_PER_SEC, 0xc0), 1024);
	cmos_set(&g, RTC_REG_A, 0x2f);		/* 500 ms */
	CHECK_EQ(count_irqs(&g, NS_PER_SEC, 11 * NS_PER_SEC, 0xc0), 20);
	cmos_set(&g, RTC_REG_A, 0x23);		/* 8192 Hz */
	CHECK_EQ(count_irqs(&g, 11 * NS_PER_SEC, 12 * NS_PER_SEC, 0xc0),
		 8192);
	cmos_set(&g, RTC_REG_A, 0x21);		/* RS 1 = 256 Hz */
	CHECK_EQ(count_irqs(&g, 12 * NS_PER_SEC, 13 * NS_PER_SEC, 0xc0),
		 256);
	cmos_set(&g, RTC_REG_A, 0x20);		/* off */
	CHECK_EQ(count_irqs(&g, 13 * NS_PER_SEC, 14 * NS_PER_SEC, 0), 0);
	mc146818_destroy(g.r);
}

static void register_c(void)
{
	struct rig g;

	rig_create(&g);
	rig_goto(&g, 1500 * MS);
	/* Flags rise without their enables, IRQF only with them. */
	CHECK_EQ(cmos(&g, RTC_REG_C), 0x50);	/* PF, UF */
	CHECK_EQ(cmos(&g, RTC_REG_C), 0x00);
	CHECK_EQ(g.level, 0);
	cmos_set(&g, RTC_REG_B, 0x12);		/* UIE */
	rig_goto(&g, 2000 * MS - 1);
	CHECK_EQ(g.level, 0);
	rig_goto(&g, 2000 * MS);
	CHECK_EQ(g.level, 1);
	CHECK_EQ(cmos(&g, RTC_REG_C) & 0xf0, 0xd0);
	CHECK_EQ(g.level, 0);
	CHECK_EQ(cmos(&g, RTC_REG_C), 0x00);
	/* Not read: the line stays up, no timer needed meanwhile. */
	rig_goto(&g, 10 * NS_PER_SEC);
	CHECK_EQ(g.level, 1);
	CHECK_EQ(g.edges, 2);
	CHECK_EQ(vclock_next_deadline(&g.clock), VCLOCK_NEVER);
	/* Reset clears enables and flags. */
	mc146818_reset(g.r);
	CHECK_EQ(g.level, 0);
	CHECK_EQ(cmos(&g, RTC_REG_B), 0x02);
	CHECK_EQ(cmos(&g, RTC_REG_C), 0x00);
	/* Enabling PIE with PF already up raises IRQ at once. */
	rig_goto(&g, 11 * NS_PER_SEC);
	cmos_set(&g, RTC_REG_B, 0x42);
	CHECK_EQ(g.level, 1);
	mc146818_destroy(g.r);
}

static void alarm(void)
{
	struct rig g;

	rig_create(&g);
	/* Any hour, any minute, second 35: five seconds from now. */
	cmos_set(&g, RTC_SECONDS_ALARM, 0x35);
	cmos_set(&g, RTC_MINUTES_ALARM, 0xc0);
	cmos_set(&g, RTC_HOURS_ALARM, 0xff);
	(void)cmos(&g, RTC_REG_C);
	cmos_set(&g, RTC_REG_B, 0x22);		/* AIE */
	rig_goto(&g, 5 * NS_PER_SEC - 1);
	CHECK_EQ(g.level, 0);
	rig_goto(&g, 5 * NS_PER_SEC);
	CHECK_EQ(g.level, 1);
	CHECK_EQ(cmos(&g, RTC_REG_C) & 0xa0, 0xa0);
	/* Next match a minute later. */
	rig_goto(&g, 64 * NS_PER_SEC);
	CHECK_EQ(g.level, 0);
	rig_goto(&g, 65 * NS_PER_SEC);
	CHECK_EQ(g.level, 1);
	(void)cmos(&g, RTC_REG_C);
	/* A full time, 12-hour BCD: 2:00:00 PM is 1:14:30 from 13:45:30
	 * plus the 65 s gone. */
	cmos_set(&g, RTC_REG_B, 0x20);
	cmos_set(&g, RTC_HOURS_ALARM, 0x82);
	cmos_set(&g, RTC_MINUTES_ALARM, 0x00);
	cmos_set(&g, RTC_SECONDS_ALARM, 0x00);
	rig_goto(&g, (65 + 14 * 60 + 30 - 65) * NS_PER_SEC - 1);
	CHECK_EQ(g.level, 0);
	rig_goto(&g, (14 * 60 + 30) * NS_PER_SEC);
	CHECK_EQ(g.level, 1);
	CHECK_EQ(cmos(&g, RTC_HOURS), 0x82);
	(void)cmos(&g, RTC_REG_C);
	/* An alarm no time matches never fires (and arms nothing). */
	cmos_set(&g, RTC_SECONDS_ALARM, 0x61);
	rig_goto(&g, 2 * 86400 * NS_PER_SEC);
	CHECK_EQ(g.level, 0);
	CHECK_EQ(cmos(&g, RTC_REG_C) & 0x20, 0);
	mc146818_destroy(g.r);
}

/* Flags folded in lazily over a long unread stretch. */
static void alarm_flag_without_irq(void)
{
	struct rig g;

	rig_create(&g);
	cmos_set(&g, RTC_HOURS_ALARM, 0x03);
	cmos_set(&g, RTC_MINUTES_ALARM, 0x00);
	cmos_set(&g, RTC_SECONDS_ALARM, 0x00);
	(void)cmos(&g, RTC_REG_C);
	rig_goto(&g, 3600 * NS_PER_SEC);
	CHECK_EQ(cmos(&g, RTC_REG_C) & 0x20, 0);
	rig_goto(&g, 20 * 3600 * NS_PER_SEC);
	CHECK_EQ(cmos(&g, RTC_REG_C) & 0x20, 0x20);
	CHECK_EQ(g.level, 0);
	mc146818_destroy(g.r);
}

static void nvram(void)
{
	struct rig g;

	rig_create_at(&g, EPOCH, true);
	for (unsigned i = MC146818_NVRAM_FIRST; i < 128; i++)
		if (i != RTC_PC_CENTURY)
			cmos_set(&g, i, i ^ 0xa5);
	for (unsigned i = 0; i < 128; i++) {
		mc146818_write(g.r, 2, i);
		mc146818_write(g.r, 3, i ^ 0x3c);
	}
	mc146818_reset(g.r);
	for (unsigned i = MC146818_NVRAM_FIRST; i < 128; i++)
		if (i != RTC_PC_CENTURY)
			CHECK_EQ(cmos(&g, i), i ^ 0xa5);
	for (unsigned i = 0; i < 128; i++) {
		mc146818_write(g.r, 2, i);
		CHECK_EQ(mc146818_read(g.r, 3), i ^ 0x3c);
	}
	CHECK_EQ(mc146818_cmos_read(g.r, 0x85), 0x85 ^ 0x3c ^ 0x80);
	/* The NMI bit of the index port is not part of the address. */
	mc146818_write(g.r, 0, 0x80 | 0x20);
	CHECK_EQ(mc146818_read(g.r, 1), 0x20 ^ 0xa5);
	CHECK_EQ(mc146818_mmio_size(g.r), 4);
	mc146818_destroy(g.r);

	rig_create(&g);
	mc146818_write(g.r, 2, 5);
	mc146818_write(g.r, 3, 5);
	CHECK_EQ(mc146818_read(g.r, 3), 0xff);
	CHECK_EQ(mc146818_cmos_read(g.r, 0x90), 0xff);
	CHECK_EQ(mc146818_mmio_size(g.r), 2);
	mc146818_destroy(g.r);
}

static void bad_config(void)
{
	struct mc146818_config c = { .name = "rtc", .century_reg = 5 };
	struct vclock clk;
	struct mc146818 *r;
	struct err e;

	CHECK(mc146818_create(&c, &r, &e) < 0);
	vclock_init(&clk, true);
	c.clock = &clk;
	CHECK(mc146818_create(&c, &r, &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "century");
	c.century_reg = -1;
	CHECK(mc146818_create(&c, &r, &e) == 0);
	mc146818_destroy(r);
}

static void garbage_writes(void)
{
	struct rig g;
	uint32_t x = 7;

	rig_create(&g);
	for (int i = 0; i < 100000; i++) {
		x = x * 1103515245 + 12345;
		switch ((x >> 16) & 3) {
		case 0:
			cmos_set(&g, (x >> 18) & 0x0f, x >> 24);
			break;
		case 1:
			(void)cmos(&g, (x >> 18) & 0x7f);
			break;
		case 2:
			mc146818_write(g.r, x >> 20, x >> 24);
			break;
		default:
			rig_goto(&g, g.insns + ((x >> 4) & 0xffffff));
			break;
		}
	}
	mc146818_destroy(g.r);
}

TEST_MAIN("mc146818", T(time_vs_host), T(data_modes),
	  T(advances_and_rolls_over), T(uip_window),
	  T(linux_malta_calibration), T(set_bit_freezes), T(divider_control),
	  T(periodic_rates), T(register_c), T(alarm),
	  T(alarm_flag_without_irq), T(nvram), T(bad_config),
	  T(garbage_writes))
