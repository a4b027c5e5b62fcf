/* Soft CPU integer arithmetic, logic, shifts, multiply/divide and the
 * MIPS32/64 R2 bit-field instructions.
 *
 * 32-bit operations produce sign-extended 64-bit results (MIPS64 PRA
 * vol. II: "32-bit results are sign-extended"); 64-bit operations raise
 * Reserved Instruction when 64-bit operations are not enabled in the
 * current mode (R4000 manual 3.x: user/supervisor without UX/SX).
 * Division by zero leaves HI/LO unpredictable on hardware; here they get
 * fixed values and the host never traps. */
#include "ops.h"

#define R(x) c->gpr[d->x]
#define NEED64()                                                            \
	do {                                                                 \
		if (unlikely(!c->ops64))                                     \
			return cpu_raise_ri(c, d);                           \
	} while (0)

OP(nop) { return d + 1; }

OP(move) { R(rd) = R(rs); return d + 1; }
OP(li) { R(rd) = (int64_t)d->imm; return d + 1; }

OP(add)
{
	int32_t r;

	if (__builtin_add_overflow((int32_t)R(rs), (int32_t)R(rt), &r))
		return cpu_raise_d(c, d, EXC_OV);
	R(rd) = (int64_t)r;
	return d + 1;
}

OP(addu) { R(rd) = sext32(R(rs) + R(rt)); return d + 1; }

OP(sub)
{
	int32_t r;

	if (__builtin_sub_overflow((int32_t)R(rs), (int32_t)R(rt), &r))
		return cpu_raise_d(c, d, EXC_OV);
	R(rd) = (int64_t)r;
	return d + 1;
}

OP(subu) { R(rd) = sext32(R(rs) - R(rt)); return d + 1; }
OP(and) { R(rd) = R(rs) & R(rt); return d + 1; }
OP(or) { R(rd) = R(rs) | R(rt); return d + 1; }
OP(xor) { R(rd) = R(rs) ^ R(rt); return d + 1; }
OP(nor) { R(rd) = ~(R(rs) | R(rt)); return d + 1; }
OP(slt) { R(rd) = (int64_t)R(rs) < (int64_t)R(rt); return d + 1; }
OP(sltu) { R(rd) = R(rs) < R(rt); return d + 1; }

OP(addi)
{
	int32_t r;

	if (__builtin_add_overflow((int32_t)R(rs), d->imm, &r))
		return cpu_raise_d(c, d, EXC_OV);
	R(rd) = (int64_t)r;
	return d + 1;
}

OP(addiu) { R(rd) = sext32(R(rs) + (int64_t)d->imm); return d + 1; }
OP(slti) { R(rd) = (int64_t)R(rs) < (int64_t)d->imm; return d + 1; }
OP(sltiu) { R(rd) = R(rs) < (uint64_t)(int64_t)d->imm; return d + 1; }
OP(andi) { R(rd) = R(rs) & (uint32_t)d->imm; return d + 1; }
OP(ori) { R(rd) = R(rs) | (uint32_t)d->imm; return d + 1; }
OP(xori) { R(rd) = R(rs) ^ (uint32_t)d->imm; return d + 1; }
OP(lui) { R(rd) = (int64_t)d->imm; return d + 1; }

OP(sll) { R(rd) = sext32((uint32_t)R(rt) << d->sa); return d + 1; }
OP(srl) { R(rd) = sext32((uint32_t)R(rt) >> d->sa); return d + 1; }
OP(sra) { R(rd) = (int64_t)((int32_t)R(rt) >> d->sa); return d + 1; }

OP(sllv) { R(rd) = sext32((uint32_t)R(rt) << (R(rs) & 31)); return d + 1; }
OP(srlv) { R(rd) = sext32((uint32_t)R(rt) >> (R(rs) & 31)); return d + 1; }
OP(srav)
{
	R(rd) = (int64_t)((int32_t)R(rt) >> (R(rs) & 31));
	return d + 1;
}

static inline uint32_t ror32(uint32_t v, unsigned n)
{
	n &= 31;
	return n ? (v >> n) | (v << (32 - n)) : v;
}

static inline uint64_t ror64(uint64_t v, unsigned n)
{
	n &= 63;
	return n ? (v >> n) | (v << (64 - n)) : v;
}

OP(rotr) { R(rd) = sext32(ror32(R(rt), d->sa)); return d + 1; }
OP(rotrv) { R(rd) = sext32(ror32(R(rt), R(rs))); return d + 1; }

OP(dadd)
{
	int64_t r;

	NEED64();
	if (__builtin_add_overflow((int64_t)R(rs), (int64_t)R(rt), &r))
		return cpu_raise_d(c, d, EXC_OV);
	R(rd) = r;
	return d + 1;
}

OP(daddu) { NEED64(); R(rd) = R(rs) + R(rt); return d + 1; }

OP(dsub)
{
	int64_t r;

	NEED64();
	if (__builtin_sub_overflow((int64_t)R(rs), (int64_t)R(rt), &r))
		return cpu_raise_d(c, d, EXC_OV);
	R(rd) = r;
	return d + 1;
}

OP(dsubu) { NEED64(); R(rd) = R(rs) - R(rt); return d + 1; }

OP(daddi)
{
	int64_t r;

	NEED64();
	if (__builtin_add_overflow((int64_t)R(rs), (int64_t)d->imm, &r))
		return cpu_raise_d(c, d, EXC_OV);
	R(rd) = r;
	return d + 1;
}

OP(daddiu) { NEED64(); R(rd) = R(rs) + (int64_t)d->imm; return d + 1; }
OP(dsll) { NEED64(); R(rd) = R(rt) << d->sa; return d + 1; }
OP(dsrl) { NEED64(); R(rd) = R(rt) >> d->sa; return d + 1; }
OP(dsra) { NEED64(); R(rd) = (int64_t)R(rt) >> d->sa; return d + 1; }
OP(dsll32) { NEED64(); R(rd) = R(rt) << (d->sa + 32); return d + 1; }
OP(dsrl32) { NEED64(); R(rd) = R(rt) >> (d->sa + 32); return d + 1; }
OP(dsra32) { NEED64(); R(rd) = (int64_t)R(rt) >> (d->sa + 32); return d + 1; }
OP(dsllv) { NEED64(); R(rd) = R(rt) << (R(rs) & 63); return d + 1; }
OP(dsrlv) { NEED64(); R(rd) = R(rt) >> (R(rs) & 63); return d + 1; }
OP(dsrav) { NEED64(); R(rd) = (int64_t)R(rt) >> (R(rs) & 63); return d + 1; }
OP(drotr) { NEED64(); R(rd) = ror64(R(rt), d->sa); return d + 1; }
OP(drotr32) { NEED64(); R(rd) = ror64(R(rt), d->sa + 32); return d + 1; }
OP(drotrv) { NEED64(); R(rd) = ror64(R(rt), R(rs)); return d + 1; }

OP(mult)
{
	int64_t p = (int64_t)(int32_t)R(rs) * (int32_t)R(rt);

	c->lo = sext32(p);
	c->hi = sext32((uint64_t)p >> 32);
	return d + 1;
}

OP(multu)
{
	uint64_t p = (uint64_t)(uint32_t)R(rs) * (uint32_t)R(rt);

	c->lo = sext32(p);
	c->hi = sext32(p >> 32);
	return d + 1;
}

OP(div)
{
	int32_t a = R(rs), b = R(rt);

	if (b == 0) {
		c->lo = a < 0 ? 1 : -1;
		c->hi = (int64_t)a;
	} else if (a == INT32_MIN && b == -1) {
		c->lo = (int64_t)a;
		c->hi = 0;
	} else {
		c->lo = (int64_t)(a / b);
		c->hi = (int64_t)(a % b);
	}
	return d + 1;
}

OP(divu)
{
	uint32_t a = R(rs), b = R(rt);

	if (b == 0) {
		c->lo = -1;
		c->hi = sext32(a);
	} else {
		c->lo = sext32(a / b);
		c->hi = sext32(a % b);
	}
	return d + 1;
}

OP(dmult)
{
	__int128 p;

	NEED64();
	p = (__int128)(int64_t)R(rs) * (int64_t)R(rt);
	c->lo = (uint64_t)p;
	c->hi = (uint64_t)((unsigned __int128)p >> 64);
	return d + 1;
}

OP(dmultu)
{
	unsigned __int128 p;

	NEED64();
	p = (unsigned __int128)R(rs) * R(rt);
	c->lo = (uint64_t)p;
	c->hi = (uint64_t)(p >> 64);
	return d + 1;
}

OP(ddiv)
{
	int64_t a = R(rs), b = R(rt);

	NEED64();
	if (b == 0) {
		c->lo = a < 0 ? 1 : -1;
		c->hi = a;
	} else if (a == INT64_MIN && b == -1) {
		c->lo = a;
		c->hi = 0;
	} else {
		c->lo = a / b;
		c->hi = a % b;
	}
	return d + 1;
}

OP(ddivu)
{
	uint64_t a = R(rs), b = R(rt);

	NEED64();
	if (b == 0) {
		c->lo = -1;
		c->hi = a;
	} else {
		c->lo = a / b;
		c->hi = a % b;
	}
	return d + 1;
}

OP(mfhi) { R(rd) = c->hi; return d + 1; }
OP(mflo) { R(rd) = c->lo; return d + 1; }
OP(mthi) { c->hi = R(rs); return d + 1; }
OP(mtlo) { c->lo = R(rs); return d + 1; }

OP(movn)
{
	if (R(rt))
		R(rd) = R(rs);
	return d + 1;
}

OP(movz)
{
	if (!R(rt))
		R(rd) = R(rs);
	return d + 1;
}

OP(mul)
{
	R(rd) = sext32((uint64_t)((int64_t)(int32_t)R(rs) * (int32_t)R(rt)));
	return d + 1;
}

static inline uint64_t hilo(const struct soft_cpu *c)
{
	return (c->hi << 32) | (uint32_t)c->lo;
}

static inline void set_hilo(struct soft_cpu *c, uint64_t v)
{
	c->hi = sext32(v >> 32);
	c->lo = sext32(v);
}

OP(madd)
{
	set_hilo(c, hilo(c) + (uint64_t)((int64_t)(int32_t)R(rs) *
					 (int32_t)R(rt)));
	return d + 1;
}

OP(maddu)
{
	set_hilo(c, hilo(c) + (uint64_t)(uint32_t)R(rs) * (uint32_t)R(rt));
	return d + 1;
}

OP(msub)
{
	set_hilo(c, hilo(c) - (uint64_t)((int64_t)(int32_t)R(rs) *
					 (int32_t)R(rt)));
	return d + 1;
}

OP(msubu)
{
	set_hilo(c, hilo(c) - (uint64_t)(uint32_t)R(rs) * (uint32_t)R(rt));
	return d + 1;
}

OP(clz)
{
	uint32_t v = R(rs);

	R(rd) = v ? __builtin_clz(v) : 32;
	return d + 1;
}

OP(clo)
{
	uint32_t v = ~(uint32_t)R(rs);

	R(rd) = v ? __builtin_clz(v) : 32;
	return d + 1;
}

OP(dclz)
{
	uint64_t v = R(rs);

	NEED64();
	R(rd) = v ? __builtin_clzll(v) : 64;
	return d + 1;
}

OP(dclo)
{
	uint64_t v = ~R(rs);

	NEED64();
	R(rd) = v ? __builtin_clzll(v) : 64;
	return d + 1;
}

static inline uint64_t mask_bits(unsigned n)
{
	return n >= 64 ? ~0ull : (1ull << n) - 1;
}

/* EXT: pos = sa, size = msbd + 1 (msbd in the rd field, kept in imm). */
OP(ext)
{
	unsigned pos = d->sa, size = d->imm + 1;

	R(rd) = sext32(((uint32_t)R(rs) >> pos) & mask_bits(size));
	return d + 1;
}

/* INS: pos = sa, size = msb - lsb + 1 (imm holds the size). */
OP(ins)
{
	unsigned pos = d->sa, size = d->imm;
	uint32_t m = (uint32_t)(mask_bits(size) << pos);

	R(rd) = sext32(((uint32_t)R(rt) & ~m) | (((uint32_t)R(rs) << pos) & m));
	return d + 1;
}

/* The decoder folds DEXT/DEXTM/DEXTU (and DINS*) into pos/size. */
static inline struct dop *do_dext(struct soft_cpu *c, struct dop *d)
{
	unsigned pos = d->sa, size = d->imm;

	NEED64();
	R(rd) = (R(rs) >> pos) & mask_bits(size);
	return d + 1;
}

static inline struct dop *do_dins(struct soft_cpu *c, struct dop *d)
{
	unsigned pos = d->sa, size = d->imm;
	uint64_t m = mask_bits(size) << pos;

	NEED64();
	R(rd) = (R(rt) & ~m) | ((R(rs) << pos) & m);
	return d + 1;
}

OP(dext) { return do_dext(c, d); }
OP(dextm) { return do_dext(c, d); }
OP(dextu) { return do_dext(c, d); }
OP(dins) { return do_dins(c, d); }
OP(dinsm) { return do_dins(c, d); }
OP(dinsu) { return do_dins(c, d); }

OP(wsbh)
{
	uint32_t v = R(rt);

	R(rd) = sext32(((v & 0x00ff00ffu) << 8) | ((v >> 8) & 0x00ff00ffu));
	return d + 1;
}

OP(seb) { R(rd) = (int64_t)(int8_t)R(rt); return d + 1; }
OP(seh) { R(rd) = (int64_t)(int16_t)R(rt); return d + 1; }

OP(dsbh)
{
	uint64_t v = R(rt);

	NEED64();
	R(rd) = ((v & 0x00ff00ff00ff00ffull) << 8) |
		((v >> 8) & 0x00ff00ff00ff00ffull);
	return d + 1;
}

OP(dshd)
{
	uint64_t v = R(rt);

	NEED64();
	v = ((v & 0x0000ffff0000ffffull) << 16) |
	    ((v >> 16) & 0x0000ffff0000ffffull);
	R(rd) = (v << 32) | (v >> 32);
	return d + 1;
}
