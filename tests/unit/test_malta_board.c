/* The Malta board end to end without Debian's images: a small MIPS
 * program, loaded as the kernel by the YAMON-style firmware, records
 * what it was handed (a0-a3, the REVISION word, a PIIX4 config read
 * through the GT-64120) and powers off through the PIIX4 PM block the
 * way Linux does. The soft CPU really runs the flash's hand-over code. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boards/malta/malta.h"
#include "tests/test.h"
#include "vmm/config.h"
#include "vmm/machine.h"

enum { ZERO = 0, A0 = 4, A1 = 5, A2 = 6, A3 = 7, T0 = 8, T1 = 9, T2 = 10,
       T3 = 11 };

#define itype(op, rs, rt, imm) \
	((uint32_t)(op) << 26 | (rs) << 21 | (rt) << 16 | ((imm) & 0xffff))
#define LUI(rt, imm) itype(0x0f, 0, rt, imm)
#define ORI(rt, rs, imm) itype(0x0d, rs, rt, imm)
#define LW(rt, off, base) itype(0x23, base, rt, off)
#define SW(rt, off, base) itype(0x2b, base, rt, off)
#define SH(rt, off, base) itype(0x29, base, rt, off)

/* Results land at physical 0x1000 (inside YAMON's reserved area). */
static const uint32_t prog[] = {
	LUI(T0, 0x8000),
	SW(A0, 0x1004, T0), SW(A1, 0x1008, T0), SW(A2, 0x100c, T0),
	SW(A3, 0x1010, T0),
	LUI(T1, 0xbfc0), LW(T2, 0x10, T1), SW(T2, 0x1014, T0),
	/* GT-64120 at 0xbbe00000: read 10.0's ID, then set the PM
	 * function's PMBA = 0x1000 and PMIOSE (Linux's Malta fixup). */
	LUI(T1, 0xbbe0),
	LUI(T2, 0x8000), ORI(T2, T2, 0x5000), SW(T2, 0xcf8, T1),
	LW(T3, 0xcfc, T1), SW(T3, 0x1018, T0),
	LUI(T2, 0x8000), ORI(T2, T2, 0x5340), SW(T2, 0xcf8, T1),
	ORI(T2, ZERO, 0x1000), SW(T2, 0xcfc, T1),
	LUI(T2, 0x8000), ORI(T2, T2, 0x5380), SW(T2, 0xcf8, T1),
	ORI(T2, ZERO, 1), SW(T2, 0xcfc, T1),
	ORI(T2, ZERO, 0x600d), SW(T2, 0x1000, T0),
	/* PMCNTRL (port 0x1004 at 0x18000000): SUS_EN, soft-off. */
	LUI(T1, 0xb800), ORI(T2, ZERO, 0x2000), SH(T2, 0x1004, T1),
	itype(0x04, 0, 0, 0xffff), 0,	/* b . */
};

static const char *write_kernel(void)
{
	static char path[512];
	uint8_t b[0x100 + sizeof(prog)];
	FILE *f;

	memset(b, 0, sizeof(b));
	memcpy(b, "\177ELF\1\1\1", 7);
	endian_store(b + 16, 2, ENDIAN_LITTLE, 2);
	endian_store(b + 18, 2, ENDIAN_LITTLE, 8);
	endian_store(b + 20, 4, ENDIAN_LITTLE, 1);
	endian_store(b + 24, 4, ENDIAN_LITTLE, 0x80100000);
	endian_store(b + 28, 4, ENDIAN_LITTLE, 52);
	endian_store(b + 36, 4, ENDIAN_LITTLE, 0x70001000);
	endian_store(b + 40, 2, ENDIAN_LITTLE, 52);
	endian_store(b + 42, 2, ENDIAN_LITTLE, 32);
	endian_store(b + 44, 2, ENDIAN_LITTLE, 1);
	uint8_t *p = b + 52;
	endian_store(p, 4, ENDIAN_LITTLE, 1);
	endian_store(p + 4, 4, ENDIAN_LITTLE, 0x100);
	endian_store(p + 8, 4, ENDIAN_LITTLE, 0x80100000);
	endian_store(p + 12, 4, ENDIAN_LITTLE, 0x80100000);
	endian_store(p + 16, 4, ENDIAN_LITTLE, sizeof(prog));
	endian_store(p + 20, 4, ENDIAN_LITTLE, sizeof(prog));
	endian_store(p + 24, 4, ENDIAN_LITTLE, 5);
	endian_store(p + 28, 4, ENDIAN_LITTLE, 0x1000);
	for (size_t i = 0; i < sizeof(prog) / 4; i++)
		endian_store(b + 0x100 + 4 * i, 4, ENDIAN_LITTLE, prog[i]);
	snprintf(path, sizeof(path), "%s/kernel.elf", test_tmpdir());
	f = fopen(path, "wb");
	CHECK(f != NULL);
	if (f) {
		fwrite(b, 1, sizeof(b), f);
		fclose(f);
	}
	return path;
}

static uint32_t ram32(struct machine *m, uint64_t pa)
{
	uint32_t v = 0xdeadbeef;

	CHECK(dma_read32(&m->bus, pa, ENDIAN_LITTLE, &v) == 0);
	return v;
}

static const char *guest_str(struct machine *m, uint32_t kseg0)
{
	static char s[4][128];
	static int slot;
	char *p = s[slot++ & 3];

	memset(p, 0, 128);
	CHECK(dma_read(&m->bus, kseg0 & 0x1fffffff, p, 127) == 0);
	return p;
}

/* envp value for `name`, YAMON name/value pairs. */
static const char *guest_env(struct machine *m, uint32_t envp,
			     const char *name)
{
	for (unsigned i = 0; i < 32; i += 2) {
		uint32_t n = ram32(m, (envp & 0x1fffffff) + 4 * i);

		if (!n)
			break;
		if (!strcmp(guest_str(m, n), name))
			return guest_str(m, ram32(m, (envp & 0x1fffffff) +
						     4 * i + 4));
	}
	return "";
}

static void boot(const char *memory, const char *append, uint64_t low,
		 const char *ememsize, unsigned argc)
{
	struct config c;
	struct machine m;
	struct err e;
	char set[600];

	config_defaults(&c);
	free(c.serial[0]);
	c.serial[0] = NULL;
	c.accel = ACCEL_SOFT;
	snprintf(set, sizeof(set), "kernel=%s", write_kernel());
	CHECK(config_set(&c, set, &e) == 0);
	snprintf(set, sizeof(set), "memory=%s", memory);
	CHECK(config_set(&c, set, &e) == 0);
	if (append) {
		snprintf(set, sizeof(set), "append=%s", append);
		CHECK(config_set(&c, set, &e) == 0);
	}
	CHECK(config_set(&c, "net.mode=none", &e) == 0);
	if (machine_create(&m, &malta_board, &c, &e) < 0) {
		test_fail(__FILE__, __LINE__, "machine_create: %s", e.msg);
		config_free(&c);
		return;
	}
	CHECK_EQ(machine_run(&m), 0);
	CHECK_EQ(ram32(&m, 0x1000), 0x600d);
	CHECK_EQ(ram32(&m, 0x1004), argc);			/* a0 */
	CHECK_EQ(ram32(&m, 0x1010), low);			/* a3 */
	CHECK_EQ(ram32(&m, 0x1014), 0x00000420);		/* REVISION */
	CHECK_EQ(ram32(&m, 0x1018), 0x71108086);		/* PIIX4 10.0 */
	uint32_t argv = ram32(&m, 0x1008), envp = ram32(&m, 0x100c);
	CHECK_STR_CONTAINS(guest_str(&m, ram32(&m, argv & 0x1fffffff)),
			   "kernel.elf");
	if (append)
		CHECK_STR_CONTAINS(guest_str(&m, ram32(&m, (argv & 0x1fffffff)
							+ 4)), append);
	CHECK(!strcmp(guest_env(&m, envp, "modetty0"), "38400n8r"));
	CHECK(!strcmp(guest_env(&m, envp, "ememsize"), ememsize));
	CHECK(!strcmp(guest_env(&m, envp, "ethaddr"), MALTA_DEFAULT_MACADDR));
	if (ememsize[0]) {
		/* All of RAM again at 0x80000000. */
		uint64_t hi = 0;

		CHECK(bus_read(&m.bus, 0x80001000ull, 4, &hi) == BUS_OK);
		CHECK_EQ(hi, 0x600d);
	}
	machine_destroy(&m);
	config_free(&c);
}

static void boots_and_powers_off(void)
{
	boot("64M", NULL, 64u << 20, "", 1);
}

static void append_and_high_memory(void)
{
	boot("512M", "console=ttyS0 quiet", 256u << 20, "536870912", 2);
}

TEST_MAIN("malta_board", T(boots_and_powers_off),
	  T(append_and_high_memory))
