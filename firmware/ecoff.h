/* A bounds-checked parser for MIPS ECOFF executables (the a.out-like
 * format of IRIX 4/5 standalone programs, sash and old kernels). Like
 * firmware/elf.h it only describes the file: every header field and
 * section range is checked against the buffer, so a truncated or hostile
 * file gives an error, never an out-of-bounds read.
 *
 * Format (binutils include/coff/ecoff.h, include/coff/mips.h; NetBSD
 * sys/arch/mips/include/ecoff_machdep.h): a 20-byte file header (magic,
 * nscns, timdat, symptr, nsyms, opthdr, flags), the 56-byte optional
 * "a.out" header (magic 0x107/0x108/0x10b, version, tsize, dsize, bsize,
 * entry, text/data/bss start, gprmask, cprmask[4], gp), then nscns
 * 40-byte section headers {name[8], paddr, vaddr, size, scnptr, relptr,
 * lnnoptr, nreloc, nlnno, flags}. */
#ifndef MIPSVZ_FIRMWARE_ECOFF_H
#define MIPSVZ_FIRMWARE_ECOFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vmm/bus.h"
#include "vmm/err.h"

#define ECOFF_MAX_SECTIONS 32

/* s_flags (STYP_*) */
#define ECOFF_STYP_TEXT 0x20u
#define ECOFF_STYP_DATA 0x40u
#define ECOFF_STYP_BSS 0x80u
#define ECOFF_STYP_RDATA 0x100u
#define ECOFF_STYP_SDATA 0x200u
#define ECOFF_STYP_SBSS 0x400u
#define ECOFF_STYP_LITA 0x4000000u
#define ECOFF_STYP_LIT8 0x8000000u
#define ECOFF_STYP_LIT4 0x10000000u
#define ECOFF_STYP_INIT 0x80000000u

struct ecoff_section {
	char name[9];
	uint32_t vaddr, size;
	uint32_t offset;	/* in the file; 0 and no data for bss */
	uint32_t flags;
	bool bss;		/* zero-filled, nothing in the file */
};

struct ecoff_image {
	enum endian endian;
	uint16_t magic;		/* 0x160 MIPSEB, 0x162 MIPSEL, ... */
	uint32_t entry;
	uint32_t gp;
	uint32_t lo, hi;	/* virtual extent of the loaded sections */
	unsigned nsec;
	struct ecoff_section sec[ECOFF_MAX_SECTIONS];	/* loadable only */
};

/* True when data looks like MIPS ECOFF (the file header magic). */
bool ecoff_probe(const uint8_t *data, size_t len);
/* Parse data[0..len); 0, or -1 with a message in *e. */
int ecoff_parse(const uint8_t *data, size_t len, struct ecoff_image *out,
		struct err *e);

#endif
