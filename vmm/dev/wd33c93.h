/* Western Digital WD33C93A SCSI bus interface controller (initiator
 * side), as on the SGI IP22 (Indy, Indigo2) behind HPC3: an indirect
 * register file (address register + data register), the level-II
 * select-and-transfer command IRIX and the PROM use for everything, and
 * the single-phase commands Linux's wd33c93 driver steps with. Data
 * moves through a DMA engine the board supplies (HPC3) or through the
 * data register (polled). The chip runs each command to completion or to
 * a wait (DMA stalled, host PIO byte) inside the register access; there
 * is no thread, so no command is ever lost (SGI-FACTS 4.6.4). */
#ifndef MIPSVZ_DEV_WD33C93_H
#define MIPSVZ_DEV_WD33C93_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vmm/dev/scsi.h"
#include "vmm/err.h"
#include "vmm/irq.h"

/* Registers (WD33C93A datasheet; Linux wd33c93.h; MAME wd33c9x.cpp). */
enum {
	WD_OWN_ID = 0x00, WD_CONTROL = 0x01, WD_TIMEOUT = 0x02,
	WD_CDB_1 = 0x03, WD_TARGET_LUN = 0x0f, WD_COMMAND_PHASE = 0x10,
	WD_SYNC = 0x11, WD_TC_MSB = 0x12, WD_TC_MID = 0x13, WD_TC_LSB = 0x14,
	WD_DEST_ID = 0x15, WD_SOURCE_ID = 0x16, WD_SCSI_STATUS = 0x17,
	WD_COMMAND = 0x18, WD_DATA = 0x19, WD_QUEUE_TAG = 0x1a,
	WD_AUX_STATUS = 0x1f,
};

#define WD_ASR_INT 0x80
#define WD_ASR_LCI 0x40
#define WD_ASR_BSY 0x20
#define WD_ASR_CIP 0x10
#define WD_ASR_PE 0x02
#define WD_ASR_DBR 0x01

/* The DMA engine's side (HPC3 SCSI channel). */
struct wd33c93_dma {
	/* Device to memory: take up to len bytes; fewer when the channel is
	 * not active or its chain ended (the chip then waits). */
	size_t (*to_mem)(void *opaque, const uint8_t *buf, size_t len);
	/* Memory to device: give up to len bytes. */
	size_t (*from_mem)(void *opaque, uint8_t *buf, size_t len);
	/* The guest read SCSI Status: on SGI this also acknowledges the
	 * paired HPC3 DMA interrupt (SGI-FACTS 4.6.3, miniroot hang). */
	void (*status_read)(void *opaque);
	void *opaque;
};

struct wd33c93_config {
	const char *name;
	struct scsi_bus *bus;	/* targets; the chip's own id is OWN_ID */
	struct irq irq;		/* INTRQ */
	struct wd33c93_dma dma;
};

struct wd33c93;

int wd33c93_create(const struct wd33c93_config *cfg, struct wd33c93 **out,
		   struct err *e);
void wd33c93_destroy(struct wd33c93 *w);
/* The MR pin (HPC3 CRESET): chip and SCSI bus reset; ends with the
 * reset interrupt Linux and the PROM wait for (SGI-FACTS 4.6.3). */
void wd33c93_hw_reset(struct wd33c93 *w);
/* a0 = 0: address register (write) / auxiliary status (read); a0 = 1:
 * the register it selects. */
uint8_t wd33c93_read(struct wd33c93 *w, unsigned a0);
void wd33c93_write(struct wd33c93 *w, unsigned a0, uint8_t v);
/* The DMA engine can move data again (channel armed): a transfer that
 * was waiting goes on. */
void wd33c93_dma_ready(struct wd33c93 *w);
bool wd33c93_irq_asserted(const struct wd33c93 *w);

#endif
