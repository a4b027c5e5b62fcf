/* Soft CPU system instructions: SYSCALL/BREAK/traps, RDHWR, the COP0
 * moves and TLB operations, ERET, WAIT, DI/EI.
 *
 * COP0 instructions need kernel mode or Status.CU0 (SGI-FACTS 6.7: user
 * MTC0 Status must trap). RDHWR (MIPS32 R2 vol. II) is allowed in user
 * mode per HWREna bit; in mipsvz-user mode it always works, as Linux
 * emulates it for processes. WAIT completes (EPC = WAIT + 4) and then
 * idles until an interrupt is pending (SGI-FACTS 6.7). */
#include "ops.h"

#define R(x) c->gpr[d->x]

#define NEED_CP0()                                                          \
	do {                                                                 \
		if (unlikely(c->ksu != 0 && !(c->status & ST_CU0)))          \
			return cpu_raise_cpu(c, d, 0);                       \
	} while (0)

OP(ri) { return cpu_raise_ri(c, d); }
OP(need64) { return cpu_raise_ri(c, d); }
OP(syscall) { return cpu_raise_d(c, d, EXC_SYS); }
OP(break) { return cpu_raise_d(c, d, EXC_BP); }

static inline struct dop *trap_if(struct soft_cpu *c, struct dop *d, bool t)
{
	return t ? cpu_raise_d(c, d, EXC_TR) : d + 1;
}

OP(teq) { return trap_if(c, d, R(rs) == R(rt)); }
OP(tne) { return trap_if(c, d, R(rs) != R(rt)); }
OP(tge) { return trap_if(c, d, (int64_t)R(rs) >= (int64_t)R(rt)); }
OP(tgeu) { return trap_if(c, d, R(rs) >= R(rt)); }
OP(tlt) { return trap_if(c, d, (int64_t)R(rs) < (int64_t)R(rt)); }
OP(tltu) { return trap_if(c, d, R(rs) < R(rt)); }
OP(teqi) { return trap_if(c, d, (int64_t)R(rs) == (int64_t)d->imm); }
OP(tnei) { return trap_if(c, d, (int64_t)R(rs) != (int64_t)d->imm); }
OP(tgei) { return trap_if(c, d, (int64_t)R(rs) >= (int64_t)d->imm); }
OP(tgeiu) { return trap_if(c, d, R(rs) >= (uint64_t)(int64_t)d->imm); }
OP(tlti) { return trap_if(c, d, (int64_t)R(rs) < (int64_t)d->imm); }
OP(tltiu) { return trap_if(c, d, R(rs) < (uint64_t)(int64_t)d->imm); }

/* RDHWR rt, hwr: the hardware register number is in d->sa. */
OP(rdhwr)
{
	unsigned n = d->sa;
	uint64_t v;

	if (!c->user_mode && c->ksu != 0 && !(c->status & ST_CU0) &&
	    !(c->hwrena & (1u << n)))
		return cpu_raise_ri(c, d);
	switch (n) {
	case 0:
		v = c->ebase & 0x3ff;
		break;
	case 1:
		v = c->model->dcache.line ? c->model->dcache.line : 32;
		break;
	case 2:
		v = sext32(cp0_count(c));
		break;
	case 3:
		v = (c->model->flags & CPU_COUNT_HALF) ? 2 : 1;
		break;
	case 29:
		if (!c->user_mode && !(c->config[3] & (1u << 13)) &&
		    c->ksu != 0)
			return cpu_raise_ri(c, d);
		v = c->userlocal;
		break;
	default:
		return cpu_raise_ri(c, d);
	}
	R(rd) = v;
	return d + 1;
}

/* MFC0/MTC0: reg in d->rt? no: rd field = CP0 register, kept in d->sa;
 * sel in d->imm; GPR destination d->rd, source d->rt. */
OP(mfc0)
{
	uint64_t v;

	NEED_CP0();
	cp0_read(c, d->sa, d->imm, &v);
	R(rd) = sext32(v);
	return d + 1;
}

OP(dmfc0)
{
	uint64_t v;

	NEED_CP0();
	cp0_read(c, d->sa, d->imm, &v);
	R(rd) = v;
	return d + 1;
}

OP(mtc0)
{
	NEED_CP0();
	cp0_write(c, d->sa, d->imm, sext32(R(rt)));
	return d + 1;
}

OP(dmtc0)
{
	NEED_CP0();
	cp0_write(c, d->sa, d->imm, R(rt));
	return d + 1;
}

OP(tlbr)
{
	NEED_CP0();
	tlb_read(c);
	return d + 1;
}

OP(tlbwi)
{
	NEED_CP0();
	return tlb_write(c, d, c->index & c->index_mask);
}

OP(tlbwr)
{
	NEED_CP0();
	return tlb_write(c, d, cp0_random(c));
}

OP(tlbp)
{
	NEED_CP0();
	tlb_probe(c);
	return d + 1;
}

OP(eret)
{
	NEED_CP0();
	return cpu_eret(c, d);
}

OP(wait)
{
	NEED_CP0();
	c->waiting = true;
	cpu_end_slice(c);
	return d + 1;
}

OP(di)
{
	NEED_CP0();
	R(rd) = sext32(c->status);
	c->status &= ~(uint64_t)ST_IE;
	return d + 1;
}

OP(ei)
{
	NEED_CP0();
	R(rd) = sext32(c->status);
	c->status |= ST_IE;
	cpu_end_slice(c);
	return d + 1;
}

/* One register set (SRSCtl.HSS = 0): the previous set is this one. */
OP(rdpgpr)
{
	NEED_CP0();
	R(rd) = R(rt);
	return d + 1;
}

OP(wrpgpr)
{
	NEED_CP0();
	R(rd) = R(rt);
	return d + 1;
}

OP(cop2)
{
	if (!(c->status & ST_CU2))
		return cpu_raise_cpu(c, d, 2);
	return cpu_raise_ri(c, d);
}

OP(cop3)
{
	if (!(c->status & ST_CU3))
		return cpu_raise_cpu(c, d, 3);
	return cpu_raise_ri(c, d);
}
