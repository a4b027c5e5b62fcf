/* Must end with SIGFPE (break code 7, divide by zero).
 * EXPECT-STATUS: 136
 * QEMU-STATUS: 133 (qemu-user ignores the code; Linux's do_bp/do_tr raise SIGFPE for codes 6 and 7)
 */
#include "cpu-asm.h"

	.data
	.align	2
1:	.word	0

	TEST_BEGIN sig_breakdiv
	break 7
	TEST_END sig_breakdiv
