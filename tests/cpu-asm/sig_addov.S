/* Must end with SIGFPE (integer overflow).
 * EXPECT-STATUS: 136
 */
#include "cpu-asm.h"

	.data
	.align	2
1:	.word	0

	TEST_BEGIN sig_addov
	li t0, 0x7fffffff; addi t0, t0, 1
	TEST_END sig_addov
