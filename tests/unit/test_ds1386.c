/* DS1386/DS1286 through its registers with a deterministic virtual
 * clock: time from the start time, advancing with virtual time, TE
 * freeze and write-back, Linux's 1940-based year, NVRAM round trip,
 * persistence through the SGI NVRAM file and corrupt-file handling. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "boards/sgi/ip22_nvram.h"
#include "tests/test.h"
#include "vmm/dev/ds1386.h"

struct rig {
	struct vclock clock;
	uint64_t insns;
	struct ds1386 *d;
	unsigned changed;
};

static uint64_t rig_icount(void *opaque)
{
	return *(uint64_t *)opaque;
}

static void rig_changed(void *opaque)
{
	((struct rig *)opaque)->changed++;
}

/* 2025-03-04 05:06:07.50 UTC, a Tuesday */
#define T0 1741064767ll

static void rig_create(struct rig *r, size_t size, int64_t start)
{
	struct ds1386_config c = {
		.name = "rtc", .size = size, .stride = 4,
		.endian = ENDIAN_BIG, .year_base = 1940,
		.start_unix_ns = start, .ram_changed = rig_changed,
	};

	*r = (struct rig){ 0 };
	vclock_init(&r->clock, true);
	r->clock.icount = rig_icount;
	r->clock.icount_opaque = &r->insns;
	c.clock = &r->clock;
	c.opaque = r;
	CHECK(ds1386_create(&c, &r->d, NULL) == 0);
}

static void advance(struct rig *r, uint64_t ns)
{
	r->insns += ns / r->clock.ns_per_insn;
	vclock_run_timers(&r->clock);
}

static void time_registers(void)
{
	struct rig r;

	rig_create(&r, DS1386_SIZE_8K, T0 * 1000000000ll + 500000000ll);
	CHECK_EQ(ds1386_read(r.d, DS1386_HSEC), 0x50);
	CHECK_EQ(ds1386_read(r.d, DS1386_SEC), 0x07);
	CHECK_EQ(ds1386_read(r.d, DS1386_MIN), 0x06);
	CHECK_EQ(ds1386_read(r.d, DS1386_HOUR), 0x05);
	CHECK_EQ(ds1386_read(r.d, DS1386_DAY), 3);	/* Tuesday = 3 */
	CHECK_EQ(ds1386_read(r.d, DS1386_DATE), 0x04);
	CHECK_EQ(ds1386_read(r.d, DS1386_MONTH) & 0x1f, 0x03);
	CHECK_EQ(ds1386_read(r.d, DS1386_YEAR), 0x85);	/* 2025 - 1940 */
	/* virtual time moves the clock; no 100 Hz tick needed */
	advance(&r, 60ull * NS_PER_SEC);
	CHECK_EQ(ds1386_read(r.d, DS1386_MIN), 0x07);
	CHECK_EQ(ds1386_read(r.d, DS1386_SEC), 0x07);
	ds1386_destroy(r.d);
}

/* Default start: host CLOCK_REALTIME (UTC). */
static void host_time(void)
{
	struct rig r;
	struct tm tm;
	time_t now = time(NULL), got;

	rig_create(&r, DS1386_SIZE_8K, 0);
	ds1386_get_time(r.d, &tm);
	got = timegm(&tm);
	CHECK(got >= now - 1 && got <= now + 2);
	ds1386_destroy(r.d);
}

/* TE = 0 freezes the user copy; writes made then take effect when TE
 * comes back (Linux and IRIX set the time that way). */
static void te_freeze_and_set(void)
{
	struct rig r;
	uint8_t cmd;

	rig_create(&r, DS1386_SIZE_8K, T0 * 1000000000ll);
	cmd = ds1386_read(r.d, DS1386_CMD);
	CHECK(cmd & DS1386_CMD_TE);
	ds1386_write(r.d, DS1386_CMD, cmd & ~DS1386_CMD_TE);
	advance(&r, 5ull * NS_PER_SEC);
	CHECK_EQ(ds1386_read(r.d, DS1386_SEC), 0x07);	/* frozen */
	ds1386_write(r.d, DS1386_YEAR, 0x60);		/* 2000 */
	ds1386_write(r.d, DS1386_MONTH, 0x01);
	ds1386_write(r.d, DS1386_DATE, 0x01);
	ds1386_write(r.d, DS1386_HOUR, 0x00);
	ds1386_write(r.d, DS1386_MIN, 0x00);
	ds1386_write(r.d, DS1386_SEC, 0x00);
	ds1386_write(r.d, DS1386_HSEC, 0x00);
	ds1386_write(r.d, DS1386_CMD, cmd);
	CHECK_EQ(ds1386_unix_ns(r.d), 946684800ll * 1000000000ll);
	advance(&r, 2ull * NS_PER_SEC);
	CHECK_EQ(ds1386_read(r.d, DS1386_SEC), 0x02);
	/* with TE set a single write applies at once (Linux sets TE) */
	ds1386_write(r.d, DS1386_MIN, 0x30);
	CHECK_EQ(ds1386_read(r.d, DS1386_MIN), 0x30);
	/* EOSC stops the clock */
	ds1386_write(r.d, DS1386_MONTH, 0x81);
	advance(&r, 3ull * NS_PER_SEC);
	CHECK_EQ(ds1386_read(r.d, DS1386_SEC), 0x02);
	ds1386_destroy(r.d);
}

static void watchdog(void)
{
	struct rig r;

	rig_create(&r, DS1386_SIZE_DS1286, T0 * 1000000000ll);
	ds1386_write(r.d, DS1386_WD_HSEC, 0x50);	/* 0.5 s */
	advance(&r, 400ull * 1000000);
	CHECK(!(ds1386_read(r.d, DS1386_CMD) & DS1386_CMD_WAF));
	advance(&r, 200ull * 1000000);
	CHECK(ds1386_read(r.d, DS1386_CMD) & DS1386_CMD_WAF);
	ds1386_read(r.d, DS1386_WD_SEC);		/* clears WAF */
	CHECK(!(ds1386_read(r.d, DS1386_CMD) & DS1386_CMD_WAF));
	ds1386_destroy(r.d);
}

/* RAM through the register window and the byte API; out-of-range
 * accesses are ignored; mmio on byte lane 3. */
static void nvram_round_trip(void)
{
	struct rig r;
	const struct mmio_ops *ops;
	uint8_t img[DS1386_SIZE_DS1286];

	rig_create(&r, DS1386_SIZE_DS1286, T0 * 1000000000ll);
	ops = ds1386_mmio_ops(r.d);
	CHECK_EQ(ds1386_mmio_size(r.d), 64 * 4);
	ops->write(r.d, 0x0e * 4 + 3, 0xab, 1);
	CHECK_EQ(r.changed, 1);
	ops->write(r.d, 0x0e * 4 + 3, 0xab, 1);	/* same value: no batch */
	CHECK_EQ(r.changed, 1);
	CHECK_EQ(ops->read(r.d, 0x0e * 4, 4), 0xab);
	CHECK_EQ(ops->read(r.d, 0x0e * 4, 1), 0);	/* lane 0 */
	CHECK_EQ(ds1386_ram_read(r.d, 0x0e), 0xab);
	ds1386_ram_write(r.d, 0x3f, 0x5a);
	ds1386_ram_write(r.d, 0x40, 0x77);		/* past the part */
	ds1386_ram_write(r.d, 0x05, 0x77);		/* a clock register */
	CHECK_EQ(ds1386_ram_read(r.d, 0x40), 0);
	ds1386_write(r.d, 1000, 1);
	CHECK_EQ(ds1386_read(r.d, 1000), 0);
	ds1386_ram_save(r.d, img, sizeof(img));
	CHECK_EQ(img[0x0e], 0xab);
	CHECK_EQ(img[0x3f], 0x5a);
	CHECK_EQ(img[0x05], 0);
	ds1386_destroy(r.d);
	rig_create(&r, DS1386_SIZE_DS1286, T0 * 1000000000ll);
	ds1386_ram_load(r.d, img, sizeof(img));
	CHECK_EQ(ds1386_read(r.d, 0x3f), 0x5a);
	ds1386_destroy(r.d);
}

/* The NVRAM file: save/load, raw dumps, corrupt and wrong-size files
 * set aside as FILE.bad (BAD-INPUTS 28). */
static void nvram_file(void)
{
	const char *dir = test_tmpdir();
	char path[4096], bad[4200];
	uint8_t a[8192], b[8192];
	bool loaded;
	struct stat st;
	FILE *f;

	snprintf(path, sizeof(path), "%s/nv.bin", dir);
	snprintf(bad, sizeof(bad), "%s.bad", path);
	for (size_t i = 0; i < sizeof(a); i++)
		a[i] = (uint8_t)(i * 7);
	memset(b, 0xee, sizeof(b));
	CHECK(ip22_nvfile_load(path, b, sizeof(b), &loaded, NULL) == 0);
	CHECK(!loaded);					/* missing: defaults */
	CHECK_EQ(b[0], 0xee);
	CHECK(ip22_nvfile_save(path, a, sizeof(a), NULL) == 0);
	CHECK(stat(path, &st) == 0 &&
	      st.st_size == (off_t)(sizeof(a) + IP22_NVFILE_HEADER));
	CHECK(ip22_nvfile_load(path, b, sizeof(b), &loaded, NULL) == 0);
	CHECK(loaded && !memcmp(a, b, sizeof(a)));
	/* flip a payload byte: CRC mismatch */
	f = fopen(path, "r+b");
	CHECK(f != NULL);
	if (f) {
		fseek(f, IP22_NVFILE_HEADER + 100, SEEK_SET);
		fputc(0x42, f);
		fclose(f);
	}
	memset(b, 0xee, sizeof(b));
	CHECK(ip22_nvfile_load(path, b, sizeof(b), &loaded, NULL) == 0);
	CHECK(!loaded);
	CHECK_EQ(b[100], 0xee);				/* untouched */
	CHECK(stat(bad, &st) == 0);			/* kept aside */
	CHECK(stat(path, &st) != 0);
	/* wrong size */
	f = fopen(path, "wb");
	if (f) {
		fwrite(a, 1, 100, f);
		fclose(f);
	}
	CHECK(ip22_nvfile_load(path, b, sizeof(b), &loaded, NULL) == 0);
	CHECK(!loaded);
	CHECK(stat(path, &st) != 0);
	/* a raw dump of exactly the part's size is taken as is */
	f = fopen(path, "wb");
	if (f) {
		fwrite(a, 1, sizeof(a), f);
		fclose(f);
	}
	CHECK(ip22_nvfile_load(path, b, sizeof(b), &loaded, NULL) == 0);
	CHECK(loaded && !memcmp(a, b, sizeof(a)));
}

TEST_MAIN("ds1386", T(time_registers), T(host_time), T(te_freeze_and_set),
	  T(watchdog), T(nvram_round_trip), T(nvram_file))
