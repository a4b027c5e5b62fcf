/* Soft CPU decoder: one instruction word -> handler + fields, once per
 * instruction of a code page. Which instructions exist follows the model
 * (MIPS III: no MIPS IV MOVN/MOVZ/MOVCI/PREF/COP1X and no MIPS32
 * SPECIAL2/SPECIAL3; MIPS32: no 64-bit ops; R1 cores: no R2 ops); the
 * rest are Reserved Instruction (SGI-FACTS 6.7: IRIX relies on an R4400
 * raising RI for MIPS IV opcodes). Encodings: MIPS IV Instruction Set
 * manual and MIPS64 vol. II opcode tables. */
#include "ops.h"

static inline uint8_t dst(unsigned r)
{
	return r ? r : 32;
}

#define SET(f) (d->op = OP_##f)

static void decode_special(struct soft_cpu *c, struct dop *d, uint32_t w)
{
	const struct cpu_model *m = c->model;
	unsigned rs = (w >> 21) & 31, rt = (w >> 16) & 31, rd = (w >> 11) & 31;
	unsigned sa = (w >> 6) & 31, fn = w & 63;
	bool r2 = cpu_is_r2(c), mips4 = m->isa != ISA_MIPS3, is64 = m->is64;

	d->rd = dst(rd);
	switch (fn) {
	case 0x00:
		if (w == 0)
			SET(nop);
		else
			SET(sll);
		break;
	case 0x01:
		if (!mips4) {
			SET(ri);
			break;
		}
		d->sa = rt >> 2;
		d->imm = rt & 1;
		SET(movci);
		break;
	case 0x02:
		(rs == 1 && r2) ? SET(rotr) : SET(srl);
		break;
	case 0x03: SET(sra); break;
	case 0x04: SET(sllv); break;
	case 0x06:
		(sa == 1 && r2) ? SET(rotrv) : SET(srlv);
		break;
	case 0x07: SET(srav); break;
	case 0x08: SET(jr); break;
	case 0x09: SET(jalr); break;
	case 0x0a: mips4 ? SET(movz) : SET(ri); break;
	case 0x0b: mips4 ? SET(movn) : SET(ri); break;
	case 0x0c: SET(syscall); break;
	case 0x0d: SET(break); break;
	case 0x0f: SET(sync); break;
	case 0x10: SET(mfhi); break;
	case 0x11: SET(mthi); break;
	case 0x12: SET(mflo); break;
	case 0x13: SET(mtlo); break;
	case 0x18: SET(mult); break;
	case 0x19: SET(multu); break;
	case 0x1a: SET(div); break;
	case 0x1b: SET(divu); break;
	case 0x20: SET(add); break;
	case 0x21:
		(rt == 0) ? SET(move) : SET(addu);
		break;
	case 0x22: SET(sub); break;
	case 0x23: SET(subu); break;
	case 0x24: SET(and); break;
	case 0x25:
		(rt == 0) ? SET(move) : SET(or);
		break;
	case 0x26: SET(xor); break;
	case 0x27: SET(nor); break;
	case 0x2a: SET(slt); break;
	case 0x2b: SET(sltu); break;
	case 0x30: SET(tge); break;
	case 0x31: SET(tgeu); break;
	case 0x32: SET(tlt); break;
	case 0x33: SET(tltu); break;
	case 0x34: SET(teq); break;
	case 0x36: SET(tne); break;
	default:
		if (!is64) {
			SET(ri);
			break;
		}
		switch (fn) {
		case 0x14: SET(dsllv); break;
		case 0x16: (sa == 1 && r2) ? SET(drotrv) : SET(dsrlv); break;
		case 0x17: SET(dsrav); break;
		case 0x1c: SET(dmult); break;
		case 0x1d: SET(dmultu); break;
		case 0x1e: SET(ddiv); break;
		case 0x1f: SET(ddivu); break;
		case 0x2c: SET(dadd); break;
		case 0x2d: SET(daddu); break;
		case 0x2e: SET(dsub); break;
		case 0x2f: SET(dsubu); break;
		case 0x38: SET(dsll); break;
		case 0x3a: (rs == 1 && r2) ? SET(drotr) : SET(dsrl); break;
		case 0x3b: SET(dsra); break;
		case 0x3c: SET(dsll32); break;
		case 0x3e: (rs == 1 && r2) ? SET(drotr32) : SET(dsrl32); break;
		case 0x3f: SET(dsra32); break;
		default: SET(ri); break;
		}
	}
}

static void decode_regimm(struct soft_cpu *c, struct dop *d, uint32_t w)
{
	unsigned rt = (w >> 16) & 31;

	switch (rt) {
	case 0x00: SET(bltz); break;
	case 0x01: SET(bgez); break;
	case 0x02: SET(bltzl); break;
	case 0x03: SET(bgezl); break;
	case 0x08: SET(tgei); break;
	case 0x09: SET(tgeiu); break;
	case 0x0a: SET(tlti); break;
	case 0x0b: SET(tltiu); break;
	case 0x0c: SET(teqi); break;
	case 0x0e: SET(tnei); break;
	case 0x10: SET(bltzal); break;
	case 0x11: SET(bgezal); break;
	case 0x12: SET(bltzall); break;
	case 0x13: SET(bgezall); break;
	case 0x1f:
		cpu_is_r2(c) ? SET(synci) : SET(ri);
		return;
	default: SET(ri); return;
	}
	if (rt < 8 || rt >= 0x10)
		d->imm = (int32_t)(int16_t)w + 1;	/* see exec_branch.c */
}

static void decode_special2(struct soft_cpu *c, struct dop *d, uint32_t w)
{
	unsigned rd = (w >> 11) & 31;

	d->rd = dst(rd);
	if (!cpu_is_mips32ish(c)) {
		SET(ri);
		return;
	}
	switch (w & 63) {
	case 0x00: SET(madd); break;
	case 0x01: SET(maddu); break;
	case 0x02: SET(mul); break;
	case 0x04: SET(msub); break;
	case 0x05: SET(msubu); break;
	case 0x20: SET(clz); break;
	case 0x21: SET(clo); break;
	case 0x24: c->model->is64 ? SET(dclz) : SET(ri); break;
	case 0x25: c->model->is64 ? SET(dclo) : SET(ri); break;
	default: SET(ri); break;
	}
}

static void decode_special3(struct soft_cpu *c, struct dop *d, uint32_t w)
{
	unsigned rt = (w >> 16) & 31, rd = (w >> 11) & 31, sa = (w >> 6) & 31;
	bool is64 = c->model->is64;

	if (!cpu_is_r2(c)) {
		/* RDHWR $29 is emulated for processes on every model. */
		if (c->user_mode && (w & 63) == 0x3b) {
			d->rd = dst(rt);
			d->sa = rd;
			SET(rdhwr);
			return;
		}
		SET(ri);
		return;
	}
	d->rd = dst(rt);	/* most SPECIAL3 ops write rt */
	switch (w & 63) {
	case 0x00:	/* EXT: pos = sa, msbd = rd */
		d->sa = sa;
		d->imm = rd;
		if (sa + rd > 31)
			SET(ri);
		else
			SET(ext);
		break;
	case 0x04:	/* INS: pos = sa (lsb), msb = rd */
		d->sa = sa;
		d->imm = (int)rd - (int)sa + 1;
		if (rd < sa)
			SET(ri);
		else
			SET(ins);
		break;
	case 0x03:	/* DEXT: pos = sa, size = msbd + 1 */
	case 0x01:	/* DEXTM: size = msbd + 33 */
	case 0x02: {	/* DEXTU: pos = sa + 32 */
		unsigned pos = sa + ((w & 63) == 2 ? 32 : 0);
		unsigned size = rd + 1 + ((w & 63) == 1 ? 32 : 0);

		d->sa = pos;
		d->imm = size;
		if (!is64 || pos + size > 64)
			SET(ri);
		else
			(w & 63) == 3 ? SET(dext) : (w & 63) == 1 ? SET(dextm) :
					SET(dextu);
		break;
	}
	case 0x07:	/* DINS: lsb = sa, msb = rd */
	case 0x05:	/* DINSM: msb = rd + 32 */
	case 0x06: {	/* DINSU: lsb = sa + 32, msb = rd + 32 */
		unsigned f = w & 63;
		unsigned lsb = sa + (f == 6 ? 32 : 0);
		unsigned msb = rd + (f != 7 ? 32 : 0);

		d->sa = lsb;
		d->imm = (int)msb - (int)lsb + 1;
		if (!is64 || msb < lsb)
			SET(ri);
		else
			f == 7 ? SET(dins) : f == 5 ? SET(dinsm) : SET(dinsu);
		break;
	}
	case 0x20:	/* BSHFL */
		d->rd = dst(rd);
		switch (sa) {
		case 0x02: SET(wsbh); break;
		case 0x10: SET(seb); break;
		case 0x18: SET(seh); break;
		default: SET(ri); break;
		}
		break;
	case 0x24:	/* DBSHFL */
		d->rd = dst(rd);
		if (!is64)
			SET(ri);
		else if (sa == 0x02)
			SET(dsbh);
		else if (sa == 0x05)
			SET(dshd);
		else
			SET(ri);
		break;
	case 0x3b:	/* RDHWR rt, rd */
		d->sa = rd;
		SET(rdhwr);
		break;
	default:
		SET(ri);
		break;
	}
}

static void decode_cop0(struct soft_cpu *c, struct dop *d, uint32_t w)
{
	unsigned rs = (w >> 21) & 31, rt = (w >> 16) & 31, rd = (w >> 11) & 31;
	bool is64 = c->model->is64, r2 = cpu_is_r2(c);
	const struct cpu_model *m = c->model;

	d->sa = rd;
	d->imm = w & 7;
	d->rd = dst(rt);
	if (rs & 0x10) {
		switch (w & 63) {
		case 0x01: SET(tlbr); break;
		case 0x02: SET(tlbwi); break;
		case 0x06: SET(tlbwr); break;
		case 0x08: SET(tlbp); break;
		case 0x18: SET(eret); break;
		case 0x20:
			(m->flags & CPU_HAS_WAIT) ? SET(wait) : SET(ri);
			break;
		default: SET(ri); break;
		}
		return;
	}
	switch (rs) {
	case 0x00: SET(mfc0); break;
	case 0x01: is64 ? SET(dmfc0) : SET(ri); break;
	case 0x04: SET(mtc0); break;
	case 0x05: is64 ? SET(dmtc0) : SET(ri); break;
	case 0x0a:
		d->rd = dst(rd);
		r2 ? SET(rdpgpr) : SET(ri);
		break;
	case 0x0e:
		d->rd = dst(rd);
		r2 ? SET(wrpgpr) : SET(ri);
		break;
	case 0x0b:
		if (!r2)
			SET(ri);
		else if (w & 0x20)
			SET(ei);
		else
			SET(di);
		break;
	default: SET(ri); break;
	}
}

static void decode_cop1(struct soft_cpu *c, struct dop *d, uint32_t w)
{
	unsigned rs = (w >> 21) & 31, rt = (w >> 16) & 31, fs = (w >> 11) & 31;
	bool r2 = cpu_is_r2(c), mips4 = c->model->isa != ISA_MIPS3;

	d->sa = fs;
	d->rd = dst(rt);
	switch (rs) {
	case 0x00: SET(mfc1); break;
	case 0x01: c->model->is64 ? SET(dmfc1) : SET(ri); break;
	case 0x02: SET(cfc1); break;
	case 0x03: r2 ? SET(mfhc1) : SET(ri); break;
	case 0x04: SET(mtc1); break;
	case 0x05: c->model->is64 ? SET(dmtc1) : SET(ri); break;
	case 0x06: SET(ctc1); break;
	case 0x07: r2 ? SET(mthc1) : SET(ri); break;
	case 0x08:
		d->sa = mips4 ? rt >> 2 : 0;
		d->rt = rt & 3;
		d->imm = (int32_t)(int16_t)w * 4;
		SET(bc1);
		break;
	case 0x10:
	case 0x11:
		if ((w & 63) < 4) {	/* ADD/SUB/MUL/DIV.S/D */
			static const uint8_t arith[2][4] = {
				{ OP_add_s, OP_sub_s, OP_mul_s, OP_div_s },
				{ OP_add_d, OP_sub_d, OP_mul_d, OP_div_d },
			};

			d->sa = (w >> 6) & 31;
			d->rs = fs;
			d->rt = rt;
			d->op = arith[rs & 1][w & 3];
			break;
		}
		SET(cop1);
		break;
	default:
		SET(cop1);
		break;
	}
}

static void decode_cop1x(struct soft_cpu *c, struct dop *d, uint32_t w)
{
	unsigned fs = (w >> 11) & 31, fd = (w >> 6) & 31;

	if (c->model->isa == ISA_MIPS3 || !c->model->fir) {
		/* No FPU: Coprocessor Unusable, as for the other CP1 ops. */
		c->model->isa == ISA_MIPS3 ? SET(ri) : SET(cop1x);
		return;
	}
	switch (w & 63) {
	case 0x00: d->sa = fd; SET(lwxc1); break;
	case 0x01: d->sa = fd; SET(ldxc1); break;
	case 0x05: d->sa = fd; cpu_is_r2(c) || c->model->is64 ?
			SET(luxc1) : SET(ri); break;
	case 0x08: d->sa = fs; SET(swxc1); break;
	case 0x09: d->sa = fs; SET(sdxc1); break;
	case 0x0d: d->sa = fs; cpu_is_r2(c) || c->model->is64 ?
			SET(suxc1) : SET(ri); break;
	case 0x0f: SET(prefx); break;
	case 0x20: case 0x21: case 0x28: case 0x29:	/* (N)MADD/(N)MSUB */
	case 0x30: case 0x31: case 0x38: case 0x39:
		d->sa = fd;
		d->rd = (w >> 21) & 31;
		d->rs = fs;
		d->rt = (w >> 16) & 31;
		d->imm = (w >> 3) & 7;
		(w & 1) ? SET(madd_d) : SET(madd_s);
		break;
	default: SET(cop1x); break;
	}
}

static void decode_op(struct soft_cpu *c, struct dop *d, uint32_t w)
{
	unsigned op = w >> 26, rs = (w >> 21) & 31, rt = (w >> 16) & 31;
	const struct cpu_model *m = c->model;
	bool is64 = m->is64, mips4 = m->isa != ISA_MIPS3;
	int32_t simm = (int16_t)w;

	d->insn = w;
	d->rs = rs;
	d->rt = rt;
	d->rd = dst(rt);
	d->sa = (w >> 6) & 31;
	d->imm = simm;
	switch (op) {
	case 0x00: decode_special(c, d, w); break;
	case 0x01: decode_regimm(c, d, w); break;
	case 0x02: d->imm = (w & 0x03ffffff) << 2; SET(j); break;
	case 0x03: d->imm = (w & 0x03ffffff) << 2; SET(jal); break;
	case 0x04:
		d->imm = simm + 1;
		(rs == 0 && rt == 0) ? SET(b) : SET(beq);
		break;
	case 0x05: d->imm = simm + 1; SET(bne); break;
	case 0x06: d->imm = simm + 1; SET(blez); break;
	case 0x07: d->imm = simm + 1; SET(bgtz); break;
	case 0x08: SET(addi); break;
	case 0x09: rs == 0 ? SET(li) : SET(addiu); break;
	case 0x0a: SET(slti); break;
	case 0x0b: SET(sltiu); break;
	case 0x0c: d->imm = w & 0xffff; SET(andi); break;
	case 0x0d: d->imm = w & 0xffff; SET(ori); break;
	case 0x0e: d->imm = w & 0xffff; SET(xori); break;
	case 0x0f: d->imm = (int32_t)(w << 16); SET(lui); break;
	case 0x10: decode_cop0(c, d, w); break;
	case 0x11: decode_cop1(c, d, w); break;
	case 0x12: SET(cop2); break;
	case 0x13: decode_cop1x(c, d, w); break;
	case 0x14: d->imm = simm + 1; SET(beql); break;
	case 0x15: d->imm = simm + 1; SET(bnel); break;
	case 0x16: d->imm = simm + 1; SET(blezl); break;
	case 0x17: d->imm = simm + 1; SET(bgtzl); break;
	case 0x18: is64 ? SET(daddi) : SET(ri); break;
	case 0x19: is64 ? SET(daddiu) : SET(ri); break;
	case 0x1a: is64 ? SET(ldl) : SET(ri); break;
	case 0x1b: is64 ? SET(ldr) : SET(ri); break;
	case 0x1c: decode_special2(c, d, w); break;
	case 0x1f: decode_special3(c, d, w); break;
	case 0x20: SET(lb); break;
	case 0x21: SET(lh); break;
	case 0x22: SET(lwl); break;
	case 0x23: SET(lw); break;
	case 0x24: SET(lbu); break;
	case 0x25: SET(lhu); break;
	case 0x26: SET(lwr); break;
	case 0x27: is64 ? SET(lwu) : SET(ri); break;
	case 0x28: SET(sb); break;
	case 0x29: SET(sh); break;
	case 0x2a: SET(swl); break;
	case 0x2b: SET(sw); break;
	case 0x2c: is64 ? SET(sdl) : SET(ri); break;
	case 0x2d: is64 ? SET(sdr) : SET(ri); break;
	case 0x2e: SET(swr); break;
	case 0x2f: d->sa = rt; SET(cache); break;
	case 0x30: SET(ll); break;
	case 0x31: d->sa = rt; SET(lwc1); break;
	case 0x32: SET(cop2); break;
	case 0x33: mips4 ? SET(pref) : SET(ri); break;
	case 0x34: is64 ? SET(lld) : SET(ri); break;
	case 0x35: d->sa = rt; SET(ldc1); break;
	case 0x36: SET(cop2); break;
	case 0x37: is64 ? SET(ld) : SET(ri); break;
	case 0x38: SET(sc); break;
	case 0x39: d->sa = rt; SET(swc1); break;
	case 0x3a: SET(cop2); break;
	case 0x3c: is64 ? SET(scd) : SET(ri); break;
	case 0x3d: d->sa = rt; SET(sdc1); break;
	case 0x3e: SET(cop2); break;
	case 0x3f: is64 ? SET(sd) : SET(ri); break;
	default: SET(ri); break;
	}
}

#define FN_ENT(name) op_##name,
const dop_fn op_fns[OP_NUM] = { ALL_OPS(FN_ENT) };

static bool rel_branch(unsigned op)
{
	return op <= OP_bgezal && op >= OP_b;
}

/* Where interp.c runs d: its inline body, except for branches whose
 * delay slot or (PC-relative) target lies outside the page, which keep
 * to their handler so the inline bodies never check for that. */
static const void *interp_label(const struct soft_cpu *c, const struct dop *d)
{
	const void *call = c->labels[OP_decode];

	if (d->op < OP_b || d->op > OP_jalr)
		return c->labels[d->op];
	if (d->idx >= DPAGE_INSNS - 1)
		return call;
	if (rel_branch(d->op) &&
	    (unsigned)((int)d->idx + d->imm) >= DPAGE_INSNS)
		return call;
	return c->labels[d->op];
}

void decode_insn(struct soft_cpu *c, struct dop *d, uint32_t w)
{
	decode_op(c, d, w);
	d->lbl = interp_label(c, d);
}
