/* Network links between a NIC model and a host backend (vmm/net.h): the
 * small receive queue that bridges a guest refilling its ring, config
 * parsing of port forwards, and a guest-frame filter for old libslirp. */
#include "net.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"

struct net_slot {
	uint16_t len;
	uint8_t data[NET_FRAME_MAX];
};

struct net {
	const struct net_backend_ops *be_ops;
	void *be;
	const struct net_nic_ops *nic_ops;
	void *nic;
	/* Frames waiting for the NIC: a ring, head = oldest. */
	struct net_slot *q;
	unsigned q_head, q_len;
	bool flushing;		/* re-entrancy guard for net_rx_ready */
	struct net_stats stats;
};

int net_create(struct net **out, struct err *e)
{
	struct net *n = calloc(1, sizeof(*n));

	*out = NULL;
	if (n)
		n->q = calloc(NET_QUEUE_FRAMES, sizeof(*n->q));
	if (!n || !n->q) {
		free(n);
		return err_set(e, "net: out of memory");
	}
	*out = n;
	return 0;
}

int net_open(const struct config *cfg, struct iothread *io,
	     struct net **out, struct err *e)
{
	char where[300];

	if (net_create(out, e) < 0)
		return -1;
	if (!cfg->net || !strcmp(cfg->net, "none"))
		return 0;
	if (!strcmp(cfg->net, "slirp")) {
		config_where(cfg, "net", where, sizeof(where));
		if (net_slirp_open(*out, cfg, io, where, e) == 0)
			return 0;
	} else {
		err_set(e, "net: unknown mode \"%s\" (slirp or none)",
			cfg->net);
	}
	net_close(*out);
	*out = NULL;
	return -1;
}

void net_close(struct net *n)
{
	if (!n)
		return;
	if (n->be_ops && n->be_ops->close)
		n->be_ops->close(n->be);
	free(n->q);
	free(n);
}

void net_set_backend(struct net *n, const struct net_backend_ops *ops,
		     void *be)
{
	n->be_ops = ops;
	n->be = be;
}

void net_set_nic(struct net *n, const struct net_nic_ops *ops, void *opaque)
{
	n->nic_ops = ops;
	n->nic = opaque;
}

bool net_link_up(const struct net *n)
{
	return n && n->be_ops;
}

const char *net_backend_name(const struct net *n)
{
	return n && n->be_ops ? n->be_ops->name : "none";
}

const struct net_stats *net_get_stats(const struct net *n)
{
	return &n->stats;
}

void net_send(struct net *n, const uint8_t *frame, size_t len)
{
	if (!n || !n->be_ops)
		return;
	n->stats.tx_frames++;
	TRACE(TRACE_IO, "net: guest sends %zu bytes", len);
	n->be_ops->send(n->be, frame, len);
}

static bool net_nic_ready(const struct net *n)
{
	return n->nic_ops->can_receive(n->nic);
}

void net_deliver(struct net *n, const uint8_t *frame, size_t len)
{
	struct net_slot *slot;

	if (!n->nic_ops || len > NET_FRAME_MAX) {
		n->stats.rx_dropped++;
		LOG_RATELIMITED("net: dropped a %zu-byte frame from %s (%s)",
				len, net_backend_name(n),
				n->nic_ops ? "longer than any Ethernet frame"
					   : "no NIC");
		return;
	}
	n->stats.rx_frames++;
	/* Keep the order: behind frames already waiting. */
	if (!n->q_len && net_nic_ready(n)) {
		n->nic_ops->receive(n->nic, frame, len);
		return;
	}
	if (n->q_len == NET_QUEUE_FRAMES) {
		/* The NIC counts it as a missed frame (its ring is full). */
		n->nic_ops->receive(n->nic, frame, len);
		return;
	}
	slot = &n->q[(n->q_head + n->q_len) % NET_QUEUE_FRAMES];
	memcpy(slot->data, frame, len);
	slot->len = len;
	n->q_len++;
	n->stats.rx_queued++;
}

bool net_rx_pending(const struct net *n)
{
	return n && n->q_len;
}

void net_rx_ready(struct net *n)
{
	/* A NIC's receive may ask again (it polls its ring): one flush at
	 * a time, at most the queue's length per call. */
	if (!n || n->flushing || !n->nic_ops)
		return;
	n->flushing = true;
	for (unsigned k = 0; k < NET_QUEUE_FRAMES && n->q_len; k++) {
		struct net_slot *slot = &n->q[n->q_head];

		if (!net_nic_ready(n))
			break;
		n->q_head = (n->q_head + 1) % NET_QUEUE_FRAMES;
		n->q_len--;
		n->nic_ops->receive(n->nic, slot->data, slot->len);
	}
	n->flushing = false;
}

/* --- port forwards ---------------------------------------------------- */

static int net_parse_port(const char *s, size_t len, uint16_t *port)
{
	unsigned v = 0;

	if (!len || len > 5)
		return -1;
	for (size_t i = 0; i < len; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	if (v < 1 || v > 65535)
		return -1;
	*port = v;
	return 0;
}

/* "" -> def; else a dotted IPv4 address. */
static int net_parse_addr(const char *s, size_t len, uint32_t def,
			  uint32_t *addr)
{
	char buf[16];
	struct in_addr a;

	if (!len) {
		*addr = def;
		return 0;
	}
	if (len >= sizeof(buf))
		return -1;
	memcpy(buf, s, len);
	buf[len] = 0;
	if (inet_pton(AF_INET, buf, &a) != 1)
		return -1;
	*addr = a.s_addr;
	return 0;
}

int net_hostfwd_parse(const char *rule, uint32_t default_guest,
		      struct net_hostfwd *fwd, struct err *e)
{
	const char *p = rule, *colon, *dash, *gcolon;

	memset(fwd, 0, sizeof(*fwd));
	if (!strncmp(p, "tcp:", 4)) {
		p += 4;
	} else if (!strncmp(p, "udp:", 4)) {
		fwd->udp = true;
		p += 4;
	} else {
		return err_set(e, "\"%s\": protocol must be tcp or udp", rule);
	}
	dash = strchr(p, '-');
	colon = dash ? memchr(p, ':', dash - p) : NULL;
	gcolon = dash ? strchr(dash + 1, ':') : NULL;
	if (!dash || !colon || !gcolon)
		return err_set(e, "\"%s\" is not a port forward (write "
			       "\"tcp::2222-:22\": "
			       "PROTO:[HOSTADDR]:PORT-[GUESTADDR]:PORT)", rule);
	if (net_parse_addr(p, colon - p, htonl(0x7f000001),
			   &fwd->host_addr) < 0)
		return err_set(e, "\"%s\": bad host address \"%.*s\"", rule,
			       (int)(colon - p), p);
	if (net_parse_port(colon + 1, dash - colon - 1, &fwd->host_port) < 0)
		return err_set(e, "\"%s\": bad host port \"%.*s\" (1-65535)",
			       rule, (int)(dash - colon - 1), colon + 1);
	if (net_parse_addr(dash + 1, gcolon - dash - 1, default_guest,
			   &fwd->guest_addr) < 0)
		return err_set(e, "\"%s\": bad guest address \"%.*s\"", rule,
			       (int)(gcolon - dash - 1), dash + 1);
	if (net_parse_port(gcolon + 1, strlen(gcolon + 1),
			   &fwd->guest_port) < 0)
		return err_set(e, "\"%s\": bad guest port \"%s\" (1-65535)",
			       rule, gcolon + 1);
	return 0;
}

/* --- TCP urgent data filter ------------------------------------------ */

static uint16_t net_csum_fold_add(uint16_t sum, uint16_t old, uint16_t new)
{
	/* RFC 1624 eqn. 3: HC' = ~(~HC + ~m + m'). */
	uint32_t s = (uint16_t)~sum + (uint32_t)(uint16_t)~old + new;

	s = (s & 0xffff) + (s >> 16);
	s = (s & 0xffff) + (s >> 16);
	return ~s;
}

bool net_tcp_strip_urgent(uint8_t *f, size_t len)
{
	size_t ip = 14, tcp;
	uint16_t flags_old, flags_new, urp, sum;

	if (len < ip + 20 || f[12] != 0x08 || f[13] != 0x00)
		return false;			/* not IPv4 */
	if ((f[ip] >> 4) != 4 || f[ip + 9] != 6)
		return false;			/* not TCP */
	/* Only a first (or only) fragment carries the TCP header. */
	if (((f[ip + 6] & 0x1f) << 8 | f[ip + 7]) != 0)
		return false;
	tcp = ip + (f[ip] & 0x0f) * 4;
	if ((f[ip] & 0x0f) < 5 || len < tcp + 20)
		return false;
	flags_old = f[tcp + 12] << 8 | f[tcp + 13];
	urp = f[tcp + 18] << 8 | f[tcp + 19];
	if (!(flags_old & 0x20) && !urp)
		return false;
	flags_new = flags_old & ~0x20;
	sum = f[tcp + 16] << 8 | f[tcp + 17];
	sum = net_csum_fold_add(sum, flags_old, flags_new);
	sum = net_csum_fold_add(sum, urp, 0);
	f[tcp + 13] = flags_new & 0xff;
	f[tcp + 16] = sum >> 8;
	f[tcp + 17] = sum & 0xff;
	f[tcp + 18] = f[tcp + 19] = 0;
	return true;
}
