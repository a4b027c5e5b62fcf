/* libFuzzer target: CDBs and data phases against the SCSI disk and
 * CD-ROM targets over a small in-memory-sized image (row 15, 29). The
 * first byte picks the target, the next 16 are the CDB, the rest is
 * data-out. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vmm/dev/scsi.h"

static struct scsi_dev *devs[2];
static struct scsi_req req;
static uint8_t buf[1 << 16];

static void fuzz_setup(void)
{
	char path[2][32] = { "/tmp/mipsvz-fuzz-XXXXXX",
			     "/tmp/mipsvz-fuzz-XXXXXX" };
	struct block *b, *c;
	struct err e;

	/* Two files: a writable image is locked against other openers. */
	for (int i = 0; i < 2; i++) {
		int fd = mkstemp(path[i]);

		if (fd < 0 || ftruncate(fd, 1 << 20) < 0)
			abort();
		close(fd);
	}
	if (block_open(&b, path[0], "raw", 0, &e) < 0 ||
	    block_open(&c, path[1], "iso", 0, &e) < 0 ||
	    scsi_disk_create(&devs[0], b, "disk", &e) < 0 ||
	    scsi_cd_create(&devs[1], &c, 1, "cd", &e) < 0) {
		fprintf(stderr, "%s\n", e.msg);
		abort();
	}
	unlink(path[0]);
	unlink(path[1]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct scsi_dev *d;

	if (!devs[0])
		fuzz_setup();
	if (size < 2)
		return 0;
	d = devs[data[0] & 1];
	scsi_req_start(d, &req, data + 1, size - 1 < 16 ? size - 1 : 16,
		       data[0] >> 7);
	if (req.dir == SCSI_DIR_IN)
		scsi_req_read(d, &req, buf, sizeof(buf));
	else if (req.dir == SCSI_DIR_OUT && size > 17)
		scsi_req_write(d, &req, data + 17, size - 17);
	scsi_req_end_data(d, &req);
	return 0;
}
