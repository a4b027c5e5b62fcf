/* GT-64120 register-level tests: the PCI_0 configuration mechanism as
 * Linux's ops-gt64xxx_pci0.c drives it (CFGADDR/CFGDATA, master abort in
 * INTRCAUSE), the byte-swap rule, interrupt acknowledge, and the decode
 * registers Linux's pci-malta.c reads. */
#include <string.h>

#include "boards/malta/gt64120.h"
#include "tests/test.h"
#include "vmm/bus.h"
#include "vmm/pci.h"

#define GT_BASE 0x1be00000ull

struct fixture {
	struct bus bus;
	struct pci_bus pci;
	struct gt64120 *gt;
	struct pci_device dev;	/* a PIIX4-like device at 10.0 */
	uint8_t vector;
	unsigned acks;
};

static uint8_t fake_iack(void *opaque)
{
	struct fixture *f = opaque;

	f->acks++;
	return f->vector;
}

static void setup(struct fixture *f, enum endian cpu)
{
	struct gt64120_config cfg;
	struct err e;

	memset(f, 0, sizeof(*f));
	bus_init(&f->bus, cpu);
	pci_bus_init(&f->pci, &f->bus, 0, 0x18000000);
	cfg = (struct gt64120_config){ .pci = &f->pci, .cpu_endian = cpu,
				       .iack = fake_iack, .iack_opaque = f };
	CHECK(gt64120_create(&cfg, &f->gt, &e) == 0);
	CHECK(bus_map_mmio(&f->bus, GT_BASE, GT_REGS_SIZE, &gt64120_ops,
			   f->gt, &e) == 0);
	CHECK(pci_device_register(&f->pci, &f->dev, 10 << 3, "piix4",
				  0x8086, 0x7110, 0x06010001, &e) == 0);
	f->dev.wmask[0x60] = 0xff;
}

static void teardown(struct fixture *f)
{
	gt64120_destroy(f->gt);
	bus_destroy(&f->bus);
}

/* The bus takes values in the CPU's order; GT registers are LE, so on a
 * little-endian CPU what Linux's GT_WRITE(x) stores is x itself. */
static uint32_t rd(struct fixture *f, unsigned off)
{
	uint64_t v = 0;

	CHECK(bus_read(&f->bus, GT_BASE + off, 4, &v) == BUS_OK);
	return v;
}

static void wr(struct fixture *f, unsigned off, uint32_t v)
{
	CHECK(bus_write(&f->bus, GT_BASE + off, 4, v) == BUS_OK);
}

static uint32_t cfgaddr(unsigned devfn, unsigned reg)
{
	return GT_CFGADDR_CFGEN | devfn << 8 | (reg & 0xfc);
}

static void config_read_device(void)
{
	struct fixture f;

	setup(&f, ENDIAN_LITTLE);
	wr(&f, GT_INTRCAUSE, ~(GT_INTRCAUSE_MASABORT0 |
			       GT_INTRCAUSE_TARABORT0));
	wr(&f, GT_PCI0_CFGADDR, cfgaddr(10 << 3, 0));
	CHECK_EQ(rd(&f, GT_PCI0_CFGDATA), 0x71108086);
	CHECK_EQ(rd(&f, GT_INTRCAUSE) & GT_INTRCAUSE_MASABORT0, 0);
	wr(&f, GT_PCI0_CFGADDR, cfgaddr(10 << 3, 8));
	CHECK_EQ(rd(&f, GT_PCI0_CFGDATA), 0x06010001);
	teardown(&f);
}

static void config_write_device(void)
{
	struct fixture f;

	setup(&f, ENDIAN_LITTLE);
	wr(&f, GT_PCI0_CFGADDR, cfgaddr(10 << 3, 0x60));
	wr(&f, GT_PCI0_CFGDATA, 0x0b0b0a0a);
	CHECK_EQ(f.dev.config[0x60], 0x0a);
	CHECK_EQ(f.dev.config[0x61], 0);	/* not writable */
	CHECK_EQ(rd(&f, GT_PCI0_CFGDATA) & 0xff, 0x0a);
	/* A byte store to CFGDATA lane 0 reaches config byte 0x60 only. */
	CHECK(bus_write(&f.bus, GT_BASE + GT_PCI0_CFGDATA, 1, 0x0b) ==
	      BUS_OK);
	CHECK_EQ(f.dev.config[0x60], 0x0b);
	teardown(&f);
}

static void config_master_abort(void)
{
	struct fixture f;

	setup(&f, ENDIAN_LITTLE);
	wr(&f, GT_INTRCAUSE, 0);
	wr(&f, GT_PCI0_CFGADDR, cfgaddr(11 << 3, 0));
	CHECK_EQ(rd(&f, GT_PCI0_CFGDATA), 0xffffffff);
	CHECK(rd(&f, GT_INTRCAUSE) & GT_INTRCAUSE_MASABORT0);
	/* Linux clears the abort bits by writing them as 0. */
	wr(&f, GT_INTRCAUSE, ~(GT_INTRCAUSE_MASABORT0 |
			       GT_INTRCAUSE_TARABORT0));
	CHECK_EQ(rd(&f, GT_INTRCAUSE) & GT_INTRCAUSE_MASABORT0, 0);
	/* Bus 1 does not exist; neither does a cycle without CFGEN. */
	wr(&f, GT_PCI0_CFGADDR, cfgaddr(10 << 3, 0) | 1 << 16);
	CHECK_EQ(rd(&f, GT_PCI0_CFGDATA), 0xffffffff);
	CHECK(rd(&f, GT_INTRCAUSE) & GT_INTRCAUSE_MASABORT0);
	wr(&f, GT_INTRCAUSE, 0);
	wr(&f, GT_PCI0_CFGADDR, (10 << 11));
	CHECK_EQ(rd(&f, GT_PCI0_CFGDATA), 0xffffffff);
	/* Writes to an absent device go nowhere. */
	wr(&f, GT_PCI0_CFGADDR, cfgaddr(12 << 3, 0x3c));
	wr(&f, GT_PCI0_CFGDATA, 0x12345678);
	CHECK(rd(&f, GT_INTRCAUSE) & GT_INTRCAUSE_MASABORT0);
	teardown(&f);
}

static void config_gt_itself(void)
{
	struct fixture f;

	setup(&f, ENDIAN_LITTLE);
	wr(&f, GT_PCI0_CFGADDR, cfgaddr(0, 0));
	CHECK_EQ(rd(&f, GT_PCI0_CFGDATA), 0x462011ab);
	wr(&f, GT_PCI0_CFGADDR, cfgaddr(0, 8));
	CHECK_EQ(rd(&f, GT_PCI0_CFGDATA) >> 16, 0x0600);
	/* Linux's pci-malta.c writes BAR4; no BAR is implemented. */
	wr(&f, GT_PCI0_CFGADDR, cfgaddr(0, 0x20));
	wr(&f, GT_PCI0_CFGDATA, 0x1be00000);
	CHECK_EQ(rd(&f, GT_PCI0_CFGDATA), 0);
	teardown(&f);
}

/* With MBYTESWAP clear (Linux's big-endian setting) data to devices
 * other than the GT crosses the byte swapper. */
static void config_byte_swap(void)
{
	struct fixture f;

	setup(&f, ENDIAN_LITTLE);
	wr(&f, GT_PCI0_CMD, 0);
	wr(&f, GT_PCI0_CFGADDR, cfgaddr(10 << 3, 0));
	CHECK_EQ(rd(&f, GT_PCI0_CFGDATA), 0x86801071);
	wr(&f, GT_PCI0_CFGADDR, cfgaddr(0, 0));
	CHECK_EQ(rd(&f, GT_PCI0_CFGDATA), 0x462011ab);
	wr(&f, GT_PCI0_CMD, GT_PCI0_CMD_MBYTESWAP | GT_PCI0_CMD_SBYTESWAP);
	wr(&f, GT_PCI0_CFGADDR, cfgaddr(10 << 3, 0));
	CHECK_EQ(rd(&f, GT_PCI0_CFGDATA), 0x71108086);
	teardown(&f);
}

/* A big-endian CPU: GT_READ byte-swaps, so the bus value is the LE
 * register reversed; Linux writes PCI0_CMD = 0 and then reads devices
 * raw, getting their config word in its own order. */
static void big_endian_cpu(void)
{
	struct fixture f;
	uint64_t v;

	setup(&f, ENDIAN_BIG);
	CHECK_EQ(gt64120_reg(f.gt, GT_PCI0_CMD), 0);
	CHECK(bus_read(&f.bus, GT_BASE + GT_PCI0IOLD, 4, &v) == BUS_OK);
	CHECK_EQ(v, 0xc0000000);	/* le32 0xc0 seen big-endian */
	CHECK(bus_write(&f.bus, GT_BASE + GT_PCI0_CFGADDR, 4,
			__builtin_bswap32(cfgaddr(10 << 3, 0))) == BUS_OK);
	CHECK(bus_read(&f.bus, GT_BASE + GT_PCI0_CFGDATA, 4, &v) == BUS_OK);
	CHECK_EQ(v, 0x71108086);
	teardown(&f);
}

static void interrupt_acknowledge(void)
{
	struct fixture f;
	uint64_t v;

	setup(&f, ENDIAN_LITTLE);
	f.vector = 0x24;
	CHECK_EQ(rd(&f, GT_PCI0_IACK) & 0xff, 0x24);
	CHECK_EQ(f.acks, 1);
	CHECK(bus_read(&f.bus, GT_BASE + GT_PCI0_IACK, 1, &v) == BUS_OK);
	CHECK_EQ(v, 0x24);
	CHECK_EQ(f.acks, 2);
	/* Writes do not run a cycle. */
	wr(&f, GT_PCI0_IACK, 0);
	CHECK_EQ(f.acks, 2);
	teardown(&f);
}

/* What Linux's pci-malta.c derives from the decode registers. */
static void decode_registers(void)
{
	struct fixture f;
	uint32_t start, end, map;

	setup(&f, ENDIAN_LITTLE);
	CHECK_EQ(rd(&f, GT_ISD) << 21, GT_BASE);
	start = rd(&f, GT_PCI0M0LD);
	end = (rd(&f, GT_PCI0M0HD) & 0x7f) | (start & ~0x7fu);
	CHECK_EQ(start << 21, 0x10000000);
	CHECK_EQ((end << 21) | 0x1fffff, 0x17ffffff);
	start = rd(&f, GT_PCI0IOLD);
	end = (rd(&f, GT_PCI0IOHD) & 0x7f) | (start & ~0x7fu);
	map = rd(&f, GT_PCI0IOREMAP);
	CHECK_EQ(start << 21, 0x18000000);
	CHECK_EQ((end << 21) | 0x1fffff, 0x181fffff);
	CHECK_EQ(start & map, 0);	/* prom_init leaves it alone */
	/* The registers are storage. */
	wr(&f, GT_PCI0IOREMAP, 0);
	CHECK_EQ(rd(&f, GT_PCI0IOREMAP), 0);
	/* Sub-word writes merge into the register. */
	CHECK(bus_write(&f.bus, GT_BASE + GT_INTRMASK + 1, 1, 0xab) == BUS_OK);
	CHECK_EQ(rd(&f, GT_INTRMASK), 0xab00);
	gt64120_reset(f.gt);
	CHECK_EQ(rd(&f, GT_INTRMASK), 0);
	teardown(&f);
}

TEST_MAIN("malta_gt64120",
	  T(config_read_device), T(config_write_device),
	  T(config_master_abort), T(config_gt_itself), T(config_byte_swap),
	  T(big_endian_cpu), T(interrupt_acknowledge), T(decode_registers))
