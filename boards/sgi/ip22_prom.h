/* Glue between the IP22 board and the ARCS firmware: the PROM's disk
 * hooks (struct arcs_platform disk_*) on the SCSI targets the board
 * created, so "boot -f dksc(0,1,8)sash" reads the image the WD33C93
 * target has open. The opaque pointer is the board's struct ip22. */
#ifndef MIPSVZ_BOARDS_SGI_IP22_PROM_H
#define MIPSVZ_BOARDS_SGI_IP22_PROM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

int ip22_prom_disk_size(void *opaque, unsigned ctrl, unsigned unit,
			unsigned lun, uint64_t *bytes, bool *cdrom);
int ip22_prom_disk_read(void *opaque, unsigned ctrl, unsigned unit,
			unsigned lun, uint64_t off, void *buf, size_t len);
int ip22_prom_disk_write(void *opaque, unsigned ctrl, unsigned unit,
			 unsigned lun, uint64_t off, const void *buf,
			 size_t len);

#endif
