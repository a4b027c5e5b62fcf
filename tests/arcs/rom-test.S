/* placeholder, replaced below */
	.text
	.globl _start
_start:	b _start
	nop
