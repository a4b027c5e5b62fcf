/* Copy-on-write overlays: the base stays pristine, writes survive close
 * and reopen, a flushed write survives SIGKILL (BAD-INPUTS row 23), a
 * wrong base is refused, and commit/discard do what mipsvz-img says. */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/test.h"
#include "vmm/block/block.h"
#include "vmm/block/block_overlay.h"

#define BASE_SIZE (1u << 20)

static char paths[4][512];

static const char *tmp(int slot, const char *name)
{
	snprintf(paths[slot], 512, "%s/%s", test_tmpdir(), name);
	return paths[slot];
}

static uint8_t pattern(uint64_t i)
{
	return (uint8_t)(i * 131 + (i >> 9));
}

static const char *make_base(void)
{
	const char *p = tmp(0, "base.img");
	FILE *f = fopen(p, "wb");

	for (uint64_t i = 0; i < BASE_SIZE; i++)
		fputc(pattern(i), f);
	fclose(f);
	return p;
}

static int open_ovl(struct block **b, const char *base, const char *ovl,
		    struct err *e)
{
	struct drive_config d = { .image = (char *)base, .format = "raw",
				  .overlay = (char *)ovl };

	return block_open_drive(b, &d, e);
}

static int base_pristine(const char *base)
{
	FILE *f = fopen(base, "rb");
	int ok = 1;

	for (uint64_t i = 0; i < BASE_SIZE; i++)
		if (fgetc(f) != pattern(i))
			ok = 0;
	fclose(f);
	return ok;
}

static void read_write_reopen(void)
{
	const char *base = make_base(), *ovl = tmp(1, "d.ovl");
	uint8_t buf[200000], w[70000];
	struct block *b;
	struct err e;

	CHECK(open_ovl(&b, base, ovl, &e) == 0);
	if (!b)
		return;
	CHECK(!block_readonly(b));
	CHECK_EQ(block_size(b), BASE_SIZE);
	CHECK(block_pread(b, buf, sizeof(buf), 12345, &e) == 0);
	for (size_t i = 0; i < sizeof(buf); i++)
		if (buf[i] != pattern(12345 + i)) {
			CHECK(!"base shows through");
			break;
		}
	/* Unaligned, spanning two clusters; and the last bytes. */
	memset(w, 0xab, sizeof(w));
	CHECK(block_pwrite(b, w, sizeof(w), 65536 - 1000, &e) == 0);
	CHECK(block_pwrite(b, w, 10, BASE_SIZE - 10, &e) == 0);
	CHECK(block_pwrite(b, w, 512, 65536 - 1000, &e) == 0);	/* in place */
	block_close(b);
	CHECK(base_pristine(base));
	CHECK(open_ovl(&b, base, ovl, &e) == 0);
	if (!b)
		return;
	CHECK(block_pread(b, buf, 80000, 65536 - 5000, &e) == 0);
	CHECK_EQ(buf[3999], pattern(65536 - 1001));
	CHECK_EQ(buf[4000], 0xab);
	CHECK_EQ(buf[4000 + 69999], 0xab);
	CHECK_EQ(buf[4000 + 70000], pattern(65536 - 1000 + 70000));
	CHECK(block_pread(b, buf, 20, BASE_SIZE - 20, &e) == 0);
	CHECK_EQ(buf[9], pattern(BASE_SIZE - 11));
	CHECK_EQ(buf[10], 0xab);
	block_close(b);
}

static void wrong_base_refused(void)
{
	const char *base = make_base(), *ovl = tmp(1, "w.ovl");
	const char *other = tmp(2, "other.img");
	struct block *b;
	struct err e;
	FILE *f;

	CHECK(open_ovl(&b, base, ovl, &e) == 0);
	block_close(b);
	f = fopen(other, "wb");
	for (uint64_t i = 0; i < BASE_SIZE; i++)
		fputc(0, f);
	fclose(f);
	CHECK(open_ovl(&b, other, ovl, &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "another base");
	/* And a file that is no overlay at all. */
	CHECK(open_ovl(&b, base, other, &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "not a mipsvz overlay");
}

static void commit_and_discard(void)
{
	const char *base = make_base(), *ovl = tmp(1, "c.ovl");
	uint8_t w[100], r[100];
	struct block *b;
	struct err e;
	char info[512];

	CHECK(open_ovl(&b, base, ovl, &e) == 0);
	memset(w, 0x77, sizeof(w));
	CHECK(block_pwrite(b, w, sizeof(w), 300000, &e) == 0);
	/* Committing while a VM has it open is refused by the locks. */
	CHECK(block_overlay_commit(ovl, NULL, &e) < 0);
	block_close(b);
	CHECK(block_overlay_describe(ovl, info, sizeof(info), &e) == 0);
	CHECK_STR_CONTAINS(info, "1 of 16");
	CHECK(block_overlay_commit(ovl, NULL, &e) == 0);
	CHECK(block_open(&b, base, "raw", BLOCK_RDONLY, &e) == 0);
	CHECK(block_pread(b, r, sizeof(r), 300000, &e) == 0);
	CHECK(memcmp(r, w, sizeof(r)) == 0);
	block_close(b);
	CHECK(block_overlay_describe(ovl, info, sizeof(info), &e) == 0);
	CHECK_STR_CONTAINS(info, "0 of 16");
	/* Discard: the base shows through again. */
	base = make_base();
	CHECK(open_ovl(&b, base, ovl, &e) == 0);
	CHECK(block_pwrite(b, w, sizeof(w), 5, &e) == 0);
	block_close(b);
	CHECK(block_overlay_discard(ovl, &e) == 0);
	CHECK(open_ovl(&b, base, ovl, &e) == 0);
	CHECK(block_pread(b, r, sizeof(r), 5, &e) == 0);
	CHECK_EQ(r[0], pattern(5));
	block_close(b);
}

/* Row 23: a child writes, flushes, writes more and is killed; every
 * flushed write is there and the overlay opens clean. */
static void sigkill_after_flush(void)
{
	const char *base = make_base(), *ovl = tmp(1, "k.ovl");
	struct block *b;
	struct err e;
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		uint8_t w[4096];

		if (open_ovl(&b, base, ovl, &e) < 0)
			_exit(2);
		for (int i = 0; i < 16; i++) {
			memset(w, 0x10 + i, sizeof(w));
			block_pwrite(b, w, sizeof(w), (uint64_t)i * 65536 + 7,
				     &e);
		}
		if (block_flush(b, &e) < 0)
			_exit(3);
		memset(w, 0xee, sizeof(w));
		for (int i = 0; i < 16; i++)
			block_pwrite(b, w, sizeof(w),
				     (uint64_t)i * 65536 + 30000, &e);
		raise(SIGKILL);
		_exit(4);
	}
	CHECK(waitpid(pid, &status, 0) == pid);
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
	CHECK(open_ovl(&b, base, ovl, &e) == 0);
	if (!b)
		return;
	for (int i = 0; i < 16; i++) {
		uint8_t r[4096];

		CHECK(block_pread(b, r, sizeof(r), (uint64_t)i * 65536 + 7,
				  &e) == 0);
		CHECK_EQ(r[0], 0x10 + i);
		CHECK_EQ(r[4095], 0x10 + i);
	}
	block_close(b);
	CHECK(base_pristine(base));
}

TEST_MAIN("overlay", T(read_write_reopen), T(wrong_base_refused),
	  T(commit_and_discard), T(sigkill_after_flush))
