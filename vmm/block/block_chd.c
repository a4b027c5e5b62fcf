/* MAME CHD v5 reader and the read-only "chd" block driver (DISK-FORMATS
 * A1.2). Hard-disk CHDs show their logical bytes; CD CHDs show the first
 * data track cooked to 2048-byte sectors, like an ISO. Writes never go
 * into a CHD: the drive needs an overlay (block_overlay.c). A hunk that
 * cannot be read fails that read only, logged once per hunk (row 6). */
#include "block_chd.h"
#include "block_int.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vmm/log.h"

static uint64_t be(const uint8_t *p, unsigned n)
{
	uint64_t v = 0;

	while (n--)
		v = v << 8 | *p++;
	return v;
}

uint16_t chd_crc16(const uint8_t *p, size_t len)
{
	/* CRC-16/CCITT: poly 0x1021, init 0xffff, MSB first. */
	uint16_t crc = 0xffff;

	while (len--) {
		crc ^= (uint16_t)*p++ << 8;
		for (int i = 0; i < 8; i++)
			crc = crc & 0x8000 ? (uint16_t)(crc << 1) ^ 0x1021
					   : (uint16_t)(crc << 1);
	}
	return crc;
}

static int chd_pread(struct chd *c, void *buf, size_t len, uint64_t off,
		     struct err *e)
{
	uint8_t *p = buf;

	if (off > c->file_size || len > c->file_size - off)
		return err_set(e, "%s: %zu bytes at %" PRIu64 " lie past the"
				  " end of the file", c->path, len, off);
	while (len) {
		ssize_t n = pread(c->fd, p, len, off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return err_set(e, "%s: read at %" PRIu64 " failed: %s",
				       c->path, off,
				       n < 0 ? strerror(errno)
					     : "file shrank while in use");
		p += n;
		off += n;
		len -= n;
	}
	return 0;
}

/* BAD-INPUTS row 3: every header field is checked before anything is
 * sized from it. */
static int chd_parse_header(struct chd *c, struct err *e)
{
	uint8_t h[CHD_V5_HEADER];
	uint32_t hlen;

	if (c->file_size < 16)
		return err_set(e, "%s: not a CHD (file too short)", c->path);
	if (chd_pread(c, h, 16, 0, e) < 0)
		return -1;
	if (memcmp(h, "MComprHD", 8))
		return err_set(e, "%s: not a CHD (no MComprHD magic)", c->path);
	hlen = be(h + 8, 4);
	c->version = be(h + 12, 4);
	if (c->version != 5)
		return err_set(e, "%s: CHD version %u is not supported (only"
				  " v5; convert it with \"chdman copy\")",
			       c->path, c->version);
	if (hlen != CHD_V5_HEADER)
		return err_set(e, "%s: CHD v5 header length is %u, not 124",
			       c->path, hlen);
	if (chd_pread(c, h, sizeof(h), 0, e) < 0)
		return -1;
	for (int i = 0; i < 4; i++)
		c->codecs[i] = be(h + 16 + 4 * i, 4);
	c->logical = be(h + 32, 8);
	c->mapoffset = be(h + 40, 8);
	c->metaoffset = be(h + 48, 8);
	c->hunkbytes = be(h + 56, 4);
	c->unitbytes = be(h + 60, 4);
	memcpy(c->rawsha1, h + 64, 20);
	memcpy(c->sha1, h + 84, 20);
	memcpy(c->parentsha1, h + 104, 20);
	c->compressed = c->codecs[0] != 0;
	for (int i = 0; i < 20; i++)
		c->has_parent |= c->parentsha1[i] != 0;
	if (c->hunkbytes < 16 || c->hunkbytes > CHD_MAX_HUNKBYTES)
		return err_set(e, "%s: CHD hunk size %u is outside 16 B .. 1 MiB",
			       c->path, c->hunkbytes);
	if (!c->unitbytes || c->unitbytes > c->hunkbytes ||
	    c->hunkbytes % c->unitbytes)
		return err_set(e, "%s: CHD unit size %u does not divide the"
				  " hunk size %u", c->path, c->unitbytes,
			       c->hunkbytes);
	if (!c->logical || c->logical % c->unitbytes)
		return err_set(e, "%s: CHD logical size %" PRIu64 " is not a"
				  " whole number of %u-byte units", c->path,
			       c->logical, c->unitbytes);
	if ((c->logical - 1) / c->hunkbytes + 1 > CHD_MAX_HUNKS)
		return err_set(e, "%s: CHD has more than %u hunks (logical"
				  " size %" PRIu64 ", hunk %u)", c->path,
			       CHD_MAX_HUNKS, c->logical, c->hunkbytes);
	c->hunkcount = (c->logical - 1) / c->hunkbytes + 1;
	return 0;
}

static int chd_parse_map_raw(struct chd *c, struct err *e)
{
	size_t n = (size_t)c->hunkcount * 4;
	uint8_t *raw;

	if (c->mapoffset < CHD_V5_HEADER || c->mapoffset > c->file_size ||
	    n > c->file_size - c->mapoffset)
		return err_set(e, "%s: CHD map (%zu bytes at %" PRIu64 ") lies"
				  " past the end of the file", c->path, n,
			       c->mapoffset);
	raw = malloc(n);
	if (!raw)
		return err_set(e, "out of memory");
	if (chd_pread(c, raw, n, c->mapoffset, e) < 0) {
		free(raw);
		return -1;
	}
	for (uint32_t i = 0; i < c->hunkcount; i++) {
		uint64_t v = be(raw + 4 * i, 4);

		c->map[i].type = v ? CHD_HUNK_NONE : CHD_HUNK_UNMAPPED;
		c->map[i].offset = v * c->hunkbytes;
		c->map[i].length = c->hunkbytes;
	}
	free(raw);
	return 0;
}

/* The compressed v5 map (DISK-FORMATS A1.2, rows 4-5). */
static int chd_parse_map_compressed(struct chd *c, struct err *e)
{
	uint8_t hdr[16], ent[12], *bits = NULL;
	uint32_t maplen, lastcomp = 0, rep = 0;
	uint64_t cur, last_self = 0, last_parent = 0;
	uint8_t lengthbits, selfbits, parentbits;
	struct chd_huff h = { 0 };
	struct chd_bits b;
	uint16_t crc = 0xffff, want;
	int rc = -1;

	if (c->mapoffset < CHD_V5_HEADER ||
	    chd_pread(c, hdr, 16, c->mapoffset, e) < 0)
		return err_set(e, "%s: CHD map header at %" PRIu64 " lies past"
				  " the end of the file", c->path,
			       c->mapoffset);
	maplen = be(hdr, 4);
	cur = be(hdr + 4, 6);
	want = be(hdr + 10, 2);
	lengthbits = hdr[12];
	selfbits = hdr[13];
	parentbits = hdr[14];
	if (maplen > c->file_size - c->mapoffset - 16)
		return err_set(e, "%s: CHD compressed map (%u bytes) lies past"
				  " the end of the file", c->path, maplen);
	if (lengthbits > 32 || selfbits > 32 || parentbits > 32)
		return err_set(e, "%s: CHD map field widths %u/%u/%u are"
				  " invalid", c->path, lengthbits, selfbits,
			       parentbits);
	/* Each type symbol takes at least one bit and a run covers at most
	 * 274 hunks: a longer map cannot be real. */
	if ((uint64_t)c->hunkcount > ((uint64_t)maplen * 8 + 1) * 274)
		return err_set(e, "%s: CHD map of %u bytes cannot describe %u"
				  " hunks", c->path, maplen, c->hunkcount);
	bits = malloc(maplen ? maplen : 1);
	if (!bits)
		return err_set(e, "out of memory");
	if (chd_pread(c, bits, maplen, c->mapoffset + 16, e) < 0)
		goto out;
	chd_bits_init(&b, bits, maplen);
	if (chd_huff_init(&h, 16, 8) < 0 || chd_huff_import_rle(&h, &b) < 0) {
		err_set(e, "%s: CHD map Huffman tree is corrupt", c->path);
		goto out;
	}
	for (uint32_t i = 0; i < c->hunkcount; i++) {
		int v;

		if (rep) {
			c->map[i].type = lastcomp;
			rep--;
			continue;
		}
		v = chd_huff_decode(&h, &b);
		if (v == 7 || v == 8) {	/* RLE small / large */
			int x = chd_huff_decode(&h, &b), y = 0;

			if (v == 8)
				y = chd_huff_decode(&h, &b);
			if (x < 0 || y < 0)
				v = -1;
			else
				rep = v == 7 ? 2 + x : 2 + 16 + (x << 4) + y;
			c->map[i].type = lastcomp;
		} else if (v >= 0) {
			c->map[i].type = lastcomp = v;
		}
		if (v < 0 || b.overflow) {
			err_set(e, "%s: CHD map bitstream is corrupt at hunk"
				   " %u", c->path, i);
			goto out;
		}
	}
	if (rep) {
		err_set(e, "%s: CHD map run goes %u hunks past the last hunk",
			c->path, rep);
		goto out;
	}
	for (uint32_t i = 0; i < c->hunkcount; i++) {
		struct chd_map_entry *m = &c->map[i];
		uint64_t units = c->hunkbytes / c->unitbytes;

		m->length = 0;
		m->offset = 0;
		m->crc = 0;
		switch (m->type) {
		case 0: case 1: case 2: case 3:
			m->length = chd_bits_read(&b, lengthbits);
			m->offset = cur;
			cur += m->length;
			m->crc = chd_bits_read(&b, 16);
			break;
		case CHD_HUNK_NONE:
			m->length = c->hunkbytes;
			m->offset = cur;
			cur += m->length;
			m->crc = chd_bits_read(&b, 16);
			break;
		case CHD_HUNK_SELF:
			m->offset = last_self = chd_bits_read(&b, selfbits);
			break;
		case CHD_HUNK_PARENT:
			m->offset = last_parent = chd_bits_read(&b, parentbits);
			break;
		case 10:	/* self + 1 */
			last_self++;
			/* fall through */
		case 9:		/* same self */
			m->type = CHD_HUNK_SELF;
			m->offset = last_self;
			break;
		case 11:	/* parent at this position */
			m->type = CHD_HUNK_PARENT;
			m->offset = last_parent = (uint64_t)i * units;
			break;
		case 13:	/* last parent + one hunk */
			last_parent += units;
			/* fall through */
		case 12:
			m->type = CHD_HUNK_PARENT;
			m->offset = last_parent;
			break;
		default:
			err_set(e, "%s: CHD map has unknown hunk type %u",
				c->path, m->type);
			goto out;
		}
		ent[0] = m->type;
		for (int k = 0; k < 3; k++)
			ent[1 + k] = m->length >> (16 - 8 * k);
		for (int k = 0; k < 6; k++)
			ent[4 + k] = m->offset >> (40 - 8 * k);
		ent[10] = m->crc >> 8;
		ent[11] = m->crc;
		/* Running CRC over the expanded 12-byte entries. */
		for (int k = 0; k < 12; k++) {
			crc ^= (uint16_t)ent[k] << 8;
			for (int j = 0; j < 8; j++)
				crc = crc & 0x8000
					      ? (uint16_t)(crc << 1) ^ 0x1021
					      : (uint16_t)(crc << 1);
		}
	}
	if (b.overflow) {
		err_set(e, "%s: CHD map bitstream ends early", c->path);
		goto out;
	}
	if (crc != want) {
		err_set(e, "%s: CHD map CRC is %04x, the header says %04x",
			c->path, crc, want);
		goto out;
	}
	rc = 0;
out:
	chd_huff_free(&h);
	free(bits);
	return rc;
}

/* GDDD text: "CYLS:%d,HEADS:%d,SECS:%d,BPS:%d". Implausible values are
 * dropped (MODE SENSE then synthesises a geometry), never trusted for
 * sizes (row 8). */
static void chd_parse_gddd(struct chd *c, const char *t)
{
	unsigned long cy, hd, se, bps;

	if (sscanf(t, "CYLS:%lu,HEADS:%lu,SECS:%lu,BPS:%lu", &cy, &hd, &se,
		   &bps) != 4)
		return;
	if (!cy || cy > 0xffffff || !hd || hd > 255 || !se || se > 255 ||
	    (bps != 512 && bps != 1024 && bps != 2048 && bps != 4096))
		return;
	c->cyls = cy;
	c->heads = hd;
	c->secs = se;
	c->bps = bps;
}

static int chd_walk_meta(struct chd *c, struct err *e)
{
	uint64_t off = c->metaoffset;

	while (off) {
		uint8_t h[16];
		char text[256];
		uint32_t tag, len;

		if (++c->nmeta > CHD_MAX_META)
			return err_set(e, "%s: CHD metadata chain is longer than"
					  " %u entries (a loop?)", c->path,
				       CHD_MAX_META);
		if (chd_pread(c, h, 16, off, e) < 0)
			return err_prefix(e, "CHD metadata entry");
		tag = be(h, 4);
		len = be(h + 5, 3);
		if (len > c->file_size - off - 16)
			return err_set(e, "%s: CHD metadata entry at %" PRIu64
					  " runs past the end of the file",
				       c->path, off);
		if (len < sizeof(text) &&
		    (tag == CHD_FOURCC('G', 'D', 'D', 'D') ||
		     tag == CHD_FOURCC('C', 'H', 'T', '2') ||
		     tag == CHD_FOURCC('C', 'H', 'T', 'R'))) {
			if (chd_pread(c, text, len, off + 16, e) < 0)
				return -1;
			text[len] = 0;
			if (tag == CHD_FOURCC('G', 'D', 'D', 'D'))
				chd_parse_gddd(c, text);
			else if (chd_cd_parse_track(c, text, len, e) < 0)
				return -1;
		}
		off = be(h + 8, 8);
	}
	return 0;
}

static int chd_hunk_fail(struct chd *c, uint32_t n, struct err *e)
{
	if (!(c->bad_logged[n / 8] & (1u << (n % 8)))) {
		c->bad_logged[n / 8] |= 1u << (n % 8);
		log_msg("%s: hunk %u: %s (reported to the guest as a medium"
			" error)", c->path, n, e ? e->msg : "read error");
	}
	return -1;
}

static int chd_read_depth(struct chd *c, void *buf, size_t len,
			  uint64_t off, unsigned depth, struct err *e);

static int chd_load_hunk(struct chd *c, uint32_t n, uint8_t *dst,
			 unsigned depth, struct err *e)
{
	struct chd_map_entry *m = &c->map[n];
	bool unreliable = false;

	if (depth > CHD_MAX_DEPTH)
		return err_set(e, "hunk references nest deeper than %u (a"
				  " loop?)", CHD_MAX_DEPTH);
	switch (m->type) {
	case 0: case 1: case 2: case 3:
		if (m->length > 2ull * c->hunkbytes)
			return err_set(e, "compressed length %u is more than"
					  " twice the hunk size", m->length);
		if (chd_pread(c, c->cbuf, m->length, m->offset, e) < 0 ||
		    chd_codec_decompress(c, c->codecs[m->type], c->cbuf,
					 m->length, dst, c->hunkbytes,
					 &unreliable, e) < 0)
			return -1;
		break;
	case CHD_HUNK_NONE:
		if (chd_pread(c, dst, c->hunkbytes, m->offset, e) < 0)
			return -1;
		if (!c->compressed)
			return 0;	/* uncompressed files carry no CRC */
		break;
	case CHD_HUNK_SELF:
		if (m->offset >= c->hunkcount)
			return err_set(e, "copy of hunk %" PRIu64 " past the"
					  " last hunk", m->offset);
		return chd_load_hunk(c, m->offset, dst, depth + 1, e);
	case CHD_HUNK_PARENT:
	case CHD_HUNK_UNMAPPED: {
		uint64_t poff = m->type == CHD_HUNK_PARENT
					? m->offset * c->unitbytes
					: (uint64_t)n * c->hunkbytes;

		if (!c->parent) {
			if (m->type == CHD_HUNK_PARENT)
				return err_set(e, "parent hunk but no parent");
			memset(dst, 0, c->hunkbytes);
			return 0;
		}
		if (m->offset > UINT64_MAX / c->unitbytes ||
		    poff > c->parent->logical ||
		    c->hunkbytes > c->parent->logical - poff)
			return err_set(e, "parent unit %" PRIu64 " is past the"
					  " parent's end", m->offset);
		return chd_read_depth(c->parent, dst, c->hunkbytes, poff,
				      depth + 1, e);
	}
	default:
		return err_set(e, "bad map entry type %u", m->type);
	}
	if (!unreliable && chd_crc16(dst, c->hunkbytes) != m->crc)
		return err_set(e, "CRC mismatch");
	return 0;
}

static const uint8_t *chd_hunk(struct chd *c, uint32_t n, unsigned depth,
			       struct err *e)
{
	if (n >= c->hunkcount) {
		err_set(e, "%s: hunk %u is past the end", c->path, n);
		return NULL;
	}
	if (c->cache_valid && c->cache_hunk == n)
		return c->cache;
	c->cache_valid = false;
	if (chd_load_hunk(c, n, c->cache, depth, e) < 0) {
		chd_hunk_fail(c, n, e);
		err_prefix(e, "%s: hunk %u", c->path, n);
		return NULL;
	}
	c->cache_hunk = n;
	c->cache_valid = true;
	return c->cache;
}

const uint8_t *chd_read_hunk(struct chd *c, uint32_t n, struct err *e)
{
	return chd_hunk(c, n, 0, e);
}

static int chd_read_depth(struct chd *c, void *buf, size_t len,
			  uint64_t off, unsigned depth, struct err *e)
{
	uint8_t *p = buf;

	if (off > c->logical || len > c->logical - off)
		return err_set(e, "%s: read past the end of the CHD", c->path);
	while (len) {
		uint32_t n = off / c->hunkbytes, in = off % c->hunkbytes;
		size_t k = c->hunkbytes - in < len ? c->hunkbytes - in : len;
		const uint8_t *h = chd_hunk(c, n, depth, e);

		if (!h)
			return -1;
		memcpy(p, h + in, k);
		p += k;
		off += k;
		len -= k;
	}
	return 0;
}

int chd_read(struct chd *c, void *buf, size_t len, uint64_t off,
	     struct err *e)
{
	return chd_read_depth(c, buf, len, off, 0, e);
}

static int chd_parse(struct chd *c, struct err *e)
{
	if (chd_parse_header(c, e) < 0)
		return -1;
	c->map = calloc(c->hunkcount, sizeof(*c->map));
	c->cache = malloc(c->hunkbytes);
	c->cbuf = malloc(2 * (size_t)c->hunkbytes);
	c->bad_logged = calloc((c->hunkcount + 7) / 8, 1);
	if (!c->map || !c->cache || !c->cbuf || !c->bad_logged)
		return err_set(e, "out of memory");
	if (chd_codec_create(c, e) < 0)
		return -1;
	for (int i = 0; i < 4; i++) {
		char name[5];

		if (c->codecs[i] && !chd_codec_supported(c->codecs[i]))
			log_msg("%s: codec %s is not built in: hunks that use"
				" it will fail to read", c->path,
				chd_codec_name(c->codecs[i], name));
	}
	if ((c->compressed ? chd_parse_map_compressed(c, e)
			   : chd_parse_map_raw(c, e)) < 0)
		return -1;
	return chd_walk_meta(c, e);
}

int chd_open_fd(struct chd **cp, int fd, const char *name, struct err *e)
{
	struct chd *c = calloc(1, sizeof(*c));
	struct stat st;

	*cp = NULL;
	if (!c || !(c->path = strdup(name))) {
		free(c);
		return err_set(e, "out of memory");
	}
	c->fd = fd;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		err_set(e, "%s: not a regular file", name);
		goto fail;
	}
	c->file_size = st.st_size;
	if (chd_parse(c, e) < 0)
		goto fail;
	*cp = c;
	return 0;
fail:
	c->fd = -1;
	chd_close(c);
	return -1;
}

static void chd_hex(const uint8_t *sha, char out[41])
{
	for (int i = 0; i < 20; i++)
		sprintf(out + 2 * i, "%02x", sha[i]);
}

/* The parent is found by its overall SHA1 among the .chd files beside
 * the child, as MAME finds parents in its CHD directories (row 7). */
static int chd_find_parent(struct chd *c, unsigned depth, struct err *e);

static int chd_open_depth(struct chd **cp, const char *path, unsigned depth,
			  struct err *e)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct chd *c;

	*cp = NULL;
	if (fd < 0)
		return err_set(e, "cannot open \"%s\": %s", path,
			       strerror(errno));
	if (chd_open_fd(&c, fd, path, e) < 0) {
		close(fd);
		return -1;
	}
	if (c->has_parent && chd_find_parent(c, depth, e) < 0) {
		chd_close(c);
		return -1;
	}
	*cp = c;
	return 0;
}

static int chd_find_parent(struct chd *c, unsigned depth, struct err *e)
{
	char *dup = strdup(c->path), want[41], cand[4200];
	const char *dir;
	struct dirent *de;
	DIR *d;

	if (!dup)
		return err_set(e, "out of memory");
	chd_hex(c->parentsha1, want);
	if (depth >= CHD_MAX_DEPTH) {
		free(dup);
		return err_set(e, "%s: CHD parent chain is deeper than %u",
			       c->path, CHD_MAX_DEPTH);
	}
	dir = dirname(dup);
	d = opendir(dir);
	while (d && (de = readdir(d))) {
		size_t n = strlen(de->d_name);
		uint8_t h[124];
		int fd;

		if (n < 4 || strcasecmp(de->d_name + n - 4, ".chd"))
			continue;
		snprintf(cand, sizeof(cand), "%s/%s", dir, de->d_name);
		fd = open(cand, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		if (pread(fd, h, sizeof(h), 0) == sizeof(h) &&
		    !memcmp(h, "MComprHD", 8) &&
		    !memcmp(h + 84, c->parentsha1, 20)) {
			close(fd);
			closedir(d);
			free(dup);
			if (chd_open_depth(&c->parent, cand, depth + 1, e) < 0)
				return err_prefix(e, "parent of %s", c->path);
			if (c->parent->hunkbytes != c->hunkbytes &&
			    !c->compressed) {
				return err_set(e, "%s: parent %s has other"
						  " hunk sizes", c->path, cand);
			}
			return 0;
		}
		close(fd);
	}
	if (d)
		closedir(d);
	free(dup);
	return err_set(e, "%s: this CHD is a diff against a parent CHD with"
			  " SHA1 %s, which is not in its directory: put the"
			  " parent beside it", c->path, want);
}

int chd_open(struct chd **cp, const char *path, struct err *e)
{
	return chd_open_depth(cp, path, 0, e);
}

void chd_close(struct chd *c)
{
	if (!c)
		return;
	chd_close(c->parent);
	chd_codec_free(c);
	if (c->fd >= 0)
		close(c->fd);
	free(c->map);
	free(c->cache);
	free(c->cbuf);
	free(c->bad_logged);
	free(c->path);
	free(c);
}

/* The block driver. */

#define CD_FRAME 2448
#define CD_DATA 2048

static struct chd *blk_chd(struct block *b)
{
	return b->drv_state;
}

static int block_chd_open(struct block *b, unsigned flags, struct err *e)
{
	struct chd *c;

	if (!b->readonly)
		return err_set(e, "\"%s\": CHD images are never written in"
				  " place: give the drive an overlay file"
				  " (overlay = \"disk.ovl\") or readonly ="
				  " true", b->path);
	if (chd_open(&c, b->path, e) < 0)
		return -1;
	b->drv_state = c;
	if (c->cd.audio_only) {
		chd_close(c);
		return err_set(e, "%s: CD CHD whose first track holds no data"
				  " (audio CDs are not supported)", b->path);
	}
	if (c->cd.present) {
		if (c->unitbytes != CD_FRAME ||
		    (uint64_t)c->cd.start + c->cd.frames >
			    c->logical / CD_FRAME) {
			chd_close(c);
			return err_set(e, "%s: CD CHD with %u-byte units or a"
					  " track longer than the image",
				       b->path, c->unitbytes);
		}
		b->size = (uint64_t)c->cd.frames * CD_DATA;
	} else {
		b->size = c->logical;
	}
	return 0;
}

static int block_chd_pread(struct block *b, void *buf, size_t len,
			   uint64_t off, struct err *e)
{
	struct chd *c = blk_chd(b);
	uint8_t *p = buf;

	if (!c->cd.present)
		return chd_read(c, buf, len, off, e);
	while (len) {
		uint64_t lba = off / CD_DATA, in = off % CD_DATA;
		size_t k = CD_DATA - in < len ? CD_DATA - in : len;

		if (chd_read(c, p, k, (c->cd.start + lba) * CD_FRAME +
				     c->cd.data_off + in,
			     e) < 0)
			return -1;
		p += k;
		off += k;
		len -= k;
	}
	return 0;
}

static int block_chd_pwrite(struct block *b, const void *buf, size_t len,
			    uint64_t off, struct err *e)
{
	return err_set(e, "%s: CHD images are read-only", b->path);
}

static int block_chd_flush(struct block *b, struct err *e)
{
	return 0;
}

static void block_chd_close(struct block *b)
{
	chd_close(blk_chd(b));
}

const struct block_driver block_chd_driver = {
	.name = "chd",
	.open = block_chd_open,
	.pread = block_chd_pread,
	.pwrite = block_chd_pwrite,
	.flush = block_chd_flush,
	.close = block_chd_close,
};
