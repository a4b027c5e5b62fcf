/* The ELF parser: well-formed files of each class and byte order that
 * the test builds itself, then truncations, corrupted fields and random
 * byte flips, which must fail cleanly (run under ASan to catch reads
 * outside the buffer: every case parses an exact-size heap copy). */
#include <stdlib.h>
#include <string.h>

#include "firmware/elf.h"
#include "tests/test.h"

struct phdr_spec {
	uint32_t type, flags;
	uint64_t offset, vaddr, paddr, filesz, memsz, align;
};

struct elf_spec {
	bool is64, big;
	uint16_t type, machine, phentsize;
	uint32_t flags;
	uint64_t entry;
	unsigned nph;
	struct phdr_spec ph[4];
	size_t size;		/* total file size */
};

static void put(uint8_t *p, unsigned size, bool big, uint64_t v)
{
	endian_store(p, size, big ? ENDIAN_BIG : ENDIAN_LITTLE, v);
}

/* Lays out: ELF header, program headers right after it, zero padding up
 * to spec->size. Returns a malloc'd buffer of exactly spec->size bytes. */
static uint8_t *build_elf(const struct elf_spec *s)
{
	uint8_t *f = calloc(1, s->size);
	unsigned eh = s->is64 ? 64 : 52;
	unsigned phsz = s->phentsize ? s->phentsize : (s->is64 ? 56 : 32);
	bool b = s->big;

	memcpy(f, "\177ELF", 4);
	f[4] = s->is64 ? 2 : 1;
	f[5] = b ? 2 : 1;
	f[6] = 1;
	put(f + 16, 2, b, s->type ? s->type : ELF_ET_EXEC);
	put(f + 18, 2, b, s->machine ? s->machine : 8);
	put(f + 20, 4, b, 1);
	if (s->is64) {
		put(f + 24, 8, b, s->entry);
		put(f + 32, 8, b, eh);
		put(f + 48, 4, b, s->flags);
		put(f + 52, 2, b, eh);
		put(f + 54, 2, b, phsz);
		put(f + 56, 2, b, s->nph);
	} else {
		put(f + 24, 4, b, s->entry);
		put(f + 28, 4, b, eh);
		put(f + 36, 4, b, s->flags);
		put(f + 40, 2, b, eh);
		put(f + 42, 2, b, phsz);
		put(f + 44, 2, b, s->nph);
	}
	for (unsigned i = 0; i < s->nph; i++) {
		uint8_t *p = f + eh + i * phsz;
		const struct phdr_spec *h = &s->ph[i];

		put(p, 4, b, h->type);
		if (s->is64) {
			put(p + 4, 4, b, h->flags);
			put(p + 8, 8, b, h->offset);
			put(p + 16, 8, b, h->vaddr);
			put(p + 24, 8, b, h->paddr);
			put(p + 32, 8, b, h->filesz);
			put(p + 40, 8, b, h->memsz);
			put(p + 48, 8, b, h->align);
		} else {
			put(p + 4, 4, b, h->offset);
			put(p + 8, 4, b, h->vaddr);
			put(p + 12, 4, b, h->paddr);
			put(p + 16, 4, b, h->filesz);
			put(p + 20, 4, b, h->memsz);
			put(p + 24, 4, b, h->flags);
			put(p + 28, 4, b, h->align);
		}
	}
	return f;
}

/* A typical static executable: text (covering the headers) + data/bss,
 * and a .MIPS.abiflags segment inside the text. */
static struct elf_spec typical(bool is64, bool big)
{
	uint64_t base = is64 ? 0x120000000ull : 0x400000;
	struct elf_spec s = {
		.is64 = is64, .big = big, .size = 0x3000,
		.entry = base + 0x200,
		.flags = is64 ? 0x80000007u : 0x70001007u,
		.nph = 3,
	};

	s.ph[0] = (struct phdr_spec){ 0x70000003u, ELF_PF_R, 0x180,
		base + 0x180, base + 0x180, 24, 24, 8 };
	s.ph[1] = (struct phdr_spec){ 1, ELF_PF_R | ELF_PF_X, 0, base, base,
		0x1000, 0x1000, 0x10000 };
	s.ph[2] = (struct phdr_spec){ 1, ELF_PF_R | ELF_PF_W, 0x1000,
		base + 0x11000, base + 0x11000, 0x2000, 0x5000, 0x10000 };
	return s;
}

static int parse(const struct elf_spec *s, struct elf_image *img,
		 struct err *e)
{
	uint8_t *f = build_elf(s);
	int r;

	/* abiflags: version 0, isa mips32/64 rev 2, fp_abi XX (o32) / 64 */
	if (s->nph && s->ph[0].type == 0x70000003u &&
	    s->ph[0].offset + 24 <= s->size) {
		f[s->ph[0].offset + 2] = s->is64 ? 64 : 32;
		f[s->ph[0].offset + 3] = 2;
		f[s->ph[0].offset + 7] = s->is64 ? ELF_FP_64A : ELF_FP_XX;
	}
	r = elf_parse(f, s->size, img, e);
	free(f);
	return r;
}

static void parses_all_four(void)
{
	for (int v = 0; v < 4; v++) {
		bool is64 = v & 2, big = v & 1;
		struct elf_spec s = typical(is64, big);
		struct elf_image img;
		struct err e = { "" };
		uint64_t base = s.ph[1].vaddr;

		CHECK(parse(&s, &img, &e) == 0);
		if (e.msg[0])
			test_fail(__FILE__, __LINE__, "%s", e.msg);
		CHECK_EQ(img.is64, is64);
		CHECK_EQ(img.endian, big ? ENDIAN_BIG : ENDIAN_LITTLE);
		CHECK_EQ(img.entry, base + 0x200);
		CHECK_EQ(img.abi, is64 ? ELF_ABI_N64 : ELF_ABI_O32);
		CHECK_EQ(img.arch, is64 ? ELF_ARCH_MIPS64R2 :
					  ELF_ARCH_MIPS32R2);
		CHECK_EQ(img.flags, s.flags);
		CHECK_EQ(img.nload, 2);
		CHECK_EQ(img.load[0].vaddr, base);
		CHECK_EQ(img.load[0].flags, ELF_PF_R | ELF_PF_X);
		CHECK_EQ(img.load[1].offset, 0x1000);
		CHECK_EQ(img.load[1].filesz, 0x2000);
		CHECK_EQ(img.load[1].memsz, 0x5000);
		CHECK_EQ(img.load[1].paddr, base + 0x11000);
		CHECK_EQ(img.load[1].align, 0x10000);
		CHECK_EQ(img.lo_vaddr, base);
		CHECK_EQ(img.hi_vaddr, base + 0x16000);
		CHECK_EQ(img.phnum, 3);
		CHECK_EQ(img.phentsize, is64 ? 56 : 32);
		CHECK_EQ(img.phdr_vaddr, base + (is64 ? 64 : 52));
		CHECK(img.has_abiflags);
		CHECK_EQ(img.isa_rev, 2);
		CHECK_EQ(img.fp_abi, is64 ? ELF_FP_64A : ELF_FP_XX);
		CHECK(!img.has_interp);
	}
}

static void abi_and_arch_names(void)
{
	struct elf_spec s = typical(false, true);
	struct elf_image img;

	s.flags = 0x70000020u;	/* n32, mips32r2 */
	CHECK(parse(&s, &img, NULL) == 0);
	CHECK_EQ(img.abi, ELF_ABI_N32);
	CHECK(strcmp(elf_abi_name(img.abi), "n32") == 0);
	CHECK(strcmp(elf_arch_name(img.arch), "mips32r2") == 0);
	s.flags = 0x20002000u;	/* o64, mips3 */
	CHECK(parse(&s, &img, NULL) == 0);
	CHECK_EQ(img.abi, ELF_ABI_O64);
	CHECK_EQ(img.arch, ELF_ARCH_MIPS3);
	s.flags = 0xb0000000u;	/* arch 11: unknown */
	CHECK(parse(&s, &img, NULL) < 0);
	s.flags = 0x00009000u;	/* unknown ABI field */
	CHECK(parse(&s, &img, NULL) < 0);
	CHECK(strcmp(elf_abi_name((enum elf_abi)99), "?") == 0);
}

static void expect_error(const struct elf_spec *s, const char *what)
{
	struct elf_image img;
	struct err e = { "" };

	CHECK(parse(s, &img, &e) < 0);
	CHECK_STR_CONTAINS(e.msg, what);
}

static void rejects_bad_headers(void)
{
	struct elf_spec s = typical(false, false);
	uint8_t junk[64] = "#!/bin/sh\n";
	struct elf_image img;
	struct err e;

	CHECK(elf_parse(junk, sizeof(junk), &img, &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "not an ELF");
	CHECK(elf_parse(NULL, 0, &img, &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "not an ELF");
	s.machine = 62;		/* x86-64 */
	expect_error(&s, "not a MIPS");
	s = typical(true, true);
	s.type = 1;		/* ET_REL */
	expect_error(&s, "not an executable");
	s = typical(true, false);
	s.phentsize = 40;
	expect_error(&s, "entry size");
	s = typical(false, true);
	s.nph = 0;
	expect_error(&s, "no program headers");
	s = typical(false, true);
	s.ph[1].type = s.ph[2].type = 4;	/* PT_NOTE */
	expect_error(&s, "no loadable");
}

static void rejects_bad_segments(void)
{
	struct elf_spec s;

	s = typical(false, true);
	s.ph[2].filesz = 0x2001;
	expect_error(&s, "outside the");
	s = typical(true, false);
	s.ph[2].offset = UINT64_MAX - 0x10;	/* offset + size wraps */
	expect_error(&s, "outside the");
	s = typical(true, true);
	s.ph[2].filesz = UINT64_MAX;
	expect_error(&s, "outside the");
	s = typical(false, false);
	s.ph[2].memsz = 0x1000;		/* < filesz */
	expect_error(&s, "exceeds memory size");
	s = typical(false, true);
	s.ph[2].vaddr = 0xfffff000u;	/* + 0x5000 passes 4 GiB */
	expect_error(&s, "overflows");
	s = typical(true, true);
	s.ph[2].vaddr = UINT64_MAX - 0x100;
	expect_error(&s, "overflows");
	s = typical(true, false);
	s.ph[2].paddr = UINT64_MAX - 0x100;
	expect_error(&s, "physical address");
	s = typical(false, true);
	s.ph[0].offset = 0x2ff0;	/* abiflags running off the end */
	expect_error(&s, "abiflags");
	/* The last byte of a segment may be the last byte of the file. */
	s = typical(true, true);
	s.ph[2].filesz = 0x2000;
	{
		struct elf_image img;

		CHECK(parse(&s, &img, NULL) == 0);
	}
}

static void phdr_table_bounds(void)
{
	struct elf_spec s = typical(true, false);
	uint8_t *f = build_elf(&s);
	struct elf_image img;
	struct err e;

	/* phnum so large the table runs past the end of the file */
	put(f + 56, 2, false, 0x7fff);
	CHECK(elf_parse(f, s.size, &img, &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "program headers");
	/* phoff near 2^64 */
	put(f + 56, 2, false, 3);
	put(f + 32, 8, false, UINT64_MAX - 8);
	CHECK(elf_parse(f, s.size, &img, &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "program headers");
	put(f + 56, 2, false, 0xffff);
	CHECK(elf_parse(f, s.size, &img, &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "extended");
	free(f);
}

/* Without PT_PHDR and with the table outside every PT_LOAD, the parser
 * must say it does not know where the table is (0) rather than guess. */
static void phdr_vaddr_unknown(void)
{
	struct elf_spec s = typical(false, true);
	struct elf_image img;

	s.ph[1].offset = 0x1000;
	s.ph[1].filesz = 0x800;
	CHECK(parse(&s, &img, NULL) == 0);
	CHECK_EQ(img.phdr_vaddr, 0);
	s.ph[0].type = 6;	/* PT_PHDR */
	s.ph[0].vaddr = 0x12340;
	CHECK(parse(&s, &img, NULL) == 0);
	CHECK_EQ(img.phdr_vaddr, 0x12340);
	CHECK(!img.has_abiflags);
}

/* Every prefix of a valid file is an error, and none reads past its end
 * (ASan builds see that through the exact-size copies). */
static void every_truncation_fails(void)
{
	for (int v = 0; v < 4; v++) {
		struct elf_spec s = typical(v & 2, v & 1);
		uint8_t *f = build_elf(&s);

		for (size_t n = 0; n < s.size; n++) {
			uint8_t *c = malloc(n ? n : 1);
			struct elf_image img;
			struct err e;

			memcpy(c, f, n);
			if (elf_parse(c, n, &img, &e) == 0)
				test_fail(__FILE__, __LINE__,
					  "prefix of %zu bytes parsed", n);
			free(c);
		}
		free(f);
	}
}

/* Random corruption of the headers: any result is fine as long as a
 * success describes segments that really lie inside the file. */
static void random_corruption(void)
{
	uint32_t x = 12345;

	for (int iter = 0; iter < 20000; iter++) {
		struct elf_spec s = typical(iter & 2, iter & 1);
		uint8_t *f = build_elf(&s);
		struct elf_image img;
		int flips = 1 + iter % 4;

		for (int k = 0; k < flips; k++) {
			x = x * 1103515245u + 12345u;
			f[(x >> 8) % 0x140] ^= 1u << ((x >> 4) & 7);
			if ((x >> 20) & 1)
				f[(x >> 8) % 0x140] = x >> 24;
		}
		if (elf_parse(f, s.size, &img, NULL) == 0) {
			for (unsigned i = 0; i < img.nload; i++) {
				CHECK(img.load[i].offset +
				      img.load[i].filesz <= s.size);
				CHECK(img.load[i].filesz <= img.load[i].memsz);
			}
		}
		free(f);
	}
}

TEST_MAIN("elf", T(parses_all_four), T(abi_and_arch_names),
	  T(rejects_bad_headers), T(rejects_bad_segments),
	  T(phdr_table_bounds), T(phdr_vaddr_unknown),
	  T(every_truncation_fails), T(random_corruption))
