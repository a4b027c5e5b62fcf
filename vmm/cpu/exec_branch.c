/* Soft CPU branches and jumps. The branch runs its own delay slot (with
 * in_ds set, so an exception there reports EPC = branch and Cause.BD,
 * whether or not the branch is taken: R4000 manual 5.3), then continues
 * at the target. Branch-likely skips the slot when not taken. Links are
 * written before the slot runs (MIPS32 vol. II: "GPR[31] <- PC + 8" is
 * part of the branch). d->imm holds the target's distance in instructions
 * (offset + 1, so that interp.c finds the target dop with one add), or
 * the J target. */
#include "ops.h"

#define R(x) c->gpr[d->x]

static inline bool is_sentinel(const struct soft_cpu *c, const struct dop *d)
{
	return dop_is_sentinel(d);
}

/* Run the delay slot of the branch at pc; NULL if it completed normally,
 * else where to go (exception, or a jump in the slot). */
static inline __attribute__((always_inline)) struct dop *run_ds(struct soft_cpu *c, struct dop *d,
				 uint64_t pc)
{
	struct dop *ds = d + 1, *r;

	c->in_ds = true;
	c->ds_branch_pc = pc;
	if (unlikely(is_sentinel(c, ds))) {
		uint64_t a = pc + 4;

		if (!c->model->is64)
			a = sext32(a);
		ds = code_lookup(c, a);
		if (!c->in_ds)
			return ds;	/* fetching the slot faulted */
	}
	c->icount++;
	r = dop_call(c, ds);
	if (unlikely(!c->in_ds))
		return r;
	c->in_ds = false;
	if (unlikely(r != ds + 1))
		return r;
	return NULL;
}

static inline __attribute__((always_inline)) struct dop *
go_taken(struct soft_cpu *c, struct dop *d, uint64_t pc, uint64_t target)
{
	struct dop *r = run_ds(c, d, pc);

	if (unlikely(r != NULL))
		return r;
	if (!c->model->is64)
		target = sext32(target);
	if (likely((target & ~0xfffull) == c->cur_vbase && !(target & 3)))
		return &c->cur_page->ops[(target & 0xfff) >> 2];
	return code_lookup(c, target);
}

struct dop *branch_taken(struct soft_cpu *c, struct dop *d, uint64_t pc,
			 uint64_t target)
{
	return go_taken(c, d, pc, target);
}

/* Not taken: the slot still runs as a delay slot. */
struct dop *branch_ds_only(struct soft_cpu *c, struct dop *d, uint64_t pc)
{
	return go_taken(c, d, pc, pc + 8);
}

static inline struct dop *cond_branch(struct soft_cpu *c, struct dop *d,
				      bool taken)
{
	uint64_t pc = dop_pc(c, d);

	if (taken)
		return go_taken(c, d, pc, pc + 4 * (int64_t)d->imm);
	return go_taken(c, d, pc, pc + 8);
}

/* Branch-likely: the slot is nullified when not taken. */
static inline struct dop *likely_branch(struct soft_cpu *c, struct dop *d,
					bool taken)
{
	uint64_t pc = dop_pc(c, d);

	if (taken)
		return go_taken(c, d, pc, pc + 4 * (int64_t)d->imm);
	if (likely(!is_sentinel(c, d + 1)))
		return d + 2;
	return code_lookup(c, c->model->is64 ? pc + 8 : (uint64_t)sext32(pc + 8));
}

static inline void link(struct soft_cpu *c, unsigned reg, uint64_t pc)
{
	c->gpr[reg] = c->model->is64 ? pc + 8 : (uint64_t)sext32(pc + 8);
}

OP(b)
{
	uint64_t pc = dop_pc(c, d);

	return go_taken(c, d, pc, pc + 4 * (int64_t)d->imm);
}

OP(beq) { return cond_branch(c, d, R(rs) == R(rt)); }
OP(bne) { return cond_branch(c, d, R(rs) != R(rt)); }
OP(blez) { return cond_branch(c, d, (int64_t)R(rs) <= 0); }
OP(bgtz) { return cond_branch(c, d, (int64_t)R(rs) > 0); }
OP(bltz) { return cond_branch(c, d, (int64_t)R(rs) < 0); }
OP(bgez) { return cond_branch(c, d, (int64_t)R(rs) >= 0); }
OP(beql) { return likely_branch(c, d, R(rs) == R(rt)); }
OP(bnel) { return likely_branch(c, d, R(rs) != R(rt)); }
OP(blezl) { return likely_branch(c, d, (int64_t)R(rs) <= 0); }
OP(bgtzl) { return likely_branch(c, d, (int64_t)R(rs) > 0); }
OP(bltzl) { return likely_branch(c, d, (int64_t)R(rs) < 0); }
OP(bgezl) { return likely_branch(c, d, (int64_t)R(rs) >= 0); }

OP(bltzal)
{
	bool t = (int64_t)R(rs) < 0;

	link(c, 31, dop_pc(c, d));
	return cond_branch(c, d, t);
}

OP(bgezal)
{
	bool t = (int64_t)R(rs) >= 0;

	link(c, 31, dop_pc(c, d));
	return cond_branch(c, d, t);
}

OP(bltzall)
{
	bool t = (int64_t)R(rs) < 0;

	link(c, 31, dop_pc(c, d));
	return likely_branch(c, d, t);
}

OP(bgezall)
{
	bool t = (int64_t)R(rs) >= 0;

	link(c, 31, dop_pc(c, d));
	return likely_branch(c, d, t);
}

/* J/JAL: imm holds instr_index << 2 (28 bits). */
OP(j)
{
	uint64_t pc = dop_pc(c, d);

	return go_taken(c, d, pc, ((pc + 4) & ~0x0fffffffull) |
				      (uint32_t)d->imm);
}

OP(jal)
{
	uint64_t pc = dop_pc(c, d);

	link(c, 31, pc);
	return go_taken(c, d, pc, ((pc + 4) & ~0x0fffffffull) |
				      (uint32_t)d->imm);
}

OP(jr)
{
	return go_taken(c, d, dop_pc(c, d), R(rs));
}

OP(jalr)
{
	uint64_t pc = dop_pc(c, d), target = R(rs);

	link(c, d->rd, pc);
	return go_taken(c, d, pc, target);
}
