/* Entry of the ARCS guest test programs: the PROM passes argc/argv/envp
 * in a0-a2 and a stack in sp; keep them and call main, then return to
 * the PROM with main's status (ARCS: a program may return). */
	.set	noreorder
	.text
	.globl	_start
	.ent	_start
_start:
	addiu	$sp, $sp, -32
	sw	$ra, 28($sp)
	jal	arcs_main
	nop
	lw	$ra, 28($sp)
	jr	$ra
	addiu	$sp, $sp, 32
	.end	_start
