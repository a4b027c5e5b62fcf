/* Copy-on-write overlay files (`overlay = "file"` on a drive): the base
 * image stays pristine, the guest's writes live in the overlay. The
 * format is our own and documented in docs/disks.md:
 *
 *   0     8  magic "MVZOVL1\n"
 *   8     4  version (1)            12  4  cluster bits (9..24)
 *   16    8  virtual size           24  8  map offset (4096)
 *   32    8  map entries            40  8  data start (cluster aligned)
 *   48    8  base fingerprint       56 256 base path (NUL padded)
 *   312  16  base format
 *   map: one big-endian u64 per cluster, the file offset of its data;
 *   0 = the cluster is still the base's.
 *
 * All integers are big-endian. Crash safety: a new cluster's data is
 * written and fdatasync'ed before the map entry that points at it, and
 * map entries reach the file only at a flush (or close); an interrupted
 * run leaves at worst unreferenced clusters at the end of the file. */
#ifndef MIPSVZ_BLOCK_OVERLAY_H
#define MIPSVZ_BLOCK_OVERLAY_H

#include "block.h"

#define OVERLAY_MAGIC "MVZOVL1\n"
#define OVERLAY_CLUSTER_BITS 16

/* Open (creating it if missing) the overlay at `path` over `base`, which
 * the new block takes ownership of (closed with it, also on failure). */
int block_overlay_open(struct block **bp, struct block *base,
		       const char *path, struct err *e);

/* mipsvz-img: copy every overlay cluster into the base (a raw image
 * opened writable), flush it, then empty the overlay. */
int block_overlay_commit(const char *path, const char *base_override,
			 struct err *e);
/* Empty the overlay: the base shows through again. */
int block_overlay_discard(const char *path, struct err *e);
/* One-line description for `mipsvz-img info`. */
int block_overlay_describe(const char *path, char *buf, size_t len,
			   struct err *e);

#endif
