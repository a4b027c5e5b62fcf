/* Soft CPU integer core: arithmetic, branches and delay slots, loads and
 * stores in both guest byte orders, unaligned access, LL/SC, 64-bit ops,
 * the R2 bit-field ops, Reserved Instruction by model, user mode. */
#include "tests/unit/test_cpu_asm.h"

#define KBASE 0xffffffff80001000ull
#define CAUSE_CODE(c) (((c) >> 2) & 31)
#define CAUSE_BD (1ull << 31)

/* Sum 1..10 with a counted loop: ADDIU, BNE with a delay slot, ADDU. */
static void loop_sum(void)
{
	struct tmach t;

	if (tm_init(&t, "24Kf", ENDIAN_LITTLE) < 0)
		return;
	tm_trap_vectors(&t);
	TM_PUT(&t, 0x1000,
	       ADDIU(T0, ZERO, 10),	/* counter */
	       ADDIU(T1, ZERO, 0),	/* sum */
	       ADDU(T1, T1, T0),	/* loop: */
	       ADDIU(T0, T0, -1),
	       BNE(T0, ZERO, -3),
	       ADDIU(T2, T2, 1),	/* delay slot: counts iterations */
	       BEQ(0, 0, -1), NOP);
	tm_kernel(&t, KBASE);
	tm_run(&t, 200);
	CHECK_EQ(tm_reg(&t, T1), 55);
	CHECK_EQ(tm_reg(&t, T2), 10);
	CHECK_EQ(tm_reg(&t, VCPU_REG_PC), KBASE + 0x18);
	tm_free(&t);
}

/* One program, both byte orders: SW then LBU of byte 0 sees the MSB on
 * a big-endian guest and the LSB on a little-endian one; the bytes in
 * guest RAM follow the guest's order whatever the host's. */
static void byte_orders(void)
{
	for (int be = 0; be < 2; be++) {
		struct tmach t;

		if (tm_init(&t, be ? "R4400" : "24Kf",
			    be ? ENDIAN_BIG : ENDIAN_LITTLE) < 0)
			return;
		tm_trap_vectors(&t);
		TM_PUT(&t, 0x1000,
		       LI32(T0, 0x11223344),
		       LUI(A0, 0x8000), ORI(A0, A0, 0x2000),
		       SW(T0, 0, A0),
		       LBU(T1, 0, A0),
		       LW(T2, 0, A0),
		       BEQ(0, 0, -1), NOP);
		tm_kernel(&t, KBASE);
		tm_run(&t, 50);
		CHECK_EQ(tm_reg(&t, T1), be ? 0x11 : 0x44);
		CHECK_EQ(tm_reg(&t, T2), 0x11223344);
		CHECK_EQ(t.ram[0x2000], be ? 0x11 : 0x44);
		CHECK_EQ(t.ram[0x2003], be ? 0x44 : 0x11);
		CHECK_EQ((tm_reg(&t, CP0(16, 0)) >> 15) & 1, be);
		tm_free(&t);
	}
}

/* Unaligned word at +1 with the LWL/LWR pair, and the SWL/SWR pair
 * storing one, in both byte orders (MIPS32 vol. II LWL/LWR figures). */
static void unaligned_pairs(void)
{
	for (int be = 0; be < 2; be++) {
		struct tmach t;

		if (tm_init(&t, "R4400", be ? ENDIAN_BIG : ENDIAN_LITTLE) < 0)
			return;
		tm_trap_vectors(&t);
		for (int i = 0; i < 8; i++)
			t.ram[0x2000 + i] = i;
		if (be)
			TM_PUT(&t, 0x1000,
			       LUI(A0, 0x8000), ORI(A0, A0, 0x2000),
			       LWL(T0, 1, A0), LWR(T0, 4, A0),
			       LI32(T1, 0xaabbccdd),
			       SWL(T1, 0x11, A0), SWR(T1, 0x14, A0),
			       BEQ(0, 0, -1), NOP);
		else
			TM_PUT(&t, 0x1000,
			       LUI(A0, 0x8000), ORI(A0, A0, 0x2000),
			       LWR(T0, 1, A0), LWL(T0, 4, A0),
			       LI32(T1, 0xaabbccdd),
			       SWR(T1, 0x11, A0), SWL(T1, 0x14, A0),
			       BEQ(0, 0, -1), NOP);
		tm_kernel(&t, KBASE);
		tm_run(&t, 50);
		CHECK_EQ(tm_reg(&t, T0), be ? 0x01020304 : 0x04030201);
		CHECK_EQ(endian_load(t.ram + 0x2011, 4, t.en), 0xaabbccdd);
		CHECK_EQ(t.ram[0x2010], 0);
		CHECK_EQ(t.ram[0x2015], 0);
		tm_free(&t);
	}
}

/* Handler at the general vector that skips the faulting instruction. */
static void put_skip_handler(struct tmach *t)
{
	TM_PUT(t, 0x180,
	       MFC0(K0, 14, 0), ADDIU(K0, K0, 4), MTC0(K0, 14, 0),
	       ADDIU(S7, S7, 1), ERET);
}

/* SC succeeds after LL, and fails when an exception (here SYSCALL and
 * its handler's ERET) came in between (SGI-FACTS 6.7). */
static void llsc_eret(void)
{
	struct tmach t;

	if (tm_init(&t, "R4400", ENDIAN_BIG) < 0)
		return;
	put_skip_handler(&t);
	TM_PUT(&t, 0x1000,
	       LUI(A0, 0x8000), ORI(A0, A0, 0x2000),
	       ADDIU(T1, ZERO, 7),
	       LL(T0, 0, A0), SC(T1, 0, A0),	/* t1 = 1 */
	       ADDIU(T2, ZERO, 9),
	       LL(T0, 0, A0), SYSCALL, SC(T2, 0, A0),	/* t2 = 0 */
	       BEQ(0, 0, -1), NOP);
	tm_kernel(&t, KBASE);
	tm_run(&t, 60);
	CHECK_EQ(tm_reg(&t, T1), 1);
	CHECK_EQ(tm_reg(&t, T2), 0);
	CHECK_EQ(tm_reg(&t, S7), 1);
	CHECK_EQ(endian_load(t.ram + 0x2000, 4, t.en), 7);
	tm_free(&t);
}

/* A faulting load in a delay slot: EPC = the branch, Cause.BD set, for
 * taken and not-taken branches; BadVAddr = the address. */
static void delay_slot_exception(void)
{
	for (int taken = 0; taken < 2; taken++) {
		struct tmach t;

		if (tm_init(&t, "R4400", ENDIAN_BIG) < 0)
			return;
		tm_trap_vectors(&t);
		TM_PUT(&t, 0x1000,
		       NOP,
		       taken ? BEQ(0, 0, 4) : BNE(0, 0, 4),
		       LW(T0, 1, ZERO),	/* AdEL */
		       NOP, NOP, NOP, NOP);
		tm_kernel(&t, KBASE);
		tm_run(&t, 20);
		CHECK_EQ(tm_reg(&t, CP0(14, 0)), KBASE + 4);
		CHECK(tm_reg(&t, CP0(13, 0)) & CAUSE_BD);
		CHECK_EQ(CAUSE_CODE(tm_reg(&t, CP0(13, 0))), EXC_ADEL);
		CHECK_EQ(tm_reg(&t, CP0(8, 0)), 1);
		CHECK_EQ(tm_reg(&t, VCPU_REG_PC), 0xffffffff80000180ull);
		tm_free(&t);
	}
}

/* With Status.BEV set, exceptions go to 0xBFC00200 + 0x180. */
static void bev_vectors(void)
{
	struct tmach t;

	if (tm_init(&t, "R4400", ENDIAN_BIG) < 0)
		return;
	TM_PUT(&t, 0x1fc00380, BEQ(0, 0, -1), NOP);
	TM_PUT(&t, 0x1000, NOP, SYSCALL, NOP);
	tm_set(&t, CP0(12, 0), 1u << 22);
	tm_set(&t, VCPU_REG_PC, KBASE);
	tm_run(&t, 10);
	CHECK_EQ(tm_reg(&t, VCPU_REG_PC), 0xffffffffbfc00380ull);
	CHECK_EQ(tm_reg(&t, CP0(14, 0)), KBASE + 4);
	CHECK_EQ(CAUSE_CODE(tm_reg(&t, CP0(13, 0))), EXC_SYS);
	/* Reset itself starts at 0xBFC00000 with ERL and BEV set. */
	soft_cpu_reset(t.cpu);
	CHECK_EQ(tm_reg(&t, VCPU_REG_PC), 0xffffffffbfc00000ull);
	CHECK_EQ(tm_reg(&t, CP0(12, 0)) & 0x400004, 0x400004);
	tm_free(&t);
}

/* R2 instructions: fine on a 24Kf, Reserved Instruction on an R4400
 * (SGI-FACTS 6.7). */
static void r2_ops_by_model(void)
{
	struct tmach t;

	if (tm_init(&t, "24Kf", ENDIAN_LITTLE) < 0)
		return;
	tm_trap_vectors(&t);
	TM_PUT(&t, 0x1000,
	       LI32(T0, 0x12345680),
	       SEB(T1, T0), WSBH(T2, T0), EXT(T3, T0, 4, 8),
	       BEQ(0, 0, -1), NOP);
	tm_kernel(&t, KBASE);
	tm_run(&t, 20);
	CHECK_EQ(tm_reg(&t, T1), 0xffffffffffffff80ull);
	CHECK_EQ(tm_reg(&t, T2), 0x34128056);
	CHECK_EQ(tm_reg(&t, T3), 0x68);
	tm_free(&t);

	if (tm_init(&t, "R4400", ENDIAN_BIG) < 0)
		return;
	tm_trap_vectors(&t);
	TM_PUT(&t, 0x1000, LI32(T0, 0x12345680), SEB(T1, T0), NOP);
	tm_kernel(&t, KBASE);
	tm_run(&t, 10);
	CHECK_EQ(CAUSE_CODE(tm_reg(&t, CP0(13, 0))), EXC_RI);
	CHECK_EQ(tm_reg(&t, CP0(14, 0)), KBASE + 8);
	CHECK_EQ(tm_reg(&t, T1), 0);
	tm_free(&t);
}

/* 64-bit operations: RI on a MIPS32 core; on an R4400 fine in kernel
 * mode, RI in user mode without Status.UX, fine with it. */
static void ops64_gating(void)
{
	struct tmach t;

	if (tm_init(&t, "24Kf", ENDIAN_LITTLE) < 0)
		return;
	tm_trap_vectors(&t);
	TM_PUT(&t, 0x1000, DADDU(T0, T1, T1), NOP);
	tm_kernel(&t, KBASE);
	tm_run(&t, 5);
	CHECK_EQ(CAUSE_CODE(tm_reg(&t, CP0(13, 0))), EXC_RI);
	tm_free(&t);

	for (int mode = 0; mode < 3; mode++) {
		if (tm_init(&t, "R4400", ENDIAN_BIG) < 0)
			return;
		tm_trap_vectors(&t);
		/* user code at kuseg 0x3000 mapped 1:1 through the TLB */
		TM_PUT(&t, 0x3000, ADDIU(T1, ZERO, 1), DSLL32(T0, T1, 0),
		       BEQ(0, 0, -1), NOP);
		tm_set(&t, CP0(10, 0), 0x2000);
		tm_set(&t, CP0(2, 0), (0x2000 >> 6) | 0x1e);
		tm_set(&t, CP0(3, 0), (0x3000 >> 6) | 0x1e);
		tm_set(&t, CP0(5, 0), 0);
		tm_set(&t, CP0(0, 0), 3);
		TM_PUT(&t, 0x1000, TLBWI, ERET, NOP);
		tm_set(&t, CP0(14, 0), 0x3000);
		/* ERET to user (KSU=2) or to kernel (mode 2) */
		tm_set(&t, CP0(12, 0), (mode == 2 ? 0 : 0x10) | 2 |
			   (mode == 1 ? 0x20 : 0));
		tm_set(&t, VCPU_REG_PC, KBASE);
		tm_run(&t, 10);
		if (mode == 0) {
			CHECK_EQ(CAUSE_CODE(tm_reg(&t, CP0(13, 0))), EXC_RI);
			CHECK_EQ(tm_reg(&t, CP0(14, 0)), 0x3004);
		} else {
			CHECK_EQ(tm_reg(&t, T0), 1ull << 32);
		}
		tm_free(&t);
	}
}

/* ADD traps on signed overflow and leaves rd alone; ADDU wraps. */
static void overflow_trap(void)
{
	struct tmach t;

	if (tm_init(&t, "R4400", ENDIAN_BIG) < 0)
		return;
	tm_trap_vectors(&t);
	TM_PUT(&t, 0x1000,
	       LI32(T0, 0x7fffffff), ADDIU(T1, ZERO, 1),
	       ADDU(T3, T0, T1), ADDIU(T2, ZERO, 5), ADD(T2, T0, T1), NOP);
	tm_kernel(&t, KBASE);
	tm_run(&t, 10);
	CHECK_EQ(CAUSE_CODE(tm_reg(&t, CP0(13, 0))), EXC_OV);
	CHECK_EQ(tm_reg(&t, T2), 5);
	CHECK_EQ(tm_reg(&t, T3), 0xffffffff80000000ull);
	tm_free(&t);
}

/* User mode (mipsvz-user): SYSCALL stops the run with the PC at the
 * SYSCALL; memory is identity-mapped; kernel addresses are AdEL. */
static void user_mode_stops(void)
{
	struct tmach t;
	struct soft_exc x;
	enum soft_stop r;

	if (tm_init(&t, "24Kf", ENDIAN_LITTLE) < 0)
		return;
	soft_cpu_set_user_mode(t.cpu, false);
	TM_PUT(&t, 0x400000,
	       ADDIU(V0, ZERO, 4001), LUI(A0, 0x50), ADDIU(T0, ZERO, 3),
	       SW(T0, 8, A0), SYSCALL,
	       LUI(T1, 0x8000), LW(T2, 0, T1));
	tm_set(&t, VCPU_REG_PC, 0x400000);
	r = soft_cpu_run(t.cpu, 1000, &x);
	CHECK_EQ(r, SOFT_STOP_EXCEPTION);
	CHECK_EQ(x.code, EXC_SYS);
	CHECK_EQ(x.pc, 0x400010);
	CHECK_EQ(x.insn, SYSCALL);
	CHECK_EQ(tm_reg(&t, VCPU_REG_PC), 0x400010);
	CHECK_EQ(t.ram[0x500008], 3);
	tm_set(&t, VCPU_REG_PC, 0x400014);
	r = soft_cpu_run(t.cpu, 1000, &x);
	CHECK_EQ(r, SOFT_STOP_EXCEPTION);
	CHECK_EQ(x.code, EXC_ADEL);
	CHECK_EQ(x.badvaddr, 0xffffffff80000000ull);
	CHECK_EQ(x.pc, 0x400018);
	tm_free(&t);
}

/* CP0 is privileged: MTC0 in user mode is Coprocessor Unusable (CE=0). */
static void cp0_privileged(void)
{
	struct tmach t;
	struct soft_exc x;

	if (tm_init(&t, "R4400", ENDIAN_BIG) < 0)
		return;
	soft_cpu_set_user_mode(t.cpu, true);
	TM_PUT(&t, 0x400000, MTC0(ZERO, 12, 0), NOP);
	tm_set(&t, VCPU_REG_PC, 0x400000);
	CHECK_EQ(soft_cpu_run(t.cpu, 100, &x), SOFT_STOP_EXCEPTION);
	CHECK_EQ(x.code, EXC_CPU);
	tm_free(&t);
}

/* Status.RE on a big-endian R4400: user mode fetches and accesses data
 * little-endian; the kernel still sees big-endian memory. */
static void reverse_endian_user(void)
{
	struct tmach t;
	uint32_t prog[] = {
		LI32(T0, 0x11223344),
		LUI(A0, 0x10), SW(T0, 0, A0),
		LBU(T1, 0, A0),
		BEQ(0, 0, -1), NOP,
	};

	if (tm_init(&t, "R4400", ENDIAN_BIG) < 0)
		return;
	tm_trap_vectors(&t);
	/* user code at va 0x3000 (pa 0x3000), little-endian words */
	for (size_t i = 0; i < sizeof(prog) / 4; i++)
		endian_store(t.ram + 0x3000 + 4 * i, 4, ENDIAN_LITTLE, prog[i]);
	/* map va 0x2000-0x3fff and 0x100000 1:1 */
	tm_set(&t, CP0(10, 0), 0x2000);
	tm_set(&t, CP0(2, 0), (0x2000 >> 6) | 0x1e);
	tm_set(&t, CP0(3, 0), (0x3000 >> 6) | 0x1e);
	tm_set(&t, CP0(0, 0), 3);
	TM_PUT(&t, 0x1000, TLBWI, LUI(T9, 0x10), MTC0(T9, 10, 0),
	       ADDIU(T8, ZERO, (0x100000 >> 6) | 0x1e), MTC0(T8, 2, 0),
	       ADDIU(T8, ZERO, (0x101000 >> 6) | 0x1e), MTC0(T8, 3, 0),
	       ADDIU(T8, ZERO, 4), MTC0(T8, 0, 0), TLBWI, ERET, NOP);
	tm_set(&t, CP0(14, 0), 0x3000);
	tm_set(&t, CP0(12, 0), (1u << 25) | 0x10 | 2);	/* RE, user, EXL */
	tm_set(&t, VCPU_REG_PC, KBASE);
	tm_run(&t, 40);
	CHECK_EQ(tm_reg(&t, T0), 0x11223344);
	CHECK_EQ(tm_reg(&t, T1), 0x44);		/* little-endian view */
	CHECK_EQ(t.ram[0x100000], 0x44);
	tm_free(&t);
}

TEST_MAIN("cpu_core", T(reverse_endian_user), T(loop_sum), T(byte_orders), T(unaligned_pairs),
	  T(llsc_eret), T(delay_slot_exception), T(bev_vectors),
	  T(r2_ops_by_model), T(ops64_gating), T(overflow_trap),
	  T(user_mode_stops), T(cp0_privileged))
