/* CPU benchmark workloads for mipsvz-user vs qemu-user: fixed work,
 * deterministic results (each prints a checksum the runner compares).
 *
 *   bench crc32|sort|interp|matmul
 *
 * crc32: table-driven CRC-32 over a 64 KiB buffer, repeatedly (loads,
 *        shifts, xor: the integer pipeline's bread and butter);
 * sort:  a hand-written quicksort of 200k pseudo-random ints, 3 times
 *        (branches, loads/stores, calls);
 * interp: a small bytecode interpreter running a loop-heavy program
 *        (an indirect jump per bytecode, like guest interpreters);
 * matmul: 96x96 double-precision matrix multiply, 8 times (the FPU). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint32_t rng_state = 12345;

static uint32_t rng(void)
{
	rng_state = rng_state * 1103515245u + 12345u;
	return rng_state >> 1;
}

static uint32_t bench_crc32(void)
{
	static uint32_t table[256];
	static uint8_t buf[65536];
	uint32_t crc = 0xffffffffu;

	for (uint32_t i = 0; i < 256; i++) {
		uint32_t c = i;

		for (int k = 0; k < 8; k++)
			c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
		table[i] = c;
	}
	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = rng();
	for (int pass = 0; pass < 60; pass++)
		for (size_t i = 0; i < sizeof(buf); i++)
			crc = table[(crc ^ buf[i]) & 0xff] ^ (crc >> 8);
	return ~crc;
}

static void quicksort(int32_t *a, long lo, long hi)
{
	while (lo < hi) {
		int32_t pivot = a[lo + (hi - lo) / 2];
		long i = lo, j = hi;

		while (i <= j) {
			while (a[i] < pivot)
				i++;
			while (a[j] > pivot)
				j--;
			if (i <= j) {
				int32_t t = a[i];

				a[i++] = a[j];
				a[j--] = t;
			}
		}
		if (j - lo < hi - i) {
			quicksort(a, lo, j);
			lo = i;
		} else {
			quicksort(a, i, hi);
			hi = j;
		}
	}
}

static uint32_t bench_sort(void)
{
	enum { N = 200000 };
	int32_t *a = malloc(N * sizeof(*a));
	uint32_t sum = 0;

	for (int round = 0; round < 3; round++) {
		for (int i = 0; i < N; i++)
			a[i] = (int32_t)rng() - (1 << 30);
		quicksort(a, 0, N - 1);
		for (int i = 1; i < N; i++)
			if (a[i - 1] > a[i])
				return 0;
		for (int i = 0; i < N; i += 97)
			sum = sum * 31 + (uint32_t)a[i];
	}
	free(a);
	return sum;
}

/* A stack machine: PUSH k, LOAD r, STORE r, ADD, SUB, MUL, XOR, DUP,
 * JNZ target, HALT. The program sums a mixing function over a loop. */
enum { OP_PUSH, OP_LOAD, OP_STORE, OP_ADD, OP_SUB, OP_MUL, OP_XOR,
       OP_SHR, OP_JNZ, OP_HALT };

static uint32_t bench_interp(void)
{
	static const int32_t prog[] = {
		OP_PUSH, 500000, OP_STORE, 0,		/* r0 = count */
		OP_PUSH, 1, OP_STORE, 1,		/* r1 = acc */
		/* loop (pc 8): */
		OP_LOAD, 1, OP_PUSH, 1664525, OP_MUL,
		OP_LOAD, 0, OP_XOR, OP_LOAD, 1, OP_PUSH, 7, OP_SHR, OP_ADD,
		OP_STORE, 1,
		OP_LOAD, 0, OP_PUSH, 1, OP_SUB, OP_STORE, 0,
		OP_LOAD, 0, OP_JNZ, 8,
		OP_LOAD, 1, OP_HALT,
	};
	uint32_t stack[16], reg[4] = { 0 };
	int sp = 0, pc = 0;

	for (;;) {
		switch (prog[pc++]) {
		case OP_PUSH: stack[sp++] = prog[pc++]; break;
		case OP_LOAD: stack[sp++] = reg[prog[pc++]]; break;
		case OP_STORE: reg[prog[pc++]] = stack[--sp]; break;
		case OP_ADD: sp--; stack[sp - 1] += stack[sp]; break;
		case OP_SUB: sp--; stack[sp - 1] -= stack[sp]; break;
		case OP_MUL: sp--; stack[sp - 1] *= stack[sp]; break;
		case OP_XOR: sp--; stack[sp - 1] ^= stack[sp]; break;
		case OP_SHR: sp--; stack[sp - 1] >>= stack[sp]; break;
		case OP_JNZ:
			if (stack[--sp])
				pc = prog[pc];
			else
				pc++;
			break;
		case OP_HALT: return stack[sp - 1];
		default: return 0;
		}
	}
}

static uint32_t bench_matmul(void)
{
	enum { N = 96 };
	static double a[N][N], b[N][N], c[N][N];
	double sum = 0;

	for (int i = 0; i < N; i++)
		for (int j = 0; j < N; j++) {
			a[i][j] = (double)((i * 7 + j * 3) % 17) / 8.0 - 1.0;
			b[i][j] = (double)((i * 5 + j * 11) % 13) / 4.0 + 0.5;
		}
	for (int rep = 0; rep < 8; rep++) {
		for (int i = 0; i < N; i++)
			for (int j = 0; j < N; j++) {
				double s = 0;

				for (int k = 0; k < N; k++)
					s += a[i][k] * b[k][j];
				c[i][j] = s;
			}
		/* feed back so each repetition depends on the last */
		for (int i = 0; i < N; i++)
			a[i][(rep + i) % N] = c[i][i] * 1e-3;
	}
	for (int i = 0; i < N; i++)
		for (int j = 0; j < N; j++)
			sum += c[i][j] * (i + 1) - c[j][i];
	printf("matmul sum %.10g\n", sum);
	return (uint32_t)(int64_t)sum;
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		uint32_t (*fn)(void);
	} w[] = {
		{ "crc32", bench_crc32 }, { "sort", bench_sort },
		{ "interp", bench_interp }, { "matmul", bench_matmul },
	};

	for (size_t i = 0; i < sizeof(w) / sizeof(w[0]); i++) {
		if (argc > 1 && strcmp(argv[1], w[i].name))
			continue;
		printf("%s %08x\n", w[i].name, w[i].fn());
	}
	return 0;
}
