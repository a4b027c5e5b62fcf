/* CPU models: everything that differs between the MIPS CPUs we run, as a
 * table (vmm/cpu/models.c). Both backends (soft CPU and kernel/ VZ) take
 * a model; boards pick a default and the config may override it. */
#ifndef MIPSVZ_CPU_MODEL_H
#define MIPSVZ_CPU_MODEL_H

#include <stdbool.h>
#include <stdint.h>

enum isa_level {
	ISA_MIPS3,	/* R4000, R4400, R4600 */
	ISA_MIPS4,	/* R5000, RM5200, RM7000, R10000, R12000 */
	ISA_MIPS32R2,	/* 4Kc/24Kf/34Kf */
	ISA_MIPS64R2,	/* 5KEf, MIPS64R2-generic */
};

struct cache_geom {
	uint32_t size;		/* bytes; 0 = absent */
	uint16_t line;		/* bytes */
	uint8_t ways;
};

/* Behaviour switches that are not implied by the ISA level. */
enum cpu_flags {
	CPU_R4K_CP0 = 1u << 0,	/* R4000-style CP0: no EBase/IntCtl/... */
	CPU_R10K = 1u << 1,	/* R10000 family: FrameMask, Diagnostic,
				 * 64-entry TLB, different cache ops */
	CPU_COUNT_HALF = 1u << 2,	/* Count ticks every other cycle */
	CPU_FPU_DENORM_TRAP = 1u << 3,	/* denormals raise Unimplemented */
	CPU_LLSC_ON_ERET = 1u << 4,	/* ERET clears LLbit (all do; spare) */
	CPU_MIPS32R1 = 1u << 5,	/* MIPS32 Release 1 only (4Kc): the R2
				 * instructions and CP0 registers are RI */
	CPU_HAS_WAIT = 1u << 6,	/* WAIT exists (R4600/R5000 and later) */
	CPU_LWR_SEXT = 1u << 7,	/* partial LWR sign-extends (R5000) */
};

struct cpu_model {
	const char *name;
	const char *desc;
	enum isa_level isa;
	bool is64;		/* 64-bit registers and address space */
	uint32_t prid;
	uint32_t config[4];	/* Config0..Config3 reset values */
	uint32_t fir;		/* FPU implementation register; 0 = no FPU */
	unsigned tlb_entries;	/* JTLB entry pairs */
	struct cache_geom icache, dcache, scache;
	uint64_t clock_hz;	/* default pipeline clock */
	unsigned flags;
	uint8_t pabits;		/* physical address bits */
	uint8_t segbits;	/* implemented bits of a 64-bit segment */
};

/* NULL-terminated-free lookup: NULL when the name is unknown. */
const struct cpu_model *cpu_model_find(const char *name);
/* All models, for --list-cpus; *n gets the count. */
const struct cpu_model *cpu_model_list(unsigned *n);

#endif
