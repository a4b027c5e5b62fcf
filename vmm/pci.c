#include "pci.h"

#include <inttypes.h>
#include <string.h>

#include "log.h"

void pci_bus_init(struct pci_bus *pb, struct bus *sysbus, uint64_t mem_base,
		  uint64_t io_base)
{
	memset(pb, 0, sizeof(*pb));
	pb->sysbus = sysbus;
	pb->mem_base = mem_base;
	pb->io_base = io_base;
}

uint32_t pci_get(const struct pci_device *d, unsigned off, unsigned size)
{
	return endian_load(d->config + off, size, ENDIAN_LITTLE);
}

void pci_put(struct pci_device *d, unsigned off, uint32_t v, unsigned size)
{
	endian_store(d->config + off, size, ENDIAN_LITTLE, v);
}

int pci_device_register(struct pci_bus *pb, struct pci_device *d,
			unsigned devfn, const char *name, uint16_t vendor,
			uint16_t device, uint32_t class_rev, struct err *e)
{
	if (devfn > 255 || pb->dev[devfn])
		return err_set(e, "pci: slot %u.%u for %s is taken",
			       devfn >> 3, devfn & 7, name);
	d->name = name;
	d->bus = pb;
	d->devfn = devfn;
	pci_put(d, PCI_VENDOR_ID, vendor, 2);
	pci_put(d, PCI_DEVICE_ID, device, 2);
	pci_put(d, PCI_CLASS_REVISION, class_rev, 4);
	d->wmask[PCI_COMMAND] = PCI_COMMAND_IO | PCI_COMMAND_MEMORY |
				PCI_COMMAND_MASTER;
	d->wmask[PCI_COMMAND + 1] = 0x01;	/* INTx disable */
	d->wmask[PCI_INTERRUPT_LINE] = 0xff;
	d->wmask[0x0c] = 0xff;	/* cache line size */
	d->wmask[0x0d] = 0xff;	/* latency timer */
	for (int i = 0; i < 6; i++)
		d->bar[i].mapped = PCI_NO_MAPPING;
	pb->dev[devfn] = d;
	return 0;
}

void pci_set_bar(struct pci_device *d, int n, uint32_t size, bool io,
		 const struct mmio_ops *ops, void *opaque)
{
	uint32_t mask = ~(size - 1);

	d->bar[n] = (struct pci_bar){ .size = size, .io = io, .ops = ops,
				      .opaque = opaque,
				      .mapped = PCI_NO_MAPPING };
	/* Address bits below the size read as zero: how guests size BARs. */
	pci_put(d, PCI_BAR0 + 4 * n, io ? 1 : 0, 4);
	endian_store(d->wmask + PCI_BAR0 + 4 * n, 4, ENDIAN_LITTLE,
		     io ? mask & ~3u : mask & ~15u);
}

/* Map or unmap each BAR after the guest changed a BAR or COMMAND. */
static void pci_update_mappings(struct pci_device *d)
{
	uint16_t cmd = pci_get(d, PCI_COMMAND, 2);
	struct pci_bus *pb = d->bus;

	for (int i = 0; i < 6; i++) {
		struct pci_bar *b = &d->bar[i];
		uint32_t raw = pci_get(d, PCI_BAR0 + 4 * i, 4);
		uint64_t want = PCI_NO_MAPPING;
		struct err e;

		if (!b->size)
			continue;
		if (b->io && (cmd & PCI_COMMAND_IO))
			want = pb->io_base + (raw & ~3u);
		else if (!b->io && (cmd & PCI_COMMAND_MEMORY))
			want = pb->mem_base + (raw & ~15u);
		/* An unprogrammed BAR at 0 is not decoded. */
		if ((raw & ~15u) == 0)
			want = PCI_NO_MAPPING;
		if (want == b->mapped)
			continue;
		if (b->mapped != PCI_NO_MAPPING)
			bus_unmap(pb->sysbus, b->mapped);
		b->mapped = PCI_NO_MAPPING;
		if (want == PCI_NO_MAPPING)
			continue;
		if (bus_map_mmio(pb->sysbus, want, b->size, b->ops, b->opaque,
				 &e) < 0) {
			LOG_RATELIMITED("pci: %s BAR%d at 0x%" PRIx64
					" not mapped: %s", d->name, i, want,
					e.msg);
			continue;
		}
		b->mapped = want;
		TRACE(TRACE_DEV, "pci: %s BAR%d mapped at 0x%" PRIx64,
		      d->name, i, want);
	}
}

uint32_t pci_config_read(struct pci_bus *pb, unsigned busno, unsigned devfn,
			 unsigned off, unsigned size)
{
	struct pci_device *d = busno == 0 && devfn < 256 ? pb->dev[devfn]
							 : NULL;
	uint32_t v;

	if (!d || off + size > 256 || (off & (size - 1)))
		return size == 4 ? 0xffffffffu : (1u << (8 * size)) - 1;
	v = pci_get(d, off, size);
	if (d->config_read)
		v = d->config_read(d, off, size, v);
	return v;
}

void pci_config_write(struct pci_bus *pb, unsigned busno, unsigned devfn,
		      unsigned off, uint32_t v, unsigned size)
{
	struct pci_device *d = busno == 0 && devfn < 256 ? pb->dev[devfn]
							 : NULL;

	if (!d || off + size > 256 || (off & (size - 1)))
		return;
	for (unsigned i = 0; i < size; i++) {
		uint8_t m = d->wmask[off + i];
		uint8_t b = v >> (8 * i);

		d->config[off + i] = (d->config[off + i] & ~m) | (b & m);
	}
	if ((off < PCI_BAR0 + 24 && off + size > PCI_BAR0) ||
	    (off <= PCI_COMMAND && off + size > PCI_COMMAND))
		pci_update_mappings(d);
	if (d->config_write)
		d->config_write(d, off, v, size);
}
