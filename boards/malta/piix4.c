/* Intel 82371AB PIIX4 glue for the MIPS Malta: functions 0 (ISA bridge
 * configuration, PIRQ routing, ports 0x61 and 0xcf9), 2 (USB, no
 * registers behind it) and 3 (power management). Facts: Intel PIIX4
 * datasheet 290562; what Linux touches: arch/mips/pci/fixup-malta.c,
 * drivers/power/reset/piix4-poweroff.c, drivers/pci/quirks.c. */
#include "piix4.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "vmm/dev/i8254.h"
#include "vmm/log.h"

struct piix4 {
	struct piix4_config cfg;
	struct pci_device isa, usb, pm;
	uint8_t pirq_level;	/* PIRQA..D input levels, bits 0-3 */
	uint16_t isa_asserted;	/* ISA IRQs this bridge drives high */
	uint8_t port61;		/* writable bits 3:0 */
	uint8_t rcr;		/* reset control, port 0xcf9 */
	uint8_t pmio[PIIX4_PM_SIZE];	/* PM registers, little-endian */
	uint64_t pm_mapped;	/* guest-physical base, or PCI_NO_MAPPING */
};

#define PIIX4_VENDOR 0x8086

struct pci_device *piix4_function(struct piix4 *p, unsigned fn)
{
	switch (fn) {
	case 0: return &p->isa;
	case 2: return &p->usb;
	case 3: return &p->pm;
	}
	return NULL;
}

/* --- PIRQ routing ------------------------------------------------------ */

/* ISA IRQ that PIRQn reaches, or -1: bit 7 disables routing; IRQs 0-2, 8
 * and 13 are reserved (datasheet 4.1.10; Linux's piixirqmap agrees). */
static int piix4_pirq_target(const struct piix4 *p, unsigned n)
{
	uint8_t r = p->isa.config[PIIX4_PIRQRC + n];
	unsigned irq = r & 0x0f;

	if (r & PIIX4_PIRQRC_DISABLE)
		return -1;
	if (irq < 3 || irq == 8 || irq == 13)
		return -1;
	return irq;
}

static void piix4_update_pirq(struct piix4 *p)
{
	uint16_t want = 0, change;

	for (unsigned n = 0; n < 4; n++) {
		int irq = piix4_pirq_target(p, n);

		if (irq >= 0 && (p->pirq_level & (1u << n)))
			want |= 1u << irq;
	}
	change = want ^ p->isa_asserted;
	p->isa_asserted = want;
	for (unsigned i = 0; i < 16; i++)
		if (change & (1u << i))
			irq_set(&p->cfg.isa_irq[i], !!(want & (1u << i)));
}

void piix4_set_pirq(void *opaque, int n, int level)
{
	struct piix4 *p = opaque;

	if (n < 0 || n > 3)
		return;
	if (level)
		p->pirq_level |= 1u << n;
	else
		p->pirq_level &= ~(1u << n);
	TRACE(TRACE_IRQ, "piix4: PIRQ%c %d", 'A' + n, level);
	piix4_update_pirq(p);
}

static void piix4_isa_config_write(struct pci_device *d, unsigned off,
				   uint32_t v, unsigned size)
{
	struct piix4 *p = d->opaque;

	if (off < PIIX4_PIRQRC + 4 && off + size > PIIX4_PIRQRC)
		piix4_update_pirq(p);
}

/* --- port 0x61: NMI status and control (datasheet 4.2.2.x, NMISC) ----- */

/* The refresh-request toggle flips every 15.085 us on a PC; some code
 * times short delays with it. */
#define PIIX4_REFRESH_NS 15085

static uint64_t piix4_port61_read(void *opaque, uint64_t off, unsigned size)
{
	struct piix4 *p = opaque;
	uint8_t v = p->port61 & 0x0f;

	if ((vclock_now(p->cfg.clock) / PIIX4_REFRESH_NS) & 1)
		v |= 1u << 4;
	if (p->cfg.pit && i8254_get_out(p->cfg.pit, 2))
		v |= 1u << 5;
	return v;
}

static void piix4_port61_write(void *opaque, uint64_t off, uint64_t v,
			       unsigned size)
{
	struct piix4 *p = opaque;

	p->port61 = v & 0x0f;
	/* Bit 0 gates counter 2 of the 8254 (speaker/timer 2). */
	if (p->cfg.pit)
		i8254_set_gate(p->cfg.pit, 2, v & 1);
}

const struct mmio_ops piix4_port61_ops = {
	.name = "piix4-nmisc",
	.read = piix4_port61_read,
	.write = piix4_port61_write,
	.valid_sizes = ACCESS_1,
	.impl_sizes = ACCESS_1,
	.endian = ENDIAN_LITTLE,
};

/* --- port 0xcf9: reset control (datasheet 4.1.22, RC) ------------------ */

static uint64_t piix4_rcr_read(void *opaque, uint64_t off, unsigned size)
{
	return ((struct piix4 *)opaque)->rcr;
}

static void piix4_rcr_write(void *opaque, uint64_t off, uint64_t v,
			    unsigned size)
{
	struct piix4 *p = opaque;

	/* RCPU (bit 2) resets the system; SRST (bit 1) picks hard or soft,
	 * which are the same here. */
	p->rcr = v & 0x02;
	if ((v & 0x04) && p->cfg.reset) {
		TRACE(TRACE_DEV, "piix4: reset through port 0xcf9");
		p->cfg.reset(p->cfg.opaque);
	}
}

const struct mmio_ops piix4_rcr_ops = {
	.name = "piix4-rcr",
	.read = piix4_rcr_read,
	.write = piix4_rcr_write,
	.valid_sizes = ACCESS_1,
	.impl_sizes = ACCESS_1,
	.endian = ENDIAN_LITTLE,
};

/* --- function 3: power management -------------------------------------- */

/* ACPI power-management timer: 24 bits at 3.579545 MHz. */
static uint32_t piix4_pm_timer(const struct piix4 *p)
{
	uint64_t us = vclock_now(p->cfg.clock) / 1000;

	return (uint32_t)(us * 3579545ull / 1000000ull) & 0xffffff;
}

static uint64_t piix4_pm_read(void *opaque, uint64_t off, unsigned size)
{
	struct piix4 *p = opaque;
	uint8_t b[4];

	if (off + size > PIIX4_PM_SIZE)
		return 0;
	for (unsigned i = 0; i < size; i++) {
		unsigned a = off + i;

		if (a >= PIIX4_PM_PMTMR && a < PIIX4_PM_PMTMR + 4)
			b[i] = piix4_pm_timer(p) >> (8 * (a - PIIX4_PM_PMTMR));
		else
			b[i] = p->pmio[a];
	}
	return endian_load(b, size, ENDIAN_LITTLE);
}

static void piix4_pm_control(struct piix4 *p, uint16_t v)
{
	unsigned typ = PIIX4_PMCNTRL_SUS_TYP(v);

	/* SUS_EN is write-only and self-clearing; the rest is kept. */
	endian_store(p->pmio + PIIX4_PM_PMCNTRL, 2, ENDIAN_LITTLE,
		     v & ~PIIX4_PMCNTRL_SUS_EN);
	if (!(v & PIIX4_PMCNTRL_SUS_EN))
		return;
	/* SUS_TYP 0 is soft-off, what Linux's piix4-poweroff asks for.
	 * The real chip waits for a special cycle with magic 0x00120002,
	 * which the GT-64120 cannot issue (Linux aims it at device 31,
	 * which the GT's configuration code refuses), so act now. */
	if (typ == 0) {
		TRACE(TRACE_DEV, "piix4: PMCNTRL soft-off");
		if (p->cfg.poweroff)
			p->cfg.poweroff(p->cfg.opaque);
	} else {
		LOG_RATELIMITED("piix4: suspend type %u not implemented", typ);
	}
}

static void piix4_pm_write(void *opaque, uint64_t off, uint64_t v,
			   unsigned size)
{
	struct piix4 *p = opaque;
	uint8_t b[4];

	if (off + size > PIIX4_PM_SIZE)
		return;
	endian_store(b, size, ENDIAN_LITTLE, v);
	for (unsigned i = 0; i < size; i++) {
		unsigned a = off + i;

		if (a < PIIX4_PM_PMSTS + 2)
			p->pmio[a] &= ~b[i];	/* status: write 1 to clear */
		else if (a >= PIIX4_PM_PMTMR && a < PIIX4_PM_PMTMR + 4)
			;			/* timer: read-only */
		else if (a != PIIX4_PM_PMCNTRL && a != PIIX4_PM_PMCNTRL + 1)
			p->pmio[a] = b[i];
	}
	/* PMCNTRL acts on the whole word, whichever bytes were written. */
	if (off <= PIIX4_PM_PMCNTRL + 1 && off + size > PIIX4_PM_PMCNTRL) {
		uint8_t w[2];

		memcpy(w, p->pmio + PIIX4_PM_PMCNTRL, 2);
		for (unsigned i = 0; i < size; i++)
			if (off + i >= PIIX4_PM_PMCNTRL &&
			    off + i < PIIX4_PM_PMCNTRL + 2)
				w[off + i - PIIX4_PM_PMCNTRL] = b[i];
		piix4_pm_control(p, endian_load(w, 2, ENDIAN_LITTLE));
	}
}

static const struct mmio_ops piix4_pm_ops = {
	.name = "piix4-pm",
	.read = piix4_pm_read,
	.write = piix4_pm_write,
	.valid_sizes = ACCESS_1 | ACCESS_2 | ACCESS_4,
	.impl_sizes = ACCESS_1 | ACCESS_2 | ACCESS_4,
	.endian = ENDIAN_LITTLE,
};

/* The PM block appears at PMBA in PCI I/O space once PMREGMISC.PMIOSE
 * is set (datasheet 11.1.x); it is not a standard BAR. Linux's
 * malta_piix_func3_base_fixup sets PMBA = 0x1000 and the enable. */
static void piix4_pm_update_mapping(struct piix4 *p)
{
	struct pci_bus *pb = p->cfg.pci;
	uint32_t base = pci_get(&p->pm, PIIX4_PMBA, 4) & 0xffc0;
	uint64_t want = PCI_NO_MAPPING;
	struct err e;

	if ((p->pm.config[PIIX4_PMREGMISC] & 1) && base)
		want = pb->io_base + base;
	if (want == p->pm_mapped)
		return;
	if (p->pm_mapped != PCI_NO_MAPPING)
		bus_unmap(pb->sysbus, p->pm_mapped);
	p->pm_mapped = PCI_NO_MAPPING;
	if (want == PCI_NO_MAPPING)
		return;
	if (bus_map_mmio(pb->sysbus, want, PIIX4_PM_SIZE, &piix4_pm_ops, p,
			 &e) < 0) {
		LOG_RATELIMITED("piix4: PM I/O at port 0x%04" PRIx32
				" not mapped: %s", base, e.msg);
		return;
	}
	p->pm_mapped = want;
	TRACE(TRACE_DEV, "piix4: PM I/O at port 0x%04" PRIx32, base);
}

static void piix4_pm_config_write(struct pci_device *d, unsigned off,
				  uint32_t v, unsigned size)
{
	struct piix4 *p = d->opaque;

	if ((off < PIIX4_PMBA + 4 && off + size > PIIX4_PMBA) ||
	    (off <= PIIX4_PMREGMISC && off + size > PIIX4_PMREGMISC))
		piix4_pm_update_mapping(p);
}

/* --- configuration spaces ----------------------------------------------- */

static void piix4_config_defaults(struct piix4 *p)
{
	struct pci_device *d = &p->isa;

	/* Function 0 (datasheet 4.1): multi-function header so that Linux
	 * scans functions 1-7; PCICMD powers up with I/O, memory and bus
	 * master enabled. */
	memset(d->config + 0x04, 0, sizeof(d->config) - 0x04);
	pci_put(d, PCI_COMMAND, 0x0007, 2);
	pci_put(d, PCI_STATUS, 0x0280, 2);
	pci_put(d, PCI_CLASS_REVISION, 0x06010001, 4);
	d->config[PCI_HEADER_TYPE] = 0x80;
	d->config[0x4c] = 0x4d;		/* IORT */
	pci_put(d, 0x4e, 0x0003, 2);	/* XBCS */
	/* PIRQ routing as YAMON leaves it (QEMU's PIIX4 resets to the same
	 * values): A, B -> IRQ 10; C, D -> IRQ 11. Linux's
	 * malta_piix_func0_fixup reads these to route PCI interrupts. */
	d->config[PIIX4_PIRQRC + 0] = 10;
	d->config[PIIX4_PIRQRC + 1] = 10;
	d->config[PIIX4_PIRQRC + 2] = 11;
	d->config[PIIX4_PIRQRC + 3] = 11;
	d->config[PIIX4_SERIRQC] = 0x10;
	d->config[PIIX4_TOM] = 0x02;
	d->config[0x6a] = 0x00;		/* MSTAT */
	d->config[0x70] = 0x80;		/* MBIRQ0: disabled */
	d->config[0x71] = 0x80;		/* MBIRQ1: disabled */
	d->config[0x76] = 0x04;		/* MBDMA0 */
	d->config[0x77] = 0x04;		/* MBDMA1 */
	d->config[PIIX4_RTCCFG] = 0x21;
	/* Everything from 0x40 up is device-specific storage. */
	memset(d->wmask + 0x40, 0xff, 0xc0);

	/* Function 2, USB (UHCI): identity only. No I/O BAR is offered, so
	 * Linux's USB hand-off quirk and uhci-hcd leave it alone. */
	d = &p->usb;
	memset(d->config + 0x04, 0, sizeof(d->config) - 0x04);
	pci_put(d, PCI_CLASS_REVISION, 0x0c030001, 4);
	d->config[PCI_INTERRUPT_PIN] = 4;	/* INTD (Malta irq_tab) */

	/* Function 3, power management (datasheet 11.1). */
	d = &p->pm;
	memset(d->config + 0x04, 0, sizeof(d->config) - 0x04);
	pci_put(d, PCI_STATUS, 0x0280, 2);
	pci_put(d, PCI_CLASS_REVISION, 0x06800002, 4);
	pci_put(d, PIIX4_PMBA, 0x00000001, 4);	/* I/O space indicator */
	pci_put(d, PIIX4_SMBBA, 0x00000001, 4);
	d->wmask[PIIX4_PMBA] = 0xc0;		/* base bits 15:6 */
	d->wmask[PIIX4_PMBA + 1] = 0xff;
	d->wmask[PIIX4_PMREGMISC] = 0x01;	/* PMIOSE */
	d->wmask[PIIX4_SMBBA] = 0xf0;		/* base bits 15:4 */
	d->wmask[PIIX4_SMBBA + 1] = 0xff;
	d->wmask[0xd2] = 0x0f;			/* SMBHSTCFG */
}

void piix4_reset(struct piix4 *p)
{
	piix4_config_defaults(p);
	p->port61 = 0;
	p->rcr = 0;
	memset(p->pmio, 0, sizeof(p->pmio));
	piix4_pm_update_mapping(p);
	piix4_update_pirq(p);
	if (p->cfg.pit)
		i8254_set_gate(p->cfg.pit, 2, false);
}

int piix4_create(const struct piix4_config *cfg, struct piix4 **out,
		 struct err *e)
{
	struct piix4 *p = calloc(1, sizeof(*p));
	unsigned devfn = cfg->slot << 3;

	if (!p)
		return err_set(e, "piix4: out of memory");
	p->cfg = *cfg;
	p->pm_mapped = PCI_NO_MAPPING;
	if (pci_device_register(cfg->pci, &p->isa, devfn, "piix4-isa",
				PIIX4_VENDOR, 0x7110, 0x06010001, e) < 0)
		goto fail;
	if (pci_device_register(cfg->pci, &p->usb, devfn | 2, "piix4-usb",
				PIIX4_VENDOR, 0x7112, 0x0c030001, e) < 0)
		goto fail;
	if (pci_device_register(cfg->pci, &p->pm, devfn | 3, "piix4-pm",
				PIIX4_VENDOR, 0x7113, 0x06800002, e) < 0)
		goto fail;
	p->isa.opaque = p->usb.opaque = p->pm.opaque = p;
	p->isa.config_write = piix4_isa_config_write;
	p->pm.config_write = piix4_pm_config_write;
	piix4_reset(p);
	*out = p;
	return 0;
fail:
	piix4_destroy(p);
	return -1;
}

void piix4_destroy(struct piix4 *p)
{
	struct pci_bus *pb;

	if (!p)
		return;
	pb = p->cfg.pci;
	if (p->pm_mapped != PCI_NO_MAPPING)
		bus_unmap(pb->sysbus, p->pm_mapped);
	for (unsigned fn = 0; fn < 4; fn++) {
		struct pci_device *d = piix4_function(p, fn);

		if (d && pb->dev[(p->cfg.slot << 3) | fn] == d)
			pb->dev[(p->cfg.slot << 3) | fn] = NULL;
	}
	free(p);
}
