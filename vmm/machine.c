/* The machine's life: build it from a config (bus, clock, I/O thread,
 * serial ports, board, CPU), run the vCPU on its own thread while the
 * caller waits for a request (power-off, reset, quit, error), take it
 * apart again. */
#include "machine.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "chardev.h"
#include "iothread.h"
#include "kernel/vz.h"
#include "log.h"

static void machine_quit_cb(void *opaque)
{
	machine_request(opaque, MACHINE_QUIT);
}

/* "unknown CPU model 'r4401' (did you mean 'R4400'?); models: ..." */
static int machine_bad_cpu(const struct config *cfg, const char *name,
			   struct err *e)
{
	const char *names[64], *near;
	unsigned n;
	const struct cpu_model *models = cpu_model_list(&n);
	char where[300], list[300] = "", hint[80] = "";
	size_t len = 0;

	for (unsigned i = 0; i < n && i < 64; i++) {
		names[i] = models[i].name;
		if (len < sizeof(list))
			len += snprintf(list + len, sizeof(list) - len, "%s%s",
					i ? ", " : "", models[i].name);
	}
	near = config_suggest(name, names, n < 64 ? n : 64);
	if (near)
		snprintf(hint, sizeof(hint), " (did you mean '%s'?)", near);
	return err_set(e, "%sunknown CPU model '%s'%s; models: %s",
		       cfg->cpu ? config_where(cfg, "cpu", where, sizeof(where))
				: "",
		       name, hint, list);
}

static int machine_create_cpu(struct machine *m, struct err *e)
{
	const struct config *cfg = m->cfg;
	const char *name = cfg->cpu ? cfg->cpu : m->board->default_cpu;
	const struct cpu_model *model = cpu_model_find(name);
	const struct vcpu_backend *be;
	struct vz_guest guest;
	struct vcpu *cpu;
	char why[300];

	if (!name)
		return err_set(e, "board %s names no default CPU: set cpu",
			       m->board->name);
	if (!model)
		return machine_bad_cpu(cfg, name, e);
	guest = (struct vz_guest){
		.endian = m->board->endian,
		.is64 = model->is64,
		.irq_lines = m->board->cpu_irq_lines,
		.model = model,
	};
	be = vz_choose_backend(cfg->accel, vz_host_real(), &guest, why,
			       sizeof(why), e);
	if (!be)
		return -1;
	/* DESIGN decision 1: auto says which it chose and why. */
	if (cfg->accel == ACCEL_AUTO)
		log_msg("accel: %s", why);
	if (be->create(m, model, &cpu, e) < 0)
		return err_prefix(e, "%s CPU", be->name);
	pthread_mutex_lock(&m->req_lock);
	m->cpu = cpu;
	pthread_mutex_unlock(&m->req_lock);
	return 0;
}

int machine_create(struct machine *m, const struct board *board,
		   const struct config *cfg, struct err *e)
{
	pthread_condattr_t ca;

	memset(m, 0, sizeof(*m));
	m->cfg = cfg;
	m->board = board;
	m->state = MACHINE_RUNNING;
	bus_init(&m->bus, board->endian);
	pthread_mutex_init(&m->lock, NULL);
	m->bus.lock = &m->lock;
	pthread_mutex_init(&m->req_lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&m->req_cond, &ca);
	pthread_condattr_destroy(&ca);
	vclock_init(&m->clock, cfg->deterministic);

	m->io = iothread_create(&m->lock, e);
	if (!m->io) {
		err_prefix(e, "I/O thread");
		goto fail;
	}
	iothread_set_quit(m->io, machine_quit_cb, m);
	for (int i = 0; i < CONFIG_MAX_SERIAL; i++) {
		if (!cfg->serial[i])
			continue;
		if (chardev_open(cfg->serial[i], m->io, &m->serial[i], e) < 0) {
			err_prefix(e, "serial %d (%s)", i, cfg->serial[i]);
			goto fail;
		}
	}
	if (board->init(m, e) < 0)
		goto fail;
	m->board_ready = true;
	if (machine_create_cpu(m, e) < 0)
		goto fail;
	return 0;
fail:
	machine_destroy(m);
	return -1;
}

/* Any thread, machine lock held or not: set the state (a stronger
 * request replaces a reset not yet handled), wake machine_run, stop
 * the CPU. Nothing here takes the machine lock. */
void machine_request(struct machine *m, enum machine_state why)
{
	struct vcpu *cpu;

	pthread_mutex_lock(&m->req_lock);
	if (m->state == MACHINE_RUNNING ||
	    (m->state == MACHINE_RESET && why != MACHINE_RUNNING))
		m->state = why;
	cpu = m->cpu;
	pthread_cond_broadcast(&m->req_cond);
	pthread_mutex_unlock(&m->req_lock);
	if (cpu)
		vcpu_stop(cpu);
}

static void *machine_cpu_thread(void *arg)
{
	struct machine *m = arg;
	enum vcpu_exit why = vcpu_run(m->cpu);

	pthread_mutex_lock(&m->req_lock);
	m->cpu_running = false;
	if (m->state == MACHINE_RUNNING) {
		/* Nobody asked: the backend gave up (message logged) or
		 * stopped on its own, which is as fatal. */
		if (why != VCPU_EXIT_ERROR)
			log_msg("the CPU stopped without a request");
		m->state = MACHINE_ERROR;
	}
	pthread_cond_broadcast(&m->req_cond);
	pthread_mutex_unlock(&m->req_lock);
	return NULL;
}

/* Run the vCPU thread until a request; returns it. */
static enum machine_state machine_run_once(struct machine *m)
{
	enum machine_state st;
	struct timespec ts;
	pthread_t thread;
	int rc;

	pthread_mutex_lock(&m->req_lock);
	if (m->state != MACHINE_RUNNING) {	/* asked before we started */
		st = m->state;
		pthread_mutex_unlock(&m->req_lock);
		return st;
	}
	m->cpu_running = true;
	pthread_mutex_unlock(&m->req_lock);
	rc = pthread_create(&thread, NULL, machine_cpu_thread, m);
	if (rc) {
		log_msg("cannot start the vCPU thread: %s", strerror(rc));
		return MACHINE_ERROR;
	}
	pthread_mutex_lock(&m->req_lock);
	while (m->state == MACHINE_RUNNING)
		pthread_cond_wait(&m->req_cond, &m->req_lock);
	/* A stop that landed before vcpu_run began may have been lost:
	 * repeat it until the thread is out. */
	while (m->cpu_running) {
		pthread_mutex_unlock(&m->req_lock);
		vcpu_stop(m->cpu);
		pthread_mutex_lock(&m->req_lock);
		clock_gettime(CLOCK_MONOTONIC, &ts);
		ts.tv_nsec += 10 * 1000 * 1000;
		if (ts.tv_nsec >= 1000000000) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000;
		}
		if (m->cpu_running)
			pthread_cond_timedwait(&m->req_cond, &m->req_lock, &ts);
	}
	st = m->state;
	pthread_mutex_unlock(&m->req_lock);
	pthread_join(thread, NULL);
	return st;
}

int machine_run(struct machine *m)
{
	for (;;) {
		switch (machine_run_once(m)) {
		case MACHINE_RESET:
			if (m->cfg->no_reboot)
				return 0;
			pthread_mutex_lock(&m->lock);
			if (m->board->reset)
				m->board->reset(m);
			vcpu_reset(m->cpu);
			pthread_mutex_unlock(&m->lock);
			pthread_mutex_lock(&m->req_lock);
			if (m->state == MACHINE_RESET)
				m->state = MACHINE_RUNNING;
			pthread_mutex_unlock(&m->req_lock);
			break;
		case MACHINE_POWEROFF:
			return m->exit_status;
		case MACHINE_QUIT:
			return 0;
		default:
			return 1;
		}
	}
}

/* Also undoes a machine_create that failed half-way. Order: the CPU
 * (nothing runs guest code), the serial ports (no input reaches the
 * UARTs), the devices, the I/O thread, the memory. */
void machine_destroy(struct machine *m)
{
	if (m->cpu)
		vcpu_destroy(m->cpu);
	pthread_mutex_lock(&m->req_lock);
	m->cpu = NULL;
	pthread_mutex_unlock(&m->req_lock);
	/* Devices detach from their chardevs as they go: the board first. */
	if (m->board_ready && m->board->destroy)
		m->board->destroy(m);
	m->board_ready = false;
	for (int i = 0; i < CONFIG_MAX_SERIAL; i++) {
		chardev_close(m->serial[i]);
		m->serial[i] = NULL;
	}
	iothread_destroy(m->io);
	m->io = NULL;
	bus_destroy(&m->bus);
	pthread_cond_destroy(&m->req_cond);
	pthread_mutex_destroy(&m->req_lock);
	pthread_mutex_destroy(&m->lock);
}
