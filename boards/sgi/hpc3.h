/* SGI HPC3 peripheral controller (IP22 Indy/Indigo2), its own registers:
 * PBUS DMA channels, the SCSI and Ethernet DMA channel register files,
 * interrupt status, GIO misc, the serial EEPROM interface, the bus-error
 * status, and the PBUS DMA/PIO configuration and PROM control words.
 * The devices behind it (WD33C93, Seeq, IOC2, INT2, DS1386, HAL2) are
 * separate devices mapped by the board into HPC3's windows. */
#ifndef MIPSVZ_BOARDS_SGI_HPC3_H
#define MIPSVZ_BOARDS_SGI_HPC3_H

#include <stdbool.h>
#include <stdint.h>

#include "vmm/bus.h"
#include "vmm/dev/eeprom93cs56.h"
#include "vmm/err.h"
#include "vmm/irq.h"

#define HPC3_BASE0 0x1fb80000ull	/* HPC3 #0 */
#define HPC3_BASE1 0x1fb00000ull	/* HPC3 #1 (Challenge S only) */
#define HPC3_SIZE 0x80000ull
/* The register part hpc3_ops serves: [0, HPC3_REGS_SIZE) covers the
 * DMA channels and misc registers; [HPC3_CFG_BASE, +HPC3_CFG_SIZE) the
 * PBUS configuration and PROM control (map both with hpc3_cfg_ops). */
#define HPC3_REGS_SIZE 0x40000ull
#define HPC3_CFG_BASE 0x5c000ull
#define HPC3_CFG_SIZE 0x4000ull
/* Windows for the external devices, offsets from the HPC3 base. */
#define HPC3_SCSI0_EXT 0x40000ull	/* WD33C93 #0 (0x44000 in Linux) */
#define HPC3_SCSI1_EXT 0x48000ull	/* WD33C93 #1 (Indigo2) */
#define HPC3_SCSI_EXT_SIZE 0x8000ull
#define HPC3_ENET_EXT 0x54000ull	/* Seeq 8003/80C03 */
#define HPC3_ENET_EXT_SIZE 0x4000ull
#define HPC3_PBUS_PIO 0x58000ull	/* 10 channels, 0x400 each */
#define HPC3_PBUS_PIO_SIZE 0x400ull
#define HPC3_RTC 0x60000ull		/* DS1386/DS1286, 1 byte per word */
#define HPC3_RTC_SIZE 0x8000ull

/* SCSI channel register file (Linux's struct hpc3_scsiregs). */
enum {
	HPC3_SCSI_CBP = 0x0000, HPC3_SCSI_NBDP = 0x0004,
	HPC3_SCSI_BC = 0x1000, HPC3_SCSI_CTRL = 0x1004,
	HPC3_SCSI_GIO = 0x1008, HPC3_SCSI_DEV = 0x100c,
	HPC3_SCSI_DMACFG = 0x1010, HPC3_SCSI_PIOCFG = 0x1014,
};
#define HPC3_SCTRL_IRQ 0x01
#define HPC3_SCTRL_DIR 0x04
#define HPC3_SCTRL_FLUSH 0x08
#define HPC3_SCTRL_ACTIVE 0x10
#define HPC3_SCTRL_CRESET 0x40

struct hpc3_scsi_regs {
	uint32_t cbp, nbdp, bc, ctrl, gio, dev, dmacfg, piocfg;
};

/* Who drives a SCSI channel's DMA (the WD33C93 side, issue "SCSI"):
 * ctrl_write sees every guest write to the channel's CTRL after the
 * register file has stored it; the handler may change the registers. */
struct hpc3_scsi_handler {
	void (*ctrl_write)(void *opaque, unsigned chan,
			   struct hpc3_scsi_regs *r, uint32_t old);
	void *opaque;
};

struct hpc3;

struct hpc3_config {
	const char *name;
	struct eeprom93cs56 *eeprom;	/* behind the EEPROM register, or NULL */
	struct irq scsi_irq[2];		/* SCSI channel DMA interrupts */
	struct irq enet_irq;		/* Ethernet channel interrupt */
};

int hpc3_create(const struct hpc3_config *cfg, struct hpc3 **out,
		struct err *e);
void hpc3_destroy(struct hpc3 *h);
void hpc3_reset(struct hpc3 *h);
extern const struct mmio_ops hpc3_ops;		/* at base + 0 */
extern const struct mmio_ops hpc3_cfg_ops;	/* at base + HPC3_CFG_BASE */

uint32_t hpc3_read(struct hpc3 *h, unsigned off);
void hpc3_write(struct hpc3 *h, unsigned off, uint32_t v);

/* SCSI DMA channels 0/1: the register file and its DMA engine hook. */
struct hpc3_scsi_regs *hpc3_scsi_regs(struct hpc3 *h, unsigned chan);
void hpc3_set_scsi_handler(struct hpc3 *h, unsigned chan,
			   const struct hpc3_scsi_handler *hd);
/* Raise or clear a SCSI channel's interrupt (CTRL IRQ bit, istat). */
void hpc3_scsi_irq(struct hpc3 *h, unsigned chan, bool on);

#endif
