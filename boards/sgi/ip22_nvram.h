/* The NVRAM file of an SGI machine (config `nvram`): the battery RAM and
 * EEPROM contents the board keeps across runs, as one image. Format: a
 * 24-byte header ("MVZNVRAM", version 1, payload length, CRC-32 of the
 * payload, all big-endian) and the payload. A raw image of exactly the
 * payload size (a dump from real hardware or MAME) is accepted too. */
#ifndef MIPSVZ_BOARDS_SGI_IP22_NVRAM_H
#define MIPSVZ_BOARDS_SGI_IP22_NVRAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vmm/err.h"

#define IP22_NVFILE_HEADER 24u

/* Read `path` into buf[0..size). A missing file leaves buf alone and
 * sets *loaded = false. A corrupt file (bad header or CRC, wrong size)
 * is renamed to PATH.bad with a warning naming both files, buf is left
 * alone, *loaded = false, and 0 is returned: the machine starts from
 * defaults. -1 only for errors the user must fix (unreadable path). */
int ip22_nvfile_load(const char *path, uint8_t *buf, size_t size,
		     bool *loaded, struct err *e);
/* Write atomically: PATH.tmp, fsync, rename over PATH. */
int ip22_nvfile_save(const char *path, const uint8_t *buf, size_t size,
		     struct err *e);

#endif
