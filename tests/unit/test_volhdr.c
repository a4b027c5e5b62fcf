/* SGI volume header: build/parse round trip, checksum, byte-swapped and
 * corrupt headers, 8-character names, and the firmware's lookups refusing
 * entries that point past the disk. */
#include <stdio.h>
#include <string.h>

#include "firmware/volhdr.h"
#include "tests/test.h"

static struct volhdr sample(void)
{
	struct volhdr vh = { .root = 0, .swap = 1 };

	memcpy(vh.bootfile, "/unix", 6);
	vh.part[8] = (struct volhdr_part){ 4096, 0, VOLHDR_T_VOLHDR };
	vh.part[10] = (struct volhdr_part){ 8192, 0, VOLHDR_T_VOLUME };
	vh.part[0] = (struct volhdr_part){ 4096, 4096, VOLHDR_T_XFS };
	strcpy(vh.dir[0].name, "sash");
	vh.dir[0].lbn = 2;
	vh.dir[0].bytes = 1000;
	strcpy(vh.dir[1].name, "sashARCS");	/* 8 characters, no NUL */
	vh.dir[1].lbn = 10;
	vh.dir[1].bytes = 513;
	return vh;
}

static void round_trip(void)
{
	struct volhdr vh = sample(), back;
	uint8_t sec[512];
	struct err e;
	uint32_t sum = 0;

	volhdr_build(&vh, sec);
	for (int i = 0; i < 128; i++)
		sum += (uint32_t)sec[4 * i] << 24 | sec[4 * i + 1] << 16 |
		       sec[4 * i + 2] << 8 | sec[4 * i + 3];
	CHECK_EQ(sum, 0);
	/* Layout as Linux's struct sgi_disklabel reads it. */
	CHECK_EQ(sec[0], 0x0b);
	CHECK(!memcmp(sec + 72, "sash", 4));
	CHECK(!memcmp(sec + 88, "sashARCS", 8));
	CHECK_EQ(sec[312 + 8 * 12 + 3], 0);	/* part 8: 4096 blocks */
	CHECK_EQ(sec[312 + 8 * 12 + 2], 0x10);
	CHECK(volhdr_parse(sec, &back, &e) == 0);
	CHECK_EQ(back.dir[1].bytes, 513);
	CHECK(!strcmp(back.dir[1].name, "sashARCS"));
	CHECK(!strcmp(back.bootfile, "/unix"));
	CHECK_EQ(back.part[0].first, 4096);
	CHECK_EQ(volhdr_find(&back, "sashARCS"), 1);
	CHECK_EQ(volhdr_find(&back, "sashARCSX"), -1);
	CHECK_EQ(volhdr_find(&back, "ide"), -1);
}

static void bad_headers(void)
{
	struct volhdr vh = sample(), back;
	uint8_t sec[512], sw[512];
	struct err e;

	volhdr_build(&vh, sec);
	sec[100] ^= 1;
	CHECK(volhdr_parse(sec, &back, &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "checksum");
	sec[100] ^= 1;
	for (int i = 0; i < 512; i += 4)
		for (int k = 0; k < 4; k++)
			sw[i + k] = sec[i + 3 - k];
	CHECK(volhdr_parse(sw, &back, &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "byte-swapped");
	memset(sw, 0, sizeof(sw));
	CHECK(volhdr_parse(sw, &back, &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "no SGI volume header");
}

static void firmware_lookups(void)
{
	struct volhdr vh = sample();
	uint8_t sec[512];
	char path[512];
	struct block *b;
	struct err e;
	uint64_t off, size;
	FILE *f;

	vh.dir[2] = (struct volhdr_file){ "evil", 0xfffffff0, 4096 };
	volhdr_build(&vh, sec);
	snprintf(path, sizeof(path), "%s/vh.img", test_tmpdir());
	f = fopen(path, "wb");
	fwrite(sec, 1, 512, f);
	for (int i = 1; i < 8192; i++)
		fwrite(sec, 1, 512, f);
	fclose(f);
	CHECK(block_open(&b, path, "raw", BLOCK_RDONLY, &e) == 0);
	if (volhdr_open_file(b, "sash", &off, &size, &e) < 0)
		test_fail(__FILE__, __LINE__, "%s", e.msg);
	CHECK_EQ(off, 1024);
	CHECK_EQ(size, 1000);
	CHECK(volhdr_open_file(b, "evil", &off, &size, &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "past the end");
	CHECK(volhdr_open_file(b, "fx", &off, &size, &e) < 0);
	CHECK(volhdr_partition(b, 0, &off, &size, &e) == 0);
	CHECK_EQ(off, 4096 * 512);
	CHECK(volhdr_partition(b, 3, &off, &size, &e) < 0);
	CHECK(volhdr_partition(b, 99, &off, &size, &e) < 0);
	block_close(b);
}

TEST_MAIN("volhdr", T(round_trip), T(bad_headers), T(firmware_lookups))
