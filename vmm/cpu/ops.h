/* Soft CPU instruction handlers, shared between the decoder and the
 * files that implement them (exec_*.c). Fields: d->rs/d->rt are source
 * registers, d->rd the destination (0 already mapped to the sink 32),
 * d->sa the shift amount or sub-field, d->imm the immediate.
 *
 * Every op has an id OP_X and a handler op_X (op_fns[OP_X]); the ones
 * before OP_FIRST_CALLED also have an inline body in interp.c. */
#ifndef MIPSVZ_CPU_OPS_H
#define MIPSVZ_CPU_OPS_H

#include "alu.h"
#include "soft_int.h"

#define OP(name) struct dop *op_##name(struct soft_cpu *c, struct dop *d)

/* Inline in interp.c besides alu.h's ALU32_OPS/ALU64_OPS: aligned
 * loads/stores (their soft TLB hit), branches, ... */
#define INTERP_MEM_OPS(X)                                                   \
	X(lb) X(lbu) X(lh) X(lhu) X(lw) X(lwu) X(ld) X(sb) X(sh) X(sw) X(sd)
#define INTERP_BRANCH_OPS(X)                                                \
	X(b) X(beq) X(bne) X(blez) X(bgtz) X(bltz) X(bgez) X(beql) X(bnel)  \
	X(blezl) X(bgtzl) X(bltzl) X(bgezl) X(bltzal) X(bgezal) X(j)        \
	X(jal) X(jr) X(jalr)

/* ... the FPU's loads/stores and the arithmetic with a host fast path
 * (exec_fpu.c, fpu_fast.h). */
#define INTERP_FP_OPS(X)                                                    \
	X(lwc1) X(ldc1) X(swc1) X(sdc1) X(add_s) X(sub_s) X(mul_s) X(div_s)  \
	X(add_d) X(sub_d) X(mul_d) X(div_d) X(madd_s) X(madd_d)

#define COLD_OPS(X)                                                         \
	/* exec_alu.c */                                                     \
	X(add) X(sub) X(addi) X(dadd) X(dsub) X(daddi)                       \
	/* exec_branch.c */                                                  \
	X(bltzall) X(bgezall)                                                \
	/* exec_mem.c */                                                     \
	X(lwl) X(lwr) X(swl) X(swr) X(ldl) X(ldr) X(sdl) X(sdr) X(ll)        \
	X(lld) X(sc) X(scd) X(synci)                                         \
	/* exec_sys.c */                                                     \
	X(ri) X(syscall) X(break) X(teq) X(tne) X(tge) X(tgeu)               \
	X(tlt) X(tltu) X(teqi) X(tnei) X(tgei) X(tgeiu) X(tlti) X(tltiu)     \
	X(rdhwr) X(mfc0) X(dmfc0) X(mtc0) X(dmtc0) X(tlbr) X(tlbwi)          \
	X(tlbwr) X(tlbp) X(eret) X(wait) X(di) X(ei) X(rdpgpr) X(wrpgpr)     \
	X(cop2) X(cop3) X(need64)                                            \
	/* exec_fpu.c */                                                     \
	X(cop1) X(cop1x) X(mfc1) X(dmfc1) X(cfc1) X(mfhc1) X(mtc1)           \
	X(dmtc1) X(ctc1) X(mthc1) X(bc1)                                      \
	X(lwxc1) X(ldxc1) X(luxc1) X(swxc1) X(sdxc1) X(suxc1) X(movci)       \
	X(prefx)                                                             \
	/* cache.c */                                                        \
	X(cache)

/* code.c, soft.c: not instructions */
#define CORE_OPS(X) X(decode) X(page_end) X(stop)

/* Every op by id (struct dop's op): the inline ones first, so that
 * interp.c's tables list them in order and fill the rest with "call". */
#define ALL_OPS(X)                                                          \
	ALU32_OPS(X) ALU64_OPS(X) INTERP_MEM_OPS(X) INTERP_BRANCH_OPS(X)    \
	INTERP_FP_OPS(X) CORE_OPS(X) COLD_OPS(X)

#define OP_DECL(name) OP(name);
ALL_OPS(OP_DECL)
#undef OP_DECL

#define OP_ENUM(name) OP_##name,
enum op_id {
	ALL_OPS(OP_ENUM)
	OP_NUM,
	OP_FIRST_CALLED = OP_decode,	/* this and later: no inline body */
};
#undef OP_ENUM

#endif
