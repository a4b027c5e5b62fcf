/* Dallas DS1386/DS1286 timekeeper. Facts from the Dallas DS1286 and
 * DS1386 data sheets (register map, BCD formats, command register: TE = 1
 * lets the user registers follow the clock, TE = 0 freezes them for a
 * consistent read or a multi-register write that takes effect when TE is
 * set again; EOSC in the month register stops the oscillator; watchdog
 * counts down from the value written to 0x0c/0x0d) and from Linux's
 * rtc-ds1286.c (how an IP22 kernel reads and sets it: 1940-based year,
 * hours masked with 0x3f, month with 0x1f).
 *
 * Time is kept as Unix nanoseconds: `base_unix` at virtual time
 * `base_v`. Registers are computed from it on read; writes rebuild it. */
#include "ds1386.h"

#include <stdlib.h>
#include <string.h>

#include "vmm/dev/regstride.h"
#include "vmm/log.h"

#define NS_PER_HSEC 10000000ll

struct ds1386 {
	struct ds1386_config cfg;
	uint8_t *ram;			/* whole part; 0x00-0x0d unused */
	/* clock */
	int64_t base_unix;		/* Unix ns at base_v */
	uint64_t base_v;
	bool stopped;			/* EOSC */
	bool h12;			/* 12-hour mode selected by the guest */
	int dow_adjust;			/* guest-written day of week - real */
	/* registers that are plain storage */
	uint8_t cmd, min_alarm, hour_alarm, day_alarm, month_flags;
	uint8_t wd_hsec, wd_sec;
	/* TE = 0: the frozen user copy, and whether the guest wrote it */
	uint8_t frozen[11];
	bool frozen_dirty;
	struct timer watchdog;
	bool inta, intb;
};

static uint8_t bcd(unsigned v)
{
	return (uint8_t)((v / 10 % 10) << 4 | v % 10);
}

static unsigned from_bcd(uint8_t v)
{
	/* Digits above 9 are taken at face value, as the counter chain
	 * would count them. */
	return (v >> 4) * 10 + (v & 15);
}

int64_t ds1386_unix_ns(struct ds1386 *d)
{
	if (d->stopped)
		return d->base_unix;
	return d->base_unix + (int64_t)(vclock_now(d->cfg.clock) - d->base_v);
}

static void set_unix_ns(struct ds1386 *d, int64_t t)
{
	d->base_unix = t;
	d->base_v = vclock_now(d->cfg.clock);
}

static void split(int64_t ns, struct tm *tm, unsigned *hsec)
{
	int64_t s = ns / 1000000000ll, r = ns % 1000000000ll;
	time_t tt;

	if (r < 0) {
		r += 1000000000ll;
		s--;
	}
	tt = (time_t)s;
	gmtime_r(&tt, tm);
	if (hsec)
		*hsec = (unsigned)(r / NS_PER_HSEC);
}

void ds1386_get_time(struct ds1386 *d, struct tm *out)
{
	split(ds1386_unix_ns(d), out, NULL);
}

static unsigned year_reg(const struct ds1386 *d, int year)
{
	int y = (year - d->cfg.year_base) % 100;

	return (unsigned)(y < 0 ? y + 100 : y);
}

/* The 11 time registers as the counter chain shows them now. */
static void current_regs(struct ds1386 *d, uint8_t r[11])
{
	struct tm tm;
	unsigned hsec, hour;

	split(ds1386_unix_ns(d), &tm, &hsec);
	r[DS1386_HSEC] = bcd(hsec);
	r[DS1386_SEC] = bcd(tm.tm_sec);
	r[DS1386_MIN] = bcd(tm.tm_min);
	r[DS1386_MIN_ALARM] = d->min_alarm;
	hour = tm.tm_hour;
	if (d->h12)
		r[DS1386_HOUR] = DS1386_HOUR_12 |
				 (hour >= 12 ? DS1386_HOUR_PM : 0) |
				 bcd(hour % 12 ? hour % 12 : 12);
	else
		r[DS1386_HOUR] = bcd(hour);
	r[DS1386_HOUR_ALARM] = d->hour_alarm;
	r[DS1386_DAY] = bcd((tm.tm_wday + d->dow_adjust) % 7 + 1);
	r[DS1386_DAY_ALARM] = d->day_alarm;
	r[DS1386_DATE] = bcd(tm.tm_mday);
	r[DS1386_MONTH] = d->month_flags | bcd(tm.tm_mon + 1);
	r[DS1386_YEAR] = bcd(year_reg(d, tm.tm_year + 1900));
}

/* Set the clock from register values (a guest write). */
static void apply_regs(struct ds1386 *d, const uint8_t r[11])
{
	struct tm tm = { 0 };
	unsigned hour, wday_written;
	int year;
	time_t t;

	d->h12 = r[DS1386_HOUR] & DS1386_HOUR_12;
	if (d->h12) {
		hour = from_bcd(r[DS1386_HOUR] & 0x1f) % 12;
		if (r[DS1386_HOUR] & DS1386_HOUR_PM)
			hour += 12;
	} else {
		hour = from_bcd(r[DS1386_HOUR] & 0x3f);
	}
	year = d->cfg.year_base + (int)from_bcd(r[DS1386_YEAR]);
	if (year < 1970)
		year += 100;
	tm.tm_sec = from_bcd(r[DS1386_SEC] & 0x7f);
	tm.tm_min = from_bcd(r[DS1386_MIN] & 0x7f);
	tm.tm_hour = hour;
	tm.tm_mday = from_bcd(r[DS1386_DATE] & 0x3f);
	tm.tm_mon = (int)from_bcd(r[DS1386_MONTH] & 0x1f) - 1;
	tm.tm_year = year - 1900;
	/* timegm normalises out-of-range fields (date 0, month 13) as the
	 * counters would roll them over on the next carry. */
	t = timegm(&tm);
	set_unix_ns(d, (int64_t)t * 1000000000ll +
		       (int64_t)(from_bcd(r[DS1386_HSEC]) % 100) * NS_PER_HSEC);
	wday_written = from_bcd(r[DS1386_DAY] & 7);
	if (wday_written >= 1 && wday_written <= 7)
		d->dow_adjust = ((int)wday_written - 1 - tm.tm_wday + 7) % 7;
}

static void alarm_outputs(struct ds1386 *d)
{
	bool wd = (d->cmd & DS1386_CMD_WAF) && !(d->cmd & DS1386_CMD_WAM);
	bool tod = (d->cmd & DS1386_CMD_TDF) && !(d->cmd & DS1386_CMD_TDM);
	/* IPSW = 1: INTA is the time-of-day alarm, INTB the watchdog. */
	bool a = (d->cmd & DS1386_CMD_IPSW) ? tod : wd;
	bool b = (d->cmd & DS1386_CMD_IPSW) ? wd : tod;

	if (a != d->inta) {
		d->inta = a;
		irq_set(&d->cfg.inta, a);
	}
	if (b != d->intb) {
		d->intb = b;
		irq_set(&d->cfg.intb, b);
	}
}

static void watchdog_fire(void *opaque)
{
	struct ds1386 *d = opaque;

	d->cmd |= DS1386_CMD_WAF;
	alarm_outputs(d);
}

static void watchdog_arm(struct ds1386 *d)
{
	uint64_t hsec = from_bcd(d->wd_hsec) + 100ull * from_bcd(d->wd_sec);

	/* Writing either register restarts the countdown; 0 disables it. */
	if (hsec)
		timer_mod(&d->watchdog, vclock_now(d->cfg.clock) +
					hsec * NS_PER_HSEC);
	else
		timer_del(&d->watchdog);
}

static uint8_t time_reg_read(struct ds1386 *d, unsigned addr)
{
	uint8_t r[11];

	if (!(d->cmd & DS1386_CMD_TE))
		return d->frozen[addr];
	current_regs(d, r);
	return r[addr];
}

static void time_reg_write(struct ds1386 *d, unsigned addr, uint8_t v)
{
	uint8_t r[11];

	switch (addr) {
	case DS1386_MIN_ALARM:
		d->min_alarm = v;
		break;
	case DS1386_HOUR_ALARM:
		d->hour_alarm = v;
		break;
	case DS1386_DAY_ALARM:
		d->day_alarm = v & 0x87;
		break;
	}
	if (addr == DS1386_MONTH) {
		bool stop = v & DS1386_MONTH_EOSC;

		if (stop && !d->stopped) {
			d->base_unix = ds1386_unix_ns(d);
			d->stopped = true;
		} else if (!stop && d->stopped) {
			d->stopped = false;
			d->base_v = vclock_now(d->cfg.clock);
		}
		d->month_flags = v & 0xc0;
	}
	if (!(d->cmd & DS1386_CMD_TE)) {
		d->frozen[addr] = v;
		d->frozen_dirty = true;
		return;
	}
	current_regs(d, r);
	r[addr] = v;
	apply_regs(d, r);
}

static void cmd_write(struct ds1386 *d, uint8_t v)
{
	uint8_t old = d->cmd;

	/* WAF and TDF are set by the alarms and cleared by touching the
	 * alarm registers, not by writes here. */
	d->cmd = (v & 0xfc) | (old & 0x03);
	if ((old & DS1386_CMD_TE) && !(v & DS1386_CMD_TE)) {
		current_regs(d, d->frozen);
		d->frozen_dirty = false;
	} else if (!(old & DS1386_CMD_TE) && (v & DS1386_CMD_TE) &&
		   d->frozen_dirty) {
		apply_regs(d, d->frozen);
		d->frozen_dirty = false;
	}
	if ((old & DS1386_CMD_TDM) && !(v & DS1386_CMD_TDM))
		LOG_RATELIMITED("%s: unimplemented: time-of-day alarm",
				d->cfg.name);
	alarm_outputs(d);
}

uint8_t ds1386_read(struct ds1386 *d, unsigned addr)
{
	uint8_t v;

	if (addr >= d->cfg.size)
		return 0;
	if (addr <= DS1386_YEAR) {
		v = time_reg_read(d, addr);
		/* Reading the alarm registers clears the alarm flag (data
		 * sheet: TDF is reset by reading or writing them). */
		if (addr == DS1386_MIN_ALARM || addr == DS1386_HOUR_ALARM ||
		    addr == DS1386_DAY_ALARM) {
			d->cmd &= ~DS1386_CMD_TDF;
			alarm_outputs(d);
		}
		return v;
	}
	switch (addr) {
	case DS1386_CMD:
		return d->cmd;
	case DS1386_WD_HSEC:
	case DS1386_WD_SEC:
		/* Reading the watchdog registers clears WAF. */
		d->cmd &= ~DS1386_CMD_WAF;
		alarm_outputs(d);
		return addr == DS1386_WD_HSEC ? d->wd_hsec : d->wd_sec;
	}
	return d->ram[addr];
}

void ds1386_write(struct ds1386 *d, unsigned addr, uint8_t v)
{
	if (addr >= d->cfg.size)
		return;
	TRACE(TRACE_DEV, "%s: [0x%x] <- 0x%02x", d->cfg.name, addr, v);
	if (addr <= DS1386_YEAR) {
		time_reg_write(d, addr, v);
		return;
	}
	switch (addr) {
	case DS1386_CMD:
		cmd_write(d, v);
		break;
	case DS1386_WD_HSEC:
	case DS1386_WD_SEC:
		if (addr == DS1386_WD_HSEC)
			d->wd_hsec = v;
		else
			d->wd_sec = v;
		d->cmd &= ~DS1386_CMD_WAF;
		alarm_outputs(d);
		watchdog_arm(d);
		return;
	default:
		if (d->ram[addr] == v)
			return;
		d->ram[addr] = v;
		break;
	}
	if (d->cfg.ram_changed)
		d->cfg.ram_changed(d->cfg.opaque);
}

size_t ds1386_size(const struct ds1386 *d)
{
	return d->cfg.size;
}

uint8_t ds1386_ram_read(const struct ds1386 *d, size_t addr)
{
	return addr >= DS1386_RAM && addr < d->cfg.size ? d->ram[addr] : 0;
}

void ds1386_ram_write(struct ds1386 *d, size_t addr, uint8_t v)
{
	if (addr >= DS1386_RAM && addr < d->cfg.size)
		d->ram[addr] = v;
}

void ds1386_ram_load(struct ds1386 *d, const uint8_t *img, size_t len)
{
	for (size_t a = DS1386_RAM; a < d->cfg.size && a < len; a++)
		d->ram[a] = img[a];
}

void ds1386_ram_save(const struct ds1386 *d, uint8_t *img, size_t len)
{
	memset(img, 0, len);
	for (size_t a = DS1386_RAM; a < d->cfg.size && a < len; a++)
		img[a] = d->ram[a];
}

void ds1386_reset(struct ds1386 *d)
{
	/* The part runs from its battery: time, RAM and the command
	 * register survive; the watchdog is not re-armed by a reset. */
	timer_del(&d->watchdog);
	d->cmd &= ~(DS1386_CMD_WAF | DS1386_CMD_TDF);
	alarm_outputs(d);
}

static uint64_t ds1386_mmio_read(void *opaque, uint64_t off, unsigned size)
{
	struct ds1386 *d = opaque;
	int a = regstride_lane_reg(off, size, d->cfg.stride, d->cfg.size);

	return a < 0 ? 0 : ds1386_read(d, a);
}

static void ds1386_mmio_write(void *opaque, uint64_t off, uint64_t v,
			      unsigned size)
{
	struct ds1386 *d = opaque;
	int a = regstride_lane_reg(off, size, d->cfg.stride, d->cfg.size);

	if (a >= 0)
		ds1386_write(d, a, v & 0xff);
}

/* One register per `stride` bytes, on the last byte lane. */
static const struct mmio_ops ds1386_ops[] =
	REGSTRIDE_LANE_OPS("ds1386", ds1386_mmio_read, ds1386_mmio_write);

const struct mmio_ops *ds1386_mmio_ops(const struct ds1386 *d)
{
	return regstride_lane_ops(ds1386_ops, d->cfg.endian);
}

uint64_t ds1386_mmio_size(const struct ds1386 *d)
{
	return (uint64_t)d->cfg.size * d->cfg.stride;
}

int ds1386_create(const struct ds1386_config *cfg, struct ds1386 **out,
		  struct err *e)
{
	struct ds1386 *d;
	struct timespec ts;

	if (cfg->size < 64 || cfg->size > 32768)
		return err_set(e, "ds1386: part size %zu is not 64 to 32768 "
			       "bytes", cfg->size);
	d = calloc(1, sizeof(*d));
	if (!d || !(d->ram = calloc(1, cfg->size))) {
		free(d);
		return err_set(e, "ds1386: out of memory");
	}
	d->cfg = *cfg;
	if (!d->cfg.name)
		d->cfg.name = "ds1386";
	if (!d->cfg.stride)
		d->cfg.stride = 1;
	timer_init(&d->watchdog, cfg->clock, watchdog_fire, d);
	if (!cfg->start_unix_ns) {
		clock_gettime(CLOCK_REALTIME, &ts);
		set_unix_ns(d, (int64_t)ts.tv_sec * 1000000000ll + ts.tv_nsec);
	} else {
		set_unix_ns(d, cfg->start_unix_ns);
	}
	/* A fresh part as the factory left it running: transfers on, both
	 * alarms masked. */
	d->cmd = DS1386_CMD_TE | DS1386_CMD_WAM | DS1386_CMD_TDM;
	*out = d;
	return 0;
}

void ds1386_destroy(struct ds1386 *d)
{
	if (!d)
		return;
	timer_del(&d->watchdog);
	free(d->ram);
	free(d);
}
