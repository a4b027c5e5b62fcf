/* The block layer: raw round trip, flush, QEMU-compatible image locks
 * (BAD-INPUTS row 14), shrunk images (row 24), sticky flush errors
 * (row 22), format from the config and never from the contents (row 13). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/test.h"
#include "vmm/block/block.h"
#include "vmm/block/block_int.h"

/* A fresh image of `size` bytes filled with a pattern; returns its path. */
static const char *make_image(const char *name, size_t size)
{
	static char paths[4][512];
	static int slot;
	char *p = paths[slot++ % 4];
	FILE *f;

	snprintf(p, 512, "%s/%s", test_tmpdir(), name);
	f = fopen(p, "w");
	if (!f)
		return p;
	for (size_t i = 0; i < size; i++)
		fputc((int)(i * 7 + i / 512) & 0xff, f);
	fclose(f);
	return p;
}

static void file_read(const char *path, uint64_t off, void *buf, size_t len)
{
	int fd = open(path, O_RDONLY);

	memset(buf, 0xee, len);
	if (fd >= 0) {
		if (pread(fd, buf, len, off) != (ssize_t)len)
			memset(buf, 0xee, len);
		close(fd);
	}
}

static void round_trip(void)
{
	const char *path = make_image("rt.img", 64 * 1024);
	uint8_t w[1024], r[1024];
	struct block *b;
	struct err e;

	CHECK(block_open(&b, path, "raw", 0, &e) == 0);
	if (!b)
		return;
	CHECK_EQ(block_size(b), 64 * 1024);
	CHECK_EQ(block_sectors(b), 128);
	CHECK(!block_readonly(b));
	CHECK_STR_CONTAINS(block_format(b), "raw");
	for (size_t i = 0; i < sizeof(w); i++)
		w[i] = i ^ 0x5a;
	CHECK(block_write_sectors(b, 10, w, 2, &e) == 0);
	CHECK(block_read_sectors(b, 10, r, 2, &e) == 0);
	CHECK(memcmp(w, r, sizeof(w)) == 0);
	/* Unaligned byte I/O too. */
	CHECK(block_pwrite(b, "hello", 5, 3, &e) == 0);
	CHECK(block_pread(b, r, 5, 3, &e) == 0);
	CHECK(memcmp(r, "hello", 5) == 0);
	CHECK(block_flush(b, &e) == 0);
	block_close(b);
	file_read(path, 10 * 512, r, sizeof(r));
	CHECK(memcmp(w, r, sizeof(w)) == 0);
	file_read(path, 3, r, 5);
	CHECK(memcmp(r, "hello", 5) == 0);
}

static void out_of_range(void)
{
	const char *path = make_image("range.img", 4096);
	uint8_t buf[1024];
	struct block *b;
	struct err e;

	CHECK(block_open(&b, path, NULL, 0, &e) == 0);
	if (!b)
		return;
	CHECK(block_read_sectors(b, 7, buf, 1, &e) == 0);
	CHECK(block_read_sectors(b, 7, buf, 2, &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "past the end");
	CHECK(block_write_sectors(b, 8, buf, 1, &e) < 0);
	CHECK(block_pread(b, buf, 1, UINT64_MAX, &e) < 0);
	CHECK(block_read_sectors(b, UINT64_MAX / 8, buf, 1, &e) < 0);
	block_close(b);
}

static void partial_last_sector(void)
{
	const char *path = make_image("odd.img", 1000);
	struct block *b;
	struct err e;

	CHECK(block_open(&b, path, "raw", 0, &e) == 0);
	if (!b)
		return;
	CHECK_EQ(block_sectors(b), 1);
	block_close(b);
}

static void second_writer_refused(void)
{
	const char *path = make_image("lock.img", 4096);
	struct block *a, *b;
	struct err e;
	char pid[32];

	CHECK(block_open(&a, path, "raw", 0, &e) == 0);
	/* Same process, new open file description: OFD locks conflict. */
	CHECK(block_open(&b, path, "raw", 0, &e) < 0);
	CHECK(b == NULL);
	CHECK_STR_CONTAINS(e.msg, "is in use");
	CHECK_STR_CONTAINS(e.msg, path);
	snprintf(pid, sizeof(pid), "(by PID %d)", (int)getpid());
	CHECK_STR_CONTAINS(e.msg, pid);
	/* A reader is refused while someone writes. */
	CHECK(block_open(&b, path, "raw", BLOCK_RDONLY, &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "is in use");
	block_close(a);
	/* Closing drops the locks. */
	CHECK(block_open(&b, path, "raw", 0, &e) == 0);
	block_close(b);
}

static void readers_share(void)
{
	const char *path = make_image("share.img", 4096);
	struct block *a = NULL, *b = NULL, *c = NULL;
	struct err e;
	uint8_t x;

	CHECK(block_open(&a, path, "raw", BLOCK_RDONLY, &e) == 0);
	CHECK(block_open(&b, path, "raw", BLOCK_RDONLY, &e) == 0);
	CHECK(a && b && block_readonly(a));
	/* A writer may not join readers that did not agree to writes. */
	CHECK(block_open(&c, path, "raw", 0, &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "is in use");
	if (a) {
		CHECK(block_pwrite(a, "x", 1, 0, &e) < 0);
		CHECK_STR_CONTAINS(e.msg, "read-only");
		CHECK(block_pread(a, &x, 1, 0, &e) == 0);
		CHECK(block_flush(a, &e) == 0);
	}
	block_close(a);
	block_close(b);
}

static bool have_prog(const char *name)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "command -v %s >/dev/null 2>&1", name);
	return system(cmd) == 0;
}

/* QEMU sees our lock: a writer (qemu-io) and a copy (qemu-img convert,
 * which must not see the source change) refuse an image we have open. */
static void qemu_sees_our_lock(void)
{
	const char *path = make_image("q1.img", 65536);
	char io[1024], cp[1024];
	struct block *b;
	struct err e;

	if (!have_prog("qemu-io") || !have_prog("qemu-img")) {
		test_skip("qemu-io not installed (Debian: qemu-utils)");
		return;
	}
	snprintf(io, sizeof(io), "qemu-io -f raw -c 'write 0 512' '%s'"
		 " >/dev/null 2>&1", path);
	snprintf(cp, sizeof(cp), "qemu-img convert -f raw -O raw '%s' '%s.cp'"
		 " >/dev/null 2>&1", path, path);
	CHECK(system(io) == 0);
	CHECK(block_open(&b, path, "raw", 0, &e) == 0);
	CHECK(system(io) != 0);
	CHECK(system(cp) != 0);
	block_close(b);
	CHECK(system(io) == 0);
	/* Read-only: QEMU may read beside us but not write. */
	CHECK(block_open(&b, path, "raw", BLOCK_RDONLY, &e) == 0);
	CHECK(system(io) != 0);
	CHECK(system(cp) == 0);
	block_close(b);
}

/* We see QEMU's lock, and name the process holding it. */
static void we_see_qemu_lock(void)
{
	const char *path = make_image("q2.img", 65536);
	struct block *b = NULL;
	struct err e;
	char want[32];
	pid_t pid;
	int i;

	if (!have_prog("qemu-io")) {
		test_skip("qemu-io not installed (Debian: qemu-utils)");
		return;
	}
	pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);

		dup2(null, 0);
		dup2(null, 1);
		dup2(null, 2);
		execlp("qemu-io", "qemu-io", "-f", "raw", "-c", "sleep 20000",
		       path, (char *)NULL);
		_exit(127);
	}
	/* Wait until qemu-io holds the image (at most ~10 s). */
	for (i = 0; i < 200; i++) {
		if (block_open(&b, path, "raw", 0, &e) < 0)
			break;
		block_close(b);
		b = NULL;
		usleep(50000);
	}
	CHECK(i < 200);
	CHECK_STR_CONTAINS(e.msg, "is in use");
	snprintf(want, sizeof(want), "(by PID %d)", (int)pid);
	CHECK_STR_CONTAINS(e.msg, want);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	CHECK(block_open(&b, path, "raw", 0, &e) == 0);
	block_close(b);
}

/* BAD-INPUTS row 24: the image shrank while in use. */
static void shrunk_image_read_fails(void)
{
	const char *path = make_image("shrink.img", 64 * 1024);
	uint8_t buf[512];
	struct block *b;
	struct err e;

	CHECK(block_open(&b, path, "raw", 0, &e) == 0);
	if (!b)
		return;
	CHECK(truncate(path, 8192) == 0);
	CHECK(block_read_sectors(b, 15, buf, 1, &e) == 0);
	CHECK(block_read_sectors(b, 16, buf, 1, &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "past the end of the file");
	/* A read straddling the new end fails as a whole too. */
	CHECK(block_pread(b, buf, 512, 8192 - 256, &e) < 0);
	CHECK_EQ(block_size(b), 64 * 1024);
	block_close(b);
}

static int fail_flush(struct block *b, struct err *e)
{
	err_set(e, "%s: flush (fdatasync) failed: %s", b->path,
		strerror(EIO));
	return -EIO;
}

/* BAD-INPUTS row 22: after one failed flush, every later one fails. */
static void flush_error_is_sticky(void)
{
	const char *path = make_image("flush.img", 4096);
	struct block_driver bad = block_raw_driver;
	const struct block_driver *good;
	struct block *b;
	struct err e;

	bad.flush = fail_flush;
	CHECK(block_open(&b, path, "raw", 0, &e) == 0);
	if (!b)
		return;
	CHECK(block_flush(b, &e) == 0);
	good = b->drv;
	b->drv = &bad;
	CHECK(block_flush(b, &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "Input/output error");
	b->drv = good;	/* the host's fdatasync would now succeed... */
	CHECK(block_flush(b, &e) < 0);	/* ...but the data may be gone */
	CHECK_STR_CONTAINS(e.msg, "earlier flush failed");
	block_close(b);
}

/* BAD-INPUTS row 13: a raw image whose first sector looks like another
 * format is still raw. */
static void format_not_sniffed(void)
{
	const char *path = make_image("sniff.img", 4096);
	uint8_t buf[8];
	struct block *b;
	struct err e;
	int fd = open(path, O_WRONLY);

	CHECK(fd >= 0 && pwrite(fd, "QFI\xfb\0\0\0\3", 8, 0) == 8);
	close(fd);
	CHECK(block_open(&b, path, NULL, 0, &e) == 0);
	if (!b)
		return;
	CHECK_STR_CONTAINS(block_format(b), "raw");
	CHECK_EQ(block_size(b), 4096);
	CHECK(block_pread(b, buf, 8, 0, &e) == 0);
	CHECK(memcmp(buf, "QFI\xfb", 4) == 0);
	block_close(b);
	fd = open(path, O_WRONLY);
	CHECK(fd >= 0 && pwrite(fd, "MComprHD", 8, 0) == 8);
	close(fd);
	CHECK(block_open(&b, path, NULL, 0, &e) == 0);
	if (b)
		CHECK_EQ(block_size(b), 4096);
	block_close(b);
}

static void formats_and_bad_paths(void)
{
	const char *path = make_image("fmt.img", 4096);
	const char *chd = make_image("disk.chd", 4096);
	const char *iso = make_image("cd.iso", 4096);
	struct block *b;
	struct err e;
	struct drive_config d = { .image = (char *)path, .format = "raw" };

	CHECK(block_open(&b, path, "qcow2", 0, &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "not supported yet");
	CHECK(block_open(&b, path, "vhdx", 0, &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "unknown image format");
	/* CHDs are never opened writable (test_chd.c reads real ones). */
	CHECK(block_open(&b, chd, NULL, 0, &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "overlay");
	/* A CD image is never written in place. */
	CHECK(block_open(&b, iso, NULL, 0, &e) == 0);
	CHECK(b && block_readonly(b));
	block_close(b);
	CHECK(block_open(&b, test_tmpdir(), "raw", BLOCK_RDONLY, &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "not a regular file");
	CHECK(block_open(&b, "/nonexistent/x.img", "raw", 0, &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "cannot open \"/nonexistent/x.img\"");
	CHECK_STR_CONTAINS(e.msg, "No such file");
	/* From a drive in the config. */
	d.readonly = true;
	CHECK(block_open_drive(&b, &d, &e) == 0);
	CHECK(b && block_readonly(b));
	block_close(b);
	d.format = "";
	d.overlay = "";
	CHECK(block_open_drive(&b, &d, &e) == 0);
	block_close(b);
	/* Overlays are test_overlay.c's; one that cannot be created: */
	d.overlay = "/nonexistent/ov.img";
	CHECK(block_open_drive(&b, &d, &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "overlay");
}

struct done_rec {
	int calls, ret;
};

static void req_done(struct block_req *req, int ret)
{
	struct done_rec *d = req->opaque;

	d->calls++;
	d->ret = ret;
}

static void requests_complete_once(void)
{
	const char *path = make_image("req.img", 4096);
	struct done_rec rec = { 0 };
	uint8_t buf[512];
	struct block *b;
	struct block_req req = { .op = BLOCK_OP_READ, .offset = 512,
				 .buf = buf, .len = 512, .done = req_done,
				 .opaque = &rec };
	struct err e;

	CHECK(block_open(&b, path, "raw", 0, &e) == 0);
	if (!b)
		return;
	block_submit(b, &req);
	CHECK_EQ(rec.calls, 1);
	CHECK_EQ(rec.ret, 0);
	req.op = BLOCK_OP_WRITE;
	req.offset = 4096;
	block_submit(b, &req);
	CHECK_EQ(rec.calls, 2);
	CHECK_EQ(rec.ret, -1);
	CHECK_STR_CONTAINS(req.err.msg, "past the end");
	req.op = BLOCK_OP_FLUSH;
	block_submit(b, &req);
	CHECK_EQ(rec.calls, 3);
	CHECK_EQ(rec.ret, 0);
	block_close(b);
}

TEST_MAIN("block", T(round_trip), T(out_of_range), T(partial_last_sector),
	  T(second_writer_refused), T(readers_share), T(qemu_sees_our_lock),
	  T(we_see_qemu_lock), T(shrunk_image_read_fails),
	  T(flush_error_is_sticky), T(format_not_sniffed),
	  T(formats_and_bad_paths), T(requests_complete_once))
