/* AMD Am79C973 PCnet-FAST III on PCI (Am79C973/Am79C975 datasheet, AMD
 * publication 21510; "datasheet" below). The MAC, its DMA engine over
 * descriptor rings, and the internal PHY's MII registers; the network
 * is a vmm/net.h link. Behaviour Linux's pcnet32 driver relies on is
 * noted where it matters. Facts with sources: docs/hw/pcnet.md. */
#include "pcnet.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vmm/crc32.h"
#include "vmm/log.h"

/* CSR3: interrupt masks (same bit positions as in CSR0) and controls. */
#define CSR3_WRITABLE 0x5f7c
#define CSR0_IRQ_SOURCES 0x5f00	/* BABL MISS MERR RINT TINT IDON */
#define CSR0_W1C 0x7f00
/* CSR4: test and features control. */
#define CSR4_APAD_XMT 0x0800
#define CSR4_DPOLL 0x1000
#define CSR4_MFCO 0x0200
#define CSR4_MFCOM 0x0100
#define CSR4_UINTCMD 0x0080
#define CSR4_UINT 0x0040
#define CSR4_RCVCCO 0x0020
#define CSR4_RCVCCOM 0x0010
#define CSR4_TXSTRT 0x0008
#define CSR4_TXSTRTM 0x0004
#define CSR4_JAB 0x0002
#define CSR4_JABM 0x0001
#define CSR4_W1C 0x026a
#define CSR4_WRITABLE 0xfd15
/* CSR5: extended control and interrupt 1. */
#define CSR5_TOKINTD 0x8000
#define CSR5_LTINTEN 0x4000
#define CSR5_SPND 0x0001
#define CSR5_W1C 0x0a90
#define CSR5_WRITABLE 0xc56f
/* CSR15: mode. */
#define CSR15_PROM 0x8000
#define CSR15_DRCVBC 0x4000
#define CSR15_DRCVPA 0x2000
#define CSR15_LOOP 0x0004
#define CSR15_DTX 0x0002
#define CSR15_DRX 0x0001
/* BCR numbers and bits. */
#define BCR_LED0 4
#define BCR_LED_LNKSTE 0x0040
#define BCR_LED_OUT 0x8000
#define BCR_BSBC 18
#define BCR18_DWIO 0x0080
#define BCR_SWS 20
#define BCR_MIIADDR 33
#define BCR_MIIMDR 34
#define BCR_PCIVID 35

/* MII registers of the internal PHY (IEEE 802.3 clause 22). */
#define MII_BMCR 0
#define MII_BMSR 1
#define MII_PHYSID1 2
#define MII_PHYSID2 3
#define MII_ADVERTISE 4
#define MII_LPA 5
#define MII_EXPANSION 6
#define BMCR_RESET 0x8000
#define BMCR_ANRESTART 0x0200
#define BMSR_CAPS 0x7809	/* 100TX FD/HD, 10T FD/HD, AN able, ext. */
#define BMSR_LINK 0x0004
#define BMSR_ANEGDONE 0x0020

#define PCNET_MIN_FRAME 60	/* without FCS */
#define PCNET_HDR 14
/* Transmit polling: 65,536 PCI clocks at 33 MHz when CSR47 is 0
 * (datasheet, CSR47 "Transmit Polling Interval"). */
#define PCNET_PCI_HZ 33000000ull

static struct bus *pcnet_sysbus(struct pcnet *s)
{
	return s->pci.bus->sysbus;
}

static bool pcnet_stopped(const struct pcnet *s)
{
	return (s->csr[0] & PCNET_CSR0_STOP) || (s->csr[5] & CSR5_SPND);
}

static bool pcnet_link(const struct pcnet *s)
{
	return net_link_up(s->net);
}

/* --- interrupts -------------------------------------------------------- */

/* INTR (CSR0 bit 7) is the OR of the unmasked sources of CSR0, CSR4 and
 * CSR5; INTA follows it while IENA is set (datasheet, CSR0 INTR). */
static bool pcnet_intr(const struct pcnet *s)
{
	uint16_t c4 = s->csr[4], c5 = s->csr[5];

	return (s->csr[0] & ~s->csr[3] & CSR0_IRQ_SOURCES) ||
	       ((c4 & CSR4_MFCO) && !(c4 & CSR4_MFCOM)) ||
	       ((c4 & CSR4_RCVCCO) && !(c4 & CSR4_RCVCCOM)) ||
	       ((c4 & CSR4_TXSTRT) && !(c4 & CSR4_TXSTRTM)) ||
	       ((c4 & CSR4_JAB) && !(c4 & CSR4_JABM)) ||
	       (c4 & CSR4_UINT) ||
	       /* SINT/SINTE, SLPINT/SLPINTE, EXDINT/EXDINTE, MPINT/MPINTE */
	       ((c5 >> 1) & c5 & 0x0548);
}

static void pcnet_update_irq(struct pcnet *s)
{
	bool intr = pcnet_intr(s);
	bool level = intr && (s->csr[0] & PCNET_CSR0_IENA) &&
		     !(pci_get(&s->pci, PCI_COMMAND, 2) & 0x0400);

	s->csr[0] = (s->csr[0] & ~(PCNET_CSR0_INTR | PCNET_CSR0_ERR)) |
		    (intr ? PCNET_CSR0_INTR : 0) |
		    (s->csr[0] & (PCNET_CSR0_BABL | PCNET_CSR0_CERR |
				  PCNET_CSR0_MISS | PCNET_CSR0_MERR) ?
		     PCNET_CSR0_ERR : 0);
	if (level != s->irq_level) {
		s->irq_level = level;
		TRACE(TRACE_IRQ, "pcnet: INTA %d", level);
		irq_set(&s->irq, level);
	}
}

/* --- DMA ---------------------------------------------------------------- */

/* A bus master access that fails (bus mastering off, or an address
 * outside RAM: a PCI master abort) sets MERR (datasheet, CSR0 bit 11). */
static int pcnet_dma(struct pcnet *s, uint32_t pa, void *buf, size_t len,
		     bool write, const char *what)
{
	struct bus *bus = pcnet_sysbus(s);
	int r = -1;

	if (pci_get(&s->pci, PCI_COMMAND, 2) & PCI_COMMAND_MASTER)
		r = write ? dma_write(bus, pa, buf, len)
			  : dma_read(bus, pa, buf, len);
	if (r < 0) {
		s->csr[0] |= PCNET_CSR0_MERR;
		s->stats.dma_errors++;
		LOG_RATELIMITED("pcnet: %s at 0x%08" PRIx32 " (%zu bytes) is "
				"not in RAM or bus mastering is off: MERR",
				what, pa, len);
	}
	return r;
}

/* Software styles 2 and 3 (BCR20): 16-byte descriptors, little-endian;
 * style 3 swaps words 0 and 2 (datasheet, "Descriptor Rings"). */
struct pcnet_desc {
	uint32_t addr;		/* RBADR / TBADR */
	uint16_t bcnt;		/* BCNT and ONES (two's complement size) */
	uint16_t status;	/* RMD1/TMD1 bits 31:16 */
	uint32_t misc;		/* RMD2 (MCNT) / TMD2 (errors) */
};

static bool pcnet_style3(const struct pcnet *s)
{
	return (s->bcr[BCR_SWS] & 0xff) == 3;
}

static int pcnet_desc_load(struct pcnet *s, uint32_t pa, struct pcnet_desc *d)
{
	uint8_t b[16];
	uint32_t w0, w2;

	if (pcnet_dma(s, pa, b, sizeof(b), false, "descriptor") < 0)
		return -1;
	w0 = endian_load(b, 4, ENDIAN_LITTLE);
	w2 = endian_load(b + 8, 4, ENDIAN_LITTLE);
	d->addr = pcnet_style3(s) ? w2 : w0;
	d->misc = pcnet_style3(s) ? w0 : w2;
	d->bcnt = endian_load(b + 4, 2, ENDIAN_LITTLE);
	d->status = endian_load(b + 6, 2, ENDIAN_LITTLE);
	return 0;
}

/* The chip's write-back: the misc word (when asked) before the status
 * word, so the driver never sees OWN clear with stale counts. */
static void pcnet_desc_store(struct pcnet *s, uint32_t pa, uint16_t status,
			     const uint32_t *misc)
{
	uint8_t b[4];

	if (misc) {
		endian_store(b, 4, ENDIAN_LITTLE, *misc);
		pcnet_dma(s, pa + (pcnet_style3(s) ? 0 : 8), b, 4, true,
			  "descriptor");
	}
	endian_store(b, 2, ENDIAN_LITTLE, status);
	pcnet_dma(s, pa + 6, b, 2, true, "descriptor");
}

/* BCNT holds the two's complement of the buffer size in 12 bits. */
static uint32_t pcnet_buf_size(const struct pcnet_desc *d)
{
	return 0x1000 - (d->bcnt & 0x0fff);
}

static uint32_t pcnet_rx_desc_pa(const struct pcnet *s, uint32_t idx)
{
	return s->rdra + 16 * idx;
}

static uint32_t pcnet_tx_desc_pa(const struct pcnet *s, uint32_t idx)
{
	return s->tdra + 16 * idx;
}

/* --- receive ------------------------------------------------------------ */

static bool pcnet_rx_on(const struct pcnet *s)
{
	return (s->csr[0] & PCNET_CSR0_RXON) && !pcnet_stopped(s) &&
	       s->rx_len;
}

/* The current receive descriptor is the chip's. */
static bool pcnet_rx_has_buffer(struct pcnet *s)
{
	uint8_t b[2];
	struct bus *bus = pcnet_sysbus(s);

	if (!pcnet_rx_on(s) ||
	    !(pci_get(&s->pci, PCI_COMMAND, 2) & PCI_COMMAND_MASTER))
		return false;
	if (dma_read(bus, pcnet_rx_desc_pa(s, s->rx_cur) + 6, b, 2) < 0)
		return true;	/* let receive report the MERR */
	return endian_load(b, 2, ENDIAN_LITTLE) & PCNET_DESC_OWN;
}

/* Destination filter (datasheet, "Receive Address Match"): our address,
 * broadcast, the logical address filter for multicast (the top six bits
 * of the destination's CRC index CSR8-11, as Linux's ether_crc_le
 * computes them), or everything in promiscuous mode. */
static bool pcnet_rx_match(const struct pcnet *s, const uint8_t *f,
			   uint16_t *bits)
{
	static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	uint8_t padr[6];

	*bits = 0;
	for (int i = 0; i < 3; i++) {
		padr[2 * i] = s->csr[12 + i] & 0xff;
		padr[2 * i + 1] = s->csr[12 + i] >> 8;
	}
	if (s->csr[15] & CSR15_PROM)
		return true;
	if (!memcmp(f, padr, 6) && !(s->csr[15] & CSR15_DRCVPA)) {
		*bits = PCNET_RMD_PAM;
		return true;
	}
	if (!memcmp(f, bcast, 6)) {
		if (s->csr[15] & CSR15_DRCVBC)
			return false;
		*bits = PCNET_RMD_BAM;
		return true;
	}
	if (f[0] & 1) {
		unsigned h = ~crc32_ieee(f, 6) >> 26;

		if (s->csr[8 + (h >> 4)] & (1u << (h & 15))) {
			*bits = PCNET_RMD_LAFM;
			return true;
		}
	}
	return false;
}

/* No descriptor for a frame: MISS and the missed frame count CSR112,
 * which sets MFCO when it wraps (datasheet, CSR112 and CSR4 bit 9). */
static void pcnet_rx_missed(struct pcnet *s)
{
	s->csr[0] |= PCNET_CSR0_MISS;
	s->stats.rx_missed++;
	if (++s->csr[112] == 0)
		s->csr[4] |= CSR4_MFCO;
}

/* Store rx_buf[0..total) through the descriptor chain starting at the
 * current one, which the caller found owned. The STP descriptor's
 * status goes back last, so the driver never sees half a chain. */
static void pcnet_rx_store(struct pcnet *s, struct pcnet_desc *first,
			   uint32_t total, uint16_t match)
{
	struct pcnet_desc d = *first;
	uint32_t idx = s->rx_cur, first_pa = pcnet_rx_desc_pa(s, idx);
	uint32_t pos = 0, used = 0, msg = total;
	uint16_t first_status = 0;

	while (used < s->rx_len) {
		uint32_t pa = pcnet_rx_desc_pa(s, idx);
		uint32_t n = pcnet_buf_size(&d);
		uint16_t st = used ? 0 : PCNET_DESC_STP;
		bool last = false;

		if (n > total - pos)
			n = total - pos;
		if (pcnet_dma(s, d.addr, s->rx_buf + pos, n, true,
			      "receive buffer") < 0) {
			st |= PCNET_DESC_ERR | PCNET_RMD_BUFF;
			last = true;
		}
		pos += n;
		used++;
		idx = (idx + 1) % s->rx_len;
		if (!last && pos == total) {
			st |= PCNET_DESC_ENP | match;
			last = true;
		} else if (!last) {
			/* Chaining needs the next descriptor: without it,
			 * BUFF and OFLO on this one (RMD1 bits 26, 28). */
			if (pcnet_desc_load(s, pcnet_rx_desc_pa(s, idx),
					    &d) < 0 ||
			    !(d.status & PCNET_DESC_OWN)) {
				st |= PCNET_DESC_ERR | PCNET_RMD_BUFF |
				      PCNET_RMD_OFLO;
				last = true;
			}
		}
		if (used == 1)
			first_status = st;
		else
			pcnet_desc_store(s, pa, st,
					 st & PCNET_DESC_ENP ? &msg : NULL);
		if (last)
			break;
	}
	pcnet_desc_store(s, first_pa, first_status,
			 first_status & PCNET_DESC_ENP ? &msg : NULL);
	s->rx_cur = idx;
	s->csr[0] |= PCNET_CSR0_RINT;
}

/* One frame off the wire (or from our own transmitter in loopback). */
static void pcnet_rx_frame(struct pcnet *s, const uint8_t *frame, size_t len,
			   bool loopback)
{
	struct pcnet_desc d;
	uint16_t match;
	uint32_t total, fcs;

	if (!pcnet_rx_on(s) || (s->csr[15] & CSR15_DRX) || s->in_rx)
		return;
	/* In loopback the receiver hears only the transmitter (datasheet,
	 * "Loopback Operation"). */
	if (!!(s->csr[15] & CSR15_LOOP) != loopback)
		return;
	if (len < PCNET_HDR) {
		s->stats.rx_runt++;
		LOG_RATELIMITED("pcnet: dropped a %zu-byte runt frame", len);
		return;
	}
	if (len > PCNET_FRAME_MAX) {
		s->stats.rx_too_long++;
		LOG_RATELIMITED("pcnet: dropped a %zu-byte frame (longer than"
				" %d)", len, PCNET_FRAME_MAX);
		return;
	}
	if (!pcnet_rx_match(s, frame, &match))
		return;
	s->in_rx = true;
	if (pcnet_desc_load(s, pcnet_rx_desc_pa(s, s->rx_cur), &d) < 0)
		goto out;
	if (!(d.status & PCNET_DESC_OWN)) {
		pcnet_rx_missed(s);
		goto out;
	}
	/* A sender pads to the 64-byte minimum on the wire; the MAC keeps
	 * the FCS, which MCNT counts (Linux's pcnet32 subtracts 4). */
	memcpy(s->rx_buf, frame, len);
	total = len;
	if (total < PCNET_MIN_FRAME) {
		memset(s->rx_buf + total, 0, PCNET_MIN_FRAME - total);
		total = PCNET_MIN_FRAME;
	}
	fcs = crc32_ieee(s->rx_buf, total);
	endian_store(s->rx_buf + total, 4, ENDIAN_LITTLE, fcs);
	total += 4;
	pcnet_rx_store(s, &d, total, match);
	s->stats.rx_frames++;
out:
	s->in_rx = false;
	pcnet_update_irq(s);
}

/* Frames wait on the link only while the ring is full or the chip is
 * suspended (Linux suspends it briefly to change filters); a stopped
 * receiver takes them and drops them, as the chip on a wire would. */
static bool pcnet_net_can_receive(void *opaque)
{
	struct pcnet *s = opaque;

	if ((s->csr[0] & PCNET_CSR0_STOP) || !(s->csr[0] & PCNET_CSR0_RXON))
		return true;
	return pcnet_rx_has_buffer(s);
}

static void pcnet_net_receive(void *opaque, const uint8_t *frame, size_t len)
{
	pcnet_rx_frame(opaque, frame, len, false);
}

static const struct net_nic_ops pcnet_net_ops = {
	.can_receive = pcnet_net_can_receive,
	.receive = pcnet_net_receive,
};

/* Frames held by the link go in once the guest gave buffers back. */
static void pcnet_rx_kick(struct pcnet *s)
{
	if (net_rx_pending(s->net) && pcnet_rx_has_buffer(s))
		net_rx_ready(s->net);
}

/* --- transmit ----------------------------------------------------------- */

/* A whole frame gathered: to our own receiver in loopback, else to the
 * network; with no link the chip reports loss of carrier (TMD2 LCAR). */
static void pcnet_tx_emit(struct pcnet *s, uint16_t *st, uint32_t *misc)
{
	uint32_t len = s->tx_pos;

	if ((s->csr[4] & CSR4_APAD_XMT) && len < PCNET_MIN_FRAME) {
		memset(s->tx_buf + len, 0, PCNET_MIN_FRAME - len);
		len = PCNET_MIN_FRAME;
	}
	if (s->csr[15] & CSR15_LOOP) {
		pcnet_rx_frame(s, s->tx_buf, len, true);
		s->stats.tx_frames++;
	} else if (!pcnet_link(s)) {
		*st |= PCNET_DESC_ERR;
		*misc |= PCNET_TMD2_LCAR;
		s->stats.tx_no_carrier++;
	} else {
		s->stats.tx_frames++;
		net_send(s->net, s->tx_buf, len);
	}
}

/* Walk the transmit ring from the current descriptor while the chip owns
 * descriptors: at most one ring's worth per call, so a guest that keeps
 * every descriptor owned costs bounded work per poll (BAD-INPUTS row
 * 17). A chain longer than PCNET_FRAME_MAX is babble: CSR0 BABL, frame
 * dropped (row 19, CVE-2015-7504). */
static void pcnet_transmit(struct pcnet *s)
{
	s->csr[0] &= ~PCNET_CSR0_TDMD;
	if (s->in_tx || !(s->csr[0] & PCNET_CSR0_TXON) || pcnet_stopped(s) ||
	    !s->tx_len)
		return;
	s->in_tx = true;
	for (uint32_t k = 0; k < s->tx_len; k++) {
		uint32_t pa = pcnet_tx_desc_pa(s, s->tx_cur);
		struct pcnet_desc d;
		uint32_t size, misc = 0;
		uint16_t st;
		bool tint = false;

		if (pcnet_desc_load(s, pa, &d) < 0 ||
		    !(d.status & PCNET_DESC_OWN))
			break;
		st = d.status & ~PCNET_DESC_OWN;
		if (d.status & PCNET_DESC_STP) {
			/* A new start abandons an unfinished chain. */
			s->tx_in_frame = true;
			s->tx_pos = 0;
			s->tx_babble = s->tx_bad = false;
			s->csr[4] |= CSR4_TXSTRT;
		}
		size = pcnet_buf_size(&d);
		if (!s->tx_in_frame) {
			/* No STP before it: nothing to send; hand it back. */
		} else if (s->tx_pos + size > PCNET_FRAME_MAX) {
			s->tx_babble = true;
		} else if (!s->tx_bad &&
			   pcnet_dma(s, d.addr, s->tx_buf + s->tx_pos, size,
				     false, "transmit buffer") < 0) {
			s->tx_bad = true;
			st |= PCNET_DESC_ERR;
			misc |= PCNET_TMD2_BUFF | PCNET_TMD2_UFLO;
		} else {
			s->tx_pos += size;
		}
		if ((d.status & PCNET_DESC_ENP) && s->tx_in_frame) {
			if (s->tx_babble) {
				s->csr[0] |= PCNET_CSR0_BABL;
				s->stats.tx_babble++;
				LOG_RATELIMITED("pcnet: transmit chain longer "
						"than %d bytes: BABL, dropped",
						PCNET_FRAME_MAX);
			} else if (!s->tx_bad) {
				pcnet_tx_emit(s, &st, &misc);
			}
			s->tx_in_frame = false;
			/* TINT per frame; TOKINTD keeps it for errors and
			 * LTINT descriptors (datasheet, CSR5 bits 14-15). */
			tint = !(s->csr[5] & CSR5_TOKINTD) ||
			       ((s->csr[5] & CSR5_LTINTEN) &&
				(d.status & PCNET_TMD_LTINT)) ||
			       (st & PCNET_DESC_ERR);
		}
		pcnet_desc_store(s, pa, st, misc ? &misc : NULL);
		if (tint)
			s->csr[0] |= PCNET_CSR0_TINT;
		s->tx_cur = (s->tx_cur + 1) % s->tx_len;
	}
	s->in_tx = false;
	pcnet_update_irq(s);
}

/* --- polling ------------------------------------------------------------ */

static uint64_t pcnet_poll_ns(const struct pcnet *s)
{
	uint64_t clocks = s->csr[47] ? 0x10000u - s->csr[47] : 0x10000u;

	return clocks * NS_PER_SEC / PCNET_PCI_HZ;
}

static void pcnet_arm_poll(struct pcnet *s)
{
	if (!s->clock)
		return;
	if ((s->csr[0] & (PCNET_CSR0_TXON | PCNET_CSR0_RXON)) &&
	    !pcnet_stopped(s))
		timer_mod(&s->poll_timer, vclock_now(s->clock) +
			  pcnet_poll_ns(s));
	else
		timer_del(&s->poll_timer);
}

/* The chip polls its transmit ring every POLLINT unless CSR4 DPOLL is
 * set (datasheet, "Transmit Descriptor Table Entry"), and so also picks
 * up receive buffers the driver returned. */
static void pcnet_poll(void *opaque)
{
	struct pcnet *s = opaque;

	if (!pcnet_stopped(s)) {
		pcnet_rx_kick(s);
		if (!(s->csr[4] & CSR4_DPOLL))
			pcnet_transmit(s);
	}
	pcnet_update_irq(s);
	pcnet_arm_poll(s);
}

/* --- control ------------------------------------------------------------ */

static void pcnet_halt(struct pcnet *s)
{
	s->tx_in_frame = false;
	if (s->clock)
		timer_del(&s->poll_timer);
}

/* STOP: all activity ends; CSR0 reads 0x0004 (datasheet, CSR0 bit 2),
 * and the other status bits STOP clears in CSR4 and CSR5. */
static void pcnet_stop(struct pcnet *s)
{
	s->csr[0] = PCNET_CSR0_STOP;
	s->csr[4] &= ~(CSR4_MFCO | CSR4_UINT | CSR4_RCVCCO | CSR4_TXSTRT |
		       CSR4_JAB);
	s->csr[5] &= ~(CSR5_SPND | 0x0a90);
	pcnet_halt(s);
}

/* The initialisation block, software style 2/3 (SSIZE32 = 1): MODE,
 * RLEN/TLEN (4 bits each, 2^n entries, 512 at most), PADR, LADRF, RDRA,
 * TDRA (datasheet, "Initialization Block", Table 33). */
static void pcnet_init(struct pcnet *s)
{
	uint8_t b[28];
	uint32_t iadr = s->csr[1] | (uint32_t)s->csr[2] << 16;
	unsigned rlen, tlen;

	if (!(s->bcr[BCR_SWS] & 0x0100)) {
		LOG_RATELIMITED("pcnet: unimplemented: software style %u "
				"(16-bit LANCE structures); set BCR20 to 2",
				s->bcr[BCR_SWS] & 0xff);
		return;
	}
	if (pcnet_dma(s, iadr, b, sizeof(b), false, "init block") < 0)
		return;
	rlen = b[2] >> 4;
	tlen = b[3] >> 4;
	if (rlen > 9)
		rlen = 9;
	if (tlen > 9)
		tlen = 9;
	s->csr[15] = endian_load(b, 2, ENDIAN_LITTLE);
	s->csr[6] = tlen << 12 | rlen << 8;
	for (int i = 0; i < 3; i++)
		s->csr[12 + i] = endian_load(b + 4 + 2 * i, 2, ENDIAN_LITTLE);
	for (int i = 0; i < 4; i++)
		s->csr[8 + i] = endian_load(b + 12 + 2 * i, 2, ENDIAN_LITTLE);
	s->rdra = endian_load(b + 20, 4, ENDIAN_LITTLE);
	s->tdra = endian_load(b + 24, 4, ENDIAN_LITTLE);
	s->rx_len = 1u << rlen;
	s->tx_len = 1u << tlen;
	s->rx_cur = s->tx_cur = 0;
	s->tx_in_frame = false;
	/* Ring bases (CSR24-25, CSR30-31) and the two's complement ring
	 * lengths (CSR76, CSR78) read back as the datasheet lists them. */
	s->csr[24] = s->rdra & 0xffff;
	s->csr[25] = s->rdra >> 16;
	s->csr[30] = s->tdra & 0xffff;
	s->csr[31] = s->tdra >> 16;
	s->csr[76] = -s->rx_len & 0xffff;
	s->csr[78] = -s->tx_len & 0xffff;
	s->csr[0] = (s->csr[0] & ~PCNET_CSR0_STOP) | PCNET_CSR0_INIT |
		    PCNET_CSR0_IDON;
	TRACE(TRACE_DEV, "pcnet: init block 0x%08" PRIx32 ": rx %u at 0x%08"
	      PRIx32 ", tx %u at 0x%08" PRIx32 ", mode 0x%04x", iadr,
	      s->rx_len, s->rdra, s->tx_len, s->tdra, s->csr[15]);
}

static void pcnet_start(struct pcnet *s)
{
	s->csr[0] &= ~PCNET_CSR0_STOP;
	s->csr[0] |= PCNET_CSR0_STRT;
	if (!(s->csr[15] & CSR15_DTX))
		s->csr[0] |= PCNET_CSR0_TXON;
	if (!(s->csr[15] & CSR15_DRX))
		s->csr[0] |= PCNET_CSR0_RXON;
	pcnet_arm_poll(s);
}

static void pcnet_csr0_write(struct pcnet *s, uint16_t v)
{
	uint16_t old = s->csr[0];

	s->csr[0] = (old & ~(v & CSR0_W1C) & ~PCNET_CSR0_IENA) |
		    (v & PCNET_CSR0_IENA);
	/* STOP wins over INIT and STRT written with it. */
	if (v & PCNET_CSR0_STOP) {
		pcnet_stop(s);
		return;
	}
	if ((v & PCNET_CSR0_INIT) && !(old & PCNET_CSR0_INIT))
		pcnet_init(s);
	if ((v & PCNET_CSR0_STRT) && !(old & PCNET_CSR0_STRT))
		pcnet_start(s);
	if (v & PCNET_CSR0_TDMD)
		pcnet_transmit(s);
	pcnet_rx_kick(s);
}

/* BCR20 SWSTYLE sets SSIZE32 (bit 8) and CSRPCNET (bit 9): 0 = LANCE
 * (16-bit), 1 = ILACC, 2 = PCnet-PCI, 3 = PCnet-PCI with swapped words
 * (datasheet, BCR20). Reserved styles read back as style 0. */
static void pcnet_sws_write(struct pcnet *s, uint16_t v)
{
	static const uint16_t bits[4] = { 0x0200, 0x0100, 0x0300, 0x0300 };
	unsigned style = v & 0xff;

	if (style > 3) {
		LOG_RATELIMITED("pcnet: reserved software style %u: style 0",
				style);
		style = 0;
	}
	s->bcr[BCR_SWS] = style | bits[style];
}

static uint16_t pcnet_csr_read(struct pcnet *s, unsigned r)
{
	switch (r) {
	case 0:
		pcnet_update_irq(s);
		return s->csr[0];
	case 16: case 17:	/* aliases of IADR (CSR1, CSR2) */
		return s->csr[r - 15];
	case 58:
		return s->bcr[BCR_SWS];
	case 88:	/* chip ID: part 0x2625 (Am79C973), AMD (0x003) */
		return 0x5003;
	case 89:
		return 0x0262;
	}
	return r < 128 ? s->csr[r] : 0;
}

static void pcnet_csr_write(struct pcnet *s, unsigned r, uint16_t v)
{
	TRACE(TRACE_DEV, "pcnet: CSR%u <- 0x%04x", r, v);
	switch (r) {
	case 0:
		pcnet_csr0_write(s, v);
		return;
	case 3:
		s->csr[3] = v & CSR3_WRITABLE;
		return;
	case 4: {
		uint16_t w1c = s->csr[4] & CSR4_W1C & ~(v & CSR4_W1C);

		s->csr[4] = w1c | (v & CSR4_WRITABLE) |
			    (v & CSR4_UINTCMD ? CSR4_UINT : 0);
		return;
	}
	case 5: {
		bool was = s->csr[5] & CSR5_SPND;

		s->csr[5] = (s->csr[5] & CSR5_W1C & ~(v & CSR5_W1C)) |
			    (v & CSR5_WRITABLE);
		/* Suspend takes effect at once: we are never mid-frame
		 * between register accesses (Linux polls SPND back). */
		if (was && !(s->csr[5] & CSR5_SPND)) {
			pcnet_arm_poll(s);
			pcnet_rx_kick(s);
		}
		return;
	}
	}
	/* The rest is writable only while stopped or suspended
	 * (datasheet, register descriptions: "STOP or SPND"). */
	if (!pcnet_stopped(s)) {
		LOG_RATELIMITED("pcnet: CSR%u written while running: ignored",
				r);
		return;
	}
	switch (r) {
	case 1: case 2: case 8: case 9: case 10: case 11:
	case 12: case 13: case 14: case 15: case 47:
	case 80: case 82: case 100: case 112: case 114: case 122: case 124:
		s->csr[r] = v;
		break;
	case 16: case 17:
		s->csr[r - 15] = v;
		break;
	case 58:
		pcnet_sws_write(s, v);
		break;
	default:
		LOG_RATELIMITED("pcnet: unimplemented: CSR%u write 0x%04x", r,
				v);
		break;
	}
}

/* --- internal PHY (MII management through BCR33/BCR34) --------------- */

static void pcnet_phy_reset(struct pcnet *s)
{
	memset(s->phy, 0, sizeof(s->phy));
	s->phy[MII_BMCR] = 0x3100;	/* autoneg on, 100 Mb/s, full duplex */
	/* OUI 00-00-1A ("yyAMD" 0x000058 in NetBSD's bit order), model
	 * 0x36 = Am79C973 internal PHY (NetBSD sys/dev/mii/miidevs). */
	s->phy[MII_PHYSID1] = 0x0001;
	s->phy[MII_PHYSID2] = 0x6361;
	s->phy[MII_ADVERTISE] = 0x01e1;
}

static uint16_t pcnet_phy_read(struct pcnet *s)
{
	unsigned addr = (s->bcr[BCR_MIIADDR] >> 5) & 0x1f;
	unsigned reg = s->bcr[BCR_MIIADDR] & 0x1f;
	bool link = pcnet_link(s);

	/* No other PHY answers: the bus floats high. */
	if (addr != PCNET_PHY_ADDR)
		return 0xffff;
	switch (reg) {
	case MII_BMSR:
		return BMSR_CAPS | (link ? BMSR_LINK | BMSR_ANEGDONE : 0);
	case MII_LPA:
		return link ? 0x45e1 : 0;	/* ack, pause, 10/100 FD/HD */
	case MII_EXPANSION:
		return link ? 0x0001 : 0;	/* partner can autonegotiate */
	}
	return s->phy[reg];
}

static void pcnet_phy_write(struct pcnet *s, uint16_t v)
{
	unsigned addr = (s->bcr[BCR_MIIADDR] >> 5) & 0x1f;
	unsigned reg = s->bcr[BCR_MIIADDR] & 0x1f;

	if (addr != PCNET_PHY_ADDR)
		return;
	switch (reg) {
	case MII_BMCR:
		if (v & BMCR_RESET)
			pcnet_phy_reset(s);
		else
			s->phy[MII_BMCR] = v & ~BMCR_ANRESTART;
		break;
	case MII_ADVERTISE:
		s->phy[reg] = v;
		break;
	}
}

static uint16_t pcnet_bcr_read(struct pcnet *s, unsigned r)
{
	switch (r) {
	case 4: case 5: case 6: case 7: {
		/* LEDOUT shows the enabled status signals; we drive link
		 * status (LNKSTE) only (datasheet, BCR4-7). */
		uint16_t v = s->bcr[r] & ~BCR_LED_OUT;

		if ((v & BCR_LED_LNKSTE) && pcnet_link(s))
			v |= BCR_LED_OUT;
		return v;
	}
	case BCR_BSBC:
		return (s->bcr[r] & ~BCR18_DWIO) | (s->dwio ? BCR18_DWIO : 0);
	case BCR_MIIMDR:
		return pcnet_phy_read(s);
	case BCR_PCIVID:
		return PCNET_VENDOR;
	}
	return r < 64 ? s->bcr[r] : 0;
}

static void pcnet_bcr_write(struct pcnet *s, unsigned r, uint16_t v)
{
	TRACE(TRACE_DEV, "pcnet: BCR%u <- 0x%04x", r, v);
	switch (r) {
	case 2: case 9: case 16: case 17: case 19: case 22: case 23:
	case 25: case 26: case 27: case 32: case 33:
		s->bcr[r] = v;
		break;
	case 4: case 5: case 6: case 7:
		s->bcr[r] = v & ~BCR_LED_OUT;
		break;
	case BCR_BSBC:
		s->bcr[r] = v & ~BCR18_DWIO;
		break;
	case BCR_SWS:
		if (pcnet_stopped(s))
			pcnet_sws_write(s, v);
		else
			LOG_RATELIMITED("pcnet: BCR20 written while running:"
					" ignored");
		break;
	case BCR_MIIMDR:
		pcnet_phy_write(s, v);
		break;
	default:
		LOG_RATELIMITED("pcnet: unimplemented: BCR%u write 0x%04x", r,
				v);
		break;
	}
}

/* S_RESET, a read of the RESET register: CSRs to their defaults and the
 * chip stopped; BCRs and the DWIO mode stay (datasheet, "S_RESET"). The
 * station address comes back into CSR12-14 as if from the EEPROM. */
static void pcnet_soft_reset(struct pcnet *s)
{
	pcnet_halt(s);
	memset(s->csr, 0, sizeof(s->csr));
	s->csr[0] = PCNET_CSR0_STOP;
	s->csr[4] = 0x0115;
	for (int i = 0; i < 3; i++)
		s->csr[12 + i] = s->prom[2 * i] | s->prom[2 * i + 1] << 8;
	s->csr[80] = 0x1410;
	s->csr[100] = 0x0200;
	s->rap = 0;
	s->rdra = s->tdra = 0;
	s->rx_len = s->tx_len = 0;
	s->rx_cur = s->tx_cur = 0;
	s->tx_in_frame = false;
	pcnet_update_irq(s);
}

/* --- register block ------------------------------------------------------ */

static uint64_t pcnet_prom_read(struct pcnet *s, uint64_t off, unsigned size)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < size && off + i < 16; i++)
		v |= (uint64_t)s->prom[off + i] << (8 * i);
	return v;
}

enum pcnet_reg { PCNET_REG_NONE, PCNET_REG_RDP, PCNET_REG_RAP,
		 PCNET_REG_RESET, PCNET_REG_BDP };

/* The register at `off` in the current I/O mode. */
static enum pcnet_reg pcnet_decode(const struct pcnet *s, uint64_t off)
{
	static const enum pcnet_reg wio[4] = {
		PCNET_REG_RDP, PCNET_REG_RAP, PCNET_REG_RESET, PCNET_REG_BDP,
	};

	if (s->dwio)
		return off >= 0x10 && !(off & 3) ? wio[(off - 0x10) / 4]
						 : PCNET_REG_NONE;
	return off >= 0x10 && off < 0x18 && !(off & 1) ? wio[(off - 0x10) / 2]
						       : PCNET_REG_NONE;
}

static uint64_t pcnet_read(void *opaque, uint64_t off, unsigned size)
{
	struct pcnet *s = opaque;
	uint64_t v = s->dwio ? 0xffffffffu : 0xffff;

	if (off < 16)
		return pcnet_prom_read(s, off, size);
	/* WIO takes 16-bit accesses at 0x10-0x17, DWIO 32-bit accesses at
	 * 0x10-0x1f; others are not decoded (datasheet, "I/O Resources"). */
	if (size != (s->dwio ? 4u : 2u)) {
		LOG_RATELIMITED("pcnet: %u-byte read at 0x%02" PRIx64 " in %s"
				" mode ignored", size, off,
				s->dwio ? "DWIO" : "WIO");
		return size == 1 ? 0xff : v;
	}
	switch (pcnet_decode(s, off)) {
	case PCNET_REG_RDP:
		return pcnet_csr_read(s, s->rap);
	case PCNET_REG_RAP:
		return s->rap;
	case PCNET_REG_RESET:
		pcnet_soft_reset(s);
		return 0;
	case PCNET_REG_BDP:
		return pcnet_bcr_read(s, s->rap);
	default:
		return v;
	}
}

static void pcnet_write(void *opaque, uint64_t off, uint64_t v, unsigned size)
{
	struct pcnet *s = opaque;

	if (off < 16) {
		LOG_RATELIMITED("pcnet: address PROM write at 0x%02" PRIx64
				" ignored", off);
		return;
	}
	/* A 32-bit write to RDP switches to DWIO until H_RESET (datasheet,
	 * "Double Word I/O Mode"); the write itself is performed. NetBSD's
	 * pcn driver switches this way; Linux stays in WIO. */
	if (!s->dwio && size == 4 && off == PCNET_DWIO_RDP) {
		s->dwio = true;
		TRACE(TRACE_DEV, "pcnet: DWIO mode");
	}
	if (size != (s->dwio ? 4u : 2u)) {
		LOG_RATELIMITED("pcnet: %u-byte write at 0x%02" PRIx64 " in %s"
				" mode ignored", size, off,
				s->dwio ? "DWIO" : "WIO");
		return;
	}
	switch (pcnet_decode(s, off)) {
	case PCNET_REG_RDP:
		pcnet_csr_write(s, s->rap, v & 0xffff);
		break;
	case PCNET_REG_RAP:
		s->rap = v & 0xff;
		break;
	case PCNET_REG_BDP:
		pcnet_bcr_write(s, s->rap, v & 0xffff);
		break;
	default:	/* RESET: writes do nothing */
		break;
	}
	pcnet_update_irq(s);
}

const struct mmio_ops pcnet_ops = {
	.name = "pcnet",
	.read = pcnet_read,
	.write = pcnet_write,
	.valid_sizes = ACCESS_1 | ACCESS_2 | ACCESS_4,
	.impl_sizes = ACCESS_1 | ACCESS_2 | ACCESS_4,
	.endian = ENDIAN_LITTLE,
};

/* --- life cycle ---------------------------------------------------------- */

static int pcnet_parse_mac(const char *text, uint8_t mac[6], struct err *e)
{
	unsigned b[6];
	char end;

	if (sscanf(text, "%2x:%2x:%2x:%2x:%2x:%2x%c", &b[0], &b[1], &b[2],
		   &b[3], &b[4], &b[5], &end) != 6 || (b[0] & 1))
		return err_set(e, "pcnet: \"%s\" is not a unicast MAC address "
			       "(52:54:00:12:34:56)", text);
	for (int i = 0; i < 6; i++)
		mac[i] = b[i];
	return 0;
}

/* Address PROM (datasheet, "Address PROM Space"; the layout AMD's
 * drivers check): MAC, reserved zeros, hardware ID 11h at byte 9, the
 * checksum of bytes 0-11 and 14-15 at 12-13, ASCII "WW" at 14-15. */
static void pcnet_prom_fill(struct pcnet *s, const uint8_t mac[6])
{
	uint16_t sum = 0;

	memset(s->prom, 0, sizeof(s->prom));
	memcpy(s->prom, mac, 6);
	s->prom[9] = 0x11;
	s->prom[14] = s->prom[15] = 'W';
	for (int i = 0; i < 16; i++)
		sum += s->prom[i];
	s->prom[12] = sum & 0xff;
	s->prom[13] = sum >> 8;
}

static void pcnet_config_defaults(struct pcnet *s)
{
	struct pci_device *d = &s->pci;

	pci_put(d, PCI_COMMAND, 0, 2);
	pci_put(d, PCI_STATUS, 0x0280, 2);	/* fast b2b, medium DEVSEL */
	pci_put(d, PCI_BAR0, 1, 4);
	pci_put(d, PCI_BAR0 + 4, 0, 4);
	pci_put(d, PCI_SUBSYSTEM_VENDOR_ID, PCNET_VENDOR, 2);
	pci_put(d, PCI_SUBSYSTEM_VENDOR_ID + 2, PCNET_DEVICE, 2);
	pci_put(d, PCI_INTERRUPT_PIN, 1, 1);	/* INTA */
	pci_put(d, 0x3e, 0x06, 1);		/* MIN_GNT */
	pci_put(d, 0x3f, 0xff, 1);		/* MAX_LAT */
}

/* H_RESET values of the BCRs (datasheet, BCR register table). */
static void pcnet_hard_reset(struct pcnet *s)
{
	memset(s->bcr, 0, sizeof(s->bcr));
	s->bcr[0] = 0x0005;
	s->bcr[1] = 0x0005;
	s->bcr[2] = 0x0002;
	s->bcr[4] = 0x00c0;
	s->bcr[5] = 0x0084;
	s->bcr[6] = 0x0088;
	s->bcr[7] = 0x0090;
	s->bcr[BCR_BSBC] = 0x9001;
	s->bcr[19] = 0x0002;
	s->bcr[BCR_SWS] = 0x0200;
	s->bcr[22] = 0xff06;
	s->bcr[BCR_MIIADDR] = PCNET_PHY_ADDR << 5;
	s->dwio = false;
	pcnet_phy_reset(s);
	pcnet_soft_reset(s);
}

void pcnet_attach_net(struct pcnet *s, struct net *n)
{
	if (s->net && s->own_net)
		net_close(s->net);
	s->own_net = false;
	s->net = n;
	if (n)
		net_set_nic(n, &pcnet_net_ops, s);
}

int pcnet_create(const struct pcnet_config *cfg, struct pcnet **out,
		 struct err *e)
{
	struct pcnet *s = calloc(1, sizeof(*s));
	uint8_t mac[6];

	*out = NULL;
	if (!s)
		return err_set(e, "pcnet: out of memory");
	if (pcnet_parse_mac(cfg->macaddr && *cfg->macaddr ? cfg->macaddr :
			    "02:4d:56:5a:00:01", mac, e) < 0) {
		free(s);
		return -1;
	}
	s->irq = cfg->irq;
	s->clock = cfg->clock;
	if (s->clock)
		timer_init(&s->poll_timer, s->clock, pcnet_poll, s);
	pcnet_prom_fill(s, mac);
	/* Class 02h (network), subclass 00h (Ethernet); revision 40h as
	 * the Am79C973 reports it. */
	if (pci_device_register(cfg->pci, &s->pci, cfg->devfn, "pcnet",
				PCNET_VENDOR, PCNET_DEVICE, 0x02000040, e) < 0) {
		free(s);
		return -1;
	}
	s->pci.opaque = s;
	pci_set_bar(&s->pci, 0, PCNET_IO_SIZE, true, &pcnet_ops, s);
	pci_set_bar(&s->pci, 1, PCNET_IO_SIZE, false, &pcnet_ops, s);
	pcnet_config_defaults(s);
	pcnet_hard_reset(s);
	if (cfg->cfg) {
		struct net *n;

		if (net_open(cfg->cfg, cfg->io, &n, e) < 0) {
			pcnet_destroy(s);
			return -1;
		}
		pcnet_attach_net(s, n);
		s->own_net = true;
	}
	*out = s;
	return 0;
}

void pcnet_reset(struct pcnet *s)
{
	struct pci_bus *pb = s->pci.bus;

	/* Through the bus, so both BARs are unmapped. */
	pci_config_write(pb, 0, s->pci.devfn, PCI_COMMAND, 0, 2);
	pcnet_config_defaults(s);
	pcnet_hard_reset(s);
}

void pcnet_destroy(struct pcnet *s)
{
	struct pci_bus *pb;

	if (!s)
		return;
	pcnet_halt(s);
	pb = s->pci.bus;
	pci_config_write(pb, 0, s->pci.devfn, PCI_COMMAND, 0, 2);
	if (pb->dev[s->pci.devfn] == &s->pci)
		pb->dev[s->pci.devfn] = NULL;
	if (s->own_net)
		net_close(s->net);
	free(s);
}
