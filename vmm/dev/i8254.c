/* Intel 8254 programmable interval timer (PIIX4 on the MIPS Malta, every
 * PC; SGI's IOC has one clocked differently). Facts from the Intel 8254
 * datasheet (order 231164): modes 0-5, control word, counter latch and
 * read-back commands, status byte, gate behaviour per mode.
 *
 * Counting elements are not simulated tick by tick: a counter remembers
 * the input-clock tick at which its count was loaded, and its count and
 * OUT follow from the virtual clock. A timer is armed only for the next
 * OUT change of a counter whose OUT is wired to something. */
#include "i8254.h"

#include <stdlib.h>
#include <string.h>

#include "vmm/dev/regstride.h"
#include "vmm/log.h"

/* Periodic edges closer than this are merged (each merge still makes
 * one rising edge): a guest programming a count of 2 would otherwise ask
 * for 600,000 timer callbacks a second. Nothing we run needs more than
 * a 50 kHz tick. */
#define MIN_GAP_NS 20000

#define NEVER INT64_MAX

struct pit_counter {
	struct i8254 *pit;
	struct timer timer;
	int index;

	/* programming */
	bool programmed;	/* a control word has been written */
	uint8_t mode;		/* 0-5 */
	uint8_t rw;		/* 1 LSB, 2 MSB, 3 LSB then MSB */
	bool bcd;
	bool has_count;		/* a whole count written since */
	uint16_t cr;		/* count register, as written */
	uint8_t cr_lsb;
	bool write_msb_next, read_msb_next;
	bool count_latched, status_latched;
	uint16_t latch;
	uint8_t status;
	bool gate;

	/* counting element: holds n at tick `start`, minus one per tick */
	bool counting;
	bool triggered;		/* modes 1 and 5: a gate trigger came */
	bool low_until_load;	/* mode 1: retriggered while OUT was low */
	int64_t start;
	uint32_t n;		/* 1..65536 (10000 in BCD) */
	int64_t frozen;		/* ticks counted before a gate stop */
	uint32_t cr_n;		/* the count register as a count */
	bool pending;		/* modes 2, 3: reload at a period end */
	int64_t pending_at;
	int64_t null_until;	/* NULL COUNT until the load tick */

	/* the OUT line */
	bool driven;
	int64_t driven_at;	/* tick of the last drive */
	uint64_t fired_ns;	/* last timer callback */
};

struct i8254 {
	struct i8254_config cfg;
	struct pit_counter c[3];
};

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

static int64_t ns_to_ticks(const struct i8254 *p, uint64_t ns)
{
	uint64_t hz = p->cfg.clock_hz;

	return ns / NS_PER_SEC * hz + ns % NS_PER_SEC * hz / NS_PER_SEC;
}

/* The first ns at which tick t has happened. */
static uint64_t ticks_to_ns(const struct i8254 *p, int64_t t)
{
	uint64_t hz = p->cfg.clock_hz;

	if (t <= 0)
		return 0;
	return (uint64_t)t / hz * NS_PER_SEC +
	       ((uint64_t)t % hz * NS_PER_SEC + hz - 1) / hz;
}

static int64_t now_ticks(const struct i8254 *p)
{
	return ns_to_ticks(p, vclock_now(p->cfg.clock));
}

static uint32_t modulus(const struct pit_counter *c)
{
	return c->bcd ? 10000 : 65536;
}

/* A written count as a number of ticks; 0 is the largest count. Digits
 * above 9 in BCD are taken at face value and wrapped. */
static uint32_t count_value(const struct pit_counter *c, uint16_t cr)
{
	uint32_t v = cr;

	if (c->bcd)
		v = ((cr >> 12) & 15) * 1000 + ((cr >> 8) & 15) * 100 +
		    ((cr >> 4) & 15) * 10 + (cr & 15);
	v %= modulus(c);
	return v ? v : modulus(c);
}

static uint16_t count_reg(const struct pit_counter *c, uint32_t v)
{
	v %= modulus(c);
	if (c->bcd)
		v = (v / 1000) << 12 | (v / 100 % 10) << 8 |
		    (v / 10 % 10) << 4 | v % 10;
	return v;
}

/* Ticks counted since the load; negative before the load tick. */
static int64_t elapsed(const struct pit_counter *c, int64_t t)
{
	return c->counting ? t - c->start : c->frozen;
}

static bool out_at(const struct pit_counter *c, int64_t t)
{
	int64_t d = elapsed(c, t), n = c->n;

	if (!c->programmed)
		return c->driven;
	if (!c->has_count)
		return c->mode != 0;
	switch (c->mode) {
	case 0:
		return d >= n;
	case 1:
		if (d < 0)
			return !c->triggered || !c->low_until_load;
		return d >= n;
	case 2:
		return !c->counting || d < 0 || d % n != n - 1;
	case 3:
		return !c->counting || d < 0 || d % n < (n + 1) / 2;
	case 4:
		return d != n;
	default:	/* 5 */
		return !c->triggered || d != n;
	}
}

static uint16_t count_at(const struct pit_counter *c, int64_t t)
{
	int64_t d = elapsed(c, t), n = c->n, m = modulus(c), v;

	/* Before a load (or a trigger) the element's content is not
	 * defined; we show the count register. */
	if (!c->has_count || !n || d < 0 ||
	    ((c->mode == 1 || c->mode == 5) && !c->triggered))
		return count_reg(c, c->has_count ? c->cr_n : c->cr);
	switch (c->mode) {
	case 2:
		v = n - d % n;
		break;
	case 3:
		/* Mode 3 counts down by two, each half of the period. */
		v = n - (2 * d) % n;
		break;
	default:
		v = n - d % m;
		break;
	}
	return count_reg(c, (v % m + m) % m);
}

/* Rising edges of OUT in (a, b], given no reprogramming in between. */
static int64_t rising_edges(const struct pit_counter *c, int64_t a, int64_t b)
{
	int64_t n = c->n, at, ka, kb;

	if (!c->programmed || !c->has_count || b <= a)
		return 0;
	switch (c->mode) {
	case 0:
	case 1:
	case 4:
	case 5:
		if ((c->mode == 1 || c->mode == 5) && !c->triggered)
			return 0;
		if (!c->counting)
			return 0;
		at = c->start + n + (c->mode >= 4);
		return a < at && at <= b;
	default:	/* 2, 3: at the end of each period */
		if (!c->counting)
			return 0;
		ka = floor_div(a - c->start, n);
		kb = floor_div(b - c->start, n);
		return (kb > 0 ? kb : 0) - (ka > 0 ? ka : 0);
	}
}

/* The next tick after t at which OUT changes or pulses, or NEVER. */
static int64_t next_event(const struct pit_counter *c, int64_t t)
{
	int64_t n = c->n, k, rise, fall;

	if (!c->programmed || !c->has_count || !c->counting)
		return NEVER;
	if (c->pending && c->pending_at > t)
		return c->pending_at;
	switch (c->mode) {
	case 1:
		if (!c->triggered)
			return NEVER;
		/* OUT falls on the clock after the trigger. */
		if (t < c->start)
			return c->start;
		rise = c->start + n;
		return rise > t ? rise : NEVER;
	case 5:
		if (!c->triggered)
			return NEVER;
		/* fall through */
	case 0:
	case 4:
		rise = c->start + n + (c->mode >= 4);
		return rise > t ? rise : NEVER;
	case 2:
		k = floor_div(t - c->start, n) + 1;
		return c->start + (k > 1 ? k : 1) * n;
	default:	/* 3 */
		k = floor_div(t - c->start, n) + 1;
		rise = c->start + (k > 1 ? k : 1) * n;
		fall = c->start + floor_div(t - c->start, n) * n + (n + 1) / 2;
		if (fall <= t)
			fall += n;
		return fall < rise ? fall : rise;
	}
}

/* Bring the OUT line up to tick t. Pulses (modes 2, 4, 5: low for one
 * tick) and edges merged by MIN_GAP_NS still give the receiver one
 * rising edge, which is what an edge-triggered PIC input counts. */
static void drive(struct pit_counter *c, int64_t t)
{
	const struct irq *line = &c->pit->cfg.out[c->index];
	bool level = out_at(c, t);

	if (rising_edges(c, c->driven_at, t) && (c->driven || !level)) {
		irq_set(line, 0);
		irq_set(line, 1);
		c->driven = true;
	}
	if (level != c->driven)
		irq_set(line, level);
	c->driven = level;
	c->driven_at = t;
}

/* Drive OUT up to tick t, applying a mode 2/3 reload that fell due on
 * the way: the old period ends (with its rising edge) at pending_at. */
static void settle(struct pit_counter *c, int64_t t)
{
	if (c->pending && c->counting && c->pending_at <= t) {
		drive(c, c->pending_at);
		c->start = c->pending_at;
		c->n = c->cr_n;
		c->pending = false;
	}
	drive(c, t);
}

static void arm(struct pit_counter *c, int64_t t)
{
	int64_t next;
	uint64_t ns, min;

	if (!c->pit->cfg.out[c->index].handler ||
	    (next = next_event(c, t)) == NEVER) {
		timer_del(&c->timer);
		return;
	}
	ns = ticks_to_ns(c->pit, next);
	/* Only a periodic mode can ask for edges faster than the guest
	 * writes counts. */
	min = 0;
	if ((c->mode == 2 || c->mode == 3) && c->fired_ns &&
	    ticks_to_ns(c->pit, c->n) < MIN_GAP_NS)
		min = c->fired_ns + MIN_GAP_NS;
	timer_mod(&c->timer, ns > min ? ns : min);
}

static void counter_timer(void *opaque)
{
	struct pit_counter *c = opaque;
	uint64_t ns = vclock_now(c->pit->cfg.clock);
	int64_t t = ns_to_ticks(c->pit, ns);

	c->fired_ns = ns;
	settle(c, t);
	arm(c, t);
}

/* Every change of programming or gate: settle events up to now under
 * the old state, change, then drive and re-arm under the new one. */
static int64_t begin_change(struct pit_counter *c)
{
	int64_t t = now_ticks(c->pit);

	settle(c, t);
	return t;
}

static void end_change(struct pit_counter *c, int64_t t)
{
	drive(c, t);
	arm(c, t);
}

/* Start counting from count n; the count enters the counting element on
 * the next clock (8254 datasheet, "Counter Operation"). */
static void load(struct pit_counter *c, int64_t t, uint32_t n)
{
	c->counting = true;
	c->start = t + 1;
	c->n = n;
	c->pending = false;
	c->null_until = c->start;
}

static void count_written(struct pit_counter *c, int64_t t)
{
	uint32_t n = count_value(c, c->cr);
	bool first = !c->has_count;

	c->has_count = true;
	c->cr_n = n;
	switch (c->mode) {
	case 0:
	case 4:
		load(c, t, n);
		if (!c->gate) {		/* loaded, but the gate holds it */
			c->counting = false;
			c->frozen = 0;
		}
		break;
	case 1:
	case 5:
		/* Used at the next trigger; until then NULL COUNT. */
		c->null_until = NEVER;
		break;
	default:	/* 2, 3 */
		if (first || !c->counting) {
			if (c->gate)
				load(c, t, n);
			else
				c->null_until = NEVER;
		} else {
			/* The current period runs out first (datasheet,
			 * modes 2 and 3); we reload at a full period's end
			 * in mode 3 as well. */
			int64_t d = t - c->start;
			int64_t k = floor_div(d, c->n) + 1;

			c->pending = true;
			c->pending_at = c->start + (k > 1 ? k : 1) * c->n;
			c->null_until = c->pending_at;
		}
		break;
	}
}

static void write_count(struct pit_counter *c, uint8_t v)
{
	int64_t t;

	if (!c->programmed)
		return;
	t = begin_change(c);
	switch (c->rw) {
	case 1:
		c->cr = v;
		count_written(c, t);
		break;
	case 2:
		c->cr = v << 8;
		count_written(c, t);
		break;
	default:
		if (!c->write_msb_next) {
			c->cr_lsb = v;
			c->write_msb_next = true;
			/* Mode 0: the first byte stops counting and OUT
			 * goes low at once (datasheet, mode 0). */
			if (c->mode == 0) {
				c->has_count = false;
				c->counting = false;
			}
		} else {
			c->cr = v << 8 | c->cr_lsb;
			c->write_msb_next = false;
			count_written(c, t);
		}
		break;
	}
	end_change(c, t);
}

static void latch_count(struct pit_counter *c, int64_t t)
{
	if (c->count_latched)
		return;
	settle(c, t);
	c->latch = count_at(c, t);
	c->count_latched = true;
}

static void latch_status(struct pit_counter *c, int64_t t)
{
	if (c->status_latched)
		return;
	settle(c, t);
	c->status = (out_at(c, t) ? 0x80 : 0) |
		    (t < c->null_until || !c->has_count ? 0x40 : 0) |
		    c->rw << 4 | c->mode << 1 | c->bcd;
	c->status_latched = true;
}

static void write_control(struct i8254 *p, uint8_t v)
{
	unsigned sc = v >> 6, rw = (v >> 4) & 3;
	struct pit_counter *c;
	int64_t t = now_ticks(p);

	if (sc == 3) {
		/* Read-back: bit 5 low latches counts, bit 4 low latches
		 * status, bits 1-3 pick counters 0-2. */
		for (int i = 0; i < 3; i++) {
			if (!(v & (2u << i)))
				continue;
			if (!(v & 0x20))
				latch_count(&p->c[i], t);
			if (!(v & 0x10))
				latch_status(&p->c[i], t);
		}
		return;
	}
	c = &p->c[sc];
	if (rw == 0) {
		latch_count(c, t);
		return;
	}
	t = begin_change(c);
	c->programmed = true;
	c->rw = rw;
	/* Modes 6 and 7 are 2 and 3 with a don't-care bit. */
	c->mode = (v >> 1) & 7;
	if (c->mode > 5)
		c->mode -= 4;
	c->bcd = v & 1;
	c->has_count = false;
	c->counting = false;
	c->triggered = false;
	c->pending = false;
	c->frozen = 0;
	c->null_until = NEVER;
	c->write_msb_next = c->read_msb_next = false;
	c->count_latched = c->status_latched = false;
	end_change(c, t);
}

static uint8_t read_counter(struct pit_counter *c)
{
	uint16_t v;
	bool msb;

	if (c->status_latched) {
		c->status_latched = false;
		return c->status;
	}
	if (c->count_latched) {
		v = c->latch;
	} else {
		int64_t t = now_ticks(c->pit);

		settle(c, t);
		v = count_at(c, t);
	}
	switch (c->rw) {
	case 2:
		msb = true;
		break;
	case 3:
		msb = c->read_msb_next;
		c->read_msb_next = !msb;
		break;
	default:
		msb = false;
		break;
	}
	if (c->rw != 3 || msb)
		c->count_latched = false;
	return msb ? v >> 8 : v & 0xff;
}

uint8_t i8254_read(struct i8254 *p, unsigned port)
{
	uint8_t v;

	port &= 3;
	/* The control word register cannot be read (datasheet, "Read
	 * Operations"); the bus floats. */
	v = port == 3 ? 0xff : read_counter(&p->c[port]);
	TRACE(TRACE_DEV, "%s: read port %u = 0x%02x", p->cfg.name, port, v);
	return v;
}

void i8254_write(struct i8254 *p, unsigned port, uint8_t v)
{
	TRACE(TRACE_DEV, "%s: write port %u = 0x%02x", p->cfg.name, port & 3,
	      v);
	port &= 3;
	if (port == 3)
		write_control(p, v);
	else
		write_count(&p->c[port], v);
}

void i8254_set_gate(struct i8254 *p, int counter, bool level)
{
	struct pit_counter *c;
	int64_t t;

	if (counter < 0 || counter > 2)
		return;
	c = &p->c[counter];
	if (c->gate == level)
		return;
	t = begin_change(c);
	c->gate = level;
	if (c->programmed && c->has_count) {
		switch (c->mode) {
		case 0:
		case 4:
			/* The gate suspends and resumes counting. */
			if (!level && c->counting) {
				c->frozen = elapsed(c, t) > 0 ?
					    elapsed(c, t) : 0;
				c->counting = false;
			} else if (level && !c->counting) {
				c->counting = true;
				c->start = t - c->frozen;
			}
			break;
		case 1:
		case 5:
			/* A rising gate (re)triggers with the count. */
			if (level) {
				c->low_until_load = !out_at(c, t);
				c->triggered = true;
				load(c, t, c->cr_n);
			}
			break;
		default:
			/* Low stops the count with OUT high; rising
			 * reloads it. */
			if (level) {
				load(c, t, c->cr_n);
			} else {
				c->counting = false;
				c->pending = false;
			}
			break;
		}
	}
	end_change(c, t);
}

bool i8254_get_out(struct i8254 *p, int counter)
{
	struct pit_counter *c;
	int64_t t;

	if (counter < 0 || counter > 2)
		return false;
	c = &p->c[counter];
	t = now_ticks(p);
	settle(c, t);
	return out_at(c, t);
}

void i8254_reset(struct i8254 *p)
{
	for (int i = 0; i < 3; i++) {
		struct pit_counter *c = &p->c[i];
		bool gate = c->gate;

		timer_del(&c->timer);
		memset(c, 0, sizeof(*c));
		c->pit = p;
		c->index = i;
		c->gate = gate;
		c->null_until = NEVER;
		c->driven_at = now_ticks(p);
		timer_init(&c->timer, p->cfg.clock, counter_timer, c);
		irq_set(&p->cfg.out[i], 0);
	}
}

static uint64_t pit_mmio_read(void *opaque, uint64_t off, unsigned size)
{
	struct i8254 *p = opaque;

	return i8254_read(p, off / p->cfg.stride);
}

static void pit_mmio_write(void *opaque, uint64_t off, uint64_t v,
			   unsigned size)
{
	struct i8254 *p = opaque;

	i8254_write(p, off / p->cfg.stride, v);
}

/* Stride 1: byte ports, wider accesses split by the bus. Wider strides:
 * each register fills its window, value in the access's low byte. */
static const struct mmio_ops pit_ops[] =
	REGSTRIDE_WINDOW_OPS("i8254", pit_mmio_read, pit_mmio_write);

const struct mmio_ops *i8254_mmio_ops(const struct i8254 *p)
{
	return regstride_window_ops(pit_ops, p->cfg.stride, p->cfg.endian);
}

uint64_t i8254_mmio_size(const struct i8254 *p)
{
	return 4 * (uint64_t)p->cfg.stride;
}

int i8254_create(const struct i8254_config *cfg, struct i8254 **out,
		 struct err *e)
{
	const char *name = cfg->name ? cfg->name : "i8254";
	struct i8254 *p;

	if (!cfg->clock)
		return err_set(e, "%s: needs the virtual clock", name);
	if (regstride_check(name, cfg->stride, e) < 0)
		return -1;
	/* The tick arithmetic stays within 64 bits up to 10 GHz. */
	if (cfg->clock_hz > 10 * NS_PER_SEC)
		return err_set(e, "%s: input clock %llu Hz is too fast", name,
			       (unsigned long long)cfg->clock_hz);
	p = calloc(1, sizeof(*p));
	if (!p)
		return err_set(e, "%s: out of memory", name);
	p->cfg = *cfg;
	p->cfg.name = name;
	if (!p->cfg.stride)
		p->cfg.stride = 1;
	if (!p->cfg.clock_hz)
		p->cfg.clock_hz = I8254_PC_CLOCK_HZ;
	for (int i = 0; i < 3; i++)
		p->c[i].gate = true;
	i8254_reset(p);
	*out = p;
	return 0;
}

void i8254_destroy(struct i8254 *p)
{
	if (!p)
		return;
	for (int i = 0; i < 3; i++)
		timer_del(&p->c[i].timer);
	free(p);
}
