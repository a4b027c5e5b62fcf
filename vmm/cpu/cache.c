/* Soft CPU CACHE instruction. No cache data is modelled (memory is always
 * coherent), but every op is accepted and the tag arrays are, because
 * firmware and kernels size caches by probing tags (SGI-FACTS 5.3.2:
 * Linux's probe_scache stores a zero tag at index 0 with
 * Index_Store_Tag_SD and walks Index_Load_Tag_SD at power-of-two offsets
 * until TagLo reads 0; IRIX does likewise). Lines never written read back
 * a synthesised valid, non-zero tag, so the walk stops exactly at the
 * modelled size.
 *
 * Op encoding (R4000 manual, CACHE): bits 1:0 the cache (0 I, 1 D, 2 SI,
 * 3 SD), bits 4:2 the operation (0 Index Invalidate/Writeback-Invalidate,
 * 1 Index Load Tag, 2 Index Store Tag, 4 Hit Invalidate, 5 Fill/Hit
 * Writeback-Invalidate, 6 Hit Writeback). Index ops select the way with
 * the address bits above one way (MIPS32 PRA), bit 0 on the R10000. */
#include <stdlib.h>

#include "ops.h"

static int tags_init(struct cache_tags *t, const struct cache_geom *g)
{
	if (!g->size || !g->line || !g->ways)
		return 0;
	t->line = g->line;
	t->ways = g->ways;
	t->way_size = g->size / g->ways;
	t->lines = g->size / g->line;
	t->tag = calloc(t->lines, sizeof(*t->tag));
	t->written = calloc(t->lines, 1);
	return t->tag && t->written ? 0 : -1;
}

int cache_init(struct soft_cpu *c)
{
	const struct cpu_model *m = c->model;

	if (tags_init(&c->ctag[0], &m->icache) < 0 ||
	    tags_init(&c->ctag[1], &m->dcache) < 0 ||
	    tags_init(&c->ctag[2], &m->scache) < 0)
		return -1;
	return 0;
}

void cache_free(struct soft_cpu *c)
{
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
		if ((op & 3) != 1 && (kind == 4 || kind == 5)) {
			unsigned line = t ? t->line : 32;

			code_invalidate(c, pa & ~(uint64_t)(line - 1), line);
		}
		return d + 1;
	}
}
