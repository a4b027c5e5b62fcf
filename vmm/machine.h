/* A machine: the bus, the clock, the CPU, the devices a board wired, and
 * the one lock that protects device state (DESIGN decision 6). No global
 * mutable state lives outside it. */
#ifndef MIPSVZ_MACHINE_H
#define MIPSVZ_MACHINE_H

#include <pthread.h>
#include <stdbool.h>

#include "bus.h"
#include "clock.h"
#include "config.h"
#include "cpu/vcpu.h"
#include "err.h"

struct machine;
struct iothread;
struct chardev;

/* A board: the memory map and the wiring of its devices (boards/). */
struct board {
	const char *name;
	const char *desc;
	const char *default_cpu;
	uint64_t default_memory;
	enum endian endian;	/* byte order the board runs its CPU in */
	/* CPU interrupt inputs the board drives (bit n = Cause.IP(n+2)):
	 * KVM VZ can inject only some of them (docs/vz.md). */
	unsigned cpu_irq_lines;
	/* Map memory, create devices, load firmware and the kernel. */
	int (*init)(struct machine *m, struct err *e);
	/* Reset devices to their power-on state (the CPU is reset apart). */
	void (*reset)(struct machine *m);
	/* Free what init allocated. */
	void (*destroy)(struct machine *m);
};

enum machine_state {
	MACHINE_RUNNING,
	MACHINE_POWEROFF,	/* the guest switched itself off */
	MACHINE_RESET,		/* the guest asked for a reset */
	MACHINE_QUIT,		/* the user quit (Ctrl-A x, signal) */
	MACHINE_ERROR,		/* a fatal error; message already logged */
};

struct machine {
	const struct config *cfg;
	const struct board *board;
	struct bus bus;
	struct vclock clock;
	pthread_mutex_t lock;
	struct vcpu *cpu;
	struct iothread *io;
	void *board_state;
	int exit_status;	/* status for a guest power-off */
	volatile enum machine_state state;
	/* Serial ports from cfg->serial[], opened before board->init; the
	 * board's UARTs attach to them. NULL behaves as "none". */
	struct chardev *serial[CONFIG_MAX_SERIAL];

	/* machine.c's run loop. `state` changes under req_lock, never the
	 * machine lock, so device callbacks (which hold that) may request. */
	pthread_mutex_t req_lock;
	pthread_cond_t req_cond;
	bool cpu_running;	/* the vCPU thread has not finished */
	bool board_ready;	/* board->init succeeded: destroy is due */
};

/* Boards, for --list-boards and --board (main.c holds the table). */
const struct board *board_find(const char *name);
/* The table: *n boards, NULL-terminated. */
const struct board *const *board_list(unsigned *n);

/* Build a machine from a config (board init, CPU create); nothing runs. */
int machine_create(struct machine *m, const struct board *board,
		   const struct config *cfg,
		   struct err *e);
/* Run until power-off, quit or a fatal error; handles guest resets.
 * Returns the process exit status. */
int machine_run(struct machine *m);
void machine_destroy(struct machine *m);

/* Any thread, any lock state: ask the machine to stop running. */
void machine_request(struct machine *m, enum machine_state why);

#endif
