/* SGI MC memory controller (IP22 Indy/Indigo2, IP28): CPU/GIO control,
 * memory configuration (MEMCFG), error capture, RPSS counter, semaphores,
 * virtual DMA. 32-bit registers in 64-bit slots at 0x1fa00000. */
#ifndef MIPSVZ_BOARDS_SGI_MC_H
#define MIPSVZ_BOARDS_SGI_MC_H

#include <stdbool.h>
#include <stdint.h>

#include "vmm/bus.h"
#include "vmm/clock.h"
#include "vmm/dev/eeprom93cs56.h"
#include "vmm/err.h"
#include "vmm/irq.h"

#define IP22_MC_BASE 0x1fa00000ull
#define IP22_MC_SIZE 0x20000ull
/* The MC and GIO64 clock: 33 MHz on IP22/IP24 (SGI-FACTS 4.6.2:
 * "RPSS_DIVIDER ... for 33 MHz"). */
#define IP22_MC_CLOCK_HZ 33333333u

/* Register offsets (the 32-bit value sits at +4 in each 8-byte slot;
 * Linux's asm/sgi/mc.h, SGI-FACTS 5.3.3). */
enum {
	MC_CPUCTRL0 = 0x00, MC_CPUCTRL1 = 0x08, MC_WATCHDOG = 0x10,
	MC_SYSID = 0x18, MC_RPSS_DIV = 0x28, MC_EEPROM = 0x30,
	MC_REFCNT_PRELOAD = 0x40, MC_REFCNT = 0x48, MC_GIO64_ARB = 0x80,
	MC_ARB_CPU_TIME = 0x88, MC_ARB_BURST_TIME = 0x98,
	MC_MEMCFG0 = 0xc0, MC_MEMCFG1 = 0xc8, MC_CPU_MEMACC = 0xd0,
	MC_GIO_MEMACC = 0xd8, MC_CPU_ERR_ADDR = 0xe0, MC_CPU_ERR_STAT = 0xe8,
	MC_GIO_ERR_ADDR = 0xf0, MC_GIO_ERR_STAT = 0xf8, MC_SYS_SEMA = 0x100,
	MC_GIO_LOCK = 0x108, MC_EISA_LOCK = 0x110, MC_GIO_TRANS_MASK = 0x150,
	MC_GIO_TRANS_SUBST = 0x158, MC_DMA_INT_CAUSE = 0x160,
	MC_DMA_CTL = 0x168, MC_DMA_TLB = 0x180,	/* 4 x { hi, lo } */
	MC_RPSS_COUNTER = 0x1000,
	MC_DMA_MEMADR = 0x2000, MC_DMA_MEMADRD = 0x2008, MC_DMA_SIZE = 0x2010,
	MC_DMA_STRIDE = 0x2018, MC_DMA_GIO_ADR = 0x2020,
	MC_DMA_GIO_ADRS = 0x2028, MC_DMA_MODE = 0x2030, MC_DMA_COUNT = 0x2038,
	MC_DMA_START = 0x2040, MC_DMA_RUN = 0x2048, MC_DMA_MEMADRDS = 0x2070,
	MC_SEMAPHORES = 0x10000,	/* 16, 0x1000 apart */
};

#define MC_CPUCTRL0_WDOG 0x00000100
#define MC_CPUCTRL0_SYSINIT 0x00000200
#define MC_SYSID_EISA 0x10
#define MC_GIO64_ARB_ONEBUS 0x400
#define MC_MEMCFG_VALID 0x2000
#define MC_CSTAT_ADDR 0x400
#define MC_GSTAT_TIME 0x400
#define MC_DMA_RUN_COMPLETE 0x08

#define MC_MAX_BANKS 4

struct ip22_mc;

struct ip22_mc_config {
	struct vclock *clock;
	struct bus *bus;		/* for virtual DMA */
	uint8_t sysid;			/* revision | MC_SYSID_EISA */
	uint32_t gio64_arb_reset;	/* MC_GIO64_ARB_ONEBUS on the Indy */
	/* RAM banks in MEMCFG order (bank 0 = MEMCFG0 bits 31:16). */
	struct { uint64_t base, size; } bank[MC_MAX_BANKS];
	unsigned nbanks;
	struct eeprom93cs56 *eeprom;	/* CPU board EEPROM, may be NULL */
	struct irq dma_irq;		/* virtual DMA done (INT local0 4) */
	void (*sysinit)(void *opaque);	/* CPUCTRL0 SYSINIT: reset */
	void *opaque;
};

int ip22_mc_create(const struct ip22_mc_config *cfg, struct ip22_mc **out,
		   struct err *e);
void ip22_mc_destroy(struct ip22_mc *mc);
void ip22_mc_reset(struct ip22_mc *mc);
extern const struct mmio_ops ip22_mc_ops;

uint32_t ip22_mc_read(struct ip22_mc *mc, unsigned reg);
void ip22_mc_write(struct ip22_mc *mc, unsigned reg, uint32_t v);

/* A guest access at `pa` ended in a bus error (bus error hook): latch
 * the CPU or GIO error address/status unless an earlier error is still
 * latched (they hold until the guest writes the status register). */
void ip22_mc_bus_error(struct ip22_mc *mc, uint64_t pa, unsigned size,
		       bool write);

/* The MEMCFG value describing banks (base, size) as rev < 5 MCs encode
 * it (4 MB units): bits 7:0 base >> 22, 12:8 size / 4 MB - 1, bit 13
 * valid. 0 for an empty bank; -1 if the bank cannot be described. */
int64_t ip22_mc_memcfg_bank(uint64_t base, uint64_t size);

#endif
