/* ATA disks on one channel (one cable: device 0 and device 1): the
 * task-file registers, the command set Linux and firmware use, PIO data
 * transfers, and DMA through the host controller's bus-master engine.
 * ATAPI is not here yet. Host adapters (the PIIX4 IDE function; other PCI
 * IDE chips later) map the command block (8 registers) and the control
 * block (device control / alternate status), connect INTRQ and supply a
 * DMA engine. References: ATA/ATAPI-6 (T13 1410D) and ATA/ATAPI-7
 * (T13 1532D); behaviour Linux's libata depends on is noted where used. */
#ifndef MIPSVZ_DEV_ATA_H
#define MIPSVZ_DEV_ATA_H

#include <stdbool.h>
#include <stdint.h>

#include "vmm/block/block.h"
#include "vmm/err.h"
#include "vmm/irq.h"

/* Command block register offsets (ATA/ATAPI-6 section 7). */
enum ata_reg {
	ATA_REG_DATA = 0,
	ATA_REG_ERROR = 1,	/* read; FEATURES on write */
	ATA_REG_NSECT = 2,
	ATA_REG_LBAL = 3,	/* sector number */
	ATA_REG_LBAM = 4,	/* cylinder low */
	ATA_REG_LBAH = 5,	/* cylinder high */
	ATA_REG_DEVICE = 6,
	ATA_REG_STATUS = 7,	/* read; COMMAND on write */
};

/* Status register bits. */
#define ATA_BSY 0x80
#define ATA_DRDY 0x40
#define ATA_DF 0x20
#define ATA_DSC 0x10
#define ATA_DRQ 0x08
#define ATA_ERR 0x01

/* Error register bits. */
#define ATA_ICRC 0x80
#define ATA_UNC 0x40
#define ATA_IDNF 0x10
#define ATA_ABRT 0x04

/* Device register and device control bits. */
#define ATA_DEV_LBA 0x40
#define ATA_DEV_DEV 0x10
#define ATA_CTL_HOB 0x80
#define ATA_CTL_SRST 0x04
#define ATA_CTL_NIEN 0x02

/* Sectors per DRQ block READ/WRITE MULTIPLE may use (IDENTIFY word 47). */
#define ATA_MAX_MULT 16

/* What the channel asks of the host's bus-master engine. */
struct ata_dma_ops {
	/* Copy between buf and the guest memory that the engine's
	 * descriptor table describes, continuing where the previous call
	 * for this command stopped. Returns the bytes moved: fewer than len
	 * when the table ended first; -1 when the engine hit a bus error (it
	 * records that in its own status). */
	int64_t (*rw)(void *opaque, uint8_t *buf, size_t len, bool to_memory);
	/* A DMA command is waiting: if the engine is running, call
	 * ata_dma_run() now; otherwise it will when the guest starts it. */
	void (*ready)(void *opaque);
};

enum ata_xfer {
	ATA_XFER_NONE,
	ATA_XFER_PIO_IN,	/* device to host through the data port */
	ATA_XFER_PIO_OUT,
	ATA_XFER_DMA,		/* waiting for, or doing, a DMA transfer */
};

struct ata_channel;

struct ata_drive {
	struct ata_channel *ch;
	unsigned unit;		/* 0 or 1 on the cable */
	struct block *blk;	/* NULL: no device */
	uint64_t sectors;
	char serial[21], model[41], fw[9];
	uint16_t cyls, heads, spt;		/* default CHS geometry */
	uint16_t cur_cyls, cur_heads, cur_spt;	/* INITIALIZE DEVICE PARAMS */

	uint8_t status, error;
	bool irq_pending;	/* INTRQ wanted; cleared by a Status read */

	/* Settings the guest changes (SET FEATURES, SET MULTIPLE MODE). */
	unsigned mult;		/* sectors per DRQ block; 0 = multiple off */
	bool wcache, lookahead, standby;
	int pio_mode;		/* -1 = default */
	int mwdma_mode, udma_mode;	/* -1 = none selected */

	/* The command in progress. */
	uint8_t cmd;
	enum ata_xfer xfer;
	bool lba48, is_write, io_busy;
	uint64_t lba;		/* next sector to move */
	uint32_t left;		/* sectors still to move */
	uint32_t chunk;		/* sectors in the current DRQ block / request */
	uint32_t drq_sectors;	/* sectors per DRQ block for this command */
	uint8_t pio[ATA_MAX_MULT * BLOCK_SECTOR];
	unsigned pos, end;	/* data port cursor in pio[] */
	uint8_t *dma_buf;	/* bounce buffer for DMA, grown on demand */
	size_t dma_buf_size;
	struct block_req req;
};

struct ata_channel {
	const char *name;
	struct ata_drive drive[2];
	/* The task file: both devices latch every write (ATA/ATAPI-6
	 * 9.16), so one copy serves both; hob_* hold the previous writes
	 * for 48-bit commands. */
	uint8_t feature, nsect, lbal, lbam, lbah, device;
	uint8_t hob_feature, hob_nsect, hob_lbal, hob_lbam, hob_lbah;
	uint8_t devctl;
	struct irq irq;
	int irq_level;
	const struct ata_dma_ops *dma;
	void *dma_opaque;
};

void ata_channel_init(struct ata_channel *ch, const char *name,
		      struct irq irq);
/* Attach a disk as unit 0 or 1. The channel owns blk from then on and
 * closes it in ata_channel_destroy. `serial` may be NULL. */
int ata_attach_disk(struct ata_channel *ch, unsigned unit, struct block *blk,
		    const char *serial, struct err *e);
void ata_set_dma(struct ata_channel *ch, const struct ata_dma_ops *ops,
		 void *opaque);
/* Hardware reset (power-on, RESET- asserted): settings back to defaults. */
void ata_channel_reset(struct ata_channel *ch);
void ata_channel_destroy(struct ata_channel *ch);
bool ata_channel_empty(const struct ata_channel *ch);

/* Command block accesses: reg is an enum ata_reg; size 2 or 4 only for
 * the data register (4 = two 16-bit transfers, as 32-bit PIO does). The
 * data port is little-endian: the first byte of a sector is in bits 7:0. */
uint32_t ata_cmd_read(struct ata_channel *ch, unsigned reg, unsigned size);
void ata_cmd_write(struct ata_channel *ch, unsigned reg, uint32_t v,
		   unsigned size);
/* Control block: alternate status (read, no side effect) and device
 * control (write). */
uint8_t ata_ctl_read(struct ata_channel *ch);
void ata_ctl_write(struct ata_channel *ch, uint8_t v);

/* The engine is running: do the waiting DMA command, if there is one. */
void ata_dma_run(struct ata_channel *ch);
/* Is a DMA command waiting for the engine? */
bool ata_dma_waiting(const struct ata_channel *ch);

/* The 256 IDENTIFY DEVICE words as the device would return them now. */
void ata_identify(const struct ata_drive *d, uint16_t id[256]);

#endif
