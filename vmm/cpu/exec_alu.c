/* Soft CPU integer arithmetic, logic, shifts, multiply/divide and the
 * MIPS32/64 R2 bit-field instructions as handlers.
 *
 * The operations that cannot fault are written once in alu.h; here they
 * become handlers, plus the trapping ADD/SUB family. 64-bit operations
 * raise Reserved Instruction when 64-bit operations are not enabled in
 * the current mode (R4000 manual 3.x: user/supervisor without UX/SX). */
#include "alu.h"
#include "ops.h"

#define NEED64()                                                            \
	do {                                                                 \
		if (unlikely(!c->ops64))                                     \
			return cpu_raise_ri(c, d);                           \
	} while (0)

#define DEF32(name) OP(name) { alu_##name(c, d); return d + 1; }
#define DEF64(name) OP(name) { NEED64(); alu_##name(c, d); return d + 1; }

ALU32_OPS(DEF32)
ALU64_OPS(DEF64)

OP(add)
{
	int32_t r;

	if (__builtin_add_overflow((int32_t)R(rs), (int32_t)R(rt), &r))
		return cpu_raise_d(c, d, EXC_OV);
	R(rd) = (int64_t)r;
	return d + 1;
}

OP(sub)
{
	int32_t r;

	if (__builtin_sub_overflow((int32_t)R(rs), (int32_t)R(rt), &r))
		return cpu_raise_d(c, d, EXC_OV);
	R(rd) = (int64_t)r;
	return d + 1;
}

OP(addi)
{
	int32_t r;

	if (__builtin_add_overflow((int32_t)R(rs), d->imm, &r))
		return cpu_raise_d(c, d, EXC_OV);
	R(rd) = (int64_t)r;
	return d + 1;
}

OP(dadd)
{
	int64_t r;

	NEED64();
	if (__builtin_add_overflow((int64_t)R(rs), (int64_t)R(rt), &r))
		return cpu_raise_d(c, d, EXC_OV);
	R(rd) = r;
	return d + 1;
}

OP(dsub)
{
	int64_t r;

	NEED64();
	if (__builtin_sub_overflow((int64_t)R(rs), (int64_t)R(rt), &r))
		return cpu_raise_d(c, d, EXC_OV);
	R(rd) = r;
	return d + 1;
}

OP(daddi)
{
	int64_t r;

	NEED64();
	if (__builtin_add_overflow((int64_t)R(rs), (int64_t)d->imm, &r))
		return cpu_raise_d(c, d, EXC_OV);
	R(rd) = r;
	return d + 1;
}
