/* Soft CPU threaded interpreter: the fast path of the run loop.
 *
 * Each decoded op carries h, the label of its inline body here, and
 * every body ends by jumping straight to the next op's label (direct
 * threading with computed goto): no call, no return to a loop, no
 * per-instruction slice test. Only the common cases run inline — the
 * ALU ops of alu.h, aligned loads/stores that hit the soft TLB, branches
 * to the same page. Everything else (a soft TLB miss, a branch leaving
 * the page, any other op) runs the op's handler through "call", which
 * is the same code the precise loop in soft.c uses, so both agree.
 *
 * The slice end is tested only where control can go back: after a
 * branch that does not go forward in its page, and after any handler
 * call (which is also how a page is left). Between two tests the slots
 * run are therefore in one page in increasing order: at most
 * INTERP_MAX_RUN instructions, the margin kept when the slice end must
 * be exact. Kicks from other threads are seen within that many
 * instructions; from this thread (a device write raising an interrupt)
 * right after the handler call.
 *
 * The instruction count lives in a register and is written back before
 * every handler call, so anything that reads icount (the deterministic
 * clock, Random) sees the exact value.
 *
 * Delay slots: the branch picks its target first, then runs the slot
 * through a second table whose bodies continue at the target (ds_end).
 * Those bodies cannot fault; a slot that needs its handler (a miss, a
 * cold op) runs it with in_ds and ds_branch_pc set, exactly as
 * exec_branch.c does. */
#include "fpu_fast.h"
#include "ops.h"

struct dop *interp_run(struct soft_cpu *c, struct dop *d, bool exact)
{
#define RUN_ENT(n) &&L_##n,
#define SLOT_ENT(n) &&D_##n,
#define SLOT_CALL(n) &&ds_call,
	/* By op id: the inline ops come first (ops.h). */
	static const void *const run[OP_NUM + 1] = {
		ALU32_OPS(RUN_ENT) ALU64_OPS(RUN_ENT)
		INTERP_MEM_OPS(RUN_ENT) INTERP_BRANCH_OPS(RUN_ENT)
		INTERP_FP_OPS(RUN_ENT)
		[OP_FIRST_CALLED ... OP_NUM - 1] = &&call,
		[OP_NUM] = &&far,	/* c->far_dop */
	};
	static const void *const slot[OP_NUM] = {
		ALU32_OPS(SLOT_ENT) ALU64_OPS(SLOT_ENT)
		INTERP_MEM_OPS(SLOT_ENT) INTERP_BRANCH_OPS(SLOT_CALL)
		INTERP_FP_OPS(SLOT_ENT)
		[OP_FIRST_CALLED ... OP_NUM - 1] = &&ds_call,
	};
	uint64_t ic, margin = exact ? INTERP_MAX_RUN : 0;
	const struct stlb_set *set;
	bool swap, ops64, cu1;
	struct dop *tgt = NULL;	/* where a branch goes after its slot */
	uint64_t tpc = 0;	/* ... when tgt is &c->far_dop: another page */

#define RELOAD()                                                            \
	(set = c->set, swap = c->swap, ops64 = c->ops64, cu1 = c->cu1)
#define DISPATCH()                                                          \
	do {                                                                 \
		ic++;                                                        \
		goto *d->lbl;                                                \
	} while (0)
#define NEXT()                                                              \
	do {                                                                 \
		d++;                                                         \
		DISPATCH();                                                  \
	} while (0)
#define CHECK()                                                             \
	do {                                                                 \
		if (unlikely(ic + margin >= __atomic_load_n(                 \
				&c->slice_end, __ATOMIC_RELAXED)))           \
			goto out;                                            \
		DISPATCH();                                                  \
	} while (0)
/* Run the delay slot (d + 1) through the slot table. */
#define SLOT()                                                              \
	do {                                                                 \
		d++;                                                         \
		ic++;                                                        \
		goto *slot[d->op];                                           \
	} while (0)

	if (unlikely(!d)) {
		c->labels = run;	/* [OP_NUM] is for c->far_dop */
		return NULL;
	}
	ic = c->icount;
	RELOAD();
	CHECK();

call:
	c->icount = ic;
	d = dop_call(c, d);
	ic = c->icount;
	RELOAD();
	CHECK();

ds_call: {
	struct dop *r;

	c->in_ds = true;
	c->ds_branch_pc = c->cur_vbase + (uint64_t)(d->idx - 1) * 4;
	c->icount = ic;
	r = dop_call(c, d);
	ic = c->icount;
	RELOAD();
	if (unlikely(!c->in_ds)) {	/* exception, or a jump in the slot */
		d = r;
		CHECK();
	}
	c->in_ds = false;
	if (unlikely(r != d + 1)) {
		d = r;
		CHECK();
	}
	goto ds_end;
}

ds_end:
	/* Forward in the page (d is the slot): no check needed. */
	if ((uintptr_t)tgt > (uintptr_t)d) {
		d = tgt;
		DISPATCH();
	}
	d = tgt;
	CHECK();

far: {	/* d is c->far_dop, counted by DISPATCH: not an instruction */
	const struct itlb_ent *e;

	ic--;
	if (!c->model->is64)
		tpc = sext32(tpc);
	/* code_lookup's instruction TLB hit, without the call */
	e = &c->set->i[(tpc >> 12) % ITLB_N];
	if (likely(e->tag == (tpc & ~0xffcull))) {	/* and aligned */
		c->cur_page = e->page;
		c->cur_vbase = e->tag;
		d = &e->page->ops[(tpc & 0xfff) >> 2];
		CHECK();
	}
	c->icount = ic;
	d = code_lookup(c, tpc);
	ic = c->icount;
	RELOAD();
	CHECK();
}

out:
	if (unlikely(d == &c->far_dop)) {
		if (!c->model->is64)
			tpc = sext32(tpc);
		c->icount = ic;
		return code_lookup(c, tpc);
	}
	c->icount = ic;
	return d;

	/* --- ALU --- */
#define ALU32_BODY(n)                                                       \
	L_##n:                                                               \
		alu_##n(c, d);                                               \
		NEXT();                                                      \
	D_##n:                                                               \
		alu_##n(c, d);                                               \
		goto ds_end;
#define ALU64_BODY(n)                                                       \
	L_##n:                                                               \
		if (unlikely(!ops64))                                        \
			goto call;                                           \
		alu_##n(c, d);                                               \
		NEXT();                                                      \
	D_##n:                                                               \
		if (unlikely(!ops64))                                        \
			goto ds_call;                                        \
		alu_##n(c, d);                                               \
		goto ds_end;
	ALU32_OPS(ALU32_BODY)
	ALU64_OPS(ALU64_BODY)

	/* --- loads and stores: the soft TLB hit; misses call --- */
#define EA() (R(rs) + (int64_t)d->imm)
#define TLB_HIT(side, va, size)                                             \
	(set->side[((va) >> 12) & (STLB_N - 1)].tag ==                       \
	 ((va) & (~0xfffull | ((size) - 1))))
#define HOST(side, va)                                                      \
	((uint8_t *)(uintptr_t)((va) +                                       \
				set->side[((va) >> 12) & (STLB_N - 1)].addend))
#define LOAD_BODY(n, size, conv, need64)                                    \
	L_##n: {                                                             \
		uint64_t va = EA(), v;                                       \
		if (unlikely((need64 && !ops64) || !TLB_HIT(r, va, size)))   \
			goto call;                                           \
		v = host_ld_sw(HOST(r, va), size, swap);                     \
		R(rd) = conv;                                                \
		NEXT();                                                      \
	}                                                                    \
	D_##n: {                                                             \
		uint64_t va = EA(), v;                                       \
		if (unlikely((need64 && !ops64) || !TLB_HIT(r, va, size)))   \
			goto ds_call;                                        \
		v = host_ld_sw(HOST(r, va), size, swap);                     \
		R(rd) = conv;                                                \
		goto ds_end;                                                 \
	}
#define STORE_BODY(n, size, need64)                                         \
	L_##n: {                                                             \
		uint64_t va = EA();                                          \
		if (unlikely((need64 && !ops64) || !TLB_HIT(w, va, size)))   \
			goto call;                                           \
		host_st_sw(HOST(w, va), size, R(rt), swap);                  \
		NEXT();                                                      \
	}                                                                    \
	D_##n: {                                                             \
		uint64_t va = EA();                                          \
		if (unlikely((need64 && !ops64) || !TLB_HIT(w, va, size)))   \
			goto ds_call;                                        \
		host_st_sw(HOST(w, va), size, R(rt), swap);                  \
		goto ds_end;                                                 \
	}
	LOAD_BODY(lb, 1, (int64_t)(int8_t)v, 0)
	LOAD_BODY(lbu, 1, v, 0)
	LOAD_BODY(lh, 2, (int64_t)(int16_t)v, 0)
	LOAD_BODY(lhu, 2, v, 0)
	LOAD_BODY(lw, 4, (int64_t)(int32_t)v, 0)
	LOAD_BODY(lwu, 4, v, 1)
	LOAD_BODY(ld, 8, v, 1)
	STORE_BODY(sb, 1, 0)
	STORE_BODY(sh, 2, 0)
	STORE_BODY(sw, 4, 0)
	STORE_BODY(sd, 8, 1)

	/* --- FPU: loads/stores (ft in d->sa), arithmetic when the host
	 * result is exact (fpu_fast.h); Coprocessor Unusable, odd register
	 * pairs and everything else call --- */
#define FP_BAD(wide) (!cu1 || ((wide) && !c->fpu.fr && (d->sa & 1)))
#define FPLOAD_BODY(n, size, wide)                                          \
	L_##n: {                                                             \
		uint64_t va = EA(), v;                                       \
		if (unlikely(FP_BAD(wide) || !TLB_HIT(r, va, size)))         \
			goto call;                                           \
		v = host_ld_sw(HOST(r, va), size, swap);                     \
		wide ? fpu_set_d(&c->fpu, d->sa, v) :                        \
		       fpu_set_w(&c->fpu, d->sa, v);                         \
		NEXT();                                                      \
	}                                                                    \
	D_##n: {                                                             \
		uint64_t va = EA(), v;                                       \
		if (unlikely(FP_BAD(wide) || !TLB_HIT(r, va, size)))         \
			goto ds_call;                                        \
		v = host_ld_sw(HOST(r, va), size, swap);                     \
		wide ? fpu_set_d(&c->fpu, d->sa, v) :                        \
		       fpu_set_w(&c->fpu, d->sa, v);                         \
		goto ds_end;                                                 \
	}
#define FPSTORE_BODY(n, size, wide)                                         \
	L_##n: {                                                             \
		uint64_t va = EA();                                          \
		if (unlikely(FP_BAD(wide) || !TLB_HIT(w, va, size)))         \
			goto call;                                           \
		host_st_sw(HOST(w, va), size, wide ?                         \
			   fpu_get_d(&c->fpu, d->sa) :                       \
			   fpu_get_w(&c->fpu, d->sa), swap);                 \
		NEXT();                                                      \
	}                                                                    \
	D_##n: {                                                             \
		uint64_t va = EA();                                          \
		if (unlikely(FP_BAD(wide) || !TLB_HIT(w, va, size)))         \
			goto ds_call;                                        \
		host_st_sw(HOST(w, va), size, wide ?                         \
			   fpu_get_d(&c->fpu, d->sa) :                       \
			   fpu_get_w(&c->fpu, d->sa), swap);                 \
		goto ds_end;                                                 \
	}
	FPLOAD_BODY(lwc1, 4, false)
	FPLOAD_BODY(ldc1, 8, true)
	FPSTORE_BODY(swc1, 4, false)
	FPSTORE_BODY(sdc1, 8, true)

/* fd in d->sa, fs d->rs, ft d->rt (exec_fpu.c) */
#define FPARITH_BODY(n, dbl, op)                                            \
	L_##n:                                                               \
		if (unlikely(!cu1 || !fpu_fast_arith(&c->fpu, dbl, op, d->sa, \
						     d->rs, d->rt)))         \
			goto call;                                           \
		NEXT();                                                      \
	D_##n:                                                               \
		if (unlikely(!cu1 || !fpu_fast_arith(&c->fpu, dbl, op, d->sa, \
						     d->rs, d->rt)))         \
			goto ds_call;                                        \
		goto ds_end;
	FPARITH_BODY(add_s, false, FPU_FAST_ADD)
	FPARITH_BODY(sub_s, false, FPU_FAST_SUB)
	FPARITH_BODY(mul_s, false, FPU_FAST_MUL)
	FPARITH_BODY(div_s, false, FPU_FAST_DIV)
	FPARITH_BODY(add_d, true, FPU_FAST_ADD)
	FPARITH_BODY(sub_d, true, FPU_FAST_SUB)
	FPARITH_BODY(mul_d, true, FPU_FAST_MUL)
	FPARITH_BODY(div_d, true, FPU_FAST_DIV)

/* ... plus fr in d->rd and the COP1X op in d->imm */
#define FPMADD_BODY(n, dbl)                                                 \
	L_##n:                                                               \
		if (unlikely(!cu1 || !fpu_fast_madd(&c->fpu, dbl, d->imm,     \
						    d->sa, d->rd, d->rs,     \
						    d->rt)))                 \
			goto call;                                           \
		NEXT();                                                      \
	D_##n:                                                               \
		if (unlikely(!cu1 || !fpu_fast_madd(&c->fpu, dbl, d->imm,     \
						    d->sa, d->rd, d->rs,     \
						    d->rt)))                 \
			goto ds_call;                                        \
		goto ds_end;
	FPMADD_BODY(madd_s, false)
	FPMADD_BODY(madd_d, true)

	/* --- branches: the decoder gave those whose slot or PC-relative
	 * target is in another page to "call" (decode.c) --- */
#define REL_TARGET() (tgt = d + d->imm)
#define COND_BODY(n, cond)                                                  \
	L_##n:                                                               \
		tgt = (cond) ? d + d->imm : d + 2;                \
		SLOT();
/* Branch-likely: the slot runs only when taken. */
#define LIKELY_BODY(n, cond)                                                \
	L_##n:                                                               \
		if (cond) {                                                  \
			REL_TARGET();                                        \
			SLOT();                                              \
		}                                                            \
		d += 2;                                                      \
		DISPATCH();
#define LINK_VALUE()                                                        \
	(c->model->is64 ? dop_pc(c, d) + 8 : (uint64_t)sext32(dop_pc(c, d) + 8))
/* tgt/tpc for an absolute target a. */
#define JUMP_TARGET(a)                                                      \
	do {                                                                 \
		uint64_t a_ = (a);                                           \
		if (likely((a_ & ~0xfffull) == c->cur_vbase && !(a_ & 3))) { \
			tgt = d - d->idx + ((a_ & 0xfff) >> 2);              \
		} else {                                                     \
			tgt = &c->far_dop;                                   \
			tpc = a_;                                            \
		}                                                            \
	} while (0)

	COND_BODY(b, true)
	COND_BODY(beq, R(rs) == R(rt))
	COND_BODY(bne, R(rs) != R(rt))
	COND_BODY(blez, (int64_t)R(rs) <= 0)
	COND_BODY(bgtz, (int64_t)R(rs) > 0)
	COND_BODY(bltz, (int64_t)R(rs) < 0)
	COND_BODY(bgez, (int64_t)R(rs) >= 0)
	LIKELY_BODY(beql, R(rs) == R(rt))
	LIKELY_BODY(bnel, R(rs) != R(rt))
	LIKELY_BODY(blezl, (int64_t)R(rs) <= 0)
	LIKELY_BODY(bgtzl, (int64_t)R(rs) > 0)
	LIKELY_BODY(bltzl, (int64_t)R(rs) < 0)
	LIKELY_BODY(bgezl, (int64_t)R(rs) >= 0)

L_bltzal:
L_bgezal: {
	/* The condition reads rs before the link is written. */
	bool t = (int64_t)R(rs) < 0;

	if (d->op == OP_bgezal)
		t = !t;
	tgt = t ? d + d->imm : d + 2;
	c->gpr[31] = LINK_VALUE();
	SLOT();
}

L_j:
	JUMP_TARGET(((dop_pc(c, d) + 4) & ~0x0fffffffull) | (uint32_t)d->imm);
	SLOT();

L_jal:
	JUMP_TARGET(((dop_pc(c, d) + 4) & ~0x0fffffffull) | (uint32_t)d->imm);
	c->gpr[31] = LINK_VALUE();
	SLOT();

L_jr:
	JUMP_TARGET(R(rs));
	SLOT();

L_jalr:
	JUMP_TARGET(R(rs));
	R(rd) = LINK_VALUE();
	SLOT();
}
