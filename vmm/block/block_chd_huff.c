/* The Huffman coding of MAME's CHD v5: the map's 16-symbol tree sent as
 * run-length-coded lengths, and the "huff" codec's 256-symbol tree sent
 * through a small tree (DISK-FORMATS A1.2; MAME huffman.cpp semantics as
 * described by libchdr's huffman.c). Codes are MSB first and assigned
 * canonically, longest lengths first. A tree whose lengths cannot be
 * canonical, or a bit pattern that is no code, is an error: nothing here
 * trusts the input (BAD-INPUTS row 5). */
#include "block_chd.h"

#include <stdlib.h>
#include <string.h>

void chd_bits_init(struct chd_bits *b, const uint8_t *p, size_t len)
{
	b->p = p;
	b->len = len;
	b->pos = 0;
	b->overflow = false;
}

/* Bits past the end read as zeros and set `overflow`, which callers check
 * once at the end (as MAME's bitstream does). */
static uint32_t chd_bits_peek(const struct chd_bits *b, unsigned n)
{
	uint32_t v = 0;
	size_t pos = b->pos;

	for (unsigned i = 0; i < n; i++, pos++) {
		size_t byte = pos >> 3;
		unsigned bit = 0;

		if (byte < b->len)
			bit = (b->p[byte] >> (7 - (pos & 7))) & 1;
		v = v << 1 | bit;
	}
	return v;
}

static void chd_bits_skip(struct chd_bits *b, unsigned n)
{
	b->pos += n;
	if (b->pos > b->len * 8)
		b->overflow = true;
}

uint32_t chd_bits_read(struct chd_bits *b, unsigned n)
{
	uint32_t v;

	if (!n)
		return 0;
	v = chd_bits_peek(b, n);
	chd_bits_skip(b, n);
	return v;
}

int chd_huff_init(struct chd_huff *h, unsigned numcodes, unsigned maxbits)
{
	memset(h, 0, sizeof(*h));
	if (numcodes > 256 || maxbits > 16 || !maxbits)
		return -1;
	h->numcodes = numcodes;
	h->maxbits = maxbits;
	h->lookup = calloc((size_t)1 << maxbits, sizeof(*h->lookup));
	return h->lookup ? 0 : -1;
}

void chd_huff_free(struct chd_huff *h)
{
	free(h->lookup);
	h->lookup = NULL;
}

/* Canonical codes from the lengths, then the decode table. */
static int chd_huff_build(struct chd_huff *h)
{
	uint32_t start[33] = { 0 }, cur = 0;
	size_t size = (size_t)1 << h->maxbits;

	for (unsigned i = 0; i < h->numcodes; i++) {
		if (h->lens[i] > h->maxbits)
			return -1;
		start[h->lens[i]]++;
	}
	for (int len = 32; len > 0; len--) {
		uint32_t sum = cur + start[len];
		uint32_t next = sum >> 1;

		/* An odd count at any length but 1 means the lengths do not
		 * describe a complete prefix code. */
		if (len != 1 && next * 2 != sum)
			return -1;
		start[len] = cur;
		cur = next;
	}
	memset(h->lookup, 0, size * sizeof(*h->lookup));
	for (unsigned i = 0; i < h->numcodes; i++) {
		unsigned len = h->lens[i];
		uint32_t code, shift, first, last;

		if (!len)
			continue;
		code = start[len]++;
		if (code >= (1u << len))
			return -1;
		shift = h->maxbits - len;
		first = code << shift;
		last = ((code + 1) << shift) - 1;
		for (uint32_t j = first; j <= last && j < size; j++)
			h->lookup[j] = (uint16_t)(i << 5 | len);
	}
	return 0;
}

int chd_huff_decode(struct chd_huff *h, struct chd_bits *b)
{
	uint16_t v = h->lookup[chd_bits_peek(b, h->maxbits)];

	if (!(v & 0x1f))
		return -1;
	chd_bits_skip(b, v & 0x1f);
	return v >> 5;
}

int chd_huff_import_rle(struct chd_huff *h, struct chd_bits *b)
{
	unsigned nbits = h->maxbits >= 16 ? 5 : h->maxbits >= 8 ? 4 : 3;
	unsigned cur = 0;

	while (cur < h->numcodes) {
		unsigned v = chd_bits_read(b, nbits);

		if (v != 1) {
			h->lens[cur++] = v;
			continue;
		}
		v = chd_bits_read(b, nbits);
		if (v == 1) {
			h->lens[cur++] = 1;
		} else {
			unsigned rep = chd_bits_read(b, nbits) + 3;

			if (rep > h->numcodes - cur)
				return -1;
			while (rep--)
				h->lens[cur++] = v;
		}
		if (b->overflow)
			return -1;
	}
	if (chd_huff_build(h) < 0)
		return -1;
	return b->overflow ? -1 : 0;
}

int chd_huff_import_huffman(struct chd_huff *h, struct chd_bits *b)
{
	struct chd_huff small;
	unsigned start, count = 0, last = 0, cur = 0, fullbits = 0;
	int ret = -1;

	if (chd_huff_init(&small, 24, 6) < 0)
		return -1;
	small.lens[0] = chd_bits_read(b, 3);
	start = chd_bits_read(b, 3) + 1;
	for (unsigned i = 1; i < 24; i++) {
		if (i < start || count == 7) {
			small.lens[i] = 0;
		} else {
			count = chd_bits_read(b, 3);
			small.lens[i] = count == 7 ? 0 : count;
		}
	}
	if (chd_huff_build(&small) < 0)
		goto out;
	for (unsigned t = h->numcodes - 9; t; t >>= 1)
		fullbits++;
	while (cur < h->numcodes) {
		int v = chd_huff_decode(&small, b);

		if (v < 0 || b->overflow)
			goto out;
		if (v) {
			h->lens[cur++] = last = v - 1;
		} else {
			unsigned n = chd_bits_read(b, 3) + 2;

			if (n == 7 + 2)
				n += chd_bits_read(b, fullbits);
			for (; n && cur < h->numcodes; n--)
				h->lens[cur++] = last;
		}
	}
	if (chd_huff_build(h) < 0 || b->overflow)
		goto out;
	ret = 0;
out:
	chd_huff_free(&small);
	return ret;
}
