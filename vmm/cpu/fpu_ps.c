/* Paired single (PS): two binary32 values in one 64-bit FPR, upper half
 * PU, lower half PL (MIPS64 Vol. I, 6.3 "Paired Single"), and the MIPS-3D
 * operations on it. Only for cores whose FIR has PS, with FR=1 (QEMU:
 * RI otherwise). Each half is computed on its own; their exceptions are
 * ORed into one Cause, and if any is enabled neither half is written. */
#include "vmm/cpu/fpu_int.h"

static uint32_t pl(uint64_t v)
{
	return (uint32_t)v;
}

static uint32_t pu(uint64_t v)
{
	return (uint32_t)(v >> 32);
}

static uint64_t pair(uint32_t hi, uint32_t lo)
{
	return (uint64_t)hi << 32 | lo;
}

enum ps_bin { P_ADD, P_SUB, P_MUL, P_RECIP2, P_RSQRT2 };

static uint32_t ps_bin(struct fpu_sf *s, enum ps_bin op, uint32_t a,
		       uint32_t b)
{
	uint64_t r;

	switch (op) {
	case P_ADD:
		return (uint32_t)fpu_sf_add(s, FPU_SF_S, a, b);
	case P_SUB:
		return (uint32_t)fpu_sf_sub(s, FPU_SF_S, a, b);
	case P_MUL:
		return (uint32_t)fpu_sf_mul(s, FPU_SF_S, a, b);
	default:
		/* MIPS-3D: -(a*b - 1), and /2 for RSQRT2, see fpu.c */
		r = fpu_sf_mul(s, FPU_SF_S, a, b);
		r = fpu_sf_sub(s, FPU_SF_S, r, 0x3f800000);
		if (op == P_RSQRT2)
			r = fpu_sf_div(s, FPU_SF_S, r, 0x40000000);
		return (uint32_t)r ^ 0x80000000u;
	}
}

/* Write the pair unless an enabled exception was raised. */
static enum fpu_result ps_finish(struct fpu_op *o, unsigned fd, uint64_t v)
{
	if (fpu_op_end(o) != FPU_OK)
		return FPU_FPE;
	fpu_set_d(o->f, fd, v);
	return FPU_OK;
}

/* ADDR.PS/MULR.PS (MIPS-3D) reduce within each source: PL = ft.PL op
 * ft.PU, PU = fs.PL op fs.PU. */
static enum fpu_result ps_binary(struct fpu *f, enum ps_bin op, bool reduce,
				 unsigned fd, unsigned fs, unsigned ft)
{
	uint64_t a = fpu_get_d(f, fs), b = fpu_get_d(f, ft);
	struct fpu_op o;
	uint32_t lo, hi;

	fpu_op_begin(&o, f);
	if (reduce) {
		lo = ps_bin(&o.sf, op, pl(b), pu(b));
		hi = ps_bin(&o.sf, op, pl(a), pu(a));
	} else {
		lo = ps_bin(&o.sf, op, pl(a), pl(b));
		hi = ps_bin(&o.sf, op, pu(a), pu(b));
	}
	return ps_finish(&o, fd, pair(hi, lo));
}

static uint32_t ps_recip(struct fpu_sf *s, uint32_t a, bool rsqrt)
{
	uint64_t x = a;

	if (rsqrt)
		x = fpu_sf_sqrt(s, FPU_SF_S, x);
	return (uint32_t)fpu_sf_div(s, FPU_SF_S, 0x3f800000, x);
}

static enum fpu_result ps_recip1(struct fpu *f, bool rsqrt, unsigned fd,
				 unsigned fs)
{
	uint64_t a = fpu_get_d(f, fs);
	struct fpu_op o;
	uint32_t lo, hi;

	fpu_op_begin(&o, f);
	lo = ps_recip(&o.sf, pl(a), rsqrt);
	hi = ps_recip(&o.sf, pu(a), rsqrt);
	return ps_finish(&o, fd, pair(hi, lo));
}

/* CVT.PW.PS: each half to a word, 2^31-1 when invalid (MIPS-3D). */
static uint32_t ps_to_word(struct fpu_sf *s, uint32_t a)
{
	int64_t v;

	if (!fpu_sf_to_int(s, FPU_SF_S, a, 32, s->rm, &v))
		return INT32_MAX;
	return (uint32_t)v;
}

static enum fpu_result ps_cvt(struct fpu *f, bool to_word, unsigned fd,
			      unsigned fs)
{
	uint64_t a = fpu_get_d(f, fs);
	struct fpu_op o;
	uint32_t lo, hi;

	fpu_op_begin(&o, f);
	if (to_word) {
		lo = ps_to_word(&o.sf, pl(a));
		hi = ps_to_word(&o.sf, pu(a));
	} else {
		lo = (uint32_t)fpu_sf_from_int(&o.sf, FPU_SF_S, (int32_t)pl(a));
		hi = (uint32_t)fpu_sf_from_int(&o.sf, FPU_SF_S, (int32_t)pu(a));
	}
	return ps_finish(&o, fd, pair(hi, lo));
}

/* CVT.S.PU/CVT.S.PL copy one half; QEMU still clears Cause for them. */
static enum fpu_result ps_extract(struct fpu *f, bool upper, unsigned fd,
				  unsigned fs)
{
	uint64_t a = fpu_get_d(f, fs);
	struct fpu_op o;

	fpu_op_begin(&o, f);
	if (fpu_op_end(&o) != FPU_OK)
		return FPU_FPE;
	fpu_set_w(f, fd, upper ? pu(a) : pl(a));
	return FPU_OK;
}

/* cc+1 for the upper half. The architecture wants cc even; QEMU's odd
 * cc=7 computes bit 24+8, which its hosts' 32-bit shifts wrap to FCSR
 * bit 0. */
static void ps_set_upper_cond(struct fpu *f, unsigned cc, bool v)
{
	uint32_t bit = 1u << ((cc + 1 + 24) & 31);

	f->fcsr = v ? f->fcsr | bit : f->fcsr & ~bit;
}

static bool ps_upper_cond(const struct fpu *f, unsigned cc)
{
	return (f->fcsr >> ((cc + 1 + 24) & 31)) & 1;
}

/* C.cond.PS sets cc from the lower half and cc+1 from the upper. */
static enum fpu_result ps_compare(struct fpu *f, unsigned cond, unsigned cc,
				  bool abs, unsigned fs, unsigned ft)
{
	uint64_t a = fpu_get_d(f, fs), b = fpu_get_d(f, ft);
	uint32_t mag = abs ? 0x7fffffffu : 0xffffffffu;
	bool c[2];
	struct fpu_op o;

	fpu_op_begin(&o, f);
	for (int i = 0; i < 2; i++) {
		uint32_t x = (i ? pu(a) : pl(a)) & mag;
		uint32_t y = (i ? pu(b) : pl(b)) & mag;
		enum fpu_sf_rel rel = fpu_sf_compare(&o.sf, FPU_SF_S, x, y,
						     cond & 8);

		c[i] = ((cond & 4) && rel == FPU_SF_LT) ||
		       ((cond & 2) && rel == FPU_SF_EQ) ||
		       ((cond & 1) && rel == FPU_SF_UN);
	}
	if (fpu_op_end(&o) != FPU_OK)
		return FPU_FPE;
	fpu_set_cond(f, cc, c[0]);
	ps_set_upper_cond(f, cc, c[1]);
	return FPU_OK;
}

enum fpu_result fpu_ps_cop1(struct fpu *f, uint32_t insn,
			    const uint64_t *gpr)
{
	unsigned fmt = (insn >> 21) & 31, ft = (insn >> 16) & 31;
	unsigned fs = (insn >> 11) & 31, fd = (insn >> 6) & 31;
	unsigned func = insn & 63;
	uint64_t a, b;

	if (!(f->fir & FIR_PS))
		return fpu_reserved(f);
	if (!f->fr)
		return FPU_RI;
	if (fmt == FMT_S) {		/* CVT.PS.S: PU = fs, PL = ft */
		fpu_set_d(f, fd, pair(fpu_get_w(f, fs), fpu_get_w(f, ft)));
		return FPU_OK;
	}
	if (fmt == FMT_W)		/* CVT.PS.PW */
		return ps_cvt(f, false, fd, fs);
	if (func >= 0x30)
		return ps_compare(f, func & 15, (insn >> 8) & 7, insn & 0x40,
				  fs, ft);

	a = fpu_get_d(f, fs);
	b = fpu_get_d(f, ft);
	switch (func) {
	case 0x00: case 0x01: case 0x02:
		return ps_binary(f, (enum ps_bin)func, false, fd, fs, ft);
	case 0x05:			/* ABS/NEG/MOV: bits only, as QEMU */
		fpu_set_d(f, fd, a & 0x7fffffff7fffffffull);
		return FPU_OK;
	case 0x06:
		fpu_set_d(f, fd, a);
		return FPU_OK;
	case 0x07:
		fpu_set_d(f, fd, a ^ 0x8000000080000000ull);
		return FPU_OK;
	case 0x11: {			/* MOVF/MOVT.PS: PL on cc, PU on cc+1 */
		unsigned cc = ft >> 2;
		bool tf = ft & 1;
		uint64_t d = fpu_get_d(f, fd);

		if (fpu_cond(f, cc) == tf)
			d = pair(pu(d), pl(a));
		if (ps_upper_cond(f, cc) == tf)
			d = pair(pu(a), pl(d));
		fpu_set_d(f, fd, d);
		return FPU_OK;
	}
	case 0x12: case 0x13:		/* MOVZ/MOVN.PS */
		if ((gpr[ft] == 0) == (func == 0x12))
			fpu_set_d(f, fd, a);
		return FPU_OK;
	case 0x18:
		return ps_binary(f, P_ADD, true, fd, fs, ft);	/* ADDR */
	case 0x1a:
		return ps_binary(f, P_MUL, true, fd, fs, ft);	/* MULR */
	case 0x1c:
		return ps_binary(f, P_RECIP2, false, fd, fs, ft);
	case 0x1f:
		return ps_binary(f, P_RSQRT2, false, fd, fs, ft);
	case 0x1d: case 0x1e:
		return ps_recip1(f, func == 0x1e, fd, fs);
	case 0x20:
		return ps_extract(f, true, fd, fs);		/* CVT.S.PU */
	case 0x24:
		return ps_cvt(f, true, fd, fs);			/* CVT.PW.PS */
	case 0x28:
		return ps_extract(f, false, fd, fs);		/* CVT.S.PL */
	case 0x2c:					/* PLL.PS */
		fpu_set_d(f, fd, pair(pl(a), pl(b)));
		return FPU_OK;
	case 0x2d:					/* PLU.PS */
		fpu_set_d(f, fd, pair(pl(a), pu(b)));
		return FPU_OK;
	case 0x2e:					/* PUL.PS */
		fpu_set_d(f, fd, pair(pu(a), pl(b)));
		return FPU_OK;
	case 0x2f:					/* PUU.PS */
		fpu_set_d(f, fd, pair(pu(a), pu(b)));
		return FPU_OK;
	default:
		return fpu_reserved(f);
	}
}

/* MADD/MSUB/NMADD/NMSUB.PS: each half as the .S forms (product rounded,
 * then the sum; the N forms flip the sign). */
enum fpu_result fpu_ps_cop1x(struct fpu *f, uint32_t insn)
{
	unsigned fr = (insn >> 21) & 31, ft = (insn >> 16) & 31;
	unsigned fs = (insn >> 11) & 31, fd = (insn >> 6) & 31;
	unsigned op = (insn >> 3) & 7;
	uint64_t a, b, c;
	uint32_t h[2];
	struct fpu_op o;

	if (!(f->fir & FIR_PS))
		return fpu_reserved(f);
	if (!f->fr)
		return FPU_RI;
	a = fpu_get_d(f, fs);
	b = fpu_get_d(f, ft);
	c = fpu_get_d(f, fr);
	fpu_op_begin(&o, f);
	for (int i = 0; i < 2; i++) {
		unsigned sh = i * 32;
		uint64_t r = fpu_sf_mul(&o.sf, FPU_SF_S, (uint32_t)(a >> sh),
					(uint32_t)(b >> sh));

		if (op & 1)
			r = fpu_sf_sub(&o.sf, FPU_SF_S, r, (uint32_t)(c >> sh));
		else
			r = fpu_sf_add(&o.sf, FPU_SF_S, r, (uint32_t)(c >> sh));
		h[i] = (uint32_t)r ^ (op & 2 ? 0x80000000u : 0);
	}
	return ps_finish(&o, fd, pair(h[1], h[0]));
}
