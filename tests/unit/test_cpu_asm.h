/* A tiny MIPS assembler and bare machine for the soft CPU tests: encode
 * instructions by hand (MIPS64 vol. II encodings) into guest RAM, run the
 * CPU with a deterministic clock and inspect its registers. */
#ifndef MIPSVZ_TEST_CPU_ASM_H
#define MIPSVZ_TEST_CPU_ASM_H

#include <stdint.h>
#include <string.h>

#include "tests/test.h"
#include "vmm/bus.h"
#include "vmm/clock.h"
#include "vmm/cpu/soft.h"

/* Register numbers. */
enum {
	ZERO, AT, V0, V1, A0, A1, A2, A3, T0, T1, T2, T3, T4, T5, T6, T7,
	S0, S1, S2, S3, S4, S5, S6, S7, T8, T9, K0, K1, GP, SP, FP, RA
};

static inline uint32_t enc_r(unsigned rs, unsigned rt, unsigned rd,
			     unsigned sa, unsigned fn)
{
	return (rs << 21) | (rt << 16) | (rd << 11) | (sa << 6) | fn;
}

static inline uint32_t enc_i(unsigned op, unsigned rs, unsigned rt, int imm)
{
	return (op << 26) | (rs << 21) | (rt << 16) | ((uint32_t)imm & 0xffff);
}

#define NOP 0u
#define ADDU(d, s, t) enc_r(s, t, d, 0, 0x21)
#define DADDU(d, s, t) enc_r(s, t, d, 0, 0x2d)
#define SUBU(d, s, t) enc_r(s, t, d, 0, 0x23)
#define ADD(d, s, t) enc_r(s, t, d, 0, 0x20)
#define OR(d, s, t) enc_r(s, t, d, 0, 0x25)
#define SLL(d, t, sa) enc_r(0, t, d, sa, 0x00)
#define DSLL32(d, t, sa) enc_r(0, t, d, sa, 0x3c)
#define JR(s) enc_r(s, 0, 0, 0, 0x08)
#define JALR(d, s) enc_r(s, 0, d, 0, 0x09)
#define SYSCALL enc_r(0, 0, 0, 0, 0x0c)
#define BREAK enc_r(0, 0, 0, 0, 0x0d)
#define MFLO(d) enc_r(0, 0, d, 0, 0x12)
#define MULTU(s, t) enc_r(s, t, 0, 0, 0x19)
#define ADDIU(t, s, i) enc_i(0x09, s, t, i)
#define DADDIU(t, s, i) enc_i(0x19, s, t, i)
#define ORI(t, s, i) enc_i(0x0d, s, t, i)
#define LUI(t, i) enc_i(0x0f, 0, t, i)
#define LW(t, off, b) enc_i(0x23, b, t, off)
#define LWL(t, off, b) enc_i(0x22, b, t, off)
#define LWR(t, off, b) enc_i(0x26, b, t, off)
#define LBU(t, off, b) enc_i(0x24, b, t, off)
#define LD(t, off, b) enc_i(0x37, b, t, off)
#define SW(t, off, b) enc_i(0x2b, b, t, off)
#define SB(t, off, b) enc_i(0x28, b, t, off)
#define SWL(t, off, b) enc_i(0x2a, b, t, off)
#define SWR(t, off, b) enc_i(0x2e, b, t, off)
#define LL(t, off, b) enc_i(0x30, b, t, off)
#define SC(t, off, b) enc_i(0x38, b, t, off)
#define BEQ(s, t, off) enc_i(0x04, s, t, off)
#define BNE(s, t, off) enc_i(0x05, s, t, off)
#define BEQL(s, t, off) enc_i(0x14, s, t, off)
#define J(target) ((0x02u << 26) | (((target) >> 2) & 0x03ffffff))
#define CACHE(op, off, b) enc_i(0x2f, b, op, off)
#define MTC0(t, d, sel) ((0x10u << 26) | (4u << 21) | ((t) << 16) | ((d) << 11) | (sel))
#define MFC0(t, d, sel) ((0x10u << 26) | (0u << 21) | ((t) << 16) | ((d) << 11) | (sel))
#define DMTC0(t, d, sel) ((0x10u << 26) | (5u << 21) | ((t) << 16) | ((d) << 11) | (sel))
#define DMFC0(t, d, sel) ((0x10u << 26) | (1u << 21) | ((t) << 16) | ((d) << 11) | (sel))
#define TLBR 0x42000001u
#define TLBWI 0x42000002u
#define TLBWR 0x42000006u
#define TLBP 0x42000008u
#define ERET 0x42000018u
#define WAIT 0x42000020u
#define MFC1(t, fs) ((0x11u << 26) | ((t) << 16) | ((fs) << 11))
#define SEB(d, t) ((0x1fu << 26) | ((t) << 16) | ((d) << 11) | (0x10 << 6) | 0x20)
#define WSBH(d, t) ((0x1fu << 26) | ((t) << 16) | ((d) << 11) | (0x02 << 6) | 0x20)
#define EXT(t, s, pos, size) ((0x1fu << 26) | ((s) << 21) | ((t) << 16) | (((size) - 1) << 11) | ((pos) << 6))
#define RDHWR(t, r) ((0x1fu << 26) | ((t) << 16) | ((r) << 11) | 0x3b)

/* Load a 32-bit constant (sign-extended) into r: 2 words. */
#define LI32(r, v) LUI(r, ((uint32_t)(v)) >> 16), ORI(r, r, (v) & 0xffff)

/* A bare machine: RAM at 0 (32 MiB), ROM at 0x1fc00000 (1 MiB). */
struct tmach {
	struct bus bus;
	struct vclock clk;
	struct soft_cpu *cpu;
	uint8_t *ram, *rom;
	enum endian en;
};

#define TM_RAM (32u << 20)

static inline int tm_init(struct tmach *t, const char *model, enum endian en)
{
	struct err e;

	memset(t, 0, sizeof(*t));
	t->en = en;
	bus_init(&t->bus, en);
	if (bus_map_ram(&t->bus, 0, TM_RAM, "ram", &t->ram, &e) < 0 ||
	    bus_map_rom(&t->bus, 0x1fc00000, 1 << 20, "rom", &t->rom, &e) < 0)
		return -1;
	vclock_init(&t->clk, true);
	t->cpu = soft_cpu_new(cpu_model_find(model), &t->bus, &t->clk, &e);
	if (!t->cpu) {
		test_fail(__FILE__, __LINE__, "%s", e.msg);
		return -1;
	}
	return 0;
}

static inline void tm_free(struct tmach *t)
{
	soft_cpu_free(t->cpu);
	bus_destroy(&t->bus);
}

/* Write words at a physical address in RAM (or ROM at 0x1fc00000). */
static inline void tm_put(struct tmach *t, uint64_t pa, const uint32_t *w,
			  size_t n)
{
	uint8_t *base = pa >= 0x1fc00000 ? t->rom + (pa - 0x1fc00000)
					 : t->ram + pa;

	for (size_t i = 0; i < n; i++)
		endian_store(base + 4 * i, 4, t->en, w[i]);
}

#define TM_PUT(t, pa, ...)                                                  \
	do {                                                                 \
		const uint32_t w_[] = { __VA_ARGS__ };                       \
		tm_put(t, pa, w_, sizeof(w_) / sizeof(w_[0]));               \
	} while (0)

static inline uint64_t tm_reg(struct tmach *t, unsigned id)
{
	uint64_t v = 0;

	soft_cpu_get_reg(t->cpu, id, &v);
	return v;
}

static inline void tm_set(struct tmach *t, unsigned id, uint64_t v)
{
	soft_cpu_set_reg(t->cpu, id, v);
}

#define CP0(r, s) VCPU_REG_CP0_ID(r, s)

/* Kernel mode, BEV=0, ERL=0, interrupts off; PC at a kseg0 address. */
static inline void tm_kernel(struct tmach *t, uint64_t pc)
{
	tm_set(t, CP0(12, 0), 0);
	tm_set(t, VCPU_REG_PC, pc);
}

/* An endless loop at the general exception vector and the refill
 * vectors, so a test can run to a budget and inspect CP0. */
static inline void tm_trap_vectors(struct tmach *t)
{
	for (uint64_t off = 0; off <= 0x200; off += 0x80)
		TM_PUT(t, off, BEQ(0, 0, -1), NOP);
}

static inline uint64_t tm_run(struct tmach *t, uint64_t n)
{
	struct soft_exc x;

	soft_cpu_run(t->cpu, n, &x);
	return tm_reg(t, VCPU_REG_PC);
}

#endif
