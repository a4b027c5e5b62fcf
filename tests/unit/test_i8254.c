/* i8254 through its ports with a deterministic clock: output timing of
 * modes 0-5, gates, latch and read-back commands, access modes, BCD,
 * Linux's periodic and one-shot clockevent programming. */
#include <string.h>

#include "tests/test.h"
#include "vmm/dev/i8254.h"

#define US 1000ull

struct line {
	int level;
	unsigned rises;
	uint64_t last_rise;	/* guest ns */
	uint64_t *now;
};

struct rig {
	struct vclock clock;
	uint64_t insns;		/* = guest ns */
	struct i8254 *p;
	struct line out[3];
};

static uint64_t rig_icount(void *opaque)
{
	return *(uint64_t *)opaque;
}

static void line_set(void *opaque, int n, int level)
{
	struct line *l = opaque;

	if (level && !l->level) {
		l->rises++;
		l->last_rise = *l->now;
	}
	l->level = level;
}

/* A 1 MHz input clock: one tick per microsecond. */
static void rig_create_hz(struct rig *g, uint64_t hz, bool wired)
{
	struct i8254_config c = { .name = "pit", .clock_hz = hz };

	memset(g, 0, sizeof(*g));
	vclock_init(&g->clock, true);
	g->clock.ns_per_insn = 1;
	g->clock.icount = rig_icount;
	g->clock.icount_opaque = &g->insns;
	c.clock = &g->clock;
	for (int i = 0; i < 3; i++) {
		g->out[i].now = &g->insns;
		if (wired)
			c.out[i] = irq_make(line_set, &g->out[i], i);
	}
	CHECK(i8254_create(&c, &g->p, NULL) == 0);
}

static void rig_create(struct rig *g)
{
	rig_create_hz(g, 1000000, true);
}

static void rig_goto(struct rig *g, uint64_t t)
{
	while (vclock_next_deadline(&g->clock) <= t) {
		g->insns = vclock_next_deadline(&g->clock);
		vclock_run_timers(&g->clock);
	}
	g->insns = t;
}

/* After a control word OUT is high in modes 1-5; counting rises from
 * here on. */
static void ctrl(struct rig *g, uint8_t v)
{
	i8254_write(g->p, 3, v);
	if ((v >> 6) < 3 && (v & 0x30))
		g->out[v >> 6].rises = 0;
}

static void count16(struct rig *g, int ch, uint16_t v)
{
	i8254_write(g->p, ch, v & 0xff);
	i8254_write(g->p, ch, v >> 8);
}

/* LSB then MSB. */
static uint16_t read16(struct rig *g, int ch)
{
	uint16_t v = i8254_read(g->p, ch);

	return v | i8254_read(g->p, ch) << 8;
}

/* Latch, then read LSB and MSB, as Linux's i8253 clocksource does. */
static uint16_t read_latched(struct rig *g, int ch)
{
	ctrl(g, ch << 6);
	return read16(g, ch);
}

static void mode0_terminal_count(void)
{
	struct rig g;

	rig_create(&g);
	ctrl(&g, 0x30);
	CHECK_EQ(i8254_get_out(g.p, 0), 0);
	count16(&g, 0, 100);
	/* Loaded on the next clock (tick 1), out high 100 ticks later. */
	rig_goto(&g, 1 * US);
	CHECK_EQ(read_latched(&g, 0), 100);
	rig_goto(&g, 51 * US);
	CHECK_EQ(read_latched(&g, 0), 50);
	rig_goto(&g, 101 * US - 1);
	CHECK_EQ(g.out[0].level, 0);
	CHECK_EQ(i8254_get_out(g.p, 0), 0);
	rig_goto(&g, 101 * US);
	CHECK_EQ(g.out[0].level, 1);
	CHECK_EQ(g.out[0].last_rise, 101 * US);
	/* The count wraps and keeps going; OUT stays high. */
	rig_goto(&g, 102 * US);
	CHECK_EQ(read_latched(&g, 0), 0xffff);
	rig_goto(&g, 1000 * US);
	CHECK_EQ(g.out[0].rises, 1);
	/* A new count: the first byte drops OUT at once. */
	i8254_write(g.p, 0, 10);
	CHECK_EQ(g.out[0].level, 0);
	i8254_write(g.p, 0, 0);
	rig_goto(&g, 1011 * US);
	CHECK_EQ(g.out[0].rises, 2);
	i8254_destroy(g.p);
}

static void mode2_rate_generator(void)
{
	struct rig g;

	rig_create(&g);
	ctrl(&g, 0x34);
	count16(&g, 0, 100);
	CHECK_EQ(g.out[0].level, 1);
	/* OUT low for the tick where the count is 1, every 100 ticks. */
	rig_goto(&g, 100 * US);
	CHECK_EQ(i8254_get_out(g.p, 0), 0);
	CHECK_EQ(read_latched(&g, 0), 1);
	rig_goto(&g, 101 * US);
	CHECK_EQ(i8254_get_out(g.p, 0), 1);
	CHECK_EQ(read_latched(&g, 0), 100);
	CHECK_EQ(g.out[0].rises, 1);
	CHECK_EQ(g.out[0].last_rise, 101 * US);
	rig_goto(&g, 1001 * US);
	CHECK_EQ(g.out[0].rises, 10);
	CHECK_EQ(g.out[0].last_rise, 1001 * US);
	/* A new count takes effect when the current period ends. */
	count16(&g, 0, 50);
	rig_goto(&g, 1050 * US);
	CHECK_EQ(read_latched(&g, 0), 51);
	rig_goto(&g, 1101 * US);
	CHECK_EQ(g.out[0].rises, 11);
	CHECK_EQ(g.out[0].last_rise, 1101 * US);
	rig_goto(&g, 1151 * US);
	CHECK_EQ(g.out[0].rises, 12);
	i8254_destroy(g.p);
}

static void mode3_square_wave(void)
{
	struct rig g;

	rig_create(&g);
	ctrl(&g, 0x36);
	count16(&g, 0, 100);
	rig_goto(&g, 50 * US);
	CHECK_EQ(g.out[0].level, 1);
	rig_goto(&g, 51 * US);
	CHECK_EQ(g.out[0].level, 0);
	CHECK_EQ(i8254_get_out(g.p, 0), 0);
	rig_goto(&g, 101 * US);
	CHECK_EQ(g.out[0].level, 1);
	CHECK_EQ(g.out[0].rises, 1);
	rig_goto(&g, 10001 * US);
	CHECK_EQ(g.out[0].rises, 100);
	/* Odd count: high one tick longer than low. */
	ctrl(&g, 0x36);
	count16(&g, 0, 5);
	rig_goto(&g, 10002 * US + 2 * US);
	CHECK_EQ(i8254_get_out(g.p, 0), 1);
	rig_goto(&g, 10002 * US + 3 * US);
	CHECK_EQ(i8254_get_out(g.p, 0), 0);
	rig_goto(&g, 10002 * US + 4 * US);
	CHECK_EQ(i8254_get_out(g.p, 0), 0);
	rig_goto(&g, 10002 * US + 5 * US);
	CHECK_EQ(i8254_get_out(g.p, 0), 1);
	i8254_destroy(g.p);
}

/* Linux's one-shot clockevent: mode 4, one pulse per programmed delta. */
static void mode4_strobe(void)
{
	struct rig g;

	rig_create(&g);
	ctrl(&g, 0x38);
	count16(&g, 0, 30);
	rig_goto(&g, 31 * US);
	CHECK_EQ(i8254_get_out(g.p, 0), 0);	/* count reached 0 */
	CHECK_EQ(g.out[0].rises, 0);
	rig_goto(&g, 32 * US);
	CHECK_EQ(g.out[0].rises, 1);
	CHECK_EQ(g.out[0].level, 1);
	rig_goto(&g, 10000 * US);
	CHECK_EQ(g.out[0].rises, 1);		/* once */
	count16(&g, 0, 7);
	rig_goto(&g, 10009 * US);
	CHECK_EQ(g.out[0].rises, 2);
	CHECK_EQ(g.out[0].last_rise, 10009 * US);
	i8254_destroy(g.p);
}

static void gate_triggered_modes(void)
{
	struct rig g;

	rig_create(&g);
	i8254_set_gate(g.p, 2, false);
	ctrl(&g, 0xb2);				/* counter 2, mode 1 */
	count16(&g, 2, 20);
	rig_goto(&g, 100 * US);
	CHECK_EQ(g.out[2].level, 1);		/* waits for a trigger */
	i8254_set_gate(g.p, 2, true);
	rig_goto(&g, 101 * US);
	CHECK_EQ(g.out[2].level, 0);
	rig_goto(&g, 111 * US);
	/* Retrigger in the middle restarts the full count. */
	i8254_set_gate(g.p, 2, false);
	i8254_set_gate(g.p, 2, true);
	rig_goto(&g, 131 * US);
	CHECK_EQ(g.out[2].level, 0);
	rig_goto(&g, 132 * US);
	CHECK_EQ(g.out[2].level, 1);
	CHECK_EQ(g.out[2].rises, 1);

	ctrl(&g, 0xba);				/* counter 2, mode 5 */
	count16(&g, 2, 10);
	i8254_set_gate(g.p, 2, false);
	rig_goto(&g, 200 * US);
	i8254_set_gate(g.p, 2, true);
	rig_goto(&g, 211 * US);
	CHECK_EQ(i8254_get_out(g.p, 2), 0);
	rig_goto(&g, 212 * US);
	CHECK_EQ(g.out[2].rises, 1);
	i8254_destroy(g.p);
}

static void gate_holds_counting(void)
{
	struct rig g;

	rig_create(&g);
	/* Mode 2: gate low stops it with OUT high; rising reloads. */
	ctrl(&g, 0x34);
	count16(&g, 0, 100);
	rig_goto(&g, 51 * US);
	i8254_set_gate(g.p, 0, false);
	rig_goto(&g, 500 * US);
	CHECK_EQ(g.out[0].rises, 0);
	CHECK_EQ(g.out[0].level, 1);
	i8254_set_gate(g.p, 0, true);
	rig_goto(&g, 600 * US);
	CHECK_EQ(g.out[0].rises, 0);
	rig_goto(&g, 601 * US);
	CHECK_EQ(g.out[0].rises, 1);

	/* Mode 0: gate low suspends the count. */
	ctrl(&g, 0x30);
	count16(&g, 0, 100);			/* loads at 602 */
	rig_goto(&g, 652 * US);
	i8254_set_gate(g.p, 0, false);
	rig_goto(&g, 900 * US);
	CHECK_EQ(read_latched(&g, 0), 50);
	i8254_set_gate(g.p, 0, true);
	rig_goto(&g, 949 * US);
	CHECK_EQ(g.out[0].level, 0);
	rig_goto(&g, 950 * US);
	CHECK_EQ(g.out[0].level, 1);
	i8254_destroy(g.p);
}

static void latch_and_readback(void)
{
	struct rig g;
	uint8_t st;

	rig_create(&g);
	ctrl(&g, 0x74);				/* counter 1, mode 2 */
	/* Before the count: NULL COUNT, OUT high, mode bits. */
	ctrl(&g, 0xe4);				/* read-back status, cnt 1 */
	CHECK_EQ(i8254_read(g.p, 1), 0xc0 | 0x34);
	count16(&g, 1, 1000);
	ctrl(&g, 0xe4);
	CHECK_EQ(i8254_read(g.p, 1), 0xc0 | 0x34);	/* not loaded yet */
	rig_goto(&g, 1 * US);
	ctrl(&g, 0xe4);
	CHECK_EQ(i8254_read(g.p, 1), 0x80 | 0x34);
	rig_goto(&g, 101 * US);
	/* Latch, let time pass: the latched value stays. A second latch
	 * before reading is ignored. */
	ctrl(&g, 0x40);
	rig_goto(&g, 301 * US);
	ctrl(&g, 0x40);
	CHECK_EQ(i8254_read(g.p, 1), 900 & 0xff);
	CHECK_EQ(i8254_read(g.p, 1), 900 >> 8);
	/* Unlatched reads follow the clock. */
	CHECK_EQ(read16(&g, 1), 700);
	/* Read-back of count and status together: status first, both
	 * as of the command. */
	ctrl(&g, 0xc4);
	rig_goto(&g, 311 * US);
	st = i8254_read(g.p, 1);
	CHECK_EQ(st, 0x80 | 0x34);
	CHECK_EQ(read16(&g, 1), 700);
	/* Read-back of several counters' counts. */
	ctrl(&g, 0x30);
	count16(&g, 0, 5000);
	rig_goto(&g, 321 * US);
	ctrl(&g, 0xd6);				/* counts of 0 and 1 */
	rig_goto(&g, 400 * US);
	CHECK_EQ(read16(&g, 0), 4991);
	CHECK_EQ(read16(&g, 1), 680);
	CHECK_EQ(i8254_read(g.p, 3), 0xff);
	i8254_destroy(g.p);
}

static void access_modes_and_bcd(void)
{
	struct rig g;

	rig_create(&g);
	ctrl(&g, 0x10);				/* LSB only, mode 0 */
	i8254_write(g.p, 0, 200);
	rig_goto(&g, 51 * US);
	CHECK_EQ(i8254_read(g.p, 0), 150);
	CHECK_EQ(i8254_read(g.p, 0), 150);
	ctrl(&g, 0x20);				/* MSB only */
	i8254_write(g.p, 0, 2);			/* 512 */
	rig_goto(&g, 52 * US + 256 * US);
	CHECK_EQ(i8254_read(g.p, 0), 1);
	ctrl(&g, 0x31);				/* BCD, mode 0 */
	count16(&g, 0, 0x1000);
	rig_goto(&g, 400 * US);
	CHECK_EQ(read_latched(&g, 0), 0x0909);	/* 1000 - 91 */
	ctrl(&g, 0x31);
	count16(&g, 0, 0x0000);			/* 10000 in BCD */
	rig_goto(&g, 402 * US);
	CHECK_EQ(read_latched(&g, 0), 0x9999);
	/* Junk BCD digits neither crash nor escape 0..9999. */
	ctrl(&g, 0x35);
	count16(&g, 0, 0xffff);
	rig_goto(&g, 10000 * US);
	CHECK(read_latched(&g, 0) <= 0x9999);
	i8254_destroy(g.p);
}

/* Linux's periodic clockevent at HZ=100 on the PC clock. */
static void linux_periodic_hz100(void)
{
	struct rig g;

	rig_create_hz(&g, I8254_PC_CLOCK_HZ, true);
	ctrl(&g, 0x34);
	count16(&g, 0, (I8254_PC_CLOCK_HZ + 50) / 100);
	rig_goto(&g, NS_PER_SEC);
	CHECK_EQ(g.out[0].rises, 99);		/* 10.0003 ms each */
	rig_goto(&g, 10 * NS_PER_SEC);
	CHECK(g.out[0].rises >= 999 && g.out[0].rises <= 1000);
	/* Linux's "shutdown": mode 0 then count 0, then mode 0 again. */
	ctrl(&g, 0x30);
	count16(&g, 0, 0);
	ctrl(&g, 0x30);
	unsigned r = g.out[0].rises;
	rig_goto(&g, 20 * NS_PER_SEC);
	CHECK_EQ(g.out[0].rises, r);
	CHECK_EQ(vclock_next_deadline(&g.clock), VCLOCK_NEVER);
	i8254_destroy(g.p);
}

static void tiny_periods_coalesce(void)
{
	struct rig g;

	rig_create_hz(&g, I8254_PC_CLOCK_HZ, true);
	ctrl(&g, 0x34);
	count16(&g, 0, 2);
	rig_goto(&g, NS_PER_SEC / 1000);
	/* 596 edges in a millisecond would be due; at most 1 per 20 us. */
	CHECK(g.out[0].rises >= 40 && g.out[0].rises <= 51);
	i8254_destroy(g.p);
}

static void unwired_arms_nothing(void)
{
	struct rig g;

	rig_create_hz(&g, I8254_PC_CLOCK_HZ, false);
	ctrl(&g, 0x34);
	count16(&g, 0, 100);
	ctrl(&g, 0x76);
	count16(&g, 1, 100);
	CHECK_EQ(vclock_next_deadline(&g.clock), VCLOCK_NEVER);
	rig_goto(&g, 1000 * US);
	CHECK(read_latched(&g, 0) <= 100);
	i8254_reset(g.p);
	CHECK_EQ(i8254_get_out(g.p, 0), 0);
	i8254_destroy(g.p);
}

static void mmio_ports(void)
{
	struct rig g;
	struct bus bus;
	uint64_t v;

	rig_create(&g);
	bus_init(&bus, ENDIAN_LITTLE);
	CHECK_EQ(i8254_mmio_size(g.p), 4);
	CHECK(bus_map_mmio(&bus, 0x40, 4, i8254_mmio_ops(g.p), g.p, NULL) ==
	      0);
	CHECK(bus_write(&bus, 0x43, 1, 0x34) == BUS_OK);
	CHECK(bus_write(&bus, 0x40, 1, 0x10) == BUS_OK);
	CHECK(bus_write(&bus, 0x40, 1, 0x27) == BUS_OK);
	CHECK(bus_write(&bus, 0x43, 1, 0x00) == BUS_OK);
	CHECK(bus_read(&bus, 0x40, 1, &v) == BUS_OK);
	CHECK_EQ(v, 0x10);
	CHECK(bus_read(&bus, 0x40, 1, &v) == BUS_OK);
	CHECK_EQ(v, 0x27);
	bus_destroy(&bus);
	i8254_destroy(g.p);
}

static void garbage_writes(void)
{
	struct rig g;
	uint32_t x = 4242;

	rig_create(&g);
	for (int i = 0; i < 200000; i++) {
		x = x * 1103515245 + 12345;
		switch ((x >> 16) & 7) {
		case 0:
		case 1:
			i8254_write(g.p, x >> 20, x >> 24);
			break;
		case 2:
			(void)i8254_read(g.p, x >> 20);
			break;
		case 3:
			i8254_set_gate(g.p, (x >> 20) % 3, (x >> 24) & 1);
			break;
		case 4:
			(void)i8254_get_out(g.p, (x >> 20) % 4);
			break;
		default:
			rig_goto(&g, g.insns + ((x >> 8) & 0xffff));
			break;
		}
	}
	i8254_destroy(g.p);
}

TEST_MAIN("i8254", T(mode0_terminal_count), T(mode2_rate_generator),
	  T(mode3_square_wave), T(mode4_strobe), T(gate_triggered_modes),
	  T(gate_holds_counting), T(latch_and_readback),
	  T(access_modes_and_bcd), T(linux_periodic_hz100),
	  T(tiny_periods_coalesce), T(unwired_arms_nothing), T(mmio_ports),
	  T(garbage_writes))
