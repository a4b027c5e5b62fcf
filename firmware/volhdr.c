/* SGI volume header parser and writer; layout in volhdr.h. Sector 0 is
 * untrusted input: every entry is checked against the drive before an
 * offset is handed out. */
#include "volhdr.h"

#include <inttypes.h>
#include <string.h>

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

static uint32_t volhdr_sum(const uint8_t *sec)
{
	uint32_t sum = 0;

	for (int i = 0; i < VOLHDR_SECTOR / 4; i++)
		sum += get32(sec + 4 * i);
	return sum;
}

int volhdr_parse(const uint8_t sec[VOLHDR_SECTOR], struct volhdr *vh,
		 struct err *e)
{
	uint32_t magic = get32(sec);

	memset(vh, 0, sizeof(*vh));
	if (magic == __builtin_bswap32(VOLHDR_MAGIC))
		return err_set(e, "SGI volume header is byte-swapped (image"
				  " made on a little-endian dump tool?)");
	if (magic != VOLHDR_MAGIC)
		return err_set(e, "no SGI volume header (magic 0x%08x)", magic);
	if (volhdr_sum(sec))
		return err_set(e, "SGI volume header checksum is wrong");
	vh->root = (int16_t)(sec[4] << 8 | sec[5]);
	vh->swap = (int16_t)(sec[6] << 8 | sec[7]);
	memcpy(vh->bootfile, sec + 8, 16);
	memcpy(vh->dp, sec + 24, 48);
	for (int i = 0; i < VOLHDR_NDIR; i++) {
		const uint8_t *d = sec + 72 + 16 * i;

		memcpy(vh->dir[i].name, d, 8);
		vh->dir[i].lbn = get32(d + 8);
		vh->dir[i].bytes = get32(d + 8 + 4);
	}
	for (int i = 0; i < VOLHDR_NPART; i++) {
		const uint8_t *p = sec + 312 + 12 * i;

		vh->part[i].blocks = get32(p);
		vh->part[i].first = get32(p + 4);
		vh->part[i].type = get32(p + 8);
	}
	return 0;
}

void volhdr_build(const struct volhdr *vh, uint8_t sec[VOLHDR_SECTOR])
{
	memset(sec, 0, VOLHDR_SECTOR);
	put32(sec, VOLHDR_MAGIC);
	sec[4] = (uint16_t)vh->root >> 8;
	sec[5] = vh->root;
	sec[6] = (uint16_t)vh->swap >> 8;
	sec[7] = vh->swap;
	memcpy(sec + 8, vh->bootfile, 16);
	memcpy(sec + 24, vh->dp, 48);
	for (int i = 0; i < VOLHDR_NDIR; i++) {
		uint8_t *d = sec + 72 + 16 * i;

		/* Eight characters fill the field without a NUL. */
		memcpy(d, vh->dir[i].name, strnlen(vh->dir[i].name, 8));
		put32(d + 8, vh->dir[i].lbn);
		put32(d + 8 + 4, vh->dir[i].bytes);
	}
	for (int i = 0; i < VOLHDR_NPART; i++) {
		uint8_t *p = sec + 312 + 12 * i;

		put32(p, vh->part[i].blocks);
		put32(p + 4, vh->part[i].first);
		put32(p + 8, vh->part[i].type);
	}
	put32(sec + 504, -volhdr_sum(sec));
}

int volhdr_find(const struct volhdr *vh, const char *name)
{
	for (int i = 0; i < VOLHDR_NDIR; i++)
		if (vh->dir[i].name[0] && !strncmp(vh->dir[i].name, name, 8) &&
		    strlen(name) <= 8)
			return i;
	return -1;
}

int volhdr_read(struct block *b, struct volhdr *vh, struct err *e)
{
	uint8_t sec[VOLHDR_SECTOR];

	if (block_pread(b, sec, sizeof(sec), 0, e) < 0)
		return -1;
	if (volhdr_parse(sec, vh, e) < 0)
		return err_prefix(e, "%s", block_path(b));
	return 0;
}

static int volhdr_range(struct block *b, uint64_t lbn, uint64_t bytes,
			uint64_t *offset, uint64_t *size, const char *what,
			struct err *e)
{
	uint64_t off = lbn * VOLHDR_SECTOR;

	if (off > block_size(b) || bytes > block_size(b) - off)
		return err_set(e, "%s: %s lies past the end of the disk",
			       block_path(b), what);
	*offset = off;
	*size = bytes;
	return 0;
}

int volhdr_open_file(struct block *b, const char *name, uint64_t *offset,
		     uint64_t *size, struct err *e)
{
	struct volhdr vh;
	int i;

	if (volhdr_read(b, &vh, e) < 0)
		return -1;
	i = volhdr_find(&vh, name);
	if (i < 0)
		return err_set(e, "%s: no file \"%s\" in the volume header",
			       block_path(b), name);
	return volhdr_range(b, vh.dir[i].lbn, vh.dir[i].bytes, offset, size,
			    name, e);
}

int volhdr_partition(struct block *b, unsigned n, uint64_t *offset,
		     uint64_t *size, struct err *e)
{
	struct volhdr vh;

	if (n >= VOLHDR_NPART)
		return err_set(e, "partition %u does not exist", n);
	if (volhdr_read(b, &vh, e) < 0)
		return -1;
	if (!vh.part[n].blocks)
		return err_set(e, "%s: partition %u is empty", block_path(b),
			       n);
	return volhdr_range(b, vh.part[n].first,
			    (uint64_t)vh.part[n].blocks * VOLHDR_SECTOR, offset,
			    size, "partition", e);
}
