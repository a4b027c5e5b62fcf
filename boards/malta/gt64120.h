/* Galileo GT-64120 system controller (MIPS Malta with CoreLV/CoreFPGA
 * boards): the CPU interface, the PCI_0 host bridge and its configuration
 * mechanism, and the PCI interrupt-acknowledge cycle. */
#ifndef MIPSVZ_MALTA_GT64120_H
#define MIPSVZ_MALTA_GT64120_H

#include <stdint.h>

#include "vmm/bus.h"
#include "vmm/err.h"
#include "vmm/pci.h"

/* Register offsets (GT-64120 datasheet; Linux asm/gt64120.h). */
enum {
	GT_CPU = 0x000,
	GT_PCI0IOLD = 0x048, GT_PCI0IOHD = 0x050,
	GT_PCI0M0LD = 0x058, GT_PCI0M0HD = 0x060,
	GT_ISD = 0x068,
	GT_CPUERR_ADDRLO = 0x070, GT_CPUERR_ADDRHI = 0x078,
	GT_PCI0M1LD = 0x080, GT_PCI0M1HD = 0x088,
	GT_PCI0IOREMAP = 0x0f0, GT_PCI0M0REMAP = 0x0f8,
	GT_PCI0M1REMAP = 0x100,
	GT_PCI0_CMD = 0xc00,
	GT_INTRCAUSE = 0xc18, GT_INTRMASK = 0xc1c,
	GT_PCI0_IACK = 0xc34,
	GT_PCI0_CFGADDR = 0xcf8, GT_PCI0_CFGDATA = 0xcfc,
};

#define GT_REGS_SIZE 0x1000
#define GT_PCI0_CMD_MBYTESWAP 0x00000001u
#define GT_PCI0_CMD_SBYTESWAP 0x00010000u
#define GT_CFGADDR_CFGEN 0x80000000u
#define GT_INTRCAUSE_MASABORT0 (1u << 18)
#define GT_INTRCAUSE_TARABORT0 (1u << 19)

struct gt64120;

struct gt64120_config {
	struct pci_bus *pci;	/* PCI_0, bus 0; the GT registers itself at 0.0 */
	/* Byte order of the CPU: selects the power-on byte-swap setting. */
	enum endian cpu_endian;
	/* The interrupt-acknowledge cycle on PCI_0: the 8-bit vector the
	 * PIIX4's i8259 pair puts on the bus. NULL reads 0xff. */
	uint8_t (*iack)(void *opaque);
	void *iack_opaque;
};

int gt64120_create(const struct gt64120_config *cfg, struct gt64120 **out,
		   struct err *e);
void gt64120_destroy(struct gt64120 *gt);
/* Registers as YAMON leaves them (see gt64120.c). */
void gt64120_reset(struct gt64120 *gt);

/* Map GT_REGS_SIZE bytes with these ops and the chip as opaque. */
extern const struct mmio_ops gt64120_ops;

/* Raw register value (tests, monitor). */
uint32_t gt64120_reg(const struct gt64120 *gt, unsigned off);

#endif
