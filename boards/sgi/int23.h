/* SGI INT2 (Indigo2, PBUS PIO channel 4) / INT3 (Indy, inside IOC2)
 * interrupt controller with its 8254 timer: local 0/1 status and masks,
 * the "mappable" level 2 sources, timer clear, and the CPU lines they
 * drive (Linux's ip22-int.c: local0 -> IP2, local1 -> IP3, 8254 counter 0
 * -> IP4, counter 1 -> IP5). Byte registers on byte lane 3 of 32-bit
 * words (asm/sgi/ioc.h struct sgint_regs). */
#ifndef MIPSVZ_BOARDS_SGI_INT23_H
#define MIPSVZ_BOARDS_SGI_INT23_H

#include <stdbool.h>
#include <stdint.h>

#include "vmm/bus.h"
#include "vmm/clock.h"
#include "vmm/err.h"
#include "vmm/irq.h"

#define INT23_MMIO_SIZE 0x40u
/* The 8254's input clock (asm/sgi/ioc.h SGINT_TIMER_CLOCK). */
#define INT23_PIT_HZ 1000000u

/* Register offsets (the byte is at +3). */
enum {
	INT23_ISTAT0 = 0x00, INT23_IMASK0 = 0x04, INT23_ISTAT1 = 0x08,
	INT23_IMASK1 = 0x0c, INT23_MAP_STAT = 0x10, INT23_MAP_MASK0 = 0x14,
	INT23_MAP_MASK1 = 0x18, INT23_MAP_POL = 0x1c, INT23_TCLEAR = 0x20,
	INT23_ERRSTAT = 0x24, INT23_TCNT0 = 0x30, INT23_TCNT1 = 0x34,
	INT23_TCNT2 = 0x38, INT23_TCWORD = 0x3c,
};

/* Local 0 sources */
#define INT23_L0_GIO0 0	/* FIFO full / GIO slot interrupt 0 */
#define INT23_L0_SCSI0 1
#define INT23_L0_SCSI1 2
#define INT23_L0_ENET 3
#define INT23_L0_MC_DMA 4
#define INT23_L0_PARALLEL 5
#define INT23_L0_GIO1 6
#define INT23_L0_MAP0 7	/* cascade: map status & map mask 0 */
/* Local 1 sources */
#define INT23_L1_ISDN 0
#define INT23_L1_PANEL 1	/* power button */
#define INT23_L1_MAP1 3	/* cascade: map status & map mask 1 */
#define INT23_L1_HPC_DMA 4
#define INT23_L1_AC_FAIL 5
#define INT23_L1_VIDEO 6
#define INT23_L1_GIO2 7	/* vertical retrace */
/* Mappable sources */
#define INT23_MAP_RETRACE 0
#define INT23_MAP_EISA 3
#define INT23_MAP_KBD 4
#define INT23_MAP_SERIAL 5
#define INT23_MAP_GIO_EXP0 6
#define INT23_MAP_GIO_EXP1 7

/* CPU lines driven, as vcpu_set_irq numbers (0 = Cause.IP2). */
enum { INT23_CPU_LOCAL0, INT23_CPU_LOCAL1, INT23_CPU_TIMER0,
       INT23_CPU_TIMER1, INT23_NCPU };

struct int23;

struct int23_config {
	const char *name;
	struct vclock *clock;
	struct irq cpu[INT23_NCPU];
};

int int23_create(const struct int23_config *cfg, struct int23 **out,
		 struct err *e);
void int23_destroy(struct int23 *ic);
void int23_reset(struct int23 *ic);
extern const struct mmio_ops int23_ops;

uint8_t int23_read(struct int23 *ic, unsigned reg);
void int23_write(struct int23 *ic, unsigned reg, uint8_t v);

/* Device inputs: irq handlers, n = source bit, level-sensitive. */
void int23_local0_irq(void *opaque, int n, int level);
void int23_local1_irq(void *opaque, int n, int level);
void int23_map_irq(void *opaque, int n, int level);

/* Counters 0/1 input clock in Hz (counter 2's OUT rate; 0 = stopped). */
uint32_t int23_cascade_hz(const struct int23 *ic);

#endif
