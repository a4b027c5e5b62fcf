/* The Malta board's FPGA registers at 0x1f000000 (MIPS Malta User's
 * Manual, "Malta board registers"): switches, status, jumpers, the LED
 * bar, the 8-character ASCII display, software reset and the I2C/GPIO
 * pins. The CBUS UART at 0x1f000900 is a 16550 the board maps apart. */
#ifndef MIPSVZ_MALTA_FPGA_H
#define MIPSVZ_MALTA_FPGA_H

#include <stdint.h>

#include "vmm/bus.h"
#include "vmm/err.h"

/* Offsets from 0x1f000000. */
enum {
	MALTA_FPGA_SWITCH = 0x200,
	MALTA_FPGA_STATUS = 0x208,
	MALTA_FPGA_JMPRS = 0x210,
	MALTA_FPGA_LEDBAR = 0x408,
	MALTA_FPGA_ASCIIWORD = 0x410,
	MALTA_FPGA_ASCIIPOS0 = 0x418,	/* ... ASCIIPOS7 = 0x450, 8 apart */
	MALTA_FPGA_SOFTRES = 0x500,
	MALTA_FPGA_BRKRES = 0x508,
	MALTA_FPGA_UART = 0x900,	/* CBUS UART, not part of this device */
	MALTA_FPGA_GPOUT = 0xa00,
	MALTA_FPGA_GPINP = 0xa08,
	MALTA_FPGA_I2CINP = 0xb00,
	MALTA_FPGA_I2COE = 0xb08,
	MALTA_FPGA_I2COUT = 0xb10,
	MALTA_FPGA_I2CSEL = 0xb18,
};

/* The FPGA decodes 1 MiB; the board leaves the UART's window out. */
#define MALTA_FPGA_SIZE 0x100000
#define MALTA_FPGA_UART_SIZE 0x100
#define MALTA_SOFTRES_MAGIC 0x42

/* The board revision word the CPU reads at 0x1fc00010, inside the boot
 * flash alias: CoreLV core card (CORID 1 in bits 15:10), SCON field 0,
 * which Linux's malta-init.c maps to the GT-64120 controller. */
#define MALTA_REVISION 0x00000420u

struct malta_fpga;

struct malta_fpga_config {
	enum endian cpu_endian;	/* reported in STATUS, see malta_fpga.c */
	/* SOFTRES written with 0x42: reset the board. */
	void (*reset_request)(void *opaque);
	void *opaque;
};

int malta_fpga_create(const struct malta_fpga_config *cfg,
		      struct malta_fpga **out, struct err *e);
void malta_fpga_destroy(struct malta_fpga *f);
void malta_fpga_reset(struct malta_fpga *f);

/* Map [0, 0x900) with the lo ops and [0xa00, 1 MiB) with the hi ops,
 * the chip as opaque. The registers are native-endian words, so the ops
 * carry the CPU's byte order. */
const struct mmio_ops *malta_fpga_lo_ops(const struct malta_fpga *f);
const struct mmio_ops *malta_fpga_hi_ops(const struct malta_fpga *f);

/* What the 8-character display shows (NUL-terminated), the LED bar. */
const char *malta_fpga_display(const struct malta_fpga *f);
uint8_t malta_fpga_leds(const struct malta_fpga *f);

#endif
