/* MIPS Malta (CoreLV core card: GT-64120 system controller; PIIX4 south
 * bridge), little-endian, as Debian's 4kc-malta and 5kc-malta kernels
 * expect it.
 *
 * Physical memory map (MIPS Malta User's Manual, "Memory map"; Linux
 * arch/mips/mti-malta/, arch/mips/boot/dts/mti/malta.dts; QEMU
 * hw/mips/malta.c):
 *
 *   0x00000000-0x0fffffff  RAM, first 256 MiB (less if less is fitted)
 *   0x10000000-0x17ffffff  PCI memory window (GT PCI_0 memory 0);
 *                          PCI memory address = CPU address
 *   0x18000000-0x181fffff  PCI I/O window (GT PCI_0 I/O): port p at
 *                          0x18000000 + p. ISA ports of the PIIX4:
 *                            0x00-0x1f  DMA 1 (unimplemented)
 *                            0x20-0x21  8259 master     0xa0-0xa1 slave
 *                            0x40-0x43  8254            0x61 NMI sc/port B
 *                            0x60,0x64  keyboard ctl (unimplemented,
 *                                       reads 0xff: i8042 finds none)
 *                            0x70-0x73  MC146818 + upper CMOS bank
 *                            0x80-0x8f  DMA pages, 0xc0-0xdf DMA 2 (unimpl.)
 *                            0x2f8      16550 (ttyS1)   0x3f8 16550 (ttyS0)
 *                            0x378-0x37f parallel, 0x3f0-0x3f5/0x3f7 FDC
 *                                       (unimplemented)
 *                            0x4d0-0x4d1 ELCR           0xcf9 reset control
 *                          PCI BARs from 0x1000 (PM I/O at PMBA 0x1000:
 *                          Linux's malta_piix_func3_base_fixup)
 *   0x18200000-0x1bdfffff  PCI memory window 1 (decoded, unused by Linux)
 *   0x1be00000-0x1be00fff  GT-64120 registers (YAMON's ISD 0x1be00000)
 *   0x1e000000-0x1e3fffff  boot flash (4 MiB; "monitor flash")
 *   0x1f000000-0x1f0fffff  FPGA registers; 0x1f000900 the CBUS UART
 *                          (16550, registers 8 bytes apart, 3.6864 MHz)
 *   0x1f100000-0x1f100003  mipsvz boot timer (not on the real board)
 *   0x1fc00000-0x1fffffff  boot flash alias (reset vector 0x1fc00000);
 *                          0x1fc00010 is the REVISION register (0x420,
 *                          CoreLV: Linux picks the GT-64120 from it)
 *   0x80000000-...         all RAM again when more than 256 MiB is fitted
 *                          (Linux reads "ememsize" and uses this alias;
 *                          malta-dtshim.c, memory map v1)
 *
 * Interrupts: the 8259 master's INT -> CPU hardware line 0 (Cause.IP2,
 * Linux MIPSCPU_INT_I8259A); the CBUS UART -> line 2 (IP4, MIPSCPU_INT_MB2).
 * Interrupt vectors come from the GT-64120's PCI interrupt-acknowledge
 * register (Linux's mips_pcibios_iack). ISA: 8254 OUT0 IRQ0, slave
 * cascade IRQ2, ttyS1 IRQ3, ttyS0 IRQ4, RTC IRQ8, IDE 14/15. PCI INTx go
 * through the PIIX4 PIRQ router (PIRQA/B -> IRQ10, C/D -> IRQ11).
 *
 * Unassigned addresses read all-ones and drop writes (logged): PCI master
 * aborts do that on the real board, and Linux's ISA probing expects it. */
#include "malta.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boards/malta/gt64120.h"
#include "boards/malta/malta_fpga.h"
#include "boards/malta/piix4.h"
#include "firmware/yamon.h"
#include "vmm/config.h"
#include "vmm/dev/boottimer.h"
#include "vmm/dev/i8254.h"
#include "vmm/dev/i8259.h"
#include "vmm/dev/mc146818.h"
#include "vmm/dev/pcnet.h"
#include "vmm/dev/piix4_ide.h"
#include "vmm/dev/uart16550.h"
#include "vmm/cpu/model.h"
#include "vmm/log.h"

#define MIB (1ull << 20)
#define MALTA_RAM_LOW_MAX (256 * MIB)
#define MALTA_RAM_MAX (2048 * MIB)	/* QEMU's and the board's limit */
#define MALTA_RAM_HIGH 0x80000000ull
#define MALTA_PCI_MEM_WINDOW 0x10000000ull
#define MALTA_GT_BASE 0x1be00000ull
#define MALTA_FLASH_BASE 0x1e000000ull
#define MALTA_FLASH_SIZE (4 * MIB)
#define MALTA_FPGA_BASE 0x1f000000ull
#define MALTA_BOOTTIMER_BASE 0x1f100000ull
#define MALTA_BOOT_BASE 0x1fc00000ull
#define MALTA_REVISION_OFF 0x10

/* CPU hardware interrupt lines (0 = Cause.IP2). */
#define MALTA_CPU_LINE_I8259 0
#define MALTA_CPU_LINE_CBUS_UART 2

struct malta {
	struct machine *m;
	uint64_t ram_size, ram_low;
	uint8_t *flash, *boot;
	struct pci_bus pci;
	struct gt64120 *gt;
	struct i8259 *pic[2];
	struct i8254 *pit;
	struct mc146818 *rtc;
	struct uart16550 *uart[3];	/* ttyS0, ttyS1, CBUS */
	struct piix4 *piix4;
	struct piix4_ide *ide;
	struct pcnet *pcnet;
	struct malta_fpga *fpga;
	struct boottimer *boottimer;
	struct yamon_image yamon;
	bool have_yamon;
};

static struct malta *malta_of(struct machine *m)
{
	return m->board_state;
}

struct pci_bus *malta_pci_bus(struct machine *m)
{
	return &malta_of(m)->pci;
}

struct irq malta_isa_irq(struct machine *m, unsigned n)
{
	struct malta *s = malta_of(m);

	if (n > 15 || n == 2)
		return (struct irq){ 0 };
	return irq_make(i8259_set_input, s->pic[n >> 3], n & 7);
}

/* Board wiring of INTA-D to PIRQA-D (Linux's fixup-malta.c irq_tab). */
static int malta_pirq_of(unsigned slot, unsigned pin)
{
	if (pin < 1 || pin > 4)
		return -1;
	switch (slot) {
	case 10: return pin == 4 ? 3 : -1;	/* PIIX4 USB: INTD */
	case 11: return pin == 1 ? 1 : -1;	/* Ethernet: PIRQB */
	case 12: return pin == 1 ? 2 : -1;	/* audio: PIRQC */
	case 18: case 19: case 20: case 21:	/* slots 1-4, rotated */
		return (pin - 1 + slot - 18) & 3;
	}
	return -1;
}

struct irq malta_pci_intx(struct machine *m, unsigned slot, unsigned pin)
{
	int pirq = malta_pirq_of(slot, pin);

	if (pirq < 0)
		return (struct irq){ 0 };
	return irq_make(piix4_set_pirq, malta_of(m)->piix4, pirq);
}

static void malta_cpu_irq(void *opaque, int line, int level)
{
	struct machine *m = opaque;

	TRACE(TRACE_IRQ, "malta: CPU line %d -> %d", line, level);
	if (m->cpu)
		vcpu_set_irq(m->cpu, line, level);
}

static uint8_t malta_iack(void *opaque)
{
	return i8259_ack(opaque);
}

static void malta_poweroff(void *opaque)
{
	struct machine *m = opaque;

	m->exit_status = 0;
	machine_request(m, MACHINE_POWEROFF);
}

static void malta_reset_request(void *opaque)
{
	machine_request(opaque, MACHINE_RESET);
}

static int map_io(struct malta *s, unsigned port, uint64_t size,
		  const struct mmio_ops *ops, void *opaque, struct err *e)
{
	return bus_map_mmio(&s->m->bus, MALTA_PCI_IO_BASE + port, size, ops,
			    opaque, e);
}

/* ISA ranges Linux touches that have no model: reads as given. */
static const struct {
	unsigned port, size;
	const char *name;
	uint8_t value;
} malta_isa_unimpl[] = {
	{ 0x00, 0x20, "isa-dma1", 0x00 },
	{ 0x60, 0x01, "i8042-data", 0xff },
	{ 0x64, 0x01, "i8042-status", 0xff },
	{ 0x80, 0x10, "isa-dma-page", 0x00 },
	{ 0xc0, 0x20, "isa-dma2", 0x00 },
	{ 0x378, 0x08, "parport", 0xff },
	{ 0x3f0, 0x06, "fdc", 0xff },
	{ 0x3f7, 0x01, "fdc-dir", 0xff },
};

static int malta_map_memory(struct malta *s, struct err *e)
{
	struct bus *bus = &s->m->bus;
	uint8_t *ram;

	if (s->ram_size <= MALTA_RAM_LOW_MAX)
		return bus_map_ram(bus, 0, s->ram_size, "ram", &ram, e);
	if (bus_map_ram(bus, MALTA_RAM_HIGH, s->ram_size, "ram", &ram, e) < 0)
		return -1;
	return bus_map_ram_alias(bus, 0, MALTA_RAM_LOW_MAX, "ram-low", ram, e);
}

static int malta_create_isa(struct malta *s, struct err *e)
{
	struct machine *m = s->m;
	static const struct { unsigned port, irq, chr; } pc_uarts[] = {
		{ 0x3f8, 4, 0 }, { 0x2f8, 3, 1 },
	};
	struct i8259_config pc = {
		.name = "pic-master", .endian = ENDIAN_LITTLE,
		.elcr_mask = 0xf8,
		.intr = irq_make(malta_cpu_irq, m, MALTA_CPU_LINE_I8259),
	};
	struct i8254_config pit = {
		.name = "pit", .endian = ENDIAN_LITTLE, .clock = &m->clock,
	};
	struct mc146818_config rtc = {
		.name = "rtc", .endian = ENDIAN_LITTLE, .clock = &m->clock,
		.century_reg = -1, .ext_bank = true,
	};

	if (i8259_create(&pc, &s->pic[0], e) < 0)
		return -1;
	pc.name = "pic-slave";
	pc.elcr_mask = 0xde;
	pc.intr = irq_make(i8259_set_input, s->pic[0], 2);
	if (i8259_create(&pc, &s->pic[1], e) < 0)
		return -1;
	i8259_set_slave(s->pic[0], 2, s->pic[1]);
	pit.out[0] = malta_isa_irq(m, 0);
	if (i8254_create(&pit, &s->pit, e) < 0)
		return -1;
	rtc.irq = malta_isa_irq(m, 8);
	if (mc146818_create(&rtc, &s->rtc, e) < 0)
		return -1;
	for (unsigned i = 0; i < 2; i++) {
		struct uart16550_config u = {
			.name = i ? "ttyS1" : "ttyS0",
			.endian = ENDIAN_LITTLE, .clock = &m->clock,
			.clock_hz = UART16550_PC_CLOCK_HZ,
			.chr = m->serial[pc_uarts[i].chr],
			.irq = malta_isa_irq(m, pc_uarts[i].irq),
		};

		if (uart16550_create(&u, &s->uart[i], e) < 0 ||
		    map_io(s, pc_uarts[i].port, uart16550_mmio_size(s->uart[i]),
			   uart16550_mmio_ops(s->uart[i]), s->uart[i], e) < 0)
			return -1;
	}
	if (map_io(s, 0x20, i8259_mmio_size(s->pic[0]),
		   i8259_mmio_ops(s->pic[0]), s->pic[0], e) < 0 ||
	    map_io(s, 0xa0, i8259_mmio_size(s->pic[1]),
		   i8259_mmio_ops(s->pic[1]), s->pic[1], e) < 0 ||
	    map_io(s, 0x4d0, 1, &i8259_elcr_ops, s->pic[0], e) < 0 ||
	    map_io(s, 0x4d1, 1, &i8259_elcr_ops, s->pic[1], e) < 0 ||
	    map_io(s, 0x40, i8254_mmio_size(s->pit), i8254_mmio_ops(s->pit),
		   s->pit, e) < 0 ||
	    map_io(s, 0x70, mc146818_mmio_size(s->rtc),
		   mc146818_mmio_ops(s->rtc), s->rtc, e) < 0)
		return -1;
	for (size_t i = 0; i < sizeof(malta_isa_unimpl) /
			       sizeof(malta_isa_unimpl[0]); i++)
		if (bus_map_unimpl(&m->bus, MALTA_PCI_IO_BASE +
				   malta_isa_unimpl[i].port,
				   malta_isa_unimpl[i].size,
				   malta_isa_unimpl[i].name,
				   malta_isa_unimpl[i].value, e) < 0)
			return -1;
	return 0;
}

static int malta_create_pci(struct malta *s, struct err *e)
{
	struct machine *m = s->m;
	struct gt64120_config gc = {
		.pci = &s->pci, .cpu_endian = ENDIAN_LITTLE,
		.iack = malta_iack, .iack_opaque = s->pic[0],
	};
	struct piix4_config pc = {
		.pci = &s->pci, .slot = MALTA_PIIX4_SLOT, .clock = &m->clock,
		.pit = s->pit, .poweroff = malta_poweroff,
		.reset = malta_reset_request, .opaque = m,
	};

	pci_bus_init(&s->pci, &m->bus, MALTA_PCI_MEM_BASE, MALTA_PCI_IO_BASE);
	if (gt64120_create(&gc, &s->gt, e) < 0 ||
	    bus_map_mmio(&m->bus, MALTA_GT_BASE, GT_REGS_SIZE, &gt64120_ops,
			 s->gt, e) < 0)
		return -1;
	for (unsigned i = 0; i < 16; i++)
		pc.isa_irq[i] = malta_isa_irq(m, i);
	if (piix4_create(&pc, &s->piix4, e) < 0)
		return -1;
	/* PIIX4 function 1: legacy IDE on ISA IRQ 14/15, the config's
	 * disks (vmm/dev/piix4_ide.c). */
	{
		struct piix4_ide_config ic = {
			.pci = &s->pci, .devfn = MALTA_PIIX4_SLOT << 3 | 1,
			.irq = { malta_isa_irq(m, 14), malta_isa_irq(m, 15) },
			.drives = m->cfg,
		};

		if (piix4_ide_create(&ic, &s->ide, e) < 0)
			return -1;
	}
	/* Slot 11: the Am79C973 on INTA, networked as the config says; a
	 * real Malta always has it, so net = "none" leaves it unplugged
	 * (vmm/dev/pcnet.c). */
	if (pcnet_create(&(struct pcnet_config){
			.pci = &s->pci, .devfn = MALTA_PCNET_SLOT << 3,
			.irq = malta_pci_intx(m, MALTA_PCNET_SLOT, 1),
			.clock = &m->clock, .cfg = m->cfg, .io = m->io,
			.macaddr = m->cfg->macaddr && *m->cfg->macaddr ?
				   m->cfg->macaddr : MALTA_DEFAULT_MACADDR,
		}, &s->pcnet, e) < 0)
		return -1;
	return map_io(s, 0x61, 1, &piix4_port61_ops, s->piix4, e) < 0 ||
	       map_io(s, 0xcf9, 1, &piix4_rcr_ops, s->piix4, e) < 0 ? -1 : 0;
}

static int malta_create_board_regs(struct malta *s, struct err *e)
{
	struct machine *m = s->m;
	struct malta_fpga_config fc = {
		.cpu_endian = ENDIAN_LITTLE,
		.reset_request = malta_reset_request, .opaque = m,
	};
	struct uart16550_config cbus = {
		.name = "cbus-uart", .stride = 8, .endian = ENDIAN_LITTLE,
		/* "Twice the usual clk" (Linux's malta-platform.c). */
		.clock_hz = 3686400, .clock = &m->clock,
		.chr = m->serial[2],
		.irq = irq_make(malta_cpu_irq, m, MALTA_CPU_LINE_CBUS_UART),
	};
	uint64_t hi = MALTA_FPGA_UART + MALTA_FPGA_UART_SIZE;

	if (malta_fpga_create(&fc, &s->fpga, e) < 0 ||
	    bus_map_mmio(&m->bus, MALTA_FPGA_BASE, MALTA_FPGA_UART,
			 malta_fpga_lo_ops(s->fpga), s->fpga, e) < 0 ||
	    bus_map_mmio(&m->bus, MALTA_FPGA_BASE + hi, MALTA_FPGA_SIZE - hi,
			 malta_fpga_hi_ops(s->fpga), s->fpga, e) < 0)
		return -1;
	if (uart16550_create(&cbus, &s->uart[2], e) < 0 ||
	    bus_map_mmio(&m->bus, MALTA_FPGA_BASE + MALTA_FPGA_UART,
			 uart16550_mmio_size(s->uart[2]),
			 uart16550_mmio_ops(s->uart[2]), s->uart[2], e) < 0)
		return -1;
	if (boottimer_create(ENDIAN_LITTLE, &s->boottimer, e) < 0 ||
	    bus_map_mmio(&m->bus, MALTA_BOOTTIMER_BASE, BOOTTIMER_MMIO_SIZE,
			 boottimer_mmio_ops(s->boottimer), s->boottimer,
			 e) < 0)
		return -1;
	return 0;
}

static bool malta_set(const char *s)
{
	return s && *s;
}

/* The reset vector's contents: our YAMON-style hand-over code, or the
 * user's own flash image (firmware = "rom"). */
static int malta_load_firmware(struct malta *s, struct err *e)
{
	const struct config *cfg = s->m->cfg;

	if (cfg->firmware && !strcmp(cfg->firmware, "rom")) {
		FILE *f = fopen(cfg->rom, "rb");
		size_t n;

		if (!f)
			return err_set(e, "malta: cannot open ROM '%s': %s",
				       cfg->rom, strerror(errno));
		n = fread(s->flash, 1, MALTA_FLASH_SIZE, f);
		if (fgetc(f) != EOF) {
			fclose(f);
			return err_set(e, "malta: ROM '%s' is larger than the "
				       "4 MiB flash", cfg->rom);
		}
		fclose(f);
		if (n == 0)
			return err_set(e, "malta: ROM '%s' is empty", cfg->rom);
	} else {
		struct yamon_params p = {
			.kernel = malta_set(cfg->kernel) ? cfg->kernel : NULL,
			.initrd = malta_set(cfg->initrd) ? cfg->initrd : NULL,
			.append = malta_set(cfg->append) ? cfg->append : NULL,
			.ram_size = s->ram_size, .ram_low = s->ram_low,
			.ethaddr = malta_set(cfg->macaddr) ? cfg->macaddr :
				   MALTA_DEFAULT_MACADDR,
			.endian = ENDIAN_LITTLE,
		};

		if (yamon_prepare(&p, &s->yamon, e) < 0)
			return -1;
		s->have_yamon = true;
		if (yamon_load(&s->yamon, &s->m->bus, e) < 0)
			return -1;
		memset(s->flash, 0xff, MALTA_FLASH_SIZE);
		yamon_write_boot_code(&s->yamon, s->flash, MALTA_FLASH_SIZE);
	}
	memcpy(s->boot, s->flash, MALTA_FLASH_SIZE);
	/* REVISION shows through the boot alias only. */
	endian_store(s->boot + MALTA_REVISION_OFF, 4, ENDIAN_LITTLE,
		     MALTA_REVISION);
	return 0;
}

static void malta_destroy(struct machine *m)
{
	struct malta *s = malta_of(m);

	if (!s)
		return;
	if (s->have_yamon)
		yamon_free(&s->yamon);
	boottimer_destroy(s->boottimer);
	for (int i = 0; i < 3; i++)
		if (s->uart[i])
			uart16550_destroy(s->uart[i]);
	malta_fpga_destroy(s->fpga);
	pcnet_destroy(s->pcnet);
	piix4_ide_destroy(s->ide);
	piix4_destroy(s->piix4);
	gt64120_destroy(s->gt);
	if (s->rtc)
		mc146818_destroy(s->rtc);
	if (s->pit)
		i8254_destroy(s->pit);
	for (int i = 0; i < 2; i++)
		if (s->pic[i])
			i8259_destroy(s->pic[i]);
	free(s);
	m->board_state = NULL;
}

/* Malta core cards carry MIPS32/MIPS64 CPUs; an SGI-era model (say from
 * an Indy appliance.conf in the current folder) would hang the kernel
 * silently, so it is refused with the choices. */
static int malta_check_cpu(const struct config *cfg, struct err *e)
{
	const char *name = cfg->cpu && *cfg->cpu ? cfg->cpu
						 : malta_board.default_cpu;
	const struct cpu_model *model = cpu_model_find(name);

	if (model && model->isa != ISA_MIPS32R2 && model->isa != ISA_MIPS64R2 &&
	    !(model->flags & CPU_MIPS32R1))
		return err_set(e, "malta: cpu \"%s\" is not a Malta CPU (4Kc, "
				  "24Kf, 34Kf, 5KEf, MIPS64R2-generic)", name);
	return 0;
}

static int malta_init(struct machine *m, struct err *e)
{
	struct malta *s = calloc(1, sizeof(*s));

	if (!s)
		return err_set(e, "malta: out of memory");
	s->m = m;
	m->board_state = s;
	s->ram_size = m->cfg->memory ? m->cfg->memory :
		      malta_board.default_memory;
	if (s->ram_size > MALTA_RAM_MAX || s->ram_size < 16 * MIB ||
	    s->ram_size % MIB) {
		err_set(e, "malta: memory must be whole MiB from 16 MiB to "
			"2 GiB (got %" PRIu64 " bytes)", s->ram_size);
		goto fail;
	}
	s->ram_low = s->ram_size < MALTA_RAM_LOW_MAX ? s->ram_size :
		     MALTA_RAM_LOW_MAX;
	if (malta_check_cpu(m->cfg, e) < 0)
		goto fail;
	m->bus.unassigned = UNASSIGNED_IGNORE;
	if (malta_map_memory(s, e) < 0 ||
	    bus_map_rom(&m->bus, MALTA_FLASH_BASE, MALTA_FLASH_SIZE, "flash",
			&s->flash, e) < 0 ||
	    bus_map_rom(&m->bus, MALTA_BOOT_BASE, MALTA_FLASH_SIZE,
			"flash-boot", &s->boot, e) < 0 ||
	    malta_create_isa(s, e) < 0 ||
	    malta_create_pci(s, e) < 0 ||
	    malta_create_board_regs(s, e) < 0 ||
	    malta_load_firmware(s, e) < 0)
		goto fail;
	return 0;
fail:
	malta_destroy(m);
	return -1;
}

static void malta_reset(struct machine *m)
{
	struct malta *s = malta_of(m);
	struct err e;

	gt64120_reset(s->gt);
	malta_fpga_reset(s->fpga);
	for (int i = 0; i < 2; i++)
		i8259_reset(s->pic[i]);
	i8254_reset(s->pit);
	mc146818_reset(s->rtc);
	for (int i = 0; i < 3; i++)
		uart16550_reset(s->uart[i]);
	piix4_reset(s->piix4);
	piix4_ide_reset(s->ide);
	pcnet_reset(s->pcnet);
	/* The running kernel overwrote its own image: load it again, as
	 * YAMON's start-up script would. */
	if (s->have_yamon && yamon_load(&s->yamon, &m->bus, &e) < 0)
		log_msg("malta: reset: %s", e.msg);
	boottimer_restart(s->boottimer);
}

const struct board malta_board = {
	.name = "malta",
	.desc = "MIPS Malta (CoreLV: GT-64120, PIIX4), little-endian",
	.default_cpu = "24Kf",
	.default_memory = 256 * MIB,
	.endian = ENDIAN_LITTLE,
	.cpu_irq_lines = 1u << MALTA_CPU_LINE_I8259 |
			 1u << MALTA_CPU_LINE_CBUS_UART,
	.init = malta_init,
	.reset = malta_reset,
	.destroy = malta_destroy,
};
