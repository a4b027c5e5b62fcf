/* MIPS Malta board FPGA registers (Malta User's Manual, chapter "Malta
 * board registers"; register list also in QEMU's hw/mips/malta.c).
 *
 * Every register is a 32-bit word at an 8-byte-aligned offset; only the
 * low byte means anything. Linux reaches them as native-endian words
 * (the "mti,malta-fpga" syscon in arch/mips/boot/dts/mti/malta.dts). */
#include "malta_fpga.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vmm/log.h"

struct malta_fpga {
	struct malta_fpga_config cfg;
	uint8_t leds;
	uint8_t brk;
	uint8_t gpout;
	uint8_t i2coe, i2cout, i2csel;
	char display[9];
	struct mmio_ops lo_ops, hi_ops;
};

void malta_fpga_reset(struct malta_fpga *f)
{
	f->leds = 0;
	/* BRKRES powers up as 0x0a (QEMU's Malta model). */
	f->brk = 0x0a;
	f->gpout = 0;
	f->i2coe = 0;
	f->i2cout = 0x3;
	f->i2csel = 0x1;
	memset(f->display, ' ', 8);
	f->display[8] = '\0';
}

const char *malta_fpga_display(const struct malta_fpga *f)
{
	return f->display;
}

uint8_t malta_fpga_leds(const struct malta_fpga *f)
{
	return f->leds;
}

static void fpga_show_display(struct malta_fpga *f)
{
	LOG_RATELIMITED("malta: display \"%s\"", f->display);
}

static uint64_t malta_fpga_read(void *opaque, uint64_t offset, unsigned size)
{
	struct malta_fpga *f = opaque;
	uint32_t v = 0;

	switch (offset & ~7ull) {
	case MALTA_FPGA_SWITCH:
		v = 0;	/* all DIP switches off */
		break;
	case MALTA_FPGA_STATUS:
		/* Bit 1 reports the big-endian jumper; bit 4 is set on the
		 * boards QEMU models (0x10 little, 0x12 big-endian). */
		v = f->cfg.cpu_endian == ENDIAN_BIG ? 0x12 : 0x10;
		break;
	case MALTA_FPGA_JMPRS:
		/* Bits 4:2 = 0 select a 33 MHz PCI clock: Linux's
		 * pci_clock_check then adds no pci_clock= option. */
		v = 0;
		break;
	case MALTA_FPGA_LEDBAR:
		v = f->leds;
		break;
	case MALTA_FPGA_SOFTRES:
		/* Reads 0, so syscon-reboot's read-modify-write of the
		 * magic (mask 0x42) writes exactly 0x42. */
		v = 0;
		break;
	case MALTA_FPGA_BRKRES:
		v = f->brk;
		break;
	case MALTA_FPGA_GPOUT:
		v = f->gpout;
		break;
	case MALTA_FPGA_GPINP:
		v = f->i2csel ? f->i2cout : 0;
		break;
	case MALTA_FPGA_I2CINP:
		/* No SPD EEPROM behind the pins: SCL and SDA float high. */
		v = 0x3;
		break;
	case MALTA_FPGA_I2COE:
		v = f->i2coe;
		break;
	case MALTA_FPGA_I2COUT:
		v = f->i2cout;
		break;
	case MALTA_FPGA_I2CSEL:
		v = f->i2csel;
		break;
	default:
		LOG_RATELIMITED("malta-fpga: unimplemented read at +0x%05"
				PRIx64, offset);
		break;
	}
	TRACE(TRACE_DEV, "malta-fpga: read +0x%05" PRIx64 " -> 0x%" PRIx32,
	      offset, v);
	return v;
}

static void malta_fpga_write(void *opaque, uint64_t offset, uint64_t value,
			     unsigned size)
{
	struct malta_fpga *f = opaque;
	uint64_t reg = offset & ~7ull;
	uint8_t b = value;

	TRACE(TRACE_DEV, "malta-fpga: write +0x%05" PRIx64 " = 0x%" PRIx64,
	      offset, value);
	if (reg >= MALTA_FPGA_ASCIIPOS0 && reg <= MALTA_FPGA_ASCIIPOS0 + 7 * 8) {
		char c = isprint(b) ? (char)b : ' ';
		unsigned pos = (reg - MALTA_FPGA_ASCIIPOS0) / 8;

		if (f->display[pos] != c) {
			f->display[pos] = c;
			fpga_show_display(f);
		}
		return;
	}
	switch (reg) {
	case MALTA_FPGA_SWITCH:
	case MALTA_FPGA_STATUS:
	case MALTA_FPGA_JMPRS:
		break;	/* read-only */
	case MALTA_FPGA_LEDBAR:
		if (f->leds != b) {
			f->leds = b;
			LOG_RATELIMITED("malta: LED bar 0x%02x", b);
		}
		break;
	case MALTA_FPGA_ASCIIWORD: {
		/* The word shows as eight hex digits. */
		char text[9];

		snprintf(text, sizeof(text), "%08" PRIX32, (uint32_t)value);
		if (strcmp(text, f->display)) {
			memcpy(f->display, text, sizeof(text));
			fpga_show_display(f);
		}
		break;
	}
	case MALTA_FPGA_SOFTRES:
		if (b == MALTA_SOFTRES_MAGIC) {
			TRACE(TRACE_DEV, "malta-fpga: SOFTRES: board reset");
			if (f->cfg.reset_request)
				f->cfg.reset_request(f->cfg.opaque);
		}
		break;
	case MALTA_FPGA_BRKRES:
		f->brk = b;
		break;
	case MALTA_FPGA_GPOUT:
		f->gpout = b;
		break;
	case MALTA_FPGA_I2COE:
		f->i2coe = b & 3;
		break;
	case MALTA_FPGA_I2COUT:
		f->i2cout = b & 3;
		break;
	case MALTA_FPGA_I2CSEL:
		f->i2csel = b & 1;
		break;
	default:
		LOG_RATELIMITED("malta-fpga: unimplemented write 0x%" PRIx64
				" at +0x%05" PRIx64, value, offset);
		break;
	}
}

static uint64_t malta_fpga_hi_read(void *opaque, uint64_t offset,
				   unsigned size)
{
	return malta_fpga_read(opaque, offset + MALTA_FPGA_UART +
			       MALTA_FPGA_UART_SIZE, size);
}

static void malta_fpga_hi_write(void *opaque, uint64_t offset,
				uint64_t value, unsigned size)
{
	malta_fpga_write(opaque, offset + MALTA_FPGA_UART +
			 MALTA_FPGA_UART_SIZE, value, size);
}

const struct mmio_ops *malta_fpga_lo_ops(const struct malta_fpga *f)
{
	return &f->lo_ops;
}

const struct mmio_ops *malta_fpga_hi_ops(const struct malta_fpga *f)
{
	return &f->hi_ops;
}

int malta_fpga_create(const struct malta_fpga_config *cfg,
		      struct malta_fpga **out, struct err *e)
{
	struct malta_fpga *f = calloc(1, sizeof(*f));

	if (!f)
		return err_set(e, "malta-fpga: out of memory");
	f->cfg = *cfg;
	/* Registers are words; byte and halfword accesses reach the same
	 * register (the bus widens them). */
	f->lo_ops = (struct mmio_ops){
		.name = "malta-fpga",
		.read = malta_fpga_read,
		.write = malta_fpga_write,
		.valid_sizes = ACCESS_1 | ACCESS_2 | ACCESS_4,
		.impl_sizes = ACCESS_4,
		.endian = cfg->cpu_endian,
	};
	f->hi_ops = f->lo_ops;
	f->hi_ops.read = malta_fpga_hi_read;
	f->hi_ops.write = malta_fpga_hi_write;
	malta_fpga_reset(f);
	*out = f;
	return 0;
}

void malta_fpga_destroy(struct malta_fpga *f)
{
	free(f);
}
