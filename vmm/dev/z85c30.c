/* Zilog Z85C30 SCC, asynchronous modes. Facts from the Zilog "SCC/ESCC
 * User's Manual" (UM010905): register pointer in WR0 (reset to 0 after
 * every other control access, "point high" adds 8), reset values
 * (register reset table: WR11 0x08, WR15 0xf8, RR0 0x44, RR1 0x07), 3-byte receive
 * FIFO whose last byte is overwritten on overrun, interrupt priority
 * A Rx > A Tx > A Ext > B Rx > B Tx > B Ext with IP/IUS and the RR2
 * status-affects-vector codes; and from Linux's ip22zilog.c (what an
 * IP22 kernel reads: RR0 Tx-empty polling, RR3 from channel A, RES_H_IUS
 * before service, Tx interrupts only after a character was written). */
#include "z85c30.h"

#include <stdlib.h>
#include <string.h>

#include "vmm/dev/regstride.h"
#include "vmm/log.h"

/* WR0 commands (bits 5:3) */
enum {
	CMD_NULL, CMD_POINT_HIGH, CMD_RESET_EXT, CMD_SEND_ABORT,
	CMD_RX_NEXT, CMD_RESET_TXP, CMD_ERROR_RESET, CMD_RESET_IUS,
};

#define WR1_EXT_IE 0x01
#define WR1_TX_IE 0x02
#define WR1_PAR_SPECIAL 0x04
#define WR3_RX_EN 0x01
#define WR5_TX_EN 0x08
#define WR9_VIS 0x01
#define WR9_NV 0x02
#define WR9_MIE 0x08
#define WR9_SHSL 0x10
#define WR9_SWIACK 0x20
#define WR14_BRG_EN 0x01
#define WR14_LOOPBACK 0x10
#define WR15_DCD_IE 0x08
#define WR15_SYNC_IE 0x10
#define WR15_CTS_IE 0x20
#define WR15_BRK_IE 0x80

/* The RR0 bits an external/status interrupt latches. */
#define EXT_BITS (Z85C30_RR0_DCD | Z85C30_RR0_SYNC | Z85C30_RR0_CTS | \
		  Z85C30_RR0_BREAK)

struct zch {
	struct z85c30 *z;
	int idx;			/* Z85C30_CH_A / _B */
	uint8_t wr[16];			/* WR2 and WR9 live in struct z85c30 */
	uint8_t ptr;			/* register pointer */
	uint8_t fifo[Z85C30_RX_FIFO], fifo_st[Z85C30_RX_FIFO];
	unsigned nfifo;
	uint8_t last_rx;
	uint8_t rr1_errors;		/* latched until Error Reset */
	bool tx_full;
	uint8_t tx_data;
	bool tx_ip;
	bool rx_first;			/* "Rx int on first character" armed */
	bool ext_ip;
	uint8_t ext_latch;		/* RR0 status at the ext interrupt */
	uint8_t status;			/* live DCD/SYNC/CTS/BREAK inputs */
	bool rx_held;			/* can_receive said 0 */
};

struct z85c30 {
	struct z85c30_config cfg;
	struct zch ch[2];
	uint8_t wr2, wr9;
	uint8_t ius;			/* RR3 bit layout */
	bool level;
};

static const uint8_t rx_bit[2] = { Z85C30_RR3_A_RX, Z85C30_RR3_B_RX };
static const uint8_t tx_bit[2] = { Z85C30_RR3_A_TX, Z85C30_RR3_B_TX };
static const uint8_t ext_bit[2] = { Z85C30_RR3_A_EXT, Z85C30_RR3_B_EXT };

static bool rx_special(const struct zch *c)
{
	uint8_t st = c->nfifo ? c->fifo_st[0] : 0;

	if (st & Z85C30_RR1_OVERRUN)
		return true;
	return (c->wr[1] & WR1_PAR_SPECIAL) && (st & Z85C30_RR1_PARITY);
}

/* Interrupt-pending bits in RR3 layout: only enabled sources pend. */
static uint8_t ip_bits(const struct z85c30 *z)
{
	uint8_t ip = 0;

	for (int i = 0; i < 2; i++) {
		const struct zch *c = &z->ch[i];
		bool rx = false;

		switch ((c->wr[1] >> 3) & 3) {
		case 1:
			rx = (c->rx_first && c->nfifo) || rx_special(c);
			break;
		case 2:
			rx = c->nfifo || rx_special(c);
			break;
		case 3:
			rx = rx_special(c);
			break;
		}
		if (rx)
			ip |= rx_bit[i];
		if (c->tx_ip && (c->wr[1] & WR1_TX_IE))
			ip |= tx_bit[i];
		if (c->ext_ip && (c->wr[1] & WR1_EXT_IE))
			ip |= ext_bit[i];
	}
	return ip;
}

static int highest_bit(uint8_t v)
{
	for (int b = 7; b >= 0; b--)
		if (v & (1u << b))
			return b;
	return -1;
}

/* Pending sources not blocked by an interrupt under service of equal or
 * higher priority. */
static uint8_t ip_unblocked(const struct z85c30 *z)
{
	int h = highest_bit(z->ius);
	uint8_t ip = ip_bits(z);

	return h < 0 ? ip : ip & (uint8_t)~((2u << h) - 1);
}

static void update_irq(struct z85c30 *z)
{
	bool level = (z->wr9 & WR9_MIE) && ip_unblocked(z);

	if (level != z->level) {
		z->level = level;
		TRACE(TRACE_IRQ, "%s: INT %d", z->cfg.name, level);
		irq_set(&z->cfg.irq, level);
	}
}

/* Status code of the highest pending source (manual table "interrupt
 * vector modification"): 3 when nothing pends. */
static unsigned vector_status(const struct z85c30 *z)
{
	uint8_t ip = ip_unblocked(z);

	if (ip & Z85C30_RR3_A_RX)
		return rx_special(&z->ch[Z85C30_CH_A]) ? 7 : 6;
	if (ip & Z85C30_RR3_A_TX)
		return 4;
	if (ip & Z85C30_RR3_A_EXT)
		return 5;
	if (ip & Z85C30_RR3_B_RX)
		return rx_special(&z->ch[Z85C30_CH_B]) ? 3 : 2;
	if (ip & Z85C30_RR3_B_TX)
		return 0;
	if (ip & Z85C30_RR3_B_EXT)
		return 1;
	return 3;
}

static uint8_t modified_vector(const struct z85c30 *z)
{
	unsigned st = vector_status(z);

	if (z->wr9 & WR9_SHSL)	/* status high: V4-V6, bit order reversed */
		return (z->wr2 & 0x8f) | (st >> 2 & 1) << 4 |
		       (st >> 1 & 1) << 5 | (st & 1) << 6;
	return (z->wr2 & 0xf1) | st << 1;
}

uint8_t z85c30_iack(struct z85c30 *z)
{
	int b = highest_bit(ip_unblocked(z));
	uint8_t v = (z->wr9 & WR9_VIS) ? modified_vector(z) : z->wr2;

	if (b >= 0)
		z->ius |= 1u << b;
	update_irq(z);
	return (z->wr9 & WR9_NV) ? 0xff : v;
}

bool z85c30_irq_level(const struct z85c30 *z)
{
	return z->level;
}

static uint8_t rr0(const struct zch *c)
{
	uint8_t st = c->ext_ip ? c->ext_latch : c->status;
	uint8_t v = (st & EXT_BITS) | Z85C30_RR0_TX_EOM;

	if (c->nfifo)
		v |= Z85C30_RR0_RX_AVAIL;
	if (!c->tx_full)
		v |= Z85C30_RR0_TX_EMPTY;
	return v;
}

static uint8_t rr1(const struct zch *c)
{
	uint8_t v = 0x06 | c->rr1_errors;	/* residue code 011: 8 bits */

	if (!c->tx_full)
		v |= Z85C30_RR1_ALL_SENT;
	if (c->nfifo)
		v |= c->fifo_st[0];
	return v;
}

/* A status input changed: latch and raise an external/status interrupt
 * if WR15 enables that condition and none is pending already. */
static void ext_change(struct zch *c, uint8_t old)
{
	uint8_t en = 0, changed = (old ^ c->status) & EXT_BITS;

	if (c->wr[15] & WR15_DCD_IE)
		en |= Z85C30_RR0_DCD;
	if (c->wr[15] & WR15_SYNC_IE)
		en |= Z85C30_RR0_SYNC;
	if (c->wr[15] & WR15_CTS_IE)
		en |= Z85C30_RR0_CTS;
	if (c->wr[15] & WR15_BRK_IE)
		en |= Z85C30_RR0_BREAK;
	if ((changed & en) && !c->ext_ip) {
		c->ext_ip = true;
		c->ext_latch = c->status;
	}
	update_irq(c->z);
}

static void set_status(struct zch *c, uint8_t bit, bool on)
{
	uint8_t old = c->status;

	c->status = on ? c->status | bit : c->status & ~bit;
	if (old != c->status)
		ext_change(c, old);
}

void z85c30_set_dcd(struct z85c30 *z, int ch, bool on)
{
	set_status(&z->ch[ch & 1], Z85C30_RR0_DCD, on);
}

void z85c30_set_cts(struct z85c30 *z, int ch, bool on)
{
	set_status(&z->ch[ch & 1], Z85C30_RR0_CTS, on);
}

void z85c30_set_break(struct z85c30 *z, int ch, bool on)
{
	set_status(&z->ch[ch & 1], Z85C30_RR0_BREAK, on);
}

static void rx_push(struct zch *c, uint8_t b)
{
	if (!(c->wr[3] & WR3_RX_EN))
		return;
	if (c->nfifo < Z85C30_RX_FIFO) {
		c->fifo[c->nfifo] = b;
		c->fifo_st[c->nfifo++] = 0;
	} else {
		/* The newest byte overwrites the last one in the FIFO. */
		c->fifo[Z85C30_RX_FIFO - 1] = b;
		c->fifo_st[Z85C30_RX_FIFO - 1] = Z85C30_RR1_OVERRUN;
	}
}

static void maybe_accept_input(struct zch *c)
{
	if (c->rx_held && z85c30_can_receive(c->z, c->idx)) {
		c->rx_held = false;
		chardev_accept_input(c->z->cfg.chr[c->idx]);
	}
}

static void tx_start(struct zch *c)
{
	uint8_t b;

	if (!c->tx_full || !(c->wr[5] & WR5_TX_EN))
		return;
	b = c->tx_data;
	c->tx_full = false;
	c->tx_ip = true;	/* the buffer just became empty */
	if (c->wr[14] & WR14_LOOPBACK)
		rx_push(c, b);
	else
		chardev_write(c->z->cfg.chr[c->idx], &b, 1);
}

static void data_write(struct zch *c, uint8_t v)
{
	c->tx_data = v;		/* a full buffer is overwritten */
	c->tx_full = true;
	c->tx_ip = false;
	tx_start(c);
	update_irq(c->z);
}

static uint8_t data_read(struct zch *c)
{
	if (c->nfifo) {
		c->last_rx = c->fifo[0];
		/* Errors stay latched in RR1 until Error Reset. */
		c->rr1_errors |= c->fifo_st[0] &
				 (Z85C30_RR1_PARITY | Z85C30_RR1_OVERRUN);
		memmove(c->fifo, c->fifo + 1, --c->nfifo);
		memmove(c->fifo_st, c->fifo_st + 1, c->nfifo);
		c->rx_first = false;
		update_irq(c->z);
		maybe_accept_input(c);
	}
	return c->last_rx;
}

static void chan_reset(struct zch *c, bool hard)
{
	c->wr[0] = 0;
	c->wr[1] &= 0x24;
	c->wr[3] &= 0xfe;
	c->wr[4] |= 0x04;
	c->wr[5] &= 0x61;
	if (hard) {
		c->wr[10] = 0;
		c->wr[11] = 0x08;
		c->wr[14] = (c->wr[14] & 0xc0) | 0x20;
	} else {
		c->wr[10] &= 0x61;
		c->wr[14] = (c->wr[14] & 0xc3) | 0x20;
	}
	c->wr[15] = 0xf8;
	c->ptr = 0;
	c->nfifo = 0;
	c->rr1_errors = 0;
	c->tx_full = false;
	c->tx_ip = false;
	c->rx_first = false;
	c->ext_ip = false;
}

void z85c30_reset(struct z85c30 *z)
{
	for (int i = 0; i < 2; i++)
		chan_reset(&z->ch[i], true);
	z->wr9 &= 0x03;
	z->ius = 0;
	update_irq(z);
	for (int i = 0; i < 2; i++)
		maybe_accept_input(&z->ch[i]);
}

static void wr0_command(struct zch *c, uint8_t v)
{
	struct z85c30 *z = c->z;

	c->ptr = v & 7;
	switch ((v >> 3) & 7) {
	case CMD_POINT_HIGH:
		c->ptr |= 8;
		break;
	case CMD_RESET_EXT:
		c->ext_ip = false;
		/* A change while latched interrupts again (manual 4.4.4). */
		if ((c->ext_latch ^ c->status) & EXT_BITS)
			ext_change(c, c->ext_latch);
		break;
	case CMD_RX_NEXT:
		c->rx_first = true;
		break;
	case CMD_RESET_TXP:
		c->tx_ip = false;
		break;
	case CMD_ERROR_RESET:
		c->rr1_errors = 0;
		if (c->nfifo)
			c->fifo_st[0] = 0;
		break;
	case CMD_RESET_IUS: {
		int b = highest_bit(z->ius);

		if (b >= 0)
			z->ius &= ~(1u << b);
		break;
	}
	}
	update_irq(z);
}

static void wr9_write(struct z85c30 *z, uint8_t v)
{
	switch (v >> 6) {
	case 1:
		chan_reset(&z->ch[Z85C30_CH_B], false);
		z->wr9 &= ~WR9_SWIACK;
		break;
	case 2:
		chan_reset(&z->ch[Z85C30_CH_A], false);
		z->wr9 &= ~WR9_SWIACK;
		break;
	case 3:
		z85c30_reset(z);
		return;
	default:
		z->wr9 = v & 0x3f;
		break;
	}
	update_irq(z);
}

static void reg_write(struct zch *c, unsigned reg, uint8_t v)
{
	struct z85c30 *z = c->z;
	uint8_t old = c->wr[reg];

	TRACE(TRACE_DEV, "%s: ch%c WR%u <- 0x%02x", z->cfg.name,
	      "AB"[c->idx], reg, v);
	switch (reg) {
	case 0:
		wr0_command(c, v);
		return;
	case 2:
		z->wr2 = v;
		return;
	case 8:
		data_write(c, v);
		return;
	case 9:
		wr9_write(z, v);
		return;
	}
	c->wr[reg] = v;
	switch (reg) {
	case 1:
		if (((v >> 3) & 3) == 1 && ((old >> 3) & 3) != 1)
			c->rx_first = true;
		break;
	case 3:
		maybe_accept_input(c);
		break;
	case 5:
		tx_start(c);
		break;
	case 14:
		if ((v & ~old) & 0x18 & ~WR14_LOOPBACK)
			LOG_RATELIMITED("%s: unimplemented: auto echo",
					z->cfg.name);
		break;
	}
	update_irq(z);
}

static uint8_t reg_read(struct zch *c, unsigned reg)
{
	struct z85c30 *z = c->z;

	/* Without WR15 bit 2 extended reads, RR4-7/9/11/14 are images of
	 * RR0-3/13/15/10. */
	switch (reg) {
	case 0: case 4:
		return rr0(c);
	case 1: case 5:
		return rr1(c);
	case 2: case 6:
		if (z->wr9 & WR9_SWIACK)
			z85c30_iack(z);
		return c->idx == Z85C30_CH_B ? modified_vector(z) : z->wr2;
	case 3: case 7:
		return c->idx == Z85C30_CH_A ? ip_bits(z) : 0;
	case 8:
		return data_read(c);
	case 10: case 14:
		return 0;
	case 12:
		return c->wr[12];
	case 13: case 9:
		return c->wr[13];
	case 15: case 11:
		return c->wr[15] & 0xfa;
	}
	return 0;
}

uint8_t z85c30_read(struct z85c30 *z, unsigned port)
{
	struct zch *c = &z->ch[port & 2 ? Z85C30_CH_A : Z85C30_CH_B];
	unsigned reg;

	if (port & 1)
		return data_read(c);
	reg = c->ptr;
	c->ptr = 0;
	return reg_read(c, reg);
}

void z85c30_write(struct z85c30 *z, unsigned port, uint8_t v)
{
	struct zch *c = &z->ch[port & 2 ? Z85C30_CH_A : Z85C30_CH_B];
	unsigned reg;

	if (port & 1) {
		data_write(c, v);
		return;
	}
	reg = c->ptr;
	c->ptr = 0;
	reg_write(c, reg, v);
}

size_t z85c30_can_receive(struct z85c30 *z, int ch)
{
	struct zch *c = &z->ch[ch & 1];

	if (!(c->wr[3] & WR3_RX_EN) || (c->wr[14] & WR14_LOOPBACK))
		return 0;
	return Z85C30_RX_FIFO - c->nfifo;
}

void z85c30_receive(struct z85c30 *z, int ch, const uint8_t *buf,
		    size_t len)
{
	struct zch *c = &z->ch[ch & 1];

	for (size_t i = 0; i < len; i++)
		rx_push(c, buf[i]);
	update_irq(z);
}

static size_t fe_can_receive(void *opaque)
{
	struct zch *c = opaque;
	size_t n = z85c30_can_receive(c->z, c->idx);

	if (!n)
		c->rx_held = true;
	return n;
}

static void fe_receive(void *opaque, const uint8_t *buf, size_t len)
{
	struct zch *c = opaque;

	z85c30_receive(c->z, c->idx, buf, len);
}

uint32_t z85c30_baud(const struct z85c30 *z, int ch)
{
	const struct zch *c = &z->ch[ch & 1];
	static const unsigned mode[4] = { 1, 16, 32, 64 };
	uint64_t tc = (uint64_t)c->wr[13] << 8 | c->wr[12];

	if (!(c->wr[14] & WR14_BRG_EN))
		return 0;
	return z->cfg.pclk_hz / (2 * mode[c->wr[4] >> 6] * (tc + 2));
}

void z85c30_console_setup(struct z85c30 *z, int ch, unsigned baud)
{
	struct zch *c = &z->ch[ch & 1];
	uint64_t tc = baud ? z->cfg.pclk_hz / (2ull * 16 * baud) : 0;

	tc = tc >= 2 ? tc - 2 : 0;
	if (tc > 0xffff)
		tc = 0xffff;
	reg_write(c, 4, 0x44);		/* x16 clock, 1 stop bit, no parity */
	reg_write(c, 11, 0x50);		/* Rx and Tx clocks from the BRG */
	reg_write(c, 12, tc & 0xff);
	reg_write(c, 13, tc >> 8);
	reg_write(c, 14, WR14_BRG_EN);
	reg_write(c, 3, 0xc0 | WR3_RX_EN);		/* Rx 8 bits */
	reg_write(c, 5, 0xe2 | WR5_TX_EN);	/* DTR, Tx 8 bits, RTS */
}

void z85c30_console_write(struct z85c30 *z, int ch, const uint8_t *buf,
			  size_t len)
{
	struct zch *c = &z->ch[ch & 1];

	if (!(c->wr[5] & WR5_TX_EN))
		z85c30_console_setup(z, ch, 9600);
	for (size_t i = 0; i < len; i++)
		data_write(c, buf[i]);
}

int z85c30_console_read(struct z85c30 *z, int ch)
{
	struct zch *c = &z->ch[ch & 1];

	if (!(c->wr[3] & WR3_RX_EN))
		z85c30_console_setup(z, ch, 9600);
	if (!c->nfifo)
		return -1;
	return data_read(c);
}

size_t z85c30_rx_pending(const struct z85c30 *z, int ch)
{
	return z->ch[ch & 1].nfifo;
}

static uint64_t z85c30_mmio_read(void *opaque, uint64_t off, unsigned size)
{
	struct z85c30 *z = opaque;
	int port = regstride_lane_reg(off, size, z->cfg.stride, 4);

	return port < 0 ? 0 : z85c30_read(z, port);
}

static void z85c30_mmio_write(void *opaque, uint64_t off, uint64_t v,
			      unsigned size)
{
	struct z85c30 *z = opaque;
	int port = regstride_lane_reg(off, size, z->cfg.stride, 4);

	if (port >= 0)
		z85c30_write(z, port, v & 0xff);
}

/* Byte lane `stride - 1` of each word (z85c30.h). */
static const struct mmio_ops z85c30_ops[] =
	REGSTRIDE_LANE_OPS("z85c30", z85c30_mmio_read, z85c30_mmio_write);

const struct mmio_ops *z85c30_mmio_ops(const struct z85c30 *z)
{
	return regstride_lane_ops(z85c30_ops, z->cfg.endian);
}

uint64_t z85c30_mmio_size(const struct z85c30 *z)
{
	return 4ull * z->cfg.stride;
}

int z85c30_create(const struct z85c30_config *cfg, struct z85c30 **out,
		  struct err *e)
{
	struct z85c30 *z = calloc(1, sizeof(*z));

	if (!z)
		return err_set(e, "z85c30: out of memory");
	z->cfg = *cfg;
	if (!z->cfg.name)
		z->cfg.name = "z85c30";
	if (!z->cfg.stride)
		z->cfg.stride = 4;
	if (!z->cfg.pclk_hz)
		z->cfg.pclk_hz = Z85C30_IP22_PCLK_HZ;
	for (int i = 0; i < 2; i++) {
		struct zch *c = &z->ch[i];

		c->z = z;
		c->idx = i;
		/* A terminal on the line: carrier, DSR (SYNC) and CTS. */
		c->status = Z85C30_RR0_DCD | Z85C30_RR0_SYNC | Z85C30_RR0_CTS;
	}
	z85c30_reset(z);
	for (int i = 0; i < 2; i++) {
		struct chardev_frontend fe = {
			.can_receive = fe_can_receive, .receive = fe_receive,
			.opaque = &z->ch[i],
		};

		if (z->cfg.chr[i])
			chardev_attach(z->cfg.chr[i], &fe);
	}
	*out = z;
	return 0;
}

void z85c30_destroy(struct z85c30 *z)
{
	if (!z)
		return;
	for (int i = 0; i < 2; i++)
		if (z->cfg.chr[i])
			chardev_attach(z->cfg.chr[i], NULL);
	free(z);
}
