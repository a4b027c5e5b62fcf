/* SGI IP22 board family: Indy (IP24, "Guinness") and Indigo2 (IP22,
 * "Full House"). The board state every boards/sgi file and the firmware
 * glue can see; m->board_state points at it. */
#ifndef MIPSVZ_BOARDS_SGI_IP22_H
#define MIPSVZ_BOARDS_SGI_IP22_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vmm/clock.h"
#include "vmm/err.h"
#include "vmm/machine.h"

#define IP22_PROM_BASE 0x1fc00000ull
#define IP22_PROM_SIZE 0x80000ull	/* 512 KB (SGI-FACTS 1) */
#define IP22_RAM_BASE 0x08000000ull	/* segment 0 */
#define IP22_RAM_HIGH 0x20000000ull	/* segment 1 (> 256 MB) */
#define IP22_LOW_ALIAS 0x80000ull	/* first 512 KB of bank 0 at 0 */
#define IP22_MAX_BANKS 4

extern const struct board indy_board, indigo2_board;

struct ip22_mc;
struct hpc3;
struct hpc3_scsi;
struct ioc2;
struct int23;
struct hal2;
struct z85c30;
struct ds1386;
struct eeprom93cs56;
struct i8254;
struct arcs;

struct ip22 {
	struct machine *m;
	bool fullhouse;		/* Indigo2 */
	const struct cpu_model *cpu;
	uint64_t ram_size;
	struct { uint64_t base, size; uint8_t *host; } bank[IP22_MAX_BANKS];
	unsigned nbanks;
	uint8_t *prom;		/* IP22_PROM_SIZE bytes, a ROM region */

	struct ip22_mc *mc;
	struct hpc3 *hpc3;
	struct hpc3_scsi *scsi[2];	/* WD33C93 + DMA; [1] on Indigo2 */
	struct drive_config scsi_drives[CONFIG_MAX_DRIVES];
	unsigned nscsi_drives;
	struct ioc2 *ioc;
	struct int23 *intc;	/* INT3 (Indy) or INT2 (Indigo2) */
	struct hal2 *hal2;
	struct z85c30 *scc;	/* channel B = serial(0) = ttyS0 */
	struct ds1386 *rtc;	/* DS1386-8K (Indy) / DS1286 (Indigo2) */
	struct eeprom93cs56 *cpu_eeprom;	/* behind MC (both) */
	struct eeprom93cs56 *eeprom;	/* behind HPC3 (Indigo2) */
	struct i8254 *eisa_pit;	/* Indigo2 EISA port 0x40 */

	/* NVRAM file: dirty since the last save; saved by `nv_timer`. */
	bool nv_dirty;
	struct timer nv_timer;
	struct arcs *arcs;
};

static inline struct ip22 *ip22_of(struct machine *m)
{
	return m->board_state;
}

/* The hardware without firmware (tests, and init before the PROM is
 * filled): memory map, devices, wiring, NVRAM file. The PROM holds a
 * branch-to-self loop at the reset vector. Undo with board->destroy. */
int ip22_build(struct machine *m, bool fullhouse, struct err *e);

/* The PROM region's host memory (for firmware): 512 KB. */
uint8_t *ip22_prom(struct machine *m, size_t *size);

/* Bytes of the PROM's NVRAM area (SGI-FACTS 2 b.3): Indy, the DS1386
 * battery RAM the guest sees at 0x1fbe0100 + 4 * i; Indigo2, the
 * 93CS56 EEPROM, word i/2 high byte first. Writes are persisted to the
 * NVRAM file by ip22_nvram_flush (and soon after any guest write). */
#define IP22_NVRAM_AREA 256u
uint8_t ip22_nvram_read(struct machine *m, size_t i);
void ip22_nvram_write(struct machine *m, size_t i, uint8_t v);
void ip22_nvram_flush(struct machine *m);

/* Front-panel power button (host request: the guest shuts down). */
void ip22_power_button(struct machine *m);

/* The RAM layout for `bytes` of memory: up to 4 banks of 8-128 MB,
 * largest first, at 0x08000000 up to 256 MB and the rest at 0x20000000.
 * Returns the bank count, or -1 with a message naming what fits. */
int ip22_ram_layout(uint64_t bytes, uint64_t base[IP22_MAX_BANKS],
		    uint64_t size[IP22_MAX_BANKS], struct err *e);

#endif
