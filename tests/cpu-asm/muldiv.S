/* Multiply and divide through HI/LO, MUL, MADD/MSUB, and the doubleword
 * forms on n64. Divide by zero is UNPREDICTABLE and not tested; the
 * INT_MIN / -1 overflow case is defined (no exception) and is. */
#include "cpu-asm.h"

	TEST_BEGIN muldiv
	li	s0, -7
	li	s1, 3
	mult	s0, s1
	mflo	t0
	mfhi	t1
	CHECK_EQ(t0, -21)
	CHECK_EQ(t1, -1)
	multu	s0, s1			/* 0xfffffff9 * 3 */
	mflo	t0
	mfhi	t1
	CHECK_EQ(t0, -21)
	CHECK_EQ(t1, 2)
	li	s2, 0x7fffffff
	mult	s2, s2
	mflo	t0
	mfhi	t1
	CHECK_EQ(t0, 1)
	CHECK_EQ(t1, 0x3fffffff)
	div	$0, s0, s1
	mflo	t0
	mfhi	t1
	CHECK_EQ(t0, -2)		/* truncates toward zero */
	CHECK_EQ(t1, -1)
	divu	$0, s0, s1
	mflo	t0
	mfhi	t1
	CHECK_EQ(t0, 0x55555553)
	CHECK_EQ(t1, 0)
	li	s3, 0x80000000
	li	s4, -1
	div	$0, s3, s4
	mflo	t0
	mfhi	t1
	CHECK_EQ(t0, -0x80000000)
	CHECK_EQ(t1, 0)
	mul	t0, s0, s1
	CHECK_EQ(t0, -21)
	li	t2, 0x11
	li	t3, 0x22
	mthi	t2
	mtlo	t3
	mfhi	t0
	mflo	t1
	CHECK_EQ(t0, 0x11)
	CHECK_EQ(t1, 0x22)
	li	t2, 0
	li	t3, -1
	mthi	t2
	mtlo	t3			/* HI:LO = 0x00000000ffffffff */
	li	s5, 1
	madd	s5, s5			/* + 1 carries into HI */
	mfhi	t0
	mflo	t1
	CHECK_EQ(t0, 1)
	CHECK_EQ(t1, 0)
	msub	s0, s1			/* - (-21) */
	mfhi	t0
	mflo	t1
	CHECK_EQ(t0, 1)
	CHECK_EQ(t1, 21)
	maddu	s0, s1			/* + 0x2_ffffffeb */
	mfhi	t0
	mflo	t1
	CHECK_EQ(t0, 4)
	CHECK_EQ(t1, 0)
	msubu	s5, s1			/* - 3 */
	mfhi	t0
	mflo	t1
	CHECK_EQ(t0, 3)
	CHECK_EQ(t1, -3)
#if N64
	dli	s6, 0x123456789abcdef1
	dli	s7, -0x10
	dmult	s6, s7
	mflo	t0
	mfhi	t1
	CHECK_EQ(t0, 0xdcba9876543210f0)
	CHECK_EQ(t1, -2)
	dmultu	s6, s7
	mflo	t0
	mfhi	t1
	CHECK_EQ(t0, 0xdcba9876543210f0)
	CHECK_EQ(t1, 0x123456789abcdeef)
	ddiv	$0, s6, s7
	mflo	t0
	mfhi	t1
	CHECK_EQ(t0, -0x123456789abcdef)
	CHECK_EQ(t1, 1)
	ddivu	$0, s7, s6
	mflo	t0
	mfhi	t1
	CHECK_EQ(t0, 14)
	CHECK_EQ(t1, 0x123456789abcec2)
	dli	s3, 0x8000000000000000
	dli	s4, -1
	ddiv	$0, s3, s4
	mflo	t0
	mfhi	t1
	CHECK_EQ(t0, 0x8000000000000000)
	CHECK_EQ(t1, 0)
	/* 32-bit results are sign-extended into HI and LO */
	li	s2, 0x10000
	mult	s2, s2
	mflo	t0
	mfhi	t1
	CHECK_EQ(t0, 0)
	CHECK_EQ(t1, 1)
	li	s2, 0x40000000
	multu	s2, s1
	mflo	t0
	CHECK_EQ(t0, 0xffffffffc0000000)
#endif
	TEST_END muldiv
