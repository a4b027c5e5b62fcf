/* The ARCS PROM's disk access on the IP22 (see ip22_prom.h): scsi(C) is
 * HPC3 SCSI channel C (0 on the Indy; 0 and 1 on the Indigo2), disk(N)
 * the target id, rdisk(L) the LUN (only 0 exists). Reads and writes go
 * straight to the target's image, as the real PROM's own SCSI driver
 * reaches the same disk. */
#include "ip22_prom.h"

#include "boards/sgi/hpc3_scsi.h"
#include "boards/sgi/ip22.h"
#include "vmm/block/block.h"

static struct block *ip22_prom_disk(void *opaque, unsigned ctrl,
				    unsigned unit, unsigned lun, bool *cdrom)
{
	struct ip22 *s = opaque;

	*cdrom = false;
	if (ctrl >= 2 || lun || !s->scsi[ctrl])
		return NULL;
	return hpc3_scsi_drive(s->scsi[ctrl], unit, cdrom);
}

int ip22_prom_disk_size(void *opaque, unsigned ctrl, unsigned unit,
			unsigned lun, uint64_t *bytes, bool *cdrom)
{
	struct block *b = ip22_prom_disk(opaque, ctrl, unit, lun, cdrom);

	if (!b)
		return -1;
	*bytes = block_size(b);
	return 0;
}

int ip22_prom_disk_read(void *opaque, unsigned ctrl, unsigned unit,
			unsigned lun, uint64_t off, void *buf, size_t len)
{
	bool cd;
	struct block *b = ip22_prom_disk(opaque, ctrl, unit, lun, &cd);

	return b ? block_pread(b, buf, len, off, NULL) : -1;
}

int ip22_prom_disk_write(void *opaque, unsigned ctrl, unsigned unit,
			 unsigned lun, uint64_t off, const void *buf,
			 size_t len)
{
	bool cd;
	struct block *b = ip22_prom_disk(opaque, ctrl, unit, lun, &cd);

	if (!b || cd || block_readonly(b))
		return -1;
	return block_pwrite(b, buf, len, off, NULL);
}
