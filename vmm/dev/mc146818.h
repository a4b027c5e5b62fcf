/* Motorola MC146818A real-time clock and CMOS RAM (and the compatible
 * clocks in the PIIX4 and the DS1287/DS1687): time of day, alarm,
 * periodic and update-ended interrupts, 114 bytes of NVRAM plus an
 * optional 128-byte extended bank (PIIX4 ports 0x72/0x73).
 *
 * Time starts from the host's real time (or a given epoch) and advances
 * with the virtual clock only; the update-in-progress bit follows the
 * virtual clock exactly (Linux Malta calibrates its CPU clock on it). */
#ifndef MIPSVZ_DEV_MC146818_H
#define MIPSVZ_DEV_MC146818_H

#include <stdbool.h>
#include <stdint.h>

#include "vmm/bus.h"
#include "vmm/clock.h"
#include "vmm/err.h"
#include "vmm/irq.h"

/* Register numbers (index values). */
enum {
	RTC_SECONDS = 0x00, RTC_SECONDS_ALARM = 0x01, RTC_MINUTES = 0x02,
	RTC_MINUTES_ALARM = 0x03, RTC_HOURS = 0x04, RTC_HOURS_ALARM = 0x05,
	RTC_DAY_OF_WEEK = 0x06, RTC_DAY_OF_MONTH = 0x07, RTC_MONTH = 0x08,
	RTC_YEAR = 0x09, RTC_REG_A = 0x0a, RTC_REG_B = 0x0b,
	RTC_REG_C = 0x0c, RTC_REG_D = 0x0d,
	RTC_PC_CENTURY = 0x32,	/* PC/ACPI convention, in NVRAM */
};

#define MC146818_NVRAM_FIRST 0x0e
#define MC146818_BANK_SIZE 128

struct mc146818;

struct mc146818_config {
	const char *name;	/* for logs */
	unsigned stride;	/* bytes between ports; 0 means 1 */
	enum endian endian;	/* byte lanes of accesses wider than 1 */
	struct vclock *clock;
	struct irq irq;		/* IRQ output, level, active high (PC: IRQ8) */
	/* Seconds since the Unix epoch at guest time 0; 0 = the host's
	 * CLOCK_REALTIME when the chip is created. */
	int64_t epoch;
	/* NVRAM index of the century byte, or -1 for none. Kept in BCD or
	 * binary with the other time registers. */
	int century_reg;
	bool ext_bank;		/* second 128-byte bank at ports 2/3 */
};

int mc146818_create(const struct mc146818_config *cfg, struct mc146818 **out,
		    struct err *e);
void mc146818_destroy(struct mc146818 *r);
/* RESET pin: clears the interrupt enables and flags in B and C (the
 * datasheet's reset leaves time, A, and NVRAM alone). */
void mc146818_reset(struct mc146818 *r);

/* Ports: 0 index, 1 data; with ext_bank, 2 index and 3 data of the
 * upper bank. Bit 7 of an index write is the PC's NMI mask, ignored. */
const struct mmio_ops *mc146818_mmio_ops(const struct mc146818 *r);
uint64_t mc146818_mmio_size(const struct mc146818 *r);
uint8_t mc146818_read(struct mc146818 *r, unsigned port);
void mc146818_write(struct mc146818 *r, unsigned port, uint8_t v);

/* Direct CMOS access by address (board firmware, tests): 0-127, and
 * 128-255 for the extended bank. */
uint8_t mc146818_cmos_read(struct mc146818 *r, unsigned addr);
void mc146818_cmos_write(struct mc146818 *r, unsigned addr, uint8_t v);

#endif
