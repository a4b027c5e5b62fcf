/* Intel 8259A programmable interrupt controller: one chip per instance.
 * The board cascades two (PC/PIIX4: the slave's INT drives master IR2)
 * and maps the PIIX4 edge/level control register (ELCR) per chip.
 *
 * Inputs are level lines (struct irq handler i8259_set_input); whether
 * a chip latches edges or levels per input is the ELCR's business, as on
 * the PIIX4 (ICW1 LTIM is ignored there, PIIX4 datasheet 3.3.5). */
#ifndef MIPSVZ_DEV_I8259_H
#define MIPSVZ_DEV_I8259_H

#include <stdbool.h>
#include <stdint.h>

#include "vmm/bus.h"
#include "vmm/err.h"
#include "vmm/irq.h"

struct i8259;

struct i8259_config {
	const char *name;	/* for logs: "pic-master", "pic-slave" */
	unsigned stride;	/* bytes between the two ports; 0 means 1 */
	enum endian endian;	/* byte lanes of accesses wider than 1 */
	/* ELCR bits the guest may set (PIIX4: 0xf8 master, 0xde slave:
	 * IRQ0-2, 8 and 13 are always edge). */
	uint8_t elcr_mask;
	struct irq intr;	/* INT output, level, active high */
};

int i8259_create(const struct i8259_config *cfg, struct i8259 **out,
		 struct err *e);
void i8259_destroy(struct i8259 *p);
/* Back to the power-on state: uninitialised, everything masked off
 * and cleared, ELCR all edge. Input levels are kept (they are wires). */
void i8259_reset(struct i8259 *p);

/* Input line n (0-7) handler: irq_make(i8259_set_input, pic, n). */
void i8259_set_input(void *opaque, int n, int level);

/* Tell a master which input carries a slave, so that acknowledging the
 * master fetches the vector from the slave (ICW3 must agree). The board
 * also wires the slave's intr to irq_make(i8259_set_input, master, line). */
void i8259_set_slave(struct i8259 *master, int line, struct i8259 *slave);

/* The INTA cycle pair: returns the 8-bit vector the chip (or its slave)
 * puts on the bus and moves the request from IRR to ISR (or not at all
 * in auto-EOI mode). No request pending gives the spurious vector of
 * IR7 (IR15 on a slave reached through the master). The GT-64120 PCI
 * interrupt-acknowledge register read calls this on the master. */
uint8_t i8259_ack(struct i8259 *p);

/* Whether INT is asserted now. */
bool i8259_intr_level(const struct i8259 *p);

/* The two ports (offset 0: ICW1/OCW2/OCW3 and IRR/ISR/poll; offset 1:
 * ICW2-4/OCW1 and IMR). */
const struct mmio_ops *i8259_mmio_ops(const struct i8259 *p);
uint64_t i8259_mmio_size(const struct i8259 *p);
uint8_t i8259_read(struct i8259 *p, unsigned port);
void i8259_write(struct i8259 *p, unsigned port, uint8_t v);

/* ELCR (PIIX4 ports 0x4d0 master, 0x4d1 slave): bit n set = IRn is
 * level-triggered, active high here (active low on the ISA pins,
 * inverted by the PIIX4). One byte; map with i8259_elcr_ops and the
 * chip as opaque. */
extern const struct mmio_ops i8259_elcr_ops;
uint8_t i8259_elcr_read(const struct i8259 *p);
void i8259_elcr_write(struct i8259 *p, uint8_t v);

#endif
