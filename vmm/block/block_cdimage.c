/* CD images as files of 2048-byte sectors: ISO9660 dumps and SGI CDs,
 * which are an SGI volume header plus EFS partitions laid out like a hard
 * disk (DISK-FORMATS A1.4). The bytes are the raw driver's; this driver
 * only never writes (writes go to an overlay) and says what it found, so
 * a user who handed us a byte-swapped or truncated dump learns it at
 * start rather than from a guest that cannot boot. */
#include "block_int.h"

#include <inttypes.h>
#include <string.h>

#include "vmm/log.h"

#define CD_SECTOR 2048
#define SGI_VH_MAGIC 0x0be5a941u

static int cdimage_open(struct block *b, unsigned flags, struct err *e)
{
	uint8_t s0[512], pvd[8];
	uint32_t magic;

	b->readonly = true;
	if (block_raw_driver.open(b, flags, e) < 0)
		return -1;
	if (b->size % CD_SECTOR)
		log_msg("%s: size %" PRIu64 " is not a whole number of"
			" 2048-byte CD sectors; the last %" PRIu64 " bytes"
			" are not addressable", b->path, b->size,
			b->size % CD_SECTOR);
	b->size -= b->size % CD_SECTOR;
	if (b->size < CD_SECTOR * 17)
		return 0;
	if (block_raw_driver.pread(b, s0, sizeof(s0), 0, e) < 0 ||
	    block_raw_driver.pread(b, pvd, sizeof(pvd), 16 * CD_SECTOR, e) < 0)
		return 0;	/* reads fail later, with the guest told */
	magic = (uint32_t)s0[0] << 24 | s0[1] << 16 | s0[2] << 8 | s0[3];
	if (magic == SGI_VH_MAGIC)
		TRACE(TRACE_IO, "%s: SGI volume header (EFS install CD)",
		      b->path);
	else if (magic == __builtin_bswap32(SGI_VH_MAGIC))
		log_msg("%s: looks like a byte-swapped SGI CD image (volume"
			" header magic reversed): IRIX will not read it",
			b->path);
	else if (!memcmp(pvd + 1, "CD001", 5))
		TRACE(TRACE_IO, "%s: ISO9660 CD image", b->path);
	return 0;
}

static int cdimage_pread(struct block *b, void *buf, size_t len,
			 uint64_t off, struct err *e)
{
	return block_raw_driver.pread(b, buf, len, off, e);
}

static int cdimage_pwrite(struct block *b, const void *buf, size_t len,
			  uint64_t off, struct err *e)
{
	return err_set(e, "%s: CD images are read-only", b->path);
}

static int cdimage_flush(struct block *b, struct err *e)
{
	return 0;
}

static void cdimage_close(struct block *b)
{
	block_raw_driver.close(b);
}

const struct block_driver block_cdimage_driver = {
	.name = "iso",
	.open = cdimage_open,
	.pread = cdimage_pread,
	.pwrite = cdimage_pwrite,
	.flush = cdimage_flush,
	.close = cdimage_close,
};
