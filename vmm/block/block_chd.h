/* MAME CHD v5 images (DISK-FORMATS.md A1.2): the reader shared by the
 * "chd" block driver, mipsvz-img (chd-info, chd-to-raw) and the fuzz
 * target. Everything in the file is untrusted: every size is checked
 * before it is used for an allocation or an offset (BAD-INPUTS 3-9). */
#ifndef MIPSVZ_BLOCK_CHD_H
#define MIPSVZ_BLOCK_CHD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vmm/err.h"

#define CHD_V5_HEADER 124
/* chdman accepts hunks of 16 B .. 1 MiB (DISK-FORMATS A1.2). */
#define CHD_MAX_HUNKBYTES (1u << 20)
/* A cap on the map we are willing to hold (12 bytes a hunk): 2^24 hunks
 * is a 64 GiB disk at chdman's 4 KiB hunks; bigger disks use bigger
 * hunks. Keeps a 1 KiB hostile file from asking for gigabytes. */
#define CHD_MAX_HUNKS (1u << 24)
/* Parent chains and self references are resolved at most this deep. */
#define CHD_MAX_DEPTH 16
/* libchdr caps the metadata walk at 65536 entries (BAD-INPUTS row 8). */
#define CHD_MAX_META 65536

#define CHD_FOURCC(a, b, c, d)                                              \
	((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (d))

/* v5 map entry types (chd.h). */
enum {
	CHD_HUNK_CODEC0 = 0,	/* .. 3: compressed with codec slot N */
	CHD_HUNK_NONE = 4,	/* stored uncompressed */
	CHD_HUNK_SELF = 5,	/* copy of hunk `offset` of this file */
	CHD_HUNK_PARENT = 6,	/* copy of parent unit `offset` */
	CHD_HUNK_UNMAPPED = 7,	/* uncompressed files: never written */
};

struct chd_map_entry {
	uint64_t offset;
	uint32_t length;
	uint16_t crc;
	uint8_t type;
};

/* A CD's first data track, cooked to 2048-byte sectors. */
struct chd_cd {
	bool present;
	uint32_t start;		/* first frame of its data (after a stored
				 * pregap) */
	uint32_t frames;	/* sectors of the track */
	uint32_t data_off;	/* user data offset in the 2448-byte frame */
	char type[16];
	unsigned ntracks;
	bool audio_only;	/* track 1 holds no data */
};

struct chd_codec_state;

struct chd {
	int fd;
	char *path;
	uint64_t file_size;
	uint32_t version, hunkbytes, unitbytes, hunkcount;
	uint64_t logical, mapoffset, metaoffset;
	uint32_t codecs[4];
	uint8_t rawsha1[20], sha1[20], parentsha1[20];
	bool compressed, has_parent;
	struct chd_map_entry *map;
	struct chd *parent;
	/* Geometry from GDDD (0 = none or implausible). */
	uint32_t cyls, heads, secs, bps;
	unsigned nmeta;
	struct chd_cd cd;
	/* One decoded hunk, and the buffer compressed data is read into. */
	uint8_t *cache, *cbuf;
	uint32_t cache_hunk;
	bool cache_valid;
	/* Hunks whose read failed, so each is logged once (row 6). */
	uint8_t *bad_logged;
	struct chd_codec_state *codec;
};

/* Open a CHD read-only. `parent_dir` is searched for the parent by its
 * SHA1 when the file has one (NULL: the file's own directory). */
int chd_open(struct chd **cp, const char *path, struct err *e);
/* Parse from an fd the caller keeps open (fuzzing, tests); no parent
 * lookup: a file that needs one is refused. */
int chd_open_fd(struct chd **cp, int fd, const char *name, struct err *e);
void chd_close(struct chd *c);
/* Hunk `n` into the cache; returns a pointer to hunkbytes bytes. */
const uint8_t *chd_read_hunk(struct chd *c, uint32_t n, struct err *e);
/* Raw logical bytes (hard disks: the disk; CDs: whole 2448-byte frames). */
int chd_read(struct chd *c, void *buf, size_t len, uint64_t off,
	     struct err *e);
const char *chd_codec_name(uint32_t fourcc, char buf[5]);

/* block_chd_huff.c: MSB-first bit reader and MAME's canonical Huffman
 * decoder, used by the map and by the "huff" codec. */
struct chd_bits {
	const uint8_t *p;
	size_t len, pos;	/* pos in bits */
	bool overflow;
};

void chd_bits_init(struct chd_bits *b, const uint8_t *p, size_t len);
uint32_t chd_bits_read(struct chd_bits *b, unsigned n);

struct chd_huff {
	unsigned numcodes, maxbits;
	uint8_t lens[256];
	uint16_t *lookup;	/* (symbol << 5) | length; 0 = no code */
};

int chd_huff_init(struct chd_huff *h, unsigned numcodes, unsigned maxbits);
void chd_huff_free(struct chd_huff *h);
int chd_huff_import_rle(struct chd_huff *h, struct chd_bits *b);
int chd_huff_import_huffman(struct chd_huff *h, struct chd_bits *b);
/* -1 on a bit pattern that is no code. */
int chd_huff_decode(struct chd_huff *h, struct chd_bits *b);

/* block_chd_codec.c */
int chd_codec_create(struct chd *c, struct err *e);
void chd_codec_free(struct chd *c);
bool chd_codec_supported(uint32_t fourcc);
int chd_codec_decompress(struct chd *c, uint32_t fourcc, const uint8_t *src,
			 size_t srclen, uint8_t *dst, size_t dstlen,
			 bool *crc_unreliable, struct err *e);

/* block_chd_cd.c: CD track metadata (CHT2/CHTR) into c->cd. */
int chd_cd_parse_track(struct chd *c, const char *text, size_t len,
		       struct err *e);

uint16_t chd_crc16(const uint8_t *p, size_t len);

#endif
