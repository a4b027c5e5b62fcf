/* The SGI disk volume header ("dvh", sector 0 of IRIX disks and CDs):
 * parser and writer shared by the ARCS firmware and mipsvz-img. Layout
 * (Linux block/partitions/sgi.c struct sgi_disklabel, include/linux/
 * efs_vh.h; DISK-FORMATS A1.3), all big-endian:
 *   0 magic 0x0be5a941, 4 root partition, 6 swap partition (int16),
 *   8 boot file[16], 24 device parameters[48],
 *   72 volume directory: 15 x {name[8], lbn, bytes},
 *   252 partition table: 16 x {blocks, first lbn, type},
 *   444 checksum (the 128 words sum to zero), 448 padding.
 * (SGI-FACTS 4.6.5 puts the partition table at 312 and the checksum at
 * 0x1f8; Linux's struct, which reads real disks, says 252 and 444.) */
#ifndef MIPSVZ_FIRMWARE_VOLHDR_H
#define MIPSVZ_FIRMWARE_VOLHDR_H

#include <stdbool.h>
#include <stdint.h>

#include "vmm/block/block.h"
#include "vmm/err.h"

#define VOLHDR_MAGIC 0x0be5a941u
#define VOLHDR_NDIR 15
#define VOLHDR_NPART 16
#define VOLHDR_SECTOR 512
#define VOLHDR_PART_VOLHDR 8	/* partition numbers by convention */
#define VOLHDR_PART_VOLUME 10

/* Partition types. */
enum {
	VOLHDR_T_VOLHDR = 0, VOLHDR_T_RAW = 3, VOLHDR_T_SYSV = 5,
	VOLHDR_T_VOLUME = 6, VOLHDR_T_EFS = 7, VOLHDR_T_XFS = 10,
};

struct volhdr_file {
	char name[9];		/* up to 8 characters, NUL added here */
	uint32_t lbn, bytes;
};

struct volhdr_part {
	uint32_t blocks, first, type;
};

struct volhdr {
	int16_t root, swap;
	char bootfile[17];
	uint8_t dp[48];
	struct volhdr_file dir[VOLHDR_NDIR];	/* name[0] == 0: unused */
	struct volhdr_part part[VOLHDR_NPART];	/* blocks == 0: unused */
};

/* Parse sector 0; a bad magic or checksum is an error naming it (a
 * byte-swapped image is recognised as such). */
int volhdr_parse(const uint8_t sec[VOLHDR_SECTOR], struct volhdr *vh,
		 struct err *e);
/* Build sector 0 with a correct checksum. */
void volhdr_build(const struct volhdr *vh, uint8_t sec[VOLHDR_SECTOR]);
/* Index of a volume-directory file (names compare as 8 bytes), or -1. */
int volhdr_find(const struct volhdr *vh, const char *name);

/* For the ARCS firmware ("dksc(0,1,8)sash"): where the volume-directory
 * file `name` lies on the drive, in bytes; checked against the drive's
 * size. */
int volhdr_open_file(struct block *b, const char *name, uint64_t *offset,
		     uint64_t *size, struct err *e);
/* The same for partition `n` ("dksc(0,1,0)"). */
int volhdr_partition(struct block *b, unsigned n, uint64_t *offset,
		     uint64_t *size, struct err *e);
/* Read and parse sector 0 of a drive. */
int volhdr_read(struct block *b, struct volhdr *vh, struct err *e);

#endif
