/* Conditional traps and trapping arithmetic whose condition is false
 * must not trap. (The trapping cases end the program: sig_*.S.) */
#include "cpu-asm.h"

	TEST_BEGIN traps
	li	s0, 5
	li	s1, -5
	teq	s0, s1
	tne	s0, s0
	tge	s1, s0
	tgeu	s0, s1			/* 5 < 0xfffffffb unsigned */
	tlt	s0, s1
	tltu	s1, s0
	teqi	s0, 4
	tnei	s0, 5
	tgei	s1, 0
	tgeiu	s0, -1
	tlti	s0, 5
	tltiu	s1, 5
	teq	s0, s1, 7
	li	s2, 0x7ffffff0
	add	t0, s2, 0xf
	CHECK_EQ(t0, 0x7fffffff)
	addi	t0, s1, -0x7ff0
	CHECK_EQ(t0, -0x7ff5)
	sub	t0, s1, s0
	CHECK_EQ(t0, -10)
#if N64
	dli	s3, 0x7ffffffffffffff0
	dadd	t0, s3, s0
	CHECK_EQ(t0, 0x7ffffffffffffff5)
	daddi	t0, s3, 15
	CHECK_EQ(t0, 0x7fffffffffffffff)
	dsub	t0, s1, s3
	CHECK_EQ(t0, 0x8000000000000000 + 11)
#endif
	TEST_END traps
