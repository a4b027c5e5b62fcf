/* The "slirp" network backend: libslirp's user-mode TCP/IP stack (DHCP,
 * DNS, NAT to the host, port forwards) on the I/O thread. libslirp is
 * not thread-safe; every call into it here runs with the machine lock
 * held (I/O thread callbacks, or the vCPU thread sending a frame).
 *
 * libslirp's sockets are watched with iothread_add_fd: after every call
 * into slirp, slirp_pollfds_fill names the fds it wants and we bring the
 * I/O thread's watches in line; a ready fd runs slirp_pollfds_poll with
 * that fd's events. Its timers (TCP fast/slow timeouts, the IPv6 RA
 * timer) run on host monotonic time, as libslirp's clock_get_ns expects,
 * through one timerfd. */
#include "net.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"

static int net_slirp_version_cmp(const char *v, int ma, int mi, int pa)
{
	int a = 0, b = 0, c = 0;

	if (!v || sscanf(v, "%d.%d.%d", &a, &b, &c) < 2)
		return -1;
	if (a != ma)
		return a < ma ? -1 : 1;
	if (b != mi)
		return b < mi ? -1 : 1;
	return c < pa ? -1 : c > pa;
}

/* The releases that fixed the libslirp CVEs of BAD-INPUTS row 20
 * (docs/network.md has the sources). */
static const struct {
	int ma, mi, pa;
	const char *cves;
} net_slirp_fixes[] = {
	{ 4, 1, 0, "CVE-2019-14378 (IP reassembly overflow)" },
	{ 4, 3, 0, "CVE-2020-1983 (IP reassembly use-after-free)" },
	{ 4, 6, 0, "CVE-2021-3592..3595 (truncated bootp/udp/tftp/udp6)" },
	{ 4, 9, 2, "CVE-2026-9539 (TCP urgent data out-of-bounds read)" },
};

bool net_slirp_version_patched(const char *version, char *missing,
			       size_t len)
{
	bool ok = true;
	size_t used = 0;

	if (len)
		missing[0] = 0;
	for (size_t i = 0; i < sizeof(net_slirp_fixes) /
			       sizeof(net_slirp_fixes[0]); i++) {
		if (net_slirp_version_cmp(version, net_slirp_fixes[i].ma,
					  net_slirp_fixes[i].mi,
					  net_slirp_fixes[i].pa) >= 0)
			continue;
		ok = false;
		if (used < len)
			used += snprintf(missing + used, len - used, "%s%s",
					 used ? ", " : "",
					 net_slirp_fixes[i].cves);
	}
	return ok;
}

#ifdef MIPSVZ_NO_SLIRP

const char *net_slirp_version(void)
{
	return NULL;
}

int net_slirp_open(struct net *n, const struct config *cfg,
		   struct iothread *io, const char *where, struct err *e)
{
	return err_set(e, "%snet: mode \"slirp\" is not available: this "
		       "mipsvz was built without libslirp (use net.mode = "
		       "\"none\", or build with libslirp-dev)", where);
}

#else

#include <errno.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <slirp/libslirp.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "clock.h"
#include "iothread.h"

/* 10.0.2.0/24 as QEMU sets it up, so guests and habits carry over. */
#define NET_SLIRP_NET 0x0a000200u
#define NET_SLIRP_HOST 0x0a000202u	/* gateway, DHCP server, host */
#define NET_SLIRP_DNS 0x0a000203u
#define NET_SLIRP_GUEST 0x0a00020fu	/* first DHCP address */

struct net_slirp_fd {
	int fd;
	short events;		/* poll(2) events slirp asked for */
	short revents;		/* this round's, for get_revents */
	bool watched;
};

struct net_slirp_timer {
	struct net_slirp *ns;
	SlirpTimerCb cb;
	void *cb_opaque;
	uint64_t deadline;	/* host ns; 0 = not armed */
	struct net_slirp_timer *next;
};

struct net_slirp {
	struct net *net;
	struct iothread *io;
	Slirp *slirp;
	int timer_fd;
	/* fds from the last slirp_pollfds_fill, by add_poll index */
	struct net_slirp_fd *fds;
	size_t nfds, cap;
	/* fds the I/O thread watches for us */
	int *watched;
	size_t nwatched, wcap;
	struct net_slirp_timer *timers;
	bool strip_urgent;	/* libslirp predates the CVE-2026-9539 fix */
	bool closing;		/* atomic: callbacks return at once */
	uint8_t frame[NET_FRAME_MAX];
};

const char *net_slirp_version(void)
{
	return slirp_version_string();
}

/* --- slirp callbacks ----------------------------------------------------- */

static ssize_t net_slirp_send_packet(const void *buf, size_t len,
				     void *opaque)
{
	struct net_slirp *ns = opaque;

	net_deliver(ns->net, buf, len);
	return len;
}

static void net_slirp_guest_error(const char *msg, void *opaque)
{
	LOG_RATELIMITED("net: slirp: guest error: %s", msg);
}

static int64_t net_slirp_clock_ns(void *opaque)
{
	return host_now_ns();
}

static void *net_slirp_timer_new(SlirpTimerCb cb, void *cb_opaque,
				 void *opaque)
{
	struct net_slirp *ns = opaque;
	struct net_slirp_timer *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->ns = ns;
	t->cb = cb;
	t->cb_opaque = cb_opaque;
	t->next = ns->timers;
	ns->timers = t;
	return t;
}

static void net_slirp_timer_free(void *timer, void *opaque)
{
	struct net_slirp *ns = opaque;

	for (struct net_slirp_timer **p = &ns->timers; *p; p = &(*p)->next) {
		if (*p == timer) {
			*p = (*p)->next;
			free(timer);
			return;
		}
	}
}

/* expire_time is in ms of clock_get_ns's clock. */
static void net_slirp_timer_mod(void *timer, int64_t expire_ms, void *opaque)
{
	struct net_slirp_timer *t = timer;

	t->deadline = expire_ms > 0 ? (uint64_t)expire_ms * 1000000u : 1;
}

static void net_slirp_unwatch(struct net_slirp *ns, size_t i)
{
	iothread_del_fd(ns->io, ns->watched[i]);
	ns->watched[i] = ns->watched[--ns->nwatched];
}

/* A socket slirp closes: stop watching it now, before its number can be
 * reused for a new socket. */
static void net_slirp_unregister_fd(int fd, void *opaque)
{
	struct net_slirp *ns = opaque;

	for (size_t i = 0; i < ns->nwatched; i++)
		if (ns->watched[i] == fd) {
			net_slirp_unwatch(ns, i);
			return;
		}
}

static void net_slirp_register_fd(int fd, void *opaque)
{
}

/* Every call into slirp is followed by net_slirp_sync, which is what
 * this kick would ask for. */
static void net_slirp_notify(void *opaque)
{
}

static const SlirpCb net_slirp_cb = {
	.send_packet = net_slirp_send_packet,
	.guest_error = net_slirp_guest_error,
	.clock_get_ns = net_slirp_clock_ns,
	.timer_new = net_slirp_timer_new,
	.timer_free = net_slirp_timer_free,
	.timer_mod = net_slirp_timer_mod,
	.register_poll_fd = net_slirp_register_fd,
	.unregister_poll_fd = net_slirp_unregister_fd,
	.notify = net_slirp_notify,
};

/* --- poll loop glue ------------------------------------------------------ */

static short net_slirp_to_poll(int ev)
{
	return (ev & SLIRP_POLL_IN ? POLLIN : 0) |
	       (ev & SLIRP_POLL_OUT ? POLLOUT : 0) |
	       (ev & SLIRP_POLL_PRI ? POLLPRI : 0);
}

static int net_slirp_from_poll(short ev)
{
	return (ev & POLLIN ? SLIRP_POLL_IN : 0) |
	       (ev & POLLOUT ? SLIRP_POLL_OUT : 0) |
	       (ev & POLLPRI ? SLIRP_POLL_PRI : 0) |
	       (ev & POLLERR ? SLIRP_POLL_ERR : 0) |
	       (ev & POLLHUP ? SLIRP_POLL_HUP : 0);
}

static int net_slirp_add_poll(int fd, int events, void *opaque)
{
	struct net_slirp *ns = opaque;

	for (size_t i = 0; i < ns->nfds; i++)
		if (ns->fds[i].fd == fd) {
			ns->fds[i].events |= net_slirp_to_poll(events);
			return i;
		}
	if (ns->nfds == ns->cap) {
		size_t cap = ns->cap ? 2 * ns->cap : 16;
		struct net_slirp_fd *f = realloc(ns->fds, cap * sizeof(*f));

		if (!f) {
			LOG_RATELIMITED("net: slirp: out of memory");
			return -1;
		}
		ns->fds = f;
		ns->cap = cap;
	}
	ns->fds[ns->nfds] = (struct net_slirp_fd){
		.fd = fd, .events = net_slirp_to_poll(events),
	};
	return ns->nfds++;
}

static int net_slirp_get_revents(int idx, void *opaque)
{
	struct net_slirp *ns = opaque;

	if (idx < 0 || (size_t)idx >= ns->nfds)
		return 0;
	return net_slirp_from_poll(ns->fds[idx].revents);
}

static void net_slirp_fd_ready(void *opaque, int fd, short revents);

static uint64_t net_slirp_next_timer(const struct net_slirp *ns)
{
	uint64_t next = UINT64_MAX;

	for (const struct net_slirp_timer *t = ns->timers; t; t = t->next)
		if (t->deadline && t->deadline < next)
			next = t->deadline;
	return next;
}

/* Watches and the timerfd as slirp wants them now. */
static void net_slirp_sync(struct net_slirp *ns)
{
	uint32_t timeout = UINT32_MAX;
	uint64_t deadline, now = host_now_ns();
	struct itimerspec its = { 0 };

	ns->nfds = 0;
	slirp_pollfds_fill(ns->slirp, &timeout, net_slirp_add_poll, ns);
	/* Drop watches slirp no longer names. */
	for (size_t i = 0; i < ns->nwatched;) {
		bool keep = false;

		for (size_t j = 0; j < ns->nfds && !keep; j++)
			keep = ns->fds[j].fd == ns->watched[i];
		if (keep)
			i++;
		else
			net_slirp_unwatch(ns, i);
	}
	for (size_t j = 0; j < ns->nfds; j++) {
		struct net_slirp_fd *f = &ns->fds[j];
		bool have = false;

		for (size_t i = 0; i < ns->nwatched && !have; i++)
			have = ns->watched[i] == f->fd;
		if (have) {
			/* Also revives a watch the I/O thread muted. */
			iothread_set_events(ns->io, f->fd, f->events);
			continue;
		}
		if (ns->nwatched == ns->wcap) {
			size_t cap = ns->wcap ? 2 * ns->wcap : 16;
			int *w = realloc(ns->watched, cap * sizeof(*w));

			if (!w) {
				LOG_RATELIMITED("net: slirp: out of memory");
				continue;
			}
			ns->watched = w;
			ns->wcap = cap;
		}
		if (iothread_add_fd(ns->io, f->fd, f->events,
				    net_slirp_fd_ready, ns) < 0) {
			LOG_RATELIMITED("net: slirp: cannot watch fd %d: %s",
					f->fd, strerror(errno));
			continue;
		}
		ns->watched[ns->nwatched++] = f->fd;
	}
	deadline = net_slirp_next_timer(ns);
	if (timeout != UINT32_MAX) {
		uint64_t t = now + (uint64_t)timeout * 1000000u;

		if (t < deadline)
			deadline = t;
	}
	if (deadline != UINT64_MAX) {
		uint64_t d = deadline > now ? deadline - now : 1;

		its.it_value.tv_sec = d / NS_PER_SEC;
		its.it_value.tv_nsec = d % NS_PER_SEC;
	}
	timerfd_settime(ns->timer_fd, 0, &its, NULL);
}

static bool net_slirp_closing(struct net_slirp *ns)
{
	return __atomic_load_n(&ns->closing, __ATOMIC_ACQUIRE);
}

static void net_slirp_fd_ready(void *opaque, int fd, short revents)
{
	struct net_slirp *ns = opaque;
	bool found = false;

	if (net_slirp_closing(ns))
		return;
	for (size_t i = 0; i < ns->nfds; i++)
		if (ns->fds[i].fd == fd) {
			ns->fds[i].revents = revents;
			found = true;
		}
	if (found)
		slirp_pollfds_poll(ns->slirp, 0, net_slirp_get_revents, ns);
	for (size_t i = 0; i < ns->nfds; i++)
		ns->fds[i].revents = 0;
	net_slirp_sync(ns);
}

static void net_slirp_timer_ready(void *opaque, int fd, short revents)
{
	struct net_slirp *ns = opaque;
	uint64_t ticks, now = host_now_ns();
	bool again = true;

	if (net_slirp_closing(ns))
		return;
	if (read(fd, &ticks, sizeof(ticks)) < 0 && errno != EAGAIN)
		LOG_RATELIMITED("net: slirp: timerfd: %s", strerror(errno));
	/* A callback may free or re-arm timers: rescan after each. */
	for (int k = 0; again && k < 64; k++) {
		again = false;
		for (struct net_slirp_timer *t = ns->timers; t; t = t->next) {
			if (t->deadline && t->deadline <= now) {
				t->deadline = 0;
				t->cb(t->cb_opaque);
				again = true;
				break;
			}
		}
	}
	/* No fd is ready: this runs slirp's TCP timers. */
	for (size_t i = 0; i < ns->nfds; i++)
		ns->fds[i].revents = 0;
	slirp_pollfds_poll(ns->slirp, 0, net_slirp_get_revents, ns);
	net_slirp_sync(ns);
}

/* --- the backend ------------------------------------------------------- */

static void net_slirp_send(void *be, const uint8_t *frame, size_t len)
{
	struct net_slirp *ns = be;

	if (ns->strip_urgent && len <= sizeof(ns->frame)) {
		memcpy(ns->frame, frame, len);
		if (net_tcp_strip_urgent(ns->frame, len)) {
			LOG_RATELIMITED("net: cleared a TCP urgent pointer "
					"from the guest (libslirp %s predates"
					" the CVE-2026-9539 fix)",
					slirp_version_string());
			frame = ns->frame;
		}
	}
	slirp_input(ns->slirp, frame, len);
	net_slirp_sync(ns);
}

/* Not under the machine lock (machine_destroy): stop the callbacks
 * first, then wait out one that may be running. */
static void net_slirp_close(void *be)
{
	struct net_slirp *ns = be;

	__atomic_store_n(&ns->closing, true, __ATOMIC_RELEASE);
	iothread_quiesce(ns->io);
	for (size_t i = ns->nwatched; i > 0; i--)
		net_slirp_unwatch(ns, i - 1);
	if (ns->timer_fd >= 0) {
		iothread_del_fd(ns->io, ns->timer_fd);
		close(ns->timer_fd);
	}
	if (ns->slirp)
		slirp_cleanup(ns->slirp);
	while (ns->timers) {
		struct net_slirp_timer *t = ns->timers;

		ns->timers = t->next;
		free(t);
	}
	free(ns->fds);
	free(ns->watched);
	free(ns);
}

static const struct net_backend_ops net_slirp_ops = {
	.name = "slirp",
	.send = net_slirp_send,
	.close = net_slirp_close,
};

/* Why the host port could not be had: bind it ourselves for errno. */
static const char *net_slirp_bind_error(const struct net_hostfwd *f)
{
	struct sockaddr_in sa = {
		.sin_family = AF_INET, .sin_port = htons(f->host_port),
		.sin_addr.s_addr = f->host_addr,
	};
	int fd = socket(AF_INET, f->udp ? SOCK_DGRAM : SOCK_STREAM, 0);
	int one = 1, err = 0;

	if (fd < 0)
		return strerror(errno);
	if (!f->udp)
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		err = errno;
	close(fd);
	switch (err) {
	case EADDRINUSE:
		return "the port is in use";
	case EACCES:
		return "permission denied (ports below 1024 need root)";
	case EADDRNOTAVAIL:
		return "no such address on this host";
	case 0:
		return "libslirp refused it";
	}
	return strerror(err);
}

static int net_slirp_add_fwds(struct net_slirp *ns, const struct config *cfg,
			      const char *where, struct err *e)
{
	for (unsigned i = 0; i < cfg->nhostfwd; i++) {
		struct net_hostfwd f;
		struct in_addr ha, ga;
		char addr[INET_ADDRSTRLEN];

		if (net_hostfwd_parse(cfg->hostfwd[i], htonl(NET_SLIRP_GUEST),
				      &f, e) < 0)
			return err_prefix(e, "%snet.hostfwd[%u]", where, i);
		ha.s_addr = f.host_addr;
		ga.s_addr = f.guest_addr;
		if (slirp_add_hostfwd(ns->slirp, f.udp, ha, f.host_port, ga,
				      f.guest_port) < 0) {
			inet_ntop(AF_INET, &ha, addr, sizeof(addr));
			return err_set(e, "%snet.hostfwd[%u]: \"%s\": cannot "
				       "listen on %s %s:%u: %s", where, i,
				       cfg->hostfwd[i], f.udp ? "udp" : "tcp",
				       addr, f.host_port,
				       net_slirp_bind_error(&f));
		}
		TRACE(TRACE_IO, "net: forwarding %s", cfg->hostfwd[i]);
	}
	return 0;
}

int net_slirp_open(struct net *n, const struct config *cfg,
		   struct iothread *io, const char *where, struct err *e)
{
	struct net_slirp *ns = calloc(1, sizeof(*ns));
	char missing[256];
	SlirpConfig sc = {
		/* Version 3: the fields up to disable_dns; timers through
		 * timer_new. */
		.version = 3,
		.in_enabled = true,
		.vnetwork.s_addr = htonl(NET_SLIRP_NET),
		.vnetmask.s_addr = htonl(0xffffff00u),
		.vhost.s_addr = htonl(NET_SLIRP_HOST),
		.vdhcp_start.s_addr = htonl(NET_SLIRP_GUEST),
		.vnameserver.s_addr = htonl(NET_SLIRP_DNS),
		.vhostname = "mipsvz",
		/* Its protocol helpers (FTP, IRC, ...) parse guest data
		 * unsafely (libslirp.h; BAD-INPUTS row 20). */
		.enable_emu = false,
	};

	if (!ns)
		return err_set(e, "net: out of memory");
	ns->net = n;
	ns->io = io;
	ns->timer_fd = -1;
	if (!net_slirp_version_patched(slirp_version_string(), missing,
				       sizeof(missing))) {
		log_msg("net: warning: libslirp %s predates the fixes for %s;"
			" your distribution may have backported them "
			"(docs/network.md)", slirp_version_string(), missing);
		ns->strip_urgent = net_slirp_version_cmp(
			slirp_version_string(), 4, 9, 2) < 0;
	}
	ns->slirp = slirp_new(&sc, &net_slirp_cb, ns);
	if (!ns->slirp) {
		err_set(e, "net: slirp: cannot create the network stack");
		goto fail;
	}
	if (net_slirp_add_fwds(ns, cfg, where, e) < 0)
		goto fail;
	ns->timer_fd = timerfd_create(CLOCK_MONOTONIC,
				      TFD_CLOEXEC | TFD_NONBLOCK);
	if (ns->timer_fd < 0) {
		err_set(e, "net: slirp: timerfd: %s", strerror(errno));
		goto fail;
	}
	net_set_backend(n, &net_slirp_ops, ns);
	if (iothread_add_fd(io, ns->timer_fd, POLLIN, net_slirp_timer_ready,
			    ns) < 0) {
		err_set(e, "net: slirp: cannot watch the timer: %s",
			strerror(errno));
		net_set_backend(n, NULL, NULL);
		close(ns->timer_fd);
		ns->timer_fd = -1;
		goto fail;
	}
	/* The machine lock is not held here: the first sync (which starts
	 * watching the port forwards) runs from the timer, under it. */
	timerfd_settime(ns->timer_fd, 0, &(struct itimerspec){
		.it_value.tv_nsec = 1000000 }, NULL);
	return 0;
fail:
	net_slirp_close(ns);
	return -1;
}

#endif
