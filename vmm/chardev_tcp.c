/* "tcp:HOST:PORT": a listening socket serving one client at a time.
 * Further clients wait in the listen backlog and are accepted in turn
 * after a disconnect; a disconnect never stops the guest. Output made
 * while nobody is connected stays in the ring (up to its size) for the
 * next client, so a test harness that connects late sees the boot log. */
#include "chardev_backend.h"

#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "iothread.h"
#include "log.h"

struct chardev_tcp {
	int listen_fd;
	int client_fd;
	int port;		/* bound port */
	char addr[300];		/* "HOST:PORT" as given, for messages */
};

static void tcp_accept(void *opaque, int fd, short revents)
{
	struct chardev *chr = opaque;
	struct chardev_tcp *t = chr->priv;
	struct err e;
	int c, one = 1;

	if (t->client_fd >= 0)
		return;
	c = accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (c < 0) {
		if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR &&
		    errno != ECONNABORTED)
			LOG_RATELIMITED("%s: accept: %s", chr->spec,
					strerror(errno));
		return;
	}
	/* Interactive console traffic: do not wait to fill segments. */
	setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (chardev_set_fds(chr, c, c, CHARDEV_OUT_DIRECT, &e) < 0) {
		LOG_RATELIMITED("%s", e.msg);
		close(c);
		return;
	}
	t->client_fd = c;
	/* One client at a time: the next waits in the backlog. */
	iothread_set_events(chr->io, fd, 0);
	TRACE(TRACE_IO, "%s: client connected", chr->spec);
}

static void chardev_tcp_hangup(struct chardev *chr)
{
	struct chardev_tcp *t = chr->priv;

	chardev_set_fds(chr, -1, -1, 0, NULL);
	if (t->client_fd >= 0)
		close(t->client_fd);
	t->client_fd = -1;
	iothread_set_events(chr->io, t->listen_fd, POLLIN);
	TRACE(TRACE_IO, "%s: client disconnected", chr->spec);
}

/* Split "HOST:PORT" (HOST may be "[v6addr]" or empty) into its parts. */
static int tcp_parse(const char *spec, const char *arg, char *host,
		     size_t hostlen, char *port, size_t portlen, struct err *e)
{
	const char *colon = strrchr(arg, ':');
	size_t hl;
	char *end;
	long p;

	if (!colon)
		return err_set(e, "%s: expected tcp:HOST:PORT", spec);
	hl = colon - arg;
	if (hl >= 2 && arg[0] == '[' && arg[hl - 1] == ']') {
		arg++;
		hl -= 2;
	}
	if (hl >= hostlen)
		return err_set(e, "%s: host name too long", spec);
	/* An empty host means loopback: a guest console is a root shell,
	 * so exposing it to the network must be asked for (0.0.0.0). */
	if (!hl)
		snprintf(host, hostlen, "127.0.0.1");
	else
		snprintf(host, hostlen, "%.*s", (int)hl, arg);
	errno = 0;
	p = strtol(colon + 1, &end, 10);
	if (!colon[1] || *end || errno || p < 0 || p > 65535)
		return err_set(e, "%s: bad port \"%s\" (0-65535; 0 picks a "
			       "free one)", spec, colon + 1);
	snprintf(port, portlen, "%ld", p);
	return 0;
}

static int tcp_listen(struct chardev *chr, struct chardev_tcp *t,
		      const char *host, const char *port, struct err *e)
{
	struct addrinfo hints = {
		.ai_family = AF_UNSPEC,
		.ai_socktype = SOCK_STREAM,
		.ai_flags = AI_PASSIVE | AI_NUMERICSERV,
	};
	struct addrinfo *res, *ai;
	int rc, saved = 0, fd = -1, one = 1;

	rc = getaddrinfo(host, port, &hints, &res);
	if (rc)
		return err_set(e, "%s: cannot resolve \"%s\": %s", chr->spec,
			       host, gai_strerror(rc));
	for (ai = res; ai; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK |
			    SOCK_CLOEXEC, ai->ai_protocol);
		if (fd < 0) {
			saved = errno;
			continue;
		}
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 &&
		    listen(fd, 8) == 0)
			break;
		saved = errno;
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	if (fd < 0)
		return err_set(e, "%s: cannot listen on %s: %s", chr->spec,
			       t->addr, strerror(saved));
	t->listen_fd = fd;
	return 0;
}

static int tcp_bound_port(int fd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);

	if (getsockname(fd, (struct sockaddr *)&ss, &len) < 0)
		return -1;
	if (ss.ss_family == AF_INET)
		return ntohs(((struct sockaddr_in *)&ss)->sin_port);
	if (ss.ss_family == AF_INET6)
		return ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
	return -1;
}

static int chardev_tcp_open(struct chardev *chr, const char *arg,
			    struct err *e)
{
	struct chardev_tcp *t = calloc(1, sizeof(*t));
	char host[256], port[8];

	if (!t)
		return err_set(e, "%s: out of memory", chr->spec);
	t->listen_fd = t->client_fd = -1;
	if (tcp_parse(chr->spec, arg, host, sizeof(host), port, sizeof(port),
		      e) < 0)
		goto fail;
	snprintf(t->addr, sizeof(t->addr), "%s%s%s:%s",
		 strchr(host, ':') ? "[" : "", host,
		 strchr(host, ':') ? "]" : "", port);
	if (tcp_listen(chr, t, host, port, e) < 0)
		goto fail;
	t->port = tcp_bound_port(t->listen_fd);
	chr->priv = t;
	if (iothread_add_fd(chr->io, t->listen_fd, POLLIN, tcp_accept,
			    chr) < 0) {
		err_set(e, "%s: cannot watch the socket: %s", chr->spec,
			strerror(errno));
		close(t->listen_fd);
		chr->priv = NULL;
		goto fail;
	}
	log_msg("serial on tcp %s%s%s:%d", strchr(host, ':') ? "[" : "", host,
		strchr(host, ':') ? "]" : "", t->port);
	return 0;
fail:
	free(t);
	return -1;
}

static void chardev_tcp_unwatch(struct chardev *chr)
{
	struct chardev_tcp *t = chr->priv;

	iothread_del_fd(chr->io, t->listen_fd);
}

static void chardev_tcp_close(struct chardev *chr)
{
	struct chardev_tcp *t = chr->priv;

	if (t->client_fd >= 0)
		close(t->client_fd);
	close(t->listen_fd);
	free(t);
	chr->priv = NULL;
}

static ssize_t chardev_tcp_write(struct chardev *chr, int fd, const void *buf,
				 size_t len)
{
	return send(fd, buf, len, MSG_DONTWAIT | MSG_NOSIGNAL);
}

int chardev_tcp_port(struct chardev *chr)
{
	const struct chardev_tcp *t;

	if (!chr || chr->be != &chardev_tcp_backend)
		return -1;
	t = chr->priv;
	return t->port;
}

const struct chardev_backend chardev_tcp_backend = {
	.name = "tcp",
	.usage = "tcp:HOST:PORT",
	.has_arg = true,
	.has_output = true,
	.open = chardev_tcp_open,
	.unwatch = chardev_tcp_unwatch,
	.close = chardev_tcp_close,
	.write = chardev_tcp_write,
	.hangup = chardev_tcp_hangup,
};
