/* The Am79C973 PCnet on a test PCI bus, driven through its registers as
 * Linux's pcnet32 driver does: address PROM, I/O modes, CSR0 state
 * machine, the initialisation block and descriptor rings in test RAM, a
 * fake network backend on the other side of the link; then what a
 * hostile guest or host can do (BAD-INPUTS rows 17 and 19). */
#include <stdlib.h>
#include <string.h>

#include "tests/test.h"
#include "vmm/crc32.h"
#include "vmm/bus.h"
#include "vmm/clock.h"
#include "vmm/dev/pcnet.h"
#include "vmm/net.h"
#include "vmm/pci.h"

#define IO_BASE 0x18000000ull
#define MEM_BASE 0x10000000ull
#define RAM_SIZE (1024 * 1024)
#define DEVFN (11 << 3)
#define PORT 0x1000
#define MMIO 0x100000		/* PCI memory address of BAR1 */
#define IADR 0x1000
#define RDRA 0x2000
#define TDRA 0x3000
#define RXBUF 0x10000
#define TXBUF 0x40000
#define RXBUF_SIZE 1544

static const uint8_t mac[6] = { 0x02, 0x4d, 0x56, 0x5a, 0x00, 0x01 };

struct sent {
	uint8_t data[2048];
	size_t len;
};

struct rig {
	struct bus bus;
	struct pci_bus pb;
	struct vclock clock;
	struct pcnet *nic;
	struct net *net;
	uint8_t *ram;
	int irq, edges;
	struct sent sent[8];
	unsigned nsent;
};

static void rig_irq(void *opaque, int n, int level)
{
	struct rig *r = opaque;

	if (level && !r->irq)
		r->edges++;
	r->irq = level;
}

static void fake_send(void *be, const uint8_t *frame, size_t len)
{
	struct rig *r = be;
	struct sent *s = &r->sent[r->nsent % 8];

	s->len = len < sizeof(s->data) ? len : sizeof(s->data);
	memcpy(s->data, frame, s->len);
	r->nsent++;
}

static const struct net_backend_ops fake_ops = {
	.name = "fake", .send = fake_send,
};

/* --- register access as the driver does it ----------------------------- */

static uint64_t io_rd(struct rig *r, unsigned off, unsigned size)
{
	uint64_t v = 0;

	bus_read(&r->bus, IO_BASE + PORT + off, size, &v);
	return v;
}

static void io_wr(struct rig *r, unsigned off, unsigned size, uint64_t v)
{
	bus_write(&r->bus, IO_BASE + PORT + off, size, v);
}

static uint16_t csr_rd(struct rig *r, unsigned n)
{
	io_wr(r, PCNET_WIO_RAP, 2, n);
	return io_rd(r, PCNET_WIO_RDP, 2);
}

static void csr_wr(struct rig *r, unsigned n, uint16_t v)
{
	io_wr(r, PCNET_WIO_RAP, 2, n);
	io_wr(r, PCNET_WIO_RDP, 2, v);
}

static uint16_t bcr_rd(struct rig *r, unsigned n)
{
	io_wr(r, PCNET_WIO_RAP, 2, n);
	return io_rd(r, PCNET_WIO_BDP, 2);
}

static void bcr_wr(struct rig *r, unsigned n, uint16_t v)
{
	io_wr(r, PCNET_WIO_RAP, 2, n);
	io_wr(r, PCNET_WIO_BDP, 2, v);
}

static void put16(struct rig *r, uint32_t pa, uint16_t v)
{
	endian_store(r->ram + pa, 2, ENDIAN_LITTLE, v);
}

static void put32(struct rig *r, uint32_t pa, uint32_t v)
{
	endian_store(r->ram + pa, 4, ENDIAN_LITTLE, v);
}

static uint16_t get16(struct rig *r, uint32_t pa)
{
	return endian_load(r->ram + pa, 2, ENDIAN_LITTLE);
}

static uint32_t get32(struct rig *r, uint32_t pa)
{
	return endian_load(r->ram + pa, 4, ENDIAN_LITTLE);
}

/* A bus with RAM at 0, the PCnet at slot 11 with BAR0 at I/O 0x1000 and
 * BAR1 in PCI memory, bus mastering on (what Linux's PCI code sets up). */
static struct rig *rig_new(bool backend)
{
	struct rig *r = calloc(1, sizeof(*r));
	struct pcnet_config cfg = { .pci = &r->pb, .devfn = DEVFN };
	struct err e;

	bus_init(&r->bus, ENDIAN_LITTLE);
	if (bus_map_ram(&r->bus, 0, RAM_SIZE, "ram", &r->ram, &e) < 0)
		test_fail(__FILE__, __LINE__, "%s", e.msg);
	pci_bus_init(&r->pb, &r->bus, MEM_BASE, IO_BASE);
	vclock_init(&r->clock, true);
	cfg.clock = &r->clock;
	cfg.irq = irq_make(rig_irq, r, 0);
	if (pcnet_create(&cfg, &r->nic, &e) < 0 ||
	    net_create(&r->net, &e) < 0) {
		test_fail(__FILE__, __LINE__, "%s", e.msg);
		return r;
	}
	if (backend)
		net_set_backend(r->net, &fake_ops, r);
	pcnet_attach_net(r->nic, r->net);
	pci_config_write(&r->pb, 0, DEVFN, PCI_BAR0, PORT, 4);
	pci_config_write(&r->pb, 0, DEVFN, PCI_BAR0 + 4, MMIO, 4);
	pci_config_write(&r->pb, 0, DEVFN, PCI_COMMAND, PCI_COMMAND_IO |
			 PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER, 2);
	return r;
}

static void rig_free(struct rig *r)
{
	pcnet_destroy(r->nic);
	net_close(r->net);
	bus_destroy(&r->bus);
	free(r);
}

/* Rings of 2^rlog receive and 2^tlog transmit descriptors, receive
 * buffers of RXBUF_SIZE owned by the chip, and the init block. */
static void rig_rings(struct rig *r, unsigned rlog, unsigned tlog,
		      uint16_t mode)
{
	put16(r, IADR, mode);
	r->ram[IADR + 2] = rlog << 4;
	r->ram[IADR + 3] = tlog << 4;
	memcpy(r->ram + IADR + 4, mac, 6);
	memset(r->ram + IADR + 12, 0, 8);
	put32(r, IADR + 20, RDRA);
	put32(r, IADR + 24, TDRA);
	for (unsigned i = 0; i < (1u << rlog); i++) {
		uint32_t d = RDRA + 16 * i;

		put32(r, d, RXBUF + RXBUF_SIZE * i);
		put16(r, d + 4, -RXBUF_SIZE & 0xffff);
		put32(r, d + 8, 0);
		put16(r, d + 6, PCNET_DESC_OWN);
	}
	for (unsigned i = 0; i < (1u << tlog); i++)
		put16(r, TDRA + 16 * i + 6, 0);
}

/* pcnet32_open: reset, style 2, IADR, INIT, wait IDON, STRT | IENA. */
static void rig_start(struct rig *r, unsigned rlog, unsigned tlog,
		      uint16_t mode)
{
	rig_rings(r, rlog, tlog, mode);
	io_rd(r, PCNET_WIO_RESET, 2);
	bcr_wr(r, 20, 2);
	csr_wr(r, 1, IADR & 0xffff);
	csr_wr(r, 2, IADR >> 16);
	csr_wr(r, 4, 0x0915);
	csr_wr(r, 0, PCNET_CSR0_INIT);
	CHECK(csr_rd(r, 0) & PCNET_CSR0_IDON);
	csr_wr(r, 0, PCNET_CSR0_STRT | PCNET_CSR0_IENA | PCNET_CSR0_IDON);
}

/* Queue a frame in transmit descriptor idx, split in `parts`. */
static void rig_tx(struct rig *r, unsigned idx, const uint8_t *f, size_t len,
		   unsigned parts)
{
	size_t off = 0;

	for (unsigned p = 0; p < parts; p++) {
		uint32_t d = TDRA + 16 * (idx + p);
		size_t n = p + 1 < parts ? len / parts : len - off;
		uint16_t st = PCNET_DESC_OWN | (p ? 0 : PCNET_DESC_STP) |
			      (p + 1 == parts ? PCNET_DESC_ENP : 0);

		memcpy(r->ram + TXBUF + off, f + off, n);
		put32(r, d, TXBUF + off);
		put16(r, d + 4, (-n & 0x0fff) | 0xf000);
		put32(r, d + 8, 0);
		put16(r, d + 6, st);
		off += n;
	}
}

static void frame_fill(uint8_t *f, size_t len, const uint8_t *dst, int seed)
{
	memcpy(f, dst, 6);
	memcpy(f + 6, "\x52\x54\x00\x12\x34\x56", 6);
	f[12] = 0x08;
	f[13] = 0x00;
	for (size_t i = 14; i < len; i++)
		f[i] = (uint8_t)(i * 7 + seed);
}

/* --- identity ------------------------------------------------------------ */

static void prom_and_ids(void)
{
	struct rig *r = rig_new(true);
	uint16_t sum = 0;

	CHECK_EQ(pci_config_read(&r->pb, 0, DEVFN, PCI_VENDOR_ID, 2), 0x1022);
	CHECK_EQ(pci_config_read(&r->pb, 0, DEVFN, PCI_DEVICE_ID, 2), 0x2000);
	CHECK_EQ(pci_config_read(&r->pb, 0, DEVFN, 0x0a, 2), 0x0200);
	CHECK_EQ(pci_config_read(&r->pb, 0, DEVFN, PCI_INTERRUPT_PIN, 1), 1);
	for (int i = 0; i < 6; i++)
		CHECK_EQ(io_rd(r, i, 1), mac[i]);
	CHECK_EQ(io_rd(r, 14, 2), 0x5757);
	for (int i = 0; i < 16; i++)
		if (i != 12 && i != 13)
			sum += io_rd(r, i, 1);
	CHECK_EQ(io_rd(r, 12, 2), sum);
	CHECK_EQ(io_rd(r, 0, 4), 0x5a564d02);
	/* CSR12-14 hold the same address (Linux compares them). */
	CHECK_EQ(csr_rd(r, 12), 0x4d02);
	CHECK_EQ(csr_rd(r, 13), 0x5a56);
	CHECK_EQ(csr_rd(r, 14), 0x0100);
	/* The same registers through the memory BAR. */
	{
		uint64_t v = 0;

		bus_read(&r->bus, MEM_BASE + MMIO + 1, 1, &v);
		CHECK_EQ(v, mac[1]);
	}
	rig_free(r);
}

/* pcnet32_probe1: WIO reset, CSR0 == 4, RAP reads back, chip ID. */
static void probe_like_linux(void)
{
	struct rig *r = rig_new(true);
	uint32_t id;

	io_rd(r, PCNET_WIO_RESET, 2);
	CHECK_EQ(csr_rd(r, 0), PCNET_CSR0_STOP);
	io_wr(r, PCNET_WIO_RAP, 2, 88);
	CHECK_EQ(io_rd(r, PCNET_WIO_RAP, 2), 88);
	id = csr_rd(r, 88) | (uint32_t)csr_rd(r, 89) << 16;
	CHECK_EQ(id & 0xfff, 0x003);
	CHECK_EQ((id >> 12) & 0xffff, 0x2625);
	/* The PHY scan finds exactly one PHY, at 30. */
	for (unsigned a = 0; a < 32; a++) {
		bcr_wr(r, 33, a << 5 | 2);
		CHECK_EQ(bcr_rd(r, 34) != 0xffff, a == PCNET_PHY_ADDR);
	}
	bcr_wr(r, 33, PCNET_PHY_ADDR << 5 | 3);
	CHECK_EQ(bcr_rd(r, 34), 0x6361);
	bcr_wr(r, 33, PCNET_PHY_ADDR << 5 | 1);
	CHECK(bcr_rd(r, 34) & 0x0004);		/* link up: a backend */
	CHECK(bcr_rd(r, 4) & 0x8000);		/* LED0 shows it */
	rig_free(r);
}

/* A 32-bit write to RDP switches to DWIO; S_RESET keeps it, H_RESET
 * ends it; 16-bit accesses are not decoded in DWIO mode. */
static void dwio_switch(void)
{
	struct rig *r = rig_new(true);

	CHECK_EQ(io_rd(r, PCNET_DWIO_RDP, 4) & 0xffff, 0xffff);
	io_wr(r, PCNET_DWIO_RDP, 4, 0);		/* NetBSD's switch */
	io_wr(r, PCNET_DWIO_RAP, 4, 18);
	CHECK_EQ(io_rd(r, PCNET_DWIO_RAP, 4), 18);
	CHECK(io_rd(r, PCNET_DWIO_BDP, 4) & 0x0080);
	io_rd(r, PCNET_DWIO_RESET, 4);
	io_wr(r, PCNET_DWIO_RAP, 4, 0);
	CHECK_EQ(io_rd(r, PCNET_DWIO_RDP, 4) & 0xffff, PCNET_CSR0_STOP);
	/* Word accesses do nothing now. */
	io_wr(r, PCNET_WIO_RAP, 2, 88);
	CHECK_EQ(io_rd(r, PCNET_DWIO_RAP, 4), 0);
	pcnet_reset(r->nic);
	pci_config_write(&r->pb, 0, DEVFN, PCI_BAR0, PORT, 4);
	pci_config_write(&r->pb, 0, DEVFN, PCI_COMMAND, PCI_COMMAND_IO |
			 PCI_COMMAND_MASTER, 2);
	CHECK_EQ(csr_rd(r, 0), PCNET_CSR0_STOP);
	CHECK(!(bcr_rd(r, 18) & 0x0080));
	rig_free(r);
}

/* --- CSR0 and the init block --------------------------------------------- */

static void csr0_state_machine(void)
{
	struct rig *r = rig_new(true);

	rig_rings(r, 3, 2, 0);
	bcr_wr(r, 20, 2);
	CHECK_EQ(bcr_rd(r, 20), 0x0302);	/* SSIZE32 | CSRPCNET */
	csr_wr(r, 1, IADR);
	csr_wr(r, 2, 0);
	csr_wr(r, 0, PCNET_CSR0_INIT);
	CHECK_EQ(csr_rd(r, 0), PCNET_CSR0_INIT | PCNET_CSR0_IDON |
			       PCNET_CSR0_INTR);
	CHECK_EQ(r->irq, 0);			/* IENA off */
	csr_wr(r, 0, PCNET_CSR0_IENA);
	CHECK_EQ(r->irq, 1);
	/* IDONM masks it from INTA; IDON stays readable. */
	csr_wr(r, 3, 0x0100);
	CHECK_EQ(r->irq, 0);
	CHECK(csr_rd(r, 0) & PCNET_CSR0_IDON);
	csr_wr(r, 3, 0);
	CHECK_EQ(r->irq, 1);
	csr_wr(r, 0, PCNET_CSR0_IDON | PCNET_CSR0_IENA);	/* W1C */
	CHECK_EQ(r->irq, 0);
	CHECK(!(csr_rd(r, 0) & PCNET_CSR0_IDON));
	csr_wr(r, 0, PCNET_CSR0_STRT | PCNET_CSR0_IENA);
	CHECK_EQ(csr_rd(r, 0) & 0xff, PCNET_CSR0_INIT | PCNET_CSR0_STRT |
				      PCNET_CSR0_TXON | PCNET_CSR0_RXON |
				      PCNET_CSR0_IENA);
	/* Registers writable only while stopped. */
	csr_wr(r, 15, 0x8000);
	CHECK_EQ(csr_rd(r, 15), 0);
	/* Suspend reads back; then they are writable. */
	csr_wr(r, 5, 1);
	CHECK_EQ(csr_rd(r, 5) & 1, 1);
	csr_wr(r, 15, 0x8000);
	CHECK_EQ(csr_rd(r, 15), 0x8000);
	csr_wr(r, 5, 0);
	csr_wr(r, 0, PCNET_CSR0_STOP);
	CHECK_EQ(csr_rd(r, 0), PCNET_CSR0_STOP);
	CHECK_EQ(r->irq, 0);
	rig_free(r);
}

static void init_block(void)
{
	struct rig *r = rig_new(true);

	rig_start(r, 5, 4, 0x0080);
	CHECK_EQ(csr_rd(r, 76), (uint16_t)-32);
	CHECK_EQ(csr_rd(r, 78), (uint16_t)-16);
	CHECK_EQ(csr_rd(r, 6), 4 << 12 | 5 << 8);
	CHECK_EQ(csr_rd(r, 15), 0x0080);
	CHECK_EQ(csr_rd(r, 24) | csr_rd(r, 25) << 16, RDRA);
	CHECK_EQ(csr_rd(r, 30) | csr_rd(r, 31) << 16, TDRA);
	/* RLEN above 9 means 512. */
	csr_wr(r, 0, PCNET_CSR0_STOP);
	r->ram[IADR + 2] = 0xf0;
	csr_wr(r, 0, PCNET_CSR0_INIT);
	CHECK_EQ(csr_rd(r, 76), (uint16_t)-512);
	/* An init block outside RAM: MERR, no IDON. */
	csr_wr(r, 0, PCNET_CSR0_STOP);
	csr_wr(r, 1, 0);
	csr_wr(r, 2, 0x4000);
	csr_wr(r, 0, PCNET_CSR0_INIT);
	CHECK(csr_rd(r, 0) & PCNET_CSR0_MERR);
	CHECK(!(csr_rd(r, 0) & PCNET_CSR0_IDON));
	rig_free(r);
}

/* --- transmit ------------------------------------------------------------ */

static void tx_reaches_backend(void)
{
	struct rig *r = rig_new(true);
	uint8_t f[300], small[20];

	rig_start(r, 3, 3, 0);
	frame_fill(f, sizeof(f), (const uint8_t *)"\xff\xff\xff\xff\xff\xff",
		   1);
	rig_tx(r, 0, f, sizeof(f), 3);
	csr_wr(r, 0, PCNET_CSR0_IENA | PCNET_CSR0_TDMD);
	CHECK_EQ(r->nsent, 1);
	CHECK_EQ(r->sent[0].len, sizeof(f));
	CHECK(!memcmp(r->sent[0].data, f, sizeof(f)));
	for (int i = 0; i < 3; i++)
		CHECK(!(get16(r, TDRA + 16 * i + 6) & PCNET_DESC_OWN));
	CHECK(!(get16(r, TDRA + 16 * 2 + 6) & PCNET_DESC_ERR));
	CHECK(csr_rd(r, 0) & PCNET_CSR0_TINT);
	CHECK_EQ(r->irq, 1);
	/* CSR4 APAD_XMT (Linux's 0x0915) pads a short frame to 60. */
	frame_fill(small, sizeof(small), mac, 2);
	rig_tx(r, 3, small, sizeof(small), 1);
	csr_wr(r, 0, PCNET_CSR0_IENA | PCNET_CSR0_TDMD | PCNET_CSR0_TINT);
	CHECK_EQ(r->nsent, 2);
	CHECK_EQ(r->sent[1].len, 60);
	CHECK(!memcmp(r->sent[1].data, small, sizeof(small)));
	CHECK_EQ(r->sent[1].data[59], 0);
	rig_free(r);
}

/* Without TDMD the chip finds the descriptor on its next poll. */
static void tx_polling(void)
{
	struct rig *r = rig_new(true);
	uint8_t f[100];

	rig_start(r, 3, 3, 0);
	frame_fill(f, sizeof(f), mac, 3);
	rig_tx(r, 0, f, sizeof(f), 1);
	CHECK_EQ(r->nsent, 0);
	vclock_warp_to(&r->clock, vclock_now(&r->clock) + 3000000);
	vclock_run_timers(&r->clock);
	CHECK_EQ(r->nsent, 1);
	/* DPOLL stops it. */
	csr_wr(r, 4, 0x0915 | 0x1000);
	rig_tx(r, 1, f, sizeof(f), 1);
	vclock_warp_to(&r->clock, vclock_now(&r->clock) + 3000000);
	vclock_run_timers(&r->clock);
	CHECK_EQ(r->nsent, 1);
	rig_free(r);
}

static void tx_no_carrier(void)
{
	struct rig *r = rig_new(false);
	uint8_t f[100];

	rig_start(r, 3, 3, 0);
	bcr_wr(r, 33, PCNET_PHY_ADDR << 5 | 1);
	CHECK(!(bcr_rd(r, 34) & 0x0004));	/* link down */
	CHECK(!(bcr_rd(r, 4) & 0x8000));
	frame_fill(f, sizeof(f), mac, 4);
	rig_tx(r, 0, f, sizeof(f), 1);
	csr_wr(r, 0, PCNET_CSR0_IENA | PCNET_CSR0_TDMD);
	CHECK(get16(r, TDRA + 6) & PCNET_DESC_ERR);
	CHECK(get32(r, TDRA + 8) & PCNET_TMD2_LCAR);
	CHECK(!(get16(r, TDRA + 6) & PCNET_DESC_OWN));
	rig_free(r);
}

/* Linux's pcnet32_loopback_test: CSR15 LOOP | INTL; frames come back
 * into the receive ring with an FCS, and nothing reaches the network. */
static void loopback(void)
{
	struct rig *r = rig_new(true);
	uint8_t f[75];
	uint32_t fcs;

	rig_start(r, 3, 3, 0x0044);
	frame_fill(f, sizeof(f), mac, 5);
	rig_tx(r, 0, f, sizeof(f), 1);
	csr_wr(r, 0, PCNET_CSR0_IENA | PCNET_CSR0_TDMD);
	CHECK_EQ(r->nsent, 0);
	CHECK_EQ(get16(r, RDRA + 6), PCNET_DESC_STP | PCNET_DESC_ENP |
				     PCNET_RMD_PAM);
	CHECK_EQ(get32(r, RDRA + 8) & 0xfff, sizeof(f) + 4);
	CHECK(!memcmp(r->ram + RXBUF, f, sizeof(f)));
	fcs = crc32_ieee(f, sizeof(f));
	CHECK_EQ(get32(r, RXBUF + sizeof(f)), fcs);
	/* In loopback the network is not heard. */
	net_deliver(r->net, f, sizeof(f));
	CHECK(get16(r, RDRA + 16 + 6) & PCNET_DESC_OWN);
	rig_free(r);
}

/* A chain longer than any frame: BABL, nothing sent (CVE-2015-7504);
 * a ring whose every descriptor is owned and none ends a frame is
 * walked once per poll, not forever (BAD-INPUTS row 17). */
static void tx_babble_and_endless_chain(void)
{
	struct rig *r = rig_new(true);
	uint8_t f[4000];

	rig_start(r, 3, 3, 0);
	frame_fill(f, sizeof(f), mac, 6);
	rig_tx(r, 0, f, sizeof(f), 4);
	csr_wr(r, 0, PCNET_CSR0_IENA | PCNET_CSR0_TDMD);
	CHECK_EQ(r->nsent, 0);
	CHECK(csr_rd(r, 0) & PCNET_CSR0_BABL);
	CHECK(csr_rd(r, 0) & PCNET_CSR0_ERR);
	for (int i = 0; i < 4; i++)
		CHECK(!(get16(r, TDRA + 16 * i + 6) & PCNET_DESC_OWN));
	/* Every descriptor owned, STP on none: handed back, one pass. */
	for (int i = 0; i < 8; i++) {
		put32(r, TDRA + 16 * i, TXBUF);
		put16(r, TDRA + 16 * i + 4, 0xf000);	/* 4096 bytes */
		put16(r, TDRA + 16 * i + 6, PCNET_DESC_OWN);
	}
	csr_wr(r, 0, PCNET_CSR0_IENA | PCNET_CSR0_TDMD);
	CHECK_EQ(r->nsent, 0);
	/* And a frame after that still goes out. */
	rig_tx(r, 4, f, 200, 1);
	csr_wr(r, 0, PCNET_CSR0_IENA | PCNET_CSR0_TDMD);
	CHECK_EQ(r->nsent, 1);
	rig_free(r);
}

/* --- receive ------------------------------------------------------------- */

static void rx_into_ring(void)
{
	struct rig *r = rig_new(true);
	uint8_t f[200], other[6] = { 0x02, 0, 0, 0, 0, 9 };
	static const uint8_t bc[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

	rig_start(r, 3, 3, 0);
	frame_fill(f, sizeof(f), mac, 7);
	net_deliver(r->net, f, sizeof(f));
	CHECK_EQ(get16(r, RDRA + 6), PCNET_DESC_STP | PCNET_DESC_ENP |
				     PCNET_RMD_PAM);
	CHECK_EQ(get32(r, RDRA + 8), sizeof(f) + 4);
	CHECK(!memcmp(r->ram + RXBUF, f, sizeof(f)));
	CHECK_EQ(get32(r, RXBUF + sizeof(f)), crc32_ieee(f, sizeof(f)));
	CHECK(csr_rd(r, 0) & PCNET_CSR0_RINT);
	CHECK_EQ(r->irq, 1);
	/* Someone else's unicast is filtered out. */
	frame_fill(f, sizeof(f), other, 8);
	net_deliver(r->net, f, sizeof(f));
	CHECK(get16(r, RDRA + 16 + 6) & PCNET_DESC_OWN);
	/* Broadcast, padded from 42 bytes (an ARP reply) to 60 + FCS. */
	frame_fill(f, 42, bc, 9);
	net_deliver(r->net, f, 42);
	CHECK_EQ(get16(r, RDRA + 16 + 6), PCNET_DESC_STP | PCNET_DESC_ENP |
					  PCNET_RMD_BAM);
	CHECK_EQ(get32(r, RDRA + 16 + 8), 64);
	CHECK_EQ(r->ram[RXBUF + RXBUF_SIZE + 59], 0);
	rig_free(r);
}

/* The logical address filter: Linux sets the bit of the top six bits
 * of the little-endian CRC of the address. */
static void rx_multicast_and_promiscuous(void)
{
	struct rig *r = rig_new(true);
	uint8_t f[100], mc[6] = { 0x01, 0x00, 0x5e, 0x00, 0x00, 0xfb };
	unsigned h = ~crc32_ieee(mc, 6) >> 26;

	rig_rings(r, 3, 3, 0);
	r->ram[IADR + 12 + (h >> 3)] |= 1u << (h & 7);
	rig_start(r, 3, 3, 0);
	/* rig_start rewrote the filter: set it again and re-init. */
	csr_wr(r, 0, PCNET_CSR0_STOP);
	r->ram[IADR + 12 + (h >> 3)] |= 1u << (h & 7);
	csr_wr(r, 0, PCNET_CSR0_INIT);
	csr_wr(r, 0, PCNET_CSR0_STRT | PCNET_CSR0_IENA);
	frame_fill(f, sizeof(f), mc, 10);
	net_deliver(r->net, f, sizeof(f));
	CHECK_EQ(get16(r, RDRA + 6) & 0xff00, PCNET_DESC_STP | PCNET_DESC_ENP);
	CHECK(get16(r, RDRA + 6) & PCNET_RMD_LAFM);
	mc[5] ^= 1;
	frame_fill(f, sizeof(f), mc, 11);
	if (~crc32_ieee(mc, 6) >> 26 != h) {
		net_deliver(r->net, f, sizeof(f));
		CHECK(get16(r, RDRA + 16 + 6) & PCNET_DESC_OWN);
	}
	/* Promiscuous (set while suspended, as Linux does) takes it. */
	csr_wr(r, 5, 1);
	csr_wr(r, 15, 0x8000);
	csr_wr(r, 5, 0);
	net_deliver(r->net, f, sizeof(f));
	CHECK(!(get16(r, RDRA + 16 + 6) & PCNET_DESC_OWN));
	rig_free(r);
}

/* Small buffers: a frame spans descriptors, STP first, ENP and MCNT on
 * the last, and the STP descriptor is handed back last. */
static void rx_chain(void)
{
	struct rig *r = rig_new(true);
	uint8_t f[200];

	rig_start(r, 3, 3, 0);
	for (int i = 0; i < 8; i++)
		put16(r, RDRA + 16 * i + 4, -64 & 0xffff);
	frame_fill(f, sizeof(f), mac, 12);
	net_deliver(r->net, f, sizeof(f));
	CHECK_EQ(get16(r, RDRA + 6), PCNET_DESC_STP);
	CHECK_EQ(get16(r, RDRA + 16 + 6), 0);
	CHECK_EQ(get16(r, RDRA + 32 + 6), 0);
	CHECK_EQ(get16(r, RDRA + 48 + 6), PCNET_DESC_ENP | PCNET_RMD_PAM);
	CHECK_EQ(get32(r, RDRA + 48 + 8), 204);
	CHECK(!memcmp(r->ram + RXBUF + RXBUF_SIZE, f + 64, 64));
	/* Out of descriptors mid-frame: BUFF on the last one taken. */
	put16(r, RDRA + 16 * 6 + 6, 0);
	net_deliver(r->net, f, sizeof(f));
	CHECK_EQ(get16(r, RDRA + 64 + 6), PCNET_DESC_STP);
	CHECK_EQ(get16(r, RDRA + 80 + 6), PCNET_DESC_ERR | PCNET_RMD_BUFF |
					  PCNET_RMD_OFLO);
	rig_free(r);
}

/* A full ring: the link holds a few frames, then the chip counts missed
 * frames in CSR112 and sets MISS; buffers given back take the held ones
 * in order once the driver touches CSR0. */
static void rx_ring_full(void)
{
	struct rig *r = rig_new(true);
	uint8_t f[100];

	rig_start(r, 1, 1, 0);
	for (int i = 0; i < 2 + NET_QUEUE_FRAMES + 3; i++) {
		frame_fill(f, sizeof(f), mac, i);
		net_deliver(r->net, f, sizeof(f));
	}
	CHECK_EQ(csr_rd(r, 112), 3);
	CHECK(csr_rd(r, 0) & PCNET_CSR0_MISS);
	CHECK(net_rx_pending(r->net));
	CHECK_EQ(r->ram[RXBUF + 14], (uint8_t)(14 * 7 + 0));
	/* The driver takes both and gives them back. */
	for (int round = 0; round < NET_QUEUE_FRAMES / 2; round++) {
		for (int i = 0; i < 2; i++)
			put16(r, RDRA + 16 * i + 6, PCNET_DESC_OWN);
		csr_wr(r, 0, PCNET_CSR0_IENA | PCNET_CSR0_RINT);
		CHECK_EQ(r->ram[RXBUF + 14],
			 (uint8_t)(14 * 7 + 2 + 2 * round));
	}
	CHECK(!net_rx_pending(r->net));
	CHECK_EQ(csr_rd(r, 112), 3);
	/* A stopped receiver holds nothing back: old frames do not pile
	 * up for the next driver to find. */
	csr_wr(r, 0, PCNET_CSR0_STOP);
	net_deliver(r->net, f, sizeof(f));
	CHECK(!net_rx_pending(r->net));
	rig_free(r);
}

/* Frames a host backend should never hand over: no header (runt), or
 * longer than Ethernet (a 64 KiB one, CVE-2015-7512): dropped, counted,
 * no write past the receive buffer. */
static void rx_runt_and_giant(void)
{
	struct rig *r = rig_new(true);
	static uint8_t big[65536];

	rig_start(r, 3, 3, 0);
	frame_fill(big, sizeof(big), mac, 13);
	net_deliver(r->net, big, 13);
	net_deliver(r->net, big, PCNET_FRAME_MAX + 2);
	net_deliver(r->net, big, sizeof(big));
	CHECK_EQ(r->nic->stats.rx_runt, 1);
	CHECK_EQ(r->nic->stats.rx_too_long, 1);
	CHECK_EQ(net_get_stats(r->net)->rx_dropped, 1);
	CHECK(get16(r, RDRA + 6) & PCNET_DESC_OWN);
	CHECK_EQ(r->ram[RXBUF], 0);
	/* The largest frame fits a Linux-sized buffer exactly. */
	net_deliver(r->net, big, PCNET_FRAME_MAX);
	CHECK_EQ(get32(r, RDRA + 8), PCNET_FRAME_MAX + 4);
	CHECK_EQ(get16(r, RDRA + 6) & 0xff00, PCNET_DESC_STP | PCNET_DESC_ENP);
	rig_free(r);
}

/* Rings and buffers outside RAM: MERR and an error descriptor, never a
 * host access out of bounds; without bus mastering the same. */
static void bad_addresses(void)
{
	struct rig *r = rig_new(true);
	uint8_t f[100];

	rig_start(r, 3, 3, 0);
	frame_fill(f, sizeof(f), mac, 14);
	/* Transmit buffer outside RAM. */
	rig_tx(r, 0, f, sizeof(f), 1);
	put32(r, TDRA, 0x7ffffff0);
	csr_wr(r, 0, PCNET_CSR0_IENA | PCNET_CSR0_TDMD);
	CHECK(csr_rd(r, 0) & PCNET_CSR0_MERR);
	CHECK(get16(r, TDRA + 6) & PCNET_DESC_ERR);
	CHECK(get32(r, TDRA + 8) & PCNET_TMD2_BUFF);
	CHECK_EQ(r->nsent, 0);
	/* A buffer ending just past RAM. */
	csr_wr(r, 0, PCNET_CSR0_IENA | PCNET_CSR0_MERR);
	put32(r, RDRA, RAM_SIZE - 50);
	net_deliver(r->net, f, sizeof(f));
	CHECK(csr_rd(r, 0) & PCNET_CSR0_MERR);
	CHECK(get16(r, RDRA + 6) & PCNET_DESC_ERR);
	/* Rings outside RAM. */
	csr_wr(r, 0, PCNET_CSR0_STOP);
	put32(r, IADR + 20, 0xfffffff0);
	put32(r, IADR + 24, RAM_SIZE - 8);
	csr_wr(r, 0, PCNET_CSR0_INIT);
	csr_wr(r, 0, PCNET_CSR0_STRT | PCNET_CSR0_IENA);
	net_deliver(r->net, f, sizeof(f));
	csr_wr(r, 0, PCNET_CSR0_IENA | PCNET_CSR0_TDMD);
	CHECK(csr_rd(r, 0) & PCNET_CSR0_MERR);
	/* Bus mastering off: the chip cannot reach memory at all. */
	rig_start(r, 3, 3, 0);
	pci_config_write(&r->pb, 0, DEVFN, PCI_COMMAND, PCI_COMMAND_IO, 2);
	rig_tx(r, 0, f, sizeof(f), 1);
	csr_wr(r, 0, PCNET_CSR0_IENA | PCNET_CSR0_TDMD);
	CHECK_EQ(r->nsent, 0);
	CHECK(csr_rd(r, 0) & PCNET_CSR0_MERR);
	rig_free(r);
}

/* Random register traffic over random RAM, with frames both ways: the
 * point is ASan/UBSan silence and bounded time. */
static void random_abuse(void)
{
	struct rig *r = rig_new(true);
	uint64_t x = 0x9e3779b97f4a7c15ull;
	uint8_t f[1600];

	for (size_t i = 0; i < RAM_SIZE; i += 8) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		memcpy(r->ram + i, &x, 8);
	}
	for (int k = 0; k < 200000; k++) {
		unsigned off, size;

		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		size = 1u << (x % 3);
		off = (x >> 8) % PCNET_IO_SIZE & ~(size - 1);
		switch ((x >> 16) % 8) {
		case 0:
			io_rd(r, off, size);
			break;
		case 1: case 2: case 3:
			/* Mostly pointers into RAM, sometimes not. */
			io_wr(r, off, size, (x >> 24) & (k & 1 ? 0xffff
							       : 0xffffffff));
			break;
		case 4:
			io_wr(r, PCNET_WIO_RAP, 2, (x >> 24) % 128);
			break;
		case 5:
			frame_fill(f, (x >> 24) % sizeof(f), mac, k);
			net_deliver(r->net, f, (x >> 24) % sizeof(f));
			break;
		case 6:
			vclock_warp_to(&r->clock, vclock_now(&r->clock) +
						  (x >> 24) % 4000000);
			vclock_run_timers(&r->clock);
			break;
		case 7:
			if (!(k % 1000))
				rig_start(r, (x >> 24) % 10, (x >> 28) % 10,
					  (x >> 32) & 0xffff);
			else
				r->ram[(x >> 24) % RAM_SIZE] = x >> 40;
			break;
		}
	}
	rig_free(r);
}

TEST_MAIN("pcnet",
	  T(prom_and_ids), T(probe_like_linux), T(dwio_switch),
	  T(csr0_state_machine), T(init_block), T(tx_reaches_backend),
	  T(tx_polling), T(tx_no_carrier), T(loopback),
	  T(tx_babble_and_endless_chain), T(rx_into_ring),
	  T(rx_multicast_and_promiscuous), T(rx_chain), T(rx_ring_full),
	  T(rx_runt_and_giant), T(bad_addresses), T(random_abuse))
