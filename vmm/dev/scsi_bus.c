/* The SCSI target interface of scsi.h: one command's phases, sense data
 * and the LUN rules every target shares. */
#include "scsi.h"

#include <stdlib.h>
#include <string.h>

void scsi_bus_attach(struct scsi_bus *bus, unsigned id, struct scsi_dev *d)
{
	bus->dev[id & 7] = d;
}

void scsi_bus_reset(struct scsi_bus *bus)
{
	for (int i = 0; i < 8; i++)
		if (bus->dev[i] && bus->dev[i]->ops->reset)
			bus->dev[i]->ops->reset(bus->dev[i]);
}

void scsi_bus_destroy(struct scsi_bus *bus)
{
	for (int i = 0; i < 8; i++) {
		if (bus->dev[i])
			bus->dev[i]->ops->destroy(bus->dev[i]);
		bus->dev[i] = NULL;
	}
}

unsigned scsi_cdb_length(uint8_t op)
{
	static const uint8_t len[8] = { 6, 10, 10, 10, 16, 12, 10, 10 };

	return len[op >> 5];
}

size_t scsi_sense_build(const struct scsi_sense *s, uint8_t *b)
{
	memset(b, 0, 18);
	b[0] = 0x70 | (s->info_valid ? 0x80 : 0);	/* current error */
	b[2] = s->key & 0xf;
	scsi_put_be(b + 3, 4, s->info);
	b[7] = 10;	/* additional sense length */
	b[12] = s->asc;
	b[13] = s->ascq;
	return 18;
}

void scsi_req_check(struct scsi_dev *d, struct scsi_req *r, uint8_t key,
		    uint8_t asc, uint8_t ascq)
{
	d->sense = (struct scsi_sense){ .key = key, .asc = asc, .ascq = ascq };
	r->status = SCSI_CHECK_CONDITION;
	r->dir = SCSI_DIR_NONE;
	r->xfer_len = 0;
	r->done = true;
}

void scsi_req_good(struct scsi_req *r)
{
	r->status = SCSI_GOOD;
	r->done = true;
}

void scsi_req_reply(struct scsi_req *r, size_t len, uint32_t alloc)
{
	if (len > SCSI_SMALL_MAX)
		len = SCSI_SMALL_MAX;
	r->xfer_len = len < alloc ? len : alloc;
	r->dir = r->xfer_len ? SCSI_DIR_IN : SCSI_DIR_NONE;
	r->status = SCSI_GOOD;
	r->done = !r->xfer_len;
}

/* A LUN other than 0: INQUIRY answers "no device here" in full (SGI-FACTS
 * 4.6.5: else Linux scans phantom LUNs), REQUEST SENSE reports it, all
 * else is 05/25 (SCSI-2 7.5.3). */
static void scsi_bad_lun(struct scsi_dev *d, struct scsi_req *r)
{
	uint8_t *b = r->small;

	memset(b, 0, 36);
	switch (r->cdb[0]) {
	case 0x12:
		b[0] = 0x7f;	/* PQ 3, PDT 0x1f */
		b[2] = 2;
		b[3] = 2;
		b[4] = 31;
		scsi_req_reply(r, 36, r->cdb[4]);
		break;
	case 0x03: {
		struct scsi_sense s = { .key = SENSE_ILLEGAL_REQUEST,
					.asc = 0x25 };

		scsi_req_reply(r, scsi_sense_build(&s, b), r->cdb[4]);
		break;
	}
	default:
		scsi_req_check(d, r, SENSE_ILLEGAL_REQUEST, 0x25, 0);
	}
}

void scsi_req_start(struct scsi_dev *d, struct scsi_req *r,
		    const uint8_t *cdb, unsigned len, unsigned lun)
{
	free(r->out);
	memset(r, 0, offsetof(struct scsi_req, small));
	r->out = NULL;
	r->block_io = false;
	r->offset = 0;
	r->op = 0;
	if (len > SCSI_CDB_MAX)
		len = SCSI_CDB_MAX;
	memcpy(r->cdb, cdb, len);
	r->cdb_len = len;
	r->lun = lun;
	if (len < scsi_cdb_length(cdb[0]) && cdb[0] < 0xc0) {
		/* The adapter sent fewer bytes than the group needs. */
		scsi_req_check(d, r, SENSE_ILLEGAL_REQUEST, 0x20, 0);
		return;
	}
	if (lun) {
		scsi_bad_lun(d, r);
		return;
	}
	d->ops->command(d, r);
	if (r->dir == SCSI_DIR_OUT && r->xfer_len) {
		r->out = malloc(r->xfer_len);
		if (!r->out)
			scsi_req_check(d, r, SENSE_HARDWARE_ERROR, 0x44, 0);
	}
}

size_t scsi_req_read(struct scsi_dev *d, struct scsi_req *r, uint8_t *dst,
		     size_t len)
{
	size_t n;

	if (r->done || r->dir != SCSI_DIR_IN)
		return 0;
	if (len > r->xfer_len - r->xfer_pos)
		len = r->xfer_len - r->xfer_pos;
	if (r->block_io) {
		n = d->ops->read(d, r, dst, len);
	} else {
		memcpy(dst, r->small + r->xfer_pos, len);
		n = len;
	}
	r->xfer_pos += n;
	if (r->xfer_pos == r->xfer_len && !r->done)
		scsi_req_good(r);
	return n;
}

size_t scsi_req_write(struct scsi_dev *d, struct scsi_req *r,
		      const uint8_t *src, size_t len)
{
	if (r->done || r->dir != SCSI_DIR_OUT || !r->out)
		return 0;
	if (len > r->xfer_len - r->xfer_pos)
		len = r->xfer_len - r->xfer_pos;
	memcpy(r->out + r->xfer_pos, src, len);
	r->xfer_pos += len;
	if (r->xfer_pos == r->xfer_len)
		d->ops->write_done(d, r);
	return len;
}

void scsi_req_end_data(struct scsi_dev *d, struct scsi_req *r)
{
	if (r->done)
		return;
	/* The initiator left the data phase early: nothing was written
	 * (no partial writes); reads simply stop. */
	if (r->dir == SCSI_DIR_OUT)
		scsi_req_check(d, r, SENSE_ABORTED_COMMAND, 0x00, 0);
	else
		scsi_req_good(r);
}

void scsi_req_abort(struct scsi_req *r)
{
	free(r->out);
	r->out = NULL;
	r->done = true;
}
