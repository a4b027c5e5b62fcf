/* The MIPS code the ARCS firmware puts in the PROM (DESIGN decision 2):
 * the reset vector, the PROM's own loop, the BEV exception vectors, the
 * shared call sequence and one two-instruction stub per vector slot.
 * Big-endian MIPS III without MIPS32r2 instructions (the R4400 has none);
 * it touches only caller-saved registers (t0-t4, t9, v0, a3 in vectors),
 * so callers see an ordinary o32 function (SGI-FACTS 5.2: the firmware
 * must preserve the callee-saved registers).
 *
 * Call sequence: store a0-a3, sp, ra to the firmware-call device, store
 * the call number (the C firmware runs now), load v0 and the action:
 * return; jump (a0-a3/sp/ra/pc from the device: start a program, enter
 * the PROM loop); or retry after a short spin (a console Read with no
 * input yet: ARCS Read blocks, the VMM never does). */
#include "arcs_int.h"

#include <string.h>

enum { R_ZERO = 0, R_V0 = 2, R_A0 = 4, R_A1 = 5, R_A2 = 6, R_A3 = 7,
       R_T0 = 8, R_T1 = 9, R_T2 = 10, R_T3 = 11, R_T4 = 12, R_T9 = 25,
       R_SP = 29,
       R_RA = 31 };
enum { CP0_BADVADDR = 8, CP0_COUNT = 9, CP0_COMPARE = 11, CP0_STATUS = 12,
       CP0_CAUSE = 13, CP0_EPC = 14 };

/* Status in the PROM loop: CU0, BEV, IM7 (Count/Compare wakes WAIT),
 * interrupts off. */
#define ARCS_PROM_STATUS 0x10408000u
#define ARCS_RETRY_SPIN 2000u
#define ARCS_IDLE_SPIN 200000u	/* CPUs without WAIT (R4000/R4400) */
#define ARCS_PROM_EXC_TAIL 0x0d00u

struct arcs_code {
	uint8_t *p;
	uint32_t off, end;
	uint32_t base_va;	/* KSEG1 address of PROM offset 0 */
};

static void emit(struct arcs_code *c, uint32_t insn)
{
	if (c->off + 4 <= c->end)
		endian_store(c->p + c->off, 4, ENDIAN_BIG, insn);
	c->off += 4;
}

static uint32_t i_type(unsigned op, unsigned rs, unsigned rt, uint16_t imm)
{
	return op << 26 | rs << 21 | rt << 16 | imm;
}

#define OP_J 0x02
#define OP_JAL 0x03
#define OP_BEQ 0x04
#define OP_BNE 0x05
#define OP_ADDIU 0x09
#define OP_ORI 0x0d
#define OP_XORI 0x0e
#define OP_LUI 0x0f
#define OP_LW 0x23
#define OP_SW 0x2b

static void emit_li(struct arcs_code *c, unsigned rt, uint32_t v)
{
	emit(c, i_type(OP_LUI, 0, rt, v >> 16));
	emit(c, i_type(OP_ORI, rt, rt, v & 0xffff));
}

static void emit_jump(struct arcs_code *c, unsigned op, uint32_t target_off)
{
	uint32_t va = c->base_va + target_off;

	emit(c, op << 26 | ((va >> 2) & 0x03ffffff));
}

/* beq/bne rs, rt to a PROM offset (delay slot not included). */
static void emit_branch(struct arcs_code *c, unsigned op, unsigned rs,
			unsigned rt, uint32_t target_off)
{
	int32_t words = ((int32_t)target_off - (int32_t)(c->off + 4)) / 4;

	emit(c, i_type(op, rs, rt, (uint16_t)words));
}

static void emit_mfc0(struct arcs_code *c, unsigned rt, unsigned rd)
{
	emit(c, 0x40000000u | rt << 16 | rd << 11);
}

static void emit_mtc0(struct arcs_code *c, unsigned rt, unsigned rd)
{
	emit(c, 0x40800000u | rt << 16 | rd << 11);
	emit(c, 0);	/* R4000 CP0 hazards */
	emit(c, 0);
}

static void emit_jr(struct arcs_code *c, unsigned rs)
{
	emit(c, rs << 21 | 0x08);
	emit(c, 0);
}

/* A delay loop counting `reg` down from `count` (for CPUs without WAIT,
 * and between retries). */
static void emit_spin(struct arcs_code *c, unsigned reg, uint32_t count)
{
	uint32_t top;

	emit_li(c, reg, count);
	top = c->off;
	emit(c, i_type(OP_ADDIU, reg, reg, 0xffff));
	emit_branch(c, OP_BNE, reg, R_ZERO, top);
	emit(c, 0);
}

static void arcs_write_common(struct arcs *a, struct arcs_code *c)
{
	uint32_t dev = arcs_kseg1(ARCS_FWCALL_BASE);
	uint16_t hi = (uint16_t)((dev + 0x8000u) >> 16);
	int32_t lo = (int32_t)(dev - ((uint32_t)hi << 16));
	static const struct { unsigned reg, off; } save[] = {
		{ R_A0, ARCS_REG_A0 }, { R_A1, ARCS_REG_A1 },
		{ R_A2, ARCS_REG_A2 }, { R_A3, ARCS_REG_A3 },
		{ R_SP, ARCS_REG_SP }, { R_RA, ARCS_REG_RA },
	}, load[] = {
		{ R_A0, ARCS_REG_JA0 }, { R_A1, ARCS_REG_JA1 },
		{ R_A2, ARCS_REG_JA2 }, { R_A3, ARCS_REG_JA3 },
		{ R_SP, ARCS_REG_JSP }, { R_RA, ARCS_REG_JRA },
		{ R_T9, ARCS_REG_JPC },
	};
	uint32_t again, ret, jump;

#define DEV(r) ((uint16_t)(lo + (int32_t)(r)))
	c->off = ARCS_PROM_COMMON;
	emit_mfc0(c, R_T4, CP0_STATUS);
	emit(c, i_type(OP_LUI, 0, R_T0, hi));
	again = c->off;
	/* interrupts off while the device holds this call's registers: an
	 * interrupt handler calling the firmware must not mix them up */
	emit(c, i_type(OP_ORI, R_T4, R_T2, 1));
	emit(c, i_type(OP_XORI, R_T2, R_T2, 1));
	emit_mtc0(c, R_T2, CP0_STATUS);
	for (unsigned i = 0; i < 6; i++)
		emit(c, i_type(OP_SW, R_T0, save[i].reg, DEV(save[i].off)));
	emit(c, i_type(OP_SW, R_T0, R_T1, DEV(ARCS_REG_CALL)));
	emit(c, i_type(OP_LW, R_T0, R_T2, DEV(ARCS_REG_ACTION)));
	emit(c, i_type(OP_LW, R_T0, R_V0, DEV(ARCS_REG_RESULT)));
	emit_mtc0(c, R_T4, CP0_STATUS);	/* the caller's Status again */
	ret = c->off + 4 * 11;
	jump = ret + 8;
	emit_branch(c, OP_BEQ, R_T2, R_ZERO, ret);
	emit(c, i_type(OP_ADDIU, R_T2, R_T3, 0xffff));	/* t3 = action - 1 */
	emit_branch(c, OP_BEQ, R_T3, R_ZERO, jump);
	emit(c, 0);
	/* retry: spin a little, then the same call again */
	emit_spin(c, R_T3, ARCS_RETRY_SPIN);
	emit_branch(c, OP_BEQ, R_ZERO, R_ZERO, again);
	emit(c, 0);
	/* offsets computed above must match what was emitted */
	if (c->off != ret)
		return;
	emit_jr(c, R_RA);
	for (unsigned i = 0; i < 7; i++)
		emit(c, i_type(OP_LW, R_T0, load[i].reg, DEV(load[i].off)));
	emit_jr(c, R_T9);
#undef DEV
}

/* The PROM loop: ask the firmware what to do; it jumps away (menu done,
 * program started) or says "idle", and we sleep ~10 ms in WAIT (Count/
 * Compare wakes it) or spin where the CPU has no WAIT. */
static void arcs_write_monitor(struct arcs *a, struct arcs_code *c)
{
	uint32_t loop;

	c->off = ARCS_PROM_MONITOR;
	emit_li(c, R_T0, ARCS_PROM_STATUS);
	emit_mtc0(c, R_T0, CP0_STATUS);
	emit_li(c, R_SP, arcs_stack_top(a));
	loop = c->off;
	emit_jump(c, OP_JAL, ARCS_PROM_COMMON);
	emit(c, i_type(OP_ORI, R_ZERO, R_T1, ARCS_CALL_MONITOR));
	if (a->has_wait) {
		emit_mfc0(c, R_T0, CP0_COUNT);
		emit(c, 0);
		emit_li(c, R_T1, a->idle_count ? a->idle_count : 1000000);
		emit(c, R_T0 << 21 | R_T1 << 16 | R_T0 << 11 | 0x21); /* addu */
		emit_mtc0(c, R_T0, CP0_COMPARE);
		emit(c, 0x42000020);	/* wait */
		emit(c, 0);
	} else {
		emit_spin(c, R_T1, ARCS_IDLE_SPIN);
	}
	emit_branch(c, OP_BEQ, R_ZERO, R_ZERO, loop);
	emit(c, 0);
}

void arcs_stubs_write(struct arcs *a)
{
	struct arcs_code c = {
		.p = a->prom, .end = ARCS_PROM_TREE,
		.base_va = arcs_prom_va(a, 0),
	};
	static const uint32_t vec[] = {
		ARCS_PROM_BEV_TLB, ARCS_PROM_BEV_XTLB, ARCS_PROM_BEV_CACHE,
		ARCS_PROM_BEV_GENERAL,
	};

	/* reset vector 0xbfc00000 */
	c.off = ARCS_PROM_RESET;
	emit_branch(&c, OP_BEQ, R_ZERO, R_ZERO, ARCS_PROM_MONITOR);
	emit(&c, 0);
	/* BEV exception vectors: report and go to the menu */
	for (unsigned i = 0; i < 4; i++) {
		c.off = vec[i];
		emit_jump(&c, OP_J, ARCS_PROM_EXC_TAIL);
		emit(&c, i_type(OP_ORI, R_ZERO, R_A3, (uint16_t)i));
	}
	c.off = ARCS_PROM_EXC_TAIL;
	emit_mfc0(&c, R_A0, CP0_EPC);
	emit_mfc0(&c, R_A1, CP0_CAUSE);
	emit_mfc0(&c, R_A2, CP0_BADVADDR);
	emit(&c, 0);
	emit_jump(&c, OP_JAL, ARCS_PROM_COMMON);
	emit(&c, i_type(OP_ORI, R_ZERO, R_T1, ARCS_CALL_EXCEPTION));
	emit_branch(&c, OP_BEQ, R_ZERO, R_ZERO, ARCS_PROM_MONITOR);
	emit(&c, 0);

	arcs_write_monitor(a, &c);
	arcs_write_common(a, &c);

	/* where programs the PROM starts return to: v0 is their status */
	c.off = ARCS_PROM_PRETURN;
	emit(&c, R_V0 << 21 | R_ZERO << 16 | R_A0 << 11 | 0x21); /* move */
	emit_jump(&c, OP_JAL, ARCS_PROM_COMMON);
	emit(&c, i_type(OP_ORI, R_ZERO, R_T1, ARCS_CALL_PROGRAM_RETURN));
	emit_branch(&c, OP_BEQ, R_ZERO, R_ZERO, ARCS_PROM_MONITOR);
	emit(&c, 0);

	/* one stub per vector slot: firmware vector, then private vector */
	for (unsigned i = 0; i < 2 * ARCS_VECTOR_SLOTS; i++) {
		unsigned call = i < ARCS_VECTOR_SLOTS ? i :
				ARCS_PRIV_BASE + i - ARCS_VECTOR_SLOTS;

		c.off = ARCS_PROM_STUBS + 8 * i;
		emit_jump(&c, OP_J, ARCS_PROM_COMMON);
		emit(&c, i_type(OP_ORI, R_ZERO, R_T1, (uint16_t)call));
	}
	arcs_prom_written(a, 0, ARCS_PROM_TREE);
}
