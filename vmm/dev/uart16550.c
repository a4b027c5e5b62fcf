/* National Semiconductor PC16550D UART: the PIIX4 SuperIO serial ports
 * and the Malta CBUS UART (also the IP32 serial ports later). Facts from
 * the PC16550D datasheet (National, June 1995), sections 8.x: register
 * table IV (reset values), IIR priorities (table V), FIFO operation.
 *
 * The transmitter is infinitely fast: THR/TSR are always empty to the
 * guest, output goes straight to the chardev (which never blocks). The
 * receiver takes bytes from the chardev as fast as it offers them, up to
 * the FIFO's room, so nothing is lost; the character timeout runs on the
 * virtual clock at the programmed line speed. */
#include "uart16550.h"

#include <stdlib.h>
#include <string.h>

#include "vmm/dev/regstride.h"
#include "vmm/log.h"

#define IER_ERBFI 0x01	/* received data available */
#define IER_ETBEI 0x02	/* transmitter holding register empty */
#define IER_ELSI 0x04	/* receiver line status */
#define IER_EDSSI 0x08	/* modem status */

#define IIR_NONE 0x01
#define IIR_MS 0x00
#define IIR_THRE 0x02
#define IIR_RDA 0x04
#define IIR_RLS 0x06
#define IIR_TIMEOUT 0x0c
#define IIR_FIFO 0xc0

#define FCR_ENABLE 0x01
#define FCR_CLEAR_RX 0x02
#define FCR_CLEAR_TX 0x04
#define FCR_STORED 0xc9	/* enable, DMA mode, trigger level */

#define LCR_DLAB 0x80

#define MCR_DTR 0x01
#define MCR_RTS 0x02
#define MCR_OUT1 0x04
#define MCR_OUT2 0x08
#define MCR_LOOP 0x10

#define LSR_DR 0x01
#define LSR_OE 0x02
#define LSR_PE 0x04
#define LSR_FE 0x08
#define LSR_BI 0x10
#define LSR_THRE 0x20
#define LSR_TEMT 0x40
#define LSR_RXERR 0x80
#define LSR_ERRORS (LSR_OE | LSR_PE | LSR_FE | LSR_BI)

#define MSR_DCTS 0x01
#define MSR_DDSR 0x02
#define MSR_TERI 0x04
#define MSR_DDCD 0x08
#define MSR_CTS 0x10
#define MSR_DSR 0x20
#define MSR_RI 0x40
#define MSR_DCD 0x80

/* What a connected terminal presents on the modem inputs outside
 * loopback: carrier, data set ready, clear to send. */
#define MSR_LINES_CONNECTED (MSR_DCD | MSR_DSR | MSR_CTS)

struct uart16550 {
	struct uart16550_config cfg;
	struct timer rx_timer;	/* character timeout */

	uint8_t ier, lcr, mcr, lsr, msr, scr, dll, dlm;
	uint8_t fcr;		/* FCR_STORED bits */
	uint8_t rbr;		/* last byte read (an empty read repeats it) */
	uint8_t rx[UART16550_FIFO_SIZE];
	unsigned rx_head, rx_count;
	bool thr_ipending;	/* THRE interrupt not yet cleared */
	bool timeout_ipending;
	bool rx_held;		/* can_receive said 0 */
	bool out;		/* INTR level last driven */
};

static bool fifo_on(const struct uart16550 *u)
{
	return u->fcr & FCR_ENABLE;
}

static unsigned rx_capacity(const struct uart16550 *u)
{
	return fifo_on(u) ? UART16550_FIFO_SIZE : 1;
}

/* FCR bits 7-6: 1, 4, 8 or 14 bytes (datasheet, FCR description). */
static unsigned rx_trigger(const struct uart16550 *u)
{
	static const unsigned level[4] = { 1, 4, 8, 14 };

	return fifo_on(u) ? level[u->fcr >> 6] : 1;
}

/* One character on the line, in ns: start bit, 5-8 data bits, parity,
 * 1, 1.5 (5-bit words) or 2 stop bits, each 16 input clocks times the
 * divisor. A divisor of 0 is not a rate the datasheet defines; we use
 * the fastest one rather than divide by it (BAD-INPUTS row 18). */
static uint64_t char_time_ns(const struct uart16550 *u)
{
	unsigned half_bits = 2 * (1 + 5 + (u->lcr & 3));
	uint64_t div = (uint64_t)u->dlm << 8 | u->dll;

	if (u->lcr & 0x08)
		half_bits += 2;
	if (u->lcr & 0x04)
		half_bits += (u->lcr & 3) == 0 ? 3 : 4;
	else
		half_bits += 2;
	if (!div)
		div = 1;
	return half_bits * 16 * div * NS_PER_SEC /
	       (2 * (uint64_t)u->cfg.clock_hz);
}

/* Interrupt identification, highest priority first (datasheet table V). */
static uint8_t iir_id(const struct uart16550 *u)
{
	if ((u->ier & IER_ELSI) && (u->lsr & LSR_ERRORS))
		return IIR_RLS;
	if (u->ier & IER_ERBFI) {
		if (u->rx_count && u->rx_count >= rx_trigger(u))
			return IIR_RDA;
		if (u->timeout_ipending)
			return IIR_TIMEOUT;
	}
	if ((u->ier & IER_ETBEI) && u->thr_ipending)
		return IIR_THRE;
	if ((u->ier & IER_EDSSI) && (u->msr & 0x0f))
		return IIR_MS;
	return IIR_NONE;
}

/* Drive INTR only when its level changes, so that the THRE source being
 * cleared and re-raised within one register access makes no edge. */
static void update_irq(struct uart16550 *u)
{
	bool level = iir_id(u) != IIR_NONE;

	if (level != u->out) {
		u->out = level;
		irq_set(&u->cfg.irq, level);
	}
}

/* The receiver's timeout counter restarts whenever a byte enters or
 * leaves the FIFO; it fires after four character times with data
 * waiting (datasheet, "FIFO Interrupt Mode Operation"). */
static void restart_timeout(struct uart16550 *u)
{
	if (fifo_on(u) && u->rx_count)
		timer_mod(&u->rx_timer, vclock_now(u->cfg.clock) +
			  4 * char_time_ns(u));
	else
		timer_del(&u->rx_timer);
}

static void rx_timeout(void *opaque)
{
	struct uart16550 *u = opaque;

	if (fifo_on(u) && u->rx_count) {
		u->timeout_ipending = true;
		update_irq(u);
	}
}

static void rx_clear(struct uart16550 *u)
{
	u->rx_head = u->rx_count = 0;
	u->lsr &= ~LSR_DR;
	u->timeout_ipending = false;
	timer_del(&u->rx_timer);
}

static void rx_push(struct uart16550 *u, uint8_t b)
{
	unsigned cap = rx_capacity(u);

	if (u->rx_count >= cap) {
		/* FIFO mode: the new byte is lost; 16450 mode: it replaces
		 * the unread one. Either way, an overrun. */
		u->lsr |= LSR_OE;
		if (!fifo_on(u))
			u->rx[u->rx_head] = b;
	} else {
		u->rx[(u->rx_head + u->rx_count) % UART16550_FIFO_SIZE] = b;
		u->rx_count++;
	}
	u->lsr |= LSR_DR;
	restart_timeout(u);
}

/* Tell the chardev it may send again once there is room. */
static void rx_release(struct uart16550 *u)
{
	if (u->rx_held && uart16550_can_receive(u)) {
		u->rx_held = false;
		chardev_accept_input(u->cfg.chr);
	}
}

static uint8_t rx_pop(struct uart16550 *u)
{
	if (u->rx_count) {
		u->rbr = u->rx[u->rx_head];
		u->rx_head = (u->rx_head + 1) % UART16550_FIFO_SIZE;
		u->rx_count--;
	}
	if (!u->rx_count)
		u->lsr &= ~LSR_DR;
	u->timeout_ipending = false;
	restart_timeout(u);
	return u->rbr;
}

/* Loopback ties the modem outputs to the inputs (DTR->DSR, RTS->CTS,
 * OUT1->RI, OUT2->DCD); the delta bits record every change. */
static void set_modem_lines(struct uart16550 *u)
{
	uint8_t now, old = u->msr & 0xf0, d = 0;

	if (u->mcr & MCR_LOOP)
		now = (u->mcr & MCR_DTR ? MSR_DSR : 0) |
		      (u->mcr & MCR_RTS ? MSR_CTS : 0) |
		      (u->mcr & MCR_OUT1 ? MSR_RI : 0) |
		      (u->mcr & MCR_OUT2 ? MSR_DCD : 0);
	else
		now = MSR_LINES_CONNECTED;
	if ((now ^ old) & MSR_CTS)
		d |= MSR_DCTS;
	if ((now ^ old) & MSR_DSR)
		d |= MSR_DDSR;
	if ((old & MSR_RI) && !(now & MSR_RI))
		d |= MSR_TERI;
	if ((now ^ old) & MSR_DCD)
		d |= MSR_DDCD;
	u->msr = now | (u->msr & 0x0f) | d;
}

static void write_thr(struct uart16550 *u, uint8_t v)
{
	/* In loopback the serial output is held marking and the byte goes
	 * to the receiver (datasheet, MCR bit 4). */
	if (u->mcr & MCR_LOOP)
		rx_push(u, v);
	else
		chardev_write(u->cfg.chr, &v, 1);
	/* Sent at once: THR empty again, its interrupt pending again. */
	u->lsr |= LSR_THRE | LSR_TEMT;
	u->thr_ipending = true;
}

static void write_fcr(struct uart16550 *u, uint8_t v)
{
	/* Switching the FIFOs on or off empties them; other bits are only
	 * programmed with FCR0 set (datasheet, FCR description). */
	if ((v ^ u->fcr) & FCR_ENABLE)
		rx_clear(u);
	if (!(v & FCR_ENABLE)) {
		u->fcr = 0;
		return;
	}
	u->fcr = v & FCR_STORED;
	if (v & FCR_CLEAR_RX)
		rx_clear(u);
	/* FCR_CLEAR_TX: the transmit FIFO is always empty here. */
}

void uart16550_write(struct uart16550 *u, unsigned reg, uint8_t v)
{
	bool dlab = u->lcr & LCR_DLAB;

	TRACE(TRACE_DEV, "%s: write reg %u = 0x%02x", u->cfg.name, reg & 7, v);
	switch (reg & 7) {
	case UART_THR:
		if (dlab)
			u->dll = v;
		else
			write_thr(u, v);
		break;
	case UART_IER:
		if (dlab) {
			u->dlm = v;
			break;
		}
		/* Enabling ETBEI with THR empty raises THRE at once: Linux's
		 * 8250 startup tests for exactly that (UART_BUG_THRE). */
		if ((v & IER_ETBEI) && !(u->ier & IER_ETBEI) &&
		    (u->lsr & LSR_THRE))
			u->thr_ipending = true;
		u->ier = v & 0x0f;
		break;
	case UART_FCR:
		write_fcr(u, v);
		break;
	case UART_LCR:
		u->lcr = v;
		break;
	case UART_MCR:
		u->mcr = v & 0x1f;
		set_modem_lines(u);
		break;
	case UART_LSR:
	case UART_MSR:
		/* Factory test access on the real chip; ignored. */
		break;
	case UART_SCR:
		u->scr = v;
		break;
	}
	update_irq(u);
	rx_release(u);
}

uint8_t uart16550_read(struct uart16550 *u, unsigned reg)
{
	bool dlab = u->lcr & LCR_DLAB;
	uint8_t v = 0;

	switch (reg & 7) {
	case UART_RBR:
		v = dlab ? u->dll : rx_pop(u);
		break;
	case UART_IER:
		v = dlab ? u->dlm : u->ier;
		break;
	case UART_IIR:
		v = iir_id(u);
		/* Reading IIR clears THRE when it is the source shown. */
		if (v == IIR_THRE)
			u->thr_ipending = false;
		if (fifo_on(u))
			v |= IIR_FIFO;
		break;
	case UART_LCR:
		v = u->lcr;
		break;
	case UART_MCR:
		v = u->mcr;
		break;
	case UART_LSR:
		v = u->lsr;
		u->lsr &= ~(LSR_ERRORS | LSR_RXERR);
		break;
	case UART_MSR:
		v = u->msr;
		u->msr &= 0xf0;
		break;
	case UART_SCR:
		v = u->scr;
		break;
	}
	TRACE(TRACE_DEV, "%s: read reg %u = 0x%02x", u->cfg.name, reg & 7, v);
	update_irq(u);
	rx_release(u);
	return v;
}

size_t uart16550_can_receive(struct uart16550 *u)
{
	size_t room = 0;

	/* In loopback the receiver is cut off from SIN. */
	if (!(u->mcr & MCR_LOOP))
		room = rx_capacity(u) - u->rx_count;
	if (!room)
		u->rx_held = true;
	return room;
}

void uart16550_receive(struct uart16550 *u, const uint8_t *buf, size_t len)
{
	if (u->mcr & MCR_LOOP)
		return;
	for (size_t i = 0; i < len; i++)
		rx_push(u, buf[i]);
	update_irq(u);
}

static size_t fe_can_receive(void *opaque)
{
	return uart16550_can_receive(opaque);
}

static void fe_receive(void *opaque, const uint8_t *buf, size_t len)
{
	uart16550_receive(opaque, buf, len);
}

void uart16550_reset(struct uart16550 *u)
{
	/* Master reset, datasheet table IV; SCR and the divisor latch are
	 * not affected. */
	u->ier = 0;
	u->fcr = 0;
	u->lcr = 0;
	u->mcr = 0;
	u->lsr = LSR_THRE | LSR_TEMT;
	rx_clear(u);
	u->thr_ipending = false;
	set_modem_lines(u);
	u->msr &= 0xf0;
	update_irq(u);
	rx_release(u);
}

static uint64_t uart_mmio_read(void *opaque, uint64_t off, unsigned size)
{
	struct uart16550 *u = opaque;

	return uart16550_read(u, off / u->cfg.stride);
}

static void uart_mmio_write(void *opaque, uint64_t off, uint64_t v,
			    unsigned size)
{
	struct uart16550 *u = opaque;

	uart16550_write(u, off / u->cfg.stride, v);
}

/* Stride 1: byte ports, wider accesses split by the bus. Wider strides:
 * each register fills its window, value in the access's low byte. */
static const struct mmio_ops uart_ops[] =
	REGSTRIDE_WINDOW_OPS("uart16550", uart_mmio_read, uart_mmio_write);

const struct mmio_ops *uart16550_mmio_ops(const struct uart16550 *u)
{
	return regstride_window_ops(uart_ops, u->cfg.stride, u->cfg.endian);
}

uint64_t uart16550_mmio_size(const struct uart16550 *u)
{
	return UART16550_NREGS * (uint64_t)u->cfg.stride;
}

int uart16550_create(const struct uart16550_config *cfg,
		     struct uart16550 **out, struct err *e)
{
	const char *name = cfg->name ? cfg->name : "uart16550";
	struct chardev_frontend fe;
	struct uart16550 *u;

	if (!cfg->clock)
		return err_set(e, "%s: needs the virtual clock", name);
	if (regstride_check(name, cfg->stride, e) < 0)
		return -1;
	u = calloc(1, sizeof(*u));
	if (!u)
		return err_set(e, "%s: out of memory", name);
	u->cfg = *cfg;
	u->cfg.name = name;
	if (!u->cfg.stride)
		u->cfg.stride = 1;
	if (!u->cfg.clock_hz)
		u->cfg.clock_hz = UART16550_PC_CLOCK_HZ;
	timer_init(&u->rx_timer, u->cfg.clock, rx_timeout, u);
	u->msr = MSR_LINES_CONNECTED;
	uart16550_reset(u);
	fe = (struct chardev_frontend){ .can_receive = fe_can_receive,
					.receive = fe_receive, .opaque = u };
	chardev_attach(u->cfg.chr, &fe);
	*out = u;
	return 0;
}

void uart16550_destroy(struct uart16550 *u)
{
	if (!u)
		return;
	chardev_attach(u->cfg.chr, NULL);
	timer_del(&u->rx_timer);
	free(u);
}
