/* A store-conditional after a system call fails: the kernel returns to
 * user mode with ERET, which clears LLbit (MIPS32 Vol. II, ERET). Real
 * Linux behaves so; qemu-user does not (its SC only compares the loaded
 * value), so tests/user/cpu-asm.test.sh does not require qemu to pass
 * this one. */
#include "cpu-asm.h"

	.data
	.align	3
cell:	.word	5

	TEST_BEGIN llsc_eret
	LA	s0, cell
	ll	t0, 0(s0)
	li	v0, SYS_getpid
	syscall
	li	t0, 99
	sc	t0, 0(s0)
	CHECK_EQ(t0, 0)
	lw	t1, 0(s0)
	CHECK_EQ(t1, 5)
	TEST_END llsc_eret
