/* The chardev core: spec parsing, the bounded output ring, input flow
 * control and the I/O thread callbacks shared by every backend. */
#include "chardev_backend.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "iothread.h"
#include "log.h"

static const struct chardev_backend chardev_none_backend = {
	.name = "none", .usage = "none",
};

static const struct chardev_backend *const chardev_backends[] = {
	&chardev_stdio_backend, &chardev_file_backend, &chardev_tcp_backend,
	&chardev_pty_backend, &chardev_none_backend,
};

#define CHARDEV_NBACKENDS \
	(sizeof(chardev_backends) / sizeof(chardev_backends[0]))

static size_t ring_used(const struct chardev *chr)
{
	return chr->tail - chr->head;
}

/* Tell the I/O thread what to wait for. Called with chr->lock held. */
static void chardev_sync_events(struct chardev *chr)
{
	short in = 0, out = 0;

	if (!chr->io)
		return;
	if (chr->in_fd >= 0 && chr->has_fe && !chr->in_held && !chr->in_eof)
		in = POLLIN;
	if (chr->out_fd >= 0 && !chr->out_dead && ring_used(chr))
		out = POLLOUT;
	if (chr->in_fd >= 0 && chr->in_fd == chr->out_fd) {
		iothread_set_events(chr->io, chr->in_fd, in | out);
		return;
	}
	if (chr->in_fd >= 0)
		iothread_set_events(chr->io, chr->in_fd, in);
	if (chr->out_fd >= 0)
		iothread_set_events(chr->io, chr->out_fd, out);
}

static ssize_t chardev_host_write(struct chardev *chr, const void *buf,
				  size_t len)
{
	if (chr->be->write)
		return chr->be->write(chr, chr->out_fd, buf, len);
	return write(chr->out_fd, buf, len);
}

/* Write buffered output until the host would block. Called with chr->lock
 * held; returns -1 when the host side failed. */
static int chardev_drain_locked(struct chardev *chr)
{
	while (ring_used(chr) && chr->out_fd >= 0 && !chr->out_dead) {
		size_t off = chr->head % CHARDEV_RING_SIZE;
		size_t n = ring_used(chr);
		ssize_t r;

		if (n > CHARDEV_RING_SIZE - off)
			n = CHARDEV_RING_SIZE - off;
		r = chardev_host_write(chr, chr->ring + off, n);
		if (r > 0) {
			chr->head += r;
			continue;
		}
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return 0;
		TRACE(TRACE_IO, "%s: write: %s", chr->spec,
		      r < 0 ? strerror(errno) : "wrote nothing");
		return -1;
	}
	return 0;
}

/* A backend without a hangup hook loses one direction: stdin at EOF
 * must not stop the console output. */
static void chardev_hangup(struct chardev *chr, bool output)
{
	if (chr->be->hangup) {
		chr->be->hangup(chr);
		return;
	}
	pthread_mutex_lock(&chr->lock);
	if (output)
		chr->out_dead = true;
	else
		chr->in_eof = true;
	chardev_sync_events(chr);
	pthread_mutex_unlock(&chr->lock);
}

static void chardev_drain(struct chardev *chr)
{
	int rc;

	pthread_mutex_lock(&chr->lock);
	rc = chardev_drain_locked(chr);
	chardev_sync_events(chr);
	pthread_mutex_unlock(&chr->lock);
	if (rc < 0)
		chardev_hangup(chr, true);
}

void chardev_deliver(struct chardev *chr, const uint8_t *buf, size_t len)
{
	struct chardev_frontend fe;
	bool has_fe;

	pthread_mutex_lock(&chr->lock);
	fe = chr->fe;
	has_fe = chr->has_fe;
	pthread_mutex_unlock(&chr->lock);
	if (has_fe && len)
		fe.receive(fe.opaque, buf, len);
}

static void chardev_read(struct chardev *chr)
{
	uint8_t buf[4096];
	struct chardev_frontend fe;
	unsigned gen;
	size_t room;
	ssize_t r;
	int fd;

	pthread_mutex_lock(&chr->lock);
	fe = chr->fe;
	gen = chr->accept_gen;
	fd = chr->in_fd;
	if (!chr->has_fe || chr->in_held || fd < 0) {
		chardev_sync_events(chr);
		pthread_mutex_unlock(&chr->lock);
		return;
	}
	pthread_mutex_unlock(&chr->lock);

	room = fe.can_receive(fe.opaque);
	if (!room) {
		pthread_mutex_lock(&chr->lock);
		/* An accept_input since can_receive means room again. */
		if (gen == chr->accept_gen)
			chr->in_held = true;
		chardev_sync_events(chr);
		pthread_mutex_unlock(&chr->lock);
		return;
	}
	if (room > sizeof(buf))
		room = sizeof(buf);
	r = read(fd, buf, room);
	if (r > 0) {
		if (chr->be->input)
			chr->be->input(chr, buf, r);
		else
			chardev_deliver(chr, buf, r);
		return;
	}
	if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK ||
		      errno == EINTR))
		return;
	TRACE(TRACE_IO, "%s: input %s", chr->spec,
	      r ? strerror(errno) : "at end of file");
	chardev_hangup(chr, false);
}

static void chardev_fd_event(void *opaque, int fd, short revents)
{
	struct chardev *chr = opaque;
	bool out, in;

	pthread_mutex_lock(&chr->lock);
	out = fd == chr->out_fd;
	in = fd == chr->in_fd;
	pthread_mutex_unlock(&chr->lock);
	if (out && (revents & (POLLOUT | POLLERR | POLLHUP)))
		chardev_drain(chr);
	/* The drain may have hung up and replaced the fds. */
	pthread_mutex_lock(&chr->lock);
	in = in && fd == chr->in_fd;
	pthread_mutex_unlock(&chr->lock);
	if (in && (revents & (POLLIN | POLLERR | POLLHUP)))
		chardev_read(chr);
}

int chardev_set_fds(struct chardev *chr, int in_fd, int out_fd,
		    unsigned flags, struct err *e)
{
	int ret = 0;

	pthread_mutex_lock(&chr->lock);
	if (chr->in_fd >= 0)
		iothread_del_fd(chr->io, chr->in_fd);
	if (chr->out_fd >= 0 && chr->out_fd != chr->in_fd)
		iothread_del_fd(chr->io, chr->out_fd);
	chr->in_fd = in_fd;
	chr->out_fd = out_fd;
	chr->out_direct = flags & CHARDEV_OUT_DIRECT;
	chr->in_held = chr->in_eof = chr->out_dead = false;
	if (in_fd >= 0 &&
	    iothread_add_fd(chr->io, in_fd, 0, chardev_fd_event, chr) < 0)
		ret = err_set(e, "%s: cannot watch fd %d: %s", chr->spec,
			      in_fd, strerror(errno));
	if (!ret && out_fd >= 0 && out_fd != in_fd &&
	    iothread_add_fd(chr->io, out_fd, 0, chardev_fd_event, chr) < 0) {
		ret = err_set(e, "%s: cannot watch fd %d: %s", chr->spec,
			      out_fd, strerror(errno));
		if (in_fd >= 0)
			iothread_del_fd(chr->io, in_fd);
	}
	if (ret)
		chr->in_fd = chr->out_fd = -1;
	chardev_sync_events(chr);
	pthread_mutex_unlock(&chr->lock);
	return ret;
}

static const struct chardev_backend *chardev_lookup(const char *spec,
						    const char **arg)
{
	for (size_t i = 0; i < CHARDEV_NBACKENDS; i++) {
		const struct chardev_backend *be = chardev_backends[i];
		size_t n = strlen(be->name);

		if (strncmp(spec, be->name, n))
			continue;
		if (!be->has_arg && !spec[n]) {
			*arg = spec + n;
			return be;
		}
		if (be->has_arg && spec[n] == ':') {
			*arg = spec + n + 1;
			return be;
		}
	}
	return NULL;
}

static int chardev_unknown(const char *spec, struct err *e)
{
	char valid[128] = "";

	for (size_t i = 0; i < CHARDEV_NBACKENDS; i++) {
		if (i)
			strncat(valid, ", ", sizeof(valid) - strlen(valid) - 1);
		strncat(valid, chardev_backends[i]->usage,
			sizeof(valid) - strlen(valid) - 1);
	}
	return err_set(e, "unknown serial backend \"%s\"; valid: %s", spec,
		       valid);
}

int chardev_open(const char *spec, struct iothread *io, struct chardev **out,
		 struct err *e)
{
	const struct chardev_backend *be;
	struct chardev *chr;
	const char *arg;

	*out = NULL;
	if (!spec || !*spec)
		spec = "none";
	be = chardev_lookup(spec, &arg);
	if (!be)
		return chardev_unknown(spec, e);
	if (be->has_arg && !*arg)
		return err_set(e, "serial backend \"%s\" needs an argument: %s",
			       spec, be->usage);
	if (be->has_output && !io)
		return err_set(e, "%s: no I/O thread to serve it", spec);
	chr = calloc(1, sizeof(*chr));
	if (!chr)
		return err_set(e, "%s: out of memory", spec);
	chr->be = be;
	chr->io = io;
	chr->in_fd = chr->out_fd = -1;
	pthread_mutex_init(&chr->lock, NULL);
	chr->spec = strdup(spec);
	if (be->has_output)
		chr->ring = malloc(CHARDEV_RING_SIZE);
	if (!chr->spec || (be->has_output && !chr->ring)) {
		err_set(e, "%s: out of memory", spec);
		goto fail;
	}
	if (be->open && be->open(chr, arg, e) < 0)
		goto fail;
	*out = chr;
	return 0;
fail:
	pthread_mutex_destroy(&chr->lock);
	free(chr->ring);
	free(chr->spec);
	free(chr);
	return -1;
}

/* Last output at close, as far as the host takes it. This thread may
 * not block SIGPIPE as the I/O thread does, and a pipe whose reader left
 * must not kill the VMM on its way out. */
static void chardev_final_drain(struct chardev *chr)
{
	const struct timespec zero = { 0, 0 };
	sigset_t pipe_set, old, pending;

	sigemptyset(&pipe_set);
	sigaddset(&pipe_set, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &pipe_set, &old);
	pthread_mutex_lock(&chr->lock);
	chardev_drain_locked(chr);
	pthread_mutex_unlock(&chr->lock);
	if (!sigismember(&old, SIGPIPE) && sigpending(&pending) == 0 &&
	    sigismember(&pending, SIGPIPE))
		sigtimedwait(&pipe_set, NULL, &zero);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
}

void chardev_close(struct chardev *chr)
{
	int in_fd, out_fd;

	if (!chr)
		return;
	if (chr->be->unwatch)
		chr->be->unwatch(chr);
	/* Not under chr->lock: del waits for a running callback, which may
	 * need that lock. */
	pthread_mutex_lock(&chr->lock);
	in_fd = chr->in_fd;
	out_fd = chr->out_fd;
	pthread_mutex_unlock(&chr->lock);
	if (in_fd >= 0)
		iothread_del_fd(chr->io, in_fd);
	if (out_fd >= 0 && out_fd != in_fd)
		iothread_del_fd(chr->io, out_fd);
	/* A callback that dropped its own watch (tcp hang-up) may still be
	 * running. */
	if (chr->io)
		iothread_quiesce(chr->io);
	chardev_final_drain(chr);
	if (chr->be->close)
		chr->be->close(chr);
	pthread_mutex_destroy(&chr->lock);
	free(chr->ring);
	free(chr->spec);
	free(chr);
}

void chardev_attach(struct chardev *chr, const struct chardev_frontend *fe)
{
	if (!chr)
		return;
	pthread_mutex_lock(&chr->lock);
	chr->has_fe = fe != NULL;
	chr->fe = fe ? *fe : (struct chardev_frontend){ 0 };
	chr->in_held = false;
	chardev_sync_events(chr);
	pthread_mutex_unlock(&chr->lock);
}

void chardev_write(struct chardev *chr, const uint8_t *buf, size_t len)
{
	size_t room, n;
	bool log_drop = false;

	if (!chr || !chr->be->has_output || !len)
		return;
	pthread_mutex_lock(&chr->lock);
	/* The common case, an idle line: straight out, no I/O thread
	 * round trip, when the fd can never block or signal. */
	if (chr->out_direct && chr->out_fd >= 0 && !chr->out_dead &&
	    !ring_used(chr)) {
		ssize_t r = chardev_host_write(chr, buf, len);

		if (r > 0) {
			buf += r;
			len -= r;
		}
	}
	room = CHARDEV_RING_SIZE - ring_used(chr);
	n = len < room ? len : room;
	for (size_t done = 0; done < n;) {
		size_t off = chr->tail % CHARDEV_RING_SIZE;
		size_t chunk = CHARDEV_RING_SIZE - off;

		if (chunk > n - done)
			chunk = n - done;
		memcpy(chr->ring + off, buf + done, chunk);
		chr->tail += chunk;
		done += chunk;
	}
	if (n < len) {
		chr->dropped += len - n;
		log_drop = !chr->drop_logged;
		chr->drop_logged = true;
	}
	if (n)
		chardev_sync_events(chr);
	pthread_mutex_unlock(&chr->lock);
	if (log_drop)
		log_msg("%s: output buffer full, dropping output (no reader, "
			"or it is too slow)", chr->spec);
}

void chardev_accept_input(struct chardev *chr)
{
	if (!chr)
		return;
	pthread_mutex_lock(&chr->lock);
	chr->accept_gen++;
	chr->in_held = false;
	chardev_sync_events(chr);
	pthread_mutex_unlock(&chr->lock);
}

uint64_t chardev_dropped(struct chardev *chr)
{
	uint64_t n;

	if (!chr)
		return 0;
	pthread_mutex_lock(&chr->lock);
	n = chr->dropped;
	pthread_mutex_unlock(&chr->lock);
	return n;
}

size_t chardev_pending(struct chardev *chr)
{
	size_t n;

	if (!chr)
		return 0;
	pthread_mutex_lock(&chr->lock);
	n = ring_used(chr);
	pthread_mutex_unlock(&chr->lock);
	return n;
}
