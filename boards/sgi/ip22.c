/* SGI Indy (IP24, "Guinness") and Indigo2 (IP22, "Full House"),
 * big-endian, R4000/R4400/R4600/R5000.
 *
 * Physical memory map (SGI-FACTS 1, 4.6.2, 5.3.1; Linux's asm/sgi/ headers):
 *
 *   0x00000000-0x0007ffff  alias of the first 512 KB of RAM bank 0 (the
 *                          exception vectors and the ARCS SPB live here)
 *   0x00080000-0x0008ffff  Indigo2: EISA I/O ports (port p at 0x80000 +
 *                          p; Linux's set_io_port_base). Only the i8254
 *                          at port 0x40 (Linux's setup_pit_timer on Full
 *                          House) is modelled; other ports read 0xff as
 *                          an empty EISA bus. Indy: nothing (bus error).
 *   0x08000000-0x17ffffff  RAM segment 0: banks, largest first
 *   0x1f000000-0x1f3fffff  GIO slot GFX     } empty: every access is a
 *   0x1f400000-0x1f5fffff  GIO slot EXP0    } bus error, as the PROM and
 *   0x1f600000-0x1f9fffff  GIO slot EXP1    } Linux's GIO probe expect
 *   0x1fa00000-0x1fa1ffff  MC
 *   0x1fb00000-0x1fb7ffff  HPC3 #1: absent, bus error (Linux then
 *                          probes the graphics slot; SGI-FACTS 5.3.4)
 *   0x1fb80000-0x1fbbffff  HPC3 #0 registers (DMA channels, misc)
 *   0x1fbc0000-0x1fbcffff  WD33C93 windows, channel 0 and 1 (the Indy's
 *                          second is empty; boards/sgi/hpc3_scsi.c)
 *   0x1fbd4000-0x1fbd7fff  Seeq Ethernet window (later)
 *   0x1fbd8000-0x1fbdbfff  PBUS PIO channels, 0x400 each:
 *                            0 HAL2 (0x1fbd8000)     2 volume (unimpl.)
 *                            4 INT2 on Indigo2 (0x1fbd9000)
 *                            6 IOC2 (0x1fbd9800): Z85C30 at +0x30, INT3
 *                              + 8254 at +0x80 on the Indy, EXT_IO at
 *                              +0x100 on the Indigo2
 *   0x1fbdc000-0x1fbdffff  HPC3 PBUS DMA/PIO configuration, PROM control
 *   0x1fbe0000-0x1fbe7fff  DS1386 (Indy) / DS1286 (Indigo2), one byte
 *                          per 32-bit word; NVRAM from 0x1fbe0038
 *   0x1fc00000-0x1fc7ffff  boot PROM (512 KB; reset vector 0xbfc00000)
 *   0x1fcff000-0x1fcfffff  ARCS firmware-call device (firmware/arcs.h)
 *   0x20000000-0x2fffffff  RAM segment 1: banks beyond 256 MB
 *
 * Everything else bus-errors (the PROM and IRIX probe for absent
 * hardware and expect it); MC latches the address of each bus error.
 *
 * Interrupts (Linux's ip22-int.c): INT2/INT3 local 0 -> CPU IP2, local 1
 * -> IP3, 8254 counters 0/1 -> IP4/IP5; IP6 (MC bus error) is not
 * raised: CPU accesses take a synchronous bus error instead; IP7 is the
 * CPU's Count/Compare. Local 0: SCSI0 bit 1, SCSI1 bit 2, Ethernet bit
 * 3, MC DMA bit 4; local 1: power button bit 1; mappable: keyboard 4,
 * Z85C30 5.
 *
 * Serial: the Z85C30's channel B (first in the IOC) is serial(0), the
 * PROM's console, Linux's ttyS0, IRIX's ttyd1 (ip22zilog.c,
 * SGI-FACTS 4.6.9): m->serial[0]; channel A is m->serial[1]. */
#include "ip22.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boards/sgi/hal2.h"
#include "boards/sgi/hpc3.h"
#include "boards/sgi/hpc3_scsi.h"
#include "boards/sgi/ip22_prom.h"
#include "boards/sgi/int23.h"
#include "boards/sgi/ioc2.h"
#include "boards/sgi/ip22_nvram.h"
#include "boards/sgi/mc.h"
#include "firmware/arcs.h"
#include "vmm/dev/ds1386.h"
#include "vmm/dev/eeprom93cs56.h"
#include "vmm/dev/i8254.h"
#include "vmm/dev/z85c30.h"
#include "vmm/log.h"

#define MB (1ull << 20)
#define IP22_SEG0_MAX (256 * MB)
#define IP22_SEG1_MAX (256 * MB)
#define IP22_EISA_IO 0x00080000ull
#define IP22_NV_FLUSH_NS (200 * 1000000ull)	/* write batching */
/* The PROM's environment in the DS1386 RAM (SGI-FACTS 2 b.3). */
#define IP22_NVRAM_RTC_OFFSET 0x40u

static const char *const ip22_cpus[] = { "R4000", "R4400", "R4600",
					 "R5000" };

int ip22_ram_layout(uint64_t bytes, uint64_t base[IP22_MAX_BANKS],
		    uint64_t size[IP22_MAX_BANKS], struct err *e)
{
	uint64_t left = bytes, lo = 0, hi = 0;
	int n = 0;

	/* Banks of 4 SIMMs: 8, 16, 32, 64 or 128 MB; MEMCFG of an MC
	 * before rev 5 describes at most 128 MB per bank. */
	for (uint64_t s = 128 * MB; s >= 8 * MB && left; s >>= 1) {
		while (left >= s && n < IP22_MAX_BANKS) {
			size[n] = s;
			if (lo + s <= IP22_SEG0_MAX) {
				base[n] = IP22_RAM_BASE + lo;
				lo += s;
			} else {
				base[n] = IP22_RAM_HIGH + hi;
				hi += s;
			}
			left -= s;
			n++;
		}
	}
	if (left || !bytes || hi > IP22_SEG1_MAX)
		return err_set(e, "memory = %" PRIu64 " MB cannot be built "
			       "from at most 4 banks of 8, 16, 32, 64 or 128 "
			       "MB (e.g. 32M, 64M, 96M, 128M, 256M, 384M, "
			       "512M)", bytes >> 20);
	return n;
}

/* ---- NVRAM file ---- */

/* The file image: Indy, the DS1386-8K part; Indigo2, the DS1286 part
 * followed by the 93CS56. */
static size_t nv_image_size(const struct ip22 *s)
{
	return ds1386_size(s->rtc) + (s->eeprom ? EEPROM93CS56_BYTES : 0);
}

static void nv_save(struct ip22 *s)
{
	const char *path = s->m->cfg->nvram;
	size_t n = nv_image_size(s), rtc = ds1386_size(s->rtc);
	uint8_t *img;
	struct err e;

	if (!path || !*path || !s->nv_dirty)
		return;
	img = malloc(n);
	if (!img)
		return;
	ds1386_ram_save(s->rtc, img, rtc);
	if (s->eeprom)
		eeprom93cs56_save(s->eeprom, img + rtc, EEPROM93CS56_BYTES);
	if (ip22_nvfile_save(path, img, n, &e) < 0)
		LOG_RATELIMITED("%s", e.msg);
	else
		s->nv_dirty = false;
	free(img);
}

static int nv_load(struct ip22 *s, struct err *e)
{
	const char *path = s->m->cfg->nvram;
	size_t n = nv_image_size(s), rtc = ds1386_size(s->rtc);
	uint8_t *img;
	bool loaded;

	if (!path || !*path)
		return 0;
	img = calloc(1, n);
	if (!img)
		return err_set(e, "nvram: out of memory");
	if (ip22_nvfile_load(path, img, n, &loaded, e) < 0) {
		free(img);
		return -1;
	}
	if (loaded) {
		ds1386_ram_load(s->rtc, img, rtc);
		if (s->eeprom)
			eeprom93cs56_load(s->eeprom, img + rtc,
					  EEPROM93CS56_BYTES);
	}
	free(img);
	return 0;
}

static void nv_timer_cb(void *opaque)
{
	nv_save(opaque);
}

/* A guest write batch: save a little later, once. */
static void nv_changed(void *opaque)
{
	struct ip22 *s = opaque;

	s->nv_dirty = true;
	if (!timer_pending(&s->nv_timer))
		timer_mod(&s->nv_timer,
			  vclock_now(&s->m->clock) + IP22_NV_FLUSH_NS);
}

uint8_t ip22_nvram_read(struct machine *m, size_t i)
{
	struct ip22 *s = ip22_of(m);
	uint16_t w;

	if (i >= IP22_NVRAM_AREA)
		return 0;
	if (!s->eeprom)
		return ds1386_ram_read(s->rtc, IP22_NVRAM_RTC_OFFSET + i);
	w = eeprom93cs56_word(s->eeprom, i / 2);
	return i & 1 ? w & 0xff : w >> 8;
}

void ip22_nvram_write(struct machine *m, size_t i, uint8_t v)
{
	struct ip22 *s = ip22_of(m);
	uint16_t w;

	if (i >= IP22_NVRAM_AREA)
		return;
	if (!s->eeprom) {
		ds1386_ram_write(s->rtc, IP22_NVRAM_RTC_OFFSET + i, v);
	} else {
		w = eeprom93cs56_word(s->eeprom, i / 2);
		w = i & 1 ? (w & 0xff00) | v : (uint16_t)((w & 0xff) | v << 8);
		eeprom93cs56_set_word(s->eeprom, i / 2, w);
	}
	s->nv_dirty = true;
}

void ip22_nvram_flush(struct machine *m)
{
	nv_save(ip22_of(m));
}

/* ---- interrupts, power ---- */

static void ip22_cpu_irq(void *opaque, int line, int level)
{
	struct machine *m = opaque;

	TRACE(TRACE_IRQ, "ip22: CPU IP%d -> %d", line + 2, level);
	if (m->cpu)
		vcpu_set_irq(m->cpu, line, level);
}

static void ip22_power_off(void *opaque)
{
	struct ip22 *s = opaque;

	nv_save(s);
	s->m->exit_status = 0;
	machine_request(s->m, MACHINE_POWEROFF);
}

static void ip22_sysinit(void *opaque)
{
	struct ip22 *s = opaque;

	machine_request(s->m, MACHINE_RESET);
}

void ip22_power_button(struct machine *m)
{
	ioc2_power_button(ip22_of(m)->ioc);
}

static void ip22_bus_error(void *opaque, uint64_t pa, unsigned size,
			   bool write)
{
	struct ip22 *s = opaque;

	ip22_mc_bus_error(s->mc, pa, size, write);
}

uint8_t *ip22_prom(struct machine *m, size_t *size)
{
	if (size)
		*size = IP22_PROM_SIZE;
	return ip22_of(m)->prom;
}

/* ---- building the machine ---- */

static int map_ram(struct ip22 *s, struct err *e)
{
	struct bus *bus = &s->m->bus;
	uint64_t base[IP22_MAX_BANKS], size[IP22_MAX_BANKS];
	static const char *const names[IP22_MAX_BANKS] = {
		"ram-bank0", "ram-bank1", "ram-bank2", "ram-bank3" };
	int n = ip22_ram_layout(s->ram_size, base, size, e);

	if (n < 0)
		return err_prefix(e, "%s", s->fullhouse ? "indigo2" : "indy");
	s->nbanks = n;
	for (int i = 0; i < n; i++) {
		s->bank[i].base = base[i];
		s->bank[i].size = size[i];
		if (bus_map_ram(bus, base[i], size[i], names[i],
				&s->bank[i].host, e) < 0)
			return -1;
	}
	return bus_map_ram_alias(bus, 0, IP22_LOW_ALIAS, "ram-low-alias",
				 s->bank[0].host, e);
}

static int map_unimpl(struct ip22 *s, uint64_t base, uint64_t size,
		      const char *name, uint64_t v, struct err *e)
{
	return bus_map_unimpl(&s->m->bus, base, size, name, v, e);
}

static int create_mc(struct ip22 *s, struct err *e)
{
	struct machine *m = s->m;
	struct ip22_mc_config mc = {
		.clock = &m->clock, .bus = &m->bus,
		/* Revision C with the EISA bit: IRIS found real Indys
		 * behave as if it were set (SGI-FACTS 4.6.2), and the
		 * Indigo2 has EISA. */
		.sysid = 0x03 | MC_SYSID_EISA,
		.gio64_arb_reset = s->fullhouse ? 0 : MC_GIO64_ARB_ONEBUS,
		.nbanks = s->nbanks, .eeprom = s->cpu_eeprom,
		.dma_irq = irq_make(int23_local0_irq, s->intc,
				    INT23_L0_MC_DMA),
		.sysinit = ip22_sysinit, .opaque = s,
	};

	for (unsigned i = 0; i < s->nbanks; i++) {
		mc.bank[i].base = s->bank[i].base;
		mc.bank[i].size = s->bank[i].size;
	}
	if (ip22_mc_create(&mc, &s->mc, e) < 0 ||
	    bus_map_mmio(&m->bus, IP22_MC_BASE, IP22_MC_SIZE, &ip22_mc_ops,
			 s->mc, e) < 0)
		return -1;
	m->bus.error_hook = ip22_bus_error;
	m->bus.error_opaque = s;
	return 0;
}

static int create_intc(struct ip22 *s, struct err *e)
{
	struct machine *m = s->m;
	struct int23_config ic = {
		.name = s->fullhouse ? "int2" : "int3", .clock = &m->clock,
	};

	for (int i = 0; i < INT23_NCPU; i++)
		ic.cpu[i] = irq_make(ip22_cpu_irq, m, i);
	return int23_create(&ic, &s->intc, e);
}

/* The config's disks and CD-ROMs: all on the first controller (the
 * Indigo2's second one has none); IP22 has no IDE. */
static void scsi_drives(struct ip22 *s)
{
	const struct config *cfg = s->m->cfg;

	for (unsigned i = 0; i < cfg->ndrives; i++) {
		const struct drive_config *d = &cfg->drives[i];

		/* A warning, not an error: a config written for another
		 * board (the Malta appliance.conf) may be overridden with
		 * --board and still carry its IDE disks. */
		if (d->bus && *d->bus && strcmp(d->bus, "scsi")) {
			log_msg("%s: ignoring drive %u on bus \"%s\": the IP22 "
				"has SCSI only", s->fullhouse ? "indigo2" :
				"indy", i, d->bus);
			continue;
		}
		s->scsi_drives[s->nscsi_drives++] = *d;
	}
}

static int create_scsi(struct ip22 *s, unsigned chan, struct err *e)
{
	struct hpc3_scsi_config sc = {
		.name = chan ? "scsi1" : "scsi0", .chan = chan,
		.bus = &s->m->bus,
		.out = irq_make(int23_local0_irq, s->intc,
				chan ? INT23_L0_SCSI1 : INT23_L0_SCSI0),
		.drives = chan ? NULL : s->scsi_drives,
		.ndrives = chan ? 0 : s->nscsi_drives,
	};

	return hpc3_scsi_create(&sc, &s->scsi[chan], e);
}

static int create_hpc3(struct ip22 *s, struct err *e)
{
	struct machine *m = s->m;
	struct hpc3_config hc = {
		.name = "hpc3", .eeprom = s->eeprom,
		.scsi_irq = {
			irq_make(int23_local0_irq, s->intc, INT23_L0_SCSI0),
			irq_make(int23_local0_irq, s->intc, INT23_L0_SCSI1),
		},
		.enet_irq = irq_make(int23_local0_irq, s->intc, INT23_L0_ENET),
	};
	uint64_t b = HPC3_BASE0;
	unsigned nchan = s->fullhouse ? 2 : 1;

	/* SCSI channel lines are the OR of the WD33C93 and the DMA
	 * interrupt: hpc3_scsi owns them (hpc3_scsi.h). */
	scsi_drives(s);
	for (unsigned c = 0; c < nchan; c++) {
		if (create_scsi(s, c, e) < 0)
			return -1;
		hc.scsi_irq[c] = hpc3_scsi_dma_irq(s->scsi[c]);
	}
	if (hpc3_create(&hc, &s->hpc3, e) < 0 ||
	    bus_map_mmio(&m->bus, b, HPC3_REGS_SIZE, &hpc3_ops, s->hpc3,
			 e) < 0 ||
	    bus_map_mmio(&m->bus, b + HPC3_CFG_BASE, HPC3_CFG_SIZE,
			 &hpc3_cfg_ops, s->hpc3, e) < 0)
		return -1;
	/* The WD33C93 windows (the Indy's second is empty) and the Seeq
	 * window (Ethernet, later): reads 0, writes dropped, each access
	 * logged with -d bus. */
	if (map_unimpl(s, b + HPC3_SCSI0_EXT, HPC3_SCSI_EXT_SIZE, "wd33c93-0",
		       0, e) < 0 ||
	    map_unimpl(s, b + HPC3_SCSI1_EXT, HPC3_SCSI_EXT_SIZE, "wd33c93-1",
		       0, e) < 0 ||
	    map_unimpl(s, b + HPC3_ENET_EXT, HPC3_ENET_EXT_SIZE, "seeq", 0,
		       e) < 0)
		return -1;
	for (unsigned c = 0; c < nchan; c++)
		if (hpc3_scsi_attach(s->scsi[c], s->hpc3, b + (c ?
				     HPC3_SCSI1_EXT : HPC3_SCSI0_EXT), e) < 0)
			return -1;
	/* HPC3 #1 (Challenge S mezzanine) is absent. */
	return bus_map_buserr(&m->bus, HPC3_BASE1, HPC3_SIZE, "hpc3-1-absent",
			      e);
}

static int create_pbus(struct ip22 *s, struct err *e)
{
	struct machine *m = s->m;
	uint64_t pio = HPC3_BASE0 + HPC3_PBUS_PIO;
	struct ioc2_config ioc = {
		.fullhouse = s->fullhouse,
		.sysid = s->fullhouse ? 0x11 : 0x26,
		.panel_irq = irq_make(int23_local1_irq, s->intc,
				      INT23_L1_PANEL),
		.kbd_irq = irq_make(int23_map_irq, s->intc, INT23_MAP_KBD),
		.power_off = ip22_power_off, .opaque = s,
	};
	struct z85c30_config zc = {
		.name = "z85c30", .stride = 4, .endian = ENDIAN_BIG,
		.pclk_hz = Z85C30_IP22_PCLK_HZ,
		.chr = { [Z85C30_CH_A] = m->serial[1],
			 [Z85C30_CH_B] = m->serial[0] },
		.irq = irq_make(int23_map_irq, s->intc, INT23_MAP_SERIAL),
	};
	static const char *const ch_names[16] = {
		NULL, "pbus-pio-1", "volume", "pbus-pio-3", NULL,
		"pbus-pio-5", NULL, "pbus-pio-7", "pbus-pio-8", "pbus-pio-9",
		"pbus-pio-10", "pbus-pio-11", "pbus-pio-12", "pbus-pio-13",
		"pbus-pio-14", "pbus-pio-15",
	};

	if (hal2_create(&s->hal2, e) < 0 ||
	    bus_map_mmio(&m->bus, HAL2_BASE, HAL2_SIZE, &hal2_ops, s->hal2,
			 e) < 0)
		return -1;
	for (int ch = 0; ch < 16; ch++)
		if (ch_names[ch] &&
		    map_unimpl(s, pio + ch * HPC3_PBUS_PIO_SIZE,
			       HPC3_PBUS_PIO_SIZE, ch_names[ch], 0, e) < 0)
			return -1;
	/* Channel 4: INT2 on the Indigo2, nothing on the Indy. */
	if (s->fullhouse) {
		if (bus_map_mmio(&m->bus, pio + 4 * HPC3_PBUS_PIO_SIZE,
				 INT23_MMIO_SIZE, &int23_ops, s->intc, e) < 0 ||
		    map_unimpl(s, pio + 4 * HPC3_PBUS_PIO_SIZE +
			       INT23_MMIO_SIZE,
			       HPC3_PBUS_PIO_SIZE - INT23_MMIO_SIZE,
			       "pbus-pio-4", 0, e) < 0)
			return -1;
	} else if (map_unimpl(s, pio + 4 * HPC3_PBUS_PIO_SIZE,
			      HPC3_PBUS_PIO_SIZE, "pbus-pio-4", 0, e) < 0) {
		return -1;
	}
	/* Channel 6: IOC2 with the Z85C30 and (Indy) INT3 inside. */
	if (ioc2_create(&ioc, &s->ioc, e) < 0 ||
	    z85c30_create(&zc, &s->scc, e) < 0 ||
	    bus_map_mmio(&m->bus, IOC2_BASE, IOC2_LO_SIZE, &ioc2_ops_lo,
			 s->ioc, e) < 0 ||
	    bus_map_mmio(&m->bus, IOC2_BASE + 0x30, z85c30_mmio_size(s->scc),
			 z85c30_mmio_ops(s->scc), s->scc, e) < 0 ||
	    bus_map_mmio(&m->bus, IOC2_BASE + IOC2_MID, IOC2_MID_SIZE,
			 &ioc2_ops_mid, s->ioc, e) < 0 ||
	    bus_map_mmio(&m->bus, IOC2_BASE + IOC2_HI, IOC2_HI_SIZE,
			 &ioc2_ops_hi, s->ioc, e) < 0)
		return -1;
	if (s->fullhouse)
		return map_unimpl(s, IOC2_BASE + 0x80, 0x40, "ioc2-no-int3", 0,
				  e);
	return bus_map_mmio(&m->bus, IOC2_BASE + 0x80, INT23_MMIO_SIZE,
			    &int23_ops, s->intc, e);
}

static int create_rtc(struct ip22 *s, struct err *e)
{
	struct machine *m = s->m;
	struct ds1386_config rc = {
		.name = s->fullhouse ? "ds1286" : "ds1386",
		.size = s->fullhouse ? DS1386_SIZE_DS1286 : DS1386_SIZE_8K,
		.stride = 4, .endian = ENDIAN_BIG, .clock = &m->clock,
		.year_base = 1940, .ram_changed = nv_changed, .opaque = s,
	};

	if (ds1386_create(&rc, &s->rtc, e) < 0)
		return -1;
	if (bus_map_mmio(&m->bus, HPC3_BASE0 + HPC3_RTC,
			 ds1386_mmio_size(s->rtc), ds1386_mmio_ops(s->rtc),
			 s->rtc, e) < 0)
		return -1;
	/* The DS1286 decodes 6 address bits; the rest of HPC3's window. */
	if (ds1386_mmio_size(s->rtc) < HPC3_RTC_SIZE)
		return map_unimpl(s, HPC3_BASE0 + HPC3_RTC +
				  ds1386_mmio_size(s->rtc), HPC3_RTC_SIZE -
				  ds1386_mmio_size(s->rtc), "rtc-hole", 0, e);
	return 0;
}

/* Indigo2: the EISA I/O space with the 8254 Linux programs on Full
 * House; no EISA cards (empty slots read 0xff). */
static int create_eisa(struct ip22 *s, struct err *e)
{
	struct machine *m = s->m;
	struct i8254_config pc = {
		.name = "eisa-pit", .endian = ENDIAN_LITTLE,
		.clock = &m->clock,
	};

	if (i8254_create(&pc, &s->eisa_pit, e) < 0)
		return -1;
	return map_unimpl(s, IP22_EISA_IO, 0x40, "eisa-io", 0xff, e) < 0 ||
	       bus_map_mmio(&m->bus, IP22_EISA_IO + 0x40,
			    i8254_mmio_size(s->eisa_pit),
			    i8254_mmio_ops(s->eisa_pit), s->eisa_pit, e) < 0 ||
	       map_unimpl(s, IP22_EISA_IO + 0x44, 0x10000 - 0x44, "eisa-io",
			  0xff, e) < 0 ? -1 : 0;
}

/* Until firmware is installed: "b ." at the reset vector. */
static void prom_idle_loop(struct ip22 *s)
{
	static const uint8_t loop[8] = { 0x10, 0x00, 0xff, 0xff,	/* b . */
					 0x00, 0x00, 0x00, 0x00 };	/* nop */

	memset(s->prom, 0, IP22_PROM_SIZE);
	memcpy(s->prom, loop, sizeof(loop));
}

static const struct cpu_model *ip22_cpu(const struct config *cfg,
					const struct board *b, struct err *e)
{
	const char *name = cfg->cpu && *cfg->cpu ? cfg->cpu : b->default_cpu;

	for (size_t i = 0; i < sizeof(ip22_cpus) / sizeof(ip22_cpus[0]); i++)
		if (!strcasecmp(name, ip22_cpus[i]))
			return cpu_model_find(ip22_cpus[i]);
	err_set(e, "%s: cpu \"%s\" is not an IP22 CPU (R4000, R4400, R4600 "
		"or R5000)", b->name, name);
	return NULL;
}

static void ip22_destroy(struct machine *m);

int ip22_build(struct machine *m, bool fullhouse, struct err *e)
{
	const struct board *b = fullhouse ? &indigo2_board : &indy_board;
	struct ip22 *s = calloc(1, sizeof(*s));
	struct bus *bus = &m->bus;

	if (!s)
		return err_set(e, "%s: out of memory", b->name);
	s->m = m;
	s->fullhouse = fullhouse;
	m->board_state = s;
	timer_init(&s->nv_timer, &m->clock, nv_timer_cb, s);
	s->cpu = ip22_cpu(m->cfg, b, e);
	if (!s->cpu)
		goto fail;
	s->ram_size = m->cfg->memory ? m->cfg->memory : b->default_memory;
	bus->unassigned = UNASSIGNED_BUS_ERROR;
	if (map_ram(s, e) < 0 ||
	    bus_map_rom(bus, IP22_PROM_BASE, IP22_PROM_SIZE, "prom",
			&s->prom, e) < 0 ||
	    bus_map_buserr(bus, 0x1f000000, 0x400000, "gio-gfx-empty", e) < 0 ||
	    bus_map_buserr(bus, 0x1f400000, 0x200000, "gio-exp0-empty",
			   e) < 0 ||
	    bus_map_buserr(bus, 0x1f600000, 0x400000, "gio-exp1-empty", e) < 0)
		goto fail;
	prom_idle_loop(s);
	/* The CPU board's EEPROM reads all zeros: no board cache (Linux's
	 * indy_sc), and what MAME's inert reads give IRIX 5.x. */
	if (eeprom93cs56_create(NULL, NULL, &s->cpu_eeprom, e) < 0)
		goto fail;
	if (fullhouse &&
	    eeprom93cs56_create(nv_changed, s, &s->eeprom, e) < 0)
		goto fail;
	if (create_intc(s, e) < 0 || create_mc(s, e) < 0 ||
	    create_hpc3(s, e) < 0 || create_pbus(s, e) < 0 ||
	    create_rtc(s, e) < 0 || (fullhouse && create_eisa(s, e) < 0) ||
	    nv_load(s, e) < 0)
		goto fail;
	return 0;
fail:
	ip22_destroy(m);
	return -1;
}

/* ---- firmware ---- */

static void fw_console_write(void *opaque, const uint8_t *buf, size_t len)
{
	struct ip22 *s = opaque;

	z85c30_console_write(s->scc, Z85C30_CH_B, buf, len);
}

static size_t fw_console_read(void *opaque, uint8_t *buf, size_t len)
{
	struct ip22 *s = opaque;
	size_t n = 0;
	int c;

	while (n < len && (c = z85c30_console_read(s->scc, Z85C30_CH_B)) >= 0)
		buf[n++] = (uint8_t)c;
	return n;
}

static size_t fw_console_pending(void *opaque)
{
	struct ip22 *s = opaque;

	return z85c30_rx_pending(s->scc, Z85C30_CH_B);
}

static uint8_t fw_nvram_read(void *opaque, size_t off)
{
	struct ip22 *s = opaque;

	return ip22_nvram_read(s->m, off);
}

static void fw_nvram_write(void *opaque, size_t off, uint8_t v)
{
	struct ip22 *s = opaque;

	ip22_nvram_write(s->m, off, v);
}

static void fw_nvram_flush(void *opaque)
{
	struct ip22 *s = opaque;

	nv_save(s);
}

static int fw_get_time(void *opaque, struct tm *out)
{
	struct ip22 *s = opaque;

	ds1386_get_time(s->rtc, out);
	return 0;
}

static int install_arcs(struct ip22 *s, struct err *e)
{
	const struct config *cfg = s->m->cfg;
	struct arcs_platform p = {
		.system_id = "SGI-IP22",
		.machine_name = s->fullhouse ? "Indigo2" : "Indy",
		.cpu = s->cpu,
		.cpu_hz = cfg->cpu_hz ? cfg->cpu_hz : s->cpu->clock_hz,
		.nram = s->nbanks, .low_alias_size = IP22_LOW_ALIAS,
		.prom_base = IP22_PROM_BASE, .prom = s->prom,
		.prom_size = IP22_PROM_SIZE,
		.has_graphics = false, .nserial = 2,
		.macaddr = cfg->macaddr && *cfg->macaddr ? cfg->macaddr : NULL,
		.opaque = s,
		.console_write = fw_console_write,
		.console_read = fw_console_read,
		.console_pending = fw_console_pending,
		.nvram_size = IP22_NVRAM_AREA,
		.nvram_read = fw_nvram_read, .nvram_write = fw_nvram_write,
		.nvram_flush = fw_nvram_flush,
		.get_time = fw_get_time,
		.disk_size = ip22_prom_disk_size,
		.disk_read = ip22_prom_disk_read,
		.disk_write = ip22_prom_disk_write,
	};

	for (unsigned i = 0; i < s->nbanks; i++) {
		p.ram[i].base = s->bank[i].base;
		p.ram[i].size = s->bank[i].size;
	}
	if (arcs_install(s->m, &p, &s->arcs, e) < 0)
		return -1;
	if (cfg->kernel && *cfg->kernel &&
	    arcs_load_kernel(s->arcs, cfg->kernel,
			     cfg->append && *cfg->append ? cfg->append : NULL,
			     e) < 0)
		return -1;
	return 0;
}

/* firmware = "rom": the user's own PROM image, exactly 512 KB. */
static int load_rom(struct ip22 *s, struct err *e)
{
	const char *path = s->m->cfg->rom;
	FILE *f = fopen(path, "rb");
	long len;

	if (!f)
		return err_set(e, "rom: cannot open \"%s\": %s", path,
			       strerror(errno));
	if (fseek(f, 0, SEEK_END) < 0 || (len = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) < 0) {
		fclose(f);
		return err_set(e, "rom: cannot read \"%s\"", path);
	}
	if ((uint64_t)len != IP22_PROM_SIZE) {
		fclose(f);
		return err_set(e, "rom: \"%s\" is %ld bytes; an IP22/IP24 PROM "
			       "image is exactly 524288 bytes (512 KB)", path,
			       len);
	}
	if (fread(s->prom, 1, IP22_PROM_SIZE, f) != IP22_PROM_SIZE) {
		fclose(f);
		return err_set(e, "rom: cannot read \"%s\"", path);
	}
	fclose(f);
	return 0;
}

static int ip22_init_common(struct machine *m, bool fullhouse,
			    struct err *e)
{
	struct ip22 *s;
	int r;

	if (ip22_build(m, fullhouse, e) < 0)
		return -1;
	s = ip22_of(m);
	if (m->cfg->firmware && !strcmp(m->cfg->firmware, "rom"))
		r = load_rom(s, e);
	else
		r = install_arcs(s, e);
	if (r < 0) {
		ip22_destroy(m);
		return -1;
	}
	return 0;
}

static int indy_init(struct machine *m, struct err *e)
{
	return ip22_init_common(m, false, e);
}

static int indigo2_init(struct machine *m, struct err *e)
{
	return ip22_init_common(m, true, e);
}

static void ip22_reset(struct machine *m)
{
	struct ip22 *s = ip22_of(m);

	ip22_mc_reset(s->mc);
	hpc3_reset(s->hpc3);
	for (int i = 0; i < 2; i++)
		if (s->scsi[i])
			hpc3_scsi_reset(s->scsi[i]);
	ioc2_reset(s->ioc);
	int23_reset(s->intc);
	hal2_reset(s->hal2);
	z85c30_reset(s->scc);
	ds1386_reset(s->rtc);
	eeprom93cs56_reset(s->cpu_eeprom);
	if (s->eeprom)
		eeprom93cs56_reset(s->eeprom);
	if (s->eisa_pit)
		i8254_reset(s->eisa_pit);
	if (s->arcs)
		arcs_reset(s->arcs);
}

static void ip22_destroy(struct machine *m)
{
	struct ip22 *s = ip22_of(m);

	if (!s)
		return;
	if (s->rtc)
		nv_save(s);
	timer_del(&s->nv_timer);
	if (m->bus.error_opaque == s) {
		m->bus.error_hook = NULL;
		m->bus.error_opaque = NULL;
	}
	if (s->arcs)
		arcs_destroy(s->arcs);
	if (s->eisa_pit)
		i8254_destroy(s->eisa_pit);
	ds1386_destroy(s->rtc);
	z85c30_destroy(s->scc);
	ioc2_destroy(s->ioc);
	hal2_destroy(s->hal2);
	for (int i = 0; i < 2; i++)
		hpc3_scsi_destroy(s->scsi[i]);
	hpc3_destroy(s->hpc3);
	ip22_mc_destroy(s->mc);
	int23_destroy(s->intc);
	eeprom93cs56_destroy(s->eeprom);
	eeprom93cs56_destroy(s->cpu_eeprom);
	free(s);
	m->board_state = NULL;
}

/* CPU lines driven: IP2-IP5 (INT2/INT3 local 0/1, 8254 timers 0/1). */
#define IP22_CPU_LINES 0x0fu

const struct board indy_board = {
	.name = "indy",
	.desc = "SGI Indy (IP24: MC, HPC3, IOC2/INT3, Z85C30, DS1386), "
		"big-endian",
	/* The R4600PC was the Indy's entry CPU (SGI-FACTS 4.6.1: the PROM
	 * banner names "R4X00/R5000 IP24"); it has no secondary cache for
	 * the kernel to probe and WAIT for a cheap idle. */
	.default_cpu = "R4600",
	.default_memory = 64 * MB,
	.endian = ENDIAN_BIG,
	.cpu_irq_lines = IP22_CPU_LINES,
	.init = indy_init,
	.reset = ip22_reset,
	.destroy = ip22_destroy,
};

const struct board indigo2_board = {
	.name = "indigo2",
	.desc = "SGI Indigo2 (IP22: MC, HPC3, IOC2, INT2, Z85C30, DS1286, "
		"93CS56), big-endian",
	.default_cpu = "R4400",
	.default_memory = 64 * MB,
	.endian = ENDIAN_BIG,
	.cpu_irq_lines = IP22_CPU_LINES,
	.init = indigo2_init,
	.reset = ip22_reset,
	.destroy = ip22_destroy,
};
