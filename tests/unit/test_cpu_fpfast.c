/* The host-FPU fast path for ADD/SUB/MUL/DIV.S/D and the COP1X
 * multiply-adds (vmm/cpu/fpu_fast.h)
 * against the exact integer FPU (fpu_exec_cop1): whenever the fast path
 * takes an instruction, the register file and FCSR must be bit for bit
 * what the exact path produces, over many operands chosen to sit on the
 * edges (tiny, huge, exact products and quotients, zeros, NaN, infinity),
 * every rounding mode, trap enables, FS, both register views and both
 * FPU behaviours (R2/QEMU and R4000 denormal traps). */
#include <string.h>

#include "tests/test.h"
#include "vmm/cpu/fpu_fast.h"

struct rng {
	uint64_t s;
};

static uint64_t next(struct rng *r)
{
	/* splitmix64 */
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* An operand of the format (mbits 52 or 23) that often lies on an edge. */
static uint64_t operand(struct rng *r, unsigned mbits)
{
	unsigned ebits = mbits == 52 ? 11 : 8, emax = (1u << ebits) - 1;
	uint64_t sign = next(r) & 1, e, m = next(r) & ((1ull << mbits) - 1);

	switch (next(r) % 10) {
	case 0:
		e = next(r) % 4;			/* zero, denormal, tiny */
		break;
	case 1:
		e = emax - next(r) % 4;			/* huge, inf, NaN */
		break;
	case 2:						/* few significant bits */
		m &= ~((1ull << (mbits - next(r) % 8)) - 1);
		e = (emax >> 1) + next(r) % 40 - 20;
		break;
	case 3:
		m = 0;
		e = next(r) % 3 == 0 ? 0 : (emax >> 1) + next(r) % 8;
		break;
	default:
		e = next(r) % (emax + 1);
		break;
	}
	if (e == 0 && next(r) % 2)
		m = 0;
	return sign << (mbits + ebits) | e << mbits | m;
}

static const struct cpu_model *find(const char *name)
{
	const struct cpu_model *m = cpu_model_find(name);

	if (!m)
		test_fail(__FILE__, __LINE__, "no model %s", name);
	return m;
}

static uint32_t cop1_arith(bool dbl, unsigned op, unsigned fd, unsigned fs,
			   unsigned ft)
{
	return 0x11u << 26 | (dbl ? 0x11u : 0x10u) << 21 | ft << 16 |
	       fs << 11 | fd << 6 | op;
}

/* op 0..3: ADD..DIV; 4..7: COP1X MADD, MSUB, NMADD, NMSUB with fr. */
static bool fast(struct fpu *f, bool dbl, unsigned op, unsigned fd,
		 unsigned fs, unsigned ft, unsigned fr)
{
	if (op >= 4)
		return fpu_fast_madd(f, dbl, op, fd, fr, fs, ft);
	return fpu_fast_arith(f, dbl, op, fd, fs, ft);
}

static enum fpu_result exact(struct fpu *f, bool dbl, unsigned op,
			     unsigned fd, unsigned fs, unsigned ft,
			     unsigned fr)
{
	static const uint64_t gpr[32];

	if (op >= 4)
		return fpu_exec_cop1x(f, 0x13u << 26 | fr << 21 | ft << 16 |
					 fs << 11 | fd << 6 | op << 3 | dbl);
	return fpu_exec_cop1(f, cop1_arith(dbl, op, fd, fs, ft), gpr);
}

static void run_model(const char *name, unsigned n, uint64_t seed)
{
	const struct cpu_model *m = find(name);
	struct rng r = { seed };
	unsigned hits = 0, fails = 0;

	if (!m)
		return;
	for (unsigned i = 0; i < n && fails < 5; i++) {
		struct fpu a, b;
		bool dbl = next(&r) & 1, fr = next(&r) & 1;
		unsigned op = next(&r) % 8, mbits = dbl ? 52 : 23;
		unsigned fd = next(&r) % 32, fs = next(&r) % 32, ft = next(&r) % 32;
		unsigned fr3 = next(&r) % 32;
		uint32_t fcsr = 0;

		if (next(&r) % 4 == 0)
			fcsr |= next(&r) % 4;			/* RM */
		if (next(&r) % 4 == 0)
			fcsr |= (next(&r) & 0x1f) << 7;		/* enables */
		if (next(&r) % 4 == 0)
			fcsr |= 1u << 24;			/* FS */
		fcsr |= next(&r) & 0x7c;			/* flags */
		if (dbl && !fr && next(&r) % 8) {
			fd &= ~1u;
			fs &= ~1u;
			ft &= ~1u;
			fr3 &= ~1u;
		}
		fpu_reset(&a, m);
		a.fr = fr;
		a.fcsr = fcsr;
		for (unsigned k = 0; k < 32; k++)
			a.fpr[k] = next(&r);
		if (dbl) {
			fpu_set_d(&a, fr3, operand(&r, mbits));
			fpu_set_d(&a, fs, operand(&r, mbits));
			fpu_set_d(&a, ft, operand(&r, mbits));
		} else {
			fpu_set_w(&a, fr3, (uint32_t)operand(&r, mbits));
			fpu_set_w(&a, fs, (uint32_t)operand(&r, mbits));
			fpu_set_w(&a, ft, (uint32_t)operand(&r, mbits));
		}
		b = a;
		if (!fast(&a, dbl, op, fd, fs, ft, fr3)) {
			if (memcmp(&a, &b, sizeof(a)))
				test_fail(__FILE__, __LINE__,
					  "%s: declined but changed state", name);
			continue;
		}
		hits++;
		if (exact(&b, dbl, op, fd, fs, ft, fr3) != FPU_OK ||
		    memcmp(a.fpr, b.fpr, sizeof(a.fpr)) || a.fcsr != b.fcsr) {
			fails++;
			test_fail(__FILE__, __LINE__,
				  "%s: %s op %u fs %016" PRIx64 " ft %016" PRIx64
				  " fcsr %08x: fast %016" PRIx64 "/%08x, exact "
				  "%016" PRIx64 "/%08x", name, dbl ? "D" : "S",
				  op, dbl ? fpu_get_d(&b, fs) : fpu_get_w(&b, fs),
				  dbl ? fpu_get_d(&b, ft) : fpu_get_w(&b, ft),
				  fcsr, dbl ? fpu_get_d(&a, fd) :
				  fpu_get_w(&a, fd), a.fcsr,
				  dbl ? fpu_get_d(&b, fd) : fpu_get_w(&b, fd),
				  b.fcsr);
		}
	}
	/* The fast path must actually be exercised. */
	if (hits < n / 20)
		test_fail(__FILE__, __LINE__, "%s: only %u fast of %u", name,
			  hits, n);
}

static void matches_exact_r2(void)
{
	run_model("24Kf", 400000, 1);
	run_model("MIPS64R2-generic", 200000, 2);
}

static void matches_exact_r4000(void)
{
	run_model("R4400", 200000, 3);
	run_model("R5000", 200000, 4);
}

/* Exactness decided right at the edges: products and quotients with
 * exactly 24/53 significant bits, sums whose error is one ulp. */
static void inexact_edges(void)
{
	const struct cpu_model *m = find("24Kf");
	static const struct {
		bool dbl;
		unsigned op;
		uint64_t x, y;
	} v[] = {
		/* (2^53-1) * 1 exact; (2^53-1) * 3 inexact */
		{ true, 2, 0x433fffffffffffffull, 0x3ff0000000000000ull },
		{ true, 2, 0x433fffffffffffffull, 0x4008000000000000ull },
		/* 3 / 3 exact; 1 / 3 inexact; 6 / 3 exact */
		{ true, 3, 0x4008000000000000ull, 0x4008000000000000ull },
		{ true, 3, 0x3ff0000000000000ull, 0x4008000000000000ull },
		{ true, 3, 0x4018000000000000ull, 0x4008000000000000ull },
		/* 1 + 2^-53 (tie, to even: inexact); 1 + 2^-52 exact */
		{ true, 0, 0x3ff0000000000000ull, 0x3ca0000000000000ull },
		{ true, 0, 0x3ff0000000000000ull, 0x3cb0000000000000ull },
		{ true, 1, 0x3ff0000000000000ull, 0x3ff0000000000000ull },
		/* single: (2^24-1) * 3, (2^24-1) * 1, 1 - 2^-25 */
		{ false, 2, 0x4b7fffff, 0x40400000 },
		{ false, 2, 0x4b7fffff, 0x3f800000 },
		{ false, 1, 0x3f800000, 0x33000000 },
		/* MADD.D 3 * (1/3) + 1: both steps inexact; 2 * 2 + 1 exact */
		{ true, 4, 0x4008000000000000ull, 0x3fd5555555555555ull },
		{ true, 4, 0x4000000000000000ull, 0x4000000000000000ull },
		{ true, 7, 0x4000000000000000ull, 0x4000000000000000ull },
	};

	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		struct fpu a, b;

		fpu_reset(&a, m);
		a.fr = true;
		if (v[i].dbl) {
			fpu_set_d(&a, 2, v[i].x);
			fpu_set_d(&a, 4, v[i].y);
			fpu_set_d(&a, 6, 0x3ff0000000000000ull);
		} else {
			fpu_set_w(&a, 2, v[i].x);
			fpu_set_w(&a, 4, v[i].y);
		}
		b = a;
		if (!fast(&a, v[i].dbl, v[i].op, 8, 2, 4, 6))
			continue;	/* 1 - 1 = 0: declined, fine */
		CHECK_EQ(exact(&b, v[i].dbl, v[i].op, 8, 2, 4, 6), FPU_OK);
		CHECK_EQ(a.fpr[8], b.fpr[8]);
		CHECK_EQ(a.fcsr, b.fcsr);
	}
}

TEST_MAIN("cpu_fpfast",
	  T(matches_exact_r2),
	  T(matches_exact_r4000),
	  T(inexact_edges))
