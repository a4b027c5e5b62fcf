#include "elf.h"

#include <inttypes.h>
#include <string.h>

/* Layout facts from the System V gABI and the MIPS psABI supplements. */
#define EI_NIDENT 16
#define ELFCLASS32 1
#define ELFCLASS64 2
#define ELFDATA2LSB 1
#define ELFDATA2MSB 2
#define EV_CURRENT 1
#define EM_MIPS 8
#define PN_XNUM 0xffff

#define PT_LOAD 1
#define PT_INTERP 3
#define PT_PHDR 6
#define PT_MIPS_ABIFLAGS 0x70000003u

#define EHDR32_SIZE 52
#define EHDR64_SIZE 64
#define PHDR32_SIZE 32
#define PHDR64_SIZE 56
#define ABIFLAGS_SIZE 24

/* A view of the file that refuses reads outside it. */
struct elf_buf {
	const uint8_t *data;
	size_t len;
	enum endian en;
};

/* Does [off, off+n) lie inside the buffer? Written so it cannot wrap. */
static bool elf_in_file(const struct elf_buf *b, uint64_t off, uint64_t n)
{
	return off <= b->len && n <= b->len - off;
}

/* Callers have checked the range with elf_in_file. */
static uint64_t elf_get(const struct elf_buf *b, uint64_t off, unsigned size)
{
	return endian_load(b->data + off, size, b->en);
}

static const char *const elf_abi_names[] = {
	[ELF_ABI_O32] = "o32", [ELF_ABI_N32] = "n32", [ELF_ABI_N64] = "n64",
	[ELF_ABI_O64] = "o64", [ELF_ABI_EABI32] = "eabi32",
	[ELF_ABI_EABI64] = "eabi64",
};

static const char *const elf_arch_names[] = {
	[ELF_ARCH_MIPS1] = "mips1", [ELF_ARCH_MIPS2] = "mips2",
	[ELF_ARCH_MIPS3] = "mips3", [ELF_ARCH_MIPS4] = "mips4",
	[ELF_ARCH_MIPS5] = "mips5", [ELF_ARCH_MIPS32] = "mips32",
	[ELF_ARCH_MIPS64] = "mips64", [ELF_ARCH_MIPS32R2] = "mips32r2",
	[ELF_ARCH_MIPS64R2] = "mips64r2", [ELF_ARCH_MIPS32R6] = "mips32r6",
	[ELF_ARCH_MIPS64R6] = "mips64r6",
};

const char *elf_abi_name(enum elf_abi abi)
{
	if ((unsigned)abi < sizeof(elf_abi_names) / sizeof(elf_abi_names[0]))
		return elf_abi_names[abi];
	return "?";
}

const char *elf_arch_name(enum elf_arch arch)
{
	if ((unsigned)arch < sizeof(elf_arch_names) / sizeof(elf_arch_names[0]))
		return elf_arch_names[arch];
	return "?";
}

/* The ABI is implied by the class plus e_flags: EF_MIPS_ABI2 marks n32,
 * the EF_MIPS_ABI field names o32/o64/EABI, and an ELF64 file with none
 * of these is n64 (binutils leaves the field 0 there). */
static int elf_pick_abi(struct elf_image *img, struct err *e)
{
	uint32_t f = img->flags & ELF_EF_MIPS_ABI;

	if (img->is64) {
		if (f == 0x4000)
			img->abi = ELF_ABI_EABI64;
		else if (f == 0 && !(img->flags & ELF_EF_MIPS_ABI2))
			img->abi = ELF_ABI_N64;
		else
			return err_set(e, "ELF64 with unknown ABI flags 0x%08x",
				       img->flags);
		return 0;
	}
	if (img->flags & ELF_EF_MIPS_ABI2) {
		if (f != 0)
			return err_set(e, "ELF32 marks both n32 and ABI 0x%x",
				       f);
		img->abi = ELF_ABI_N32;
		return 0;
	}
	switch (f) {
	case 0:
	case 0x1000:
		img->abi = ELF_ABI_O32;
		return 0;
	case 0x2000:
		img->abi = ELF_ABI_O64;
		return 0;
	case 0x3000:
		img->abi = ELF_ABI_EABI32;
		return 0;
	case 0x4000:
		img->abi = ELF_ABI_EABI64;
		return 0;
	}
	return err_set(e, "ELF32 with unknown ABI field 0x%x", f);
}

static int elf_parse_header(struct elf_buf *b, struct elf_image *img,
			    struct err *e)
{
	const uint8_t *id = b->data;
	uint16_t machine;
	unsigned arch;

	if (b->len < 4 || memcmp(id, "\177ELF", 4) != 0)
		return err_set(e, "not an ELF file (bad magic)");
	if (b->len < EI_NIDENT)
		return err_set(e, "truncated ELF header (%zu bytes)", b->len);
	if (id[4] != ELFCLASS32 && id[4] != ELFCLASS64)
		return err_set(e, "bad ELF class %u", id[4]);
	if (id[5] != ELFDATA2LSB && id[5] != ELFDATA2MSB)
		return err_set(e, "bad ELF byte order %u", id[5]);
	if (id[6] != EV_CURRENT)
		return err_set(e, "bad ELF version %u", id[6]);
	img->is64 = id[4] == ELFCLASS64;
	img->endian = id[5] == ELFDATA2MSB ? ENDIAN_BIG : ENDIAN_LITTLE;
	b->en = img->endian;
	if (b->len < (img->is64 ? EHDR64_SIZE : EHDR32_SIZE))
		return err_set(e, "truncated ELF header (%zu bytes)", b->len);

	img->type = elf_get(b, 16, 2);
	machine = elf_get(b, 18, 2);
	if (machine != EM_MIPS)
		return err_set(e, "not a MIPS ELF file (e_machine %u)",
			       machine);
	if (img->type != ELF_ET_EXEC && img->type != ELF_ET_DYN)
		return err_set(e, "ELF type %u is not an executable",
			       img->type);
	if (elf_get(b, 20, 4) != EV_CURRENT)
		return err_set(e, "bad ELF e_version");
	if (img->is64) {
		img->entry = elf_get(b, 24, 8);
		img->phoff = elf_get(b, 32, 8);
		img->flags = elf_get(b, 48, 4);
		img->phentsize = elf_get(b, 54, 2);
		img->phnum = elf_get(b, 56, 2);
	} else {
		img->entry = elf_get(b, 24, 4);
		img->phoff = elf_get(b, 28, 4);
		img->flags = elf_get(b, 36, 4);
		img->phentsize = elf_get(b, 42, 2);
		img->phnum = elf_get(b, 44, 2);
	}
	arch = img->flags >> 28;
	if (arch > ELF_ARCH_MIPS64R6)
		return err_set(e, "unknown MIPS architecture level %u", arch);
	img->arch = arch;
	if (elf_pick_abi(img, e) < 0)
		return -1;
	return 0;
}

/* Checks one segment's sizes. ELF32 addresses must stay below 4 GiB,
 * ELF64 ones must not wrap. */
static int elf_check_segment(const struct elf_buf *b,
			     const struct elf_image *img,
			     const struct elf_segment *s, unsigned idx,
			     struct err *e)
{
	uint64_t top = img->is64 ? UINT64_MAX : UINT32_MAX;

	if (!elf_in_file(b, s->offset, s->filesz))
		return err_set(e, "segment %u (offset 0x%" PRIx64
				  ", size 0x%" PRIx64 ") lies outside the "
				  "%zu-byte file", idx, s->offset,
			       s->filesz, b->len);
	if (s->filesz > s->memsz)
		return err_set(e, "segment %u: file size 0x%" PRIx64
				  " exceeds memory size 0x%" PRIx64,
			       idx, s->filesz, s->memsz);
	if (s->memsz && (s->vaddr > top || s->memsz - 1 > top - s->vaddr))
		return err_set(e, "segment %u: address 0x%" PRIx64
				  " + size 0x%" PRIx64 " overflows",
			       idx, s->vaddr, s->memsz);
	if (s->memsz && (s->paddr > top || s->memsz - 1 > top - s->paddr))
		return err_set(e, "segment %u: physical address 0x%" PRIx64
				  " + size 0x%" PRIx64 " overflows",
			       idx, s->paddr, s->memsz);
	return 0;
}

static void elf_read_phdr(const struct elf_buf *b, bool is64, uint64_t off,
			  uint32_t *type, struct elf_segment *s)
{
	*type = elf_get(b, off, 4);
	if (is64) {
		s->flags = elf_get(b, off + 4, 4);
		s->offset = elf_get(b, off + 8, 8);
		s->vaddr = elf_get(b, off + 16, 8);
		s->paddr = elf_get(b, off + 24, 8);
		s->filesz = elf_get(b, off + 32, 8);
		s->memsz = elf_get(b, off + 40, 8);
		s->align = elf_get(b, off + 48, 8);
	} else {
		s->offset = elf_get(b, off + 4, 4);
		s->vaddr = elf_get(b, off + 8, 4);
		s->paddr = elf_get(b, off + 12, 4);
		s->filesz = elf_get(b, off + 16, 4);
		s->memsz = elf_get(b, off + 20, 4);
		s->flags = elf_get(b, off + 24, 4);
		s->align = elf_get(b, off + 28, 4);
	}
}

static int elf_read_abiflags(const struct elf_buf *b, struct elf_image *img,
			     const struct elf_segment *s, unsigned idx,
			     struct err *e)
{
	if (s->filesz < ABIFLAGS_SIZE || !elf_in_file(b, s->offset,
						      ABIFLAGS_SIZE))
		return err_set(e, "segment %u: .MIPS.abiflags truncated or "
				  "outside the file", idx);
	img->has_abiflags = true;
	img->isa_level = b->data[s->offset + 2];
	img->isa_rev = b->data[s->offset + 3];
	img->fp_abi = b->data[s->offset + 7];
	return 0;
}

static int elf_parse_phdrs(const struct elf_buf *b, struct elf_image *img,
			   struct err *e)
{
	unsigned need = img->is64 ? PHDR64_SIZE : PHDR32_SIZE;
	uint64_t tabsize = (uint64_t)img->phentsize * img->phnum;
	bool have_phdr = false;

	if (img->phnum == 0)
		return err_set(e, "ELF file has no program headers");
	if (img->phnum == PN_XNUM)
		return err_set(e, "ELF file with extended program header "
				  "count is not supported");
	if (img->phentsize < need)
		return err_set(e, "program header entry size %u is below %u",
			       img->phentsize, need);
	if (!elf_in_file(b, img->phoff, tabsize))
		return err_set(e, "program headers (offset 0x%" PRIx64
				  ", %u x %u bytes) lie outside the %zu-byte "
				  "file", img->phoff, img->phnum,
			       img->phentsize, b->len);

	img->lo_vaddr = UINT64_MAX;
	img->hi_vaddr = 0;
	for (unsigned i = 0; i < img->phnum; i++) {
		struct elf_segment s;
		uint32_t type;

		elf_read_phdr(b, img->is64, img->phoff + (uint64_t)i *
			      img->phentsize, &type, &s);
		if (type == PT_INTERP) {
			img->has_interp = true;
		} else if (type == PT_PHDR) {
			img->phdr_vaddr = s.vaddr;
			have_phdr = true;
		} else if (type == PT_MIPS_ABIFLAGS) {
			if (elf_read_abiflags(b, img, &s, i, e) < 0)
				return -1;
		}
		if (type != PT_LOAD)
			continue;
		if (elf_check_segment(b, img, &s, i, e) < 0)
			return -1;
		if (img->nload == ELF_MAX_LOAD)
			return err_set(e, "more than %d loadable segments",
				       ELF_MAX_LOAD);
		img->load[img->nload++] = s;
		if (!s.memsz)
			continue;
		if (s.vaddr < img->lo_vaddr)
			img->lo_vaddr = s.vaddr;
		if (s.vaddr + s.memsz > img->hi_vaddr)
			img->hi_vaddr = s.vaddr + s.memsz;
	}
	if (img->nload == 0 || img->hi_vaddr == 0)
		return err_set(e, "ELF file has no loadable segment");

	/* Without PT_PHDR (static executables often lack it) the table is
	 * visible at run time only if a PT_LOAD's file image covers it. */
	for (unsigned i = 0; i < img->nload && !have_phdr; i++) {
		const struct elf_segment *s = &img->load[i];

		if (img->phoff >= s->offset &&
		    tabsize <= s->filesz &&
		    img->phoff - s->offset <= s->filesz - tabsize) {
			img->phdr_vaddr = s->vaddr + (img->phoff - s->offset);
			have_phdr = true;
		}
	}
	return 0;
}

int elf_parse(const uint8_t *data, size_t len, struct elf_image *out,
	      struct err *e)
{
	struct elf_buf b = { .data = data, .len = data ? len : 0 };

	memset(out, 0, sizeof(*out));
	if (elf_parse_header(&b, out, e) < 0)
		return -1;
	return elf_parse_phdrs(&b, out, e);
}
