/* Shared between the FPU's files (fpu.c, fpu_ps.c); not for the core. */
#ifndef MIPSVZ_CPU_FPU_INT_H
#define MIPSVZ_CPU_FPU_INT_H

#include "vmm/cpu/fpu.h"
#include "vmm/cpu/fpu_soft.h"

/* FCSR fields (MIPS32 Vol. I, 6.2 "FCSR"; R4000 User's Manual 6.4). */
#define FCSR_RM		0x00000003u
#define FCSR_FLAGS_SH	2
#define FCSR_ENABLE_SH	7
#define FCSR_CAUSE_SH	12
#define FCSR_CAUSE	(0x3fu << FCSR_CAUSE_SH)
#define FCSR_E		(1u << 17)	/* Cause.E, unimplemented operation */
#define FCSR_FCC0	(1u << 23)
#define FCSR_FS		(1u << 24)

/* FIR bits beyond the formats (MIPS32 Vol. I, FIR). */
#define FIR_PS		(1u << 18)	/* paired single */
#define FIR_3D		(1u << 19)	/* MIPS-3D ASE */

#define FMT_S	0x10
#define FMT_D	0x11
#define FMT_W	0x14
#define FMT_L	0x15
#define FMT_PS	0x16

/* One arithmetic instruction in flight: rounding and flush mode from
 * FCSR, exceptions raised so far. */
struct fpu_op {
	struct fpu *f;
	struct fpu_sf sf;
	bool flush_r4k;		/* R4000 FS=1 with U and I disabled */
};

void fpu_op_begin(struct fpu_op *o, struct fpu *f);
/* FPU_OK: write the result. FPU_FPE: Cause set, write nothing. */
enum fpu_result fpu_op_end(struct fpu_op *o);
/* RI on R2 cores, Unimplemented (Cause.E) on R4000-class ones. */
enum fpu_result fpu_reserved(struct fpu *f);
void fpu_set_cond(struct fpu *f, unsigned cc, bool v);

/* Paired single (fmt PS, CVT.PS.S, CVT.PS.PW, COP1X .PS), fpu_ps.c. */
enum fpu_result fpu_ps_cop1(struct fpu *f, uint32_t insn,
			    const uint64_t *gpr);
enum fpu_result fpu_ps_cop1x(struct fpu *f, uint32_t insn);

#endif
