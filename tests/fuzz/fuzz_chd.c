/* libFuzzer target: the CHD v5 parser (header, maps, metadata) and every
 * hunk read of whatever opens (BAD-INPUTS rows 3-9, 29). */
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "vmm/block/block_chd.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int fd = memfd_create("fuzz.chd", 0);
	struct chd *c;
	struct err e;
	uint8_t buf[4096];

	if (fd < 0)
		return 0;
	if (write(fd, data, size) != (ssize_t)size) {
		close(fd);
		return 0;
	}
	if (chd_open_fd(&c, fd, "fuzz.chd", &e) == 0) {
		/* A bounded number of hunks and reads per input. */
		for (uint32_t i = 0; i < c->hunkcount && i < 64; i++)
			chd_read_hunk(c, i, &e);
		if (c->logical >= sizeof(buf))
			chd_read(c, buf, sizeof(buf), c->logical - sizeof(buf),
				 &e);
		chd_close(c);	/* closes fd */
	} else {
		close(fd);
	}
	return 0;
}
