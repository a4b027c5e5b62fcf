/* The serial-EEPROM register MC (the CPU board's EEPROM) and HPC3 (the
 * Indigo2's 93CS56) both give the PROM and Linux to bit-bang a 93CS56
 * with (Linux's asm/sgi/mc.h SGIMC_EEPROM_*): bit 0 PRE, 1 CS, 2 clock,
 * 3 data to the chip; reads return the chip's data out in bit 4. */
#ifndef MIPSVZ_BOARDS_SGI_IP22_EEPROM_H
#define MIPSVZ_BOARDS_SGI_IP22_EEPROM_H

#include <stdint.h>

#include "vmm/dev/eeprom93cs56.h"

/* The register's value: `ctl`, the bits last written, and DO. The
 * EEPROM may be NULL (none fitted). */
static inline uint32_t ip22_eeprom_reg_read(const struct eeprom93cs56 *ee,
					    uint32_t ctl)
{
	uint32_t v = ctl & ~0x10u;

	if (ee && eeprom93cs56_do(ee))
		v |= 0x10;
	return v;
}

/* Drive the pins from a written value; returns the bits to keep. */
static inline uint32_t ip22_eeprom_reg_write(struct eeprom93cs56 *ee,
					     uint32_t v)
{
	if (ee)
		eeprom93cs56_pins(ee, v & 2, v & 4, v & 8, v & 1);
	return v & 0x0f;
}

#endif
