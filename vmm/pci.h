/* PCI devices and a PCI bus: a 256-byte configuration space per function
 * and up to six BARs. A board's host bridge (the GT-64120 on Malta) turns
 * the guest's config cycles into pci_config_read/write; BARs are mapped
 * into the guest-physical bus through the bridge's memory and I/O windows
 * whenever the guest programs them with decoding enabled. Configuration
 * space is little-endian, as on every PCI bus. */
#ifndef MIPSVZ_PCI_H
#define MIPSVZ_PCI_H

#include <stdbool.h>
#include <stdint.h>

#include "bus.h"
#include "err.h"
#include "irq.h"

#define PCI_NO_MAPPING UINT64_MAX

/* Standard config-space offsets. */
enum {
	PCI_VENDOR_ID = 0x00, PCI_DEVICE_ID = 0x02, PCI_COMMAND = 0x04,
	PCI_STATUS = 0x06, PCI_CLASS_REVISION = 0x08, PCI_HEADER_TYPE = 0x0e,
	PCI_BAR0 = 0x10, PCI_SUBSYSTEM_VENDOR_ID = 0x2c,
	PCI_INTERRUPT_LINE = 0x3c, PCI_INTERRUPT_PIN = 0x3d,
};
#define PCI_COMMAND_IO 0x1
#define PCI_COMMAND_MEMORY 0x2
#define PCI_COMMAND_MASTER 0x4

struct pci_bus;
struct pci_device;

struct pci_bar {
	uint32_t size;		/* power of two; 0 = unused */
	bool io;		/* I/O space rather than memory space */
	const struct mmio_ops *ops;
	void *opaque;
	uint64_t mapped;	/* guest-physical base, or PCI_NO_MAPPING */
};

struct pci_device {
	const char *name;
	uint8_t config[256];
	uint8_t wmask[256];	/* bits the guest may change */
	struct pci_bar bar[6];
	struct pci_bus *bus;
	unsigned devfn;
	struct irq intx;	/* INTA#..: wired by the board */
	/* Optional device-specific config registers: read may override the
	 * stored value; write is called after the generic update. */
	uint32_t (*config_read)(struct pci_device *d, unsigned off,
				unsigned size, uint32_t stored);
	void (*config_write)(struct pci_device *d, unsigned off, uint32_t v,
			     unsigned size);
	void *opaque;
};

struct pci_bus {
	struct bus *sysbus;
	uint64_t mem_base;	/* CPU-physical address of PCI memory 0 */
	uint64_t io_base;	/* CPU-physical address of PCI I/O port 0 */
	struct pci_device *dev[256];	/* by devfn, bus 0 only */
};

void pci_bus_init(struct pci_bus *pb, struct bus *sysbus, uint64_t mem_base,
		  uint64_t io_base);
int pci_device_register(struct pci_bus *pb, struct pci_device *d,
			unsigned devfn, const char *name, uint16_t vendor,
			uint16_t device, uint32_t class_rev, struct err *e);
/* Declare BAR n before the guest runs. */
void pci_set_bar(struct pci_device *d, int n, uint32_t size, bool io,
		 const struct mmio_ops *ops, void *opaque);
/* Config cycles; an absent device reads all-ones. `off` must be aligned
 * to `size` (1, 2 or 4). */
uint32_t pci_config_read(struct pci_bus *pb, unsigned busno, unsigned devfn,
			 unsigned off, unsigned size);
void pci_config_write(struct pci_bus *pb, unsigned busno, unsigned devfn,
		      unsigned off, uint32_t v, unsigned size);
/* Little-endian config-space helpers for device code. */
uint32_t pci_get(const struct pci_device *d, unsigned off, unsigned size);
void pci_put(struct pci_device *d, unsigned off, uint32_t v, unsigned size);

#endif
