/* Copy-on-write overlay driver: format and crash-safety rules in
 * block_overlay.h (and docs/disks.md). Reads come from the overlay's
 * clusters where the guest has written, from the base elsewhere; the
 * base is opened read-only and never written (DESIGN decision 8). */
#include "block_overlay.h"
#include "block_int.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vmm/log.h"

#define OVL_HDR 328
#define OVL_MAP_OFF 4096
#define OVL_FP_BYTES 65536

struct ovl {
	int fd;
	struct block *base;
	uint64_t csize, vsize, nmap, data_start, next_alloc, fp;
	uint64_t *map;
	uint8_t *dirty;		/* one bit per 512-byte map sector */
	bool any_dirty;
	uint8_t *cbuf;
	char base_path[256], base_format[16];
};

static uint64_t get_be(const uint8_t *p, unsigned n)
{
	uint64_t v = 0;

	while (n--)
		v = v << 8 | *p++;
	return v;
}

static void put_be(uint8_t *p, unsigned n, uint64_t v)
{
	while (n--) {
		p[n] = v & 0xff;
		v >>= 8;
	}
}

static int ovl_io(int fd, void *buf, size_t len, uint64_t off, bool write,
		  const char *path, struct err *e)
{
	uint8_t *p = buf;

	while (len) {
		ssize_t n = write ? pwrite(fd, p, len, off)
				  : pread(fd, p, len, off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return err_set(e, "%s: %s at %" PRIu64 " failed: %s",
				       path, write ? "write" : "read", off,
				       n < 0 ? strerror(errno)
					     : "unexpected end of file");
		p += n;
		off += n;
		len -= n;
	}
	return 0;
}

static int ovl_sync(int fd, const char *path, struct err *e)
{
	int ret;

	do
		ret = fdatasync(fd);
	while (ret < 0 && errno == EINTR);
	if (ret < 0) {
		int saved = errno;

		err_set(e, "%s: flush (fdatasync) failed: %s", path,
			strerror(saved));
		return -saved;
	}
	return 0;
}

/* Which base an overlay belongs to: its size and its first 64 KiB. */
static int ovl_fingerprint(struct block *base, uint64_t *fp, struct err *e)
{
	uint64_t n = block_size(base) < OVL_FP_BYTES ? block_size(base)
						     : OVL_FP_BYTES;
	uint8_t *buf = malloc(n ? n : 1);
	uint64_t h = 0xcbf29ce484222325ull ^ block_size(base);

	if (!buf)
		return err_set(e, "out of memory");
	if (block_pread(base, buf, n, 0, e) < 0) {
		free(buf);
		return -1;
	}
	for (uint64_t i = 0; i < n; i++)
		h = (h ^ buf[i]) * 0x100000001b3ull;
	free(buf);
	*fp = h;
	return 0;
}

static void ovl_geometry(struct ovl *o, unsigned cbits)
{
	o->csize = 1ull << cbits;
	o->nmap = (o->vsize + o->csize - 1) >> cbits;
	o->data_start = (OVL_MAP_OFF + o->nmap * 8 + o->csize - 1) &
			~(o->csize - 1);
}

static int ovl_create(struct ovl *o, const char *path, struct err *e)
{
	uint8_t h[OVL_HDR] = { 0 };

	ovl_geometry(o, OVERLAY_CLUSTER_BITS);
	memcpy(h, OVERLAY_MAGIC, 8);
	put_be(h + 8, 4, 1);
	put_be(h + 12, 4, OVERLAY_CLUSTER_BITS);
	put_be(h + 16, 8, o->vsize);
	put_be(h + 24, 8, OVL_MAP_OFF);
	put_be(h + 32, 8, o->nmap);
	put_be(h + 40, 8, o->data_start);
	put_be(h + 48, 8, o->fp);
	memcpy(h + 56, o->base_path, sizeof(o->base_path));
	memcpy(h + 312, o->base_format, sizeof(o->base_format));
	if (ftruncate(o->fd, o->data_start) < 0)
		return err_set(e, "%s: cannot size the new overlay: %s", path,
			       strerror(errno));
	if (ovl_io(o->fd, h, sizeof(h), 0, true, path, e) < 0 ||
	    ovl_sync(o->fd, path, e) < 0)
		return -1;
	log_msg("%s: created a new overlay over %s", path, o->base_path);
	return 0;
}

/* Read and check the header and map of an existing overlay. With
 * `want_fp` the base must match. */
static int ovl_load(struct ovl *o, const char *path, bool want_fp,
		    struct err *e)
{
	uint8_t h[OVL_HDR], *raw;
	struct stat st;
	unsigned cbits;

	if (fstat(o->fd, &st) < 0 || (uint64_t)st.st_size < OVL_HDR ||
	    ovl_io(o->fd, h, sizeof(h), 0, false, path, e) < 0 ||
	    memcmp(h, OVERLAY_MAGIC, 8))
		return err_set(e, "%s: not a mipsvz overlay file", path);
	cbits = get_be(h + 12, 4);
	if (get_be(h + 8, 4) != 1 || cbits < 9 || cbits > 24)
		return err_set(e, "%s: overlay version %u / cluster bits %u"
				  " not supported", path,
			       (unsigned)get_be(h + 8, 4), cbits);
	if (want_fp && get_be(h + 16, 8) != o->vsize)
		return err_set(e, "%s: overlay is for a %" PRIu64 "-byte base,"
				  " but %s has %" PRIu64 " bytes", path,
			       get_be(h + 16, 8), o->base_path, o->vsize);
	o->vsize = get_be(h + 16, 8);
	ovl_geometry(o, cbits);
	if (get_be(h + 24, 8) != OVL_MAP_OFF || get_be(h + 32, 8) != o->nmap ||
	    get_be(h + 40, 8) != o->data_start ||
	    (uint64_t)st.st_size < o->data_start)
		return err_set(e, "%s: overlay header is corrupt", path);
	if (want_fp && get_be(h + 48, 8) != o->fp)
		return err_set(e, "%s: overlay was made over another base (%.*s)"
				  " than %s: use that base, or mipsvz-img"
				  " discard the overlay", path, 255,
			       (const char *)h + 56, o->base_path);
	o->fp = get_be(h + 48, 8);
	if (!want_fp) {
		memcpy(o->base_path, h + 56, sizeof(o->base_path));
		o->base_path[sizeof(o->base_path) - 1] = 0;
		memcpy(o->base_format, h + 312, sizeof(o->base_format));
		o->base_format[sizeof(o->base_format) - 1] = 0;
	}
	raw = malloc(o->nmap * 8 + 1);
	o->map = calloc(o->nmap + 1, sizeof(*o->map));
	if (!raw || !o->map) {
		free(raw);
		return err_set(e, "out of memory");
	}
	if (ovl_io(o->fd, raw, o->nmap * 8, OVL_MAP_OFF, false, path, e) < 0) {
		free(raw);
		return -1;
	}
	for (uint64_t i = 0; i < o->nmap; i++) {
		uint64_t v = get_be(raw + 8 * i, 8);

		if (v && (v % o->csize || v < o->data_start ||
			  v > (uint64_t)st.st_size - o->csize)) {
			free(raw);
			return err_set(e, "%s: overlay map entry %" PRIu64
					  " points outside the file", path, i);
		}
		o->map[i] = v;
	}
	free(raw);
	o->next_alloc = ((uint64_t)st.st_size + o->csize - 1) &
			~(o->csize - 1);
	return 0;
}

static void ovl_free(struct ovl *o)
{
	if (o->fd >= 0)
		close(o->fd);
	block_close(o->base);
	free(o->map);
	free(o->dirty);
	free(o->cbuf);
	free(o);
}

static struct ovl *ovl_state(struct block *b)
{
	return b->drv_state;
}

static int ovl_open_drv(struct block *b, unsigned flags, struct err *e)
{
	return err_set(e, "overlays are opened over a base image");
}

static int ovl_pread(struct block *b, void *buf, size_t len, uint64_t off,
		     struct err *e)
{
	struct ovl *o = ovl_state(b);
	uint8_t *p = buf;

	while (len) {
		uint64_t i = off / o->csize, in = off % o->csize;
		size_t k = o->csize - in < len ? o->csize - in : len;

		if (o->map[i]) {
			if (ovl_io(o->fd, p, k, o->map[i] + in, false, b->path,
				   e) < 0)
				return -1;
		} else if (block_pread(o->base, p, k, off, e) < 0) {
			return -1;
		}
		p += k;
		off += k;
		len -= k;
	}
	return 0;
}

static int ovl_pwrite(struct block *b, const void *buf, size_t len,
		      uint64_t off, struct err *e)
{
	struct ovl *o = ovl_state(b);
	const uint8_t *p = buf;

	while (len) {
		uint64_t i = off / o->csize, in = off % o->csize;
		uint64_t cstart = i * o->csize;
		size_t k = o->csize - in < len ? o->csize - in : len;

		if (!o->map[i]) {
			/* Copy on write: the whole cluster goes to a fresh
			 * place at the end of the file; the map learns of it
			 * only at the next flush, after the data is safe. */
			uint64_t valid = o->vsize - cstart < o->csize
						 ? o->vsize - cstart
						 : o->csize;

			memset(o->cbuf, 0, o->csize);
			if ((in || k < valid) &&
			    block_pread(o->base, o->cbuf, valid, cstart, e) < 0)
				return -1;
			memcpy(o->cbuf + in, p, k);
			if (ovl_io(o->fd, o->cbuf, o->csize, o->next_alloc,
				   true, b->path, e) < 0)
				return -1;
			o->map[i] = o->next_alloc;
			o->next_alloc += o->csize;
			o->dirty[i / 64 / 8] |= 1u << (i / 64 % 8);
			o->any_dirty = true;
		} else if (ovl_io(o->fd, (void *)p, k, o->map[i] + in, true,
				  b->path, e) < 0) {
			return -1;
		}
		p += k;
		off += k;
		len -= k;
	}
	return 0;
}

static int ovl_flush(struct block *b, struct err *e)
{
	struct ovl *o = ovl_state(b);
	uint8_t sec[512];
	int ret;

	/* Data first, then the map that points at it, then sync again. */
	ret = ovl_sync(o->fd, b->path, e);
	if (ret < 0 || !o->any_dirty)
		return ret;
	for (uint64_t s = 0; s * 64 < o->nmap; s++) {
		if (!(o->dirty[s / 8] & (1u << (s % 8))))
			continue;
		memset(sec, 0, sizeof(sec));
		for (uint64_t j = 0; j < 64 && s * 64 + j < o->nmap; j++)
			put_be(sec + 8 * j, 8, o->map[s * 64 + j]);
		uint64_t n = o->nmap - s * 64 < 64 ? o->nmap - s * 64 : 64;

		if (ovl_io(o->fd, sec, n * 8, OVL_MAP_OFF + s * 512, true,
			   b->path, e) < 0)
			return -EIO;
	}
	ret = ovl_sync(o->fd, b->path, e);
	if (ret < 0)
		return ret;
	memset(o->dirty, 0, (o->nmap / 64 + 8) / 8 + 1);
	o->any_dirty = false;
	return 0;
}

static void ovl_close(struct block *b)
{
	struct ovl *o = ovl_state(b);
	struct err e;

	/* A clean shutdown keeps what the guest wrote, as a raw image's
	 * page cache would. */
	if (o->any_dirty && !b->flush_errno && ovl_flush(b, &e) < 0)
		log_msg("%s", e.msg);
	ovl_free(o);
}

const struct block_driver block_overlay_driver = {
	.name = "overlay",
	.open = ovl_open_drv,
	.pread = ovl_pread,
	.pwrite = ovl_pwrite,
	.flush = ovl_flush,
	.close = ovl_close,
};

int block_overlay_open(struct block **bp, struct block *base,
		       const char *path, struct err *e)
{
	struct ovl *o = calloc(1, sizeof(*o));
	struct block *b = calloc(1, sizeof(*b));
	struct stat st;

	*bp = NULL;
	if (!o || !b || !(b->path = strdup(path))) {
		free(o);
		free(b);
		block_close(base);
		return err_set(e, "out of memory");
	}
	o->base = base;
	o->vsize = block_size(base);
	snprintf(o->base_path, sizeof(o->base_path), "%s", block_path(base));
	snprintf(o->base_format, sizeof(o->base_format), "%s",
		 block_format(base));
	o->fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (o->fd < 0) {
		err_set(e, "cannot open overlay \"%s\": %s", path,
			strerror(errno));
		goto fail;
	}
	if (block_lock_image(o->fd, path, true, e) < 0 ||
	    ovl_fingerprint(base, &o->fp, e) < 0 || fstat(o->fd, &st) < 0)
		goto fail;
	if (st.st_size == 0 ? ovl_create(o, path, e) < 0 ||
				      ovl_load(o, path, true, e) < 0
			    : ovl_load(o, path, true, e) < 0)
		goto fail;
	o->dirty = calloc((o->nmap / 64 + 8) / 8 + 1, 1);
	o->cbuf = malloc(o->csize);
	if (!o->dirty || !o->cbuf) {
		err_set(e, "out of memory");
		goto fail;
	}
	b->drv = &block_overlay_driver;
	b->size = o->vsize;
	b->drv_state = o;
	*bp = b;
	return 0;
fail:
	ovl_free(o);
	free(b->path);
	free(b);
	return -1;
}

/* Open an overlay by itself (no base) for commit/discard. */
static int ovl_open_alone(struct ovl **op, const char *path, struct err *e)
{
	struct ovl *o = calloc(1, sizeof(*o));

	*op = NULL;
	if (!o)
		return err_set(e, "out of memory");
	o->fd = open(path, O_RDWR | O_CLOEXEC);
	if (o->fd < 0) {
		err_set(e, "cannot open overlay \"%s\": %s", path,
			strerror(errno));
		ovl_free(o);
		return -1;
	}
	if (block_lock_image(o->fd, path, true, e) < 0 ||
	    ovl_load(o, path, false, e) < 0) {
		ovl_free(o);
		return -1;
	}
	*op = o;
	return 0;
}

static int ovl_empty(struct ovl *o, const char *path, struct err *e)
{
	uint8_t zero[4096] = { 0 };

	for (uint64_t off = 0; off < o->nmap * 8; off += sizeof(zero)) {
		size_t n = o->nmap * 8 - off < sizeof(zero) ? o->nmap * 8 - off
							    : sizeof(zero);

		if (ovl_io(o->fd, zero, n, OVL_MAP_OFF + off, true, path, e) < 0)
			return -1;
	}
	/* The map is empty on disk before the clusters go away. */
	if (ovl_sync(o->fd, path, e) < 0)
		return -1;
	if (ftruncate(o->fd, o->data_start) < 0)
		return err_set(e, "%s: truncate failed: %s", path,
			       strerror(errno));
	return ovl_sync(o->fd, path, e) < 0 ? -1 : 0;
}

int block_overlay_discard(const char *path, struct err *e)
{
	struct ovl *o;
	int rc;

	if (ovl_open_alone(&o, path, e) < 0)
		return -1;
	rc = ovl_empty(o, path, e);
	ovl_free(o);
	return rc;
}

int block_overlay_commit(const char *path, const char *base_override,
			 struct err *e)
{
	struct ovl *o;
	struct block *base = NULL;
	uint8_t *buf = NULL;
	uint64_t fp;
	int rc = -1;

	if (ovl_open_alone(&o, path, e) < 0)
		return -1;
	if (base_override)
		snprintf(o->base_path, sizeof(o->base_path), "%s",
			 base_override);
	if (strcmp(o->base_format, "raw")) {
		err_set(e, "%s: its base %s is a %s image, which cannot be"
			   " written: convert it to raw first (mipsvz-img"
			   " chd-to-raw) and commit into that", path,
			o->base_path, o->base_format);
		goto out;
	}
	if (block_open(&base, o->base_path, "raw", 0, e) < 0)
		goto out;
	if (block_size(base) != o->vsize ||
	    ovl_fingerprint(base, &fp, e) < 0 || fp != o->fp) {
		err_set(e, "%s: %s is not the base this overlay was made over",
			path, o->base_path);
		goto out;
	}
	buf = malloc(o->csize);
	if (!buf) {
		err_set(e, "out of memory");
		goto out;
	}
	for (uint64_t i = 0; i < o->nmap; i++) {
		uint64_t start = i * o->csize;
		uint64_t n = o->vsize - start < o->csize ? o->vsize - start
							 : o->csize;

		if (!o->map[i])
			continue;
		if (ovl_io(o->fd, buf, n, o->map[i], false, path, e) < 0 ||
		    block_pwrite(base, buf, n, start, e) < 0)
			goto out;
	}
	/* The base holds everything before the overlay lets go of it. */
	if (block_flush(base, e) < 0 || ovl_empty(o, path, e) < 0)
		goto out;
	rc = 0;
out:
	free(buf);
	block_close(base);
	ovl_free(o);
	return rc;
}

int block_overlay_describe(const char *path, char *buf, size_t len,
			   struct err *e)
{
	struct ovl *o;
	uint64_t used = 0;

	if (ovl_open_alone(&o, path, e) < 0)
		return -1;
	for (uint64_t i = 0; i < o->nmap; i++)
		used += o->map[i] != 0;
	snprintf(buf, len, "overlay over %s (%s), %" PRIu64 " bytes, %" PRIu64
		 " of %" PRIu64 " %" PRIu64 "-byte clusters written",
		 o->base_path, o->base_format, o->vsize, used, o->nmap,
		 o->csize);
	ovl_free(o);
	return 0;
}
