/* i8259: a PIIX4-style master/slave pair driven through its ports, the
 * interrupt-acknowledge cycle and the ELCR, the way Linux programs it
 * (drivers/irqchip/irq-i8259.c: init_8259A, mask_and_ack_8259A). */
#include "tests/test.h"
#include "vmm/dev/i8259.h"

struct cpu_line {
	int level;
	unsigned changes;
};

static void cpu_line_set(void *opaque, int n, int level)
{
	struct cpu_line *l = opaque;

	if (level != l->level)
		l->changes++;
	l->level = level;
}

struct pair {
	struct i8259 *m, *s;
	struct cpu_line cpu;
};

/* Wire as the PIIX4 does: slave INT to master IR2. */
static void pair_create(struct pair *p)
{
	struct i8259_config mc = { .name = "master", .elcr_mask = 0xf8 };
	struct i8259_config sc = { .name = "slave", .elcr_mask = 0xde };
	struct err e;

	*p = (struct pair){ 0 };
	mc.intr = irq_make(cpu_line_set, &p->cpu, 0);
	CHECK(i8259_create(&mc, &p->m, &e) == 0);
	sc.intr = irq_make(i8259_set_input, p->m, 2);
	CHECK(i8259_create(&sc, &p->s, &e) == 0);
	i8259_set_slave(p->m, 2, p->s);
}

/* Linux's init_8259A(0), then everything unmasked except as given. */
static void pair_init(struct pair *p, uint16_t mask, bool aeoi)
{
	i8259_write(p->m, 1, 0xff);
	i8259_write(p->s, 1, 0xff);
	i8259_write(p->m, 0, 0x11);
	i8259_write(p->m, 1, 0x00);
	i8259_write(p->m, 1, 1u << 2);
	i8259_write(p->m, 1, aeoi ? 0x03 : 0x01);
	i8259_write(p->s, 0, 0x11);
	i8259_write(p->s, 1, 0x08);
	i8259_write(p->s, 1, 2);
	i8259_write(p->s, 1, 0x01);
	i8259_write(p->m, 1, mask & 0xff);
	i8259_write(p->s, 1, mask >> 8);
}

static void pair_destroy(struct pair *p)
{
	i8259_destroy(p->s);
	i8259_destroy(p->m);
}

/* IRQ n of the pair, through the board's view of 16 lines. */
static void raise(struct pair *p, int n, int level)
{
	i8259_set_input(n < 8 ? p->m : p->s, n & 7, level);
}

/* Linux's mask_and_ack_8259A EOI sequence. */
static void eoi(struct pair *p, int n)
{
	if (n >= 8) {
		i8259_write(p->s, 0, 0x60 + (n & 7));
		i8259_write(p->m, 0, 0x62);
	} else {
		i8259_write(p->m, 0, 0x60 + n);
	}
}

static void reset_state(void)
{
	struct pair p;

	pair_create(&p);
	raise(&p, 3, 1);
	/* Masked until the guest initialises the chips. */
	CHECK_EQ(p.cpu.level, 0);
	CHECK_EQ(i8259_read(p.m, 1), 0xff);
	CHECK_EQ(i8259_read(p.m, 0), 0x08);	/* IRR */
	CHECK_EQ(i8259_elcr_read(p.m), 0);
	pair_destroy(&p);
}

static void master_vectors(void)
{
	struct pair p;

	pair_create(&p);
	pair_init(&p, 0x0000, false);
	raise(&p, 4, 1);
	CHECK_EQ(p.cpu.level, 1);
	CHECK_EQ(i8259_ack(p.m), 4);
	CHECK_EQ(p.cpu.level, 0);
	i8259_write(p.m, 0, 0x0b);	/* OCW3: read ISR */
	CHECK_EQ(i8259_read(p.m, 0), 0x10);
	i8259_write(p.m, 0, 0x0a);
	CHECK_EQ(i8259_read(p.m, 0), 0x00);	/* edge latch consumed */
	eoi(&p, 4);
	i8259_write(p.m, 0, 0x0b);
	CHECK_EQ(i8259_read(p.m, 0), 0x00);
	pair_destroy(&p);
}

static void cascade_ack(void)
{
	struct pair p;

	pair_create(&p);
	pair_init(&p, 0x0000, false);
	raise(&p, 14, 1);
	CHECK_EQ(p.cpu.level, 1);
	/* The master's acknowledge is answered by the slave. */
	CHECK_EQ(i8259_ack(p.m), 14);
	CHECK_EQ(p.cpu.level, 0);
	i8259_write(p.m, 0, 0x0b);
	CHECK_EQ(i8259_read(p.m, 0), 0x04);
	i8259_write(p.s, 0, 0x0b);
	CHECK_EQ(i8259_read(p.s, 0), 0x40);
	/* A higher-priority master input preempts the slave's service;
	 * a lower one waits. */
	raise(&p, 5, 1);
	CHECK_EQ(p.cpu.level, 0);
	raise(&p, 1, 1);
	CHECK_EQ(p.cpu.level, 1);
	CHECK_EQ(i8259_ack(p.m), 1);
	eoi(&p, 1);
	eoi(&p, 14);
	CHECK_EQ(p.cpu.level, 1);
	CHECK_EQ(i8259_ack(p.m), 5);
	eoi(&p, 5);
	CHECK_EQ(p.cpu.level, 0);
	pair_destroy(&p);
}

static void priority_order(void)
{
	struct pair p;

	pair_create(&p);
	pair_init(&p, 0x0000, false);
	raise(&p, 7, 1);
	raise(&p, 9, 1);
	raise(&p, 3, 1);
	raise(&p, 0, 1);
	/* IR0 > IR1 > slave (8..15) > IR3 ... IR7. */
	CHECK_EQ(i8259_ack(p.m), 0);
	eoi(&p, 0);
	CHECK_EQ(i8259_ack(p.m), 9);
	eoi(&p, 9);
	CHECK_EQ(i8259_ack(p.m), 3);
	eoi(&p, 3);
	CHECK_EQ(i8259_ack(p.m), 7);
	eoi(&p, 7);
	CHECK_EQ(p.cpu.level, 0);
	pair_destroy(&p);
}

static void masking(void)
{
	struct pair p;

	pair_create(&p);
	pair_init(&p, 0xffff & ~(1u << 2), false);
	raise(&p, 6, 1);
	raise(&p, 12, 1);
	CHECK_EQ(p.cpu.level, 0);
	CHECK_EQ(i8259_read(p.m, 0), 0x40);	/* still seen in IRR */
	i8259_write(p.s, 1, 0xff & ~(1u << 4));
	CHECK_EQ(p.cpu.level, 1);
	CHECK_EQ(i8259_ack(p.m), 12);
	eoi(&p, 12);
	i8259_write(p.m, 1, 0x00);
	CHECK_EQ(i8259_ack(p.m), 6);
	CHECK_EQ(i8259_read(p.m, 1), 0x00);
	pair_destroy(&p);
}

/* Edge inputs latch one request per rising edge; ELCR level inputs
 * request while high, again after EOI if still high. */
static void edge_vs_level(void)
{
	struct pair p;

	pair_create(&p);
	pair_init(&p, 0x0000, false);
	i8259_elcr_write(p.s, 0xff);
	CHECK_EQ(i8259_elcr_read(p.s), 0xde);	/* IRQ8, IRQ13 stay edge */
	i8259_elcr_write(p.m, 0x07 | 0x20);
	CHECK_EQ(i8259_elcr_read(p.m), 0x20);

	/* Edge IRQ3, still high after EOI: no second request. */
	raise(&p, 3, 1);
	CHECK_EQ(i8259_ack(p.m), 3);
	eoi(&p, 3);
	CHECK_EQ(p.cpu.level, 0);
	/* Edge IRQ3: a pulse shorter than the acknowledge is kept. */
	raise(&p, 3, 0);
	raise(&p, 3, 1);
	raise(&p, 3, 0);
	CHECK_EQ(p.cpu.level, 1);
	CHECK_EQ(i8259_ack(p.m), 3);
	eoi(&p, 3);

	/* Level IRQ5: requests again after EOI while held. */
	raise(&p, 5, 1);
	CHECK_EQ(i8259_ack(p.m), 5);
	eoi(&p, 5);
	CHECK_EQ(p.cpu.level, 1);
	CHECK_EQ(i8259_ack(p.m), 5);
	raise(&p, 5, 0);
	eoi(&p, 5);
	CHECK_EQ(p.cpu.level, 0);
	/* Level drops before the acknowledge: the request is gone and
	 * the acknowledge is spurious (IR7, no ISR bit). */
	raise(&p, 5, 1);
	raise(&p, 5, 0);
	CHECK_EQ(p.cpu.level, 0);
	CHECK_EQ(i8259_ack(p.m), 7);
	i8259_write(p.m, 0, 0x0b);
	CHECK_EQ(i8259_read(p.m, 0), 0x00);

	/* Level on the slave (IRQ11) through the edge cascade input. */
	raise(&p, 11, 1);
	CHECK_EQ(i8259_ack(p.m), 11);
	eoi(&p, 11);
	CHECK_EQ(p.cpu.level, 1);
	CHECK_EQ(i8259_ack(p.m), 11);
	raise(&p, 11, 0);
	eoi(&p, 11);
	CHECK_EQ(p.cpu.level, 0);
	pair_destroy(&p);
}

static void spurious_slave(void)
{
	struct pair p;

	pair_create(&p);
	pair_init(&p, 0x0000, false);
	i8259_elcr_write(p.s, 0x02);	/* IRQ9 level */
	raise(&p, 9, 1);
	raise(&p, 9, 0);
	/* The master latched the cascade edge, the slave lost the
	 * request: the slave answers IR15's vector. */
	CHECK_EQ(p.cpu.level, 1);
	CHECK_EQ(i8259_ack(p.m), 15);
	i8259_write(p.s, 0, 0x0b);
	CHECK_EQ(i8259_read(p.s, 0), 0x00);
	i8259_write(p.m, 0, 0x0b);
	CHECK_EQ(i8259_read(p.m, 0), 0x04);
	eoi(&p, 15);
	pair_destroy(&p);
}

static void auto_eoi(void)
{
	struct pair p;

	pair_create(&p);
	pair_init(&p, 0x0000, true);
	raise(&p, 1, 1);
	raise(&p, 6, 1);
	CHECK_EQ(i8259_ack(p.m), 1);
	i8259_write(p.m, 0, 0x0b);
	CHECK_EQ(i8259_read(p.m, 0), 0x00);	/* no ISR bit */
	CHECK_EQ(p.cpu.level, 1);
	CHECK_EQ(i8259_ack(p.m), 6);
	CHECK_EQ(p.cpu.level, 0);
	pair_destroy(&p);
}

static void nonspecific_eoi_and_rotation(void)
{
	struct pair p;

	pair_create(&p);
	pair_init(&p, 0x0000, false);
	raise(&p, 3, 1);
	CHECK_EQ(i8259_ack(p.m), 3);
	raise(&p, 1, 1);
	CHECK_EQ(i8259_ack(p.m), 1);	/* nests above 3 */
	i8259_write(p.m, 0, 0x20);	/* non-specific EOI clears 1 */
	i8259_write(p.m, 0, 0x0b);
	CHECK_EQ(i8259_read(p.m, 0), 0x08);
	/* Rotate on non-specific EOI: 3 becomes lowest, 4 highest. */
	i8259_write(p.m, 0, 0xa0);
	CHECK_EQ(i8259_read(p.m, 0), 0x00);
	raise(&p, 3, 0);
	raise(&p, 3, 1);
	raise(&p, 5, 1);
	CHECK_EQ(i8259_ack(p.m), 5);
	i8259_write(p.m, 0, 0x65);
	CHECK_EQ(i8259_ack(p.m), 3);
	i8259_write(p.m, 0, 0x63);
	/* Set priority: IR6 lowest, so IR7 highest. */
	i8259_write(p.m, 0, 0xc6);
	raise(&p, 6, 1);
	raise(&p, 7, 1);
	raise(&p, 0, 1);
	CHECK_EQ(i8259_ack(p.m), 7);
	CHECK_EQ(i8259_ack(p.m), 7);	/* IR7 in service blocks all */
	i8259_write(p.m, 0, 0x67);
	CHECK_EQ(i8259_ack(p.m), 0);
	i8259_write(p.m, 0, 0x60);
	CHECK_EQ(i8259_ack(p.m), 6);
	pair_destroy(&p);
}

static void poll_command(void)
{
	struct pair p;

	pair_create(&p);
	pair_init(&p, 0x0000, false);
	/* Linux Malta's corehi path: poll master, then the slave. */
	i8259_write(p.m, 0, 0x0c);
	CHECK_EQ(i8259_read(p.m, 0), 0x07);	/* nothing pending */
	raise(&p, 10, 1);
	i8259_write(p.m, 0, 0x0c);
	CHECK_EQ(i8259_read(p.m, 0), 0x82);
	i8259_write(p.s, 0, 0x0c);
	CHECK_EQ(i8259_read(p.s, 0), 0x82);
	CHECK_EQ(p.cpu.level, 0);
	i8259_write(p.s, 0, 0x0b);
	CHECK_EQ(i8259_read(p.s, 0), 0x04);
	/* Poll is one-shot: the next read is the selected register. */
	CHECK_EQ(i8259_read(p.s, 0), 0x04);
	eoi(&p, 10);
	pair_destroy(&p);
}

static void special_mask_mode(void)
{
	struct pair p;

	pair_create(&p);
	pair_init(&p, 0x0000, false);
	raise(&p, 1, 1);
	CHECK_EQ(i8259_ack(p.m), 1);
	raise(&p, 6, 1);
	CHECK_EQ(p.cpu.level, 0);	/* blocked by IR1 in service */
	/* Mask IR1 and enter special mask mode: lower levels may run. */
	i8259_write(p.m, 1, 0x02);
	i8259_write(p.m, 0, 0x68);
	CHECK_EQ(p.cpu.level, 1);
	CHECK_EQ(i8259_ack(p.m), 6);
	i8259_write(p.m, 0, 0x48);	/* leave special mask mode */
	i8259_write(p.m, 0, 0x66);
	i8259_write(p.m, 0, 0x61);
	pair_destroy(&p);
}

static void reinit_clears(void)
{
	struct pair p;

	pair_create(&p);
	pair_init(&p, 0x0000, false);
	raise(&p, 4, 1);
	CHECK_EQ(i8259_ack(p.m), 4);
	pair_init(&p, 0x0000, false);
	i8259_write(p.m, 0, 0x0b);
	CHECK_EQ(i8259_read(p.m, 0), 0x00);
	CHECK_EQ(p.cpu.level, 0);
	/* Vector base from ICW2 (T7-T3), as a PC BIOS programs it. */
	i8259_write(p.m, 0, 0x11);
	i8259_write(p.m, 1, 0x0b);
	i8259_write(p.m, 1, 0x04);
	i8259_write(p.m, 1, 0x01);
	raise(&p, 4, 0);
	raise(&p, 4, 1);
	CHECK_EQ(i8259_ack(p.m), 0x0c);
	i8259_reset(p.m);
	CHECK_EQ(i8259_read(p.m, 1), 0xff);
	CHECK_EQ(p.cpu.level, 0);
	pair_destroy(&p);
}

/* Ports through the bus: ISA byte ports and a wide-stride big-endian
 * mapping as on SGI-style boards. */
static void mmio_ports(void)
{
	struct i8259_config c = { .name = "pic", .stride = 4,
				  .endian = ENDIAN_BIG };
	struct cpu_line cpu = { 0 };
	struct i8259 *p;
	struct bus bus;
	uint64_t v;

	c.intr = irq_make(cpu_line_set, &cpu, 0);
	CHECK(i8259_create(&c, &p, NULL) == 0);
	bus_init(&bus, ENDIAN_BIG);
	CHECK(bus_map_mmio(&bus, 0x1000, i8259_mmio_size(p),
			   i8259_mmio_ops(p), p, NULL) == 0);
	CHECK(bus_write(&bus, 0x1007, 1, 0x5a) == BUS_OK);
	CHECK(bus_read(&bus, 0x1004, 4, &v) == BUS_OK);
	CHECK_EQ(v, 0x5a);
	bus_destroy(&bus);
	i8259_destroy(p);

	c.stride = 0;
	c.endian = ENDIAN_LITTLE;
	c.elcr_mask = 0xf8;
	CHECK(i8259_create(&c, &p, NULL) == 0);
	CHECK_EQ(i8259_mmio_size(p), 2);
	bus_init(&bus, ENDIAN_BIG);
	CHECK(bus_map_mmio(&bus, 0x20, 2, i8259_mmio_ops(p), p, NULL) == 0);
	CHECK(bus_map_mmio(&bus, 0x4d0, 1, &i8259_elcr_ops, p, NULL) == 0);
	CHECK(bus_write(&bus, 0x21, 1, 0x33) == BUS_OK);
	CHECK(bus_read(&bus, 0x21, 1, &v) == BUS_OK);
	CHECK_EQ(v, 0x33);
	CHECK(bus_write(&bus, 0x4d0, 1, 0xff) == BUS_OK);
	CHECK(bus_read(&bus, 0x4d0, 1, &v) == BUS_OK);
	CHECK_EQ(v, 0xf8);
	bus_destroy(&bus);
	i8259_destroy(p);
}

/* Garbage from the guest must never crash. */
static void garbage_writes(void)
{
	struct pair p;
	uint32_t x = 12345;

	pair_create(&p);
	for (int i = 0; i < 100000; i++) {
		x = x * 1103515245 + 12345;
		switch ((x >> 16) & 7) {
		case 0:
		case 1:
			i8259_write((x & 1) ? p.s : p.m, (x >> 1) & 1, x >> 24);
			break;
		case 2:
			(void)i8259_read((x & 1) ? p.s : p.m, (x >> 1) & 1);
			break;
		case 3:
			(void)i8259_ack(p.m);
			break;
		case 4:
			i8259_elcr_write((x & 1) ? p.s : p.m, x >> 24);
			break;
		default:
			raise(&p, (x >> 20) & 15, (x >> 25) & 1);
			break;
		}
	}
	pair_destroy(&p);
}

TEST_MAIN("i8259", T(reset_state), T(master_vectors), T(cascade_ack),
	  T(priority_order), T(masking), T(edge_vs_level), T(spurious_slave),
	  T(auto_eoi), T(nonspecific_eoi_and_rotation), T(poll_command),
	  T(special_mask_mode), T(reinit_clears), T(mmio_ports),
	  T(garbage_writes))
