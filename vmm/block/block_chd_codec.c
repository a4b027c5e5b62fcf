/* CHD v5 hunk codecs (DISK-FORMATS A1.2): zlib (raw deflate), lzma (raw
 * LZMA1, lc=3 lp=0 pb=2), huff (MAME's 8-bit Huffman), flac (16-bit
 * stereo frames without a stream header), and the CD codecs cdzl, cdlz
 * and cdfl that code sector data and subcode apart. liblzma and libFLAC
 * are optional at build time (MIPSVZ_NO_LZMA, MIPSVZ_NO_FLAC): without
 * them a hunk in that codec is a read error naming the codec, never a
 * crash (BAD-INPUTS row 9). Every decoder must fill the hunk exactly. */
#include "block_chd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef MIPSVZ_NO_ZLIB
#include <zlib.h>
#endif
#ifndef MIPSVZ_NO_LZMA
#include <lzma.h>
#endif
#ifndef MIPSVZ_NO_FLAC
#include <FLAC/stream_decoder.h>
#endif

#define CD_FRAME 2448
#define CD_SECTOR 2352
#define CD_SUBCODE 96

#define FOURCC_ZLIB CHD_FOURCC('z', 'l', 'i', 'b')
#define FOURCC_LZMA CHD_FOURCC('l', 'z', 'm', 'a')
#define FOURCC_HUFF CHD_FOURCC('h', 'u', 'f', 'f')
#define FOURCC_FLAC CHD_FOURCC('f', 'l', 'a', 'c')
#define FOURCC_CDZL CHD_FOURCC('c', 'd', 'z', 'l')
#define FOURCC_CDLZ CHD_FOURCC('c', 'd', 'l', 'z')
#define FOURCC_CDFL CHD_FOURCC('c', 'd', 'f', 'l')

struct chd_codec_state {
	uint8_t *cdbuf;		/* CD codecs: sectors then subcode */
};

const char *chd_codec_name(uint32_t f, char buf[5])
{
	for (int i = 0; i < 4; i++) {
		uint8_t ch = f >> (24 - 8 * i);

		buf[i] = ch >= 0x20 && ch < 0x7f ? (char)ch : '?';
	}
	buf[4] = 0;
	return buf;
}

bool chd_codec_supported(uint32_t f)
{
	switch (f) {
	case FOURCC_HUFF:
		return true;
#ifndef MIPSVZ_NO_ZLIB
	case FOURCC_ZLIB:
	case FOURCC_CDZL:
		return true;
#endif
#ifndef MIPSVZ_NO_LZMA
	case FOURCC_LZMA:
		return true;
#endif
#ifndef MIPSVZ_NO_FLAC
	case FOURCC_FLAC:
		return true;
#endif
#if !defined(MIPSVZ_NO_ZLIB) && !defined(MIPSVZ_NO_LZMA)
	case FOURCC_CDLZ:
		return true;
#endif
#if !defined(MIPSVZ_NO_ZLIB) && !defined(MIPSVZ_NO_FLAC)
	case FOURCC_CDFL:
		return true;
#endif
	default:
		return false;
	}
}

int chd_codec_create(struct chd *c, struct err *e)
{
	c->codec = calloc(1, sizeof(*c->codec));
	if (!c->codec)
		return err_set(e, "out of memory");
	return 0;
}

void chd_codec_free(struct chd *c)
{
	if (!c->codec)
		return;
	free(c->codec->cdbuf);
	free(c->codec);
	c->codec = NULL;
}

static int chd_inflate(const uint8_t *src, size_t srclen, uint8_t *dst,
		       size_t dstlen)
{
#ifdef MIPSVZ_NO_ZLIB
	return -1;
#else
	z_stream zs;
	int ret;

	memset(&zs, 0, sizeof(zs));
	if (inflateInit2(&zs, -MAX_WBITS) != Z_OK)
		return -1;
	zs.next_in = (Bytef *)src;
	zs.avail_in = srclen;
	zs.next_out = dst;
	zs.avail_out = dstlen;
	ret = inflate(&zs, Z_FINISH);
	inflateEnd(&zs);
	/* MAME's encoder stops when the output is full; a stream that ends
	 * early (or wants to go on) does not make a hunk. */
	if (ret != Z_STREAM_END && !(ret == Z_BUF_ERROR && !zs.avail_out))
		return -1;
	return zs.total_out == dstlen ? 0 : -1;
#endif
}

#ifndef MIPSVZ_NO_LZMA
static int chd_unlzma(const uint8_t *src, size_t srclen, uint8_t *dst,
		      size_t dstlen)
{
	lzma_options_lzma opt;
	lzma_filter filters[2];
	lzma_stream ls = LZMA_STREAM_INIT;
	lzma_ret ret;
	int rc = -1;

	if (lzma_lzma_preset(&opt, 9))
		return -1;
	opt.lc = 3;
	opt.lp = 0;
	opt.pb = 2;
	/* A hunk never refers back past its own start, so a dictionary of
	 * one hunk is enough (DISK-FORMATS A1.2). */
	opt.dict_size = dstlen < 4096 ? 4096 : dstlen;
	filters[0].id = LZMA_FILTER_LZMA1;
	filters[0].options = &opt;
	filters[1].id = LZMA_VLI_UNKNOWN;
	if (lzma_raw_decoder(&ls, filters) != LZMA_OK)
		return -1;
	ls.next_in = src;
	ls.avail_in = srclen;
	ls.next_out = dst;
	ls.avail_out = dstlen;
	ret = lzma_code(&ls, LZMA_RUN);
	if ((ret == LZMA_OK || ret == LZMA_STREAM_END) && !ls.avail_out)
		rc = 0;
	lzma_end(&ls);
	return rc;
}
#endif

static int chd_unhuff(const uint8_t *src, size_t srclen, uint8_t *dst,
		      size_t dstlen)
{
	struct chd_huff h;
	struct chd_bits b;
	int rc = -1;

	if (chd_huff_init(&h, 256, 16) < 0)
		return -1;
	chd_bits_init(&b, src, srclen);
	if (chd_huff_import_huffman(&h, &b) < 0)
		goto out;
	for (size_t i = 0; i < dstlen; i++) {
		int v = chd_huff_decode(&h, &b);

		if (v < 0)
			goto out;
		dst[i] = v;
	}
	rc = b.overflow ? -1 : 0;
out:
	chd_huff_free(&h);
	return rc;
}

#ifndef MIPSVZ_NO_FLAC
/* libFLAC over a memory buffer: a synthetic STREAMINFO (44.1 kHz, two
 * channels, 16 bits, as libchdr's flac.c builds it) followed by the
 * hunk's headerless frames. */
struct chd_flac {
	uint8_t header[42];
	const uint8_t *src;
	size_t srclen, pos;	/* pos over header + src */
	uint8_t *dst;
	size_t frames, done;	/* stereo sample pairs */
	bool big_endian;
};

static FLAC__StreamDecoderReadStatus chd_flac_read(
	const FLAC__StreamDecoder *d, FLAC__byte buf[], size_t *bytes,
	void *opaque)
{
	struct chd_flac *f = opaque;
	size_t total = sizeof(f->header) + f->srclen, n = 0;

	while (n < *bytes && f->pos < total) {
		buf[n++] = f->pos < sizeof(f->header)
				   ? f->header[f->pos]
				   : f->src[f->pos - sizeof(f->header)];
		f->pos++;
	}
	*bytes = n;
	return n ? FLAC__STREAM_DECODER_READ_STATUS_CONTINUE
		 : FLAC__STREAM_DECODER_READ_STATUS_END_OF_STREAM;
}

static FLAC__StreamDecoderWriteStatus chd_flac_write(
	const FLAC__StreamDecoder *d, const FLAC__Frame *frame,
	const FLAC__int32 *const pcm[], void *opaque)
{
	struct chd_flac *f = opaque;

	if (frame->header.channels != 2 ||
	    frame->header.bits_per_sample != 16)
		return FLAC__STREAM_DECODER_WRITE_STATUS_ABORT;
	for (unsigned i = 0; i < frame->header.blocksize; i++) {
		if (f->done >= f->frames)
			break;
		for (int ch = 0; ch < 2; ch++) {
			uint16_t s = (uint16_t)pcm[ch][i];
			uint8_t *p = f->dst + f->done * 4 + ch * 2;

			p[f->big_endian ? 0 : 1] = s >> 8;
			p[f->big_endian ? 1 : 0] = s & 0xff;
		}
		f->done++;
	}
	return FLAC__STREAM_DECODER_WRITE_STATUS_CONTINUE;
}

static FLAC__StreamDecoderTellStatus chd_flac_tell(
	const FLAC__StreamDecoder *d, FLAC__uint64 *pos, void *opaque)
{
	*pos = ((struct chd_flac *)opaque)->pos;
	return FLAC__STREAM_DECODER_TELL_STATUS_OK;
}

static void chd_flac_error(const FLAC__StreamDecoder *d,
			   FLAC__StreamDecoderErrorStatus st, void *opaque)
{
}

/* Decode dstlen bytes; *used gets the bytes of src the frames took. */
static int chd_unflac(const uint8_t *src, size_t srclen, uint8_t *dst,
		      size_t dstlen, bool big_endian, uint32_t blocksize,
		      size_t *used)
{
	static const uint8_t tmpl[42] = {
		'f', 'L', 'a', 'C', 0x80, 0x00, 0x00, 0x22,
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		/* 44100 Hz, 2 channels, 16 bits, length unknown */
		0x0a, 0xc4, 0x42, 0xf0, 0, 0, 0, 0,
	};
	struct chd_flac f = {
		.src = src, .srclen = srclen, .dst = dst,
		.frames = dstlen / 4, .big_endian = big_endian,
	};
	FLAC__StreamDecoder *d;
	FLAC__uint64 pos = 0;
	int rc = -1;
	unsigned spins = 0;

	memcpy(f.header, tmpl, sizeof(tmpl));
	/* libchdr writes blocksize x channels here, which its decoder
	 * ignores; libFLAC numbers the frames of a fixed-blocksize stream by
	 * it and fills a seeming gap with silence, so it must be exact. */
	f.header[8] = f.header[10] = blocksize >> 8;
	f.header[9] = f.header[11] = blocksize & 0xff;
	d = FLAC__stream_decoder_new();
	if (!d)
		return -1;
	FLAC__stream_decoder_set_md5_checking(d, false);
	/* tell lets libFLAC say where the last frame ended: cdfl's subcode
	 * starts there. */
	if (FLAC__stream_decoder_init_stream(d, chd_flac_read, NULL,
					     chd_flac_tell, NULL, NULL,
					     chd_flac_write, NULL,
					     chd_flac_error, &f) !=
	    FLAC__STREAM_DECODER_INIT_STATUS_OK)
		goto out;
	/* Each step decodes one frame or fails; the cap only guards against
	 * a decoder that stops making progress. */
	while (f.done < f.frames && spins++ < 65536) {
		FLAC__StreamDecoderState st;

		if (!FLAC__stream_decoder_process_single(d))
			break;
		st = FLAC__stream_decoder_get_state(d);
		if (st == FLAC__STREAM_DECODER_END_OF_STREAM ||
		    st == FLAC__STREAM_DECODER_ABORTED)
			break;
	}
	if (f.done != f.frames)
		goto out;
	if (used) {
		if (!FLAC__stream_decoder_get_decode_position(d, &pos) ||
		    pos < sizeof(f.header) ||
		    pos - sizeof(f.header) > srclen)
			goto out;
		*used = pos - sizeof(f.header);
	}
	rc = 0;
out:
	FLAC__stream_decoder_delete(d);
	return rc;
}
#endif

/* cdzl/cdlz/cdfl: sectors and subcode coded apart, then interleaved into
 * 2448-byte frames (libchdr_cdrom.c, libchdr_codec_cd*.c). */
static int chd_uncd(struct chd *c, uint32_t f, const uint8_t *src,
		    size_t srclen, uint8_t *dst, size_t dstlen, bool *ecc)
{
	size_t frames = dstlen / CD_FRAME, base_len, sub_off;
	uint8_t *buf;
	int rc = -1;

	if (!frames || dstlen % CD_FRAME)
		return -1;
	if (!c->codec->cdbuf &&
	    !(c->codec->cdbuf = malloc(frames * CD_FRAME)))
		return -1;
	buf = c->codec->cdbuf;
	if (f == FOURCC_CDFL) {
#ifndef MIPSVZ_NO_FLAC
		size_t used = 0;
		uint32_t bs = frames * CD_SECTOR / 4;

		while (bs > CD_SECTOR)
			bs /= 2;
		if (chd_unflac(src, srclen, buf, frames * CD_SECTOR, true, bs,
			       &used) < 0)
			return -1;
		sub_off = used;
#else
		return -1;
#endif
	} else {
		size_t ecc_bytes = (frames + 7) / 8;
		size_t lenb = dstlen < 65536 ? 2 : 3, hdr = ecc_bytes + lenb;

		if (srclen < hdr)
			return -1;
		base_len = src[ecc_bytes] << 8 | src[ecc_bytes + 1];
		if (lenb == 3)
			base_len = base_len << 8 | src[ecc_bytes + 2];
		if (base_len > srclen - hdr)
			return -1;
		for (size_t i = 0; i < ecc_bytes; i++)
			if (src[i])
				*ecc = true;
		if (f == FOURCC_CDZL)
			rc = chd_inflate(src + hdr, base_len, buf,
					 frames * CD_SECTOR);
#ifndef MIPSVZ_NO_LZMA
		else
			rc = chd_unlzma(src + hdr, base_len, buf,
					frames * CD_SECTOR);
#endif
		if (rc < 0)
			return -1;
		sub_off = hdr + base_len;
	}
	if (chd_inflate(src + sub_off, srclen - sub_off,
			buf + frames * CD_SECTOR, frames * CD_SUBCODE) < 0)
		return -1;
	for (size_t i = 0; i < frames; i++) {
		memcpy(dst + i * CD_FRAME, buf + i * CD_SECTOR, CD_SECTOR);
		memcpy(dst + i * CD_FRAME + CD_SECTOR,
		       buf + frames * CD_SECTOR + i * CD_SUBCODE, CD_SUBCODE);
	}
	return 0;
}

int chd_codec_decompress(struct chd *c, uint32_t f, const uint8_t *src,
			 size_t srclen, uint8_t *dst, size_t dstlen,
			 bool *crc_unreliable, struct err *e)
{
	char name[5];
	int rc = -1;

	*crc_unreliable = false;
	if (!chd_codec_supported(f))
		return err_set(e, "codec %s is not built in",
			       chd_codec_name(f, name));
	switch (f) {
	case FOURCC_ZLIB:
		rc = chd_inflate(src, srclen, dst, dstlen);
		break;
#ifndef MIPSVZ_NO_LZMA
	case FOURCC_LZMA:
		rc = chd_unlzma(src, srclen, dst, dstlen);
		break;
#endif
	case FOURCC_HUFF:
		rc = chd_unhuff(src, srclen, dst, dstlen);
		break;
#ifndef MIPSVZ_NO_FLAC
	case FOURCC_FLAC: {
		uint32_t bs = dstlen / 4;

		if (!srclen || dstlen % 4 ||
		    (src[0] != 'L' && src[0] != 'B'))
			break;
		while (bs > 2048)
			bs /= 2;
		rc = chd_unflac(src + 1, srclen - 1, dst, dstlen,
				src[0] == 'B', bs, NULL);
		break;
	}
#endif
	default:
		/* The ECC of raw sectors is not regenerated: the user data
		 * is exact, but the hunk CRC (taken over regenerated ECC)
		 * cannot be checked then. */
		rc = chd_uncd(c, f, src, srclen, dst, dstlen,
			      crc_unreliable);
		break;
	}
	if (rc < 0)
		return err_set(e, "%s data does not decode to a %zu-byte hunk",
			       chd_codec_name(f, name), dstlen);
	return 0;
}
