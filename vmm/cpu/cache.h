/* Soft CPU: the cached and the uncached view of memory (cache.c).
 *
 * Uncached accesses bypass the caches (R4000 User's Manual: uncached
 * loads and stores go to memory and neither look up nor update the
 * primary or secondary cache) and the data caches are write-back. So an
 * uncached store to a line that is resident changes memory but not what
 * cached loads of the line return, until the line is written back or
 * invalidated (docs/hw/cpu.md: Linux's run_uncached depends on it).
 * Guest RAM holds memory; cache.c keeps the cached contents of such
 * "held" lines, and pages with held lines stay out of the soft TLB so
 * that their cached accesses come through mem.c to here. */
#ifndef MIPSVZ_CPU_CACHE_H
#define MIPSVZ_CPU_CACHE_H

#include <stddef.h>

#include "soft_int.h"

/* tlb.c: va (which mmu_translate accepted) is accessed uncached, cache
 * attribute 2: kseg1, kseg0 with Config.K0 = 2, xkphys with CCA 2, a
 * mapped page with EntryLo.C = 2, kuseg under ERL. */
bool mmu_uncached(struct soft_cpu *c, uint64_t va);
/* tlb.c: drop the soft TLB read and write entries of a host page. */
void stlb_drop_host_page_rw(struct soft_cpu *c, uint64_t host_page);

#define CACHE_HOLD_N 64

struct cache_hold_line {
	uint64_t pa;		/* line address; ~0: free */
	bool dirty;		/* a cached store hit it while held */
	uint8_t data[128];	/* the cache's contents */
};

struct cache_hold {
	unsigned n, next;	/* lines in use, next to replace */
	unsigned line;		/* line size of the outermost data cache */
	bool swept;		/* an Index op ran since the last check */
	struct cache_hold_line l[CACHE_HOLD_N];
};

/* The held lines are allocated in front of the primary D tag array, so
 * that struct soft_cpu needs no field of its own (soft_int.h). */
struct cache_dtags {
	struct cache_hold hold;
	uint64_t tag[];
};

static inline struct cache_hold *cache_hold_of(const struct soft_cpu *c)
{
	uint64_t *tag = c->ctag[1].tag;

	return tag ? &((struct cache_dtags *)(void *)((char *)tag -
		     offsetof(struct cache_dtags, tag)))->hold : NULL;
}

/* The page of pa has held lines. */
static inline bool cache_page_held(const struct soft_cpu *c, uint64_t pa)
{
	const struct cache_hold *h = cache_hold_of(c);

	if (likely(!h || !h->n))
		return false;
	for (unsigned i = 0; i < CACHE_HOLD_N; i++)
		if (h->l[i].pa != ~0ull && h->l[i].pa >> 12 == pa >> 12)
			return true;
	return false;
}

bool cache_held_load_slow(struct soft_cpu *c, uint64_t va, uint64_t pa,
			  const uint8_t *host_page, unsigned size,
			  uint64_t *v);

/* mem.c, for a data load from the RAM page host_page: true if it was a
 * cached load from a page with held lines, done here (*v). */
static inline bool cache_held_load(struct soft_cpu *c, uint64_t va,
				   uint64_t pa, const uint8_t *host_page,
				   unsigned size, uint64_t *v)
{
	const struct cache_hold *h = cache_hold_of(c);

	if (likely(!h || !h->n))
		return false;
	return cache_held_load_slow(c, va, pa, host_page, size, v);
}

/* mem.c, before a store to the RAM page host_page: returns the base to
 * store at (+ (va & 0xfff)): the held line's copy for a cached store to
 * a held line, else host_page. An uncached store first holds the line's
 * cached contents if the line is resident. */
uint8_t *cache_store_base(struct soft_cpu *c, uint64_t va, uint64_t pa,
			  uint8_t *host_page);

#endif
