/* The I/O thread: callbacks under the machine lock, add/del/set_events
 * from other threads and from callbacks, del waiting out a running
 * callback, quit plumbing, clean shutdown. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <time.h>
#include <unistd.h>

#include "tests/test.h"
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

/* Poll a counter until it reaches `want` or the deadline passes. */
static int wait_count(atomic_int *c, int want)
{
	long long end = now_ns() + WAIT_NS;

	while (atomic_load(c) < want && now_ns() < end)
		nap();
	return atomic_load(c);
}

struct watch {
	int p[2];
	atomic_int calls;
	atomic_int lock_held;
	pthread_mutex_t *lock;
	struct iothread *io;
	struct watch *other;	/* to delete from the callback */
	atomic_int in_cb, release;
};

static void watch_pipe(struct watch *w)
{
	CHECK(pipe2(w->p, O_CLOEXEC | O_NONBLOCK) == 0);
}

static void watch_close(struct watch *w)
{
	close(w->p[0]);
	close(w->p[1]);
}

static void poke(struct watch *w)
{
	CHECK(write(w->p[1], "x", 1) == 1);
}

static void drain_cb(void *opaque, int fd, short revents)
{
	struct watch *w = opaque;
	char buf[64];

	if (w->lock && pthread_mutex_trylock(w->lock) == EBUSY)
		atomic_fetch_add(&w->lock_held, 1);
	while (read(fd, buf, sizeof(buf)) > 0)
		;
	atomic_fetch_add(&w->calls, 1);
}

static void callback_under_machine_lock(void)
{
	pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	struct watch w = { .lock = &lock };
	struct err e;
	struct iothread *io = iothread_create(&lock, &e);

	CHECK(io);
	if (!io)
		return;
	watch_pipe(&w);
	CHECK(iothread_add_fd(io, w.p[0], POLLIN, drain_cb, &w) == 0);
	/* A second add of the same fd is refused. */
	CHECK(iothread_add_fd(io, w.p[0], POLLIN, drain_cb, &w) < 0);
	poke(&w);
	CHECK_EQ(wait_count(&w.calls, 1), 1);
	CHECK_EQ(atomic_load(&w.lock_held), 1);
	/* While we hold the machine lock no callback runs. */
	pthread_mutex_lock(&lock);
	poke(&w);
	for (int i = 0; i < 50; i++)
		nap();
	CHECK_EQ(atomic_load(&w.calls), 1);
	pthread_mutex_unlock(&lock);
	CHECK_EQ(wait_count(&w.calls, 2), 2);
	iothread_destroy(io);
	watch_close(&w);
}

struct adder {
	struct iothread *io;
	struct watch *w;
	short events;
	int del;
};

static void *adder_main(void *arg)
{
	struct adder *a = arg;

	if (a->del)
		iothread_del_fd(a->io, a->w->p[0]);
	else
		iothread_add_fd(a->io, a->w->p[0], a->events, drain_cb, a->w);
	return NULL;
}

static void run_on_thread(struct adder *a)
{
	pthread_t t;

	CHECK(pthread_create(&t, NULL, adder_main, a) == 0);
	pthread_join(t, NULL);
}

static void add_del_from_other_thread(void)
{
	struct watch w = { 0 }, sentinel = { 0 };
	struct err e;
	struct iothread *io = iothread_create(NULL, &e);
	struct adder a = { .io = io, .w = &w, .events = POLLIN };

	CHECK(io);
	if (!io)
		return;
	watch_pipe(&w);
	watch_pipe(&sentinel);
	/* The loop is already asleep in poll(): the add must wake it. */
	run_on_thread(&a);
	poke(&w);
	CHECK_EQ(wait_count(&w.calls, 1), 1);

	a.del = 1;
	run_on_thread(&a);
	poke(&w);
	/* Once the sentinel has been served, a stale watch would have
	 * been served too. */
	CHECK(iothread_add_fd(io, sentinel.p[0], POLLIN, drain_cb,
			      &sentinel) == 0);
	poke(&sentinel);
	CHECK_EQ(wait_count(&sentinel.calls, 1), 1);
	CHECK_EQ(atomic_load(&w.calls), 1);
	iothread_destroy(io);
	watch_close(&w);
	watch_close(&sentinel);
}

static void set_events_mutes_and_unmutes(void)
{
	struct watch w = { 0 };
	struct err e;
	struct iothread *io = iothread_create(NULL, &e);

	CHECK(io);
	if (!io)
		return;
	watch_pipe(&w);
	poke(&w);
	CHECK(iothread_add_fd(io, w.p[0], 0, drain_cb, &w) == 0);
	for (int i = 0; i < 50; i++)
		nap();
	CHECK_EQ(atomic_load(&w.calls), 0);
	iothread_set_events(io, w.p[0], POLLIN);
	CHECK_EQ(wait_count(&w.calls, 1), 1);
	iothread_destroy(io);
	watch_close(&w);
}

/* Each callback deletes the other watch: exactly one may run. */
static void del_other_cb(void *opaque, int fd, short revents)
{
	struct watch *w = opaque;

	iothread_del_fd(w->io, w->other->p[0]);
	iothread_del_fd(w->io, fd);
	atomic_fetch_add(&w->calls, 1);
}

static void del_from_callback(void)
{
	struct watch a = { 0 }, b = { 0 }, sentinel = { 0 };
	struct err e;
	struct iothread *io = iothread_create(NULL, &e);

	CHECK(io);
	if (!io)
		return;
	watch_pipe(&a);
	watch_pipe(&b);
	watch_pipe(&sentinel);
	a.io = b.io = io;
	a.other = &b;
	b.other = &a;
	/* Both ready before the loop sees them: one poll round has both. */
	poke(&a);
	poke(&b);
	CHECK(iothread_add_fd(io, a.p[0], 0, del_other_cb, &a) == 0);
	CHECK(iothread_add_fd(io, b.p[0], 0, del_other_cb, &b) == 0);
	iothread_set_events(io, a.p[0], POLLIN);
	iothread_set_events(io, b.p[0], POLLIN);
	CHECK(iothread_add_fd(io, sentinel.p[0], POLLIN, drain_cb,
			      &sentinel) == 0);
	for (int i = 0; i < 3; i++) {
		poke(&sentinel);
		CHECK_EQ(wait_count(&sentinel.calls, i + 1), i + 1);
	}
	CHECK_EQ(atomic_load(&a.calls) + atomic_load(&b.calls), 1);
	iothread_destroy(io);
	watch_close(&a);
	watch_close(&b);
	watch_close(&sentinel);
}

static void slow_cb(void *opaque, int fd, short revents)
{
	struct watch *w = opaque;
	long long end = now_ns() + WAIT_NS;
	char c;

	(void)!read(fd, &c, 1);
	atomic_store(&w->in_cb, 1);
	while (!atomic_load(&w->release) && now_ns() < end)
		nap();
	atomic_fetch_add(&w->calls, 1);
}

struct deleter {
	struct iothread *io;
	int fd;
	atomic_int returned;
};

static void *deleter_main(void *arg)
{
	struct deleter *d = arg;

	iothread_del_fd(d->io, d->fd);
	atomic_store(&d->returned, 1);
	return NULL;
}

/* After del returns the caller may free the callback's data, so del must
 * wait for a callback that is running. */
static void del_waits_for_running_callback(void)
{
	struct watch w = { 0 };
	struct deleter d = { 0 };
	struct err e;
	struct iothread *io = iothread_create(NULL, &e);
	pthread_t t;

	CHECK(io);
	if (!io)
		return;
	watch_pipe(&w);
	CHECK(iothread_add_fd(io, w.p[0], POLLIN, slow_cb, &w) == 0);
	poke(&w);
	CHECK_EQ(wait_count(&w.in_cb, 1), 1);
	d.io = io;
	d.fd = w.p[0];
	CHECK(pthread_create(&t, NULL, deleter_main, &d) == 0);
	for (int i = 0; i < 50; i++)
		nap();
	CHECK_EQ(atomic_load(&d.returned), 0);
	atomic_store(&w.release, 1);
	pthread_join(t, NULL);
	CHECK_EQ(atomic_load(&d.returned), 1);
	CHECK_EQ(atomic_load(&w.calls), 1);
	iothread_destroy(io);
	watch_close(&w);
}

static void self_del_slow_cb(void *opaque, int fd, short revents)
{
	struct watch *w = opaque;

	iothread_del_fd(w->io, fd);
	slow_cb(opaque, fd, revents);
}

static void *quiescer_main(void *arg)
{
	struct deleter *d = arg;

	iothread_del_fd(d->io, d->fd);	/* already gone: returns at once */
	iothread_quiesce(d->io);
	atomic_store(&d->returned, 1);
	return NULL;
}

/* A callback that removed its own watch is still waited for. */
static void quiesce_waits_for_self_deleting_callback(void)
{
	struct watch w = { 0 };
	struct deleter d = { 0 };
	struct err e;
	struct iothread *io = iothread_create(NULL, &e);
	pthread_t t;

	CHECK(io);
	if (!io)
		return;
	watch_pipe(&w);
	w.io = io;
	CHECK(iothread_add_fd(io, w.p[0], POLLIN, self_del_slow_cb, &w) == 0);
	poke(&w);
	CHECK_EQ(wait_count(&w.in_cb, 1), 1);
	d.io = io;
	d.fd = w.p[0];
	CHECK(pthread_create(&t, NULL, quiescer_main, &d) == 0);
	for (int i = 0; i < 50; i++)
		nap();
	CHECK_EQ(atomic_load(&d.returned), 0);
	atomic_store(&w.release, 1);
	pthread_join(t, NULL);
	CHECK_EQ(atomic_load(&d.returned), 1);
	/* Nothing running: returns at once. */
	iothread_quiesce(io);
	iothread_destroy(io);
	watch_close(&w);
}

struct quitter {
	struct iothread *io;
	atomic_int quits;
};

static void on_quit(void *opaque)
{
	struct quitter *q = opaque;

	atomic_fetch_add(&q->quits, 1);
}

static void quit_cb(void *opaque, int fd, short revents)
{
	struct quitter *q = opaque;
	char c;

	(void)!read(fd, &c, 1);
	iothread_request_quit(q->io);
}

static void quit_request_reaches_handler(void)
{
	struct quitter q = { 0 };
	struct watch w = { 0 };
	struct err e;
	struct iothread *io = iothread_create(NULL, &e);

	CHECK(io);
	if (!io)
		return;
	q.io = io;
	/* No handler yet: logged, no crash. */
	iothread_request_quit(io);
	iothread_set_quit(io, on_quit, &q);
	watch_pipe(&w);
	CHECK(iothread_add_fd(io, w.p[0], POLLIN, quit_cb, &q) == 0);
	poke(&w);
	CHECK_EQ(wait_count(&q.quits, 1), 1);
	iothread_request_quit(io);
	CHECK_EQ(atomic_load(&q.quits), 2);
	iothread_destroy(io);
	watch_close(&w);
}

/* Destroy right after create and with watches left: joins, no leaks
 * (ASan), no hang. */
static void destroy_is_clean(void)
{
	struct watch w = { 0 };
	struct err e;

	watch_pipe(&w);
	for (int i = 0; i < 20; i++) {
		struct iothread *io = iothread_create(NULL, &e);

		CHECK(io);
		if (!io)
			return;
		if (i & 1)
			CHECK(iothread_add_fd(io, w.p[0], 0, drain_cb, &w) ==
			      0);
		iothread_destroy(io);
	}
	iothread_destroy(NULL);
	watch_close(&w);
}

TEST_MAIN("iothread",
	  T(callback_under_machine_lock),
	  T(add_del_from_other_thread),
	  T(set_events_mutes_and_unmutes),
	  T(del_from_callback),
	  T(del_waits_for_running_callback),
	  T(quiesce_waits_for_self_deleting_callback),
	  T(quit_request_reaches_handler),
	  T(destroy_is_clean))
