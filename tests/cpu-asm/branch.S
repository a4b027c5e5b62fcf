/* Branches and jumps: every condition taken and not taken, the delay
 * slot (always run for ordinary branches; run only when taken for the
 * "likely" forms), link registers (return address = branch + 8) and
 * register jumps. */
#include "cpu-asm.h"

/* BR_TAKEN(insn operands): the branch must be taken and its delay slot
 * run; BR_NOT(...): not taken, delay slot still run. s7 counts slots. */
#define BR_TAKEN(op, ...) br_taken op, __VA_ARGS__, __LINE__
#define BR_NOT(op, ...) br_not op, __VA_ARGS__, __LINE__
#define BRL_TAKEN(op, ...) brl_taken op, __VA_ARGS__, __LINE__
#define BRL_NOT(op, ...) brl_not op, __VA_ARGS__, __LINE__

	.macro br_taken op, a, b, c, line=0
	li	s7, 0
	.ifc \c,
	\op	\a, 1f
	.else
	\op	\a, \b, 1f
	.endif
	addiu	s7, s7, 1
	li	t8, 0
	b	2f
	nop
1:	li	t8, 1
2:	cpu_asm_check_eq s7, 1, \line
	cpu_asm_check_eq t8, 1, \line
	.endm

	.set	noreorder

	.macro br_not op, a, b, c, line=0
	li	s7, 0
	.ifc \c,
	\op	\a, 1f
	.else
	\op	\a, \b, 1f
	.endif
	addiu	s7, s7, 1
	li	t8, 0
	b	2f
	nop
1:	li	t8, 1
2:	cpu_asm_check_eq s7, 1, \line
	cpu_asm_check_eq t8, 0, \line
	.endm

	.macro brl_taken op, a, b, c, line=0
	li	s7, 0
	.ifc \c,
	\op	\a, 1f
	.else
	\op	\a, \b, 1f
	.endif
	addiu	s7, s7, 1
	li	t8, 0
	b	2f
	nop
1:	li	t8, 1
2:	cpu_asm_check_eq s7, 1, \line
	cpu_asm_check_eq t8, 1, \line
	.endm

	.macro brl_not op, a, b, c, line=0
	li	s7, 0
	.ifc \c,
	\op	\a, 1f
	.else
	\op	\a, \b, 1f
	.endif
	addiu	s7, s7, 1	/* annulled */
	li	t8, 0
	b	2f
	nop
1:	li	t8, 1
2:	cpu_asm_check_eq s7, 0, \line
	cpu_asm_check_eq t8, 0, \line
	.endm

	TEST_BEGIN branch
	.set	noreorder
	li	s0, 5
	li	s1, -5
	li	s2, 5
	BR_TAKEN(beq, s0, s2, x)
	BR_NOT(beq, s0, s1, x)
	BR_TAKEN(bne, s0, s1, x)
	BR_NOT(bne, s0, s2, x)
	BR_TAKEN(blez, s1)
	BR_TAKEN(blez, zero)
	BR_NOT(blez, s0)
	BR_TAKEN(bgtz, s0)
	BR_NOT(bgtz, zero)
	BR_TAKEN(bltz, s1)
	BR_NOT(bltz, zero)
	BR_TAKEN(bgez, zero)
	BR_NOT(bgez, s1)
	BRL_TAKEN(beql, s0, s2, x)
	BRL_NOT(beql, s0, s1, x)
	BRL_TAKEN(bnel, s0, s1, x)
	BRL_NOT(bnel, s0, s2, x)
	BRL_TAKEN(blezl, s1)
	BRL_NOT(blezl, s0)
	BRL_TAKEN(bgtzl, s0)
	BRL_NOT(bgtzl, s1)
	BRL_TAKEN(bltzl, s1)
	BRL_NOT(bltzl, s0)
	BRL_TAKEN(bgezl, s0)
	BRL_NOT(bgezl, s1)

	/* the delay slot sees the registers before the branch target code */
	li	t0, 1
	beq	zero, zero, 1f
	addiu	t0, t0, 1
	addiu	t0, t0, 100
1:	CHECK_EQ(t0, 2)

	/* a branch reads its operands before the delay slot changes them */
	li	t0, 0
	bnez	t0, 1f
	li	t0, 1
	b	2f
	nop
1:	li	t0, 99
2:	CHECK_EQ(t0, 1)

	/* links: ra = address of the branch + 8 */
	la	s3, 1f
	jal	3f
	nop
1:	b	4f
	nop
3:	CHECK_REG(ra, s3)
	jr	ra
	nop
4:	la	s3, 1f
	bal	3f
	nop
1:	b	4f
	nop
3:	CHECK_REG(ra, s3)
	jr	ra
	nop
4:	la	s3, 1f
	li	ra, 0
	bltzal	s0, 3f			/* not taken, still links */
	nop
1:	CHECK_REG(ra, s3)
	la	s3, 1f
	bgezal	s0, 3f
	nop
1:	b	4f
	nop
3:	CHECK_REG(ra, s3)
	jr	ra
	nop
4:	la	s3, 1f
	bltzall	s0, 3f			/* not taken: slot annulled, links */
	li	s4, 77
1:	CHECK_REG(ra, s3)
	li	s4, 0
	bltzall	s0, 3f
	li	s4, 77
	CHECK_EQ(s4, 0)

	/* jalr with an explicit link register; jr through a table */
	la	s5, 1f
	la	s3, 2f
	jalr	s6, s5
	li	s4, 5			/* delay slot runs */
2:	b	3f
	nop
1:	CHECK_REG(s6, s3)
	CHECK_EQ(s4, 5)
	jr	s6
	nop
3:	la	s5, 5f
	jr	s5
	li	s4, 6
	li	s4, 99
5:	CHECK_EQ(s4, 6)

	/* j stays in the current 256 MB region */
	j	1f
	li	s4, 7
	li	s4, 99
1:	CHECK_EQ(s4, 7)

	/* a backward loop */
	li	t0, 0
	li	t1, 10
1:	addiu	t0, t0, 3
	bnez	t1, 1b
	addiu	t1, t1, -1
	CHECK_EQ(t0, 33)
	.set	reorder
	TEST_END branch
