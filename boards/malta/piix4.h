/* Intel 82371AB PIIX4 south bridge glue on the Malta (PCI device 10):
 * function 0 (PCI-to-ISA bridge: configuration space, PIRQ routing, the
 * NMI status/control port 0x61 and the reset control port 0xcf9),
 * function 2 (USB, configuration space only) and function 3 (power
 * management: PM I/O block at PMBA with power-off through PMCNTRL).
 * Function 1 (IDE) is a separate device; the ISA chips (8259s, 8254,
 * RTC, UARTs) are vmm/dev/ chips the board wires. */
#ifndef MIPSVZ_MALTA_PIIX4_H
#define MIPSVZ_MALTA_PIIX4_H

#include <stdint.h>

#include "vmm/bus.h"
#include "vmm/clock.h"
#include "vmm/err.h"
#include "vmm/irq.h"
#include "vmm/pci.h"

struct i8254;
struct piix4;

/* PIIX4 function 0 configuration registers (datasheet 290562, 4.1). */
enum {
	PIIX4_PIRQRC = 0x60,	/* 4 bytes: PIRQA..D routing */
	PIIX4_SERIRQC = 0x64,
	PIIX4_TOM = 0x69,
	PIIX4_DLC = 0x82,
	PIIX4_GENCFG = 0xb0,
	PIIX4_RTCCFG = 0xcb,
};
#define PIIX4_PIRQRC_DISABLE 0x80

/* Function 3 configuration and PM I/O registers (datasheet 11.1, 11.2). */
enum {
	PIIX4_PMBA = 0x40,
	PIIX4_PMREGMISC = 0x80,
	PIIX4_SMBBA = 0x90,
};
enum {
	PIIX4_PM_PMSTS = 0x00,
	PIIX4_PM_PMEN = 0x02,
	PIIX4_PM_PMCNTRL = 0x04,
	PIIX4_PM_PMTMR = 0x08,
};
#define PIIX4_PM_SIZE 64
#define PIIX4_PMCNTRL_SUS_EN (1u << 13)
#define PIIX4_PMCNTRL_SUS_TYP(v) (((v) >> 10) & 7)

struct piix4_config {
	struct pci_bus *pci;	/* its sysbus/io_base map the PM block */
	unsigned slot;		/* PCI device number (Malta: 10) */
	struct vclock *clock;	/* PM timer, port 0x61 refresh toggle */
	struct i8254 *pit;	/* port 0x61: GATE2 and OUT2; may be NULL */
	/* ISA interrupt inputs (i8259 pair) that PIRQ routing drives. */
	struct irq isa_irq[16];
	/* PMCNTRL soft-off; port 0xcf9 CPU reset. */
	void (*poweroff)(void *opaque);
	void (*reset)(void *opaque);
	void *opaque;
};

int piix4_create(const struct piix4_config *cfg, struct piix4 **out,
		 struct err *e);
void piix4_destroy(struct piix4 *p);
void piix4_reset(struct piix4 *p);

/* PCI interrupt inputs PIRQA..PIRQD (n = 0..3): irq_make(piix4_set_pirq,
 * piix4, n). They reach the ISA IRQ that PIRQRC[n] names. */
void piix4_set_pirq(void *opaque, int n, int level);

/* Port 0x61 (1 byte) and port 0xcf9 (1 byte), the piix4 as opaque. */
extern const struct mmio_ops piix4_port61_ops;
extern const struct mmio_ops piix4_rcr_ops;

/* Configuration space of function fn (0, 2, 3), for tests. */
struct pci_device *piix4_function(struct piix4 *p, unsigned fn);

#endif
