/* Release 2 bit-field and byte-shuffle instructions (EXT, INS, SEB, SEH,
 * WSBH; DEXT*, DINS*, DSBH, DSHD on n64) and RDHWR $29, the thread
 * pointer set by set_thread_area. */
#include "cpu-asm.h"

	TEST_BEGIN r2bits
	li	s0, 0x12345678
	ext	t0, s0, 4, 8
	CHECK_EQ(t0, 0x67)
	ext	t0, s0, 0, 32
	CHECK_EQ(t0, 0x12345678)
	li	s1, 0x87654321
	ext	t0, s1, 28, 4
	CHECK_EQ(t0, 8)
	ext	t0, s1, 0, 32		/* full width: sign-extended */
	CHECK_EQ(t0, 0x87654321 - 0x100000000)
	move	t0, s0
	ins	t0, s1, 8, 12
	CHECK_EQ(t0, 0x12332178)
	move	t0, s0
	ins	t0, s1, 16, 16
	CHECK_EQ(t0, 0x43215678)
	move	t0, s0
	ins	t0, s1, 20, 12
	CHECK_EQ(t0, 0x32145678)
	move	t0, s0
	ins	t0, zero, 0, 1
	CHECK_EQ(t0, 0x12345678)
	li	s2, 0x1234f080
	seb	t0, s2
	CHECK_EQ(t0, -0x80)
	seh	t0, s2
	CHECK_EQ(t0, 0xf080 - 0x10000)
	li	s2, 0x1234567f
	seb	t0, s2
	CHECK_EQ(t0, 0x7f)
	wsbh	t0, s0
	CHECK_EQ(t0, 0x34127856)
	wsbh	t0, s1			/* 0x65872143 */
	CHECK_EQ(t0, 0x65872143)
	li	s3, 0x80ff0000
	wsbh	t0, s3			/* 0xff800000: sign-extended */
	CHECK_EQ(t0, 0xff800000 - 0x100000000)

	/* RDHWR $29 returns what set_thread_area set */
	LI	a0, 0x7654320
	li	v0, SYS_set_thread_area
	syscall
	CHECK_EQ(a3, 0)
	.set	push
	.set	mips32r2
	rdhwr	t0, $29
	.set	pop
	CHECK_EQ(t0, 0x7654320)
#if N64
	dli	s4, 0x0123456789abcdef
	dext	t0, s4, 4, 32
	CHECK_EQ(t0, 0x789abcde)
	dext	t0, s4, 0, 1
	CHECK_EQ(t0, 1)
	dextm	t0, s4, 8, 40		/* size 33..64 */
	CHECK_EQ(t0, 0x456789abcd)
	dextu	t0, s4, 40, 16		/* pos 32..63 */
	CHECK_EQ(t0, 0x2345)
	dext	t0, s4, 0, 32
	CHECK_EQ(t0, 0x89abcdef)	/* zero-extended */
	dli	s5, 0xfedcba9876543210
	move	t0, s4
	dins	t0, s5, 8, 16
	CHECK_EQ(t0, 0x01234567893210ef)
	move	t0, s4
	dinsm	t0, s5, 16, 40		/* size 33..64 */
	CHECK_EQ(t0, 0x019876543210cdef)
	move	t0, s4
	dinsu	t0, s5, 36, 20		/* pos 32..63 */
	CHECK_EQ(t0, 0x0143210789abcdef)
	dsbh	t0, s4
	CHECK_EQ(t0, 0x23016745ab89efcd)
	dshd	t0, s4
	CHECK_EQ(t0, 0xcdef89ab45670123)
#endif
	TEST_END r2bits
