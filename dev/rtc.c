// SPDX-License-Identifier: GPL-2.0-only
/*
 * MC146818 real-time clock (Motorola MC146818 Real-Time Clock plus RAM
 * datasheet, "MC146818" below), timed in ticks of its 32.768 kHz time
 * base. The update cycle runs once a second; each one moves the time
 * registers on by the seconds that passed (any number, computed, not
 * stepped), sets UF, and sets AF if the alarm matched at any of them.
 */
#include <string.h>

#include "dev/rtc.h"

enum {
	SEC,
	SEC_ALARM,
	MIN,
	MIN_ALARM,
	HOUR,
	HOUR_ALARM,
	WDAY,
	DAY,
	MON,
	YEAR,
	REG_A,
	REG_B,
	REG_C,
	REG_D
};

#define A_UIP  0x80
#define B_SET  0x80
#define B_PIE  0x40
#define B_AIE  0x20
#define B_UIE  0x10
#define B_DM   0x04 /* binary, not BCD */
#define B_24H  0x02
#define C_IRQF 0x80
#define C_PF   0x40
#define C_AF   0x20
#define C_UF   0x10
#define D_VRT  0x80

#define SECOND	     RTC_HZ
#define UIP_TICKS    8u /* 244 us: "t_BUC", UIP before the update */
#define DAY_SECS     86400u
#define CENTURY_DAYS 36525u /* 2000-2099; every 4th year is leap */

static uint64_t ticks(uint64_t now)
{
	return dev_ns_to_ticks(now, RTC_HZ);
}

/* Divider bits 6-4 of register A: 010 runs the 32.768 kHz chain. */
static bool running(const struct rtc *r)
{
	return ((r->ram[REG_A] >> 4) & 7u) == 2;
}

/* MC146818 "Periodic interrupt rate" table (32.768 kHz time base). */
static uint64_t period(const struct rtc *r)
{
	unsigned int rs = r->ram[REG_A] & 15u;

	if (!rs)
		return 0;
	return rs <= 2 ? 1u << (rs + 6) : 1u << (rs - 1);
}

static unsigned int dec(const struct rtc *r, uint8_t v)
{
	return (r->ram[REG_B] & B_DM) ? v : dev_bcd2bin(v);
}

static uint8_t enc(const struct rtc *r, unsigned int v)
{
	return (r->ram[REG_B] & B_DM) ? (uint8_t)v : dev_bin2bcd(v);
}

/* Hours 0-23 from the register: 12-hour mode keeps PM in bit 7. */
static unsigned int hour_dec(const struct rtc *r, uint8_t v)
{
	unsigned int h;

	if (r->ram[REG_B] & B_24H)
		return dec(r, v);
	h = dec(r, v & 0x7f) % 12u;
	return (v & 0x80) ? h + 12u : h;
}

static uint8_t hour_enc(const struct rtc *r, unsigned int h)
{
	unsigned int h12 = h % 12u ? h % 12u : 12u;

	if (r->ram[REG_B] & B_24H)
		return enc(r, h);
	return (uint8_t)(enc(r, h12) | (h >= 12 ? 0x80 : 0));
}

static unsigned int month_days(unsigned int y, unsigned int m)
{
	static const uint8_t days[12] = { 31, 28, 31, 30, 31, 30,
					  31, 31, 30, 31, 30, 31 };

	return days[m - 1] + (m == 2 && y % 4 == 0);
}

static unsigned int days_before(unsigned int y, unsigned int m)
{
	unsigned int d = y * 365u + (y + 3u) / 4u, i;

	for (i = 1; i < m; i++)
		d += month_days(y, i);
	return d;
}

static unsigned int clamp(unsigned int v, unsigned int lo, unsigned int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* Seconds since 2000-01-01 00:00:00 from the registers. Values out of
 * range ("undefined" in MC146818) are clamped into range. */
static uint64_t regs_to_secs(const struct rtc *r)
{
	unsigned int y = clamp(dec(r, r->ram[YEAR]), 0, 99);
	unsigned int m = clamp(dec(r, r->ram[MON]), 1, 12);
	unsigned int d = clamp(dec(r, r->ram[DAY]), 1, month_days(y, m));
	unsigned int h = clamp(hour_dec(r, r->ram[HOUR]), 0, 23);
	unsigned int mi = clamp(dec(r, r->ram[MIN]), 0, 59);
	unsigned int s = clamp(dec(r, r->ram[SEC]), 0, 59);

	return (uint64_t)(days_before(y, m) + d - 1) * DAY_SECS + h * 3600u +
	       mi * 60u + s;
}

static void secs_to_regs(struct rtc *r, uint64_t t)
{
	unsigned int days = (unsigned int)(t / DAY_SECS);
	unsigned int sod = (unsigned int)(t % DAY_SECS), y, m;

	y = days / 365u;
	while (y && days_before(y, 1) > days)
		y--;
	days -= days_before(y, 1);
	for (m = 1; m < 12 && days >= month_days(y, m); m++)
		days -= month_days(y, m);
	r->ram[YEAR] = enc(r, y);
	r->ram[MON] = enc(r, m);
	r->ram[DAY] = enc(r, days + 1);
	r->ram[HOUR] = hour_enc(r, sod / 3600u);
	r->ram[MIN] = enc(r, sod / 60u % 60u);
	r->ram[SEC] = enc(r, sod % 60u);
}

/* MC146818 "Alarm": each alarm byte matches its time byte, or anything
 * when its two high bits are set. */
static bool alarm_match(const struct rtc *r, unsigned int sod)
{
	uint8_t t[3] = { enc(r, sod % 60u), enc(r, sod / 60u % 60u),
			 hour_enc(r, sod / 3600u) };
	uint8_t a[3] = { r->ram[SEC_ALARM], r->ram[MIN_ALARM],
			 r->ram[HOUR_ALARM] };
	unsigned int i;

	for (i = 0; i < 3; i++)
		if ((a[i] & 0xc0) != 0xc0 && a[i] != t[i])
			return false;
	return true;
}

/* n update cycles at once. */
static void update_cycles(struct rtc *r, uint64_t n)
{
	uint64_t t = regs_to_secs(r), k, first, total;
	unsigned int wday = r->ram[WDAY];

	/* every second of a day is a candidate only once per day */
	first = n > DAY_SECS ? n - DAY_SECS + 1 : 1;
	for (k = first; k <= n; k++)
		if (alarm_match(r, (unsigned int)((t + k) % DAY_SECS))) {
			r->ram[REG_C] |= C_AF;
			break;
		}
	total = t + n;
	/* The day of week counts on by itself, 1-7, from what was set. */
	if (wday >= 1 && wday <= 7)
		r->ram[WDAY] = (uint8_t)((wday - 1u +
					  (total / DAY_SECS - t / DAY_SECS) %
						  7u) %
						 7u +
					 1u);
	secs_to_regs(r, total % ((uint64_t)CENTURY_DAYS * DAY_SECS));
	r->ram[REG_C] |= C_UF;
}

static bool irqf(const struct rtc *r)
{
	uint8_t b = r->ram[REG_B], c = r->ram[REG_C];

	return ((b & B_PIE) && (c & C_PF)) || ((b & B_AIE) && (c & C_AF)) ||
	       ((b & B_UIE) && (c & C_UF));
}

static void irq_update(struct rtc *r)
{
	bool level = irqf(r);

	if (level != r->irq_level) {
		r->irq_level = level;
		irq_line_set(&r->irq, RTC_IRQ, level);
	}
}

static void sync(struct rtc *r, uint64_t t)
{
	uint64_t p = period(r), n;

	if (t < r->last)
		t = r->last; /* time never runs backwards here */
	if (running(r)) {
		if (p && (t - r->pf_origin) / p > (r->last - r->pf_origin) / p)
			r->ram[REG_C] |= C_PF;
		if (t >= r->next_update) {
			n = (t - r->next_update) / SECOND + 1;
			r->next_update += n * SECOND;
			/* MC146818 "SET": no update cycle while set */
			if (!(r->ram[REG_B] & B_SET))
				update_cycles(r, n);
		}
	}
	r->last = t;
	irq_update(r);
}

static void write_a(struct rtc *r, uint8_t val, uint64_t t)
{
	bool was = running(r);

	r->ram[REG_A] = val & 0x7f; /* UIP is read only */
	if (running(r) && !was) {
		/* MC146818 "Divider": the first update cycle comes
		 * 500 ms after the divider chain leaves reset. */
		r->next_update = t + SECOND / 2;
		r->pf_origin = t;
	} else if (!running(r)) {
		r->next_update = DEV_NEVER;
	}
}

static void write_b(struct rtc *r, uint8_t val)
{
	/* MC146818 "SET": setting it clears UIE. */
	if (val & B_SET)
		val &= (uint8_t)~B_UIE;
	r->ram[REG_B] = val;
}

uint8_t rtc_read(struct rtc *r, uint16_t port, uint64_t now)
{
	uint64_t t = ticks(now);
	uint8_t v;

	if (port != RTC_PORT_DATA)
		return 0xff; /* the index port is write only */
	sync(r, t);
	switch (r->index) {
	case REG_A:
		v = r->ram[REG_A];
		if (running(r) && !(r->ram[REG_B] & B_SET) &&
		    r->next_update - r->last <= UIP_TICKS)
			v |= A_UIP;
		return v;
	case REG_C:
		v = (uint8_t)(r->ram[REG_C] | (irqf(r) ? C_IRQF : 0));
		r->ram[REG_C] = 0; /* read clears all flags */
		irq_update(r);
		return v;
	case REG_D:
		return D_VRT; /* valid RAM and time */
	default:
		return r->ram[r->index];
	}
}

void rtc_write(struct rtc *r, uint16_t port, uint8_t val, uint64_t now)
{
	uint64_t t = ticks(now);

	if (port == RTC_PORT_INDEX) {
		r->index = val & 0x7f;
		r->nmi_disabled = val & 0x80;
		return;
	}
	if (port != RTC_PORT_DATA)
		return;
	sync(r, t);
	switch (r->index) {
	case REG_A:
		write_a(r, val, r->last);
		break;
	case REG_B:
		write_b(r, val);
		break;
	case REG_C:
	case REG_D:
		break; /* read only */
	default:
		r->ram[r->index] = val;
		break;
	}
	irq_update(r);
}

void rtc_advance(struct rtc *r, uint64_t now)
{
	sync(r, ticks(now));
}

uint64_t rtc_next_event(struct rtc *r, uint64_t now)
{
	uint64_t t, p, best = DEV_NEVER, pf;
	uint8_t b = r->ram[REG_B];

	sync(r, ticks(now));
	if (r->irq_level || !running(r))
		return DEV_NEVER;
	t = r->last;
	p = period(r);
	if ((b & B_PIE) && p) {
		pf = r->pf_origin + ((t - r->pf_origin) / p + 1) * p;
		best = pf;
	}
	if ((b & (B_UIE | B_AIE)) && !(b & B_SET) && r->next_update < best)
		best = r->next_update;
	return dev_ticks_to_ns(best, RTC_HZ);
}

/* The state a PC BIOS leaves: 32.768 kHz divider, 1024 Hz periodic rate
 * selected but disabled, 24-hour BCD; CMOS byte 0x32 holds the BCD
 * century as PC firmware stores it. */
void rtc_init(struct rtc *r, const struct rtc_time *tm,
	      const struct irq_line *irq, uint64_t now)
{
	uint64_t t = ticks(now);

	memset(r, 0, sizeof(*r));
	if (irq)
		r->irq = *irq;
	r->ram[REG_A] = 0x26;
	r->ram[REG_B] = B_24H;
	r->ram[REG_D] = D_VRT;
	r->ram[0x32] = 0x20;
	r->ram[WDAY] = 1;
	r->ram[MON] = 1;
	r->ram[DAY] = 1;
	if (tm) {
		r->ram[YEAR] = dev_bin2bcd(clamp(tm->year, 2000, 2099) - 2000u);
		r->ram[MON] = dev_bin2bcd(clamp(tm->mon, 1, 12));
		r->ram[DAY] = dev_bin2bcd(clamp(tm->day, 1, 31));
		r->ram[HOUR] = dev_bin2bcd(clamp(tm->hour, 0, 23));
		r->ram[MIN] = dev_bin2bcd(clamp(tm->min, 0, 59));
		r->ram[SEC] = dev_bin2bcd(clamp(tm->sec, 0, 59));
		r->ram[WDAY] = dev_bin2bcd(clamp(tm->wday, 1, 7));
	}
	r->last = t;
	r->pf_origin = t;
	r->next_update = t + SECOND;
}
