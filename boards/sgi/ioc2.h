/* SGI IOC2 I/O controller (HPC3 PBUS PIO channel 6, 0x1fbd9800) of the
 * Indy ("Guinness") and Indigo2 ("Full House"): parallel port, keyboard
 * controller, general control, front panel (power), system ID, reset/
 * read/write registers and (Indigo2) EXT_IO. The Z85C30 at +0x30 and the
 * Indy's INT3 at +0x80 are separate devices the board maps in between:
 * map ioc2_ops_lo at +0x00 (0x30 bytes), ioc2_ops_mid at +0x40 (0x40)
 * and ioc2_ops_hi at +0xc0 (0x340). Byte registers on lane 3. */
#ifndef MIPSVZ_BOARDS_SGI_IOC2_H
#define MIPSVZ_BOARDS_SGI_IOC2_H

#include <stdbool.h>
#include <stdint.h>

#include "vmm/bus.h"
#include "vmm/err.h"
#include "vmm/irq.h"

#define IOC2_BASE 0x1fbd9800ull
#define IOC2_LO_SIZE 0x30ull
#define IOC2_MID 0x40ull
#define IOC2_MID_SIZE 0x40ull
#define IOC2_HI 0xc0ull
#define IOC2_HI_SIZE 0x340ull

/* Register offsets (byte at +3) */
enum {
	IOC2_KBD_DATA = 0x40, IOC2_KBD_CMD = 0x44, IOC2_GCSEL = 0x48,
	IOC2_GENCTRL = 0x4c, IOC2_PANEL = 0x50, IOC2_SYSID = 0x58,
	IOC2_READ = 0x60, IOC2_DMASEL = 0x68, IOC2_RESET = 0x70,
	IOC2_WRITE = 0x78, IOC2_EXTIO = 0x100,
};

#define IOC2_PANEL_POWERON 0x01
#define IOC2_PANEL_POWERINTR 0x02	/* active low: 0 = button pressed */
#define IOC2_SYSID_FULLHOUSE 0x01

struct ioc2;

struct ioc2_config {
	bool fullhouse;			/* Indigo2 */
	uint8_t sysid;			/* SYSID register value */
	struct irq panel_irq;		/* INT local1 bit 1 */
	struct irq kbd_irq;		/* INT mappable bit 4 */
	void (*power_off)(void *opaque);	/* panel POWERON cleared */
	void *opaque;
};

int ioc2_create(const struct ioc2_config *cfg, struct ioc2 **out,
		struct err *e);
void ioc2_destroy(struct ioc2 *io);
void ioc2_reset(struct ioc2 *io);
extern const struct mmio_ops ioc2_ops_lo, ioc2_ops_mid, ioc2_ops_hi;

uint8_t ioc2_read(struct ioc2 *io, unsigned reg);
void ioc2_write(struct ioc2 *io, unsigned reg, uint8_t v);

/* The front-panel power button was pressed (host request). */
void ioc2_power_button(struct ioc2 *io);

#endif
