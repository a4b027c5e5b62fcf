/* Soft CPU MMU: segments, the JTLB, TLBP/TLBR/TLBWI/TLBWR and the soft
 * TLB of host pointers in front of them.
 *
 * Facts: R4000 User's Manual ch. 4 (32-bit kuseg/kseg0/kseg1/ksseg/kseg3,
 * 64-bit xkuseg/xksseg/xkphys/xkseg gated by UX/SX/KX, xkphys bits 61:59
 * are the cache attribute, PageMask 24:13, EntryHi R 63:62 + VPN2, refill
 * via 0x000 in 32-bit mode and 0x080 (XTLB) in 64-bit mode, both only
 * with EXL clear); MIPS32 PRA 4.x (TLB writes that would create multiple
 * matches raise Machine Check with Status.TS). SGI-FACTS 6.7: the vector
 * follows the mode's X bit, Index masked by the entry count, EntryHi on a
 * 32-bit miss keeps the region bits. */
#include <inttypes.h>

#include "../log.h"
#include "cache.h"

#define LO_G 1u
#define LO_V 2u
#define LO_D 4u

void stlb_flush_all(struct soft_cpu *c)
{
	for (int i = 0; i < 3; i++) {
		memset(c->sets[i].r, 0xff, sizeof(c->sets[i].r));
		memset(c->sets[i].w, 0xff, sizeof(c->sets[i].w));
		memset(c->sets[i].i, 0xff, sizeof(c->sets[i].i));
	}
}

/* Drop soft entries for virtual pages in [lo, hi]. */
void stlb_flush_range(struct soft_cpu *c, uint64_t lo, uint64_t hi)
{
	lo &= ~0xfffull;
	if (hi - lo >= (uint64_t)STLB_N << 12) {
		for (int s = 0; s < 3; s++) {
			struct stlb_set *set = &c->sets[s];

			for (unsigned i = 0; i < STLB_N; i++) {
				if (set->r[i].tag >= lo && set->r[i].tag <= hi)
					set->r[i].tag = STLB_INVALID;
				if (set->w[i].tag >= lo && set->w[i].tag <= hi)
					set->w[i].tag = STLB_INVALID;
			}
			for (unsigned i = 0; i < ITLB_N; i++)
				if (set->i[i].tag >= lo && set->i[i].tag <= hi)
					set->i[i].tag = STLB_INVALID;
		}
		return;
	}
	for (uint64_t p = lo; p <= hi && p >= lo; p += 0x1000) {
		unsigned k = (p >> 12) & (STLB_N - 1), j = (p >> 12) % ITLB_N;

		for (int s = 0; s < 3; s++) {
			struct stlb_set *set = &c->sets[s];

			if (set->r[k].tag == p)
				set->r[k].tag = STLB_INVALID;
			if (set->w[k].tag == p)
				set->w[k].tag = STLB_INVALID;
			if (set->i[j].tag == p)
				set->i[j].tag = STLB_INVALID;
		}
	}
}

/* A page just got decoded code: stores to it must take the slow path. */
void stlb_drop_host_page(struct soft_cpu *c, uint64_t host_page)
{
	for (int s = 0; s < 3; s++) {
		struct stlb_ent *w = c->sets[s].w;

		for (unsigned i = 0; i < STLB_N; i++)
			if (w[i].tag != STLB_INVALID &&
			    w[i].tag + w[i].addend == host_page)
				w[i].tag = STLB_INVALID;
	}
}

/* Held cache lines (cache.c): loads and stores of the page must both take
 * the slow path. */
void stlb_drop_host_page_rw(struct soft_cpu *c, uint64_t host_page)
{
	for (int s = 0; s < 3; s++) {
		struct stlb_set *set = &c->sets[s];

		for (unsigned i = 0; i < STLB_N; i++) {
			if (set->r[i].tag != STLB_INVALID &&
			    set->r[i].tag + set->r[i].addend == host_page)
				set->r[i].tag = STLB_INVALID;
			if (set->w[i].tag != STLB_INVALID &&
			    set->w[i].tag + set->w[i].addend == host_page)
				set->w[i].tag = STLB_INVALID;
		}
	}
}

void tlb_reset(struct soft_cpu *c)
{
	/* Distinct kseg0 VPN2s that no mapped access can match, so the
	 * first guest TLB writes cannot look like duplicates. */
	for (unsigned i = 0; i < c->ntlb; i++) {
		c->tlb[i] = (struct tlb_ent){ 0 };
		c->tlb[i].hi = (uint64_t)sext32(0x80000000u + i * 0x2000u) &
			       (c->vpn2_mask | 0xff);
	}
	stlb_flush_all(c);
}

static void tlb_fault_regs(struct soft_cpu *c, uint64_t va)
{
	unsigned sb = c->model->segbits;

	c->badvaddr = va;
	c->context = (c->context & ~0x7fffffull) | ((va >> 9) & 0x7ffff0);
	if (c->model->is64) {
		unsigned vbits = sb - 13;	/* BadVPN2 width */
		uint64_t low = (1ull << (vbits + 4 + 2)) - 1;

		c->xcontext = (c->xcontext & ~low) |
			      (((va >> 13) & ((1ull << vbits) - 1)) << 4) |
			      ((va >> 62) << (vbits + 4));
		c->entryhi = (va & c->vpn2_mask) | (c->entryhi & 0xff);
	} else {
		c->context = sext32(c->context);
		c->entryhi = sext32((va & 0xffffe000u) | (c->entryhi & 0xff));
	}
}

static int tlb_match(const struct soft_cpu *c, uint64_t va, unsigned asid)
{
	for (unsigned i = 0; i < c->ntlb; i++) {
		const struct tlb_ent *t = &c->tlb[i];
		uint64_t m = c->vpn2_mask & ~(t->mask | 0x1fff);

		if (((t->hi ^ va) & m) == 0 && (t->g || (t->hi & 0xff) == asid))
			return i;
	}
	return -1;
}

struct dop *mmu_translate(struct soft_cpu *c, uint64_t pc, uint64_t va,
			  enum mem_access acc, uint64_t *pa, bool *dirty_ok)
{
	unsigned ksu = c->ksu, sb = c->model->segbits;
	enum mips_exc adexc = acc == ACC_STORE ? EXC_ADES : EXC_ADEL;
	bool x;
	int i;

	if (dirty_ok)
		*dirty_ok = true;
	if (c->user_mode) {
		bool ok = (c->status & ST_UX) && c->model->is64
			? va < (1ull << sb) : va < 0x80000000ull;

		if (!ok)
			return cpu_raise_addr(c, pc, va, adexc);
		*pa = va;
		return NULL;
	}
	x = c->model->is64 &&
	    (c->status & (ksu == 0 ? ST_KX : ksu == 1 ? ST_SX : ST_UX));
	if (!x) {
		uint32_t a = (uint32_t)va;

		if (va != (uint64_t)sext32(va))
			goto adderr;
		if (a < 0x80000000u) {
			if (ksu == 0 && (c->status & ST_ERL)) {
				*pa = a;
				return NULL;
			}
			goto mapped;
		}
		if (ksu == 1 && a >= 0xc0000000u && a < 0xe0000000u)
			goto mapped;
		if (ksu != 0)
			goto adderr;
		if (a < 0xc0000000u) {
			*pa = a & 0x1fffffffu;
			return NULL;
		}
		goto mapped;
	}
	switch (va >> 62) {
	case 0:
		if (va >= (1ull << sb))
			goto adderr;
		if (ksu == 0 && (c->status & ST_ERL) && va < 0x80000000ull) {
			*pa = va;
			return NULL;
		}
		goto mapped;
	case 1:
		if (ksu == 2 || (va & ((1ull << 62) - 1)) >= (1ull << sb))
			goto adderr;
		goto mapped;
	case 2:
		if (ksu != 0)
			goto adderr;
		*pa = va & ((1ull << 59) - 1);
		if (*pa >> c->model->pabits)
			goto adderr;
		return NULL;
	default:
		if (va >= 0xffffffff80000000ull) {
			uint32_t a = (uint32_t)va;

			if (ksu == 1 && a >= 0xc0000000u && a < 0xe0000000u)
				goto mapped;
			if (ksu != 0)
				goto adderr;
			if (a < 0xc0000000u) {
				*pa = a & 0x1fffffffu;
				return NULL;
			}
			goto mapped;
		}
		if (ksu != 0 || (va & ((1ull << 62) - 1)) >= (1ull << sb))
			goto adderr;
		goto mapped;
	}
mapped:
	i = tlb_match(c, va, c->entryhi & 0xff);
	if (i < 0) {
		tlb_fault_regs(c, va);
		return cpu_raise_tlb(c, pc, acc == ACC_STORE ? EXC_TLBS : EXC_TLBL,
				     true, x);
	}
	{
		const struct tlb_ent *t = &c->tlb[i];
		uint64_t psize = (t->mask | 0x1fff) + 1;	/* pair size */
		uint64_t half = psize >> 1;
		uint64_t lo = t->lo[(va & half) ? 1 : 0];

		if (!(lo & LO_V)) {
			tlb_fault_regs(c, va);
			return cpu_raise_tlb(c, pc, acc == ACC_STORE ?
					     EXC_TLBS : EXC_TLBL, false, x);
		}
		if (acc == ACC_STORE && !(lo & LO_D)) {
			tlb_fault_regs(c, va);
			return cpu_raise(c, pc, EXC_MOD);
		}
		if (dirty_ok)
			*dirty_ok = (lo & LO_D) != 0;
		*pa = (((lo & c->pfn_mask) >> 6) << 12 & ~(half - 1)) |
		      (va & (half - 1));
	}
	return NULL;
adderr:
	return cpu_raise_addr(c, pc, va, adexc);
}

void tlb_probe(struct soft_cpu *c)
{
	int i = tlb_match(c, c->entryhi, c->entryhi & 0xff);

	c->index = i < 0 ? 0x80000000u : (uint32_t)i;
}

void tlb_read(struct soft_cpu *c)
{
	const struct tlb_ent *t = &c->tlb[(c->index & c->index_mask) % c->ntlb];

	uint64_t old = c->entryhi;

	c->entryhi = c->model->is64 ? t->hi : (uint64_t)sext32(t->hi);
	c->pagemask = t->mask;
	c->entrylo[0] = t->lo[0] | t->g;
	c->entrylo[1] = t->lo[1] | t->g;
	if ((old ^ c->entryhi) & 0xff) {
		stlb_flush_all(c);
		cpu_end_slice(c);
	}
}

struct dop *tlb_write(struct soft_cpu *c, struct dop *d, unsigned idx)
{
	struct tlb_ent n, *t;
	uint64_t lo, hi;

	idx %= c->ntlb;
	t = &c->tlb[idx];
	n.mask = c->pagemask;
	n.hi = c->entryhi & (c->vpn2_mask & ~n.mask) ;
	n.hi |= c->entryhi & 0xff;
	n.g = c->entrylo[0] & c->entrylo[1] & LO_G;
	n.lo[0] = c->entrylo[0] & ~(uint64_t)LO_G;
	n.lo[1] = c->entrylo[1] & ~(uint64_t)LO_G;
	if (cpu_is_mips32ish(c)) {
		for (unsigned j = 0; j < c->ntlb; j++) {
			const struct tlb_ent *o = &c->tlb[j];
			uint64_t m = c->vpn2_mask & ~(o->mask | n.mask | 0x1fff);

			if (j == idx || ((o->hi ^ n.hi) & m))
				continue;
			if (o->g || n.g || ((o->hi ^ n.hi) & 0xff) == 0) {
				c->status |= ST_TS;
				return cpu_raise_d(c, d, EXC_MCHECK);
			}
		}
	}
	/* Forget soft translations the old entry produced. */
	lo = t->hi & c->vpn2_mask & ~(t->mask | 0x1fff);
	hi = lo + (t->mask | 0x1fff);
	if (!c->model->is64) {
		lo = sext32(lo);
		hi = sext32(hi);
	}
	stlb_flush_range(c, lo, hi);
	if (c->cur_vbase >= lo && c->cur_vbase <= hi)
		cpu_end_slice(c);
	if (c->model->is64 && (lo >> 62) == 3) {
		/* ckseg addresses (bits 61:SEGBITS set) match it too. */
		uint64_t fill = ((1ull << 62) - 1) &
				~((1ull << c->model->segbits) - 1);

		stlb_flush_range(c, lo | fill, hi | fill);
		if (c->cur_vbase >= (lo | fill) && c->cur_vbase <= (hi | fill))
			cpu_end_slice(c);
	}
	*t = n;
	c->random_seq++;
	TRACE(TRACE_CPU, "cpu: tlb[%u] = hi 0x%" PRIx64 " lo0 0x%" PRIx64
	      " lo1 0x%" PRIx64 " mask 0x%" PRIx64 "%s", idx, n.hi, n.lo[0],
	      n.lo[1], n.mask, n.g ? " G" : "");
	return d + 1;
}

/* Cache attribute 2 is uncached; every other value caches (SGI-FACTS
 * 6.7). Segments as in mmu_translate, which has accepted va already. */
bool mmu_uncached(struct soft_cpu *c, uint64_t va)
{
	int i;

	if (c->user_mode)
		return false;
	if (va >= 0xffffffff80000000ull || !c->model->is64) {
		uint32_t a = (uint32_t)va;

		if (a >= 0xa0000000u && a < 0xc0000000u)
			return true;
		if (a >= 0x80000000u && a < 0xa0000000u)
			return (c->config[0] & 7) == 2;
	} else if (va >> 62 == 2) {
		return (va >> 59 & 7) == 2;
	}
	if (va < 0x80000000ull && c->ksu == 0 && (c->status & ST_ERL))
		return true;	/* kuseg unmapped and uncached under ERL */
	i = tlb_match(c, va, c->entryhi & 0xff);
	if (i < 0)
		return false;
	{
		const struct tlb_ent *t = &c->tlb[i];
		uint64_t half = ((t->mask | 0x1fff) + 1) >> 1;

		return (t->lo[(va & half) ? 1 : 0] >> 3 & 7) == 2;
	}
}
