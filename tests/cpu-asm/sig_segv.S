/* Must end with SIGSEGV (load from address 0).
 * EXPECT-STATUS: 139
 */
#include "cpu-asm.h"

	.data
	.align	2
1:	.word	0

	TEST_BEGIN sig_segv
	lw t0, 0(zero)
	TEST_END sig_segv
