/* WD33C93A + HPC3 SCSI DMA at register level, no guest: IRIX's
 * select-and-transfer through a descriptor chain into RAM, Linux's
 * single-phase stepping, the status-read interrupt clear (SGI-FACTS
 * 4.6.3), bad chains (BAD-INPUTS 17) and register abuse (row 16). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boards/sgi/hpc3_scsi.h"
#include "tests/test.h"

#define RAM 0x08000000ull
#define RAM_SIZE (4u << 20)
#define WIN 0x1fbc0000ull
#define DESC (RAM + 0x1000)
#define BUF (RAM + 0x10000)
#define DISK_SIZE (1u << 20)

struct rig {
	struct bus bus;
	uint8_t *ram;
	struct hpc3 *hpc;
	struct hpc3_scsi *scsi;
	int line;
};

static void line_in(void *opaque, int n, int level)
{
	((struct rig *)opaque)->line = level;
}

static uint8_t pattern(uint64_t i)
{
	return (uint8_t)(i * 7 + (i >> 8));
}

static const char *make_disk(void)
{
	static char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/disk.img", test_tmpdir());
	f = fopen(path, "wb");
	for (uint64_t i = 0; i < DISK_SIZE; i++)
		fputc(pattern(i), f);
	fclose(f);
	return path;
}

static void rig_init(struct rig *r)
{
	static struct drive_config drv;
	struct hpc3_scsi_config sc = { .name = "scsi0", .chan = 0,
				       .bus = &r->bus };
	struct hpc3_config hc = { .name = "hpc3" };
	struct err e;

	memset(r, 0, sizeof(*r));
	bus_init(&r->bus, ENDIAN_BIG);
	if (bus_map_ram(&r->bus, RAM, RAM_SIZE, "ram", &r->ram, &e) < 0)
		test_fail(__FILE__, __LINE__, "%s", e.msg);
	drv = (struct drive_config){ .bus = "scsi", .id = 1, .type = "disk",
				     .image = (char *)make_disk(),
				     .format = "raw" };
	sc.drives = &drv;
	sc.ndrives = 1;
	sc.out = irq_make(line_in, r, 0);
	if (hpc3_scsi_create(&sc, &r->scsi, &e) < 0)
		test_fail(__FILE__, __LINE__, "%s", e.msg);
	hc.scsi_irq[0] = hpc3_scsi_dma_irq(r->scsi);
	if (hpc3_create(&hc, &r->hpc, &e) < 0 ||
	    hpc3_scsi_attach(r->scsi, r->hpc, WIN, &e) < 0)
		test_fail(__FILE__, __LINE__, "%s", e.msg);
	hpc3_scsi_reset(r->scsi);
}

static void rig_free(struct rig *r)
{
	hpc3_scsi_destroy(r->scsi);
	hpc3_destroy(r->hpc);
	bus_destroy(&r->bus);
}

/* The guest's view: byte accesses at +0x4003 (address/ASR) and +0x4007. */
static uint8_t asr(struct rig *r)
{
	uint64_t v;

	bus_read(&r->bus, WIN + 0x4003, 1, &v);
	return v;
}

static void wr(struct rig *r, uint8_t reg, uint8_t v)
{
	bus_write(&r->bus, WIN + 0x4003, 1, reg);
	bus_write(&r->bus, WIN + 0x4007, 1, v);
}

static uint8_t rd(struct rig *r, uint8_t reg)
{
	uint64_t v;

	bus_write(&r->bus, WIN + 0x4003, 1, reg);
	bus_read(&r->bus, WIN + 0x4007, 1, &v);
	return v;
}

static void put32(struct rig *r, uint64_t pa, uint32_t v)
{
	uint8_t *p = r->ram + (pa - RAM);

	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

/* A chain of `n` descriptors of `each` bytes from BUF, then Linux's
 * zero-length EOX descriptor. */
static void chain(struct rig *r, unsigned n, uint32_t each, bool eox_last)
{
	for (unsigned i = 0; i < n; i++) {
		uint64_t d = DESC + 16 * i;

		put32(r, d, BUF + i * each);
		put32(r, d + 4, each | (eox_last && i == n - 1 ?
					HPC3_DESC_EOX : 0));
		put32(r, d + 8, d + 16);
	}
	put32(r, DESC + 16 * n, 0);
	put32(r, DESC + 16 * n + 4, HPC3_DESC_EOX);
	put32(r, DESC + 16 * n + 8, DESC + 16 * n);
}

static void set_tc(struct rig *r, uint32_t tc)
{
	wr(r, WD_TC_MSB, tc >> 16);
	wr(r, WD_TC_MID, tc >> 8);
	wr(r, WD_TC_LSB, tc);
}

/* IRIX: CDB in the registers, DMA armed, select-and-transfer. */
static uint8_t sat(struct rig *r, int id, const uint8_t *cdb, unsigned len,
		   uint32_t tc, bool in)
{
	wr(r, WD_CONTROL, 0x2d);	/* burst DMA + EDI + IDI + HSP */
	for (unsigned i = 0; i < len; i++)
		wr(r, WD_CDB_1 + i, cdb[i]);
	wr(r, WD_OWN_ID, len);
	wr(r, WD_DEST_ID, id | (in ? 0x40 : 0));
	wr(r, WD_TARGET_LUN, 0);
	wr(r, WD_COMMAND_PHASE, 0);
	set_tc(r, tc);
	hpc3_write(r->hpc, 0x10000 + HPC3_SCSI_NBDP, DESC);
	hpc3_write(r->hpc, 0x10000 + HPC3_SCSI_CTRL,
		   HPC3_SCTRL_ACTIVE | (in ? 0 : HPC3_SCTRL_DIR));
	wr(r, WD_COMMAND, 0x08);
	return asr(r);
}

static void reset_and_probe(void)
{
	struct rig r;

	rig_init(&r);
	CHECK_EQ(asr(&r) & WD_ASR_INT, 0);
	CHECK_EQ(r.line, 0);
	/* HPC3 CRESET pulses the chip's MR pin: reset interrupt. */
	hpc3_write(r.hpc, 0x10000 + HPC3_SCSI_CTRL, HPC3_SCTRL_CRESET);
	hpc3_write(r.hpc, 0x10000 + HPC3_SCSI_CTRL, 0);
	CHECK_EQ(asr(&r) & WD_ASR_INT, WD_ASR_INT);
	CHECK_EQ(r.line, 1);
	CHECK_EQ(rd(&r, WD_SCSI_STATUS), 0x00);
	CHECK_EQ(r.line, 0);
	/* The firmware's view of the same drive. */
	bool cd = true;
	CHECK(hpc3_scsi_drive(r.scsi, 1, &cd) != NULL);
	CHECK(!cd);
	CHECK(hpc3_scsi_drive(r.scsi, 2, &cd) == NULL);
	/* Linux's reset: advanced features on, then the 93A check. */
	wr(&r, WD_OWN_ID, 0x08 | 0x20 | 7);
	wr(&r, WD_COMMAND, 0x00);
	CHECK_EQ(asr(&r), WD_ASR_INT);
	CHECK_EQ(rd(&r, WD_SCSI_STATUS), 0x01);
	wr(&r, WD_QUEUE_TAG, 0xa5);
	CHECK(rd(&r, WD_QUEUE_TAG) != 0xa5);
	/* Auto-increment across the transfer count. */
	bus_write(&r.bus, WIN + 0x4003, 1, WD_TC_MSB);
	bus_write(&r.bus, WIN + 0x4007, 1, 0x01);
	bus_write(&r.bus, WIN + 0x4007, 1, 0x02);
	bus_write(&r.bus, WIN + 0x4007, 1, 0x03);
	CHECK_EQ(rd(&r, WD_TC_MSB), 1);
	CHECK_EQ(rd(&r, WD_TC_LSB), 3);
	/* 32-bit access sees the register in the low byte. */
	uint64_t v;
	wr(&r, WD_TIMEOUT, 0x40);
	bus_write(&r.bus, WIN + 0x4000, 4, WD_TIMEOUT);
	bus_read(&r.bus, WIN + 0x4004, 4, &v);
	CHECK_EQ(v, 0x40);
	rig_free(&r);
}

static void irix_read10_through_chain(void)
{
	struct rig r;
	uint8_t cdb[10] = { 0x28, 0, 0, 0, 0, 8, 0, 0, 32, 0 };
	uint64_t v;

	rig_init(&r);
	memset(r.ram + (BUF - RAM), 0xcc, 20000);
	chain(&r, 2, 8192, false);
	CHECK_EQ(sat(&r, 1, cdb, 10, 16384, true), WD_ASR_INT);
	CHECK_EQ(r.line, 1);
	CHECK_EQ(rd(&r, WD_TARGET_LUN), 0x00);	/* status GOOD */
	CHECK_EQ(rd(&r, WD_COMMAND_PHASE), 0x60);
	CHECK_EQ(rd(&r, WD_TC_LSB) | rd(&r, WD_TC_MID), 0);
	CHECK_EQ(rd(&r, WD_SCSI_STATUS), 0x16);
	CHECK_EQ(r.line, 0);
	for (unsigned i = 0; i < 16384; i++)
		if (r.ram[BUF - RAM + i] != pattern(8 * 512 + i)) {
			CHECK(!"data matches the disk");
			break;
		}
	CHECK_EQ(r.ram[BUF - RAM + 16384], 0xcc);
	/* Linux's stop: FLUSH until ACTIVE clears, no interrupt. */
	v = hpc3_read(r.hpc, 0x10000 + HPC3_SCSI_CTRL);
	hpc3_write(r.hpc, 0x10000 + HPC3_SCSI_CTRL, v | HPC3_SCTRL_FLUSH);
	CHECK_EQ(hpc3_read(r.hpc, 0x10000 + HPC3_SCSI_CTRL) &
		 HPC3_SCTRL_ACTIVE, 0);
	CHECK_EQ(r.line, 0);
	rig_free(&r);
}

/* The chain's EOX ends the DMA with an interrupt; IRIX only reads the
 * chip's SCSI Status, which must clear that too (SGI-FACTS 4.6.3). */
static void status_read_clears_dma_interrupt(void)
{
	struct rig r;
	uint8_t cdb[10] = { 0x28, 0, 0, 0, 0, 0, 0, 0, 8, 0 };

	rig_init(&r);
	chain(&r, 1, 4096, true);
	CHECK_EQ(sat(&r, 1, cdb, 10, 4096, true), WD_ASR_INT);
	CHECK(hpc3_scsi_regs(r.hpc, 0)->ctrl & HPC3_SCTRL_IRQ);
	CHECK_EQ(hpc3_scsi_regs(r.hpc, 0)->ctrl & HPC3_SCTRL_ACTIVE, 0);
	CHECK_EQ(rd(&r, WD_SCSI_STATUS), 0x16);
	CHECK_EQ(hpc3_scsi_regs(r.hpc, 0)->ctrl & HPC3_SCTRL_IRQ, 0);
	CHECK_EQ(r.line, 0);
	rig_free(&r);
}

static void write10_and_timeout(void)
{
	struct rig r;
	uint8_t w[10] = { 0x2a, 0, 0, 0, 0, 100, 0, 0, 2, 0 };
	uint8_t rcmd[10] = { 0x28, 0, 0, 0, 0, 100, 0, 0, 2, 0 };

	rig_init(&r);
	memset(r.ram + (BUF - RAM), 0x5a, 1024);
	chain(&r, 1, 1024, false);
	CHECK_EQ(sat(&r, 1, w, 10, 1024, false), WD_ASR_INT);
	CHECK_EQ(rd(&r, WD_TARGET_LUN), 0);
	CHECK_EQ(rd(&r, WD_SCSI_STATUS), 0x16);
	memset(r.ram + (BUF - RAM), 0, 1024);
	chain(&r, 1, 1024, false);
	CHECK_EQ(sat(&r, 1, rcmd, 10, 1024, true), WD_ASR_INT);
	CHECK_EQ(rd(&r, WD_SCSI_STATUS), 0x16);
	CHECK_EQ(r.ram[BUF - RAM], 0x5a);
	CHECK_EQ(r.ram[BUF - RAM + 1023], 0x5a);
	/* No target at id 5: selection timeout, 0x42. */
	CHECK_EQ(sat(&r, 5, rcmd, 10, 1024, true), WD_ASR_INT);
	CHECK_EQ(rd(&r, WD_SCSI_STATUS), 0x42);
	/* An out-of-range read ends CHECK CONDITION in TARGET_LUN. */
	uint8_t far[10] = { 0x28, 0, 0, 0x10, 0, 0, 0, 0, 1, 0 };
	chain(&r, 1, 512, false);
	CHECK_EQ(sat(&r, 1, far, 10, 512, true), WD_ASR_INT);
	CHECK_EQ(rd(&r, WD_TARGET_LUN), SCSI_CHECK_CONDITION);
	CHECK_EQ(rd(&r, WD_SCSI_STATUS), 0x16);
	rig_free(&r);
}

/* Polled transfer as Linux's transfer_pio does it. */
static unsigned pio(struct rig *r, uint8_t *buf, unsigned n, bool in,
		    bool sbt)
{
	unsigned i = 0, spins = 0;
	uint8_t a;

	wr(r, WD_CONTROL, 0x0c);	/* polled, IDI, EDI */
	if (!sbt)
		set_tc(r, n);
	wr(r, WD_COMMAND, 0x20 | (sbt ? 0x80 : 0));
	do {
		a = asr(r);
		if (a & WD_ASR_DBR) {
			if (in && i < n)
				buf[i++] = rd(r, WD_DATA);
			else if (!in && i < n)
				wr(r, WD_DATA, buf[i++]);
		}
	} while (!(a & WD_ASR_INT) && ++spins < 100000);
	CHECK(spins < 100000);
	return i;
}

static void linux_single_phase_inquiry(void)
{
	struct rig r;
	uint8_t msg[6] = { 0xc0, 0x01, 0x03, 0x01, 50, 12 }, b[64];
	uint8_t inq[6] = { 0x12, 0, 0, 0, 36, 0 };

	rig_init(&r);
	wr(&r, WD_OWN_ID, 0x08 | 7);
	wr(&r, WD_COMMAND, 0x00);
	CHECK_EQ(rd(&r, WD_SCSI_STATUS), 0x01);
	wr(&r, WD_DEST_ID, 1 | 0x40);
	set_tc(&r, 0);
	wr(&r, WD_COMMAND, 0x06);	/* SELECT WITH ATN */
	CHECK_EQ(rd(&r, WD_SCSI_STATUS), 0x11);
	CHECK_EQ(asr(&r) & WD_ASR_INT, WD_ASR_INT);
	CHECK_EQ(rd(&r, WD_SCSI_STATUS), 0x8e);	/* REQ, MESSAGE OUT */
	CHECK_EQ(pio(&r, msg, 6, false, false), 6);	/* IDENTIFY + SDTR */
	CHECK_EQ(rd(&r, WD_SCSI_STATUS), 0x1f);	/* done, MESSAGE IN */
	pio(&r, b, 1, true, true);
	CHECK_EQ(b[0], 0x07);		/* MESSAGE REJECT: async */
	CHECK_EQ(rd(&r, WD_SCSI_STATUS), 0x20);
	wr(&r, WD_COMMAND, 0x03);	/* NEGATE ACK */
	CHECK_EQ(rd(&r, WD_SCSI_STATUS), 0x8a);	/* REQ, COMMAND */
	CHECK_EQ(pio(&r, inq, 6, false, false), 6);
	CHECK_EQ(rd(&r, WD_SCSI_STATUS), 0x19);	/* done, DATA IN */
	CHECK_EQ(pio(&r, b, 36, true, false), 36);
	CHECK(!memcmp(b + 8, "SGI", 3));
	CHECK_EQ(rd(&r, WD_SCSI_STATUS), 0x1b);	/* done, STATUS */
	pio(&r, b, 1, true, true);
	CHECK_EQ(b[0], SCSI_GOOD);
	CHECK_EQ(rd(&r, WD_SCSI_STATUS), 0x1f);
	pio(&r, b, 1, true, true);
	CHECK_EQ(b[0], 0x00);		/* COMMAND COMPLETE */
	CHECK_EQ(rd(&r, WD_SCSI_STATUS), 0x20);
	wr(&r, WD_COMMAND, 0x03);
	CHECK_EQ(rd(&r, WD_SCSI_STATUS), 0x85);	/* disconnected */
	/* The second command: SAT with a zero count steps the data
	 * phase (Linux's "guarantee a DATA_PHASE interrupt"), then DMA
	 * and resume at Command Phase 0x45. */
	chain(&r, 1, 36, false);
	CHECK_EQ(sat(&r, 1, inq, 6, 0, true), WD_ASR_INT);
	CHECK_EQ(rd(&r, WD_SCSI_STATUS), 0x49);	/* unexpected, DATA IN */
	set_tc(&r, 36);
	wr(&r, WD_CONTROL, 0x2c);
	wr(&r, WD_COMMAND_PHASE, 0x45);
	wr(&r, WD_COMMAND, 0x08);
	CHECK_EQ(rd(&r, WD_COMMAND_PHASE), 0x60);
	CHECK_EQ(rd(&r, WD_SCSI_STATUS), 0x16);
	CHECK(!memcmp(r.ram + (BUF - RAM) + 8, "SGI", 3));
	rig_free(&r);
}

/* Row 17: chains that would hang or escape RAM stop the channel with an
 * interrupt; the chip waits and a reset recovers it; a long legitimate
 * chain completes. */
static void bad_chains(void)
{
	struct rig r;
	uint8_t cdb[10] = { 0x28, 0, 0, 0, 0, 0, 0, 0, 8, 0 };

	rig_init(&r);
	/* Self-looping empty descriptor without EOX. */
	put32(&r, DESC, BUF);
	put32(&r, DESC + 4, 0);
	put32(&r, DESC + 8, DESC);
	sat(&r, 1, cdb, 10, 4096, true);
	CHECK(asr(&r) & WD_ASR_BSY);	/* waiting for DMA */
	CHECK(hpc3_scsi_regs(r.hpc, 0)->ctrl & HPC3_SCTRL_IRQ);
	CHECK_EQ(r.line, 1);
	wr(&r, WD_COMMAND, 0x00);	/* reset recovers */
	CHECK_EQ(asr(&r) & WD_ASR_BSY, 0);
	rd(&r, WD_SCSI_STATUS);
	/* A buffer in device MMIO (the chip's own window) and one past
	 * the end of RAM. */
	put32(&r, DESC, (uint32_t)WIN);
	put32(&r, DESC + 4, 4096);
	sat(&r, 1, cdb, 10, 4096, true);
	CHECK(asr(&r) & WD_ASR_BSY);
	wr(&r, WD_COMMAND, 0x01);	/* ABORT */
	CHECK_EQ(rd(&r, WD_SCSI_STATUS), 0x22);
	put32(&r, DESC, RAM + RAM_SIZE - 100);
	sat(&r, 1, cdb, 10, 4096, true);
	CHECK(asr(&r) & WD_ASR_BSY);
	hpc3_write(r.hpc, 0x10000 + HPC3_SCSI_CTRL, HPC3_SCTRL_CRESET);
	hpc3_write(r.hpc, 0x10000 + HPC3_SCSI_CTRL, 0);
	CHECK_EQ(asr(&r) & WD_ASR_BSY, 0);
	rd(&r, WD_SCSI_STATUS);
	/* The descriptor itself outside RAM. */
	hpc3_write(r.hpc, 0x10000 + HPC3_SCSI_NBDP, 0xfff00000);
	hpc3_write(r.hpc, 0x10000 + HPC3_SCSI_CTRL, HPC3_SCTRL_ACTIVE);
	wr(&r, WD_COMMAND, 0x00);
	rd(&r, WD_SCSI_STATUS);
	/* A long legitimate chain: 512 KiB in 8 KiB pieces. */
	uint8_t big[10] = { 0x28, 0, 0, 0, 0, 0, 0, 0x04, 0, 0 };
	chain(&r, 64, 8192, false);
	CHECK_EQ(sat(&r, 1, big, 10, 512 * 1024, true), WD_ASR_INT);
	CHECK_EQ(rd(&r, WD_SCSI_STATUS), 0x16);
	CHECK_EQ(r.ram[BUF - RAM + 512 * 1024 - 1],
		 pattern(512 * 1024 - 1));
	rig_free(&r);
}

/* Row 16: random register and HPC3 abuse; bounded, no crash (ASan). */
static void register_abuse(void)
{
	struct rig r;
	uint32_t x = 77;

	rig_init(&r);
	for (int i = 0; i < 200000; i++) {
		x = x * 1103515245 + 12345;
		uint32_t v = x >> 8;

		switch (x >> 28) {
		case 0: case 1: case 2: case 3: case 4:
			bus_write(&r.bus, WIN + 0x4003, 1, v & 0x1f);
			break;
		case 5: case 6: case 7: case 8:
			bus_write(&r.bus, WIN + 0x4007, 1, v);
			break;
		case 9: case 10: {
			uint64_t t;

			bus_read(&r.bus, WIN + 0x4003 + (v & 4), 1, &t);
			break;
		}
		case 11:
			hpc3_write(r.hpc, 0x10000 + HPC3_SCSI_CTRL, v & 0xff);
			break;
		case 12:
			hpc3_write(r.hpc, 0x10000 + HPC3_SCSI_NBDP,
				   v & 1 ? (uint32_t)(RAM + (v & 0x3ffff0)) : v);
			break;
		case 13:
			put32(&r, RAM + (v & 0xffffc), x);
			break;
		case 14:
			wr(&r, WD_CONTROL, v & 1 ? 0x2c : 0x0c);
			break;
		default:
			wr(&r, WD_COMMAND, (v & 1) ? 0x08 : v);
			break;
		}
	}
	CHECK(1);
	rig_free(&r);
}

TEST_MAIN("wd33c93", T(reset_and_probe), T(irix_read10_through_chain),
	  T(status_read_clears_dma_interrupt), T(write10_and_timeout),
	  T(linux_single_phase_inquiry), T(bad_chains), T(register_abuse))
