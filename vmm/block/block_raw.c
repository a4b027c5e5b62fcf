/* Raw images: the file's bytes are the disk's bytes. Regular files and
 * host block devices. */
#include "block_int.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vmm/log.h"

struct raw_state {
	int fd;
};

static int raw_fd(const struct block *b)
{
	return ((const struct raw_state *)b->drv_state)->fd;
}

static int raw_open(struct block *b, unsigned flags, struct err *e)
{
	struct raw_state *s;
	struct stat st;
	off_t end;
	int fd;

	fd = open(b->path, (b->readonly ? O_RDONLY : O_RDWR) | O_CLOEXEC);
	if (fd < 0) {
		if (!b->readonly && (errno == EROFS || errno == EACCES))
			return err_set(e, "cannot open \"%s\" for writing: %s"
					  " (set readonly = true to use it"
					  " read-only)", b->path,
				       strerror(errno));
		return err_set(e, "cannot open \"%s\": %s", b->path,
			       strerror(errno));
	}
	if (fstat(fd, &st) < 0 || (!S_ISREG(st.st_mode) &&
				   !S_ISBLK(st.st_mode))) {
		close(fd);
		return err_set(e, "cannot open \"%s\": not a regular file or"
				  " block device", b->path);
	}
	end = lseek(fd, 0, SEEK_END);
	if (end < 0) {
		err_set(e, "cannot size \"%s\": %s", b->path, strerror(errno));
		close(fd);
		return -1;
	}
	if (block_lock_image(fd, b->path, !b->readonly, e) < 0) {
		close(fd);
		return -1;
	}
	if (end % BLOCK_SECTOR)
		log_msg("%s: size %" PRId64 " is not a multiple of %d bytes;"
			" the last %" PRId64 " bytes are not addressable",
			b->path, (int64_t)end, BLOCK_SECTOR,
			(int64_t)(end % BLOCK_SECTOR));
	s = malloc(sizeof(*s));
	if (!s) {
		close(fd);
		return err_set(e, "out of memory");
	}
	s->fd = fd;
	b->drv_state = s;
	b->size = end;
	return 0;
}

static int raw_pread(struct block *b, void *buf, size_t len, uint64_t off,
		     struct err *e)
{
	uint8_t *p = buf;

	while (len) {
		ssize_t n = pread(raw_fd(b), p, len, off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return err_set(e, "%s: read at %" PRIu64 " failed: %s",
				       b->path, off, strerror(errno));
		if (n == 0)
			/* The file shrank under us (BAD-INPUTS row 24). */
			return err_set(e, "%s: read at %" PRIu64 " is past the"
					  " end of the file: was the image"
					  " truncated while in use?",
				       b->path, off);
		p += n;
		off += n;
		len -= n;
	}
	return 0;
}

static int raw_pwrite(struct block *b, const void *buf, size_t len,
		      uint64_t off, struct err *e)
{
	const uint8_t *p = buf;

	while (len) {
		ssize_t n = pwrite(raw_fd(b), p, len, off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return err_set(e, "%s: write at %" PRIu64 " failed: %s",
				       b->path, off,
				       n < 0 ? strerror(errno) : "no progress");
		p += n;
		off += n;
		len -= n;
	}
	return 0;
}

static int raw_flush(struct block *b, struct err *e)
{
	int ret;

	do
		ret = fdatasync(raw_fd(b));
	while (ret < 0 && errno == EINTR);
	if (ret < 0) {
		int saved = errno;

		err_set(e, "%s: flush (fdatasync) failed: %s", b->path,
			strerror(saved));
		return -saved;
	}
	return 0;
}

static void raw_close(struct block *b)
{
	struct raw_state *s = b->drv_state;

	/* Closing the file description drops its OFD locks. */
	close(s->fd);
	free(s);
}

const struct block_driver block_raw_driver = {
	.name = "raw",
	.open = raw_open,
	.pread = raw_pread,
	.pwrite = raw_pwrite,
	.flush = raw_flush,
	.close = raw_close,
};
