/* Intel 8259A programmable interrupt controller, as found (twice) in the
 * PIIX4 south bridge of the MIPS Malta and in every PC-style board.
 * Facts from the Intel 8259A datasheet (order 231468) and the PIIX4
 * datasheet (290562, section 3.3: ICW1-4, OCW1-3, ELCR). */
#include "i8259.h"

#include <stdlib.h>
#include <string.h>

#include "vmm/dev/regstride.h"
#include "vmm/log.h"

enum init_step { INIT_DONE, INIT_ICW2, INIT_ICW3, INIT_ICW4 };

struct i8259 {
	struct i8259_config cfg;
	struct i8259 *slave[8];	/* board cascade wiring */

	uint8_t irr, isr, imr;
	uint8_t lines;		/* input levels, kept across reset */
	uint8_t elcr;
	uint8_t icw3;		/* master: slave inputs; slave: its ID */
	uint8_t vector_base;	/* ICW2 T7-T3 */
	uint8_t highest;	/* input with the highest priority (rotation) */
	enum init_step init;
	bool ltim, single, ic4;
	bool aeoi, sfnm, rotate_aeoi, special_mask;
	bool read_isr, poll;
	bool out;		/* INT level last driven */
};

/* Priority rank of input n: 0 is the highest. */
static unsigned rank(const struct i8259 *p, unsigned n)
{
	return (n - p->highest) & 7;
}

/* Input with the highest priority among `mask`, or -1. */
static int highest_in(const struct i8259 *p, uint8_t mask)
{
	for (unsigned r = 0; r < 8; r++) {
		unsigned n = (p->highest + r) & 7;

		if (mask & (1u << n))
			return n;
	}
	return -1;
}

static bool is_master(const struct i8259 *p)
{
	for (int i = 0; i < 8; i++)
		if (p->slave[i])
			return true;
	return false;
}

/* Which input INT would be raised for now, or -1. A request beats the
 * in-service levels only if it has a higher priority (fully nested
 * mode). Special mask mode lets masked in-service levels stop blocking
 * (8259A datasheet, "Special Mask Mode"); special fully nested mode lets
 * a slave's new request through while the slave is in service. */
static int pending(const struct i8259 *p)
{
	uint8_t blockers = p->isr;
	int req = highest_in(p, p->irr & ~p->imr);
	int svc;

	if (req < 0)
		return -1;
	if (p->special_mask)
		blockers &= ~p->imr;
	if (p->sfnm && is_master(p))
		blockers &= ~p->icw3;
	svc = highest_in(p, blockers);
	if (svc >= 0 && rank(p, req) >= rank(p, svc))
		return -1;
	return req;
}

static void update(struct i8259 *p)
{
	bool level = pending(p) >= 0;

	if (level != p->out) {
		p->out = level;
		TRACE(TRACE_IRQ, "%s: INT %d", p->cfg.name, level);
		irq_set(&p->cfg.intr, level);
	}
}

/* Inputs in level mode. On the PIIX/PIIX4 the ELCR alone decides: ICW1
 * LTIM "is disabled, its function is replaced by the ELCR" (PIIX3/PIIX4
 * datasheets, ICW1 bit 3); a plain 8259A has no ELCR and obeys LTIM. */
static uint8_t level_mask(const struct i8259 *p)
{
	if (p->cfg.elcr_mask)
		return p->elcr;
	return p->ltim ? 0xff : 0;
}

static bool level_mode(const struct i8259 *p, unsigned n)
{
	return level_mask(p) & (1u << n);
}

void i8259_set_input(void *opaque, int n, int level)
{
	struct i8259 *p = opaque;
	uint8_t bit;

	if (n < 0 || n > 7)
		return;
	bit = 1u << n;
	if (level_mode(p, n)) {
		if (level)
			p->irr |= bit;
		else
			p->irr &= ~bit;
	} else if (level && !(p->lines & bit)) {
		/* The edge stays latched in IRR until acknowledged, even if
		 * the line drops first: our devices may pulse in zero time. */
		p->irr |= bit;
	}
	if (level)
		p->lines |= bit;
	else
		p->lines &= ~bit;
	update(p);
}

static void end_of_interrupt(struct i8259 *p, int n, bool rotate)
{
	if (n < 0)
		return;
	p->isr &= ~(1u << n);
	if (rotate)
		p->highest = (n + 1) & 7;
}

/* The ISR/IRR side of an INTA cycle (or of a poll read) for input n. */
static void take(struct i8259 *p, int n)
{
	uint8_t bit = 1u << n;

	if (!level_mode(p, n))
		p->irr &= ~bit;
	if (p->aeoi) {
		if (p->rotate_aeoi)
			p->highest = (n + 1) & 7;
	} else {
		p->isr |= bit;
	}
}

static bool cascaded(const struct i8259 *p, int n)
{
	return !p->single && (p->icw3 & (1u << n)) && p->slave[n];
}

uint8_t i8259_ack(struct i8259 *p)
{
	int n = pending(p);
	uint8_t vec;

	if (n < 0) {
		/* Nothing to acknowledge (the request went away): the chip
		 * answers with IR7's vector and sets no ISR bit (8259A
		 * datasheet, "Interrupt Sequence"). */
		TRACE(TRACE_IRQ, "%s: spurious acknowledge", p->cfg.name);
		return p->vector_base | 7;
	}
	take(p, n);
	if (cascaded(p, n))
		vec = i8259_ack(p->slave[n]);
	else
		vec = p->vector_base | n;
	update(p);
	return vec;
}

bool i8259_intr_level(const struct i8259 *p)
{
	return p->out;
}

void i8259_set_slave(struct i8259 *master, int line, struct i8259 *slave)
{
	if (line >= 0 && line < 8)
		master->slave[line] = slave;
}

/* Initialisation resets what the 8259A datasheet lists under ICW1: edge
 * detection restarts, IMR cleared, IR7 lowest priority, special mask
 * mode off, IRR selected for reads, ICW4 functions zero. */
static void init_reset(struct i8259 *p)
{
	p->irr = level_mask(p) & p->lines;
	p->isr = 0;
	p->imr = 0;
	p->highest = 0;
	p->special_mask = false;
	p->read_isr = false;
	p->poll = false;
	p->aeoi = p->sfnm = p->rotate_aeoi = false;
}

void i8259_reset(struct i8259 *p)
{
	uint8_t lines = p->lines;

	/* The 8259A has no reset pin; the PIIX4 leaves it uninitialised
	 * after a system reset. We mask everything so nothing reaches
	 * the CPU before the guest programs the chip. */
	p->elcr = 0;
	p->ltim = p->single = p->ic4 = false;
	p->icw3 = 0;
	p->vector_base = 0;
	p->init = INIT_DONE;
	init_reset(p);
	p->imr = 0xff;
	p->lines = lines;
	update(p);
}

static void write_ocw2(struct i8259 *p, uint8_t v)
{
	int n = v & 7;

	switch (v >> 5) {
	case 1:	/* non-specific EOI */
		end_of_interrupt(p, highest_in(p, p->isr), false);
		break;
	case 3:	/* specific EOI */
		end_of_interrupt(p, n, false);
		break;
	case 5:	/* rotate on non-specific EOI */
		end_of_interrupt(p, highest_in(p, p->isr), true);
		break;
	case 7:	/* rotate on specific EOI */
		end_of_interrupt(p, n, true);
		break;
	case 4:
		p->rotate_aeoi = true;
		break;
	case 0:
		p->rotate_aeoi = false;
		break;
	case 6:	/* set priority: n becomes the lowest */
		p->highest = (n + 1) & 7;
		break;
	case 2:	/* no operation */
		break;
	}
}

static void write_ocw3(struct i8259 *p, uint8_t v)
{
	if (v & 0x40)
		p->special_mask = v & 0x20;
	if (v & 0x04)
		p->poll = true;
	if (v & 0x02)
		p->read_isr = v & 0x01;
}

static void write_cmd(struct i8259 *p, uint8_t v)
{
	if (v & 0x10) {	/* ICW1 */
		p->ic4 = v & 0x01;
		p->single = v & 0x02;
		p->ltim = v & 0x08;
		init_reset(p);
		p->init = INIT_ICW2;
	} else if (v & 0x08) {
		write_ocw3(p, v);
	} else {
		write_ocw2(p, v);
	}
}

static void write_data(struct i8259 *p, uint8_t v)
{
	switch (p->init) {
	case INIT_DONE:	/* OCW1 */
		p->imr = v;
		break;
	case INIT_ICW2:
		/* 8086 mode: T7-T3 from ICW2, the input number below. */
		p->vector_base = v & 0xf8;
		p->init = !p->single ? INIT_ICW3 :
			  p->ic4 ? INIT_ICW4 : INIT_DONE;
		break;
	case INIT_ICW3:
		p->icw3 = v;
		p->init = p->ic4 ? INIT_ICW4 : INIT_DONE;
		break;
	case INIT_ICW4:
		if (!(v & 0x01))
			LOG_RATELIMITED("%s: MCS-80/85 mode not supported, "
					"using 8086 vectors", p->cfg.name);
		p->aeoi = v & 0x02;
		p->sfnm = v & 0x10;
		p->init = INIT_DONE;
		break;
	}
}

/* A read while a poll command is pending acts as INTA and returns
 * I (bit 7) and the level W2-W0 (8259A datasheet, "The Poll Command");
 * with nothing pending, 7 as for a spurious request. */
static uint8_t poll_read(struct i8259 *p)
{
	int n = pending(p);

	p->poll = false;
	if (n < 0)
		return 0x07;
	take(p, n);
	update(p);
	return 0x80 | n;
}

uint8_t i8259_read(struct i8259 *p, unsigned port)
{
	uint8_t v;

	if (p->poll)
		v = poll_read(p);
	else if (port & 1)
		v = p->imr;
	else
		v = p->read_isr ? p->isr : p->irr;
	TRACE(TRACE_DEV, "%s: read port %u = 0x%02x", p->cfg.name, port & 1,
	      v);
	return v;
}

void i8259_write(struct i8259 *p, unsigned port, uint8_t v)
{
	TRACE(TRACE_DEV, "%s: write port %u = 0x%02x", p->cfg.name, port & 1,
	      v);
	if (port & 1)
		write_data(p, v);
	else
		write_cmd(p, v);
	update(p);
}

uint8_t i8259_elcr_read(const struct i8259 *p)
{
	return p->elcr;
}

void i8259_elcr_write(struct i8259 *p, uint8_t v)
{
	uint8_t was = p->elcr;

	p->elcr = v & p->cfg.elcr_mask;
	/* An input switched to level mode requests while it is high; one
	 * switched to edge mode keeps its latch. */
	p->irr |= p->elcr & ~was & p->lines;
	p->irr &= ~(p->elcr & ~p->lines);
	update(p);
}

static uint64_t elcr_mmio_read(void *opaque, uint64_t off, unsigned size)
{
	return i8259_elcr_read(opaque);
}

static void elcr_mmio_write(void *opaque, uint64_t off, uint64_t v,
			    unsigned size)
{
	i8259_elcr_write(opaque, v);
}

const struct mmio_ops i8259_elcr_ops = {
	.name = "i8259-elcr", .read = elcr_mmio_read,
	.write = elcr_mmio_write, .valid_sizes = ACCESS_ALL,
	.impl_sizes = ACCESS_1, .endian = ENDIAN_LITTLE,
};

static uint64_t pic_mmio_read(void *opaque, uint64_t off, unsigned size)
{
	struct i8259 *p = opaque;

	return i8259_read(p, off / p->cfg.stride);
}

static void pic_mmio_write(void *opaque, uint64_t off, uint64_t v,
			   unsigned size)
{
	struct i8259 *p = opaque;

	i8259_write(p, off / p->cfg.stride, v);
}

/* Stride 1: byte ports, wider accesses split by the bus. Wider strides:
 * each register fills its window, value in the access's low byte. */
static const struct mmio_ops pic_ops[] =
	REGSTRIDE_WINDOW_OPS("i8259", pic_mmio_read, pic_mmio_write);

const struct mmio_ops *i8259_mmio_ops(const struct i8259 *p)
{
	return regstride_window_ops(pic_ops, p->cfg.stride, p->cfg.endian);
}

uint64_t i8259_mmio_size(const struct i8259 *p)
{
	return 2 * (uint64_t)p->cfg.stride;
}

int i8259_create(const struct i8259_config *cfg, struct i8259 **out,
		 struct err *e)
{
	struct i8259 *p = calloc(1, sizeof(*p));

	if (!p)
		return err_set(e, "i8259: out of memory");
	p->cfg = *cfg;
	if (!p->cfg.name)
		p->cfg.name = "i8259";
	if (!p->cfg.stride)
		p->cfg.stride = 1;
	if (regstride_check(p->cfg.name, p->cfg.stride, e) < 0) {
		free(p);
		return -1;
	}
	i8259_reset(p);
	*out = p;
	return 0;
}

void i8259_destroy(struct i8259 *p)
{
	free(p);
}
