/* WD33C93A SCSI controller, initiator side. Facts: WD33C93A datasheet as
 * summarised in SGI-FACTS 4.6.4 and 5.3.8, Linux's wd33c93.c (how the
 * single-phase commands and select-and-transfer are driven), MAME's
 * wd33c9x.cpp (register and status code values).
 *
 * The SCSI bus is modelled from the target's side as a phase sequence:
 * selection with ATN -> MESSAGE OUT (IDENTIFY, maybe SDTR) -> COMMAND ->
 * DATA IN/OUT -> STATUS -> MESSAGE IN (COMMAND COMPLETE) -> bus free. Our
 * targets answer SDTR with MESSAGE REJECT, i.e. asynchronous transfers,
 * which every initiator must accept (SCSI-2 6.6.21). */
#include "wd33c93.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vmm/log.h"

/* SCSI Status register values (Linux wd33c93.h CSR_*). */
#define CSR_RESET 0x00
#define CSR_RESET_AF 0x01
#define CSR_SELECT 0x11
#define CSR_SEL_XFER_DONE 0x16
#define CSR_XFER_DONE 0x18
#define CSR_MSGIN 0x20
#define CSR_ABORT 0x22
#define CSR_INVALID 0x40
#define CSR_UNEXP_DISC 0x41
#define CSR_TIMEOUT 0x42
#define CSR_UNEXP 0x48
#define CSR_DISC 0x85
#define CSR_SRV_REQ 0x88

#define CTRL_DM 0xe0		/* DMA mode bits; 0 = polled */
#define OWN_EAF 0x08

#define WD_CHUNK 65536
#define WD_QUEUE 8

enum wd_run { RUN_IDLE, RUN_XFER, RUN_SAT };
enum wd_move { MOVE_COUNT, MOVE_PHASE, MOVE_WAIT };

struct wd33c93 {
	struct wd33c93_config cfg;
	uint8_t regs[32];
	uint8_t addr;
	/* Interrupts: regs[WD_SCSI_STATUS] is the one shown; more wait
	 * here and come up one per status read (SGI-FACTS 4.6.4). */
	uint8_t q[WD_QUEUE];
	unsigned nq;
	bool intr, lci, req_pending;

	/* The bus, as the connected target drives it. */
	int target;		/* -1: bus free */
	enum scsi_phase phase;
	bool atn, ack_held, last_was_complete;
	enum scsi_phase after_msgin;
	struct scsi_req req;
	uint8_t cdb[SCSI_CDB_MAX];
	unsigned cdb_n;
	uint8_t msgout[16];
	unsigned msgout_n;
	uint8_t msgin;

	/* The command in progress. */
	enum wd_run run;
	uint8_t cmd;
	enum scsi_phase xfer_phase;
	uint32_t sbt_left;	/* single-byte transfer: count kept here */
	bool sbt;
	bool dbr;		/* data register holds a byte / wants one */
	bool dbr_in;		/* ... holds one for the host to read */
	uint8_t data;
	/* Bytes the target gave that the DMA engine has not taken yet. */
	uint32_t pend_off, pend_len;
	uint8_t buf[WD_CHUNK];
};

static struct scsi_dev *wd_dev(struct wd33c93 *w)
{
	return w->target >= 0 ? w->cfg.bus->dev[w->target] : NULL;
}

static void wd_update_irq(struct wd33c93 *w)
{
	irq_set(&w->cfg.irq, w->intr);
}

static void wd_interrupt(struct wd33c93 *w, uint8_t csr)
{
	TRACE(TRACE_DEV, "%s: interrupt 0x%02x (phase %d)", w->cfg.name, csr,
	      w->phase);
	if (!w->intr) {
		w->regs[WD_SCSI_STATUS] = csr;
		w->intr = true;
		wd_update_irq(w);
	} else if (w->nq < WD_QUEUE) {
		w->q[w->nq++] = csr;
	} else {
		LOG_RATELIMITED("%s: interrupt queue full, 0x%02x dropped",
				w->cfg.name, csr);
	}
}

static uint32_t wd_tc(const struct wd33c93 *w)
{
	return (uint32_t)w->regs[WD_TC_MSB] << 16 |
	       (uint32_t)w->regs[WD_TC_MID] << 8 | w->regs[WD_TC_LSB];
}

static void wd_set_tc(struct wd33c93 *w, uint32_t v)
{
	w->regs[WD_TC_MSB] = v >> 16;
	w->regs[WD_TC_MID] = v >> 8;
	w->regs[WD_TC_LSB] = v;
}

/* Transfers count down the 24-bit register, or the single byte of SBT. */
static uint32_t wd_count(const struct wd33c93 *w)
{
	return w->sbt ? w->sbt_left : wd_tc(w);
}

static void wd_consume(struct wd33c93 *w, uint32_t n)
{
	if (w->sbt)
		w->sbt_left -= n;
	else
		wd_set_tc(w, wd_tc(w) - n);
}

static void wd_bus_free(struct wd33c93 *w)
{
	scsi_req_abort(&w->req);
	w->target = -1;
	w->atn = w->ack_held = false;
	w->pend_len = 0;
	w->req_pending = false;
}

/* The target's side of the phases. */

static void tgt_start_command(struct wd33c93 *w)
{
	struct scsi_dev *d = wd_dev(w);

	scsi_req_start(d, &w->req, w->cdb, w->cdb_n, w->regs[WD_TARGET_LUN] & 7);
	if (w->req.done || !w->req.xfer_len)
		w->phase = SCSI_PHASE_STATUS;
	else
		w->phase = w->req.dir == SCSI_DIR_IN ? SCSI_PHASE_DATA_IN
						     : SCSI_PHASE_DATA_OUT;
	if (w->phase == SCSI_PHASE_STATUS)
		scsi_req_end_data(d, &w->req);
}

/* MESSAGE OUT is over (ATN went away): act on what was sent. */
static void tgt_msgout_done(struct wd33c93 *w)
{
	bool reject = false;

	for (unsigned i = 0; i < w->msgout_n; i++) {
		uint8_t m = w->msgout[i];

		if (m & 0x80) {			/* IDENTIFY */
			w->regs[WD_TARGET_LUN] = (w->regs[WD_TARGET_LUN] & ~7) |
						 (m & 7);
		} else if (m == 0x01) {		/* extended: SDTR, WDTR */
			reject = true;
			break;
		} else if (m == 0x06 || m == 0x0c) {	/* ABORT, BDR */
			struct scsi_dev *d = wd_dev(w);

			if (m == 0x0c && d && d->ops->reset)
				d->ops->reset(d);
			wd_bus_free(w);
			w->msgout_n = 0;
			return;
		}
	}
	w->msgout_n = 0;
	/* Messages come before the command: ATN is only raised at
	 * selection by the initiators we serve. */
	w->after_msgin = SCSI_PHASE_COMMAND;
	if (reject) {
		w->msgin = 0x07;	/* MESSAGE REJECT: stay asynchronous */
		w->phase = SCSI_PHASE_MSG_IN;
	} else {
		w->phase = SCSI_PHASE_COMMAND;
	}
}

/* One byte from the target in an IN phase other than data. */
static uint8_t tgt_byte_in(struct wd33c93 *w)
{
	uint8_t b;

	if (w->phase == SCSI_PHASE_STATUS) {
		b = w->req.status;
		w->msgin = 0x00;	/* COMMAND COMPLETE */
		w->phase = SCSI_PHASE_MSG_IN;
		return b;
	}
	/* MESSAGE IN: the byte stays "ACKed" until NEGATE ACK. */
	b = w->msgin;
	w->last_was_complete = b == 0x00;
	w->ack_held = true;
	return b;
}

/* One byte to the target in an OUT phase other than data. */
static void tgt_byte_out(struct wd33c93 *w, uint8_t b, bool last)
{
	if (w->phase == SCSI_PHASE_MSG_OUT) {
		if (w->msgout_n < sizeof(w->msgout))
			w->msgout[w->msgout_n++] = b;
		if (last) {
			w->atn = false;
			tgt_msgout_done(w);
		}
		return;
	}
	/* COMMAND: the opcode's group says how many bytes follow. */
	if (w->cdb_n < SCSI_CDB_MAX)
		w->cdb[w->cdb_n++] = b;
	if (w->cdb_n >= scsi_cdb_length(w->cdb[0]))
		tgt_start_command(w);
}

static void tgt_data_end_check(struct wd33c93 *w)
{
	if (w->req.done) {
		w->phase = SCSI_PHASE_STATUS;
		w->pend_len = 0;
	}
}

/* Move data-phase bytes: by DMA (CONTROL DMA mode set) or one byte at a
 * time through the data register. Bounded by the count and the target's
 * data; returns why it stopped. */
static enum wd_move wd_move_data(struct wd33c93 *w)
{
	struct scsi_dev *d = wd_dev(w);
	bool dma = (w->regs[WD_CONTROL] & CTRL_DM) && !w->sbt;
	enum scsi_phase p = w->phase;

	while (w->phase == p) {
		uint32_t cnt = wd_count(w), n;

		if (!cnt)
			return MOVE_COUNT;
		if (!dma) {
			/* Polled: one byte waits in the data register. */
			if (!w->dbr) {
				if (p == SCSI_PHASE_DATA_IN &&
				    scsi_req_read(d, &w->req, &w->data, 1) != 1) {
					tgt_data_end_check(w);
					continue;
				}
				w->dbr = true;
				w->dbr_in = p == SCSI_PHASE_DATA_IN;
			}
			return MOVE_WAIT;
		}
		if (p == SCSI_PHASE_DATA_IN) {
			if (!w->pend_len) {
				n = cnt < WD_CHUNK ? cnt : WD_CHUNK;
				w->pend_off = 0;
				w->pend_len = scsi_req_read(d, &w->req, w->buf, n);
				if (!w->pend_len) {
					tgt_data_end_check(w);
					continue;
				}
			}
			n = w->cfg.dma.to_mem
				    ? w->cfg.dma.to_mem(w->cfg.dma.opaque,
							w->buf + w->pend_off,
							w->pend_len)
				    : 0;
			if (n > w->pend_len)
				n = w->pend_len;
			w->pend_off += n;
			w->pend_len -= n;
			wd_consume(w, n);
			if (w->pend_len)
				return MOVE_WAIT;	/* DMA stalled */
		} else {
			n = cnt < WD_CHUNK ? cnt : WD_CHUNK;
			if (n > w->req.xfer_len - w->req.xfer_pos)
				n = w->req.xfer_len - w->req.xfer_pos;
			n = w->cfg.dma.from_mem
				    ? w->cfg.dma.from_mem(w->cfg.dma.opaque,
							  w->buf, n)
				    : 0;
			if (!n)
				return MOVE_WAIT;
			scsi_req_write(d, &w->req, w->buf, n);
			wd_consume(w, n);
		}
		tgt_data_end_check(w);
	}
	return MOVE_PHASE;
}

static void wd_command_done(struct wd33c93 *w, uint8_t csr)
{
	w->run = RUN_IDLE;
	w->dbr = false;
	wd_interrupt(w, csr);
}

/* Select the Destination ID target, with ATN (a message out first) or
 * without; false when nothing answers there (no device, or our own id). */
static bool wd_select(struct wd33c93 *w, bool atn)
{
	int id = w->regs[WD_DEST_ID] & 7;

	if (!w->cfg.bus->dev[id] || id == (w->regs[WD_OWN_ID] & 7))
		return false;
	w->target = id;
	w->cdb_n = 0;
	w->msgout_n = 0;
	w->atn = atn;
	w->phase = atn ? SCSI_PHASE_MSG_OUT : SCSI_PHASE_COMMAND;
	return true;
}

/* Select-and-transfer, from wherever Command Phase says it stopped. The
 * target's phase decides each step; Command Phase records progress the
 * way IRIX reads it (0x10 selected, 0x20 identify sent, 0x3n CDB bytes,
 * 0x46 data done, 0x50 status in, 0x60 command complete). */
static void wd_sat_step(struct wd33c93 *w)
{
	unsigned guard;

	if (w->target < 0) {
		if (w->regs[WD_COMMAND_PHASE] >= 0x10) {
			/* Resuming a command whose target has gone. */
			wd_command_done(w, CSR_UNEXP_DISC);
			return;
		}
		if (!wd_select(w, w->cmd == 0x08)) {
			wd_command_done(w, CSR_TIMEOUT);
			return;
		}
		w->regs[WD_COMMAND_PHASE] = 0x10;
	}
	/* Each pass makes a phase step; a target cannot loop us forever. */
	for (guard = 0; guard < 32; guard++) {
		switch (w->phase) {
		case SCSI_PHASE_MSG_OUT: {
			uint8_t id = 0x80 | (w->regs[WD_TARGET_LUN] & 7);

			if (w->regs[WD_SOURCE_ID] & 0x80)
				id |= 0x40;	/* may disconnect */
			tgt_byte_out(w, id, true);
			w->regs[WD_COMMAND_PHASE] = 0x20;
			break;
		}
		case SCSI_PHASE_COMMAND: {
			/* The CDB size is in OWN_ID for every command
			 * (Linux writes it; the chip knows groups 0, 1, 5). */
			unsigned n = w->regs[WD_OWN_ID] & 0x0f;

			if (n < 6 || n > 12)
				n = scsi_cdb_length(w->regs[WD_CDB_1]);
			if (n > 12)
				n = 12;
			w->cdb_n = 0;
			for (unsigned i = 0; i < n && w->phase ==
			     SCSI_PHASE_COMMAND; i++)
				tgt_byte_out(w, w->regs[WD_CDB_1 + i], false);
			if (w->phase == SCSI_PHASE_COMMAND)
				/* Fewer bytes than its group needs: the target
				 * rejects the CDB with CHECK CONDITION. */
				tgt_start_command(w);
			w->regs[WD_COMMAND_PHASE] = 0x30 + n;
			break;
		}
		case SCSI_PHASE_DATA_IN:
		case SCSI_PHASE_DATA_OUT: {
			enum wd_move m;

			if (!wd_count(w)) {
				/* No count armed: the driver steps the data
				 * phase itself (Linux sets 0 on purpose). */
				wd_command_done(w, CSR_UNEXP | w->phase);
				return;
			}
			m = wd_move_data(w);
			if (m == MOVE_WAIT)
				return;
			if (m == MOVE_COUNT &&
			    (w->phase == SCSI_PHASE_DATA_IN ||
			     w->phase == SCSI_PHASE_DATA_OUT)) {
				wd_command_done(w, CSR_UNEXP | w->phase);
				return;
			}
			w->regs[WD_COMMAND_PHASE] = 0x46;
			break;
		}
		case SCSI_PHASE_STATUS:
			/* The status byte is returned in TARGET_LUN
			 * (SGI-FACTS 4.6.4). */
			w->regs[WD_TARGET_LUN] = tgt_byte_in(w);
			w->regs[WD_COMMAND_PHASE] = 0x50;
			break;
		case SCSI_PHASE_MSG_IN: {
			uint8_t m = tgt_byte_in(w);

			if (m != 0x00) {
				w->regs[WD_COMMAND_PHASE] = 0x4f;
				wd_command_done(w, CSR_MSGIN);
				return;
			}
			w->regs[WD_COMMAND_PHASE] = 0x60;
			wd_bus_free(w);
			wd_command_done(w, CSR_SEL_XFER_DONE);
			return;
		}
		}
	}
	wd_command_done(w, CSR_INVALID);
}

/* TRANSFER INFO in the phase the target asserts. */
static void wd_xfer_step(struct wd33c93 *w)
{
	enum scsi_phase p = w->xfer_phase;

	if (w->target < 0) {
		wd_command_done(w, CSR_UNEXP_DISC);
		return;
	}
	if (p == SCSI_PHASE_DATA_IN || p == SCSI_PHASE_DATA_OUT) {
		if (wd_move_data(w) == MOVE_WAIT)
			return;
	} else if (w->phase == p && wd_count(w)) {
		/* Messages, command and status go through the data
		 * register one byte at a time (Linux transfer_pio). */
		if (!w->dbr) {
			w->dbr_in = p == SCSI_PHASE_STATUS ||
				    p == SCSI_PHASE_MSG_IN;
			if (w->dbr_in)
				w->data = tgt_byte_in(w);
			w->dbr = true;
		}
		return;
	}
	if (p == SCSI_PHASE_MSG_IN && w->ack_held)
		wd_command_done(w, CSR_MSGIN);
	else if (!wd_count(w))
		wd_command_done(w, CSR_XFER_DONE | w->phase);
	else
		wd_command_done(w, CSR_UNEXP | w->phase);
}

static void wd_step(struct wd33c93 *w)
{
	if (w->run == RUN_SAT)
		wd_sat_step(w);
	else if (w->run == RUN_XFER)
		wd_xfer_step(w);
}

/* The host read the data register (PIO in). */
static uint8_t wd_data_read(struct wd33c93 *w)
{
	uint8_t v = w->data;

	if (!w->dbr || !w->dbr_in || w->run == RUN_IDLE)
		return v;
	w->dbr = false;
	wd_consume(w, 1);
	if (w->phase == SCSI_PHASE_DATA_IN)
		tgt_data_end_check(w);
	wd_step(w);
	return v;
}

/* The host wrote the data register (PIO out). Without a byte wanted the
 * write is dropped: the FIFO cannot overfill (BAD-INPUTS row 16). */
static void wd_data_write(struct wd33c93 *w, uint8_t v)
{
	struct scsi_dev *d = wd_dev(w);

	w->data = v;
	if (!w->dbr || w->dbr_in || w->run == RUN_IDLE || !d) {
		LOG_RATELIMITED("%s: data register write 0x%02x with no byte"
				" wanted, dropped", w->cfg.name, v);
		return;
	}
	w->dbr = false;
	wd_consume(w, 1);
	if (w->phase == SCSI_PHASE_DATA_OUT) {
		scsi_req_write(d, &w->req, &v, 1);
		tgt_data_end_check(w);
	} else {
		tgt_byte_out(w, v, wd_count(w) == 0);
	}
	wd_step(w);
}

static void wd_soft_reset(struct wd33c93 *w)
{
	uint8_t own = w->regs[WD_OWN_ID];

	wd_bus_free(w);
	memset(w->regs, 0, sizeof(w->regs));
	w->regs[WD_OWN_ID] = own;
	/* Reserved registers (and a 93A's queue tag) read as 0xff. */
	for (int i = WD_QUEUE_TAG; i < WD_AUX_STATUS; i++)
		w->regs[i] = 0xff;
	w->run = RUN_IDLE;
	w->dbr = false;
	w->nq = 0;
	w->intr = false;
	w->lci = false;
	wd_update_irq(w);
	/* 0x01 after a reset with advanced features: a 93A/93B (Linux's
	 * probe, SGI-FACTS 5.3.8). */
	wd_interrupt(w, own & OWN_EAF ? CSR_RESET_AF : CSR_RESET);
}

void wd33c93_hw_reset(struct wd33c93 *w)
{
	w->regs[WD_OWN_ID] = 0;
	scsi_bus_reset(w->cfg.bus);
	wd_soft_reset(w);
}

static void wd_command(struct wd33c93 *w, uint8_t v)
{
	uint8_t cmd = v & 0x7f;

	w->regs[WD_COMMAND] = v;
	TRACE(TRACE_DEV, "%s: command 0x%02x (phase %d, tc %u)", w->cfg.name,
	      v, w->phase, wd_tc(w));
	/* RESET, ABORT, ASSERT ATN, NEGATE ACK and DISCONNECT may be given
	 * at any time; any other command while one runs or an interrupt is
	 * pending is ignored with LCI, which IRIX retries on. */
	if (cmd > 0x04 && (w->run != RUN_IDLE || w->intr)) {
		w->lci = true;
		return;
	}
	w->lci = false;
	switch (cmd) {
	case 0x00:
		wd_soft_reset(w);
		return;
	case 0x01:	/* ABORT: drop the command and the connection */
		w->run = RUN_IDLE;
		w->dbr = false;
		wd_bus_free(w);
		wd_interrupt(w, CSR_ABORT);
		return;
	case 0x02:
		w->atn = true;
		return;
	case 0x03:	/* NEGATE ACK after a MESSAGE IN byte */
		if (!w->ack_held || w->target < 0)
			return;
		w->ack_held = false;
		if (w->last_was_complete) {
			wd_bus_free(w);
			wd_interrupt(w, CSR_DISC);
			return;
		}
		w->phase = w->atn ? SCSI_PHASE_MSG_OUT : w->after_msgin;
		wd_interrupt(w, CSR_SRV_REQ | w->phase);
		return;
	case 0x04:	/* DISCONNECT: release the bus, no interrupt */
		w->run = RUN_IDLE;
		w->dbr = false;
		wd_bus_free(w);
		return;
	case 0x06:
	case 0x07:	/* SELECT WITH ATN / SELECT */
		if (w->target >= 0) {
			wd_interrupt(w, CSR_INVALID);
			return;
		}
		if (!wd_select(w, cmd == 0x06)) {
			wd_interrupt(w, CSR_TIMEOUT);
			return;
		}
		/* The target asks for its first phase once SELECT's own
		 * interrupt has been read. */
		w->req_pending = true;
		wd_interrupt(w, CSR_SELECT);
		return;
	case 0x08:
	case 0x09:
		w->cmd = cmd;
		w->sbt = false;
		w->run = RUN_SAT;
		wd_sat_step(w);
		return;
	case 0x20:	/* TRANSFER INFO (bit 7: single byte) */
		if (w->target < 0) {
			wd_interrupt(w, CSR_INVALID);
			return;
		}
		w->cmd = cmd;
		w->sbt = v & 0x80;
		w->sbt_left = 1;
		w->xfer_phase = w->phase;
		w->run = RUN_XFER;
		w->req_pending = false;
		wd_xfer_step(w);
		return;
	default:	/* target-mode and other commands: not an initiator's */
		LOG_RATELIMITED("%s: unimplemented command 0x%02x",
				w->cfg.name, v);
		wd_interrupt(w, CSR_INVALID);
	}
}

uint8_t wd33c93_read(struct wd33c93 *w, unsigned a0)
{
	uint8_t r, v;

	if (!a0) {
		return (w->intr ? WD_ASR_INT : 0) | (w->lci ? WD_ASR_LCI : 0) |
		       (w->run != RUN_IDLE ? WD_ASR_BSY | WD_ASR_CIP : 0) |
		       (w->dbr ? WD_ASR_DBR : 0);
	}
	r = w->addr;
	switch (r) {
	case WD_SCSI_STATUS:
		v = w->regs[r];
		if (w->intr) {
			w->intr = false;
			if (w->nq) {
				w->regs[r] = w->q[0];
				memmove(w->q, w->q + 1, --w->nq);
				w->intr = true;
			} else if (w->req_pending && w->target >= 0 &&
				   w->run == RUN_IDLE) {
				/* Service required: the target asserts REQ in
				 * its next phase. */
				w->req_pending = false;
				w->regs[r] = CSR_SRV_REQ | w->phase;
				w->intr = true;
			}
			wd_update_irq(w);
		}
		if (w->cfg.dma.status_read)
			w->cfg.dma.status_read(w->cfg.dma.opaque);
		break;
	case WD_DATA:
		v = wd_data_read(w);
		break;
	case WD_AUX_STATUS:
		return wd33c93_read(w, 0);
	default:
		v = w->regs[r];
	}
	if (r != WD_COMMAND && r != WD_DATA && r != WD_AUX_STATUS)
		w->addr = (w->addr + 1) & 0x1f;
	return v;
}

void wd33c93_write(struct wd33c93 *w, unsigned a0, uint8_t v)
{
	uint8_t r;

	if (!a0) {
		w->addr = v & 0x1f;
		return;
	}
	r = w->addr;
	switch (r) {
	case WD_COMMAND:
		wd_command(w, v);
		break;
	case WD_DATA:
		wd_data_write(w, v);
		break;
	case WD_SCSI_STATUS:
	case WD_AUX_STATUS:
		break;	/* read-only */
	case WD_QUEUE_TAG:
		break;	/* a 93A does not latch it (SGI-FACTS 4.6.4) */
	case WD_TARGET_LUN:
	default:
		if (r < WD_QUEUE_TAG)
			w->regs[r] = v;
	}
	if (r != WD_COMMAND && r != WD_DATA && r != WD_AUX_STATUS)
		w->addr = (w->addr + 1) & 0x1f;
}

void wd33c93_dma_ready(struct wd33c93 *w)
{
	if (w->run != RUN_IDLE && (w->regs[WD_CONTROL] & CTRL_DM))
		wd_step(w);
}

bool wd33c93_irq_asserted(const struct wd33c93 *w)
{
	return w->intr;
}

int wd33c93_create(const struct wd33c93_config *cfg, struct wd33c93 **out,
		   struct err *e)
{
	struct wd33c93 *w = calloc(1, sizeof(*w));

	*out = NULL;
	if (!w)
		return err_set(e, "out of memory");
	w->cfg = *cfg;
	w->target = -1;
	wd_soft_reset(w);
	/* Power-on: no interrupt until the first reset is asked for. */
	w->intr = false;
	w->nq = 0;
	wd_update_irq(w);
	*out = w;
	return 0;
}

void wd33c93_destroy(struct wd33c93 *w)
{
	if (!w)
		return;
	scsi_req_abort(&w->req);
	free(w);
}
