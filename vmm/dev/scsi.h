/* A small SCSI target interface between host adapters (WD33C93) and the
 * targets behind them (disk, CD-ROM). The adapter selects a target, gives
 * it a CDB, then moves the data phase the target asks for in pieces of
 * its choosing and collects the status byte; sense data stays with the
 * target for REQUEST SENSE (SCSI-2, X3.131-1994, 7.2.14 and 8.2.14).
 *
 * Everything in a CDB and in MODE SELECT data is guest input: targets
 * answer bad fields with CHECK CONDITION, ILLEGAL REQUEST (05/20 opcode,
 * 05/24 field in CDB, 05/26 field in parameter list, 05/21 LBA out of
 * range; BAD-INPUTS row 15), never by trusting them for a size. */
#ifndef MIPSVZ_DEV_SCSI_H
#define MIPSVZ_DEV_SCSI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vmm/block/block.h"
#include "vmm/err.h"

/* Information transfer phases as (MSG, C/D, I/O) on the bus (SCSI-2
 * table 5-1); the WD33C93's phase codes use the same values. */
enum scsi_phase {
	SCSI_PHASE_DATA_OUT = 0,
	SCSI_PHASE_DATA_IN = 1,
	SCSI_PHASE_COMMAND = 2,
	SCSI_PHASE_STATUS = 3,
	SCSI_PHASE_MSG_OUT = 6,
	SCSI_PHASE_MSG_IN = 7,
};

/* Status bytes (SCSI-2 7.3). */
#define SCSI_GOOD 0x00
#define SCSI_CHECK_CONDITION 0x02

/* Sense keys (SCSI-2 table 7-41). */
enum {
	SENSE_NO_SENSE = 0x0, SENSE_NOT_READY = 0x2,
	SENSE_MEDIUM_ERROR = 0x3, SENSE_HARDWARE_ERROR = 0x4,
	SENSE_ILLEGAL_REQUEST = 0x5, SENSE_UNIT_ATTENTION = 0x6,
	SENSE_DATA_PROTECT = 0x7, SENSE_ABORTED_COMMAND = 0xb,
	SENSE_MISCOMPARE = 0xe,
};

enum scsi_dir { SCSI_DIR_NONE, SCSI_DIR_IN, SCSI_DIR_OUT };

#define SCSI_CDB_MAX 16
/* Replies built in memory (INQUIRY, MODE SENSE, ...) are at most this. */
#define SCSI_SMALL_MAX 512

struct scsi_sense {
	uint8_t key, asc, ascq;
	bool info_valid;
	uint32_t info;
};

struct scsi_dev;

/* One command, owned by the adapter, filled by the target. */
struct scsi_req {
	uint8_t cdb[SCSI_CDB_MAX];
	unsigned cdb_len, lun;
	enum scsi_dir dir;
	uint32_t xfer_len;	/* bytes of the data phase */
	uint32_t xfer_pos;	/* bytes moved so far */
	uint8_t status;
	bool done;		/* status is final */
	/* Target's: replies built in memory, or a block transfer. */
	uint8_t small[SCSI_SMALL_MAX];
	bool block_io;
	uint64_t offset;	/* byte offset of a block transfer */
	uint8_t *out;		/* data-out collected before it is used */
	int op;			/* the opcode that owns `out` */
};

struct scsi_dev_ops {
	/* Decode r->cdb: sets dir/xfer_len, or the final status. */
	void (*command)(struct scsi_dev *d, struct scsi_req *r);
	/* Data in: up to len bytes at r->xfer_pos; returns bytes given (less
	 * only on a medium error, which also sets the final status). */
	size_t (*read)(struct scsi_dev *d, struct scsi_req *r, uint8_t *dst,
		       size_t len);
	/* Data out has all arrived in r->out: act on it, set the status. */
	void (*write_done)(struct scsi_dev *d, struct scsi_req *r);
	/* SCSI bus reset or BUS DEVICE RESET message. */
	void (*reset)(struct scsi_dev *d);
	void (*destroy)(struct scsi_dev *d);
};

struct scsi_dev {
	const struct scsi_dev_ops *ops;
	char name[32];
	struct scsi_sense sense;	/* for the next REQUEST SENSE */
};

/* Up to 8 ids on one bus; the adapter is one of them. */
struct scsi_bus {
	struct scsi_dev *dev[8];
};

void scsi_bus_attach(struct scsi_bus *bus, unsigned id, struct scsi_dev *d);
void scsi_bus_reset(struct scsi_bus *bus);
void scsi_bus_destroy(struct scsi_bus *bus);
/* The CDB length implied by the opcode's group (SCSI-2 7.2.1); vendor
 * groups 6 and 7 are taken as 10 bytes, like the SGI CD's 0xC4/0xC9. */
unsigned scsi_cdb_length(uint8_t opcode);

/* Adapter side: one command through its phases. */
void scsi_req_start(struct scsi_dev *d, struct scsi_req *r,
		    const uint8_t *cdb, unsigned len, unsigned lun);
size_t scsi_req_read(struct scsi_dev *d, struct scsi_req *r, uint8_t *dst,
		     size_t len);
size_t scsi_req_write(struct scsi_dev *d, struct scsi_req *r,
		      const uint8_t *src, size_t len);
/* Ends the data phase (all moved, or the initiator gave up): writes act
 * only when every byte has arrived, so nothing is half-written. */
void scsi_req_end_data(struct scsi_dev *d, struct scsi_req *r);
/* Drop a command (bus reset, abort): no write happens. */
void scsi_req_abort(struct scsi_req *r);

/* Target side helpers. */
void scsi_req_check(struct scsi_dev *d, struct scsi_req *r, uint8_t key,
		    uint8_t asc, uint8_t ascq);
void scsi_req_good(struct scsi_req *r);
/* Reply with `len` bytes already in r->small, cut to the allocation
 * length. */
void scsi_req_reply(struct scsi_req *r, size_t len, uint32_t alloc);
/* Fixed-format sense data (SCSI-2 8.2.14); returns its length (18). */
size_t scsi_sense_build(const struct scsi_sense *s, uint8_t *buf);

/* Direct-access disk (scsi_disk.c) and CD-ROM (scsi_cd.c) over the block
 * layer. Both take ownership of their images. */
struct scsi_disk {
	struct scsi_dev dev;
	struct block *blk;
	bool cd, readonly;
	uint32_t bs;		/* logical block size */
	uint64_t nblocks;
	uint32_t cyls, heads, secs;	/* for MODE SENSE pages 3/4 */
	/* CD: the discs of a multi-CD install; eject moves to the next. */
	struct block **media;
	unsigned nmedia, cur;
	bool unit_attention, prevent;
};

int scsi_disk_create(struct scsi_dev **out, struct block *blk,
		     const char *name, struct err *e);
int scsi_cd_create(struct scsi_dev **out, struct block **media,
		   unsigned nmedia, const char *name, struct err *e);

/* The image behind a disk or CD target (NULL: no disc), for firmware
 * that reads the same drive (ARCS boot from dksc(0,1,8)sash): one open
 * image, so its lock never conflicts with the target's. */
struct block *scsi_disk_medium(struct scsi_dev *d, bool *cdrom);

/* Shared between scsi_disk.c and scsi_cd.c. */
void scsi_disk_set_medium(struct scsi_disk *d, struct block *blk);
bool scsi_cd_command(struct scsi_disk *d, struct scsi_req *r);
size_t scsi_cd_mode_page(struct scsi_disk *d, uint8_t page, uint8_t *p);
/* Load disc `index` (or none when >= nmedia), with a unit attention. */
void scsi_cd_change(struct scsi_disk *d, unsigned index);

static inline uint32_t scsi_be(const uint8_t *p, unsigned n)
{
	uint32_t v = 0;

	while (n--)
		v = v << 8 | *p++;
	return v;
}

static inline void scsi_put_be(uint8_t *p, unsigned n, uint64_t v)
{
	while (n--) {
		p[n] = v & 0xff;
		v >>= 8;
	}
}

#endif
