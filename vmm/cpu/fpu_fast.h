/* ADD/SUB/MUL/DIV.S and .D on the host FPU, for the common case only;
 * when these decline (false, nothing changed) the caller runs the exact
 * integer path, fpu_exec_cop1. Inline: the core calls them per
 * instruction with op known at compile time.
 *
 * The case: FCSR.RM = round to nearest, operands normal (or zero for
 * sums), the result normal and not in the lowest binade, no enabled
 * exception. There IEEE 754 makes the host's result the correctly
 * rounded one fpu_soft.c computes (x86-64 SSE and arm64 round binary32/64
 * operations exactly, with no excess precision; nothing here can be
 * contracted into an FMA), and no exception but Inexact can occur: no
 * NaN or infinite operand (Invalid; Unimplemented on the R4000), no zero
 * divisor, a finite result (no Overflow) that is not tiny before or
 * after rounding (no Underflow, none of the FS flush rules apply).
 * Inexact is decided exactly: TwoSum for sums, the odd parts of the
 * significands for products and quotients. Operands stay below
 * 2^(emax-1), so TwoSum's steps cannot overflow. */
#ifndef MIPSVZ_CPU_FPU_FAST_H
#define MIPSVZ_CPU_FPU_FAST_H

#include <string.h>

#include "vmm/cpu/fpu.h"
#include "vmm/cpu/fpu_int.h"

/* The COP1 function codes. */
enum fpu_fast_op {
	FPU_FAST_ADD,
	FPU_FAST_SUB,
	FPU_FAST_MUL,
	FPU_FAST_DIV,
};

#define FPU_FAST_INLINE static inline __attribute__((always_inline))

/* The product of a multiply-add must be rounded on its own: hide it from
 * the compiler, which may otherwise fuse the multiply and the add into
 * one FMA (GNU C contracts by default where the host has FMA: arm64). */
#define FPU_FAST_NO_FMA(bits) __asm__("" : "+r"(bits))

/* Exponent field in [lo, hi], or with zero_ok a zero of either sign. */
FPU_FAST_INLINE bool fpu_fast_exp_in(uint64_t bits, unsigned mbits,
				     unsigned lo, unsigned hi, unsigned emask,
				     bool zero_ok)
{
	unsigned e = (bits >> mbits) & emask;
	unsigned ebits = mbits == 52 ? 11 : 8;
	uint64_t mag = bits & ((1ull << (mbits + ebits)) - 1);

	return e - lo <= hi - lo || (zero_ok && mag == 0);
}

/* The significand with its hidden bit, trailing zeros removed. */
FPU_FAST_INLINE uint64_t fpu_fast_odd(uint64_t bits, unsigned mbits)
{
	uint64_t m = (bits & ((1ull << mbits) - 1)) | (1ull << mbits);

	return m >> __builtin_ctzll(m);
}

/* Cause is rewritten, the flags accumulate (fpu_op_end). */
FPU_FAST_INLINE bool fpu_fast_finish(struct fpu *f, bool inexact)
{
	uint32_t cause = inexact ? FPU_SF_I : 0;

	if (cause & (f->fcsr >> FCSR_ENABLE_SH))
		return false;	/* it traps: the exact path raises it */
	f->fcsr = (f->fcsr & ~FCSR_CAUSE) | (cause << FCSR_CAUSE_SH) |
		  (cause << FCSR_FLAGS_SH);
	return true;
}

/* One rounded operation r = x op y on raw binary64 a, b: false if not
 * the common case, else *inexact says whether rounding changed it. */
FPU_FAST_INLINE bool fpu_fast_op_d(enum fpu_fast_op op, uint64_t a,
				   uint64_t b, uint64_t *rb, bool *inexact)
{
	bool sum = op == FPU_FAST_ADD || op == FPU_FAST_SUB;
	double x, y, r;

	if (!fpu_fast_exp_in(a, 52, 1, 0x7fd, 0x7ff, sum) ||
	    !fpu_fast_exp_in(b, 52, 1, 0x7fd, 0x7ff, sum))
		return false;
	memcpy(&x, &a, 8);
	memcpy(&y, &b, 8);
	switch (op) {
	case FPU_FAST_ADD: r = x + y; break;
	case FPU_FAST_SUB: r = x - y; break;
	case FPU_FAST_MUL: r = x * y; break;
	default: r = x / y; break;
	}
	memcpy(rb, &r, 8);
	if (!fpu_fast_exp_in(*rb, 52, 2, 0x7fd, 0x7ff, false))
		return false;
	if (sum) {
		/* TwoSum (Knuth): the rounding error of r = x + yy. */
		double yy = op == FPU_FAST_SUB ? -y : y, bb = r - x;

		*inexact = (x - (r - bb)) + (yy - bb) != 0;
	} else if (op == FPU_FAST_MUL) {
		*inexact = ((unsigned __int128)fpu_fast_odd(a, 52) *
			    fpu_fast_odd(b, 52)) >> 53 != 0;
	} else {
		/* exact iff the odd divisor divides the odd dividend */
		*inexact = fpu_fast_odd(a, 52) % fpu_fast_odd(b, 52) != 0;
	}
	return true;
}

/* The same for binary32 in the low bits of a, b. */
FPU_FAST_INLINE bool fpu_fast_op_s(enum fpu_fast_op op, uint64_t a,
				   uint64_t b, uint64_t *rb, bool *inexact)
{
	bool sum = op == FPU_FAST_ADD || op == FPU_FAST_SUB;
	uint32_t a32 = a, b32 = b, r32;
	float x, y, r;

	if (!fpu_fast_exp_in(a32, 23, 1, 0xfd, 0xff, sum) ||
	    !fpu_fast_exp_in(b32, 23, 1, 0xfd, 0xff, sum))
		return false;
	memcpy(&x, &a32, 4);
	memcpy(&y, &b32, 4);
	switch (op) {
	case FPU_FAST_ADD: r = x + y; break;
	case FPU_FAST_SUB: r = x - y; break;
	case FPU_FAST_MUL: r = x * y; break;
	default: r = x / y; break;
	}
	memcpy(&r32, &r, 4);
	*rb = r32;
	if (!fpu_fast_exp_in(r32, 23, 2, 0xfd, 0xff, false))
		return false;
	if (sum) {
		float yy = op == FPU_FAST_SUB ? -y : y, bb = r - x;

		*inexact = (x - (r - bb)) + (yy - bb) != 0;
	} else if (op == FPU_FAST_MUL) {
		*inexact = (fpu_fast_odd(a32, 23) * fpu_fast_odd(b32, 23)) >>
			   24 != 0;
	} else {
		*inexact = fpu_fast_odd(a32, 23) % fpu_fast_odd(b32, 23) != 0;
	}
	return true;
}

/* ADD/SUB/MUL/DIV.fmt fd, fs, ft (dbl: .D). */
FPU_FAST_INLINE bool fpu_fast_arith(struct fpu *f, bool dbl,
				    enum fpu_fast_op op, unsigned fd,
				    unsigned fs, unsigned ft)
{
	uint64_t r;
	bool inexact;

	if (f->fcsr & FCSR_RM)
		return false;
	if (dbl) {
		if (!f->fr && ((fd | fs | ft) & 1))
			return false;	/* odd register of a pair: RI */
		if (!fpu_fast_op_d(op, fpu_get_d(f, fs), fpu_get_d(f, ft), &r,
				   &inexact) || !fpu_fast_finish(f, inexact))
			return false;
		fpu_set_d(f, fd, r);
		return true;
	}
	if (!fpu_fast_op_s(op, fpu_get_w(f, fs), fpu_get_w(f, ft), &r,
			   &inexact) || !fpu_fast_finish(f, inexact))
		return false;
	fpu_set_w(f, fd, (uint32_t)r);
	return true;
}

/* MADD/MSUB/NMADD/NMSUB.fmt fd, fr, fs, ft (COP1X op 4..7): the product
 * rounded, then the sum, then for the N forms the sign flipped, as
 * fpu_exec_cop1x computes them; Cause is what either step raised. */
FPU_FAST_INLINE bool fpu_fast_madd(struct fpu *f, bool dbl, unsigned op,
				   unsigned fd, unsigned fr, unsigned fs,
				   unsigned ft)
{
	enum fpu_fast_op add = (op & 1) ? FPU_FAST_SUB : FPU_FAST_ADD;
	uint64_t p, r;
	bool i1, i2;

	if ((f->fcsr & FCSR_RM) || f->isa == ISA_MIPS3)
		return false;	/* MIPS III: no COP1X */
	if (dbl) {
		if (!f->fr && ((fd | fr | fs | ft) & 1))
			return false;
		if (!fpu_fast_op_d(FPU_FAST_MUL, fpu_get_d(f, fs),
				   fpu_get_d(f, ft), &p, &i1))
			return false;
		FPU_FAST_NO_FMA(p);
		if (!fpu_fast_op_d(add, p, fpu_get_d(f, fr), &r, &i2) ||
		    !fpu_fast_finish(f, i1 || i2))
			return false;
		fpu_set_d(f, fd, (op & 2) ? r ^ (1ull << 63) : r);
		return true;
	}
	if (!fpu_fast_op_s(FPU_FAST_MUL, fpu_get_w(f, fs), fpu_get_w(f, ft),
			   &p, &i1))
		return false;
	FPU_FAST_NO_FMA(p);
	if (!fpu_fast_op_s(add, p, fpu_get_w(f, fr), &r, &i2) ||
	    !fpu_fast_finish(f, i1 || i2))
		return false;
	fpu_set_w(f, fd, (uint32_t)((op & 2) ? r ^ (1u << 31) : r));
	return true;
}

#endif
