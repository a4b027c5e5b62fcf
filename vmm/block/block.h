/* Disk images behind one interface. Device models (ATA now, SCSI on the
 * SGI boards later) see a flat array of bytes with a size and a read-only
 * flag; the format driver behind it is raw today and overlay, CHD or ISO
 * later (DISK-FORMATS.md). The format always comes from the config or the
 * file name, never from the image's contents (BAD-INPUTS row 13).
 *
 * Writable images are locked with OFD locks on the bytes QEMU uses, so a
 * second mipsvz or a QEMU on the same image is refused (BAD-INPUTS row 14).
 * A flush reaches the disk (fdatasync) before it returns; once a flush has
 * failed, every later flush fails too (row 22). */
#ifndef MIPSVZ_BLOCK_H
#define MIPSVZ_BLOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vmm/config.h"
#include "vmm/err.h"

#define BLOCK_SECTOR 512

/* block_open flags. */
enum {
	/* Open read-only. Other read-only users may share the image; a
	 * writer (here or in QEMU) is refused, and refuses us. */
	BLOCK_RDONLY = 1u << 0,
};

struct block;

/* Open an image. `format` is "raw" or "iso" (raw, read-only); NULL
 * picks it from the file name's extension, never from the contents. */
int block_open(struct block **bp, const char *path, const char *format,
	       unsigned flags, struct err *e);
/* Open the image a drive in the config names, with its format and
 * read-only setting. */
int block_open_drive(struct block **bp, const struct drive_config *d,
		     struct err *e);
/* Close and unlock; NULL is a no-op. Does not flush: a guest that wants
 * its data safe asks for a flush. */
void block_close(struct block *b);

/* Size in bytes as it was at open; devices report this capacity. */
uint64_t block_size(const struct block *b);
/* Whole 512-byte sectors (a trailing partial sector is not addressable). */
uint64_t block_sectors(const struct block *b);
bool block_readonly(const struct block *b);
const char *block_path(const struct block *b);
const char *block_format(const struct block *b);

/* Byte-addressed I/O: all of [off, off+len) or an error; a range outside
 * the size at open is an error, and so is a read past the end of an
 * image that shrank since. */
int block_pread(struct block *b, void *buf, size_t len, uint64_t off,
		struct err *e);
int block_pwrite(struct block *b, const void *buf, size_t len, uint64_t off,
		 struct err *e);
int block_read_sectors(struct block *b, uint64_t lba, void *buf,
		       uint32_t count, struct err *e);
int block_write_sectors(struct block *b, uint64_t lba, const void *buf,
			uint32_t count, struct err *e);
/* Written data is on stable storage when this returns 0. */
int block_flush(struct block *b, struct err *e);

/* Requests, for device models. Today block_submit does the I/O at once,
 * under the machine lock, and calls done() before it returns; later an
 * I/O thread may call done() afterwards (with the machine lock held), so
 * a device must keep its state consistent for either: it submits as the
 * last step and continues in done(). Every submitted request gets exactly
 * one done() call: none is ever dropped. The caller owns *req (and buf)
 * until then. */
enum block_op { BLOCK_OP_READ, BLOCK_OP_WRITE, BLOCK_OP_FLUSH };

struct block_req {
	enum block_op op;
	uint64_t offset;
	void *buf;
	size_t len;
	void (*done)(struct block_req *req, int ret);	/* ret: 0 or -1 */
	void *opaque;
	struct err err;		/* why, when ret is -1 */
};

void block_submit(struct block *b, struct block_req *req);

#endif
