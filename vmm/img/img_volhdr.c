/* mipsvz-img create/list/add/extract: blank SGI disks and the volume
 * directory, like IRIX's dvhtool (firmware/volhdr.h has the format). */
#include "img.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "firmware/volhdr.h"
#include "vmm/block/block.h"

/* The volume header partition of an installed IRIX 6.5 disk: 4096 blocks
 * (2 MiB), files from block 2 on (SGI-FACTS 4.6.5). */
#define IMG_VH_BLOCKS 4096u
#define IMG_FIRST_FILE_LBN 2u

int img_parse_size(const char *s, uint64_t *out, struct err *e)
{
	char *end;
	unsigned long long v;
	uint64_t mul = 1;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s)
		return err_set(e, "bad size \"%s\"", s);
	switch (*end) {
	case 'k': case 'K': mul = 1ull << 10; end++; break;
	case 'm': case 'M': mul = 1ull << 20; end++; break;
	case 'g': case 'G': mul = 1ull << 30; end++; break;
	case 't': case 'T': mul = 1ull << 40; end++; break;
	}
	if (*end || v > UINT64_MAX / mul)
		return err_set(e, "bad size \"%s\" (use e.g. 2G, 512M)", s);
	*out = v * mul;
	return 0;
}

int img_create(const char *path, const char *size_s, struct err *e)
{
	struct volhdr vh = { 0 };
	uint8_t sec[VOLHDR_SECTOR];
	uint64_t size, blocks;
	struct block *b;
	int fd;

	if (img_parse_size(size_s, &size, e) < 0)
		return -1;
	blocks = size / VOLHDR_SECTOR;
	if (blocks < 2 * IMG_VH_BLOCKS || blocks > 0xffffffffu)
		return err_set(e, "%s: size must be 4 MiB .. 2 TiB", path);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0)
		return err_set(e, "cannot create \"%s\": %s", path,
			       strerror(errno));
	if (ftruncate(fd, blocks * VOLHDR_SECTOR) < 0) {
		err_set(e, "%s: %s", path, strerror(errno));
		close(fd);
		unlink(path);
		return -1;
	}
	close(fd);
	/* fx's defaults: volume header 8, whole volume 10, root 0 on the
	 * rest as XFS (the miniroot makes the file system). */
	vh.root = 0;
	vh.swap = 1;
	memcpy(vh.bootfile, "/unix", 6);
	vh.part[VOLHDR_PART_VOLHDR] =
		(struct volhdr_part){ IMG_VH_BLOCKS, 0, VOLHDR_T_VOLHDR };
	vh.part[VOLHDR_PART_VOLUME] =
		(struct volhdr_part){ blocks, 0, VOLHDR_T_VOLUME };
	vh.part[0] = (struct volhdr_part){ blocks - IMG_VH_BLOCKS,
					   IMG_VH_BLOCKS, VOLHDR_T_XFS };
	volhdr_build(&vh, sec);
	if (block_open(&b, path, "raw", 0, e) < 0)
		return -1;
	if (block_pwrite(b, sec, sizeof(sec), 0, e) < 0 ||
	    block_flush(b, e) < 0) {
		block_close(b);
		return -1;
	}
	block_close(b);
	printf("%s: %" PRIu64 " blocks, volume header %u blocks, root from"
	       " block %u\n", path, blocks, IMG_VH_BLOCKS, IMG_VH_BLOCKS);
	return 0;
}

static const char *img_ptype(uint32_t t)
{
	static const char *const names[] = {
		"volhdr", "trkrepl", "secrepl", "raw", "bsd", "sysv",
		"volume", "efs", "lvol", "rlvol", "xfs", "xfslog", "xlv",
		"xvm",
	};

	return t < sizeof(names) / sizeof(*names) ? names[t] : "?";
}

int img_list(const char *path, struct err *e)
{
	struct volhdr vh;
	struct block *b;
	int rc;

	if (block_open(&b, path, NULL, BLOCK_RDONLY, e) < 0)
		return -1;
	rc = volhdr_read(b, &vh, e);
	block_close(b);
	if (rc < 0)
		return -1;
	printf("%s: SGI volume header, root %d, swap %d, boot file \"%.16s\"\n",
	       path, vh.root, vh.swap, vh.bootfile);
	printf("partitions:\n");
	for (int i = 0; i < VOLHDR_NPART; i++)
		if (vh.part[i].blocks)
			printf("  %2d: first %10u blocks %10u  %s\n", i,
			       vh.part[i].first, vh.part[i].blocks,
			       img_ptype(vh.part[i].type));
	printf("volume directory:\n");
	for (int i = 0; i < VOLHDR_NDIR; i++)
		if (vh.dir[i].name[0])
			printf("  %-8s lbn %8u bytes %10u\n", vh.dir[i].name,
			       vh.dir[i].lbn, vh.dir[i].bytes);
	return 0;
}

static const char *img_basename(const char *p)
{
	const char *s = strrchr(p, '/');

	return s ? s + 1 : p;
}

int img_add(const char *disk, const char *file, const char *name,
	    struct err *e)
{
	struct volhdr vh;
	struct block *b;
	uint8_t sec[VOLHDR_SECTOR], *data = NULL;
	uint32_t lbn = IMG_FIRST_FILE_LBN, limit, blocks;
	int slot = -1, rc = -1;
	struct stat st;
	FILE *f;

	if (!name)
		name = img_basename(file);
	if (!*name || strlen(name) > 8)
		return err_set(e, "volume directory names have 1-8 characters"
				  " (\"%s\")", name);
	f = fopen(file, "rb");
	if (!f || fstat(fileno(f), &st) < 0) {
		if (f)
			fclose(f);
		return err_set(e, "cannot open \"%s\": %s", file,
			       strerror(errno));
	}
	if (st.st_size > 0x7fffffff) {
		fclose(f);
		return err_set(e, "%s: too big for the volume header", file);
	}
	data = calloc(1, st.st_size + VOLHDR_SECTOR);
	if (!data || fread(data, 1, st.st_size, f) != (size_t)st.st_size) {
		fclose(f);
		free(data);
		return err_set(e, "cannot read \"%s\"", file);
	}
	fclose(f);
	if (block_open(&b, disk, "raw", 0, e) < 0) {
		free(data);
		return -1;
	}
	if (volhdr_read(b, &vh, e) < 0)
		goto out;
	if (volhdr_find(&vh, name) >= 0) {
		err_set(e, "%s: \"%s\" is already in the volume header", disk,
			name);
		goto out;
	}
	/* First free slot; the new file goes after the last one. */
	for (int i = 0; i < VOLHDR_NDIR; i++) {
		uint32_t end;

		if (!vh.dir[i].name[0]) {
			if (slot < 0)
				slot = i;
			continue;
		}
		end = vh.dir[i].lbn + (vh.dir[i].bytes + 511) / 512;
		if (end > lbn)
			lbn = end;
	}
	blocks = (st.st_size + 511) / 512;
	limit = vh.part[VOLHDR_PART_VOLHDR].blocks;
	if (slot < 0 || lbn + (uint64_t)blocks > limit) {
		err_set(e, "%s: no room for \"%s\" (%u blocks) in the %u-block"
			   " volume header", disk, name, blocks, limit);
		goto out;
	}
	snprintf(vh.dir[slot].name, sizeof(vh.dir[slot].name), "%s", name);
	vh.dir[slot].lbn = lbn;
	vh.dir[slot].bytes = st.st_size;
	/* The file's blocks first, then the directory that points at them. */
	if (block_pwrite(b, data, (size_t)blocks * 512,
			 (uint64_t)lbn * 512, e) < 0 || block_flush(b, e) < 0)
		goto out;
	volhdr_build(&vh, sec);
	if (block_pwrite(b, sec, sizeof(sec), 0, e) < 0 ||
	    block_flush(b, e) < 0)
		goto out;
	printf("%s: added %s at block %u (%jd bytes)\n", disk, name, lbn,
	       (intmax_t)st.st_size);
	rc = 0;
out:
	block_close(b);
	free(data);
	return rc;
}

int img_extract(const char *disk, const char *name, const char *file,
		struct err *e)
{
	uint64_t off, size;
	struct block *b;
	uint8_t *data;
	FILE *f;
	int rc = -1;

	if (block_open(&b, disk, NULL, BLOCK_RDONLY, e) < 0)
		return -1;
	if (volhdr_open_file(b, name, &off, &size, e) < 0)
		goto out;
	data = malloc(size ? size : 1);
	if (!data || block_pread(b, data, size, off, e) < 0) {
		free(data);
		if (!data)
			err_set(e, "out of memory");
		goto out;
	}
	f = fopen(file, "wb");
	if (!f || fwrite(data, 1, size, f) != size || fclose(f)) {
		err_set(e, "cannot write \"%s\": %s", file, strerror(errno));
		free(data);
		goto out;
	}
	free(data);
	printf("%s: extracted %s (%" PRIu64 " bytes) to %s\n", disk, name, size,
	       file);
	rc = 0;
out:
	block_close(b);
	return rc;
}
