/* Shared frame for the hand-written CPU tests (tests/cpu-asm/*.S).
 *
 * Each test is a static program with its own _start and no libc, built
 * for o32 and n64 in both byte orders. TEST_BEGIN opens it; CHECK_*
 * macros compare a register with an expected value and, on mismatch,
 * print "FAIL <file>:<line> got 0x... want 0x..." to stderr and exit 1;
 * TEST_END prints "PASS <name>" and exits 0.
 *
 * Conventions: t8 and t9 belong to the macros, s0-s3 to cpu_asm_fail.
 * Register names are defined here, the same for both ABIs: t0-t3 are
 * $12-$15 (as in n64), $8-$11 have no name. Expected values are full
 * register contents: on n64 a 32-bit result must be sign-extended. */
#ifndef CPU_ASM_H
#define CPU_ASM_H

#define zero $0
#define AT $1
#define v0 $2
#define v1 $3
#define a0 $4
#define a1 $5
#define a2 $6
#define a3 $7
#define t0 $12
#define t1 $13
#define t2 $14
#define t3 $15
#define s0 $16
#define s1 $17
#define s2 $18
#define s3 $19
#define s4 $20
#define s5 $21
#define s6 $22
#define s7 $23
#define t8 $24
#define t9 $25
#define gp $28
#define sp $29
#define fp $30
#define ra $31

#if _MIPS_SIM == _ABI64
#define N64 1
#define SYS_write 5001
#define SYS_exit 5058
#define SYS_getpid 5038
#define SYS_set_thread_area 5242
#define WORD 8
#define LI dli
#define LA dla
#define LD_W ld
#define ST_W sd
#define ADDU_W daddu
#define SUBU_W dsubu
#define ADDIU_W daddiu
#else
#define N64 0
#define SYS_write 4004
#define SYS_exit 4001
#define SYS_getpid 4020
#define SYS_set_thread_area 4283
#define WORD 4
#define LI li
#define LA la
#define LD_W lw
#define ST_W sw
#define ADDU_W addu
#define SUBU_W subu
#define ADDIU_W addiu
#endif

/* Pick by byte order: ENDIAN(big, little) */
#ifdef __MIPSEB__
#define BE 1
#define ENDIAN(b, l) b
#else
#define BE 0
#define ENDIAN(b, l) l
#endif

#define STR_(x) #x
#define STR(x) STR_(x)

/* CHECK_EQ(reg, value): reg must hold exactly value.
 * CHECK_REG(a, b): two registers must be equal.
 * CHECK_W32(reg, value): the low 32 bits of reg, sign-extended, must
 * equal value sign-extended (when the upper half is not the point).
 * The cpp layer passes the caller's line to the gas macros. */
#define CHECK_EQ(reg, val) cpu_asm_check_eq reg, val, __LINE__
#define CHECK_REG(a, b) cpu_asm_check_reg a, b, __LINE__
#define CHECK_W32(reg, val) cpu_asm_check_w32 reg, val, __LINE__

	.macro cpu_asm_check_reg a, b, line
	.set	push
	.set	noreorder
	beq	\a, \b, 9000f
	nop
	move	$5, \a
	move	$6, \b
	li	$4, \line
	j	cpu_asm_fail
	nop
9000:
	.set	pop
	.endm

	.macro cpu_asm_check_eq reg, val, line
	LI	$25, \val
	cpu_asm_check_reg \reg, $25, \line
	.endm

	.macro cpu_asm_check_w32 reg, val, line
	sll	$24, \reg, 0
	li	$25, \val
	cpu_asm_check_reg $24, $25, \line
	.endm

	.macro TEST_BEGIN name
	.text
	.globl	__start
	.ent	__start
__start:
	.set	noreorder
	LA	$28, _gp
	.set	reorder
	.endm

	.macro TEST_END name
	.set	noreorder
	li	$4, 1
	LA	$5, cpu_asm_pass_msg
	li	$6, cpu_asm_pass_len
	li	$2, SYS_write
	syscall
	li	$4, 0
	li	$2, SYS_exit
	syscall
	.set	reorder
	.end	__start

/* cpu_asm_fail: a0 = line, a1 = got, a2 = want */
	.ent	cpu_asm_fail
cpu_asm_fail:
	move	$16, $4
	move	$17, $5
	move	$18, $6
	LA	$4, cpu_asm_fail_msg
	li	$5, cpu_asm_fail_len
	jal	cpu_asm_puts
	move	$4, $16
	jal	cpu_asm_putdec
	LA	$4, cpu_asm_got_msg
	li	$5, 7
	jal	cpu_asm_puts
	move	$4, $17
	jal	cpu_asm_puthex
	LA	$4, cpu_asm_want_msg
	li	$5, 8
	jal	cpu_asm_puts
	move	$4, $18
	jal	cpu_asm_puthex
	LA	$4, cpu_asm_nl
	li	$5, 1
	jal	cpu_asm_puts
	li	$4, 1
	li	$2, SYS_exit
	syscall
	.end	cpu_asm_fail

/* write(2, a0, a1) */
	.ent	cpu_asm_puts
cpu_asm_puts:
	move	$6, $5
	move	$5, $4
	li	$4, 2
	li	$2, SYS_write
	syscall
	jr	$31
	.end	cpu_asm_puts

/* a0 in decimal (non-negative, < 1e9) */
	.ent	cpu_asm_putdec
cpu_asm_putdec:
	move	$19, $31
	LA	$7, cpu_asm_buf + 16
	move	$8, $7
	li	$9, 10
1:	divu	$0, $4, $9
	mfhi	$10
	mflo	$4
	addiu	$10, $10, '0'
	ADDIU_W	$7, $7, -1
	sb	$10, 0($7)
	bnez	$4, 1b
	move	$4, $7
	SUBU_W	$5, $8, $7
	jal	cpu_asm_puts
	jr	$19
	.end	cpu_asm_putdec

/* a0 as 16 (n64) or 8 (o32) hex digits */
	.ent	cpu_asm_puthex
cpu_asm_puthex:
	move	$19, $31
	LA	$7, cpu_asm_buf
	li	$8, 2 * WORD
	move	$5, $8
1:	ADDIU_W	$8, $8, -1
	andi	$10, $4, 15
	sltiu	$11, $10, 10
	addiu	$10, $10, '0'
	bnez	$11, 2f
	addiu	$10, $10, 'a' - '0' - 10
2:	ADDU_W	$9, $7, $8
	sb	$10, 0($9)
#if N64
	dsrl	$4, $4, 4
#else
	srl	$4, $4, 4
#endif
	bnez	$8, 1b
	move	$4, $7
	jal	cpu_asm_puts
	jr	$19
	.end	cpu_asm_puthex

	.data
cpu_asm_fail_msg:
	.ascii	"FAIL \name:"
	.set	cpu_asm_fail_len, . - cpu_asm_fail_msg
cpu_asm_got_msg:
	.ascii	" got 0x"
cpu_asm_want_msg:
	.ascii	" want 0x"
cpu_asm_nl:
	.ascii	"\n"
cpu_asm_pass_msg:
	.ascii	"PASS \name\n"
	.set	cpu_asm_pass_len, . - cpu_asm_pass_msg
	.align	3
cpu_asm_buf:
	.space	32
	.endm

#endif
