/* The ATA disk core, driven through its registers as a driver would:
 * IDENTIFY fields Linux reads, PIO and multiple-mode transfers, LBA28,
 * LBA48 and CHS addressing, DMA through a stand-in engine, errors, SRST
 * and nIEN. PRD tables are exercised in test_piix4_ide.c. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tests/test.h"
#include "vmm/block/block.h"
#include "vmm/block/block_int.h"
#include "vmm/dev/ata.h"

#define SECTORS 2048

struct rig {
	struct ata_channel ch;
	char path[512];
	int irq, irq_edges;
	/* Stand-in bus-master engine: guest memory and a transfer budget. */
	uint8_t mem[256 * 1024];
	size_t budget;		/* bytes the "descriptor table" covers */
	bool bus_error, running;
	unsigned dma_calls;
};

static uint8_t pattern(uint64_t lba, unsigned i)
{
	return (uint8_t)(lba * 31 + i) ^ (uint8_t)(lba >> 8);
}

static void rig_irq(void *opaque, int n, int level)
{
	struct rig *r = opaque;

	if (level && !r->irq)
		r->irq_edges++;
	r->irq = level;
}

static int64_t fake_rw(void *opaque, uint8_t *buf, size_t len, bool to_mem)
{
	struct rig *r = opaque;
	size_t n = len < r->budget ? len : r->budget;

	r->dma_calls++;
	if (r->bus_error)
		return -1;
	if (n > sizeof(r->mem))
		n = sizeof(r->mem);
	if (to_mem)
		memcpy(r->mem, buf, n);
	else
		memcpy(buf, r->mem, n);
	return n;
}

static void fake_ready(void *opaque)
{
	struct rig *r = opaque;

	if (r->running)
		ata_dma_run(&r->ch);
}

static const struct ata_dma_ops fake_dma = { .rw = fake_rw,
					     .ready = fake_ready };

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

static struct rig *rig_new(const char *name, uint64_t sectors, unsigned flags)
{
	struct rig *r = calloc(1, sizeof(*r));
	struct block *b;
	struct err e;

	snprintf(r->path, sizeof(r->path), "%s/%s", test_tmpdir(), name);
	make_image(r->path, sectors);
	ata_channel_init(&r->ch, "test", irq_make(rig_irq, r, 0));
	ata_set_dma(&r->ch, &fake_dma, r);
	if (block_open(&b, r->path, "raw", flags, &e) < 0 ||
	    ata_attach_disk(&r->ch, 0, b, "SN-TEST-1", &e) < 0) {
		test_fail(__FILE__, __LINE__, "%s", e.msg);
		return r;
	}
	return r;
}

static void rig_free(struct rig *r)
{
	ata_channel_destroy(&r->ch);
	free(r);
}

static void outb(struct rig *r, unsigned reg, uint8_t v)
{
	ata_cmd_write(&r->ch, reg, v, 1);
}

static uint8_t inb(struct rig *r, unsigned reg)
{
	return ata_cmd_read(&r->ch, reg, 1);
}

static void set_lba28(struct rig *r, uint32_t lba, uint8_t count)
{
	outb(r, ATA_REG_NSECT, count);
	outb(r, ATA_REG_LBAL, lba);
	outb(r, ATA_REG_LBAM, lba >> 8);
	outb(r, ATA_REG_LBAH, lba >> 16);
	outb(r, ATA_REG_DEVICE, 0xe0 | ((lba >> 24) & 0x0f));
}

static void set_lba48(struct rig *r, uint64_t lba, uint16_t count)
{
	outb(r, ATA_REG_NSECT, count >> 8);
	outb(r, ATA_REG_LBAL, lba >> 24);
	outb(r, ATA_REG_LBAM, lba >> 32);
	outb(r, ATA_REG_LBAH, lba >> 40);
	outb(r, ATA_REG_NSECT, count);
	outb(r, ATA_REG_LBAL, lba);
	outb(r, ATA_REG_LBAM, lba >> 8);
	outb(r, ATA_REG_LBAH, lba >> 16);
	outb(r, ATA_REG_DEVICE, 0x40);
}

/* Read one DRQ block of n sectors through the data port, 16 bits at a
 * time as ioread16_rep does, and check it against the pattern. */
static bool pio_in_check(struct rig *r, uint64_t lba, unsigned n)
{
	bool ok = true;

	for (unsigned s = 0; s < n; s++)
		for (unsigned i = 0; i < BLOCK_SECTOR; i += 2) {
			uint16_t w = ata_cmd_read(&r->ch, ATA_REG_DATA, 2);

			if ((w & 0xff) != pattern(lba + s, i) ||
			    (w >> 8) != pattern(lba + s, i + 1))
				ok = false;
		}
	return ok;
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

static void identify(struct rig *r, uint16_t id[256])
{
	outb(r, ATA_REG_STATUS, 0xec);
	for (int i = 0; i < 256; i++)
		id[i] = ata_cmd_read(&r->ch, ATA_REG_DATA, 2);
}

static void id_string(const uint16_t *w, unsigned words, char *out)
{
	for (unsigned i = 0; i < words; i++) {
		out[2 * i] = w[i] >> 8;
		out[2 * i + 1] = w[i];
	}
	out[2 * words] = 0;
}

static void identify_fields(void)
{
	struct rig *r = rig_new("id.img", SECTORS, 0);
	uint16_t id[256];
	char s[41];
	unsigned sum = 0;

	CHECK_EQ(r->irq, 0);
	outb(r, ATA_REG_DEVICE, 0xa0);
	outb(r, ATA_REG_STATUS, 0xec);
	CHECK_EQ(r->irq, 1);
	CHECK_EQ(ata_ctl_read(&r->ch), ATA_DRDY | ATA_DSC | ATA_DRQ);
	CHECK_EQ(r->irq, 1);	/* alternate status leaves INTRQ alone */
	CHECK_EQ(inb(r, ATA_REG_STATUS), ATA_DRDY | ATA_DSC | ATA_DRQ);
	CHECK_EQ(r->irq, 0);	/* status read acknowledges */
	for (int i = 0; i < 256; i++)
		id[i] = ata_cmd_read(&r->ch, ATA_REG_DATA, 2);
	CHECK_EQ(inb(r, ATA_REG_STATUS), ATA_DRDY | ATA_DSC);
	CHECK_EQ(r->irq_edges, 1);	/* none after the last data-in block */

	CHECK_EQ(id[0], 0x0040);	/* ATA, fixed */
	id_string(id + 27, 20, s);
	CHECK_STR_CONTAINS(s, "MIPSVZ HARDDISK ");
	id_string(id + 10, 10, s);
	CHECK_STR_CONTAINS(s, "SN-TEST-1 ");
	CHECK_EQ(id[47], 0x8000 | ATA_MAX_MULT);
	CHECK_EQ(id[49] & 0x0300, 0x0300);	/* LBA, DMA */
	CHECK_EQ(id[53] & 0x0006, 0x0006);	/* words 64-70, 88 valid */
	CHECK_EQ(id[60] | (uint32_t)id[61] << 16, SECTORS);
	CHECK_EQ(id[63] & 0x07, 0x07);		/* MWDMA 0-2 */
	CHECK_EQ(id[88] & 0x3f, 0x3f);		/* UDMA 0-5 */
	CHECK_EQ(id[83] & 0xc000, 0x4000);
	CHECK(id[83] & (1 << 10));		/* LBA48 supported */
	CHECK(id[83] & (1 << 12));		/* FLUSH CACHE */
	CHECK(id[86] & (1 << 10));		/* LBA48 enabled */
	CHECK(id[85] & (1 << 5));		/* write cache on */
	CHECK_EQ(id[100] | (uint64_t)id[101] << 16 | (uint64_t)id[102] << 32,
		 SECTORS);
	CHECK_EQ(id[255] & 0xff, 0xa5);
	for (int i = 0; i < 256; i++)
		sum += (id[i] & 0xff) + (id[i] >> 8);
	CHECK_EQ(sum & 0xff, 0);
	rig_free(r);
}

/* More than 2^28 sectors: words 60-61 saturate, 100-103 hold it all. */
static void identify_big_disk(void)
{
	struct rig *r = calloc(1, sizeof(*r));
	uint64_t sectors = (1ull << 28) + 12345;
	struct block *b;
	struct err e;
	uint16_t id[256];

	snprintf(r->path, sizeof(r->path), "%s/big.img", test_tmpdir());
	close(open(r->path, O_CREAT | O_WRONLY, 0644));
	if (truncate(r->path, sectors * BLOCK_SECTOR) < 0) {
		test_skip("cannot make a sparse 128 GiB file here");
		free(r);
		return;
	}
	ata_channel_init(&r->ch, "big", irq_make(rig_irq, r, 0));
	CHECK(block_open(&b, r->path, "raw", 0, &e) == 0);
	CHECK(ata_attach_disk(&r->ch, 0, b, NULL, &e) == 0);
	identify(r, id);
	CHECK_EQ(id[60] | (uint32_t)id[61] << 16, 0x0fffffff);
	CHECK_EQ(id[100] | (uint64_t)id[101] << 16 | (uint64_t)id[102] << 32 |
			 (uint64_t)id[103] << 48,
		 sectors);
	/* LBA48 reaches past 2^28: write there, read it back. */
	{
		static const char msg[] = "far away sector";
		int fd = open(r->path, O_WRONLY);

		CHECK(pwrite(fd, msg, sizeof(msg),
			     ((1ull << 28) + 7) * BLOCK_SECTOR) ==
		      sizeof(msg));
		close(fd);
	}
	set_lba48(r, (1ull << 28) + 7, 1);
	outb(r, ATA_REG_STATUS, 0x24);	/* READ SECTORS EXT */
	CHECK_EQ(inb(r, ATA_REG_STATUS), ATA_DRDY | ATA_DSC | ATA_DRQ);
	{
		char got[16];

		for (int i = 0; i < 16; i += 2) {
			uint16_t w = ata_cmd_read(&r->ch, ATA_REG_DATA, 2);

			got[i] = w;
			got[i + 1] = w >> 8;
		}
		CHECK(memcmp(got, "far away sector", 16) == 0);
	}
	/* With HOB set, the registers read back the previous writes. */
	ata_ctl_write(&r->ch, ATA_CTL_HOB);
	CHECK_EQ(inb(r, ATA_REG_LBAL), 0x10);	/* bits 31:24 */
	ata_ctl_write(&r->ch, 0);
	CHECK_EQ(inb(r, ATA_REG_LBAL), 0x07);
	rig_free(r);
}

static void pio_read_sectors(void)
{
	struct rig *r = rig_new("pior.img", SECTORS, 0);

	set_lba28(r, 5, 3);
	outb(r, ATA_REG_STATUS, 0x20);
	for (int blk = 0; blk < 3; blk++) {
		CHECK_EQ(r->irq, 1);
		CHECK_EQ(inb(r, ATA_REG_STATUS), ATA_DRDY | ATA_DSC | ATA_DRQ);
		CHECK(pio_in_check(r, 5 + blk, 1));
	}
	CHECK_EQ(r->irq, 0);
	CHECK_EQ(r->irq_edges, 3);
	CHECK_EQ(inb(r, ATA_REG_STATUS), ATA_DRDY | ATA_DSC);
	/* Count 0 means 256 sectors in LBA28. */
	set_lba28(r, 100, 0);
	outb(r, ATA_REG_STATUS, 0x20);
	for (int blk = 0; blk < 256; blk++) {
		inb(r, ATA_REG_STATUS);
		CHECK(pio_in_check(r, 100 + blk, 1));
	}
	CHECK_EQ(inb(r, ATA_REG_STATUS), ATA_DRDY | ATA_DSC);
	rig_free(r);
}

/* 32-bit data-port accesses (PIO32) move two words each. */
static void pio_read_32bit(void)
{
	struct rig *r = rig_new("pio32.img", SECTORS, 0);
	bool ok = true;

	set_lba28(r, 9, 1);
	outb(r, ATA_REG_STATUS, 0x20);
	inb(r, ATA_REG_STATUS);
	for (unsigned i = 0; i < BLOCK_SECTOR; i += 4) {
		uint32_t v = ata_cmd_read(&r->ch, ATA_REG_DATA, 4);

		for (unsigned k = 0; k < 4; k++)
			if (((v >> (8 * k)) & 0xff) != pattern(9, i + k))
				ok = false;
	}
	CHECK(ok);
	CHECK_EQ(inb(r, ATA_REG_STATUS), ATA_DRDY | ATA_DSC);
	rig_free(r);
}

static void pio_write_sectors(void)
{
	struct rig *r = rig_new("piow.img", SECTORS, 0);
	uint8_t buf[BLOCK_SECTOR];

	set_lba28(r, 7, 2);
	outb(r, ATA_REG_STATUS, 0x30);
	/* Data-out: first DRQ without an interrupt. */
	CHECK_EQ(r->irq, 0);
	CHECK_EQ(inb(r, ATA_REG_STATUS), ATA_DRDY | ATA_DSC | ATA_DRQ);
	for (int s = 0; s < 2; s++) {
		for (unsigned i = 0; i < BLOCK_SECTOR; i += 2)
			ata_cmd_write(&r->ch, ATA_REG_DATA,
				      (0x40 + s + i) | (i & 0xff) << 8, 2);
		CHECK_EQ(r->irq, 1);
		CHECK_EQ(inb(r, ATA_REG_STATUS),
			 s == 0 ? (ATA_DRDY | ATA_DSC | ATA_DRQ)
				: (ATA_DRDY | ATA_DSC));
	}
	for (int s = 0; s < 2; s++) {
		file_sector(r->path, 7 + s, buf);
		CHECK_EQ(buf[0], 0x40 + s);
		CHECK_EQ(buf[3], 2);
		CHECK_EQ(buf[510], (0x40 + s + 510) & 0xff);
	}
	file_sector(r->path, 9, buf);
	CHECK_EQ(buf[0], pattern(9, 0));
	rig_free(r);
}

static void multiple_mode(void)
{
	struct rig *r = rig_new("mult.img", SECTORS, 0);
	uint16_t id[256];

	/* READ MULTIPLE before SET MULTIPLE MODE aborts. */
	set_lba28(r, 0, 4);
	outb(r, ATA_REG_STATUS, 0xc4);
	CHECK_EQ(inb(r, ATA_REG_STATUS), ATA_DRDY | ATA_DSC | ATA_ERR);
	CHECK_EQ(inb(r, ATA_REG_ERROR), ATA_ABRT);
	/* Not a power of two. */
	outb(r, ATA_REG_NSECT, 3);
	outb(r, ATA_REG_STATUS, 0xc6);
	CHECK(inb(r, ATA_REG_STATUS) & ATA_ERR);
	outb(r, ATA_REG_NSECT, 4);
	outb(r, ATA_REG_STATUS, 0xc6);
	CHECK_EQ(inb(r, ATA_REG_STATUS), ATA_DRDY | ATA_DSC);
	identify(r, id);
	CHECK_EQ(id[59], 0x0104);
	/* 10 sectors: DRQ blocks of 4, 4 and 2, one interrupt each. */
	r->irq_edges = 0;
	set_lba28(r, 20, 10);
	outb(r, ATA_REG_STATUS, 0xc4);
	for (unsigned n = 0, blk; n < 10; n += blk) {
		blk = 10 - n < 4 ? 10 - n : 4;
		CHECK_EQ(r->irq, 1);
		inb(r, ATA_REG_STATUS);
		CHECK(pio_in_check(r, 20 + n, blk));
	}
	CHECK_EQ(r->irq_edges, 3);
	CHECK_EQ(inb(r, ATA_REG_STATUS), ATA_DRDY | ATA_DSC);
	/* WRITE MULTIPLE EXT of 6 sectors: blocks of 4 and 2. */
	r->irq_edges = 0;
	set_lba48(r, 30, 6);
	outb(r, ATA_REG_STATUS, 0x39);
	for (unsigned w = 0; w < 4 * BLOCK_SECTOR / 2; w++)
		ata_cmd_write(&r->ch, ATA_REG_DATA, 0xabcd, 2);
	CHECK_EQ(r->irq, 1);
	CHECK_EQ(inb(r, ATA_REG_STATUS), ATA_DRDY | ATA_DSC | ATA_DRQ);
	for (unsigned w = 0; w < 2 * BLOCK_SECTOR / 2; w++)
		ata_cmd_write(&r->ch, ATA_REG_DATA, 0xabcd, 2);
	CHECK_EQ(r->irq_edges, 2);
	CHECK_EQ(inb(r, ATA_REG_STATUS), ATA_DRDY | ATA_DSC);
	{
		uint8_t buf[BLOCK_SECTOR];

		file_sector(r->path, 35, buf);
		CHECK_EQ(buf[0], 0xcd);
		CHECK_EQ(buf[1], 0xab);
		file_sector(r->path, 36, buf);
		CHECK_EQ(buf[0], pattern(36, 0));
	}
	rig_free(r);
}

static void past_the_end(void)
{
	struct rig *r = rig_new("end.img", SECTORS, 0);

	set_lba28(r, SECTORS - 1, 2);
	outb(r, ATA_REG_STATUS, 0x20);
	CHECK_EQ(r->irq, 1);
	CHECK_EQ(inb(r, ATA_REG_STATUS), ATA_DRDY | ATA_DSC | ATA_ERR);
	CHECK_EQ(inb(r, ATA_REG_ERROR), ATA_IDNF);
	/* Same for DMA and LBA48, and no DMA is attempted. */
	r->running = true;
	set_lba48(r, 1ull << 40, 1);
	outb(r, ATA_REG_STATUS, 0x25);
	CHECK_EQ(inb(r, ATA_REG_STATUS), ATA_DRDY | ATA_DSC | ATA_ERR);
	CHECK_EQ(inb(r, ATA_REG_ERROR), ATA_IDNF);
	CHECK_EQ(r->dma_calls, 0);
	/* The last sector itself is fine. */
	set_lba28(r, SECTORS - 1, 1);
	outb(r, ATA_REG_STATUS, 0x20);
	CHECK_EQ(inb(r, ATA_REG_STATUS), ATA_DRDY | ATA_DSC | ATA_DRQ);
	CHECK(pio_in_check(r, SECTORS - 1, 1));
	/* READ VERIFY checks the range too. */
	set_lba28(r, SECTORS - 4, 4);
	outb(r, ATA_REG_STATUS, 0x40);
	CHECK_EQ(inb(r, ATA_REG_STATUS), ATA_DRDY | ATA_DSC);
	set_lba28(r, SECTORS - 4, 5);
	outb(r, ATA_REG_STATUS, 0x40);
	CHECK_EQ(inb(r, ATA_REG_ERROR), ATA_IDNF);
	rig_free(r);
}

static void dma_read_write(void)
{
	struct rig *r = rig_new("dma.img", SECTORS, 0);
	bool ok = true;
	uint8_t buf[BLOCK_SECTOR];

	/* The command waits for the engine: DRQ, no interrupt yet. */
	r->budget = 8 * BLOCK_SECTOR;
	set_lba28(r, 40, 8);
	outb(r, ATA_REG_STATUS, 0xc8);
	CHECK_EQ(r->irq, 0);
	CHECK(ata_dma_waiting(&r->ch));
	CHECK_EQ(ata_ctl_read(&r->ch), ATA_DRDY | ATA_DSC | ATA_DRQ);
	r->running = true;
	ata_dma_run(&r->ch);
	CHECK_EQ(r->irq, 1);
	CHECK_EQ(inb(r, ATA_REG_STATUS), ATA_DRDY | ATA_DSC);
	for (unsigned i = 0; i < 8 * BLOCK_SECTOR; i++)
		if (r->mem[i] != pattern(40 + i / BLOCK_SECTOR, i % BLOCK_SECTOR))
			ok = false;
	CHECK(ok);
	/* WRITE DMA EXT with the engine already running. */
	memset(r->mem, 0x77, 2 * BLOCK_SECTOR);
	r->budget = 2 * BLOCK_SECTOR;
	set_lba48(r, 50, 2);
	outb(r, ATA_REG_STATUS, 0x35);
	CHECK_EQ(inb(r, ATA_REG_STATUS), ATA_DRDY | ATA_DSC);
	file_sector(r->path, 51, buf);
	CHECK_EQ(buf[511], 0x77);
	file_sector(r->path, 52, buf);
	CHECK_EQ(buf[0], pattern(52, 0));
	rig_free(r);
}

/* A descriptor table that ends early or hits a bus error: nothing
 * reaches the disk. */
static void dma_errors(void)
{
	struct rig *r = rig_new("dmaerr.img", SECTORS, 0);
	uint8_t buf[BLOCK_SECTOR];

	r->running = true;
	memset(r->mem, 0x99, sizeof(r->mem));
	r->budget = 3 * BLOCK_SECTOR;	/* the command wants 4 */
	set_lba28(r, 60, 4);
	outb(r, ATA_REG_STATUS, 0xca);
	CHECK_EQ(r->irq, 0);	/* the drive still waits for data */
	CHECK_EQ(ata_ctl_read(&r->ch), ATA_DRDY | ATA_DSC | ATA_DRQ);
	file_sector(r->path, 60, buf);
	CHECK_EQ(buf[0], pattern(60, 0));
	/* The driver's timeout handler resets the channel. */
	ata_ctl_write(&r->ch, ATA_CTL_SRST);
	ata_ctl_write(&r->ch, 0);
	CHECK(!ata_dma_waiting(&r->ch));
	CHECK_EQ(inb(r, ATA_REG_STATUS), ATA_DRDY | ATA_DSC);
	/* Bus error: the command aborts at once, with an interrupt. */
	r->bus_error = true;
	r->budget = 4 * BLOCK_SECTOR;
	set_lba28(r, 60, 4);
	outb(r, ATA_REG_STATUS, 0xca);
	CHECK_EQ(r->irq, 1);
	CHECK_EQ(inb(r, ATA_REG_STATUS), ATA_DRDY | ATA_DSC | ATA_ERR);
	CHECK_EQ(inb(r, ATA_REG_ERROR), ATA_ABRT);
	file_sector(r->path, 61, buf);
	CHECK_EQ(buf[0], pattern(61, 0));
	/* Reads fail the same way, and the drive is usable after. */
	set_lba28(r, 60, 1);
	outb(r, ATA_REG_STATUS, 0xc8);
	CHECK(inb(r, ATA_REG_STATUS) & ATA_ERR);
	r->bus_error = false;
	r->budget = BLOCK_SECTOR;
	set_lba28(r, 61, 1);
	outb(r, ATA_REG_STATUS, 0xc8);
	CHECK_EQ(inb(r, ATA_REG_STATUS), ATA_DRDY | ATA_DSC);
	CHECK_EQ(r->mem[0], pattern(61, 0));
	rig_free(r);
}

static void srst_resets(void)
{
	struct rig *r = rig_new("srst.img", SECTORS, 0);

	/* Abandon a PIO read halfway through its first block. */
	set_lba28(r, 3, 2);
	outb(r, ATA_REG_STATUS, 0x20);
	CHECK_EQ(r->irq, 1);
	ata_cmd_read(&r->ch, ATA_REG_DATA, 2);
	ata_ctl_write(&r->ch, ATA_CTL_SRST | ATA_CTL_NIEN);
	CHECK_EQ(ata_ctl_read(&r->ch) & ATA_BSY, ATA_BSY);
	CHECK_EQ(r->irq, 0);
	ata_ctl_write(&r->ch, 0);
	/* Reset signature of an ATA device; no interrupt (9.2, 9.12). */
	CHECK_EQ(r->irq, 0);
	CHECK_EQ(inb(r, ATA_REG_STATUS), ATA_DRDY | ATA_DSC);
	CHECK_EQ(inb(r, ATA_REG_ERROR), 0x01);
	CHECK_EQ(inb(r, ATA_REG_NSECT), 1);
	CHECK_EQ(inb(r, ATA_REG_LBAL), 1);
	CHECK_EQ(inb(r, ATA_REG_LBAM), 0);
	CHECK_EQ(inb(r, ATA_REG_LBAH), 0);
	CHECK_EQ(ata_cmd_read(&r->ch, ATA_REG_DATA, 2), 0);	/* no DRQ */
	/* And it works again. */
	set_lba28(r, 3, 1);
	outb(r, ATA_REG_STATUS, 0x20);
	inb(r, ATA_REG_STATUS);
	CHECK(pio_in_check(r, 3, 1));
	rig_free(r);
}

static void nien_masks_intrq(void)
{
	struct rig *r = rig_new("nien.img", SECTORS, 0);

	ata_ctl_write(&r->ch, ATA_CTL_NIEN);
	set_lba28(r, 1, 1);
	outb(r, ATA_REG_STATUS, 0x20);
	CHECK_EQ(r->irq, 0);
	CHECK_EQ(ata_ctl_read(&r->ch), ATA_DRDY | ATA_DSC | ATA_DRQ);
	/* The interrupt stays pending and shows once nIEN clears. */
	ata_ctl_write(&r->ch, 0);
	CHECK_EQ(r->irq, 1);
	inb(r, ATA_REG_STATUS);
	CHECK_EQ(r->irq, 0);
	CHECK(pio_in_check(r, 1, 1));
	rig_free(r);
}

/* Device 0 only (9.16.1): device 1 reads status 00h and runs nothing,
 * but the task file is shared, which Linux's presence test relies on. */
static void absent_device1(void)
{
	struct rig *r = rig_new("dev1.img", SECTORS, 0);

	outb(r, ATA_REG_DEVICE, 0xb0);
	CHECK_EQ(inb(r, ATA_REG_STATUS), 0);
	CHECK_EQ(ata_ctl_read(&r->ch), 0);
	outb(r, ATA_REG_NSECT, 0x55);
	outb(r, ATA_REG_LBAL, 0xaa);
	CHECK_EQ(inb(r, ATA_REG_NSECT), 0x55);
	CHECK_EQ(inb(r, ATA_REG_LBAL), 0xaa);
	outb(r, ATA_REG_STATUS, 0xec);
	CHECK_EQ(r->irq, 0);
	CHECK_EQ(ata_cmd_read(&r->ch, ATA_REG_DATA, 2), 0);
	/* Device 0 is unaffected. */
	outb(r, ATA_REG_DEVICE, 0xa0);
	CHECK_EQ(inb(r, ATA_REG_STATUS), ATA_DRDY | ATA_DSC);
	rig_free(r);
	/* An empty channel reads zeros everywhere. */
	{
		struct ata_channel ch;

		ata_channel_init(&ch, "empty", irq_make(NULL, NULL, 0));
		CHECK(ata_channel_empty(&ch));
		CHECK_EQ(ata_cmd_read(&ch, ATA_REG_STATUS, 1), 0);
		ata_cmd_write(&ch, ATA_REG_STATUS, 0xec, 1);
		CHECK_EQ(ata_cmd_read(&ch, ATA_REG_STATUS, 1), 0);
		ata_channel_destroy(&ch);
	}
}

static void features_power_flush(void)
{
	struct rig *r = rig_new("feat.img", SECTORS, 0);
	uint16_t id[256];

	/* Transfer mode: UDMA 2, then multiword DMA 1. */
	outb(r, ATA_REG_ERROR, 0x03);
	outb(r, ATA_REG_NSECT, 0x42);
	outb(r, ATA_REG_STATUS, 0xef);
	CHECK_EQ(inb(r, ATA_REG_STATUS), ATA_DRDY | ATA_DSC);
	identify(r, id);
	CHECK_EQ(id[88], 0x043f);
	CHECK_EQ(id[63] & 0xff00, 0);
	outb(r, ATA_REG_ERROR, 0x03);
	outb(r, ATA_REG_NSECT, 0x21);
	outb(r, ATA_REG_STATUS, 0xef);
	identify(r, id);
	CHECK_EQ(id[63], 0x0207);
	CHECK_EQ(id[88], 0x003f);
	/* UDMA 6 is not offered. */
	outb(r, ATA_REG_ERROR, 0x03);
	outb(r, ATA_REG_NSECT, 0x46);
	outb(r, ATA_REG_STATUS, 0xef);
	CHECK_EQ(inb(r, ATA_REG_ERROR), ATA_ABRT);
	/* Write cache off, then on. */
	outb(r, ATA_REG_ERROR, 0x82);
	outb(r, ATA_REG_STATUS, 0xef);
	CHECK_EQ(inb(r, ATA_REG_STATUS), ATA_DRDY | ATA_DSC);
	identify(r, id);
	CHECK(!(id[85] & (1 << 5)));
	outb(r, ATA_REG_ERROR, 0x02);
	outb(r, ATA_REG_STATUS, 0xef);
	identify(r, id);
	CHECK(id[85] & (1 << 5));
	/* An unknown subcommand aborts. */
	outb(r, ATA_REG_ERROR, 0x05);
	outb(r, ATA_REG_STATUS, 0xef);
	CHECK_EQ(inb(r, ATA_REG_ERROR), ATA_ABRT);
	/* Power: active, standby, back to active on access. */
	outb(r, ATA_REG_STATUS, 0xe5);
	CHECK_EQ(inb(r, ATA_REG_NSECT), 0xff);
	outb(r, ATA_REG_STATUS, 0xe0);
	CHECK_EQ(inb(r, ATA_REG_STATUS), ATA_DRDY | ATA_DSC);
	outb(r, ATA_REG_STATUS, 0xe5);
	CHECK_EQ(inb(r, ATA_REG_NSECT), 0x00);
	outb(r, ATA_REG_STATUS, 0xe1);
	outb(r, ATA_REG_STATUS, 0xe5);
	CHECK_EQ(inb(r, ATA_REG_NSECT), 0xff);
	/* Flushes. */
	outb(r, ATA_REG_STATUS, 0xe7);
	CHECK_EQ(r->irq, 1);
	CHECK_EQ(inb(r, ATA_REG_STATUS), ATA_DRDY | ATA_DSC);
	outb(r, ATA_REG_STATUS, 0xea);
	CHECK_EQ(inb(r, ATA_REG_STATUS), ATA_DRDY | ATA_DSC);
	/* NOP, DEVICE RESET, IDENTIFY PACKET and unknown opcodes abort. */
	for (unsigned i = 0; i < 4; i++) {
		static const uint8_t ops[] = { 0x00, 0x08, 0xa1, 0x77 };

		outb(r, ATA_REG_STATUS, ops[i]);
		CHECK_EQ(inb(r, ATA_REG_STATUS), ATA_DRDY | ATA_DSC | ATA_ERR);
		CHECK_EQ(inb(r, ATA_REG_ERROR), ATA_ABRT);
	}
	rig_free(r);
}

/* INITIALIZE DEVICE PARAMETERS, then a CHS read through the new
 * translation. */
static void chs_addressing(void)
{
	struct rig *r = rig_new("chs.img", SECTORS, 0);
	uint16_t id[256];

	identify(r, id);
	CHECK_EQ(id[3], 16);
	CHECK_EQ(id[6], 63);
	CHECK_EQ(id[1], 2);	/* 2048 / (16 * 63) */
	outb(r, ATA_REG_NSECT, 16);
	outb(r, ATA_REG_DEVICE, 0xa0 | 3);	/* 4 heads */
	outb(r, ATA_REG_STATUS, 0x91);
	CHECK_EQ(inb(r, ATA_REG_STATUS), ATA_DRDY | ATA_DSC);
	identify(r, id);
	CHECK_EQ(id[55], 4);
	CHECK_EQ(id[56], 16);
	CHECK_EQ(id[54], 32);
	/* Cylinder 1, head 2, sector 3 = LBA (1 * 4 + 2) * 16 + 2 = 98. */
	outb(r, ATA_REG_NSECT, 1);
	outb(r, ATA_REG_LBAL, 3);
	outb(r, ATA_REG_LBAM, 1);
	outb(r, ATA_REG_LBAH, 0);
	outb(r, ATA_REG_DEVICE, 0xa0 | 2);
	outb(r, ATA_REG_STATUS, 0x20);
	CHECK_EQ(inb(r, ATA_REG_STATUS), ATA_DRDY | ATA_DSC | ATA_DRQ);
	CHECK(pio_in_check(r, 98, 1));
	/* Sector 0 does not exist in CHS. */
	outb(r, ATA_REG_LBAL, 0);
	outb(r, ATA_REG_STATUS, 0x20);
	CHECK(inb(r, ATA_REG_STATUS) & ATA_ERR);
	CHECK(inb(r, ATA_REG_ERROR) & ATA_IDNF);
	rig_free(r);
}

/* BAD-INPUTS row 24 through the device: the image shrank under us. */
static void shrunk_image_is_media_error(void)
{
	struct rig *r = rig_new("shrunk.img", SECTORS, 0);

	CHECK(truncate(r->path, 100 * BLOCK_SECTOR) == 0);
	set_lba28(r, 200, 1);
	outb(r, ATA_REG_STATUS, 0x20);
	CHECK_EQ(r->irq, 1);
	CHECK_EQ(inb(r, ATA_REG_STATUS), ATA_DRDY | ATA_DSC | ATA_ERR);
	CHECK_EQ(inb(r, ATA_REG_ERROR), ATA_UNC);
	CHECK_EQ(inb(r, ATA_REG_LBAL), 200);	/* the failing sector */
	/* DMA likewise, with nothing copied to memory. */
	r->running = true;
	r->budget = BLOCK_SECTOR;
	set_lba28(r, 300, 1);
	outb(r, ATA_REG_STATUS, 0xc8);
	CHECK_EQ(inb(r, ATA_REG_ERROR), ATA_UNC);
	CHECK_EQ(r->dma_calls, 0);
	set_lba28(r, 99, 1);
	outb(r, ATA_REG_STATUS, 0x20);
	inb(r, ATA_REG_STATUS);
	CHECK(pio_in_check(r, 99, 1));
	rig_free(r);
}

static void readonly_disk(void)
{
	struct rig *r = rig_new("ro.img", SECTORS, BLOCK_RDONLY);
	uint8_t buf[BLOCK_SECTOR];

	set_lba28(r, 2, 1);
	outb(r, ATA_REG_STATUS, 0x30);
	CHECK_EQ(inb(r, ATA_REG_STATUS), ATA_DRDY | ATA_DSC | ATA_ERR);
	CHECK_EQ(inb(r, ATA_REG_ERROR), ATA_ABRT);
	for (unsigned i = 0; i < BLOCK_SECTOR / 2; i++)
		ata_cmd_write(&r->ch, ATA_REG_DATA, 0, 2);
	file_sector(r->path, 2, buf);
	CHECK_EQ(buf[0], pattern(2, 0));
	outb(r, ATA_REG_STATUS, 0xe7);
	CHECK_EQ(inb(r, ATA_REG_STATUS), ATA_DRDY | ATA_DSC);
	rig_free(r);
}

/* A command written while the device holds DRQ is ignored. */
static void command_while_busy(void)
{
	struct rig *r = rig_new("busy.img", SECTORS, 0);

	set_lba28(r, 4, 1);
	outb(r, ATA_REG_STATUS, 0x20);
	inb(r, ATA_REG_STATUS);
	outb(r, ATA_REG_STATUS, 0xec);
	CHECK(pio_in_check(r, 4, 1));
	CHECK_EQ(inb(r, ATA_REG_STATUS), ATA_DRDY | ATA_DSC);
	rig_free(r);
}

static void read_native_max(void)
{
	struct rig *r = rig_new("max.img", SECTORS, 0);

	outb(r, ATA_REG_DEVICE, 0x40);
	outb(r, ATA_REG_STATUS, 0xf8);
	CHECK_EQ(inb(r, ATA_REG_STATUS), ATA_DRDY | ATA_DSC);
	CHECK_EQ(inb(r, ATA_REG_LBAL) | inb(r, ATA_REG_LBAM) << 8,
		 SECTORS - 1);
	rig_free(r);
}

static int full_pwrite(struct block *b, const void *buf, size_t len,
		       uint64_t off, struct err *e)
{
	return err_set(e, "%s: write failed: No space left on device",
		       b->path);
}

static int eio_flush(struct block *b, struct err *e)
{
	err_set(e, "%s: flush (fdatasync) failed: Input/output error",
		b->path);
	return -5;
}

/* Host write and flush failures (BAD-INPUTS row 22) reach the guest as
 * aborted commands naming the sector; a failed flush stays failed. */
static void write_and_flush_errors(void)
{
	struct rig *r = rig_new("werr.img", SECTORS, 0);
	struct block *b = r->ch.drive[0].blk;
	struct block_driver bad = *b->drv;
	const struct block_driver *good = b->drv;

	bad.pwrite = full_pwrite;
	bad.flush = eio_flush;
	b->drv = &bad;
	set_lba28(r, 0x123, 1);
	outb(r, ATA_REG_STATUS, 0x30);
	for (unsigned i = 0; i < BLOCK_SECTOR / 2; i++)
		ata_cmd_write(&r->ch, ATA_REG_DATA, 0x1111, 2);
	CHECK_EQ(r->irq, 1);
	CHECK_EQ(inb(r, ATA_REG_STATUS), ATA_DRDY | ATA_DSC | ATA_ERR);
	CHECK_EQ(inb(r, ATA_REG_ERROR), ATA_ABRT);
	CHECK_EQ(inb(r, ATA_REG_LBAL) | inb(r, ATA_REG_LBAM) << 8, 0x123);
	/* DMA write: same. */
	r->running = true;
	r->budget = BLOCK_SECTOR;
	set_lba28(r, 0x124, 1);
	outb(r, ATA_REG_STATUS, 0xca);
	CHECK_EQ(inb(r, ATA_REG_ERROR), ATA_ABRT);
	outb(r, ATA_REG_STATUS, 0xe7);
	CHECK_EQ(inb(r, ATA_REG_STATUS), ATA_DRDY | ATA_DSC | ATA_ERR);
	CHECK_EQ(inb(r, ATA_REG_ERROR), ATA_ABRT);
	b->drv = good;
	outb(r, ATA_REG_STATUS, 0xea);
	CHECK_EQ(inb(r, ATA_REG_STATUS), ATA_DRDY | ATA_DSC | ATA_ERR);
	rig_free(r);
}

TEST_MAIN("ata", T(identify_fields), T(identify_big_disk),
	  T(pio_read_sectors), T(pio_read_32bit), T(pio_write_sectors),
	  T(multiple_mode), T(past_the_end), T(dma_read_write), T(dma_errors),
	  T(srst_resets), T(nien_masks_intrq), T(absent_device1),
	  T(features_power_flush), T(chs_addressing),
	  T(shrunk_image_is_media_error), T(readonly_disk),
	  T(command_while_busy), T(read_native_max),
	  T(write_and_flush_errors))
