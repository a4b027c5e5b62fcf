/* "pty": a pseudo-terminal; attach with `screen /dev/pts/N` or minicom.
 * The VMM keeps its own descriptor for the terminal side open, so the
 * master never reports a hang-up while nobody is attached, and people can
 * attach, leave and come back. */
#include "chardev_backend.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "log.h"

struct chardev_pty {
	int master;
	int slave;
	char path[64];
};

static int chardev_pty_open(struct chardev *chr, const char *arg,
			    struct err *e)
{
	struct chardev_pty *p = calloc(1, sizeof(*p));
	struct termios t;

	if (!p)
		return err_set(e, "pty: out of memory");
	p->slave = -1;
	p->master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (p->master < 0) {
		err_set(e, "pty: cannot open a pseudo-terminal: %s",
			strerror(errno));
		goto fail;
	}
	if (grantpt(p->master) < 0 || unlockpt(p->master) < 0 ||
	    ptsname_r(p->master, p->path, sizeof(p->path)) != 0) {
		err_set(e, "pty: cannot set up the pseudo-terminal: %s",
			strerror(errno));
		goto fail;
	}
	p->slave = open(p->path, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (p->slave < 0) {
		err_set(e, "pty: cannot open %s: %s", p->path, strerror(errno));
		goto fail;
	}
	/* Raw: no echo of guest output back into the guest, no CR/LF
	 * rewriting; a terminal program sets its own modes on attach. */
	if (tcgetattr(p->slave, &t) == 0) {
		cfmakeraw(&t);
		tcsetattr(p->slave, TCSANOW, &t);
	}
	if (fcntl(p->master, F_SETFL,
		  fcntl(p->master, F_GETFL) | O_NONBLOCK) < 0) {
		err_set(e, "pty: %s", strerror(errno));
		goto fail;
	}
	chr->priv = p;
	if (chardev_set_fds(chr, p->master, p->master, CHARDEV_OUT_DIRECT,
			    e) < 0) {
		chr->priv = NULL;
		goto fail;
	}
	log_msg("serial on %s", p->path);
	return 0;
fail:
	if (p->slave >= 0)
		close(p->slave);
	if (p->master >= 0)
		close(p->master);
	free(p);
	return -1;
}

static void chardev_pty_close(struct chardev *chr)
{
	struct chardev_pty *p = chr->priv;

	close(p->slave);
	close(p->master);
	free(p);
	chr->priv = NULL;
}

const char *chardev_pty_path(struct chardev *chr)
{
	const struct chardev_pty *p;

	if (!chr || chr->be != &chardev_pty_backend)
		return NULL;
	p = chr->priv;
	return p->path;
}

const struct chardev_backend chardev_pty_backend = {
	.name = "pty",
	.usage = "pty",
	.has_output = true,
	.open = chardev_pty_open,
	.close = chardev_pty_close,
};
