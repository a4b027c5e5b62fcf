/* Network links: a NIC model on one side, a host backend on the other
 * ("slirp" user networking today; a tap backend and the SGI Seeq NIC can
 * plug into the same interface later).
 *
 * The NIC hands the guest's frames to net_send; the backend hands frames
 * from the network to net_deliver, which passes them to the NIC's
 * receive callback, or holds a bounded number while the NIC has no free
 * receive buffer (the guest refills its ring a moment later, as a
 * switch's port buffer would bridge), and beyond that gives them to the
 * NIC anyway, which drops and counts them as a real chip does. Nothing
 * here ever blocks the guest. Frames are Ethernet frames without FCS.
 *
 * Every function runs with the machine lock held (vCPU thread for the
 * NIC's registers and timers, I/O thread for backend callbacks). */
#ifndef MIPSVZ_NET_H
#define MIPSVZ_NET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "err.h"

struct net;
struct iothread;

/* The largest frame net_deliver passes on; a backend handing over more
 * (a 64 KiB "frame", CVE-2015-7512) gets it dropped and counted. */
#define NET_FRAME_MAX 1522
/* Frames held while the NIC has no receive buffer. */
#define NET_QUEUE_FRAMES 64

/* The NIC side. */
struct net_nic_ops {
	/* False while frames should wait (the NIC's receive ring is full
	 * or it is suspended); true when a frame delivered now lands, or
	 * is dropped because the receiver is off. */
	bool (*can_receive)(void *opaque);
	/* One frame from the network: the NIC copies it, or drops and
	 * counts it. */
	void (*receive)(void *opaque, const uint8_t *frame, size_t len);
};

/* The host side. */
struct net_backend_ops {
	const char *name;
	/* One frame from the guest; the backend copies what it keeps. */
	void (*send)(void *be, const uint8_t *frame, size_t len);
	void (*close)(void *be);
};

struct net_stats {
	uint64_t tx_frames;	/* guest -> backend */
	uint64_t rx_frames;	/* backend -> NIC (delivered or dropped there) */
	uint64_t rx_queued;	/* held for a while first */
	uint64_t rx_dropped;	/* too long, or no NIC attached */
};

/* An unconnected link: frames from the guest go nowhere and the NIC
 * sees no carrier (net_link_up false) until a backend is set. */
int net_create(struct net **out, struct err *e);
/* The link as the config asks for: cfg->net "slirp" (with cfg->hostfwd
 * and cfg->net's line in errors) or "none"/NULL (no backend). */
int net_open(const struct config *cfg, struct iothread *io,
	     struct net **out, struct err *e);
/* Close the backend, drop queued frames, free. NULL is fine. */
void net_close(struct net *n);

void net_set_backend(struct net *n, const struct net_backend_ops *ops,
		     void *be);
void net_set_nic(struct net *n, const struct net_nic_ops *ops, void *opaque);
/* A backend is attached: the NIC's PHY reports link up. */
bool net_link_up(const struct net *n);
const char *net_backend_name(const struct net *n);
const struct net_stats *net_get_stats(const struct net *n);

/* NIC -> network. */
void net_send(struct net *n, const uint8_t *frame, size_t len);
/* Network -> NIC. */
void net_deliver(struct net *n, const uint8_t *frame, size_t len);
/* Frames are waiting for the NIC. */
bool net_rx_pending(const struct net *n);
/* The NIC has receive buffers again: pass on what waits, as long as it
 * can take it. */
void net_rx_ready(struct net *n);

/* A host port forward, "PROTO:[HOSTADDR]:HOSTPORT-[GUESTADDR]:GUESTPORT"
 * as QEMU writes it. An empty host address means 127.0.0.1 (not QEMU's
 * 0.0.0.0: an appliance's ports stay local unless asked), an empty guest
 * address the guest's DHCP address. Addresses are IPv4, network order. */
struct net_hostfwd {
	bool udp;
	uint32_t host_addr, guest_addr;
	uint16_t host_port, guest_port;
};
int net_hostfwd_parse(const char *rule, uint32_t default_guest,
		      struct net_hostfwd *fwd, struct err *e);

/* Clear the URG flag and urgent pointer of an IPv4 TCP segment in an
 * Ethernet frame, fixing the checksum (RFC 1624); true if it changed
 * anything. The slirp backend applies it to the guest's frames when
 * libslirp predates the fix for CVE-2026-9539 (docs/network.md). */
bool net_tcp_strip_urgent(uint8_t *frame, size_t len);

/* The slirp backend (vmm/net_slirp.c): 10.0.2.0/24, gateway and DHCP
 * server 10.0.2.2 (the host's 127.0.0.1), DNS 10.0.2.3, the guest
 * 10.0.2.15. `where` ("appliance.conf:12: " or "") prefixes errors about
 * cfg->hostfwd. Built without libslirp (-DMIPSVZ_NO_SLIRP), it fails
 * with a message saying so. */
int net_slirp_open(struct net *n, const struct config *cfg,
		   struct iothread *io, const char *where, struct err *e);
/* The libslirp version the process runs with, and whether it has every
 * security fix docs/network.md lists (NULL/false without libslirp). */
const char *net_slirp_version(void);
bool net_slirp_version_patched(const char *version, char *missing,
			       size_t len);

#endif
