/* "stdio": the guest console on the VMM's own stdin/stdout. A terminal
 * on stdin is put in raw mode, so every key (Ctrl-C too) reaches the
 * guest; Ctrl-A is the escape key for the VMM. Pipes, files, /dev/null and
 * sockets work as well: no raw mode, and EOF on stdin ends input only. */
#include "chardev_backend.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "iothread.h"
#include "log.h"

#define STDIO_ESCAPE 0x01	/* Ctrl-A */

/* The one justified piece of global state: a signal handler has nothing
 * else to find the terminal's original settings with. */
static struct {
	volatile sig_atomic_t raw;	/* stdin's termios must be restored */
	volatile sig_atomic_t in_use;	/* one stdio chardev per process */
	bool atexit_done;
	struct termios saved;
} stdio_tty;

struct chardev_stdio {
	int out_fd;		/* our own descriptor for stdout, or 1 */
	bool owned;		/* out_fd was opened here */
	bool use_send;		/* stdout is a socket */
	bool escape;		/* Ctrl-A seen, waiting for the command key */
};

void chardev_restore_terminal(void)
{
	/* tcsetattr is async-signal-safe; nothing else happens here. */
	if (stdio_tty.raw) {
		tcsetattr(STDIN_FILENO, TCSANOW, &stdio_tty.saved);
		stdio_tty.raw = 0;
	}
}

static void stdio_raw_mode(void)
{
	struct termios t;

	if (!isatty(STDIN_FILENO) || tcgetattr(STDIN_FILENO, &t) < 0)
		return;
	stdio_tty.saved = t;
	cfmakeraw(&t);
	if (!stdio_tty.atexit_done) {
		atexit(chardev_restore_terminal);
		stdio_tty.atexit_done = true;
	}
	stdio_tty.raw = 1;
	if (tcsetattr(STDIN_FILENO, TCSANOW, &t) < 0)
		stdio_tty.raw = 0;
}

/* A descriptor for stdout that never blocks the VMM. Setting O_NONBLOCK
 * on fd 1 itself would change the file description shared with stderr
 * and the shell, so terminals and pipes are opened anew; sockets take
 * MSG_DONTWAIT per call; files and /dev/null do not block anyway. */
static void stdio_open_output(struct chardev_stdio *s, unsigned *flags)
{
	struct stat st;
	int fd;

	s->out_fd = STDOUT_FILENO;
	if (fstat(STDOUT_FILENO, &st) < 0) {
		s->out_fd = -1;
		return;
	}
	if (S_ISSOCK(st.st_mode)) {
		s->use_send = true;
		*flags |= CHARDEV_OUT_DIRECT;
		return;
	}
	if (!S_ISFIFO(st.st_mode) && !isatty(STDOUT_FILENO))
		return;
	fd = open("/proc/self/fd/1", O_WRONLY | O_NONBLOCK | O_NOCTTY |
		  O_CLOEXEC);
	if (fd < 0) {
		log_msg("stdio: cannot reopen stdout without blocking (%s); "
			"a stalled terminal may stall the guest",
			strerror(errno));
		return;
	}
	s->out_fd = fd;
	s->owned = true;
	/* A pipe whose reader left raises SIGPIPE: only the I/O thread
	 * (which blocks it) may write then. */
	if (!S_ISFIFO(st.st_mode))
		*flags |= CHARDEV_OUT_DIRECT;
}

static int chardev_stdio_open(struct chardev *chr, const char *arg,
			      struct err *e)
{
	struct chardev_stdio *s;
	unsigned flags = 0;
	struct stat st;
	int in_fd = STDIN_FILENO;

	if (stdio_tty.in_use)
		return err_set(e, "stdio: already used by another serial port; "
			       "give the others file:, tcp: or pty");
	s = calloc(1, sizeof(*s));
	if (!s)
		return err_set(e, "stdio: out of memory");
	if (fstat(STDIN_FILENO, &st) < 0)
		in_fd = -1;
	stdio_open_output(s, &flags);
	chr->priv = s;
	if (chardev_set_fds(chr, in_fd, s->out_fd, flags, e) < 0) {
		if (s->owned)
			close(s->out_fd);
		free(s);
		chr->priv = NULL;
		return -1;
	}
	stdio_tty.in_use = 1;
	stdio_raw_mode();
	return 0;
}

static void chardev_stdio_close(struct chardev *chr)
{
	struct chardev_stdio *s = chr->priv;

	chardev_restore_terminal();
	if (s && s->owned)
		close(s->out_fd);
	free(s);
	chr->priv = NULL;
	stdio_tty.in_use = 0;
}

static ssize_t chardev_stdio_write(struct chardev *chr, int fd,
				   const void *buf, size_t len)
{
	struct chardev_stdio *s = chr->priv;

	if (s->use_send)
		return send(fd, buf, len, MSG_DONTWAIT | MSG_NOSIGNAL);
	return write(fd, buf, len);
}

static void stdio_help(void)
{
	log_msg("escape keys (Ctrl-A, then):");
	log_msg("  x       quit");
	log_msg("  Ctrl-A  send Ctrl-A to the guest");
	log_msg("  h       this help");
	log_msg("  c       monitor (reserved, not available yet)");
}

/* Filter the Ctrl-A commands out of the input; the rest goes to the guest.
 * The escape state survives across reads, since the two keys may come
 * in separate reads. */
static void chardev_stdio_input(struct chardev *chr, const uint8_t *buf,
				size_t len)
{
	struct chardev_stdio *s = chr->priv;
	uint8_t out[4096];
	size_t n = 0;
	bool quit = false;

	for (size_t i = 0; i < len && n < sizeof(out); i++) {
		uint8_t c = buf[i];

		if (!s->escape) {
			if (c == STDIO_ESCAPE)
				s->escape = true;
			else
				out[n++] = c;
			continue;
		}
		s->escape = false;
		switch (c) {
		case STDIO_ESCAPE:
			out[n++] = c;
			break;
		case 'x':
		case 'X':
			quit = true;
			break;
		case 'h':
		case 'H':
		case '?':
			stdio_help();
			break;
		case 'c':
		case 'C':
			log_msg("no monitor yet (Ctrl-A c is reserved for it)");
			break;
		default:
			/* Unknown commands are dropped, not sent on: a
			 * mistyped escape must not surprise the guest. */
			break;
		}
	}
	if (n)
		chardev_deliver(chr, out, n);
	if (quit) {
		log_msg("quit (Ctrl-A x)");
		iothread_request_quit(chr->io);
	}
}

const struct chardev_backend chardev_stdio_backend = {
	.name = "stdio",
	.usage = "stdio",
	.has_output = true,
	.open = chardev_stdio_open,
	.close = chardev_stdio_close,
	.write = chardev_stdio_write,
	.input = chardev_stdio_input,
};
