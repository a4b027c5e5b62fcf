/* YAMON-style boot: the loader's checks (non-MIPS, truncated, misplaced
 * and oversized inputs give clear errors and write nothing), what lands
 * in RAM (segments, bss, initrd, argv/envp as Linux's fw_getenv reads
 * them) and the hand-over code generated into the flash. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "firmware/yamon.h"
#include "tests/test.h"
#include "vmm/bus.h"

#define MIB (1u << 20)

struct elf_spec {
	uint8_t class;		/* 1 = ELF32, 2 = ELF64 */
	uint16_t machine;	/* 8 = MIPS */
	uint64_t vaddr, entry;
	uint32_t filesz, memsz;
};

/* A minimal little-endian executable with one PT_LOAD whose bytes are
 * 0x11, 0x22, ... */
static size_t make_elf(uint8_t *b, size_t cap, const struct elf_spec *s)
{
	bool is64 = s->class == 2;
	unsigned eh = is64 ? 64 : 52, ph = is64 ? 56 : 32;
	size_t off = 0x100, len = off + s->filesz;

	CHECK(len <= cap);
	memset(b, 0, len);
	memcpy(b, "\177ELF", 4);
	b[4] = s->class;
	b[5] = 1;	/* little-endian */
	b[6] = 1;
	endian_store(b + 16, 2, ENDIAN_LITTLE, 2);	/* ET_EXEC */
	endian_store(b + 18, 2, ENDIAN_LITTLE, s->machine);
	endian_store(b + 20, 4, ENDIAN_LITTLE, 1);
	if (is64) {
		endian_store(b + 24, 8, ENDIAN_LITTLE, s->entry);
		endian_store(b + 32, 8, ENDIAN_LITTLE, eh);	/* phoff */
		endian_store(b + 48, 4, ENDIAN_LITTLE, 0x80000000u);
		endian_store(b + 52, 2, ENDIAN_LITTLE, eh);
		endian_store(b + 54, 2, ENDIAN_LITTLE, ph);
		endian_store(b + 56, 2, ENDIAN_LITTLE, 1);
		uint8_t *p = b + eh;
		endian_store(p, 4, ENDIAN_LITTLE, 1);		/* PT_LOAD */
		endian_store(p + 4, 4, ENDIAN_LITTLE, 7);
		endian_store(p + 8, 8, ENDIAN_LITTLE, off);
		endian_store(p + 16, 8, ENDIAN_LITTLE, s->vaddr);
		endian_store(p + 24, 8, ENDIAN_LITTLE, s->vaddr);
		endian_store(p + 32, 8, ENDIAN_LITTLE, s->filesz);
		endian_store(p + 40, 8, ENDIAN_LITTLE, s->memsz);
		endian_store(p + 48, 8, ENDIAN_LITTLE, 0x1000);
	} else {
		endian_store(b + 24, 4, ENDIAN_LITTLE, s->entry);
		endian_store(b + 28, 4, ENDIAN_LITTLE, eh);
		endian_store(b + 36, 4, ENDIAN_LITTLE, 0x70001000u);
		endian_store(b + 40, 2, ENDIAN_LITTLE, eh);
		endian_store(b + 42, 2, ENDIAN_LITTLE, ph);
		endian_store(b + 44, 2, ENDIAN_LITTLE, 1);
		uint8_t *p = b + eh;
		endian_store(p, 4, ENDIAN_LITTLE, 1);
		endian_store(p + 4, 4, ENDIAN_LITTLE, off);
		endian_store(p + 8, 4, ENDIAN_LITTLE, s->vaddr);
		endian_store(p + 12, 4, ENDIAN_LITTLE, s->vaddr);
		endian_store(p + 16, 4, ENDIAN_LITTLE, s->filesz);
		endian_store(p + 20, 4, ENDIAN_LITTLE, s->memsz);
		endian_store(p + 24, 4, ENDIAN_LITTLE, 7);
		endian_store(p + 28, 4, ENDIAN_LITTLE, 0x1000);
	}
	for (uint32_t i = 0; i < s->filesz; i++)
		b[off + i] = 0x11 * ((i % 15) + 1);
	return len;
}

static const char *write_bin(const char *name, const void *data, size_t n)
{
	static char paths[4][512];
	static int slot;
	char *p = paths[slot++ & 3];
	FILE *f;

	snprintf(p, 512, "%s/%s", test_tmpdir(), name);
	f = fopen(p, "wb");
	CHECK(f != NULL);
	if (f) {
		CHECK(fwrite(data, 1, n, f) == n);
		fclose(f);
	}
	return p;
}

static uint8_t elfbuf[0x4000];

static const char *kernel32(void)
{
	struct elf_spec s = { 1, 8, 0x80100000, 0x80100040, 0x800, 0x2000 };

	return write_bin("vmlinux", elfbuf, make_elf(elfbuf, sizeof(elfbuf),
							&s));
}

struct fixture {
	struct bus bus;
	uint8_t *ram;
	struct yamon_params p;
	struct yamon_image img;
};

static void setup(struct fixture *f, uint64_t ram)
{
	struct err e;

	memset(f, 0, sizeof(*f));
	bus_init(&f->bus, ENDIAN_LITTLE);
	CHECK(bus_map_ram(&f->bus, 0, ram, "ram", &f->ram, &e) == 0);
	f->p = (struct yamon_params){ .ram_size = ram, .ram_low = ram,
				      .ethaddr = "02:00:00:00:00:01",
				      .endian = ENDIAN_LITTLE };
}

static bool ram_untouched(struct fixture *f, uint64_t size)
{
	for (uint64_t i = 0; i < size; i++)
		if (f->ram[i])
			return false;
	return true;
}

/* Read a C string the guest would see at a KSEG0 pointer. */
static const char *guest_str(struct fixture *f, uint32_t kseg0)
{
	return (const char *)f->ram + (kseg0 & 0x1fffffff);
}

static uint32_t guest_word(struct fixture *f, uint64_t pa)
{
	return endian_load(f->ram + pa, 4, ENDIAN_LITTLE);
}

/* Linux's fw_getenv on the envp array. */
static const char *guest_getenv(struct fixture *f, const char *name)
{
	uint64_t envp = YAMON_ENV_PADDR + 0x20;

	for (unsigned i = 0; i < 32; i += 2) {
		uint32_t n = guest_word(f, envp + 4 * i);

		if (!n)
			return NULL;
		if (!strcmp(guest_str(f, n), name))
			return guest_str(f, guest_word(f, envp + 4 * i + 4));
	}
	return NULL;
}

static void loads_kernel_initrd_and_args(void)
{
	struct fixture f;
	struct err e;
	uint8_t rd[5000];

	setup(&f, 32 * MIB);
	memset(rd, 0x5a, sizeof(rd));
	f.p.kernel = kernel32();
	f.p.initrd = write_bin("initrd", rd, sizeof(rd));
	f.p.append = "console=ttyS0 mipsvz.test=x";
	CHECK(yamon_prepare(&f.p, &f.img, &e) == 0);
	CHECK_EQ(f.img.entry, 0xffffffff80100040ull);
	CHECK_EQ(f.img.kernel_lo, 0x100000);
	CHECK_EQ(f.img.kernel_hi, 0x102000);
	/* At the top of low RAM: Debian's KASLR kernels move themselves
	 * to just above their image. */
	CHECK_EQ(f.img.initrd_pa, 0x1ffe000);
	CHECK_EQ(f.img.argc, 3);
	CHECK(ram_untouched(&f, 32 * MIB));	/* prepare writes nothing */
	memset(f.ram + 0x100800, 0xee, 0x1800);	/* stale "bss" */
	CHECK(yamon_load(&f.img, &f.bus, &e) == 0);
	CHECK_EQ(f.ram[0x100000], 0x11);
	CHECK_EQ(f.ram[0x1007ff], 0x11 * ((0x7ff % 15) + 1));
	CHECK_EQ(f.ram[0x100800], 0);		/* bss cleared */
	CHECK_EQ(f.ram[0x101fff], 0);
	CHECK(memcmp(f.ram + 0x1ffe000, rd, sizeof(rd)) == 0);
	/* argv: name, rd_start/rd_size first, then the user's line. */
	uint32_t argv = YAMON_ENV_PADDR;
	CHECK_STR_CONTAINS(guest_str(&f, guest_word(&f, argv)), "vmlinux");
	CHECK(strcmp(guest_str(&f, guest_word(&f, argv + 4)),
		     "rd_start=0x81ffe000 rd_size=5000") == 0);
	CHECK(strcmp(guest_str(&f, guest_word(&f, argv + 8)),
		     "console=ttyS0 mipsvz.test=x") == 0);
	CHECK_EQ(guest_word(&f, argv + 12), 0);
	CHECK(guest_getenv(&f, "memsize") &&
	      !strcmp(guest_getenv(&f, "memsize"), "33554432"));
	CHECK(guest_getenv(&f, "ememsize") == NULL);
	CHECK(guest_getenv(&f, "modetty0") &&
	      !strcmp(guest_getenv(&f, "modetty0"), "38400n8r"));
	CHECK(guest_getenv(&f, "ethaddr") &&
	      !strcmp(guest_getenv(&f, "ethaddr"), "02:00:00:00:00:01"));
	CHECK(guest_getenv(&f, "yamonrev") != NULL);
	yamon_free(&f.img);
	bus_destroy(&f.bus);
}

static void ememsize_when_more_than_low(void)
{
	struct fixture f;
	struct err e;

	setup(&f, 32 * MIB);
	f.p.ram_size = 512ull * MIB;	/* the high alias holds the rest */
	f.p.kernel = kernel32();
	CHECK(yamon_prepare(&f.p, &f.img, &e) == 0);
	CHECK_EQ(f.img.argc, 1);
	CHECK(yamon_load(&f.img, &f.bus, &e) == 0);
	CHECK(guest_getenv(&f, "ememsize") &&
	      !strcmp(guest_getenv(&f, "ememsize"), "536870912"));
	yamon_free(&f.img);
	bus_destroy(&f.bus);
}

static void kernel64_sign_extended(void)
{
	struct fixture f;
	struct err e;
	struct elf_spec s = { 2, 8, 0xffffffff80200000ull,
			      0xffffffff80200010ull, 0x100, 0x100 };
	uint8_t rd[16] = { 1 };

	setup(&f, 32 * MIB);
	f.p.kernel = write_bin("vmlinux64", elfbuf,
			       make_elf(elfbuf, sizeof(elfbuf), &s));
	f.p.initrd = write_bin("rd", rd, sizeof(rd));
	CHECK(yamon_prepare(&f.p, &f.img, &e) == 0);
	CHECK_EQ(f.img.entry, 0xffffffff80200010ull);
	CHECK(yamon_load(&f.img, &f.bus, &e) == 0);
	CHECK_EQ(f.ram[0x200000], 0x11);
	CHECK_STR_CONTAINS(guest_str(&f, guest_word(&f, YAMON_ENV_PADDR + 4)),
			   "rd_start=0xffffffff81fff000 rd_size=16");
	yamon_free(&f.img);
	bus_destroy(&f.bus);
}

/* prepare fails with `want` in the message and leaves RAM alone. */
static void expect_error(struct fixture *f, const char *want)
{
	struct err e = { "" };

	CHECK(yamon_prepare(&f->p, &f->img, &e) < 0);
	CHECK_STR_CONTAINS(e.msg, want);
	CHECK(ram_untouched(f, 16 * MIB));
	bus_destroy(&f->bus);
}

static void rejects_missing_file(void)
{
	struct fixture f;

	setup(&f, 16 * MIB);
	f.p.kernel = "/nonexistent/vmlinux";
	expect_error(&f, "cannot open kernel '/nonexistent/vmlinux'");
	setup(&f, 16 * MIB);
	f.p.kernel = kernel32();
	f.p.initrd = "/nonexistent/initrd";
	expect_error(&f, "cannot open initrd '/nonexistent/initrd'");
	setup(&f, 16 * MIB);
	expect_error(&f, "no kernel given");
}

static void rejects_non_mips(void)
{
	struct fixture f;
	struct elf_spec x86 = { 1, 3, 0x80100000, 0x80100000, 0x10, 0x10 };

	setup(&f, 16 * MIB);
	f.p.kernel = write_bin("notes.txt", "hello, world\n", 13);
	expect_error(&f, "notes.txt");
	setup(&f, 16 * MIB);
	f.p.kernel = write_bin("x86", elfbuf, make_elf(elfbuf, sizeof(elfbuf),
						      &x86));
	expect_error(&f, "not a MIPS ELF");
}

static void rejects_truncated(void)
{
	struct fixture f;
	struct elf_spec s = { 1, 8, 0x80100000, 0x80100000, 0x800, 0x800 };
	size_t n = make_elf(elfbuf, sizeof(elfbuf), &s);

	setup(&f, 16 * MIB);
	f.p.kernel = write_bin("cut", elfbuf, n - 0x400);
	expect_error(&f, "kernel '");
	setup(&f, 16 * MIB);
	f.p.kernel = write_bin("cut2", elfbuf, 40);
	expect_error(&f, "truncated");
}

static void rejects_bad_placement(void)
{
	struct fixture f;
	struct elf_spec useg = { 1, 8, 0x00400000, 0x00400000, 0x10, 0x10 };
	struct elf_spec high = { 1, 8, 0x80f00000, 0x80f00000, 0x10,
				 0x200000 };
	struct elf_spec low = { 1, 8, 0x80001000, 0x80001000, 0x10, 0x10 };

	setup(&f, 16 * MIB);
	f.p.kernel = write_bin("useg", elfbuf, make_elf(elfbuf, sizeof(elfbuf),
						       &useg));
	expect_error(&f, "not in KSEG0/KSEG1");
	setup(&f, 16 * MIB);
	f.p.kernel = write_bin("high", elfbuf, make_elf(elfbuf, sizeof(elfbuf),
						       &high));
	expect_error(&f, "outside RAM");
	setup(&f, 16 * MIB);
	f.p.kernel = write_bin("low", elfbuf, make_elf(elfbuf, sizeof(elfbuf),
						      &low));
	expect_error(&f, "boot monitor");
}

static void rejects_big_endian_kernel(void)
{
	struct fixture f;
	struct elf_spec s = { 1, 8, 0x80100000, 0x80100000, 0x10, 0x10 };
	size_t n = make_elf(elfbuf, sizeof(elfbuf), &s);

	setup(&f, 16 * MIB);
	elfbuf[5] = 2;	/* flip EI_DATA: now an (odd) big-endian file */
	f.p.kernel = write_bin("be", elfbuf, n);
	expect_error(&f, "kernel '");
}

static void rejects_initrd_too_big(void)
{
	struct fixture f;
	size_t n = 16 * MIB;
	uint8_t *big = calloc(1, n);

	setup(&f, 16 * MIB);
	f.p.kernel = kernel32();
	f.p.initrd = write_bin("big-initrd", big, n);
	expect_error(&f, "does not fit in RAM");
	free(big);
}

static void rejects_long_command_line(void)
{
	struct fixture f;
	char *line = malloc(YAMON_APPEND_MAX + 2);

	memset(line, 'a', YAMON_APPEND_MAX + 1);
	line[YAMON_APPEND_MAX + 1] = 0;
	setup(&f, 16 * MIB);
	f.p.kernel = kernel32();
	f.p.append = line;
	expect_error(&f, "command line");
	free(line);
}

/* Decode the hand-over code: the first word branches over REVISION to
 * YAMON_CODE_OFFSET; lui/ori pairs load a1-a3 and t9; jr t9 follows. */
static void boot_code(void)
{
	struct fixture f;
	struct err e;
	static uint8_t flash[0x2000];
	uint32_t regs[32] = { 0 };
	bool jumped = false;

	setup(&f, 32 * MIB);
	f.p.kernel = kernel32();
	f.p.append = "x";
	CHECK(yamon_prepare(&f.p, &f.img, &e) == 0);
	yamon_write_boot_code(&f.img, flash, sizeof(flash));
	uint32_t w0 = endian_load(flash, 4, ENDIAN_LITTLE);
	CHECK_EQ(w0 >> 16, 0x1000);		/* beq zero, zero */
	CHECK_EQ(4 + 4 * (int16_t)(w0 & 0xffff), YAMON_CODE_OFFSET);
	for (unsigned off = YAMON_CODE_OFFSET; off < 0x200; off += 4) {
		uint32_t w = endian_load(flash + off, 4, ENDIAN_LITTLE);
		unsigned op = w >> 26, rs = (w >> 21) & 31, rt = (w >> 16) & 31;

		if (op == 0x0f)
			regs[rt] = (w & 0xffff) << 16;
		else if (op == 0x0d)
			regs[rt] = regs[rs] | (w & 0xffff);
		else if (op == 0x09)
			regs[rt] = regs[rs] + (int16_t)(w & 0xffff);
		else if (op == 0 && (w & 0x3f) == 0x08) {
			CHECK_EQ(rs, 25);
			jumped = true;
			break;
		}
	}
	CHECK(jumped);
	CHECK_EQ(regs[4], 2);				/* a0 = argc */
	CHECK_EQ(regs[5], 0x80000000u | YAMON_ENV_PADDR);	/* a1 */
	CHECK_EQ(regs[6], 0x80000000u | (YAMON_ENV_PADDR + 0x20)); /* a2 */
	CHECK_EQ(regs[7], 32 * MIB);			/* a3 = memsize */
	CHECK_EQ(regs[25], 0x80100040u);		/* t9 = entry */
	CHECK_EQ(regs[29] >> 28, 0x8);			/* sp in KSEG0 */
	/* BEV general exception vector parks the CPU. */
	CHECK_EQ(endian_load(flash + 0x380, 4, ENDIAN_LITTLE), 0x1000ffff);
	yamon_free(&f.img);
	bus_destroy(&f.bus);
}

TEST_MAIN("malta_yamon",
	  T(loads_kernel_initrd_and_args), T(ememsize_when_more_than_low),
	  T(kernel64_sign_extended), T(rejects_missing_file),
	  T(rejects_non_mips), T(rejects_truncated), T(rejects_bad_placement),
	  T(rejects_big_endian_kernel), T(rejects_initrd_too_big),
	  T(rejects_long_command_line), T(boot_code))
