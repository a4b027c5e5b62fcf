/* Soft CPU: the integer operations that can never raise an exception
 * (MIPS64 vol. II), one inline body each. exec_alu.c wraps them as
 * handlers (op_X); interp.c runs the same bodies inline, so each
 * instruction's meaning is written once. (SYNC and PREF are here too:
 * they do nothing and cannot fault.) 32-bit results are
 * sign-extended; the 64-bit list needs 64-bit operations enabled, which
 * the callers check (RI otherwise). */
#ifndef MIPSVZ_CPU_ALU_H
#define MIPSVZ_CPU_ALU_H

#include "soft_int.h"

#ifndef R
#define R(x) c->gpr[d->x]
#endif

#define ALU32_OPS(X)                                                        \
	X(nop) X(move) X(li) X(addu) X(subu) X(and) X(or) X(xor) X(nor)     \
	X(slt) X(sltu) X(addiu) X(slti) X(sltiu) X(andi) X(ori) X(xori)     \
	X(lui) X(sll) X(srl) X(sra) X(sllv) X(srlv) X(srav) X(rotr)         \
	X(rotrv) X(mult) X(multu) X(div) X(divu) X(mfhi) X(mflo) X(mthi)    \
	X(mtlo) X(movn) X(movz) X(mul) X(madd) X(maddu) X(msub) X(msubu)    \
	X(clz) X(clo) X(ext) X(ins) X(wsbh) X(seb) X(seh) X(sync) X(pref)

#define ALU64_OPS(X)                                                        \
	X(daddu) X(dsubu) X(daddiu) X(dsll) X(dsrl) X(dsra) X(dsll32)       \
	X(dsrl32) X(dsra32) X(dsllv) X(dsrlv) X(dsrav) X(drotr) X(drotr32)  \
	X(drotrv) X(dmult) X(dmultu) X(ddiv) X(ddivu) X(dclz) X(dclo)       \
	X(dext) X(dextm) X(dextu) X(dins) X(dinsm) X(dinsu) X(dsbh) X(dshd)

#define ALU(name)                                                           \
	static inline __attribute__((always_inline)) void                   \
	alu_##name(struct soft_cpu *c, const struct dop *d)

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

static inline uint64_t mask_bits(unsigned n)
{
	return n >= 64 ? ~0ull : (1ull << n) - 1;
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

ALU(nop) { (void)c; (void)d; }
/* Memory is always coherent and ordered here; a prefetch is a hint. */
ALU(sync) { (void)c; (void)d; }
ALU(pref) { (void)c; (void)d; }
ALU(move) { R(rd) = R(rs); }
ALU(li) { R(rd) = (int64_t)d->imm; }
ALU(addu) { R(rd) = sext32(R(rs) + R(rt)); }
ALU(subu) { R(rd) = sext32(R(rs) - R(rt)); }
ALU(and) { R(rd) = R(rs) & R(rt); }
ALU(or) { R(rd) = R(rs) | R(rt); }
ALU(xor) { R(rd) = R(rs) ^ R(rt); }
ALU(nor) { R(rd) = ~(R(rs) | R(rt)); }
ALU(slt) { R(rd) = (int64_t)R(rs) < (int64_t)R(rt); }
ALU(sltu) { R(rd) = R(rs) < R(rt); }
ALU(addiu) { R(rd) = sext32(R(rs) + (int64_t)d->imm); }
ALU(slti) { R(rd) = (int64_t)R(rs) < (int64_t)d->imm; }
ALU(sltiu) { R(rd) = R(rs) < (uint64_t)(int64_t)d->imm; }
ALU(andi) { R(rd) = R(rs) & (uint32_t)d->imm; }
ALU(ori) { R(rd) = R(rs) | (uint32_t)d->imm; }
ALU(xori) { R(rd) = R(rs) ^ (uint32_t)d->imm; }
ALU(lui) { R(rd) = (int64_t)d->imm; }
ALU(sll) { R(rd) = sext32((uint32_t)R(rt) << d->sa); }
ALU(srl) { R(rd) = sext32((uint32_t)R(rt) >> d->sa); }
ALU(sra) { R(rd) = (int64_t)((int32_t)R(rt) >> d->sa); }
ALU(sllv) { R(rd) = sext32((uint32_t)R(rt) << (R(rs) & 31)); }
ALU(srlv) { R(rd) = sext32((uint32_t)R(rt) >> (R(rs) & 31)); }
ALU(srav) { R(rd) = (int64_t)((int32_t)R(rt) >> (R(rs) & 31)); }
ALU(rotr) { R(rd) = sext32(ror32(R(rt), d->sa)); }
ALU(rotrv) { R(rd) = sext32(ror32(R(rt), R(rs))); }

ALU(mult)
{
	int64_t p = (int64_t)(int32_t)R(rs) * (int32_t)R(rt);

	c->lo = sext32(p);
	c->hi = sext32((uint64_t)p >> 32);
}

ALU(multu)
{
	uint64_t p = (uint64_t)(uint32_t)R(rs) * (uint32_t)R(rt);

	c->lo = sext32(p);
	c->hi = sext32(p >> 32);
}

/* Division by zero leaves HI/LO unpredictable on hardware; here they get
 * fixed values and the host never traps. */
ALU(div)
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
}

ALU(divu)
{
	uint32_t a = R(rs), b = R(rt);

	if (b == 0) {
		c->lo = -1;
		c->hi = sext32(a);
	} else {
		c->lo = sext32(a / b);
		c->hi = sext32(a % b);
	}
}

ALU(mfhi) { R(rd) = c->hi; }
ALU(mflo) { R(rd) = c->lo; }
ALU(mthi) { c->hi = R(rs); }
ALU(mtlo) { c->lo = R(rs); }

ALU(movn)
{
	if (R(rt))
		R(rd) = R(rs);
}

ALU(movz)
{
	if (!R(rt))
		R(rd) = R(rs);
}

ALU(mul)
{
	R(rd) = sext32((uint64_t)((int64_t)(int32_t)R(rs) * (int32_t)R(rt)));
}

ALU(madd)
{
	set_hilo(c, hilo(c) + (uint64_t)((int64_t)(int32_t)R(rs) *
					 (int32_t)R(rt)));
}

ALU(maddu)
{
	set_hilo(c, hilo(c) + (uint64_t)(uint32_t)R(rs) * (uint32_t)R(rt));
}

ALU(msub)
{
	set_hilo(c, hilo(c) - (uint64_t)((int64_t)(int32_t)R(rs) *
					 (int32_t)R(rt)));
}

ALU(msubu)
{
	set_hilo(c, hilo(c) - (uint64_t)(uint32_t)R(rs) * (uint32_t)R(rt));
}

ALU(clz)
{
	uint32_t v = R(rs);

	R(rd) = v ? __builtin_clz(v) : 32;
}

ALU(clo)
{
	uint32_t v = ~(uint32_t)R(rs);

	R(rd) = v ? __builtin_clz(v) : 32;
}

/* EXT: pos = sa, size = msbd + 1 (msbd in the rd field, kept in imm). */
ALU(ext)
{
	unsigned pos = d->sa, size = d->imm + 1;

	R(rd) = sext32(((uint32_t)R(rs) >> pos) & mask_bits(size));
}

/* INS: pos = sa, size = msb - lsb + 1 (imm holds the size). */
ALU(ins)
{
	unsigned pos = d->sa, size = d->imm;
	uint32_t m = (uint32_t)(mask_bits(size) << pos);

	R(rd) = sext32(((uint32_t)R(rt) & ~m) | (((uint32_t)R(rs) << pos) & m));
}

ALU(wsbh)
{
	uint32_t v = R(rt);

	R(rd) = sext32(((v & 0x00ff00ffu) << 8) | ((v >> 8) & 0x00ff00ffu));
}

ALU(seb) { R(rd) = (int64_t)(int8_t)R(rt); }
ALU(seh) { R(rd) = (int64_t)(int16_t)R(rt); }

ALU(daddu) { R(rd) = R(rs) + R(rt); }
ALU(dsubu) { R(rd) = R(rs) - R(rt); }
ALU(daddiu) { R(rd) = R(rs) + (int64_t)d->imm; }
ALU(dsll) { R(rd) = R(rt) << d->sa; }
ALU(dsrl) { R(rd) = R(rt) >> d->sa; }
ALU(dsra) { R(rd) = (int64_t)R(rt) >> d->sa; }
ALU(dsll32) { R(rd) = R(rt) << (d->sa + 32); }
ALU(dsrl32) { R(rd) = R(rt) >> (d->sa + 32); }
ALU(dsra32) { R(rd) = (int64_t)R(rt) >> (d->sa + 32); }
ALU(dsllv) { R(rd) = R(rt) << (R(rs) & 63); }
ALU(dsrlv) { R(rd) = R(rt) >> (R(rs) & 63); }
ALU(dsrav) { R(rd) = (int64_t)R(rt) >> (R(rs) & 63); }
ALU(drotr) { R(rd) = ror64(R(rt), d->sa); }
ALU(drotr32) { R(rd) = ror64(R(rt), d->sa + 32); }
ALU(drotrv) { R(rd) = ror64(R(rt), R(rs)); }

ALU(dmult)
{
	__int128 p = (__int128)(int64_t)R(rs) * (int64_t)R(rt);

	c->lo = (uint64_t)p;
	c->hi = (uint64_t)((unsigned __int128)p >> 64);
}

ALU(dmultu)
{
	unsigned __int128 p = (unsigned __int128)R(rs) * R(rt);

	c->lo = (uint64_t)p;
	c->hi = (uint64_t)(p >> 64);
}

ALU(ddiv)
{
	int64_t a = R(rs), b = R(rt);

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
}

ALU(ddivu)
{
	uint64_t a = R(rs), b = R(rt);

	if (b == 0) {
		c->lo = -1;
		c->hi = a;
	} else {
		c->lo = a / b;
		c->hi = a % b;
	}
}

ALU(dclz)
{
	uint64_t v = R(rs);

	R(rd) = v ? __builtin_clzll(v) : 64;
}

ALU(dclo)
{
	uint64_t v = ~R(rs);

	R(rd) = v ? __builtin_clzll(v) : 64;
}

/* The decoder folds DEXT/DEXTM/DEXTU (and DINS*) into pos/size. */
ALU(dext) { R(rd) = (R(rs) >> d->sa) & mask_bits(d->imm); }
ALU(dextm) { alu_dext(c, d); }
ALU(dextu) { alu_dext(c, d); }

ALU(dins)
{
	uint64_t m = mask_bits(d->imm) << d->sa;

	R(rd) = (R(rt) & ~m) | ((R(rs) << d->sa) & m);
}

ALU(dinsm) { alu_dins(c, d); }
ALU(dinsu) { alu_dins(c, d); }

ALU(dsbh)
{
	uint64_t v = R(rt);

	R(rd) = ((v & 0x00ff00ff00ff00ffull) << 8) |
		((v >> 8) & 0x00ff00ff00ff00ffull);
}

ALU(dshd)
{
	uint64_t v = R(rt);

	v = ((v & 0x0000ffff0000ffffull) << 16) |
	    ((v >> 16) & 0x0000ffff0000ffffull);
	R(rd) = (v << 32) | (v >> 32);
}

#endif
