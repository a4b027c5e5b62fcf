/* Z85C30 SCC driven through its ports, as Linux's ip22zilog.c and a PROM
 * console driver do: register pointer, RR0 consistency with the FIFO and
 * transmit buffer, the 3-byte RX FIFO and overrun, Tx/Rx interrupt
 * pending bits in RR3, IUS and the RR2 vector, external/status
 * interrupts, time constant 0, output to a file chardev. */
#include <stdio.h>
#include <string.h>

#include "tests/test.h"
#include "vmm/chardev.h"
#include "vmm/dev/z85c30.h"
#include "vmm/iothread.h"

struct rig {
	struct z85c30 *z;
	int level;
	unsigned edges;
};

static void rig_irq(void *opaque, int n, int level)
{
	struct rig *r = opaque;

	if (level && !r->level)
		r->edges++;
	r->level = level;
}

static void rig_create(struct rig *r, struct chardev *a, struct chardev *b)
{
	struct z85c30_config c = { .name = "scc", .stride = 4,
				   .endian = ENDIAN_BIG };

	*r = (struct rig){ 0 };
	c.chr[Z85C30_CH_A] = a;
	c.chr[Z85C30_CH_B] = b;
	c.irq = irq_make(rig_irq, r, 5);
	CHECK(z85c30_create(&c, &r->z, NULL) == 0);
}

static unsigned ctl(int ch)
{
	return ch == Z85C30_CH_A ? Z85C30_PORT_A_CTL : Z85C30_PORT_B_CTL;
}

static void wreg(struct rig *r, int ch, unsigned reg, uint8_t v)
{
	if (reg)
		z85c30_write(r->z, ctl(ch), (reg & 7) | (reg & 8 ? 0x08 : 0));
	z85c30_write(r->z, ctl(ch), v);
}

static uint8_t rreg(struct rig *r, int ch, unsigned reg)
{
	if (reg)
		z85c30_write(r->z, ctl(ch), (reg & 7) | (reg & 8 ? 0x08 : 0));
	return z85c30_read(r->z, ctl(ch));
}

/* Linux's ip22zilog defaults: 8N1 x16, BRG 9600, Rx/Tx enabled. */
static void setup(struct rig *r, int ch)
{
	wreg(r, ch, 4, 0x44);
	wreg(r, ch, 3, 0xc1);
	wreg(r, ch, 5, 0x68);
	wreg(r, ch, 11, 0x50);
	wreg(r, ch, 12, 0x0a);
	wreg(r, ch, 13, 0x00);
	wreg(r, ch, 14, 0x01);
}

static void reset_values(void)
{
	struct rig r;

	rig_create(&r, NULL, NULL);
	CHECK_EQ(rreg(&r, Z85C30_CH_A, 0) & 0x47, 0x44);	/* TxE, EOM */
	CHECK_EQ(rreg(&r, Z85C30_CH_B, 1), 0x07);
	CHECK_EQ(rreg(&r, Z85C30_CH_A, 15), 0xf8);
	CHECK_EQ(rreg(&r, Z85C30_CH_A, 3), 0);
	CHECK(!r.level);
	/* Changing registers, then WR9 hardware reset, restores them. */
	wreg(&r, Z85C30_CH_A, 15, 0x00);
	wreg(&r, Z85C30_CH_A, 9, 0xc0);
	CHECK_EQ(rreg(&r, Z85C30_CH_A, 15), 0xf8);
	z85c30_destroy(r.z);
}

/* The pointer selects one register for one access, then returns to 0;
 * WR0 "point high" reaches 8-15; images RR4-7 mirror RR0-3. */
static void register_pointer(void)
{
	struct rig r;

	rig_create(&r, NULL, NULL);
	wreg(&r, Z85C30_CH_B, 12, 0x5a);
	wreg(&r, Z85C30_CH_B, 13, 0xa5);
	CHECK_EQ(rreg(&r, Z85C30_CH_B, 12), 0x5a);
	CHECK_EQ(rreg(&r, Z85C30_CH_B, 13), 0xa5);
	CHECK_EQ(rreg(&r, Z85C30_CH_B, 9), 0xa5);	/* image of RR13 */
	/* after an access the pointer is 0: the next read is RR0 */
	CHECK(z85c30_read(r.z, Z85C30_PORT_B_CTL) & Z85C30_RR0_TX_EMPTY);
	CHECK_EQ(rreg(&r, Z85C30_CH_B, 4), rreg(&r, Z85C30_CH_B, 0));
	/* channel pointers are independent */
	z85c30_write(r.z, Z85C30_PORT_A_CTL, 12 & 7);	/* RR4 pending on A */
	CHECK_EQ(rreg(&r, Z85C30_CH_B, 13), 0xa5);
	z85c30_destroy(r.z);
}

static void rx_fifo_and_overrun(void)
{
	struct rig r;
	const uint8_t in[5] = { 'a', 'b', 'c', 'd', 'e' };

	rig_create(&r, NULL, NULL);
	/* receiver off: no room, bytes are not taken */
	CHECK_EQ(z85c30_can_receive(r.z, Z85C30_CH_B), 0);
	setup(&r, Z85C30_CH_B);
	CHECK_EQ(z85c30_can_receive(r.z, Z85C30_CH_B), 3);
	z85c30_receive(r.z, Z85C30_CH_B, in, 2);
	CHECK(rreg(&r, Z85C30_CH_B, 0) & Z85C30_RR0_RX_AVAIL);
	CHECK_EQ(z85c30_can_receive(r.z, Z85C30_CH_B), 1);
	CHECK_EQ(z85c30_read(r.z, Z85C30_PORT_B_DATA), 'a');
	CHECK_EQ(z85c30_read(r.z, Z85C30_PORT_B_DATA), 'b');
	CHECK(!(rreg(&r, Z85C30_CH_B, 0) & Z85C30_RR0_RX_AVAIL));
	/* 5 bytes into 3 slots: the last slot is overwritten, overrun */
	z85c30_receive(r.z, Z85C30_CH_B, in, 5);
	CHECK_EQ(z85c30_read(r.z, Z85C30_PORT_B_DATA), 'a');
	CHECK(!(rreg(&r, Z85C30_CH_B, 1) & Z85C30_RR1_OVERRUN));
	CHECK_EQ(z85c30_read(r.z, Z85C30_PORT_B_DATA), 'b');
	CHECK(rreg(&r, Z85C30_CH_B, 1) & Z85C30_RR1_OVERRUN);
	CHECK_EQ(z85c30_read(r.z, Z85C30_PORT_B_DATA), 'e');
	CHECK(rreg(&r, Z85C30_CH_B, 1) & Z85C30_RR1_OVERRUN);	/* latched */
	wreg(&r, Z85C30_CH_B, 0, 0x30);				/* error reset */
	CHECK(!(rreg(&r, Z85C30_CH_B, 1) & Z85C30_RR1_OVERRUN));
	z85c30_destroy(r.z);
}

static void tx_empty_and_interrupts(void)
{
	struct rig r;

	rig_create(&r, NULL, NULL);
	/* transmitter disabled: the byte stays in the buffer */
	z85c30_write(r.z, Z85C30_PORT_A_DATA, 'x');
	CHECK(!(rreg(&r, Z85C30_CH_A, 0) & Z85C30_RR0_TX_EMPTY));
	CHECK(!(rreg(&r, Z85C30_CH_A, 1) & Z85C30_RR1_ALL_SENT));
	setup(&r, Z85C30_CH_A);			/* WR5 Tx enable sends it */
	CHECK(rreg(&r, Z85C30_CH_A, 0) & Z85C30_RR0_TX_EMPTY);
	/* Tx interrupts: enabling them alone raises nothing; the buffer
	 * emptying after a write does (Linux "jump-starts" with a byte). */
	wreg(&r, Z85C30_CH_A, 9, 0x0a);		/* MIE | NV */
	wreg(&r, Z85C30_CH_A, 0, 0x28);		/* reset Tx IP */
	wreg(&r, Z85C30_CH_A, 1, 0x02);
	CHECK(!r.level);
	z85c30_write(r.z, Z85C30_PORT_A_DATA, 'y');
	CHECK(r.level);
	CHECK_EQ(rreg(&r, Z85C30_CH_A, 3), Z85C30_RR3_A_TX);
	CHECK_EQ(rreg(&r, Z85C30_CH_B, 3), 0);	/* RR3 only on channel A */
	wreg(&r, Z85C30_CH_A, 0, 0x28);
	CHECK(!r.level);
	CHECK_EQ(rreg(&r, Z85C30_CH_A, 3), 0);
	/* Rx interrupt on all characters, on channel B */
	setup(&r, Z85C30_CH_B);
	wreg(&r, Z85C30_CH_B, 1, 0x10);
	z85c30_receive(r.z, Z85C30_CH_B, (const uint8_t *)"k", 1);
	CHECK(r.level);
	CHECK_EQ(rreg(&r, Z85C30_CH_A, 3), Z85C30_RR3_B_RX);
	CHECK_EQ(z85c30_read(r.z, Z85C30_PORT_B_DATA), 'k');
	CHECK(!r.level);
	/* MIE off masks the output but not RR3 */
	wreg(&r, Z85C30_CH_A, 9, 0x00);
	z85c30_receive(r.z, Z85C30_CH_B, (const uint8_t *)"m", 1);
	CHECK(!r.level);
	CHECK_EQ(rreg(&r, Z85C30_CH_A, 3), Z85C30_RR3_B_RX);
	z85c30_destroy(r.z);
}

/* Vector, status-affects-vector (low and high), IUS blocking lower
 * priorities, reset highest IUS. */
static void vector_and_ius(void)
{
	struct rig r;

	rig_create(&r, NULL, NULL);
	setup(&r, Z85C30_CH_A);
	setup(&r, Z85C30_CH_B);
	wreg(&r, Z85C30_CH_A, 2, 0x40);
	CHECK_EQ(rreg(&r, Z85C30_CH_B, 2), 0x40 | 3 << 1);	/* none */
	CHECK_EQ(rreg(&r, Z85C30_CH_A, 2), 0x40);	/* A: unmodified */
	wreg(&r, Z85C30_CH_A, 1, 0x10);		/* A Rx all */
	wreg(&r, Z85C30_CH_B, 1, 0x12);		/* B Rx all + Tx */
	wreg(&r, Z85C30_CH_A, 9, 0x09);		/* MIE | VIS */
	z85c30_write(r.z, Z85C30_PORT_B_DATA, '1');	/* B Tx IP */
	CHECK(r.level);
	CHECK_EQ(rreg(&r, Z85C30_CH_B, 2), 0x40 | 0 << 1);	/* B Tx */
	CHECK_EQ(z85c30_iack(r.z), 0x40);	/* IUS(B Tx) set */
	CHECK(!r.level);			/* nothing higher pends */
	z85c30_receive(r.z, Z85C30_CH_A, (const uint8_t *)"z", 1);
	CHECK(r.level);				/* A Rx is higher */
	CHECK_EQ(z85c30_iack(r.z), 0x40 | 6 << 1);
	CHECK(!r.level);
	wreg(&r, Z85C30_CH_A, 0, 0x38);		/* reset highest IUS: A Rx */
	CHECK(r.level);				/* A Rx still pending */
	CHECK_EQ(z85c30_read(r.z, Z85C30_PORT_A_DATA), 'z');
	CHECK(!r.level);			/* B Tx blocked by its IUS */
	wreg(&r, Z85C30_CH_B, 0, 0x38);
	CHECK(r.level);
	/* status high: code in V6-V4, bit order reversed (B Tx = 000) */
	wreg(&r, Z85C30_CH_A, 9, 0x19);
	z85c30_receive(r.z, Z85C30_CH_A, (const uint8_t *)"q", 1);
	CHECK_EQ(rreg(&r, Z85C30_CH_B, 2), 0x30);	/* 110 -> 011; V6-4 replaced */
	/* NV: no vector on acknowledge */
	wreg(&r, Z85C30_CH_A, 9, 0x0a);
	CHECK_EQ(z85c30_iack(r.z), 0xff);
	z85c30_destroy(r.z);
}

/* DCD/CTS/break changes with WR15 enables: latched RR0, ext IP, reset
 * ext/status, and a change while latched interrupting again. */
static void external_status(void)
{
	struct rig r;

	rig_create(&r, NULL, NULL);
	CHECK(rreg(&r, Z85C30_CH_B, 0) & Z85C30_RR0_DCD);
	CHECK(rreg(&r, Z85C30_CH_B, 0) & Z85C30_RR0_CTS);
	wreg(&r, Z85C30_CH_B, 15, 0x88);	/* break + DCD */
	wreg(&r, Z85C30_CH_B, 1, 0x01);
	wreg(&r, Z85C30_CH_A, 9, 0x08);
	z85c30_set_cts(r.z, Z85C30_CH_B, false);	/* not enabled */
	CHECK(!r.level);
	z85c30_set_break(r.z, Z85C30_CH_B, true);
	CHECK(r.level);
	CHECK_EQ(rreg(&r, Z85C30_CH_A, 3), Z85C30_RR3_B_EXT);
	CHECK(rreg(&r, Z85C30_CH_B, 0) & Z85C30_RR0_BREAK);
	z85c30_set_break(r.z, Z85C30_CH_B, false);	/* latched: still 1 */
	CHECK(rreg(&r, Z85C30_CH_B, 0) & Z85C30_RR0_BREAK);
	wreg(&r, Z85C30_CH_B, 0, 0x10);		/* reset ext/status */
	CHECK(r.level);				/* changed while latched */
	CHECK(!(rreg(&r, Z85C30_CH_B, 0) & Z85C30_RR0_BREAK));
	wreg(&r, Z85C30_CH_B, 0, 0x10);
	CHECK(!r.level);
	z85c30_destroy(r.z);
}

/* Time constant 0 is legal: no division by zero (BAD-INPUTS 18). */
static void time_constant_zero(void)
{
	struct rig r;

	rig_create(&r, NULL, NULL);
	setup(&r, Z85C30_CH_B);
	CHECK_EQ(z85c30_baud(r.z, Z85C30_CH_B), 3672000 / (2 * 16 * 12));
	wreg(&r, Z85C30_CH_B, 12, 0);
	wreg(&r, Z85C30_CH_B, 13, 0);
	CHECK_EQ(z85c30_baud(r.z, Z85C30_CH_B), 3672000 / (2 * 16 * 2));
	wreg(&r, Z85C30_CH_B, 4, 0x04);		/* x1 clock */
	CHECK_EQ(z85c30_baud(r.z, Z85C30_CH_B), 3672000 / 4);
	wreg(&r, Z85C30_CH_B, 14, 0);
	CHECK_EQ(z85c30_baud(r.z, Z85C30_CH_B), 0);
	z85c30_console_setup(r.z, Z85C30_CH_B, 0);	/* baud 0: TC 0 */
	z85c30_console_setup(r.z, Z85C30_CH_B, 1);	/* TC clamped */
	CHECK_EQ(rreg(&r, Z85C30_CH_B, 12), 0xff);
	z85c30_destroy(r.z);
}

/* Output goes to the channel's own chardev (B = serial 0), loopback
 * keeps it inside; the console helpers program an idle channel. */
static void output_and_console(void)
{
	const char *pa = test_write_file("a.txt", "");
	const char *pb = test_write_file("b.txt", "");
	char spec[4200], buf[64] = { 0 };
	struct chardev *ca, *cb;
	struct iothread *io = iothread_create(NULL, NULL);
	struct rig r;
	FILE *f;

	CHECK(io != NULL);
	snprintf(spec, sizeof(spec), "file:%s", pa);
	CHECK(chardev_open(spec, io, &ca, NULL) == 0);
	snprintf(spec, sizeof(spec), "file:%s", pb);
	CHECK(chardev_open(spec, io, &cb, NULL) == 0);
	rig_create(&r, ca, cb);
	z85c30_console_write(r.z, Z85C30_CH_B, (const uint8_t *)"PROM\n", 5);
	setup(&r, Z85C30_CH_A);
	for (const char *s = "linux"; *s; s++) {
		while (!(rreg(&r, Z85C30_CH_A, 0) & Z85C30_RR0_TX_EMPTY))
			;
		z85c30_write(r.z, Z85C30_PORT_A_DATA, *s);
	}
	wreg(&r, Z85C30_CH_A, 14, 0x11);	/* local loopback */
	z85c30_write(r.z, Z85C30_PORT_A_DATA, '#');
	CHECK_EQ(z85c30_read(r.z, Z85C30_PORT_A_DATA), '#');
	CHECK_EQ(z85c30_console_read(r.z, Z85C30_CH_B), -1);
	z85c30_receive(r.z, Z85C30_CH_B, (const uint8_t *)"k", 1);
	CHECK_EQ(z85c30_rx_pending(r.z, Z85C30_CH_B), 1);
	CHECK_EQ(z85c30_console_read(r.z, Z85C30_CH_B), 'k');
	z85c30_destroy(r.z);
	chardev_close(ca);
	chardev_close(cb);
	iothread_destroy(io);
	f = fopen(pb, "r");
	CHECK(f && fread(buf, 1, sizeof(buf) - 1, f) == 5);
	CHECK(strcmp(buf, "PROM\n") == 0);
	if (f)
		fclose(f);
	memset(buf, 0, sizeof(buf));
	f = fopen(pa, "r");
	CHECK(f && fread(buf, 1, sizeof(buf) - 1, f) == 5);
	CHECK(strcmp(buf, "linux") == 0);
	if (f)
		fclose(f);
}

/* 32-bit accesses on the word and byte accesses on lane 3 reach the
 * port; other lanes do nothing (IOC2 wiring). */
static void mmio_lanes(void)
{
	struct rig r;
	const struct mmio_ops *ops;

	rig_create(&r, NULL, NULL);
	ops = z85c30_mmio_ops(r.z);
	CHECK_EQ(z85c30_mmio_size(r.z), 16);
	ops->write(r.z, 0x3, 0x04, 1);		/* B ctl lane 3: pointer 4 */
	ops->write(r.z, 0x0, 0x0c, 1);		/* lane 0: ignored */
	ops->write(r.z, 0x0, 0x44, 4);		/* WR4 by a word write */
	ops->write(r.z, 0x0, 0x0c, 4);		/* pointer 12 */
	ops->write(r.z, 0x3, 0x5a, 1);		/* WR12 */
	ops->write(r.z, 0x0, 0x0c, 4);
	CHECK_EQ(ops->read(r.z, 0x3, 1), 0x5a);
	CHECK_EQ(ops->read(r.z, 0x0, 1), 0);	/* lane 0 reads nothing */
	CHECK(ops->read(r.z, 0x0, 4) & Z85C30_RR0_TX_EMPTY);
	z85c30_destroy(r.z);
}

TEST_MAIN("z85c30", T(reset_values), T(register_pointer),
	  T(rx_fifo_and_overrun), T(tx_empty_and_interrupts),
	  T(vector_and_ius), T(external_status), T(time_constant_zero),
	  T(output_and_console), T(mmio_lanes))
