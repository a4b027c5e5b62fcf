/* Intel 82371AB PIIX4 IDE function: PCI configuration, legacy port
 * decoding and the bus-master DMA engine (Intel 82371AB datasheet 290562,
 * sections 2.7 and 5.7; SFF-8038i for the engine's PRD format and status
 * semantics). The ATA devices themselves are vmm/dev/ata.c. */
#include "piix4_ide.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vmm/log.h"

/* Legacy-mode addresses (datasheet 5.7.1; PCI IDE spec "compatibility"). */
static const uint16_t piix4_ide_cmd_port[2] = { 0x1f0, 0x170 };
static const uint16_t piix4_ide_ctl_port[2] = { 0x3f6, 0x376 };

/* PRD entry: dword 0 = physical address (bit 0 ignored), dword 1 =
 * byte count in bits 15:1 (0 means 64 KiB) and EOT in bit 31. */
#define PRD_EOT 0x80000000u
#define PRD_COUNT_MASK 0xfffeu

/* --- ATA register blocks -------------------------------------------- */

static uint64_t piix4_ide_cmd_read(void *opaque, uint64_t off, unsigned size)
{
	struct ata_channel *ch = opaque;
	uint64_t v = 0;

	if (off == ATA_REG_DATA)
		return ata_cmd_read(ch, ATA_REG_DATA, size);
	for (unsigned i = 0; i < size && off + i < 8; i++)
		v |= (uint64_t)ata_cmd_read(ch, off + i, 1) << (8 * i);
	return v;
}

static void piix4_ide_cmd_write(void *opaque, uint64_t off, uint64_t v,
				unsigned size)
{
	struct ata_channel *ch = opaque;

	if (off == ATA_REG_DATA) {
		ata_cmd_write(ch, ATA_REG_DATA, v, size);
		return;
	}
	for (unsigned i = 0; i < size && off + i < 8; i++)
		ata_cmd_write(ch, off + i, (v >> (8 * i)) & 0xff, 1);
}

/* The data register takes 16- and 32-bit accesses (32-bit PIO); the
 * others are 8-bit registers on a little-endian ISA-style bus. */
static const struct mmio_ops piix4_ide_cmd_ops = {
	.name = "piix4-ide-cmd",
	.read = piix4_ide_cmd_read,
	.write = piix4_ide_cmd_write,
	.valid_sizes = ACCESS_1 | ACCESS_2 | ACCESS_4,
	.impl_sizes = ACCESS_1 | ACCESS_2 | ACCESS_4,
	.endian = ENDIAN_LITTLE,
};

static uint64_t piix4_ide_ctl_read(void *opaque, uint64_t off, unsigned size)
{
	return ata_ctl_read(opaque);
}

static void piix4_ide_ctl_write(void *opaque, uint64_t off, uint64_t v,
				unsigned size)
{
	ata_ctl_write(opaque, v);
}

static const struct mmio_ops piix4_ide_ctl_ops = {
	.name = "piix4-ide-ctl",
	.read = piix4_ide_ctl_read,
	.write = piix4_ide_ctl_write,
	.valid_sizes = ACCESS_1,
	.impl_sizes = ACCESS_1,
	.endian = ENDIAN_LITTLE,
};

/* --- bus-master engine ---------------------------------------------- */

static struct bus *piix4_ide_sysbus(struct piix4_ide *s)
{
	return s->pci.bus->sysbus;
}

/* A master abort on PCI (a descriptor or buffer outside RAM): the
 * engine stops with the error bit set (datasheet 2.7.6, BMISX bit 1). */
static int64_t piix4_bm_abort(struct piix4_bm *bm, const char *what,
			      uint32_t addr)
{
	LOG_RATELIMITED("piix4-ide: DMA stopped: %s at 0x%08" PRIx32, what,
			addr);
	bm->status = (bm->status & ~PIIX4_BM_ST_ACTIVE) | PIIX4_BM_ST_ERROR;
	return -1;
}

static int64_t piix4_bm_rw(struct piix4_ide *s, int n, uint8_t *buf,
			   size_t len, bool to_memory)
{
	struct piix4_bm *bm = &s->bm[n];
	struct bus *bus = piix4_ide_sysbus(s);
	size_t done = 0;

	if (!(bm->status & PIIX4_BM_ST_ACTIVE))
		return 0;
	if (!(bm->cmd & PIIX4_BM_CMD_TO_MEMORY) != !to_memory)
		LOG_RATELIMITED("piix4-ide: bus master direction (RWCON) does"
				" not match the drive's command");
	while (done < len) {
		size_t k;
		int ret;

		if (!bm->cur_left) {
			uint32_t addr, count;

			if (bm->last) {
				/* Table ended before the drive finished. */
				bm->status &= ~PIIX4_BM_ST_ACTIVE;
				return done;
			}
			if (bm->entries >= PIIX4_PRD_MAX)
				return piix4_bm_abort(bm, "descriptor table"
						      " without an end",
						      bm->prd_next);
			if (dma_read32(bus, bm->prd_next, ENDIAN_LITTLE,
				       &addr) < 0 ||
			    dma_read32(bus, bm->prd_next + 4, ENDIAN_LITTLE,
				       &count) < 0)
				return piix4_bm_abort(bm, "descriptor outside"
						      " RAM", bm->prd_next);
			bm->prd_next += 8;
			bm->entries++;
			bm->cur_addr = addr & ~1u;
			bm->cur_left = count & PRD_COUNT_MASK;
			if (!bm->cur_left)
				bm->cur_left = 0x10000;
			bm->last = count & PRD_EOT;
		}
		k = len - done < bm->cur_left ? len - done : bm->cur_left;
		ret = to_memory ? dma_write(bus, bm->cur_addr, buf + done, k)
				: dma_read(bus, bm->cur_addr, buf + done, k);
		if (ret < 0)
			return piix4_bm_abort(bm, "buffer outside RAM",
					      bm->cur_addr);
		bm->cur_addr += k;
		bm->cur_left -= k;
		done += k;
	}
	/* The last descriptor used up exactly: the engine goes idle. A
	 * longer table leaves it active, which SFF-8038i counts as a good
	 * completion too. */
	if (bm->last && !bm->cur_left)
		bm->status &= ~PIIX4_BM_ST_ACTIVE;
	return done;
}

static int64_t piix4_bm_rw0(void *opaque, uint8_t *buf, size_t len, bool to)
{
	return piix4_bm_rw(opaque, 0, buf, len, to);
}

static int64_t piix4_bm_rw1(void *opaque, uint8_t *buf, size_t len, bool to)
{
	return piix4_bm_rw(opaque, 1, buf, len, to);
}

static bool piix4_bm_running(const struct piix4_bm *bm)
{
	return (bm->cmd & PIIX4_BM_CMD_START) &&
	       (bm->status & PIIX4_BM_ST_ACTIVE);
}

static void piix4_bm_ready0(void *opaque)
{
	struct piix4_ide *s = opaque;

	if (piix4_bm_running(&s->bm[0]))
		ata_dma_run(&s->ch[0]);
}

static void piix4_bm_ready1(void *opaque)
{
	struct piix4_ide *s = opaque;

	if (piix4_bm_running(&s->bm[1]))
		ata_dma_run(&s->ch[1]);
}

static const struct ata_dma_ops piix4_bm_dma_ops[2] = {
	{ .rw = piix4_bm_rw0, .ready = piix4_bm_ready0 },
	{ .rw = piix4_bm_rw1, .ready = piix4_bm_ready1 },
};

static void piix4_bm_cmd_write(struct piix4_ide *s, int n, uint8_t v)
{
	struct piix4_bm *bm = &s->bm[n];
	uint8_t old = bm->cmd;

	/* RWCON may not change while the engine runs (BMICX bit 3). */
	if (old & PIIX4_BM_CMD_START)
		v = (v & PIIX4_BM_CMD_START) | (old & PIIX4_BM_CMD_TO_MEMORY);
	bm->cmd = v & (PIIX4_BM_CMD_START | PIIX4_BM_CMD_TO_MEMORY);
	if (!(old & PIIX4_BM_CMD_START) && (v & PIIX4_BM_CMD_START)) {
		bm->status |= PIIX4_BM_ST_ACTIVE;
		bm->prd_next = bm->prdt;
		bm->cur_left = 0;
		bm->entries = 0;
		bm->last = false;
		if (ata_dma_waiting(&s->ch[n]))
			ata_dma_run(&s->ch[n]);
	} else if ((old & PIIX4_BM_CMD_START) && !(v & PIIX4_BM_CMD_START)) {
		/* Stopping abandons whatever was in flight (BMICX bit 0). */
		bm->status &= ~PIIX4_BM_ST_ACTIVE;
	}
}

static uint64_t piix4_bm_read(void *opaque, uint64_t off, unsigned size)
{
	struct piix4_ide *s = opaque;
	struct piix4_bm *bm = &s->bm[off >= 8];
	unsigned r = off & 7;

	switch (r) {
	case PIIX4_BM_CMD:
		return bm->cmd;
	case PIIX4_BM_STATUS:
		return bm->status;
	case 4: case 5: case 6: case 7:
		return (bm->prdt >> (8 * (r - 4))) & 0xff;
	}
	return 0;
}

static void piix4_bm_write(void *opaque, uint64_t off, uint64_t v,
			   unsigned size)
{
	struct piix4_ide *s = opaque;
	int n = off >= 8;
	struct piix4_bm *bm = &s->bm[n];
	unsigned r = off & 7;

	switch (r) {
	case PIIX4_BM_CMD:
		piix4_bm_cmd_write(s, n, v);
		break;
	case PIIX4_BM_STATUS:
		/* Bits 2:1 clear when written 1; 6:5 are plain storage. */
		bm->status &= ~(v & (PIIX4_BM_ST_ERROR | PIIX4_BM_ST_INTR));
		bm->status = (bm->status & ~(PIIX4_BM_ST_DMA0CAP |
					     PIIX4_BM_ST_DMA1CAP)) |
			     (v & (PIIX4_BM_ST_DMA0CAP | PIIX4_BM_ST_DMA1CAP));
		break;
	case 4: case 5: case 6: case 7: {
		unsigned sh = 8 * (r - 4);

		bm->prdt = (bm->prdt & ~(0xffu << sh)) | ((uint32_t)v << sh);
		bm->prdt &= ~3u;	/* dword aligned (BMIDTPX) */
		break;
	}
	}
}

const struct mmio_ops piix4_ide_bm_ops = {
	.name = "piix4-ide-bm",
	.read = piix4_bm_read,
	.write = piix4_bm_write,
	.valid_sizes = ACCESS_1 | ACCESS_2 | ACCESS_4,
	.impl_sizes = ACCESS_1,
	.endian = ENDIAN_LITTLE,
};

/* INTRQ of a channel: latched in BMISX bit 2 (the driver's way to tell
 * its interrupt from a shared one) and passed to the ISA IRQ. */
static void piix4_ide_irq(void *opaque, int n, int level)
{
	struct piix4_ide *s = opaque;

	if (level)
		s->bm[n].status |= PIIX4_BM_ST_INTR;
	irq_set(&s->irq[n], level);
}

/* --- PCI configuration ---------------------------------------------- */

/* Each channel's legacy ports decode while I/O space is on (PCICMD bit 0)
 * and its IDETIM "IDE decode enable" bit is set (datasheet 2.7.9);
 * Linux's Malta fixup sets that bit, as YAMON does. */
static void piix4_ide_update_legacy(struct piix4_ide *s)
{
	struct pci_bus *pb = s->pci.bus;
	bool io = pci_get(&s->pci, PCI_COMMAND, 2) & PCI_COMMAND_IO;

	for (int n = 0; n < 2; n++) {
		uint64_t cmd = pb->io_base + piix4_ide_cmd_port[n];
		uint64_t ctl = pb->io_base + piix4_ide_ctl_port[n];
		bool want = io && (pci_get(&s->pci, PIIX4_IDE_IDETIM + 2 * n,
					   2) & PIIX4_IDETIM_DECODE);
		struct err e;

		if (want == s->legacy_mapped[n])
			continue;
		if (!want) {
			bus_unmap(pb->sysbus, cmd);
			bus_unmap(pb->sysbus, ctl);
			s->legacy_mapped[n] = false;
			continue;
		}
		if (bus_map_mmio(pb->sysbus, cmd, 8, &piix4_ide_cmd_ops,
				 &s->ch[n], &e) < 0) {
			LOG_RATELIMITED("piix4-ide: %s", e.msg);
			continue;
		}
		if (bus_map_mmio(pb->sysbus, ctl, 1, &piix4_ide_ctl_ops,
				 &s->ch[n], &e) < 0) {
			LOG_RATELIMITED("piix4-ide: %s", e.msg);
			bus_unmap(pb->sysbus, cmd);
			continue;
		}
		s->legacy_mapped[n] = true;
		TRACE(TRACE_DEV, "piix4-ide: %s channel at ports 0x%x/0x%x",
		      n ? "secondary" : "primary", piix4_ide_cmd_port[n],
		      piix4_ide_ctl_port[n]);
	}
}

static void piix4_ide_config_write(struct pci_device *d, unsigned off,
				   uint32_t v, unsigned size)
{
	if ((off <= PCI_COMMAND && off + size > PCI_COMMAND) ||
	    (off < PIIX4_IDE_IDETIM + 4 && off + size > PIIX4_IDE_IDETIM))
		piix4_ide_update_legacy(d->opaque);
}

/* Power-on values of the configuration registers (datasheet 2.7). */
static void piix4_ide_config_defaults(struct piix4_ide *s)
{
	struct pci_device *d = &s->pci;

	pci_put(d, PCI_COMMAND, 0, 2);
	pci_put(d, PCI_STATUS, 0x0280, 2);	/* fast b2b, medium DEVSEL */
	pci_put(d, 0x0d, 0, 1);			/* latency timer */
	pci_put(d, PIIX4_IDE_BMIBA, 1, 4);	/* I/O space indicator */
	pci_put(d, PIIX4_IDE_IDETIM, 0, 4);
	pci_put(d, PIIX4_IDE_SIDETIM, 0, 1);
	pci_put(d, PIIX4_IDE_UDMACTL, 0, 1);
	pci_put(d, PIIX4_IDE_UDMATIM, 0, 2);
}

static void piix4_ide_config_masks(struct piix4_ide *s)
{
	uint8_t *w = s->pci.wmask;

	/* No memory space and no INTx disable on this function. */
	w[PCI_COMMAND] = PCI_COMMAND_IO | PCI_COMMAND_MASTER;
	w[PCI_COMMAND + 1] = 0;
	w[0x0c] = 0;			/* no cache line size register */
	w[0x0d] = 0xf0;			/* MLT: bits 7:4 */
	w[PCI_INTERRUPT_LINE] = 0;	/* legacy IRQs, no PCI INTx */
	/* BMIBA: bits 15:4 only (a 16-byte block in the 64 KiB I/O space). */
	w[PIIX4_IDE_BMIBA + 2] = 0;
	w[PIIX4_IDE_BMIBA + 3] = 0;
	memset(w + PIIX4_IDE_IDETIM, 0xff, 4);
	w[PIIX4_IDE_SIDETIM] = 0xff;
	w[PIIX4_IDE_UDMACTL] = 0x0f;
	w[PIIX4_IDE_UDMATIM] = 0x33;
	w[PIIX4_IDE_UDMATIM + 1] = 0x33;
}

/* --- life cycle ------------------------------------------------------ */

int piix4_ide_attach(struct piix4_ide *s, unsigned unit, struct block *blk,
		     struct err *e)
{
	char serial[21];

	if (unit > 3)
		return err_set(e, "IDE unit %u does not exist (0-3)", unit);
	snprintf(serial, sizeof(serial), "MIPSVZ-IDE%u", unit);
	return ata_attach_disk(&s->ch[unit / 2], unit % 2, blk, serial, e);
}

static bool piix4_ide_wants(const struct drive_config *d)
{
	return (!d->bus || strcmp(d->bus, "ide") == 0);
}

/* "appliance.conf:12: ide[0].image: cannot open ..." (BAD-INPUTS row 1),
 * or "drive[0]: ..." for --disk. */
static int piix4_ide_drive_fail(const struct config *c,
				const struct drive_config *d, unsigned idx,
				const char *setting, struct err *e)
{
	char where[300] = "";

	if (d->line && c->path)
		snprintf(where, sizeof(where), "%s:%d: ", c->path, d->line);
	return err_prefix(e, "%s%s[%u]%s", where, d->bus ? d->bus : "drive",
			  idx, setting);
}

static int piix4_ide_attach_config(struct piix4_ide *s, const struct config *c,
				   struct err *e)
{
	bool used[4] = { false };
	unsigned idx[2] = { 0, 0 };

	for (unsigned i = 0; i < c->ndrives; i++) {
		const struct drive_config *d = &c->drives[i];
		unsigned *k = &idx[d->bus ? 1 : 0];
		struct block *blk;
		int unit = d->id;

		if (!piix4_ide_wants(d))
			continue;
		(*k)++;
		if (d->type && strcmp(d->type, "disk") != 0) {
			err_set(e, "IDE %s drives are not supported yet (ATA"
				   " disks only)", d->type);
			return piix4_ide_drive_fail(c, d, *k - 1, ".type", e);
		}
		if (unit < 0)
			for (unit = 0; unit < 4 && used[unit]; unit++)
				;
		if (unit > 3 || used[unit]) {
			err_set(e, unit > 3 ? "no free IDE unit (at most 4"
					      " drives, ids 0-3)"
					    : "IDE unit %d is taken", unit);
			return piix4_ide_drive_fail(c, d, *k - 1, ".id", e);
		}
		if (block_open_drive(&blk, d, e) < 0)
			return piix4_ide_drive_fail(c, d, *k - 1, ".image", e);
		if (piix4_ide_attach(s, unit, blk, e) < 0) {
			block_close(blk);
			return piix4_ide_drive_fail(c, d, *k - 1, ".image", e);
		}
		used[unit] = true;
	}
	return 0;
}

int piix4_ide_create(const struct piix4_ide_config *cfg,
		     struct piix4_ide **out, struct err *e)
{
	struct piix4_ide *s = calloc(1, sizeof(*s));

	*out = NULL;
	if (!s)
		return err_set(e, "piix4-ide: out of memory");
	for (int n = 0; n < 2; n++) {
		s->irq[n] = cfg->irq[n];
		ata_channel_init(&s->ch[n], n ? "ide-secondary"
					      : "ide-primary",
				 irq_make(piix4_ide_irq, s, n));
		ata_set_dma(&s->ch[n], &piix4_bm_dma_ops[n], s);
	}
	/* Class 01h (mass storage), subclass 01h (IDE), programming
	 * interface 80h (bus master, both channels fixed in legacy mode). */
	if (pci_device_register(cfg->pci, &s->pci, cfg->devfn, "piix4-ide",
				PIIX4_IDE_VENDOR, PIIX4_IDE_DEVICE, 0x01018001,
				e) < 0) {
		free(s);
		return -1;
	}
	s->pci.opaque = s;
	s->pci.config_write = piix4_ide_config_write;
	pci_set_bar(&s->pci, 4, 16, true, &piix4_ide_bm_ops, s);
	piix4_ide_config_masks(s);
	piix4_ide_config_defaults(s);
	if (cfg->drives && piix4_ide_attach_config(s, cfg->drives, e) < 0) {
		piix4_ide_destroy(s);
		return -1;
	}
	*out = s;
	return 0;
}

void piix4_ide_reset(struct piix4_ide *s)
{
	struct pci_bus *pb = s->pci.bus;

	/* Through the bus, so BAR4 and the legacy ports are unmapped. */
	pci_config_write(pb, 0, s->pci.devfn, PCI_COMMAND, 0, 2);
	piix4_ide_config_defaults(s);
	piix4_ide_update_legacy(s);
	memset(s->bm, 0, sizeof(s->bm));
	for (int n = 0; n < 2; n++)
		ata_channel_reset(&s->ch[n]);
}

void piix4_ide_destroy(struct piix4_ide *s)
{
	struct pci_bus *pb;

	if (!s)
		return;
	pb = s->pci.bus;
	pci_config_write(pb, 0, s->pci.devfn, PCI_COMMAND, 0, 2);
	if (pb->dev[s->pci.devfn] == &s->pci)
		pb->dev[s->pci.devfn] = NULL;
	for (int n = 0; n < 2; n++)
		ata_channel_destroy(&s->ch[n]);
	free(s);
}
