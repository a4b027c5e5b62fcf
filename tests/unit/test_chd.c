/* CHD v5 reader: images made at test time by Debian's chdman (each codec,
 * uncompressed, CD, parent/child) compared byte for byte with their
 * source, and our own synthetic files for every bad-input row (BAD-INPUTS
 * 3-9): each must be refused at open or fail just the read. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tests/test.h"
#include "vmm/block/block.h"
#include "vmm/block/block_chd.h"

#define HUNK 4096

static char path_buf[8][512];
static int path_slot;

static const char *tmp(const char *name)
{
	char *p = path_buf[path_slot++ % 8];

	snprintf(p, 512, "%s/%s", test_tmpdir(), name);
	return p;
}

/* chdman's CHDs use every codec: a build without liblzma, libFLAC or
 * zlib (cross builds) skips those tests. */
static int have_chdman(void)
{
	static const uint32_t need[] = {
		CHD_FOURCC('z', 'l', 'i', 'b'), CHD_FOURCC('l', 'z', 'm', 'a'),
		CHD_FOURCC('f', 'l', 'a', 'c'), CHD_FOURCC('c', 'd', 'f', 'l'),
	};

	for (size_t i = 0; i < sizeof(need) / sizeof(*need); i++)
		if (!chd_codec_supported(need[i]))
			return 0;
	return system("command -v chdman >/dev/null 2>&1") == 0;
}

static void write_file(const char *path, const void *buf, size_t len)
{
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(buf, 1, len, f) != len)
		test_fail(__FILE__, __LINE__, "cannot write %s", path);
	if (f)
		fclose(f);
}

static void patch(const char *path, uint64_t off, const void *buf,
		  size_t len)
{
	int fd = open(path, O_WRONLY);

	if (fd < 0 || pwrite(fd, buf, len, off) != (ssize_t)len)
		test_fail(__FILE__, __LINE__, "cannot patch %s", path);
	close(fd);
}

static void put_be(uint8_t *p, unsigned n, uint64_t v)
{
	while (n--) {
		p[n] = v & 0xff;
		v >>= 8;
	}
}

/* Disk contents that make chdman use every codec: random hunks (stored),
 * zero and repeated hunks (self references), text (lzma/zlib), skewed
 * bytes (huff) and 16-bit sine audio (flac). */
static uint8_t *make_disk(size_t hunks)
{
	uint8_t *d = malloc(hunks * HUNK);
	uint32_t x = 12345;

	for (size_t h = 0; h < hunks; h++) {
		uint8_t *p = d + h * HUNK;

		for (size_t i = 0; i < HUNK; i++) {
			x = x * 1103515245 + 12345;
			switch (h % 6) {
			case 0: p[i] = x >> 16; break;
			case 1: p[i] = 0; break;
			case 2: p[i] = "the quick brown fox "[i % 20]; break;
			case 3: p[i] = (x >> 16) % 7 ? 'a' : (x >> 8); break;
			case 4: {
				int16_t s = (int16_t)(12000.0 *
					__builtin_sin((double)(i / 4) / 9.0));
				p[i] = i & 1 ? s & 0xff : s >> 8;
				break;
			}
			default: memcpy(p, d, HUNK); i = HUNK; break;
			}
		}
	}
	return d;
}

static int run(const char *fmt, const char *a, const char *b, const char *c)
{
	char cmd[2048];

	snprintf(cmd, sizeof(cmd), fmt, a, b, c);
	strncat(cmd, " >/dev/null 2>&1", sizeof(cmd) - strlen(cmd) - 1);
	return system(cmd);
}

static void check_same(const char *chd, const uint8_t *want, size_t len)
{
	struct block *b;
	struct err e;
	uint8_t *got = malloc(len);

	if (block_open(&b, chd, "chd", BLOCK_RDONLY, &e) < 0) {
		test_fail(__FILE__, __LINE__, "%s", e.msg);
		free(got);
		return;
	}
	CHECK_EQ(block_size(b), len);
	CHECK(block_pread(b, got, len, 0, &e) == 0);
	CHECK(memcmp(got, want, len) == 0);
	/* Unaligned reads that straddle hunks. */
	CHECK(block_pread(b, got, 5000, 4000, &e) == 0);
	CHECK(memcmp(got, want + 4000, 5000) == 0);
	block_close(b);
	free(got);
}

static void chdman_codecs(void)
{
	/* 16 KiB hunks give several FLAC frames per hunk. */
	static const char *const codecs[] = {
		"none", "zlib", "lzma", "huff", "flac", "lzma,zlib,huff,flac",
		"flac -hs 16384", "lzma,zlib,huff,flac -hs 8192",
	};
	size_t hunks = 48;
	uint8_t *d = make_disk(hunks);
	const char *raw = tmp("disk.raw"), *chd = tmp("disk.chd");

	if (!have_chdman()) {
		free(d);
		test_skip("chdman not installed (apt-get install mame-tools)"
			  " or codecs not built in");
		return;
	}
	write_file(raw, d, hunks * HUNK);
	for (size_t i = 0; i < sizeof(codecs) / sizeof(*codecs); i++) {
		unlink(chd);
		if (run("chdman createhd -f -i %s -o %s -c %s", raw, chd,
			codecs[i])) {
			test_fail(__FILE__, __LINE__, "chdman -c %s failed",
				  codecs[i]);
			continue;
		}
		check_same(chd, d, hunks * HUNK);
	}
	free(d);
}

static void chdman_geometry_and_writable_refused(void)
{
	uint8_t *d = make_disk(12);
	const char *raw = tmp("g.raw"), *chd = tmp("g.chd");
	struct chd *c;
	struct block *b;
	struct err e;

	if (!have_chdman()) {
		free(d);
		test_skip("chdman not installed");
		return;
	}
	write_file(raw, d, 12 * HUNK);
	CHECK(run("chdman createhd -f -i %s -o %s %s", raw, chd, "") == 0);
	CHECK(chd_open(&c, chd, &e) == 0);
	if (c) {
		CHECK_EQ(c->hunkbytes, 4096);
		CHECK_EQ(c->bps, 512);
		CHECK(c->cyls && c->heads && c->secs);
	}
	chd_close(c);
	/* Writes never go into a CHD: the message names the fix. */
	CHECK(block_open(&b, chd, NULL, 0, &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "overlay");
	free(d);
}

static void chdman_cd(void)
{
	size_t frames = 300;
	uint8_t *iso = malloc(frames * 2048), *got = malloc(frames * 2048);
	const char *path = tmp("cd.iso"), *chd = tmp("cd.chd");
	uint32_t x = 99;
	struct block *b;
	struct err e;

	if (!have_chdman()) {
		free(iso);
		free(got);
		test_skip("chdman not installed");
		return;
	}
	/* Half random, half text, so cdlz, cdzl and cdfl all get hunks. */
	for (size_t i = 0; i < frames * 2048; i++) {
		x = x * 1103515245 + 12345;
		iso[i] = (i / 2048) % 2 ? (uint8_t)(x >> 16)
					: (uint8_t)"IRIX 6.5 install "[i % 17];
	}
	write_file(path, iso, frames * 2048);
	static const char *const codecs[] = { "cdlz,cdzl,cdfl", "cdzl",
					      "cdlz", "cdfl" };
	for (size_t i = 0; i < 4; i++) {
		unlink(chd);
		CHECK(run("chdman createcd -f -i %s -o %s -c %s", path, chd,
			  codecs[i]) == 0);
		CHECK(block_open(&b, chd, NULL, BLOCK_RDONLY, &e) == 0);
		if (!b) {
			test_fail(__FILE__, __LINE__, "%s: %s", codecs[i],
				  e.msg);
			continue;
		}
		CHECK_EQ(block_size(b), frames * 2048);
		CHECK(block_pread(b, got, frames * 2048, 0, &e) == 0);
		CHECK(memcmp(got, iso, frames * 2048) == 0);
		block_close(b);
	}
	free(iso);
	free(got);
}

static void chdman_parent(void)
{
	size_t hunks = 24;
	uint8_t *d = make_disk(hunks);
	const char *praw = tmp("p.raw"), *pchd = tmp("p.chd");
	const char *craw = tmp("c.raw"), *cchd = tmp("c.chd");
	struct block *b;
	struct err e;

	if (!have_chdman()) {
		free(d);
		test_skip("chdman not installed");
		return;
	}
	write_file(praw, d, hunks * HUNK);
	CHECK(run("chdman createhd -f -i %s -o %s %s", praw, pchd, "") == 0);
	memset(d + 3 * HUNK + 100, 0x5a, 3000);
	write_file(craw, d, hunks * HUNK);
	CHECK(run("chdman createhd -f -i %s -o %s -op %s", craw, cchd,
		  pchd) == 0);
	check_same(cchd, d, hunks * HUNK);
	/* Row 7: the parent gone, or another file in its place. */
	CHECK(rename(pchd, tmp("p.moved")) == 0);
	CHECK(block_open(&b, cchd, NULL, BLOCK_RDONLY, &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "SHA1");
	free(d);
}

/* A synthetic compressed v5 file: every hunk type and field under the
 * test's control. The map's tree gives all 16 symbols 4-bit codes, so
 * symbol s is simply written as s. */
struct synth {
	uint32_t hunkbytes, nhunks;
	uint32_t codecs[4];
	uint8_t parent_sha1[20];
	uint8_t type[8];
	uint32_t length[8], value[8];	/* value: self hunk / parent unit */
	uint16_t crc[8];
	const uint8_t *data;	/* compressed/stored bytes at firstoffs */
	size_t datalen;
	uint64_t metaoffset;
	int rle_run;		/* >0: write one RLE_SMALL of this N first */
};

struct bitw {
	uint8_t buf[256];
	size_t pos;
};

static void bw(struct bitw *w, uint32_t v, unsigned n)
{
	while (n--) {
		if ((v >> n) & 1)
			w->buf[w->pos / 8] |= 0x80 >> (w->pos % 8);
		w->pos++;
	}
}

static void synth_write(const char *path, const struct synth *s)
{
	uint8_t hdr[124] = { 0 }, mh[16] = { 0 }, ent[12];
	struct bitw w = { { 0 }, 0 };
	uint16_t crc = 0xffff;
	uint64_t first = 124 + 16 + 256, cur = first;
	uint8_t *file;
	size_t flen;

	for (int i = 0; i < 16; i++)
		bw(&w, 4, 4);
	if (s->rle_run) {
		bw(&w, 7, 4);
		bw(&w, s->rle_run, 4);
	}
	for (uint32_t i = 0; i < s->nhunks && !s->rle_run; i++)
		bw(&w, s->type[i], 4);
	for (uint32_t i = 0; i < s->nhunks && !s->rle_run; i++) {
		uint64_t off = 0;
		uint32_t len = 0;
		uint16_t c = 0;

		if (s->type[i] < 4) {
			len = s->length[i];
			off = cur;
			cur += len;
			c = s->crc[i];
			bw(&w, len, 24);
			bw(&w, c, 16);
		} else if (s->type[i] == 4) {
			len = s->hunkbytes;
			off = cur;
			cur += len;
			c = s->crc[i];
			bw(&w, c, 16);
		} else {
			off = s->value[i];
			bw(&w, s->value[i], 16);
		}
		ent[0] = s->type[i];
		put_be(ent + 1, 3, len);
		put_be(ent + 4, 6, off);
		put_be(ent + 10, 2, c);
		uint16_t tmpc = chd_crc16(ent, 12);
		(void)tmpc;
		for (int k = 0; k < 12; k++) {
			crc ^= (uint16_t)ent[k] << 8;
			for (int j = 0; j < 8; j++)
				crc = crc & 0x8000
					      ? (uint16_t)(crc << 1) ^ 0x1021
					      : (uint16_t)(crc << 1);
		}
	}
	memcpy(hdr, "MComprHD", 8);
	put_be(hdr + 8, 4, 124);
	put_be(hdr + 12, 4, 5);
	for (int i = 0; i < 4; i++)
		put_be(hdr + 16 + 4 * i, 4, s->codecs[i]);
	put_be(hdr + 32, 8, (uint64_t)s->nhunks * s->hunkbytes);
	put_be(hdr + 40, 8, 124);
	put_be(hdr + 48, 8, s->metaoffset);
	put_be(hdr + 56, 4, s->hunkbytes);
	put_be(hdr + 60, 4, 512);
	memcpy(hdr + 104, s->parent_sha1, 20);
	put_be(mh, 4, (w.pos + 7) / 8);
	put_be(mh + 4, 6, first);
	put_be(mh + 10, 2, crc);
	mh[12] = 24;
	mh[13] = 16;
	mh[14] = 16;
	flen = first + s->datalen;
	file = calloc(1, flen);
	memcpy(file, hdr, 124);
	memcpy(file + 124, mh, 16);
	memcpy(file + 140, w.buf, (w.pos + 7) / 8);
	if (s->datalen)
		memcpy(file + first, s->data, s->datalen);
	write_file(path, file, flen);
	free(file);
}

static int open_msg(const char *path, struct err *e)
{
	struct chd *c;
	int rc = chd_open(&c, path, e);

	chd_close(c);
	return rc;
}

static int read_hunk(const char *path, uint32_t n, struct err *e)
{
	struct chd *c;
	int rc;

	if (chd_open(&c, path, e) < 0)
		return -2;
	rc = chd_read_hunk(c, n, e) ? 0 : -1;
	chd_close(c);
	return rc;
}

static const uint8_t hunk_data[512] = { 1, 2, 3, 4 };

static struct synth good_synth(void)
{
	struct synth s = { .hunkbytes = 512, .nhunks = 2 };

	s.codecs[0] = CHD_FOURCC('z', 'l', 'i', 'b');
	s.type[0] = 4;
	s.crc[0] = chd_crc16(hunk_data, 512);
	s.type[1] = 5;	/* copy of hunk 0 */
	s.value[1] = 0;
	s.data = hunk_data;
	s.datalen = 512;
	return s;
}

static void synth_good(void)
{
	const char *p = tmp("s.chd");
	struct synth s = good_synth();
	struct chd *c;
	struct err e;
	const uint8_t *h;

	synth_write(p, &s);
	CHECK(chd_open(&c, p, &e) == 0);
	if (!c) {
		test_fail(__FILE__, __LINE__, "%s", e.msg);
		return;
	}
	h = chd_read_hunk(c, 1, &e);
	CHECK(h && memcmp(h, hunk_data, 512) == 0);
	chd_close(c);
}

/* Row 3: the header. */
static void bad_header(void)
{
	static const struct { unsigned off, n; uint64_t v; const char *msg; }
	cases[] = {
		{ 0, 1, 'X', "magic" },
		{ 12, 4, 4, "version 4" },
		{ 8, 4, 120, "header length" },
		{ 56, 4, 0, "hunk size 0" },
		{ 56, 4, 2u << 20, "hunk size" },
		{ 56, 4, 700, "does not divide" },
		{ 60, 4, 0, "unit size 0" },
		{ 32, 8, 1000, "logical size" },
		{ 32, 8, 1ull << 50, "more than" },
	};
	struct err e;

	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		const char *p = tmp("h.chd");
		struct synth s = good_synth();
		uint8_t v[8];

		synth_write(p, &s);
		put_be(v, cases[i].n, cases[i].v);
		patch(p, cases[i].off, v, cases[i].n);
		CHECK(open_msg(p, &e) < 0);
		CHECK_STR_CONTAINS(e.msg, cases[i].msg);
	}
}

/* Row 4: the map's place and size. */
static void bad_map_bounds(void)
{
	const char *p = tmp("m.chd");
	struct synth s = good_synth();
	uint8_t v[8];
	struct err e;

	synth_write(p, &s);
	put_be(v, 8, 1ull << 40);
	patch(p, 40, v, 8);
	CHECK(open_msg(p, &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "past the end");
	/* Compressed map length past the end. */
	synth_write(p, &s);
	put_be(v, 4, 0x7fffffff);
	patch(p, 124, v, 4);
	CHECK(open_msg(p, &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "past the end");
	/* An uncompressed map for a huge disk in a tiny file. */
	synth_write(p, &s);
	put_be(v, 4, 0);
	patch(p, 16, v, 4);
	put_be(v, 8, 4096ull * 1000000);
	patch(p, 32, v, 8);
	CHECK(open_msg(p, &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "past the end");
}

/* Row 5: the compressed map's contents. */
static void bad_map_contents(void)
{
	const char *p = tmp("c.chd");
	struct synth s = good_synth();
	uint8_t v[4] = { 0xff, 0xff, 0xff, 0xff };
	struct err e;

	/* Code lengths of 15 cannot be canonical for an 8-bit tree. */
	synth_write(p, &s);
	patch(p, 140, v, 4);
	CHECK(open_msg(p, &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "Huffman tree");
	/* CRC16 of the expanded map. */
	synth_write(p, &s);
	patch(p, 124 + 10, v, 2);
	CHECK(open_msg(p, &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "CRC");
	/* Bitstream cut short. */
	synth_write(p, &s);
	v[0] = v[1] = v[2] = 0;
	v[3] = 9;
	patch(p, 124, v, 4);
	CHECK(open_msg(p, &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "bitstream");
	/* An RLE run past the last hunk. */
	s.rle_run = 15;
	synth_write(p, &s);
	CHECK(open_msg(p, &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "past the last hunk");
}

/* Row 6: one hunk bad, the rest still readable. */
static void bad_hunks(void)
{
	const char *p = tmp("k.chd");
	struct synth s = good_synth();
	uint8_t junk[3 * 512] = { 0 };
	struct err e;

	s.crc[0] ^= 1;
	synth_write(p, &s);
	CHECK(read_hunk(p, 0, &e) == -1);
	CHECK_STR_CONTAINS(e.msg, "CRC mismatch");
	/* Compressed length over twice the hunk. */
	s = good_synth();
	s.type[0] = 0;
	s.length[0] = sizeof(junk);
	s.data = junk;
	s.datalen = sizeof(junk);
	synth_write(p, &s);
	CHECK(read_hunk(p, 0, &e) == -1);
	CHECK_STR_CONTAINS(e.msg, "twice");
	/* Offset + length past the end of the file. */
	s.length[0] = 1000;
	s.datalen = 10;
	synth_write(p, &s);
	CHECK(read_hunk(p, 0, &e) == -1);
	CHECK_STR_CONTAINS(e.msg, "past the end");
	/* Codec output shorter than a hunk: an empty deflate block. */
	static const uint8_t tiny[] = { 0x03, 0x00 };
	s.length[0] = sizeof(tiny);
	s.data = tiny;
	s.datalen = sizeof(tiny);
	synth_write(p, &s);
	CHECK(read_hunk(p, 0, &e) == -1);
	if (chd_codec_supported(CHD_FOURCC('z', 'l', 'i', 'b')))
		CHECK_STR_CONTAINS(e.msg, "does not decode");
}

/* Row 7: reference cycles and parents. */
static void bad_references(void)
{
	const char *p = tmp("r.chd");
	struct synth s = good_synth();
	struct err e;

	s.type[0] = 5;
	s.value[0] = 0;	/* A -> A */
	synth_write(p, &s);
	CHECK(read_hunk(p, 0, &e) == -1);
	CHECK_STR_CONTAINS(e.msg, "deeper");
	s.value[0] = 1;	/* A -> B -> A */
	s.datalen = 0;
	synth_write(p, &s);
	CHECK(read_hunk(p, 1, &e) == -1);
	s = good_synth();
	s.type[1] = 6;	/* parent unit, no parent */
	synth_write(p, &s);
	CHECK(read_hunk(p, 1, &e) == -1);
	CHECK(read_hunk(p, 0, &e) == 0);
	s.parent_sha1[3] = 0x42;	/* a parent nobody has */
	synth_write(p, &s);
	CHECK(open_msg(p, &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "000000420000");
}

/* Row 8: metadata. */
static void bad_metadata(void)
{
	const char *p = tmp("meta.chd");
	struct synth s = good_synth();
	uint8_t m[16 + 40] = { 0 }, data[512 + 56];
	struct chd *c;
	struct err e;

	/* One entry at the end of the file whose next is itself. */
	memcpy(data, hunk_data, 512);
	s.data = data;
	s.datalen = sizeof(data);
	s.metaoffset = 124 + 16 + 256 + 512;
	put_be(m, 4, CHD_FOURCC('G', 'D', 'D', 'D'));
	put_be(m + 5, 3, 40);
	put_be(m + 8, 8, s.metaoffset);
	static const char gddd[32] = "CYLS:0,HEADS:16,SECS:63,BPS:512";
	memcpy(m + 16, gddd, 32);
	memcpy(data + 512, m, sizeof(m));
	synth_write(p, &s);
	CHECK(open_msg(p, &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "65536");
	/* Ends properly: absurd geometry dropped, not trusted. */
	put_be(data + 512 + 8, 8, 0);
	synth_write(p, &s);
	CHECK(chd_open(&c, p, &e) == 0);
	if (c)
		CHECK_EQ(c->cyls, 0);
	chd_close(c);
	/* Length past the end of the file. */
	put_be(data + 512 + 5, 3, 1000);
	synth_write(p, &s);
	CHECK(open_msg(p, &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "past the end");
	/* A CD track with negative frames. */
	put_be(data + 512, 4, CHD_FOURCC('C', 'H', 'T', '2'));
	put_be(data + 512 + 5, 3, 40);
	static const char bad_track[40] = "TRACK:1 TYPE:MODE1 FRAMES:-5";
	memcpy(data + 512 + 16, bad_track, 40);
	synth_write(p, &s);
	CHECK(open_msg(p, &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "impossible");
}

/* Row 9: a codec we do not have. */
static void unsupported_codec(void)
{
	const char *p = tmp("z.chd");
	struct synth s = good_synth();
	uint8_t junk[16] = { 0 };
	struct err e;

	s.codecs[1] = CHD_FOURCC('z', 's', 't', 'd');
	s.type[0] = 1;
	s.length[0] = sizeof(junk);
	s.data = junk;
	s.datalen = sizeof(junk);
	synth_write(p, &s);
	CHECK(read_hunk(p, 0, &e) == -1);
	CHECK_STR_CONTAINS(e.msg, "codec zstd is not built in");
}

TEST_MAIN("chd", T(chdman_codecs), T(chdman_geometry_and_writable_refused),
	  T(chdman_cd), T(chdman_parent), T(synth_good), T(bad_header),
	  T(bad_map_bounds), T(bad_map_contents), T(bad_hunks),
	  T(bad_references), T(bad_metadata), T(unsupported_codec))
