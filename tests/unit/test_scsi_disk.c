/* SCSI disk and CD-ROM targets driven through the scsi.h interface with
 * no controller: identity, data commands, sense, mode pages, CD block
 * sizes and disc changes, and CDB fuzzing (BAD-INPUTS row 15). */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/test.h"
#include "vmm/dev/scsi.h"

static const char *make_image(const char *name, size_t size, uint8_t seed)
{
	static char path[4][512];
	static int slot;
	char *p = path[slot++ % 4];
	FILE *f;

	snprintf(p, 512, "%s/%s", test_tmpdir(), name);
	f = fopen(p, "wb");
	for (size_t i = 0; i < size; i++)
		fputc((uint8_t)(i / 512 + seed), f);
	fclose(f);
	return p;
}

static struct scsi_dev *make_disk(size_t size)
{
	struct block *b;
	struct scsi_dev *d;
	struct err e;

	if (block_open(&b, make_image("d.img", size, 0), "raw", 0, &e) < 0 ||
	    scsi_disk_create(&d, b, "disk", &e) < 0) {
		test_fail(__FILE__, __LINE__, "%s", e.msg);
		return NULL;
	}
	return d;
}

static struct scsi_dev *make_cd(unsigned n)
{
	struct block *b[3];
	struct scsi_dev *d;
	struct err e;
	const char *names[3] = { "1.iso", "2.iso", "3.iso" };

	for (unsigned i = 0; i < n; i++)
		if (block_open(&b[i], make_image(names[i], 2048 * (20 + i), i),
			       "iso", 0, &e) < 0)
			test_fail(__FILE__, __LINE__, "%s", e.msg);
	if (scsi_cd_create(&d, b, n, "cd", &e) < 0)
		test_fail(__FILE__, __LINE__, "%s", e.msg);
	return d;
}

static struct scsi_req req;
static uint8_t data[1 << 17];

/* One command; data in lands in `data`, data out comes from it. */
static uint8_t run(struct scsi_dev *d, const uint8_t *cdb, unsigned len,
		   unsigned lun)
{
	scsi_req_start(d, &req, cdb, len, lun);
	if (req.dir == SCSI_DIR_IN)
		scsi_req_read(d, &req, data, sizeof(data));
	else if (req.dir == SCSI_DIR_OUT)
		scsi_req_write(d, &req, data, sizeof(data));
	scsi_req_end_data(d, &req);
	return req.status;
}

static uint8_t run6(struct scsi_dev *d, uint8_t op, uint8_t b1, uint8_t b2,
		    uint8_t b3, uint8_t b4)
{
	uint8_t cdb[6] = { op, b1, b2, b3, b4, 0 };

	return run(d, cdb, 6, 0);
}

/* Sense key/ASC of the last CHECK CONDITION. */
static unsigned sense(struct scsi_dev *d)
{
	uint8_t cdb[6] = { 0x03, 0, 0, 0, 18, 0 };

	CHECK_EQ(run(d, cdb, 6, 0), SCSI_GOOD);
	return data[2] << 8 | data[12];
}

static void inquiry_identity(void)
{
	struct scsi_dev *d = make_disk(1 << 20), *cd = make_cd(1);

	CHECK_EQ(run6(d, 0x12, 0, 0, 0, 36), SCSI_GOOD);
	CHECK_EQ(req.xfer_pos, 36);
	CHECK_EQ(data[0], 0);
	CHECK(!memcmp(data + 8, "SGI     ", 8));
	CHECK_EQ(run6(cd, 0x12, 0, 0, 0, 96), SCSI_GOOD);
	CHECK_EQ(data[0], 5);
	CHECK_EQ(data[1], 0x80);
	CHECK(!memcmp(data + 8, "SONY    CDU-76S", 15));
	/* A LUN that is not there: a full "no device" reply. */
	uint8_t cdb[6] = { 0x12, 0, 0, 0, 36, 0 };
	CHECK_EQ(run(d, cdb, 6, 3), SCSI_GOOD);
	CHECK_EQ(req.xfer_pos, 36);
	CHECK_EQ(data[0], 0x7f);
	cdb[0] = 0x00;
	CHECK_EQ(run(d, cdb, 6, 3), SCSI_CHECK_CONDITION);
	/* Allocation length cuts the reply. */
	CHECK_EQ(run6(d, 0x12, 0, 0, 0, 5), SCSI_GOOD);
	CHECK_EQ(req.xfer_pos, 5);
	d->ops->destroy(d);
	cd->ops->destroy(cd);
}

static void read_write_capacity(void)
{
	struct scsi_dev *d = make_disk(1 << 20);
	uint8_t cdb[10] = { 0x25 };

	CHECK_EQ(run(d, cdb, 10, 0), SCSI_GOOD);
	CHECK_EQ(scsi_be(data, 4), 2047);
	CHECK_EQ(scsi_be(data + 4, 4), 512);
	/* WRITE(10) 2 blocks at 100, READ(10) back. */
	memset(data, 0xa5, 1024);
	uint8_t w[10] = { 0x2a, 0x08, 0, 0, 0, 100, 0, 0, 2, 0 };	/* FUA */
	CHECK_EQ(run(d, w, 10, 0), SCSI_GOOD);
	memset(data, 0, 1024);
	uint8_t r[10] = { 0x28, 0, 0, 0, 0, 99, 0, 0, 3, 0 };
	CHECK_EQ(run(d, r, 10, 0), SCSI_GOOD);
	CHECK_EQ(req.xfer_pos, 1536);
	CHECK_EQ(data[0], 99);	/* image pattern: sector number */
	CHECK_EQ(data[512], 0xa5);
	CHECK_EQ(data[1535], 0xa5);
	/* READ(6) length 0 means 256 blocks. */
	CHECK_EQ(run6(d, 0x08, 0, 0, 0, 0), SCSI_GOOD);
	CHECK_EQ(req.xfer_pos, 256 * 512);
	/* Out of range: 05/21. */
	uint8_t far[10] = { 0x28, 0, 0, 0, 0x07, 0xff, 0, 0, 2, 0 };
	CHECK_EQ(run(d, far, 10, 0), SCSI_CHECK_CONDITION);
	CHECK_EQ(sense(d), 0x0521);
	/* Unknown opcode: 05/20; and sense is cleared once read. */
	CHECK_EQ(run6(d, 0x02, 0, 0, 0, 0), SCSI_CHECK_CONDITION);
	CHECK_EQ(sense(d), 0x0520);
	CHECK_EQ(sense(d), 0x0000);
	/* SYNCHRONIZE CACHE, VERIFY, START STOP, RESERVE. */
	uint8_t sc[10] = { 0x35 };
	CHECK_EQ(run(d, sc, 10, 0), SCSI_GOOD);
	uint8_t v[10] = { 0x2f, 0, 0, 0, 0, 1, 0, 0, 1, 0 };
	CHECK_EQ(run(d, v, 10, 0), SCSI_GOOD);
	CHECK_EQ(run6(d, 0x1b, 0, 0, 0, 1), SCSI_GOOD);
	CHECK_EQ(run6(d, 0x16, 0, 0, 0, 0), SCSI_GOOD);
	CHECK_EQ(run6(d, 0x04, 0, 0, 0, 0), SCSI_GOOD);
	d->ops->destroy(d);
}

static void short_write_writes_nothing(void)
{
	struct scsi_dev *d = make_disk(1 << 20);
	uint8_t w[10] = { 0x2a, 0, 0, 0, 0, 10, 0, 0, 4, 0 };
	uint8_t r[10] = { 0x28, 0, 0, 0, 0, 10, 0, 0, 4, 0 };

	scsi_req_start(d, &req, w, 10, 0);
	CHECK_EQ(req.dir, SCSI_DIR_OUT);
	memset(data, 0xee, 2048);
	CHECK_EQ(scsi_req_write(d, &req, data, 1500), 1500);
	scsi_req_end_data(d, &req);
	CHECK_EQ(req.status, SCSI_CHECK_CONDITION);
	CHECK_EQ(run(d, r, 10, 0), SCSI_GOOD);
	CHECK_EQ(data[0], 10);
	CHECK_EQ(data[600], 11);
	d->ops->destroy(d);
}

static void mode_pages(void)
{
	struct scsi_dev *d = make_disk(1 << 20), *cd = make_cd(1);
	static const uint8_t pages[] = { 1, 2, 3, 4, 8, 0x0a };

	for (size_t i = 0; i < sizeof(pages); i++) {
		CHECK_EQ(run6(d, 0x1a, 0, pages[i], 0, 255), SCSI_GOOD);
		CHECK_EQ(data[3], 8);	/* block descriptor */
		CHECK_EQ(scsi_be(data + 9, 3), 512);
		CHECK_EQ(data[12] & 0x3f, pages[i]);
	}
	CHECK_EQ(run6(d, 0x1a, 0, 0x0e, 0, 255), SCSI_CHECK_CONDITION);
	CHECK_EQ(sense(d), 0x0524);
	CHECK_EQ(run6(d, 0x1a, 0x08, 0x3f, 0, 255), SCSI_GOOD);
	CHECK_EQ(data[3], 0);
	uint8_t ms10[10] = { 0x5a, 0, 0x04, 0, 0, 0, 0, 1, 0, 0 };
	CHECK_EQ(run(d, ms10, 10, 0), SCSI_GOOD);
	CHECK_EQ(data[16] & 0x3f, 4);
	CHECK_EQ(run6(cd, 0x1a, 0, 0x0e, 0, 255), SCSI_GOOD);
	CHECK_EQ(data[12], 0x0e);
	CHECK_EQ(data[2], 0x80);	/* write protected */
	d->ops->destroy(d);
	cd->ops->destroy(cd);
}

static uint8_t mode_select_bs(struct scsi_dev *d, uint32_t bs)
{
	memset(data, 0, 12);
	data[3] = 8;
	scsi_put_be(data + 9, 3, bs);
	return run6(d, 0x15, 0x10, 0, 0, 12);
}

static void cd_block_sizes_and_toc(void)
{
	struct scsi_dev *cd = make_cd(1);
	uint8_t cap[10] = { 0x25 };

	CHECK_EQ(run(cd, cap, 10, 0), SCSI_GOOD);
	CHECK_EQ(scsi_be(data, 4), 19);
	CHECK_EQ(scsi_be(data + 4, 4), 2048);
	CHECK_EQ(mode_select_bs(cd, 512), SCSI_GOOD);
	CHECK_EQ(run(cd, cap, 10, 0), SCSI_GOOD);
	CHECK_EQ(scsi_be(data, 4), 79);
	CHECK_EQ(scsi_be(data + 4, 4), 512);
	/* READ(10) of 512-byte block 5 is the second quarter of sector 1. */
	uint8_t r[10] = { 0x28, 0, 0, 0, 0, 5, 0, 0, 1, 0 };
	CHECK_EQ(run(cd, r, 10, 0), SCSI_GOOD);
	CHECK_EQ(req.xfer_pos, 512);
	CHECK_EQ(data[0], 5);	/* byte 2560: the pattern is byte / 512 */
	/* Row 15: only sizes that divide 2048. */
	CHECK_EQ(mode_select_bs(cd, 0), SCSI_CHECK_CONDITION);
	CHECK_EQ(sense(cd), 0x0526);
	CHECK_EQ(mode_select_bs(cd, 513), SCSI_CHECK_CONDITION);
	CHECK_EQ(mode_select_bs(cd, 4096), SCSI_CHECK_CONDITION);
	CHECK_EQ(mode_select_bs(cd, 2048), SCSI_GOOD);
	/* Writes are refused: 07/27. */
	uint8_t w[10] = { 0x2a, 0, 0, 0, 0, 1, 0, 0, 1, 0 };
	CHECK_EQ(run(cd, w, 10, 0), SCSI_CHECK_CONDITION);
	CHECK_EQ(sense(cd), 0x0727);
	uint8_t toc[10] = { 0x43, 0, 0, 0, 0, 0, 0, 0, 100, 0 };
	CHECK_EQ(run(cd, toc, 10, 0), SCSI_GOOD);
	CHECK_EQ(scsi_be(data, 2), 18);
	CHECK_EQ(data[6], 1);
	CHECK_EQ(data[14], 0xaa);
	CHECK_EQ(scsi_be(data + 16, 4), 20);
	toc[1] = 2;	/* MSF: lead-out at 00:02:20 */
	CHECK_EQ(run(cd, toc, 10, 0), SCSI_GOOD);
	CHECK_EQ(data[17], 0);
	CHECK_EQ(data[18], 2);
	CHECK_EQ(data[19], 20);
	cd->ops->destroy(cd);
}

static void cd_vendor_and_changer(void)
{
	struct scsi_dev *cd = make_cd(2);
	uint8_t v[10] = { 0xc9 }, cap[10] = { 0x25 };

	CHECK_EQ(run(cd, v, 10, 0), SCSI_GOOD);
	CHECK_EQ(mode_select_bs(cd, 512), SCSI_GOOD);
	v[0] = 0xc4;	/* eject: disc 2 goes in */
	CHECK_EQ(run(cd, v, 10, 0), SCSI_GOOD);
	CHECK_EQ(run6(cd, 0x00, 0, 0, 0, 0), SCSI_CHECK_CONDITION);
	CHECK_EQ(sense(cd), 0x0628);
	CHECK_EQ(run6(cd, 0x00, 0, 0, 0, 0), SCSI_GOOD);
	/* The block size survives the change (SGI-FACTS 4.6.5). */
	CHECK_EQ(run(cd, cap, 10, 0), SCSI_GOOD);
	CHECK_EQ(scsi_be(data, 4), 21 * 4 - 1);
	/* Prevented removal, then the last eject leaves the tray empty. */
	CHECK_EQ(run6(cd, 0x1e, 0, 0, 0, 1), SCSI_GOOD);
	CHECK_EQ(run6(cd, 0x1b, 0, 0, 0, 2), SCSI_CHECK_CONDITION);
	CHECK_EQ(run6(cd, 0x1e, 0, 0, 0, 0), SCSI_GOOD);
	CHECK_EQ(run6(cd, 0x1b, 0, 0, 0, 2), SCSI_GOOD);
	CHECK_EQ(run6(cd, 0x00, 0, 0, 0, 0), SCSI_CHECK_CONDITION);
	CHECK_EQ(sense(cd), 0x0628);
	CHECK_EQ(run6(cd, 0x00, 0, 0, 0, 0), SCSI_CHECK_CONDITION);
	CHECK_EQ(sense(cd), 0x023a);
	cd->ops->destroy(cd);
}

/* Row 15: random CDBs of every length, with random data phases cut
 * short; each ends GOOD or CHECK CONDITION, never a crash (ASan). */
static void cdb_fuzz(void)
{
	struct scsi_dev *devs[2] = { make_disk(1 << 20), make_cd(2) };
	uint32_t x = 2024;

	for (int i = 0; i < 40000; i++) {
		struct scsi_dev *d = devs[i & 1];
		uint8_t cdb[16];
		unsigned len;

		for (int k = 0; k < 16; k++) {
			x = x * 1103515245 + 12345;
			cdb[k] = x >> 16;
		}
		/* Often a known opcode, so the field checks are reached. */
		static const uint8_t ops[] = { 0x00, 0x03, 0x08, 0x0a, 0x12,
			0x15, 0x1a, 0x1b, 0x25, 0x28, 0x2a, 0x2f, 0x35, 0x43,
			0x55, 0x5a, 0xa8, 0xaa, 0xc4, 0xc9, 0x37, 0x04 };
		if (x & 0x100)
			cdb[0] = ops[(x >> 20) % sizeof(ops)];
		len = (x >> 9) % 17;
		if (!len)
			len = 1;
		scsi_req_start(d, &req, cdb, len, (x >> 26) & 1 ? 0 : 0);
		if (req.dir == SCSI_DIR_IN)
			scsi_req_read(d, &req, data, (x >> 12) % sizeof(data));
		else if (req.dir == SCSI_DIR_OUT)
			scsi_req_write(d, &req, data, (x >> 12) % sizeof(data));
		scsi_req_end_data(d, &req);
		CHECK(req.done);
		CHECK(req.status == SCSI_GOOD ||
		      req.status == SCSI_CHECK_CONDITION);
	}
	scsi_req_abort(&req);
	devs[0]->ops->destroy(devs[0]);
	devs[1]->ops->destroy(devs[1]);
}

/* Row 23 at the device: what the guest saw complete after SYNCHRONIZE
 * CACHE is in the image after the VMM is killed. */
static void sigkill_after_sync(void)
{
	const char *path = make_image("k.img", 1 << 20, 0);
	pid_t pid = fork();
	int status;

	if (pid == 0) {
		struct block *b;
		struct scsi_dev *d;
		struct err e;
		uint8_t w[10] = { 0x2a, 0, 0, 0, 0, 0, 0, 0, 8, 0 };
		uint8_t sc[10] = { 0x35 };

		if (block_open(&b, path, "raw", 0, &e) < 0 ||
		    scsi_disk_create(&d, b, "disk", &e) < 0)
			_exit(2);
		for (int i = 0; i < 32; i++) {
			w[5] = i * 8;
			memset(data, 0x40 + i, 4096);
			if (run(d, w, 10, 0) != SCSI_GOOD)
				_exit(3);
		}
		if (run(d, sc, 10, 0) != SCSI_GOOD)
			_exit(4);
		raise(SIGKILL);
		_exit(5);
	}
	CHECK(waitpid(pid, &status, 0) == pid);
	CHECK(WIFSIGNALED(status));
	FILE *f = fopen(path, "rb");
	for (int i = 0; i < 32; i++) {
		uint8_t sec[4096];

		CHECK(fread(sec, 1, sizeof(sec), f) == sizeof(sec));
		CHECK_EQ(sec[0], 0x40 + i);
		CHECK_EQ(sec[4095], 0x40 + i);
	}
	fclose(f);
}

/* Row 24: the image shrinks under a running VM: a read past the new end
 * is a MEDIUM ERROR with the LBA, and the VM goes on. */
static void image_truncated(void)
{
	const char *path = make_image("t.img", 1 << 20, 0);
	struct block *b;
	struct scsi_dev *d;
	struct err e;
	uint8_t r[10] = { 0x28, 0, 0, 0, 0x07, 0xf0, 0, 0, 1, 0 };

	if (block_open(&b, path, "raw", 0, &e) < 0 ||
	    scsi_disk_create(&d, b, "disk", &e) < 0)
		return;
	CHECK(truncate(path, 1 << 19) == 0);
	CHECK_EQ(run(d, r, 10, 0), SCSI_CHECK_CONDITION);
	CHECK_EQ(sense(d), 0x0311);
	r[4] = 0;
	CHECK_EQ(run(d, r, 10, 0), SCSI_GOOD);
	d->ops->destroy(d);
}

TEST_MAIN("scsi_disk", T(sigkill_after_sync), T(image_truncated), T(inquiry_identity), T(read_write_capacity),
	  T(short_write_writes_nothing), T(mode_pages),
	  T(cd_block_sizes_and_toc), T(cd_vendor_and_changer), T(cdb_fuzz))
