/* A bounds-checked parser for MIPS ELF executables: 32- and 64-bit,
 * big- and little-endian. It only describes the file; callers place the
 * segments themselves (the Malta boot loads kernels through kseg0,
 * mipsvz-user maps user addresses 1:1). Every offset and size read from
 * the file is checked against the buffer before use, so a hostile or
 * truncated file yields an error, never an out-of-bounds read. */
#ifndef MIPSVZ_FIRMWARE_ELF_H
#define MIPSVZ_FIRMWARE_ELF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../vmm/bus.h"
#include "../vmm/err.h"

/* e_type */
#define ELF_ET_EXEC 2
#define ELF_ET_DYN 3

/* p_flags */
#define ELF_PF_X 1u
#define ELF_PF_W 2u
#define ELF_PF_R 4u

/* e_flags bits a loader cares about (MIPS psABI / binutils). */
#define ELF_EF_MIPS_NOREORDER 0x00000001u
#define ELF_EF_MIPS_PIC 0x00000002u
#define ELF_EF_MIPS_CPIC 0x00000004u
#define ELF_EF_MIPS_ABI2 0x00000020u	/* n32 */
#define ELF_EF_MIPS_FP64 0x00000200u
#define ELF_EF_MIPS_NAN2008 0x00000400u
#define ELF_EF_MIPS_ABI 0x0000f000u
#define ELF_EF_MIPS_ARCH 0xf0000000u

enum elf_abi {
	ELF_ABI_O32,
	ELF_ABI_N32,
	ELF_ABI_N64,
	ELF_ABI_O64,
	ELF_ABI_EABI32,
	ELF_ABI_EABI64,
};

/* EF_MIPS_ARCH >> 28 */
enum elf_arch {
	ELF_ARCH_MIPS1, ELF_ARCH_MIPS2, ELF_ARCH_MIPS3, ELF_ARCH_MIPS4,
	ELF_ARCH_MIPS5, ELF_ARCH_MIPS32, ELF_ARCH_MIPS64, ELF_ARCH_MIPS32R2,
	ELF_ARCH_MIPS64R2, ELF_ARCH_MIPS32R6, ELF_ARCH_MIPS64R6,
};

/* .MIPS.abiflags fp_abi values (binutils Val_GNU_MIPS_ABI_FP_*). */
enum elf_fp_abi {
	ELF_FP_ANY = 0, ELF_FP_DOUBLE = 1, ELF_FP_SINGLE = 2, ELF_FP_SOFT = 3,
	ELF_FP_OLD_64 = 4, ELF_FP_XX = 5, ELF_FP_64 = 6, ELF_FP_64A = 7,
};

struct elf_segment {
	uint64_t vaddr, paddr;
	uint64_t offset;	/* in the file; [offset, offset+filesz) is inside it */
	uint64_t filesz, memsz;	/* filesz <= memsz; the rest is zero-filled */
	uint64_t align;
	uint32_t flags;		/* ELF_PF_* */
};

#define ELF_MAX_LOAD 16

struct elf_image {
	bool is64;		/* ELFCLASS64 */
	enum endian endian;
	uint16_t type;		/* ELF_ET_EXEC or ELF_ET_DYN */
	uint64_t entry;
	uint32_t flags;		/* raw e_flags */
	enum elf_abi abi;
	enum elf_arch arch;
	/* Program header table, for the auxiliary vector (AT_PHDR/PHENT/
	 * PHNUM). phdr_vaddr is where the table lies once the segments are
	 * placed (from PT_PHDR, else the PT_LOAD that covers it); 0 if no
	 * loaded segment holds it. */
	uint64_t phoff;
	uint16_t phentsize, phnum;
	uint64_t phdr_vaddr;
	bool has_interp;	/* PT_INTERP: needs a dynamic linker */
	/* From PT_MIPS_ABIFLAGS, when present. */
	bool has_abiflags;
	uint8_t isa_level, isa_rev, fp_abi;
	/* Lowest and highest-plus-one virtual address of the PT_LOADs. */
	uint64_t lo_vaddr, hi_vaddr;
	unsigned nload;
	struct elf_segment load[ELF_MAX_LOAD];	/* in file order */
};

/* Parse the ELF file in data[0..len). Fills *out and returns 0, or
 * returns -1 with a message in *e. Only EM_MIPS executables (ET_EXEC,
 * ET_DYN) with at least one PT_LOAD are accepted. */
int elf_parse(const uint8_t *data, size_t len, struct elf_image *out,
	      struct err *e);

/* Short names for messages: "o32", "n64"; "mips32r2". */
const char *elf_abi_name(enum elf_abi abi);
const char *elf_arch_name(enum elf_arch arch);

#endif
