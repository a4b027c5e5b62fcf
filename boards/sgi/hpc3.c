/* SGI HPC3 register file. Facts: Linux's asm/sgi/hpc3.h (offsets: PBUS
 * DMA channel n at n * 0x2000 with its control word at +0x1000, SCSI
 * channels at 0x10000/0x12000, Ethernet at 0x14000, istat0/gio_misc/
 * eeprom/istat1/bestat at 0x30000; "istat0 only reliable for bits 4:0,
 * istat1 for 9:5"; PBUS DMA/PIO configuration at 0x5c000/0x5d000; PROM
 * write enable, swap and general-purpose out at 0x5e000/0x5e800/0x5f000),
 * sgiwd93.c (SCSI CTRL: ACTIVE, FLUSH until ACTIVE clears, CRESET) and
 * SGI-FACTS 4.6.3 (FLUSH must not raise an interrupt; the Indigo2 PROM
 * drives the EEPROM with byte writes to the register's last byte).
 *
 * DMA engines are not implemented here: PBUS DMA starts are logged; the
 * SCSI channels hand CTRL writes to a handler the SCSI controller model
 * installs (hpc3_set_scsi_handler); the Ethernet channel is storage. */
#include "hpc3.h"

#include <stdlib.h>
#include <string.h>

#include "boards/sgi/ip22_eeprom.h"
#include "vmm/dev/regstride.h"
#include "vmm/log.h"

#define PBDMA_CTRL_INT 0x01
#define PBDMA_CTRL_ACT 0x10

struct hpc3 {
	struct hpc3_config cfg;
	struct {
		uint32_t bptr, dptr, ctrl;
	} pbdma[8];
	struct hpc3_scsi_regs scsi[2];
	struct hpc3_scsi_handler scsi_hd[2];
	uint32_t enet[2][8];		/* rx at 0x14000, tx at 0x16000 */
	uint32_t enet_reset, enet_dconfig, enet_pconfig;
	uint32_t gio_misc, eeprom_ctl, bestat;
	uint32_t pbus_dmacfg[8], pbus_piocfg[16];
	uint32_t promwe, promswap, gout;
	bool enet_irq;
};

struct hpc3_scsi_regs *hpc3_scsi_regs(struct hpc3 *h, unsigned chan)
{
	return &h->scsi[chan & 1];
}

void hpc3_set_scsi_handler(struct hpc3 *h, unsigned chan,
			   const struct hpc3_scsi_handler *hd)
{
	h->scsi_hd[chan & 1] = hd ? *hd : (struct hpc3_scsi_handler){ 0 };
}

void hpc3_scsi_irq(struct hpc3 *h, unsigned chan, bool on)
{
	struct hpc3_scsi_regs *r = &h->scsi[chan & 1];

	r->ctrl = on ? r->ctrl | HPC3_SCTRL_IRQ : r->ctrl & ~HPC3_SCTRL_IRQ;
	irq_set(&h->cfg.scsi_irq[chan & 1], on);
}

/* istat: bit n PBUS DMA channel n, bit 8/9 SCSI channel 0/1. */
static uint32_t istat(const struct hpc3 *h)
{
	uint32_t v = 0;

	for (int i = 0; i < 8; i++)
		if (h->pbdma[i].ctrl & PBDMA_CTRL_INT)
			v |= 1u << i;
	for (int i = 0; i < 2; i++)
		if (h->scsi[i].ctrl & HPC3_SCTRL_IRQ)
			v |= 0x100u << i;
	return v;
}

static uint32_t *scsi_reg(struct hpc3_scsi_regs *r, unsigned off)
{
	switch (off) {
	case HPC3_SCSI_CBP: return &r->cbp;
	case HPC3_SCSI_NBDP: return &r->nbdp;
	case HPC3_SCSI_BC: return &r->bc;
	case HPC3_SCSI_CTRL: return &r->ctrl;
	case HPC3_SCSI_GIO: return &r->gio;
	case HPC3_SCSI_DEV: return &r->dev;
	case HPC3_SCSI_DMACFG: return &r->dmacfg;
	case HPC3_SCSI_PIOCFG: return &r->piocfg;
	}
	return NULL;
}

static void scsi_ctrl_write(struct hpc3 *h, unsigned chan, uint32_t v)
{
	struct hpc3_scsi_regs *r = &h->scsi[chan];
	struct hpc3_scsi_handler *hd = &h->scsi_hd[chan];
	uint32_t old = r->ctrl;

	/* IRQ is status (cleared by a read of CTRL); the rest is stored. */
	r->ctrl = (v & ~HPC3_SCTRL_IRQ) | (old & HPC3_SCTRL_IRQ);
	if (hd->ctrl_write) {
		hd->ctrl_write(hd->opaque, chan, r, old);
		return;
	}
	/* No DMA engine attached: nothing is ever in flight, so a FLUSH or
	 * a channel reset leaves the channel idle at once (Linux waits for
	 * ACTIVE to clear after FLUSH). */
	if (v & (HPC3_SCTRL_FLUSH | HPC3_SCTRL_CRESET))
		r->ctrl &= ~HPC3_SCTRL_ACTIVE;
	if ((v & HPC3_SCTRL_ACTIVE) && !(old & HPC3_SCTRL_ACTIVE))
		LOG_RATELIMITED("%s: SCSI%u DMA started with no SCSI "
				"controller attached", h->cfg.name, chan);
}

static uint32_t *enet_reg(struct hpc3 *h, unsigned off)
{
	unsigned tx = off >= 0x2000, r = off & 0x1fff;
	unsigned idx;

	switch (r) {
	case 0x0000: idx = 0; break;	/* current buffer pointer */
	case 0x0004: idx = 1; break;	/* next descriptor */
	case 0x1000: idx = 2; break;	/* byte count */
	case 0x1004: idx = 3; break;	/* control */
	case 0x1008: idx = 4; break;	/* GIO FIFO pointer */
	case 0x100c: idx = 5; break;	/* device FIFO pointer */
	case 0x1014: return tx ? NULL : &h->enet_reset;
	case 0x1018: return tx ? NULL : &h->enet_dconfig;
	case 0x101c: return tx ? NULL : &h->enet_pconfig;
	default: return NULL;
	}
	return &h->enet[tx][idx];
}

uint32_t hpc3_read(struct hpc3 *h, unsigned off)
{
	uint32_t *p, v;

	if (off < 0x10000) {
		unsigned ch = off >> 13, r = off & 0x1fff;

		if (r == 0x0000)
			return h->pbdma[ch].bptr;
		if (r == 0x0004)
			return h->pbdma[ch].dptr;
		if (r == 0x1000) {
			/* INT is cleared by the read. */
			v = h->pbdma[ch].ctrl;
			h->pbdma[ch].ctrl &= ~PBDMA_CTRL_INT;
			return v;
		}
	} else if (off < 0x14000) {
		unsigned ch = (off >> 13) & 1;

		p = scsi_reg(&h->scsi[ch], off & 0x1fff);
		if (p == &h->scsi[ch].ctrl) {
			/* Reading CTRL acknowledges the channel interrupt. */
			v = *p;
			if (v & HPC3_SCTRL_IRQ)
				hpc3_scsi_irq(h, ch, false);
			return v;
		}
		if (p)
			return *p;
	} else if (off < 0x18000) {
		p = enet_reg(h, off - 0x14000);
		if (p)
			return *p;
	} else {
		switch (off) {
		case 0x30000: return istat(h) & 0x1f;
		case 0x30004: return h->gio_misc;
		case 0x30008:
			return ip22_eeprom_reg_read(h->cfg.eeprom, h->eeprom_ctl);
		case 0x3000c: return istat(h) & 0x3e0;
		case 0x30010: return h->bestat;
		}
	}
	LOG_RATELIMITED("%s: unimplemented: read at +0x%x", h->cfg.name, off);
	return 0;
}

void hpc3_write(struct hpc3 *h, unsigned off, uint32_t v)
{
	uint32_t *p;

	TRACE(TRACE_DEV, "%s: [0x%05x] <- 0x%08x", h->cfg.name, off, v);
	if (off < 0x10000) {
		unsigned ch = off >> 13, r = off & 0x1fff;

		if (r == 0x0004) {
			h->pbdma[ch].dptr = v;
			return;
		}
		if (r == 0x1000) {
			h->pbdma[ch].ctrl = (v & ~0x3u) |
					    (h->pbdma[ch].ctrl & PBDMA_CTRL_INT);
			if (v & PBDMA_CTRL_ACT) {
				LOG_RATELIMITED("%s: unimplemented: PBUS DMA "
						"channel %u (ctrl 0x%x)",
						h->cfg.name, ch, v);
				h->pbdma[ch].ctrl &= ~PBDMA_CTRL_ACT;
			}
			return;
		}
	} else if (off < 0x14000) {
		unsigned ch = (off >> 13) & 1;

		p = scsi_reg(&h->scsi[ch], off & 0x1fff);
		if (p == &h->scsi[ch].ctrl) {
			scsi_ctrl_write(h, ch, v);
			return;
		}
		if (p && p != &h->scsi[ch].cbp) {	/* CBP is read-only */
			*p = v;
			return;
		}
	} else if (off < 0x18000) {
		p = enet_reg(h, off - 0x14000);
		if (p == &h->enet_reset) {
			/* CLRIRQ (0x2) acknowledges the channel interrupt. */
			*p = v;
			if ((v & 2) && h->enet_irq) {
				h->enet_irq = false;
				irq_set(&h->cfg.enet_irq, 0);
			}
			return;
		}
		if (p) {
			*p = v;
			return;
		}
	} else {
		switch (off) {
		case 0x30000: case 0x3000c:
			return;		/* status: read-only */
		case 0x30004: h->gio_misc = v; return;
		case 0x30008:
			h->eeprom_ctl = ip22_eeprom_reg_write(h->cfg.eeprom, v);
			return;
		case 0x30010: h->bestat = 0; return;
		}
	}
	LOG_RATELIMITED("%s: unimplemented: write 0x%x at +0x%x",
			h->cfg.name, v, off);
}

/* 32-bit registers; a byte access reaches the register's low byte on
 * lane 3 (the PROM's EEPROM byte writes) and reads any byte. */
static uint64_t hpc3_mmio_read(void *opaque, uint64_t off, unsigned size)
{
	uint32_t v = hpc3_read(opaque, off & ~3ull);

	if (size == 1)
		return (v >> (8 * (3 - (off & 3)))) & 0xff;
	return v;
}

static void hpc3_mmio_write(void *opaque, uint64_t off, uint64_t v,
			    unsigned size)
{
	if (!regstride_on_lane(off, size, 4))
		return;
	hpc3_write(opaque, off & ~3ull, (uint32_t)v & (size == 1 ? 0xff :
						      0xffffffffu));
}

const struct mmio_ops hpc3_ops = {
	.name = "hpc3", .read = hpc3_mmio_read, .write = hpc3_mmio_write,
	.valid_sizes = ACCESS_1 | ACCESS_4, .impl_sizes = ACCESS_1 | ACCESS_4,
	.endian = ENDIAN_BIG,
};

/* PBUS DMA configuration (0x5c000, 8 x 0x200), PIO configuration
 * (0x5d000, 16 x 0x100), PROM write enable/swap and general output. */
static uint32_t *cfg_reg(struct hpc3 *h, uint64_t off)
{
	if (off < 0x1000)
		return (off & 0x1ff) == 0 ? &h->pbus_dmacfg[off >> 9] : NULL;
	if (off < 0x2000)
		return (off & 0xff) == 0 ? &h->pbus_piocfg[(off - 0x1000) >> 8] :
					   NULL;
	switch (off) {
	case 0x2000: return &h->promwe;
	case 0x2800: return &h->promswap;
	case 0x3000: return &h->gout;
	}
	return NULL;
}

static uint64_t hpc3_cfg_read(void *opaque, uint64_t off, unsigned size)
{
	struct hpc3 *h = opaque;
	uint32_t *p = cfg_reg(h, off);

	if (!p) {
		LOG_RATELIMITED("%s: unimplemented: read at +0x%llx",
				h->cfg.name, (unsigned long long)(off +
								  HPC3_CFG_BASE));
		return 0;
	}
	return *p;
}

static void hpc3_cfg_write(void *opaque, uint64_t off, uint64_t v,
			   unsigned size)
{
	struct hpc3 *h = opaque;
	uint32_t *p = cfg_reg(h, off);

	if (p)
		*p = (uint32_t)v;
	else
		LOG_RATELIMITED("%s: unimplemented: write at +0x%llx",
				h->cfg.name, (unsigned long long)(off +
								  HPC3_CFG_BASE));
}

const struct mmio_ops hpc3_cfg_ops = {
	.name = "hpc3-cfg", .read = hpc3_cfg_read, .write = hpc3_cfg_write,
	.valid_sizes = ACCESS_4, .impl_sizes = ACCESS_4, .endian = ENDIAN_BIG,
};

void hpc3_reset(struct hpc3 *h)
{
	struct hpc3_config cfg = h->cfg;
	struct hpc3_scsi_handler hd[2] = { h->scsi_hd[0], h->scsi_hd[1] };

	memset(h, 0, sizeof(*h));
	h->cfg = cfg;
	h->scsi_hd[0] = hd[0];
	h->scsi_hd[1] = hd[1];
	for (int i = 0; i < 2; i++)
		irq_set(&h->cfg.scsi_irq[i], 0);
	irq_set(&h->cfg.enet_irq, 0);
}

int hpc3_create(const struct hpc3_config *cfg, struct hpc3 **out,
		struct err *e)
{
	struct hpc3 *h = calloc(1, sizeof(*h));

	if (!h)
		return err_set(e, "hpc3: out of memory");
	h->cfg = *cfg;
	if (!h->cfg.name)
		h->cfg.name = "hpc3";
	*out = h;
	return 0;
}

void hpc3_destroy(struct hpc3 *h)
{
	free(h);
}
