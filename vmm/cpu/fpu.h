/* The FPU (CP1) of the soft CPU, kept apart from the integer core: the
 * core decodes COP1/COP1X/LWC1.. and calls these; the FPU never touches
 * memory or GPRs itself except through the arguments given.
 *
 * Register file: fpr[] holds 64-bit registers. With Status.FR=0 (the
 * MIPS I-III model) a 32-bit value lives in the low half of fpr[n] and a
 * double in the even/odd pair (low word in fpr[n], high in fpr[n+1]). */
#ifndef MIPSVZ_CPU_FPU_H
#define MIPSVZ_CPU_FPU_H

#include <stdbool.h>
#include <stdint.h>

#include "model.h"

struct fpu {
	uint64_t fpr[32];
	uint32_t fcsr;
	uint32_t fir;
	bool fr;		/* Status.FR, set by the core on Status writes */
	enum isa_level isa;
	bool denorm_trap;	/* R4000-class: denormals -> Unimplemented */
};

enum fpu_result {
	FPU_OK,
	FPU_RI,		/* not an instruction on this model: Reserved Insn */
	FPU_FPE,	/* Floating-point exception (FCSR cause is set) */
};

void fpu_reset(struct fpu *f, const struct cpu_model *model);

/* COP1 (major opcode 0x11) arithmetic, compare, convert and move forms
 * (fmt S/D/W/L, MOVF/MOVT.fmt, MOVZ/MOVN.fmt). BC1x, MFC1/MTC1 and
 * friends are decoded by the core with the accessors below. `gpr` is the
 * GPR file, read only (MOVZ/MOVN.fmt test a GPR). */
enum fpu_result fpu_exec_cop1(struct fpu *f, uint32_t insn,
			      const uint64_t *gpr);
/* COP1X (major opcode 0x13) arithmetic: MADD/MSUB/NMADD/NMSUB.fmt.
 * The indexed loads/stores (LWXC1..) are done by the core. */
enum fpu_result fpu_exec_cop1x(struct fpu *f, uint32_t insn);

/* Condition code cc (0..7) as BC1T/BC1F and MOVF/MOVT read it. */
bool fpu_cond(const struct fpu *f, unsigned cc);

/* Raw register access honouring FR: 32-bit words (MFC1/MTC1/LWC1/SWC1)
 * and 64-bit doublewords (DMFC1/DMTC1/LDC1/SDC1; with FR=0 `reg` must be
 * even, the core raises RI or follows the model for odd ones). MTHC1/
 * MFHC1 use the _hi forms. */
static inline uint32_t fpu_get_w(const struct fpu *f, unsigned reg)
{
	return (uint32_t)f->fpr[reg & 31];
}

/* A 32-bit write keeps the upper half of the 64-bit register, as QEMU
 * does (the architecture leaves it UNPREDICTABLE with FR=1). */
static inline void fpu_set_w(struct fpu *f, unsigned reg, uint32_t v)
{
	reg &= 31;
	f->fpr[reg] = (f->fpr[reg] & 0xffffffff00000000ull) | v;
}

static inline uint64_t fpu_get_d(const struct fpu *f, unsigned reg)
{
	reg &= 31;
	if (f->fr)
		return f->fpr[reg];
	reg &= ~1u;
	return ((uint64_t)(uint32_t)f->fpr[reg + 1] << 32) |
	       (uint32_t)f->fpr[reg];
}

static inline void fpu_set_d(struct fpu *f, unsigned reg, uint64_t v)
{
	reg &= 31;
	if (f->fr) {
		f->fpr[reg] = v;
		return;
	}
	reg &= ~1u;
	fpu_set_w(f, reg, (uint32_t)v);
	fpu_set_w(f, reg + 1, (uint32_t)(v >> 32));
}
uint32_t fpu_get_hi(const struct fpu *f, unsigned reg);
void fpu_set_hi(struct fpu *f, unsigned reg, uint32_t v);

/* CFC1/CTC1 (FIR = 0, FCCR = 25, FEXR = 26, FENR = 28, FCSR = 31).
 * fpu_ctc1 returns FPU_FPE when the write sets a cause bit whose enable
 * is set (the core then raises the exception). */
uint32_t fpu_cfc1(const struct fpu *f, unsigned reg);
enum fpu_result fpu_ctc1(struct fpu *f, unsigned reg, uint32_t v);

#endif
