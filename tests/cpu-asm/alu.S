/* Integer arithmetic and logic, immediate forms, set-on-less-than,
 * conditional moves, CLZ/CLO; on n64 also the doubleword forms and the
 * sign extension every 32-bit operation performs on a 64-bit register. */
#include "cpu-asm.h"

	TEST_BEGIN alu
	li	s0, 5
	li	s1, 7
	addu	t0, s0, s1
	CHECK_EQ(t0, 12)
	subu	t0, s0, s1
	CHECK_EQ(t0, -2)
	addiu	t0, s0, -9
	CHECK_EQ(t0, -4)
	li	s2, 0x7fffffff
	addiu	t0, s2, 1		/* wraps, no trap; sign-extended */
	CHECK_EQ(t0, -0x80000000)
	addu	t0, s2, s2
	CHECK_EQ(t0, -2)
	lui	t0, 0x8000
	CHECK_EQ(t0, -0x80000000)
	lui	t0, 0x1234
	ori	t0, t0, 0xabcd
	CHECK_EQ(t0, 0x1234abcd)
	li	s3, 0xf0f0f0f0
	li	s4, 0x0ff00ff0
	and	t0, s3, s4
	CHECK_EQ(t0, 0x00f000f0)
	or	t0, s3, s4
	CHECK_W32(t0, 0xfff0fff0)
	xor	t0, s3, s4
	CHECK_W32(t0, 0xff00ff00)
	nor	t0, s3, s4
	CHECK_W32(t0, 0x000f000f)
	andi	t0, s3, 0xffff		/* zero-extended immediate */
	CHECK_EQ(t0, 0xf0f0)
	xori	t0, s0, 0x8000
	CHECK_EQ(t0, 0x8005)
	li	s5, -1
	slt	t0, s5, s0
	CHECK_EQ(t0, 1)
	sltu	t0, s5, s0		/* -1 is the largest unsigned */
	CHECK_EQ(t0, 0)
	slti	t0, s0, -1
	CHECK_EQ(t0, 0)
	sltiu	t0, s0, -1		/* immediate sign-extended, then unsigned */
	CHECK_EQ(t0, 1)
	slti	t0, s5, 0
	CHECK_EQ(t0, 1)
	movz	t1, s1, zero
	CHECK_EQ(t1, 7)
	li	t1, 3
	movz	t1, s1, s0		/* s0 != 0: no move */
	CHECK_EQ(t1, 3)
	movn	t1, s1, s0
	CHECK_EQ(t1, 7)
	clz	t0, s0
	CHECK_EQ(t0, 29)
	clz	t0, zero
	CHECK_EQ(t0, 32)
	clo	t0, s5
	CHECK_EQ(t0, 32)
	clo	t0, s3
	CHECK_EQ(t0, 4)
	li	t0, 0x12345678
	addu	zero, t0, t0		/* $0 stays zero */
	CHECK_EQ(zero, 0)
#if N64
	/* 32-bit results are sign-extended (inputs must already be: the
	 * result is UNPREDICTABLE otherwise) */
	li	s6, 0x7ffffff0
	addiu	t0, s6, 0x10
	CHECK_EQ(t0, 0xffffffff80000000)
	sll	t0, s5, 31
	CHECK_EQ(t0, 0xffffffff80000000)
	dli	s6, 0x123456789abcdef0
	sll	t0, s6, 0		/* SLL takes any input */
	CHECK_EQ(t0, 0xffffffff9abcdef0)
	daddu	t0, s6, s6
	CHECK_EQ(t0, 0x2468acf13579bde0)
	dsubu	t0, zero, s6
	CHECK_EQ(t0, 0xedcba98765432110)
	daddiu	t0, s6, -0x7ff0
	CHECK_EQ(t0, 0x123456789abc5f00)
	dli	s7, 0x7fffffffffffffff
	daddiu	t0, s7, 1
	CHECK_EQ(t0, 0x8000000000000000)
	dclz	t0, s0
	CHECK_EQ(t0, 61)
	dclo	t0, s5
	CHECK_EQ(t0, 64)
	dclz	t0, zero
	CHECK_EQ(t0, 64)
	sltu	t0, s6, s7
	CHECK_EQ(t0, 1)
	slt	t0, t0, s6
	CHECK_EQ(t0, 1)
	lui	t0, 0xffff
	CHECK_EQ(t0, 0xffffffffffff0000)
	ori	t0, zero, 0xffff
	dsll32	t0, t0, 16
	CHECK_EQ(t0, 0xffff000000000000)
#endif
	TEST_END alu
