/* The MIPS Malta board: what other Malta devices plug into. The PIIX4 IDE
 * function and the PCnet NIC are created in malta_init (boards/malta/
 * malta.c) with one call each, after the PCI bus and the 8259s exist. */
#ifndef MIPSVZ_MALTA_H
#define MIPSVZ_MALTA_H

#include <stdint.h>

#include "vmm/irq.h"
#include "vmm/machine.h"
#include "vmm/pci.h"

extern const struct board malta_board;

/* PCI slots (device numbers) of the on-board devices: Linux's
 * arch/mips/pci/fixup-malta.c irq_tab. */
#define MALTA_PIIX4_SLOT 10	/* functions 0 ISA, 1 IDE, 2 USB, 3 PM */
#define MALTA_PCNET_SLOT 11	/* AMD 79C973 */
/* CPU address of PCI I/O port 0 and of PCI memory address 0. */
#define MALTA_PCI_IO_BASE 0x18000000ull
#define MALTA_PCI_MEM_BASE 0x0ull
/* MAC address handed to the guest (YAMON's ethaddr) when the config
 * names none; the PCnet's address PROM should use the same. */
#define MALTA_DEFAULT_MACADDR "02:4d:56:5a:00:01"

/* The board's PCI bus (bus 0 behind the GT-64120). */
struct pci_bus *malta_pci_bus(struct machine *m);
/* ISA interrupt request n (0-15) of the PIIX4's 8259 pair: legacy IDE
 * uses 14 and 15. */
struct irq malta_isa_irq(struct machine *m, unsigned n);
/* INTx pin (1 = INTA .. 4 = INTD) of a device in PCI slot `slot`, wired
 * to the PIIX4's PIRQ inputs as on the board (slot 11 INTA = PIRQB, ...);
 * the PIIX4 routes PIRQs to ISA IRQs. A line that goes nowhere for an
 * unknown slot/pin is returned unconnected. */
struct irq malta_pci_intx(struct machine *m, unsigned slot, unsigned pin);

#endif
