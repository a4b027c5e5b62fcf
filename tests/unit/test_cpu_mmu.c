/* Soft CPU MMU: TLB refill through the 32-bit (0x000) and XTLB (0x080)
 * vectors with the fault registers, TLB Modified, TLBP/TLBR, machine
 * check on duplicate entries (R2 only). */
#include "tests/unit/test_cpu_asm.h"

#define KBASE 0xffffffff80001000ull
#define CAUSE_CODE(c) (((c) >> 2) & 31)

/* Refill handler at pa `vec`: map the faulting pair onto pa 0x200000 /
 * 0x201000 with TLBWR, count in s6, return. */
static void put_refill(struct tmach *t, uint64_t vec)
{
	TM_PUT(t, vec,
	       LI32(K0, (0x200000 >> 6) | 0x1e), MTC0(K0, 2, 0),
	       LI32(K1, (0x201000 >> 6) | 0x1e), MTC0(K1, 3, 0),
	       TLBWR, ADDIU(S6, S6, 1), ERET);
}

static void refill_32(void)
{
	struct tmach t;

	if (tm_init(&t, "R4400", ENDIAN_BIG) < 0)
		return;
	tm_trap_vectors(&t);
	put_refill(&t, 0x000);
	endian_store(t.ram + 0x201008, 4, t.en, 0xcafef00d);
	TM_PUT(&t, 0x1000,
	       ADDIU(T9, ZERO, 0x42), MTC0(T9, 10, 0),	/* ASID 0x42 */
	       LUI(A0, 0x40), LW(T0, 0x1008, A0),
	       BEQ(0, 0, -1), NOP);
	tm_kernel(&t, KBASE);
	tm_run(&t, 60);
	CHECK_EQ(tm_reg(&t, S6), 1);
	CHECK_EQ(tm_reg(&t, T0), 0xffffffffcafef00dull);
	CHECK_EQ(tm_reg(&t, CP0(8, 0)), 0x401008);
	CHECK_EQ(tm_reg(&t, CP0(14, 0)), KBASE + 12);
	CHECK_EQ(tm_reg(&t, CP0(10, 0)), 0x400000 | 0x42);
	CHECK_EQ(tm_reg(&t, CP0(4, 0)) & 0x7fffff, (0x401008 >> 13) << 4);
	/* A second access to the pair hits the TLB: no second refill. */
	tm_free(&t);
}

/* 64-bit kernel (KX=1) touching xkuseg above 4 GiB refills through
 * the XTLB vector; XContext holds BadVPN2 = va[39:13]. */
static void refill_xtlb(void)
{
	struct tmach t;
	uint64_t va = 1ull << 32 | 0x3000;

	if (tm_init(&t, "R4400", ENDIAN_BIG) < 0)
		return;
	tm_trap_vectors(&t);
	put_refill(&t, 0x080);
	endian_store(t.ram + 0x201000, 4, t.en, 0x12345678);
	TM_PUT(&t, 0x1000,
	       ADDIU(A0, ZERO, 1), DSLL32(A0, A0, 0), ORI(A0, A0, 0x3000),
	       LW(T0, 0, A0), LW(T1, 0, A0),
	       BEQ(0, 0, -1), NOP);
	tm_set(&t, CP0(12, 0), 0x80);	/* KX */
	tm_set(&t, VCPU_REG_PC, KBASE);
	tm_run(&t, 60);
	CHECK_EQ(tm_reg(&t, S6), 1);
	CHECK_EQ(tm_reg(&t, T0), 0x12345678);
	CHECK_EQ(tm_reg(&t, T1), 0x12345678);
	CHECK_EQ(tm_reg(&t, CP0(8, 0)), va);
	CHECK_EQ((tm_reg(&t, CP0(20, 0)) >> 4) & ((1ull << 27) - 1),
		 va >> 13);
	CHECK_EQ(tm_reg(&t, CP0(10, 0)), va & ~0x1fffull);
	tm_free(&t);

	/* The same access with KX=0 is an address error, not a refill. */
	if (tm_init(&t, "R4400", ENDIAN_BIG) < 0)
		return;
	tm_trap_vectors(&t);
	TM_PUT(&t, 0x1000,
	       ADDIU(A0, ZERO, 1), DSLL32(A0, A0, 0), LW(T0, 0, A0), NOP);
	tm_kernel(&t, KBASE);
	tm_run(&t, 10);
	CHECK_EQ(CAUSE_CODE(tm_reg(&t, CP0(13, 0))), EXC_ADEL);
	CHECK_EQ(tm_reg(&t, VCPU_REG_PC), 0xffffffff80000180ull);
	tm_free(&t);
}

/* A clean (D=0) page: a store raises TLB Modified at the general
 * vector; a load works. */
static void tlb_modified(void)
{
	struct tmach t;

	if (tm_init(&t, "24Kf", ENDIAN_LITTLE) < 0)
		return;
	tm_trap_vectors(&t);
	tm_set(&t, CP0(10, 0), 0x10000000);
	tm_set(&t, CP0(2, 0), (0x300000 >> 6) | 0x1a);	/* V, not D */
	tm_set(&t, CP0(3, 0), (0x301000 >> 6) | 0x1a);
	tm_set(&t, CP0(0, 0), 2);
	t.ram[0x300010] = 0x5a;
	TM_PUT(&t, 0x1000, TLBWI, LUI(A0, 0x1000), LBU(T0, 0x10, A0),
	       SB(T0, 0x11, A0), NOP);
	tm_kernel(&t, KBASE);
	tm_run(&t, 10);
	CHECK_EQ(tm_reg(&t, T0), 0x5a);
	CHECK_EQ(CAUSE_CODE(tm_reg(&t, CP0(13, 0))), EXC_MOD);
	CHECK_EQ(tm_reg(&t, CP0(14, 0)), KBASE + 12);
	CHECK_EQ(tm_reg(&t, CP0(8, 0)), 0x10000011);
	CHECK_EQ(t.ram[0x300011], 0);
	tm_free(&t);
}

/* TLBP finds a written entry, misses with Index.P; TLBR reads it back;
 * a 16 MiB page maps its whole range. */
static void probe_read_large(void)
{
	struct tmach t;

	if (tm_init(&t, "R4400", ENDIAN_BIG) < 0)
		return;
	tm_trap_vectors(&t);
	tm_set(&t, CP0(5, 0), 0x01ffe000);	/* 16 MiB pages */
	tm_set(&t, CP0(10, 0), 0x40000000 | 5);
	tm_set(&t, CP0(2, 0), 0x17);	/* pa 0, V G, C=2 */
	tm_set(&t, CP0(3, 0), ((16u << 20) >> 6) | 0x17);
	tm_set(&t, CP0(0, 0), 7);
	endian_store(t.ram + 0x1234560, 4, t.en, 0x600dcafe);
	TM_PUT(&t, 0x1000,
	       TLBWI,
	       LI32(T0, 0x41234560), LW(T1, 0, T0),	/* odd page */
	       LI32(T2, 0x40001000), MTC0(T2, 10, 0), TLBP,
	       MFC0(S0, 0, 0),
	       LI32(T2, 0x60000000), MTC0(T2, 10, 0), TLBP,
	       MFC0(S1, 0, 0),
	       ADDIU(T3, ZERO, 7), MTC0(T3, 0, 0), TLBR,
	       MFC0(S2, 10, 0), MFC0(S3, 5, 0), MFC0(S4, 3, 0),
	       BEQ(0, 0, -1), NOP);
	tm_kernel(&t, KBASE);
	tm_run(&t, 60);
	CHECK_EQ(tm_reg(&t, T1), 0x600dcafe);
	CHECK_EQ(tm_reg(&t, S0), 7);
	CHECK_EQ(tm_reg(&t, S1), 0xffffffff80000000ull);
	CHECK_EQ(tm_reg(&t, S2), 0x40000005);
	CHECK_EQ(tm_reg(&t, S3), 0x01ffe000);
	CHECK_EQ(tm_reg(&t, S4), ((16u << 20) >> 6) | 0x17);
	tm_free(&t);
}

/* Writing a second entry that matches an existing one: Machine Check
 * and Status.TS on a MIPS32 R2 core; accepted on an R4400. */
static void duplicate_machine_check(void)
{
	for (int r2 = 0; r2 < 2; r2++) {
		struct tmach t;

		if (tm_init(&t, r2 ? "24Kf" : "R4400",
			    r2 ? ENDIAN_LITTLE : ENDIAN_BIG) < 0)
			return;
		tm_trap_vectors(&t);
		tm_set(&t, CP0(10, 0), 0x00400000);
		tm_set(&t, CP0(2, 0), 0x16);
		tm_set(&t, CP0(3, 0), 0x16);
		TM_PUT(&t, 0x1000,
		       ADDIU(T0, ZERO, 1), MTC0(T0, 0, 0), TLBWI,
		       ADDIU(T0, ZERO, 2), MTC0(T0, 0, 0), TLBWI,
		       ADDIU(S0, ZERO, 1), BEQ(0, 0, -1), NOP);
		tm_kernel(&t, KBASE);
		tm_run(&t, 30);
		if (r2) {
			CHECK_EQ(CAUSE_CODE(tm_reg(&t, CP0(13, 0))),
				 EXC_MCHECK);
			CHECK(tm_reg(&t, CP0(12, 0)) & (1u << 21));
			CHECK_EQ(tm_reg(&t, S0), 0);
		} else {
			CHECK_EQ(tm_reg(&t, S0), 1);
		}
		tm_free(&t);
	}
}

TEST_MAIN("cpu_mmu", T(refill_32), T(refill_xtlb), T(tlb_modified),
	  T(probe_read_large), T(duplicate_machine_check))
