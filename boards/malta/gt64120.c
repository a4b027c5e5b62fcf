/* Galileo GT-64120 system controller, as on the MIPS Malta CoreLV board.
 *
 * Modelled: the register file as storage, the PCI_0 configuration
 * mechanism (CFGADDR 0xcf8 / CFGDATA 0xcfc) with master-abort reporting in
 * INTRCAUSE, the PCI_0 interrupt-acknowledge register (0xc34) and the
 * PCI byte-swap rule for configuration data. Not modelled: moving the
 * register block or the PCI windows (the board maps them where YAMON puts
 * them), the DMA engines, timers and SDRAM/device timing registers (kept
 * as storage).
 *
 * The registers are little-endian whatever the CPU's byte order: Linux's
 * GT_READ/GT_WRITE convert with le32_to_cpu/cpu_to_le32 (asm/gt64120.h). */
#include "gt64120.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "vmm/log.h"

struct gt64120 {
	struct gt64120_config cfg;
	uint32_t regs[GT_REGS_SIZE / 4];
	struct pci_device pcidev;	/* the GT's own function, 0.0 */
};

/* The GT-64120's PCI identity (Linux lists it as [11ab:4620], class
 * 0x0600 host bridge). */
#define GT_PCI_VENDOR 0x11ab
#define GT_PCI_DEVICE 0x4620
#define GT_PCI_CLASS_REV 0x06000010u

uint32_t gt64120_reg(const struct gt64120 *gt, unsigned off)
{
	return off < GT_REGS_SIZE ? gt->regs[off / 4] : 0;
}

static void gt_set(struct gt64120 *gt, unsigned off, uint32_t v)
{
	gt->regs[off / 4] = v;
}

void gt64120_reset(struct gt64120 *gt)
{
	memset(gt->regs, 0, sizeof(gt->regs));
	/* The decode registers as YAMON programs them (also what QEMU's
	 * Malta boot code writes): registers moved from 0x14000000 to
	 * 0x1be00000; PCI_0 I/O at 0x18000000-0x181fffff; memory 0 at
	 * 0x10000000-0x17ffffff, memory 1 at 0x18200000-0x1bdfffff. Low
	 * decode registers hold address bits 35:21, high ones bits 27:21.
	 * Linux's pci-malta.c reads these to size its resources. */
	gt_set(gt, GT_ISD, 0x1be00000 >> 21);
	gt_set(gt, GT_PCI0IOLD, 0x18000000 >> 21);
	gt_set(gt, GT_PCI0IOHD, (0x181fffff >> 21) & 0x7f);
	gt_set(gt, GT_PCI0M0LD, 0x10000000 >> 21);
	gt_set(gt, GT_PCI0M0HD, (0x17ffffff >> 21) & 0x7f);
	gt_set(gt, GT_PCI0M1LD, 0x18200000 >> 21);
	gt_set(gt, GT_PCI0M1HD, (0x1bdfffff >> 21) & 0x7f);
	/* Remaps: PCI memory addresses equal CPU addresses, and PCI I/O
	 * port 0 sits at the window base. With a zero I/O remap, Linux's
	 * prom_init "Atlas" fix-up (start & map) leaves it alone. */
	gt_set(gt, GT_PCI0IOREMAP, 0);
	gt_set(gt, GT_PCI0M0REMAP, 0x10000000 >> 21);
	gt_set(gt, GT_PCI0M1REMAP, 0x18200000 >> 21);
	/* Byte swapping of PCI_0 master/slave data: Linux (malta-init.c)
	 * writes MBYTESWAP|SBYTESWAP on a little-endian CPU and 0 on a
	 * big-endian one; start out the same way. */
	gt_set(gt, GT_PCI0_CMD, gt->cfg.cpu_endian == ENDIAN_LITTLE ?
		GT_PCI0_CMD_MBYTESWAP | GT_PCI0_CMD_SBYTESWAP : 0);
	/* CPU interface: bit 12 says the CPU is little-endian. */
	gt_set(gt, GT_CPU, gt->cfg.cpu_endian == ENDIAN_LITTLE ? 1u << 12 : 0);
}

static uint32_t bswap_n(uint32_t v, unsigned size)
{
	uint32_t r = 0;

	for (unsigned i = 0; i < size; i++)
		r |= ((v >> (8 * i)) & 0xff) << (8 * (size - 1 - i));
	return r;
}

/* Which configuration access CFGADDR selects; false when there is no
 * target (CFGEN clear, another bus, an empty slot): a master abort. */
static bool gt_cfg_target(struct gt64120 *gt, unsigned *devfn, unsigned *reg,
			  bool *swap)
{
	uint32_t a = gt->regs[GT_PCI0_CFGADDR / 4];
	unsigned busno = (a >> 16) & 0xff;

	*devfn = (a >> 8) & 0xff;
	*reg = a & 0xfc;
	/* Data to and from devices other than the GT itself crosses the
	 * PCI byte-lane swapper unless MBYTESWAP is set (Linux reaches
	 * those with raw __GT_READ, the GT itself with GT_READ). */
	*swap = *devfn != 0 &&
		!(gt->regs[GT_PCI0_CMD / 4] & GT_PCI0_CMD_MBYTESWAP);
	if (!(a & GT_CFGADDR_CFGEN) || busno != 0 ||
	    !gt->cfg.pci->dev[*devfn]) {
		gt->regs[GT_INTRCAUSE / 4] |= GT_INTRCAUSE_MASABORT0;
		TRACE(TRACE_DEV, "gt64120: config %02x:%02x.%u reg 0x%02x: "
		      "master abort", busno, *devfn >> 3, *devfn & 7, *reg);
		return false;
	}
	return true;
}

/* A CFGDATA access of `size` bytes at byte lane `lane` (0-3). With the
 * swapper on, lane k of the register carries configuration byte 3-k. */
static uint32_t gt_cfgdata_read(struct gt64120 *gt, unsigned lane,
				unsigned size)
{
	unsigned devfn, reg;
	bool swap;
	uint32_t v;

	if (!gt_cfg_target(gt, &devfn, &reg, &swap))
		return size == 4 ? 0xffffffffu : (1u << (8 * size)) - 1;
	if (!swap)
		return pci_config_read(gt->cfg.pci, 0, devfn, reg + lane, size);
	v = pci_config_read(gt->cfg.pci, 0, devfn, reg + 4 - lane - size,
			    size);
	return bswap_n(v, size);
}

static void gt_cfgdata_write(struct gt64120 *gt, unsigned lane,
			     unsigned size, uint32_t v)
{
	unsigned devfn, reg;
	bool swap;

	if (!gt_cfg_target(gt, &devfn, &reg, &swap))
		return;
	if (!swap)
		pci_config_write(gt->cfg.pci, 0, devfn, reg + lane, v, size);
	else
		pci_config_write(gt->cfg.pci, 0, devfn, reg + 4 - lane - size,
				 bswap_n(v, size), size);
}

static uint64_t gt64120_read(void *opaque, uint64_t offset, unsigned size)
{
	struct gt64120 *gt = opaque;
	unsigned reg = offset & ~3u, lane = offset & 3;
	uint32_t v;

	switch (reg) {
	case GT_PCI0_CFGDATA:
		return gt_cfgdata_read(gt, lane, size);
	case GT_PCI0_IACK:
		/* The INTA cycle returns the vector in the low byte (Linux's
		 * mips_pcibios_iack masks with 0xff). */
		v = gt->cfg.iack ? gt->cfg.iack(gt->cfg.iack_opaque) : 0xff;
		TRACE(TRACE_DEV, "gt64120: PCI0 IACK -> 0x%02x", v);
		break;
	default:
		v = gt->regs[reg / 4];
		break;
	}
	v >>= 8 * lane;
	return size == 4 ? v : v & ((1u << (8 * size)) - 1);
}

/* Window registers whose change the board does not follow. */
static bool gt_is_decode_reg(unsigned reg)
{
	switch (reg) {
	case GT_ISD:
	case GT_PCI0IOLD: case GT_PCI0IOHD:
	case GT_PCI0M0LD: case GT_PCI0M0HD:
	case GT_PCI0M1LD: case GT_PCI0M1HD:
		return true;
	}
	return false;
}

static void gt64120_write(void *opaque, uint64_t offset, uint64_t value,
			  unsigned size)
{
	struct gt64120 *gt = opaque;
	unsigned reg = offset & ~3u, lane = offset & 3;
	uint32_t mask = (size == 4 ? 0xffffffffu : (1u << (8 * size)) - 1)
			<< (8 * lane);
	uint32_t old = gt->regs[reg / 4];
	uint32_t v = (old & ~mask) | (((uint32_t)value << (8 * lane)) & mask);

	TRACE(TRACE_DEV, "gt64120: write 0x%03x = 0x%08" PRIx32 " (%u bytes)",
	      reg, v, size);
	switch (reg) {
	case GT_PCI0_CFGDATA:
		gt_cfgdata_write(gt, lane, size, (uint32_t)value);
		return;
	case GT_PCI0_IACK:
		return;		/* read-only */
	case GT_INTRCAUSE:
		/* Cause bits clear when written with 0 (datasheet 8.1);
		 * Linux writes ~(MASABORT0 | TARABORT0) to clear those. */
		gt->regs[reg / 4] = old & (v | ~mask);
		return;
	}
	if (gt_is_decode_reg(reg) && v != old)
		LOG_RATELIMITED("gt64120: decode register 0x%03x set to 0x%"
				PRIx32 " (was 0x%" PRIx32 "): windows stay "
				"where YAMON put them", reg, v, old);
	gt->regs[reg / 4] = v;
}

const struct mmio_ops gt64120_ops = {
	.name = "gt64120",
	.read = gt64120_read,
	.write = gt64120_write,
	.valid_sizes = ACCESS_1 | ACCESS_2 | ACCESS_4,
	.impl_sizes = ACCESS_1 | ACCESS_2 | ACCESS_4,
	.endian = ENDIAN_LITTLE,
};

int gt64120_create(const struct gt64120_config *cfg, struct gt64120 **out,
		   struct err *e)
{
	struct gt64120 *gt = calloc(1, sizeof(*gt));

	if (!gt)
		return err_set(e, "gt64120: out of memory");
	gt->cfg = *cfg;
	if (pci_device_register(cfg->pci, &gt->pcidev, 0, "gt64120",
				GT_PCI_VENDOR, GT_PCI_DEVICE,
				GT_PCI_CLASS_REV, e) < 0) {
		free(gt);
		return -1;
	}
	gt->pcidev.opaque = gt;
	gt64120_reset(gt);
	*out = gt;
	return 0;
}

void gt64120_destroy(struct gt64120 *gt)
{
	if (!gt)
		return;
	if (gt->cfg.pci->dev[0] == &gt->pcidev)
		gt->cfg.pci->dev[0] = NULL;
	free(gt);
}
