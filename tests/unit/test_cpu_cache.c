/* Soft CPU caches and decoded code: tag probing finds the model's cache
 * sizes, also through Linux's whole probe_scache sequence; uncached
 * stores leave resident lines' cached contents alone; decoded code
 * is dropped by stores to the code page (self-modifying code), by DMA and
 * by CACHE Hit_Invalidate_I; CP1 access with Status.CU1 clear traps. */
#include "tests/unit/test_cpu_asm.h"

#define KBASE 0xffffffff80001000ull
#define CAUSE_CODE(c) (((c) >> 2) & 31)

/* The Linux probe_scache walk (SGI-FACTS 5.3.2) in guest code: zero tag
 * at index 0, then Index_Load_Tag at doubling offsets from 4 KiB until
 * TagLo reads 0. Returns the offset found. */
static uint64_t probe(const char *model, enum endian en, unsigned store_op,
		      unsigned load_op)
{
	struct tmach t;
	uint64_t size;

	if (tm_init(&t, model, en) < 0)
		return 0;
	tm_trap_vectors(&t);
	TM_PUT(&t, 0x1000,
	       LUI(A0, 0x8000), MTC0(ZERO, 28, 0), MTC0(ZERO, 29, 0),
	       CACHE(store_op, 0, A0),
	       ADDIU(T0, ZERO, 0x1000),
	       ADDU(A1, A0, T0),		/* loop: */
	       CACHE(load_op, 0, A1),
	       MFC0(T1, 28, 0),
	       BNE(T1, ZERO, -4),
	       SLL(T0, T0, 1),
	       BEQ(0, 0, -1), NOP);
	tm_kernel(&t, KBASE);
	tm_run(&t, 2000);
	size = tm_reg(&t, T0) / 2;
	tm_free(&t);
	return size;
}

static void tag_probe_geometry(void)
{
	/* R4400: 16 KiB primary D (Index_Store_Tag_D 0x09, Load 0x05),
	 * 1 MiB secondary (0x0b / 0x07). */
	CHECK_EQ(probe("R4400", ENDIAN_BIG, 0x09, 0x05), 16384);
	CHECK_EQ(probe("R4400", ENDIAN_BIG, 0x0b, 0x07), 1 << 20);
	CHECK_EQ(probe("R4400", ENDIAN_BIG, 0x08, 0x04), 16384);
	CHECK_EQ(probe("R4000", ENDIAN_BIG, 0x09, 0x05), 8192);
	/* R5000: 32 KiB 2-way; 24Kf: 32 KiB 4-way (all ways walked). */
	CHECK_EQ(probe("R5000", ENDIAN_BIG, 0x09, 0x05), 32768);
	CHECK_EQ(probe("24Kf", ENDIAN_LITTLE, 0x09, 0x05), 32768);
}

#define SRL(d, t, sa) enc_r(0, t, d, sa, 0x02)
#define SLLV(d, t, s) enc_r(s, t, d, 0, 0x04)
#define SLTU(d, s, t) enc_r(s, t, d, 0, 0x2b)
#define ANDI(t, s, i) enc_i(0x0c, s, t, i)

/* Linux's probe_scache (arch/mips/mm/c-r4k.c) as the kernel runs it on an
 * R4000SC/R4400SC: from kseg1 (run_uncached), with begin the 4 MiB-
 * aligned kseg0 address of the kernel: cached loads at begin and at
 * begin + 128 KiB << n (they give the lines the walk reads valid tags on
 * hardware), a zero tag stored at begin with Index_Store_Tag_I, _D and
 * _SD, then Index_Load_Tag_SD at begin + 128 KiB << n while below
 * begin + 4 MiB until TagLo reads 0. The size is the offset reached, the
 * line size 16 << Config.SB. Returns the size; *line the line size. */
static uint64_t linux_probe_scache(const char *model, uint64_t *line)
{
	struct tmach t;
	uint64_t size;

	*line = 0;
	if (tm_init(&t, model, ENDIAN_BIG) < 0)
		return 0;
	tm_trap_vectors(&t);
	TM_PUT(&t, 0x2000,
	       MFC0(S3, 16, 0),			/* config */
	       LUI(S0, 0x8040),			/* begin = 0x80400000 */
	       LUI(S2, 0x0040), ADDU(S2, S0, S2),	/* end = begin + 4M */
	       ADDU(A1, S0, ZERO), LUI(V1, 1),	/* addr, pow2 = 64K */
	       LW(T2, 0, A1),			/* fill: touch a line */
	       SLL(V1, V1, 1),
	       ADDU(A1, S0, V1),
	       SLTU(A2, A1, S2),
	       BNE(A2, ZERO, -5), NOP,
	       MTC0(ZERO, 28, 0), MTC0(ZERO, 29, 0), NOP, NOP, NOP, NOP,
	       CACHE(0x08, 0, S0),		/* Index_Store_Tag_I */
	       CACHE(0x09, 0, S0),		/* Index_Store_Tag_D */
	       CACHE(0x0b, 0, S0),		/* Index_Store_Tag_SD */
	       LUI(S1, 2),			/* pow2 = 128K */
	       ADDU(V1, S0, S1),		/* walk: */
	       SLTU(A1, V1, S2),
	       BEQ(A1, ZERO, 12), NOP,		/* to done */
	       CACHE(0x07, 0, V1),		/* Index_Load_Tag_SD */
	       NOP, NOP, NOP, NOP,
	       MFC0(V0, 28, 0), NOP,
	       BEQ(V0, ZERO, 3), NOP,		/* to done */
	       BEQ(ZERO, ZERO, -14), SLL(S1, S1, 1),	/* to walk */
	       SRL(S3, S3, 22), ANDI(S3, S3, 3),	/* done: Config.SB */
	       ADDIU(V1, ZERO, 16), SLLV(S4, V1, S3),
	       BEQ(0, 0, -1), NOP);
	tm_kernel(&t, 0xffffffffa0002000ull);
	tm_run(&t, 5000);
	size = tm_reg(&t, S1);
	*line = tm_reg(&t, S4);
	CHECK_EQ(tm_reg(&t, VCPU_REG_PC), 0xffffffffa0002000ull + 41 * 4);
	tm_free(&t);
	return size;
}

/* The sizes Linux prints: "Unified secondary cache 1024kB direct mapped,
 * linesize 128 bytes" on the R4400SC (SGI-FACTS 6.7, Config 0x20C1C483:
 * SB = 3); the R4000SC model has 32-byte lines (SB = 1). */
static void linux_scache_probe(void)
{
	uint64_t line;

	CHECK_EQ(linux_probe_scache("R4400", &line), 1 << 20);
	CHECK_EQ(line, 128);
	CHECK_EQ(linux_probe_scache("R4000", &line), 1 << 20);
	CHECK_EQ(line, 32);
}

/* Uncached stores bypass the write-back caches (R4000 manual, cache
 * attributes): a line the kernel has been using through kseg0 keeps its
 * cached contents after a kseg1 store to it, until a CACHE operation on
 * the outermost data cache writes it back or invalidates it. Linux's
 * run_uncached relies on this: its callee's uncached frame overlaps the
 * words where run_uncached saved ra and s0 through kseg0. wb_inv and
 * inv are the Hit_Writeback_Invalidate and Hit_Invalidate ops of that
 * cache (the SD ops 0x17/0x13 on the R4400SC, D 0x15/0x11 without L2),
 * index_wb_inv its Index_Writeback_Invalidate (0x03, 0x01). */
static void uncached_store_kept_from_cache(const char *model, unsigned wb_inv,
					   unsigned inv, unsigned index_wb_inv)
{
	struct tmach t;

	if (tm_init(&t, model, ENDIAN_BIG) < 0)
		return;
	tm_trap_vectors(&t);
	TM_PUT(&t, 0x1000,
	       LUI(SP, 0x8001), LUI(A0, 0xa001),	/* the same page */
	       LI32(T0, 0x11111111), LI32(T1, 0x22222222),
	       LI32(T2, 0x33333333),
	       SW(T0, -4, SP),			/* cached, as run_uncached */
	       SW(T1, -4, A0),			/* uncached: memory only */
	       LW(S0, -4, SP),			/* the cache's 0x11111111 */
	       LW(S1, -4, A0),			/* memory's 0x22222222 */
	       CACHE(inv, -4, SP),		/* drop the line */
	       LW(S2, -4, SP),			/* now memory's */
	       SW(T0, -8, SP),			/* again, and dirty it */
	       SW(T1, -8, A0),
	       SW(T2, -8, SP),			/* cached store: dirty */
	       LW(S3, -8, A0),			/* memory: 0x22222222 */
	       CACHE(wb_inv, -8, SP),		/* written back */
	       LW(S4, -8, A0),			/* 0x33333333 */
	       LUI(A1, 0xa002), LUI(A2, 0x8002),	/* never cached */
	       SW(T1, 0, A1),
	       LW(S5, 0, A2),			/* a miss reads memory */
	       LUI(A1, 0xa003), LUI(A2, 0x8003),
	       SW(T0, 0, A2),			/* cached use of the page */
	       CACHE(index_wb_inv, 0, A2),	/* a sweep empties the cache */
	       SW(T1, 0x100, A1),
	       LW(S6, 0x100, A2),		/* a miss again */
	       BEQ(0, 0, -1), NOP);
	tm_kernel(&t, KBASE);
	tm_run(&t, 100);
	CHECK_EQ(tm_reg(&t, S0), 0x11111111);
	CHECK_EQ(tm_reg(&t, S1), 0x22222222);
	CHECK_EQ(tm_reg(&t, S2), 0x22222222);
	CHECK_EQ(tm_reg(&t, S3), 0x22222222);
	CHECK_EQ(tm_reg(&t, S4), 0x33333333);
	CHECK_EQ(tm_reg(&t, S5), 0x22222222);
	CHECK_EQ(tm_reg(&t, S6), 0x22222222);
	tm_free(&t);
}

static void uncached_stores(void)
{
	uncached_store_kept_from_cache("R4400", 0x17, 0x13, 0x03);
	uncached_store_kept_from_cache("R4600", 0x15, 0x11, 0x01);
}

#define X_PA 0x1100u
#define X_VA 0x80001100u

/* Call X (which sets t0), copy t0 to s-reg. */
static void put_x(struct tmach *t, uint32_t insn)
{
	TM_PUT(t, X_PA, insn, JR(RA), NOP);
}

/* A store to the page being executed replaces the instruction that the
 * next call runs. */
static void smc_store(void)
{
	struct tmach t;

	if (tm_init(&t, "24Kf", ENDIAN_LITTLE) < 0)
		return;
	tm_trap_vectors(&t);
	put_x(&t, ADDIU(T0, ZERO, 1));
	TM_PUT(&t, 0x1000,
	       LUI(A0, 0x8000), ORI(A0, A0, X_PA),
	       LI32(T1, ADDIU(T0, ZERO, 2)),
	       J(X_VA) | (3u << 26), NOP,	/* JAL X */
	       ADDU(S0, T0, ZERO),
	       SW(T1, 0, A0),
	       J(X_VA) | (3u << 26), NOP,
	       ADDU(S1, T0, ZERO),
	       BEQ(0, 0, -1), NOP);
	tm_kernel(&t, KBASE);
	tm_run(&t, 100);
	CHECK_EQ(tm_reg(&t, S0), 1);
	CHECK_EQ(tm_reg(&t, S1), 2);
	tm_free(&t);
}

/* A device writing the code page by DMA (dma_write) drops its decoded
 * code; a write that bypasses the bus does not, until CACHE
 * Hit_Invalidate_I on the line (as on hardware). */
static void dma_and_cache_invalidate(void)
{
	struct tmach t;
	uint8_t w[4];

	if (tm_init(&t, "R4400", ENDIAN_BIG) < 0)
		return;
	tm_trap_vectors(&t);
	put_x(&t, ADDIU(T0, ZERO, 1));
	TM_PUT(&t, 0x1000,
	       J(X_VA) | (3u << 26), NOP,
	       BEQ(0, 0, -1), NOP);
	tm_kernel(&t, KBASE);
	tm_run(&t, 20);
	CHECK_EQ(tm_reg(&t, T0), 1);

	endian_store(w, 4, ENDIAN_BIG, ADDIU(T0, ZERO, 2));
	CHECK_EQ(dma_write(&t.bus, X_PA, w, 4), 0);
	tm_set(&t, VCPU_REG_PC, KBASE);
	tm_run(&t, 20);
	CHECK_EQ(tm_reg(&t, T0), 2);

	/* behind the bus's back: the stale decode still runs */
	endian_store(t.ram + X_PA, 4, ENDIAN_BIG, ADDIU(T0, ZERO, 3));
	tm_set(&t, VCPU_REG_PC, KBASE);
	tm_run(&t, 20);
	CHECK_EQ(tm_reg(&t, T0), 2);

	/* Hit_Invalidate_I (0x10) on the line, then call again */
	TM_PUT(&t, 0x1800,
	       LUI(A0, 0x8000), CACHE(0x10, X_PA, A0),
	       J(X_VA) | (3u << 26), NOP,
	       BEQ(0, 0, -1), NOP);
	tm_set(&t, VCPU_REG_PC, 0xffffffff80001800ull);
	tm_run(&t, 20);
	CHECK_EQ(tm_reg(&t, T0), 3);
	tm_free(&t);
}

/* CP1 with Status.CU1 = 0: Coprocessor Unusable, CE = 1; with CU1 set
 * the move works; on the FPU-less 4Kc CU1 cannot be set. */
static void fpu_unusable(void)
{
	static const char *const models[] = { "R4400", "24Kf", "4Kc" };

	for (int i = 0; i < 3; i++) {
		struct tmach t;
		uint64_t cause;

		if (tm_init(&t, models[i], ENDIAN_BIG) < 0)
			return;
		tm_trap_vectors(&t);
		TM_PUT(&t, 0x1000, MFC1(T0, 2), ADDIU(S0, ZERO, 1),
		       LI32(T1, 0x20000000), MTC0(T1, 12, 0),
		       MFC1(T0, 2), ADDIU(S1, ZERO, 1),
		       BEQ(0, 0, -1), NOP);
		tm_kernel(&t, KBASE);
		tm_run(&t, 10);
		cause = tm_reg(&t, CP0(13, 0));
		CHECK_EQ(CAUSE_CODE(cause), EXC_CPU);
		CHECK_EQ((cause >> 28) & 3, 1);
		CHECK_EQ(tm_reg(&t, CP0(14, 0)), KBASE);
		/* now with CU1 set (skip the first MFC1) */
		tm_set(&t, VCPU_REG_PC, KBASE + 8);
		tm_set(&t, CP0(13, 0), 0);
		tm_run(&t, 10);
		if (i < 2) {
			CHECK_EQ(tm_reg(&t, S1), 1);
		} else {
			CHECK_EQ(tm_reg(&t, S1), 0);
			CHECK_EQ(CAUSE_CODE(tm_reg(&t, CP0(13, 0))), EXC_CPU);
		}
		tm_free(&t);
	}
}

TEST_MAIN("cpu_cache", T(tag_probe_geometry), T(linux_scache_probe),
	  T(uncached_stores), T(smc_store), T(dma_and_cache_invalidate),
	  T(fpu_unusable))
