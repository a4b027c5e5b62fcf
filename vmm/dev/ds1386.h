/* Dallas DS1386 / DS1286 watchdog timekeeper with battery-backed RAM:
 * time registers 0x00-0x0a (BCD), command 0x0b, watchdog 0x0c/0x0d, RAM
 * from 0x0e to the end of the part (64 bytes on the DS1286, 8 or 32 KB
 * on the DS1386). SGI IP22: the Indy has the DS1386-8K, the Indigo2 a
 * DS1286, both behind HPC3 with one byte per 32-bit word.
 *
 * The clock is host time (CLOCK_REALTIME, UTC) when the device is
 * created, then advances with the machine's virtual clock, so a paused or
 * slow guest sees its own time pass, not an emulated 100 Hz tick.
 *
 * Persistence of the RAM is the board's business: it loads an image with
 * ds1386_ram_load, is told about guest writes through `ram_changed`, and
 * saves with ds1386_ram_save. */
#ifndef MIPSVZ_DEV_DS1386_H
#define MIPSVZ_DEV_DS1386_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "vmm/bus.h"
#include "vmm/clock.h"
#include "vmm/err.h"
#include "vmm/irq.h"

enum {
	DS1386_HSEC = 0x00, DS1386_SEC = 0x01, DS1386_MIN = 0x02,
	DS1386_MIN_ALARM = 0x03, DS1386_HOUR = 0x04, DS1386_HOUR_ALARM = 0x05,
	DS1386_DAY = 0x06, DS1386_DAY_ALARM = 0x07, DS1386_DATE = 0x08,
	DS1386_MONTH = 0x09, DS1386_YEAR = 0x0a, DS1386_CMD = 0x0b,
	DS1386_WD_HSEC = 0x0c, DS1386_WD_SEC = 0x0d, DS1386_RAM = 0x0e,
};

/* Command register */
#define DS1386_CMD_TE 0x80	/* transfer enable: 0 freezes the user copy */
#define DS1386_CMD_IPSW 0x40
#define DS1386_CMD_IBH 0x20
#define DS1386_CMD_PU_LVL 0x10
#define DS1386_CMD_WAM 0x08	/* watchdog alarm mask */
#define DS1386_CMD_TDM 0x04	/* time-of-day alarm mask */
#define DS1386_CMD_WAF 0x02	/* watchdog alarm flag */
#define DS1386_CMD_TDF 0x01	/* time-of-day alarm flag */
/* Month register */
#define DS1386_MONTH_EOSC 0x80	/* 1 = oscillator stopped */
#define DS1386_MONTH_ESQW 0x40
/* Hour register */
#define DS1386_HOUR_12 0x40
#define DS1386_HOUR_PM 0x20

#define DS1386_SIZE_8K 8192u
#define DS1386_SIZE_DS1286 64u

struct ds1386;

struct ds1386_config {
	const char *name;
	size_t size;		/* bytes of the part, >= 64 */
	unsigned stride;	/* bytes per register in the window; 0 = 1 */
	enum endian endian;	/* byte lanes of wider accesses */
	struct vclock *clock;
	/* The year register holds (year - year_base) mod 100; years that
	 * would fall before 1970 are the next century. SGI: 1940 (IRIX's
	 * convention, Linux's rtc-ds1286.c). */
	int year_base;
	/* Time at creation, ns since the Unix epoch; 0 = CLOCK_REALTIME. */
	int64_t start_unix_ns;
	/* INTA/INTB outputs (watchdog and time-of-day alarms), active high;
	 * unconnected on IP22. */
	struct irq inta, intb;
	/* A guest write changed the RAM (or the command register). */
	void (*ram_changed)(void *opaque);
	void *opaque;
};

int ds1386_create(const struct ds1386_config *cfg, struct ds1386 **out,
		  struct err *e);
void ds1386_destroy(struct ds1386 *d);
/* A system reset does not touch a battery-backed clock: nothing is
 * lost. Alarm outputs go low. */
void ds1386_reset(struct ds1386 *d);

/* The register window: cfg->size registers, one per `stride` bytes, on
 * the last byte lane of each (as HPC3 wires its 8-bit PBUS devices). */
const struct mmio_ops *ds1386_mmio_ops(const struct ds1386 *d);
uint64_t ds1386_mmio_size(const struct ds1386 *d);
uint8_t ds1386_read(struct ds1386 *d, unsigned addr);
void ds1386_write(struct ds1386 *d, unsigned addr, uint8_t v);

/* Battery RAM by chip address (DS1386_RAM .. size-1); other addresses
 * read 0 and ignore writes. No ram_changed callback for these. */
size_t ds1386_size(const struct ds1386 *d);
uint8_t ds1386_ram_read(const struct ds1386 *d, size_t addr);
void ds1386_ram_write(struct ds1386 *d, size_t addr, uint8_t v);
/* Whole-part images [0, size) for persistence; the clock registers in
 * an image are ignored on load and saved as 0. */
void ds1386_ram_load(struct ds1386 *d, const uint8_t *img, size_t len);
void ds1386_ram_save(const struct ds1386 *d, uint8_t *img, size_t len);

/* The clock now, as the time registers would show it (UTC). */
void ds1386_get_time(struct ds1386 *d, struct tm *out);
int64_t ds1386_unix_ns(struct ds1386 *d);

#endif
