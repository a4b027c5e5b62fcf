/* What the chardev core (chardev.c) shares with its backends
 * (chardev_<name>.c). Not for devices: they use chardev.h.
 *
 * Locking: chr->lock guards the output ring, the fds and the flags. It is
 * a leaf below the machine lock: taken by devices (machine lock held) and
 * by the I/O thread's callbacks (machine lock held), and never held while
 * calling a frontend or taking the machine lock. */
#ifndef MIPSVZ_CHARDEV_BACKEND_H
#define MIPSVZ_CHARDEV_BACKEND_H

#include <pthread.h>
#include <stdbool.h>
#include <sys/types.h>

#include "chardev.h"

/* 64 KiB: a few screens of boot log; a power of two for the ring. */
#define CHARDEV_RING_SIZE 65536u

struct chardev_backend {
	const char *name;	/* "tcp" */
	const char *usage;	/* "tcp:HOST:PORT" */
	bool has_arg;		/* spec is "name:ARG" rather than "name" */
	bool has_output;	/* false: output is discarded (none) */
	int (*open)(struct chardev *chr, const char *arg, struct err *e);
	/* Stop watching the backend's own fds (before the core tears
	 * down); optional. */
	void (*unwatch)(struct chardev *chr);
	/* Close fds and free chr->priv; optional. */
	void (*close)(struct chardev *chr);
	/* Write what the host takes now without blocking (if it can);
	 * <0 and errno on error. NULL: write(2). */
	ssize_t (*write)(struct chardev *chr, int fd, const void *buf,
			 size_t len);
	/* Bytes read from the host, e.g. to handle escape keys; they go on
	 * with chardev_deliver. NULL: straight to the frontend. */
	void (*input)(struct chardev *chr, const uint8_t *buf, size_t len);
	/* The host side went away (EOF or an error on read or write); on
	 * the I/O thread. NULL: stop reading (EOF, read error) or drop
	 * further output (write error), the other direction goes on. */
	void (*hangup)(struct chardev *chr);
};

struct chardev {
	const struct chardev_backend *be;
	struct iothread *io;
	char *spec;
	void *priv;			/* backend state */

	pthread_mutex_t lock;
	uint8_t *ring;			/* CHARDEV_RING_SIZE bytes */
	size_t head, tail;		/* free-running; tail - head = used */
	uint64_t dropped;
	bool drop_logged;
	int in_fd, out_fd;		/* -1: none (yet) */
	bool out_direct;		/* writes never block or raise SIGPIPE */
	bool in_held;			/* the frontend said it is full */
	bool in_eof;
	bool out_dead;
	unsigned accept_gen;		/* bumped by chardev_accept_input */
	bool has_fe;
	struct chardev_frontend fe;
};

/* Flags for chardev_set_fds. */
#define CHARDEV_OUT_DIRECT 1u	/* out_fd may be written from any thread */

/* Replace the host fds (-1 = none; in and out may be the same fd) and
 * watch them. Call on the I/O thread or before the fds are watched. */
int chardev_set_fds(struct chardev *chr, int in_fd, int out_fd,
		    unsigned flags, struct err *e);
/* Hand input to the frontend (I/O thread, machine lock held). */
void chardev_deliver(struct chardev *chr, const uint8_t *buf, size_t len);

extern const struct chardev_backend chardev_stdio_backend;
extern const struct chardev_backend chardev_file_backend;
extern const struct chardev_backend chardev_tcp_backend;
extern const struct chardev_backend chardev_pty_backend;

#endif
