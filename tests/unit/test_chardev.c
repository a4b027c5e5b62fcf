/* Character-device backends: file output, stdio on pipes (escape keys,
 * EOF), tcp over loopback (output, input, reconnect), pty round trip,
 * the bounded output ring, input flow control and bad specs. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "tests/test.h"
#include "vmm/chardev.h"
#include "vmm/iothread.h"

/* Generous: the machine may be loaded by several parallel builds. */
#define WAIT_NS (20 * 1000000000ll)

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ll + ts.tv_nsec;
}

static void nap(void)
{
	struct timespec ts = { 0, 1000000 };

	nanosleep(&ts, NULL);
}

/* A frontend that records what it receives; `room` is what can_receive
 * answers (-1 = unlimited). */
struct sink {
	pthread_mutex_t lock;
	char buf[4096];
	size_t len;
	atomic_int room;
	atomic_int asked;	/* can_receive calls */
	atomic_int quits;
};

static size_t sink_can_receive(void *opaque)
{
	struct sink *s = opaque;
	int room = atomic_load(&s->room);

	atomic_fetch_add(&s->asked, 1);
	return room < 0 ? 4096 : (size_t)room;
}

static void sink_receive(void *opaque, const uint8_t *buf, size_t len)
{
	struct sink *s = opaque;

	pthread_mutex_lock(&s->lock);
	if (len > sizeof(s->buf) - 1 - s->len)
		len = sizeof(s->buf) - 1 - s->len;
	memcpy(s->buf + s->len, buf, len);
	s->len += len;
	s->buf[s->len] = 0;
	pthread_mutex_unlock(&s->lock);
	if (atomic_load(&s->room) > 0)
		atomic_fetch_sub(&s->room, (int)len);
}

static void sink_init(struct sink *s, struct chardev *chr, int room)
{
	struct chardev_frontend fe = {
		.can_receive = sink_can_receive,
		.receive = sink_receive,
		.opaque = s,
	};

	memset(s, 0, sizeof(*s));
	pthread_mutex_init(&s->lock, NULL);
	atomic_store(&s->room, room);
	chardev_attach(chr, &fe);
}

static size_t sink_len(struct sink *s)
{
	size_t n;

	pthread_mutex_lock(&s->lock);
	n = s->len;
	pthread_mutex_unlock(&s->lock);
	return n;
}

/* Wait until the sink holds `want` bytes; returns what it holds. */
static size_t sink_wait(struct sink *s, size_t want)
{
	long long end = now_ns() + WAIT_NS;

	while (sink_len(s) < want && now_ns() < end)
		nap();
	return sink_len(s);
}

static void on_quit(void *opaque)
{
	struct sink *s = opaque;

	atomic_fetch_add(&s->quits, 1);
}

/* Read exactly len bytes from fd (blocking with a deadline). */
static size_t read_full(int fd, void *buf, size_t len)
{
	long long end = now_ns() + WAIT_NS;
	size_t got = 0;

	while (got < len && now_ns() < end) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		ssize_t r;

		if (poll(&p, 1, 100) <= 0)
			continue;
		r = read(fd, (char *)buf + got, len - got);
		if (r <= 0)
			break;
		got += r;
	}
	return got;
}

static void write_all(int fd, const void *buf, size_t len)
{
	CHECK_EQ(write(fd, buf, len), len);
}

static struct iothread *io_new(void)
{
	struct err e;
	struct iothread *io = iothread_create(NULL, &e);

	CHECK(io);
	return io;
}

static void file_gets_exact_bytes(void)
{
	struct iothread *io = io_new();
	char path[512], got[64] = "";
	const uint8_t bytes[] = { 'o', 'k', 0, 0xff, '\r', '\n' };
	struct chardev *chr;
	struct err e;
	char spec[600];
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "%s/serial.log", test_tmpdir());
	/* Truncated at open. */
	f = fopen(path, "w");
	fputs("old contents that must go away", f);
	fclose(f);
	snprintf(spec, sizeof(spec), "file:%s", path);
	CHECK(chardev_open(spec, io, &chr, &e) == 0);
	chardev_write(chr, bytes, sizeof(bytes));
	chardev_write(chr, (const uint8_t *)"tail", 4);
	chardev_close(chr);
	f = fopen(path, "rb");
	CHECK(f);
	n = fread(got, 1, sizeof(got), f);
	fclose(f);
	CHECK_EQ(n, sizeof(bytes) + 4);
	CHECK(!memcmp(got, bytes, sizeof(bytes)));
	CHECK(!memcmp(got + sizeof(bytes), "tail", 4));
	iothread_destroy(io);
}

static void none_and_null_are_silent(void)
{
	struct chardev *chr = (struct chardev *)1;
	struct err e;

	CHECK(chardev_open("none", NULL, &chr, &e) == 0);
	chardev_write(chr, (const uint8_t *)"x", 1);
	CHECK_EQ(chardev_dropped(chr), 0);
	chardev_accept_input(chr);
	chardev_close(chr);
	/* A NULL chardev behaves as none. */
	chardev_write(NULL, (const uint8_t *)"x", 1);
	chardev_attach(NULL, NULL);
	chardev_accept_input(NULL);
	chardev_close(NULL);
	CHECK_EQ(chardev_tcp_port(NULL), -1);
	CHECK(chardev_pty_path(NULL) == NULL);
}

static void bad_specs_are_clear_errors(void)
{
	struct iothread *io = io_new();
	struct chardev *chr;
	struct err e;

	CHECK(chardev_open("serial0", io, &chr, &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "unknown serial backend \"serial0\"");
	CHECK_STR_CONTAINS(e.msg, "stdio, file:PATH, tcp:HOST:PORT, pty, none");
	CHECK(chr == NULL);
	CHECK(chardev_open("stdio:x", io, &chr, &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "unknown serial backend");
	CHECK(chardev_open("file:", io, &chr, &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "file:PATH");
	CHECK(chardev_open("file:/nonexistent-dir/x", io, &chr, &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "cannot open \"/nonexistent-dir/x\"");
	CHECK(chardev_open("tcp:4444", io, &chr, &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "expected tcp:HOST:PORT");
	CHECK(chardev_open("tcp:127.0.0.1:http", io, &chr, &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "bad port \"http\"");
	CHECK(chardev_open("tcp:127.0.0.1:70000", io, &chr, &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "bad port");
	CHECK(chardev_open("tcp:no.such.host.invalid:1", io, &chr, &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "cannot resolve \"no.such.host.invalid\"");
	/* A TEST-NET address no local interface has. */
	CHECK(chardev_open("tcp:192.0.2.1:4444", io, &chr, &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "cannot listen on 192.0.2.1:4444");
	CHECK(chardev_open("file:x", NULL, &chr, &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "no I/O thread");
	iothread_destroy(io);
}

static void tcp_bind_conflict_names_address(void)
{
	struct iothread *io = io_new();
	struct chardev *a, *b;
	struct err e;
	char spec[64];

	CHECK(chardev_open("tcp:127.0.0.1:0", io, &a, &e) == 0);
	CHECK(chardev_tcp_port(a) > 0);
	snprintf(spec, sizeof(spec), "tcp:127.0.0.1:%d", chardev_tcp_port(a));
	CHECK(chardev_open(spec, io, &b, &e) < 0);
	CHECK_STR_CONTAINS(e.msg, spec + 4);
	CHECK_STR_CONTAINS(e.msg, "Address already in use");
	chardev_close(a);
	iothread_destroy(io);
}

static int tcp_connect(int port)
{
	struct sockaddr_in sa = {
		.sin_family = AF_INET,
		.sin_port = htons(port),
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	CHECK(fd >= 0);
	CHECK(connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0);
	return fd;
}

static void tcp_output_input_reconnect(void)
{
	struct iothread *io = io_new();
	struct chardev *chr;
	struct sink s;
	struct err e;
	char buf[64] = "";
	int c, port;

	CHECK(chardev_open("tcp::0", io, &chr, &e) == 0);
	sink_init(&s, chr, -1);
	port = chardev_tcp_port(chr);
	CHECK(port > 0);
	/* Output made before anyone connects waits for the client. */
	chardev_write(chr, (const uint8_t *)"early ", 6);
	c = tcp_connect(port);
	chardev_write(chr, (const uint8_t *)"hello", 5);
	CHECK_EQ(read_full(c, buf, 11), 11);
	CHECK(!memcmp(buf, "early hello", 11));
	write_all(c, "typed", 5);
	CHECK_EQ(sink_wait(&s, 5), 5);
	CHECK(!strcmp(s.buf, "typed"));

	/* A disconnect does not stop anything; the next client is served. */
	close(c);
	c = tcp_connect(port);
	write_all(c, "again", 5);
	CHECK_EQ(sink_wait(&s, 10), 10);
	CHECK(!strcmp(s.buf, "typedagain"));
	chardev_write(chr, (const uint8_t *)"second", 6);
	memset(buf, 0, sizeof(buf));
	CHECK_EQ(read_full(c, buf, 6), 6);
	CHECK(!strcmp(buf, "second"));
	close(c);
	chardev_close(chr);
	iothread_destroy(io);
}

/* While one client is connected the next waits; it is served after the
 * first leaves. */
static void tcp_one_client_at_a_time(void)
{
	struct iothread *io = io_new();
	struct chardev *chr;
	struct sink s;
	struct err e;
	char buf[8] = "";
	int a, b;

	CHECK(chardev_open("tcp:127.0.0.1:0", io, &chr, &e) == 0);
	sink_init(&s, chr, -1);
	a = tcp_connect(chardev_tcp_port(chr));
	write_all(a, "A", 1);
	CHECK_EQ(sink_wait(&s, 1), 1);
	b = tcp_connect(chardev_tcp_port(chr));
	write_all(b, "B", 1);
	chardev_write(chr, (const uint8_t *)"1", 1);
	CHECK_EQ(read_full(a, buf, 1), 1);
	CHECK_EQ(buf[0], '1');
	for (int i = 0; i < 50; i++)
		nap();
	CHECK_EQ(sink_len(&s), 1);
	close(a);
	CHECK_EQ(sink_wait(&s, 2), 2);
	CHECK(!strcmp(s.buf, "AB"));
	chardev_write(chr, (const uint8_t *)"2", 1);
	CHECK_EQ(read_full(b, buf, 1), 1);
	CHECK_EQ(buf[0], '2');
	close(b);
	chardev_close(chr);
	iothread_destroy(io);
}

/* BAD-INPUTS row 18: a guest flooding the console with nobody reading
 * neither blocks nor grows memory; the excess is dropped and counted. */
static void ring_overflow_drops_and_counts(void)
{
	struct iothread *io = io_new();
	static uint8_t chunk[4096];
	struct chardev *chr;
	struct err e;
	long long t0;
	uint64_t total = 0;
	uint8_t *got;
	int c;

	CHECK(chardev_open("tcp:127.0.0.1:0", io, &chr, &e) == 0);
	for (size_t i = 0; i < sizeof(chunk); i++)
		chunk[i] = (uint8_t)i;
	t0 = now_ns();
	for (int i = 0; i < 2048; i++) {	/* 8 MiB */
		chardev_write(chr, chunk, sizeof(chunk));
		total += sizeof(chunk);
	}
	/* Far below what blocking on a reader would take: never. */
	CHECK(now_ns() - t0 < WAIT_NS);
	CHECK_EQ(chardev_pending(chr), 65536);
	CHECK_EQ(chardev_dropped(chr), total - 65536);

	/* A client gets what was kept: the first 64 KiB, intact. */
	got = malloc(65536);
	c = tcp_connect(chardev_tcp_port(chr));
	CHECK_EQ(read_full(c, got, 65536), 65536);
	for (size_t i = 0; i < 65536; i++)
		if (got[i] != (uint8_t)i) {
			CHECK_EQ(got[i], (uint8_t)i);
			break;
		}
	free(got);

	/* A connected client that never reads: socket buffers fill, then
	 * the ring, then bytes drop; the writer never waits. */
	t0 = now_ns();
	for (int i = 0; i < 4096; i++)		/* 16 MiB */
		chardev_write(chr, chunk, sizeof(chunk));
	CHECK(now_ns() - t0 < WAIT_NS);
	CHECK(chardev_dropped(chr) > total - 65536);
	CHECK(chardev_pending(chr) <= 65536);
	close(c);
	chardev_close(chr);
	iothread_destroy(io);
}

/* can_receive == 0 holds input (without spinning); accept_input
 * resumes it; input never exceeds what can_receive allowed. */
static void flow_control_holds_input(void)
{
	struct iothread *io = io_new();
	struct chardev *chr;
	struct sink s;
	struct err e;
	long long end;
	int c, asked;

	CHECK(chardev_open("tcp:127.0.0.1:0", io, &chr, &e) == 0);
	sink_init(&s, chr, 0);
	c = tcp_connect(chardev_tcp_port(chr));
	write_all(c, "0123456789", 10);
	end = now_ns() + WAIT_NS;
	while (!atomic_load(&s.asked) && now_ns() < end)
		nap();
	CHECK_EQ(atomic_load(&s.asked), 1);
	for (int i = 0; i < 50; i++)
		nap();
	/* Held: asked once, then the fd is no longer polled for input. */
	asked = atomic_load(&s.asked);
	CHECK(asked <= 2);
	CHECK_EQ(sink_len(&s), 0);

	atomic_store(&s.room, 3);
	chardev_accept_input(chr);
	CHECK_EQ(sink_wait(&s, 3), 3);
	for (int i = 0; i < 50; i++)
		nap();
	CHECK_EQ(sink_len(&s), 3);
	CHECK(!strcmp(s.buf, "012"));

	atomic_store(&s.room, -1);
	chardev_accept_input(chr);
	CHECK_EQ(sink_wait(&s, 10), 10);
	CHECK(!strcmp(s.buf, "0123456789"));
	close(c);
	chardev_close(chr);
	iothread_destroy(io);
}

static void pty_round_trip(void)
{
	struct iothread *io = io_new();
	struct chardev *chr;
	struct sink s;
	struct err e;
	const char *path;
	char buf[16] = "";
	int fd;

	if (chardev_open("pty", io, &chr, &e) < 0) {
		test_skip(e.msg);	/* e.g. no /dev/pts in a sandbox */
		iothread_destroy(io);
		return;
	}
	sink_init(&s, chr, -1);
	path = chardev_pty_path(chr);
	CHECK(path && !strncmp(path, "/dev/pts/", 9));
	CHECK_EQ(chardev_tcp_port(chr), -1);
	fd = open(path, O_RDWR | O_NOCTTY | O_CLOEXEC);
	CHECK(fd >= 0);
	/* Raw: bytes pass unchanged in both directions, no echo. */
	chardev_write(chr, (const uint8_t *)"out\n\x03", 5);
	CHECK_EQ(read_full(fd, buf, 5), 5);
	CHECK(!memcmp(buf, "out\n\x03", 5));
	write_all(fd, "in\r\x03", 4);
	CHECK_EQ(sink_wait(&s, 4), 4);
	CHECK(!memcmp(s.buf, "in\r\x03", 4));
	/* The user detaches and comes back. */
	close(fd);
	fd = open(path, O_RDWR | O_NOCTTY | O_CLOEXEC);
	CHECK(fd >= 0);
	write_all(fd, "x", 1);
	CHECK_EQ(sink_wait(&s, 5), 5);
	close(fd);
	chardev_close(chr);
	iothread_destroy(io);
}

/* Run `fn` with fds 0 and 1 replaced by pipes; in[1] feeds stdin, out[0]
 * reads stdout. */
struct stdio_pipes {
	int in[2], out[2];
	int saved0, saved1;
};

static void stdio_redirect(struct stdio_pipes *p, bool stdin_null)
{
	fflush(stdout);
	p->saved0 = dup(0);
	p->saved1 = dup(1);
	CHECK(pipe2(p->in, O_CLOEXEC) == 0);
	CHECK(pipe2(p->out, O_CLOEXEC) == 0);
	if (stdin_null) {
		int fd = open("/dev/null", O_RDONLY);

		dup2(fd, 0);
		close(fd);
	} else {
		dup2(p->in[0], 0);
	}
	dup2(p->out[1], 1);
}

static void stdio_restore(struct stdio_pipes *p)
{
	dup2(p->saved0, 0);
	dup2(p->saved1, 1);
	close(p->saved0);
	close(p->saved1);
	close(p->in[0]);
	close(p->in[1]);
	close(p->out[0]);
	close(p->out[1]);
}

static void stdio_pipes_and_escape_keys(void)
{
	struct iothread *io = io_new();
	struct stdio_pipes p;
	struct chardev *chr, *second;
	struct sink s;
	struct err e;
	char buf[16] = "";
	int rc;

	stdio_redirect(&p, false);
	rc = chardev_open("stdio", io, &chr, &e);
	CHECK(rc == 0);
	if (rc) {
		stdio_restore(&p);
		iothread_destroy(io);
		return;
	}
	CHECK(chardev_open("stdio", io, &second, &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "already used");
	sink_init(&s, chr, -1);
	iothread_set_quit(io, on_quit, &s);
	chardev_write(chr, (const uint8_t *)"console", 7);
	CHECK_EQ(read_full(p.out[0], buf, 7), 7);
	CHECK(!memcmp(buf, "console", 7));

	/* Ctrl-A Ctrl-A is one Ctrl-A; Ctrl-A h and c print; the escape
	 * may be split across reads. */
	write_all(p.in[1], "ab\x01\x01" "c\x01h\x01" "cd\x01", 11);
	CHECK_EQ(sink_wait(&s, 5), 5);
	write_all(p.in[1], "\x01" "e", 2);
	CHECK_EQ(sink_wait(&s, 7), 7);
	CHECK(!memcmp(s.buf, "ab\x01" "cd\x01" "e", 7));
	CHECK_EQ(atomic_load(&s.quits), 0);
	write_all(p.in[1], "\x01x", 2);
	{
		long long end = now_ns() + WAIT_NS;

		while (!atomic_load(&s.quits) && now_ns() < end)
			nap();
	}
	CHECK_EQ(atomic_load(&s.quits), 1);
	CHECK_EQ(sink_len(&s), 7);

	/* stdin at EOF: input stops, output goes on, nothing spins. */
	close(p.in[1]);
	p.in[1] = open("/dev/null", O_WRONLY | O_CLOEXEC);
	{
		int before = atomic_load(&s.asked);

		for (int i = 0; i < 100; i++)
			nap();
		CHECK(atomic_load(&s.asked) - before <= 1);
	}
	chardev_write(chr, (const uint8_t *)"after", 5);
	CHECK_EQ(read_full(p.out[0], buf, 5), 5);
	CHECK(!memcmp(buf, "after", 5));

	/* The reader of stdout goes away: no SIGPIPE death, neither from
	 * the I/O thread nor from the last drain at close. */
	close(p.out[0]);
	p.out[0] = open("/dev/null", O_RDONLY | O_CLOEXEC);
	chardev_write(chr, (const uint8_t *)"lost", 4);
	for (int i = 0; i < 20; i++)
		nap();
	chardev_write(chr, (const uint8_t *)"lost", 4);
	chardev_close(chr);
	stdio_restore(&p);
	iothread_destroy(io);
}

static void stdio_devnull_input(void)
{
	struct iothread *io = io_new();
	struct stdio_pipes p;
	struct chardev *chr;
	struct sink s;
	struct err e;
	char buf[8] = "";
	long long end;

	stdio_redirect(&p, true);
	CHECK(chardev_open("stdio", io, &chr, &e) == 0);
	sink_init(&s, chr, -1);
	end = now_ns() + WAIT_NS;
	while (!atomic_load(&s.asked) && now_ns() < end)
		nap();
	for (int i = 0; i < 100; i++)
		nap();
	/* One look at stdin found EOF; no busy loop after it. */
	CHECK_EQ(atomic_load(&s.asked), 1);
	chardev_write(chr, (const uint8_t *)"ok", 2);
	CHECK_EQ(read_full(p.out[0], buf, 2), 2);
	chardev_close(chr);
	stdio_restore(&p);
	/* Not a terminal: nothing to restore, and restoring is harmless. */
	chardev_restore_terminal();
	iothread_destroy(io);
}

/* With the machine lock held the I/O thread cannot drain, so the write
 * to a pipe without a reader happens in chardev_close on this thread. */
static void stdio_close_into_broken_pipe(void)
{
	pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	struct stdio_pipes p;
	struct chardev *chr;
	struct iothread *io;
	struct err e;

	io = iothread_create(&lock, &e);
	CHECK(io);
	stdio_redirect(&p, true);
	close(p.out[0]);
	p.out[0] = open("/dev/null", O_RDONLY | O_CLOEXEC);
	pthread_mutex_lock(&lock);
	CHECK(chardev_open("stdio", io, &chr, &e) == 0);
	chardev_write(chr, (const uint8_t *)"nobody reads this", 17);
	CHECK_EQ(chardev_pending(chr), 17);
	chardev_close(chr);	/* still alive afterwards: passed */
	pthread_mutex_unlock(&lock);
	stdio_restore(&p);
	iothread_destroy(io);
}

/* A terminal on stdin goes raw (no echo, no line editing, no signals
 * from keys) while the chardev is open and comes back as it was. */
static void stdio_tty_raw_and_restored(void)
{
	struct iothread *io = io_new();
	struct termios before, during, after;
	struct chardev *chr;
	struct sink s;
	struct err e;
	char buf[8] = "";
	int master, slave, saved0, saved1;

	master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (master < 0 || grantpt(master) || unlockpt(master)) {
		test_skip("no pseudo-terminals here");
		iothread_destroy(io);
		return;
	}
	slave = open(ptsname(master), O_RDWR | O_NOCTTY | O_CLOEXEC);
	CHECK(slave >= 0);
	CHECK(tcgetattr(slave, &before) == 0);
	CHECK(before.c_lflag & ICANON);
	fflush(stdout);
	saved0 = dup(0);
	saved1 = dup(1);
	dup2(slave, 0);
	dup2(slave, 1);

	CHECK(chardev_open("stdio", io, &chr, &e) == 0);
	sink_init(&s, chr, -1);
	iothread_set_quit(io, on_quit, &s);
	CHECK(tcgetattr(slave, &during) == 0);
	CHECK(!(during.c_lflag & (ICANON | ECHO | ISIG)));
	/* No output processing: "\n" is not turned into "\r\n". */
	chardev_write(chr, (const uint8_t *)"a\nb", 3);
	CHECK_EQ(read_full(master, buf, 3), 3);
	CHECK(!memcmp(buf, "a\nb", 3));
	/* Ctrl-C is a byte for the guest, not a signal. */
	write_all(master, "\x03q", 2);
	CHECK_EQ(sink_wait(&s, 2), 2);
	CHECK(!memcmp(s.buf, "\x03q", 2));
	write_all(master, "\x01x", 2);
	{
		long long end = now_ns() + WAIT_NS;

		while (!atomic_load(&s.quits) && now_ns() < end)
			nap();
	}
	CHECK_EQ(atomic_load(&s.quits), 1);
	chardev_close(chr);
	CHECK(tcgetattr(slave, &after) == 0);
	CHECK_EQ(after.c_lflag, before.c_lflag);
	CHECK_EQ(after.c_iflag, before.c_iflag);
	CHECK_EQ(after.c_oflag, before.c_oflag);

	/* The signal-handler path restores too, and twice is harmless. */
	CHECK(chardev_open("stdio", io, &chr, &e) == 0);
	chardev_restore_terminal();
	chardev_restore_terminal();
	CHECK(tcgetattr(slave, &after) == 0);
	CHECK_EQ(after.c_lflag, before.c_lflag);
	chardev_close(chr);

	dup2(saved0, 0);
	dup2(saved1, 1);
	close(saved0);
	close(saved1);
	close(slave);
	close(master);
	iothread_destroy(io);
}

TEST_MAIN("chardev",
	  T(file_gets_exact_bytes),
	  T(none_and_null_are_silent),
	  T(bad_specs_are_clear_errors),
	  T(tcp_bind_conflict_names_address),
	  T(tcp_output_input_reconnect),
	  T(tcp_one_client_at_a_time),
	  T(ring_overflow_drops_and_counts),
	  T(flow_control_holds_input),
	  T(pty_round_trip),
	  T(stdio_pipes_and_escape_keys),
	  T(stdio_devnull_input),
	  T(stdio_close_into_broken_pipe),
	  T(stdio_tty_raw_and_restored))
