/* SGI MC (memory controller) of the IP22 Indy/Indigo2.
 *
 * Facts: Linux's asm/sgi/mc.h and ip22-mc.c (register layout, MEMCFG
 * decoding: base in 4 MB units, size (field + 1) x 4 MB for MC rev < 5,
 * valid bit 13; cstat/gstat cleared by any write and latching only when
 * clear; SYSINIT restarts the machine), MAME's sgi/mc.cpp (RPSS counter =
 * MC clock / (divider + 1) x increment; CPU-board EEPROM reads left inert
 * because IRIX 5.x misbehaves on default contents), SGI-FACTS 4.6.2 (reset
 * values used by IRIS, which boots IRIX with SGI's PROM; the error
 * registers must be set only by real guest accesses, else the PROM
 * retries forever).
 *
 * The RAM map is fixed by the board at start; MEMCFG describes it and
 * guest writes to MEMCFG are kept but do not move memory. */
#include "mc.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "boards/sgi/ip22_eeprom.h"
#include "vmm/log.h"

#define NSEMA 16

struct ip22_mc {
	struct ip22_mc_config cfg;
	uint32_t cpuctrl[2], watchdog, rpss_div, eeprom_ctl;
	uint32_t refcnt_preload, gio64_arb, arb_cpu_time, arb_burst_time;
	uint32_t memcfg[2], cpu_memacc, gio_memacc;
	uint32_t cpu_err_addr, cpu_err_stat, gio_err_addr, gio_err_stat;
	uint32_t sys_sema, gio_lock, eisa_lock, trans_mask, trans_subst;
	uint32_t dma_int_cause, dma_ctl, dma_tlb[8];
	uint32_t dma_regs[16];		/* 0x2000-0x2078, by (off >> 3) */
	uint32_t sema[NSEMA];
	/* RPSS: value `rpss_base` at virtual time `rpss_t0` */
	uint32_t rpss_base;
	uint64_t rpss_t0;
};

int64_t ip22_mc_memcfg_bank(uint64_t base, uint64_t size)
{
	const uint64_t unit = 4ull << 20;

	if (!size)
		return 0;
	if (size % unit || size > 32 * unit || base % unit ||
	    base / unit > 0xff)
		return -1;
	return MC_MEMCFG_VALID | (size / unit - 1) << 8 | base / unit;
}

static uint32_t memcfg_reset(const struct ip22_mc *mc, unsigned reg)
{
	uint32_t v = 0;

	for (unsigned i = 0; i < 2; i++) {
		unsigned b = 2 * reg + i;
		int64_t f = 0;

		if (b < mc->cfg.nbanks)
			f = ip22_mc_memcfg_bank(mc->cfg.bank[b].base,
						mc->cfg.bank[b].size);
		v |= (uint32_t)(f < 0 ? 0 : f) << (i ? 0 : 16);
	}
	return v;
}

static uint64_t rpss_ticks(const struct ip22_mc *mc, uint64_t now)
{
	unsigned div = (mc->rpss_div & 0xff) + 1;

	return (uint64_t)((unsigned __int128)(now - mc->rpss_t0) *
			  IP22_MC_CLOCK_HZ / ((uint64_t)div * NS_PER_SEC));
}

static uint32_t rpss_now(const struct ip22_mc *mc)
{
	uint32_t inc = (mc->rpss_div >> 8) & 0xff;

	return mc->rpss_base +
	       (uint32_t)(rpss_ticks(mc, vclock_now(mc->cfg.clock)) * inc);
}

void ip22_mc_reset(struct ip22_mc *mc)
{
	struct ip22_mc_config cfg = mc->cfg;

	memset(mc, 0, sizeof(*mc));
	mc->cfg = cfg;
	/* SGI-FACTS 4.6.2 (IRIS), MAME for the RPSS divider. */
	mc->cpuctrl[0] = 0x00100012;
	mc->cpuctrl[1] = 0x0c;
	mc->rpss_div = 0x0104;
	mc->refcnt_preload = 0xc30;
	mc->gio64_arb = cfg.gio64_arb_reset;
	mc->arb_cpu_time = 0x100;
	mc->arb_burst_time = 0x200;
	mc->cpu_memacc = 0x01454333;
	mc->gio_memacc = 0x4333;
	/* The PROM's POST result: the configured banks (no POST here). */
	mc->memcfg[0] = memcfg_reset(mc, 0);
	mc->memcfg[1] = memcfg_reset(mc, 1);
	mc->rpss_t0 = vclock_now(cfg.clock);
}

void ip22_mc_bus_error(struct ip22_mc *mc, uint64_t pa, unsigned size,
		       bool write)
{
	/* GIO64 slot space times out on the GIO bus ("GIO Timeout at
	 * 1f400000"); everything else is a CPU-side address error ("MC: CPU
	 * Error at 1fb001c0"), SGI-FACTS 4.6.1. */
	if (pa >= 0x1f000000 && pa < 0x1fa00000) {
		if (!mc->gio_err_stat) {
			mc->gio_err_addr = (uint32_t)pa;
			mc->gio_err_stat = MC_GSTAT_TIME;
		}
	} else if (!mc->cpu_err_stat) {
		uint32_t lanes = 0;

		/* Byte lanes of the 64-bit SysAD bus, big-endian: byte 0 of
		 * a doubleword is lane 7 (status bits 7:0, as MAME sets). */
		for (unsigned i = 0; i < size && i < 8; i++)
			lanes |= 1u << (7 - ((pa + i) & 7));
		mc->cpu_err_addr = (uint32_t)pa;
		mc->cpu_err_stat = MC_CSTAT_ADDR | lanes;
	}
	TRACE(TRACE_BUS, "mc: bus error %s 0x%" PRIx64,
	      write ? "write" : "read", pa);
}

static void vdma_start(struct ip22_mc *mc)
{
	LOG_RATELIMITED("mc: unimplemented: virtual DMA (mode 0x%x, %u "
			"bytes at 0x%x)", mc->dma_regs[MC_DMA_MODE >> 3 & 15],
			mc->dma_regs[MC_DMA_SIZE >> 3 & 15] & 0xffff,
			mc->dma_regs[MC_DMA_MEMADR >> 3 & 15]);
	/* IRIX's polled vdma_wait needs COMPLETE (SGI-FACTS 4.6.2). */
	mc->dma_regs[MC_DMA_RUN >> 3 & 15] = MC_DMA_RUN_COMPLETE;
	if (mc->dma_ctl & 0x10) {
		mc->dma_int_cause |= 0x08;
		irq_set(&mc->cfg.dma_irq, 1);
	}
}

uint32_t ip22_mc_read(struct ip22_mc *mc, unsigned reg)
{
	uint32_t v;

	if (reg >= MC_SEMAPHORES && reg < MC_SEMAPHORES + NSEMA * 0x1000) {
		/* Test-and-set: a read returns the bit and sets it. */
		unsigned i = (reg - MC_SEMAPHORES) >> 12;

		v = mc->sema[i];
		mc->sema[i] = 1;
		return v;
	}
	if (reg >= MC_DMA_MEMADR && reg <= MC_DMA_MEMADRDS)
		return mc->dma_regs[(reg - MC_DMA_MEMADR) >> 3 & 15];
	if (reg >= MC_DMA_TLB && reg < MC_DMA_TLB + 0x40)
		return mc->dma_tlb[(reg - MC_DMA_TLB) >> 3];
	switch (reg) {
	case MC_CPUCTRL0: return mc->cpuctrl[0];
	case MC_CPUCTRL1: return mc->cpuctrl[1];
	case MC_WATCHDOG: return mc->watchdog;
	case MC_SYSID: return mc->cfg.sysid;
	case MC_RPSS_DIV: return mc->rpss_div;
	case MC_EEPROM:
		return ip22_eeprom_reg_read(mc->cfg.eeprom, mc->eeprom_ctl);
	case MC_REFCNT_PRELOAD: return mc->refcnt_preload;
	case MC_REFCNT:
		/* Counts down from the preload value at the MC clock. */
		return mc->refcnt_preload - (uint32_t)((unsigned __int128)
			vclock_now(mc->cfg.clock) * IP22_MC_CLOCK_HZ /
			NS_PER_SEC % (mc->refcnt_preload + 1ull));
	case MC_GIO64_ARB: return mc->gio64_arb;
	case MC_ARB_CPU_TIME: return mc->arb_cpu_time;
	case MC_ARB_BURST_TIME: return mc->arb_burst_time;
	case MC_MEMCFG0: return mc->memcfg[0];
	case MC_MEMCFG1: return mc->memcfg[1];
	case MC_CPU_MEMACC: return mc->cpu_memacc;
	case MC_GIO_MEMACC: return mc->gio_memacc;
	case MC_CPU_ERR_ADDR: return mc->cpu_err_addr;
	case MC_CPU_ERR_STAT: return mc->cpu_err_stat;
	case MC_GIO_ERR_ADDR: return mc->gio_err_addr;
	case MC_GIO_ERR_STAT: return mc->gio_err_stat;
	case MC_SYS_SEMA:
		v = mc->sys_sema;
		mc->sys_sema = 1;
		return v;
	case MC_GIO_LOCK: return mc->gio_lock;
	case MC_EISA_LOCK: return mc->eisa_lock;
	case MC_GIO_TRANS_MASK: return mc->trans_mask;
	case MC_GIO_TRANS_SUBST: return mc->trans_subst;
	case MC_DMA_INT_CAUSE: return mc->dma_int_cause;
	case MC_DMA_CTL: return mc->dma_ctl;
	case MC_RPSS_COUNTER: return rpss_now(mc);
	}
	LOG_RATELIMITED("mc: unimplemented: read of register 0x%x", reg);
	return 0;
}

void ip22_mc_write(struct ip22_mc *mc, unsigned reg, uint32_t v)
{
	TRACE(TRACE_DEV, "mc: [0x%x] <- 0x%08x", reg, v);
	if (reg >= MC_SEMAPHORES && reg < MC_SEMAPHORES + NSEMA * 0x1000) {
		mc->sema[(reg - MC_SEMAPHORES) >> 12] = v & 1;
		return;
	}
	if (reg >= MC_DMA_MEMADR && reg <= MC_DMA_MEMADRDS) {
		mc->dma_regs[(reg - MC_DMA_MEMADR) >> 3 & 15] = v;
		/* DMA_GIO_ADRS, DMA_START and DMA_MEMADRDS start a transfer */
		if (reg == MC_DMA_GIO_ADRS || reg == MC_DMA_START ||
		    reg == MC_DMA_MEMADRDS)
			vdma_start(mc);
		return;
	}
	if (reg >= MC_DMA_TLB && reg < MC_DMA_TLB + 0x40) {
		mc->dma_tlb[(reg - MC_DMA_TLB) >> 3] = v;
		return;
	}
	switch (reg) {
	case MC_CPUCTRL0:
		if ((v & MC_CPUCTRL0_WDOG) && !(mc->cpuctrl[0] & MC_CPUCTRL0_WDOG))
			LOG_RATELIMITED("mc: unimplemented: watchdog reset");
		mc->cpuctrl[0] = v & ~MC_CPUCTRL0_SYSINIT;
		/* SYSINIT: the whole machine restarts (Linux's
		 * sgi_machine_restart). */
		if ((v & MC_CPUCTRL0_SYSINIT) && mc->cfg.sysinit)
			mc->cfg.sysinit(mc->cfg.opaque);
		return;
	case MC_CPUCTRL1: mc->cpuctrl[1] = v; return;
	case MC_WATCHDOG: mc->watchdog = 0; return;
	case MC_RPSS_DIV:
		mc->rpss_base = rpss_now(mc);
		mc->rpss_t0 = vclock_now(mc->cfg.clock);
		mc->rpss_div = v & 0xffff;
		return;
	case MC_EEPROM:
		mc->eeprom_ctl = ip22_eeprom_reg_write(mc->cfg.eeprom, v);
		return;
	case MC_REFCNT_PRELOAD: mc->refcnt_preload = v; return;
	case MC_GIO64_ARB: mc->gio64_arb = v; return;
	case MC_ARB_CPU_TIME: mc->arb_cpu_time = v; return;
	case MC_ARB_BURST_TIME: mc->arb_burst_time = v; return;
	case MC_MEMCFG0:
	case MC_MEMCFG1:
		if (v != mc->memcfg[reg == MC_MEMCFG1])
			LOG_RATELIMITED("mc: MEMCFG%d <- 0x%08x kept; the RAM "
					"map stays as configured",
					reg == MC_MEMCFG1, v);
		mc->memcfg[reg == MC_MEMCFG1] = v;
		return;
	case MC_CPU_MEMACC: mc->cpu_memacc = v; return;
	case MC_GIO_MEMACC: mc->gio_memacc = v; return;
	/* Any write clears a status register (and with it the address). */
	case MC_CPU_ERR_STAT: mc->cpu_err_stat = 0; return;
	case MC_GIO_ERR_STAT: mc->gio_err_stat = 0; return;
	case MC_CPU_ERR_ADDR: case MC_GIO_ERR_ADDR: return;
	case MC_SYS_SEMA: mc->sys_sema = v & 1; return;
	case MC_GIO_LOCK: mc->gio_lock = v & 1; return;
	case MC_EISA_LOCK: mc->eisa_lock = v & 1; return;
	case MC_GIO_TRANS_MASK: mc->trans_mask = v; return;
	case MC_GIO_TRANS_SUBST: mc->trans_subst = v; return;
	case MC_DMA_INT_CAUSE:
		mc->dma_int_cause = v;
		if (!(v & 0x08))
			irq_set(&mc->cfg.dma_irq, 0);
		return;
	case MC_DMA_CTL: mc->dma_ctl = v; return;
	case MC_SYSID: case MC_REFCNT: case MC_RPSS_COUNTER: return;
	}
	LOG_RATELIMITED("mc: unimplemented: write 0x%x to register 0x%x", v,
			reg);
}

/* 32-bit registers at +4 of each 8-byte slot; a 64-bit access to the
 * slot carries the register in its low half. */
static uint64_t mc_mmio_read(void *opaque, uint64_t off, unsigned size)
{
	if (size == 8)
		return ip22_mc_read(opaque, off);
	if (!(off & 4))
		return 0;
	return ip22_mc_read(opaque, off & ~7ull);
}

static void mc_mmio_write(void *opaque, uint64_t off, uint64_t v,
			  unsigned size)
{
	if (size == 8 || (off & 4))
		ip22_mc_write(opaque, off & ~7ull, (uint32_t)v);
}

const struct mmio_ops ip22_mc_ops = {
	.name = "mc", .read = mc_mmio_read, .write = mc_mmio_write,
	.valid_sizes = ACCESS_4 | ACCESS_8, .impl_sizes = ACCESS_4 | ACCESS_8,
	.endian = ENDIAN_BIG,
};

int ip22_mc_create(const struct ip22_mc_config *cfg, struct ip22_mc **out,
		   struct err *e)
{
	struct ip22_mc *mc;

	if (cfg->nbanks > MC_MAX_BANKS)
		return err_set(e, "mc: %u RAM banks (at most %d)",
			       cfg->nbanks, MC_MAX_BANKS);
	for (unsigned i = 0; i < cfg->nbanks; i++)
		if (ip22_mc_memcfg_bank(cfg->bank[i].base,
					cfg->bank[i].size) < 0)
			return err_set(e, "mc: RAM bank %u (%" PRIu64 " MB at "
				       "0x%" PRIx64 ") cannot be described in "
				       "MEMCFG", i, cfg->bank[i].size >> 20,
				       cfg->bank[i].base);
	mc = calloc(1, sizeof(*mc));
	if (!mc)
		return err_set(e, "mc: out of memory");
	mc->cfg = *cfg;
	ip22_mc_reset(mc);
	*out = mc;
	return 0;
}

void ip22_mc_destroy(struct ip22_mc *mc)
{
	free(mc);
}
