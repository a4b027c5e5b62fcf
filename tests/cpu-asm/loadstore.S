/* Loads and stores of every width, signed and unsigned, and the
 * unaligned pairs LWL/LWR/SWL/SWR (and LDL/LDR/SDL/SDR on n64) at every
 * byte offset, in the build's byte order. Expected values were worked
 * out byte by byte from the MIPS32/MIPS64 Vol. II definitions. On n64 a
 * partial LWR leaves bits 63..32 implementation-defined, so only the
 * low word is checked there. */
#include "cpu-asm.h"

	.data
	.align	4
buf:	.byte	0x01, 0x82, 0x23, 0xa4, 0x45, 0xc6, 0x67, 0xe8, 0x89, 0x1a, 0xab, 0x3c, 0xcd, 0x5e, 0xef, 0x70
	.align	4
scratch:	.space	16

/* reset scratch to a copy of buf */
#define RESET_SCRATCH \
	lw	t0, 0(s0); sw t0, 0(s1); lw t0, 4(s0); sw t0, 4(s1); \
	lw	t0, 8(s0); sw t0, 8(s1); lw t0, 12(s0); sw t0, 12(s1)

	TEST_BEGIN loadstore
	LA	s0, buf
	LA	s1, scratch
	lb	t0, 0(s0)
	CHECK_EQ(t0, 1)
	lbu	t0, 0(s0)
	CHECK_EQ(t0, 0x1)
	lb	t0, 1(s0)
	CHECK_EQ(t0, -126)
	lbu	t0, 1(s0)
	CHECK_EQ(t0, 0x82)
	lb	t0, 2(s0)
	CHECK_EQ(t0, 35)
	lbu	t0, 2(s0)
	CHECK_EQ(t0, 0x23)
	lb	t0, 3(s0)
	CHECK_EQ(t0, -92)
	lbu	t0, 3(s0)
	CHECK_EQ(t0, 0xa4)
	lb	t0, 4(s0)
	CHECK_EQ(t0, 69)
	lbu	t0, 4(s0)
	CHECK_EQ(t0, 0x45)
	lb	t0, 5(s0)
	CHECK_EQ(t0, -58)
	lbu	t0, 5(s0)
	CHECK_EQ(t0, 0xc6)
	lb	t0, 6(s0)
	CHECK_EQ(t0, 103)
	lbu	t0, 6(s0)
	CHECK_EQ(t0, 0x67)
	lb	t0, 7(s0)
	CHECK_EQ(t0, -24)
	lbu	t0, 7(s0)
	CHECK_EQ(t0, 0xe8)
	lh	t0, 0(s0)
	CHECK_EQ(t0, ENDIAN(386, -32255))
	lhu	t0, 0(s0)
	CHECK_EQ(t0, ENDIAN(0x182, 0x8201))
	lh	t0, 2(s0)
	CHECK_EQ(t0, ENDIAN(9124, -23517))
	lhu	t0, 2(s0)
	CHECK_EQ(t0, ENDIAN(0x23a4, 0xa423))
	lh	t0, 4(s0)
	CHECK_EQ(t0, ENDIAN(17862, -14779))
	lhu	t0, 4(s0)
	CHECK_EQ(t0, ENDIAN(0x45c6, 0xc645))
	lh	t0, 6(s0)
	CHECK_EQ(t0, ENDIAN(26600, -6041))
	lhu	t0, 6(s0)
	CHECK_EQ(t0, ENDIAN(0x67e8, 0xe867))
	lw	t0, 0(s0)
	CHECK_EQ(t0, ENDIAN(25306020, -1541176831))
	lw	t0, 4(s0)
	CHECK_EQ(t0, ENDIAN(1170630632, -395852219))
	lw	t0, 8(s0)
	CHECK_EQ(t0, ENDIAN(-1994740932, 1017846409))
	lw	t0, 12(s0)
	CHECK_EQ(t0, ENDIAN(-849416336, 1894735565))
	li	s2, 0x11223344
	move	t0, s2
	lwl	t0, 4(s0)
	CHECK_EQ(t0, ENDIAN(1170630632, 1159869252))
	move	t0, s2
	lwr	t0, 4(s0)
#if N64
	/* full word (BE k=3 / LE k=0): sign-extended; else low word only */
	CHECK_W32(t0, ENDIAN(287454021, -395852219))
#else
	CHECK_EQ(t0, ENDIAN(287454021, -395852219))
#endif
	move	t0, s2
	lwl	t0, 5(s0)
	CHECK_EQ(t0, ENDIAN(-966268860, -968543420))
	move	t0, s2
	lwr	t0, 5(s0)
#if N64
	/* full word (BE k=3 / LE k=0): sign-extended; else low word only */
	CHECK_W32(t0, ENDIAN(287458758, 300443590))
#else
	CHECK_EQ(t0, ENDIAN(287458758, 300443590))
#endif
	move	t0, s2
	lwl	t0, 6(s0)
	CHECK_EQ(t0, ENDIAN(1743270724, 1741047108))
	move	t0, s2
	lwr	t0, 6(s0)
#if N64
	/* full word (BE k=3 / LE k=0): sign-extended; else low word only */
	CHECK_W32(t0, ENDIAN(289785447, 287500391))
#else
	CHECK_EQ(t0, ENDIAN(289785447, 287500391))
#endif
	move	t0, s2
	lwl	t0, 7(s0)
	CHECK_EQ(t0, ENDIAN(-400411836, -395852219))
	move	t0, s2
	lwr	t0, 7(s0)
#if N64
	/* full word (BE k=3 / LE k=0): sign-extended; else low word only */
	CHECK_W32(t0, ENDIAN(1170630632, 287454184))
#else
	CHECK_EQ(t0, ENDIAN(1170630632, 287454184))
#endif
	move	t0, s2
	lwl	t0, ENDIAN(1, 4)(s0)
	lwr	t0, ENDIAN(4, 1)(s0)
	CHECK_EQ(t0, ENDIAN(-2111593403, 1168384898))
	move	t0, s2
	lwl	t0, ENDIAN(2, 5)(s0)
	lwr	t0, ENDIAN(5, 2)(s0)
	CHECK_EQ(t0, ENDIAN(597968326, -968514525))
	move	t0, s2
	lwl	t0, ENDIAN(3, 6)(s0)
	lwr	t0, ENDIAN(6, 3)(s0)
	CHECK_EQ(t0, ENDIAN(-1538931097, 1741047204))
	move	t0, s2
	lwl	t0, ENDIAN(5, 8)(s0)
	lwr	t0, ENDIAN(8, 5)(s0)
	CHECK_EQ(t0, ENDIAN(-966268791, -1981257786))
	move	t0, s2
	lwl	t0, ENDIAN(7, 10)(s0)
	lwr	t0, ENDIAN(10, 7)(s0)
	CHECK_EQ(t0, ENDIAN(-393667925, -1424324120))
	li	s3, 0xd5667788
	RESET_SCRATCH
	swl	s3, 4(s1)
	lw	t0, 4(s1)
	CHECK_EQ(t0, ENDIAN(-714705016, -395852075))
	lw	t0, 0(s1)
	CHECK_EQ(t0, ENDIAN(25306020, -1541176831))
	lw	t0, 8(s1)
	CHECK_EQ(t0, ENDIAN(-1994740932, 1017846409))
	RESET_SCRATCH
	swr	s3, 4(s1)
	lw	t0, 4(s1)
	CHECK_EQ(t0, ENDIAN(-2000263192, -714705016))
	lw	t0, 0(s1)
	CHECK_EQ(t0, ENDIAN(25306020, -1541176831))
	lw	t0, 8(s1)
	CHECK_EQ(t0, ENDIAN(-1994740932, 1017846409))
	RESET_SCRATCH
	swl	s3, 5(s1)
	lw	t0, 4(s1)
	CHECK_EQ(t0, ENDIAN(1171613303, -395848346))
	lw	t0, 0(s1)
	CHECK_EQ(t0, ENDIAN(25306020, -1541176831))
	lw	t0, 8(s1)
	CHECK_EQ(t0, ENDIAN(-1994740932, 1017846409))
	RESET_SCRATCH
	swr	s3, 5(s1)
	lw	t0, 4(s1)
	CHECK_EQ(t0, ENDIAN(2005428200, 1719109701))
	lw	t0, 0(s1)
	CHECK_EQ(t0, ENDIAN(25306020, -1541176831))
	lw	t0, 8(s1)
	CHECK_EQ(t0, ENDIAN(-1994740932, 1017846409))
	RESET_SCRATCH
	swl	s3, 6(s1)
	lw	t0, 4(s1)
	CHECK_EQ(t0, ENDIAN(1170658662, -388667785))
	lw	t0, 0(s1)
	CHECK_EQ(t0, ENDIAN(25306020, -1541176831))
	lw	t0, 8(s1)
	CHECK_EQ(t0, ENDIAN(-1994740932, 1017846409))
	RESET_SCRATCH
	swr	s3, 6(s1)
	lw	t0, 4(s1)
	CHECK_EQ(t0, ENDIAN(1719109864, 2005452357))
	lw	t0, 0(s1)
	CHECK_EQ(t0, ENDIAN(25306020, -1541176831))
	lw	t0, 8(s1)
	CHECK_EQ(t0, ENDIAN(-1994740932, 1017846409))
	RESET_SCRATCH
	swl	s3, 7(s1)
	lw	t0, 4(s1)
	CHECK_EQ(t0, ENDIAN(1170630613, -714705016))
	lw	t0, 0(s1)
	CHECK_EQ(t0, ENDIAN(25306020, -1541176831))
	lw	t0, 8(s1)
	CHECK_EQ(t0, ENDIAN(-1994740932, 1017846409))
	RESET_SCRATCH
	swr	s3, 7(s1)
	lw	t0, 4(s1)
	CHECK_EQ(t0, ENDIAN(-714705016, -2006464955))
	lw	t0, 0(s1)
	CHECK_EQ(t0, ENDIAN(25306020, -1541176831))
	lw	t0, 8(s1)
	CHECK_EQ(t0, ENDIAN(-1994740932, 1017846409))
	RESET_SCRATCH
	sb	s3, 5(s1)
	sh	s3, 10(s1)
	sw	s3, 12(s1)
	lw	t0, 4(s1)
	CHECK_EQ(t0, ENDIAN(1166567400, -395868091))
	lw	t0, 8(s1)
	CHECK_EQ(t0, ENDIAN(-1994754168, 2005408393))
	lw	t0, 12(s1)
	CHECK_EQ(t0, ENDIAN(-714705016, -714705016))
#if N64
	ld	t0, 0(s0)
	CHECK_EQ(t0, ENDIAN(0x18223a445c667e8, 0xe867c645a4238201))
	ld	t0, 8(s0)
	CHECK_EQ(t0, ENDIAN(0x891aab3ccd5eef70, 0x70ef5ecd3cab1a89))
	lwu	t0, 0(s0)
	CHECK_EQ(t0, ENDIAN(0x18223a4, 0xa4238201))
	lwu	t0, 4(s0)
	CHECK_EQ(t0, ENDIAN(0x45c667e8, 0xe867c645))
	lwu	t0, 12(s0)
	CHECK_EQ(t0, ENDIAN(0xcd5eef70, 0x70ef5ecd))
	dli	s2, 0x1122334455667788
	move	t0, s2
	ldl	t0, 8(s0)
	CHECK_EQ(t0, ENDIAN(0x891aab3ccd5eef70, 0x8922334455667788))
	move	t0, s2
	ldr	t0, 8(s0)
	CHECK_EQ(t0, ENDIAN(0x1122334455667789, 0x70ef5ecd3cab1a89))
	move	t0, s2
	ldl	t0, 9(s0)
	CHECK_EQ(t0, ENDIAN(0x1aab3ccd5eef7088, 0x1a89334455667788))
	move	t0, s2
	ldr	t0, 9(s0)
	CHECK_EQ(t0, ENDIAN(0x112233445566891a, 0x1170ef5ecd3cab1a))
	move	t0, s2
	ldl	t0, 10(s0)
	CHECK_EQ(t0, ENDIAN(0xab3ccd5eef707788, 0xab1a894455667788))
	move	t0, s2
	ldr	t0, 10(s0)
	CHECK_EQ(t0, ENDIAN(0x1122334455891aab, 0x112270ef5ecd3cab))
	move	t0, s2
	ldl	t0, 11(s0)
	CHECK_EQ(t0, ENDIAN(0x3ccd5eef70667788, 0x3cab1a8955667788))
	move	t0, s2
	ldr	t0, 11(s0)
	CHECK_EQ(t0, ENDIAN(0x11223344891aab3c, 0x11223370ef5ecd3c))
	move	t0, s2
	ldl	t0, 12(s0)
	CHECK_EQ(t0, ENDIAN(0xcd5eef7055667788, 0xcd3cab1a89667788))
	move	t0, s2
	ldr	t0, 12(s0)
	CHECK_EQ(t0, ENDIAN(0x112233891aab3ccd, 0x1122334470ef5ecd))
	move	t0, s2
	ldl	t0, 13(s0)
	CHECK_EQ(t0, ENDIAN(0x5eef704455667788, 0x5ecd3cab1a897788))
	move	t0, s2
	ldr	t0, 13(s0)
	CHECK_EQ(t0, ENDIAN(0x1122891aab3ccd5e, 0x112233445570ef5e))
	move	t0, s2
	ldl	t0, 14(s0)
	CHECK_EQ(t0, ENDIAN(0xef70334455667788, 0xef5ecd3cab1a8988))
	move	t0, s2
	ldr	t0, 14(s0)
	CHECK_EQ(t0, ENDIAN(0x11891aab3ccd5eef, 0x11223344556670ef))
	move	t0, s2
	ldl	t0, 15(s0)
	CHECK_EQ(t0, ENDIAN(0x7022334455667788, 0x70ef5ecd3cab1a89))
	move	t0, s2
	ldr	t0, 15(s0)
	CHECK_EQ(t0, ENDIAN(0x891aab3ccd5eef70, 0x1122334455667770))
	dli	s3, 0xd122334455667788
	RESET_SCRATCH
	sdl	s3, 8(s1)
	ld	t0, 8(s1)
	CHECK_EQ(t0, ENDIAN(0xd122334455667788, 0x70ef5ecd3cab1ad1))
	ld	t0, 0(s1)
	CHECK_EQ(t0, ENDIAN(0x18223a445c667e8, 0xe867c645a4238201))
	RESET_SCRATCH
	sdr	s3, 8(s1)
	ld	t0, 8(s1)
	CHECK_EQ(t0, ENDIAN(0x881aab3ccd5eef70, 0xd122334455667788))
	ld	t0, 0(s1)
	CHECK_EQ(t0, ENDIAN(0x18223a445c667e8, 0xe867c645a4238201))
	RESET_SCRATCH
	sdl	s3, 9(s1)
	ld	t0, 8(s1)
	CHECK_EQ(t0, ENDIAN(0x89d1223344556677, 0x70ef5ecd3cabd122))
	ld	t0, 0(s1)
	CHECK_EQ(t0, ENDIAN(0x18223a445c667e8, 0xe867c645a4238201))
	RESET_SCRATCH
	sdr	s3, 9(s1)
	ld	t0, 8(s1)
	CHECK_EQ(t0, ENDIAN(0x7788ab3ccd5eef70, 0x2233445566778889))
	ld	t0, 0(s1)
	CHECK_EQ(t0, ENDIAN(0x18223a445c667e8, 0xe867c645a4238201))
	RESET_SCRATCH
	sdl	s3, 10(s1)
	ld	t0, 8(s1)
	CHECK_EQ(t0, ENDIAN(0x891ad12233445566, 0x70ef5ecd3cd12233))
	ld	t0, 0(s1)
	CHECK_EQ(t0, ENDIAN(0x18223a445c667e8, 0xe867c645a4238201))
	RESET_SCRATCH
	sdr	s3, 10(s1)
	ld	t0, 8(s1)
	CHECK_EQ(t0, ENDIAN(0x6677883ccd5eef70, 0x3344556677881a89))
	ld	t0, 0(s1)
	CHECK_EQ(t0, ENDIAN(0x18223a445c667e8, 0xe867c645a4238201))
	RESET_SCRATCH
	sdl	s3, 11(s1)
	ld	t0, 8(s1)
	CHECK_EQ(t0, ENDIAN(0x891aabd122334455, 0x70ef5ecdd1223344))
	ld	t0, 0(s1)
	CHECK_EQ(t0, ENDIAN(0x18223a445c667e8, 0xe867c645a4238201))
	RESET_SCRATCH
	sdr	s3, 11(s1)
	ld	t0, 8(s1)
	CHECK_EQ(t0, ENDIAN(0x55667788cd5eef70, 0x4455667788ab1a89))
	ld	t0, 0(s1)
	CHECK_EQ(t0, ENDIAN(0x18223a445c667e8, 0xe867c645a4238201))
	RESET_SCRATCH
	sdl	s3, 12(s1)
	ld	t0, 8(s1)
	CHECK_EQ(t0, ENDIAN(0x891aab3cd1223344, 0x70ef5ed122334455))
	ld	t0, 0(s1)
	CHECK_EQ(t0, ENDIAN(0x18223a445c667e8, 0xe867c645a4238201))
	RESET_SCRATCH
	sdr	s3, 12(s1)
	ld	t0, 8(s1)
	CHECK_EQ(t0, ENDIAN(0x44556677885eef70, 0x556677883cab1a89))
	ld	t0, 0(s1)
	CHECK_EQ(t0, ENDIAN(0x18223a445c667e8, 0xe867c645a4238201))
	RESET_SCRATCH
	sdl	s3, 13(s1)
	ld	t0, 8(s1)
	CHECK_EQ(t0, ENDIAN(0x891aab3ccdd12233, 0x70efd12233445566))
	ld	t0, 0(s1)
	CHECK_EQ(t0, ENDIAN(0x18223a445c667e8, 0xe867c645a4238201))
	RESET_SCRATCH
	sdr	s3, 13(s1)
	ld	t0, 8(s1)
	CHECK_EQ(t0, ENDIAN(0x334455667788ef70, 0x667788cd3cab1a89))
	ld	t0, 0(s1)
	CHECK_EQ(t0, ENDIAN(0x18223a445c667e8, 0xe867c645a4238201))
	RESET_SCRATCH
	sdl	s3, 14(s1)
	ld	t0, 8(s1)
	CHECK_EQ(t0, ENDIAN(0x891aab3ccd5ed122, 0x70d1223344556677))
	ld	t0, 0(s1)
	CHECK_EQ(t0, ENDIAN(0x18223a445c667e8, 0xe867c645a4238201))
	RESET_SCRATCH
	sdr	s3, 14(s1)
	ld	t0, 8(s1)
	CHECK_EQ(t0, ENDIAN(0x2233445566778870, 0x77885ecd3cab1a89))
	ld	t0, 0(s1)
	CHECK_EQ(t0, ENDIAN(0x18223a445c667e8, 0xe867c645a4238201))
	RESET_SCRATCH
	sdl	s3, 15(s1)
	ld	t0, 8(s1)
	CHECK_EQ(t0, ENDIAN(0x891aab3ccd5eefd1, 0xd122334455667788))
	ld	t0, 0(s1)
	CHECK_EQ(t0, ENDIAN(0x18223a445c667e8, 0xe867c645a4238201))
	RESET_SCRATCH
	sdr	s3, 15(s1)
	ld	t0, 8(s1)
	CHECK_EQ(t0, ENDIAN(0xd122334455667788, 0x88ef5ecd3cab1a89))
	ld	t0, 0(s1)
	CHECK_EQ(t0, ENDIAN(0x18223a445c667e8, 0xe867c645a4238201))
	RESET_SCRATCH
	sd	s3, 8(s1)
	ld	t0, 8(s1)
	CHECK_REG(t0, s3)
	lw	t0, 8(s1)
	CHECK_EQ(t0, ENDIAN(-786287804, 1432778632))
#endif
	TEST_END loadstore
