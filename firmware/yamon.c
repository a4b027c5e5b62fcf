/* YAMON-style boot for the MIPS Malta (see yamon.h). Facts used:
 * - Linux's fw_init_cmdline/fw_getenv (arch/mips/fw/lib/cmdline.c):
 *   argv[1..] are joined with spaces into the command line; envp pairs
 *   "name", "value" (no '=' in the first entry means YAMON style).
 * - Linux's rd_start=/rd_size= early parameters (arch/mips/kernel/
 *   setup.c) take the initrd's KSEG0 address and size.
 * - malta-dtshim.c reads "memsize" and, when present, "ememsize"; the
 *   8250 console set-up reads "modetty0" (malta-init.c).
 * - The reset vector is 0xbfc00000 with Status.BEV and ERL set (MIPS32
 *   PRA, "Reset Exception"). */
#include "yamon.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vmm/log.h"

#define MIB ((uint64_t)1 << 20)
/* Bigger kernel or initrd files than this are surely not meant. */
#define YAMON_FILE_MAX (1024 * MIB)
#define YAMON_PAGE 4096u
#define YAMON_REV "02.22"

static char *yamon_strdup(const char *s)
{
	return s ? strdup(s) : NULL;
}

static int yamon_read_file(const char *what, const char *path,
			   uint8_t **buf, size_t *len, struct err *e)
{
	struct stat st;
	uint8_t *b;
	size_t got = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return err_set(e, "cannot open %s '%s': %s", what, path,
			       strerror(errno));
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return err_set(e, "%s '%s' is not a regular file", what, path);
	}
	if ((uint64_t)st.st_size > YAMON_FILE_MAX) {
		close(fd);
		return err_set(e, "%s '%s' is too large (%" PRIu64 " MiB)",
			       what, path, (uint64_t)st.st_size / MIB);
	}
	b = malloc(st.st_size ? st.st_size : 1);
	if (!b) {
		close(fd);
		return err_set(e, "%s '%s': out of memory", what, path);
	}
	while (got < (size_t)st.st_size) {
		ssize_t n = read(fd, b + got, st.st_size - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			int err = n < 0 ? errno : EIO;

			free(b);
			close(fd);
			return err_set(e, "cannot read %s '%s': %s", what, path,
				       n < 0 ? strerror(err) :
				       "file shrank while reading");
		}
		got += n;
	}
	close(fd);
	*buf = b;
	*len = got;
	return 0;
}

/* KSEG0/KSEG1 virtual address (32-bit, or sign-extended in a 64-bit
 * ELF) -> physical; false for anything else. */
static bool yamon_kseg_to_phys(uint64_t va, bool is64, uint64_t *pa)
{
	if (!is64) {
		if (va > 0xffffffffull)
			return false;
		va = (uint64_t)(int64_t)(int32_t)va;
	}
	if (va < 0xffffffff80000000ull || va > 0xffffffffbfffffffull)
		return false;
	*pa = va & 0x1fffffff;
	return true;
}

static int yamon_check_kernel(struct yamon_image *img, struct err *e)
{
	const struct yamon_params *p = &img->p;
	const struct elf_image *elf = &img->elf;
	const char *path = p->kernel;
	uint64_t lo = UINT64_MAX, hi = 0;

	if (elf_parse(img->kernel, img->kernel_len, &img->elf, e) < 0)
		return err_prefix(e, "kernel '%s'", path);
	if (elf->endian != p->endian)
		return err_set(e, "kernel '%s' is a %s-endian MIPS ELF; this "
			       "board runs its CPU %s-endian", path,
			       elf->endian == ENDIAN_BIG ? "big" : "little",
			       p->endian == ENDIAN_BIG ? "big" : "little");
	if (!yamon_kseg_to_phys(elf->entry, elf->is64, &(uint64_t){ 0 }))
		return err_set(e, "kernel '%s': entry point 0x%" PRIx64
			       " is not in KSEG0/KSEG1", path, elf->entry);
	img->entry = elf->is64 ? elf->entry :
		     (uint64_t)(int64_t)(int32_t)elf->entry;
	for (unsigned i = 0; i < elf->nload; i++) {
		const struct elf_segment *s = &elf->load[i];
		uint64_t pa;

		if (!s->memsz)
			continue;
		if (!yamon_kseg_to_phys(s->vaddr, elf->is64, &pa) ||
		    !yamon_kseg_to_phys(s->vaddr + s->memsz - 1, elf->is64,
					&(uint64_t){ 0 }))
			return err_set(e, "kernel '%s': segment %u at 0x%"
				       PRIx64 " is not in KSEG0/KSEG1", path,
				       i, s->vaddr);
		if (pa + s->memsz > p->ram_low)
			return err_set(e, "kernel '%s': segment %u (0x%" PRIx64
				       "-0x%" PRIx64 ") lies outside RAM "
				       "(0-0x%" PRIx64 ")", path, i, pa,
				       pa + s->memsz - 1, p->ram_low - 1);
		if (pa < YAMON_ENV_PADDR + YAMON_ENV_SIZE)
			return err_set(e, "kernel '%s': segment %u (0x%" PRIx64
				       ") overlaps the boot monitor's area "
				       "below 0x%x", path, i, pa,
				       YAMON_ENV_PADDR + YAMON_ENV_SIZE);
		if (pa < lo)
			lo = pa;
		if (pa + s->memsz > hi)
			hi = pa + s->memsz;
	}
	if (lo == UINT64_MAX)
		return err_set(e, "kernel '%s': no segment with contents",
			       path);
	img->kernel_lo = lo;
	img->kernel_hi = hi;
	return 0;
}

int yamon_prepare(const struct yamon_params *p, struct yamon_image *img,
		  struct err *e)
{
	memset(img, 0, sizeof(*img));
	if (!p->kernel)
		return err_set(e, "no kernel given: set kernel in the config "
			       "or use --kernel");
	if (p->append && strlen(p->append) > YAMON_APPEND_MAX)
		return err_set(e, "kernel command line is %zu bytes; at most "
			       "%u fit", strlen(p->append), YAMON_APPEND_MAX);
	img->p = *p;
	img->p.kernel = yamon_strdup(p->kernel);
	img->p.initrd = yamon_strdup(p->initrd);
	img->p.append = yamon_strdup(p->append);
	img->p.ethaddr = yamon_strdup(p->ethaddr);
	if (!img->p.kernel || (p->initrd && !img->p.initrd) ||
	    (p->append && !img->p.append) || (p->ethaddr && !img->p.ethaddr)) {
		yamon_free(img);
		return err_set(e, "yamon: out of memory");
	}
	if (yamon_read_file("kernel", p->kernel, &img->kernel,
			    &img->kernel_len, e) < 0 ||
	    yamon_check_kernel(img, e) < 0)
		goto fail;
	if (p->initrd) {
		uint64_t above = (img->kernel_hi + YAMON_PAGE - 1) &
				 ~(uint64_t)(YAMON_PAGE - 1);
		uint64_t room = p->ram_low > above ? p->ram_low - above : 0;

		if (yamon_read_file("initrd", p->initrd, &img->initrd,
				    &img->initrd_len, e) < 0)
			goto fail;
		/* At the top of low RAM, as QEMU puts it: Debian's kernels
		 * relocate themselves (KASLR) to just above their own
		 * image, over an initrd placed there. */
		img->initrd_pa = (p->ram_low - img->initrd_len) &
				 ~(uint64_t)(YAMON_PAGE - 1);
		if (img->initrd_len > room) {
			err_set(e, "initrd '%s' (%zu bytes) does not fit in RAM"
				" above the kernel (%" PRIu64 " bytes free of %"
				PRIu64 " MiB): give the machine more memory",
				p->initrd, img->initrd_len, room,
				p->ram_low / MIB);
			goto fail;
		}
	}
	img->argc = 1 + (img->initrd ? 1 : 0) +
		    (p->append && *p->append ? 1 : 0);
	return 0;
fail:
	yamon_free(img);
	return -1;
}

void yamon_free(struct yamon_image *img)
{
	free((char *)img->p.kernel);
	free((char *)img->p.initrd);
	free((char *)img->p.append);
	free((char *)img->p.ethaddr);
	free(img->kernel);
	free(img->initrd);
	memset(img, 0, sizeof(*img));
}

/* The argv/envp block, built in host memory and copied in one go. */
struct yamon_env {
	uint8_t buf[YAMON_ENV_SIZE];
	uint32_t str;		/* next free string byte (offset) */
	enum endian en;
	bool overflow;
};

/* Store a string; its KSEG0 address, or 0 when the block is full. */
static uint32_t yamon_env_str(struct yamon_env *env, const char *s)
{
	size_t n = strlen(s) + 1;
	uint32_t off = env->str;

	if (n > sizeof(env->buf) - off) {
		env->overflow = true;
		return 0;
	}
	memcpy(env->buf + off, s, n);
	env->str += (n + 3) & ~3u;
	if (env->str > sizeof(env->buf))
		env->str = sizeof(env->buf);
	return yamon_kseg0(YAMON_ENV_PADDR + off);
}

static void yamon_env_ptr(struct yamon_env *env, unsigned slot, uint32_t v)
{
	endian_store(env->buf + 4 * slot, 4, env->en, v);
}

/* Layout: argv[8] at +0, envp[16] at +0x20, strings from +0x80. */
#define YAMON_ARGV_SLOT 0
#define YAMON_ENVP_SLOT 8
#define YAMON_ENV_MAX 15
#define YAMON_STR_START 0x80

static int yamon_build_env(const struct yamon_image *img,
			   struct yamon_env *env, struct err *e)
{
	const struct yamon_params *p = &img->p;
	const char *slash = strrchr(p->kernel, '/');
	const char *vars[YAMON_ENV_MAX + 1];
	char rd[80], memsize[24], ememsize[24];
	unsigned a = YAMON_ARGV_SLOT, n = 0;

	memset(env, 0, sizeof(*env));
	env->en = p->endian;
	env->str = YAMON_STR_START;
	yamon_env_ptr(env, a++, yamon_env_str(env, slash ? slash + 1 :
					      p->kernel));
	/* The initrd first, so the user's own rd_start= (if any) wins. A
	 * 64-bit kernel wants the sign-extended address. */
	if (img->initrd) {
		if (img->elf.is64)
			snprintf(rd, sizeof(rd), "rd_start=0xffffffff%08" PRIx32
				 " rd_size=%zu", yamon_kseg0(img->initrd_pa),
				 img->initrd_len);
		else
			snprintf(rd, sizeof(rd), "rd_start=0x%08" PRIx32
				 " rd_size=%zu", yamon_kseg0(img->initrd_pa),
				 img->initrd_len);
		yamon_env_ptr(env, a++, yamon_env_str(env, rd));
	}
	if (p->append && *p->append)
		yamon_env_ptr(env, a++, yamon_env_str(env, p->append));
	yamon_env_ptr(env, a, 0);

	snprintf(memsize, sizeof(memsize), "%" PRIu64, p->ram_low);
	vars[n++] = "memsize";
	vars[n++] = memsize;
	if (p->ram_size > p->ram_low) {
		snprintf(ememsize, sizeof(ememsize), "%" PRIu64, p->ram_size);
		vars[n++] = "ememsize";
		vars[n++] = ememsize;
	}
	vars[n++] = "modetty0";
	vars[n++] = "38400n8r";
	if (p->ethaddr) {
		vars[n++] = "ethaddr";
		vars[n++] = p->ethaddr;
	}
	vars[n++] = "yamonrev";
	vars[n++] = YAMON_REV;
	for (unsigned i = 0; i < n; i++)
		yamon_env_ptr(env, YAMON_ENVP_SLOT + i,
			      yamon_env_str(env, vars[i]));
	yamon_env_ptr(env, YAMON_ENVP_SLOT + n, 0);
	if (env->overflow)
		return err_set(e, "yamon: arguments do not fit in %u bytes",
			       YAMON_ENV_SIZE);
	return 0;
}

int yamon_load(const struct yamon_image *img, struct bus *bus,
	       struct err *e)
{
	const struct elf_image *elf = &img->elf;
	struct yamon_env *env;
	static const uint8_t zeros[4096];

	/* Everything is checked before the first byte goes in. */
	if (!bus_host_ptr(bus, 0, img->p.ram_low, NULL))
		return err_set(e, "yamon: no RAM at 0-0x%" PRIx64,
			       img->p.ram_low - 1);
	env = malloc(sizeof(*env));
	if (!env)
		return err_set(e, "yamon: out of memory");
	if (yamon_build_env(img, env, e) < 0) {
		free(env);
		return -1;
	}
	for (unsigned i = 0; i < elf->nload; i++) {
		const struct elf_segment *s = &elf->load[i];
		uint64_t pa = 0;

		if (!s->memsz)
			continue;
		yamon_kseg_to_phys(s->vaddr, elf->is64, &pa);
		dma_write(bus, pa, img->kernel + s->offset, s->filesz);
		for (uint64_t z = s->filesz; z < s->memsz; z += sizeof(zeros)) {
			uint64_t n = s->memsz - z;

			dma_write(bus, pa + z, zeros,
				  n < sizeof(zeros) ? n : sizeof(zeros));
		}
	}
	if (img->initrd)
		dma_write(bus, img->initrd_pa, img->initrd, img->initrd_len);
	dma_write(bus, YAMON_ENV_PADDR, env->buf, sizeof(env->buf));
	free(env);
	TRACE(TRACE_FW, "yamon: kernel 0x%" PRIx64 "-0x%" PRIx64 " entry 0x%"
	      PRIx64 ", initrd 0x%" PRIx64 " (%zu bytes), argc %u",
	      img->kernel_lo, img->kernel_hi, img->entry, img->initrd_pa,
	      img->initrd_len, img->argc);
	return 0;
}

/* --- the hand-over code ------------------------------------------------ */

enum { R_ZERO = 0, R_A0 = 4, R_A1 = 5, R_A2 = 6, R_A3 = 7, R_T0 = 8,
       R_T9 = 25, R_SP = 29 };
#define CP0_STATUS 12

static uint32_t i_type(unsigned op, unsigned rs, unsigned rt, uint16_t imm)
{
	return op << 26 | rs << 21 | rt << 16 | imm;
}

struct yamon_code {
	uint8_t *p;
	size_t off, size;
	enum endian en;
};

static void emit(struct yamon_code *c, uint32_t insn)
{
	if (c->off + 4 <= c->size)
		endian_store(c->p + c->off, 4, c->en, insn);
	c->off += 4;
}

static void emit_li32(struct yamon_code *c, unsigned rt, uint32_t v)
{
	emit(c, i_type(0x0f, 0, rt, v >> 16));		/* lui */
	emit(c, i_type(0x0d, rt, rt, v & 0xffff));	/* ori */
}

/* beq zero, zero to `target` (a flash offset), then a nop. */
static void emit_branch(struct yamon_code *c, size_t target)
{
	int32_t words = ((int64_t)target - (int64_t)(c->off + 4)) / 4;

	emit(c, i_type(0x04, R_ZERO, R_ZERO, (uint16_t)words));
	emit(c, 0);
}

void yamon_write_boot_code(const struct yamon_image *img, uint8_t *flash,
			   size_t size)
{
	struct yamon_code c = { flash, 0, size, img->p.endian };
	/* BEV exception vectors (MIPS32 PRA table 6.x): TLB refill, XTLB
	 * refill, cache error, general, interrupt. The kernel installs its
	 * own before it leaves BEV; until then an exception parks the CPU
	 * here (a -d cpu trace shows which). */
	static const size_t vectors[] = { 0x200, 0x280, 0x300, 0x380, 0x400 };

	if (size < YAMON_FLASH_MIN)
		return;
	memset(flash, 0xff, YAMON_FLASH_MIN);	/* erased flash */
	/* 0xbfc00000: jump over the REVISION word at 0x10. */
	emit_branch(&c, YAMON_CODE_OFFSET);
	c.off = YAMON_CODE_OFFSET;
	/* Clear EXL and ERL (ERL would leave kuseg unmapped); keep BEV. */
	emit(&c, 0x40000000 | R_T0 << 16 | CP0_STATUS << 11);	/* mfc0 */
	emit(&c, i_type(0x0d, R_T0, R_T0, 0x6));		/* ori */
	emit(&c, i_type(0x0e, R_T0, R_T0, 0x6));		/* xori */
	emit(&c, 0x40800000 | R_T0 << 16 | CP0_STATUS << 11);	/* mtc0 */
	emit(&c, 0x000000c0);					/* ehb */
	emit_li32(&c, R_SP, yamon_kseg0(YAMON_STACK_PADDR));
	emit(&c, i_type(0x09, R_ZERO, R_A0, img->argc));	/* addiu */
	emit_li32(&c, R_A1, yamon_kseg0(YAMON_ENV_PADDR +
					4 * YAMON_ARGV_SLOT));
	emit_li32(&c, R_A2, yamon_kseg0(YAMON_ENV_PADDR +
					4 * YAMON_ENVP_SLOT));
	emit_li32(&c, R_A3, (uint32_t)img->p.ram_low);
	/* lui sign-extends on a 64-bit CPU: the low word is enough. */
	emit_li32(&c, R_T9, (uint32_t)img->entry);
	emit(&c, R_T9 << 21 | 0x08);				/* jr t9 */
	emit(&c, 0);
	for (size_t i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
		c.off = vectors[i];
		emit_branch(&c, vectors[i]);
	}
}
