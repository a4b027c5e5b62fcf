/* Soft CPU CACHE instruction and what it acts on: the tag arrays, and
 * the lines uncached stores have made differ from memory (cache.h).
 *
 * Cache data is otherwise not modelled (memory is coherent), but every
 * op is accepted and the tag arrays are, because firmware and kernels
 * size caches by probing tags (SGI-FACTS 5.3.2: Linux's probe_scache
 * stores a zero tag at index 0 with Index_Store_Tag_SD and walks
 * Index_Load_Tag_SD at power-of-two offsets until TagLo reads 0; IRIX
 * does likewise). Lines never written read back a synthesised valid,
 * non-zero tag, so the walk stops exactly at the modelled size.
 *
 * Op encoding (R4000 manual, CACHE): bits 1:0 the cache (0 I, 1 D, 2 SI,
 * 3 SD), bits 4:2 the operation (0 Index Invalidate/Writeback-Invalidate,
 * 1 Index Load Tag, 2 Index Store Tag, 4 Hit Invalidate, 5 Fill/Hit
 * Writeback-Invalidate, 6 Hit Writeback). Index ops select the way with
 * the address bits above one way (MIPS32 PRA), bit 0 on the R10000. */
#include <stdlib.h>

#include "cache.h"
#include "ops.h"

/* The primary D tags come with the held lines in front (cache.h). */
static int tags_init(struct cache_tags *t, const struct cache_geom *g,
		     bool dcache)
{
	if (!g->size || !g->line || !g->ways)
		return 0;
	t->line = g->line;
	t->ways = g->ways;
	t->way_size = g->size / g->ways;
	t->lines = g->size / g->line;
	if (dcache) {
		struct cache_dtags *d = calloc(1, sizeof(*d) +
					       t->lines * sizeof(*t->tag));

		t->tag = d ? d->tag : NULL;
	} else {
		t->tag = calloc(t->lines, sizeof(*t->tag));
	}
	t->written = calloc(t->lines, 1);
	return t->tag && t->written ? 0 : -1;
}

/* Held lines have the line size of the outermost data cache: the
 * secondary where the model has one, else the primary D. */
static void hold_init(struct soft_cpu *c)
{
	struct cache_hold *h = cache_hold_of(c);
	unsigned l = c->model->scache.line ? c->model->scache.line
					   : c->model->dcache.line;

	if (!h)
		return;
	h->line = l && l <= sizeof(h->l[0].data) ? l : 32;
	for (unsigned i = 0; i < CACHE_HOLD_N; i++)
		h->l[i].pa = ~0ull;
}

int cache_init(struct soft_cpu *c)
{
	const struct cpu_model *m = c->model;

	if (tags_init(&c->ctag[0], &m->icache, false) < 0 ||
	    tags_init(&c->ctag[1], &m->dcache, true) < 0 ||
	    tags_init(&c->ctag[2], &m->scache, false) < 0)
		return -1;
	hold_init(c);
	return 0;
}

void cache_free(struct soft_cpu *c)
{
	free(cache_hold_of(c));	/* the D tags' allocation */
	c->ctag[1].tag = NULL;
	for (int i = 0; i < 3; i++) {
		free(c->ctag[i].tag);
		free(c->ctag[i].written);
		c->ctag[i] = (struct cache_tags){ 0 };
	}
}

static struct cache_tags *which(struct soft_cpu *c, unsigned cache)
{
	struct cache_tags *t;

	if (cache == 0 || cache == 1)
		t = &c->ctag[cache];
	else if (cache == 3 || (c->model->flags & CPU_R4K_CP0))
		t = &c->ctag[2];	/* R4000 SI and SD share the L2 */
	else
		return NULL;
	return t->tag ? t : NULL;
}

static uint32_t slot_of(const struct soft_cpu *c, const struct cache_tags *t,
			uint64_t va)
{
	uint32_t way, sets = t->way_size / t->line;

	if (c->model->flags & CPU_R10K)
		way = va & 1;
	else
		way = (va / t->way_size) % t->ways;
	return way * sets + (uint32_t)((va % t->way_size) / t->line);
}

static uint64_t tag_get(const struct cache_tags *t, uint32_t slot)
{
	if (t->written[slot])
		return t->tag[slot];
	/* A valid line (R4000 PState/V bits 7:6) with a tag from its index. */
	return (((uint64_t)slot * t->line) >> 4 & ~0xffull) | 0xc0;
}

/* ---- Lines held by uncached stores (cache.h) ----
 *
 * Whether a line is resident cannot be known exactly: cached accesses
 * that hit the soft TLB are not seen. The evidence used is the kernel's
 * cached unmapped alias of the page being in the kernel's soft TLB: the
 * kernel has accessed the page cached since the soft TLB last dropped
 * it. CACHE operations on the outermost data cache drop that evidence
 * (Hit ops for their page at once, Index ops for every page at the next
 * uncached store). Held lines count as clean: replacing or invalidating
 * one leaves memory's contents; only cached stores made while it is held
 * are written back. Every error goes towards coherence, the behaviour
 * before this model existed. */

/* The kernel's cached unmapped aliases of pa's page: kseg0 while
 * Config.K0 caches, and on 64-bit models xkphys with CCA 3 and 5. */
static unsigned cached_aliases(const struct soft_cpu *c, uint64_t pa,
			       uint64_t va[3])
{
	uint64_t page = pa & ~0xfffull;
	unsigned n = 0;

	if ((c->config[0] & 7) != 2 && pa < 0x20000000ull)
		va[n++] = 0xffffffff80000000ull | page;
	if (c->model->is64) {
		va[n++] = 0x9800000000000000ull | page;
		va[n++] = 0xa800000000000000ull | page;
	}
	return n;
}

static bool is_cached_alias(const struct soft_cpu *c, uint64_t va)
{
	if (va >= 0xffffffff80000000ull && va < 0xffffffffa0000000ull)
		return (c->config[0] & 7) != 2;
	return c->model->is64 && va >> 62 == 2 &&
	       ((va >> 59 & 7) == 3 || (va >> 59 & 7) == 5);
}

static bool resident_evidence(struct soft_cpu *c, uint64_t pa,
			      uint64_t host_page)
{
	const struct stlb_set *k = &c->sets[0];
	uint64_t va[3];
	unsigned n = cached_aliases(c, pa, va);

	for (unsigned i = 0; i < n; i++) {
		const struct stlb_ent *r = &k->r[(va[i] >> 12) & (STLB_N - 1)];
		const struct stlb_ent *w = &k->w[(va[i] >> 12) & (STLB_N - 1)];

		if ((r->tag == va[i] && r->tag + r->addend == host_page) ||
		    (w->tag == va[i] && w->tag + w->addend == host_page))
			return true;
	}
	return false;
}

static void evidence_drop(struct soft_cpu *c, uint64_t pa)
{
	struct stlb_set *k = &c->sets[0];
	uint64_t va[3];
	unsigned n = cached_aliases(c, pa, va);

	for (unsigned i = 0; i < n; i++) {
		unsigned x = (va[i] >> 12) & (STLB_N - 1);

		if (k->r[x].tag == va[i])
			k->r[x].tag = STLB_INVALID;
		if (k->w[x].tag == va[i])
			k->w[x].tag = STLB_INVALID;
	}
}

static void evidence_drop_all(struct soft_cpu *c)
{
	struct stlb_set *k = &c->sets[0];

	for (unsigned i = 0; i < STLB_N; i++) {
		if (k->r[i].tag != STLB_INVALID &&
		    is_cached_alias(c, k->r[i].tag))
			k->r[i].tag = STLB_INVALID;
		if (k->w[i].tag != STLB_INVALID &&
		    is_cached_alias(c, k->w[i].tag))
			k->w[i].tag = STLB_INVALID;
	}
}

static int hold_find(const struct cache_hold *h, uint64_t pa)
{
	uint64_t line = pa & ~(uint64_t)(h->line - 1);

	for (unsigned i = 0; i < CACHE_HOLD_N; i++)
		if (h->l[i].pa == line)
			return (int)i;
	return -1;
}

/* The line leaves the cache: written back if a cached store dirtied it
 * and the operation writes back, else memory's contents stand. */
static void hold_release(struct soft_cpu *c, unsigned i, bool writeback)
{
	struct cache_hold *h = cache_hold_of(c);
	struct cache_hold_line *l = &h->l[i];

	if (writeback && l->dirty) {
		uint8_t *host = bus_host_ptr(c->bus, l->pa, h->line, NULL);

		if (host) {
			memcpy(host, l->data, h->line);
			code_invalidate(c, l->pa, h->line);
		}
	}
	l->pa = ~0ull;
	l->dirty = false;
	h->n--;
}

/* Where a cached access at pa in a held page goes: the line's copy if
 * held, else the RAM page. */
static uint8_t *held_base(struct cache_hold *h, uint64_t pa,
			  uint8_t *host_page, bool store)
{
	int i = hold_find(h, pa);

	if (i < 0)
		return host_page;
	if (store)
		h->l[i].dirty = true;
	return h->l[i].data - (pa & 0xfff & ~(uint64_t)(h->line - 1));
}

bool cache_held_load_slow(struct soft_cpu *c, uint64_t va, uint64_t pa,
			  const uint8_t *host_page, unsigned size, uint64_t *v)
{
	struct cache_hold *h = cache_hold_of(c);

	if (!cache_page_held(c, pa) || mmu_uncached(c, va))
		return false;
	*v = host_ld(c, held_base(h, pa, (uint8_t *)host_page, false) +
			(va & 0xfff), size);
	return true;
}

/* An uncached store to a line with evidence of being resident: keep what
 * the cache holds (memory's contents until now) before memory changes. */
static void hold_line(struct soft_cpu *c, uint64_t pa, uint8_t *host_page)
{
	struct cache_hold *h = cache_hold_of(c);
	uint64_t hp = (uint64_t)(uintptr_t)host_page;
	struct cache_hold_line *l;

	if (h->swept) {
		evidence_drop_all(c);
		h->swept = false;
	}
	if ((!resident_evidence(c, pa, hp) && !cache_page_held(c, pa)) ||
	    hold_find(h, pa) >= 0)
		return;
	l = &h->l[h->next];
	if (l->pa != ~0ull)
		hold_release(c, h->next, true);	/* replaced */
	h->next = (h->next + 1) % CACHE_HOLD_N;
	l->pa = pa & ~(uint64_t)(h->line - 1);
	memcpy(l->data, host_page + (l->pa & 0xfff), h->line);
	h->n++;
	stlb_drop_host_page_rw(c, hp);
}

uint8_t *cache_store_base(struct soft_cpu *c, uint64_t va, uint64_t pa,
			  uint8_t *host_page)
{
	struct cache_hold *h = cache_hold_of(c);

	if (!h)
		return host_page;
	if (mmu_uncached(c, va)) {
		hold_line(c, pa, host_page);
		return host_page;
	}
	return h->n ? held_base(h, pa, host_page, true) : host_page;
}

/* A CACHE operation on the outermost data cache (field 3, or 2 on the
 * R4000's shared L2, or 1 without an L2): held lines it reaches leave
 * the cache. kind as in OP(cache); hit: pa is the translated address. */
static void hold_cache_op(struct soft_cpu *c, unsigned op, uint64_t va,
			  uint64_t pa, bool hit)
{
	struct cache_hold *h = cache_hold_of(c);
	unsigned kind = op >> 2, field = op & 3;
	bool l2 = c->model->scache.size != 0;
	struct cache_tags *t = which(c, field);
	bool wb;

	if (!h || !t || (l2 ? field < 2 : field != 1))
		return;
	if (kind == 1 || kind == 3 || kind == 7)
		return;	/* Load Tag, Create Dirty Exclusive, Set Virtual */
	/* Index Writeback Invalidate (D/SD), Hit Writeback Invalidate and
	 * Hit Writeback write dirty lines back; Index Invalidate (SI),
	 * Index Store Tag and Hit Invalidate drop them. */
	wb = field != 2 && (kind == 0 || kind == 5 || kind == 6);
	if (hit)
		evidence_drop(c, pa);
	else
		h->swept = true;
	if (!h->n)
		return;
	for (unsigned i = 0; i < CACHE_HOLD_N; i++) {
		uint64_t lpa = h->l[i].pa;

		if (lpa == ~0ull)
			continue;
		if (hit ? ((lpa ^ pa) & ~(uint64_t)(h->line - 1)) != 0
			: slot_of(c, t, lpa) != slot_of(c, t, va))
			continue;
		hold_release(c, i, wb);
	}
}

OP(cache)
{
	unsigned op = d->sa, kind = op >> 2;
	uint64_t va = c->gpr[d->rs] + (int64_t)d->imm, pa;
	struct cache_tags *t = which(c, op & 3);
	struct dop *x;

	if (unlikely(c->ksu != 0 && !(c->status & ST_CU0)))
		return cpu_raise_cpu(c, d, 0);
	if (!c->model->is64)
		va = sext32(va);
	if (kind == 0 || kind == 2)
		hold_cache_op(c, op, va, 0, false);
	switch (kind) {
	case 0:	/* Index Invalidate / Writeback-Invalidate */
		if (t) {
			uint32_t s = slot_of(c, t, va);

			t->tag[s] = tag_get(t, s) & ~0xffull;
			t->written[s] = 1;
		}
		return d + 1;
	case 1:	/* Index Load Tag */
		if (t) {
			uint64_t v = tag_get(t, slot_of(c, t, va));

			c->taglo = (uint32_t)v;
			c->taghi = v >> 32;
		}
		return d + 1;
	case 2:	/* Index Store Tag */
		if (t) {
			uint32_t s = slot_of(c, t, va);

			t->tag[s] = (uint32_t)c->taglo |
				    ((uint64_t)(uint32_t)c->taghi << 32);
			t->written[s] = 1;
		}
		return d + 1;
	case 3:	/* Create Dirty Exclusive / implementation specific */
		return d + 1;
	default:	/* Hit ops translate the address and may fault */
		x = mmu_translate(c, dop_pc(c, d), va, ACC_LOAD, &pa, NULL);
		if (x)
			return x;
		hold_cache_op(c, op, va, pa, true);
		if ((op & 3) != 1 && (kind == 4 || kind == 5)) {
			unsigned line = t ? t->line : 32;

			code_invalidate(c, pa & ~(uint64_t)(line - 1), line);
		}
		return d + 1;
	}
}
