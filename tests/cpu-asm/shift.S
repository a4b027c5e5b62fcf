/* Shifts and rotates, immediate and variable (only the low 5 or 6 bits
 * of the amount count), and the doubleword forms on n64. */
#include "cpu-asm.h"

	TEST_BEGIN shift
	li	s0, 0x80000001
	sll	t0, s0, 4
	CHECK_EQ(t0, 0x10)
	sll	t0, s0, 0
	CHECK_EQ(t0, -0x7fffffff)
	srl	t0, s0, 1
	CHECK_EQ(t0, 0x40000000)
	srl	t0, s0, 31
	CHECK_EQ(t0, 1)
	sra	t0, s0, 4
	CHECK_EQ(t0, 0xf8000000 - 0x100000000)
	sra	t0, s0, 31
	CHECK_EQ(t0, -1)
	li	s1, 36			/* amount mod 32 = 4 */
	sllv	t0, s0, s1
	CHECK_EQ(t0, 0x10)
	srlv	t0, s0, s1
	CHECK_EQ(t0, 0x08000000)
	srav	t0, s0, s1
	CHECK_EQ(t0, 0xf8000000 - 0x100000000)
	li	s2, 0x12345678
	rotr	t0, s2, 8
	CHECK_EQ(t0, 0x78123456)
	rotr	t0, s2, 0
	CHECK_EQ(t0, 0x12345678)
	li	s1, 0x44		/* 4 */
	rotrv	t0, s2, s1
	CHECK_EQ(t0, -0x7edcba99)	/* 0x81234567 */
	sll	t0, s2, 31
	CHECK_EQ(t0, 0)
	sll	t0, s0, 31
	CHECK_EQ(t0, -0x80000000)
#if N64
	dli	s3, 0x8123456789abcdef
	dsll	t0, s3, 4
	CHECK_EQ(t0, 0x123456789abcdef0)
	dsll32	t0, s3, 4
	CHECK_EQ(t0, 0x9abcdef000000000)
	dsrl	t0, s3, 4
	CHECK_EQ(t0, 0x08123456789abcde)
	dsrl32	t0, s3, 0
	CHECK_EQ(t0, 0x81234567)
	dsra	t0, s3, 4
	CHECK_EQ(t0, 0xf8123456789abcde)
	dsra32	t0, s3, 31
	CHECK_EQ(t0, -1)
	li	s1, 68			/* amount mod 64 = 4 */
	dsllv	t0, s3, s1
	CHECK_EQ(t0, 0x123456789abcdef0)
	dsrlv	t0, s3, s1
	CHECK_EQ(t0, 0x08123456789abcde)
	dsrav	t0, s3, s1
	CHECK_EQ(t0, 0xf8123456789abcde)
	drotr	t0, s3, 8
	CHECK_EQ(t0, 0xef8123456789abcd)
	drotr32	t0, s3, 4
	CHECK_EQ(t0, 0x789abcdef8123456)
	li	s1, 36
	drotrv	t0, s3, s1
	CHECK_EQ(t0, 0x789abcdef8123456)
	/* sll of a non-sign-extended value still sign-extends bit 31 */
	dli	s4, 0x00000000ffffffff
	sll	t0, s4, 0
	CHECK_EQ(t0, -1)
#endif
	TEST_END shift
