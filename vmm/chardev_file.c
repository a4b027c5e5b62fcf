/* "file:PATH": guest output goes to a file, truncated at open; no input.
 * Writes go through the ring on the I/O thread, so a slow disk never
 * stalls the guest. */
#include "chardev_backend.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

static int chardev_file_open(struct chardev *chr, const char *path,
			     struct err *e)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	if (fd < 0)
		return err_set(e, "%s: cannot open \"%s\": %s", chr->spec, path,
			       strerror(errno));
	if (chardev_set_fds(chr, -1, fd, 0, e) < 0) {
		close(fd);
		return -1;
	}
	return 0;
}

static void chardev_file_close(struct chardev *chr)
{
	if (chr->out_fd >= 0)
		close(chr->out_fd);
	chr->out_fd = -1;
}

const struct chardev_backend chardev_file_backend = {
	.name = "file",
	.usage = "file:PATH",
	.has_arg = true,
	.has_output = true,
	.open = chardev_file_open,
	.close = chardev_file_close,
};
