/* The FPU: arithmetic, conversions and rounding modes, compares with
 * condition codes and the branches and moves that read them, COP1X
 * multiply-add and indexed loads/stores, FCSR flags/cause, the default
 * NaN (legacy MIPS encoding), and on n64 the 64-bit moves, L format and
 * odd double registers (FR=1). o32 runs with FR=0, so doubles live in
 * even registers there. $8/$9 are scratch for the checks. */
#include "cpu-asm.h"

	.data
	.align	3
d_one:	.double	1.0
d_two5:	.double	2.5
d_m25:	.double	-2.5
d_third: .double 0.3333333333333333
d_big:	.double	1e300
d_vec:	.double	1.5, -3.25, 8.0, 0.125
f_vec:	.float	1.5, -3.25, 8.0, 0.125
fscr:	.space	16

/* CHECK_S(freg, bits): single-precision register contents */
#define CHECK_S(f, v) mfc1 $8, f; CHECK_W32($8, v)
/* CHECK_D(freg, hi, lo): double contents as two 32-bit halves */
#define CHECK_D(f, hi, lo) \
	LA $9, fscr; sdc1 f, 0($9); \
	lw $8, ENDIAN(0, 4)($9); CHECK_W32($8, hi); \
	lw $8, ENDIAN(4, 0)($9); CHECK_W32($8, lo)
/* CHECK_FCSR(value) */
#define CHECK_FCSR(v) cfc1 $8, $31; CHECK_W32($8, v)

	TEST_BEGIN fpu
	ctc1	zero, $31
	LA	s0, d_one
	ldc1	$f0, 0(s0)		/* 1.0 */
	ldc1	$f2, 8(s0)		/* 2.5 */
	ldc1	$f4, 16(s0)		/* -2.5 */
	CHECK_D($f0, 0x3ff00000, 0)
	add.d	$f6, $f0, $f2
	CHECK_D($f6, 0x400c0000, 0)	/* 3.5 */
	sub.d	$f6, $f0, $f2
	CHECK_D($f6, 0xbff80000, 0)	/* -1.5 */
	mul.d	$f6, $f2, $f4
	CHECK_D($f6, 0xc0190000, 0)	/* -6.25 */
	div.d	$f6, $f0, $f2
	CHECK_D($f6, 0x3fd99999, 0x9999999a)	/* 0.4 */
	CHECK_FCSR(0x1004)		/* inexact: cause and flag */
	ctc1	zero, $31
	sqrt.d	$f6, $f2
	CHECK_D($f6, 0x3ff94c58, 0x3ada5b53)	/* 1.5811388300841898 */
	abs.d	$f6, $f4
	CHECK_D($f6, 0x40040000, 0)
	neg.d	$f6, $f2
	CHECK_D($f6, 0xc0040000, 0)
	mov.d	$f6, $f4
	CHECK_D($f6, 0xc0040000, 0)

	/* single precision */
	li	t0, 0x40200000		/* 2.5f */
	mtc1	t0, $f8
	li	t0, 0x3f800000		/* 1.0f */
	mtc1	t0, $f10
	add.s	$f12, $f8, $f10
	CHECK_S($f12, 0x40600000)
	mul.s	$f12, $f8, $f8
	CHECK_S($f12, 0x40c80000)	/* 6.25 */
	div.s	$f12, $f10, $f8
	CHECK_S($f12, 0x3ecccccd)	/* 0.4 */
	sqrt.s	$f12, $f8
	CHECK_S($f12, 0x3fca62c2)
	neg.s	$f12, $f8
	CHECK_S($f12, 0xc0200000)

	/* conversions */
	cvt.d.s	$f6, $f8
	CHECK_D($f6, 0x40040000, 0)
	LA	s1, d_third
	ldc1	$f14, 0(s1)
	cvt.s.d	$f12, $f14
	CHECK_S($f12, 0x3eaaaaab)
	li	t0, -7
	mtc1	t0, $f12
	cvt.d.w	$f6, $f12
	CHECK_D($f6, 0xc01c0000, 0)
	cvt.s.w	$f12, $f12
	CHECK_S($f12, 0xc0e00000)
	/* rounding: 2.5 and -2.5 in each mode */
	ctc1	zero, $31
	cvt.w.d	$f6, $f2		/* nearest-even: 2 */
	CHECK_S($f6, 2)
	round.w.d $f6, $f4		/* -2 */
	CHECK_S($f6, -2)
	trunc.w.d $f6, $f4
	CHECK_S($f6, -2)
	ceil.w.d $f6, $f4
	CHECK_S($f6, -2)
	floor.w.d $f6, $f4
	CHECK_S($f6, -3)
	floor.w.s $f6, $f8
	CHECK_S($f6, 2)
	li	t0, 2			/* RM = toward +inf */
	ctc1	t0, $31
	cvt.w.d	$f6, $f2
	CHECK_S($f6, 3)
	li	t0, 3			/* RM = toward -inf */
	ctc1	t0, $31
	cvt.w.d	$f6, $f4
	CHECK_S($f6, -3)
	li	t0, 1			/* RM = toward zero */
	ctc1	t0, $31
	cvt.w.d	$f6, $f4
	CHECK_S($f6, -2)
	CHECK_FCSR(0x1005)		/* inexact, RM 1 */
	ctc1	zero, $31

	/* compares, condition codes, branches and moves on them */
	c.lt.d	$f4, $f2
	bc1f	1f
	li	s2, 1
	b	2f
1:	li	s2, 0
2:	CHECK_EQ(s2, 1)
	c.eq.d	$fcc3, $f4, $f2
	bc1t	$fcc3, 1f
	li	s2, 1
	b	2f
1:	li	s2, 0
2:	CHECK_EQ(s2, 1)
	c.ule.d	$fcc5, $f2, $f2
	CHECK_FCSR(0x20800000)		/* FCC5 = bit 25 + 5 - 1; FCC0 = 23 */
	li	s3, 10
	li	s4, 20
	move	t0, s3
	movt	t0, s4, $fcc5
	CHECK_EQ(t0, 20)
	movf	t0, s3, $fcc5
	CHECK_EQ(t0, 20)
	movt.d	$f6, $f4, $fcc5
	CHECK_D($f6, 0xc0040000, 0)
	movf.d	$f6, $f2, $fcc5
	CHECK_D($f6, 0xc0040000, 0)
	movz.d	$f6, $f2, zero
	CHECK_D($f6, 0x40040000, 0)
	movn.d	$f6, $f4, zero
	CHECK_D($f6, 0x40040000, 0)
	c.un.d	$f2, $f4		/* unordered? no: cc0 = 0 */
	CHECK_FCSR(0x20000000)
	ctc1	zero, $31

	/* COP1X: multiply-add, indexed memory */
	madd.d	$f6, $f0, $f2, $f4	/* 2.5 * -2.5 + 1 */
	CHECK_D($f6, 0xc0150000, 0)	/* -5.25 */
	nmsub.d	$f6, $f0, $f2, $f4	/* -(2.5 * -2.5 - 1) */
	CHECK_D($f6, 0x401d0000, 0)	/* 7.25 */
	LA	s5, d_vec
	li	t1, 16
	ldxc1	$f6, t1(s5)
	CHECK_D($f6, 0x40200000, 0)	/* 8.0 */
	LA	s6, f_vec
	li	t1, 4
	lwxc1	$f12, t1(s6)
	CHECK_S($f12, 0xc0500000)	/* -3.25 */
	li	t1, 8
	swxc1	$f12, t1(s6)
	lwc1	$f14, 8(s6)
	CHECK_S($f14, 0xc0500000)
	li	t1, 0
	sdxc1	$f2, t1(s5)
	ldc1	$f6, 0(s5)
	CHECK_D($f6, 0x40040000, 0)

	/* exceptions flags: divide by zero, overflow, invalid */
	mtc1	zero, $f12
	cvt.d.w	$f12, $f12		/* 0.0 */
	div.d	$f6, $f0, $f12
	CHECK_D($f6, 0x7ff00000, 0)	/* +inf */
	CHECK_FCSR(0x8020)		/* cause Z, flag Z */
	ctc1	zero, $31
	LA	s1, d_big
	ldc1	$f14, 0(s1)
	mul.d	$f6, $f14, $f14
	CHECK_D($f6, 0x7ff00000, 0)
	CHECK_FCSR(0x5014)		/* cause O+I, flags O+I */
	ctc1	zero, $31
	sqrt.d	$f6, $f4		/* sqrt(-2.5): default NaN */
	CHECK_D($f6, 0x7ff7ffff, 0xffffffff)
	CHECK_FCSR(0x10040)		/* cause V, flag V */
	sub.s	$f12, $f12, $f12	/* bits of 0.0d low word: 0 - 0 */
	ctc1	zero, $31
	div.s	$f12, $f12, $f12	/* 0/0 */
	CHECK_S($f12, 0x7fbfffff)
	ctc1	zero, $31
#if N64
	dli	t0, 0x400921fb54442d18	/* pi */
	dmtc1	t0, $f1			/* odd register: FR=1 */
	dmfc1	t1, $f1
	CHECK_REG(t1, t0)
	mfhc1	t1, $f1
	CHECK_EQ(t1, 0x400921fb)
	mthc1	zero, $f1
	dmfc1	t1, $f1
	CHECK_EQ(t1, 0x54442d18)
	cvt.l.d	$f3, $f14		/* 1e300 does not fit: invalid */
	dmfc1	t1, $f3
	CHECK_EQ(t1, 0x7fffffffffffffff)
	ctc1	zero, $31
	dli	t0, -0x123456789
	dmtc1	t0, $f5
	cvt.d.l	$f7, $f5
	dmfc1	t1, $f7
	CHECK_EQ(t1, 0xc1f2345678900000)
	trunc.l.d $f9, $f7
	dmfc1	t1, $f9
	CHECK_REG(t1, t0)
	add.d	$f11, $f7, $f7		/* odd registers in arithmetic */
	dmfc1	t1, $f11
	CHECK_EQ(t1, 0xc202345678900000)
#endif
	TEST_END fpu
