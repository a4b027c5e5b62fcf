/* Must end with SIGBUS (unaligned LW; Linux would fix it up, qemu-user and we do not).
 * EXPECT-STATUS: 135
 */
#include "cpu-asm.h"

	.data
	.align	2
1:	.word	0

	TEST_BEGIN sig_unaligned
	LA t1, 1f; lw t0, 1(t1)
	TEST_END sig_unaligned
