/* A bare IP22 machine for register-level tests (no CPU, no firmware):
 * ip22_build on a deterministic virtual clock, a fake vCPU that records
 * the interrupt lines the board drives, big-endian bus accessors. */
#ifndef MIPSVZ_TESTS_SGI_RIG_H
#define MIPSVZ_TESTS_SGI_RIG_H

#include <string.h>

#include "boards/sgi/ip22.h"
#include "tests/test.h"
#include "vmm/config.h"
#include "vmm/machine.h"

struct sgi_rig {
	struct machine m;
	struct config cfg;
	struct vcpu cpu;
	uint64_t insns;
	int lines[6];
	unsigned stops;
};

static struct sgi_rig *sgi_rig_of(struct vcpu *c)
{
	return (struct sgi_rig *)((char *)c - offsetof(struct sgi_rig, cpu));
}

static void rig_set_irq(struct vcpu *c, int line, int level)
{
	if (line >= 0 && line < 6)
		sgi_rig_of(c)->lines[line] = level;
}

static void rig_stop(struct vcpu *c)
{
	sgi_rig_of(c)->stops++;
}

static const struct vcpu_backend rig_backend = {
	.name = "rig", .set_irq = rig_set_irq, .stop = rig_stop,
};

static uint64_t rig_icount(void *opaque)
{
	return *(uint64_t *)opaque;
}

/* memory: bytes (0 = default); returns 0 or -1 with e filled. */
static int sgi_rig_create(struct sgi_rig *r, bool fullhouse,
			  uint64_t memory, struct err *e)
{
	memset(r, 0, sizeof(*r));
	config_defaults(&r->cfg);
	r->cfg.memory = memory;
	r->m.cfg = &r->cfg;
	bus_init(&r->m.bus, ENDIAN_BIG);
	vclock_init(&r->m.clock, true);
	r->m.clock.icount = rig_icount;
	r->m.clock.icount_opaque = &r->insns;
	pthread_mutex_init(&r->m.lock, NULL);
	pthread_mutex_init(&r->m.req_lock, NULL);
	pthread_cond_init(&r->m.req_cond, NULL);
	r->cpu.be = &rig_backend;
	r->cpu.machine = &r->m;
	r->m.cpu = &r->cpu;
	r->m.board = fullhouse ? &indigo2_board : &indy_board;
	return ip22_build(&r->m, fullhouse, e);
}

static void sgi_rig_destroy(struct sgi_rig *r)
{
	if (r->m.board_state)
		r->m.board->destroy(&r->m);
	bus_destroy(&r->m.bus);
	config_free(&r->cfg);
}

static void sgi_rig_advance(struct sgi_rig *r, uint64_t ns)
{
	r->insns += ns / r->m.clock.ns_per_insn;
	vclock_run_timers(&r->m.clock);
}

static uint64_t rd(struct sgi_rig *r, uint64_t pa, unsigned size)
{
	uint64_t v = 0;

	CHECK(bus_read(&r->m.bus, pa, size, &v) == BUS_OK);
	return v;
}

static void wr(struct sgi_rig *r, uint64_t pa, unsigned size, uint64_t v)
{
	CHECK(bus_write(&r->m.bus, pa, size, v) == BUS_OK);
}

#endif
