/* Must end with SIGTRAP.
 * EXPECT-STATUS: 133
 */
#include "cpu-asm.h"

	.data
	.align	2
1:	.word	0

	TEST_BEGIN sig_break
	break 3
	TEST_END sig_break
