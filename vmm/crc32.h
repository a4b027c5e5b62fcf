/* CRC-32 (IEEE 802.3, reflected, polynomial 0xedb88320): the Ethernet
 * frame check sequence and the checksum zlib's crc32() computes, so
 * on-disk formats that use zlib's CRC need no zlib (the big-endian cross
 * build has none). */
#ifndef MIPSVZ_CRC32_H
#define MIPSVZ_CRC32_H

#include <stddef.h>
#include <stdint.h>

/* CRC-32 of buf, as zlib's crc32(0, buf, len). */
uint32_t crc32_ieee(const uint8_t *buf, size_t len);

#endif
