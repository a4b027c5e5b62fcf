/* CP1, the floating-point unit of the soft CPU: register file views
 * (Status.FR), FCSR, and the COP1/COP1X computational instructions.
 * The arithmetic itself is exact integer code in fpu_soft.c.
 *
 * Two behaviours, chosen by the model (see docs/hw/fpu.md):
 *  - R2 cores (24Kf, 5KEf...) behave as QEMU's MIPS target does, which
 *    the differential tests compare against: reserved encodings raise RI,
 *    ABS/NEG/MOV are sign-bit operations that leave FCSR alone, FS=1
 *    flushes tiny results to zero silently.
 *  - R4000-class cores (denorm_trap) follow the R4000 User's Manual,
 *    7.4 "Unimplemented Instruction Exception": denormal or quiet-NaN
 *    operands of a computational or convert instruction, a tiny result
 *    (unless FS=1 with U and I disabled), and reserved COP1 encodings
 *    stop with Cause.E set so the OS emulates the instruction. */
#include <stddef.h>
#include <string.h>

#include "vmm/cpu/fpu.h"
#include "vmm/cpu/fpu_int.h"
#include "vmm/cpu/fpu_soft.h"

/* Writable FCSR bits: MIPS III has only condition bit 23 (and FS);
 * MIPS IV and later add FCC1..7 at 25..31. Bits 18..22 read as zero on
 * legacy-NaN cores (QEMU: fcr31_rw_bitmask 0xff83ffff). */
static uint32_t fcsr_rw_mask(const struct fpu *f)
{
	return f->isa == ISA_MIPS3 ? 0x0183ffffu : 0xff83ffffu;
}

static bool isa_r2(const struct fpu *f)
{
	return f->isa == ISA_MIPS32R2 || f->isa == ISA_MIPS64R2;
}

/* The MIPS-3D scalar steps (RECIP1/2, RSQRT1/2, CABS): QEMU 7.2 offers
 * them on any R2 core whatever FIR.3D says. */
static bool has_3d(const struct fpu *f)
{
	return isa_r2(f) || (f->fir & FIR_3D);
}

void fpu_reset(struct fpu *f, const struct cpu_model *model)
{
	memset(f, 0, sizeof(*f));
	if (model) {
		f->fir = model->fir;
		f->isa = model->isa;
		f->denorm_trap = (model->flags & CPU_FPU_DENORM_TRAP) != 0;
	}
}

/* --- register views ----------------------------------------------- */

/* MFHC1/MTHC1: with FR=0 the high word is the odd register of the pair
 * (MIPS32 Vol. II, MFHC1). */
uint32_t fpu_get_hi(const struct fpu *f, unsigned reg)
{
	return (uint32_t)(fpu_get_d(f, reg) >> 32);
}

void fpu_set_hi(struct fpu *f, unsigned reg, uint32_t v)
{
	if (f->fr)
		f->fpr[reg & 31] = (f->fpr[reg & 31] & 0xffffffffull) |
				   ((uint64_t)v << 32);
	else
		fpu_set_w(f, (reg & 31) | 1, v);
}

bool fpu_cond(const struct fpu *f, unsigned cc)
{
	unsigned bit = cc ? 24 + (cc & 7) : 23;

	return (f->fcsr >> bit) & 1;
}

void fpu_set_cond(struct fpu *f, unsigned cc, bool v)
{
	uint32_t bit = 1u << (cc ? 24 + (cc & 7) : 23);

	f->fcsr = v ? f->fcsr | bit : f->fcsr & ~bit;
}

/* --- control registers ------------------------------------------- */

uint32_t fpu_cfc1(const struct fpu *f, unsigned reg)
{
	uint32_t c = f->fcsr;

	switch (reg) {
	case 0:
		return f->fir;
	case 1:		/* UFR and FRE aliases: absent on these cores */
	case 5:
		return 0;
	case 25:	/* FCCR: FCC7..1 then FCC0 */
		return ((c >> 24) & 0xfe) | ((c >> 23) & 1);
	case 26:	/* FEXR: cause and flags */
		return c & 0x0003f07c;
	case 28:	/* FENR: enables, FS (as bit 2) and RM */
		return (c & 0x00000f83) | ((c >> 22) & 4);
	default:	/* QEMU answers FCSR for the rest */
		return c;
	}
}

/* A write that leaves a cause bit with its enable set (Cause.E has no
 * enable: it always traps) raises the exception at once (MIPS32 Vol. II,
 * CTC1). */
static enum fpu_result fcsr_pending(const struct fpu *f)
{
	uint32_t cause = (f->fcsr >> FCSR_CAUSE_SH) & 0x3f;
	uint32_t en = ((f->fcsr >> FCSR_ENABLE_SH) & 0x1f) | 0x20;

	return (cause & en) ? FPU_FPE : FPU_OK;
}

enum fpu_result fpu_ctc1(struct fpu *f, unsigned reg, uint32_t v)
{
	uint32_t c = f->fcsr, mask = fcsr_rw_mask(f);

	switch (reg) {
	case 25:
		if (v & 0xffffff00)
			return FPU_OK;	/* QEMU ignores such writes */
		c = (c & 0x017fffff) | ((v & 0xfe) << 24) | ((v & 1) << 23);
		break;
	case 26:
		if (v & 0x007c0000)
			return FPU_OK;
		c = (c & 0xfffc0f83) | (v & 0x0003f07c);
		break;
	case 28:
		if (v & 0x007c0000)
			return FPU_OK;
		c = (c & 0xfefff07c) | (v & 0x00000f83) | ((v & 4) << 22);
		break;
	case 31:
		c = v;
		break;
	default:
		return FPU_OK;
	}
	f->fcsr = (c & mask) | (f->fcsr & ~mask);
	return fcsr_pending(f);
}

/* --- execution context -------------------------------------------- */

static unsigned fcsr_enables(const struct fpu *f)
{
	return (f->fcsr >> FCSR_ENABLE_SH) & 0x1f;
}

void fpu_op_begin(struct fpu_op *o, struct fpu *f)
{
	bool fs = (f->fcsr & FCSR_FS) != 0;

	memset(o, 0, sizeof(*o));
	o->f = f;
	o->sf.rm = f->fcsr & FCSR_RM;
	o->flush_r4k = f->denorm_trap && fs &&
		       !(fcsr_enables(f) & (FPU_SF_U | FPU_SF_I));
	if (o->flush_r4k)
		o->sf.tiny_mode = FPU_SF_TINY_FLUSH_R4K;
	else if (fs && !f->denorm_trap)
		o->sf.tiny_mode = FPU_SF_TINY_FLUSH_QEMU;
	else
		o->sf.tiny_mode = FPU_SF_TINY_DENORM;
}

static void set_cause(struct fpu *f, uint32_t cause)
{
	f->fcsr = (f->fcsr & ~FCSR_CAUSE) | (cause << FCSR_CAUSE_SH);
}

/* Unimplemented operation: Cause holds E alone, nothing is written, the
 * OS emulates the instruction (R4000 User's Manual 7.4). */
static enum fpu_result unimplemented(struct fpu *f)
{
	set_cause(f, FCSR_E >> FCSR_CAUSE_SH);
	return FPU_FPE;
}

/* An encoding this model does not implement: RI on R2 cores (QEMU),
 * Unimplemented on R4000-class cores, whose FPU decodes the whole COP1
 * space (R4000 User's Manual 7.4: reserved opcodes, unimplemented
 * formats and CVT.S.S-like operations all raise E). */
enum fpu_result fpu_reserved(struct fpu *f)
{
	return f->denorm_trap ? unimplemented(f) : FPU_RI;
}

/* Decide how the operation ends: FPU_OK means write the result. Cause is
 * rewritten by every arithmetic instruction; flags only accumulate when
 * no trap is taken (MIPS32 Vol. II, "Cause bits are ORed into the Flag
 * bits if no exception is taken"). */
enum fpu_result fpu_op_end(struct fpu_op *o)
{
	struct fpu *f = o->f;
	unsigned cause = o->sf.flags;

	if (f->denorm_trap && o->sf.tiny && !o->flush_r4k)
		return unimplemented(f);
	set_cause(f, cause);
	if (cause & fcsr_enables(f))
		return FPU_FPE;
	f->fcsr |= cause << FCSR_FLAGS_SH;
	return FPU_OK;
}

/* R4000-class operand check for computational and convert instructions
 * (not compares, not moves). */
static bool trap_operand(const struct fpu *f, enum fpu_sf_fmt fmt,
			 uint64_t v)
{
	return f->denorm_trap &&
	       (fpu_sf_is_denormal(fmt, v) || fpu_sf_is_qnan(fmt, v));
}

/* --- operand access ----------------------------------------------- */

/* With FR=0 a 64-bit operand must name an even register; QEMU raises RI
 * for odd ones (the manuals leave it UNPREDICTABLE). */
static bool reg_ok(const struct fpu *f, unsigned reg, bool wide)
{
	return !wide || f->fr || !(reg & 1);
}

static bool fmt_wide(unsigned fmt)
{
	return fmt == FMT_D || fmt == FMT_L;
}

static uint64_t rd_fmt(const struct fpu *f, unsigned fmt, unsigned reg)
{
	return fmt_wide(fmt) ? fpu_get_d(f, reg) : fpu_get_w(f, reg);
}

static void wr_fmt(struct fpu *f, unsigned fmt, unsigned reg, uint64_t v)
{
	if (fmt_wide(fmt))
		fpu_set_d(f, reg, v);
	else
		fpu_set_w(f, reg, (uint32_t)v);
}

static enum fpu_sf_fmt sf_fmt(unsigned fmt)
{
	return fmt == FMT_D ? FPU_SF_D : FPU_SF_S;
}

/* The 64-bit fixed-point format and CVT/ROUND.. .L exist on MIPS III
 * and IV in either FR mode; QEMU's R2 cores demand FR=1 (MIPS32 Vol. II,
 * CVT.L.fmt: UNPREDICTABLE with FR=0). */
static bool long_ok(const struct fpu *f)
{
	return !isa_r2(f) || f->fr;
}

/* --- instruction groups ------------------------------------------- */

enum arith { A_ADD, A_SUB, A_MUL, A_DIV };

static uint64_t sf_arith(struct fpu_sf *s, enum fpu_sf_fmt t, enum arith op,
			 uint64_t a, uint64_t b)
{
	switch (op) {
	case A_ADD:
		return fpu_sf_add(s, t, a, b);
	case A_SUB:
		return fpu_sf_sub(s, t, a, b);
	case A_MUL:
		return fpu_sf_mul(s, t, a, b);
	default:
		return fpu_sf_div(s, t, a, b);
	}
}

static enum fpu_result do_arith(struct fpu *f, unsigned fmt, enum arith op,
				unsigned fd, unsigned fs, unsigned ft)
{
	enum fpu_sf_fmt t = sf_fmt(fmt);
	uint64_t a = rd_fmt(f, fmt, fs), b = rd_fmt(f, fmt, ft), r;
	struct fpu_op o;

	if (trap_operand(f, t, a) || trap_operand(f, t, b))
		return unimplemented(f);
	fpu_op_begin(&o, f);
	r = sf_arith(&o.sf, t, op, a, b);
	if (fpu_op_end(&o) != FPU_OK)
		return FPU_FPE;
	wr_fmt(f, fmt, fd, r);
	return FPU_OK;
}

enum unop { U_SQRT, U_RECIP, U_RSQRT };

static uint64_t fp_one(enum fpu_sf_fmt t)
{
	return t == FPU_SF_S ? 0x3f800000ull : 0x3ff0000000000000ull;
}

static enum fpu_result do_unary(struct fpu *f, unsigned fmt, enum unop op,
				unsigned fd, unsigned fs)
{
	enum fpu_sf_fmt t = sf_fmt(fmt);
	uint64_t a = rd_fmt(f, fmt, fs), one, r;
	struct fpu_op o;

	if (trap_operand(f, t, a))
		return unimplemented(f);
	fpu_op_begin(&o, f);
	one = fp_one(t);
	switch (op) {
	case U_SQRT:
		r = fpu_sf_sqrt(&o.sf, t, a);
		break;
	case U_RECIP:
		r = fpu_sf_div(&o.sf, t, one, a);
		break;
	default:
		/* Two roundings, as QEMU computes it; the MIPS IV manual
		 * allows RSQRT to differ from 1/sqrt by an ulp anyway. */
		r = fpu_sf_div(&o.sf, t, one, fpu_sf_sqrt(&o.sf, t, a));
		break;
	}
	if (fpu_op_end(&o) != FPU_OK)
		return FPU_FPE;
	wr_fmt(f, fmt, fd, r);
	return FPU_OK;
}

/* MIPS-3D Newton-Raphson steps (MIPS-3D ASE, RECIP2.fmt/RSQRT2.fmt):
 * RECIP2 = -(fs*ft - 1), RSQRT2 = -(fs*ft - 1)/2, each step rounded and
 * the negation a sign flip, as QEMU computes them. */
static enum fpu_result do_step2(struct fpu *f, unsigned fmt, bool rsqrt,
				unsigned fd, unsigned fs, unsigned ft)
{
	enum fpu_sf_fmt t = sf_fmt(fmt);
	uint64_t a = rd_fmt(f, fmt, fs), b = rd_fmt(f, fmt, ft), r;
	uint64_t two = t == FPU_SF_S ? 0x40000000ull : 0x4000000000000000ull;
	struct fpu_op o;

	if (trap_operand(f, t, a) || trap_operand(f, t, b))
		return unimplemented(f);
	fpu_op_begin(&o, f);
	r = fpu_sf_mul(&o.sf, t, a, b);
	r = fpu_sf_sub(&o.sf, t, r, fp_one(t));
	if (rsqrt)
		r = fpu_sf_div(&o.sf, t, r, two);
	r ^= fpu_sf_sign_bit(t);
	if (fpu_op_end(&o) != FPU_OK)
		return FPU_FPE;
	wr_fmt(f, fmt, fd, r);
	return FPU_OK;
}

/* ABS and NEG: sign-bit operations on R2 cores (QEMU leaves FCSR alone);
 * arithmetic on the R4000, where a signaling NaN raises V (R4000 User's
 * Manual 7.4, Invalid Operation). */
static enum fpu_result do_absneg(struct fpu *f, unsigned fmt, bool neg,
				 unsigned fd, unsigned fs)
{
	enum fpu_sf_fmt t = sf_fmt(fmt);
	uint64_t a = rd_fmt(f, fmt, fs), sb = fpu_sf_sign_bit(t);
	struct fpu_op o;

	a = neg ? a ^ sb : a & ~sb;
	if (f->denorm_trap) {
		if (trap_operand(f, t, a))
			return unimplemented(f);
		fpu_op_begin(&o, f);
		if (fpu_sf_is_snan(t, a)) {
			o.sf.flags |= FPU_SF_V;
			a = fpu_sf_default_nan(t);
		}
		if (fpu_op_end(&o) != FPU_OK)
			return FPU_FPE;
	}
	wr_fmt(f, fmt, fd, a);
	return FPU_OK;
}

/* Conversions to W (32) or L (64) fixed point with rounding `rm`. Invalid
 * results are 2^31-1 / 2^63-1 on legacy-NaN cores (MIPS32 Vol. II,
 * CVT.W.fmt: default result when FCSR.NAN2008=0). The R4000 leaves NaN,
 * infinite and out-of-range sources to the OS (Unimplemented). */
static enum fpu_result do_to_int(struct fpu *f, unsigned fmt, unsigned bits,
				 unsigned rm, unsigned fd, unsigned fs)
{
	enum fpu_sf_fmt t = sf_fmt(fmt);
	uint64_t a = rd_fmt(f, fmt, fs);
	struct fpu_op o;
	int64_t v;

	if (trap_operand(f, t, a))
		return unimplemented(f);
	fpu_op_begin(&o, f);
	if (!fpu_sf_to_int(&o.sf, t, a, bits, rm, &v)) {
		if (f->denorm_trap)
			return unimplemented(f);
		v = bits == 32 ? INT32_MAX : INT64_MAX;
	}
	if (fpu_op_end(&o) != FPU_OK)
		return FPU_FPE;
	wr_fmt(f, bits == 32 ? FMT_W : FMT_L, fd, (uint64_t)v);
	return FPU_OK;
}

/* CVT.S.fmt / CVT.D.fmt from S, D, W or L. */
static enum fpu_result do_cvt_fp(struct fpu *f, unsigned to, unsigned from,
				 unsigned fd, unsigned fs)
{
	uint64_t a = rd_fmt(f, from, fs), r;
	struct fpu_op o;

	if ((from == FMT_S || from == FMT_D) &&
	    trap_operand(f, sf_fmt(from), a))
		return unimplemented(f);
	fpu_op_begin(&o, f);
	if (from == FMT_W)
		r = fpu_sf_from_int(&o.sf, sf_fmt(to), (int32_t)a);
	else if (from == FMT_L)
		r = fpu_sf_from_int(&o.sf, sf_fmt(to), (int64_t)a);
	else
		r = fpu_sf_cvt(&o.sf, sf_fmt(to), sf_fmt(from), a);
	if (fpu_op_end(&o) != FPU_OK)
		return FPU_FPE;
	wr_fmt(f, to, fd, r);
	return FPU_OK;
}

/* C.cond.fmt: cond bit 0 unordered, 1 equal, 2 less, 3 signaling
 * (MIPS32 Vol. II, C.cond.fmt table). Compares never raise E. */
static enum fpu_result do_compare(struct fpu *f, unsigned fmt, unsigned cond,
				  unsigned cc, unsigned fs, unsigned ft,
				  bool abs)
{
	enum fpu_sf_fmt t = sf_fmt(fmt);
	uint64_t a = rd_fmt(f, fmt, fs), b = rd_fmt(f, fmt, ft);
	uint64_t mag = abs ? ~fpu_sf_sign_bit(t) : ~0ull;
	struct fpu_op o;
	enum fpu_sf_rel rel;
	bool c;

	fpu_op_begin(&o, f);
	rel = fpu_sf_compare(&o.sf, t, a & mag, b & mag, cond & 8);
	c = ((cond & 4) && rel == FPU_SF_LT) ||
	    ((cond & 2) && rel == FPU_SF_EQ) ||
	    ((cond & 1) && rel == FPU_SF_UN);
	/* a trapped compare leaves the condition bit as it was */
	if (fpu_op_end(&o) != FPU_OK)
		return FPU_FPE;
	fpu_set_cond(f, cc, c);
	return FPU_OK;
}

/* MOV/MOVF/MOVT/MOVZ/MOVN.fmt: plain copies, no FCSR change. */
static void do_move(struct fpu *f, unsigned fmt, unsigned fd, unsigned fs,
		    bool cond)
{
	if (cond)
		wr_fmt(f, fmt, fd, rd_fmt(f, fmt, fs));
}

static enum fpu_result cop1_sd(struct fpu *f, uint32_t insn,
			       const uint64_t *gpr)
{
	unsigned fmt = (insn >> 21) & 31, ft = (insn >> 16) & 31;
	unsigned fs = (insn >> 11) & 31, fd = (insn >> 6) & 31;
	unsigned func = insn & 63;
	bool wide = fmt == FMT_D, mips4 = f->isa != ISA_MIPS3;

	if (func >= 0x30) {
		unsigned cc = (insn >> 8) & 7;

		/* only cc0 before MIPS IV */
		if (cc && !mips4)
			return fpu_reserved(f);
		if (!reg_ok(f, fs, wide) || !reg_ok(f, ft, wide))
			return FPU_RI;
		/* bit 6 makes it MIPS-3D CABS.cond, which QEMU runs on every
		 * R2 core; older cores compare plainly */
		return do_compare(f, fmt, func & 15, cc, fs, ft,
				  (insn & 0x40) && has_3d(f));
	}

	switch (func) {
	case 0x00: case 0x01: case 0x02: case 0x03:
		if (!reg_ok(f, fd, wide) || !reg_ok(f, fs, wide) ||
		    !reg_ok(f, ft, wide))
			return FPU_RI;
		return do_arith(f, fmt, (enum arith)func, fd, fs, ft);
	case 0x04:
		if (!reg_ok(f, fd, wide) || !reg_ok(f, fs, wide))
			return FPU_RI;
		return do_unary(f, fmt, U_SQRT, fd, fs);
	case 0x05: case 0x07:
		if (!reg_ok(f, fd, wide) || !reg_ok(f, fs, wide))
			return FPU_RI;
		return do_absneg(f, fmt, func == 0x07, fd, fs);
	case 0x06:
		if (!reg_ok(f, fd, wide) || !reg_ok(f, fs, wide))
			return FPU_RI;
		do_move(f, fmt, fd, fs, true);
		return FPU_OK;
	case 0x08: case 0x09: case 0x0a: case 0x0b:	/* xxx.L.fmt */
		if (!long_ok(f))
			return FPU_RI;
		if (!reg_ok(f, fd, true) || !reg_ok(f, fs, wide))
			return FPU_RI;
		/* func & 3: 0 round(RN) 1 trunc(RZ) 2 ceil(RP) 3 floor(RM) */
		return do_to_int(f, fmt, 64, func & 3, fd, fs);
	case 0x0c: case 0x0d: case 0x0e: case 0x0f:	/* xxx.W.fmt */
		if (!reg_ok(f, fs, wide))
			return FPU_RI;
		return do_to_int(f, fmt, 32, func & 3, fd, fs);
	/* QEMU checks no register numbers for the conditional moves: with
	 * FR=0 an odd number names its even/odd pair. */
	case 0x11:					/* MOVF/MOVT */
		if (!mips4)
			return fpu_reserved(f);
		do_move(f, fmt, fd, fs, fpu_cond(f, ft >> 2) == (ft & 1));
		return FPU_OK;
	case 0x12: case 0x13:				/* MOVZ/MOVN */
		if (!mips4)
			return fpu_reserved(f);
		do_move(f, fmt, fd, fs, (gpr[ft] == 0) == (func == 0x12));
		return FPU_OK;
	case 0x15: case 0x16:				/* RECIP/RSQRT */
		if (!mips4)
			return fpu_reserved(f);
		if (!reg_ok(f, fd, wide) || !reg_ok(f, fs, wide))
			return FPU_RI;
		return do_unary(f, fmt, func == 0x15 ? U_RECIP : U_RSQRT,
				fd, fs);
	case 0x1c: case 0x1f:				/* RECIP2/RSQRT2 */
		if (!has_3d(f))
			return fpu_reserved(f);
		if (!long_ok(f))	/* QEMU: FR=1 only */
			return FPU_RI;
		return do_step2(f, fmt, func == 0x1f, fd, fs, ft);
	case 0x1d: case 0x1e:				/* RECIP1/RSQRT1 */
		if (!has_3d(f))
			return fpu_reserved(f);
		if (!long_ok(f))
			return FPU_RI;
		return do_unary(f, fmt, func == 0x1d ? U_RECIP : U_RSQRT,
				fd, fs);
	case 0x20:					/* CVT.S.D */
		if (fmt != FMT_D)
			return fpu_reserved(f);
		if (!reg_ok(f, fs, true))
			return FPU_RI;
		return do_cvt_fp(f, FMT_S, fmt, fd, fs);
	case 0x21:					/* CVT.D.S */
		if (fmt != FMT_S)
			return fpu_reserved(f);
		if (!reg_ok(f, fd, true))
			return FPU_RI;
		return do_cvt_fp(f, FMT_D, fmt, fd, fs);
	case 0x26:					/* CVT.PS.S */
		if (fmt != FMT_S)
			return fpu_reserved(f);
		return fpu_ps_cop1(f, insn, gpr);
	case 0x24:					/* CVT.W.fmt */
		if (!reg_ok(f, fs, wide))
			return FPU_RI;
		return do_to_int(f, fmt, 32, f->fcsr & FCSR_RM, fd, fs);
	case 0x25:					/* CVT.L.fmt */
		if (!long_ok(f))
			return FPU_RI;
		if (!reg_ok(f, fd, true) || !reg_ok(f, fs, wide))
			return FPU_RI;
		return do_to_int(f, fmt, 64, f->fcsr & FCSR_RM, fd, fs);
	default:
		return fpu_reserved(f);
	}
}

/* W and L sources: only CVT.S and CVT.D exist. */
static enum fpu_result cop1_fixed(struct fpu *f, uint32_t insn)
{
	unsigned fmt = (insn >> 21) & 31, fs = (insn >> 11) & 31;
	unsigned fd = (insn >> 6) & 31, func = insn & 63;
	bool src_wide = fmt == FMT_L;

	if (fmt == FMT_W && func == 0x26)		/* CVT.PS.PW */
		return fpu_ps_cop1(f, insn, NULL);
	if (func != 0x20 && func != 0x21)
		return fpu_reserved(f);
	if (src_wide && !long_ok(f))
		return FPU_RI;
	if (!reg_ok(f, fs, src_wide) || !reg_ok(f, fd, func == 0x21))
		return FPU_RI;
	return do_cvt_fp(f, func == 0x20 ? FMT_S : FMT_D, fmt, fd, fs);
}

enum fpu_result fpu_exec_cop1(struct fpu *f, uint32_t insn,
			      const uint64_t *gpr)
{
	unsigned fmt = (insn >> 21) & 31;

	switch (fmt) {
	case FMT_S:
	case FMT_D:
		return cop1_sd(f, insn, gpr);
	case FMT_W:
	case FMT_L:
		return cop1_fixed(f, insn);
	case FMT_PS:
		return fpu_ps_cop1(f, insn, gpr);
	default:
		/* rs < 0x10 are moves and branches, decoded by the core */
		if (fmt < 0x10)
			return FPU_RI;
		return fpu_reserved(f);
	}
}

/* MADD/MSUB/NMADD/NMSUB.fmt round the product, then the sum: "the
 * replaced instructions were unfused multiply-add, with an intermediate
 * rounding" (MIPS64 Release 6 Vol. II, MADDF.fmt), and QEMU computes them
 * so. The N forms negate by flipping the sign bit, NaN results too. */
enum fpu_result fpu_exec_cop1x(struct fpu *f, uint32_t insn)
{
	unsigned fr = (insn >> 21) & 31, ft = (insn >> 16) & 31;
	unsigned fs = (insn >> 11) & 31, fd = (insn >> 6) & 31;
	unsigned op = (insn >> 3) & 7, fmt3 = insn & 7;
	unsigned fmt = fmt3 == 1 ? FMT_D : FMT_S;
	bool wide = fmt == FMT_D;
	enum fpu_sf_fmt t = sf_fmt(fmt);
	uint64_t a, b, c, r;
	struct fpu_op o;

	if (f->isa == ISA_MIPS3 || op < 4)
		return FPU_RI;
	if (fmt3 == 6)
		return fpu_ps_cop1x(f, insn);
	if (fmt3 > 1)
		return fpu_reserved(f);
	if (!reg_ok(f, fd, wide) || !reg_ok(f, fs, wide) ||
	    !reg_ok(f, ft, wide) || !reg_ok(f, fr, wide))
		return FPU_RI;
	a = rd_fmt(f, fmt, fs);
	b = rd_fmt(f, fmt, ft);
	c = rd_fmt(f, fmt, fr);
	if (trap_operand(f, t, a) || trap_operand(f, t, b) ||
	    trap_operand(f, t, c))
		return unimplemented(f);
	fpu_op_begin(&o, f);
	r = fpu_sf_mul(&o.sf, t, a, b);
	if (op & 1)
		r = fpu_sf_sub(&o.sf, t, r, c);
	else
		r = fpu_sf_add(&o.sf, t, r, c);
	if (op & 2)
		r ^= fpu_sf_sign_bit(t);
	if (fpu_op_end(&o) != FPU_OK)
		return FPU_FPE;
	wr_fmt(f, fmt, fd, r);
	return FPU_OK;
}
