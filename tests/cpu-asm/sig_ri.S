/* Must end with SIGILL (reserved opcode 0x3b).
 * EXPECT-STATUS: 132
 */
#include "cpu-asm.h"

	.data
	.align	2
1:	.word	0

	TEST_BEGIN sig_ri
	.word 0xec000000
	TEST_END sig_ri
