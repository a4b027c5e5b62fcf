/* LL/SC (and LLD/SCD on n64): a successful pair stores and returns 1 in
 * rt, and the usual retry loop. (SC after a system call: llsc_eret.S.) */
#include "cpu-asm.h"

	.data
	.align	3
cell:	.word	5, 0x7fffffff
dcell:	.dword	0x7ffffffffffffff0

	TEST_BEGIN llsc
	LA	s0, cell
	ll	t0, 0(s0)
	CHECK_EQ(t0, 5)
	addiu	t0, t0, 10
	sc	t0, 0(s0)
	CHECK_EQ(t0, 1)
	lw	t1, 0(s0)
	CHECK_EQ(t1, 15)

	/* atomic increment loop, 100 times */
	li	s1, 100
1:	ll	t0, 4(s0)
	addiu	t0, t0, 1
	sc	t0, 4(s0)
	beqz	t0, 1b
	addiu	s1, s1, -1
	bnez	s1, 1b
	lw	t1, 4(s0)
	CHECK_EQ(t1, 0x7fffffff + 100 - 0x100000000)

	/* ll sign-extends on n64 */
	ll	t0, 4(s0)
	CHECK_EQ(t0, 0x7fffffff + 100 - 0x100000000)

#if N64
	LA	s2, dcell
	lld	t0, 0(s2)
	CHECK_EQ(t0, 0x7ffffffffffffff0)
	daddiu	t0, t0, 0x20
	scd	t0, 0(s2)
	CHECK_EQ(t0, 1)
	ld	t1, 0(s2)
	CHECK_EQ(t1, 0x8000000000000010)
#endif
	TEST_END llsc
