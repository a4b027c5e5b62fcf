/* Soft CPU instruction handlers, shared between the decoder and the
 * files that implement them (exec_*.c). Fields: d->rs/d->rt are source
 * registers, d->rd the destination (0 already mapped to the sink 32),
 * d->sa the shift amount or sub-field, d->imm the immediate.
 *
 * Every op has a handler op_X. The ones interp.c also runs inline get
 * their own H_X in struct dop's h; the others are H_call (run op_X). */
#ifndef MIPSVZ_CPU_OPS_H
#define MIPSVZ_CPU_OPS_H

#include "alu.h"
#include "soft_int.h"

#define OP(name) struct dop *op_##name(struct soft_cpu *c, struct dop *d)

/* Inline in interp.c besides alu.h's ALU32_OPS/ALU64_OPS: aligned
 * loads/stores (their soft TLB hit) and branches. */
#define INTERP_MEM_OPS(X)                                                   \
	X(lb) X(lbu) X(lh) X(lhu) X(lw) X(lwu) X(ld) X(sb) X(sh) X(sw) X(sd)
#define INTERP_BRANCH_OPS(X)                                                \
	X(b) X(beq) X(bne) X(blez) X(bgtz) X(bltz) X(bgez) X(beql) X(bnel)  \
	X(blezl) X(bgtzl) X(bltzl) X(bgezl) X(bltzal) X(bgezal) X(j)        \
	X(jal) X(jr) X(jalr)

#define COLD_OPS(X)                                                         \
	/* exec_alu.c */                                                     \
	X(add) X(sub) X(addi) X(dadd) X(dsub) X(daddi)                       \
	/* exec_branch.c */                                                  \
	X(bltzall) X(bgezall)                                                \
	/* exec_mem.c */                                                     \
	X(lwl) X(lwr) X(swl) X(swr) X(ldl) X(ldr) X(sdl) X(sdr) X(ll)        \
	X(lld) X(sc) X(scd) X(pref) X(synci)                                 \
	/* exec_sys.c */                                                     \
	X(ri) X(syscall) X(break) X(sync) X(teq) X(tne) X(tge) X(tgeu)       \
	X(tlt) X(tltu) X(teqi) X(tnei) X(tgei) X(tgeiu) X(tlti) X(tltiu)     \
	X(rdhwr) X(mfc0) X(dmfc0) X(mtc0) X(dmtc0) X(tlbr) X(tlbwi)          \
	X(tlbwr) X(tlbp) X(eret) X(wait) X(di) X(ei) X(rdpgpr) X(wrpgpr)     \
	X(cop2) X(cop3) X(need64)                                            \
	/* exec_fpu.c */                                                     \
	X(cop1) X(cop1x) X(mfc1) X(dmfc1) X(cfc1) X(mfhc1) X(mtc1)           \
	X(dmtc1) X(ctc1) X(mthc1) X(bc1) X(lwc1) X(swc1) X(ldc1) X(sdc1)     \
	X(lwxc1) X(ldxc1) X(luxc1) X(swxc1) X(sdxc1) X(suxc1) X(movci)       \
	X(prefx)                                                             \
	/* cache.c */                                                        \
	X(cache)

#define OP_DECL(name) OP(name);
ALU32_OPS(OP_DECL)
ALU64_OPS(OP_DECL)
INTERP_MEM_OPS(OP_DECL)
INTERP_BRANCH_OPS(OP_DECL)
COLD_OPS(OP_DECL)
#undef OP_DECL

#define H_ENUM(name) H_##name,
#define H_COLD(name) H_##name = H_call,
enum interp_handler {
	H_call,
	ALU32_OPS(H_ENUM)
	ALU64_OPS(H_ENUM)
	INTERP_MEM_OPS(H_ENUM)
	INTERP_BRANCH_OPS(H_ENUM)
	H_NUM,
	COLD_OPS(H_COLD)
};
#undef H_ENUM
#undef H_COLD

#endif
