/* Machine lifecycle on a tiny board defined here: a ROM at the reset
 * vector holding a few hand-encoded instructions, some RAM, and a
 * control device whose registers power off or reset the machine. The
 * soft CPU runs the code, so this covers create, run, reset, power-off,
 * quit, errors and teardown end to end. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tests/test.h"
#include "vmm/bus.h"
#include "vmm/chardev.h"
#include "vmm/config.h"
#include "vmm/iothread.h"
#include "vmm/machine.h"

#define ROM_BASE 0x1fc00000ull	/* the reset vector 0xbfc00000 (kseg1) */
#define CTL_BASE 0x1f000000ull	/* kseg1 0xbf000000 */

/* Control device registers (write-only). */
#define CTL_POWEROFF 0x0	/* power off; the value is the exit status */
#define CTL_RESET 0x4		/* reset the first time, then power off */
#define CTL_COUNT 0x8		/* count only */

struct tboard {
	struct chardev *console;	/* serial 0, attached like a UART */
	uint32_t prog[16];
	unsigned nprog;
	bool fail_init;
	int inits, resets, destroys, writes;
	uint64_t last;
};

static void ctl_write(void *opaque, uint64_t off, uint64_t v, unsigned size)
{
	struct machine *m = opaque;
	struct tboard *tb = m->board_state;

	tb->writes++;
	tb->last = v;
	/* Callbacks run with the machine lock held: machine_request must
	 * not need it. */
	switch (off) {
	case CTL_POWEROFF:
		m->exit_status = (int)v;
		machine_request(m, MACHINE_POWEROFF);
		break;
	case CTL_RESET:
		machine_request(m, tb->resets ? MACHINE_POWEROFF
					      : MACHINE_RESET);
		break;
	}
}

static uint64_t ctl_read(void *opaque, uint64_t off, unsigned size)
{
	return 0;
}

/* Registers in the board's byte order, so a word store arrives as is. */
static const struct mmio_ops ctl_ops[] = {
	[ENDIAN_BIG] = {
		.name = "test-ctl", .read = ctl_read, .write = ctl_write,
		.valid_sizes = ACCESS_4, .impl_sizes = ACCESS_4,
		.endian = ENDIAN_BIG,
	},
	[ENDIAN_LITTLE] = {
		.name = "test-ctl", .read = ctl_read, .write = ctl_write,
		.valid_sizes = ACCESS_4, .impl_sizes = ACCESS_4,
		.endian = ENDIAN_LITTLE,
	},
};

static struct tboard *current;	/* the test's board state */

static size_t tcons_can_receive(void *opaque)
{
	return 16;
}

static void tcons_receive(void *opaque, const uint8_t *buf, size_t len)
{
}

static const struct chardev_frontend tcons_fe = {
	.can_receive = tcons_can_receive,
	.receive = tcons_receive,
};

static int tboard_init(struct machine *m, struct err *e)
{
	uint8_t *rom;

	m->board_state = current;
	current->inits++;
	/* A UART keeps its chardev and detaches in destroy: the serial
	 * ports must outlive board->destroy. */
	current->console = m->serial[0];
	if (current->console)
		chardev_attach(current->console, &tcons_fe);
	if (current->fail_init)
		return err_set(e, "test board: init failed on purpose");
	if (bus_map_ram(&m->bus, 0, 1 << 20, "ram", NULL, e) < 0 ||
	    bus_map_rom(&m->bus, ROM_BASE, 64 * 1024, "rom", &rom, e) < 0 ||
	    bus_map_mmio(&m->bus, CTL_BASE, 0x100, &ctl_ops[m->board->endian], m,
			 e) < 0)
		return -1;
	for (unsigned i = 0; i < current->nprog; i++)
		endian_store(rom + 4 * i, 4, m->board->endian, current->prog[i]);
	return 0;
}

static void tboard_reset(struct machine *m)
{
	((struct tboard *)m->board_state)->resets++;
}

static void tboard_destroy(struct machine *m)
{
	struct tboard *tb = m->board_state;

	if (tb->console)
		chardev_attach(tb->console, NULL);
	tb->destroys++;
}

static const struct board board_be = {
	.name = "test-be", .desc = "test board, big-endian",
	.default_cpu = "R4400", .default_memory = 1 << 20,
	.endian = ENDIAN_BIG, .cpu_irq_lines = 0,
	.init = tboard_init, .reset = tboard_reset, .destroy = tboard_destroy,
};

static const struct board board_le = {
	.name = "test-le", .desc = "test board, little-endian",
	.default_cpu = "24Kf", .default_memory = 1 << 20,
	.endian = ENDIAN_LITTLE, .cpu_irq_lines = 0,
	.init = tboard_init, .reset = tboard_reset, .destroy = tboard_destroy,
};

/* MIPS encodings: t0 = $8, t1 = $9. */
#define LUI(rt, imm) (0x3c000000u | (rt) << 16 | ((imm) & 0xffff))
#define ORI(rt, rs, imm) (0x34000000u | (rs) << 21 | (rt) << 16 | \
			  ((imm) & 0xffff))
#define SW(rt, off, base) (0xac000000u | (base) << 21 | (rt) << 16 | \
			   ((off) & 0xffff))
#define LOOP 0x1000ffffu	/* b . */
#define NOP 0u

/* t1 = value; *(0xbf000000 + reg) = t1; spin. */
static void prog_store(struct tboard *tb, unsigned reg, uint16_t value)
{
	const uint32_t p[] = {
		LUI(8, 0xbf00), ORI(9, 0, value), SW(9, reg, 8), LOOP, NOP,
	};

	memcpy(tb->prog, p, sizeof(p));
	tb->nprog = sizeof(p) / sizeof(p[0]);
}

static void prog_spin(struct tboard *tb)
{
	tb->prog[0] = LOOP;
	tb->prog[1] = NOP;
	tb->nprog = 2;
}

static void cfg_for_test(struct config *c)
{
	config_defaults(c);
	/* No terminal games in a test: serial 0 = none. */
	free(c->serial[0]);
	c->serial[0] = NULL;
	c->accel = ACCEL_SOFT;
}

/* Create on `b`; false (and a FAIL) if that did not work. */
static bool create(struct machine *m, const struct board *b,
		   struct config *c, struct tboard *tb)
{
	struct err e;

	current = tb;
	if (machine_create(m, b, c, &e) < 0) {
		test_fail(__FILE__, __LINE__, "machine_create: %s", e.msg);
		return false;
	}
	return true;
}

static void run_poweroff(const struct board *b)
{
	struct tboard tb = { 0 };
	struct machine m;
	struct config c;

	cfg_for_test(&c);
	prog_store(&tb, CTL_POWEROFF, 7);
	if (create(&m, b, &c, &tb)) {
		CHECK_EQ(machine_run(&m), 7);
		CHECK_EQ(tb.writes, 1);
		CHECK_EQ(tb.last, 7);
		CHECK_EQ(tb.resets, 0);
		machine_destroy(&m);
		CHECK_EQ(tb.destroys, 1);
	}
	config_free(&c);
}

static void test_poweroff_be(void)
{
	run_poweroff(&board_be);
}

static void test_poweroff_le(void)
{
	run_poweroff(&board_le);
}

/* The guest resets: board reset, CPU reset, the code runs again. */
static void test_reset_runs_again(void)
{
	struct tboard tb = { 0 };
	struct machine m;
	struct config c;

	cfg_for_test(&c);
	prog_store(&tb, CTL_RESET, 1);
	if (create(&m, &board_be, &c, &tb)) {
		CHECK_EQ(machine_run(&m), 0);
		CHECK_EQ(tb.resets, 1);
		CHECK_EQ(tb.writes, 2);
		machine_destroy(&m);
	}
	config_free(&c);
}

static void test_no_reboot(void)
{
	struct tboard tb = { 0 };
	struct machine m;
	struct config c;

	cfg_for_test(&c);
	c.no_reboot = true;
	prog_store(&tb, CTL_RESET, 1);
	if (create(&m, &board_be, &c, &tb)) {
		CHECK_EQ(machine_run(&m), 0);
		CHECK_EQ(tb.resets, 0);
		CHECK_EQ(tb.writes, 1);
		machine_destroy(&m);
	}
	config_free(&c);
}

struct later {
	struct machine *m;
	enum machine_state why;
};

static void *request_later(void *arg)
{
	struct later *l = arg;

	usleep(50 * 1000);
	machine_request(l->m, l->why);
	return NULL;
}

static int run_spin_until(enum machine_state why)
{
	struct tboard tb = { 0 };
	struct machine m;
	struct config c;
	pthread_t t;
	int status = -1;

	cfg_for_test(&c);
	prog_spin(&tb);
	if (create(&m, &board_be, &c, &tb)) {
		struct later l = { &m, why };

		pthread_create(&t, NULL, request_later, &l);
		status = machine_run(&m);
		pthread_join(t, NULL);
		machine_destroy(&m);
	}
	config_free(&c);
	return status;
}

/* Ctrl-A x, a signal: from another thread, while the guest spins. */
static void test_quit_from_other_thread(void)
{
	CHECK_EQ(run_spin_until(MACHINE_QUIT), 0);
}

static void test_error_status(void)
{
	CHECK_EQ(run_spin_until(MACHINE_ERROR), 1);
}

/* A request before machine_run is not lost. */
static void test_request_before_run(void)
{
	struct tboard tb = { 0 };
	struct machine m;
	struct config c;

	cfg_for_test(&c);
	prog_spin(&tb);
	if (create(&m, &board_be, &c, &tb)) {
		m.exit_status = 3;
		machine_request(&m, MACHINE_POWEROFF);
		CHECK_EQ(machine_run(&m), 3);
		machine_destroy(&m);
	}
	config_free(&c);
}

/* The stdio escape's quit reaches the machine through the I/O thread. */
static void test_iothread_quit(void)
{
	struct tboard tb = { 0 };
	struct machine m;
	struct config c;

	cfg_for_test(&c);
	prog_spin(&tb);
	if (create(&m, &board_be, &c, &tb)) {
		iothread_request_quit(m.io);
		CHECK_EQ(machine_run(&m), 0);
		CHECK_EQ(m.state, MACHINE_QUIT);
		machine_destroy(&m);
	}
	config_free(&c);
}

static void test_bad_cpu(void)
{
	struct tboard tb = { 0 };
	struct machine m;
	struct config c;
	struct err e;

	cfg_for_test(&c);
	c.cpu = strdup("R4401");
	current = &tb;
	CHECK(machine_create(&m, &board_be, &c, &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "unknown CPU model 'R4401' (did you mean "
			   "'R4400'?); models: ");
	CHECK_STR_CONTAINS(e.msg, "24Kf");
	CHECK_EQ(tb.destroys, 1);	/* the board was taken apart */
	config_free(&c);
}

static void test_accel_vz_unavailable(void)
{
	struct tboard tb = { 0 };
	struct machine m;
	struct config c;
	struct err e;

#if defined(__mips__)
	test_skip("a MIPS host may have VZ");
	return;
#endif
	cfg_for_test(&c);
	c.accel = ACCEL_VZ;
	current = &tb;
	CHECK(machine_create(&m, &board_be, &c, &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "accel = vz: VZ cannot run this guest: ");
	config_free(&c);
}

static void test_board_init_fails(void)
{
	struct tboard tb = { .fail_init = true };
	struct machine m;
	struct config c;
	struct err e;

	cfg_for_test(&c);
	current = &tb;
	CHECK(machine_create(&m, &board_be, &c, &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "init failed on purpose");
	CHECK_EQ(tb.destroys, 0);	/* init failed: nothing to destroy */
	config_free(&c);
}

static void test_serial_ports(void)
{
	struct tboard tb = { 0 };
	struct machine m;
	struct config c;
	struct err e;
	char spec[600];

	cfg_for_test(&c);
	prog_store(&tb, CTL_POWEROFF, 0);
	snprintf(spec, sizeof(spec), "file:%s/serial0.log", test_tmpdir());
	c.serial[0] = strdup(spec);
	c.serial[2] = strdup("none");
	if (create(&m, &board_be, &c, &tb)) {
		CHECK(m.serial[0] != NULL);
		CHECK(m.serial[1] == NULL);
		CHECK(m.serial[2] != NULL);
		chardev_write(m.serial[0], (const uint8_t *)"hi\n", 3);
		CHECK_EQ(machine_run(&m), 0);
		machine_destroy(&m);
		CHECK(access(spec + 5, F_OK) == 0);
	}
	free(c.serial[2]);
	c.serial[2] = strdup("tcp:");
	current = &tb;
	CHECK(machine_create(&m, &board_be, &c, &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "serial 2 (tcp:)");
	config_free(&c);
}

TEST_MAIN("machine",
	  T(test_poweroff_be),
	  T(test_poweroff_le),
	  T(test_reset_runs_again),
	  T(test_no_reboot),
	  T(test_quit_from_other_thread),
	  T(test_error_status),
	  T(test_request_before_run),
	  T(test_iothread_quit),
	  T(test_bad_cpu),
	  T(test_accel_vz_unavailable),
	  T(test_board_init_fails),
	  T(test_serial_ports))
