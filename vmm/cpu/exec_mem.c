/* Soft CPU loads and stores: aligned forms through the soft TLB fast
 * path, the unaligned LWL/LWR/SWL/SWR/LDL/LDR/SDL/SDR family, LL/SC.
 *
 * The unaligned forms are done byte by byte: in big-endian order LWL at
 * byte b of a word fills bits 31.. from addresses addr..addr+3-b, in
 * little-endian order from addr down to the word start (MIPS32 vol. II
 * LWL/LWR figures); the partial-LWR upper half follows the model
 * (SGI-FACTS 6.7: R4400 keeps it, R5000 sign-extends). SC succeeds iff
 * LLbit is set; any exception and ERET clear it. */
#include "ops.h"

#define R(x) c->gpr[d->x]
#define NEED64()                                                            \
	do {                                                                 \
		if (unlikely(!c->ops64))                                     \
			return cpu_raise_ri(c, d);                           \
	} while (0)

static inline uint64_t ea(const struct soft_cpu *c, const struct dop *d)
{
	return R(rs) + (int64_t)d->imm;
}

#define LOAD(name, size, conv)                                              \
	OP(name)                                                             \
	{                                                                    \
		uint64_t v;                                                  \
		struct dop *x = mem_read(c, d, ea(c, d), size, &v);          \
		if (unlikely(x != NULL))                                     \
			return x;                                            \
		R(rd) = conv;                                                \
		return d + 1;                                                \
	}

LOAD(lb, 1, (int64_t)(int8_t)v)
LOAD(lbu, 1, v)
LOAD(lh, 2, (int64_t)(int16_t)v)
LOAD(lhu, 2, v)
LOAD(lw, 4, (int64_t)(int32_t)v)

OP(lwu)
{
	uint64_t v;
	struct dop *x;

	NEED64();
	x = mem_read(c, d, ea(c, d), 4, &v);
	if (unlikely(x != NULL))
		return x;
	R(rd) = (uint32_t)v;
	return d + 1;
}

OP(ld)
{
	uint64_t v;
	struct dop *x;

	NEED64();
	x = mem_read(c, d, ea(c, d), 8, &v);
	if (unlikely(x != NULL))
		return x;
	R(rd) = v;
	return d + 1;
}

#define STORE(name, size)                                                   \
	OP(name)                                                             \
	{                                                                    \
		struct dop *x = mem_write(c, d, ea(c, d), size, R(rt));      \
		return unlikely(x != NULL) ? x : d + 1;                      \
	}

STORE(sb, 1)
STORE(sh, 2)
STORE(sw, 4)

OP(sd)
{
	struct dop *x;

	NEED64();
	x = mem_write(c, d, ea(c, d), 8, R(rt));
	return unlikely(x != NULL) ? x : d + 1;
}

static inline bool data_be(const struct soft_cpu *c)
{
	return c->swap != (__BYTE_ORDER__ == __ORDER_BIG_ENDIAN__);
}

/* Load the "left" part: n bytes starting at addr, walking dir, into the
 * most significant bytes of a width-byte value. */
static struct dop *load_part(struct soft_cpu *c, struct dop *d, uint64_t addr,
			     int dir, unsigned n, unsigned width, bool left,
			     uint64_t *val)
{
	uint64_t v = *val;

	for (unsigned i = 0; i < n; i++) {
		uint64_t b;
		unsigned shift = left ? 8 * (width - 1 - i) : 8 * i;
		struct dop *x = mem_read(c, d, addr + (int64_t)dir * i, 1, &b);

		if (x)
			return x;
		v = (v & ~(0xffull << shift)) | (b << shift);
	}
	*val = v;
	return NULL;
}

static struct dop *store_part(struct soft_cpu *c, struct dop *d,
			      uint64_t addr, int dir, unsigned n,
			      unsigned width, bool left, uint64_t v)
{
	for (unsigned i = 0; i < n; i++) {
		unsigned shift = left ? 8 * (width - 1 - i) : 8 * i;
		struct dop *x = mem_write(c, d, addr + (int64_t)dir * i, 1,
					  (v >> shift) & 0xff);

		if (x)
			return x;
	}
	return NULL;
}

/* The byte count and direction of a left/right access at addr. */
static inline void part_geom(const struct soft_cpu *c, uint64_t addr,
			     unsigned width, bool left, int *dir, unsigned *n)
{
	unsigned b = addr & (width - 1);
	bool be = data_be(c);

	if (left == be) {
		*dir = 1;
		*n = width - b;
	} else {
		*dir = -1;
		*n = b + 1;
	}
}

/* SWL/SWR/SDL/SDR: the bytes of a register that fall in the addressed
 * word or doubleword, from its left or right end. */
static struct dop *store_partial(struct soft_cpu *c, struct dop *d,
				 unsigned size, bool left, uint64_t val)
{
	uint64_t a = ea(c, d);
	unsigned n;
	int dir;
	struct dop *x;

	part_geom(c, a, size, left, &dir, &n);
	x = store_part(c, d, a, dir, n, size, left, val);
	return x ? x : d + 1;
}

/* LDL/LDR: merge the addressed bytes into rt. */
static struct dop *load_partial64(struct soft_cpu *c, struct dop *d, bool left)
{
	uint64_t a = ea(c, d), v = R(rt);
	unsigned n;
	int dir;
	struct dop *x;

	part_geom(c, a, 8, left, &dir, &n);
	x = load_part(c, d, a, dir, n, 8, left, &v);
	if (x)
		return x;
	R(rd) = v;
	return d + 1;
}

OP(lwl)
{
	uint64_t a = ea(c, d), v = (uint32_t)R(rt);
	unsigned n;
	int dir;
	struct dop *x;

	part_geom(c, a, 4, true, &dir, &n);
	x = load_part(c, d, a, dir, n, 4, true, &v);
	if (x)
		return x;
	R(rd) = sext32(v);
	return d + 1;
}

OP(lwr)
{
	uint64_t a = ea(c, d), old = R(rt), v = (uint32_t)old;
	unsigned n;
	int dir;
	struct dop *x;

	part_geom(c, a, 4, false, &dir, &n);
	x = load_part(c, d, a, dir, n, 4, false, &v);
	if (x)
		return x;
	if (n == 4 || (c->model->flags & CPU_LWR_SEXT) || !c->model->is64)
		R(rd) = sext32(v);
	else
		R(rd) = (old & ~0xffffffffull) | (uint32_t)v;
	return d + 1;
}

OP(swl)
{
	return store_partial(c, d, 4, true, (uint32_t)R(rt));
}

OP(swr)
{
	return store_partial(c, d, 4, false, (uint32_t)R(rt));
}

OP(ldl)
{
	NEED64();
	return load_partial64(c, d, true);
}

OP(ldr)
{
	NEED64();
	return load_partial64(c, d, false);
}

OP(sdl)
{
	NEED64();
	return store_partial(c, d, 8, true, R(rt));
}

OP(sdr)
{
	NEED64();
	return store_partial(c, d, 8, false, R(rt));
}

static struct dop *do_ll(struct soft_cpu *c, struct dop *d, unsigned size)
{
	uint64_t v, a = ea(c, d);
	struct dop *x = mem_read(c, d, a, size, &v);

	if (unlikely(x != NULL))
		return x;
	R(rd) = size == 4 ? (uint64_t)sext32(v) : v;
	c->llbit = true;
	/* LLAddr holds PA bits 35:4 on R4000; a VA-derived value is only
	 * diagnostic (SGI-FACTS 6.7), so keep the address bits we have. */
	c->lladdr = (a & 0xffffffffull) >> 4;
	return d + 1;
}

static struct dop *do_sc(struct soft_cpu *c, struct dop *d, unsigned size)
{
	uint64_t a = ea(c, d);
	struct dop *x;

	if (!c->llbit) {
		if (a & (size - 1))
			return cpu_raise_addr(c, dop_pc(c, d), a, EXC_ADES);
		R(rd) = 0;
		return d + 1;
	}
	x = mem_write(c, d, a, size, R(rt));
	if (unlikely(x != NULL))
		return x;
	c->llbit = false;
	R(rd) = 1;
	return d + 1;
}

OP(ll) { return do_ll(c, d, 4); }
OP(sc) { return do_sc(c, d, 4); }
OP(lld) { NEED64(); return do_ll(c, d, 8); }
OP(scd) { NEED64(); return do_sc(c, d, 8); }

/* SYNCI: make the line coherent for instruction fetch; the decoded code
 * for the line is dropped. Faults like a load when the address is not
 * mapped (MIPS32 vol. II SYNCI). */
OP(synci)
{
	uint64_t a = ea(c, d) & ~31ull, pa;
	struct dop *x = mmu_translate(c, dop_pc(c, d),
				      c->model->is64 ? a : (uint64_t)sext32(a),
				      ACC_LOAD, &pa, NULL);

	if (x)
		return x;
	code_invalidate(c, pa, 32);
	return d + 1;
}
