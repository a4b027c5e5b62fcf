/* National/Microchip 93CS56: 2 Kbit Microwire serial EEPROM, 128 words
 * of 16 bits, with the CS-series protect register. SGI IP22: the
 * Indigo2's environment and Ethernet address behind HPC3's EEPROM
 * register, and the CPU board's configuration EEPROM behind MC's.
 *
 * Not memory-mapped: boards bit-bang it through a register of their own
 * and drive its pins with eeprom93cs56_pins. Writes complete at once
 * (DO reads "ready"). */
#ifndef MIPSVZ_DEV_EEPROM93CS56_H
#define MIPSVZ_DEV_EEPROM93CS56_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vmm/err.h"

#define EEPROM93CS56_WORDS 128u
#define EEPROM93CS56_BYTES (2 * EEPROM93CS56_WORDS)

struct eeprom93cs56;

/* `changed` runs after a guest command altered the contents. */
int eeprom93cs56_create(void (*changed)(void *opaque), void *opaque,
			struct eeprom93cs56 **out, struct err *e);
void eeprom93cs56_destroy(struct eeprom93cs56 *ee);
/* Power-up: command state idle, writes disabled (data sheet: EWDS at
 * power-on); contents and protect register kept. */
void eeprom93cs56_reset(struct eeprom93cs56 *ee);

/* Input pins: chip select, serial clock, data in (host's data out),
 * protect register enable. Commands are clocked on rising SK edges. */
void eeprom93cs56_pins(struct eeprom93cs56 *ee, bool cs, bool sk, bool di,
		       bool pre);
/* The DO pin (host's data in). */
bool eeprom93cs56_do(const struct eeprom93cs56 *ee);

/* Contents: word i, and a big-endian byte image (word i = bytes 2i, 2i+1,
 * high byte first) for persistence and firmware. */
uint16_t eeprom93cs56_word(const struct eeprom93cs56 *ee, unsigned i);
void eeprom93cs56_set_word(struct eeprom93cs56 *ee, unsigned i, uint16_t v);
void eeprom93cs56_load(struct eeprom93cs56 *ee, const uint8_t *img,
		       size_t len);
void eeprom93cs56_save(const struct eeprom93cs56 *ee, uint8_t *img,
		       size_t len);

#endif
