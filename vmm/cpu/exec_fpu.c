/* Soft CPU side of CP1: the moves, loads/stores and branches the core
 * decodes itself; arithmetic goes to vmm/cpu/fpu.c. Every CP1
 * instruction raises Coprocessor Unusable (CE = 1) while Status.CU1 is
 * clear or the model has no FPU (Linux then emulates it); FPU_FPE from
 * the FPU becomes a Floating-Point exception (ExcCode 15). With
 * Status.FR = 0, 64-bit accesses to odd registers are RI here. */
#include "fpu_fast.h"
#include "ops.h"

#define R(x) c->gpr[d->x]
#define NEED_CU1()                                                          \
	do {                                                                 \
		if (unlikely(!c->cu1))                                       \
			return cpu_raise_cpu(c, d, 1);                       \
	} while (0)

static inline struct dop *fpu_result(struct soft_cpu *c, struct dop *d,
				     enum fpu_result r)
{
	if (likely(r == FPU_OK))
		return d + 1;
	if (r == FPU_FPE)
		return cpu_raise_d(c, d, EXC_FPE);
	return cpu_raise_ri(c, d);
}

static inline bool bad_pair(const struct soft_cpu *c, unsigned reg)
{
	return !c->fpu.fr && (reg & 1);
}

OP(cop1)
{
	NEED_CU1();
	return fpu_result(c, d, fpu_exec_cop1(&c->fpu, d->insn, c->gpr));
}

/* ADD/SUB/MUL/DIV.S/D: fd in d->sa, fs in d->rs, ft in d->rt. The
 * host FPU when it is exact (fpu_fast.h), else the full instruction. */
#define FPARITH(name, dbl, op)                                              \
	OP(name)                                                             \
	{                                                                    \
		NEED_CU1();                                                  \
		if (likely(fpu_fast_arith(&c->fpu, dbl, op, d->sa, d->rs,    \
					  d->rt)))                           \
			return d + 1;                                        \
		return fpu_result(c, d, fpu_exec_cop1(&c->fpu, d->insn,      \
						      c->gpr));              \
	}
FPARITH(add_s, false, FPU_FAST_ADD)
FPARITH(sub_s, false, FPU_FAST_SUB)
FPARITH(mul_s, false, FPU_FAST_MUL)
FPARITH(div_s, false, FPU_FAST_DIV)
FPARITH(add_d, true, FPU_FAST_ADD)
FPARITH(sub_d, true, FPU_FAST_SUB)
FPARITH(mul_d, true, FPU_FAST_MUL)
FPARITH(div_d, true, FPU_FAST_DIV)

/* MADD/MSUB/NMADD/NMSUB.S/D: fd in d->sa, fr in d->rd, fs in d->rs, ft
 * in d->rt, the COP1X op (4..7) in d->imm. */
#define FPMADD(name, dbl)                                                   \
	OP(name)                                                             \
	{                                                                    \
		NEED_CU1();                                                  \
		if (likely(fpu_fast_madd(&c->fpu, dbl, d->imm, d->sa, d->rd, \
					 d->rs, d->rt)))                     \
			return d + 1;                                        \
		return fpu_result(c, d, fpu_exec_cop1x(&c->fpu, d->insn));   \
	}
FPMADD(madd_s, false)
FPMADD(madd_d, true)

OP(cop1x)
{
	NEED_CU1();
	return fpu_result(c, d, fpu_exec_cop1x(&c->fpu, d->insn));
}

/* fs is kept in d->sa. */
OP(mfc1)
{
	NEED_CU1();
	R(rd) = sext32(fpu_get_w(&c->fpu, d->sa));
	return d + 1;
}

OP(dmfc1)
{
	NEED_CU1();
	if (!c->ops64 || bad_pair(c, d->sa))
		return cpu_raise_ri(c, d);
	R(rd) = fpu_get_d(&c->fpu, d->sa);
	return d + 1;
}

OP(cfc1)
{
	NEED_CU1();
	R(rd) = sext32(fpu_cfc1(&c->fpu, d->sa));
	return d + 1;
}

OP(mfhc1)
{
	NEED_CU1();
	R(rd) = sext32(fpu_get_hi(&c->fpu, d->sa));
	return d + 1;
}

OP(mtc1)
{
	NEED_CU1();
	fpu_set_w(&c->fpu, d->sa, (uint32_t)R(rt));
	return d + 1;
}

OP(dmtc1)
{
	NEED_CU1();
	if (!c->ops64 || bad_pair(c, d->sa))
		return cpu_raise_ri(c, d);
	fpu_set_d(&c->fpu, d->sa, R(rt));
	return d + 1;
}

OP(ctc1)
{
	NEED_CU1();
	return fpu_result(c, d, fpu_ctc1(&c->fpu, d->sa, (uint32_t)R(rt)));
}

OP(mthc1)
{
	NEED_CU1();
	fpu_set_hi(&c->fpu, d->sa, (uint32_t)R(rt));
	return d + 1;
}

/* BC1F/BC1T/BC1FL/BC1TL: cc in d->sa, tf in bit 0 and nd in bit 1 of
 * d->rt, offset in d->imm. */
OP(bc1)
{
	uint64_t pc;
	bool t;

	NEED_CU1();
	t = fpu_cond(&c->fpu, d->sa) == (d->rt & 1);
	pc = dop_pc(c, d);
	if (t)
		return branch_taken(c, d, pc, pc + 4 + (int64_t)d->imm);
	if (d->rt & 2) {
		if (likely(!dop_is_sentinel(d + 1)))
			return d + 2;
		return code_lookup(c, c->model->is64 ? pc + 8 :
				      (uint64_t)sext32(pc + 8));
	}
	return branch_ds_only(c, d, pc);
}

/* Loads/stores: ft in d->sa, base d->rs, offset d->imm; the indexed
 * forms use d->rt as the index register. */
static inline uint64_t fea(const struct soft_cpu *c, const struct dop *d)
{
	return R(rs) + (int64_t)d->imm;
}

static inline uint64_t xea(const struct soft_cpu *c, const struct dop *d)
{
	return R(rs) + R(rt);
}

static struct dop *ldw(struct soft_cpu *c, struct dop *d, uint64_t a)
{
	uint64_t v;
	struct dop *x;

	NEED_CU1();
	x = mem_read(c, d, a, 4, &v);
	if (x)
		return x;
	fpu_set_w(&c->fpu, d->sa, (uint32_t)v);
	return d + 1;
}

static struct dop *ldd(struct soft_cpu *c, struct dop *d, uint64_t a)
{
	uint64_t v;
	struct dop *x;

	NEED_CU1();
	if (bad_pair(c, d->sa))
		return cpu_raise_ri(c, d);
	x = mem_read(c, d, a, 8, &v);
	if (x)
		return x;
	fpu_set_d(&c->fpu, d->sa, v);
	return d + 1;
}

static struct dop *stw(struct soft_cpu *c, struct dop *d, uint64_t a)
{
	struct dop *x;

	NEED_CU1();
	x = mem_write(c, d, a, 4, fpu_get_w(&c->fpu, d->sa));
	return x ? x : d + 1;
}

static struct dop *std_(struct soft_cpu *c, struct dop *d, uint64_t a)
{
	struct dop *x;

	NEED_CU1();
	if (bad_pair(c, d->sa))
		return cpu_raise_ri(c, d);
	x = mem_write(c, d, a, 8, fpu_get_d(&c->fpu, d->sa));
	return x ? x : d + 1;
}

OP(lwc1) { return ldw(c, d, fea(c, d)); }
OP(ldc1) { return ldd(c, d, fea(c, d)); }
OP(swc1) { return stw(c, d, fea(c, d)); }
OP(sdc1) { return std_(c, d, fea(c, d)); }
OP(lwxc1) { return ldw(c, d, xea(c, d)); }
OP(ldxc1) { return ldd(c, d, xea(c, d)); }
OP(luxc1) { return ldd(c, d, xea(c, d) & ~7ull); }
OP(swxc1) { return stw(c, d, xea(c, d)); }
OP(sdxc1) { return std_(c, d, xea(c, d)); }
OP(suxc1) { return std_(c, d, xea(c, d) & ~7ull); }
OP(prefx) { return d + 1; }

/* MOVF/MOVT (SPECIAL funct 1): cc in d->sa, tf in d->imm. */
OP(movci)
{
	NEED_CU1();
	if (fpu_cond(&c->fpu, d->sa) == (bool)d->imm)
		R(rd) = R(rs);
	return d + 1;
}
