/* ARCS firmware without a CPU: a bare machine (bus with RAM, the low
 * alias and a PROM) and a fake platform (console buffers, a 256-byte
 * NVRAM, a disk in memory). Firmware calls are made the way the PROM
 * stubs make them: argument registers, then the call number, written to
 * the firmware-call device; the result and action are read back. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "firmware/arcs.h"
#include "firmware/arcs_int.h"
#include "firmware/ecoff.h"
#include "tests/test.h"
#include "vmm/config.h"
#include "vmm/cpu/model.h"
#include "vmm/machine.h"

#define MIB (1u << 20)
#define RAM_BASE 0x08000000u
#define RAM_SIZE (32 * MIB)
#define SCRATCH 0x88400000u	/* KSEG0 scratch in the test RAM */

struct fake {
	struct machine m;
	struct config cfg;
	uint8_t *ram, *prom;
	char out[65536];
	size_t outlen;
	uint8_t in[4096];
	size_t inlen, inpos;
	uint8_t nvram[ARCS_NVRAM_SIZE];
	unsigned flushes;
	uint8_t *disk;
	size_t disklen;
	struct arcs *a;
};

static void f_write(void *o, const uint8_t *b, size_t n)
{
	struct fake *f = o;

	if (n > sizeof(f->out) - 1 - f->outlen)
		n = sizeof(f->out) - 1 - f->outlen;
	memcpy(f->out + f->outlen, b, n);
	f->outlen += n;
	f->out[f->outlen] = 0;
}

static size_t f_pending(void *o)
{
	struct fake *f = o;

	return f->inlen - f->inpos;
}

static size_t f_read(void *o, uint8_t *b, size_t n)
{
	struct fake *f = o;
	size_t k = f_pending(f) < n ? f_pending(f) : n;

	memcpy(b, f->in + f->inpos, k);
	f->inpos += k;
	return k;
}

static uint8_t f_nv_read(void *o, size_t off)
{
	return ((struct fake *)o)->nvram[off];
}

static void f_nv_write(void *o, size_t off, uint8_t v)
{
	((struct fake *)o)->nvram[off] = v;
}

static void f_nv_flush(void *o)
{
	((struct fake *)o)->flushes++;
}

static int f_disk_size(void *o, unsigned c, unsigned u, unsigned l,
		       uint64_t *bytes, bool *cd)
{
	struct fake *f = o;

	if (!f->disk || c || u != 1 || l)
		return -1;
	*bytes = f->disklen;
	*cd = false;
	return 0;
}

static int f_disk_read(void *o, unsigned c, unsigned u, unsigned l,
		       uint64_t off, void *buf, size_t len)
{
	struct fake *f = o;

	if (off % 512 || len % 512 || off + len > f->disklen)
		return -1;
	memcpy(buf, f->disk + off, len);
	return 0;
}

static void fake_input(struct fake *f, const char *s)
{
	size_t n = strlen(s);

	memcpy(f->in + f->inlen, s, n);
	f->inlen += n;
}

static struct fake *fake_new(const char *macaddr, bool install)
{
	struct fake *f = calloc(1, sizeof(*f));
	struct err e;

	config_defaults(&f->cfg);
	f->m.cfg = &f->cfg;
	bus_init(&f->m.bus, ENDIAN_BIG);
	vclock_init(&f->m.clock, true);
	CHECK(bus_map_ram(&f->m.bus, RAM_BASE, RAM_SIZE, "ram", &f->ram,
			  &e) == 0);
	CHECK(bus_map_ram_alias(&f->m.bus, 0, 0x80000, "low", f->ram,
				&e) == 0);
	CHECK(bus_map_rom(&f->m.bus, ARCS_PROM_BASE, 0x80000, "prom",
			  &f->prom, &e) == 0);
	(void)macaddr;
	if (install) {
		struct arcs_platform p = {
			.system_id = "SGI-IP22", .machine_name = "Indy",
			.cpu = cpu_model_find("R4400"),
			.nram = 1, .ram = { { RAM_BASE, RAM_SIZE } },
			.low_alias_size = 0x80000,
			.prom_base = ARCS_PROM_BASE, .prom = f->prom,
			.prom_size = 0x80000, .nserial = 2,
			.macaddr = macaddr, .opaque = f,
			.console_write = f_write, .console_read = f_read,
			.console_pending = f_pending,
			.nvram_size = ARCS_NVRAM_SIZE,
			.nvram_read = f_nv_read, .nvram_write = f_nv_write,
			.nvram_flush = f_nv_flush,
			.disk_size = f_disk_size, .disk_read = f_disk_read,
		};

		if (arcs_install(&f->m, &p, &f->a, &e) < 0)
			test_fail(__FILE__, __LINE__, "install: %s", e.msg);
	}
	return f;
}

static void fake_free(struct fake *f)
{
	arcs_destroy(f->a);
	bus_destroy(&f->m.bus);
	config_free(&f->cfg);
	free(f->disk);
	free(f);
}

static uint32_t reg_read(struct fake *f, unsigned reg)
{
	uint64_t v = 0;

	bus_read(&f->m.bus, ARCS_FWCALL_BASE + reg, 4, &v);
	return (uint32_t)v;
}

/* A firmware call as the stub makes it; returns v0. */
static uint32_t fw_call(struct fake *f, unsigned call, uint32_t a0,
			uint32_t a1, uint32_t a2, uint32_t a3)
{
	struct bus *b = &f->m.bus;

	bus_write(b, ARCS_FWCALL_BASE + ARCS_REG_A0, 4, a0);
	bus_write(b, ARCS_FWCALL_BASE + ARCS_REG_A1, 4, a1);
	bus_write(b, ARCS_FWCALL_BASE + ARCS_REG_A2, 4, a2);
	bus_write(b, ARCS_FWCALL_BASE + ARCS_REG_A3, 4, a3);
	bus_write(b, ARCS_FWCALL_BASE + ARCS_REG_SP, 4, SCRATCH + 0x10000);
	bus_write(b, ARCS_FWCALL_BASE + ARCS_REG_CALL, 4, call);
	return reg_read(f, ARCS_REG_RESULT);
}

static uint32_t ram32(struct fake *f, uint32_t va)
{
	uint64_t pa = va & 0x1fffffff;

	if (pa >= ARCS_PROM_BASE)
		return (uint32_t)endian_load(f->prom + pa - ARCS_PROM_BASE, 4,
					     ENDIAN_BIG);
	if (pa < RAM_BASE)
		pa += RAM_BASE;
	return (uint32_t)endian_load(f->ram + pa - RAM_BASE, 4, ENDIAN_BIG);
}

static const char *guest_str(struct fake *f, uint32_t va)
{
	uint64_t pa = va & 0x1fffffff;

	if (!va)
		return NULL;
	if (pa >= ARCS_PROM_BASE)
		return (const char *)f->prom + pa - ARCS_PROM_BASE;
	return (const char *)f->ram + pa - RAM_BASE;
}

static uint32_t put_str(struct fake *f, uint32_t va, const char *s)
{
	memcpy(f->ram + (va & 0x1fffffff) - RAM_BASE, s, strlen(s) + 1);
	return va;
}

/* --- NVRAM layout ---------------------------------------------------------- */

static void nvram_defaults_checksum(void)
{
	uint8_t nv[ARCS_NVRAM_SIZE];
	static const uint8_t mac[6] = { 8, 0, 0x69, 1, 2, 3 };

	arcs_nvram_defaults(nv, mac);
	CHECK(arcs_nvram_valid(nv));
	CHECK_EQ(nv[1], 8);			/* layout revision */
	CHECK_EQ(nv[2], 'd');			/* console */
	CHECK(!memcmp(nv + 4, "scsi(0)disk(1)rdisk(0)partition(8)", 34));
	CHECK(!memcmp(nv + 52, "sash", 5));	/* OSLoader */
	CHECK(!memcmp(nv + 116, "9600", 4));	/* dbaud */
	CHECK_EQ(nv[178], 'Y');			/* AutoLoad */
	CHECK(!memcmp(nv + 250, mac, 6));	/* eaddr (Linux reads 250) */
	nv[100] ^= 1;
	CHECK(!arcs_nvram_valid(nv));
	nv[100] ^= 1;
	nv[1] = 7;
	nv[0] = arcs_nvram_checksum(nv);
	CHECK(!arcs_nvram_valid(nv));		/* wrong revision */
}

/* The checksum as the PROM computes it, on a known pattern. */
static void nvram_checksum_algorithm(void)
{
	uint8_t nv[ARCS_NVRAM_SIZE] = { 0 };
	uint8_t s = 0xa5;

	/* all zero: only the rotations act on the seed, 128 of them */
	for (unsigned i = 0; i < 128; i++)
		s = (uint8_t)(s << 1 | s >> 7);
	CHECK_EQ(arcs_nvram_checksum(nv), s);
	nv[0] = 0xff;				/* byte 0 is not summed */
	CHECK_EQ(arcs_nvram_checksum(nv), s);
}

static void parse_mac(void)
{
	uint8_t m[6];

	CHECK(arcs_parse_mac("08:00:69:0a:0B:ff", m) == 0);
	CHECK_EQ(m[4], 0x0b);
	CHECK(arcs_parse_mac("08:00:69:0a:0b", m) < 0);
	CHECK(arcs_parse_mac("08:00:69:0a:0b:100", m) < 0);
	CHECK(arcs_parse_mac("08:00:69:0a:0b:0c:", m) < 0);
	CHECK(arcs_parse_mac(NULL, m) < 0);
}

/* --- environment through the firmware -------------------------------- */

static void env_round_trip(void)
{
	struct fake *f = fake_new("08:00:69:aa:bb:cc", true);
	uint32_t name = SCRATCH, val = SCRATCH + 0x100, r;

	CHECK_STR_CONTAINS(f->out, "");
	CHECK(arcs_nvram_valid(f->nvram));
	CHECK(f->flushes >= 1);
	CHECK_EQ(f->nvram[250], 0x08);
	CHECK_EQ(f->nvram[255], 0xcc);
	put_str(f, name, "OSLoadOptions");
	put_str(f, val, "single");
	CHECK_EQ(fw_call(f, ARCS_SET_ENV, name, val, 0, 0), 0);
	CHECK(!memcmp(f->nvram + 98, "single", 7));
	CHECK(arcs_nvram_valid(f->nvram));
	r = fw_call(f, ARCS_GET_ENV, name, 0, 0, 0);
	CHECK(r && !strcmp(guest_str(f, r), "single"));
	/* too long for its 12-byte field */
	put_str(f, val, "0123456789abc");
	CHECK_EQ(fw_call(f, ARCS_SET_ENV, name, val, 0, 0), ARCS_ENOSPC);
	/* eaddr is write-protected for programs */
	put_str(f, name, "eaddr");
	put_str(f, val, "01:02:03:04:05:06");
	CHECK_EQ(fw_call(f, ARCS_SET_ENV, name, val, 0, 0), ARCS_EACCES);
	/* derived ConsoleOut follows console */
	put_str(f, name, "console");
	put_str(f, val, "d2");
	CHECK_EQ(fw_call(f, ARCS_SET_ENV, name, val, 0, 0), 0);
	CHECK(!strcmp(arcs_env_get(f->a, "ConsoleOut"), "serial(1)"));
	/* a name longer than any is NULL, not a crash */
	memset(f->ram + 0x400000, 'x', 4096);
	CHECK_EQ(fw_call(f, ARCS_GET_ENV, SCRATCH, 0, 0, 0), 0);
	CHECK_EQ(fw_call(f, ARCS_GET_ENV, 0x00001000, 0, 0, 0), 0);
	CHECK_EQ(fw_call(f, ARCS_SET_ENV, 0x7fff0000, 0, 0, 0), ARCS_EFAULT);

	/* a new firmware on the same NVRAM keeps the values */
	{
		struct fake *g = fake_new(NULL, false);
		struct arcs_platform p;
		struct err e;

		memcpy(g->nvram, f->nvram, sizeof(g->nvram));
		memset(&p, 0, sizeof(p));
		p.cpu = cpu_model_find("R4400");
		p.nram = 1;
		p.ram[0].base = RAM_BASE;
		p.ram[0].size = RAM_SIZE;
		p.low_alias_size = 0x80000;
		p.prom = g->prom;
		p.prom_size = 0x80000;
		p.opaque = g;
		p.nvram_size = ARCS_NVRAM_SIZE;
		p.nvram_read = f_nv_read;
		p.nvram_write = f_nv_write;
		CHECK(arcs_install(&g->m, &p, &g->a, &e) == 0);
		CHECK(!strcmp(arcs_env_get(g->a, "OSLoadOptions"), "single"));
		CHECK(!strcmp(arcs_env_get(g->a, "eaddr"),
			      "08:00:69:aa:bb:cc"));
		CHECK(!g->a->nvram_reinit);
		fake_free(g);
	}
	fake_free(f);
}

static void env_corrupt_nvram_reset(void)
{
	struct fake *f = fake_new(NULL, false);
	struct arcs_platform p;
	struct err e;

	memset(f->nvram, 0x5a, sizeof(f->nvram));	/* garbage */
	memset(&p, 0, sizeof(p));
	p.cpu = cpu_model_find("R4400");
	p.nram = 1;
	p.ram[0].base = RAM_BASE;
	p.ram[0].size = RAM_SIZE;
	p.low_alias_size = 0x80000;
	p.prom = f->prom;
	p.prom_size = 0x80000;
	p.opaque = f;
	p.macaddr = "08:00:69:01:02:03";
	p.nvram_size = ARCS_NVRAM_SIZE;
	p.nvram_read = f_nv_read;
	p.nvram_write = f_nv_write;
	CHECK(arcs_install(&f->m, &p, &f->a, &e) == 0);
	CHECK(f->a->nvram_reinit);
	CHECK(arcs_nvram_valid(f->nvram));
	CHECK(!strcmp(arcs_env_get(f->a, "eaddr"), "08:00:69:01:02:03"));
	CHECK(!strcmp(arcs_env_get(f->a, "SystemPartition"),
		      "scsi(0)disk(1)rdisk(0)partition(8)"));
	fake_free(f);
}

/* --- path parser ---------------------------------------------------------- */

static void path_parser(void)
{
	struct arcs_path p;

	CHECK(arcs_path_parse("scsi(0)disk(1)rdisk(0)partition(8)/sash",
			      &p) == 0);
	CHECK(p.dev == ARCS_DEV_DISK && p.ctrl == 0 && p.unit == 1 &&
	      p.part == 8 && p.has_part && !strcmp(p.file, "sash"));
	CHECK(arcs_path_parse("dksc(0,4,8)sashARCS", &p) == 0);
	CHECK(p.unit == 4 && p.part == 8 && !strcmp(p.file, "sashARCS"));
	CHECK(arcs_path_parse("dksc(0,1,0)/unix", &p) == 0);
	CHECK(p.part == 0 && !strcmp(p.file, "unix"));
	CHECK(arcs_path_parse("scsi(0)cdrom(4)rdisk(0)partition(7)", &p) == 0);
	CHECK(p.unit == 4 && p.part == 7 && !p.file[0]);
	CHECK(arcs_path_parse("serial(1)", &p) == 0);
	CHECK(p.dev == ARCS_DEV_CONSOLE && p.serial == 1);
	CHECK(arcs_path_parse("multi(0)serial(0)", &p) == 0);
	CHECK(p.dev == ARCS_DEV_CONSOLE && p.serial == 0);
	CHECK(arcs_path_parse("bootp()host:/dist/sa", &p) == 0);
	CHECK(p.dev == ARCS_DEV_NET);
	CHECK(arcs_path_parse("scsi()disk()rdisk()partition()", &p) == 0);
	CHECK(p.unit == 0 && p.part == 0 && p.has_part);
	/* rubbish */
	CHECK(arcs_path_parse("", &p) < 0);
	CHECK(arcs_path_parse("/unix", &p) < 0);
	CHECK(arcs_path_parse("dksc(0,1)x", &p) < 0);
	CHECK(arcs_path_parse("dksc(0,1,8,9)x", &p) < 0);
	CHECK(arcs_path_parse("floppy(0)", &p) < 0);
	CHECK(arcs_path_parse("scsi(0", &p) < 0);
	CHECK(arcs_path_parse("scsi(99999999999)", &p) < 0);
	CHECK(arcs_path_parse("scsi(0)disk(16)", &p) < 0);
	{
		char big[600];

		memset(big, 'a', sizeof(big) - 1);
		big[sizeof(big) - 1] = 0;
		CHECK(arcs_path_parse(big, &p) < 0);
	}
}

/* --- ECOFF ------------------------------------------------------------------ */

/* A big-endian ZMAGIC file: .text (16 bytes at 0x88100000) and .bss. */
static size_t make_ecoff(uint8_t *b)
{
	memset(b, 0, 0x200);
	endian_store(b + 0, 2, ENDIAN_BIG, 0x160);	/* MIPSEBMAGIC */
	endian_store(b + 2, 2, ENDIAN_BIG, 2);		/* nscns */
	endian_store(b + 16, 2, ENDIAN_BIG, 56);	/* opthdr */
	endian_store(b + 20, 2, ENDIAN_BIG, 0x10b);	/* ZMAGIC */
	endian_store(b + 20 + 16, 4, ENDIAN_BIG, 0x88100004u); /* entry */
	/* .text */
	memcpy(b + 76, ".text", 5);
	endian_store(b + 76 + 12, 4, ENDIAN_BIG, 0x88100000u);
	endian_store(b + 76 + 16, 4, ENDIAN_BIG, 16);
	endian_store(b + 76 + 20, 4, ENDIAN_BIG, 0x100);
	endian_store(b + 76 + 36, 4, ENDIAN_BIG, 0x20);
	/* .bss */
	memcpy(b + 116, ".bss", 4);
	endian_store(b + 116 + 12, 4, ENDIAN_BIG, 0x88100010u);
	endian_store(b + 116 + 16, 4, ENDIAN_BIG, 0x1000);
	endian_store(b + 116 + 36, 4, ENDIAN_BIG, 0x80);
	for (unsigned i = 0; i < 16; i++)
		b[0x100 + i] = (uint8_t)(0xa0 + i);
	return 0x110;
}

static void ecoff_ok(void)
{
	uint8_t b[0x200];
	size_t len = make_ecoff(b);
	struct ecoff_image img;
	struct err e;

	CHECK(ecoff_probe(b, len));
	CHECK(ecoff_parse(b, len, &img, &e) == 0);
	CHECK_EQ(img.entry, 0x88100004u);
	CHECK_EQ(img.nsec, 2);
	CHECK_EQ(img.lo, 0x88100000u);
	CHECK_EQ(img.hi, 0x88101010u);
	CHECK(img.sec[1].bss && !img.sec[1].offset);
	CHECK(img.endian == ENDIAN_BIG);
}

static void ecoff_corrupt(void)
{
	uint8_t b[0x200], c[0x200];
	size_t len = make_ecoff(b);
	struct ecoff_image img;
	struct err e;

	/* every truncation is an error, never an overread (ASan) */
	for (size_t n = 0; n < len; n++) {
		uint8_t *t = malloc(n ? n : 1);

		memcpy(t, b, n);
		CHECK(ecoff_parse(t, n, &img, &e) < 0);
		free(t);
	}
	memcpy(c, b, sizeof(c));
	endian_store(c + 76 + 20, 4, ENDIAN_BIG, 0xfffffff0u);
	CHECK(ecoff_parse(c, len, &img, &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "past the end");
	memcpy(c, b, sizeof(c));
	endian_store(c + 2, 2, ENDIAN_BIG, 60000);
	CHECK(ecoff_parse(c, len, &img, &e) < 0);
	memcpy(c, b, sizeof(c));
	endian_store(c + 20, 2, ENDIAN_BIG, 0x999);
	CHECK(ecoff_parse(c, len, &img, &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "not an executable");
	memcpy(c, b, sizeof(c));
	endian_store(c + 20 + 16, 4, ENDIAN_BIG, 0x80000000u);
	CHECK(ecoff_parse(c, len, &img, &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "entry point");
	memcpy(c, b, sizeof(c));
	endian_store(c + 76 + 12, 4, ENDIAN_BIG, 0xfffffff8u);
	CHECK(ecoff_parse(c, len, &img, &e) < 0);
	memcpy(c, b, sizeof(c));
	c[0] = 0x7f;
	CHECK(!ecoff_probe(c, len));
	CHECK(ecoff_parse(c, len, &img, &e) < 0);
}

/* --- memory descriptors ------------------------------------------------------ */

static void memdesc_layout(void)
{
	struct arcs_platform p;
	struct arcs_memdesc md[ARCS_MAX_MEMDESC];
	uint64_t fw = RAM_BASE + 64 * MIB - ARCS_FWRAM_SIZE, total = 0;
	uint64_t next = 0;
	int n;
	bool loaded = false;

	memset(&p, 0, sizeof(p));
	p.nram = 2;
	p.ram[0].base = RAM_BASE;
	p.ram[0].size = 64 * MIB;
	p.ram[1].base = 0x20000000;
	p.ram[1].size = 32 * MIB;
	n = arcs_mem_build(&p, fw, 0x08002000, 0x08754180, md,
			   ARCS_MAX_MEMDESC);
	CHECK(n > 0);
	for (int i = 0; i < n; i++) {
		uint64_t base = (uint64_t)md[i].base_page * 4096;

		CHECK(md[i].type <= 7);
		CHECK(md[i].pages > 0);
		if (i && base != next)
			CHECK(base >= next);	/* sorted, no overlap */
		next = base + (uint64_t)md[i].pages * 4096;
		total += (uint64_t)md[i].pages * 4096;
		if (md[i].type == ARCS_MEM_LOADED_PROGRAM) {
			CHECK_EQ(base, 0x08002000);
			CHECK_EQ(next, 0x08755000);	/* page-rounded */
			loaded = true;
		}
	}
	CHECK(loaded);
	CHECK_EQ(total, 96 * MIB);
	CHECK_EQ(md[0].type, ARCS_MEM_EXCEPTION_BLOCK);
	CHECK_EQ(md[0].base_page, RAM_BASE / 4096);
	CHECK_EQ(md[1].type, ARCS_MEM_SPB);
	CHECK_EQ(md[n - 1].type, ARCS_MEM_FREE);
	CHECK_EQ(md[n - 1].base_page, 0x20000000 / 4096);
	/* the firmware's RAM: temporary stack, permanent argv/envp */
	CHECK_EQ(md[n - 3].type, ARCS_MEM_FW_TEMPORARY);
	CHECK_EQ(md[n - 2].type, ARCS_MEM_FW_PERMANENT);
	CHECK_EQ((uint64_t)md[n - 3].base_page * 4096, fw);
	/* too small an array: an error, no overflow */
	CHECK(arcs_mem_build(&p, fw, 0, 0, md, 2) < 0);
}

static void memdesc_calls(void)
{
	struct fake *f = fake_new(NULL, true);
	uint32_t d = fw_call(f, ARCS_GET_MEMORY_DESC, 0, 0, 0, 0);
	unsigned n = 0;
	uint64_t free_bytes = 0;

	while (d && n < 100) {
		if (ram32(f, d) == ARCS_MEM_FREE)
			free_bytes += (uint64_t)ram32(f, d + 8) * 4096;
		d = fw_call(f, ARCS_GET_MEMORY_DESC, d, 0, 0, 0);
		n++;
	}
	CHECK(n >= 4 && n < 100);
	CHECK(free_bytes > RAM_SIZE / 2);
	/* a pointer that is not a descriptor ends the walk */
	CHECK_EQ(fw_call(f, ARCS_GET_MEMORY_DESC, SCRATCH, 0, 0, 0), 0);
	fake_free(f);
}

/* --- SPB, vectors, tree -------------------------------------------------------- */

static void spb_and_vectors(void)
{
	struct fake *f = fake_new(NULL, true);
	uint32_t fv = ram32(f, 0xa0001020);

	CHECK_EQ(ram32(f, 0xa0001000), 0x53435241);
	CHECK_EQ(ram32(f, 0xa0001004), ARCS_SPB_LENGTH);
	CHECK_EQ(ram32(f, 0xa0001008), 0x0001000a);	/* version 1.10 */
	CHECK_EQ(fv, 0xa0001800);
	CHECK_EQ(ram32(f, 0xa000101c), 0x8c);
	/* restart block: "RSTB", words sum to zero */
	{
		uint32_t rb = ram32(f, 0xa000100c), sum = 0;

		CHECK_EQ(ram32(f, rb), 0x42545352);
		for (unsigned i = 0; i < 16; i++)
			sum += ram32(f, rb + 4 * i);
		CHECK_EQ(sum, 0);
	}
	/* every vector slot: a "j common" stub in the PROM */
	for (unsigned i = 0; i < 37; i++) {
		uint32_t stub = ram32(f, fv + 4 * i);

		CHECK((stub & 0xfff00000) == 0x9fc00000);
		CHECK_EQ(ram32(f, stub) >> 26, 2);		/* j */
		CHECK_EQ(ram32(f, stub + 4), 0x34090000 | i);	/* ori t1 */
	}
	/* reset vector: a branch to the PROM loop */
	CHECK_EQ(ram32(f, 0xbfc00000) >> 16, 0x1000);
	fake_free(f);
}

static void tree_calls(void)
{
	struct fake *f = fake_new(NULL, true);
	uint32_t root = fw_call(f, ARCS_GET_CHILD, 0, 0, 0, 0), c, cpu = 0;
	unsigned n = 0;

	CHECK(root);
	CHECK_EQ(ram32(f, root), 0);			/* system class */
	CHECK_EQ(ram32(f, root + 0x1c), 8);
	CHECK(!strcmp(guest_str(f, ram32(f, root + 0x20)), "SGI-IP22"));
	CHECK_EQ(fw_call(f, ARCS_GET_PARENT, root, 0, 0, 0), 0);
	for (c = fw_call(f, ARCS_GET_CHILD, root, 0, 0, 0); c && n < 64;
	     c = fw_call(f, ARCS_GET_PEER, c, 0, 0, 0), n++) {
		CHECK_EQ(fw_call(f, ARCS_GET_PARENT, c, 0, 0, 0), root);
		if (ram32(f, c) == 1 && ram32(f, c + 4) == 1)
			cpu = c;
	}
	CHECK(cpu);
	CHECK(!strcmp(guest_str(f, ram32(f, cpu + 0x20)), "MIPS-R4400"));
	/* the caches under the CPU: R4400 16 KB / 16-byte lines */
	{
		uint32_t k = fw_call(f, ARCS_GET_CHILD, cpu, 0, 0, 0);
		bool picache = false;

		for (; k; k = fw_call(f, ARCS_GET_PEER, k, 0, 0, 0))
			if (ram32(f, k) == 2 && ram32(f, k + 4) == 3) {
				CHECK_EQ(ram32(f, k + 0x10), 0x01040002);
				picache = true;
			}
		CHECK(picache);
	}
	put_str(f, SCRATCH, "cpu(0)");
	CHECK_EQ(fw_call(f, ARCS_GET_COMPONENT, SCRATCH, 0, 0, 0), cpu);
	CHECK_EQ(fw_call(f, ARCS_GET_CHILD, root + 4, 0, 0, 0), 0);
	CHECK_EQ(fw_call(f, ARCS_GET_CONFIG_DATA, SCRATCH, 0x1234, 0, 0),
		 ARCS_EINVAL);
	fake_free(f);
}

/* --- console and disk I/O ----------------------------------------------------- */

static void console_io(void)
{
	struct fake *f = fake_new(NULL, true);
	uint32_t cnt = SCRATCH + 0x800, buf = SCRATCH + 0x900;

	put_str(f, buf, "hello");
	f->outlen = 0;
	CHECK_EQ(fw_call(f, ARCS_WRITE, 1, buf, 5, cnt), 0);
	CHECK_EQ(ram32(f, cnt), 5);
	CHECK(!strcmp(f->out, "hello"));
	/* no input: the stub is told to retry (Read blocks guest-side) */
	CHECK_EQ(fw_call(f, ARCS_GET_READ_STATUS, 0, 0, 0, 0), ARCS_EAGAIN);
	fw_call(f, ARCS_READ, 0, buf, 4, cnt);
	CHECK_EQ(reg_read(f, ARCS_REG_ACTION), ARCS_ACT_RETRY);
	fake_input(f, "ab");
	CHECK_EQ(fw_call(f, ARCS_GET_READ_STATUS, 0, 0, 0, 0), 0);
	CHECK_EQ(fw_call(f, ARCS_READ, 0, buf, 4, cnt), 0);
	CHECK_EQ(reg_read(f, ARCS_REG_ACTION), ARCS_ACT_RETURN);
	CHECK_EQ(ram32(f, cnt), 2);
	CHECK(!memcmp(guest_str(f, buf), "ab", 2));
	/* hostile: bad buffer, bad count pointer, bad fd */
	CHECK_EQ(fw_call(f, ARCS_WRITE, 1, 0x10000000, 5, cnt), ARCS_EFAULT);
	CHECK_EQ(fw_call(f, ARCS_WRITE, 1, 0xbfffff00, 0x1000, cnt),
		 ARCS_EFAULT);
	CHECK_EQ(fw_call(f, ARCS_WRITE, 1, buf, 1, 0x00000004), ARCS_EFAULT);
	CHECK_EQ(fw_call(f, ARCS_WRITE, 77, buf, 1, cnt), ARCS_EBADF);
	CHECK_EQ(fw_call(f, ARCS_CLOSE, 0xffffffff, 0, 0, 0), ARCS_EBADF);
	fake_free(f);
}

/* An SGI volume header with one file "prog" in the volume directory. */
static void make_vh_disk(struct fake *f, const uint8_t *file, size_t n)
{
	uint8_t *d;
	uint32_t sum = 0;

	f->disklen = 64 * 512;
	f->disk = d = calloc(1, f->disklen);
	endian_store(d, 4, ENDIAN_BIG, 0x0be5a941);
	memcpy(d + 72, "prog", 4);
	endian_store(d + 72 + 8, 4, ENDIAN_BIG, 4);	/* lbn */
	endian_store(d + 72 + 12, 4, ENDIAN_BIG, (uint32_t)n);
	/* partition 8: volume header, blocks 0-15; 0: blocks 16-63 */
	endian_store(d + 312 + 12 * 8, 4, ENDIAN_BIG, 16);
	endian_store(d + 312 + 12 * 8 + 4, 4, ENDIAN_BIG, 0);
	endian_store(d + 312, 4, ENDIAN_BIG, 48);
	endian_store(d + 312 + 4, 4, ENDIAN_BIG, 16);
	for (unsigned i = 0; i < 128; i++)
		sum += (uint32_t)endian_load(d + 4 * i, 4, ENDIAN_BIG);
	endian_store(d + 504, 4, ENDIAN_BIG, (uint32_t)-sum);
	memcpy(d + 4 * 512, file, n);
}

static void disk_volume_header(void)
{
	struct fake *f = fake_new(NULL, false);
	uint8_t file[700];
	uint32_t path = SCRATCH, fdp = SCRATCH + 0x100, buf = SCRATCH + 0x1000;
	uint32_t cnt = SCRATCH + 0x104, off = SCRATCH + 0x108, fd;
	struct arcs_platform p;
	struct err e;

	for (unsigned i = 0; i < sizeof(file); i++)
		file[i] = (uint8_t)(i * 7);
	make_vh_disk(f, file, sizeof(file));
	memset(&p, 0, sizeof(p));
	p.cpu = cpu_model_find("R4400");
	p.nram = 1;
	p.ram[0].base = RAM_BASE;
	p.ram[0].size = RAM_SIZE;
	p.low_alias_size = 0x80000;
	p.prom = f->prom;
	p.prom_size = 0x80000;
	p.opaque = f;
	p.disk_size = f_disk_size;
	p.disk_read = f_disk_read;
	CHECK(arcs_install(&f->m, &p, &f->a, &e) == 0);

	put_str(f, path, "dksc(0,1,8)prog");
	CHECK_EQ(fw_call(f, ARCS_OPEN, path, 0, fdp, 0), 0);
	fd = ram32(f, fdp);
	CHECK(fd >= 2);
	/* an odd offset, across sector boundaries */
	endian_store(f->ram + (off & 0x1fffffff) - RAM_BASE, 4, ENDIAN_BIG, 0);
	endian_store(f->ram + (off & 0x1fffffff) - RAM_BASE + 4, 4,
		     ENDIAN_BIG, 3);
	CHECK_EQ(fw_call(f, ARCS_SEEK, fd, off, 0, 0), 0);
	CHECK_EQ(fw_call(f, ARCS_READ, fd, buf, 1000, cnt), 0);
	CHECK_EQ(ram32(f, cnt), sizeof(file) - 3);
	CHECK(!memcmp(f->ram + (buf & 0x1fffffff) - RAM_BASE, file + 3,
		      sizeof(file) - 3));
	CHECK_EQ(fw_call(f, ARCS_READ, fd, buf, 10, cnt), 0);
	CHECK_EQ(ram32(f, cnt), 0);		/* end of file */
	CHECK_EQ(fw_call(f, ARCS_GET_FILE_INFO, fd, buf, 0, 0), 0);
	CHECK_EQ(ram32(f, buf + 12), sizeof(file));	/* end, low word */
	CHECK_EQ(fw_call(f, ARCS_WRITE, fd, buf, 512, cnt), ARCS_EROFS);
	CHECK_EQ(fw_call(f, ARCS_CLOSE, fd, 0, 0, 0), 0);
	/* the raw partition 0: 48 blocks */
	put_str(f, path, "scsi(0)disk(1)rdisk(0)partition(0)");
	CHECK_EQ(fw_call(f, ARCS_OPEN, path, 0, fdp, 0), 0);
	fd = ram32(f, fdp);
	CHECK_EQ(fw_call(f, ARCS_GET_FILE_INFO, fd, buf, 0, 0), 0);
	CHECK_EQ(ram32(f, buf + 12), 48 * 512);
	fw_call(f, ARCS_CLOSE, fd, 0, 0, 0);
	/* missing file, missing disk, file on a non-header partition */
	put_str(f, path, "dksc(0,1,8)nothere");
	CHECK_EQ(fw_call(f, ARCS_OPEN, path, 0, fdp, 0), ARCS_ENOENT);
	put_str(f, path, "dksc(0,2,8)prog");
	CHECK_EQ(fw_call(f, ARCS_OPEN, path, 0, fdp, 0), ARCS_ENODEV);
	put_str(f, path, "dksc(0,1,0)prog");
	CHECK_EQ(fw_call(f, ARCS_OPEN, path, 0, fdp, 0), ARCS_ENOENT);
	/* a broken checksum: no volume header */
	f->disk[100] ^= 1;
	put_str(f, path, "dksc(0,1,8)prog");
	CHECK_EQ(fw_call(f, ARCS_OPEN, path, 0, fdp, 0), ARCS_ENOENT);
	/* file table exhaustion is EMFILE, not an overflow */
	f->disk[100] ^= 1;
	for (unsigned i = 0; i < ARCS_MAX_FILES; i++)
		fw_call(f, ARCS_OPEN, path, 0, fdp, 0);
	CHECK_EQ(fw_call(f, ARCS_OPEN, path, 0, fdp, 0), ARCS_EMFILE);
	fake_free(f);
}

/* --- loading --------------------------------------------------------------- */

/* A big-endian ELF32 with one PT_LOAD of `n` bytes at vaddr. */
static size_t make_elf32(uint8_t *b, uint32_t vaddr, uint32_t memsz,
			 bool little)
{
	enum endian en = little ? ENDIAN_LITTLE : ENDIAN_BIG;

	memset(b, 0, 0x200);
	memcpy(b, "\177ELF", 4);
	b[4] = 1;
	b[5] = little ? 1 : 2;
	b[6] = 1;
	endian_store(b + 16, 2, en, 2);
	endian_store(b + 18, 2, en, 8);
	endian_store(b + 20, 4, en, 1);
	endian_store(b + 24, 4, en, vaddr);
	endian_store(b + 28, 4, en, 52);
	endian_store(b + 36, 4, en, 0x20000000);	/* mips3 */
	endian_store(b + 40, 2, en, 52);
	endian_store(b + 42, 2, en, 32);
	endian_store(b + 44, 2, en, 1);
	endian_store(b + 52, 4, en, 1);
	endian_store(b + 56, 4, en, 0x100);
	endian_store(b + 60, 4, en, vaddr);
	endian_store(b + 64, 4, en, vaddr);
	endian_store(b + 68, 4, en, 0x100);
	endian_store(b + 72, 4, en, memsz);
	endian_store(b + 76, 4, en, 7);
	endian_store(b + 80, 4, en, 0x1000);
	return 0x200;
}

static const char *write_bin(const char *name, const uint8_t *b, size_t n)
{
	static char path[4][512];
	static unsigned slot;
	char *p = path[slot++ % 4];
	FILE *fp;

	snprintf(p, 512, "%s/%s", test_tmpdir(), name);
	fp = fopen(p, "wb");
	fwrite(b, 1, n, fp);
	fclose(fp);
	return p;
}

static void bad_kernels(void)
{
	struct fake *f = fake_new(NULL, true);
	uint8_t b[0x200];
	struct err e;

	CHECK(arcs_load_kernel(f->a, "/nonexistent/vmlinux", NULL, &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "cannot open");
	CHECK(arcs_load_kernel(f->a, test_write_file("text", "hello\n"), NULL,
			       &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "not a MIPS ELF or ECOFF");
	make_elf32(b, 0x8f000000, 0x1000, false);	/* past 32 MB */
	CHECK(arcs_load_kernel(f->a, write_bin("far", b, sizeof(b)), NULL,
			       &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "does not fit in RAM");
	make_elf32(b, 0x88002000, 0x1000, true);
	CHECK(arcs_load_kernel(f->a, write_bin("le", b, sizeof(b)), NULL,
			       &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "little-endian");
	make_elf32(b, 0x00400000, 0x1000, false);	/* mapped kuseg */
	CHECK(arcs_load_kernel(f->a, write_bin("kuseg", b, sizeof(b)), NULL,
			       &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "KSEG0");
	make_elf32(b, 0x88001000, 0x1000, false);	/* the SPB page */
	CHECK(arcs_load_kernel(f->a, write_bin("spb", b, sizeof(b)), NULL,
			       &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "SPB");
	make_elf32(b, 0x89ff0000, 0x8000, false);	/* firmware RAM */
	CHECK(arcs_load_kernel(f->a, write_bin("fw", b, sizeof(b)), NULL,
			       &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "firmware");
	fake_free(f);
}

static void kernel_boot_args(void)
{
	struct fake *f = fake_new(NULL, true);
	uint8_t b[0x200];
	struct err e;
	uint32_t argv, envp, s;
	bool console = false;

	make_elf32(b, 0x88002000, 0x2000, false);
	b[0x100] = 0x42;
	CHECK(arcs_load_kernel(f->a, write_bin("k", b, sizeof(b)),
			       "root=/dev/sda1 single", &e) == 0);
	/* the PROM loop's first step enters the kernel */
	fw_call(f, ARCS_CALL_MONITOR, 0, 0, 0, 0);
	CHECK_EQ(reg_read(f, ARCS_REG_ACTION), ARCS_ACT_JUMP);
	CHECK_EQ(reg_read(f, ARCS_REG_JPC), 0x88002000);
	CHECK_EQ(reg_read(f, ARCS_REG_JA0), 3);
	CHECK_EQ(f->ram[0x2000], 0x42);
	CHECK_EQ(f->ram[0x2100], 0);		/* bss cleared */
	argv = reg_read(f, ARCS_REG_JA1);
	envp = reg_read(f, ARCS_REG_JA2);
	CHECK_STR_CONTAINS(guest_str(f, ram32(f, argv)), "/k");
	CHECK(!strcmp(guest_str(f, ram32(f, argv + 4)), "root=/dev/sda1"));
	CHECK(!strcmp(guest_str(f, ram32(f, argv + 8)), "single"));
	CHECK_EQ(ram32(f, argv + 12), 0);
	for (unsigned i = 0; (s = ram32(f, envp + 4 * i)) && i < 64; i++)
		if (!strcmp(guest_str(f, s), "console=d"))
			console = true;
	CHECK(console);
	/* the kernel's pages are LoadedProgram */
	{
		uint32_t d = fw_call(f, ARCS_GET_MEMORY_DESC, 0, 0, 0, 0);
		bool seen = false;

		for (; d; d = fw_call(f, ARCS_GET_MEMORY_DESC, d, 0, 0, 0))
			if (ram32(f, d) == ARCS_MEM_LOADED_PROGRAM &&
			    ram32(f, d + 4) == 0x08002)
				seen = true;
		CHECK(seen);
	}
	fake_free(f);
}

/* --- the PROM menu and command monitor -------------------------------------- */

static void monitor(struct fake *f, unsigned steps)
{
	for (unsigned i = 0; i < steps; i++)
		fw_call(f, ARCS_CALL_MONITOR, 0, 0, 0, 0);
}

static void menu_and_monitor(void)
{
	struct fake *f = fake_new(NULL, true);

	arcs_env_set(f->a, "AutoLoad", "No", false);
	arcs_reset(f->a);
	monitor(f, 2);
	CHECK_STR_CONTAINS(f->out, "System Maintenance Menu");
	CHECK_STR_CONTAINS(f->out, "5) Enter Command Monitor");
	CHECK_STR_CONTAINS(f->out, "Option? ");
	f->outlen = 0;
	fake_input(f, "5\r");
	monitor(f, 2);
	CHECK_STR_CONTAINS(f->out, "Command Monitor");
	CHECK_STR_CONTAINS(f->out, ">> ");
	f->outlen = 0;
	fake_input(f, "setenv OSLoadOptions xyz\r\nprintenv\r");
	monitor(f, 2);
	CHECK_STR_CONTAINS(f->out, "OSLoadOptions=xyz");
	CHECK_STR_CONTAINS(f->out, "SystemPartition=scsi(0)disk(1)");
	CHECK(!memcmp(f->nvram + 98, "xyz", 4));
	f->outlen = 0;
	fake_input(f, "hinv\rsetenv eaddr 01:02:03:04:05:06\r");
	monitor(f, 2);
	CHECK_STR_CONTAINS(f->out, "Processor: 150 Mhz R4400");
	CHECK_STR_CONTAINS(f->out, "Memory size: 32 Mbytes");
	CHECK_STR_CONTAINS(f->out, "eaddr is read-only");
	f->outlen = 0;
	fake_input(f, "setenv -f eaddr 08:00:69:01:02:03\rbogus\r"
		   "boot -f dksc(0,1,8)sash\rexit\r");
	monitor(f, 3);
	CHECK_EQ(f->nvram[255], 0x03);
	CHECK_STR_CONTAINS(f->out, "bogus: Command not found.");
	CHECK_STR_CONTAINS(f->out, "no such device");
	CHECK_STR_CONTAINS(f->out, "System Maintenance Menu");
	/* backspace editing and an over-long line */
	f->outlen = 0;
	fake_input(f, "5\rhelq\bp\r");
	monitor(f, 3);
	CHECK_STR_CONTAINS(f->out, "printenv [VAR]");
	{
		char big[400];

		memset(big, 'z', sizeof(big) - 2);
		big[sizeof(big) - 2] = '\r';
		big[sizeof(big) - 1] = 0;
		f->inlen = f->inpos = 0;
		fake_input(f, big);
		monitor(f, 2);
		CHECK_STR_CONTAINS(f->out, "Command not found");
	}
	fake_free(f);
}

TEST_MAIN("arcs",
	  T(nvram_defaults_checksum), T(nvram_checksum_algorithm),
	  T(parse_mac), T(env_round_trip), T(env_corrupt_nvram_reset),
	  T(path_parser), T(ecoff_ok), T(ecoff_corrupt), T(memdesc_layout),
	  T(memdesc_calls), T(spb_and_vectors), T(tree_calls),
	  T(console_io), T(disk_volume_header), T(bad_kernels),
	  T(kernel_boot_args), T(menu_and_monitor))
