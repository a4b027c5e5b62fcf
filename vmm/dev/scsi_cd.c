/* SCSI-2 CD-ROM over the block layer: the disk core of scsi_disk.c plus
 * what a CD adds (SCSI-2 chapter 14, SGI-FACTS 4.6.5, DISK-FORMATS A1.4):
 * the Indy's Sony CDU-76S identity, 2048-byte sectors shown in 512-,
 * 1024- or 2048-byte logical blocks as MODE SELECT asks (the size
 * survives disc changes), READ TOC, the SGI vendor commands 0xC9 (leave
 * the drive's hard-disk personality) and 0xC4 (eject) answered GOOD,
 * MODE SENSE page 0x0e (mediad needs it) and 0x2a, and a list of discs
 * for multi-CD installs: an eject loads the next one and the next
 * command sees UNIT ATTENTION, medium may have changed (06/28). */
#include "scsi.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vmm/log.h"

#define CD_SECTOR 2048

void scsi_cd_change(struct scsi_disk *d, unsigned index)
{
	d->cur = index;
	scsi_disk_set_medium(d, index < d->nmedia ? d->media[index] : NULL);
	d->unit_attention = true;
	log_msg("%s: %s", d->dev.name,
		d->blk ? block_path(d->blk) : "tray empty (last disc ejected)");
}

static void cd_eject(struct scsi_disk *d, struct scsi_req *r, bool forced)
{
	if (d->prevent && !forced) {
		/* Medium removal prevented (SCSI-2 8.2.17). */
		scsi_req_check(&d->dev, r, SENSE_ILLEGAL_REQUEST, 0x53, 0x02);
		return;
	}
	if (d->nmedia)
		scsi_cd_change(d, d->cur + 1 < d->nmedia ? d->cur + 1
							 : d->nmedia);
	scsi_req_good(r);
}

static void cd_msf(uint32_t lba, uint8_t *p)
{
	lba += 150;	/* the 2-second pregap of track 1 */
	p[0] = 0;
	p[1] = lba / (60 * 75);
	p[2] = lba / 75 % 60;
	p[3] = lba % 75;
}

static void cd_read_toc(struct scsi_disk *d, struct scsi_req *r)
{
	const uint8_t *c = r->cdb;
	bool msf = c[1] & 0x02;
	unsigned format = c[2] & 0x0f, start = c[6];
	uint32_t alloc = scsi_be(c + 7, 2);
	uint8_t *b = r->small;
	size_t n = 4;
	uint32_t sectors = d->blk ? block_size(d->blk) / CD_SECTOR : 0;

	if (!format && c[9] >> 6)
		format = c[9] >> 6;	/* the older place of the format */
	memset(b, 0, 32);
	b[2] = b[3] = 1;	/* first and last track */
	if (format == 0) {
		if (start > 1 && start != 0xaa) {
			scsi_req_check(&d->dev, r, SENSE_ILLEGAL_REQUEST, 0x24,
				       0);
			return;
		}
		if (start <= 1) {
			b[n + 1] = 0x14;	/* ADR 1, data track */
			b[n + 2] = 1;
			if (msf)
				cd_msf(0, b + n + 4);
			n += 8;
		}
		b[n + 1] = 0x14;
		b[n + 2] = 0xaa;	/* lead-out */
		if (msf)
			cd_msf(sectors, b + n + 4);
		else
			scsi_put_be(b + n + 4, 4, d->nblocks);
		n += 8;
	} else if (format == 1) {	/* session info: one session */
		b[n + 1] = 0x14;
		b[n + 2] = 1;
		if (msf)
			cd_msf(0, b + n + 4);
		n += 8;
	} else {
		scsi_req_check(&d->dev, r, SENSE_ILLEGAL_REQUEST, 0x24, 0);
		return;
	}
	scsi_put_be(b, 2, n - 2);
	scsi_req_reply(r, n, alloc);
}

bool scsi_cd_command(struct scsi_disk *d, struct scsi_req *r)
{
	const uint8_t *c = r->cdb;
	uint8_t *b = r->small;

	switch (c[0]) {
	case 0xc9:	/* SGI: switch to CD-ROM personality (no-op here) */
		scsi_req_good(r);
		return true;
	case 0xc4:	/* SGI: eject, as IRIX 5.3 sends it */
		cd_eject(d, r, true);
		return true;
	case 0x1b:	/* START STOP UNIT with LoEj and not Start: eject */
		if ((c[4] & 0x03) == 0x02) {
			cd_eject(d, r, false);
			return true;
		}
		return false;
	case 0x43:
		if (d->unit_attention || !d->blk)
			return false;	/* the common readiness checks */
		cd_read_toc(d, r);
		return true;
	case 0x42:	/* READ SUB-CHANNEL: no audio playing */
		memset(b, 0, 4);
		b[1] = 0x15;
		scsi_req_reply(r, 4, scsi_be(c + 7, 2));
		return true;
	case 0x46:	/* GET CONFIGURATION: the CD-ROM profile (MMC) */
		memset(b, 0, 16);
		b[3] = 12;
		b[7] = 0x08;	/* current profile: CD-ROM */
		b[11] = 4;	/* feature 0, profile list */
		b[13] = 0x08;
		b[14] = 0x01;	/* current */
		scsi_req_reply(r, 16, scsi_be(c + 7, 2));
		return true;
	case 0x04:	/* FORMAT UNIT */
		scsi_req_check(&d->dev, r, SENSE_ILLEGAL_REQUEST, 0x20, 0);
		return true;
	}
	return false;
}

size_t scsi_cd_mode_page(struct scsi_disk *d, uint8_t page, uint8_t *p)
{
	switch (page) {
	case 0x0e:	/* CD audio control (SCSI-2 14.3.3.1) */
		memset(p, 0, 16);
		p[0] = 0x0e;
		p[1] = 14;
		p[2] = 0x04;	/* IMMED */
		p[8] = 1;	/* port 0: channel 0 */
		p[9] = 0xff;
		p[10] = 2;	/* port 1: channel 1 */
		p[11] = 0xff;
		return 16;
	case 0x2a:	/* capabilities (MMC), which Linux's sr reads */
		memset(p, 0, 20);
		p[0] = 0x2a;
		p[1] = 18;
		p[2] = 0x01;	/* reads CD-R */
		p[6] = 0x29;	/* lock, eject, tray loader */
		scsi_put_be(p + 8, 2, 706);	/* 4x, in kB/s */
		scsi_put_be(p + 14, 2, 706);
		return 20;
	}
	return 0;
}

int scsi_cd_create(struct scsi_dev **out, struct block **media,
		   unsigned nmedia, const char *name, struct err *e)
{
	struct scsi_dev *dev;
	struct scsi_disk *d;

	*out = NULL;
	if (scsi_disk_create(&dev, NULL, name, e) < 0)
		goto fail;
	d = (struct scsi_disk *)dev;
	d->cd = true;
	d->bs = CD_SECTOR;
	d->media = calloc(nmedia ? nmedia : 1, sizeof(*d->media));
	if (!d->media) {
		dev->ops->destroy(dev);
		err_set(e, "out of memory");
		goto fail;
	}
	for (unsigned i = 0; i < nmedia; i++)
		d->media[i] = media[i];
	d->nmedia = nmedia;
	scsi_disk_set_medium(d, nmedia ? media[0] : NULL);
	*out = dev;
	return 0;
fail:
	for (unsigned i = 0; i < nmedia; i++)
		block_close(media[i]);
	return -1;
}
