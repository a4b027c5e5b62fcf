/* Intel 82371AB PIIX4 IDE controller, PCI function 1 of the PIIX4 (MIPS
 * Malta: device 10 function 1): two ATA channels at the legacy ports
 * (0x1f0-0x1f7/0x3f6 and 0x170-0x177/0x376, IRQ 14 and 15) and the
 * SFF-8038i bus-master DMA engine at BAR4 (BMIBA). Native PCI mode does
 * not exist on the PIIX4. Facts: Intel 82371AB datasheet (290562)
 * sections 2.7 and 5.7; docs/hw/ata.md. */
#ifndef MIPSVZ_DEV_PIIX4_IDE_H
#define MIPSVZ_DEV_PIIX4_IDE_H

#include <stdbool.h>
#include <stdint.h>

#include "vmm/block/block.h"
#include "vmm/config.h"
#include "vmm/dev/ata.h"
#include "vmm/err.h"
#include "vmm/irq.h"
#include "vmm/pci.h"

#define PIIX4_IDE_VENDOR 0x8086
#define PIIX4_IDE_DEVICE 0x7111

/* Function 1 configuration registers (datasheet 2.7). */
enum {
	PIIX4_IDE_BMIBA = 0x20,		/* = BAR4 */
	PIIX4_IDE_IDETIM = 0x40,	/* 2 bytes per channel */
	PIIX4_IDE_SIDETIM = 0x44,
	PIIX4_IDE_UDMACTL = 0x48,
	PIIX4_IDE_UDMATIM = 0x4a,
};
#define PIIX4_IDETIM_DECODE 0x8000	/* IDE decode enable, per channel */

/* Bus-master registers, per channel at BMIBA + 8 * channel. */
enum {
	PIIX4_BM_CMD = 0,
	PIIX4_BM_STATUS = 2,
	PIIX4_BM_PRDT = 4,
};
#define PIIX4_BM_CMD_START 0x01
#define PIIX4_BM_CMD_TO_MEMORY 0x08	/* RWCON: 1 = device to memory */
#define PIIX4_BM_ST_ACTIVE 0x01
#define PIIX4_BM_ST_ERROR 0x02
#define PIIX4_BM_ST_INTR 0x04
#define PIIX4_BM_ST_DMA0CAP 0x20
#define PIIX4_BM_ST_DMA1CAP 0x40

/* Descriptors one transfer may walk: a table cannot cross a 64 KiB
 * boundary (SFF-8038i), so 8192 entries is the most a guest can have. */
#define PIIX4_PRD_MAX 8192

struct piix4_ide_config {
	struct pci_bus *pci;	/* PCI bus; its sysbus is where DMA goes */
	unsigned devfn;		/* Malta: device 10 function 1 = 0x51 */
	struct irq irq[2];	/* ISA IRQ 14 and 15 (the i8259 pair) */
	/* Attach the config's IDE disks (bus "ide" or the default bus,
	 * type "disk"; units 0-3 = primary master/slave, secondary
	 * master/slave). May be NULL: attach with piix4_ide_attach. */
	const struct config *drives;
};

struct piix4_bm {
	uint8_t cmd, status;
	uint32_t prdt;
	/* Where the engine is in the descriptor table. */
	uint32_t prd_next, cur_addr, cur_left;
	unsigned entries;
	bool last;		/* the current descriptor had EOT set */
};

struct piix4_ide {
	struct pci_device pci;
	struct ata_channel ch[2];
	struct piix4_bm bm[2];
	struct irq irq[2];
	bool legacy_mapped[2];
};

int piix4_ide_create(const struct piix4_ide_config *cfg,
		     struct piix4_ide **out, struct err *e);
/* Power-on state; drives keep their images. */
void piix4_ide_reset(struct piix4_ide *s);
void piix4_ide_destroy(struct piix4_ide *s);
/* Attach a disk at unit 0-3; the controller owns blk from then on. */
int piix4_ide_attach(struct piix4_ide *s, unsigned unit, struct block *blk,
		     struct err *e);

/* The BAR4 register block (16 bytes), with the controller as opaque. */
extern const struct mmio_ops piix4_ide_bm_ops;

#endif
