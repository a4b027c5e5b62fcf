/* Differential-test driver: runs every generated sequence (gen.py) from
 * its own initial state and prints the whole resulting state, so the
 * output of one ELF under mipsvz-user and under qemu-user can be
 * compared line by line. Sequence k's block starts with "seq k". */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#if _MIPS_SIM == _ABI64
#define WSIZE 8
#else
#define WSIZE 4
#endif
#define SCRATCH 256
#define DUMP SCRATCH

extern const unsigned char *const diff_init[];
extern void *const diff_entry[];
extern const unsigned diff_nseq;
void diff_run(void *entry, const unsigned char *init, unsigned char *scr);

static unsigned char scratch[1024] __attribute__((aligned(16)));

static uint64_t slot(const unsigned char *p)
{
	uint64_t v64;
	uint32_t v32;

	if (WSIZE == 8) {
		memcpy(&v64, p, 8);
		return v64;
	}
	memcpy(&v32, p, 4);
	return v32;
}

int main(void)
{
	for (unsigned k = 0; k < diff_nseq; k++) {
		const unsigned char *init = diff_init[k];
		const unsigned char *d = scratch + DUMP;
		uint64_t v;
		uint32_t fcsr;

		/* the table: GPRs, HI, LO, FCSR (36 words), FPRs, memory */
		memcpy(scratch, init + 36 * WSIZE + 256, SCRATCH);
		memset(scratch + SCRATCH, 0, sizeof(scratch) - SCRATCH);
		diff_run(diff_entry[k], init, scratch);
		printf("seq %u\n", k);
		for (int r = 1; r < 32; r++) {
			if (r == 29)
				continue;
			printf("r%d %0*" PRIx64 "%s", r, 2 * WSIZE,
			       slot(d + 8 * r), r % 4 == 3 ? "\n" : " ");
		}
		printf("\nhi %0*" PRIx64 " lo %0*" PRIx64, 2 * WSIZE,
		       slot(d + 256), 2 * WSIZE, slot(d + 264));
		memcpy(&fcsr, d + 272, 4);
		printf(" fcsr %08" PRIx32 "\n", fcsr);
		for (int f = 0; f < 32; f += WSIZE == 8 ? 1 : 2) {
			memcpy(&v, d + 280 + 8 * f, 8);
			printf("f%d %016" PRIx64 "%s", f, v,
			       f % 4 == (WSIZE == 8 ? 3 : 2) ? "\n" : " ");
		}
		for (int i = 0; i < SCRATCH; i++)
			printf("%02x%s", scratch[i], i % 32 == 31 ? "\n" : "");
	}
	return 0;
}
