/* HPC3 SCSI DMA channel engine and WD33C93A wiring (SGI-FACTS 4.6.3,
 * 5.3.4, 5.3.8; Linux sgiwd93.c builds the chains this walks).
 *
 * Descriptors are three big-endian words {pbuf, cntinfo, pnext}; cntinfo
 * bits 13:0 are the byte count, bit 31 EOX ends the chain, bit 29 XIE
 * interrupts when the descriptor is done. CTRL ACTIVE starts the channel
 * at NBDP; DIR set means memory to device (Linux: ACTIVE for a read from
 * disk, ACTIVE|DIR for a write). FLUSH stops it without an interrupt. The
 * end of a chain clears ACTIVE and raises the DMA interrupt, which a read
 * of the chip's SCSI Status acknowledges too (IRIX's miniroot never reads
 * CTRL: SGI-FACTS 4.6.3).
 *
 * Guest-built chains are untrusted: a descriptor or buffer outside RAM
 * stops the channel with an interrupt; so do HPC3_SCSI_MAX_EMPTY empty
 * descriptors in a row (a self-loop); work per call is bounded by the
 * bytes the chip offers (BAD-INPUTS row 17). */
#include "hpc3_scsi.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vmm/dev/regstride.h"
#include "vmm/log.h"

struct hpc3_scsi {
	struct hpc3_scsi_config cfg;
	struct hpc3 *hpc;
	struct wd33c93 *wd;
	struct scsi_bus sbus;
	uint64_t base;
	uint32_t left;		/* bytes left in the current descriptor */
	bool loaded, dma_irq, wd_irq, out_level;
};

static void hs_update(struct hpc3_scsi *s)
{
	bool level = s->dma_irq || s->wd_irq;

	if (level != s->out_level) {
		s->out_level = level;
		irq_set(&s->cfg.out, level);
	}
}

/* HPC3 drives this for the channel's DMA interrupt (hpc3_scsi_irq). */
static void hs_dma_irq_in(void *opaque, int n, int level)
{
	struct hpc3_scsi *s = opaque;

	s->dma_irq = level;
	hs_update(s);
}

static void hs_wd_irq_in(void *opaque, int n, int level)
{
	struct hpc3_scsi *s = opaque;

	s->wd_irq = level;
	hs_update(s);
}

struct irq hpc3_scsi_dma_irq(struct hpc3_scsi *s)
{
	return irq_make(hs_dma_irq_in, s, s->cfg.chan);
}

static struct hpc3_scsi_regs *hs_regs(struct hpc3_scsi *s)
{
	return hpc3_scsi_regs(s->hpc, s->cfg.chan);
}

static void hs_stop(struct hpc3_scsi *s, bool irq, const char *why)
{
	struct hpc3_scsi_regs *r = hs_regs(s);

	r->ctrl &= ~HPC3_SCTRL_ACTIVE;
	s->loaded = false;
	s->left = 0;
	if (why)
		LOG_RATELIMITED("%s: DMA stopped: %s (descriptor 0x%08x)",
				s->cfg.name, why, r->nbdp);
	if (irq)
		hpc3_scsi_irq(s->hpc, s->cfg.chan, true);
}

/* Load the descriptor at NBDP; false when the channel had to stop. */
static bool hs_fetch(struct hpc3_scsi *s)
{
	struct hpc3_scsi_regs *r = hs_regs(s);
	uint32_t d[3];

	for (int i = 0; i < 3; i++)
		if (dma_read32(s->cfg.bus, (uint64_t)r->nbdp + 4 * i,
			       ENDIAN_BIG, &d[i]) < 0) {
			hs_stop(s, true, "descriptor outside RAM");
			return false;
		}
	r->cbp = d[0];
	r->bc = d[1];
	r->nbdp = d[2];
	s->left = d[1] & HPC3_DESC_BCNT;
	s->loaded = true;
	return true;
}

/* The current descriptor is used up: an interrupt if it asked for one;
 * the chain ends after an EOX descriptor. */
static bool hs_desc_done(struct hpc3_scsi *s)
{
	struct hpc3_scsi_regs *r = hs_regs(s);

	if (r->bc & HPC3_DESC_XIE)
		hpc3_scsi_irq(s->hpc, s->cfg.chan, true);
	if (r->bc & HPC3_DESC_EOX) {
		hs_stop(s, true, NULL);
		return false;
	}
	s->loaded = false;
	return true;
}

static size_t hs_move(struct hpc3_scsi *s, uint8_t *buf, size_t len,
		      bool to_mem)
{
	struct hpc3_scsi_regs *r;
	unsigned empty = 0;
	size_t done = 0;

	if (!s->hpc)
		return 0;
	r = hs_regs(s);
	if (!(r->ctrl & HPC3_SCTRL_ACTIVE) ||
	    !(r->ctrl & HPC3_SCTRL_DIR) != to_mem)
		return 0;
	while (done < len) {
		size_t n;
		int rc;

		if (!s->loaded && !hs_fetch(s))
			break;
		if (!s->left) {
			if (++empty > HPC3_SCSI_MAX_EMPTY) {
				hs_stop(s, true, "endless chain of empty"
						 " descriptors");
				break;
			}
			if (!hs_desc_done(s))
				break;
			continue;
		}
		empty = 0;
		n = len - done < s->left ? len - done : s->left;
		rc = to_mem ? dma_write(s->cfg.bus, r->cbp, buf + done, n)
			    : dma_read(s->cfg.bus, r->cbp, buf + done, n);
		if (rc < 0) {
			hs_stop(s, true, "buffer outside RAM");
			break;
		}
		r->cbp += n;
		s->left -= n;
		r->bc = (r->bc & ~HPC3_DESC_BCNT) | s->left;
		done += n;
		if (!s->left && !hs_desc_done(s))
			break;
	}
	return done;
}

static size_t hs_to_mem(void *opaque, const uint8_t *buf, size_t len)
{
	return hs_move(opaque, (uint8_t *)buf, len, true);
}

static size_t hs_from_mem(void *opaque, uint8_t *buf, size_t len)
{
	return hs_move(opaque, buf, len, false);
}

static void hs_status_read(void *opaque)
{
	struct hpc3_scsi *s = opaque;

	if (s->hpc && (hs_regs(s)->ctrl & HPC3_SCTRL_IRQ))
		hpc3_scsi_irq(s->hpc, s->cfg.chan, false);
}

/* Every guest write of the channel's CTRL (hpc3.c stored it already). */
static void hs_ctrl_write(void *opaque, unsigned chan,
			  struct hpc3_scsi_regs *r, uint32_t old)
{
	struct hpc3_scsi *s = opaque;

	if ((r->ctrl & HPC3_SCTRL_CRESET) && !(old & HPC3_SCTRL_CRESET)) {
		/* CRESET drives the chip's MR pin (SGI-FACTS 4.6.3). */
		hs_stop(s, false, NULL);
		r->ctrl &= ~HPC3_SCTRL_ACTIVE;
		wd33c93_hw_reset(s->wd);
		return;
	}
	if (r->ctrl & HPC3_SCTRL_FLUSH) {
		/* Nothing is held in a FIFO here: the channel is idle at
		 * once, and FLUSH raises no interrupt. */
		hs_stop(s, false, NULL);
		return;
	}
	if (!(r->ctrl & HPC3_SCTRL_ACTIVE)) {
		s->loaded = false;
		return;
	}
	if (!(old & HPC3_SCTRL_ACTIVE)) {
		s->loaded = false;
		s->left = 0;
	}
	wd33c93_dma_ready(s->wd);
}

/* The chip's window: byte registers in the low byte of 32-bit words,
 * address/status at +0x4003 and data at +0x4007 (Linux's 0x1fbc4003/7).
 * Bit 2 of the offset is the chip's A0. */
static uint64_t hs_wd_read(void *opaque, uint64_t off, unsigned size)
{
	struct hpc3_scsi *s = opaque;

	if (!regstride_on_lane(off, size, 4))
		return 0;
	return wd33c93_read(s->wd, (off >> 2) & 1);
}

static void hs_wd_write(void *opaque, uint64_t off, uint64_t v,
			unsigned size)
{
	struct hpc3_scsi *s = opaque;

	if (!regstride_on_lane(off, size, 4))
		return;
	wd33c93_write(s->wd, (off >> 2) & 1, v & 0xff);
}

const struct mmio_ops hpc3_scsi_wd_ops = {
	.name = "wd33c93",
	.read = hs_wd_read,
	.write = hs_wd_write,
	.valid_sizes = ACCESS_1 | ACCESS_4,
	.impl_sizes = ACCESS_1 | ACCESS_4,
	.endian = ENDIAN_BIG,
};

/* Targets from the config: disks default to ids 1, 2, 3, ..., CDs to 4
 * (the PROM's "Local CD-ROM 4": SGI-FACTS 4.6.5). */
static int hs_add_targets(struct hpc3_scsi *s, struct err *e)
{
	for (unsigned i = 0; i < s->cfg.ndrives; i++) {
		struct drive_config dc = s->cfg.drives[i];
		const struct drive_config *d = &dc;
		bool cd = d->type && !strcmp(d->type, "cdrom");
		int id = d->id;
		struct scsi_dev *dev;
		struct block *b;
		char name[32];

		if (id < 0) {
			id = cd ? 4 : 1;
			while (id < 8 && s->sbus.dev[id])
				id++;
		}
		if (id > 7 || s->sbus.dev[id])
			return err_set(e, "%s: SCSI id %d is taken or out of"
					  " range (0-7)", s->cfg.name, id);
		/* A CD is never written: open its image read-only (a CD
		 * CHD then needs no overlay). */
		if (cd)
			dc.readonly = true;
		if (block_open_drive(&b, d, e) < 0)
			return err_prefix(e, "%s id %d", s->cfg.name, id);
		snprintf(name, sizeof(name), "%s:%d", s->cfg.name, id);
		if ((cd ? scsi_cd_create(&dev, &b, 1, name, e)
			: scsi_disk_create(&dev, b, name, e)) < 0)
			return -1;
		scsi_bus_attach(&s->sbus, id, dev);
	}
	return 0;
}

int hpc3_scsi_create(const struct hpc3_scsi_config *cfg,
		     struct hpc3_scsi **out, struct err *e)
{
	struct hpc3_scsi *s = calloc(1, sizeof(*s));
	struct wd33c93_config wc = { 0 };

	*out = NULL;
	if (!s)
		return err_set(e, "out of memory");
	s->cfg = *cfg;
	wc.name = cfg->name;
	wc.bus = &s->sbus;
	wc.irq = irq_make(hs_wd_irq_in, s, 0);
	wc.dma = (struct wd33c93_dma){ hs_to_mem, hs_from_mem, hs_status_read,
				       s };
	if (hs_add_targets(s, e) < 0 || wd33c93_create(&wc, &s->wd, e) < 0) {
		hpc3_scsi_destroy(s);
		return -1;
	}
	*out = s;
	return 0;
}

int hpc3_scsi_attach(struct hpc3_scsi *s, struct hpc3 *h, uint64_t base,
		     struct err *e)
{
	struct hpc3_scsi_handler hd = { hs_ctrl_write, s };

	s->hpc = h;
	s->base = base;
	hpc3_set_scsi_handler(h, s->cfg.chan, &hd);
	bus_unmap(s->cfg.bus, base);
	return bus_map_mmio(s->cfg.bus, base, HPC3_SCSI_EXT_SIZE,
			    &hpc3_scsi_wd_ops, s, e);
}

void hpc3_scsi_reset(struct hpc3_scsi *s)
{
	s->loaded = false;
	s->left = 0;
	s->dma_irq = false;
	wd33c93_hw_reset(s->wd);
	/* Power-on: the reset interrupt is only for a reset asked for. */
	while (wd33c93_irq_asserted(s->wd)) {
		wd33c93_write(s->wd, 0, WD_SCSI_STATUS);
		wd33c93_read(s->wd, 1);
	}
	hs_update(s);
}

struct block *hpc3_scsi_drive(struct hpc3_scsi *s, unsigned id,
			      bool *cdrom)
{
	if (id > 7 || !s->sbus.dev[id])
		return NULL;
	return scsi_disk_medium(s->sbus.dev[id], cdrom);
}

struct wd33c93 *hpc3_scsi_chip(struct hpc3_scsi *s)
{
	return s->wd;
}

void hpc3_scsi_destroy(struct hpc3_scsi *s)
{
	if (!s)
		return;
	if (s->hpc)
		hpc3_set_scsi_handler(s->hpc, s->cfg.chan, NULL);
	wd33c93_destroy(s->wd);
	scsi_bus_destroy(&s->sbus);
	free(s);
}
