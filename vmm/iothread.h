/* The I/O thread: one poll loop serving host file descriptors for
 * character devices (and later network, monitor). Every callback runs
 * with the machine lock held, so it may call into devices directly. */
#ifndef MIPSVZ_IOTHREAD_H
#define MIPSVZ_IOTHREAD_H

#include <pthread.h>
#include <poll.h>

#include "err.h"

struct iothread;

typedef void (*iothread_fd_cb)(void *opaque, int fd, short revents);

/* machine_lock may be NULL (tests). The thread starts at once. */
struct iothread *iothread_create(pthread_mutex_t *machine_lock,
				 struct err *e);
/* Stops the thread and frees it; fds are not closed. Not from a
 * callback, and not with the machine lock held (the thread may be
 * waiting for it to run a callback). */
void iothread_destroy(struct iothread *io);
/* Watch fd for `events` (POLLIN/POLLOUT; 0 = registered but muted);
 * thread-safe, callable from callbacks. -1 (errno EEXIST) if the fd is
 * already watched. */
int iothread_add_fd(struct iothread *io, int fd, short events,
		    iothread_fd_cb cb, void *opaque);
void iothread_set_events(struct iothread *io, int fd, short events);
/* Waits for the fd's callback if it is running on the I/O thread. */
void iothread_del_fd(struct iothread *io, int fd);
/* Wait until a callback running now has returned, so that after a
 * backend's watches are gone its data can be freed even if a callback
 * removed its own watch. No-op on the I/O thread. Do not hold a lock such
 * a callback may take (the machine lock is fine: callbacks run under it). */
void iothread_quiesce(struct iothread *io);
/* Who to tell when the user asks to quit (Ctrl-A x on stdio). */
void iothread_set_quit(struct iothread *io, void (*quit)(void *opaque),
		       void *opaque);
void iothread_request_quit(struct iothread *io);

#endif
