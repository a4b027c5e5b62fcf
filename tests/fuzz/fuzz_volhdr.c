/* libFuzzer target: the SGI volume header parser and the firmware's
 * file/partition lookups on a fuzzed sector 0 (BAD-INPUTS row 29). */
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "firmware/volhdr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t sec[VOLHDR_SECTOR] = { 0 };
	struct volhdr vh;
	struct err e;

	memcpy(sec, data, size < sizeof(sec) ? size : sizeof(sec));
	if (volhdr_parse(sec, &vh, &e) == 0) {
		uint8_t again[VOLHDR_SECTOR];

		volhdr_build(&vh, again);
		for (int i = 0; i < VOLHDR_NDIR; i++)
			volhdr_find(&vh, vh.dir[i].name);
	}
	return 0;
}
