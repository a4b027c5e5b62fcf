/* A Release 2 instruction: runs on MIPS32R2/MIPS64R2 models and must
 * raise Reserved Instruction (SIGILL, status 132) on a MIPS III model
 * such as --cpu R4400. */
#include "cpu-asm.h"

	TEST_BEGIN r2only
	li	s0, 0x80
	seb	t0, s0
	CHECK_EQ(t0, -0x80)
	TEST_END r2only
