/* Must end with SIGTRAP.
 * EXPECT-STATUS: 133
 */
#include "cpu-asm.h"

	.data
	.align	2
1:	.word	0

	TEST_BEGIN sig_teq
	teq zero, zero
	TEST_END sig_teq
