/* Exact IEEE 754 binary32/binary64 arithmetic done with integers, so a
 * guest sees the same result bits and flags on every host: no host FPU,
 * no fenv rounding state to restore, no x87 excess precision, no FMA
 * contraction. The MIPS policies (legacy NaN encoding, how tiny results
 * are flushed) are parameters; the FCSR itself lives in fpu.c.
 *
 * Values are raw bit patterns in a uint64_t (binary32 in the low word).
 * NaN results are always the MIPS legacy default NaN: that is what QEMU's
 * MIPS target delivers (default-NaN mode when FCSR.NAN2008=0) and what the
 * R4000 delivers for an untrapped invalid operation (R4000 User's Manual
 * 7.4, Invalid Operation: "a quiet NaN is delivered"); quiet-NaN operands
 * never reach here on the R4000-class models, they trap first. */
#ifndef MIPSVZ_CPU_FPU_SOFT_H
#define MIPSVZ_CPU_FPU_SOFT_H

#include <stdbool.h>
#include <stdint.h>

enum fpu_sf_fmt {
	FPU_SF_S,	/* binary32 */
	FPU_SF_D,	/* binary64 */
};

/* Exception flags, in the bit order of the FCSR Flag/Enable/Cause
 * fields (MIPS32 Vol. I, FCSR: I U O Z V from bit 0 of each field). */
enum {
	FPU_SF_I = 1u << 0,
	FPU_SF_U = 1u << 1,
	FPU_SF_O = 1u << 2,
	FPU_SF_Z = 1u << 3,
	FPU_SF_V = 1u << 4,
};

/* FCSR.RM encoding. */
enum {
	FPU_SF_RN = 0,
	FPU_SF_RZ = 1,
	FPU_SF_RP = 2,
	FPU_SF_RM = 3,
};

/* What happens to a result smaller than the smallest normal. */
enum fpu_sf_tiny {
	/* IEEE: deliver the denormal; U when tiny and inexact. */
	FPU_SF_TINY_DENORM,
	/* QEMU's MIPS FCSR.FS=1: a value tiny before rounding becomes a
	 * zero of the same sign and raises nothing. */
	FPU_SF_TINY_FLUSH_QEMU,
	/* R4000 FCSR.FS=1 with U and I disabled: a tiny result becomes 0
	 * or the smallest normal as the rounding mode says, raising U and I
	 * (R4000 User's Manual 7.4, Underflow, and Table 7-1). */
	FPU_SF_TINY_FLUSH_R4K,
};

struct fpu_sf {
	unsigned rm;		/* FPU_SF_RN.. */
	enum fpu_sf_tiny tiny_mode;
	unsigned flags;		/* FPU_SF_* raised so far */
	bool tiny;		/* a nonzero result was tiny after rounding */
};

/* Result of a comparison. */
enum fpu_sf_rel {
	FPU_SF_LT,
	FPU_SF_EQ,
	FPU_SF_GT,
	FPU_SF_UN,
};

uint64_t fpu_sf_add(struct fpu_sf *s, enum fpu_sf_fmt f, uint64_t a,
		    uint64_t b);
uint64_t fpu_sf_sub(struct fpu_sf *s, enum fpu_sf_fmt f, uint64_t a,
		    uint64_t b);
uint64_t fpu_sf_mul(struct fpu_sf *s, enum fpu_sf_fmt f, uint64_t a,
		    uint64_t b);
uint64_t fpu_sf_div(struct fpu_sf *s, enum fpu_sf_fmt f, uint64_t a,
		    uint64_t b);
uint64_t fpu_sf_sqrt(struct fpu_sf *s, enum fpu_sf_fmt f, uint64_t a);

/* Format conversion (S<->D) and integer to float. */
uint64_t fpu_sf_cvt(struct fpu_sf *s, enum fpu_sf_fmt to,
		    enum fpu_sf_fmt from, uint64_t a);
uint64_t fpu_sf_from_int(struct fpu_sf *s, enum fpu_sf_fmt to, int64_t v);
/* Float to a `bits`-bit (32 or 64) signed integer rounded by `rm`.
 * Returns false and raises V (only) for NaN, infinity or a result out of
 * range; the caller supplies the MIPS default value. */
bool fpu_sf_to_int(struct fpu_sf *s, enum fpu_sf_fmt f, uint64_t a,
		   unsigned bits, unsigned rm, int64_t *out);

/* Quiet compare raises V for signaling NaNs only; a signaling compare
 * raises V for any NaN (IEEE 754 5.11). */
enum fpu_sf_rel fpu_sf_compare(struct fpu_sf *s, enum fpu_sf_fmt f,
			       uint64_t a, uint64_t b, bool signaling);

/* Classification with the legacy MIPS NaN encoding: a NaN is signaling
 * when the fraction's most significant bit is SET (MIPS32 Vol. I, 6.5.2). */
bool fpu_sf_is_nan(enum fpu_sf_fmt f, uint64_t a);
bool fpu_sf_is_snan(enum fpu_sf_fmt f, uint64_t a);
bool fpu_sf_is_qnan(enum fpu_sf_fmt f, uint64_t a);
bool fpu_sf_is_denormal(enum fpu_sf_fmt f, uint64_t a);
/* 0x7fbfffff / 0x7ff7ffffffffffff. */
uint64_t fpu_sf_default_nan(enum fpu_sf_fmt f);
uint64_t fpu_sf_sign_bit(enum fpu_sf_fmt f);

#endif
