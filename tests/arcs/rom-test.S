/* A PROM image of our own for firmware = "rom" on the IP22 (CI stand-in
 * for a user's SGI PROM dump): it runs from the reset vector 0xbfc00000
 * like the real one and touches the hardware directly, no firmware
 * calls:
 *  - initialises the primary caches with CACHE Index_Store_Tag (TagLo 0)
 *    over the sizes Config reports (R4000 manual, chapter 11);
 *  - programs the Z85C30's channel B (serial(0)) and prints through it
 *    polling RR0 Tx-empty (SGI-FACTS 5.3.7, 4.6.1: a PROM programs its
 *    console channel: WR4/3/5/11-14);
 *  - sizes memory from the MC's MEMCFG0/1 (SGI-FACTS 5.3.3: per bank
 *    base bits 7:0, size bits 12:8 in 4 MB units, valid bit 13) and
 *    checks a pattern in the first bank;
 *  - prints "ROM-TEST-DONE" and powers off through the IOC panel
 *    register (POWERON bit cleared, SGI-FACTS 5.3.12).
 * MIPS III, big-endian, no MIPS32r2 instructions (R4400). */
	.set	noreorder
	.set	noat
	.set	mips3

#define SCC_CTL	0xbfbd9833	/* channel B control (Linux: ttyS0) */
#define SCC_DATA 0xbfbd9837
#define MC_MEMCFG0 0xbfa000c4
#define MC_MEMCFG1 0xbfa000cc
#define IOC_PANEL 0xbfbd9853

	.text
	.globl	_start
_start:
	b	reset
	nop

	/* BEV exception vectors: report and stop */
	.org	0x200
	b	exception
	nop
	.org	0x280
	b	exception
	nop
	.org	0x300
	b	exception
	nop
	.org	0x380
	b	exception
	nop

	.org	0x400
reset:
	li	$t0, 0x10400000		/* CU0, BEV; ERL/EXL cleared */
	mtc0	$t0, $12
	mtc0	$zero, $13
	nop
	nop

	/* caches: every line's tag cleared, so nothing is valid */
	mtc0	$zero, $28		/* TagLo */
	mtc0	$zero, $29		/* TagHi */
	mfc0	$t0, $16		/* Config */
	nop
	srl	$t1, $t0, 9		/* IC: I-cache = 4 KB << IC */
	andi	$t1, $t1, 7
	li	$t2, 4096
	sllv	$t2, $t2, $t1
	andi	$t3, $t0, 0x20		/* IB: 32-byte lines, else 16 */
	li	$t4, 16
	beqz	$t3, 1f
	nop
	li	$t4, 32
1:	li	$t5, 0x80000000
	addu	$t6, $t5, $t2
2:	cache	0x08, 0($t5)		/* Index_Store_Tag_I */
	addu	$t5, $t5, $t4
	bne	$t5, $t6, 2b
	nop
	srl	$t1, $t0, 6		/* DC */
	andi	$t1, $t1, 7
	li	$t2, 4096
	sllv	$t2, $t2, $t1
	andi	$t3, $t0, 0x10		/* DB */
	li	$t4, 16
	beqz	$t3, 1f
	nop
	li	$t4, 32
1:	li	$t5, 0x80000000
	addu	$t6, $t5, $t2
2:	cache	0x09, 0($t5)		/* Index_Store_Tag_D */
	addu	$t5, $t5, $t4
	bne	$t5, $t6, 2b
	nop

	/* the console channel: x16 clock, 8 bits, Tx/Rx on, 9600 baud */
	li	$s0, SCC_CTL
	la	$a0, scc_init
3:	lbu	$t0, 0($a0)
	lbu	$t1, 1($a0)
	beqz	$t0, 4f
	nop
	sb	$t0, 0($s0)
	sb	$t1, 0($s0)
	b	3b
	addiu	$a0, $a0, 2
4:
	la	$a0, msg_hello
	jal	puts
	nop
	la	$a0, msg_cache
	jal	puts
	nop

	/* memory: sum the valid banks of MEMCFG0/1 */
	li	$t0, MC_MEMCFG0
	lw	$s1, 0($t0)
	li	$t0, MC_MEMCFG1
	lw	$s2, 0($t0)
	move	$s3, $zero		/* total, 4 MB units */
	srl	$a1, $s1, 16		/* bank 0 */
	jal	bank
	nop
	move	$a1, $s1		/* bank 1 */
	jal	bank
	nop
	srl	$a1, $s2, 16
	jal	bank
	nop
	move	$a1, $s2
	jal	bank
	nop
	la	$a0, msg_mem
	jal	puts
	nop
	sll	$a0, $s3, 2		/* MB */
	jal	putdec
	nop
	la	$a0, msg_mb
	jal	puts
	nop

	/* a pattern through KSEG1 at the start of bank 0 (+1 MB) */
	srl	$t0, $s1, 16
	andi	$t0, $t0, 0xff		/* base, 4 MB units */
	sll	$t0, $t0, 22
	lui	$t1, 0xa010
	or	$t0, $t0, $t1		/* KSEG1 + base + 1 MB */
	li	$t2, 0x5aa5c33c
	sw	$t2, 0($t0)
	not	$t3, $t2
	sw	$t3, 4($t0)
	lw	$t4, 0($t0)
	lw	$t5, 4($t0)
	la	$a0, msg_ramok
	bne	$t4, $t2, 5f
	nop
	beq	$t5, $t3, 6f
	nop
5:	la	$a0, msg_ramfail
6:	jal	puts
	nop

	la	$a0, msg_done
	jal	puts
	nop
	/* power off: panel POWERON (bit 0) cleared */
	li	$t0, IOC_PANEL
7:	sb	$zero, 0($t0)
	b	7b
	nop

/* bank(a1 = 16-bit bank descriptor): valid? total += size field + 1 */
bank:
	andi	$t0, $a1, 0x2000
	beqz	$t0, 1f
	nop
	srl	$t0, $a1, 8
	andi	$t0, $t0, 0x1f
	addiu	$t0, $t0, 1
	addu	$s3, $s3, $t0
1:	jr	$ra
	nop

/* puts(a0): polled output on channel B, \n -> \r\n done by the strings */
puts:
	li	$t8, SCC_CTL
1:	lbu	$t0, 0($a0)
	beqz	$t0, 3f
	nop
2:	lbu	$t1, 0($t8)		/* RR0 */
	andi	$t1, $t1, 4		/* Tx buffer empty */
	beqz	$t1, 2b
	nop
	sb	$t0, 4($t8)		/* data register, next word */
	b	1b
	addiu	$a0, $a0, 1
3:	jr	$ra
	nop

/* putdec(a0): decimal, up to 10 digits, through puts */
putdec:
	move	$t7, $ra
	li	$t6, 0xa0000100 + 11	/* RAM (the PROM is read-only) */
	sb	$zero, 0($t6)
	li	$t5, 10
1:	divu	$zero, $a0, $t5
	mfhi	$t0
	mflo	$a0
	addiu	$t0, $t0, '0'
	addiu	$t6, $t6, -1
	bnez	$a0, 1b
	sb	$t0, 0($t6)
	jal	puts
	move	$a0, $t6
	jr	$t7
	nop

exception:
	la	$a0, msg_exc
	jal	puts
	nop
1:	b	1b
	nop

	/* tables and strings stay in the PROM */
scc_init:
	/* register, value pairs; 0 ends (WR0 is never written here) */
	.byte	9, 0x40			/* reset channel B */
	.byte	4, 0x44			/* x16 clock, 1 stop bit */
	.byte	3, 0xc1			/* Rx 8 bits, Rx enable */
	.byte	5, 0xea			/* DTR, Tx 8 bits, Tx enable, RTS */
	.byte	11, 0x50		/* Rx/Tx clocks from the BRG */
	.byte	12, 10			/* 3.672 MHz / (32 * 9600) - 2 */
	.byte	13, 0
	.byte	14, 0x01		/* BRG on */
	.byte	0, 0
msg_hello:
	.asciz	"\r\nROM-TEST: mipsvz test PROM running from the reset vector\r\n"
msg_cache:
	.asciz	"ROM-TEST: primary caches initialised\r\n"
msg_mem:
	.asciz	"ROM-TEST: memory "
msg_mb:
	.asciz	" MB in MEMCFG\r\n"
msg_ramok:
	.asciz	"ROM-TEST: RAM pattern ok\r\n"
msg_ramfail:
	.asciz	"ROM-TEST: RAM pattern FAILED\r\n"
msg_done:
	.asciz	"ROM-TEST-DONE\r\n"
msg_exc:
	.asciz	"ROM-TEST: unexpected exception\r\n"
