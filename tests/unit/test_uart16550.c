/* 16550 UART driven through its registers with a deterministic virtual
 * clock: Linux 8250 probing (loopback, IER, FIFO), FIFO trigger levels
 * and IIR priorities, LSR bits, character timeout, output to a chardev,
 * input flow control through a real tcp chardev. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "tests/test.h"
#include "vmm/chardev.h"
#include "vmm/dev/uart16550.h"
#include "vmm/iothread.h"

struct rig {
	struct vclock clock;
	uint64_t insns;		/* the deterministic clock's icount */
	struct uart16550 *u;
	int level;
	unsigned edges;		/* rising edges of INTR */
};

static uint64_t rig_icount(void *opaque)
{
	return *(uint64_t *)opaque;
}

static void rig_irq(void *opaque, int n, int level)
{
	struct rig *r = opaque;

	if (level && !r->level)
		r->edges++;
	r->level = level;
}

static void rig_create(struct rig *r, struct chardev *chr)
{
	struct uart16550_config c = { .name = "tty", .chr = chr };

	*r = (struct rig){ 0 };
	vclock_init(&r->clock, true);
	r->clock.icount = rig_icount;
	r->clock.icount_opaque = &r->insns;
	c.clock = &r->clock;
	c.irq = irq_make(rig_irq, r, 4);
	CHECK(uart16550_create(&c, &r->u, NULL) == 0);
}

/* Advance guest time and run what fell due. */
static void rig_advance(struct rig *r, uint64_t ns)
{
	r->insns += ns / r->clock.ns_per_insn;
	vclock_run_timers(&r->clock);
}

static uint8_t rd(struct rig *r, unsigned reg)
{
	return uart16550_read(r->u, reg);
}

static void wr(struct rig *r, unsigned reg, uint8_t v)
{
	uart16550_write(r->u, reg, v);
}

/* 115200 baud 8N1 at the PC clock: divisor 1, 86.8 us per byte. */
static void rig_8n1(struct rig *r, unsigned divisor)
{
	wr(r, UART_LCR, 0x83);
	wr(r, UART_DLL, divisor & 0xff);
	wr(r, UART_DLM, divisor >> 8);
	wr(r, UART_LCR, 0x03);
}

static void feed(struct rig *r, const char *s)
{
	uart16550_receive(r->u, (const uint8_t *)s, strlen(s));
}

static void reset_values(void)
{
	struct rig r;

	rig_create(&r, NULL);
	wr(&r, UART_SCR, 0x5a);
	wr(&r, UART_IER, 0x0f);
	wr(&r, UART_MCR, 0x1f);
	wr(&r, UART_FCR, 0xc1);
	uart16550_reset(r.u);
	CHECK_EQ(rd(&r, UART_IER), 0x00);
	CHECK_EQ(rd(&r, UART_IIR), 0x01);
	CHECK_EQ(rd(&r, UART_LCR), 0x00);
	CHECK_EQ(rd(&r, UART_MCR), 0x00);
	CHECK_EQ(rd(&r, UART_LSR), 0x60);
	CHECK_EQ(rd(&r, UART_MSR) & 0xf0, 0xb0);
	CHECK_EQ(rd(&r, UART_SCR), 0x5a);	/* not touched by reset */
	CHECK_EQ(r.level, 0);
	uart16550_destroy(r.u);
}

/* What Linux's 8250 autoconfig does to tell a 16550A. */
static void linux_probe(void)
{
	struct rig r;

	rig_create(&r, NULL);
	/* IER test: only the low four bits exist. */
	wr(&r, UART_IER, 0x00);
	CHECK_EQ(rd(&r, UART_IER), 0x00);
	wr(&r, UART_IER, 0xff);
	CHECK_EQ(rd(&r, UART_IER), 0x0f);
	wr(&r, UART_IER, 0x00);
	/* Loopback test: MCR OUT2|RTS in loop mode reads DCD|CTS. */
	wr(&r, UART_MCR, 0x1a);
	CHECK_EQ(rd(&r, UART_MSR) & 0xf0, 0x90);
	wr(&r, UART_MCR, 0x00);
	/* FIFO test: IIR bits 7-6 both set when the FIFOs are on. */
	wr(&r, UART_FCR, 0x01);
	CHECK_EQ(rd(&r, UART_IIR) >> 6, 3);
	/* With DLAB set, register 2 still reads IIR (no EFR). */
	wr(&r, UART_LCR, 0xbf);
	CHECK(rd(&r, UART_IIR) != 0);
	wr(&r, UART_LCR, 0x00);
	/* Scratch and divisor latches. */
	wr(&r, UART_SCR, 0xa5);
	CHECK_EQ(rd(&r, UART_SCR), 0xa5);
	rig_8n1(&r, 0x1234);
	wr(&r, UART_LCR, 0x83);
	CHECK_EQ(rd(&r, UART_DLL), 0x34);
	CHECK_EQ(rd(&r, UART_DLM), 0x12);
	wr(&r, UART_LCR, 0x03);
	CHECK_EQ(rd(&r, UART_IER), 0x00);
	uart16550_destroy(r.u);
}

static void loopback_data(void)
{
	struct rig r;

	rig_create(&r, NULL);
	rig_8n1(&r, 1);
	wr(&r, UART_MCR, 0x10);
	wr(&r, UART_THR, 'x');
	CHECK_EQ(rd(&r, UART_LSR), 0x61);
	CHECK_EQ(rd(&r, UART_RBR), 'x');
	CHECK_EQ(rd(&r, UART_LSR), 0x60);
	/* The receiver ignores SIN while looped back. */
	CHECK_EQ(uart16550_can_receive(r.u), 0);
	feed(&r, "y");
	CHECK_EQ(rd(&r, UART_LSR) & 1, 0);
	/* 16450 mode: a second byte overruns and replaces the first. */
	wr(&r, UART_THR, 'a');
	wr(&r, UART_THR, 'b');
	CHECK_EQ(rd(&r, UART_LSR), 0x63);
	CHECK_EQ(rd(&r, UART_LSR), 0x61);	/* OE clears on read */
	CHECK_EQ(rd(&r, UART_RBR), 'b');
	uart16550_destroy(r.u);
}

static void fifo_trigger_and_timeout(void)
{
	static const struct { uint8_t fcr; unsigned level; } t[] = {
		{ 0x01, 1 }, { 0x41, 4 }, { 0x81, 8 }, { 0xc1, 14 },
	};

	for (unsigned i = 0; i < 4; i++) {
		struct rig r;
		uint64_t char_ns = 10 * 16 * NS_PER_SEC / 1843200;

		rig_create(&r, NULL);
		rig_8n1(&r, 1);
		wr(&r, UART_FCR, t[i].fcr);
		wr(&r, UART_IER, 0x01);
		for (unsigned n = 1; n < t[i].level; n++)
			feed(&r, "z");
		CHECK_EQ(rd(&r, UART_IIR), 0xc1);
		CHECK_EQ(r.level, 0);
		feed(&r, "!");
		CHECK_EQ(rd(&r, UART_IIR), 0xc4);
		CHECK_EQ(r.level, 1);
		if (t[i].level == 1) {
			uart16550_destroy(r.u);
			continue;
		}
		/* One byte out: below the trigger, the timeout is next,
		 * four character times after the last FIFO activity. */
		CHECK_EQ(rd(&r, UART_RBR), 'z');
		CHECK_EQ(rd(&r, UART_IIR), 0xc1);
		rig_advance(&r, 3 * char_ns);
		CHECK_EQ(rd(&r, UART_IIR), 0xc1);
		rig_advance(&r, char_ns + 100);
		CHECK_EQ(rd(&r, UART_IIR), 0xcc);
		CHECK_EQ(r.level, 1);
		/* Reading a byte clears the timeout indication. */
		(void)rd(&r, UART_RBR);
		CHECK_EQ(rd(&r, UART_IIR), 0xc1);
		/* Drain; the timer stops with an empty FIFO. */
		while (rd(&r, UART_LSR) & 1)
			(void)rd(&r, UART_RBR);
		rig_advance(&r, 100 * char_ns);
		CHECK_EQ(rd(&r, UART_IIR), 0xc1);
		CHECK_EQ(r.level, 0);
		uart16550_destroy(r.u);
	}
}

static void fifo_overrun_and_clear(void)
{
	struct rig r;

	rig_create(&r, NULL);
	wr(&r, UART_FCR, 0x07);
	CHECK_EQ(uart16550_can_receive(r.u), 16);
	feed(&r, "0123456789abcdefXY");
	CHECK_EQ(rd(&r, UART_LSR), 0x63);	/* DR, OE */
	CHECK_EQ(rd(&r, UART_RBR), '0');
	for (int i = 1; i < 15; i++)
		(void)rd(&r, UART_RBR);
	CHECK_EQ(rd(&r, UART_RBR), 'f');	/* X and Y were lost */
	CHECK_EQ(rd(&r, UART_LSR), 0x60);
	CHECK_EQ(rd(&r, UART_RBR), 'f');	/* empty: repeats */
	feed(&r, "abc");
	wr(&r, UART_FCR, 0x03);			/* clear RX FIFO */
	CHECK_EQ(rd(&r, UART_LSR), 0x60);
	feed(&r, "abc");
	wr(&r, UART_FCR, 0x00);			/* FIFOs off: emptied */
	CHECK_EQ(rd(&r, UART_LSR), 0x60);
	CHECK_EQ(rd(&r, UART_IIR), 0x01);
	CHECK_EQ(uart16550_can_receive(r.u), 1);
	uart16550_destroy(r.u);
}

static void iir_priorities(void)
{
	struct rig r;

	rig_create(&r, NULL);
	wr(&r, UART_FCR, 0x01);
	wr(&r, UART_MCR, 0x10);			/* loopback */
	wr(&r, UART_IER, 0x0f);
	CHECK_EQ(rd(&r, UART_IIR), 0xc2);	/* THRE on enable */
	wr(&r, UART_MCR, 0x11);			/* DTR -> DSR: delta */
	for (int i = 0; i < 17; i++)		/* one too many: OE */
		wr(&r, UART_THR, 'a' + i);
	CHECK_EQ(rd(&r, UART_IIR), 0xc6);	/* line status first */
	CHECK_EQ(rd(&r, UART_LSR) & 0x02, 0x02);
	CHECK_EQ(rd(&r, UART_IIR), 0xc4);	/* then data */
	while (rd(&r, UART_LSR) & 1)
		(void)rd(&r, UART_RBR);
	CHECK_EQ(rd(&r, UART_IIR), 0xc2);	/* then THRE... */
	CHECK_EQ(rd(&r, UART_IIR), 0xc0);	/* ...cleared by the read */
	/* DSR; DDSR, and DCTS DDCD from entering loopback */
	CHECK_EQ(rd(&r, UART_MSR), 0x2b);
	CHECK_EQ(rd(&r, UART_IIR), 0xc1);
	CHECK_EQ(r.level, 0);
	/* Modem status deltas from loopback: RTS, OUT1 trailing edge. */
	wr(&r, UART_MCR, 0x16);
	CHECK_EQ(rd(&r, UART_IIR), 0xc0);
	CHECK_EQ(rd(&r, UART_MSR), 0x53);	/* CTS RI; DCTS DDSR */
	wr(&r, UART_MCR, 0x12);
	CHECK_EQ(rd(&r, UART_MSR), 0x14);	/* RI fell: TERI */
	uart16550_destroy(r.u);
}

/* Linux's startup THRE test and no interrupt per byte while the guest
 * keeps THR busy. */
static void thre_behaviour(void)
{
	struct rig r;

	rig_create(&r, NULL);
	wr(&r, UART_IER, 0x02);
	CHECK_EQ(rd(&r, UART_IIR), 0x02);
	wr(&r, UART_IER, 0x00);
	wr(&r, UART_IER, 0x02);
	CHECK_EQ(rd(&r, UART_IIR), 0x02);	/* re-asserted */
	CHECK_EQ(rd(&r, UART_IIR), 0x01);
	CHECK_EQ(r.level, 0);
	unsigned before = r.edges;
	wr(&r, UART_THR, 'a');
	CHECK_EQ(r.level, 1);
	for (int i = 0; i < 100; i++)
		wr(&r, UART_THR, 'b');
	CHECK_EQ(r.edges, before + 1);
	CHECK_EQ(rd(&r, UART_LSR), 0x60);
	wr(&r, UART_IER, 0x00);
	CHECK_EQ(r.level, 0);
	uart16550_destroy(r.u);
}

/* Divisor 0, huge divisors and every odd line setting: no crash, and
 * the timeout still comes. */
static void odd_divisors(void)
{
	struct rig r;

	rig_create(&r, NULL);
	wr(&r, UART_FCR, 0xc1);
	wr(&r, UART_IER, 0x01);
	rig_8n1(&r, 0);
	feed(&r, "a");
	rig_advance(&r, 1000000);
	CHECK_EQ(rd(&r, UART_IIR), 0xcc);
	(void)rd(&r, UART_RBR);
	rig_8n1(&r, 0xffff);
	wr(&r, UART_LCR, 0x0f);			/* 8 bits, parity, 2 stop */
	feed(&r, "b");
	rig_advance(&r, 4 * 12ull * 16 * 0xffff * NS_PER_SEC / 1843200 - 1000);
	CHECK_EQ(rd(&r, UART_IIR), 0xc1);
	rig_advance(&r, 2000);
	CHECK_EQ(rd(&r, UART_IIR), 0xcc);
	uart16550_destroy(r.u);
}

static void output_to_file_chardev(void)
{
	const char *path = test_write_file("out.txt", "");
	char spec[4200], buf[64] = { 0 };
	struct chardev *chr;
	struct iothread *io;
	struct rig r;
	FILE *f;

	io = iothread_create(NULL, NULL);
	CHECK(io != NULL);
	snprintf(spec, sizeof(spec), "file:%s", path);
	CHECK(chardev_open(spec, io, &chr, NULL) == 0);
	rig_create(&r, chr);
	rig_8n1(&r, 1);
	for (const char *s = "hello, world\n"; *s; s++) {
		while (!(rd(&r, UART_LSR) & 0x20))
			;
		wr(&r, UART_THR, *s);
	}
	wr(&r, UART_MCR, 0x10);
	wr(&r, UART_THR, '#');			/* looped back, not sent */
	uart16550_destroy(r.u);
	chardev_close(chr);
	iothread_destroy(io);
	f = fopen(path, "r");
	CHECK(f != NULL);
	if (f) {
		CHECK(fread(buf, 1, sizeof(buf) - 1, f) == 13);
		fclose(f);
	}
	CHECK(strcmp(buf, "hello, world\n") == 0);
}

/* A host client sends more than the FIFO holds; the UART holds the
 * chardev off while full and nothing is lost or overrun. */
static void input_flow_control(void)
{
	pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	struct sockaddr_in a = { .sin_family = AF_INET };
	char msg[200], got[200];
	struct chardev *chr;
	struct iothread *io;
	size_t n = 0;
	struct rig r;
	int fd, port;

	for (size_t i = 0; i < sizeof(msg); i++)
		msg[i] = 'A' + i % 26;
	io = iothread_create(&lock, NULL);
	CHECK(io != NULL);
	if (!io || chardev_open("tcp:127.0.0.1:0", io, &chr, NULL) < 0) {
		test_skip("no tcp chardev");
		return;
	}
	port = chardev_tcp_port(chr);
	pthread_mutex_lock(&lock);
	rig_create(&r, chr);
	wr(&r, UART_FCR, 0xc1);
	pthread_mutex_unlock(&lock);

	fd = socket(AF_INET, SOCK_STREAM, 0);
	a.sin_port = htons(port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	CHECK(connect(fd, (struct sockaddr *)&a, sizeof(a)) == 0);
	CHECK(write(fd, msg, sizeof(msg)) == (ssize_t)sizeof(msg));
	for (int spins = 0; n < sizeof(msg) && spins < 20000; spins++) {
		uint8_t lsr;

		pthread_mutex_lock(&lock);
		lsr = rd(&r, UART_LSR);
		CHECK_EQ(lsr & 0x02, 0);	/* never an overrun */
		if (lsr & 1) {
			got[n++] = rd(&r, UART_RBR);
			pthread_mutex_unlock(&lock);
			continue;
		}
		pthread_mutex_unlock(&lock);
		usleep(500);
	}
	CHECK_EQ(n, sizeof(msg));
	CHECK(memcmp(msg, got, n) == 0);
	close(fd);
	pthread_mutex_lock(&lock);
	uart16550_destroy(r.u);
	pthread_mutex_unlock(&lock);
	chardev_close(chr);
	iothread_destroy(io);
}

/* The Malta CBUS UART: registers 8 bytes apart, 32-bit accesses, in
 * either byte order; ISA: byte ports. */
static void mmio_strides(void)
{
	for (int be = 0; be < 2; be++) {
		struct uart16550_config c = { .name = "cbus", .stride = 8 };
		enum endian en = be ? ENDIAN_BIG : ENDIAN_LITTLE;
		struct vclock clk;
		struct uart16550 *u;
		struct bus bus;
		uint64_t v;

		vclock_init(&clk, true);
		c.clock = &clk;
		c.endian = en;
		CHECK(uart16550_create(&c, &u, NULL) == 0);
		CHECK_EQ(uart16550_mmio_size(u), 64);
		bus_init(&bus, en);
		CHECK(bus_map_mmio(&bus, 0x1f000900, 64, uart16550_mmio_ops(u),
				   u, NULL) == 0);
		CHECK(bus_write(&bus, 0x1f000900 + 8 * UART_SCR, 4, 0x77) ==
		      BUS_OK);
		CHECK(bus_read(&bus, 0x1f000900 + 8 * UART_SCR, 4, &v) ==
		      BUS_OK);
		CHECK_EQ(v, 0x77);
		CHECK(bus_read(&bus, 0x1f000900 + 8 * UART_LSR, 4, &v) ==
		      BUS_OK);
		CHECK_EQ(v, 0x60);
		bus_destroy(&bus);
		uart16550_destroy(u);

		c.stride = 1;
		c.endian = ENDIAN_LITTLE;
		CHECK(uart16550_create(&c, &u, NULL) == 0);
		bus_init(&bus, en);
		CHECK(bus_map_mmio(&bus, 0x3f8, 8, uart16550_mmio_ops(u), u,
				   NULL) == 0);
		CHECK(bus_write(&bus, 0x3ff, 1, 0x42) == BUS_OK);
		CHECK(bus_read(&bus, 0x3ff, 1, &v) == BUS_OK);
		CHECK_EQ(v, 0x42);
		CHECK(bus_read(&bus, 0x3fd, 1, &v) == BUS_OK);
		CHECK_EQ(v, 0x60);
		bus_destroy(&bus);
		uart16550_destroy(u);
	}
}

static void bad_config(void)
{
	struct uart16550_config c = { .name = "x", .stride = 3 };
	struct vclock clk;
	struct uart16550 *u;
	struct err e;

	CHECK(uart16550_create(&c, &u, &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "clock");
	vclock_init(&clk, true);
	c.clock = &clk;
	CHECK(uart16550_create(&c, &u, &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "stride");
}

static void garbage_writes(void)
{
	struct rig r;
	uint32_t x = 99;

	rig_create(&r, NULL);
	for (int i = 0; i < 200000; i++) {
		x = x * 1103515245 + 12345;
		switch ((x >> 16) & 3) {
		case 0:
			wr(&r, x >> 20, x >> 24);
			break;
		case 1:
			(void)rd(&r, x >> 20);
			break;
		case 2:
			feed(&r, "q");
			break;
		default:
			rig_advance(&r, (x >> 8) & 0xffff);
			break;
		}
	}
	uart16550_destroy(r.u);
}

TEST_MAIN("uart16550", T(reset_values), T(linux_probe), T(loopback_data),
	  T(fifo_trigger_and_timeout), T(fifo_overrun_and_clear),
	  T(iir_priorities), T(thre_behaviour), T(odd_divisors),
	  T(output_to_file_chardev), T(input_flow_control), T(mmio_strides),
	  T(bad_config), T(garbage_writes))
