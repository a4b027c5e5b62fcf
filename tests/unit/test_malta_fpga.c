/* Malta FPGA registers: revision-independent reads Linux relies on,
 * LED bar and ASCII display, SOFTRES and BRKRES, reset values. */
#include <string.h>

#include "boards/malta/malta_fpga.h"
#include "tests/test.h"
#include "vmm/bus.h"

#define FPGA_BASE 0x1f000000ull

struct fixture {
	struct bus bus;
	struct malta_fpga *f;
	unsigned resets;
};

static void count_reset(void *opaque)
{
	((struct fixture *)opaque)->resets++;
}

static void setup(struct fixture *x)
{
	struct malta_fpga_config cfg;
	struct err e;

	memset(x, 0, sizeof(*x));
	bus_init(&x->bus, ENDIAN_LITTLE);
	cfg = (struct malta_fpga_config){ .cpu_endian = ENDIAN_LITTLE,
					  .reset_request = count_reset,
					  .opaque = x };
	CHECK(malta_fpga_create(&cfg, &x->f, &e) == 0);
	CHECK(bus_map_mmio(&x->bus, FPGA_BASE, MALTA_FPGA_UART,
			   malta_fpga_lo_ops(x->f), x->f, &e) == 0);
	CHECK(bus_map_mmio(&x->bus, FPGA_BASE + MALTA_FPGA_UART +
			   MALTA_FPGA_UART_SIZE, MALTA_FPGA_SIZE -
			   MALTA_FPGA_UART - MALTA_FPGA_UART_SIZE,
			   malta_fpga_hi_ops(x->f), x->f, &e) == 0);
}

static void teardown(struct fixture *x)
{
	malta_fpga_destroy(x->f);
	bus_destroy(&x->bus);
}

static uint32_t rd(struct fixture *x, unsigned off)
{
	uint64_t v = 0xdead;

	CHECK(bus_read(&x->bus, FPGA_BASE + off, 4, &v) == BUS_OK);
	return v;
}

static void wr(struct fixture *x, unsigned off, uint32_t v)
{
	CHECK(bus_write(&x->bus, FPGA_BASE + off, 4, v) == BUS_OK);
}

static void identity_registers(void)
{
	struct fixture x;

	setup(&x);
	CHECK_EQ(rd(&x, MALTA_FPGA_SWITCH), 0);
	CHECK_EQ(rd(&x, MALTA_FPGA_STATUS), 0x10);
	/* JMPRS bits 4:2 = 0: 33 MHz PCI (Linux's pci_clock_check). */
	CHECK_EQ((rd(&x, MALTA_FPGA_JMPRS) >> 2) & 7, 0);
	CHECK_EQ(rd(&x, MALTA_FPGA_I2CINP) & 3, 3);
	/* The CoreLV revision word selects the GT-64120 in Linux. */
	CHECK_EQ((MALTA_REVISION >> 10) & 0x3f, 1);
	CHECK_EQ((MALTA_REVISION >> 24) & 0xff, 0);
	teardown(&x);
}

static void ledbar_and_display(void)
{
	struct fixture x;

	setup(&x);
	CHECK_STR_CONTAINS(malta_fpga_display(x.f), "        ");
	wr(&x, MALTA_FPGA_LEDBAR, 0x1a5);
	CHECK_EQ(rd(&x, MALTA_FPGA_LEDBAR), 0xa5);
	CHECK_EQ(malta_fpga_leds(x.f), 0xa5);
	wr(&x, MALTA_FPGA_ASCIIWORD, 0xdeadbeef);
	CHECK(strcmp(malta_fpga_display(x.f), "DEADBEEF") == 0);
	const char *msg = "LINUX ON";
	for (int i = 0; i < 8; i++)
		wr(&x, MALTA_FPGA_ASCIIPOS0 + 8 * i, (uint8_t)msg[i]);
	CHECK(strcmp(malta_fpga_display(x.f), "LINUX ON") == 0);
	/* Unprintable characters show as blanks. */
	wr(&x, MALTA_FPGA_ASCIIPOS0 + 8 * 7, 0x07);
	CHECK(strcmp(malta_fpga_display(x.f), "LINUX O ") == 0);
	malta_fpga_reset(x.f);
	CHECK_EQ(malta_fpga_leds(x.f), 0);
	CHECK(strcmp(malta_fpga_display(x.f), "        ") == 0);
	teardown(&x);
}

static void softres(void)
{
	struct fixture x;

	setup(&x);
	CHECK_EQ(rd(&x, MALTA_FPGA_SOFTRES), 0);
	wr(&x, MALTA_FPGA_SOFTRES, 0x41);
	CHECK_EQ(x.resets, 0);
	wr(&x, MALTA_FPGA_SOFTRES, MALTA_SOFTRES_MAGIC);
	CHECK_EQ(x.resets, 1);
	/* A byte store works too (the register is a word, low byte). */
	CHECK(bus_write(&x.bus, FPGA_BASE + MALTA_FPGA_SOFTRES, 1, 0x42) ==
	      BUS_OK);
	CHECK_EQ(x.resets, 2);
	teardown(&x);
}

static void brkres_and_i2c(void)
{
	struct fixture x;

	setup(&x);
	CHECK_EQ(rd(&x, MALTA_FPGA_BRKRES), 0x0a);
	wr(&x, MALTA_FPGA_BRKRES, 0);
	CHECK_EQ(rd(&x, MALTA_FPGA_BRKRES), 0);
	wr(&x, MALTA_FPGA_I2COE, 3);
	CHECK_EQ(rd(&x, MALTA_FPGA_I2COE), 3);
	wr(&x, MALTA_FPGA_I2COUT, 1);
	CHECK_EQ(rd(&x, MALTA_FPGA_GPINP), 1);
	malta_fpga_reset(x.f);
	CHECK_EQ(rd(&x, MALTA_FPGA_BRKRES), 0x0a);
	/* Unknown registers read 0 and take writes without effect. */
	CHECK_EQ(rd(&x, 0x1000), 0);
	wr(&x, 0x1000, 1);
	teardown(&x);
}

TEST_MAIN("malta_fpga", T(identity_registers), T(ledbar_and_display),
	  T(softres), T(brkres_and_i2c))
