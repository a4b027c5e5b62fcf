/* Soft CPU exceptions: vector selection, EPC/BD, ERET, interrupts, reset.
 *
 * Facts (R4000 User's Manual ch. 5, MIPS32/64 PRA ch. 6): with EXL
 * already set, EPC and Cause.BD are not updated and TLB refills go to the
 * general vector; BEV moves vectors to 0xBFC00200 (+0x000/0x080/0x180,
 * interrupts +0x200 with Cause.IV); R2 cores take their base from EBase
 * and, with Config3.VInt and IntCtl.VS != 0, vector interrupts by the
 * highest pending IP. Reset/NMI set ERL and BEV, save ErrorEPC and start
 * at 0xBFC00000. The vector address is always formed in kernel mode (an
 * IRIX 6.5 requirement: SGI-FACTS 6.7). */
#include <inttypes.h>

#include "../log.h"
#include "soft_int.h"

#define VEC_BEV_BASE 0xffffffffbfc00200ull
#define VEC_BASE 0xffffffff80000000ull
#define RESET_VEC 0xffffffffbfc00000ull

uint32_t cpu_pending_irqs(const struct soft_cpu *c)
{
	return (uint32_t)cp0_cause(c) & (uint32_t)c->status & ST_IM;
}

static uint64_t vector_base(const struct soft_cpu *c)
{
	if (c->status & ST_BEV)
		return VEC_BEV_BASE;
	if (cpu_is_r2(c))
		return (uint64_t)sext32(c->ebase & 0xfffff000u);
	return VEC_BASE;
}

static struct dop *enter_vector(struct soft_cpu *c, uint64_t target)
{
	struct dop *d;

	if (c->vec_depth >= 2) {
		log_msg("cpu: cannot fetch the exception vector at 0x%" PRIx64
			" (no memory there); stopping", target);
		c->fatal = true;
		c->pc = target;
		cpu_end_slice(c);
		return &c->stop_dop;
	}
	c->vec_depth++;
	d = code_lookup(c, target);
	c->vec_depth--;
	return d;
}

/* The common path; off is the vector offset (0x000, 0x080, 0x180, ...)
 * that applies when EXL was clear. */
static struct dop *raise_vec(struct soft_cpu *c, uint64_t pc,
			     enum mips_exc code, unsigned off)
{
	bool bd = c->in_ds;
	uint64_t epc = bd ? c->ds_branch_pc : pc;
	uint64_t base;

	c->in_ds = false;
	c->waiting = false;
	/* Any exception ends an LL/SC sequence: the handler returns with
	 * ERET, which clears LLbit (also for mipsvz-user's emulated kernel). */
	c->llbit = false;
	if (c->user_mode) {
		c->exc.code = code;
		c->exc.pc = epc;
		c->exc.badvaddr = c->badvaddr;
		c->exc.in_delay_slot = bd;
		c->exc_stop = true;
		c->pc = epc;
		cpu_end_slice(c);
		return &c->stop_dop;
	}
	TRACE(TRACE_CPU, "cpu: exception %u at pc 0x%" PRIx64 "%s badvaddr 0x%"
	      PRIx64, code, epc, bd ? " (delay slot)" : "", c->badvaddr);
	c->cause = (c->cause & ~0x7cull) | ((uint64_t)code << 2);
	if (!(c->status & ST_EXL)) {
		c->epc = epc;
		if (bd)
			c->cause |= CAUSE_BD;
		else
			c->cause &= ~CAUSE_BD;
	} else {
		off = 0x180;
	}
	c->status |= ST_EXL;
	cp0_mode_update(c);
	base = vector_base(c);
	if (code == EXC_INT && (c->cause & CAUSE_IV) && cpu_is_r2(c)) {
		unsigned vs = (c->intctl >> 5) & 0x1f;

		off = 0x200;
		if (vs && (c->config[3] & (1u << 5)) && !(c->status & ST_BEV)) {
			uint32_t p = cpu_pending_irqs(c) >> 8;
			unsigned n = p ? 31 - __builtin_clz(p) : 0;

			off = 0x200 + n * (vs << 5);
		}
	}
	c->pc = base + off;
	return enter_vector(c, base + off);
}

struct dop *cpu_raise(struct soft_cpu *c, uint64_t pc, enum mips_exc code)
{
	return raise_vec(c, pc, code, 0x180);
}

struct dop *cpu_raise_tlb(struct soft_cpu *c, uint64_t pc, enum mips_exc code,
			  bool refill, bool xtlb)
{
	return raise_vec(c, pc, code, refill ? (xtlb ? 0x080 : 0x000) : 0x180);
}

struct dop *cpu_raise_d(struct soft_cpu *c, struct dop *d, enum mips_exc code)
{
	c->exc.insn = d->insn;
	return cpu_raise(c, dop_pc(c, d), code);
}

struct dop *cpu_raise_ri(struct soft_cpu *c, struct dop *d)
{
	return cpu_raise_d(c, d, EXC_RI);
}

struct dop *cpu_raise_cpu(struct soft_cpu *c, struct dop *d, unsigned unit)
{
	c->cause = (c->cause & ~(3ull << CAUSE_CE_SHIFT)) |
		   ((uint64_t)unit << CAUSE_CE_SHIFT);
	return cpu_raise_d(c, d, EXC_CPU);
}

struct dop *cpu_raise_addr(struct soft_cpu *c, uint64_t pc, uint64_t va,
			   enum mips_exc code)
{
	c->badvaddr = va;
	return cpu_raise(c, pc, code);
}

/* Between slices: take a pending, enabled interrupt (PC is c->pc). */
struct dop *cpu_take_interrupt(struct soft_cpu *c)
{
	if (c->user_mode || !(c->status & ST_IE) ||
	    (c->status & (ST_EXL | ST_ERL)) || !cpu_pending_irqs(c))
		return NULL;
	c->exc.insn = 0;
	return cpu_raise(c, c->pc, EXC_INT);
}

struct dop *cpu_eret(struct soft_cpu *c, struct dop *d)
{
	uint64_t target;

	if (c->status & ST_ERL) {
		target = c->errorepc;
		c->status &= ~ST_ERL;
	} else {
		target = c->epc;
		c->status &= ~ST_EXL;
	}
	c->llbit = false;
	cp0_mode_update(c);
	/* Interrupts the handler held off are taken at the next boundary. */
	cpu_end_slice(c);
	if (!c->model->is64)
		target = sext32(target);
	return code_lookup(c, target);
}

void cpu_reset_exception(struct soft_cpu *c, bool nmi, bool soft)
{
	c->errorepc = c->in_ds ? c->ds_branch_pc : c->pc;
	c->in_ds = false;
	c->status &= ~(ST_SR | ST_NMI | ST_TS);
	c->status |= ST_ERL | ST_BEV;
	if (nmi)
		c->status |= ST_NMI;
	else if (soft)
		c->status |= ST_SR;
	c->llbit = false;
	c->waiting = false;
	cp0_mode_update(c);
	c->pc = RESET_VEC;
	cpu_end_slice(c);
}
