/* The CPU model table: PRId, Config0-3, FIR, TLB size, cache geometry
 * and clock of every MIPS CPU we run (see docs/cpu.md for sources).
 *
 * Facts: PRId implementation numbers and the Config field layouts from
 * the R4000/R4400 User's Manual (Config, ch. 4), the R10000 User's Manual
 * (Config differs: IC 31:29, DC 28:26, SS 18:16, SB 13), the MIPS32/64
 * PRA (Config1 MMU/IS/IL/IA/DS/DL/DA), Linux's cpu-probe.c (how each
 * field is decoded) and SGI machines' reported values (SGI-FACTS 6.7:
 * R4400 rev 6.0 PRId 0x0460 Config 0x20C1C483, R5000 0x2310 Config
 * 0x1043E6F3). Config0.BE is set at reset from the guest byte order. */
#include "model.h"

#include <stddef.h>
#include <strings.h>

/* R4000-style Config0: EC 30:28, SB 23:22, SC 17 (1 = no L2), IC 11:9 and
 * DC 8:6 (size = 4 KiB << n), IB 5 / DB 4 (32-byte lines when set),
 * K0 2:0. */
#define R4K_CFG(ec, sb, sc_absent, ic, dc, ib, db)                           \
	(((uint32_t)(ec) << 28) | ((uint32_t)(sb) << 22) |                   \
	 ((uint32_t)(sc_absent) << 17) | ((ic) << 9) | ((dc) << 6) |         \
	 ((ib) << 5) | ((db) << 4) | 3)

/* R10000 Config: IC 31:29, DC 28:26 (4 KiB << n), SS 18:16 (512 KiB << n),
 * SB 13 (128-byte L2 lines), K0 2:0. */
#define R10K_CFG(ic, dc, ss, sb)                                             \
	(((uint32_t)(ic) << 29) | ((uint32_t)(dc) << 26) |                   \
	 ((uint32_t)(ss) << 16) | ((uint32_t)(sb) << 13) | 3)

/* MIPS32/64 Config0: M 31, AT 14:13 (2 = MIPS64 with 64-bit segments),
 * AR 12:10 (1 = Release 2), MT 9:7 (1 = standard TLB), K0 2:0 = 2. */
#define M_CFG0(at, ar) ((1u << 31) | ((at) << 13) | ((ar) << 10) |         \
			(1u << 7) | 2)
/* Config1: M 31, MMU size-1 30:25, IS 24:22 (64 << n sets), IL 21:19
 * (2 << n bytes), IA 18:16 (n+1 ways), DS/DL/DA 15:7, C2 6, MD 5, PC 4,
 * WR 3, CA 2, EP 1, FP 0. */
#define M_CFG1(tlb, is, il, ia, ds, dl, da, pc, wr, fp)                      \
	((1u << 31) | ((uint32_t)((tlb) - 1) << 25) | ((is) << 22) |         \
	 ((il) << 19) | ((ia) << 16) | ((ds) << 13) | ((dl) << 10) |         \
	 ((da) << 7) | ((pc) << 4) | ((wr) << 3) | (1u << 1) | (fp))
#define M_CFG2 (1u << 31)

/* FIR for MIPS32/64 FPUs: F64 22, L 21, W 20, D 17, S 16, PRId 15:8. */
#define FIR_R2(imp) ((1u << 22) | (1u << 21) | (1u << 20) | (1u << 17) |     \
		     (1u << 16) | ((imp) << 8))

static const struct cpu_model models[] = {
	{
		.name = "R4000", .desc = "MIPS R4000SC (MIPS III), IP22",
		.isa = ISA_MIPS3, .is64 = true, .prid = 0x0430,
		.config = { R4K_CFG(1, 1, 0, 1, 1, 0, 0) },
		.fir = 0x0500, .tlb_entries = 48,
		.icache = { 8192, 16, 1 }, .dcache = { 8192, 16, 1 },
		.scache = { 1 << 20, 32, 1 },
		.clock_hz = 100000000,
		.flags = CPU_R4K_CP0 | CPU_COUNT_HALF | CPU_FPU_DENORM_TRAP,
		.pabits = 36, .segbits = 40,
	},
	{
		.name = "R4400", .desc = "MIPS R4400SC rev 6.0 (MIPS III), IP22",
		.isa = ISA_MIPS3, .is64 = true, .prid = 0x0460,
		.config = { 0x20C1C483 & ~(1u << 15) },
		.fir = 0x0500, .tlb_entries = 48,
		.icache = { 16384, 16, 1 }, .dcache = { 16384, 16, 1 },
		.scache = { 1 << 20, 128, 1 },
		.clock_hz = 150000000,
		.flags = CPU_R4K_CP0 | CPU_COUNT_HALF | CPU_FPU_DENORM_TRAP,
		.pabits = 36, .segbits = 40,
	},
	{
		.name = "R4600", .desc = "QED R4600 Orion (MIPS III), IP22",
		.isa = ISA_MIPS3, .is64 = true, .prid = 0x2020,
		.config = { R4K_CFG(1, 0, 1, 2, 2, 1, 1) },
		.fir = 0x2020, .tlb_entries = 48,
		.icache = { 16384, 32, 2 }, .dcache = { 16384, 32, 2 },
		.clock_hz = 133000000,
		.flags = CPU_R4K_CP0 | CPU_COUNT_HALF | CPU_FPU_DENORM_TRAP |
			 CPU_HAS_WAIT,
		.pabits = 36, .segbits = 40,
	},
	{
		.name = "R5000", .desc = "MIPS R5000 (MIPS IV), IP22/IP32",
		.isa = ISA_MIPS4, .is64 = true, .prid = 0x2310,
		.config = { 0x1043E6F3 & ~(1u << 15) },
		.fir = 0x2310, .tlb_entries = 48,
		.icache = { 32768, 32, 2 }, .dcache = { 32768, 32, 2 },
		.clock_hz = 180000000,
		.flags = CPU_R4K_CP0 | CPU_COUNT_HALF | CPU_FPU_DENORM_TRAP |
			 CPU_HAS_WAIT | CPU_LWR_SEXT,
		.pabits = 36, .segbits = 40,
	},
	{
		.name = "RM5200", .desc = "QED RM5200 Nevada (MIPS IV), IP32",
		.isa = ISA_MIPS4, .is64 = true, .prid = 0x2820,
		.config = { R4K_CFG(1, 0, 1, 3, 3, 1, 1) },
		.fir = 0x2820, .tlb_entries = 48,
		.icache = { 32768, 32, 2 }, .dcache = { 32768, 32, 2 },
		.clock_hz = 300000000,
		.flags = CPU_R4K_CP0 | CPU_COUNT_HALF | CPU_FPU_DENORM_TRAP |
			 CPU_HAS_WAIT | CPU_LWR_SEXT,
		.pabits = 36, .segbits = 40,
	},
	{
		.name = "RM7000", .desc = "PMC-Sierra RM7000 (MIPS IV), IP32",
		.isa = ISA_MIPS4, .is64 = true, .prid = 0x2720,
		/* The on-chip 256 KiB L2 is sized by Linux's rm7k code, not by
		 * Config.SC, which reads as "no board cache". */
		.config = { R4K_CFG(1, 0, 1, 2, 2, 1, 1) },
		.fir = 0x2720, .tlb_entries = 48,
		.icache = { 16384, 32, 4 }, .dcache = { 16384, 32, 4 },
		.scache = { 262144, 32, 4 },
		.clock_hz = 350000000,
		.flags = CPU_R4K_CP0 | CPU_COUNT_HALF | CPU_FPU_DENORM_TRAP |
			 CPU_HAS_WAIT | CPU_LWR_SEXT,
		.pabits = 36, .segbits = 40,
	},
	{
		.name = "R10000", .desc = "MIPS R10000 rev 2.6 (MIPS IV), IP27/IP28/IP30",
		.isa = ISA_MIPS4, .is64 = true, .prid = 0x0926,
		.config = { R10K_CFG(3, 3, 1, 1) },
		.fir = 0x0900, .tlb_entries = 64,
		.icache = { 32768, 64, 2 }, .dcache = { 32768, 32, 2 },
		.scache = { 1 << 20, 128, 2 },
		.clock_hz = 195000000,
		.flags = CPU_R4K_CP0 | CPU_R10K | CPU_COUNT_HALF,
		.pabits = 40, .segbits = 44,
	},
	{
		.name = "R12000", .desc = "MIPS R12000 rev 2.3 (MIPS IV), IP27/IP30",
		.isa = ISA_MIPS4, .is64 = true, .prid = 0x0e23,
		.config = { R10K_CFG(3, 3, 2, 1) },
		.fir = 0x0e00, .tlb_entries = 64,
		.icache = { 32768, 64, 2 }, .dcache = { 32768, 32, 2 },
		.scache = { 2 << 20, 128, 2 },
		.clock_hz = 300000000,
		.flags = CPU_R4K_CP0 | CPU_R10K | CPU_COUNT_HALF,
		.pabits = 40, .segbits = 44,
	},
	{
		.name = "4Kc", .desc = "MIPS 4Kc (MIPS32 R1, no FPU)",
		.isa = ISA_MIPS32R2, .is64 = false, .prid = 0x00018001,
		.config = { M_CFG0(0, 0),
			    M_CFG1(16, 2, 3, 3, 2, 3, 3, 0, 1, 0),
			    M_CFG2, 0 },
		.fir = 0, .tlb_entries = 16,
		.icache = { 16384, 16, 4 }, .dcache = { 16384, 16, 4 },
		.clock_hz = 80000000,
		.flags = CPU_COUNT_HALF | CPU_MIPS32R1 | CPU_HAS_WAIT,
		.pabits = 32, .segbits = 32,
	},
	{
		.name = "24Kf", .desc = "MIPS 24Kf (MIPS32 R2 + FPU), Malta default",
		.isa = ISA_MIPS32R2, .is64 = false, .prid = 0x00019300,
		.config = { M_CFG0(0, 1),
			    M_CFG1(32, 2, 4, 3, 2, 4, 3, 0, 1, 1),
			    M_CFG2, 0 },
		.fir = FIR_R2(0x93), .tlb_entries = 32,
		.icache = { 32768, 32, 4 }, .dcache = { 32768, 32, 4 },
		.clock_hz = 200000000,
		.flags = CPU_COUNT_HALF | CPU_HAS_WAIT,
		.pabits = 32, .segbits = 32,
	},
	{
		/* The MT and DSP ASEs are not emulated, so Config3 does not
		 * announce them (Linux would then drive MVPControl). */
		.name = "34Kf", .desc = "MIPS 34Kf (MIPS32 R2 + FPU; no MT/DSP)",
		.isa = ISA_MIPS32R2, .is64 = false, .prid = 0x00019500,
		.config = { M_CFG0(0, 1),
			    M_CFG1(64, 2, 4, 3, 2, 4, 3, 0, 1, 1),
			    M_CFG2, 1u << 5 /* VInt */ },
		.fir = FIR_R2(0x95), .tlb_entries = 64,
		.icache = { 32768, 32, 4 }, .dcache = { 32768, 32, 4 },
		.clock_hz = 500000000,
		.flags = CPU_COUNT_HALF | CPU_HAS_WAIT,
		.pabits = 32, .segbits = 32,
	},
	{
		.name = "5KEf", .desc = "MIPS 5KEf (MIPS64 R2 + FPU)",
		.isa = ISA_MIPS64R2, .is64 = true, .prid = 0x00018900,
		.config = { M_CFG0(2, 1),
			    M_CFG1(32, 2, 4, 3, 2, 4, 3, 1, 1, 1),
			    M_CFG2, 0 },
		.fir = FIR_R2(0x89), .tlb_entries = 32,
		.icache = { 32768, 32, 4 }, .dcache = { 32768, 32, 4 },
		.clock_hz = 200000000,
		.flags = CPU_COUNT_HALF | CPU_HAS_WAIT,
		.pabits = 36, .segbits = 40,
	},
	{
		/* Config3.ULRI (bit 13): UserLocal is present. */
		.name = "MIPS64R2-generic",
		.desc = "generic MIPS64 R2 + FPU (QEMU's model)",
		.isa = ISA_MIPS64R2, .is64 = true, .prid = 0x00010000,
		.config = { M_CFG0(2, 1),
			    M_CFG1(64, 2, 4, 3, 2, 4, 3, 1, 1, 1),
			    M_CFG2, 1u << 13 },
		.fir = FIR_R2(0) | (1u << 19) | (1u << 18),
		.tlb_entries = 64,
		.icache = { 32768, 32, 4 }, .dcache = { 32768, 32, 4 },
		.clock_hz = 200000000,
		.flags = CPU_COUNT_HALF | CPU_HAS_WAIT,
		.pabits = 36, .segbits = 40,
	},
};

const struct cpu_model *cpu_model_find(const char *name)
{
	if (!name)
		return NULL;
	for (size_t i = 0; i < sizeof(models) / sizeof(models[0]); i++)
		if (!strcasecmp(models[i].name, name))
			return &models[i];
	return NULL;
}

const struct cpu_model *cpu_model_list(unsigned *n)
{
	*n = sizeof(models) / sizeof(models[0]);
	return models;
}
