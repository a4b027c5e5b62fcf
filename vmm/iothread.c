/* The I/O thread: a poll() loop over registered fds. The watch list has
 * its own mutex (io->lock), never held while a callback runs, so callbacks
 * may add, change and remove watches. Lock order: machine lock, then any
 * backend lock, then io->lock. */
#include "iothread.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "log.h"

struct io_watch {
	int fd;
	short events;
	iothread_fd_cb cb;
	void *opaque;
	uint64_t id;		/* unique per add: a reused fd is a new watch */
};

struct iothread {
	pthread_t thread;
	pthread_mutex_t *machine_lock;
	pthread_mutex_t lock;		/* everything below */
	pthread_cond_t cb_done;
	struct io_watch *w;
	size_t n, cap;
	uint64_t next_id;
	uint64_t running_id;		/* watch whose callback runs now */
	uint64_t cb_seq;		/* callbacks completed */
	int wake_fd;			/* eventfd: the watch list changed */
	bool stop;
	void (*quit)(void *opaque);
	void *quit_opaque;
};

static bool iothread_on_thread(struct iothread *io)
{
	return pthread_equal(pthread_self(), io->thread);
}

static void iothread_kick(struct iothread *io)
{
	uint64_t one = 1;

	/* From the I/O thread itself the loop rebuilds its set anyway. */
	if (iothread_on_thread(io))
		return;
	/* EAGAIN means the counter is already non-zero: a wake-up is due. */
	while (write(io->wake_fd, &one, sizeof(one)) < 0 && errno == EINTR)
		;
}

static struct io_watch *iothread_find(struct iothread *io, int fd)
{
	for (size_t i = 0; i < io->n; i++)
		if (io->w[i].fd == fd)
			return &io->w[i];
	return NULL;
}

static struct io_watch *iothread_find_id(struct iothread *io, uint64_t id)
{
	for (size_t i = 0; i < io->n; i++)
		if (io->w[i].id == id)
			return &io->w[i];
	return NULL;
}

/* Snapshot of one watch for a poll round. */
struct io_polled {
	uint64_t id;
	iothread_fd_cb cb;
	void *opaque;
};

static void iothread_dispatch(struct iothread *io, struct pollfd *pfd,
			      struct io_polled *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct io_watch *w;
		short rev = pfd[i].revents;

		if (!rev)
			continue;
		if (io->machine_lock)
			pthread_mutex_lock(io->machine_lock);
		pthread_mutex_lock(&io->lock);
		/* An earlier callback this round may have removed or muted it. */
		w = iothread_find_id(io, p[i].id);
		if (w && (rev & POLLNVAL)) {
			LOG_RATELIMITED("iothread: fd %d was closed while "
					"watched; ignoring it", w->fd);
			w->events = 0;
			w = NULL;
		}
		if (w)
			rev &= w->events | POLLERR | POLLHUP;
		if (w && rev)
			io->running_id = w->id;
		pthread_mutex_unlock(&io->lock);
		if (w && rev) {
			p[i].cb(p[i].opaque, pfd[i].fd, rev);
			pthread_mutex_lock(&io->lock);
			io->running_id = 0;
			io->cb_seq++;
			pthread_cond_broadcast(&io->cb_done);
			pthread_mutex_unlock(&io->lock);
		}
		if (io->machine_lock)
			pthread_mutex_unlock(io->machine_lock);
	}
}

static void *iothread_main(void *arg)
{
	struct iothread *io = arg;
	struct pollfd *pfd = NULL;
	struct io_polled *p = NULL;
	size_t cap = 0;
	sigset_t pipe_set;

	/* A reader that went away must show up as EPIPE from write(), not
	 * as a SIGPIPE that kills the VMM. */
	sigemptyset(&pipe_set);
	sigaddset(&pipe_set, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &pipe_set, NULL);

	for (;;) {
		size_t n;

		pthread_mutex_lock(&io->lock);
		if (io->stop) {
			pthread_mutex_unlock(&io->lock);
			break;
		}
		if (cap < io->n + 1) {
			size_t ncap = io->cap + 1;
			struct pollfd *np = realloc(pfd, ncap * sizeof(*np));
			struct io_polled *nq;

			if (np)
				pfd = np;
			nq = np ? realloc(p, ncap * sizeof(*nq)) : NULL;
			if (nq)
				p = nq;
			if (!np || !nq) {
				/* Keep serving what fits rather than die. */
				LOG_RATELIMITED("iothread: out of memory");
			} else {
				cap = ncap;
			}
		}
		if (!cap) {
			pthread_mutex_unlock(&io->lock);
			poll(NULL, 0, 10);
			continue;
		}
		pfd[0] = (struct pollfd){ .fd = io->wake_fd, .events = POLLIN };
		n = 0;
		for (size_t i = 0; i < io->n && n + 1 < cap; i++) {
			struct io_watch *w = &io->w[i];

			/* A negative fd makes poll skip the entry: a muted
			 * watch must not report POLLHUP over and over. */
			pfd[n + 1] = (struct pollfd){
				.fd = w->events ? w->fd : -1,
				.events = w->events,
			};
			p[n] = (struct io_polled){ w->id, w->cb, w->opaque };
			n++;
		}
		pthread_mutex_unlock(&io->lock);

		if (poll(pfd, n + 1, -1) < 0) {
			if (errno == EINTR)
				continue;
			LOG_RATELIMITED("iothread: poll: %s", strerror(errno));
			continue;
		}
		if (pfd[0].revents) {
			uint64_t v;

			if (read(io->wake_fd, &v, sizeof(v)) < 0 &&
			    errno != EAGAIN && errno != EINTR)
				LOG_RATELIMITED("iothread: wake-up read: %s",
						strerror(errno));
		}
		iothread_dispatch(io, pfd + 1, p, n);
	}
	free(pfd);
	free(p);
	return NULL;
}

struct iothread *iothread_create(pthread_mutex_t *machine_lock,
				 struct err *e)
{
	struct iothread *io = calloc(1, sizeof(*io));
	int rc;

	if (!io) {
		err_set(e, "iothread: out of memory");
		return NULL;
	}
	io->machine_lock = machine_lock;
	io->next_id = 1;
	pthread_mutex_init(&io->lock, NULL);
	pthread_cond_init(&io->cb_done, NULL);
	io->wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (io->wake_fd < 0) {
		err_set(e, "iothread: eventfd: %s", strerror(errno));
		goto fail;
	}
	rc = pthread_create(&io->thread, NULL, iothread_main, io);
	if (rc) {
		err_set(e, "iothread: cannot start thread: %s", strerror(rc));
		close(io->wake_fd);
		goto fail;
	}
	return io;
fail:
	pthread_cond_destroy(&io->cb_done);
	pthread_mutex_destroy(&io->lock);
	free(io);
	return NULL;
}

void iothread_destroy(struct iothread *io)
{
	if (!io)
		return;
	pthread_mutex_lock(&io->lock);
	io->stop = true;
	pthread_mutex_unlock(&io->lock);
	iothread_kick(io);
	pthread_join(io->thread, NULL);
	close(io->wake_fd);
	pthread_cond_destroy(&io->cb_done);
	pthread_mutex_destroy(&io->lock);
	free(io->w);
	free(io);
}

int iothread_add_fd(struct iothread *io, int fd, short events,
		    iothread_fd_cb cb, void *opaque)
{
	int ret = -1;

	pthread_mutex_lock(&io->lock);
	if (fd < 0 || iothread_find(io, fd)) {
		errno = EEXIST;
		goto out;
	}
	if (io->n == io->cap) {
		size_t ncap = io->cap ? io->cap * 2 : 8;
		struct io_watch *nw = realloc(io->w, ncap * sizeof(*nw));

		if (!nw) {
			errno = ENOMEM;
			goto out;
		}
		io->w = nw;
		io->cap = ncap;
	}
	io->w[io->n++] = (struct io_watch){
		.fd = fd, .events = events, .cb = cb, .opaque = opaque,
		.id = io->next_id++,
	};
	ret = 0;
out:
	pthread_mutex_unlock(&io->lock);
	if (!ret)
		iothread_kick(io);
	return ret;
}

void iothread_set_events(struct iothread *io, int fd, short events)
{
	struct io_watch *w;
	bool changed = false;

	pthread_mutex_lock(&io->lock);
	w = iothread_find(io, fd);
	if (w && w->events != events) {
		w->events = events;
		changed = true;
	}
	pthread_mutex_unlock(&io->lock);
	if (changed)
		iothread_kick(io);
}

void iothread_del_fd(struct iothread *io, int fd)
{
	struct io_watch *w;

	pthread_mutex_lock(&io->lock);
	w = iothread_find(io, fd);
	if (w) {
		uint64_t id = w->id;

		*w = io->w[--io->n];
		/* After return the caller may free the callback's data, so
		 * wait out a callback still running on the I/O thread. This
		 * cannot deadlock on the machine lock: a caller holding it
		 * excludes callbacks (they run under it). */
		while (io->running_id == id && !iothread_on_thread(io))
			pthread_cond_wait(&io->cb_done, &io->lock);
	}
	pthread_mutex_unlock(&io->lock);
	if (w)
		iothread_kick(io);
}

void iothread_quiesce(struct iothread *io)
{
	uint64_t seq;

	if (iothread_on_thread(io))
		return;
	pthread_mutex_lock(&io->lock);
	seq = io->cb_seq;
	while (io->running_id && io->cb_seq == seq)
		pthread_cond_wait(&io->cb_done, &io->lock);
	pthread_mutex_unlock(&io->lock);
}

void iothread_set_quit(struct iothread *io, void (*quit)(void *opaque),
		       void *opaque)
{
	pthread_mutex_lock(&io->lock);
	io->quit = quit;
	io->quit_opaque = opaque;
	pthread_mutex_unlock(&io->lock);
}

void iothread_request_quit(struct iothread *io)
{
	void (*quit)(void *);
	void *opaque;

	pthread_mutex_lock(&io->lock);
	quit = io->quit;
	opaque = io->quit_opaque;
	pthread_mutex_unlock(&io->lock);
	if (quit)
		quit(opaque);
	else
		log_msg("quit requested, but nothing is listening");
}
