/* The vCPU interface: one interface, two backends (DESIGN decision 1).
 * vmm/cpu/ implements it with the portable soft CPU; kernel/ with Linux
 * KVM's MIPS VZ. Boards and firmware only ever use these calls. */
#ifndef MIPSVZ_VCPU_H
#define MIPSVZ_VCPU_H

#include <stdint.h>

#include "../err.h"
#include "model.h"

struct machine;
struct vcpu;

/* Register ids for get/set (gdbstub, loaders, tests). */
enum {
	VCPU_REG_GPR = 0x000,	/* + 0..31 */
	VCPU_REG_HI = 0x020,
	VCPU_REG_LO = 0x021,
	VCPU_REG_PC = 0x022,
	VCPU_REG_CP0 = 0x100,	/* + reg * 8 + sel */
	VCPU_REG_FPR = 0x200,	/* + 0..31, raw 64-bit contents */
	VCPU_REG_FCSR = 0x220,
	VCPU_REG_FIR = 0x221,
};
#define VCPU_REG_CP0_ID(reg, sel) (VCPU_REG_CP0 + (reg) * 8 + (sel))

/* Why vcpu_run returned. */
enum vcpu_exit {
	VCPU_EXIT_STOPPED,	/* vcpu_stop() was called (power-off, reset) */
	VCPU_EXIT_ERROR,	/* the backend failed; message in the log */
};

struct vcpu_backend {
	const char *name;	/* "soft", "vz" */
	int (*create)(struct machine *m, const struct cpu_model *model,
		      struct vcpu **out, struct err *e);
	void (*destroy)(struct vcpu *cpu);
	/* Architectural reset: PC at the reset vector, BEV/ERL set. */
	void (*reset)(struct vcpu *cpu);
	/* Run on the calling thread until stopped. */
	enum vcpu_exit (*run)(struct vcpu *cpu);
	/* Any thread: make run() return soon. */
	void (*stop)(struct vcpu *cpu);
	/* Any thread: hardware interrupt input 0..5 (Cause.IP2..IP7). */
	void (*set_irq)(struct vcpu *cpu, int line, int level);
	int (*get_reg)(struct vcpu *cpu, unsigned id, uint64_t *value);
	int (*set_reg)(struct vcpu *cpu, unsigned id, uint64_t value);
};

/* Fields every backend's vcpu starts with. */
struct vcpu {
	const struct vcpu_backend *be;
	struct machine *machine;
	const struct cpu_model *model;
};

extern const struct vcpu_backend soft_cpu_backend;

static inline void vcpu_reset(struct vcpu *c) { c->be->reset(c); }
static inline enum vcpu_exit vcpu_run(struct vcpu *c) { return c->be->run(c); }
static inline void vcpu_stop(struct vcpu *c) { c->be->stop(c); }
static inline void vcpu_set_irq(struct vcpu *c, int line, int level)
{
	c->be->set_irq(c, line, level);
}
static inline int vcpu_get_reg(struct vcpu *c, unsigned id, uint64_t *v)
{
	return c->be->get_reg(c, id, v);
}
static inline int vcpu_set_reg(struct vcpu *c, unsigned id, uint64_t v)
{
	return c->be->set_reg(c, id, v);
}
static inline void vcpu_destroy(struct vcpu *c) { c->be->destroy(c); }

#endif
