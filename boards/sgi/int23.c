/* SGI INT2/INT3 interrupt controller and its 8254.
 *
 * Facts: Linux's asm/sgi/ioc.h (register layout, bit names) and
 * ip22-int.c (istat0 bit 7 / istat1 bit 3 are the mappable cascades,
 * i.e. map status & map mask 0/1; CPU IP2/IP3 = istat & imask; IP4/IP5
 * the 8254 timers; Linux masks everything at init); ip22-time.c (counter
 * 2 at exactly 1 MHz, latched and read back while CP0 Count runs: the
 * counter must follow the virtual clock); MAME's sgi/ioc2.cpp and
 * SGI-FACTS 1/4.6.6 (counter 2 clocks counters 0 and 1, whose OUT rising
 * edges latch IP4/IP5 until a timer-clear write).
 *
 * The cascade: counter 2 lives in a 1 MHz i8254; counters 0 and 1 in a
 * second i8254 whose input clock is counter 2's output rate, 1 MHz / N
 * while counter 2 runs as a rate or square-wave generator with count N,
 * rounded to a whole Hz. When that rate changes the second chip is
 * rebuilt at the new clock and the guest's programming of counters 0
 * and 1 is replayed (they restart their counts); while counter 2 is
 * stopped their gates are held low, which stops them in modes 0, 2-4. */
#include "int23.h"

#include <stdlib.h>
#include <string.h>

#include "vmm/dev/i8254.h"
#include "vmm/dev/regstride.h"
#include "vmm/log.h"

struct int23 {
	struct int23_config cfg;
	uint8_t l0_in, l1_in, map_in;
	uint8_t imask0, imask1, map_mask0, map_mask1, map_pol, errstat;
	bool timer_latch[2], pit_out[2];
	bool programming;	/* a mode word is being written */
	bool cpu_level[INT23_NCPU];
	struct i8254 *pit2;	/* counter 2 at 1 MHz */
	struct i8254 *pit01;	/* counters 0, 1 at the cascade rate */
	uint32_t cascade_hz;
	/* counter 2 programming, to know the cascade rate */
	uint8_t c2_mode, c2_rw;
	bool c2_bcd, c2_msb_next;
	uint16_t c2_count;
	/* counters 0/1 programming since their last control word */
	uint8_t c01_ctl[2], c01_bytes[2][2];
	unsigned c01_nbytes[2];
	bool c01_programmed[2];
};

static void set_cpu(struct int23 *ic, int line, bool level)
{
	if (ic->cpu_level[line] == level)
		return;
	ic->cpu_level[line] = level;
	TRACE(TRACE_IRQ, "%s: CPU IP%d -> %d", ic->cfg.name, line + 2, level);
	irq_set(&ic->cfg.cpu[line], level);
}

static uint8_t istat0(const struct int23 *ic)
{
	uint8_t v = ic->l0_in & 0x7f;

	if (ic->map_in & ic->map_mask0)
		v |= 1u << INT23_L0_MAP0;
	return v;
}

static uint8_t istat1(const struct int23 *ic)
{
	uint8_t v = ic->l1_in & ~(1u << INT23_L1_MAP1);

	if (ic->map_in & ic->map_mask1)
		v |= 1u << INT23_L1_MAP1;
	return v;
}

static void update(struct int23 *ic)
{
	set_cpu(ic, INT23_CPU_LOCAL0, istat0(ic) & ic->imask0);
	set_cpu(ic, INT23_CPU_LOCAL1, istat1(ic) & ic->imask1);
	set_cpu(ic, INT23_CPU_TIMER0, ic->timer_latch[0]);
	set_cpu(ic, INT23_CPU_TIMER1, ic->timer_latch[1]);
}

static void set_bit(uint8_t *v, int n, int level)
{
	if (level)
		*v |= 1u << (n & 7);
	else
		*v &= ~(1u << (n & 7));
}

void int23_local0_irq(void *opaque, int n, int level)
{
	struct int23 *ic = opaque;

	set_bit(&ic->l0_in, n, level);
	update(ic);
}

void int23_local1_irq(void *opaque, int n, int level)
{
	struct int23 *ic = opaque;

	set_bit(&ic->l1_in, n, level);
	update(ic);
}

void int23_map_irq(void *opaque, int n, int level)
{
	struct int23 *ic = opaque;

	set_bit(&ic->map_in, n, level);
	update(ic);
}

/* OUT0/OUT1 of the cascaded counters: a rising edge latches IP4/IP5. */
static void pit_out(void *opaque, int n, int level)
{
	struct int23 *ic = opaque;

	if (n < 0 || n > 1)
		return;
	/* A mode word sets OUT to its initial level: not a period end. */
	if (level && !ic->pit_out[n] && !ic->programming) {
		ic->timer_latch[n] = true;
		update(ic);
	}
	ic->pit_out[n] = level;
}

static int make_pit01(struct int23 *ic, struct err *e)
{
	struct i8254_config pc = {
		.name = "int23-pit01", .stride = 4, .endian = ENDIAN_BIG,
		.clock_hz = ic->cascade_hz ? ic->cascade_hz : 1,
		.clock = ic->cfg.clock,
		.out = { irq_make(pit_out, ic, 0), irq_make(pit_out, ic, 1) },
	};

	ic->pit_out[0] = ic->pit_out[1] = false;
	if (i8254_create(&pc, &ic->pit01, e) < 0)
		return -1;
	for (int c = 0; c < 2; c++)
		i8254_set_gate(ic->pit01, c, ic->cascade_hz != 0);
	return 0;
}

static void cascade_changed(struct int23 *ic, uint32_t hz)
{
	struct err e;

	if (hz == ic->cascade_hz)
		return;
	ic->cascade_hz = hz;
	i8254_destroy(ic->pit01);
	ic->pit01 = NULL;
	if (make_pit01(ic, &e) < 0) {
		log_msg("%s: %s", ic->cfg.name, e.msg);
		return;
	}
	for (int c = 0; c < 2; c++) {
		if (!ic->c01_programmed[c])
			continue;
		ic->programming = true;
		i8254_write(ic->pit01, 3, ic->c01_ctl[c]);
		ic->programming = false;
		for (unsigned i = 0; i < ic->c01_nbytes[c]; i++)
			i8254_write(ic->pit01, c, ic->c01_bytes[c][i]);
	}
}

/* Follow counter 2's programming: the cascade rate is 1 MHz / N while it
 * runs in mode 2 or 3 with a whole count N. */
static void c2_count_byte(struct int23 *ic, uint8_t v)
{
	bool complete = true;
	uint32_t n, hz = 0;

	switch (ic->c2_rw) {
	case 1:
		ic->c2_count = v;
		break;
	case 2:
		ic->c2_count = (uint16_t)(v << 8);
		break;
	case 3:
		if (!ic->c2_msb_next) {
			ic->c2_count = (ic->c2_count & 0xff00) | v;
			complete = false;
		} else {
			ic->c2_count = (uint16_t)((ic->c2_count & 0xff) |
						  v << 8);
		}
		ic->c2_msb_next = !ic->c2_msb_next;
		break;
	default:
		return;
	}
	if (!complete)
		return;
	n = ic->c2_count;
	if (ic->c2_bcd)
		n = (n >> 12 & 15) * 1000 + (n >> 8 & 15) * 100 +
		    (n >> 4 & 15) * 10 + (n & 15);
	if (!n)
		n = ic->c2_bcd ? 10000 : 65536;
	if (ic->c2_mode == 2 || ic->c2_mode == 3)
		hz = (INT23_PIT_HZ + n / 2) / n;
	cascade_changed(ic, hz);
}

static void pit_control(struct int23 *ic, uint8_t v)
{
	unsigned sc = v >> 6;

	if (sc == 3) {	/* read-back: bits 3:1 select counters 2..0 */
		if (v & 0x08)
			i8254_write(ic->pit2, 3, v & ~0x06);
		if (v & 0x06)
			i8254_write(ic->pit01, 3, v & ~0x08);
		return;
	}
	if (sc == 2) {
		i8254_write(ic->pit2, 3, v);
		if (v & 0x30) {		/* not a latch command */
			ic->c2_rw = (v >> 4) & 3;
			ic->c2_mode = (v >> 1) & 7;
			if (ic->c2_mode > 5)
				ic->c2_mode -= 4;
			ic->c2_bcd = v & 1;
			ic->c2_msb_next = false;
			/* A new mode word stops the counter until a count. */
			cascade_changed(ic, 0);
		}
		return;
	}
	ic->programming = true;
	i8254_write(ic->pit01, 3, v);
	ic->programming = false;
	if (v & 0x30) {
		ic->c01_ctl[sc] = v;
		ic->c01_nbytes[sc] = 0;
		ic->c01_programmed[sc] = true;
	}
}

static void pit_count(struct int23 *ic, unsigned c, uint8_t v)
{
	if (c == 2) {
		i8254_write(ic->pit2, 2, v);
		c2_count_byte(ic, v);
		return;
	}
	i8254_write(ic->pit01, c, v);
	if (ic->c01_nbytes[c] == 2)
		ic->c01_nbytes[c] = 0;
	ic->c01_bytes[c][ic->c01_nbytes[c]++] = v;
}

uint8_t int23_read(struct int23 *ic, unsigned reg)
{
	switch (reg) {
	case INT23_ISTAT0: return istat0(ic);
	case INT23_IMASK0: return ic->imask0;
	case INT23_ISTAT1: return istat1(ic);
	case INT23_IMASK1: return ic->imask1;
	case INT23_MAP_STAT: return ic->map_in;
	case INT23_MAP_MASK0: return ic->map_mask0;
	case INT23_MAP_MASK1: return ic->map_mask1;
	case INT23_MAP_POL: return ic->map_pol;
	case INT23_ERRSTAT: return ic->errstat;
	case INT23_TCNT0: return i8254_read(ic->pit01, 0);
	case INT23_TCNT1: return i8254_read(ic->pit01, 1);
	case INT23_TCNT2: return i8254_read(ic->pit2, 2);
	case INT23_TCLEAR: case INT23_TCWORD: return 0;	/* write-only */
	}
	LOG_RATELIMITED("%s: unimplemented: read of register 0x%x",
			ic->cfg.name, reg);
	return 0;
}

void int23_write(struct int23 *ic, unsigned reg, uint8_t v)
{
	TRACE(TRACE_DEV, "%s: [0x%x] <- 0x%02x", ic->cfg.name, reg, v);
	switch (reg) {
	case INT23_IMASK0: ic->imask0 = v; break;
	case INT23_IMASK1: ic->imask1 = v; break;
	case INT23_MAP_MASK0: ic->map_mask0 = v; break;
	case INT23_MAP_MASK1: ic->map_mask1 = v; break;
	case INT23_MAP_POL:
		/* INT3 map polarity; INT2 port config (SGI-FACTS 4.6.6).
		 * Stored; all our sources are active high. */
		ic->map_pol = v;
		break;
	case INT23_TCLEAR:
		if (v & 1)
			ic->timer_latch[0] = false;
		if (v & 2)
			ic->timer_latch[1] = false;
		break;
	case INT23_TCNT0: pit_count(ic, 0, v); return;
	case INT23_TCNT1: pit_count(ic, 1, v); return;
	case INT23_TCNT2: pit_count(ic, 2, v); return;
	case INT23_TCWORD: pit_control(ic, v); return;
	case INT23_ISTAT0: case INT23_ISTAT1: case INT23_MAP_STAT:
	case INT23_ERRSTAT:
		return;		/* read-only */
	default:
		LOG_RATELIMITED("%s: unimplemented: write 0x%02x to 0x%x",
				ic->cfg.name, v, reg);
		return;
	}
	update(ic);
}

static uint64_t int23_mmio_read(void *opaque, uint64_t off, unsigned size)
{
	if (!regstride_on_lane(off, size, 4))
		return 0;
	return int23_read(opaque, off & ~3ull);
}

static void int23_mmio_write(void *opaque, uint64_t off, uint64_t v,
			     unsigned size)
{
	if (!regstride_on_lane(off, size, 4))
		return;
	int23_write(opaque, off & ~3ull, v & 0xff);
}

const struct mmio_ops int23_ops = {
	.name = "int23", .read = int23_mmio_read, .write = int23_mmio_write,
	.valid_sizes = ACCESS_1 | ACCESS_2 | ACCESS_4,
	.impl_sizes = ACCESS_1 | ACCESS_4, .endian = ENDIAN_BIG,
};

uint32_t int23_cascade_hz(const struct int23 *ic)
{
	return ic->cascade_hz;
}

void int23_reset(struct int23 *ic)
{
	ic->imask0 = ic->imask1 = ic->map_mask0 = ic->map_mask1 = 0;
	ic->map_pol = ic->errstat = 0;
	ic->timer_latch[0] = ic->timer_latch[1] = false;
	ic->c2_mode = ic->c2_rw = 0;
	ic->c2_msb_next = false;
	memset(ic->c01_programmed, 0, sizeof(ic->c01_programmed));
	i8254_reset(ic->pit2);
	cascade_changed(ic, 0);
	i8254_reset(ic->pit01);
	update(ic);
}

int int23_create(const struct int23_config *cfg, struct int23 **out,
		 struct err *e)
{
	struct int23 *ic = calloc(1, sizeof(*ic));
	struct i8254_config pc = {
		.name = "int23-pit2", .stride = 4, .endian = ENDIAN_BIG,
		.clock_hz = INT23_PIT_HZ, .clock = cfg->clock,
	};

	if (!ic)
		return err_set(e, "int23: out of memory");
	ic->cfg = *cfg;
	if (!ic->cfg.name)
		ic->cfg.name = "int23";
	if (i8254_create(&pc, &ic->pit2, e) < 0 || make_pit01(ic, e) < 0) {
		int23_destroy(ic);
		return -1;
	}
	*out = ic;
	return 0;
}

void int23_destroy(struct int23 *ic)
{
	if (!ic)
		return;
	if (ic->pit2)
		i8254_destroy(ic->pit2);
	if (ic->pit01)
		i8254_destroy(ic->pit01);
	free(ic);
}
