/* ATA disk core: task file, command set, PIO and DMA data phases.
 * Section numbers are ATA/ATAPI-6 (T13 1410D) unless noted. Disk I/O goes
 * through block_submit and continues in its completion callback, so the
 * same code serves an I/O-thread completion model later. */
#include "ata.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vmm/log.h"

/* Command codes (section 8; ATA/ATAPI-7 volume 1 table E.2). */
enum {
	CMD_NOP = 0x00,
	CMD_DEVICE_RESET = 0x08,
	CMD_RECALIBRATE = 0x10,		/* 0x10-0x1f, obsolete */
	CMD_READ = 0x20,
	CMD_READ_NORETRY = 0x21,
	CMD_READ_EXT = 0x24,
	CMD_READ_DMA_EXT = 0x25,
	CMD_READ_NATIVE_MAX_EXT = 0x27,
	CMD_READ_MULTIPLE_EXT = 0x29,
	CMD_WRITE = 0x30,
	CMD_WRITE_NORETRY = 0x31,
	CMD_WRITE_EXT = 0x34,
	CMD_WRITE_DMA_EXT = 0x35,
	CMD_WRITE_MULTIPLE_EXT = 0x39,
	CMD_VERIFY = 0x40,
	CMD_VERIFY_NORETRY = 0x41,
	CMD_VERIFY_EXT = 0x42,
	CMD_SEEK = 0x70,
	CMD_DIAGNOSE = 0x90,
	CMD_INIT_PARAMS = 0x91,
	CMD_IDENTIFY_PACKET = 0xa1,
	CMD_READ_MULTIPLE = 0xc4,
	CMD_WRITE_MULTIPLE = 0xc5,
	CMD_SET_MULTIPLE = 0xc6,
	CMD_READ_DMA = 0xc8,
	CMD_READ_DMA_NORETRY = 0xc9,
	CMD_WRITE_DMA = 0xca,
	CMD_WRITE_DMA_NORETRY = 0xcb,
	CMD_STANDBY_IMMEDIATE = 0xe0,
	CMD_IDLE_IMMEDIATE = 0xe1,
	CMD_STANDBY = 0xe2,
	CMD_IDLE = 0xe3,
	CMD_CHECK_POWER_MODE = 0xe5,
	CMD_SLEEP = 0xe6,
	CMD_FLUSH_CACHE = 0xe7,
	CMD_FLUSH_CACHE_EXT = 0xea,
	CMD_IDENTIFY = 0xec,
	CMD_SET_FEATURES = 0xef,
	CMD_READ_NATIVE_MAX = 0xf8,
};

/* SET FEATURES subcommands (section 8.37). */
enum {
	SF_WCACHE_ON = 0x02,
	SF_XFER_MODE = 0x03,
	SF_LOOKAHEAD_OFF = 0x55,
	SF_REVERT_OFF = 0x66,
	SF_WCACHE_OFF = 0x82,
	SF_LOOKAHEAD_ON = 0xaa,
	SF_REVERT_ON = 0xcc,
};

#define READY (ATA_DRDY | ATA_DSC)

enum rw_kind { RW_PIO, RW_MULTIPLE, RW_DMA };

static struct ata_drive *ata_cur(struct ata_channel *ch)
{
	return &ch->drive[ch->device & ATA_DEV_DEV ? 1 : 0];
}

bool ata_channel_empty(const struct ata_channel *ch)
{
	return !ch->drive[0].blk && !ch->drive[1].blk;
}

/* INTRQ is driven by the selected device while it has an interrupt
 * pending and nIEN is clear (section 5.2.9). */
static void ata_update_irq(struct ata_channel *ch)
{
	struct ata_drive *d = ata_cur(ch);
	int level = d->blk && d->irq_pending &&
		    !(ch->devctl & ATA_CTL_NIEN);

	if (level == ch->irq_level)
		return;
	ch->irq_level = level;
	TRACE(TRACE_IRQ, "ata %s: INTRQ %d", ch->name, level);
	irq_set(&ch->irq, level);
}

static void ata_finish(struct ata_drive *d, uint8_t status, uint8_t error)
{
	d->status = status;
	d->error = error;
	d->xfer = ATA_XFER_NONE;
	d->irq_pending = true;
	ata_update_irq(d->ch);
}

static void ata_ok(struct ata_drive *d)
{
	ata_finish(d, READY, 0);
}

static void ata_abort(struct ata_drive *d)
{
	ata_finish(d, READY | ATA_ERR, ATA_ABRT);
}

/* Reset signature of an ATA device (section 9.12). */
static void ata_set_signature(struct ata_channel *ch)
{
	ch->nsect = 1;
	ch->lbal = 1;
	ch->lbam = 0;
	ch->lbah = 0;
	ch->device = 0;
	ch->hob_nsect = ch->hob_lbal = ch->hob_lbam = ch->hob_lbah = 0;
}

/* --- addressing ------------------------------------------------------ */

static bool ata_decode_lba(struct ata_drive *d, bool lba48, uint64_t *lba)
{
	struct ata_channel *ch = d->ch;
	unsigned cyl, head, sect;

	if (lba48) {
		*lba = (uint64_t)ch->hob_lbah << 40 |
		       (uint64_t)ch->hob_lbam << 32 |
		       (uint64_t)ch->hob_lbal << 24 | ch->lbah << 16 |
		       ch->lbam << 8 | ch->lbal;
		return true;
	}
	if (ch->device & ATA_DEV_LBA) {
		*lba = (uint64_t)(ch->device & 0x0f) << 24 | ch->lbah << 16 |
		       ch->lbam << 8 | ch->lbal;
		return true;
	}
	/* CHS through the current translation (section 6.2.1). */
	cyl = ch->lbah << 8 | ch->lbam;
	head = ch->device & 0x0f;
	sect = ch->lbal;
	if (!d->cur_spt || !sect || sect > d->cur_spt ||
	    head >= d->cur_heads)
		return false;
	*lba = ((uint64_t)cyl * d->cur_heads + head) * d->cur_spt + sect - 1;
	return true;
}

/* On an error the task file names the sector that failed (8.x "Error
 * outputs"); Linux reports it from there. */
static void ata_set_lba(struct ata_drive *d, uint64_t lba)
{
	struct ata_channel *ch = d->ch;

	if (d->lba48) {
		ch->hob_lbah = lba >> 40;
		ch->hob_lbam = lba >> 32;
		ch->hob_lbal = lba >> 24;
	} else if (ch->device & ATA_DEV_LBA) {
		ch->device = (ch->device & 0xf0) | ((lba >> 24) & 0x0f);
	} else if (d->cur_spt && d->cur_heads) {
		uint64_t track = lba / d->cur_spt;
		uint64_t cyl = track / d->cur_heads;

		ch->lbal = lba % d->cur_spt + 1;
		ch->lbam = cyl;
		ch->lbah = cyl >> 8;
		ch->device = (ch->device & 0xf0) | (track % d->cur_heads);
		return;
	}
	ch->lbah = lba >> 16;
	ch->lbam = lba >> 8;
	ch->lbal = lba;
}

static uint32_t ata_count(const struct ata_channel *ch, bool lba48)
{
	if (lba48) {
		uint32_t n = ch->hob_nsect << 8 | ch->nsect;

		return n ? n : 65536;
	}
	return ch->nsect ? ch->nsect : 256;
}

/* Decode and range-check the command's sectors; fails the command and
 * returns false when they are not on the medium (IDNF, 9.x). */
static bool ata_setup_range(struct ata_drive *d, bool lba48)
{
	uint64_t lba;
	uint32_t n = ata_count(d->ch, lba48);

	d->lba48 = lba48;
	if (!ata_decode_lba(d, lba48, &lba)) {
		ata_finish(d, READY | ATA_ERR, ATA_IDNF | ATA_ABRT);
		return false;
	}
	if (lba > d->sectors || n > d->sectors - lba) {
		ata_set_lba(d, lba > d->sectors ? lba : d->sectors);
		ata_finish(d, READY | ATA_ERR, ATA_IDNF);
		return false;
	}
	d->lba = lba;
	d->left = n;
	d->standby = false;
	return true;
}

/* --- completion of disk I/O ----------------------------------------- */

static void ata_submit(struct ata_drive *d, enum block_op op, void *buf,
		       size_t len, void (*done)(struct block_req *, int))
{
	d->io_busy = true;
	d->status = ATA_BSY | ATA_DRDY;
	d->req = (struct block_req){ .op = op, .offset = d->lba * BLOCK_SECTOR,
				     .buf = buf, .len = len, .done = done,
				     .opaque = d };
	block_submit(d->blk, &d->req);
}

static void ata_io_error(struct ata_drive *d, uint8_t error)
{
	LOG_RATELIMITED("ata %s.%u: %s", d->ch->name, d->unit, d->req.err.msg);
	ata_set_lba(d, d->lba);
	ata_finish(d, READY | ATA_ERR, error);
}

static void ata_flush_done(struct block_req *req, int ret)
{
	struct ata_drive *d = req->opaque;

	d->io_busy = false;
	if (ret < 0) {
		LOG_RATELIMITED("ata %s.%u: %s", d->ch->name, d->unit,
				req->err.msg);
		ata_abort(d);
		return;
	}
	ata_ok(d);
}

static void ata_start_flush(struct ata_drive *d)
{
	ata_submit(d, BLOCK_OP_FLUSH, NULL, 0, ata_flush_done);
}

/* The last sector of a write is down: with the write cache off (SET
 * FEATURES 82h) it must be on the medium before the device says so. */
static void ata_write_complete(struct ata_drive *d)
{
	if (!d->wcache)
		ata_start_flush(d);
	else
		ata_ok(d);
}

/* --- PIO ------------------------------------------------------------- */

static void ata_pio_read_done(struct block_req *req, int ret)
{
	struct ata_drive *d = req->opaque;

	d->io_busy = false;
	if (ret < 0) {
		ata_io_error(d, ATA_UNC);
		return;
	}
	/* PIO data-in (9.7): DRQ and an interrupt for every block. */
	d->pos = 0;
	d->end = d->chunk * BLOCK_SECTOR;
	d->status = READY | ATA_DRQ;
	d->irq_pending = true;
	ata_update_irq(d->ch);
}

static void ata_pio_read_next(struct ata_drive *d)
{
	d->chunk = d->left < d->drq_sectors ? d->left : d->drq_sectors;
	ata_submit(d, BLOCK_OP_READ, d->pio, d->chunk * BLOCK_SECTOR,
		   ata_pio_read_done);
}

/* The host has read a whole DRQ block. */
static void ata_pio_in_block_done(struct ata_drive *d)
{
	d->lba += d->chunk;
	d->left -= d->chunk;
	if (d->left) {
		ata_pio_read_next(d);
		return;
	}
	/* No interrupt after the last block of a data-in command (9.7). */
	d->status = READY;
	d->xfer = ATA_XFER_NONE;
}

static void ata_pio_out_next(struct ata_drive *d, bool irq)
{
	d->chunk = d->left < d->drq_sectors ? d->left : d->drq_sectors;
	d->pos = 0;
	d->end = d->chunk * BLOCK_SECTOR;
	d->status = READY | ATA_DRQ;
	/* PIO data-out (9.8): the first DRQ comes without an interrupt,
	 * each later one with. */
	if (irq) {
		d->irq_pending = true;
		ata_update_irq(d->ch);
	}
}

static void ata_pio_write_done(struct block_req *req, int ret)
{
	struct ata_drive *d = req->opaque;

	d->io_busy = false;
	if (ret < 0) {
		ata_io_error(d, ATA_ABRT);
		return;
	}
	d->lba += d->chunk;
	d->left -= d->chunk;
	if (d->left)
		ata_pio_out_next(d, true);
	else
		ata_write_complete(d);
}

static uint32_t ata_data_read(struct ata_channel *ch, unsigned size)
{
	struct ata_drive *d = ata_cur(ch);
	uint32_t v = 0;

	if (d->xfer != ATA_XFER_PIO_IN || !(d->status & ATA_DRQ))
		return 0;
	for (unsigned i = 0; i < size && d->pos < d->end; i++)
		v |= (uint32_t)d->pio[d->pos++] << (8 * i);
	if (d->pos >= d->end)
		ata_pio_in_block_done(d);
	return v;
}

static void ata_data_write(struct ata_channel *ch, uint32_t v, unsigned size)
{
	struct ata_drive *d = ata_cur(ch);

	if (d->xfer != ATA_XFER_PIO_OUT || !(d->status & ATA_DRQ))
		return;
	for (unsigned i = 0; i < size && d->pos < d->end; i++)
		d->pio[d->pos++] = v >> (8 * i);
	if (d->pos >= d->end)
		ata_submit(d, BLOCK_OP_WRITE, d->pio, d->end,
			   ata_pio_write_done);
}

/* --- DMA ------------------------------------------------------------- */

static bool ata_dma_buf(struct ata_drive *d, size_t len)
{
	uint8_t *p;

	if (len <= d->dma_buf_size)
		return true;
	p = realloc(d->dma_buf, len);
	if (!p)
		return false;
	d->dma_buf = p;
	d->dma_buf_size = len;
	return true;
}

/* Result of the engine moving `want` bytes: true when the command may
 * go on. A bus error aborts the command; a descriptor table that ended
 * early leaves the device waiting for the rest (SFF-8038i: Active and
 * Interrupt both clear), as a real drive would, until the guest resets. */
static bool ata_dma_moved(struct ata_drive *d, int64_t n, size_t want)
{
	if (n < 0) {
		ata_abort(d);
		return false;
	}
	if ((size_t)n < want) {
		LOG_RATELIMITED("ata %s.%u: DMA descriptor table ended %zu"
				" bytes early", d->ch->name, d->unit,
				want - (size_t)n);
		d->status = READY | ATA_DRQ;
		return false;
	}
	return true;
}

static void ata_dma_done(struct ata_drive *d)
{
	d->lba += d->left;
	d->left = 0;
	if (d->is_write)
		ata_write_complete(d);
	else
		ata_ok(d);
}

static void ata_dma_read_done(struct block_req *req, int ret)
{
	struct ata_drive *d = req->opaque;
	struct ata_channel *ch = d->ch;
	int64_t n;

	d->io_busy = false;
	if (ret < 0) {
		ata_io_error(d, ATA_UNC);
		return;
	}
	n = ch->dma->rw(ch->dma_opaque, d->dma_buf, req->len, true);
	if (ata_dma_moved(d, n, req->len))
		ata_dma_done(d);
}

static void ata_dma_write_done(struct block_req *req, int ret)
{
	struct ata_drive *d = req->opaque;

	d->io_busy = false;
	if (ret < 0) {
		ata_io_error(d, ATA_ABRT);
		return;
	}
	ata_dma_done(d);
}

bool ata_dma_waiting(const struct ata_channel *ch)
{
	const struct ata_drive *d = &ch->drive[ch->device & ATA_DEV_DEV ? 1
									 : 0];

	return d->blk && d->xfer == ATA_XFER_DMA && !d->io_busy;
}

void ata_dma_run(struct ata_channel *ch)
{
	struct ata_drive *d = ata_cur(ch);
	size_t len = (size_t)d->left * BLOCK_SECTOR;
	int64_t n;

	if (!ata_dma_waiting(ch) || !ch->dma)
		return;
	if (!ata_dma_buf(d, len)) {
		LOG_RATELIMITED("ata %s.%u: no memory for a %zu-byte DMA",
				ch->name, d->unit, len);
		ata_abort(d);
		return;
	}
	if (!d->is_write) {
		ata_submit(d, BLOCK_OP_READ, d->dma_buf, len,
			   ata_dma_read_done);
		return;
	}
	/* Gather everything before writing anything: a bad descriptor
	 * must not leave half a command on the disk. */
	n = ch->dma->rw(ch->dma_opaque, d->dma_buf, len, false);
	if (ata_dma_moved(d, n, len))
		ata_submit(d, BLOCK_OP_WRITE, d->dma_buf, len,
			   ata_dma_write_done);
}

/* --- commands -------------------------------------------------------- */

static void ata_start_rw(struct ata_drive *d, bool lba48, bool write,
			 enum rw_kind kind)
{
	struct ata_channel *ch = d->ch;

	if (kind == RW_MULTIPLE && !d->mult) {
		ata_abort(d);	/* multiple mode is off (8.18) */
		return;
	}
	if (kind == RW_DMA && !ch->dma) {
		ata_abort(d);
		return;
	}
	if (!ata_setup_range(d, lba48))
		return;
	if (write && block_readonly(d->blk)) {
		ata_abort(d);
		return;
	}
	d->is_write = write;
	d->drq_sectors = kind == RW_MULTIPLE ? d->mult : 1;
	TRACE(TRACE_DEV, "ata %s.%u: cmd 0x%02x lba %" PRIu64 " count %u",
	      ch->name, d->unit, d->cmd, d->lba, d->left);
	switch (kind) {
	case RW_DMA:
		d->xfer = ATA_XFER_DMA;
		d->status = READY | ATA_DRQ;
		ch->dma->ready(ch->dma_opaque);
		break;
	default:
		if (write) {
			d->xfer = ATA_XFER_PIO_OUT;
			ata_pio_out_next(d, false);
		} else {
			d->xfer = ATA_XFER_PIO_IN;
			ata_pio_read_next(d);
		}
		break;
	}
}

static void ata_id_string(uint16_t *w, const char *s, unsigned len)
{
	/* Two characters per word, the first in bits 15:8 (section 8.15). */
	for (unsigned i = 0; i < len; i += 2) {
		size_t n = strlen(s);
		uint8_t a = i < n ? s[i] : ' ', b = i + 1 < n ? s[i + 1] : ' ';

		w[i / 2] = a << 8 | b;
	}
}

void ata_identify(const struct ata_drive *d, uint16_t id[256])
{
	uint64_t lba28 = d->sectors < 0x0fffffff ? d->sectors : 0x0fffffff;
	unsigned sum = 0xa5;

	memset(id, 0, 256 * sizeof(id[0]));
	id[0] = 0x0040;			/* ATA device, not removable */
	id[1] = d->cyls;
	id[3] = d->heads;
	id[6] = d->spt;
	ata_id_string(id + 10, d->serial, 20);
	ata_id_string(id + 23, d->fw, 8);
	ata_id_string(id + 27, d->model, 40);
	/* Bits 15:8 are 80h; Linux only trusts words 47/59 then. */
	id[47] = 0x8000 | ATA_MAX_MULT;
	/* IORDY supported and can be disabled, LBA, DMA. */
	id[49] = 1 << 11 | 1 << 10 | 1 << 9 | 1 << 8;
	id[50] = 0x4000;
	id[51] = 0x0200;		/* PIO 2 timing, for pre-ATA-2 hosts */
	id[53] = 0x0007;		/* words 54-58, 64-70 and 88 valid */
	id[54] = d->cur_cyls;
	id[55] = d->cur_heads;
	id[56] = d->cur_spt;
	{
		uint32_t chs = (uint32_t)d->cur_cyls * d->cur_heads *
			       d->cur_spt;

		if (chs > lba28)
			chs = lba28;
		id[57] = chs;
		id[58] = chs >> 16;
	}
	id[59] = 0x0100 | d->mult;	/* current multiple setting valid */
	id[60] = lba28;
	id[61] = lba28 >> 16;
	/* Multiword DMA 0-2, UDMA 0-5 supported; bits 15:8 the selected one. */
	id[63] = 0x0007 | (d->mwdma_mode >= 0 ? 0x100 << d->mwdma_mode : 0);
	id[64] = 0x0003;		/* PIO 3 and 4 */
	id[65] = 120;			/* ns per multiword DMA cycle, min */
	id[66] = 120;			/* ... recommended */
	id[67] = 120;			/* PIO cycle without IORDY */
	id[68] = 120;			/* PIO cycle with IORDY */
	id[80] = 0x00f0;		/* ATA-4 to ATA/ATAPI-7 */
	/* Supported: NOP, look-ahead, write cache, power management. */
	id[82] = 1 << 14 | 1 << 6 | 1 << 5 | 1 << 3;
	/* 15:14 = 01; FLUSH CACHE EXT, FLUSH CACHE, 48-bit addresses. */
	id[83] = 1 << 14 | 1 << 13 | 1 << 12 | 1 << 10;
	id[84] = 1 << 14;
	id[85] = 1 << 14 | (d->lookahead ? 1 << 6 : 0) |
		 (d->wcache ? 1 << 5 : 0) | 1 << 3;
	id[86] = 1 << 13 | 1 << 12 | 1 << 10;
	id[87] = 1 << 14;
	id[88] = 0x003f | (d->udma_mode >= 0 ? 0x100 << d->udma_mode : 0);
	/* Hardware reset result (8.15.57): device 0 passed, jumpered. A
	 * 40-conductor cable, as the PIIX4 era had; hosts that read bit 13
	 * then stay at UDMA 2 and below. */
	id[93] = d->unit ? 0x4300 : 0x400b;
	id[100] = d->sectors;
	id[101] = d->sectors >> 16;
	id[102] = d->sectors >> 32;
	id[103] = d->sectors >> 48;
	/* Integrity word (8.15.70): signature A5h, then a checksum that
	 * makes the 512 bytes sum to zero; Linux checks it. */
	for (int i = 0; i < 255; i++)
		sum += (id[i] & 0xff) + (id[i] >> 8);
	id[255] = ((-sum) & 0xff) << 8 | 0xa5;
}

static void ata_cmd_identify(struct ata_drive *d)
{
	uint16_t id[256];

	ata_identify(d, id);
	for (int i = 0; i < 256; i++) {
		d->pio[2 * i] = id[i];
		d->pio[2 * i + 1] = id[i] >> 8;
	}
	d->lba = 0;
	d->left = d->chunk = d->drq_sectors = 1;
	d->pos = 0;
	d->end = BLOCK_SECTOR;
	d->xfer = ATA_XFER_PIO_IN;
	d->status = READY | ATA_DRQ;
	d->irq_pending = true;
	ata_update_irq(d->ch);
}

static void ata_cmd_set_features(struct ata_drive *d)
{
	struct ata_channel *ch = d->ch;
	unsigned mode = ch->nsect & 7;

	switch (ch->feature) {
	case SF_WCACHE_ON:
		d->wcache = true;
		break;
	case SF_WCACHE_OFF:
		/* What the cache holds goes to the medium first. */
		d->wcache = false;
		ata_start_flush(d);
		return;
	case SF_LOOKAHEAD_ON:
	case SF_LOOKAHEAD_OFF:
		d->lookahead = ch->feature == SF_LOOKAHEAD_ON;
		break;
	case SF_REVERT_ON:
	case SF_REVERT_OFF:
		break;
	case SF_XFER_MODE:
		/* Sector count: 00h/01h PIO default, 08h+n PIO n, 20h+n
		 * multiword DMA n, 40h+n UDMA n (8.37.10). */
		switch (ch->nsect >> 3) {
		case 0:
			if (mode > 1)
				goto bad;
			d->pio_mode = -1;
			break;
		case 1:
			if (mode > 4)
				goto bad;
			d->pio_mode = mode;
			break;
		case 4:
			if (mode > 2)
				goto bad;
			d->mwdma_mode = mode;
			d->udma_mode = -1;
			break;
		case 8:
			if (mode > 5)
				goto bad;
			d->udma_mode = mode;
			d->mwdma_mode = -1;
			break;
		default:
			goto bad;
		}
		break;
	default:
		goto bad;
	}
	ata_ok(d);
	return;
bad:
	LOG_RATELIMITED("ata %s.%u: SET FEATURES 0x%02x/0x%02x not supported",
			ch->name, d->unit, ch->feature, ch->nsect);
	ata_abort(d);
}

static void ata_cmd_init_params(struct ata_drive *d)
{
	struct ata_channel *ch = d->ch;
	uint64_t cyls;

	if (!ch->nsect) {
		ata_abort(d);
		return;
	}
	d->cur_spt = ch->nsect;
	d->cur_heads = (ch->device & 0x0f) + 1;
	cyls = d->sectors / ((uint64_t)d->cur_heads * d->cur_spt);
	d->cur_cyls = cyls > 65535 ? 65535 : cyls;
	ata_ok(d);
}

static void ata_cmd_set_multiple(struct ata_drive *d)
{
	unsigned n = d->ch->nsect;

	/* A power of two up to word 47's maximum; 0 turns it off. */
	if (n > ATA_MAX_MULT || (n & (n - 1))) {
		ata_abort(d);
		return;
	}
	d->mult = n;
	ata_ok(d);
}

static void ata_cmd_read_native_max(struct ata_drive *d, bool lba48)
{
	uint64_t max = d->sectors;

	d->lba48 = lba48;
	if (!lba48) {
		d->ch->device |= ATA_DEV_LBA;
		if (max > 0x0fffffff)
			max = 0x0fffffff;
	}
	ata_set_lba(d, max - 1);
	ata_ok(d);
}

static void ata_cmd_verify(struct ata_drive *d, bool lba48)
{
	/* Nothing to check on an image beyond the range. */
	if (ata_setup_range(d, lba48))
		ata_ok(d);
}

/* Both devices run EXECUTE DEVICE DIAGNOSTIC (8.11); device 0 reports. */
static void ata_cmd_diagnose(struct ata_channel *ch)
{
	for (int i = 0; i < 2; i++) {
		struct ata_drive *d = &ch->drive[i];

		d->xfer = ATA_XFER_NONE;
		d->status = READY;
		d->error = 0x01;	/* device 0 passed, device 1 passed
					 * or absent */
		d->irq_pending = false;
	}
	ata_set_signature(ch);
	if (ch->drive[0].blk)
		ch->drive[0].irq_pending = true;
	ata_update_irq(ch);
}

static void ata_command(struct ata_channel *ch, uint8_t cmd)
{
	struct ata_drive *d = ata_cur(ch);

	if (cmd == CMD_DIAGNOSE && !ata_channel_empty(ch)) {
		ata_cmd_diagnose(ch);
		return;
	}
	/* Commands for an absent device 1 are not executed (9.16.1). */
	if (!d->blk)
		return;
	if (d->status & (ATA_BSY | ATA_DRQ) || d->io_busy) {
		LOG_RATELIMITED("ata %s.%u: command 0x%02x while busy ignored",
				ch->name, d->unit, cmd);
		return;
	}
	d->cmd = cmd;
	d->irq_pending = false;
	ata_update_irq(ch);
	switch (cmd) {
	case CMD_IDENTIFY:
		ata_cmd_identify(d);
		break;
	case CMD_READ:
	case CMD_READ_NORETRY:
		ata_start_rw(d, false, false, RW_PIO);
		break;
	case CMD_READ_EXT:
		ata_start_rw(d, true, false, RW_PIO);
		break;
	case CMD_WRITE:
	case CMD_WRITE_NORETRY:
		ata_start_rw(d, false, true, RW_PIO);
		break;
	case CMD_WRITE_EXT:
		ata_start_rw(d, true, true, RW_PIO);
		break;
	case CMD_READ_MULTIPLE:
		ata_start_rw(d, false, false, RW_MULTIPLE);
		break;
	case CMD_READ_MULTIPLE_EXT:
		ata_start_rw(d, true, false, RW_MULTIPLE);
		break;
	case CMD_WRITE_MULTIPLE:
		ata_start_rw(d, false, true, RW_MULTIPLE);
		break;
	case CMD_WRITE_MULTIPLE_EXT:
		ata_start_rw(d, true, true, RW_MULTIPLE);
		break;
	case CMD_READ_DMA:
	case CMD_READ_DMA_NORETRY:
		ata_start_rw(d, false, false, RW_DMA);
		break;
	case CMD_READ_DMA_EXT:
		ata_start_rw(d, true, false, RW_DMA);
		break;
	case CMD_WRITE_DMA:
	case CMD_WRITE_DMA_NORETRY:
		ata_start_rw(d, false, true, RW_DMA);
		break;
	case CMD_WRITE_DMA_EXT:
		ata_start_rw(d, true, true, RW_DMA);
		break;
	case CMD_VERIFY:
	case CMD_VERIFY_NORETRY:
		ata_cmd_verify(d, false);
		break;
	case CMD_VERIFY_EXT:
		ata_cmd_verify(d, true);
		break;
	case CMD_SET_MULTIPLE:
		ata_cmd_set_multiple(d);
		break;
	case CMD_SET_FEATURES:
		ata_cmd_set_features(d);
		break;
	case CMD_INIT_PARAMS:
		ata_cmd_init_params(d);
		break;
	case CMD_FLUSH_CACHE:
	case CMD_FLUSH_CACHE_EXT:
		if (block_readonly(d->blk))
			ata_ok(d);
		else
			ata_start_flush(d);
		break;
	case CMD_CHECK_POWER_MODE:
		/* FFh active or idle, 00h standby (8.6). */
		ch->nsect = d->standby ? 0x00 : 0xff;
		ata_ok(d);
		break;
	case CMD_STANDBY_IMMEDIATE:
	case CMD_STANDBY:
	case CMD_SLEEP:
		d->standby = true;
		ata_ok(d);
		break;
	case CMD_IDLE_IMMEDIATE:
	case CMD_IDLE:
		d->standby = false;
		ata_ok(d);
		break;
	case CMD_SEEK:
		ata_ok(d);
		break;
	case CMD_READ_NATIVE_MAX:
		ata_cmd_read_native_max(d, false);
		break;
	case CMD_READ_NATIVE_MAX_EXT:
		ata_cmd_read_native_max(d, true);
		break;
	default:
		if ((cmd & 0xf0) == CMD_RECALIBRATE) {
			ata_ok(d);
			break;
		}
		/* NOP, DEVICE RESET and IDENTIFY PACKET DEVICE abort on an
		 * ATA disk by definition; the rest are not implemented. */
		if (cmd != CMD_NOP && cmd != CMD_DEVICE_RESET &&
		    cmd != CMD_IDENTIFY_PACKET)
			LOG_RATELIMITED("ata %s.%u: unimplemented command"
					" 0x%02x", ch->name, d->unit, cmd);
		ata_abort(d);
		break;
	}
}

/* --- register interface --------------------------------------------- */

uint32_t ata_cmd_read(struct ata_channel *ch, unsigned reg, unsigned size)
{
	struct ata_drive *d = ata_cur(ch);
	bool hob = ch->devctl & ATA_CTL_HOB;

	if (reg == ATA_REG_DATA)
		return ata_data_read(ch, size > 4 ? 4 : size);
	if (ata_channel_empty(ch))
		return 0;
	switch (reg) {
	case ATA_REG_ERROR:
		return d->error;
	case ATA_REG_NSECT:
		return hob ? ch->hob_nsect : ch->nsect;
	case ATA_REG_LBAL:
		return hob ? ch->hob_lbal : ch->lbal;
	case ATA_REG_LBAM:
		return hob ? ch->hob_lbam : ch->lbam;
	case ATA_REG_LBAH:
		return hob ? ch->hob_lbah : ch->lbah;
	case ATA_REG_DEVICE:
		return ch->device;
	case ATA_REG_STATUS:
		/* Device 0 answers 00h for an absent device 1 (9.16.1),
		 * which is how Linux tells it is not there. */
		if (!d->blk)
			return 0;
		if (d->irq_pending) {
			d->irq_pending = false;
			ata_update_irq(ch);
		}
		return d->status;
	}
	return 0;
}

void ata_cmd_write(struct ata_channel *ch, unsigned reg, uint32_t v,
		   unsigned size)
{
	if (reg == ATA_REG_DATA) {
		ata_data_write(ch, v, size > 4 ? 4 : size);
		return;
	}
	/* Any command block write clears HOB (7.9). */
	ch->devctl &= ~ATA_CTL_HOB;
	switch (reg) {
	case ATA_REG_ERROR:
		ch->hob_feature = ch->feature;
		ch->feature = v;
		break;
	case ATA_REG_NSECT:
		ch->hob_nsect = ch->nsect;
		ch->nsect = v;
		break;
	case ATA_REG_LBAL:
		ch->hob_lbal = ch->lbal;
		ch->lbal = v;
		break;
	case ATA_REG_LBAM:
		ch->hob_lbam = ch->lbam;
		ch->lbam = v;
		break;
	case ATA_REG_LBAH:
		ch->hob_lbah = ch->lbah;
		ch->lbah = v;
		break;
	case ATA_REG_DEVICE:
		ch->device = v;
		ata_update_irq(ch);
		break;
	case ATA_REG_STATUS:
		ata_command(ch, v);
		break;
	}
}

uint8_t ata_ctl_read(struct ata_channel *ch)
{
	struct ata_drive *d = ata_cur(ch);

	return d->blk ? d->status : 0;
}

/* SRST (9.2): devices are busy while it is set and come back with the
 * reset signature when it is cleared; no interrupt. */
void ata_ctl_write(struct ata_channel *ch, uint8_t v)
{
	bool was = ch->devctl & ATA_CTL_SRST, now = v & ATA_CTL_SRST;

	ch->devctl = v;
	if (now && !was) {
		for (int i = 0; i < 2; i++) {
			struct ata_drive *d = &ch->drive[i];

			d->xfer = ATA_XFER_NONE;
			d->status = ATA_BSY;
			d->irq_pending = false;
		}
	} else if (!now && was) {
		for (int i = 0; i < 2; i++) {
			ch->drive[i].status = READY;
			ch->drive[i].error = 0x01;	/* diagnostic: passed */
		}
		ata_set_signature(ch);
	}
	ata_update_irq(ch);
}

/* --- life cycle ------------------------------------------------------ */

static void ata_drive_defaults(struct ata_drive *d)
{
	d->status = d->blk ? READY : 0;
	d->error = 0x01;
	d->irq_pending = false;
	d->mult = 0;
	d->wcache = true;
	d->lookahead = true;
	d->standby = false;
	d->pio_mode = d->mwdma_mode = d->udma_mode = -1;
	d->cur_cyls = d->cyls;
	d->cur_heads = d->heads;
	d->cur_spt = d->spt;
	d->xfer = ATA_XFER_NONE;
	d->pos = d->end = 0;
}

void ata_channel_init(struct ata_channel *ch, const char *name,
		      struct irq irq)
{
	memset(ch, 0, sizeof(*ch));
	ch->name = name;
	ch->irq = irq;
	for (unsigned i = 0; i < 2; i++) {
		ch->drive[i].ch = ch;
		ch->drive[i].unit = i;
	}
	ata_channel_reset(ch);
}

void ata_set_dma(struct ata_channel *ch, const struct ata_dma_ops *ops,
		 void *opaque)
{
	ch->dma = ops;
	ch->dma_opaque = opaque;
}

int ata_attach_disk(struct ata_channel *ch, unsigned unit, struct block *blk,
		    const char *serial, struct err *e)
{
	struct ata_drive *d;
	uint64_t cyls;

	if (unit > 1 || ch->drive[unit].blk)
		return err_set(e, "ata %s: unit %u is taken or invalid",
			       ch->name, unit);
	if (block_sectors(blk) == 0)
		return err_set(e, "%s: image is smaller than one sector",
			       block_path(blk));
	d = &ch->drive[unit];
	d->blk = blk;
	d->sectors = block_sectors(blk);
	snprintf(d->serial, sizeof(d->serial), "%s",
		 serial ? serial : "MIPSVZ-0000");
	snprintf(d->model, sizeof(d->model), "MIPSVZ HARDDISK");
	snprintf(d->fw, sizeof(d->fw), "1.0");
	/* The usual 16 heads, 63 sectors translation (ATA-6 6.2.1). */
	d->heads = 16;
	d->spt = 63;
	cyls = d->sectors / (16 * 63);
	d->cyls = cyls < 1 ? 1 : cyls > 16383 ? 16383 : cyls;
	ata_drive_defaults(d);
	ata_update_irq(ch);
	return 0;
}

void ata_channel_reset(struct ata_channel *ch)
{
	for (int i = 0; i < 2; i++)
		ata_drive_defaults(&ch->drive[i]);
	ch->devctl = 0;
	ch->feature = ch->hob_feature = 0;
	ata_set_signature(ch);
	ch->irq_level = 0;
	irq_set(&ch->irq, 0);
}

void ata_channel_destroy(struct ata_channel *ch)
{
	for (int i = 0; i < 2; i++) {
		block_close(ch->drive[i].blk);
		ch->drive[i].blk = NULL;
		free(ch->drive[i].dma_buf);
		ch->drive[i].dma_buf = NULL;
		ch->drive[i].dma_buf_size = 0;
	}
}
