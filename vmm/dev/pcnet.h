/* AMD Am79C973 PCnet-FAST III Ethernet controller on PCI (MIPS Malta:
 * slot 11, INTA), as Linux's pcnet32 driver and NetBSD's pcn drive it:
 * the address PROM, RAP/RDP/BDP in word and double-word I/O modes, the
 * CSRs and BCRs, the initialisation block, descriptor rings in software
 * styles 2 and 3 (32-bit), the internal PHY through BCR33/34, loopback,
 * and a network backend through vmm/net.h. Facts: Am79C973/Am79C975
 * datasheet (AMD 21510); docs/hw/pcnet.md. */
#ifndef MIPSVZ_DEV_PCNET_H
#define MIPSVZ_DEV_PCNET_H

#include <stdbool.h>
#include <stdint.h>

#include "vmm/clock.h"
#include "vmm/err.h"
#include "vmm/irq.h"
#include "vmm/net.h"
#include "vmm/pci.h"

#define PCNET_VENDOR 0x1022
#define PCNET_DEVICE 0x2000
#define PCNET_IO_SIZE 32	/* BAR0 (I/O) and BAR1 (memory) */

/* Word I/O (WIO) and double-word I/O (DWIO) register offsets; offsets
 * 0x00-0x0f are the address PROM in both modes. */
enum {
	PCNET_WIO_RDP = 0x10, PCNET_WIO_RAP = 0x12,
	PCNET_WIO_RESET = 0x14, PCNET_WIO_BDP = 0x16,
	PCNET_DWIO_RDP = 0x10, PCNET_DWIO_RAP = 0x14,
	PCNET_DWIO_RESET = 0x18, PCNET_DWIO_BDP = 0x1c,
};

/* CSR0 (controller status). */
#define PCNET_CSR0_INIT 0x0001
#define PCNET_CSR0_STRT 0x0002
#define PCNET_CSR0_STOP 0x0004
#define PCNET_CSR0_TDMD 0x0008
#define PCNET_CSR0_TXON 0x0010
#define PCNET_CSR0_RXON 0x0020
#define PCNET_CSR0_IENA 0x0040
#define PCNET_CSR0_INTR 0x0080
#define PCNET_CSR0_IDON 0x0100
#define PCNET_CSR0_TINT 0x0200
#define PCNET_CSR0_RINT 0x0400
#define PCNET_CSR0_MERR 0x0800
#define PCNET_CSR0_MISS 0x1000
#define PCNET_CSR0_CERR 0x2000
#define PCNET_CSR0_BABL 0x4000
#define PCNET_CSR0_ERR 0x8000

/* Descriptor status words (RMD1/TMD1 bits 31:16, as the 16-bit word at
 * descriptor offset 6 in software style 2). */
#define PCNET_DESC_OWN 0x8000
#define PCNET_DESC_ERR 0x4000
#define PCNET_DESC_STP 0x0200
#define PCNET_DESC_ENP 0x0100
#define PCNET_RMD_FRAM 0x2000
#define PCNET_RMD_OFLO 0x1000
#define PCNET_RMD_CRC 0x0800
#define PCNET_RMD_BUFF 0x0400
#define PCNET_RMD_PAM 0x0040
#define PCNET_RMD_LAFM 0x0020
#define PCNET_RMD_BAM 0x0010
#define PCNET_TMD_ADD_FCS 0x2000
#define PCNET_TMD_LTINT 0x1000
/* TMD2 error bits. */
#define PCNET_TMD2_BUFF 0x80000000u
#define PCNET_TMD2_UFLO 0x40000000u
#define PCNET_TMD2_LCAR 0x08000000u

/* Frames the chip sends or takes, without FCS: 1514 plus a VLAN tag.
 * Longer is babble (CSR0 BABL) on transmit, dropped on receive. */
#define PCNET_FRAME_MAX 1518
/* Descriptors one transmit or receive event may walk: one full ring of
 * the largest size the init block can name. */
#define PCNET_RING_MAX 512
/* The internal PHY's MII address (our choice; Linux scans 0-31). */
#define PCNET_PHY_ADDR 0x1e

struct pcnet_config {
	struct pci_bus *pci;	/* its sysbus is where DMA goes */
	unsigned devfn;		/* Malta: slot 11 function 0 */
	struct irq irq;		/* INTA */
	struct vclock *clock;	/* transmit polling timer */
	const char *macaddr;	/* "02:4d:56:5a:00:01"; NULL = that one */
	/* The network: the config's (cfg->net, cfg->hostfwd) when cfg is
	 * set, else none until pcnet_attach_net. */
	const struct config *cfg;
	struct iothread *io;
};

struct pcnet_stats {
	uint64_t tx_frames, rx_frames;
	uint64_t tx_babble;	/* frames longer than PCNET_FRAME_MAX */
	uint64_t tx_no_carrier;	/* sent with no link */
	uint64_t rx_missed;	/* no receive descriptor (also CSR112) */
	uint64_t rx_runt;	/* shorter than an Ethernet header */
	uint64_t rx_too_long;
	uint64_t dma_errors;	/* descriptors/buffers outside RAM (MERR) */
};

struct pcnet {
	struct pci_device pci;
	struct irq irq;
	struct vclock *clock;
	struct timer poll_timer;
	struct net *net;
	bool own_net;		/* opened from the config: closed by us */

	uint8_t prom[16];
	uint16_t csr[128];
	uint16_t bcr[64];
	uint16_t phy[32];	/* internal PHY (MII) registers */
	uint8_t rap;
	bool dwio;		/* BCR18 DWIO: until H_RESET */
	bool irq_level;

	/* From the initialisation block. */
	uint32_t rdra, tdra;	/* ring bases */
	uint32_t rx_len, tx_len;	/* ring lengths */
	uint32_t rx_cur, tx_cur;	/* next descriptor index */

	/* A frame being gathered from a transmit descriptor chain. */
	uint8_t tx_buf[PCNET_FRAME_MAX];
	uint32_t tx_pos;
	bool tx_in_frame, tx_babble, tx_bad;
	bool in_tx, in_rx;	/* re-entrancy guards */
	uint8_t rx_buf[PCNET_FRAME_MAX + 4];

	struct pcnet_stats stats;
};

int pcnet_create(const struct pcnet_config *cfg, struct pcnet **out,
		 struct err *e);
/* H_RESET: power-on state (registers, DWIO off, PCI config). */
void pcnet_reset(struct pcnet *s);
void pcnet_destroy(struct pcnet *s);
/* Connect a link the caller keeps (tests); NULL disconnects. */
void pcnet_attach_net(struct pcnet *s, struct net *n);

/* The register block (BAR0 in I/O space, BAR1 in memory space). */
extern const struct mmio_ops pcnet_ops;


#endif
