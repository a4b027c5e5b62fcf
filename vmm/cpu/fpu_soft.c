/* Exact binary32/binary64 arithmetic in integer code (see fpu_soft.h).
 *
 * Finite nonzero values are unpacked to (sign, exp, sig) with the leading
 * one of sig at bit 62, so value = sig * 2^(exp - 62). Bit 63 catches the
 * carry of an addition; the bits below the format's precision are guard
 * bits, and bit 0 is kept "sticky" (ORed with everything shifted out), so
 * one rounding step at the end gives the correctly rounded result. */
#include <stddef.h>

#include "vmm/cpu/fpu_soft.h"

typedef unsigned __int128 u128;

struct fmt_par {
	unsigned mbits;		/* stored fraction bits */
	int bias;		/* also emax; emin = 1 - bias */
	uint64_t emask;		/* all-ones exponent field, unshifted */
};

static const struct fmt_par fmt_pars[] = {
	[FPU_SF_S] = { 23, 127, 0xff },
	[FPU_SF_D] = { 52, 1023, 0x7ff },
};

enum cls { C_ZERO, C_NORM, C_INF, C_QNAN, C_SNAN };

struct unp {
	enum cls cls;
	bool sign;
	int exp;
	uint64_t sig;
};

static inline int clz64(uint64_t v)
{
	return __builtin_clzll(v);
}

/* Shift right, ORing every bit shifted out into bit 0. */
static uint64_t shr_jam(uint64_t v, unsigned n)
{
	if (n == 0)
		return v;
	if (n >= 64)
		return v != 0;
	return (v >> n) | ((v & ((1ull << n) - 1)) != 0);
}

uint64_t fpu_sf_sign_bit(enum fpu_sf_fmt f)
{
	return f == FPU_SF_S ? 1ull << 31 : 1ull << 63;
}

uint64_t fpu_sf_default_nan(enum fpu_sf_fmt f)
{
	return f == FPU_SF_S ? 0x7fbfffffull : 0x7ff7ffffffffffffull;
}

static struct unp unpack(enum fpu_sf_fmt f, uint64_t a)
{
	const struct fmt_par *p = &fmt_pars[f];
	uint64_t e = (a >> p->mbits) & p->emask;
	uint64_t m = a & ((1ull << p->mbits) - 1);
	struct unp u = { .sign = (a & fpu_sf_sign_bit(f)) != 0 };

	if (e == p->emask) {
		if (m == 0)
			u.cls = C_INF;
		else if (m >> (p->mbits - 1))
			u.cls = C_SNAN;
		else
			u.cls = C_QNAN;
		return u;
	}
	if (e == 0) {
		if (m == 0) {
			u.cls = C_ZERO;
			return u;
		}
		/* Denormal: renormalise so the leading one is at bit 62. */
		int n = clz64(m) - 1;

		u.cls = C_NORM;
		u.sig = m << n;
		u.exp = (1 - p->bias) - (n - (62 - (int)p->mbits));
		return u;
	}
	u.cls = C_NORM;
	u.sig = ((1ull << p->mbits) | m) << (62 - p->mbits);
	u.exp = (int)e - p->bias;
	return u;
}

bool fpu_sf_is_nan(enum fpu_sf_fmt f, uint64_t a)
{
	enum cls c = unpack(f, a).cls;

	return c == C_QNAN || c == C_SNAN;
}

bool fpu_sf_is_snan(enum fpu_sf_fmt f, uint64_t a)
{
	return unpack(f, a).cls == C_SNAN;
}

bool fpu_sf_is_qnan(enum fpu_sf_fmt f, uint64_t a)
{
	return unpack(f, a).cls == C_QNAN;
}

bool fpu_sf_is_denormal(enum fpu_sf_fmt f, uint64_t a)
{
	const struct fmt_par *p = &fmt_pars[f];

	return ((a >> p->mbits) & p->emask) == 0 &&
	       (a & ((1ull << p->mbits) - 1)) != 0;
}

static uint64_t pack_zero(enum fpu_sf_fmt f, bool sign)
{
	return sign ? fpu_sf_sign_bit(f) : 0;
}

static uint64_t pack_inf(enum fpu_sf_fmt f, bool sign)
{
	const struct fmt_par *p = &fmt_pars[f];

	return pack_zero(f, sign) | (p->emask << p->mbits);
}

/* Whether rounding away the low `shift` bits of sig increments it. */
static bool round_up(unsigned rm, bool sign, uint64_t sig, unsigned shift)
{
	uint64_t rb = sig & ((1ull << shift) - 1);
	uint64_t half = 1ull << (shift - 1);

	switch (rm) {
	case FPU_SF_RN:
		return rb > half || (rb == half && ((sig >> shift) & 1));
	case FPU_SF_RP:
		return !sign && rb;
	case FPU_SF_RM:
		return sign && rb;
	default:
		return false;
	}
}

/* Overflow default by rounding mode (IEEE 754 7.4; R4000 Table 7-1). */
static uint64_t overflow_result(struct fpu_sf *s, enum fpu_sf_fmt f,
				bool sign)
{
	bool to_inf = s->rm == FPU_SF_RN ||
		      (s->rm == FPU_SF_RP && !sign) ||
		      (s->rm == FPU_SF_RM && sign);

	s->flags |= FPU_SF_O | FPU_SF_I;
	if (to_inf)
		return pack_inf(f, sign);
	return pack_inf(f, sign) - 1;	/* largest finite */
}

/* Round (sign, exp, sig) — sig's leading one at bit 62, sticky in bit 0 —
 * to format f and pack it, raising I/U/O. */
static uint64_t round_pack(struct fpu_sf *s, enum fpu_sf_fmt f, bool sign,
			   int exp, uint64_t sig)
{
	const struct fmt_par *p = &fmt_pars[f];
	unsigned shift = 62 - p->mbits;
	int emin = 1 - p->bias;
	uint64_t m, sbit = pack_zero(f, sign);
	bool inexact;

	if (exp < emin) {
		bool tiny = true;

		if (s->tiny_mode == FPU_SF_TINY_FLUSH_QEMU) {
			s->tiny = true;
			return sbit;
		}
		/* MIPS detects tininess after rounding (R4000 User's Manual
		 * 7.4, Underflow): just below the normal range a value can
		 * round up to the smallest normal and then is not tiny. */
		if (exp == emin - 1) {
			m = (sig >> shift) + round_up(s->rm, sign, sig, shift);
			if (m >> (p->mbits + 1))
				tiny = false;
		}
		sig = shr_jam(sig, (unsigned)(emin - exp) > 64 ?
				   64 : (unsigned)(emin - exp));
		inexact = (sig & ((1ull << shift) - 1)) != 0;
		m = (sig >> shift) + round_up(s->rm, sign, sig, shift);
		if (tiny) {
			s->tiny = true;
			if (s->tiny_mode == FPU_SF_TINY_FLUSH_R4K) {
				s->flags |= FPU_SF_U | FPU_SF_I;
				if ((s->rm == FPU_SF_RP && !sign) ||
				    (s->rm == FPU_SF_RM && sign))
					return sbit | (1ull << p->mbits);
				return sbit;
			}
			if (inexact)
				s->flags |= FPU_SF_U;
		}
		if (inexact)
			s->flags |= FPU_SF_I;
		/* A carry into bit mbits lands in the exponent field: the
		 * smallest normal, as it should. */
		return sbit | m;
	}

	inexact = (sig & ((1ull << shift) - 1)) != 0;
	m = (sig >> shift) + round_up(s->rm, sign, sig, shift);
	if (m >> (p->mbits + 1)) {
		m >>= 1;
		exp++;
	}
	if (exp > p->bias)
		return overflow_result(s, f, sign);
	if (inexact)
		s->flags |= FPU_SF_I;
	return sbit | ((uint64_t)(exp + p->bias) << p->mbits) |
	       (m & ((1ull << p->mbits) - 1));
}

/* Any NaN operand: V for a signaling one, the default NaN as result. */
static uint64_t nan_result(struct fpu_sf *s, enum fpu_sf_fmt f,
			   const struct unp *a, const struct unp *b)
{
	if (a->cls == C_SNAN || (b && b->cls == C_SNAN))
		s->flags |= FPU_SF_V;
	return fpu_sf_default_nan(f);
}

static uint64_t invalid(struct fpu_sf *s, enum fpu_sf_fmt f)
{
	s->flags |= FPU_SF_V;
	return fpu_sf_default_nan(f);
}

static bool is_nan(const struct unp *u)
{
	return u->cls == C_QNAN || u->cls == C_SNAN;
}

static uint64_t addsub(struct fpu_sf *s, enum fpu_sf_fmt f, uint64_t a,
		       uint64_t b, bool negate_b)
{
	struct unp x = unpack(f, a), y = unpack(f, b);
	uint64_t sig;
	int exp;

	if (is_nan(&x) || is_nan(&y))
		return nan_result(s, f, &x, &y);
	y.sign ^= negate_b;
	if (x.cls == C_INF) {
		if (y.cls == C_INF && x.sign != y.sign)
			return invalid(s, f);
		return pack_inf(f, x.sign);
	}
	if (y.cls == C_INF)
		return pack_inf(f, y.sign);
	if (x.cls == C_ZERO && y.cls == C_ZERO) {
		/* Exact zero sum: -0 only if both are -0, or in RM. */
		if (x.sign == y.sign)
			return pack_zero(f, x.sign);
		return pack_zero(f, s->rm == FPU_SF_RM);
	}
	/* x + 0 still goes through rounding: a denormal x may be flushed. */
	if (y.cls == C_ZERO)
		return round_pack(s, f, x.sign, x.exp, x.sig);
	if (x.cls == C_ZERO)
		return round_pack(s, f, y.sign, y.exp, y.sig);

	if (y.exp > x.exp || (y.exp == x.exp && y.sig > x.sig)) {
		struct unp t = x;

		x = y;
		y = t;
	}
	sig = shr_jam(y.sig, (unsigned)(x.exp - y.exp) > 64 ?
			     64 : (unsigned)(x.exp - y.exp));
	exp = x.exp;
	if (x.sign == y.sign) {
		sig += x.sig;
		if (sig >> 63) {
			sig = (sig >> 1) | (sig & 1);
			exp++;
		}
	} else {
		sig = x.sig - sig;
		if (sig == 0)
			return pack_zero(f, s->rm == FPU_SF_RM);
		int n = clz64(sig) - 1;

		sig <<= n;
		exp -= n;
	}
	return round_pack(s, f, x.sign, exp, sig);
}

uint64_t fpu_sf_add(struct fpu_sf *s, enum fpu_sf_fmt f, uint64_t a,
		    uint64_t b)
{
	return addsub(s, f, a, b, false);
}

uint64_t fpu_sf_sub(struct fpu_sf *s, enum fpu_sf_fmt f, uint64_t a,
		    uint64_t b)
{
	return addsub(s, f, a, b, true);
}

uint64_t fpu_sf_mul(struct fpu_sf *s, enum fpu_sf_fmt f, uint64_t a,
		    uint64_t b)
{
	struct unp x = unpack(f, a), y = unpack(f, b);
	bool sign = x.sign ^ y.sign;
	u128 prod;
	uint64_t sig;
	int exp;

	if (is_nan(&x) || is_nan(&y))
		return nan_result(s, f, &x, &y);
	if (x.cls == C_INF || y.cls == C_INF) {
		if (x.cls == C_ZERO || y.cls == C_ZERO)
			return invalid(s, f);
		return pack_inf(f, sign);
	}
	if (x.cls == C_ZERO || y.cls == C_ZERO)
		return pack_zero(f, sign);

	/* [2^62, 2^63) squared is [2^124, 2^126). */
	prod = (u128)x.sig * y.sig;
	exp = x.exp + y.exp;
	if (prod >> 125) {
		sig = (uint64_t)(prod >> 63) |
		      ((prod & ((((u128)1) << 63) - 1)) != 0);
		exp++;
	} else {
		sig = (uint64_t)(prod >> 62) |
		      ((prod & ((((u128)1) << 62) - 1)) != 0);
	}
	return round_pack(s, f, sign, exp, sig);
}

uint64_t fpu_sf_div(struct fpu_sf *s, enum fpu_sf_fmt f, uint64_t a,
		    uint64_t b)
{
	struct unp x = unpack(f, a), y = unpack(f, b);
	bool sign = x.sign ^ y.sign;
	uint64_t num, q;
	u128 n;
	int exp;

	if (is_nan(&x) || is_nan(&y))
		return nan_result(s, f, &x, &y);
	if (x.cls == C_INF) {
		if (y.cls == C_INF)
			return invalid(s, f);
		return pack_inf(f, sign);
	}
	if (y.cls == C_INF)
		return pack_zero(f, sign);
	if (y.cls == C_ZERO) {
		if (x.cls == C_ZERO)
			return invalid(s, f);
		s->flags |= FPU_SF_Z;
		return pack_inf(f, sign);
	}
	if (x.cls == C_ZERO)
		return pack_zero(f, sign);

	/* Arrange y <= num < 2y so the quotient lies in [2^62, 2^63). */
	num = x.sig;
	exp = x.exp - y.exp;
	if (num < y.sig) {
		num <<= 1;
		exp--;
	}
	n = (u128)num << 62;
	q = (uint64_t)(n / y.sig);
	q |= (n % y.sig) != 0;
	return round_pack(s, f, sign, exp, q);
}

uint64_t fpu_sf_sqrt(struct fpu_sf *s, enum fpu_sf_fmt f, uint64_t a)
{
	struct unp x = unpack(f, a);
	uint64_t r = 0, bit;
	u128 rad;
	int exp;

	if (is_nan(&x))
		return nan_result(s, f, &x, NULL);
	if (x.cls == C_ZERO)
		return a;	/* sqrt(-0) = -0 (IEEE 754 5.4.1) */
	if (x.sign)
		return invalid(s, f);
	if (x.cls == C_INF)
		return a;

	/* value = rad * 2^(exp - 124) with exp even; the root of rad lies
	 * in [2^62, 2^63) and is found one bit at a time. */
	exp = x.exp;
	if (exp & 1) {
		rad = (u128)x.sig << 63;
		exp--;
	} else {
		rad = (u128)x.sig << 62;
	}
	for (bit = 1ull << 62; bit; bit >>= 1) {
		uint64_t t = r | bit;

		if ((u128)t * t <= rad)
			r = t;
	}
	r |= (u128)r * r != rad;
	return round_pack(s, f, false, exp / 2, r);
}

uint64_t fpu_sf_cvt(struct fpu_sf *s, enum fpu_sf_fmt to,
		    enum fpu_sf_fmt from, uint64_t a)
{
	struct unp x = unpack(from, a);

	switch (x.cls) {
	case C_QNAN:
	case C_SNAN:
		return nan_result(s, to, &x, NULL);
	case C_INF:
		return pack_inf(to, x.sign);
	case C_ZERO:
		return pack_zero(to, x.sign);
	default:
		return round_pack(s, to, x.sign, x.exp, x.sig);
	}
}

uint64_t fpu_sf_from_int(struct fpu_sf *s, enum fpu_sf_fmt to, int64_t v)
{
	bool sign = v < 0;
	uint64_t mag = sign ? -(uint64_t)v : (uint64_t)v;
	int n;

	if (mag == 0)
		return 0;
	if (mag >> 63)	/* only -2^63 */
		return round_pack(s, to, sign, 63, mag >> 1);
	n = clz64(mag) - 1;
	return round_pack(s, to, sign, 62 - n, mag << n);
}

bool fpu_sf_to_int(struct fpu_sf *s, enum fpu_sf_fmt f, uint64_t a,
		   unsigned bits, unsigned rm, int64_t *out)
{
	struct unp x = unpack(f, a);
	uint64_t ip, rb, half, limit;
	bool inc;

	if (x.cls == C_ZERO) {
		*out = 0;
		return true;
	}
	if (x.cls != C_NORM || x.exp >= 63) {
		if (x.cls == C_NORM && bits == 64 && x.sign && x.exp == 63 &&
		    x.sig == 1ull << 62) {
			*out = INT64_MIN;
			return true;
		}
		s->flags |= FPU_SF_V;
		return false;
	}
	if (x.exp >= 0) {
		unsigned shift = 62 - x.exp;

		ip = x.sig >> shift;
		rb = shift ? x.sig & ((1ull << shift) - 1) : 0;
		half = shift ? 1ull << (shift - 1) : 1;
	} else if (x.exp == -1) {
		ip = 0;
		rb = x.sig;		/* value = sig * 2^-63, 1/2 = 2^62 */
		half = 1ull << 62;
	} else {
		ip = 0;
		rb = 1;			/* nonzero, below one half */
		half = 2;
	}
	switch (rm) {
	case FPU_SF_RN:
		inc = rb > half || (rb == half && (ip & 1));
		break;
	case FPU_SF_RP:
		inc = !x.sign && rb;
		break;
	case FPU_SF_RM:
		inc = x.sign && rb;
		break;
	default:
		inc = false;
	}
	ip += inc;
	limit = (1ull << (bits - 1)) - !x.sign;
	if (ip > limit) {
		s->flags |= FPU_SF_V;
		return false;
	}
	if (rb)
		s->flags |= FPU_SF_I;
	*out = x.sign ? (int64_t)-ip : (int64_t)ip;
	return true;
}

enum fpu_sf_rel fpu_sf_compare(struct fpu_sf *s, enum fpu_sf_fmt f,
			       uint64_t a, uint64_t b, bool signaling)
{
	struct unp x = unpack(f, a), y = unpack(f, b);
	uint64_t sb = fpu_sf_sign_bit(f), ma = a & (sb - 1), mb = b & (sb - 1);

	if (is_nan(&x) || is_nan(&y)) {
		if (signaling || x.cls == C_SNAN || y.cls == C_SNAN)
			s->flags |= FPU_SF_V;
		return FPU_SF_UN;
	}
	if (x.cls == C_ZERO && y.cls == C_ZERO)
		return FPU_SF_EQ;
	if (x.sign != y.sign)
		return x.sign ? FPU_SF_LT : FPU_SF_GT;
	if (ma == mb)
		return FPU_SF_EQ;
	/* Same sign: magnitudes order as their bit patterns. */
	return (ma < mb) != x.sign ? FPU_SF_LT : FPU_SF_GT;
}
