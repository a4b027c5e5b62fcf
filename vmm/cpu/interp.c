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
 * The slice end is tested only where control flow joins: after a branch
 * and after any handler call. A run without such a point is at most
 * INTERP_MAX_RUN instructions (a page and a delay slot), which is the
 * margin kept when the slice end must be exact. Kicks from other
 * threads are therefore seen at the next branch; from this thread (a
 * device write raising an interrupt) right after the handler call.
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
#include "ops.h"

struct dop *interp_run(struct soft_cpu *c, struct dop *d, bool exact)
{
#define RUN_ENT(n) [H_##n] = &&L_##n,
#define SLOT_ENT(n) [H_##n] = &&D_##n,
#define SLOT_CALL(n) [H_##n] = &&ds_call,
	static const void *const run[H_NUM] = {
		[H_call] = &&call,
		ALU32_OPS(RUN_ENT) ALU64_OPS(RUN_ENT)
		INTERP_MEM_OPS(RUN_ENT) INTERP_BRANCH_OPS(RUN_ENT)
	};
	static const void *const slot[H_NUM] = {
		[H_call] = &&ds_call,
		ALU32_OPS(SLOT_ENT) ALU64_OPS(SLOT_ENT)
		INTERP_MEM_OPS(SLOT_ENT) INTERP_BRANCH_OPS(SLOT_CALL)
	};
	uint64_t ic = c->icount, margin = exact ? INTERP_MAX_RUN : 0;
	const struct stlb_set *set;
	bool swap, ops64;
	struct dop *tgt = NULL;	/* where a branch goes after its slot */
	uint64_t tpc = 0;	/* ... when tgt is NULL: another page */

#define RELOAD() (set = c->set, swap = c->swap, ops64 = c->ops64)
#define DISPATCH()                                                          \
	do {                                                                 \
		ic++;                                                        \
		goto *run[d->h];                                             \
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
		goto *slot[d->h];                                            \
	} while (0)

	RELOAD();
	CHECK();

call:
	c->icount = ic;
	d = d->fn(c, d);
	ic = c->icount;
	RELOAD();
	CHECK();

ds_call: {
	struct dop *r;

	c->in_ds = true;
	c->ds_branch_pc = c->cur_vbase + (uint64_t)(d->idx - 1) * 4;
	c->icount = ic;
	r = d->fn(c, d);
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
	if (likely(tgt != NULL)) {
		d = tgt;
		CHECK();
	}
	if (!c->model->is64)
		tpc = sext32(tpc);
	c->icount = ic;
	d = code_lookup(c, tpc);
	ic = c->icount;
	RELOAD();
	CHECK();

out:
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

	/* --- branches: targets in this page; anything else calls --- */
/* The slot must be in this page (else the handler fetches it). */
#define SLOT_HERE()                                                         \
	do {                                                                 \
		if (unlikely(dop_is_sentinel(d + 1)))                        \
			goto call;                                           \
	} while (0)
/* tgt = the taken target of a PC-relative branch, if in this page. */
#define REL_TARGET()                                                        \
	do {                                                                 \
		int32_t off = (d->imm >> 2) + 1;                             \
		if (unlikely((uint32_t)((int32_t)d->idx + off) >=            \
			     DPAGE_INSNS))                                   \
			goto call;                                           \
		tgt = d + off;                                               \
	} while (0)
#define COND_BODY(n, cond)                                                  \
	L_##n:                                                               \
		SLOT_HERE();                                                 \
		if (cond)                                                    \
			REL_TARGET();                                        \
		else                                                         \
			tgt = d + 2;                                         \
		SLOT();
/* Branch-likely: the slot runs only when taken. */
#define LIKELY_BODY(n, cond)                                                \
	L_##n:                                                               \
		SLOT_HERE();                                                 \
		if (cond) {                                                  \
			REL_TARGET();                                        \
			SLOT();                                              \
		}                                                            \
		d += 2;                                                      \
		CHECK();
#define LINK_VALUE()                                                        \
	(c->model->is64 ? dop_pc(c, d) + 8 : (uint64_t)sext32(dop_pc(c, d) + 8))
/* tgt/tpc for an absolute target a. */
#define JUMP_TARGET(a)                                                      \
	do {                                                                 \
		uint64_t a_ = (a);                                           \
		if (likely((a_ & ~0xfffull) == c->cur_vbase && !(a_ & 3))) { \
			tgt = d - d->idx + ((a_ & 0xfff) >> 2);              \
		} else {                                                     \
			tgt = NULL;                                          \
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

	if (d->h == H_bgezal)
		t = !t;
	SLOT_HERE();
	if (t)
		REL_TARGET();
	else
		tgt = d + 2;
	c->gpr[31] = LINK_VALUE();
	SLOT();
}

L_j:
	SLOT_HERE();
	JUMP_TARGET(((dop_pc(c, d) + 4) & ~0x0fffffffull) | (uint32_t)d->imm);
	SLOT();

L_jal:
	SLOT_HERE();
	JUMP_TARGET(((dop_pc(c, d) + 4) & ~0x0fffffffull) | (uint32_t)d->imm);
	c->gpr[31] = LINK_VALUE();
	SLOT();

L_jr:
	SLOT_HERE();
	JUMP_TARGET(R(rs));
	SLOT();

L_jalr:
	SLOT_HERE();
	JUMP_TARGET(R(rs));
	R(rd) = LINK_VALUE();
	SLOT();
}
