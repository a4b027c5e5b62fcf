/* Internals of the soft CPU, shared by the vmm/cpu C files only (docs/cpu.md).
 *
 * Execution model: guest code is decoded once per physical page into an
 * array of `struct dop` (handler + extracted fields), lazily: every slot
 * starts as op_decode and rewrites itself on first use. A handler returns
 * the next dop to run, so straight-line code is `d + 1`, a branch inside
 * the page is an index, and only page crossings and exceptions look the
 * target up. The dop being run always belongs to cpu->cur_page, which is
 * how a handler finds its own PC (cur_vbase + index * 4). Branches run
 * their delay slot themselves with in_ds set, so an exception there gets
 * EPC = the branch and Cause.BD. */
#ifndef MIPSVZ_CPU_SOFT_INT_H
#define MIPSVZ_CPU_SOFT_INT_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "fpu.h"
#include "soft.h"

#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

struct soft_cpu;
struct dop;
typedef struct dop *(*dop_fn)(struct soft_cpu *c, struct dop *d);

/* 24 bytes. lbl is where interp.c runs the op (its inline body, or the
 * label that calls op_fns[op]); the two always change together. */
struct dop {
	const void *lbl;
	int32_t imm;		/* sign- or zero-extended immediate/offset */
	uint8_t rs, rt, rd, sa;	/* rd/rt as destinations: 0 mapped to 32 */
	uint32_t insn;
	uint16_t idx;		/* slot in its page: the PC without a divide */
	uint8_t op;		/* enum op_id (ops.h) */
};

/* Handlers by op id (decode.c). */
extern const dop_fn op_fns[];

static inline struct dop *dop_call(struct soft_cpu *c, struct dop *d)
{
	return op_fns[d->op](c, d);
}

#define DPAGE_SHIFT 12
#define DPAGE_SIZE (1u << DPAGE_SHIFT)
#define DPAGE_INSNS (DPAGE_SIZE / 4)

/* Decoded code for one 4 KiB physical page in one byte order. */
struct dpage {
	uint64_t key;		/* ppn << 1 | swap */
	const uint8_t *host;
	bool swap;
	struct dpage *next;	/* hash chain */
	struct dop ops[DPAGE_INSNS + 1];	/* + page-end sentinel */
};

#define DHASH_SIZE 4096
#define DPAGE_LIMIT 4096	/* decoded pages before a full flush */

/* Software TLB: virtual page -> host address (va + addend). Separate
 * read and write sides; write entries exist only for RAM pages without
 * decoded code, so stores to code always take the slow path. One set per
 * privilege level so exceptions and ERET need not flush. */
#define STLB_BITS 9
#define STLB_N (1u << STLB_BITS)
#define ITLB_N 256
/* Never matches: lookups compare against va with bits 11..3 clear. */
#define STLB_INVALID (~0ull)

struct stlb_ent {
	uint64_t tag;
	uint64_t addend;
};

struct itlb_ent {
	uint64_t tag;
	struct dpage *page;
};

struct stlb_set {
	struct stlb_ent r[STLB_N], w[STLB_N];
	struct itlb_ent i[ITLB_N];
	unsigned key;		/* mode bits this set was filled under */
};

struct tlb_ent {
	uint64_t hi;		/* R | VPN2 | ASID */
	uint64_t lo[2];
	uint64_t mask;		/* PageMask */
	bool g;
};

/* Modelled cache tags (docs/cpu.md "CACHE"): lines never written by
 * Index_Store_Tag read back a synthesised valid tag. */
struct cache_tags {
	uint32_t lines, line, ways, way_size;
	uint64_t *tag;		/* TagLo | TagHi << 32 */
	uint8_t *written;
};

enum mem_access { ACC_LOAD, ACC_STORE, ACC_FETCH };

struct soft_cpu {
	struct vcpu vcpu;	/* first: the generic handle */
	const struct cpu_model *model;
	struct bus *bus;
	struct vclock *clock;
	pthread_mutex_t *lock;	/* machine lock, may be NULL */

	/* --- hot state --- */
	uint64_t gpr[33];	/* [32] swallows writes to $zero */
	uint64_t hi, lo;
	uint64_t icount;
	uint64_t slice_end;	/* written by other threads: kick */
	struct dpage *cur_page;
	uint64_t cur_vbase;
	struct stlb_set *set;	/* the current privilege level's */
	bool swap;		/* data byte order differs from the host's */
	bool in_ds;
	bool ops64;		/* 64-bit operations enabled */
	bool cu1;		/* Status.CU1 and an FPU */
	bool llbit;
	uint8_t ksu;		/* 0 kernel, 1 supervisor, 2 user (effective) */
	uint64_t ds_branch_pc;
	uint64_t pc;		/* valid between slices */

	/* --- CP0 --- */
	uint64_t status, cause, epc, errorepc, badvaddr;
	uint64_t entryhi, entrylo[2], pagemask, context, xcontext;
	uint32_t index, wired;
	uint64_t count_offset;	/* Count = ticks(now) + count_offset */
	uint32_t compare;
	bool timer_pending;	/* Cause.TI */
	bool cmp_dirty;		/* Compare timer needs re-arming */
	/* Guest time of the next Count == Compare match: Cause reads see
	 * IP7 from that instant on, even before the timer callback runs
	 * (Linux's c0_compare_int_usable() allows only a few dozen counts). */
	uint64_t cmp_match_ns;
	uint32_t config[4];
	uint64_t lladdr;
	uint64_t watchlo, watchhi;
	uint64_t taglo, taghi, datalo, datahi, ecc, cacheerr;
	uint64_t ebase, intctl, srsctl, hwrena, userlocal;
	uint64_t framemask, diag, perf[4];
	uint64_t cp0_other[32][8];	/* registers kept as plain storage */
	uint32_t irq_lines;	/* atomic: set_irq inputs 0..5 */
	uint64_t count_rate;	/* Count ticks per second */
	uint32_t status_mask;	/* writable Status bits */
	uint32_t index_mask;
	unsigned random_seq;
	struct timer cmp_timer;

	struct tlb_ent *tlb;
	unsigned ntlb;
	uint64_t vpn2_mask;	/* EntryHi VPN2 bits for this model */
	uint64_t pfn_mask;	/* EntryLo PFN field, in place */

	struct fpu fpu;

	/* --- decoded code and soft TLB --- */
	struct stlb_set sets[3];
	struct dpage *dhash[DHASH_SIZE];
	unsigned ndpages;
	bool flush_pending;	/* full decode flush at next slice */
	uint64_t bus_gen;

	struct cache_tags ctag[3];	/* I, D, secondary */

	/* --- run control --- */
	int kick;		/* atomic */
	bool stop_req;		/* atomic */
	int nmi_req;		/* atomic: 1 NMI, 2 soft reset */
	bool user_mode;
	bool big_endian;	/* guest byte order (Config.BE) */
	bool waiting;		/* in WAIT */
	bool fatal;
	unsigned vec_depth;
	struct soft_exc *exc_out;
	bool exc_stop;		/* user mode: exception recorded */
	struct soft_exc exc;
	pthread_t thread;
	bool thread_set;
	pthread_mutex_t wait_mu;
	pthread_cond_t wait_cv;
	/* DMA invalidations from other threads, applied between slices */
	pthread_mutex_t inval_mu;
	uint64_t inval_lo, inval_hi;
	bool inval_any;
	uint64_t next_deadline;	/* cached vclock_next_deadline */
	struct dop stop_dop;
	const void *const *labels;	/* interp.c's, by op id */
	struct dop far_dop;	/* interp.c: "jump to another page" */
};

/* Status bits. */
#define ST_IE (1u << 0)
#define ST_EXL (1u << 1)
#define ST_ERL (1u << 2)
#define ST_KSU (3u << 3)
#define ST_UX (1u << 5)
#define ST_SX (1u << 6)
#define ST_KX (1u << 7)
#define ST_IM (0xffu << 8)
#define ST_NMI (1u << 19)
#define ST_SR (1u << 20)
#define ST_TS (1u << 21)
#define ST_BEV (1u << 22)
#define ST_RE (1u << 25)
#define ST_FR (1u << 26)
#define ST_CU0 (1u << 28)
#define ST_CU1 (1u << 29)
#define ST_CU2 (1u << 30)
#define ST_CU3 (1u << 31)

#define CAUSE_BD (1ull << 31)
#define CAUSE_TI (1u << 30)
#define CAUSE_CE_SHIFT 28
#define CAUSE_IV (1u << 23)
#define CAUSE_IP_SW 0x300u

static inline int64_t sext32(uint64_t v)
{
	return (int64_t)(int32_t)v;
}

static inline bool cpu_is_r2(const struct soft_cpu *c)
{
	return (c->model->isa == ISA_MIPS32R2 ||
		c->model->isa == ISA_MIPS64R2) &&
	       !(c->model->flags & CPU_MIPS32R1);
}

static inline bool cpu_is_mips32ish(const struct soft_cpu *c)
{
	return c->model->isa == ISA_MIPS32R2 || c->model->isa == ISA_MIPS64R2;
}

static inline uint64_t dop_pc(const struct soft_cpu *c, const struct dop *d)
{
	return c->cur_vbase + (uint64_t)d->idx * 4;
}

static inline bool dop_is_sentinel(const struct dop *d)
{
	return d->idx == DPAGE_INSNS;
}

static inline void cpu_end_slice(struct soft_cpu *c)
{
	__atomic_store_n(&c->slice_end, 0, __ATOMIC_RELAXED);
}

/* Byte access to host memory in the guest's order (swap: it differs
 * from the host's). */
static inline __attribute__((always_inline)) uint64_t
host_ld_sw(const uint8_t *p, unsigned size, bool swap)
{
	switch (size) {
	case 1:
		return *p;
	case 2: {
		uint16_t v;

		memcpy(&v, p, 2);
		return swap ? __builtin_bswap16(v) : v;
	}
	case 4: {
		uint32_t v;

		memcpy(&v, p, 4);
		return swap ? __builtin_bswap32(v) : v;
	}
	default: {
		uint64_t v;

		memcpy(&v, p, 8);
		return swap ? __builtin_bswap64(v) : v;
	}
	}
}

static inline __attribute__((always_inline)) void
host_st_sw(uint8_t *p, unsigned size, uint64_t v, bool swap)
{
	switch (size) {
	case 1:
		*p = v;
		break;
	case 2: {
		uint16_t x = swap ? __builtin_bswap16(v) : v;

		memcpy(p, &x, 2);
		break;
	}
	case 4: {
		uint32_t x = swap ? __builtin_bswap32(v) : v;

		memcpy(p, &x, 4);
		break;
	}
	default: {
		uint64_t x = swap ? __builtin_bswap64(v) : v;

		memcpy(p, &x, 8);
		break;
	}
	}
}

static inline uint64_t host_ld(const struct soft_cpu *c, const uint8_t *p,
			       unsigned size)
{
	return host_ld_sw(p, size, c->swap);
}

static inline void host_st(const struct soft_cpu *c, uint8_t *p,
			   unsigned size, uint64_t v)
{
	host_st_sw(p, size, v, c->swap);
}

/* exc.c: exceptions. Each returns the dop to continue at. */
struct dop *cpu_raise(struct soft_cpu *c, uint64_t pc, enum mips_exc code);
struct dop *cpu_raise_tlb(struct soft_cpu *c, uint64_t pc,
			  enum mips_exc code, bool refill, bool xtlb);
struct dop *cpu_raise_d(struct soft_cpu *c, struct dop *d,
			enum mips_exc code);
struct dop *cpu_raise_cpu(struct soft_cpu *c, struct dop *d, unsigned unit);
struct dop *cpu_raise_addr(struct soft_cpu *c, uint64_t pc, uint64_t va,
			   enum mips_exc code);
struct dop *cpu_raise_ri(struct soft_cpu *c, struct dop *d);
struct dop *cpu_take_interrupt(struct soft_cpu *c);
struct dop *cpu_eret(struct soft_cpu *c, struct dop *d);
void cpu_reset_exception(struct soft_cpu *c, bool nmi, bool soft);
uint32_t cpu_pending_irqs(const struct soft_cpu *c);

/* cp0.c */
void cp0_reset(struct soft_cpu *c);
void cp0_mode_update(struct soft_cpu *c);
bool cp0_read(struct soft_cpu *c, unsigned reg, unsigned sel, uint64_t *v);
void cp0_write(struct soft_cpu *c, unsigned reg, unsigned sel, uint64_t v);
uint32_t cp0_count(struct soft_cpu *c);
void cp0_compare_arm(struct soft_cpu *c);
void cp0_compare_arm_now(struct soft_cpu *c);
uint32_t cp0_random(struct soft_cpu *c);
uint64_t cp0_cause(const struct soft_cpu *c);

/* tlb.c: MMU */
/* Translate va for an access; on failure raises the exception and
 * returns it (pc is the faulting instruction's). *dirty_ok says whether
 * a store through the mapping may be cached in the soft TLB. */
struct dop *mmu_translate(struct soft_cpu *c, uint64_t pc, uint64_t va,
			  enum mem_access acc, uint64_t *pa, bool *dirty_ok);
void tlb_probe(struct soft_cpu *c);
void tlb_read(struct soft_cpu *c);
struct dop *tlb_write(struct soft_cpu *c, struct dop *d, unsigned idx);
void stlb_flush_all(struct soft_cpu *c);
void stlb_flush_range(struct soft_cpu *c, uint64_t lo, uint64_t hi);
void stlb_drop_host_page(struct soft_cpu *c, uint64_t ppn);
void tlb_reset(struct soft_cpu *c);

/* mem.c: loads and stores beyond the soft TLB */
struct dop *mem_read_slow(struct soft_cpu *c, struct dop *d, uint64_t va,
			  unsigned size, uint64_t *v, enum mem_access acc);
struct dop *mem_write_slow(struct soft_cpu *c, struct dop *d, uint64_t va,
			   unsigned size, uint64_t v);

static inline struct dop *mem_read(struct soft_cpu *c, struct dop *d,
				   uint64_t va, unsigned size, uint64_t *v)
{
	const struct stlb_ent *e = &c->set->r[(va >> 12) & (STLB_N - 1)];

	/* One compare: a misaligned va keeps low bits the tag never has. */
	if (likely(e->tag == (va & (~0xfffull | (size - 1))))) {
		*v = host_ld(c, (const uint8_t *)(uintptr_t)(va + e->addend),
			     size);
		return NULL;
	}
	return mem_read_slow(c, d, va, size, v, ACC_LOAD);
}

static inline struct dop *mem_write(struct soft_cpu *c, struct dop *d,
				    uint64_t va, unsigned size, uint64_t v)
{
	const struct stlb_ent *e = &c->set->w[(va >> 12) & (STLB_N - 1)];

	if (likely(e->tag == (va & (~0xfffull | (size - 1))))) {
		host_st(c, (uint8_t *)(uintptr_t)(va + e->addend), size, v);
		return NULL;
	}
	return mem_write_slow(c, d, va, size, v);
}

/* code.c: decoded pages */
struct dop *code_lookup(struct soft_cpu *c, uint64_t pc);
struct dop *code_lookup_ds(struct soft_cpu *c, uint64_t pc);
void code_invalidate(struct soft_cpu *c, uint64_t pa, uint64_t len);
void code_flush_all(struct soft_cpu *c);
bool code_page_has_code(struct soft_cpu *c, uint64_t ppn);
struct dop *op_decode(struct soft_cpu *c, struct dop *d);
struct dop *op_page_end(struct soft_cpu *c, struct dop *d);
void dop_set(struct soft_cpu *c, struct dop *d, unsigned op);

/* decode.c */
void decode_insn(struct soft_cpu *c, struct dop *d, uint32_t insn);

/* cache.c */
int cache_init(struct soft_cpu *c);
void cache_free(struct soft_cpu *c);
struct dop *op_cache(struct soft_cpu *c, struct dop *d);

/* interp.c: the threaded interpreter. Runs from d until the slice ends
 * (checked at block ends); with exact, stops early enough that the
 * caller can finish the slice one instruction at a time. With d NULL it
 * only sets c->labels. */
#define INTERP_MAX_RUN (DPAGE_INSNS + 2)
struct dop *interp_run(struct soft_cpu *c, struct dop *d, bool exact);

/* Branch helper (branch.c): run the delay slot, then go to target. */
struct dop *branch_taken(struct soft_cpu *c, struct dop *d, uint64_t pc,
			 uint64_t target);
struct dop *branch_ds_only(struct soft_cpu *c, struct dop *d, uint64_t pc);

#endif
