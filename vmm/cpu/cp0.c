/* Soft CPU coprocessor 0: registers, privilege mode, Count/Compare.
 *
 * Facts: R4000 User's Manual ch. 4-6 (register layouts, Count runs at
 * half the pipeline clock, writing Compare clears the timer interrupt on
 * IP7), MIPS32/64 PRA rev 2 (EBase, IntCtl, SRSCtl, HWREna, UserLocal,
 * Cause.TI), R10000 User's Manual (FrameMask 21, Diagnostic 22). Count is
 * derived from the virtual clock, never from instruction counts, so it
 * neither bursts after a pause nor drifts with emulation speed. */
#include "../log.h"
#include "soft_int.h"

static uint64_t ticks_at(const struct soft_cpu *c, uint64_t ns)
{
	return (ns / NS_PER_SEC) * c->count_rate +
	       (ns % NS_PER_SEC) * c->count_rate / NS_PER_SEC;
}

uint32_t cp0_count(struct soft_cpu *c)
{
	return (uint32_t)(ticks_at(c, vclock_now(c->clock)) + c->count_offset);
}

/* Guest time (ns) of the next instant Count equals Compare. */
static uint64_t cmp_next_match(const struct soft_cpu *c)
{
	uint64_t now = vclock_now(c->clock), t = ticks_at(c, now);
	uint32_t delta = c->compare - (uint32_t)(t + c->count_offset);
	uint64_t target = t + (delta ? delta : (1ull << 32));
	unsigned __int128 ns = ((unsigned __int128)target * NS_PER_SEC +
				c->count_rate - 1) / c->count_rate;

	return (uint64_t)ns;
}

static void cmp_timer_fire(void *opaque)
{
	struct soft_cpu *c = opaque;

	c->timer_pending = true;
	cpu_end_slice(c);
	/* The next match is 2^32 counts away (lock already held). */
	c->cmp_match_ns = cmp_next_match(c);
	timer_mod(&c->cmp_timer, c->cmp_match_ns);
}

/* Compare or Count changed (or reset): re-arm at the next slice
 * boundary, where the run loop holds no lock and takes the machine lock
 * for the timer list. Callers may hold the machine lock themselves
 * (reset, register writes from a debugger), hence the deferral. */
void cp0_compare_arm(struct soft_cpu *c)
{
	c->cmp_match_ns = cmp_next_match(c);
	c->cmp_dirty = true;
	cpu_end_slice(c);
}

/* From the run loop, machine lock held. */
void cp0_compare_arm_now(struct soft_cpu *c)
{
	if (!c->cmp_timer.clock)
		timer_init(&c->cmp_timer, c->clock, cmp_timer_fire, c);
	c->cmp_dirty = false;
	/* The match time was fixed when Compare or Count was written. */
	timer_mod(&c->cmp_timer, c->cmp_match_ns);
}

uint32_t cp0_random(struct soft_cpu *c)
{
	unsigned span;

	if (c->wired >= c->ntlb)
		return c->ntlb - 1;
	span = c->ntlb - c->wired;
	return c->ntlb - 1 - (unsigned)((c->icount + c->random_seq * 7u) % span);
}

uint64_t cp0_cause(const struct soft_cpu *c)
{
	uint32_t lines = __atomic_load_n(&c->irq_lines, __ATOMIC_RELAXED);
	uint64_t v = c->cause & ~(0xfcull << 8) & ~(uint64_t)CAUSE_TI;

	v |= (uint64_t)(lines & 0x3f) << 10;
	if (c->timer_pending || vclock_now(c->clock) >= c->cmp_match_ns) {
		/* IP7 on every model we run (IntCtl.IPTI = 7 on R2). */
		v |= 1u << 15;
		if (cpu_is_r2(c))
			v |= CAUSE_TI;
	}
	return v;
}

static void set_flush(struct stlb_set *s)
{
	memset(s->r, 0xff, sizeof(s->r));
	memset(s->w, 0xff, sizeof(s->w));
	memset(s->i, 0xff, sizeof(s->i));
}

void cp0_mode_update(struct soft_cpu *c)
{
	uint64_t st = c->status;
	unsigned ksu, key;
	bool x, host_be = __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__;
	bool be = c->big_endian;

	if (c->user_mode)
		ksu = 2;
	else if (st & (ST_EXL | ST_ERL))
		ksu = 0;
	else
		ksu = (st >> 3) & 3;
	if (ksu == 3)
		ksu = 2;
	c->ksu = ksu;
	x = c->model->is64 &&
	    (st & (ksu == 0 ? ST_KX : ksu == 1 ? ST_SX : ST_UX));
	c->ops64 = c->model->is64 &&
		   (ksu == 0 || (st & (ksu == 1 ? ST_SX : ST_UX)));
	/* Status.RE reverses the byte order seen in user mode. */
	if (ksu == 2 && (st & ST_RE) && !c->user_mode)
		be = !be;
	c->swap = be != host_be;
	c->cu1 = (st & ST_CU1) && c->model->fir;
	c->fpu.fr = (st & ST_FR) != 0;
	key = 1 | (x << 1) | (((st & ST_ERL) != 0) << 2) | (c->swap << 3);
	c->set = &c->sets[ksu];
	if (c->set->key != key) {
		set_flush(c->set);
		c->set->key = key;
	}
}

static uint32_t status_mask(const struct cpu_model *m)
{
	uint32_t v = ST_IE | ST_EXL | ST_ERL | ST_KSU | ST_IM | ST_BEV |
		     ST_SR | ST_RE | ST_CU0;

	if (m->fir) {
		v |= ST_CU1;
		if (m->is64 || (m->fir & (1u << 22)))
			v |= ST_FR;
	}
	if (m->is64)
		v |= ST_KX | ST_SX | ST_UX;
	if (m->flags & CPU_R4K_CP0)
		v |= (1u << 16) | (1u << 17) | ST_CU2 | ST_CU3;
	else
		v |= ST_NMI;
	if (m->isa == ISA_MIPS64R2)
		v |= 1u << 23;	/* PX */
	return v;
}

void cp0_reset(struct soft_cpu *c)
{
	const struct cpu_model *m = c->model;
	unsigned n = 1;

	while (n < c->ntlb)
		n <<= 1;
	c->index_mask = n - 1;
	c->status_mask = status_mask(m);
	c->count_rate = m->clock_hz / ((m->flags & CPU_COUNT_HALF) ? 2 : 1);
	if (!c->count_rate)
		c->count_rate = 50000000;
	c->status = ST_ERL | ST_BEV;
	c->cause = 0;
	c->timer_pending = false;
	c->wired = 0;
	c->index = 0;
	c->pagemask = 0;
	c->entryhi = 0;
	c->entrylo[0] = c->entrylo[1] = 0;
	c->context = c->xcontext = 0;
	c->badvaddr = 0;
	c->epc = c->errorepc = 0;
	memcpy(c->config, m->config, sizeof(c->config));
	if (c->big_endian)
		c->config[0] |= 1u << 15;
	else
		c->config[0] &= ~(1u << 15);
	c->lladdr = 0;
	c->llbit = false;
	c->watchlo = c->watchhi = 0;
	c->taglo = c->taghi = c->datalo = c->datahi = 0;
	c->ecc = c->cacheerr = 0;
	c->ebase = 0xffffffff80000000ull;
	c->intctl = cpu_is_r2(c) ? (7u << 29) : 0;
	c->srsctl = 0;
	c->hwrena = 0;
	c->userlocal = 0;
	c->framemask = c->diag = 0;
	memset(c->perf, 0, sizeof(c->perf));
	memset(c->cp0_other, 0, sizeof(c->cp0_other));
	c->compare = 0;
	c->count_offset = -ticks_at(c, vclock_now(c->clock));
	for (int i = 0; i < 3; i++)
		c->sets[i].key = 0;
	cp0_mode_update(c);
	cp0_compare_arm(c);
}

/* Read CP0 register (reg, sel); false if it does not exist here. */
bool cp0_read(struct soft_cpu *c, unsigned reg, unsigned sel, uint64_t *v)
{
	bool r2 = cpu_is_r2(c), m32 = cpu_is_mips32ish(c);
	bool r10k = c->model->flags & CPU_R10K;

	switch (reg << 3 | sel) {
	case 0 << 3: *v = c->index; return true;
	case 1 << 3: *v = cp0_random(c); return true;
	case 2 << 3: *v = c->entrylo[0]; return true;
	case 3 << 3: *v = c->entrylo[1]; return true;
	case 4 << 3: *v = c->context; return true;
	case 4 << 3 | 2:
		if (!r2)
			break;
		*v = c->userlocal;
		return true;
	case 5 << 3: *v = c->pagemask; return true;
	case 6 << 3: *v = c->wired; return true;
	case 7 << 3:
		if (!r2)
			break;
		*v = c->hwrena;
		return true;
	case 8 << 3: *v = c->badvaddr; return true;
	case 9 << 3: *v = cp0_count(c); return true;
	case 10 << 3: *v = c->entryhi; return true;
	case 11 << 3: *v = c->compare; return true;
	case 12 << 3: *v = c->status; return true;
	case 12 << 3 | 1:
		if (!r2)
			break;
		*v = c->intctl;
		return true;
	case 12 << 3 | 2:
		if (!r2)
			break;
		*v = c->srsctl;
		return true;
	case 12 << 3 | 3:
		if (!r2)
			break;
		*v = 0;
		return true;
	case 13 << 3: *v = cp0_cause(c); return true;
	case 14 << 3: *v = c->epc; return true;
	case 15 << 3: *v = c->model->prid; return true;
	case 15 << 3 | 1:
		if (!r2)
			break;
		*v = c->ebase;
		return true;
	case 16 << 3: *v = c->config[0]; return true;
	case 16 << 3 | 1:
	case 16 << 3 | 2:
	case 16 << 3 | 3:
		if (!m32)
			break;
		*v = c->config[sel];
		return true;
	case 17 << 3: *v = c->lladdr; return true;
	case 18 << 3: *v = c->watchlo; return true;
	case 19 << 3: *v = c->watchhi; return true;
	case 20 << 3:
		if (!c->model->is64)
			break;
		*v = c->xcontext;
		return true;
	case 21 << 3:
		if (!r10k)
			break;
		*v = c->framemask;
		return true;
	case 22 << 3:
		if (!r10k)
			break;
		*v = c->diag;
		return true;
	case 25 << 3 ... 25 << 3 | 3:
		*v = c->perf[sel];
		return true;
	case 26 << 3: *v = c->ecc; return true;
	case 27 << 3: *v = c->cacheerr; return true;
	case 28 << 3: *v = c->taglo; return true;
	case 28 << 3 | 1: *v = c->datalo; return true;
	case 29 << 3: *v = c->taghi; return true;
	case 29 << 3 | 1: *v = c->datahi; return true;
	case 30 << 3: *v = c->errorepc; return true;
	}
	*v = c->cp0_other[reg & 31][sel & 7];
	return false;
}

void cp0_write(struct soft_cpu *c, unsigned reg, unsigned sel, uint64_t v)
{
	bool r2 = cpu_is_r2(c);
	unsigned segbits = c->model->segbits;

	switch (reg << 3 | sel) {
	case 0 << 3:
		c->index = (c->index & 0x80000000u) |
			   ((uint32_t)v & c->index_mask);
		return;
	case 1 << 3:
		return;
	case 2 << 3:
	case 3 << 3:
		c->entrylo[reg - 2] = v & (c->pfn_mask | 0x3f);
		return;
	case 4 << 3:
		c->context = (c->context & 0x7fffffull) | (v & ~0x7fffffull);
		if (!c->model->is64)
			c->context = sext32(c->context);
		return;
	case 4 << 3 | 2:
		if (r2) {
			c->userlocal = v;
			return;
		}
		break;
	case 5 << 3:
		c->pagemask = v & 0x01ffe000u;
		return;
	case 6 << 3:
		c->wired = (uint32_t)v & c->index_mask;
		return;
	case 7 << 3:
		if (r2) {
			c->hwrena = v & (0xfu | (1u << 29));
			return;
		}
		break;
	case 8 << 3:
		return;	/* BadVAddr is read-only */
	case 9 << 3:
		c->count_offset = (uint32_t)v -
				  ticks_at(c, vclock_now(c->clock));
		cp0_compare_arm(c);
		cpu_end_slice(c);
		return;
	case 10 << 3: {
		uint64_t old = c->entryhi;

		c->entryhi = v & (c->vpn2_mask | 0xff);
		if (!c->model->is64)
			c->entryhi = sext32(c->entryhi);
		if ((old ^ c->entryhi) & 0xff) {
			stlb_flush_all(c);
			cpu_end_slice(c);
		}
		return;
	}
	case 11 << 3:
		c->compare = (uint32_t)v;
		c->timer_pending = false;
		cp0_compare_arm(c);
		cpu_end_slice(c);
		return;
	case 12 << 3: {
		uint32_t m = c->status_mask;
		uint64_t nv = (c->status & ~(uint64_t)m) | (v & m);

		if (!(v & ST_TS))
			nv &= ~(uint64_t)ST_TS;
		c->status = (uint32_t)nv;
		cp0_mode_update(c);
		cpu_end_slice(c);
		return;
	}
	case 12 << 3 | 1:
		if (r2) {
			c->intctl = (c->intctl & ~0x3e0ull) | (v & 0x3e0);
			return;
		}
		break;
	case 12 << 3 | 2:
	case 12 << 3 | 3:
		if (r2)
			return;	/* one register set: nothing writable */
		break;
	case 13 << 3: {
		uint64_t m = CAUSE_IP_SW | (r2 ? CAUSE_IV | (1u << 22) : 0);

		c->cause = (c->cause & ~m) | (v & m);
		cpu_end_slice(c);
		return;
	}
	case 14 << 3:
		c->epc = c->model->is64 ? v : (uint64_t)sext32(v);
		return;
	case 15 << 3:
		return;
	case 15 << 3 | 1:
		if (r2) {
			c->ebase = 0xffffffff80000000ull | (v & 0x3ffff000u);
			return;
		}
		break;
	case 16 << 3:
		c->config[0] = (c->config[0] & ~7u) | (v & 7);
		return;
	case 16 << 3 | 1:
	case 16 << 3 | 2:
	case 16 << 3 | 3:
		return;
	case 17 << 3:
		c->lladdr = v;
		return;
	case 18 << 3:
		c->watchlo = v;
		return;
	case 19 << 3:
		/* I/R/W status bits are write-one-to-clear (PRA 9.40). */
		c->watchhi = (v & 0x40ff0ff8ull) | (c->watchhi & 7 & ~v);
		return;
	case 20 << 3:
		if (c->model->is64) {
			uint64_t low = (1ull << (segbits - 13 + 4 + 2)) - 1;

			c->xcontext = (c->xcontext & low) | (v & ~low);
			return;
		}
		break;
	case 21 << 3:
		c->framemask = v;
		return;
	case 22 << 3:
		c->diag = v;
		return;
	case 25 << 3 ... 25 << 3 | 3:
		c->perf[sel] = v;
		return;
	case 26 << 3:
		c->ecc = v & 0xff;
		return;
	case 27 << 3:
		c->cacheerr = v;
		return;
	case 28 << 3:
		c->taglo = v;
		return;
	case 28 << 3 | 1:
		c->datalo = v;
		return;
	case 29 << 3:
		c->taghi = v;
		return;
	case 29 << 3 | 1:
		c->datahi = v;
		return;
	case 30 << 3:
		c->errorepc = c->model->is64 ? v : (uint64_t)sext32(v);
		return;
	}
	c->cp0_other[reg & 31][sel & 7] = v;
}
