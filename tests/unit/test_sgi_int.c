/* INT3 (Indy) / INT2 (Indigo2) through the bus as Linux's ip22-int.c and
 * ip22-time.c use them: local/mappable status and masks and the CPU
 * lines they drive, the power button and software power-off, the 8254
 * at 1 MHz (Linux's counter 2 calibration) and its cascade into
 * counters 0/1 latching IP4/IP5 until a timer clear. */
#include "tests/unit/sgi_rig.h"

#include "boards/sgi/int23.h"
#include "vmm/dev/z85c30.h"

#define INT3 0x1fbd9880ull
#define INT2 0x1fbd9000ull
#define REG(base, off) ((base) + (off) + 3)	/* byte lane 3 */
#define PANEL 0x1fbd9853ull

static void masks_and_lines(uint64_t base, bool fullhouse)
{
	struct sgi_rig r;
	struct ip22 *s;

	CHECK(sgi_rig_create(&r, fullhouse, 0, NULL) == 0);
	s = ip22_of(&r.m);
	/* the serial port is mappable source 5: it reaches IP2 only with
	 * map mask 0 bit 5 and local 0 mask bit 7 (Linux's enable_local2) */
	int23_map_irq(s->intc, INT23_MAP_SERIAL, 1);
	CHECK_EQ(rd(&r, REG(base, INT23_MAP_STAT), 1), 0x20);
	CHECK_EQ(rd(&r, REG(base, INT23_ISTAT0), 1), 0);
	wr(&r, REG(base, INT23_MAP_MASK0), 1, 0x20);
	CHECK_EQ(rd(&r, REG(base, INT23_ISTAT0), 1), 0x80);
	CHECK(!r.lines[0]);
	wr(&r, REG(base, INT23_IMASK0), 1, 0x80);
	CHECK(r.lines[0]);
	int23_map_irq(s->intc, INT23_MAP_SERIAL, 0);
	CHECK(!r.lines[0]);
	/* map mask 1 feeds local 1 bit 3 -> IP3 */
	int23_map_irq(s->intc, INT23_MAP_KBD, 1);
	wr(&r, REG(base, INT23_MAP_MASK1), 1, 0x10);
	wr(&r, REG(base, INT23_IMASK1), 1, 0x08);
	CHECK(r.lines[1]);
	CHECK_EQ(rd(&r, REG(base, INT23_ISTAT1), 1), 0x08);
	wr(&r, REG(base, INT23_IMASK1), 1, 0x00);
	CHECK(!r.lines[1]);
	/* a SCSI interrupt: local 0 bit 1 */
	int23_local0_irq(s->intc, INT23_L0_SCSI0, 1);
	CHECK(!r.lines[0]);
	wr(&r, REG(base, INT23_IMASK0), 1, 0x02);
	CHECK(r.lines[0]);
	/* masks read back; status registers ignore writes */
	CHECK_EQ(rd(&r, REG(base, INT23_IMASK0), 1), 0x02);
	wr(&r, REG(base, INT23_ISTAT0), 1, 0);
	CHECK_EQ(rd(&r, REG(base, INT23_ISTAT0), 1), 0x02);
	/* a 32-bit read of the word gives the register in the low byte */
	CHECK_EQ(rd(&r, base + INT23_IMASK0, 4), 0x02);
	sgi_rig_destroy(&r);
}

static void int3_indy(void)
{
	masks_and_lines(INT3, false);
}

static void int2_indigo2(void)
{
	masks_and_lines(INT2, true);
}

/* The Z85C30's INT reaches the mappable input: a received byte with Rx
 * interrupts on raises IP2 through map 5 / local 0 bit 7. */
static void serial_interrupt_path(void)
{
	struct sgi_rig r;
	struct ip22 *s;

	CHECK(sgi_rig_create(&r, false, 0, NULL) == 0);
	s = ip22_of(&r.m);
	wr(&r, REG(INT3, INT23_MAP_MASK0), 1, 0x20);
	wr(&r, REG(INT3, INT23_IMASK0), 1, 0x80);
	z85c30_console_setup(s->scc, Z85C30_CH_B, 9600);
	wr(&r, 0x1fbd9833, 1, 1);		/* B: WR1 */
	wr(&r, 0x1fbd9833, 1, 0x10);		/* Rx int on all */
	wr(&r, 0x1fbd9833, 1, 9);
	wr(&r, 0x1fbd9833, 1, 0x08);		/* MIE */
	CHECK(!r.lines[0]);
	z85c30_receive(s->scc, Z85C30_CH_B, (const uint8_t *)"x", 1);
	CHECK(r.lines[0]);
	CHECK_EQ(rd(&r, 0x1fbd9837, 1), 'x');
	CHECK(!r.lines[0]);
	sgi_rig_destroy(&r);
}

/* Power button -> local 1 bit 1 with panel POWERINTR low; writing the
 * panel with POWERON clear powers the machine off, exit status 0
 * (Linux's ip22-reset.c). */
static void panel_power(void)
{
	struct sgi_rig r;

	CHECK(sgi_rig_create(&r, false, 0, NULL) == 0);
	CHECK_EQ(rd(&r, PANEL, 1) & 3, 3);
	wr(&r, REG(INT3, INT23_IMASK1), 1, 0x02);
	ip22_power_button(&r.m);
	CHECK(r.lines[1]);
	CHECK_EQ(rd(&r, PANEL, 1) & 3, 1);
	wr(&r, PANEL, 1, 0x03);			/* acknowledge */
	CHECK(!r.lines[1]);
	CHECK_EQ(r.m.state, MACHINE_RUNNING);
	r.m.exit_status = 7;
	wr(&r, PANEL, 1, 0xfe);			/* ~SGIOC_PANEL_POWERON */
	CHECK_EQ(r.m.state, MACHINE_POWEROFF);
	CHECK_EQ(r.m.exit_status, 0);
	sgi_rig_destroy(&r);
}

static unsigned latch_c2(struct sgi_rig *r)
{
	unsigned lo, hi;

	wr(r, REG(INT3, INT23_TCWORD), 1, 0x80);	/* latch counter 2 */
	lo = rd(r, REG(INT3, INT23_TCNT2), 1);
	hi = rd(r, REG(INT3, INT23_TCNT2), 1);
	return hi << 8 | lo;
}

/* Linux's dosample(): counter 2, mode 2, 1255 at 1 MHz; the count
 * follows virtual time exactly. */
static void pit_counter2_1mhz(void)
{
	struct sgi_rig r;
	unsigned v;

	CHECK(sgi_rig_create(&r, false, 0, NULL) == 0);
	wr(&r, REG(INT3, INT23_TCWORD), 1, 0xb4);
	wr(&r, REG(INT3, INT23_TCNT2), 1, 1255 & 0xff);
	wr(&r, REG(INT3, INT23_TCNT2), 1, 1255 >> 8);
	sgi_rig_advance(&r, 500000);		/* 500 us */
	v = latch_c2(&r);
	CHECK(v >= 1255 - 501 && v <= 1255 - 499);
	sgi_rig_advance(&r, 500000);
	v = latch_c2(&r);
	CHECK(v >= 254 && v <= 256);		/* MSB reaches 0 at 1 ms */
	CHECK_EQ(int23_cascade_hz(ip22_of(&r.m)->intc), (1000000 + 627) / 1255);
	wr(&r, REG(INT3, INT23_TCWORD), 1, 0xb8);	/* stop: mode 4 */
	CHECK_EQ(int23_cascade_hz(ip22_of(&r.m)->intc), 0);
	sgi_rig_destroy(&r);
}

/* Counter 2 as a 1 kHz prescaler, counter 0 divides by 10: IP4 latches
 * every 10 ms until a timer clear; counter 1 -> IP5. */
static void pit_cascade(void)
{
	struct sgi_rig r;

	CHECK(sgi_rig_create(&r, false, 0, NULL) == 0);
	wr(&r, REG(INT3, INT23_TCWORD), 1, 0x34);	/* c0 mode 2 */
	wr(&r, REG(INT3, INT23_TCNT0), 1, 10);
	wr(&r, REG(INT3, INT23_TCNT0), 1, 0);
	sgi_rig_advance(&r, 50000000);	/* no prescaler yet: stopped */
	CHECK(!r.lines[2]);
	wr(&r, REG(INT3, INT23_TCWORD), 1, 0xb4);	/* c2 mode 2 */
	wr(&r, REG(INT3, INT23_TCNT2), 1, 1000 & 0xff);
	wr(&r, REG(INT3, INT23_TCNT2), 1, 1000 >> 8);
	CHECK_EQ(int23_cascade_hz(ip22_of(&r.m)->intc), 1000);
	sgi_rig_advance(&r, 5000000);
	CHECK(!r.lines[2]);
	sgi_rig_advance(&r, 6000000);
	CHECK(r.lines[2]);
	wr(&r, REG(INT3, INT23_TCLEAR), 1, 1);
	CHECK(!r.lines[2]);
	sgi_rig_advance(&r, 10000000);
	CHECK(r.lines[2]);
	CHECK(!r.lines[3]);
	wr(&r, REG(INT3, INT23_TCWORD), 1, 0x54);	/* c1 mode 2, LSB */
	wr(&r, REG(INT3, INT23_TCNT1), 1, 2);
	sgi_rig_advance(&r, 3000000);
	CHECK(r.lines[3]);
	wr(&r, REG(INT3, INT23_TCLEAR), 1, 3);
	CHECK(!r.lines[3]);
	sgi_rig_destroy(&r);
}

TEST_MAIN("sgi_int", T(int3_indy), T(int2_indigo2), T(serial_interrupt_path),
	  T(panel_power), T(pit_counter2_1mhz), T(pit_cascade))
