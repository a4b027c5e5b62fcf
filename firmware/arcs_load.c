/* Loading and starting programs: --kernel, the PROM's "boot", and the
 * ARCS Load/Invoke/Execute calls. ELF32 and ELF64 through firmware/elf.h,
 * ECOFF through firmware/ecoff.h; big-endian only (the IP22 runs its CPU
 * big-endian). Segments must sit in KSEG0/KSEG1 (or XKPHYS/CKSEG0 for
 * 64-bit files) and inside RAM, clear of the SPB page and the
 * firmware's RAM.
 *
 * Entry contract (SGI-FACTS 5.1): a0 = argc, a1 = argv, a2 = envp, both
 * arrays of 32-bit KSEG0 pointers ending with NULL, envp entries
 * "name=value"; argv[0] is the path the program was loaded from; the SPB
 * is in place; sp is the PROM's stack; ra returns to the PROM. */
#include "arcs_int.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ecoff.h"
#include "elf.h"
#include "vmm/log.h"

/* Virtual -> physical for the unmapped segments; false otherwise. */
static bool image_va_to_pa(uint64_t va, bool is64, uint64_t *pa)
{
	if (!is64)
		va = (uint64_t)(int64_t)(int32_t)va;
	if (va >= 0xffffffff80000000ull && va <= 0xffffffffbfffffffull) {
		*pa = va & 0x1fffffff;
		return true;
	}
	if (is64 && va >> 62 == 2) {	/* XKPHYS */
		*pa = va & 0x0000000fffffffffull;
		return true;
	}
	return false;
}

static int add_seg(struct arcs_image *img, uint64_t va, bool is64,
		   uint64_t off, uint64_t filesz, uint64_t memsz,
		   struct err *e)
{
	struct arcs_seg *s;
	uint64_t pa, end;

	if (!memsz)
		return 0;
	if (img->nseg >= ARCS_MAX_SEGS)
		return err_set(e, "more than %u segments", ARCS_MAX_SEGS);
	if (!image_va_to_pa(va, is64, &pa) ||
	    !image_va_to_pa(va + memsz - 1, is64, &end) || end < pa)
		return err_set(e, "segment at 0x%" PRIx64 " is not in KSEG0/"
			       "KSEG1 (the PROM loads unmapped programs only)",
			       va);
	s = &img->seg[img->nseg++];
	s->pa = pa;
	s->offset = off;
	s->filesz = filesz;
	s->memsz = memsz;
	if (pa < img->lo)
		img->lo = pa;
	if (pa + memsz > img->hi)
		img->hi = pa + memsz;
	return 0;
}

int arcs_image_parse(const uint8_t *data, size_t len, struct arcs_image *img,
		     struct err *e)
{
	memset(img, 0, sizeof(*img));
	img->data = data;
	img->len = len;
	img->lo = UINT64_MAX;
	if (len >= 4 && !memcmp(data, "\177ELF", 4)) {
		struct elf_image elf;

		if (elf_parse(data, len, &elf, e) < 0)
			return -1;
		if (elf.endian != ENDIAN_BIG)
			return err_set(e, "little-endian MIPS ELF: the IP22 "
				       "runs big-endian");
		img->format = elf.is64 ? "ELF64" : "ELF32";
		img->entry = elf.is64 ? elf.entry :
			     (uint64_t)(int64_t)(int32_t)elf.entry;
		for (unsigned i = 0; i < elf.nload; i++)
			if (add_seg(img, elf.load[i].vaddr, elf.is64,
				    elf.load[i].offset, elf.load[i].filesz,
				    elf.load[i].memsz, e) < 0)
				return -1;
	} else if (ecoff_probe(data, len)) {
		struct ecoff_image ec;

		if (ecoff_parse(data, len, &ec, e) < 0)
			return -1;
		if (ec.endian != ENDIAN_BIG)
			return err_set(e, "little-endian MIPS ECOFF: the IP22 "
				       "runs big-endian");
		img->format = "ECOFF";
		img->entry = (uint64_t)(int64_t)(int32_t)ec.entry;
		for (unsigned i = 0; i < ec.nsec; i++)
			if (add_seg(img, ec.sec[i].vaddr, false,
				    ec.sec[i].offset,
				    ec.sec[i].bss ? 0 : ec.sec[i].size,
				    ec.sec[i].size, e) < 0)
				return -1;
	} else {
		return err_set(e, "not a MIPS ELF or ECOFF executable");
	}
	if (!img->nseg)
		return err_set(e, "nothing to load");
	if (img->entry < 0xffffffff80000000ull ||
	    img->entry > 0xffffffffbfffffffull)
		return err_set(e, "entry point 0x%" PRIx64 " is not in KSEG0/"
			       "KSEG1", img->entry);
	return 0;
}

/* The bank holding [pa, pa+len), after mapping the low alias onto bank
 * 0; false if it is not all RAM. */
static bool ram_range(const struct arcs_platform *p, uint64_t *pa,
		      uint64_t len)
{
	if (*pa < p->low_alias_size && p->ram[0].base &&
	    *pa + len <= p->low_alias_size)
		*pa += p->ram[0].base;
	for (unsigned i = 0; i < p->nram; i++)
		if (*pa >= p->ram[i].base &&
		    *pa + len <= p->ram[i].base + p->ram[i].size)
			return true;
	return false;
}

int arcs_image_check(const struct arcs *a, struct arcs_image *img,
		     struct err *e)
{
	const struct arcs_platform *p = &a->p;
	uint64_t spb_lo = p->ram[0].base, spb_hi = spb_lo + 0x2000;
	uint64_t fw_lo = a->fwram_pa, fw_hi = fw_lo + ARCS_FWRAM_SIZE;

	img->lo = UINT64_MAX;
	img->hi = 0;
	for (unsigned i = 0; i < img->nseg; i++) {
		struct arcs_seg *s = &img->seg[i];
		uint64_t pa = s->pa;

		if (!ram_range(p, &pa, s->memsz))
			return err_set(e, "segment %u (physical 0x%" PRIx64
				       "-0x%" PRIx64 ") does not fit in RAM "
				       "(%" PRIu64 " MB from 0x%" PRIx64 ")",
				       i, s->pa, s->pa + s->memsz - 1,
				       p->ram[0].size >> 20, p->ram[0].base);
		if (pa < spb_hi && pa + s->memsz > spb_lo)
			return err_set(e, "segment %u (0x%" PRIx64 ") overlaps "
				       "the exception vectors and the ARCS "
				       "SPB (physical 0x%" PRIx64 "-0x%" PRIx64
				       ")", i, s->pa, spb_lo, spb_hi - 1);
		if (pa < fw_hi && pa + s->memsz > fw_lo)
			return err_set(e, "segment %u (0x%" PRIx64 "-0x%" PRIx64
				       ") overlaps the firmware's memory at "
				       "0x%" PRIx64 ": give the machine more "
				       "memory", i, pa, pa + s->memsz - 1,
				       fw_lo);
		s->pa = pa;
		if (pa < img->lo)
			img->lo = pa;
		if (pa + s->memsz > img->hi)
			img->hi = pa + s->memsz;
	}
	return 0;
}

int arcs_image_place(struct arcs *a, const struct arcs_image *img)
{
	static const uint8_t zeros[4096];

	for (unsigned i = 0; i < img->nseg; i++) {
		const struct arcs_seg *s = &img->seg[i];

		if (dma_write(a->bus, s->pa, img->data + s->offset,
			      s->filesz) < 0)
			return -1;
		for (uint64_t z = s->filesz; z < s->memsz; z += sizeof(zeros)) {
			uint64_t n = s->memsz - z;

			if (dma_write(a->bus, s->pa + z, zeros,
				      n < sizeof(zeros) ? n : sizeof(zeros)) < 0)
				return -1;
		}
	}
	a->loaded_lo = img->lo;
	a->loaded_hi = img->hi;
	arcs_mem_publish(a);
	return 0;
}

/* argv/envp in the permanent half of the firmware RAM:
 * argv[] at +0, envp[] at +0x200, strings from +0x400. */
#define ARGS_ENVP 0x200u
#define ARGS_STR 0x400u

struct args_block {
	uint8_t buf[ARCS_ARGS_SIZE];
	uint32_t str;
	uint64_t pa;
};

static uint32_t args_str(struct args_block *b, const char *s)
{
	size_t n = strlen(s) + 1;
	uint32_t off = b->str;

	if (n > sizeof(b->buf) - off)
		return 0;
	memcpy(b->buf + off, s, n);
	b->str += (uint32_t)((n + 3) & ~(size_t)3);
	return arcs_kseg0(b->pa + off);
}

void arcs_start_program(struct arcs *a, const struct arcs_image *img,
			int argc, char **argv)
{
	struct args_block *b = calloc(1, sizeof(*b));
	char (*env)[ARCS_ENV_NAME_MAX + ARCS_ENV_VALUE_MAX + 2];
	unsigned nenv = 0, na = 0;

	env = calloc(ARCS_ENV_MAX, sizeof(*env));
	if (!b || !env) {
		free(b);
		free(env);
		arcs_puts(a, "PROM: out of memory\n");
		arcs_enter_monitor(a, true);
		return;
	}
	b->pa = a->fwram_pa + ARCS_FWRAM_STACK;
	b->str = ARGS_STR;
	for (int i = 0; i < argc && na < ARCS_MAX_ARGS; i++) {
		uint32_t va = args_str(b, argv[i]);

		if (va)
			endian_store(b->buf + 4 * na++, 4, ENDIAN_BIG, va);
	}
	nenv = arcs_env_strings(a, env, ARCS_ENV_MAX);
	for (unsigned i = 0, n = 0; i < nenv; i++) {
		uint32_t va = args_str(b, env[i]);

		if (va)
			endian_store(b->buf + ARGS_ENVP + 4 * n++, 4,
				     ENDIAN_BIG, va);
	}
	dma_write(a->bus, b->pa, b->buf, sizeof(b->buf));
	TRACE(TRACE_FW, "arcs: starting %s program at 0x%08" PRIx32
	      ", argc %u, physical 0x%" PRIx64 "-0x%" PRIx64, img->format,
	      (uint32_t)img->entry, na, img->lo, img->hi);
	a->ncontext = 0;
	arcs_set_jump(a, (uint32_t)img->entry, na, arcs_kseg0(b->pa),
		      arcs_kseg0(b->pa + ARGS_ENVP), 0, arcs_stack_top(a),
		      arcs_prom_va(a, ARCS_PROM_PRETURN));
	free(env);
	free(b);
}

bool arcs_boot_path(struct arcs *a, const char *path, int argc, char **argv)
{
	struct arcs_image img;
	struct err e;
	uint8_t *data;
	size_t len;
	char msg[512];

	if (arcs_io_read_file(a, path, &data, &len, msg, sizeof(msg)) < 0) {
		arcs_printf(a, "%s\n", msg);
		return false;
	}
	if (arcs_image_parse(data, len, &img, &e) < 0 ||
	    arcs_image_check(a, &img, &e) < 0 ||
	    arcs_image_place(a, &img) < 0) {
		if (!e.msg[0])
			snprintf(e.msg, sizeof(e.msg), "cannot place it");
		arcs_printf(a, "%s: %s\n", path, e.msg);
		free(data);
		return false;
	}
	arcs_start_program(a, &img, argc, argv);
	free(data);
	return true;
}

/* --- Load, Invoke, Execute ------------------------------------------------- */

static uint32_t load_file(struct arcs *a, uint32_t path_va,
			  struct arcs_image *img, uint8_t **data,
			  char *path)
{
	struct err e;
	size_t len;
	char msg[512];
	int r = arcs_read_string(a, path_va, path, ARCS_PATH_MAX);

	if (r < 0)
		return (uint32_t)-r;
	if (arcs_io_read_file(a, path, data, &len, msg, sizeof(msg)) < 0) {
		TRACE(TRACE_FW, "arcs: Load: %s", msg);
		return ARCS_ENOENT;
	}
	if (arcs_image_parse(*data, len, img, &e) < 0) {
		free(*data);
		return ARCS_ENOEXEC;
	}
	if (arcs_image_check(a, img, &e) < 0 || arcs_image_place(a, img) < 0) {
		free(*data);
		return ARCS_ENOMEM;
	}
	return 0;
}

uint32_t arcs_load_call(struct arcs *a, unsigned call, const uint32_t *arg)
{
	struct arcs_image img;
	uint8_t *data = NULL;
	char path[ARCS_PATH_MAX];
	uint32_t r, sp = a->reg[ARCS_REG_SP / 4];

	switch (call) {
	case ARCS_LOAD:
		/* Load(path, top, &entry, &low) */
		r = load_file(a, arg[0], &img, &data, path);
		if (r)
			return r;
		free(data);
		if (arcs_write_u32(a, arg[2], (uint32_t)img.entry) < 0 ||
		    arcs_write_u32(a, arg[3], arcs_kseg0(img.lo)) < 0)
			return ARCS_EFAULT;
		return ARCS_ESUCCESS;
	case ARCS_INVOKE: {
		/* Invoke(entry, stack, argc, argv, envp): envp is the fifth
		 * o32 argument, at 16(sp); returns what the program does */
		uint32_t envp;

		if (arcs_read_u32(a, sp + 16, &envp) < 0)
			return ARCS_EFAULT;
		if (a->ncontext >= 4)
			return ARCS_ENOMEM;
		a->context[a->ncontext].ra = a->reg[ARCS_REG_RA / 4];
		a->context[a->ncontext].sp = sp;
		a->ncontext++;
		arcs_set_jump(a, arg[0], arg[2], arg[3], envp, 0,
			      arg[1] ? arg[1] : sp,
			      arcs_prom_va(a, ARCS_PROM_PRETURN));
		return 0;
	}
	case ARCS_EXECUTE: {
		/* Execute(path, argc, argv, envp): the program replaces
		 * the caller; it returns to the PROM */
		char *argv[ARCS_MAX_ARGS];
		char (*strs)[ARCS_PATH_MAX];
		uint32_t argc = arg[1] < ARCS_MAX_ARGS ? arg[1] : ARCS_MAX_ARGS;

		strs = calloc(ARCS_MAX_ARGS, sizeof(*strs));
		if (!strs)
			return ARCS_ENOMEM;
		for (uint32_t i = 0; i < argc; i++) {
			uint32_t va;

			if (arcs_read_u32(a, arg[2] + 4 * i, &va) < 0 ||
			    arcs_read_string(a, va, strs[i], ARCS_PATH_MAX)) {
				free(strs);
				return ARCS_EFAULT;
			}
			argv[i] = strs[i];
		}
		r = load_file(a, arg[0], &img, &data, path);
		if (r) {
			free(strs);
			return r;
		}
		arcs_start_program(a, &img, (int)argc, argv);
		free(strs);
		free(data);
		return 0;
	}
	}
	return ARCS_EINVAL;
}
