/* Motorola MC146818A real-time clock with CMOS RAM, as in the PIIX4 of
 * the MIPS Malta and (as the DS1287/DS1687) on PCs and the SGI O2.
 * Facts from the MC146818A datasheet and the Dallas DS12887 datasheet
 * (same register set): update cycle timing, divider bits, flags.
 *
 * The clock runs from a 32.768 kHz divider chain whose phase is set when
 * the chain starts: an update every second, 500 ms after the start, and
 * periodic flags at the rate selected in register A. Nothing ticks: the
 * time, UIP and the flags are computed from the virtual clock when read,
 * and one timer is armed only for an interrupt that is enabled and not
 * yet flagged. */
#include "mc146818.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "vmm/dev/regstride.h"
#include "vmm/log.h"

#define CHAIN_HZ 32768
/* UIP rises 8 chain ticks (244 us, DS12887 tBUC) before each update;
 * Linux Malta times its CPU clock between two UIP rising edges. */
#define UIP_NS (8 * NS_PER_SEC / CHAIN_HZ)
#define SEC_NS ((int64_t)NS_PER_SEC)
/* The first update comes 500 ms after the divider leaves reset. */
#define FIRST_UPDATE_NS (SEC_NS / 2)

#define A_UIP 0x80
#define A_DV 0x70
#define A_DV_RUN 0x20	/* 32.768 kHz time base, running */
#define A_RS 0x0f

#define B_SET 0x80
#define B_PIE 0x40
#define B_AIE 0x20
#define B_UIE 0x10
#define B_SQWE 0x08
#define B_DM_BINARY 0x04
#define B_24H 0x02

#define C_IRQF 0x80
#define C_PF 0x40
#define C_AF 0x20
#define C_UF 0x10

#define D_VRT 0x80

struct mc146818 {
	struct mc146818_config cfg;
	struct timer timer;

	uint8_t cmos[2 * MC146818_BANK_SIZE];	/* alarms, A, B, NVRAM */
	uint8_t index[2];
	int64_t origin;		/* guest ns the divider chain started */
	/* While ticking: the last update the time registers include. */
	int64_t base_ns;
	int64_t checked;	/* flags are folded in up to this time */
	uint8_t flags;		/* C_PF | C_AF | C_UF */
	bool out;
};

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

static int64_t floor_mod(int64_t a, int64_t b)
{
	return a - floor_div(a, b) * b;
}

static int64_t now_ns(struct mc146818 *r)
{
	return (int64_t)vclock_now(r->cfg.clock);
}

static bool running(const struct mc146818 *r)
{
	return (r->cmos[RTC_REG_A] & A_DV) == A_DV_RUN;
}

static bool ticking(const struct mc146818 *r)
{
	return running(r) && !(r->cmos[RTC_REG_B] & B_SET);
}

/* Divider-chain ticks in the x ns since the chain started. */
static int64_t chain_ticks(int64_t x)
{
	return floor_div(x, SEC_NS) * CHAIN_HZ +
	       floor_mod(x, SEC_NS) * CHAIN_HZ / SEC_NS;
}

/* The first ns at which chain tick n has happened. */
static int64_t chain_tick_time(const struct mc146818 *r, int64_t n)
{
	return r->origin + n / CHAIN_HZ * SEC_NS +
	       ((n % CHAIN_HZ) * SEC_NS + CHAIN_HZ - 1) / CHAIN_HZ;
}

/* Periodic rate in chain ticks (datasheet table: RS 1 and 2 repeat RS 8
 * and 9; RS n >= 3 divides by 2^(n-1)); 0 = off. */
static int64_t period_ticks(const struct mc146818 *r)
{
	unsigned rs = r->cmos[RTC_REG_A] & A_RS;

	if (!rs)
		return 0;
	return rs <= 2 ? 1 << (rs + 6) : 1 << (rs - 1);
}

/* The first update instant strictly after t (divider running). */
static int64_t next_update(const struct mc146818 *r, int64_t t)
{
	int64_t first = r->origin + FIRST_UPDATE_NS;

	return first + (floor_div(t - first, SEC_NS) + 1) * SEC_NS;
}

/* Days since 1970-01-01 of a proleptic Gregorian date, and back (the
 * usual era arithmetic); out-of-range months and days carry over. */
static int64_t days_from_civil(int64_t y, int64_t m, int64_t d)
{
	int64_t era, yoe, doy, doe;

	y += floor_div(m - 1, 12);
	m = floor_mod(m - 1, 12) + 1;
	y -= m <= 2;
	era = floor_div(y, 400);
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

struct civil {
	int64_t year;
	int month, day, hour, min, sec, wday;	/* wday 1 = Sunday */
};

static struct civil civil_from_secs(int64_t s)
{
	int64_t days = floor_div(s, 86400), tod = floor_mod(s, 86400);
	int64_t z = days + 719468, era = floor_div(z, 146097);
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	struct civil c;

	c.day = doy - (153 * mp + 2) / 5 + 1;
	c.month = mp < 10 ? mp + 3 : mp - 9;
	c.year = yoe + era * 400 + (c.month <= 2);
	c.hour = tod / 3600;
	c.min = tod / 60 % 60;
	c.sec = tod % 60;
	c.wday = floor_mod(days + 4, 7) + 1;	/* 1970-01-01: Thursday */
	return c;
}

static int64_t secs_from_civil(const struct civil *c)
{
	return days_from_civil(c->year, c->month, c->day) * 86400 +
	       (int64_t)c->hour * 3600 + c->min * 60 + c->sec;
}

static bool bcd_mode(const struct mc146818 *r)
{
	return !(r->cmos[RTC_REG_B] & B_DM_BINARY);
}

static uint8_t encode(const struct mc146818 *r, int v)
{
	return bcd_mode(r) ? (v / 10 % 10) << 4 | v % 10 : v;
}

/* Invalid BCD digits decode to out-of-range values, which the calendar
 * arithmetic carries over rather than trusting. */
static int decode(const struct mc146818 *r, uint8_t v)
{
	return bcd_mode(r) ? (v >> 4) * 10 + (v & 15) : v;
}

static uint8_t encode_hour(const struct mc146818 *r, int h)
{
	if (r->cmos[RTC_REG_B] & B_24H)
		return encode(r, h);
	return encode(r, h % 12 ? h % 12 : 12) | (h >= 12 ? 0x80 : 0);
}

static int decode_hour(const struct mc146818 *r, uint8_t v)
{
	int h;

	if (r->cmos[RTC_REG_B] & B_24H)
		return decode(r, v);
	h = decode(r, v & 0x7f);
	if (h == 12)
		h = 0;
	return (v & 0x80) ? h + 12 : h;
}

/* The time registers hold raw bytes, as on the chip: what the guest
 * wrote reads back unchanged until the next update, and a change of data
 * mode reinterprets them. Updates carry invalid values over through the
 * calendar arithmetic instead of trusting them. */
static int64_t full_year(const struct mc146818 *r)
{
	int yy = decode(r, r->cmos[RTC_YEAR]);

	/* Without a century byte, two digits mean 1970-2069 (as Linux
	 * Malta's mc146818_decode_year reads them). */
	if (r->cfg.century_reg < 0)
		return yy + (yy < 70 ? 2000 : 1900);
	return decode(r, r->cmos[r->cfg.century_reg]) * 100 + yy;
}

static int64_t regs_to_secs(const struct mc146818 *r)
{
	struct civil c = {
		.year = full_year(r),
		.month = decode(r, r->cmos[RTC_MONTH]),
		.day = decode(r, r->cmos[RTC_DAY_OF_MONTH]),
		.hour = decode_hour(r, r->cmos[RTC_HOURS]),
		.min = decode(r, r->cmos[RTC_MINUTES]),
		.sec = decode(r, r->cmos[RTC_SECONDS] & 0x7f),
	};

	return secs_from_civil(&c);
}

/* Write the time registers for `secs`; the weekday register is a
 * counter of its own that advances with the days (it is never derived
 * from the date on the chip). */
static void secs_to_regs(struct mc146818 *r, int64_t secs, int wday)
{
	struct civil c = civil_from_secs(secs);

	r->cmos[RTC_SECONDS] = encode(r, c.sec);
	r->cmos[RTC_MINUTES] = encode(r, c.min);
	r->cmos[RTC_HOURS] = encode_hour(r, c.hour);
	r->cmos[RTC_DAY_OF_WEEK] = encode(r, wday);
	r->cmos[RTC_DAY_OF_MONTH] = encode(r, c.day);
	r->cmos[RTC_MONTH] = encode(r, c.month);
	r->cmos[RTC_YEAR] = encode(r, floor_mod(c.year, 100));
	if (r->cfg.century_reg >= 0)
		r->cmos[r->cfg.century_reg] =
			encode(r, floor_mod(floor_div(c.year, 100), 100));
}

/* Guest wall time (seconds) at t, from the registers and the updates
 * since base_ns. */
static int64_t secs_at(const struct mc146818 *r, int64_t t)
{
	int64_t s = regs_to_secs(r);

	if (ticking(r))
		s += floor_div(t - r->base_ns, SEC_NS);
	return s;
}

/* Apply the updates that happened up to t to the registers. */
static void catch_up(struct mc146818 *r, int64_t t)
{
	int64_t n, old, now;
	int wday;

	if (!ticking(r))
		return;
	n = floor_div(t - r->base_ns, SEC_NS);
	if (n <= 0)
		return;
	old = regs_to_secs(r);
	now = old + n;
	wday = floor_mod(decode(r, r->cmos[RTC_DAY_OF_WEEK]) - 1 +
			 floor_div(now, 86400) - floor_div(old, 86400), 7) + 1;
	secs_to_regs(r, now, wday);
	r->base_ns += n * SEC_NS;
}

/* An alarm byte: -1 = don't care (11xxxxxx, datasheet), else the value,
 * which may be one no time has (then the alarm never fires). */
static int alarm_value(const struct mc146818 *r, int reg)
{
	uint8_t v = r->cmos[reg];

	if ((v & 0xc0) == 0xc0)
		return -1;
	return reg == RTC_HOURS_ALARM ? decode_hour(r, v) : decode(r, v);
}

static bool alarm_match(int want, int have)
{
	return want < 0 || want == have;
}

/* The first second after `after` whose time of day matches the alarm,
 * or -1 if none ever does. */
static int64_t alarm_next(const struct mc146818 *r, int64_t after)
{
	int ah = alarm_value(r, RTC_HOURS_ALARM);
	int am = alarm_value(r, RTC_MINUTES_ALARM);
	int as = alarm_value(r, RTC_SECONDS_ALARM);
	int64_t day = floor_div(after, 86400) * 86400;

	if (ah >= 24 || am >= 60 || as >= 60)
		return -1;
	for (int64_t d = day; d <= day + 86400; d += 86400) {
		for (int h = 0; h < 24; h++) {
			int64_t hb = d + h * 3600;

			if (!alarm_match(ah, h) || hb + 3599 <= after)
				continue;
			for (int m = 0; m < 60; m++) {
				int64_t mb = hb + m * 60;

				if (!alarm_match(am, m) || mb + 59 <= after)
					continue;
				for (int s = 0; s < 60; s++)
					if (alarm_match(as, s) && mb + s > after)
						return mb + s;
			}
		}
	}
	return -1;
}

/* Set the flags for every event in (checked, t]. Callers fold before
 * anything that changes the chain, the rate or the time. */
static void fold(struct mc146818 *r, int64_t t)
{
	int64_t from = r->checked, per = period_ticks(r), u;

	if (t <= from)
		return;
	r->checked = t;
	if (!running(r))
		return;
	if (per && chain_ticks(t - r->origin) / per >
		   chain_ticks(from - r->origin) / per)
		r->flags |= C_PF;
	if (!ticking(r))
		return;
	u = next_update(r, from);
	if (u > t)
		return;
	r->flags |= C_UF;
	if (!(r->flags & C_AF)) {
		int64_t m = alarm_next(r, secs_at(r, u) - 1);

		if (m >= 0 && m <= secs_at(r, t))
			r->flags |= C_AF;
	}
}

static uint8_t irqf(const struct mc146818 *r)
{
	return r->flags & r->cmos[RTC_REG_B] & (C_PF | C_AF | C_UF);
}

static void update_irq(struct mc146818 *r)
{
	bool level = irqf(r) != 0;

	if (level != r->out) {
		r->out = level;
		irq_set(&r->cfg.irq, level);
	}
}

/* Arm the timer for the next event that would raise IRQ: enabled, and
 * its flag not already up (then the line is up and stays up until
 * register C is read). */
static void arm(struct mc146818 *r, int64_t t)
{
	uint8_t b = r->cmos[RTC_REG_B], want = b & ~r->flags;
	int64_t deadline = INT64_MAX, per = period_ticks(r);

	if (running(r) && (want & B_PIE) && per) {
		int64_t n = chain_ticks(t - r->origin) / per + 1;

		deadline = chain_tick_time(r, n * per);
	}
	if (ticking(r) && (want & B_UIE)) {
		int64_t u = next_update(r, t);

		if (u < deadline)
			deadline = u;
	}
	if (ticking(r) && (want & B_AIE)) {
		int64_t s = secs_at(r, t), m = alarm_next(r, s);

		if (m >= 0) {
			int64_t u = next_update(r, t) + (m - s - 1) * SEC_NS;

			if (u < deadline)
				deadline = u;
		}
	}
	if (deadline == INT64_MAX)
		timer_del(&r->timer);
	else
		timer_mod(&r->timer, deadline < 0 ? 0 : deadline);
}

static void rtc_timer(void *opaque)
{
	struct mc146818 *r = opaque;
	int64_t t = now_ns(r);

	fold(r, t);
	update_irq(r);
	arm(r, t);
}

/* Stop or restart the time registers: while the divider is off or SET
 * is up the time stands; when it runs again, the next update comes at
 * the divider's own phase (updates are inhibited, not the chain). */
static void freeze(struct mc146818 *r, int64_t t)
{
	catch_up(r, t);
}

static void thaw(struct mc146818 *r, int64_t t)
{
	r->base_ns = next_update(r, t) - SEC_NS;
}

static void write_reg_a(struct mc146818 *r, int64_t t, uint8_t v)
{
	bool was = running(r), was_ticking = ticking(r);

	if (was_ticking)
		freeze(r, t);
	r->cmos[RTC_REG_A] = v & ~A_UIP;
	if (running(r) && !was) {
		/* Out of reset (or oscillator on): a new chain phase. */
		r->origin = t;
	}
	if (ticking(r))
		thaw(r, t);
}

static void write_reg_b(struct mc146818 *r, int64_t t, uint8_t v)
{
	bool was_ticking = ticking(r);

	if (was_ticking)
		freeze(r, t);
	/* SET going high clears UIE (DS12887, register B). */
	if (v & B_SET)
		v &= ~B_UIE;
	r->cmos[RTC_REG_B] = v;
	if (ticking(r))
		thaw(r, t);
}

static bool is_time_reg(const struct mc146818 *r, unsigned a)
{
	return a == RTC_SECONDS || a == RTC_MINUTES || a == RTC_HOURS ||
	       (a >= RTC_DAY_OF_WEEK && a <= RTC_YEAR) ||
	       (r->cfg.century_reg >= 0 && a == (unsigned)r->cfg.century_reg);
}

uint8_t mc146818_cmos_read(struct mc146818 *r, unsigned addr)
{
	int64_t t = now_ns(r);
	uint8_t v;

	addr &= 0xff;
	if (addr >= MC146818_BANK_SIZE && !r->cfg.ext_bank)
		return 0xff;
	fold(r, t);
	if (is_time_reg(r, addr)) {
		catch_up(r, t);
		v = r->cmos[addr];
	} else if (addr == RTC_REG_A) {
		v = r->cmos[addr];
		if (ticking(r) && next_update(r, t) - t <= (int64_t)UIP_NS)
			v |= A_UIP;
	} else if (addr == RTC_REG_C) {
		/* Reading C clears every flag and releases IRQ. */
		v = r->flags | (irqf(r) ? C_IRQF : 0);
		r->flags = 0;
		update_irq(r);
		arm(r, t);
	} else if (addr == RTC_REG_D) {
		v = D_VRT;	/* the battery is fine */
	} else {
		v = r->cmos[addr];
	}
	TRACE(TRACE_DEV, "%s: read cmos 0x%02x = 0x%02x", r->cfg.name, addr, v);
	return v;
}

void mc146818_cmos_write(struct mc146818 *r, unsigned addr, uint8_t v)
{
	int64_t t = now_ns(r);

	addr &= 0xff;
	TRACE(TRACE_DEV, "%s: write cmos 0x%02x = 0x%02x", r->cfg.name, addr,
	      v);
	if (addr >= MC146818_BANK_SIZE && !r->cfg.ext_bank)
		return;
	fold(r, t);
	if (is_time_reg(r, addr)) {
		catch_up(r, t);
		r->cmos[addr] = v;
	} else if (addr == RTC_REG_A)
		write_reg_a(r, t, v);
	else if (addr == RTC_REG_B)
		write_reg_b(r, t, v);
	else if (addr != RTC_REG_C && addr != RTC_REG_D)
		r->cmos[addr] = v;
	update_irq(r);
	arm(r, t);
}

uint8_t mc146818_read(struct mc146818 *r, unsigned port)
{
	unsigned bank = (port >> 1) & 1;

	if (bank && !r->cfg.ext_bank)
		return 0xff;
	if (!(port & 1))
		return r->index[bank];
	return mc146818_cmos_read(r, bank * MC146818_BANK_SIZE +
				  r->index[bank]);
}

void mc146818_write(struct mc146818 *r, unsigned port, uint8_t v)
{
	unsigned bank = (port >> 1) & 1;

	if (bank && !r->cfg.ext_bank)
		return;
	/* Bit 7 of the PC's index port masks NMI; not the clock's. */
	if (!(port & 1))
		r->index[bank] = v & 0x7f;
	else
		mc146818_cmos_write(r, bank * MC146818_BANK_SIZE +
				    r->index[bank], v);
}

void mc146818_reset(struct mc146818 *r)
{
	int64_t t = now_ns(r);

	/* RESET clears PIE, AIE, UIE, SQWE and the flags in C; the time,
	 * register A and the RAM stay (MC146818A, "RESET"). */
	fold(r, t);
	r->cmos[RTC_REG_B] &= ~(B_PIE | B_AIE | B_UIE | B_SQWE);
	r->flags = 0;
	update_irq(r);
	arm(r, t);
}

static uint64_t rtc_mmio_read(void *opaque, uint64_t off, unsigned size)
{
	struct mc146818 *r = opaque;

	return mc146818_read(r, off / r->cfg.stride);
}

static void rtc_mmio_write(void *opaque, uint64_t off, uint64_t v,
			   unsigned size)
{
	struct mc146818 *r = opaque;

	mc146818_write(r, off / r->cfg.stride, v);
}

/* Stride 1: byte ports, wider accesses split by the bus. Wider strides:
 * each register fills its window, value in the access's low byte. */
static const struct mmio_ops rtc_ops[] =
	REGSTRIDE_WINDOW_OPS("mc146818", rtc_mmio_read, rtc_mmio_write);

const struct mmio_ops *mc146818_mmio_ops(const struct mc146818 *r)
{
	return regstride_window_ops(rtc_ops, r->cfg.stride, r->cfg.endian);
}

uint64_t mc146818_mmio_size(const struct mc146818 *r)
{
	return (r->cfg.ext_bank ? 4 : 2) * (uint64_t)r->cfg.stride;
}

int mc146818_create(const struct mc146818_config *cfg, struct mc146818 **out,
		    struct err *e)
{
	const char *name = cfg->name ? cfg->name : "mc146818";
	struct mc146818 *r;
	int64_t t, secs;

	if (!cfg->clock)
		return err_set(e, "%s: needs the virtual clock", name);
	if (regstride_check(name, cfg->stride, e) < 0)
		return -1;
	if (cfg->century_reg >= 0 && (cfg->century_reg < MC146818_NVRAM_FIRST ||
				      cfg->century_reg >= MC146818_BANK_SIZE))
		return err_set(e, "%s: century register 0x%x is not in NVRAM",
			       name, cfg->century_reg);
	r = calloc(1, sizeof(*r));
	if (!r)
		return err_set(e, "%s: out of memory", name);
	r->cfg = *cfg;
	r->cfg.name = name;
	if (!r->cfg.stride)
		r->cfg.stride = 1;
	timer_init(&r->timer, r->cfg.clock, rtc_timer, r);

	/* Power-on as a PC BIOS leaves it: 32.768 kHz running, 1024 Hz
	 * periodic rate, BCD, 24-hour mode. */
	r->cmos[RTC_REG_A] = A_DV_RUN | 0x06;
	r->cmos[RTC_REG_B] = B_24H;
	t = now_ns(r);
	if (cfg->epoch) {
		secs = cfg->epoch;
		r->base_ns = 0;
	} else {
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		secs = ts.tv_sec;
		r->base_ns = t - ts.tv_nsec;
	}
	secs_to_regs(r, secs, civil_from_secs(secs).wday);
	/* Updates fall on the wall clock's second boundaries. */
	r->origin = r->base_ns - FIRST_UPDATE_NS;
	r->checked = t;
	*out = r;
	return 0;
}

void mc146818_destroy(struct mc146818 *r)
{
	if (!r)
		return;
	timer_del(&r->timer);
	free(r);
}
