/* What a format driver implements (raw now; overlay, CHD, ISO later).
 * block.c does the argument and range checks, so a driver sees only
 * ranges inside the size it reported at open. */
#ifndef MIPSVZ_BLOCK_INT_H
#define MIPSVZ_BLOCK_INT_H

#include "block.h"

struct block_driver {
	const char *name;
	/* Fill b->size and b->drv_state; b->path and b->readonly are set. */
	int (*open)(struct block *b, unsigned flags, struct err *e);
	int (*pread)(struct block *b, void *buf, size_t len, uint64_t off,
		     struct err *e);
	int (*pwrite)(struct block *b, const void *buf, size_t len,
		      uint64_t off, struct err *e);
	/* 0, or -errno with a message in *e. */
	int (*flush)(struct block *b, struct err *e);
	void (*close)(struct block *b);
};

struct block {
	const struct block_driver *drv;
	char *path;
	uint64_t size;
	bool readonly;
	/* errno of the first failed flush: the host may have dropped dirty
	 * pages it could not write, so no later flush can promise anything
	 * (the reason QEMU keeps page_cache_inconsistent). */
	int flush_errno;
	void *drv_state;
};

extern const struct block_driver block_raw_driver;
extern const struct block_driver block_chd_driver;	/* block_chd.c */
extern const struct block_driver block_cdimage_driver;	/* block_cdimage.c */

/* OFD locks compatible with QEMU's file-posix locking (block_lock.c). */
int block_lock_image(int fd, const char *path, bool write, struct err *e);

#endif
