/* Soft CPU loads and stores that miss the soft TLB: alignment, address
 * translation, soft TLB refill, stores into decoded code, MMIO through
 * the bus and bus errors (DBE, R4000 User's Manual 5.4). */
#include "cache.h"

static bool page_has_code(struct soft_cpu *c, const uint8_t *host_page)
{
	return code_page_has_code(c, (uint64_t)(uintptr_t)host_page);
}

struct dop *mem_read_slow(struct soft_cpu *c, struct dop *d, uint64_t va,
			  unsigned size, uint64_t *v, enum mem_access acc)
{
	uint64_t pc = dop_pc(c, d), pa;
	struct dop *x;
	uint8_t *host;

	if (!c->model->is64)
		va = sext32(va);
	if (va & (size - 1)) {
		c->exc.insn = d->insn;
		return cpu_raise_addr(c, pc, va,
				      acc == ACC_STORE ? EXC_ADES : EXC_ADEL);
	}
	c->exc.insn = d->insn;
	x = mmu_translate(c, pc, va, acc, &pa, NULL);
	if (x)
		return x;
	host = bus_host_ptr(c->bus, pa & ~0xfffull, DPAGE_SIZE, NULL);
	if (host && acc != ACC_FETCH &&
	    cache_held_load(c, va, pa, host, size, v))
		return NULL;
	if (host) {
		struct stlb_ent *e = &c->set->r[(va >> 12) & (STLB_N - 1)];

		e->tag = va & ~0xfffull;
		e->addend = (uint64_t)(uintptr_t)host - e->tag;
		*v = host_ld(c, host + (va & 0xfff), size);
		return NULL;
	}
	host = bus_host_ptr(c->bus, pa, size, NULL);
	if (host) {
		*v = host_ld(c, host, size);
		return NULL;
	}
	if (c->user_mode) {
		c->badvaddr = va;
		return cpu_raise(c, pc, acc == ACC_STORE ? EXC_TLBS : EXC_TLBL);
	}
	if (bus_read(c->bus, pa, size, v) != BUS_OK)
		return cpu_raise(c, pc, EXC_DBE);
	return NULL;
}

struct dop *mem_write_slow(struct soft_cpu *c, struct dop *d, uint64_t va,
			   unsigned size, uint64_t v)
{
	uint64_t pc = dop_pc(c, d), pa;
	struct dop *x;
	uint8_t *host;
	bool dirty_ok, writable;

	if (!c->model->is64)
		va = sext32(va);
	c->exc.insn = d->insn;
	if (va & (size - 1))
		return cpu_raise_addr(c, pc, va, EXC_ADES);
	x = mmu_translate(c, pc, va, ACC_STORE, &pa, &dirty_ok);
	if (x)
		return x;
	host = bus_host_ptr(c->bus, pa & ~0xfffull, DPAGE_SIZE, &writable);
	if (host && writable) {
		uint8_t *base = cache_store_base(c, va, pa, host);

		if (page_has_code(c, host)) {
			host_st(c, base + (va & 0xfff), size, v);
			code_invalidate(c, pa, size);
			return NULL;
		}
		if (dirty_ok && !cache_page_held(c, pa)) {
			struct stlb_ent *e =
				&c->set->w[(va >> 12) & (STLB_N - 1)];

			e->tag = va & ~0xfffull;
			e->addend = (uint64_t)(uintptr_t)host - e->tag;
		}
		host_st(c, base + (va & 0xfff), size, v);
		return NULL;
	}
	if (c->user_mode && !bus_host_ptr(c->bus, pa, size, NULL)) {
		c->badvaddr = va;
		return cpu_raise(c, pc, EXC_TLBS);
	}
	if (bus_write(c->bus, pa, size, v) != BUS_OK)
		return cpu_raise(c, pc, EXC_DBE);
	return NULL;
}
