/* The differential-test trampoline: diff_run(entry, init, scratch) saves
 * the C caller's context, points $30 at the scratch buffer and $31 at the
 * sequence's initial-state table and jumps to the generated sequence
 * (gen.py), which loads its state, runs, and jumps to diff_dump. That
 * stores every register into the dump area after the scratch bytes and
 * returns to the C caller with its context restored.
 *
 * Dump area (DUMP = 256 bytes into scratch): GPR k at DUMP + 8k (o32:
 * a 32-bit word at the slot's start), HI at +256, LO at +264, FCSR at
 * +272, FPR f at +280 + 8f (FR=0: the even/odd pair as one doubleword). */
#if _MIPS_SIM == _ABI64
#define ST sd
#define LD ld
#define LA dla
#define FSTEP 1
#else
#define ST sw
#define LD lw
#define LA la
#define FSTEP 2
#endif
#define DUMP 256

	.option	pic0
	.set	noreorder
	.set	noat
	.text

	.globl	diff_run
	.ent	diff_run
diff_run:
	LA	$1, diff_ctx
	.irp	r, 16, 17, 18, 19, 20, 21, 22, 23, 28, 29, 30, 31
	ST	$\r, (\r * 8)($1)
	.endr
	.irp	f, 0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30
	sdc1	$f\f, (256 + \f * 8)($1)
	.endr
#if FSTEP == 1
	.irp	f, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31
	sdc1	$f\f, (256 + \f * 8)($1)
	.endr
#endif
	cfc1	$2, $31
	sw	$2, 520($1)
	move	$30, $6
	jr	$4
	move	$31, $5
	.end	diff_run

	.globl	diff_dump
	.ent	diff_dump
diff_dump:
	.irp	r, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 30, 31
	ST	$\r, (DUMP + \r * 8)($30)
	.endr
	mfhi	$1
	ST	$1, (DUMP + 256)($30)
	mflo	$1
	ST	$1, (DUMP + 264)($30)
	cfc1	$1, $31
	sw	$1, (DUMP + 272)($30)
	.irp	f, 0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30
	sdc1	$f\f, (DUMP + 280 + \f * 8)($30)
	.endr
#if FSTEP == 1
	.irp	f, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31
	sdc1	$f\f, (DUMP + 280 + \f * 8)($30)
	.endr
#endif
	LA	$1, diff_ctx
	lw	$2, 520($1)
	ctc1	$2, $31
	.irp	f, 0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30
	ldc1	$f\f, (256 + \f * 8)($1)
	.endr
#if FSTEP == 1
	.irp	f, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31
	ldc1	$f\f, (256 + \f * 8)($1)
	.endr
#endif
	.irp	r, 16, 17, 18, 19, 20, 21, 22, 23, 28, 29, 30, 31
	LD	$\r, (\r * 8)($1)
	.endr
	jr	$31
	nop
	.end	diff_dump

	.bss
	.align	3
diff_ctx:
	.space	528
