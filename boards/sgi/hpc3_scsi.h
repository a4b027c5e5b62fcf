/* HPC3 SCSI channel: the descriptor-chain DMA engine behind hpc3.c's
 * SCSI register file, the WD33C93A wired to it, and the SCSI targets the
 * config gives the channel. The channel's interrupt line to INT2/INT3 is
 * the OR of the chip's INTRQ and the HPC3 DMA interrupt, so this object
 * owns it: the board hands HPC3 hpc3_scsi_dma_irq() as the channel's DMA
 * interrupt and gives this object the real INT2/INT3 input.
 *
 * Board wiring (ip22.c), per channel:
 *   hpc3_scsi_create(&cfg, &s->scsi[0], e);   before hpc3_create, with
 *   hc.scsi_irq[0] = hpc3_scsi_dma_irq(s->scsi[0]);
 *   hpc3_scsi_attach(s->scsi[0], s->hpc3, HPC3_BASE0 + HPC3_SCSI0_EXT, e)
 *   (maps the chip window in place of the unimplemented one). */
#ifndef MIPSVZ_BOARDS_SGI_HPC3_SCSI_H
#define MIPSVZ_BOARDS_SGI_HPC3_SCSI_H

#include "boards/sgi/hpc3.h"
#include "vmm/bus.h"
#include "vmm/config.h"
#include "vmm/dev/scsi.h"
#include "vmm/dev/wd33c93.h"
#include "vmm/irq.h"

/* HPC3 descriptor (Linux asm/sgi/hpc3.h): {pbuf, cntinfo, pnext}. */
#define HPC3_DESC_EOX 0x80000000u	/* last in chain */
#define HPC3_DESC_XIE 0x20000000u	/* interrupt when this one is done */
#define HPC3_DESC_BCNT 0x3fffu
/* Zero-length descriptors fetched in a row before the channel is
 * stopped as looping (BAD-INPUTS row 17). */
#define HPC3_SCSI_MAX_EMPTY 64

struct hpc3_scsi_config {
	const char *name;	/* "scsi0" */
	unsigned chan;		/* HPC3 SCSI channel 0 or 1 */
	struct bus *bus;	/* guest memory for DMA */
	struct irq out;		/* INT2/INT3 local 0 SCSI input */
	/* The drives of this controller (bus "scsi"); may be none. */
	const struct drive_config *drives;
	unsigned ndrives;
};

struct hpc3_scsi;

int hpc3_scsi_create(const struct hpc3_scsi_config *cfg,
		     struct hpc3_scsi **out, struct err *e);
/* The line HPC3 drives for this channel's DMA interrupt. */
struct irq hpc3_scsi_dma_irq(struct hpc3_scsi *s);
/* Connect to the HPC3's channel registers and map the chip's window
 * (HPC3_SCSI_EXT_SIZE bytes; registers at +0x4003 and +0x4007, one byte
 * per 32-bit word: SGI-FACTS 5.3.4). Replaces an unimplemented region
 * already mapped at `base`. */
int hpc3_scsi_attach(struct hpc3_scsi *s, struct hpc3 *h, uint64_t base,
		     struct err *e);
void hpc3_scsi_reset(struct hpc3_scsi *s);
void hpc3_scsi_destroy(struct hpc3_scsi *s);

/* The image of target `id` (NULL: none or no disc), for the board's
 * ARCS disk hooks (arcs_platform disk_size/disk_read/disk_write), so the
 * firmware reads through the same open image as the SCSI target. */
struct block *hpc3_scsi_drive(struct hpc3_scsi *s, unsigned id,
			      bool *cdrom);

/* For tests: the chip and the window's ops. */
struct wd33c93 *hpc3_scsi_chip(struct hpc3_scsi *s);
extern const struct mmio_ops hpc3_scsi_wd_ops;

#endif
