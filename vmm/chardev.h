/* Character-device backends for serial ports: "stdio", "file:PATH",
 * "tcp:HOST:PORT", "pty", "none". A device (the frontend) writes output
 * with chardev_write, which never blocks the guest: a slow reader fills a
 * bounded buffer and further bytes are dropped and counted. Input arrives
 * on the I/O thread through the frontend's callbacks, with the machine
 * lock held. A NULL chardev is valid and behaves as "none". */
#ifndef MIPSVZ_CHARDEV_H
#define MIPSVZ_CHARDEV_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

struct chardev;
struct iothread;

struct chardev_frontend {
	/* How many bytes the device can take now (0 = hold input). */
	size_t (*can_receive)(void *opaque);
	void (*receive)(void *opaque, const uint8_t *buf, size_t len);
	void *opaque;
};

int chardev_open(const char *spec, struct iothread *io, struct chardev **out,
		 struct err *e);
void chardev_close(struct chardev *chr);
void chardev_attach(struct chardev *chr, const struct chardev_frontend *fe);
void chardev_write(struct chardev *chr, const uint8_t *buf, size_t len);
/* The frontend can take input again after can_receive returned 0. */
void chardev_accept_input(struct chardev *chr);
/* Output bytes dropped so far because the buffer was full. */
uint64_t chardev_dropped(struct chardev *chr);
/* Output bytes buffered and not yet taken by the host. */
size_t chardev_pending(struct chardev *chr);
/* "tcp:" chardevs: the bound port (useful after asking for port 0);
 * -1 for other backends. */
int chardev_tcp_port(struct chardev *chr);
/* "pty" chardevs: the path of the terminal to open ("/dev/pts/N");
 * NULL for other backends. */
const char *chardev_pty_path(struct chardev *chr);
/* Restore terminals changed by stdio backends (safe from signal paths
 * and atexit; idempotent). */
void chardev_restore_terminal(void);

#endif
