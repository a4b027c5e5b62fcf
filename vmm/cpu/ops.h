/* Soft CPU instruction handlers, shared between the decoder and the
 * files that implement them (exec_*.c). Fields: d->rs/d->rt are source
 * registers, d->rd the destination (0 already mapped to the sink 32),
 * d->sa the shift amount or sub-field, d->imm the immediate. */
#ifndef MIPSVZ_CPU_OPS_H
#define MIPSVZ_CPU_OPS_H

#include "soft_int.h"

#define OP(name) struct dop *op_##name(struct soft_cpu *c, struct dop *d)

/* exec_alu.c */
OP(nop); OP(add); OP(addu); OP(sub); OP(subu); OP(and); OP(or); OP(xor);
OP(nor); OP(slt); OP(sltu); OP(addi); OP(addiu); OP(slti); OP(sltiu);
OP(andi); OP(ori); OP(xori); OP(lui); OP(sll); OP(srl); OP(sra);
OP(sllv); OP(srlv); OP(srav); OP(rotr); OP(rotrv); OP(dadd); OP(daddu);
OP(dsub); OP(dsubu); OP(daddi); OP(daddiu); OP(dsll); OP(dsrl); OP(dsra);
OP(dsll32); OP(dsrl32); OP(dsra32); OP(dsllv); OP(dsrlv); OP(dsrav);
OP(drotr); OP(drotr32); OP(drotrv); OP(mult); OP(multu); OP(div);
OP(divu); OP(dmult); OP(dmultu); OP(ddiv); OP(ddivu); OP(mfhi); OP(mflo);
OP(mthi); OP(mtlo); OP(movn); OP(movz); OP(mul); OP(madd); OP(maddu);
OP(msub); OP(msubu); OP(clz); OP(clo); OP(dclz); OP(dclo); OP(ext);
OP(ins); OP(dext); OP(dextm); OP(dextu); OP(dins); OP(dinsm); OP(dinsu);
OP(wsbh); OP(seb); OP(seh); OP(dsbh); OP(dshd); OP(move); OP(li);

/* exec_branch.c */
OP(beq); OP(bne); OP(blez); OP(bgtz); OP(bltz); OP(bgez); OP(bltzal);
OP(bgezal); OP(beql); OP(bnel); OP(blezl); OP(bgtzl); OP(bltzl);
OP(bgezl); OP(bltzall); OP(bgezall); OP(j); OP(jal); OP(jr); OP(jalr);
OP(b);

/* exec_mem.c */
OP(lb); OP(lbu); OP(lh); OP(lhu); OP(lw); OP(lwu); OP(ld); OP(sb); OP(sh);
OP(sw); OP(sd); OP(lwl); OP(lwr); OP(swl); OP(swr); OP(ldl); OP(ldr);
OP(sdl); OP(sdr); OP(ll); OP(lld); OP(sc); OP(scd); OP(pref); OP(synci);

/* exec_sys.c */
OP(ri); OP(syscall); OP(break); OP(sync); OP(teq); OP(tne); OP(tge);
OP(tgeu); OP(tlt); OP(tltu); OP(teqi); OP(tnei); OP(tgei); OP(tgeiu);
OP(tlti); OP(tltiu); OP(rdhwr); OP(mfc0); OP(dmfc0); OP(mtc0); OP(dmtc0);
OP(tlbr); OP(tlbwi); OP(tlbwr); OP(tlbp); OP(eret); OP(wait); OP(di);
OP(ei); OP(rdpgpr); OP(wrpgpr); OP(cop2); OP(cop3); OP(need64);

/* exec_fpu.c */
OP(cop1); OP(cop1x); OP(mfc1); OP(dmfc1); OP(cfc1); OP(mfhc1); OP(mtc1);
OP(dmtc1); OP(ctc1); OP(mthc1); OP(bc1); OP(lwc1); OP(swc1); OP(ldc1);
OP(sdc1); OP(lwxc1); OP(ldxc1); OP(luxc1); OP(swxc1); OP(sdxc1);
OP(suxc1); OP(movci); OP(prefx);

/* cache.c */
OP(cache);

#endif
