/* The network link (vmm/net.c) and the libslirp backend: a DHCP
 * DISCOVER from a fake NIC gets an OFFER of 10.0.2.15; port forward
 * rules that are malformed, or whose port is taken, fail with the
 * config line and leave no network behind (BAD-INPUTS row 21);
 * truncated and odd packets from the guest are survived (row 20); the
 * libslirp version check and the urgent-pointer filter. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "tests/test.h"
#include "vmm/iothread.h"
#include "vmm/net.h"

static const uint8_t mac[6] = { 0x02, 0x4d, 0x56, 0x5a, 0x00, 0x01 };

struct nic {
	uint8_t frame[16][1600];
	size_t len[16];
	unsigned n;
};

static bool nic_can(void *opaque)
{
	return true;
}

static void nic_rx(void *opaque, const uint8_t *f, size_t len)
{
	struct nic *nic = opaque;

	if (nic->n < 16 && len <= sizeof(nic->frame[0])) {
		memcpy(nic->frame[nic->n], f, len);
		nic->len[nic->n] = len;
	}
	nic->n++;
}

static const struct net_nic_ops nic_ops = {
	.can_receive = nic_can, .receive = nic_rx,
};

static uint16_t ip_csum(const uint8_t *p, size_t len, uint32_t sum)
{
	for (size_t i = 0; i + 1 < len; i += 2)
		sum += p[i] << 8 | p[i + 1];
	if (len & 1)
		sum += p[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return ~sum & 0xffff;
}

/* Ethernet + IPv4 header for `payload` bytes of protocol `proto`. */
static size_t ip_frame(uint8_t *f, const uint8_t *dst_mac, uint32_t src,
		       uint32_t dst, uint8_t proto, size_t payload)
{
	uint8_t *ip = f + 14;
	uint16_t c;

	memcpy(f, dst_mac, 6);
	memcpy(f + 6, mac, 6);
	f[12] = 0x08;
	f[13] = 0x00;
	memset(ip, 0, 20);
	ip[0] = 0x45;
	ip[2] = (20 + payload) >> 8;
	ip[3] = (20 + payload) & 0xff;
	ip[8] = 64;
	ip[9] = proto;
	memcpy(ip + 12, &src, 4);
	memcpy(ip + 16, &dst, 4);
	c = ip_csum(ip, 20, 0);
	ip[10] = c >> 8;
	ip[11] = c & 0xff;
	return 14 + 20 + payload;
}

/* DHCP DISCOVER (RFC 2131) from 0.0.0.0:68 to 255.255.255.255:67. */
static size_t dhcp_discover(uint8_t *f)
{
	static const uint8_t bc[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	uint8_t *udp = f + 34, *b = udp + 8;
	size_t blen = 300;

	memset(udp, 0, 8 + blen);
	udp[1] = 68;
	udp[3] = 67;
	udp[4] = (8 + blen) >> 8;
	udp[5] = (8 + blen) & 0xff;
	b[0] = 1;		/* BOOTREQUEST */
	b[1] = 1;		/* Ethernet */
	b[2] = 6;
	memcpy(b + 4, "\x12\x34\x56\x78", 4);	/* xid */
	memcpy(b + 28, mac, 6);
	memcpy(b + 236, "\x63\x82\x53\x63", 4);	/* magic cookie */
	b[240] = 53;		/* DHCP message type */
	b[241] = 1;
	b[242] = 1;		/* DISCOVER */
	b[243] = 255;
	return ip_frame(f, bc, 0, 0xffffffffu, 17, 8 + blen);
}

struct slirp_rig {
	pthread_mutex_t lock;
	struct iothread *io;
	struct net *net;
	struct nic nic;
	struct config cfg;
};

static struct slirp_rig *rig_new(void)
{
	struct slirp_rig *r = calloc(1, sizeof(*r));
	struct err e;

	pthread_mutex_init(&r->lock, NULL);
	r->io = iothread_create(&r->lock, &e);
	if (!r->io || net_create(&r->net, &e) < 0)
		test_fail(__FILE__, __LINE__, "%s", e.msg);
	net_set_nic(r->net, &nic_ops, &r->nic);
	r->cfg.net = "slirp";
	return r;
}

static void rig_free(struct slirp_rig *r)
{
	net_close(r->net);
	iothread_destroy(r->io);
	pthread_mutex_destroy(&r->lock);
	free(r);
}

static int rig_open(struct slirp_rig *r, const char *where, struct err *e)
{
	int rc;

	pthread_mutex_lock(&r->lock);
	rc = net_slirp_open(r->net, &r->cfg, r->io, where, e);
	pthread_mutex_unlock(&r->lock);
	return rc;
}

static void rig_send(struct slirp_rig *r, const uint8_t *f, size_t len)
{
	pthread_mutex_lock(&r->lock);
	net_send(r->net, f, len);
	pthread_mutex_unlock(&r->lock);
}

static bool have_slirp(void)
{
	if (net_slirp_version())
		return true;
	test_skip("built without libslirp");
	return false;
}

/* --- DHCP ------------------------------------------------------------------ */

static const uint8_t *find_offer(struct nic *nic)
{
	for (unsigned i = 0; i < nic->n && i < 16; i++) {
		const uint8_t *f = nic->frame[i];

		if (nic->len[i] >= 34 + 8 + 243 && f[12] == 0x08 &&
		    f[13] == 0 && f[23] == 17 && f[35] == 67 && f[37] == 68)
			return f + 42;
	}
	return NULL;
}

static void dhcp_offer(void)
{
	struct slirp_rig *r;
	uint8_t f[1600];
	const uint8_t *b;
	struct err e;

	if (!have_slirp())
		return;
	r = rig_new();
	if (rig_open(r, "", &e) < 0)
		test_fail(__FILE__, __LINE__, "%s", e.msg);
	CHECK(net_link_up(r->net));
	CHECK(!strcmp(net_backend_name(r->net), "slirp"));
	rig_send(r, f, dhcp_discover(f));
	b = find_offer(&r->nic);
	CHECK(b != NULL);
	if (b) {
		uint32_t yiaddr;

		CHECK_EQ(b[0], 2);			/* BOOTREPLY */
		CHECK(!memcmp(b + 4, "\x12\x34\x56\x78", 4));
		memcpy(&yiaddr, b + 16, 4);
		CHECK_EQ(ntohl(yiaddr), 0x0a00020f);	/* 10.0.2.15 */
		CHECK(!memcmp(b + 236, "\x63\x82\x53\x63", 4));
		CHECK_EQ(b[240], 53);
		CHECK_EQ(b[242], 2);			/* OFFER */
	}
	rig_free(r);
}

/* Malformed guest packets of the kinds behind CVE-2021-3592..3595 and
 * the reassembly CVEs: the stack survives and still answers. */
static void guest_garbage(void)
{
	static const uint8_t gw[6] = { 0x52, 0x55, 0x0a, 0x00, 0x02, 0x02 };
	struct slirp_rig *r;
	uint8_t f[1600];
	uint32_t me = htonl(0x0a00020f), host = htonl(0x0a000202);
	size_t len;
	struct err e;

	if (!have_slirp())
		return;
	r = rig_new();
	if (rig_open(r, "", &e) < 0)
		test_fail(__FILE__, __LINE__, "%s", e.msg);
	/* DHCP cut short at every length. */
	len = dhcp_discover(f);
	for (size_t cut = 0; cut < len; cut += 7)
		rig_send(r, f, cut);
	/* UDP (TFTP, port 69) claiming more than is there. */
	memset(f, 0, sizeof(f));
	len = ip_frame(f, gw, me, host, 17, 12);
	f[35] = 69 & 0xff;
	f[37] = 69;
	f[39] = 200;
	rig_send(r, f, len);
	/* IP header length past the frame; total length past the frame. */
	f[14] = 0x4f;
	rig_send(r, f, 30);
	f[14] = 0x45;
	f[16] = 0xff;
	rig_send(r, f, len);
	/* A flood of first fragments that never complete. */
	for (int i = 0; i < 300; i++) {
		len = ip_frame(f, gw, me, host, 17, 1000);
		f[18] = i >> 8;
		f[19] = i & 0xff;	/* id */
		f[20] = 0x20;		/* MF */
		rig_send(r, f, len);
	}
	/* TCP with the urgent pointer far past the data. */
	len = ip_frame(f, gw, me, host, 6, 20 + 4);
	f[34] = 0x30;
	f[37] = 22;
	f[46] = 0x50;
	f[47] = 0x38;		/* ACK PSH URG */
	f[52] = 0xff;
	f[53] = 0xff;
	rig_send(r, f, len);
	/* After all that, DHCP still works. */
	r->nic.n = 0;
	rig_send(r, f, dhcp_discover(f));
	CHECK(find_offer(&r->nic) != NULL);
	rig_free(r);
}

/* --- port forwards ----------------------------------------------------- */

static void hostfwd_parse(void)
{
	struct net_hostfwd h;
	struct err e;
	uint32_t guest = htonl(0x0a00020f);

	CHECK_EQ(net_hostfwd_parse("tcp::2222-:22", guest, &h, &e), 0);
	CHECK(!h.udp);
	CHECK_EQ(ntohl(h.host_addr), 0x7f000001);	/* loopback only */
	CHECK_EQ(h.guest_addr, guest);
	CHECK_EQ(h.host_port, 2222);
	CHECK_EQ(h.guest_port, 22);
	CHECK_EQ(net_hostfwd_parse("udp:0.0.0.0:5353-10.0.2.9:53", guest, &h,
				   &e), 0);
	CHECK(h.udp);
	CHECK_EQ(h.host_addr, 0);
	CHECK_EQ(ntohl(h.guest_addr), 0x0a000209);
	CHECK(net_hostfwd_parse("icmp::1-:2", guest, &h, &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "tcp or udp");
	CHECK(net_hostfwd_parse("tcp:2222-:22", guest, &h, &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "is not a port forward");
	CHECK(net_hostfwd_parse("tcp::0-:22", guest, &h, &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "bad host port");
	CHECK(net_hostfwd_parse("tcp::22-:99999", guest, &h, &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "bad guest port");
	CHECK(net_hostfwd_parse("tcp:1.2.3:80-:80", guest, &h, &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "bad host address");
	CHECK(net_hostfwd_parse("tcp::80-10.0.2.300:80", guest, &h, &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "bad guest address");
}

/* A port that is taken: the error names the config line and the rule,
 * and nothing of the network stays (the next open on a free port is
 * clean). */
static void hostfwd_errors(void)
{
	struct slirp_rig *r;
	struct sockaddr_in sa = { .sin_family = AF_INET };
	socklen_t sl = sizeof(sa);
	char rule[64], *rules[1] = { rule };
	int fd;
	struct err e;

	if (!have_slirp())
		return;
	r = rig_new();
	fd = socket(AF_INET, SOCK_STREAM, 0);
	sa.sin_addr.s_addr = htonl(0x7f000001);
	CHECK(bind(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0);
	CHECK(listen(fd, 1) == 0);
	getsockname(fd, (struct sockaddr *)&sa, &sl);
	snprintf(rule, sizeof(rule), "tcp::%u-:22", ntohs(sa.sin_port));
	r->cfg.hostfwd[0] = rules[0];
	r->cfg.nhostfwd = 1;
	CHECK(rig_open(r, "appliance.conf:7: ", &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "appliance.conf:7: net.hostfwd[0]");
	CHECK_STR_CONTAINS(e.msg, rule);
	CHECK_STR_CONTAINS(e.msg, "in use");
	CHECK(!net_link_up(r->net));
	/* Malformed. */
	r->cfg.hostfwd[0] = "tcp::22";
	CHECK(rig_open(r, "appliance.conf:7: ", &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "appliance.conf:7: net.hostfwd[0]");
	CHECK_STR_CONTAINS(e.msg, "not a port forward");
	/* Privileged port without the privilege. */
	if (geteuid() != 0) {
		r->cfg.hostfwd[0] = "tcp::1-:22";
		CHECK(rig_open(r, "", &e) < 0);
		CHECK_STR_CONTAINS(e.msg, "permission denied");
	}
	/* Our port is still ours alone; a free one works. */
	close(fd);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	CHECK(bind(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0);
	close(fd);
	r->cfg.hostfwd[0] = rule;
	CHECK(rig_open(r, "", &e) == 0);
	CHECK(net_link_up(r->net));
	/* The forward listens: a host connection is accepted. */
	usleep(20000);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	CHECK(connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0);
	close(fd);
	rig_free(r);
}

static void no_slirp_message(void)
{
	struct slirp_rig *r;
	struct err e;

	if (net_slirp_version()) {
		test_skip("built with libslirp");
		return;
	}
	r = rig_new();
	CHECK(rig_open(r, "", &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "without libslirp");
	rig_free(r);
}

/* --- versions and filters ---------------------------------------------- */

static void version_check(void)
{
	char missing[256];

	CHECK(!net_slirp_version_patched("4.7.0", missing, sizeof(missing)));
	CHECK_STR_CONTAINS(missing, "CVE-2026-9539");
	CHECK(!strstr(missing, "CVE-2021-3592"));
	CHECK(!net_slirp_version_patched("4.5.1", missing, sizeof(missing)));
	CHECK_STR_CONTAINS(missing, "CVE-2021-3592");
	CHECK(net_slirp_version_patched("4.9.2", missing, sizeof(missing)));
	CHECK(net_slirp_version_patched("5.0", missing, sizeof(missing)));
	CHECK(!net_slirp_version_patched("junk", missing, sizeof(missing)));
}

static void strip_urgent(void)
{
	static const uint8_t gw[6] = { 0x52, 0x55, 0x0a, 0x00, 0x02, 0x02 };
	uint8_t f[128] = { 0 }, pseudo[12 + 28];
	uint32_t src = htonl(0x0a00020f), dst = htonl(0x0a000202);
	size_t len = ip_frame(f, gw, src, dst, 6, 28);
	uint8_t *tcp = f + 34;
	uint16_t c;

	tcp[12] = 0x50;
	tcp[13] = 0x38;		/* ACK PSH URG */
	tcp[18] = 0x12;
	tcp[19] = 0x34;		/* urgent pointer */
	memcpy(tcp + 20, "urgent!!", 8);
	/* The TCP checksum over the pseudo-header. */
	memcpy(pseudo, &src, 4);
	memcpy(pseudo + 4, &dst, 4);
	pseudo[8] = 0;
	pseudo[9] = 6;
	pseudo[10] = 0;
	pseudo[11] = 28;
	memcpy(pseudo + 12, tcp, 28);
	c = ip_csum(pseudo, sizeof(pseudo), 0);
	tcp[16] = c >> 8;
	tcp[17] = c & 0xff;
	CHECK(net_tcp_strip_urgent(f, len));
	CHECK_EQ(tcp[13], 0x18);
	CHECK_EQ(tcp[18] | tcp[19], 0);
	memcpy(pseudo + 12, tcp, 28);
	CHECK_EQ(ip_csum(pseudo, sizeof(pseudo), 0), 0);	/* valid */
	CHECK(!net_tcp_strip_urgent(f, len));
	CHECK(!net_tcp_strip_urgent(f, 40));			/* truncated */
}

TEST_MAIN("net_slirp",
	  T(dhcp_offer), T(guest_garbage), T(hostfwd_parse),
	  T(hostfwd_errors), T(no_slirp_message), T(version_check),
	  T(strip_urgent))
