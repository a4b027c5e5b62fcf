/* Intel 8254 programmable interval timer: three 16-bit counters, modes
 * 0-5, binary or BCD. Counts are computed from the virtual clock when
 * read; timers are armed only for output edges that someone can see.
 * The input clock is a create parameter: 1.193182 MHz on PCs (PIIX4),
 * other rates on SGI's IOC. */
#ifndef MIPSVZ_DEV_I8254_H
#define MIPSVZ_DEV_I8254_H

#include <stdbool.h>
#include <stdint.h>

#include "vmm/bus.h"
#include "vmm/clock.h"
#include "vmm/err.h"
#include "vmm/irq.h"

#define I8254_PC_CLOCK_HZ 1193182u

struct i8254;

struct i8254_config {
	const char *name;	/* for logs */
	unsigned stride;	/* bytes between the four ports; 0 means 1 */
	enum endian endian;	/* byte lanes of accesses wider than 1 */
	uint64_t clock_hz;	/* counter input clock; 0 = PC rate */
	struct vclock *clock;
	/* OUT0-2 (PC: OUT0 -> IRQ0; OUT2 -> speaker and port 0x61). */
	struct irq out[3];
};

int i8254_create(const struct i8254_config *cfg, struct i8254 **out,
		 struct err *e);
void i8254_destroy(struct i8254 *t);
/* Power-on state: counters unprogrammed, OUT low, no timers armed.
 * Gates are inputs and keep their levels. */
void i8254_reset(struct i8254 *t);

/* GATE inputs (counter 0-2); all start high (PC: GATE0/1 tied high,
 * GATE2 from port 0x61 bit 0, which the board drives). */
void i8254_set_gate(struct i8254 *t, int counter, bool level);
/* OUT level now (port 0x61 bit 5 reads OUT2 on a PC). */
bool i8254_get_out(struct i8254 *t, int counter);

/* Ports 0-2: counters; port 3: control word (write only). */
const struct mmio_ops *i8254_mmio_ops(const struct i8254 *t);
uint64_t i8254_mmio_size(const struct i8254 *t);
uint8_t i8254_read(struct i8254 *t, unsigned port);
void i8254_write(struct i8254 *t, unsigned port, uint8_t v);

#endif
