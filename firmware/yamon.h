/* YAMON-style boot for the MIPS Malta: what the board's monitor would
 * have done before starting Linux. The kernel ELF and the initrd are
 * placed in RAM, argv/envp are built the way YAMON passes them, and a few
 * MIPS instructions generated into the boot flash (run from the reset
 * vector 0xbfc00000) load a0-a3 and jump to the kernel: the CPU really
 * executes the hand-over, nothing is faked in the vCPU.
 *
 * Register convention at the kernel entry (YAMON User's Manual, "go";
 * Linux arch/mips/fw/lib/cmdline.c): a0 = argc, a1 = argv, a2 = envp
 * (arrays of 32-bit KSEG0 pointers; envp holds name, value pairs and
 * ends with NULL), a3 = memory size in bytes. */
#ifndef MIPSVZ_FIRMWARE_YAMON_H
#define MIPSVZ_FIRMWARE_YAMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "elf.h"
#include "vmm/bus.h"
#include "vmm/err.h"

/* argv/envp block: inside what Malta's device tree reserves for YAMON
 * (/memreserve/ 0x1000-0xf0000 in arch/mips/boot/dts/mti/malta.dts). */
#define YAMON_ENV_PADDR 0x2000u
#define YAMON_ENV_SIZE 0xe000u
/* The stack the hand-over code sets (just below the block). */
#define YAMON_STACK_PADDR (YAMON_ENV_PADDR - 16)
/* Where the hand-over code starts in the flash; offsets 0x8-0xff are
 * left free (the board's REVISION register sits at 0x10). */
#define YAMON_CODE_OFFSET 0x100u
#define YAMON_FLASH_MIN 0x1000u
/* Linux's MIPS COMMAND_LINE_SIZE is 4096, shared with rd_start=... */
#define YAMON_APPEND_MAX 3968u

struct yamon_params {
	const char *kernel;	/* path of a MIPS ELF kernel */
	const char *initrd;	/* path, or NULL */
	const char *append;	/* kernel command line, or NULL */
	uint64_t ram_size;	/* all RAM (ememsize when above 256 MiB) */
	uint64_t ram_low;	/* RAM from physical 0 (memsize, a3) */
	const char *ethaddr;	/* "00:11:22:33:44:55", or NULL */
	enum endian endian;	/* the board's (and kernel's) byte order */
};

/* Files read and checked; kept so that a guest reset can load again. */
struct yamon_image {
	struct yamon_params p;	/* strings owned by the image */
	uint8_t *kernel;
	size_t kernel_len;
	uint8_t *initrd;
	size_t initrd_len;
	struct elf_image elf;
	uint64_t entry;		/* kernel entry, sign-extended KSEG0 address */
	uint64_t kernel_lo, kernel_hi;	/* physical extent of the segments */
	uint64_t initrd_pa;	/* page-aligned, at the top of low RAM */
	unsigned argc;
};

/* Read and check the kernel and initrd; nothing is written to the guest.
 * Errors name the file and what is wrong with it. */
int yamon_prepare(const struct yamon_params *p, struct yamon_image *img,
		  struct err *e);
/* Place the segments, initrd and argv/envp in RAM (power-on and every
 * reset). Fails only if RAM is not where yamon_prepare was told. */
int yamon_load(const struct yamon_image *img, struct bus *bus,
	       struct err *e);
/* Generate the reset code into the flash (size >= YAMON_FLASH_MIN), in
 * the board's byte order. */
void yamon_write_boot_code(const struct yamon_image *img, uint8_t *flash,
			   size_t size);
void yamon_free(struct yamon_image *img);

/* Physical address -> the KSEG0 address the kernel gets (32 bits). */
static inline uint32_t yamon_kseg0(uint64_t pa)
{
	return 0x80000000u | (uint32_t)pa;
}

#endif
