/* PIIX4 glue: what Linux's Malta fixups and piix4-poweroff do to it. */
#include <string.h>

#include "boards/malta/piix4.h"
#include "tests/test.h"
#include "vmm/bus.h"
#include "vmm/clock.h"
#include "vmm/dev/i8254.h"
#include "vmm/pci.h"

#define IO 0x18000000ull

struct fixture {
	struct bus bus;
	struct vclock clock;
	struct pci_bus pci;
	struct i8254 *pit;
	struct piix4 *p;
	int isa_level[16];
	unsigned isa_changes, poweroffs, resets;
};

static void isa_line(void *opaque, int n, int level)
{
	struct fixture *f = opaque;

	f->isa_level[n] = level;
	f->isa_changes++;
}

static void on_poweroff(void *opaque)
{
	((struct fixture *)opaque)->poweroffs++;
}

static void on_reset(void *opaque)
{
	((struct fixture *)opaque)->resets++;
}

static void setup(struct fixture *f)
{
	struct piix4_config cfg;
	struct i8254_config pc = { .name = "pit" };
	struct err e;

	memset(f, 0, sizeof(*f));
	bus_init(&f->bus, ENDIAN_LITTLE);
	f->bus.unassigned = UNASSIGNED_IGNORE;
	vclock_init(&f->clock, false);
	pci_bus_init(&f->pci, &f->bus, 0, IO);
	pc.clock = &f->clock;
	CHECK(i8254_create(&pc, &f->pit, &e) == 0);
	cfg = (struct piix4_config){ .pci = &f->pci, .slot = 10,
				     .clock = &f->clock, .pit = f->pit,
				     .poweroff = on_poweroff,
				     .reset = on_reset, .opaque = f };
	for (int i = 0; i < 16; i++)
		cfg.isa_irq[i] = irq_make(isa_line, f, i);
	CHECK(piix4_create(&cfg, &f->p, &e) == 0);
	CHECK(bus_map_mmio(&f->bus, IO + 0x61, 1, &piix4_port61_ops, f->p,
			   &e) == 0);
	CHECK(bus_map_mmio(&f->bus, IO + 0xcf9, 1, &piix4_rcr_ops, f->p,
			   &e) == 0);
}

static void teardown(struct fixture *f)
{
	piix4_destroy(f->p);
	i8254_destroy(f->pit);
	bus_destroy(&f->bus);
}

static uint32_t cfg_rd(struct fixture *f, unsigned fn, unsigned off,
		       unsigned size)
{
	return pci_config_read(&f->pci, 0, 10 << 3 | fn, off, size);
}

static void cfg_wr(struct fixture *f, unsigned fn, unsigned off, uint32_t v,
		   unsigned size)
{
	pci_config_write(&f->pci, 0, 10 << 3 | fn, off, v, size);
}

static void identity(void)
{
	struct fixture f;

	setup(&f);
	CHECK_EQ(cfg_rd(&f, 0, 0, 4), 0x71108086);
	CHECK_EQ(cfg_rd(&f, 0, PCI_HEADER_TYPE, 1) & 0x80, 0x80);
	CHECK_EQ(cfg_rd(&f, 0, PCI_CLASS_REVISION, 4) >> 8, 0x060100);
	CHECK_EQ(cfg_rd(&f, 2, 0, 4), 0x71128086);
	CHECK_EQ(cfg_rd(&f, 3, 0, 4), 0x71138086);
	/* Function 1 is the IDE engineer's: absent here. */
	CHECK_EQ(cfg_rd(&f, 1, 0, 4), 0xffffffff);
	/* USB offers no BAR. */
	cfg_wr(&f, 2, 0x20, 0xffffffff, 4);
	CHECK_EQ(cfg_rd(&f, 2, 0x20, 4), 0);
	teardown(&f);
}

/* Linux's malta_piix_func0_fixup reads PIRQRC to learn the routing. */
static void pirq_routing(void)
{
	struct fixture f;

	setup(&f);
	CHECK_EQ(cfg_rd(&f, 0, PIIX4_PIRQRC, 4), 0x0b0b0a0a);
	piix4_set_pirq(f.p, 1, 1);		/* PIRQB -> IRQ10 */
	CHECK_EQ(f.isa_level[10], 1);
	piix4_set_pirq(f.p, 0, 1);		/* PIRQA shares IRQ10 */
	piix4_set_pirq(f.p, 1, 0);
	CHECK_EQ(f.isa_level[10], 1);		/* A still asserts it */
	piix4_set_pirq(f.p, 0, 0);
	CHECK_EQ(f.isa_level[10], 0);
	/* Re-routing moves an asserted line. */
	piix4_set_pirq(f.p, 2, 1);
	CHECK_EQ(f.isa_level[11], 1);
	cfg_wr(&f, 0, PIIX4_PIRQRC + 2, 5, 1);
	CHECK_EQ(f.isa_level[11], 0);
	CHECK_EQ(f.isa_level[5], 1);
	cfg_wr(&f, 0, PIIX4_PIRQRC + 2, PIIX4_PIRQRC_DISABLE | 5, 1);
	CHECK_EQ(f.isa_level[5], 0);
	/* Reserved targets (0-2, 8, 13) route nowhere. */
	cfg_wr(&f, 0, PIIX4_PIRQRC + 2, 8, 1);
	CHECK_EQ(f.isa_level[8], 0);
	teardown(&f);
}

/* What malta_piix_func3_base_fixup and piix4-poweroff do. */
static void pm_poweroff(void)
{
	struct fixture f;
	uint64_t v;

	setup(&f);
	CHECK_EQ(cfg_rd(&f, 3, PIIX4_PMBA, 4), 1);
	cfg_wr(&f, 3, PIIX4_PMBA, 0x1000, 2);
	CHECK_EQ(cfg_rd(&f, 3, PIIX4_PMBA, 4), 0x1001);
	/* Not decoded until PMIOSE. */
	CHECK(bus_read(&f.bus, IO + 0x1000, 2, &v) == BUS_OK);
	CHECK_EQ(v, 0xffff);
	cfg_wr(&f, 3, PIIX4_PMREGMISC, 1, 1);
	CHECK(bus_read(&f.bus, IO + 0x1000 + PIIX4_PM_PMSTS, 2, &v) ==
	      BUS_OK);
	CHECK_EQ(v & 0x100, 0);			/* PWRBTN_STS clear */
	/* Another suspend type does not power off. */
	CHECK(bus_write(&f.bus, IO + 0x1000 + PIIX4_PM_PMCNTRL, 2,
			PIIX4_PMCNTRL_SUS_EN | 1 << 10) == BUS_OK);
	CHECK_EQ(f.poweroffs, 0);
	CHECK(bus_write(&f.bus, IO + 0x1000 + PIIX4_PM_PMCNTRL, 2,
			PIIX4_PMCNTRL_SUS_EN) == BUS_OK);
	CHECK_EQ(f.poweroffs, 1);
	/* SUS_EN does not stick. */
	CHECK(bus_read(&f.bus, IO + 0x1000 + PIIX4_PM_PMCNTRL, 2, &v) ==
	      BUS_OK);
	CHECK_EQ(v & PIIX4_PMCNTRL_SUS_EN, 0);
	/* Moving PMBA moves the block. */
	cfg_wr(&f, 3, PIIX4_PMBA, 0x2000, 2);
	CHECK(bus_find(&f.bus, IO + 0x1000) == NULL);
	CHECK(bus_find(&f.bus, IO + 0x2000) != NULL);
	piix4_reset(f.p);
	CHECK(bus_find(&f.bus, IO + 0x2000) == NULL);
	teardown(&f);
}

static void pm_timer_runs(void)
{
	struct fixture f;
	uint64_t a, b;

	setup(&f);
	cfg_wr(&f, 3, PIIX4_PMBA, 0x1000, 2);
	cfg_wr(&f, 3, PIIX4_PMREGMISC, 1, 1);
	CHECK(bus_read(&f.bus, IO + 0x1000 + PIIX4_PM_PMTMR, 4, &a) == BUS_OK);
	for (volatile int i = 0; i < 2000000; i++)
		;
	CHECK(bus_read(&f.bus, IO + 0x1000 + PIIX4_PM_PMTMR, 4, &b) == BUS_OK);
	CHECK(a <= 0xffffff && b <= 0xffffff);
	CHECK(a != b);
	teardown(&f);
}

static void port61_and_reset(void)
{
	struct fixture f;
	uint64_t v;

	setup(&f);
	CHECK(bus_write(&f.bus, IO + 0x61, 1, 0xff) == BUS_OK);
	CHECK(bus_read(&f.bus, IO + 0x61, 1, &v) == BUS_OK);
	CHECK_EQ(v & 0x0f, 0x0f);		/* only bits 3:0 written */
	CHECK(bus_write(&f.bus, IO + 0xcf9, 1, 0x02) == BUS_OK);
	CHECK_EQ(f.resets, 0);
	CHECK(bus_write(&f.bus, IO + 0xcf9, 1, 0x06) == BUS_OK);
	CHECK_EQ(f.resets, 1);
	teardown(&f);
}

TEST_MAIN("malta_piix4", T(identity), T(pirq_routing), T(pm_poweroff),
	  T(pm_timer_runs), T(port61_and_reset))
