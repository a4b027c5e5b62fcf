/* Zilog Z85C30 SCC (serial communications controller), asynchronous
 * modes only: two channels with the WR0 register-pointer scheme, a
 * 3-byte receive FIFO with overrun, the interrupt-pending/under-service
 * (RR3/IUS) logic and the vector in RR2. SGI IP22/IP24 (IOC2), and later
 * other boards with the same chip.
 *
 * The register file sits on byte lane 3 of 32-bit words as on the IOC
 * (Linux's ip22zilog.h: control at +3, data at +7): ports in the order
 * channel B control, B data, A control, A data, `stride` bytes apart. A
 * 32-bit access to a port's word reaches the register (value in the low
 * byte); a byte access reaches it only on lane `stride - 1`.
 *
 * Characters leave and arrive at once (no baud-rate timing): the
 * transmit buffer empties as soon as the transmitter is enabled, and
 * input is taken from the chardev as fast as the FIFO drains. */
#ifndef MIPSVZ_DEV_Z85C30_H
#define MIPSVZ_DEV_Z85C30_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vmm/bus.h"
#include "vmm/chardev.h"
#include "vmm/err.h"
#include "vmm/irq.h"

enum { Z85C30_CH_A = 0, Z85C30_CH_B = 1 };

/* Port numbers of the mmio window (offset / stride). */
enum {
	Z85C30_PORT_B_CTL = 0, Z85C30_PORT_B_DATA = 1,
	Z85C30_PORT_A_CTL = 2, Z85C30_PORT_A_DATA = 3,
};

/* IP22's PCLK (Linux's ip22zilog.c ZS_CLOCK). */
#define Z85C30_IP22_PCLK_HZ 3672000u
#define Z85C30_RX_FIFO 3

/* RR0 bits */
#define Z85C30_RR0_RX_AVAIL 0x01
#define Z85C30_RR0_ZERO_COUNT 0x02
#define Z85C30_RR0_TX_EMPTY 0x04
#define Z85C30_RR0_DCD 0x08
#define Z85C30_RR0_SYNC 0x10
#define Z85C30_RR0_CTS 0x20
#define Z85C30_RR0_TX_EOM 0x40
#define Z85C30_RR0_BREAK 0x80
/* RR1 bits */
#define Z85C30_RR1_ALL_SENT 0x01
#define Z85C30_RR1_PARITY 0x10
#define Z85C30_RR1_OVERRUN 0x20
#define Z85C30_RR1_FRAMING 0x40
/* RR3 bits (channel A only) */
#define Z85C30_RR3_B_EXT 0x01
#define Z85C30_RR3_B_TX 0x02
#define Z85C30_RR3_B_RX 0x04
#define Z85C30_RR3_A_EXT 0x08
#define Z85C30_RR3_A_TX 0x10
#define Z85C30_RR3_A_RX 0x20

struct z85c30;

struct z85c30_config {
	const char *name;	/* for logs */
	unsigned stride;	/* bytes between ports; 0 means 4 */
	enum endian endian;	/* byte lanes of 32-bit accesses */
	uint32_t pclk_hz;	/* for the baud rate only; 0 = IP22 PCLK */
	struct chardev *chr[2];	/* [Z85C30_CH_A], [Z85C30_CH_B]; NULL = none */
	struct irq irq;		/* /INT, here active high */
};

int z85c30_create(const struct z85c30_config *cfg, struct z85c30 **out,
		  struct err *e);
/* Detaches from the chardevs (which the caller still owns). */
void z85c30_destroy(struct z85c30 *z);
/* Hardware reset (RESET pin, or WR9 0xc0): datasheet reset values. */
void z85c30_reset(struct z85c30 *z);

const struct mmio_ops *z85c30_mmio_ops(const struct z85c30 *z);
uint64_t z85c30_mmio_size(const struct z85c30 *z);

/* Port access (0-3, Z85C30_PORT_*), as the guest sees it. */
uint8_t z85c30_read(struct z85c30 *z, unsigned port);
void z85c30_write(struct z85c30 *z, unsigned port, uint8_t v);

/* Line side, machine lock held: what the chardev calls, also for tests.
 * Bytes beyond the FIFO room overrun, as on the wire. */
size_t z85c30_can_receive(struct z85c30 *z, int ch);
void z85c30_receive(struct z85c30 *z, int ch, const uint8_t *buf,
		    size_t len);
/* Modem and break inputs (RR0 DCD, CTS, break/abort): external/status
 * interrupts follow WR15. DCD and CTS start asserted (a terminal). */
void z85c30_set_dcd(struct z85c30 *z, int ch, bool on);
void z85c30_set_cts(struct z85c30 *z, int ch, bool on);
void z85c30_set_break(struct z85c30 *z, int ch, bool on);

/* The baud rate WR11-WR14 select: PCLK / (2 * clock mode * (TC + 2));
 * 0 if the BRG is off. A time constant of 0 is legal (TC + 2 >= 2). */
uint32_t z85c30_baud(const struct z85c30 *z, int ch);
/* INT output level now. */
bool z85c30_irq_level(const struct z85c30 *z);
/* Hardware interrupt acknowledge cycle: sets the IUS of the highest
 * pending source and returns the vector as the chip drives it (0xff when
 * WR9 NV is set, "no vector"). The IOC never runs one; for tests. */
uint8_t z85c30_iack(struct z85c30 *z);

/* Console helpers for firmware (the HLE PROM), machine lock held. They go
 * through the chip's own registers as a PROM console driver does:
 * console_setup programs the channel for polled 8N1 at `baud` (WR4/3/5,
 * BRG; interrupts untouched); console_write sends each byte through the
 * data register, programming the channel first if its transmitter is
 * off; console_read returns a received byte or -1. */
void z85c30_console_setup(struct z85c30 *z, int ch, unsigned baud);
void z85c30_console_write(struct z85c30 *z, int ch, const uint8_t *buf,
			  size_t len);
int z85c30_console_read(struct z85c30 *z, int ch);
/* Received bytes waiting in the channel's FIFO. */
size_t z85c30_rx_pending(const struct z85c30 *z, int ch);

#endif
