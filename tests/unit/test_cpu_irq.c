/* Soft CPU interrupts and time: Count/Compare on IP7, an interrupt line
 * taken within a few instructions (from this thread and from another),
 * WAIT idling until the timer in deterministic mode. */
#include <pthread.h>
#include <unistd.h>

#include "tests/unit/test_cpu_asm.h"

#define KBASE 0xffffffff80001000ull
#define CAUSE_CODE(c) (((c) >> 2) & 31)

/* Compare = Count + 1000; the timer interrupt arrives on IP7 once Count
 * passes it (not before), and writing Compare clears it. */
static void count_compare_ip7(void)
{
	struct tmach t;
	uint64_t cause, count;

	if (tm_init(&t, "R4400", ENDIAN_BIG) < 0)
		return;
	TM_PUT(&t, 0x180,
	       MFC0(S0, 9, 0), MFC0(S1, 13, 0), MFC0(S2, 11, 0),
	       MTC0(S2, 11, 0), MFC0(S3, 13, 0),
	       BEQ(0, 0, -1), NOP);
	TM_PUT(&t, 0x1000,
	       MFC0(T0, 9, 0), ADDIU(T0, T0, 1000), MTC0(T0, 11, 0),
	       LI32(T1, 0x8001), MTC0(T1, 12, 0),	/* IM7, IE */
	       ADDIU(T2, T2, 1), BEQ(0, 0, -2), NOP);
	tm_kernel(&t, KBASE);
	tm_run(&t, 100000);
	cause = tm_reg(&t, S1);
	count = tm_reg(&t, S0);
	CHECK_EQ(CAUSE_CODE(cause), EXC_INT);
	CHECK(cause & (1u << 15));
	/* taken promptly once Count reached Compare */
	CHECK((uint32_t)(count - tm_reg(&t, S2)) < 20);
	CHECK(!(tm_reg(&t, S3) & (1u << 15)));
	/* R4400: Count runs at half of 150 MHz; 10 ns per instruction in
	 * deterministic mode: ~1333 instructions, 3 per loop iteration. */
	CHECK(tm_reg(&t, T2) > 420 && tm_reg(&t, T2) < 460);
	tm_free(&t);
}

/* A line raised between two runs is taken at the next instruction. */
static void irq_line_latency(void)
{
	struct tmach t;
	uint64_t before;

	if (tm_init(&t, "24Kf", ENDIAN_LITTLE) < 0)
		return;
	TM_PUT(&t, 0x180, ADDU(S0, T0, ZERO), MFC0(S1, 13, 0),
	       BEQ(0, 0, -1), NOP);
	TM_PUT(&t, 0x1000,
	       LI32(T1, 0x0401), MTC0(T1, 12, 0),	/* IM2, IE */
	       ADDIU(T0, T0, 1), BEQ(0, 0, -2), NOP);
	tm_kernel(&t, KBASE);
	tm_run(&t, 1000);
	before = tm_reg(&t, T0);
	CHECK(before > 100);
	soft_cpu_set_irq(t.cpu, 0, 1);
	tm_run(&t, 100);
	CHECK_EQ(CAUSE_CODE(tm_reg(&t, S1)), EXC_INT);
	CHECK(tm_reg(&t, S1) & (1u << 10));
	CHECK(tm_reg(&t, S0) - before <= 2);
	/* level-sensitive: lowering the line clears Cause.IP2 */
	soft_cpu_set_irq(t.cpu, 0, 0);
	CHECK(!(tm_reg(&t, CP0(13, 0)) & (1u << 10)));
	tm_free(&t);
}

struct irq_thread {
	struct tmach *t;
	volatile int done;
};

static void *raiser(void *opaque)
{
	struct irq_thread *it = opaque;

	usleep(20000);
	soft_cpu_set_irq(it->t->cpu, 3, 1);
	/* wait for the guest handler's flag in RAM, at most ~5 s */
	for (int i = 0; i < 5000 && !it->t->ram[0x2000]; i++)
		usleep(1000);
	soft_cpu_request_stop(it->t->cpu);
	it->done = 1;
	return NULL;
}

/* From another thread while the CPU runs: the handler runs and the
 * stop request ends soft_cpu_run. */
static void irq_from_thread(void)
{
	struct tmach t;
	struct irq_thread it = { &t, 0 };
	pthread_t th;
	enum soft_stop r;

	if (tm_init(&t, "24Kf", ENDIAN_LITTLE) < 0)
		return;
	TM_PUT(&t, 0x180, ADDIU(T5, ZERO, 1), LUI(T6, 0x8000),
	       SB(T5, 0x2000, T6), BEQ(0, 0, -1), NOP);
	TM_PUT(&t, 0x1000,
	       LI32(T1, 0x2001), MTC0(T1, 12, 0),	/* IM5, IE */
	       ADDIU(T0, T0, 1), BEQ(0, 0, -2), NOP);
	tm_kernel(&t, KBASE);
	pthread_create(&th, NULL, raiser, &it);
	r = soft_cpu_run(t.cpu, UINT64_MAX / 2, NULL);
	pthread_join(th, NULL);
	CHECK_EQ(r, SOFT_STOP_REQUEST);
	CHECK_EQ(t.ram[0x2000], 1);
	CHECK(tm_reg(&t, CP0(13, 0)) & (1u << 13));
	tm_free(&t);
}

/* WAIT completes (EPC = WAIT + 4) and idles; in deterministic mode the
 * clock skips to the Compare deadline instead of executing a spin. */
static void wait_warps_to_timer(void)
{
	struct tmach t;

	if (tm_init(&t, "R5000", ENDIAN_BIG) < 0)
		return;
	TM_PUT(&t, 0x180, MFC0(S1, 13, 0), BEQ(0, 0, -1), NOP);
	TM_PUT(&t, 0x1000,
	       MFC0(T0, 9, 0), LI32(T1, 9000000), ADDU(T0, T0, T1),
	       MTC0(T0, 11, 0),
	       LI32(T1, 0x8001), MTC0(T1, 12, 0),
	       WAIT, NOP, BEQ(0, 0, -1), NOP);
	tm_kernel(&t, KBASE);
	tm_run(&t, 1000);
	CHECK_EQ(CAUSE_CODE(tm_reg(&t, S1)), EXC_INT);
	CHECK_EQ(tm_reg(&t, CP0(14, 0)), KBASE + 0x24);
	/* 9M counts at 90 MHz = 100 ms of guest time, skipped rather than
	 * executed (1000 instructions are only 10 us). */
	CHECK(vclock_now(&t.clk) >= 100000000ull);
	CHECK(t.clk.warp_ns >= 99000000ull);
	tm_free(&t);
}

/* WAIT is Reserved Instruction on the R4400 (no WAIT there). */
static void wait_ri_on_r4400(void)
{
	struct tmach t;

	if (tm_init(&t, "R4400", ENDIAN_BIG) < 0)
		return;
	tm_trap_vectors(&t);
	TM_PUT(&t, 0x1000, WAIT, NOP);
	tm_kernel(&t, KBASE);
	tm_run(&t, 5);
	CHECK_EQ(CAUSE_CODE(tm_reg(&t, CP0(13, 0))), EXC_RI);
	tm_free(&t);
}

/* R2 Cause.IV: interrupts use the special vector at +0x200. */
static void iv_vector(void)
{
	struct tmach t;

	if (tm_init(&t, "24Kf", ENDIAN_LITTLE) < 0)
		return;
	tm_trap_vectors(&t);
	TM_PUT(&t, 0x200, ADDIU(S5, ZERO, 1), BEQ(0, 0, -1), NOP);
	TM_PUT(&t, 0x1000,
	       LUI(T0, 0x0080), MTC0(T0, 13, 0),	/* Cause.IV */
	       LI32(T1, 0x0401), MTC0(T1, 12, 0),
	       BEQ(0, 0, -1), NOP);
	tm_kernel(&t, KBASE);
	tm_run(&t, 100);
	soft_cpu_set_irq(t.cpu, 0, 1);
	tm_run(&t, 100);
	CHECK_EQ(tm_reg(&t, S5), 1);
	CHECK_EQ(tm_reg(&t, VCPU_REG_PC), 0xffffffff80000204ull);
	tm_free(&t);
}

/* NMI: ErrorEPC = the interrupted PC, ERL/BEV/NMI set, PC at the reset
 * vector; ERET returns through ErrorEPC. */
static void nmi_errorepc(void)
{
	struct tmach t;
	uint64_t st, epc;

	if (tm_init(&t, "R4400", ENDIAN_BIG) < 0)
		return;
	TM_PUT(&t, 0x1fc00000, ADDIU(S4, S4, 1), ERET, NOP);
	TM_PUT(&t, 0x1000, ADDIU(T0, T0, 1), BEQ(0, 0, -2), NOP);
	tm_kernel(&t, KBASE);
	tm_run(&t, 100);
	soft_cpu_nmi(t.cpu, false);
	tm_run(&t, 1);
	st = tm_reg(&t, CP0(12, 0));
	epc = tm_reg(&t, CP0(30, 0));
	CHECK_EQ(st & 0x480004, 0x480004);	/* BEV, NMI, ERL */
	CHECK(epc >= KBASE && epc < KBASE + 12);
	CHECK_EQ(tm_reg(&t, VCPU_REG_PC), 0xffffffffbfc00004ull);
	tm_run(&t, 10);
	CHECK_EQ(tm_reg(&t, S4), 1);
	CHECK(!(tm_reg(&t, CP0(12, 0)) & 4));
	CHECK(tm_reg(&t, VCPU_REG_PC) >= KBASE &&
	      tm_reg(&t, VCPU_REG_PC) < KBASE + 12);
	tm_free(&t);
}

TEST_MAIN("cpu_irq", T(iv_vector), T(nmi_errorepc), T(count_compare_ip7), T(irq_line_latency),
	  T(irq_from_thread), T(wait_warps_to_timer), T(wait_ri_on_r4400))
