/* ARCS file calls: Open, Close, Read, Write, Seek, GetReadStatus,
 * GetFileInformation on the console and on disks (raw partitions and
 * files in the SGI volume header), and the same for the PROM's own use
 * (boot, ls).
 *
 * Facts: fd 0/1 are console in/out (Linux sgiarcs.h SGIPROM_STDIN/OUT);
 * Seek takes a pointer to a 64-bit big-endian offset (SGI-FACTS 4.6.1,
 * Linux struct linux_bigint), mode 0 absolute / 1 relative; the file
 * information record is begin, end, current (64-bit each), type,
 * name length, attributes, name[32] (Linux struct linux_finfo). The
 * volume header: magic 0x0BE5A941, 15 directory entries {name[8], lbn,
 * bytes} at 72, 16 partitions {blocks, first, type} at 312, checksum
 * making the 128 words sum to zero (SGI-FACTS 2 b.4, NetBSD disklabel.h).
 *
 * Disks come from the platform's hooks (the SCSI issue). Until a board
 * provides them, the SCSI drives of the config are opened read-only and
 * only while a PROM file is open, so a later SCSI device model can take
 * the images. Console reads never block the VMM: with no input yet the
 * call is retried by the guest-side stub (ARCS Read blocks). */
#include "arcs_int.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "vmm/block/block.h"
#include "vmm/log.h"
#include "vmm/machine.h"

#define SECTOR 512u
#define VH_MAGIC 0x0be5a941u
#define VH_VOLDIR 72u
#define VH_NVOLDIR 15u
#define VH_PART 312u
#define VH_NPART 16u
#define IO_CHUNK 65536u

/* --- disks: the platform's, or the config's (read-only) ------------------ */

static int disk_slot(unsigned ctrl, unsigned unit, unsigned lun)
{
	return ctrl == 0 && lun == 0 && unit < 8 ? (int)unit : -1;
}

static const struct drive_config *fallback_drive(struct arcs *a,
						 unsigned unit)
{
	const struct config *cfg = a->m ? a->m->cfg : NULL;

	for (unsigned i = 0; cfg && i < cfg->ndrives; i++) {
		const struct drive_config *d = &cfg->drives[i];
		int id = d->id >= 0 ? d->id : (int)i + 1;

		if ((!d->bus || !strcmp(d->bus, "scsi")) && id == (int)unit &&
		    d->image)
			return d;
	}
	return NULL;
}

static int disk_get(struct arcs *a, unsigned ctrl, unsigned unit,
		    unsigned lun, uint64_t *size, bool *cdrom)
{
	int s;
	const struct drive_config *d;
	struct err e;

	*cdrom = false;
	if (a->p.disk_size)
		return a->p.disk_size(a->p.opaque, ctrl, unit, lun, size,
				      cdrom);
	s = disk_slot(ctrl, unit, lun);
	if (s < 0 || !(d = fallback_drive(a, unit)))
		return -1;
	if (!a->disk[s] && block_open(&a->disk[s], d->image, d->format,
				      BLOCK_RDONLY, &e) < 0) {
		LOG_RATELIMITED("arcs: %s", e.msg);
		return -1;
	}
	a->disk_refs[s]++;
	*size = block_size(a->disk[s]);
	*cdrom = d->type && !strcmp(d->type, "cdrom");
	return 0;
}

static void disk_put(struct arcs *a, unsigned ctrl, unsigned unit,
		     unsigned lun)
{
	int s = disk_slot(ctrl, unit, lun);

	if (a->p.disk_size || s < 0 || !a->disk[s])
		return;
	if (a->disk_refs[s])
		a->disk_refs[s]--;
	if (!a->disk_refs[s]) {
		block_close(a->disk[s]);
		a->disk[s] = NULL;
	}
}

static int disk_read(struct arcs *a, const struct arcs_file *f, uint64_t off,
		     void *buf, size_t len)
{
	int s = disk_slot(f->ctrl, f->unit, f->lun);

	if (a->p.disk_read)
		return a->p.disk_read(a->p.opaque, f->ctrl, f->unit, f->lun,
				      off, buf, len);
	if (s < 0 || !a->disk[s])
		return -1;
	return block_pread(a->disk[s], buf, len, off, NULL);
}

static int disk_write(struct arcs *a, const struct arcs_file *f,
		      uint64_t off, const void *buf, size_t len)
{
	if (!a->p.disk_write)
		return -1;
	return a->p.disk_write(a->p.opaque, f->ctrl, f->unit, f->lun, off,
			       buf, len);
}

void arcs_disks_open(struct arcs *a)
{
	/* opened lazily by Open (see above) */
	memset(a->disk_refs, 0, sizeof(a->disk_refs));
}

void arcs_disks_close(struct arcs *a)
{
	for (unsigned i = 0; i < 8; i++) {
		block_close(a->disk[i]);
		a->disk[i] = NULL;
		a->disk_refs[i] = 0;
	}
}

/* --- the volume header ---------------------------------------------------- */

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)endian_load(p, 4, ENDIAN_BIG);
}

static bool vh_valid(const uint8_t *vh)
{
	uint32_t sum = 0;

	if (be32(vh) != VH_MAGIC)
		return false;
	for (unsigned i = 0; i < SECTOR / 4; i++)
		sum += be32(vh + 4 * i);
	return sum == 0;
}

/* Open a file of kind disk: raw disk, raw partition or a volume-header
 * file. 0 or an ARCS error. */
static int open_disk(struct arcs *a, const struct arcs_path *ap,
		     struct arcs_file *f)
{
	uint8_t vh[SECTOR];
	uint64_t size;
	bool cd;

	if (disk_get(a, ap->ctrl, ap->unit, ap->lun, &size, &cd) < 0)
		return ARCS_ENODEV;
	f->kind = ARCS_FILE_DISK;
	f->ctrl = ap->ctrl;
	f->unit = ap->unit;
	f->lun = ap->lun;
	f->base = 0;
	f->size = size;
	f->pos = 0;
	f->writable = !cd && a->p.disk_write;
	if (!ap->has_part && !ap->file[0])
		return 0;
	if (disk_read(a, f, 0, vh, SECTOR) < 0 || !vh_valid(vh))
		goto fail_noent;
	if (ap->has_part) {
		const uint8_t *pt = vh + VH_PART + 12 * (ap->part % VH_NPART);
		uint64_t blocks = be32(pt), first = be32(pt + 4);

		if (ap->part >= VH_NPART || !blocks ||
		    (first + blocks) * SECTOR > size)
			goto fail_nodev;
		f->base = first * SECTOR;
		f->size = blocks * SECTOR;
	}
	if (ap->file[0]) {
		/* files live in the volume header (partition 8 or the whole
		 * disk); the PROM reads no file systems (sash does) */
		if (ap->has_part && ap->part != 8)
			goto fail_noent;
		for (unsigned i = 0; i < VH_NVOLDIR; i++) {
			const uint8_t *d = vh + VH_VOLDIR + 16 * i;
			char name[9];

			memcpy(name, d, 8);
			name[8] = 0;
			if (!name[0] || strcmp(name, ap->file))
				continue;
			f->base = (uint64_t)be32(d + 8) * SECTOR;
			f->size = be32(d + 12);
			f->writable = false;
			if (f->base + f->size > size)
				goto fail_nodev;
			snprintf(f->name, sizeof(f->name), "%s", name);
			return 0;
		}
		goto fail_noent;
	}
	return 0;
fail_noent:
	disk_put(a, ap->ctrl, ap->unit, ap->lun);
	f->kind = ARCS_FILE_FREE;
	return ARCS_ENOENT;
fail_nodev:
	disk_put(a, ap->ctrl, ap->unit, ap->lun);
	f->kind = ARCS_FILE_FREE;
	return ARCS_ENXIO;
}

/* --- file table ----------------------------------------------------------- */

void arcs_io_reset(struct arcs *a)
{
	for (unsigned i = 0; i < ARCS_MAX_FILES; i++) {
		struct arcs_file *f = &a->file[i];

		if (f->kind == ARCS_FILE_DISK)
			disk_put(a, f->ctrl, f->unit, f->lun);
		memset(f, 0, sizeof(*f));
	}
	a->file[0].kind = ARCS_FILE_CONSOLE;	/* stdin */
	a->file[1].kind = ARCS_FILE_CONSOLE;	/* stdout */
}

static int io_open(struct arcs *a, const char *path, unsigned mode,
		   unsigned *fd)
{
	struct arcs_path ap;
	struct arcs_file *f = NULL;
	unsigned i;
	int r;

	if (arcs_path_parse(path, &ap) < 0)
		return ARCS_ENOENT;
	for (i = 2; i < ARCS_MAX_FILES; i++)
		if (a->file[i].kind == ARCS_FILE_FREE) {
			f = &a->file[i];
			break;
		}
	if (!f)
		return ARCS_EMFILE;
	memset(f, 0, sizeof(*f));
	switch (ap.dev) {
	case ARCS_DEV_CONSOLE:
		if (ap.serial != 0)
			return ARCS_ENODEV;	/* serial(1) is the OS's */
		f->kind = ARCS_FILE_CONSOLE;
		break;
	case ARCS_DEV_DISK:
		r = open_disk(a, &ap, f);
		if (r)
			return r;
		/* ARC OpenMode 1-6 write (read-only 0, directories 7/8) */
		if (mode >= 1 && mode <= 6 && !f->writable) {
			disk_put(a, f->ctrl, f->unit, f->lun);
			f->kind = ARCS_FILE_FREE;
			return ARCS_EROFS;
		}
		break;
	default:
		return ARCS_ENODEV;	/* bootp(): no network boot yet */
	}
	*fd = i;
	return 0;
}

static struct arcs_file *io_file(struct arcs *a, uint32_t fd)
{
	if (fd >= ARCS_MAX_FILES || a->file[fd].kind == ARCS_FILE_FREE)
		return NULL;
	return &a->file[fd];
}

static void io_close(struct arcs *a, struct arcs_file *f)
{
	if (f->kind == ARCS_FILE_DISK)
		disk_put(a, f->ctrl, f->unit, f->lun);
	memset(f, 0, sizeof(*f));
}

/* Read from a disk file into host memory. */
static int io_disk_pread(struct arcs *a, struct arcs_file *f, uint64_t pos,
			 uint8_t *out, size_t len)
{
	uint8_t *bounce = malloc(IO_CHUNK + SECTOR);
	int r = 0;

	if (!bounce)
		return -1;
	while (len) {
		uint64_t at = f->base + pos;
		uint64_t start = at & ~(uint64_t)(SECTOR - 1);
		size_t skip = (size_t)(at - start);
		size_t n = len < IO_CHUNK ? len : IO_CHUNK;
		size_t span = (skip + n + SECTOR - 1) & ~(size_t)(SECTOR - 1);

		if (disk_read(a, f, start, bounce, span) < 0) {
			r = -1;
			break;
		}
		memcpy(out, bounce + skip, n);
		out += n;
		pos += n;
		len -= n;
	}
	free(bounce);
	return r;
}

static uint32_t io_read(struct arcs *a, const uint32_t *arg)
{
	struct arcs_file *f = io_file(a, arg[0]);
	uint32_t buf = arg[1], len = arg[2], done = 0;

	if (!f)
		return ARCS_EBADF;
	if (f->kind == ARCS_FILE_CONSOLE) {
		uint8_t tmp[256];
		size_t avail = a->p.console_pending ?
			       a->p.console_pending(a->p.opaque) : 0;
		size_t n;

		if (!len)
			return arcs_write_u32(a, arg[3], 0) < 0 ? ARCS_EFAULT :
			       ARCS_ESUCCESS;
		if (!avail || !a->p.console_read) {
			arcs_set_retry(a);	/* blocks, guest side */
			return 0;
		}
		n = len < sizeof(tmp) ? len : sizeof(tmp);
		n = a->p.console_read(a->p.opaque, tmp, n);
		if (arcs_write_guest(a, buf, tmp, n) < 0)
			return ARCS_EFAULT;
		done = (uint32_t)n;
	} else {
		uint8_t *tmp;

		if (f->pos >= f->size)
			len = 0;
		else if (len > f->size - f->pos)
			len = (uint32_t)(f->size - f->pos);
		while (done < len) {
			uint32_t n = len - done < IO_CHUNK ? len - done :
				     IO_CHUNK;

			tmp = malloc(n);
			if (!tmp)
				return ARCS_ENOMEM;
			if (io_disk_pread(a, f, f->pos, tmp, n) < 0) {
				free(tmp);
				return ARCS_EIO;
			}
			if (arcs_write_guest(a, buf + done, tmp, n) < 0) {
				free(tmp);
				return ARCS_EFAULT;
			}
			free(tmp);
			f->pos += n;
			done += n;
		}
	}
	return arcs_write_u32(a, arg[3], done) < 0 ? ARCS_EFAULT :
	       ARCS_ESUCCESS;
}

static uint32_t io_write(struct arcs *a, const uint32_t *arg)
{
	struct arcs_file *f = io_file(a, arg[0]);
	uint32_t buf = arg[1], len = arg[2], done = 0;
	uint8_t tmp[4096];

	if (!f)
		return ARCS_EBADF;
	if (f->kind == ARCS_FILE_DISK) {
		if (!f->writable)
			return ARCS_EROFS;
		/* whole sectors only: partial writes would need a
		 * read-modify-write the PROM never asks for */
		if ((f->base + f->pos) % SECTOR || len % SECTOR)
			return ARCS_EINVAL;
		if (f->pos >= f->size || len > f->size - f->pos)
			return ARCS_ENOSPC;
	}
	while (done < len) {
		uint32_t n = len - done < sizeof(tmp) ? len - done :
			     (uint32_t)sizeof(tmp);

		if (arcs_read_guest(a, buf + done, tmp, n) < 0)
			return ARCS_EFAULT;
		if (f->kind == ARCS_FILE_CONSOLE) {
			if (a->p.console_write)
				a->p.console_write(a->p.opaque, tmp, n);
		} else {
			if (disk_write(a, f, f->base + f->pos, tmp, n) < 0)
				return ARCS_EIO;
			f->pos += n;
		}
		done += n;
	}
	return arcs_write_u32(a, arg[3], done) < 0 ? ARCS_EFAULT :
	       ARCS_ESUCCESS;
}

static uint32_t io_seek(struct arcs *a, const uint32_t *arg)
{
	struct arcs_file *f = io_file(a, arg[0]);
	uint32_t hi, lo;
	int64_t off, to;

	if (!f)
		return ARCS_EBADF;
	if (arcs_read_u32(a, arg[1], &hi) < 0 ||
	    arcs_read_u32(a, arg[1] + 4, &lo) < 0)
		return ARCS_EFAULT;
	if (f->kind == ARCS_FILE_CONSOLE)
		return ARCS_ESUCCESS;
	off = (int64_t)((uint64_t)hi << 32 | lo);
	if (arg[2] == 0)
		to = off;
	else if (arg[2] == 1)
		to = (int64_t)f->pos + off;
	else
		return ARCS_EINVAL;
	if (to < 0)
		return ARCS_EINVAL;
	f->pos = (uint64_t)to;
	return ARCS_ESUCCESS;
}

static uint32_t io_file_info(struct arcs *a, const uint32_t *arg)
{
	struct arcs_file *f = io_file(a, arg[0]);
	uint8_t info[76];
	size_t n;

	if (!f)
		return ARCS_EBADF;
	memset(info, 0, sizeof(info));
	if (f->kind == ARCS_FILE_DISK) {
		endian_store(info + 0, 8, ENDIAN_BIG, 0);
		endian_store(info + 8, 8, ENDIAN_BIG, f->size);
		endian_store(info + 16, 8, ENDIAN_BIG, f->pos);
		endian_store(info + 24, 4, ENDIAN_BIG, 26); /* DiskPeripheral */
	} else {
		endian_store(info + 24, 4, ENDIAN_BIG, 35); /* LinePeripheral */
	}
	n = strlen(f->name);
	endian_store(info + 28, 4, ENDIAN_BIG, n);
	info[32] = 0x01;	/* read-only */
	memcpy(info + 33, f->name, n);
	return arcs_write_guest(a, arg[1], info, 65) < 0 ? ARCS_EFAULT :
	       ARCS_ESUCCESS;
}

uint32_t arcs_io_call(struct arcs *a, unsigned call, const uint32_t *arg)
{
	char path[ARCS_PATH_MAX];
	struct arcs_file *f;
	unsigned fd;
	int r;

	switch (call) {
	case ARCS_OPEN:
		r = arcs_read_string(a, arg[0], path, sizeof(path));
		if (r < 0)
			return (uint32_t)-r;
		r = io_open(a, path, arg[1], &fd);
		if (r)
			return (uint32_t)r;
		if (arcs_write_u32(a, arg[2], fd) < 0) {
			io_close(a, &a->file[fd]);
			return ARCS_EFAULT;
		}
		return ARCS_ESUCCESS;
	case ARCS_CLOSE:
		f = io_file(a, arg[0]);
		if (!f)
			return ARCS_EBADF;
		if (arg[0] > 1)
			io_close(a, f);
		return ARCS_ESUCCESS;
	case ARCS_READ:
		return io_read(a, arg);
	case ARCS_WRITE:
		return io_write(a, arg);
	case ARCS_GET_READ_STATUS:
		f = io_file(a, arg[0]);
		if (!f)
			return ARCS_EBADF;
		if (f->kind == ARCS_FILE_CONSOLE)
			return a->p.console_pending &&
			       a->p.console_pending(a->p.opaque) ?
			       ARCS_ESUCCESS : ARCS_EAGAIN;
		return f->pos < f->size ? ARCS_ESUCCESS : ARCS_EAGAIN;
	case ARCS_SEEK:
		return io_seek(a, arg);
	case ARCS_GET_FILE_INFO:
		return io_file_info(a, arg);
	default:
		/* GetDirectoryEntry, Mount, SetFileInformation: the real
		 * PROM has no file systems either */
		if (!a->unimpl_logged[call]) {
			a->unimpl_logged[call] = true;
			log_msg("arcs: unimplemented firmware call %s "
				"(returning EINVAL)", arcs_call_name(call));
		}
		return ARCS_EINVAL;
	}
}

/* --- the PROM's own use ---------------------------------------------------- */

int arcs_io_read_file(struct arcs *a, const char *path, uint8_t **data,
		      size_t *len, char *msg, size_t msglen)
{
	struct arcs_path ap;
	struct arcs_file f;
	uint8_t *buf;
	int r;

	memset(&f, 0, sizeof(f));
	if (arcs_path_parse(path, &ap) < 0) {
		snprintf(msg, msglen, "%s: not a valid device path", path);
		return -1;
	}
	if (ap.dev == ARCS_DEV_NET) {
		snprintf(msg, msglen, "%s: network boot is not available",
			 path);
		return -1;
	}
	if (ap.dev != ARCS_DEV_DISK) {
		snprintf(msg, msglen, "%s: not a disk", path);
		return -1;
	}
	r = open_disk(a, &ap, &f);
	if (r == ARCS_ENODEV) {
		snprintf(msg, msglen, "%s: no such device", path);
		return -1;
	}
	if (r) {
		if (ap.file[0] && (!ap.has_part || ap.part == 8))
			snprintf(msg, msglen, "No volume header or no file "
				 "'%s' on device: %s", ap.file, path);
		else
			snprintf(msg, msglen, "%s: %s", path,
				 r == ARCS_ENOENT ? "file not found (the PROM "
				 "reads volume-header files only)" :
				 "bad partition");
		return -1;
	}
	if (f.size > ARCS_FILE_MAX || !f.size) {
		snprintf(msg, msglen, "%s: %s", path,
			 f.size ? "file too large" : "empty file");
		disk_put(a, f.ctrl, f.unit, f.lun);
		return -1;
	}
	buf = malloc(f.size);
	if (!buf || io_disk_pread(a, &f, 0, buf, f.size) < 0) {
		free(buf);
		snprintf(msg, msglen, "%s: read error", path);
		disk_put(a, f.ctrl, f.unit, f.lun);
		return -1;
	}
	disk_put(a, f.ctrl, f.unit, f.lun);
	*data = buf;
	*len = f.size;
	return 0;
}

void arcs_io_ls(struct arcs *a, const char *path)
{
	struct arcs_path ap;
	struct arcs_file f;
	uint8_t vh[SECTOR];
	uint64_t size;
	bool cd;

	memset(&f, 0, sizeof(f));
	if (arcs_path_parse(path, &ap) < 0 || ap.dev != ARCS_DEV_DISK) {
		arcs_printf(a, "ls: %s: not a disk\n", path);
		return;
	}
	if (disk_get(a, ap.ctrl, ap.unit, ap.lun, &size, &cd) < 0) {
		arcs_printf(a, "ls: %s: no such device\n", path);
		return;
	}
	f.ctrl = ap.ctrl;
	f.unit = ap.unit;
	f.lun = ap.lun;
	if (disk_read(a, &f, 0, vh, SECTOR) < 0 || !vh_valid(vh)) {
		arcs_printf(a, "ls: no volume header on %s\n", path);
	} else {
		for (unsigned i = 0; i < VH_NVOLDIR; i++) {
			const uint8_t *d = vh + VH_VOLDIR + 16 * i;
			char name[9];

			memcpy(name, d, 8);
			name[8] = 0;
			if (name[0])
				arcs_printf(a, "%-8s %10" PRIu32 " bytes\n",
					    name, be32(d + 12));
		}
	}
	disk_put(a, ap.ctrl, ap.unit, ap.lun);
}
