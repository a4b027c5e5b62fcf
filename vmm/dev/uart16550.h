/* National Semiconductor PC16550D UART (and the compatible cores in the
 * PIIX4 SuperIO and the Malta CBUS FPGA): one chip per instance.
 *
 * Registers are byte-wide, `stride` bytes apart: 1 on ISA ports, 8 on the
 * Malta CBUS UART (Linux: regshift 3, 32-bit accesses). With a stride
 * above 1, an access of any size anywhere in a register's window reaches
 * that register, its value in the low byte of the access. */
#ifndef MIPSVZ_DEV_UART16550_H
#define MIPSVZ_DEV_UART16550_H

#include <stdbool.h>
#include <stdint.h>

#include "vmm/bus.h"
#include "vmm/chardev.h"
#include "vmm/clock.h"
#include "vmm/err.h"
#include "vmm/irq.h"

/* Register numbers (offset / stride). */
enum {
	UART_RBR = 0, UART_THR = 0, UART_DLL = 0,
	UART_IER = 1, UART_DLM = 1,
	UART_IIR = 2, UART_FCR = 2,
	UART_LCR = 3, UART_MCR = 4, UART_LSR = 5, UART_MSR = 6, UART_SCR = 7,
};

#define UART16550_NREGS 8
#define UART16550_FIFO_SIZE 16
/* The 1.8432 MHz crystal of PC serial ports (PIIX4 SuperIO). */
#define UART16550_PC_CLOCK_HZ 1843200u

struct uart16550;

struct uart16550_config {
	const char *name;	/* for logs, e.g. "tty0" */
	unsigned stride;	/* bytes between registers; 0 means 1 */
	enum endian endian;	/* byte lanes of accesses wider than 1 */
	uint32_t clock_hz;	/* input clock (character timeout); 0 = PC */
	struct vclock *clock;	/* virtual clock for the RX timeout timer */
	struct chardev *chr;	/* backend; NULL = not connected */
	struct irq irq;		/* INTR output, level, active high */
};

int uart16550_create(const struct uart16550_config *cfg,
		     struct uart16550 **out, struct err *e);
/* Detaches from the chardev (which the caller still owns). */
void uart16550_destroy(struct uart16550 *u);
/* Master reset: every register to its datasheet reset value. */
void uart16550_reset(struct uart16550 *u);

/* The register-file ops for bus_map_mmio(bus, base,
 * uart16550_mmio_size(u), uart16550_mmio_ops(u), u, e). */
const struct mmio_ops *uart16550_mmio_ops(const struct uart16550 *u);
uint64_t uart16550_mmio_size(const struct uart16550 *u);

/* Register access by number (0-7), as the guest sees it. */
uint8_t uart16550_read(struct uart16550 *u, unsigned reg);
void uart16550_write(struct uart16550 *u, unsigned reg, uint8_t v);

/* The serial input side (what the chardev calls; boards and tests may
 * call it too, machine lock held): bytes the receiver can take now, and
 * bytes arriving on SIN. Bytes beyond the room are lost with an overrun
 * error, as on the wire. */
size_t uart16550_can_receive(struct uart16550 *u);
void uart16550_receive(struct uart16550 *u, const uint8_t *buf, size_t len);

#endif
