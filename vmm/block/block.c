/* Block layer front end: picks the format driver, checks ranges, keeps
 * the sticky flush error and runs requests for device models. */
#include "block_int.h"
#include "block_overlay.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "vmm/log.h"

/* Formats we know by name; those without a driver yet say so. */
static const struct {
	const char *name;
	const char *ext;
	const struct block_driver *drv;
	bool force_readonly;
} block_formats[] = {
	{ "raw", NULL, &block_raw_driver, false },
	/* A CD image is raw 2048-byte sectors that are never written in
	 * place (DESIGN decision 8: writes would go to an overlay). */
	{ "iso", ".iso", &block_cdimage_driver, true },
	/* CHDs refuse a writable open themselves, naming the overlay fix. */
	{ "chd", ".chd", &block_chd_driver, false },
	{ "qcow2", ".qcow2", NULL, false },
};

static bool has_suffix(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);

	return n >= m && strcasecmp(s + n - m, suf) == 0;
}

static int block_pick_format(const char *path, const char *format,
			     unsigned *idx, struct err *e)
{
	size_t n = sizeof(block_formats) / sizeof(block_formats[0]);

	for (size_t i = 0; i < n; i++) {
		if (format ? strcmp(format, block_formats[i].name) != 0
			   : !block_formats[i].ext ||
				     !has_suffix(path, block_formats[i].ext))
			continue;
		if (!block_formats[i].drv)
			return err_set(e, "\"%s\": %s images are not supported"
					  " yet", path, block_formats[i].name);
		*idx = i;
		return 0;
	}
	if (format)
		return err_set(e, "\"%s\": unknown image format \"%s\" (known:"
				  " raw, iso, chd)", path, format);
	*idx = 0;	/* raw, whatever the first sector says */
	return 0;
}

int block_open(struct block **bp, const char *path, const char *format,
	       unsigned flags, struct err *e)
{
	struct block *b;
	unsigned idx = 0;

	*bp = NULL;
	if (!path || !*path)
		return err_set(e, "no image file given");
	if (block_pick_format(path, format, &idx, e) < 0)
		return -1;
	b = calloc(1, sizeof(*b));
	if (!b || !(b->path = strdup(path))) {
		free(b);
		return err_set(e, "out of memory");
	}
	b->drv = block_formats[idx].drv;
	if (block_formats[idx].force_readonly)
		flags |= BLOCK_RDONLY;
	b->readonly = flags & BLOCK_RDONLY;
	if (b->drv->open(b, flags, e) < 0) {
		free(b->path);
		free(b);
		return -1;
	}
	TRACE(TRACE_IO, "block: opened %s (%s%s, %" PRIu64 " bytes)", path,
	      b->drv->name, b->readonly ? ", read-only" : "", b->size);
	*bp = b;
	return 0;
}

int block_open_drive(struct block **bp, const struct drive_config *d,
		     struct err *e)
{
	struct block *base;

	*bp = NULL;
	/* The config layer leaves unset strings empty. An overlay takes the
	 * writes; the base under it is only ever read (block_overlay.h). */
	if (d->overlay && *d->overlay) {
		if (block_open(&base, d->image,
			       d->format && *d->format ? d->format : NULL,
			       BLOCK_RDONLY, e) < 0)
			return -1;
		return block_overlay_open(bp, base, d->overlay, e);
	}
	return block_open(bp, d->image,
			  d->format && *d->format ? d->format : NULL,
			  d->readonly ? BLOCK_RDONLY : 0, e);
}

void block_close(struct block *b)
{
	if (!b)
		return;
	b->drv->close(b);
	free(b->path);
	free(b);
}

uint64_t block_size(const struct block *b)
{
	return b->size;
}

uint64_t block_sectors(const struct block *b)
{
	return b->size / BLOCK_SECTOR;
}

bool block_readonly(const struct block *b)
{
	return b->readonly;
}

const char *block_path(const struct block *b)
{
	return b->path;
}

const char *block_format(const struct block *b)
{
	return b->drv->name;
}

static int block_check_range(struct block *b, size_t len, uint64_t off,
			     struct err *e)
{
	if (off > b->size || len > b->size - off)
		return err_set(e, "%s: access of %zu bytes at %" PRIu64
				  " is past the end (%" PRIu64 " bytes)",
			       b->path, len, off, b->size);
	return 0;
}

int block_pread(struct block *b, void *buf, size_t len, uint64_t off,
		struct err *e)
{
	if (block_check_range(b, len, off, e) < 0)
		return -1;
	if (!len)
		return 0;
	return b->drv->pread(b, buf, len, off, e);
}

int block_pwrite(struct block *b, const void *buf, size_t len, uint64_t off,
		 struct err *e)
{
	if (b->readonly)
		return err_set(e, "%s: image is read-only", b->path);
	if (block_check_range(b, len, off, e) < 0)
		return -1;
	if (!len)
		return 0;
	return b->drv->pwrite(b, buf, len, off, e);
}

int block_read_sectors(struct block *b, uint64_t lba, void *buf,
		       uint32_t count, struct err *e)
{
	if (lba > UINT64_MAX / BLOCK_SECTOR)
		return err_set(e, "%s: sector %" PRIu64 " out of range",
			       b->path, lba);
	return block_pread(b, buf, (size_t)count * BLOCK_SECTOR,
			   lba * BLOCK_SECTOR, e);
}

int block_write_sectors(struct block *b, uint64_t lba, const void *buf,
			uint32_t count, struct err *e)
{
	if (lba > UINT64_MAX / BLOCK_SECTOR)
		return err_set(e, "%s: sector %" PRIu64 " out of range",
			       b->path, lba);
	return block_pwrite(b, buf, (size_t)count * BLOCK_SECTOR,
			    lba * BLOCK_SECTOR, e);
}

int block_flush(struct block *b, struct err *e)
{
	struct err fe;
	int ret;

	if (b->readonly)
		return 0;
	if (b->flush_errno)
		return err_set(e, "%s: an earlier flush failed (%s); data the"
				  " guest wrote may be lost, so no flush can"
				  " succeed any more: check the host disk and"
				  " restart", b->path, strerror(b->flush_errno));
	ret = b->drv->flush(b, &fe);
	if (ret < 0) {
		b->flush_errno = -ret;
		log_msg("%s; every later flush of this image will fail",
			fe.msg);
		if (e)
			*e = fe;
		return -1;
	}
	return 0;
}

void block_submit(struct block *b, struct block_req *req)
{
	int ret = -1;

	memset(&req->err, 0, sizeof(req->err));
	switch (req->op) {
	case BLOCK_OP_READ:
		ret = block_pread(b, req->buf, req->len, req->offset,
				  &req->err);
		break;
	case BLOCK_OP_WRITE:
		ret = block_pwrite(b, req->buf, req->len, req->offset,
				   &req->err);
		break;
	case BLOCK_OP_FLUSH:
		ret = block_flush(b, &req->err);
		break;
	}
	req->done(req, ret);
}
