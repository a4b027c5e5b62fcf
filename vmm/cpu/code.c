/* Soft CPU decoded-code cache: one array of pre-decoded ops per 4 KiB of
 * guest code, keyed by host address (so RAM aliases such as the IP22 low
 * memory window share it) and byte order. Slots decode lazily; writes to
 * the page (CPU stores, DMA, loaders via bus->ram_written), CACHE
 * Hit_Invalidate_I and SYNCI reset the slots they cover. Only the handler
 * pointer is reset, so an instruction that overwrites itself finishes
 * with its fields intact. SGI-FACTS 6.7: stale decoded code after kernel
 * relocation/module loads panics IRIX, hence invalidation on every write
 * path and not only on CACHE ops. */
#include <inttypes.h>
#include <stdlib.h>

#include "../log.h"
#include "ops.h"

static unsigned dhash(uint64_t key)
{
	return (unsigned)((key >> 12) ^ (key >> 24) ^ key) & (DHASH_SIZE - 1);
}

static struct dpage *dpage_find(struct soft_cpu *c, uint64_t key)
{
	struct dpage *p;

	for (p = c->dhash[dhash(key)]; p; p = p->next)
		if (p->key == key)
			return p;
	return NULL;
}

bool code_page_has_code(struct soft_cpu *c, uint64_t host_page)
{
	return dpage_find(c, host_page) || dpage_find(c, host_page | 1);
}

static struct dpage *dpage_get(struct soft_cpu *c, const uint8_t *host,
			       bool swap)
{
	uint64_t key = (uint64_t)(uintptr_t)host | swap;
	struct dpage *p = dpage_find(c, key);

	if (p)
		return p;
	p = malloc(sizeof(*p));
	if (!p)
		return NULL;
	p->key = key;
	p->host = host;
	p->swap = swap;
	for (unsigned i = 0; i <= DPAGE_INSNS; i++) {
		p->ops[i] = (struct dop){ .idx = i };
		dop_set(c, &p->ops[i], i < DPAGE_INSNS ? OP_decode : OP_page_end);
	}
	p->next = c->dhash[dhash(key)];
	c->dhash[dhash(key)] = p;
	if (++c->ndpages > DPAGE_LIMIT)
		c->flush_pending = true;
	stlb_drop_host_page(c, (uint64_t)(uintptr_t)host);
	return p;
}

/* Between slices only: nothing may point into a freed page. */
void code_flush_all(struct soft_cpu *c)
{
	for (unsigned i = 0; i < DHASH_SIZE; i++) {
		struct dpage *p = c->dhash[i];

		while (p) {
			struct dpage *n = p->next;

			free(p);
			p = n;
		}
		c->dhash[i] = NULL;
	}
	c->ndpages = 0;
	c->cur_page = NULL;
	c->flush_pending = false;
	stlb_flush_all(c);
}

static void reset_slots(struct soft_cpu *c, struct dpage *p, unsigned first,
			unsigned last)
{
	for (unsigned i = first; i <= last && i < DPAGE_INSNS; i++)
		dop_set(c, &p->ops[i], OP_decode);
}

void code_invalidate(struct soft_cpu *c, uint64_t pa, uint64_t len)
{
	uint64_t end = pa + len, a = pa;

	if (!len || end < pa)
		return;
	while (a < end) {
		uint64_t page = a & ~0xfffull, stop = page + DPAGE_SIZE;
		const uint8_t *h = bus_host_ptr(c->bus, page, 1, NULL);

		if (stop > end)
			stop = end;
		if (h) {
			unsigned first = (a - page) >> 2;
			unsigned last = (stop - 1 - page) >> 2;

			for (int s = 0; s < 2; s++) {
				struct dpage *p = dpage_find(
					c, (uint64_t)(uintptr_t)h | s);

				if (p)
					reset_slots(c, p, first, last);
			}
		}
		if (stop <= a)
			break;
		a = stop;
	}
}

struct dop *code_lookup(struct soft_cpu *c, uint64_t pc)
{
	uint64_t vpage = pc & ~0xfffull, pa;
	struct itlb_ent *e = &c->set->i[(pc >> 12) % ITLB_N];
	struct dpage *p;
	struct dop *x;
	const uint8_t *host;

	if (likely(e->tag == vpage && !(pc & 3))) {
		c->cur_page = e->page;
		c->cur_vbase = vpage;
		return &e->page->ops[(pc & 0xfff) >> 2];
	}
	c->exc.insn = 0;
	if (!c->model->is64 && pc != (uint64_t)sext32(pc))
		return cpu_raise_addr(c, pc, pc, EXC_ADEL);
	if (pc & 3)
		return cpu_raise_addr(c, pc, pc, EXC_ADEL);
	x = mmu_translate(c, pc, pc, ACC_FETCH, &pa, NULL);
	if (x)
		return x;
	host = bus_host_ptr(c->bus, pa & ~0xfffull, DPAGE_SIZE, NULL);
	if (!host) {
		if (c->user_mode) {
			c->badvaddr = pc;
			return cpu_raise(c, pc, EXC_TLBL);
		}
		LOG_RATELIMITED("cpu: instruction fetch from 0x%" PRIx64
				" (pa 0x%" PRIx64 ") outside RAM/ROM", pc, pa);
		return cpu_raise(c, pc, EXC_IBE);
	}
	p = dpage_get(c, host, c->swap);
	if (!p) {
		log_msg("cpu: out of memory for decoded code");
		c->fatal = true;
		c->pc = pc;
		cpu_end_slice(c);
		return &c->stop_dop;
	}
	e = &c->set->i[(pc >> 12) % ITLB_N];	/* the set may have changed */
	e->tag = vpage;
	e->page = p;
	c->cur_page = p;
	c->cur_vbase = vpage;
	return &p->ops[(pc & 0xfff) >> 2];
}

void dop_set(struct soft_cpu *c, struct dop *d, unsigned op)
{
	d->op = op;
	d->lbl = c->labels[op];
}

struct dop *op_decode(struct soft_cpu *c, struct dop *d)
{
	const struct dpage *p = c->cur_page;
	uint32_t w;

	memcpy(&w, p->host + d->idx * 4u, 4);
	if (p->swap)
		w = __builtin_bswap32(w);
	decode_insn(c, d, w);
	return dop_call(c, d);
}

struct dop *op_page_end(struct soft_cpu *c, struct dop *d)
{
	uint64_t pc = c->cur_vbase + DPAGE_SIZE;

	c->icount--;	/* not an instruction */
	if (!c->model->is64)
		pc = sext32(pc);
	return code_lookup(c, pc);
}
