/* The PIIX4 IDE function on a test PCI bus: configuration space, BAR4
 * and legacy port decoding, IRQ 14/15, and bus-master DMA through PRD
 * tables in test RAM, including the tables a hostile guest can build
 * (BAD-INPUTS row 17). */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tests/test.h"
#include "vmm/bus.h"
#include "vmm/dev/piix4_ide.h"
#include "vmm/pci.h"

#define IO_BASE 0x18000000ull
#define RAM_SIZE (1024 * 1024)
#define DEVFN 0x51		/* device 10, function 1 */
#define BMIBA 0xc000
#define SECTORS 4096

struct rig {
	struct bus bus;
	struct pci_bus pb;
	struct piix4_ide *ide;
	uint8_t *ram;
	int irq[2], edges[2];
	char path[512];
};

static uint8_t pattern(uint64_t lba, unsigned i)
{
	return (uint8_t)(lba * 13 + i * 3) ^ 0x5a;
}

static void rig_irq(void *opaque, int n, int level)
{
	struct rig *r = opaque;

	if (level && !r->irq[n])
		r->edges[n]++;
	r->irq[n] = level;
}

static void make_image(const char *path, uint64_t sectors)
{
	uint8_t buf[BLOCK_SECTOR];
	FILE *f = fopen(path, "w");

	for (uint64_t s = 0; f && s < sectors; s++) {
		for (unsigned i = 0; i < BLOCK_SECTOR; i++)
			buf[i] = pattern(s, i);
		fwrite(buf, 1, sizeof(buf), f);
	}
	if (f)
		fclose(f);
}

static uint32_t cfg_rd(struct rig *r, unsigned off, unsigned size)
{
	return pci_config_read(&r->pb, 0, DEVFN, off, size);
}

static void cfg_wr(struct rig *r, unsigned off, uint32_t v, unsigned size)
{
	pci_config_write(&r->pb, 0, DEVFN, off, v, size);
}

static int io_in(struct rig *r, unsigned port, unsigned size, uint64_t *v)
{
	return bus_read(&r->bus, IO_BASE + port, size, v);
}

static uint64_t inb(struct rig *r, unsigned port)
{
	uint64_t v = 0xdead;

	if (io_in(r, port, 1, &v) != BUS_OK)
		test_fail(__FILE__, __LINE__, "port 0x%x not decoded", port);
	return v;
}

static void outb(struct rig *r, unsigned port, uint8_t v)
{
	bus_write(&r->bus, IO_BASE + port, 1, v);
}

static void outl(struct rig *r, unsigned port, uint32_t v)
{
	bus_write(&r->bus, IO_BASE + port, 4, v);
}

/* A bus with RAM at 0, a PCI I/O window, the IDE function on it and a
 * disk image at unit 0 (primary master). */
static struct rig *rig_new(const char *name, bool enable)
{
	struct rig *r = calloc(1, sizeof(*r));
	struct piix4_ide_config cfg = { .pci = &r->pb, .devfn = DEVFN };
	struct block *b;
	struct err e;

	bus_init(&r->bus, ENDIAN_LITTLE);
	if (bus_map_ram(&r->bus, 0, RAM_SIZE, "ram", &r->ram, &e) < 0)
		test_fail(__FILE__, __LINE__, "%s", e.msg);
	pci_bus_init(&r->pb, &r->bus, 0x10000000, IO_BASE);
	cfg.irq[0] = irq_make(rig_irq, r, 0);
	cfg.irq[1] = irq_make(rig_irq, r, 1);
	if (piix4_ide_create(&cfg, &r->ide, &e) < 0) {
		test_fail(__FILE__, __LINE__, "%s", e.msg);
		return r;
	}
	snprintf(r->path, sizeof(r->path), "%s/%s", test_tmpdir(), name);
	make_image(r->path, SECTORS);
	if (block_open(&b, r->path, "raw", 0, &e) < 0 ||
	    piix4_ide_attach(r->ide, 0, b, &e) < 0)
		test_fail(__FILE__, __LINE__, "%s", e.msg);
	if (enable) {
		/* What Linux does: BMIBA, I/O + bus master, decode enable
		 * (arch/mips/pci/fixup-malta.c). */
		cfg_wr(r, PIIX4_IDE_BMIBA, BMIBA, 4);
		cfg_wr(r, PCI_COMMAND, PCI_COMMAND_IO | PCI_COMMAND_MASTER, 2);
		cfg_wr(r, PIIX4_IDE_IDETIM + 1, 0x80, 1);
		cfg_wr(r, PIIX4_IDE_IDETIM + 3, 0x80, 1);
	}
	return r;
}

static void rig_free(struct rig *r)
{
	piix4_ide_destroy(r->ide);
	bus_destroy(&r->bus);
	free(r);
}

static void file_sector(const char *path, uint64_t lba, uint8_t *buf)
{
	int fd = open(path, O_RDONLY);

	memset(buf, 0xee, BLOCK_SECTOR);
	if (fd >= 0) {
		if (pread(fd, buf, BLOCK_SECTOR, lba * BLOCK_SECTOR) !=
		    BLOCK_SECTOR)
			memset(buf, 0xee, BLOCK_SECTOR);
		close(fd);
	}
}

static void prd(struct rig *r, uint32_t at, uint32_t addr, uint32_t count)
{
	endian_store(r->ram + at, 4, ENDIAN_LITTLE, addr);
	endian_store(r->ram + at + 4, 4, ENDIAN_LITTLE, count);
}

/* Issue an LBA28 DMA command on the primary channel the way Linux's
 * ata_bmdma_setup/exec_command/start do. */
static void dma_cmd(struct rig *r, uint8_t cmd, uint32_t lba, uint8_t count,
		    uint32_t table, bool to_memory)
{
	outl(r, BMIBA + PIIX4_BM_PRDT, table);
	outb(r, BMIBA + PIIX4_BM_CMD, to_memory ? PIIX4_BM_CMD_TO_MEMORY : 0);
	outb(r, BMIBA + PIIX4_BM_STATUS,
	     PIIX4_BM_ST_ERROR | PIIX4_BM_ST_INTR);
	outb(r, 0x1f2, count);
	outb(r, 0x1f3, lba);
	outb(r, 0x1f4, lba >> 8);
	outb(r, 0x1f5, lba >> 16);
	outb(r, 0x1f6, 0xe0 | ((lba >> 24) & 0x0f));
	outb(r, 0x1f7, cmd);
	outb(r, BMIBA + PIIX4_BM_CMD,
	     (to_memory ? PIIX4_BM_CMD_TO_MEMORY : 0) | PIIX4_BM_CMD_START);
}

static uint8_t bm_status(struct rig *r)
{
	return inb(r, BMIBA + PIIX4_BM_STATUS);
}

static bool ram_matches(struct rig *r, uint32_t at, uint64_t lba,
			unsigned bytes)
{
	for (unsigned i = 0; i < bytes; i++)
		if (r->ram[at + i] != pattern(lba + i / BLOCK_SECTOR,
					      i % BLOCK_SECTOR))
			return false;
	return true;
}

static void config_space(void)
{
	struct rig *r = rig_new("cfg.img", false);

	CHECK_EQ(cfg_rd(r, PCI_VENDOR_ID, 2), 0x8086);
	CHECK_EQ(cfg_rd(r, PCI_DEVICE_ID, 2), 0x7111);
	CHECK_EQ(cfg_rd(r, PCI_CLASS_REVISION, 4) >> 8, 0x010180);
	CHECK_EQ(cfg_rd(r, PCI_STATUS, 2), 0x0280);
	CHECK_EQ(cfg_rd(r, PCI_INTERRUPT_PIN, 1), 0);
	/* Only I/O and bus master can be enabled. */
	cfg_wr(r, PCI_COMMAND, 0xffff, 2);
	CHECK_EQ(cfg_rd(r, PCI_COMMAND, 2), PCI_COMMAND_IO |
					     PCI_COMMAND_MASTER);
	cfg_wr(r, PCI_COMMAND, 0, 2);
	/* Legacy mode: BAR0-3 are not there; BAR4 sizes as 16 bytes of
	 * I/O space below 64 KiB. */
	for (int i = 0; i < 4; i++) {
		cfg_wr(r, PCI_BAR0 + 4 * i, 0xffffffff, 4);
		CHECK_EQ(cfg_rd(r, PCI_BAR0 + 4 * i, 4), 0);
	}
	CHECK_EQ(cfg_rd(r, PIIX4_IDE_BMIBA, 4), 1);
	cfg_wr(r, PIIX4_IDE_BMIBA, 0xffffffff, 4);
	CHECK_EQ(cfg_rd(r, PIIX4_IDE_BMIBA, 4), 0x0000fff1);
	/* Timing registers are plain storage for the driver. */
	cfg_wr(r, PIIX4_IDE_IDETIM, 0xa307, 2);
	CHECK_EQ(cfg_rd(r, PIIX4_IDE_IDETIM, 2), 0xa307);
	cfg_wr(r, PIIX4_IDE_UDMACTL, 0xff, 1);
	CHECK_EQ(cfg_rd(r, PIIX4_IDE_UDMACTL, 1), 0x0f);
	cfg_wr(r, PIIX4_IDE_UDMATIM, 0xffff, 2);
	CHECK_EQ(cfg_rd(r, PIIX4_IDE_UDMATIM, 2), 0x3333);
	/* Reset restores the power-on values. */
	piix4_ide_reset(r->ide);
	CHECK_EQ(cfg_rd(r, PIIX4_IDE_BMIBA, 4), 1);
	CHECK_EQ(cfg_rd(r, PIIX4_IDE_IDETIM, 4), 0);
	rig_free(r);
}

static void legacy_ports_decode(void)
{
	struct rig *r = rig_new("legacy.img", false);
	uint64_t v;

	CHECK(io_in(r, 0x1f7, 1, &v) == BUS_ERROR);
	cfg_wr(r, PCI_COMMAND, PCI_COMMAND_IO, 2);
	/* I/O on, but the channel's decode enable still off. */
	CHECK(io_in(r, 0x1f7, 1, &v) == BUS_ERROR);
	cfg_wr(r, PIIX4_IDE_IDETIM + 1, 0x80, 1);
	CHECK_EQ(inb(r, 0x1f7), ATA_DRDY | ATA_DSC);
	CHECK_EQ(inb(r, 0x3f6), ATA_DRDY | ATA_DSC);
	CHECK(io_in(r, 0x177, 1, &v) == BUS_ERROR);
	cfg_wr(r, PIIX4_IDE_IDETIM + 3, 0x80, 1);
	CHECK_EQ(inb(r, 0x177), 0);	/* empty secondary channel */
	CHECK(io_in(r, 0x376, 1, &v) == BUS_OK);
	/* The ports around the blocks stay free for other ISA devices. */
	CHECK(io_in(r, 0x1f8, 1, &v) == BUS_ERROR);
	CHECK(io_in(r, 0x3f7, 1, &v) == BUS_ERROR);
	CHECK(io_in(r, 0x3f5, 1, &v) == BUS_ERROR);
	/* 16-bit data port and 8-bit registers through the bus. */
	outb(r, 0x1f6, 0xa0);
	outb(r, 0x1f7, 0xec);
	CHECK_EQ(r->irq[0], 1);
	CHECK(io_in(r, 0x1f0, 2, &v) == BUS_OK);
	CHECK_EQ(v, 0x0040);		/* IDENTIFY word 0 */
	CHECK(io_in(r, 0x1f0, 4, &v) == BUS_OK);	/* words 1 and 2 */
	CHECK_EQ(v & 0xffff, SECTORS / (16 * 63) ? SECTORS / (16 * 63) : 1);
	/* I/O off: both channels disappear. */
	cfg_wr(r, PCI_COMMAND, 0, 2);
	CHECK(io_in(r, 0x1f7, 1, &v) == BUS_ERROR);
	CHECK(io_in(r, 0x177, 1, &v) == BUS_ERROR);
	cfg_wr(r, PCI_COMMAND, PCI_COMMAND_IO, 2);
	CHECK(io_in(r, 0x1f7, 1, &v) == BUS_OK);
	piix4_ide_reset(r->ide);
	CHECK(io_in(r, 0x1f7, 1, &v) == BUS_ERROR);
	rig_free(r);
}

static void bar4_mapping(void)
{
	struct rig *r = rig_new("bar4.img", false);
	uint64_t v;

	cfg_wr(r, PIIX4_IDE_BMIBA, 0xc040, 4);
	CHECK(io_in(r, 0xc042, 1, &v) == BUS_ERROR);	/* I/O off */
	cfg_wr(r, PCI_COMMAND, PCI_COMMAND_IO, 2);
	CHECK(io_in(r, 0xc042, 1, &v) == BUS_OK);
	/* The PRD pointer: dword aligned, 32 bits, byte-writable. */
	outl(r, 0xc044, 0x12345677);
	CHECK(io_in(r, 0xc044, 4, &v) == BUS_OK);
	CHECK_EQ(v, 0x12345674);
	CHECK(io_in(r, 0xc04c, 4, &v) == BUS_OK);	/* secondary's */
	CHECK_EQ(v, 0);
	/* DMA-capable bits are storage; interrupt/error clear on 1. */
	outb(r, 0xc042, PIIX4_BM_ST_DMA0CAP);
	CHECK_EQ(inb(r, 0xc042), PIIX4_BM_ST_DMA0CAP);
	/* Move it. */
	cfg_wr(r, PIIX4_IDE_BMIBA, 0xd000, 4);
	CHECK(io_in(r, 0xc042, 1, &v) == BUS_ERROR);
	CHECK_EQ(inb(r, 0xd002), PIIX4_BM_ST_DMA0CAP);
	rig_free(r);
}

static void irq_and_bm_interrupt_bit(void)
{
	struct rig *r = rig_new("irq.img", true);

	outb(r, 0x1f6, 0xa0);
	outb(r, 0x1f7, 0xe7);	/* FLUSH CACHE */
	CHECK_EQ(r->irq[0], 1);
	CHECK_EQ(r->irq[1], 0);
	CHECK_EQ(bm_status(r) & PIIX4_BM_ST_INTR, PIIX4_BM_ST_INTR);
	CHECK_EQ(inb(r, 0x1f7), ATA_DRDY | ATA_DSC);
	CHECK_EQ(r->irq[0], 0);
	/* The latched bit stays until written 1. */
	CHECK_EQ(bm_status(r) & PIIX4_BM_ST_INTR, PIIX4_BM_ST_INTR);
	outb(r, BMIBA + PIIX4_BM_STATUS, PIIX4_BM_ST_INTR);
	CHECK_EQ(bm_status(r) & PIIX4_BM_ST_INTR, 0);
	/* nIEN keeps both INTRQ and the latch quiet. */
	outb(r, 0x3f6, ATA_CTL_NIEN);
	outb(r, 0x1f7, 0xe7);
	CHECK_EQ(r->irq[0], 0);
	CHECK_EQ(bm_status(r) & PIIX4_BM_ST_INTR, 0);
	rig_free(r);
}

static void dma_read_prd(void)
{
	struct rig *r = rig_new("dmar.img", true);

	/* Four sectors scattered over two regions. */
	prd(r, 0x1000, 0x20000, 1024);
	prd(r, 0x1008, 0x30000, 1024 | 0x80000000);
	dma_cmd(r, 0xc8, 10, 4, 0x1000, true);
	CHECK_EQ(r->irq[0], 1);
	CHECK_EQ(bm_status(r), PIIX4_BM_ST_INTR);	/* done, idle */
	CHECK(ram_matches(r, 0x20000, 10, 1024));
	CHECK(ram_matches(r, 0x30000, 12, 1024));
	outb(r, BMIBA + PIIX4_BM_CMD, PIIX4_BM_CMD_TO_MEMORY);
	CHECK_EQ(inb(r, 0x1f7), ATA_DRDY | ATA_DSC);
	/* Start before the command, as some drivers do. */
	memset(r->ram + 0x20000, 0, 4096);
	prd(r, 0x1000, 0x20000, 512 | 0x80000000);
	outl(r, BMIBA + PIIX4_BM_PRDT, 0x1000);
	outb(r, BMIBA + PIIX4_BM_STATUS, PIIX4_BM_ST_INTR);
	outb(r, BMIBA + PIIX4_BM_CMD,
	     PIIX4_BM_CMD_TO_MEMORY | PIIX4_BM_CMD_START);
	outb(r, 0x1f2, 1);
	outb(r, 0x1f3, 77);
	outb(r, 0x1f4, 0);
	outb(r, 0x1f5, 0);
	outb(r, 0x1f6, 0xe0);
	outb(r, 0x1f7, 0xc8);
	CHECK_EQ(bm_status(r), PIIX4_BM_ST_INTR);
	CHECK(ram_matches(r, 0x20000, 77, 512));
	rig_free(r);
}

static void dma_write_prd(void)
{
	struct rig *r = rig_new("dmaw.img", true);
	uint8_t buf[BLOCK_SECTOR];

	memset(r->ram + 0x40000, 0xa1, 512);
	memset(r->ram + 0x50000, 0xb2, 512);
	prd(r, 0x2000, 0x40000, 512);
	prd(r, 0x2008, 0x50000, 512 | 0x80000000);
	dma_cmd(r, 0xca, 200, 2, 0x2000, false);
	CHECK_EQ(r->irq[0], 1);
	CHECK_EQ(bm_status(r), PIIX4_BM_ST_INTR);
	CHECK_EQ(inb(r, 0x1f7), ATA_DRDY | ATA_DSC);
	file_sector(r->path, 200, buf);
	CHECK_EQ(buf[0], 0xa1);
	CHECK_EQ(buf[511], 0xa1);
	file_sector(r->path, 201, buf);
	CHECK_EQ(buf[0], 0xb2);
	file_sector(r->path, 202, buf);
	CHECK_EQ(buf[0], pattern(202, 0));
	rig_free(r);
}

/* Byte count 0 means 64 KiB; bits above 15 (other than EOT) and bit 0
 * are not part of the count (SFF-8038i PRD format). */
static void prd_count_encoding(void)
{
	struct rig *r = rig_new("count.img", true);

	prd(r, 0x1000, 0x20000, 0x80000000);	/* 64 KiB, EOT */
	dma_cmd(r, 0xc8, 0, 128, 0x1000, true);
	CHECK_EQ(bm_status(r), PIIX4_BM_ST_INTR);
	CHECK(ram_matches(r, 0x20000, 0, 65536));
	outb(r, BMIBA + PIIX4_BM_CMD, 0);
	inb(r, 0x1f7);
	/* 0x7fff0201: reserved bits and bit 0 ignored, i.e. 512 bytes. */
	memset(r->ram + 0x20000, 0, 1024);
	prd(r, 0x1000, 0x20001, 0x7fff0201 | 0x80000000);
	dma_cmd(r, 0xc8, 5, 1, 0x1000, true);
	CHECK_EQ(bm_status(r), PIIX4_BM_ST_INTR);
	CHECK(ram_matches(r, 0x20000, 5, 512));
	CHECK_EQ(r->ram[0x20200], 0);
	rig_free(r);
}

/* A table longer than the transfer completes with Active still set;
 * one shorter leaves Active and Interrupt clear and the drive waiting
 * (SFF-8038i status table), and nothing is written. */
static void prd_longer_and_shorter(void)
{
	struct rig *r = rig_new("short.img", true);
	uint8_t buf[BLOCK_SECTOR];

	prd(r, 0x1000, 0x20000, 4096 | 0x80000000);
	dma_cmd(r, 0xc8, 1, 2, 0x1000, true);
	CHECK_EQ(bm_status(r), PIIX4_BM_ST_INTR | PIIX4_BM_ST_ACTIVE);
	CHECK_EQ(r->irq[0], 1);
	outb(r, BMIBA + PIIX4_BM_CMD, PIIX4_BM_CMD_TO_MEMORY);
	CHECK_EQ(bm_status(r), PIIX4_BM_ST_INTR);
	inb(r, 0x1f7);

	memset(r->ram + 0x20000, 0xcc, 1024);
	prd(r, 0x1000, 0x20000, 512 | 0x80000000);
	dma_cmd(r, 0xca, 300, 2, 0x1000, false);
	CHECK_EQ(bm_status(r), 0);
	CHECK_EQ(r->irq[0], 0);
	CHECK_EQ(inb(r, 0x3f6), ATA_DRDY | ATA_DSC | ATA_DRQ);
	file_sector(r->path, 300, buf);
	CHECK_EQ(buf[0], pattern(300, 0));
	/* Linux's timeout handler: stop the engine, reset the channel. */
	outb(r, BMIBA + PIIX4_BM_CMD, 0);
	outb(r, 0x3f6, ATA_CTL_SRST);
	outb(r, 0x3f6, 0);
	CHECK_EQ(inb(r, 0x1f7), ATA_DRDY | ATA_DSC);
	rig_free(r);
}

/* Buffers and tables outside RAM: the error bit, an aborted command, an
 * interrupt, no host access out of bounds and no disk write. */
static void prd_outside_ram(void)
{
	struct rig *r = rig_new("oob.img", true);
	uint8_t buf[BLOCK_SECTOR];

	/* Buffer past the end of RAM (and straddling it). */
	prd(r, 0x1000, RAM_SIZE - 256, 512 | 0x80000000);
	dma_cmd(r, 0xca, 400, 1, 0x1000, false);
	CHECK_EQ(bm_status(r), PIIX4_BM_ST_INTR | PIIX4_BM_ST_ERROR);
	CHECK_EQ(r->irq[0], 1);
	CHECK_EQ(inb(r, 0x1f7), ATA_DRDY | ATA_DSC | ATA_ERR);
	CHECK_EQ(inb(r, 0x1f1), ATA_ABRT);
	file_sector(r->path, 400, buf);
	CHECK_EQ(buf[0], pattern(400, 0));
	outb(r, BMIBA + PIIX4_BM_CMD, 0);
	/* Into MMIO (the I/O window itself) on a read. */
	prd(r, 0x1000, (uint32_t)IO_BASE + 0x1f0, 512 | 0x80000000);
	dma_cmd(r, 0xc8, 400, 1, 0x1000, true);
	CHECK_EQ(bm_status(r), PIIX4_BM_ST_INTR | PIIX4_BM_ST_ERROR);
	CHECK_EQ(inb(r, 0x1f7), ATA_DRDY | ATA_DSC | ATA_ERR);
	outb(r, BMIBA + PIIX4_BM_CMD, 0);
	/* The table itself outside RAM. */
	dma_cmd(r, 0xc8, 400, 1, 0xfffffff0, true);
	CHECK_EQ(bm_status(r), PIIX4_BM_ST_INTR | PIIX4_BM_ST_ERROR);
	outb(r, BMIBA + PIIX4_BM_CMD, 0);
	inb(r, 0x1f7);
	/* And the channel still works. */
	prd(r, 0x1000, 0x20000, 512 | 0x80000000);
	dma_cmd(r, 0xc8, 400, 1, 0x1000, true);
	CHECK_EQ(bm_status(r), PIIX4_BM_ST_INTR);
	CHECK(ram_matches(r, 0x20000, 400, 512));
	rig_free(r);
}

/* A table of tiny entries with no EOT: bounded work, then an error. */
static void prd_without_end(void)
{
	struct rig *r = rig_new("noeot.img", true);

	for (uint32_t i = 0; i < 0x10000 / 8 + 16; i++)
		prd(r, 0x10000 + 8 * i, 0x80000, 2);
	/* 64 sectors = 32 KiB would need 16384 two-byte entries. */
	dma_cmd(r, 0xc8, 0, 64, 0x10000, true);
	CHECK_EQ(bm_status(r), PIIX4_BM_ST_INTR | PIIX4_BM_ST_ERROR);
	CHECK(inb(r, 0x1f7) & ATA_ERR);
	outb(r, BMIBA + PIIX4_BM_CMD, 0);
	/* A long but legitimate table still completes: 8 KiB in 2-byte
	 * pieces is 4096 entries. */
	prd(r, 0x10000 + 8 * 4095, 0x80000, 2 | 0x80000000);
	dma_cmd(r, 0xc8, 0, 16, 0x10000, true);
	CHECK_EQ(bm_status(r), PIIX4_BM_ST_INTR);
	CHECK_EQ(inb(r, 0x1f7), ATA_DRDY | ATA_DSC);
	rig_free(r);
}

/* Stopping the engine before the command leaves it waiting; starting
 * again runs it. */
static void stop_and_restart(void)
{
	struct rig *r = rig_new("restart.img", true);

	prd(r, 0x1000, 0x20000, 512 | 0x80000000);
	outl(r, BMIBA + PIIX4_BM_PRDT, 0x1000);
	outb(r, 0x1f2, 1);
	outb(r, 0x1f3, 9);
	outb(r, 0x1f4, 0);
	outb(r, 0x1f5, 0);
	outb(r, 0x1f6, 0xe0);
	outb(r, 0x1f7, 0xc8);
	CHECK_EQ(r->irq[0], 0);
	CHECK_EQ(inb(r, 0x3f6), ATA_DRDY | ATA_DSC | ATA_DRQ);
	outb(r, BMIBA + PIIX4_BM_CMD,
	     PIIX4_BM_CMD_TO_MEMORY | PIIX4_BM_CMD_START);
	CHECK_EQ(r->irq[0], 1);
	CHECK(ram_matches(r, 0x20000, 9, 512));
	rig_free(r);
}

static void drives_from_config(void)
{
	struct bus bus;
	struct pci_bus pb;
	struct piix4_ide *ide = NULL;
	struct config c;
	struct err e;
	char a[512], b[512];
	struct piix4_ide_config cfg = { .pci = &pb, .devfn = DEVFN,
					.drives = &c };

	snprintf(a, sizeof(a), "%s/cfg-a.img", test_tmpdir());
	snprintf(b, sizeof(b), "%s/cfg-b.img", test_tmpdir());
	make_image(a, 64);
	make_image(b, 64);
	bus_init(&bus, ENDIAN_LITTLE);
	pci_bus_init(&pb, &bus, 0x10000000, IO_BASE);
	memset(&c, 0, sizeof(c));
	c.path = "appliance.conf";
	c.ndrives = 3;
	c.drives[0] = (struct drive_config){ .id = -1, .type = "disk",
					     .image = a, .format = "" };
	c.drives[1] = (struct drive_config){ .bus = "scsi", .id = 1,
					     .type = "disk", .image = a };
	c.drives[2] = (struct drive_config){ .bus = "ide", .id = 3,
					     .type = "disk", .image = b,
					     .format = "raw" };
	CHECK(piix4_ide_create(&cfg, &ide, &e) == 0);
	if (ide) {
		CHECK(ide->ch[0].drive[0].blk != NULL);
		CHECK(ide->ch[0].drive[1].blk == NULL);
		CHECK(ide->ch[1].drive[1].blk != NULL);
		piix4_ide_destroy(ide);
	}
	/* A CD-ROM is not supported yet: say which drive, where. */
	c.drives[2].type = "cdrom";
	c.drives[2].line = 12;
	CHECK(piix4_ide_create(&cfg, &ide, &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "appliance.conf:12: ide[0].type: ");
	CHECK_STR_CONTAINS(e.msg, "not supported yet");
	CHECK(pb.dev[DEVFN] == NULL);	/* nothing half-registered */
	/* The same image twice: the second open is refused (locks). */
	c.drives[2].type = "disk";
	c.drives[2].image = a;
	CHECK(piix4_ide_create(&cfg, &ide, &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "appliance.conf:12: ide[0].image: image \"");
	CHECK_STR_CONTAINS(e.msg, "is in use");
	/* BAD-INPUTS row 1: a directory as the image, from --disk. */
	c.drives[0].image = (char *)test_tmpdir();
	c.drives[2].image = b;
	CHECK(piix4_ide_create(&cfg, &ide, &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "drive[0].image: cannot open \"");
	CHECK_STR_CONTAINS(e.msg, "Is a directory");
	c.drives[0].image = a;
	/* Unit taken. */
	c.drives[0].id = 3;
	c.drives[2].image = b;
	CHECK(piix4_ide_create(&cfg, &ide, &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "IDE unit 3 is taken");
	bus_destroy(&bus);
}

static uint32_t xorshift(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

/* Random register traffic with descriptor tables of random entries in
 * RAM (BAD-INPUTS rows 16, 17, 29): no crash or out-of-bounds access
 * (run it under ASan), bounded time, and a channel that still works
 * after a reset. */
static void register_abuse(void)
{
	static const uint8_t cmds[] = {
		0x20, 0x24, 0x25, 0x29, 0x30, 0x34, 0x35, 0x39, 0x40, 0x42,
		0x91, 0xc4, 0xc5, 0xc6, 0xc8, 0xca, 0xe0, 0xe5, 0xe7, 0xea,
		0xec, 0xef, 0xf8, 0x27, 0x90, 0x00, 0xff,
	};
	struct rig *r = rig_new("abuse.img", true);
	uint32_t seed = 0x2545f491;
	uint16_t id[256];

	for (uint32_t at = 0; at < 0x40000; at += 8)
		prd(r, at, xorshift(&seed) % (RAM_SIZE + 4096),
		    xorshift(&seed) & (0x8000ffff | (xorshift(&seed) & 1 ?
						      0 : 0x7fff0000)));
	for (int i = 0; i < 300000; i++) {
		uint32_t x = xorshift(&seed);
		unsigned ch = x & 1 ? 0x80 : 0;	/* 0x1f0 vs 0x170 */
		unsigned port, size = 1;
		uint64_t v = xorshift(&seed);

		switch ((x >> 1) % 8) {
		case 0:
			port = 0x1f0 - ch;
			size = x & 0x100 ? 4 : 2;
			break;
		case 1:
			port = 0x1f7 - ch;
			v = cmds[v % sizeof(cmds)];
			break;
		case 2:
			port = ch ? 0x376 : 0x3f6;
			v &= 0x86 & (x >> 16 & 0x7 ? 0x82 : 0xff);
			break;
		case 3:
			port = BMIBA + (ch ? 8 : 0) + PIIX4_BM_PRDT;
			size = 4;
			v %= 0x40000;
			break;
		case 4:
			port = BMIBA + (ch ? 8 : 0) + (x >> 8) % 8;
			break;
		case 5:
			port = 0x1f2 - ch + (x >> 8) % 4;
			v &= x & 0x200 ? 0x0f : 0xff;
			break;
		default:
			port = 0x1f1 - ch + (x >> 8) % 7;
			break;
		}
		if (x & 0x80000000) {
			uint64_t got;

			io_in(r, port, size, &got);
		} else {
			bus_write(&r->bus, IO_BASE + port, size, v);
		}
	}
	/* Recover as Linux's error handler would and check it still works. */
	outb(r, BMIBA + PIIX4_BM_CMD, 0);
	outb(r, 0x3f6, ATA_CTL_SRST);
	outb(r, 0x3f6, 0);
	outb(r, 0x1f6, 0xa0);
	outb(r, 0x1f7, 0xec);
	CHECK_EQ(inb(r, 0x1f7), ATA_DRDY | ATA_DSC | ATA_DRQ);
	for (int i = 0; i < 256; i++) {
		uint64_t w = 0;

		io_in(r, 0x1f0, 2, &w);
		id[i] = w;
	}
	CHECK_EQ(id[0], 0x0040);
	CHECK_EQ(id[60], SECTORS);
	rig_free(r);
}

TEST_MAIN("piix4_ide", T(config_space), T(legacy_ports_decode),
	  T(bar4_mapping), T(irq_and_bm_interrupt_bit), T(dma_read_prd),
	  T(dma_write_prd), T(prd_count_encoding), T(prd_longer_and_shorter),
	  T(prd_outside_ram), T(prd_without_end), T(stop_and_restart),
	  T(drives_from_config), T(register_abuse))
