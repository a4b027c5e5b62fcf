/* malloc/realloc/free of small and large (mmap) blocks; prints a
 * checksum of contents written and read back. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void)
{
	enum { N = 300 };
	unsigned char *blk[N] = { 0 };
	size_t len[N] = { 0 };
	uint32_t x = 1, sum = 0;

	for (int round = 0; round < 2000; round++) {
		int i;
		size_t n;

		x = x * 1664525u + 1013904223u;
		i = (x >> 8) % N;
		n = (x >> 20) % 4 == 0 ? 100000 + (x & 0x3ffff) : (x >> 16) % 600;
		if (blk[i]) {
			/* sample: reading every byte would cost the
			 * test a billion instructions */
			for (size_t k = 0; k < len[i]; k += 61)
				sum = sum * 31 + blk[i][k];
			sum = sum * 31 + blk[i][len[i] - 1];
			if ((x & 3) == 1) {
				unsigned char *r = realloc(blk[i], n + 1);

				if (!r)
					return 2;
				if (n + 1 > len[i])
					memset(r + len[i], round & 0xff,
					       n + 1 - len[i]);
				blk[i] = r;
				len[i] = n + 1;
				continue;
			}
			free(blk[i]);
		}
		blk[i] = malloc(n + 1);
		if (!blk[i])
			return 3;
		len[i] = n + 1;
		memset(blk[i], (int)(x >> 24), len[i]);
	}
	for (int i = 0; i < N; i++)
		free(blk[i]);
	printf("checksum %08x\n", sum);
	return 0;
}
