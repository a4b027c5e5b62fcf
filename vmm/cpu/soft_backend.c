/* The soft CPU as a vCPU backend (vmm/cpu/vcpu.h): what boards and
 * machine.c use. The CPU runs on the machine's bus and clock and takes
 * the machine lock around timers; the bus takes it around devices. */
#include <stdlib.h>

#include "../log.h"
#include "../machine.h"
#include "soft_int.h"

static struct soft_cpu *to_soft(struct vcpu *v)
{
	return (struct soft_cpu *)v;
}

static int soft_create(struct machine *m, const struct cpu_model *model,
		       struct vcpu **out, struct err *e)
{
	struct soft_cpu *c = soft_cpu_new(model, &m->bus, &m->clock, e);

	if (!c)
		return -1;
	c->lock = &m->lock;
	c->vcpu.machine = m;
	*out = &c->vcpu;
	return 0;
}

static void soft_destroy(struct vcpu *v)
{
	soft_cpu_free(to_soft(v));
}

static void soft_reset(struct vcpu *v)
{
	soft_cpu_reset(to_soft(v));
}

static enum vcpu_exit soft_run(struct vcpu *v)
{
	struct soft_cpu *c = to_soft(v);

	for (;;) {
		enum soft_stop r = soft_cpu_run(c, UINT64_MAX / 2, NULL);

		if (c->fatal)
			return VCPU_EXIT_ERROR;
		if (r == SOFT_STOP_REQUEST)
			return VCPU_EXIT_STOPPED;
	}
}

static void soft_stop(struct vcpu *v)
{
	soft_cpu_request_stop(to_soft(v));
}

static void soft_set_irq(struct vcpu *v, int line, int level)
{
	soft_cpu_set_irq(to_soft(v), line, level);
}

static int soft_get_reg(struct vcpu *v, unsigned id, uint64_t *value)
{
	return soft_cpu_get_reg(to_soft(v), id, value);
}

static int soft_set_reg(struct vcpu *v, unsigned id, uint64_t value)
{
	return soft_cpu_set_reg(to_soft(v), id, value);
}

const struct vcpu_backend soft_cpu_backend = {
	.name = "soft",
	.create = soft_create,
	.destroy = soft_destroy,
	.reset = soft_reset,
	.run = soft_run,
	.stop = soft_stop,
	.set_irq = soft_set_irq,
	.get_reg = soft_get_reg,
	.set_reg = soft_set_reg,
};
