/* SCSI-2 direct-access disk over the block layer (and the common part of
 * the CD-ROM in scsi_cd.c). Commands per SCSI-2 (X3.131-1994) chapters 8
 * and 9; what IRIX, its fx tool and Linux's sd ask for is in SGI-FACTS
 * 4.6.5: INQUIRY, TEST UNIT READY, REQUEST SENSE, READ/WRITE(6/10/12),
 * READ CAPACITY, MODE SENSE/SELECT(6/10) pages 1, 2, 3, 4, 8 and 0x0a,
 * START STOP, SYNCHRONIZE CACHE (flushed before GOOD), VERIFY, FORMAT
 * UNIT, RESERVE/RELEASE, READ DEFECT DATA. Anything else: 05/20. */
#include "scsi.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vmm/log.h"

static struct scsi_disk *to_disk(struct scsi_dev *d)
{
	return (struct scsi_disk *)d;
}

static bool disk_ready(struct scsi_disk *d, struct scsi_req *r)
{
	if (d->unit_attention) {
		/* Medium may have changed (SCSI-2 7.9, SGI-FACTS 4.6.5). */
		d->unit_attention = false;
		scsi_req_check(&d->dev, r, SENSE_UNIT_ATTENTION, 0x28, 0);
		return false;
	}
	if (!d->blk) {
		scsi_req_check(&d->dev, r, SENSE_NOT_READY, 0x3a, 0);
		return false;
	}
	return true;
}

static void disk_inquiry(struct scsi_disk *d, struct scsi_req *r)
{
	uint8_t *b = r->small;
	uint32_t alloc = r->cdb[4];

	memset(b, 0, 96);
	if (r->cdb[1] & 1) {		/* EVPD */
		switch (r->cdb[2]) {
		case 0x00:	/* supported pages */
			b[0] = d->cd ? 5 : 0;
			b[3] = 2;
			b[5] = 0x80;
			scsi_req_reply(r, 6, alloc);
			return;
		case 0x80:	/* unit serial number */
			b[0] = d->cd ? 5 : 0;
			b[1] = 0x80;
			b[3] = 8;
			memcpy(b + 4, "MVZ00001", 8);
			scsi_req_reply(r, 12, alloc);
			return;
		}
		scsi_req_check(&d->dev, r, SENSE_ILLEGAL_REQUEST, 0x24, 0);
		return;
	}
	if (r->cdb[2]) {
		scsi_req_check(&d->dev, r, SENSE_ILLEGAL_REQUEST, 0x24, 0);
		return;
	}
	b[0] = d->cd ? 0x05 : 0x00;
	b[1] = d->cd ? 0x80 : 0x00;	/* removable medium */
	b[2] = 2;			/* SCSI-2 */
	b[3] = 2;			/* response data format */
	b[4] = 31;
	b[7] = 0x10;			/* synchronous transfer */
	/* IRIX knows SGI-branded disks, and mediad keys CD features on the
	 * Indy's own drive, the Sony CDU-76S (SGI-FACTS 4.6.5). */
	if (d->cd)
		memcpy(b + 8, "SONY    CDU-76S         1.0c", 28);
	else
		memcpy(b + 8, "SGI     MIPSVZ DISK     0001", 28);
	scsi_req_reply(r, 36, alloc);
}

static void disk_request_sense(struct scsi_disk *d, struct scsi_req *r)
{
	size_t n = scsi_sense_build(&d->dev.sense, r->small);

	d->dev.sense = (struct scsi_sense){ 0 };
	scsi_req_reply(r, n, r->cdb[4]);
}

static void disk_read_capacity(struct scsi_disk *d, struct scsi_req *r)
{
	uint64_t last = d->nblocks ? d->nblocks - 1 : 0;

	if (!disk_ready(d, r))
		return;
	scsi_put_be(r->small, 4, last > 0xffffffff ? 0xffffffff : last);
	scsi_put_be(r->small + 4, 4, d->bs);
	scsi_req_reply(r, 8, 8);
}

/* LBA and length of READ/WRITE/VERIFY/SEEK in any CDB group. */
static void disk_rw_fields(const struct scsi_req *r, uint64_t *lba,
			   uint32_t *n)
{
	const uint8_t *c = r->cdb;

	switch (c[0] >> 5) {
	case 0:
		*lba = scsi_be(c + 1, 3) & 0x1fffff;
		*n = c[4] ? c[4] : 256;	/* READ/WRITE(6): 0 means 256 */
		break;
	case 5:
		*lba = scsi_be(c + 2, 4);
		*n = scsi_be(c + 6, 4);
		break;
	default:
		*lba = scsi_be(c + 2, 4);
		*n = scsi_be(c + 7, 2);
		break;
	}
}

static bool disk_range_ok(struct scsi_disk *d, struct scsi_req *r,
			  uint64_t lba, uint32_t n)
{
	if (lba > d->nblocks || n > d->nblocks - lba) {
		scsi_req_check(&d->dev, r, SENSE_ILLEGAL_REQUEST, 0x21, 0);
		return false;
	}
	/* A data phase longer than the 24-bit WD33C93 count can carry is
	 * still fine here; cap at 1 GiB so nothing sizes a buffer from a
	 * 12-byte CDB's 32-bit length. */
	if ((uint64_t)n * d->bs > (1u << 30)) {
		scsi_req_check(&d->dev, r, SENSE_ILLEGAL_REQUEST, 0x24, 0);
		return false;
	}
	return true;
}

/* The blocks a READ/WRITE/VERIFY names, or false once the request has
 * been answered (not ready, out of range). */
static bool disk_rw_blocks(struct scsi_disk *d, struct scsi_req *r,
			   uint64_t *lba, uint32_t *n)
{
	if (!disk_ready(d, r))
		return false;
	disk_rw_fields(r, lba, n);
	return disk_range_ok(d, r, *lba, *n);
}

static void disk_rw(struct scsi_disk *d, struct scsi_req *r, bool write)
{
	uint64_t lba;
	uint32_t n;

	if (!disk_rw_blocks(d, r, &lba, &n))
		return;
	if (write && d->readonly) {
		scsi_req_check(&d->dev, r, SENSE_DATA_PROTECT, 0x27, 0);
		return;
	}
	if (!n) {
		scsi_req_good(r);
		return;
	}
	r->offset = lba * d->bs;
	r->xfer_len = n * d->bs;
	r->dir = write ? SCSI_DIR_OUT : SCSI_DIR_IN;
	r->block_io = true;
	r->op = r->cdb[0];
}

static size_t disk_read(struct scsi_dev *dev, struct scsi_req *r,
			uint8_t *dst, size_t len)
{
	struct scsi_disk *d = to_disk(dev);
	uint64_t off = r->offset + r->xfer_pos;
	struct err e;

	if (d->blk && block_pread(d->blk, dst, len, off, &e) == 0)
		return len;
	LOG_RATELIMITED("%s: read of %zu bytes at %" PRIu64 " failed: %s",
			dev->name, len, off, d->blk ? e.msg : "no medium");
	scsi_req_check(dev, r, SENSE_MEDIUM_ERROR, 0x11, 0);
	dev->sense.info_valid = true;
	dev->sense.info = off / d->bs;
	return 0;
}

static void disk_write_failed(struct scsi_disk *d, struct scsi_req *r,
			      const char *what, const struct err *e)
{
	LOG_RATELIMITED("%s: %s failed: %s", d->dev.name, what, e->msg);
	scsi_req_check(&d->dev, r, SENSE_MEDIUM_ERROR, 0x0c, 0);
	d->dev.sense.info_valid = true;
	d->dev.sense.info = r->offset / d->bs;
}

static void disk_verify_data(struct scsi_disk *d, struct scsi_req *r)
{
	uint8_t buf[4096];
	struct err e;

	for (uint32_t pos = 0; pos < r->xfer_len; pos += sizeof(buf)) {
		size_t k = r->xfer_len - pos < sizeof(buf) ? r->xfer_len - pos
							   : sizeof(buf);

		if (block_pread(d->blk, buf, k, r->offset + pos, &e) < 0) {
			scsi_req_check(&d->dev, r, SENSE_MEDIUM_ERROR, 0x11, 0);
			return;
		}
		if (memcmp(buf, r->out + pos, k)) {
			scsi_req_check(&d->dev, r, SENSE_MISCOMPARE, 0x1d, 0);
			return;
		}
	}
	scsi_req_good(r);
}

static void disk_mode_select_done(struct scsi_disk *d, struct scsi_req *r);

static void disk_write_done(struct scsi_dev *dev, struct scsi_req *r)
{
	struct scsi_disk *d = to_disk(dev);
	struct err e;

	switch (r->op) {
	case 0x15:
	case 0x55:
		disk_mode_select_done(d, r);
		return;
	case 0x2f:	/* VERIFY with BYTCHK */
		disk_verify_data(d, r);
		return;
	}
	if (!d->blk) {
		scsi_req_check(dev, r, SENSE_NOT_READY, 0x3a, 0);
		return;
	}
	/* The whole transfer in one write: a command either wrote all its
	 * blocks or reports that it failed. */
	if (block_pwrite(d->blk, r->out, r->xfer_len, r->offset, &e) < 0) {
		disk_write_failed(d, r, "write", &e);
		return;
	}
	/* FUA (WRITE(10)/(12) byte 1 bit 3) and WRITE AND VERIFY: on stable
	 * storage before GOOD (DESIGN decision 8). */
	if (((r->op == 0x2a || r->op == 0xaa) && (r->cdb[1] & 0x08)) ||
	    r->op == 0x2e) {
		if (block_flush(d->blk, &e) < 0) {
			disk_write_failed(d, r, "flush", &e);
			return;
		}
	}
	scsi_req_good(r);
}

/* MODE SENSE pages (SCSI-2 8.3.3, 9.3.3). Returns the page's length. */
static size_t disk_mode_page(struct scsi_disk *d, uint8_t page, bool chg,
			     uint8_t *p)
{
	uint32_t cyls = d->cyls, heads = d->heads, secs = d->secs;
	size_t n;

	if (!cyls) {
		/* No geometry from the image: synthesise one that covers it,
		 * as MODE SENSE pages 3/4 must describe some (DISK-FORMATS
		 * A1.3). */
		heads = 16;
		secs = 63;
		cyls = (d->nblocks + heads * secs - 1) / (heads * secs);
	}
	switch (page) {
	case 0x01:	/* read-write error recovery */
		n = 12;
		memset(p, 0, n);
		if (!chg)
			p[2] = 0x80;	/* AWRE */
		break;
	case 0x02:	/* disconnect-reconnect */
		n = 16;
		memset(p, 0, n);
		break;
	case 0x03:	/* format device */
		n = 24;
		memset(p, 0, n);
		if (!chg) {
			scsi_put_be(p + 2, 2, heads);	/* tracks per zone */
			scsi_put_be(p + 10, 2, secs);
			scsi_put_be(p + 12, 2, d->bs);
			scsi_put_be(p + 14, 2, 1);	/* interleave */
			p[20] = 0x40;			/* HSEC */
		}
		break;
	case 0x04:	/* rigid disk geometry */
		n = 24;
		memset(p, 0, n);
		if (!chg) {
			scsi_put_be(p + 2, 3, cyls);
			p[5] = heads;
			scsi_put_be(p + 20, 2, 5400);	/* rpm */
		}
		break;
	case 0x08:	/* caching: write cache on, flushed by SYNC CACHE */
		n = 20;
		memset(p, 0, n);
		if (!chg)
			p[2] = 0x04;	/* WCE */
		break;
	case 0x0a:	/* control mode */
		n = 12;
		memset(p, 0, n);
		break;
	default:
		return d->cd ? scsi_cd_mode_page(d, page, p) : 0;
	}
	p[0] = page;
	p[1] = n - 2;
	return n;
}

static void disk_mode_sense(struct scsi_disk *d, struct scsi_req *r)
{
	bool ten = r->cdb[0] == 0x5a, dbd = r->cdb[1] & 0x08;
	uint8_t page = r->cdb[2] & 0x3f, pc = r->cdb[2] >> 6;
	uint32_t alloc = ten ? scsi_be(r->cdb + 7, 2) : r->cdb[4];
	size_t hdr = ten ? 8 : 4, n = hdr;
	uint8_t *b = r->small;

	if (pc == 3) {	/* saved values: not supported (SCSI-2 8.3.3) */
		scsi_req_check(&d->dev, r, SENSE_ILLEGAL_REQUEST, 0x39, 0);
		return;
	}
	memset(b, 0, SCSI_SMALL_MAX);
	if (!dbd) {
		uint64_t blocks = d->nblocks > 0xffffff ? 0xffffff : d->nblocks;

		scsi_put_be(b + n + 1, 3, blocks);
		scsi_put_be(b + n + 5, 3, d->bs);
		n += 8;
	}
	if (page == 0x3f) {
		static const uint8_t all[] = { 0x01, 0x02, 0x03, 0x04, 0x08,
					       0x0a, 0x0e, 0x2a };

		for (size_t i = 0; i < sizeof(all); i++)
			n += disk_mode_page(d, all[i], pc == 1, b + n);
	} else {
		size_t k = disk_mode_page(d, page, pc == 1, b + n);

		if (!k) {
			scsi_req_check(&d->dev, r, SENSE_ILLEGAL_REQUEST, 0x24,
				       0);
			return;
		}
		n += k;
	}
	if (ten) {
		scsi_put_be(b, 2, n - 2);
		b[3] = d->readonly ? 0x80 : 0;	/* WP */
		b[7] = dbd ? 0 : 8;
	} else {
		b[0] = n - 1;
		b[2] = d->readonly ? 0x80 : 0;
		b[3] = dbd ? 0 : 8;
	}
	scsi_req_reply(r, n, alloc);
}

static void disk_mode_select(struct scsi_disk *d, struct scsi_req *r)
{
	bool ten = r->cdb[0] == 0x55;
	uint32_t len = ten ? scsi_be(r->cdb + 7, 2) : r->cdb[4];

	if (!len) {
		scsi_req_good(r);
		return;
	}
	r->dir = SCSI_DIR_OUT;
	r->xfer_len = len;
	r->op = r->cdb[0];
}

/* The parameter list: only the block descriptor's length matters; the
 * CD accepts sizes that divide 2048 (SGI-FACTS 4.6.5: IRIX switches to
 * 512 for EFS), the disk only its own. Pages are accepted and ignored. */
static void disk_mode_select_done(struct scsi_disk *d, struct scsi_req *r)
{
	bool ten = r->op == 0x55;
	uint32_t hdr = ten ? 8 : 4, bdlen;
	const uint8_t *p = r->out;

	if (r->xfer_len < hdr) {
		scsi_req_check(&d->dev, r, SENSE_ILLEGAL_REQUEST, 0x1a, 0);
		return;
	}
	bdlen = ten ? scsi_be(p + 6, 2) : p[3];
	if (bdlen) {
		uint32_t bs;

		if (bdlen != 8 || hdr + bdlen > r->xfer_len) {
			scsi_req_check(&d->dev, r, SENSE_ILLEGAL_REQUEST, 0x26,
				       0);
			return;
		}
		bs = scsi_be(p + hdr + 5, 3);
		if (d->cd ? !bs || bs < 512 || 2048 % bs : bs != d->bs) {
			scsi_req_check(&d->dev, r, SENSE_ILLEGAL_REQUEST, 0x26,
				       0);
			return;
		}
		if (d->cd && bs != d->bs) {
			d->bs = bs;
			d->nblocks = d->blk ? block_size(d->blk) / bs : 0;
		}
	}
	scsi_req_good(r);
}

static void disk_sync_cache(struct scsi_disk *d, struct scsi_req *r)
{
	struct err e;

	if (!disk_ready(d, r))
		return;
	if (!d->readonly && block_flush(d->blk, &e) < 0) {
		disk_write_failed(d, r, "flush", &e);
		return;
	}
	scsi_req_good(r);
}

static void disk_verify(struct scsi_disk *d, struct scsi_req *r)
{
	uint64_t lba;
	uint32_t n;

	if (!disk_rw_blocks(d, r, &lba, &n))
		return;
	if (!(r->cdb[1] & 0x02) || !n) {	/* no BYTCHK: medium is fine */
		scsi_req_good(r);
		return;
	}
	r->offset = lba * d->bs;
	r->xfer_len = n * d->bs;
	r->dir = SCSI_DIR_OUT;
	r->op = 0x2f;
}

static void disk_command(struct scsi_dev *dev, struct scsi_req *r)
{
	struct scsi_disk *d = to_disk(dev);
	uint8_t *c = r->cdb;

	if (d->cd && scsi_cd_command(d, r))
		return;
	switch (c[0]) {
	case 0x00:	/* TEST UNIT READY */
		if (disk_ready(d, r))
			scsi_req_good(r);
		return;
	case 0x03:
		disk_request_sense(d, r);
		return;
	case 0x12:
		disk_inquiry(d, r);
		return;
	case 0x25:
		disk_read_capacity(d, r);
		return;
	case 0x08: case 0x28: case 0xa8:
		disk_rw(d, r, false);
		return;
	case 0x0a: case 0x2a: case 0xaa: case 0x2e:
		disk_rw(d, r, true);
		return;
	case 0x2f:
		disk_verify(d, r);
		return;
	case 0x0b: case 0x2b: {	/* SEEK(6/10) */
		uint64_t lba;
		uint32_t n;

		disk_rw_fields(r, &lba, &n);
		if (disk_ready(d, r) && disk_range_ok(d, r, lba, 0))
			scsi_req_good(r);
		return;
	}
	case 0x1a: case 0x5a:
		disk_mode_sense(d, r);
		return;
	case 0x15: case 0x55:
		disk_mode_select(d, r);
		return;
	case 0x35:	/* SYNCHRONIZE CACHE(10) */
		disk_sync_cache(d, r);
		return;
	case 0x04:	/* FORMAT UNIT: the medium is always formatted */
		if (c[1] & 0x10)	/* FmtData: a defect list we ignore */
			scsi_req_check(dev, r, SENSE_ILLEGAL_REQUEST, 0x24, 0);
		else if (disk_ready(d, r))
			scsi_req_good(r);
		return;
	case 0x1b:	/* START STOP UNIT */
	case 0x16: case 0x17: case 0x56: case 0x57:	/* RESERVE, RELEASE */
	case 0x1d:	/* SEND DIAGNOSTIC (self test passes) */
		scsi_req_good(r);
		return;
	case 0x1e:	/* PREVENT ALLOW MEDIUM REMOVAL */
		d->prevent = c[4] & 1;
		scsi_req_good(r);
		return;
	case 0x37:	/* READ DEFECT DATA(10): no defects */
		memset(r->small, 0, 4);
		r->small[1] = c[2] & 0x1f;
		scsi_req_reply(r, 4, scsi_be(c + 7, 2));
		return;
	case 0xa0:	/* REPORT LUNS: just LUN 0 */
		memset(r->small, 0, 16);
		r->small[3] = 8;
		scsi_req_reply(r, 16, scsi_be(c + 6, 4));
		return;
	default:
		scsi_req_check(dev, r, SENSE_ILLEGAL_REQUEST, 0x20, 0);
	}
}

static void disk_reset(struct scsi_dev *dev)
{
	to_disk(dev)->prevent = false;
}

static void disk_destroy(struct scsi_dev *dev)
{
	struct scsi_disk *d = to_disk(dev);

	if (d->media) {
		for (unsigned i = 0; i < d->nmedia; i++)
			block_close(d->media[i]);
		free(d->media);
	} else {
		block_close(d->blk);
	}
	free(d);
}

const struct scsi_dev_ops scsi_disk_ops = {
	.command = disk_command,
	.read = disk_read,
	.write_done = disk_write_done,
	.reset = disk_reset,
	.destroy = disk_destroy,
};

struct block *scsi_disk_medium(struct scsi_dev *dev, bool *cdrom)
{
	struct scsi_disk *d = to_disk(dev);

	if (dev->ops != &scsi_disk_ops)
		return NULL;
	if (cdrom)
		*cdrom = d->cd;
	return d->blk;
}

void scsi_disk_set_medium(struct scsi_disk *d, struct block *blk)
{
	d->blk = blk;
	d->readonly = d->cd || !blk || block_readonly(blk);
	d->nblocks = blk ? block_size(blk) / d->bs : 0;
}

int scsi_disk_create(struct scsi_dev **out, struct block *blk,
		     const char *name, struct err *e)
{
	struct scsi_disk *d = calloc(1, sizeof(*d));

	*out = NULL;
	if (!d) {
		block_close(blk);
		return err_set(e, "out of memory");
	}
	d->dev.ops = &scsi_disk_ops;
	snprintf(d->dev.name, sizeof(d->dev.name), "%s", name);
	d->bs = 512;
	scsi_disk_set_medium(d, blk);
	*out = &d->dev;
	return 0;
}
