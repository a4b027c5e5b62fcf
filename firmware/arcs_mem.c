/* ARCS memory descriptors (GetMemoryDescriptor). SGI numbering and the
 * record {type, base page, page count} in 4 KB pages (SGI-FACTS 3 c.3,
 * 5.2 step 5). What Linux does with them (arch/mips/fw/arc/memory.c):
 * 2/3 usable, 6 usable after init, 0/1/4/5/7 reserved, bases below
 * 0x08000000 ignored. So on IP22 the descriptors describe the banks at
 * their real addresses: the first two pages of bank 0 (the exception
 * vectors and the SPB page, seen through the low alias at 0) are
 * reserved, a program the PROM loaded is LoadedProgram, and the firmware
 * RAM at the top of bank 0 is FirmwareTemporary (stack) and
 * FirmwarePermanent (argv/envp). */
#include "arcs_int.h"

#include <string.h>

#define PAGE 4096u

struct range {
	uint64_t lo, hi;
	uint32_t type;
};

uint64_t arcs_ram_total(const struct arcs_platform *p)
{
	uint64_t t = 0;

	for (unsigned i = 0; i < p->nram; i++)
		t += p->ram[i].size;
	return t;
}

static int add_md(struct arcs_memdesc *md, unsigned max, unsigned *n,
		  uint64_t lo, uint64_t hi, uint32_t type)
{
	if (hi <= lo)
		return 0;
	if (*n >= max)
		return -1;
	md[*n].type = type;
	md[*n].base_page = (uint32_t)(lo / PAGE);
	md[*n].pages = (uint32_t)((hi - lo) / PAGE);
	(*n)++;
	return 0;
}

int arcs_mem_build(const struct arcs_platform *p, uint64_t fwram_pa,
		   uint64_t loaded_lo, uint64_t loaded_hi,
		   struct arcs_memdesc *md, unsigned max)
{
	unsigned n = 0;

	loaded_lo &= ~(uint64_t)(PAGE - 1);
	loaded_hi = (loaded_hi + PAGE - 1) & ~(uint64_t)(PAGE - 1);
	for (unsigned b = 0; b < p->nram; b++) {
		uint64_t lo = p->ram[b].base & ~(uint64_t)(PAGE - 1);
		uint64_t hi = (p->ram[b].base + p->ram[b].size) &
			      ~(uint64_t)(PAGE - 1);
		struct range r[4];
		unsigned nr = 0;
		uint64_t at = lo;

		if (b == 0) {
			r[nr++] = (struct range){ lo, lo + PAGE,
						  ARCS_MEM_EXCEPTION_BLOCK };
			r[nr++] = (struct range){ lo + PAGE, lo + 2 * PAGE,
						  ARCS_MEM_SPB };
		}
		if (loaded_hi > loaded_lo && loaded_lo < hi && loaded_hi > lo)
			r[nr++] = (struct range){
				loaded_lo < lo ? lo : loaded_lo,
				loaded_hi > hi ? hi : loaded_hi,
				ARCS_MEM_LOADED_PROGRAM };
		for (unsigned i = 0; i < nr; i++) {
			if (r[i].lo < at)
				r[i].lo = at;
			if (add_md(md, max, &n, at, r[i].lo, ARCS_MEM_FREE) < 0 ||
			    add_md(md, max, &n, r[i].lo, r[i].hi, r[i].type) < 0)
				return -1;
			if (r[i].hi > at)
				at = r[i].hi;
		}
		if (fwram_pa >= lo && fwram_pa < hi && fwram_pa >= at) {
			if (add_md(md, max, &n, at, fwram_pa,
				   ARCS_MEM_FREE) < 0 ||
			    add_md(md, max, &n, fwram_pa,
				   fwram_pa + ARCS_FWRAM_STACK,
				   ARCS_MEM_FW_TEMPORARY) < 0 ||
			    add_md(md, max, &n, fwram_pa + ARCS_FWRAM_STACK,
				   fwram_pa + ARCS_FWRAM_SIZE,
				   ARCS_MEM_FW_PERMANENT) < 0)
				return -1;
			at = fwram_pa + ARCS_FWRAM_SIZE;
		}
		if (add_md(md, max, &n, at, hi, ARCS_MEM_FREE) < 0)
			return -1;
	}
	return (int)n;
}

void arcs_mem_publish(struct arcs *a)
{
	int n = arcs_mem_build(&a->p, a->fwram_pa, a->loaded_lo, a->loaded_hi,
			       a->md, ARCS_MAX_MEMDESC);

	a->nmd = n < 0 ? 0 : (unsigned)n;
	memset(a->prom + ARCS_PROM_MEMDESC, 0, 12 * ARCS_MAX_MEMDESC);
	for (unsigned i = 0; i < a->nmd; i++) {
		uint32_t off = ARCS_PROM_MEMDESC + 12 * i;

		arcs_prom_put32(a, off, a->md[i].type);
		arcs_prom_put32(a, off + 4, a->md[i].base_page);
		arcs_prom_put32(a, off + 8, a->md[i].pages);
	}
	arcs_prom_written(a, ARCS_PROM_MEMDESC, 12 * ARCS_MAX_MEMDESC);
}

/* GetMemoryDescriptor(NULL) is the first; (d) the one after d; NULL at
 * the end or for a pointer that is not one of ours. */
uint32_t arcs_mem_get_descriptor(struct arcs *a, uint32_t prev)
{
	uint64_t pa, base = a->prom_pa + ARCS_PROM_MEMDESC, i;

	if (!prev)
		return a->nmd ? arcs_prom_va(a, ARCS_PROM_MEMDESC) : 0;
	if (!arcs_va_to_pa(prev, &pa) || pa < base || (pa - base) % 12)
		return 0;
	i = (pa - base) / 12 + 1;
	return i < a->nmd ? arcs_prom_va(a, ARCS_PROM_MEMDESC + 12 * i) : 0;
}
