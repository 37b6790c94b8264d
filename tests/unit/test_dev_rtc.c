// SPDX-License-Identifier: GPL-2.0-only
/*
 * dev/rtc.c against the MC146818 datasheet: the index port and its NMI
 * bit, time registers in BCD and binary, 12/24-hour mode, carries into
 * day/month/year and leap years, status registers A-D, UIP before the
 * update, SET, the divider reset, update/periodic/alarm flags and IRQ8,
 * NVRAM, and arbitrary writes.
 */
#include "dev/rtc.h"
#include "tests/lib/tap.h"

#define SEC_NS 1000000000ull
#define MS     1000000ull

static struct rtc r;
static bool irq8;
static int irq8_rises;

static void irq_set(void *ctx, unsigned int irq, bool level)
{
	(void)ctx;
	if (irq != RTC_IRQ)
		return;
	if (level && !irq8)
		irq8_rises++;
	irq8 = level;
}

static uint8_t get(unsigned int idx, uint64_t now)
{
	rtc_write(&r, 0x70, (uint8_t)idx, now);
	return rtc_read(&r, 0x71, now);
}

static void set(unsigned int idx, uint8_t v, uint64_t now)
{
	rtc_write(&r, 0x70, (uint8_t)idx, now);
	rtc_write(&r, 0x71, v, now);
}

static void setup(void)
{
	/* Tuesday 2026-12-01 10:12:02 */
	struct rtc_time tm = { 2026, 12, 1, 10, 12, 2, 3 };
	struct irq_line l = { .set = irq_set };

	irq8 = false;
	irq8_rises = 0;
	rtc_init(&r, &tm, &l, 0);
}

/* Set a BCD 24h time with SET held, as Linux's mc146818_set_time. */
static void set_time(uint8_t yy, uint8_t mo, uint8_t dd, uint8_t hh, uint8_t mm,
		     uint8_t ss, uint64_t now)
{
	uint8_t b = get(11, now);

	set(11, b | 0x80, now);
	set(9, yy, now);
	set(8, mo, now);
	set(7, dd, now);
	set(4, hh, now);
	set(2, mm, now);
	set(0, ss, now);
	set(11, b & 0x7f, now);
}

static void test_time(void)
{
	uint64_t t;

	setup();
	tap_eq(get(0, 0), 0x02, "BCD seconds");
	tap_eq(get(2, 0), 0x12, "BCD minutes");
	tap_eq(get(4, 0), 0x10, "BCD hours (24h)");
	tap_eq(get(6, 0), 3, "day of week");
	tap_eq(get(7, 0), 0x01, "date");
	tap_eq(get(8, 0), 0x12, "month");
	tap_eq(get(9, 0), 0x26, "year");
	tap_eq(get(10, 0), 0x26, "A: divider 010, rate 0110");
	tap_eq(get(11, 0), 0x02, "B: 24h, BCD");
	tap_eq(get(13, 0), 0x80, "D: VRT");
	tap_eq(get(10, SEC_NS - 300000) & 0x80, 0, "no UIP 300 us before");
	tap_eq(get(10, SEC_NS - 200000) & 0x80, 0x80, "UIP 200 us before");
	tap_eq(get(0, SEC_NS - 1), 0x02, "no update before one second");
	tap_eq(get(0, SEC_NS), 0x03, "update cycle after one second");
	tap_eq(get(10, SEC_NS) & 0x80, 0, "UIP clear after the update");
	tap_eq(get(2, 61 * SEC_NS), 0x13, "a minute later");
	t = 61 * SEC_NS + 3600 * SEC_NS;
	tap_eq(get(4, t), 0x11, "an hour at once");
	tap_eq(get(2, t), 0x13, "minutes unchanged by the hour");

	/* Carries: New Year, leap day, not-leap February. */
	set_time(0x23, 0x12, 0x31, 0x23, 0x59, 0x59, t);
	t += SEC_NS;
	tap_check(get(9, t) == 0x24 && get(8, t) == 0x01 && get(7, t) == 0x01 &&
			  get(4, t) == 0 && get(0, t) == 0,
		  "2023-12-31 23:59:59 + 1 s = 2024-01-01 00:00:00");
	tap_eq(get(6, t), 4, "day of week counts on (3 -> 4)");
	set_time(0x24, 0x02, 0x28, 0x23, 0x59, 0x59, t);
	t += SEC_NS;
	tap_eq(get(7, t), 0x29, "2024 is leap: February 29");
	set_time(0x23, 0x02, 0x28, 0x23, 0x59, 0x59, t);
	t += SEC_NS;
	tap_check(get(8, t) == 0x03 && get(7, t) == 0x01, "2023: March 1");
	set_time(0x99, 0x12, 0x31, 0x23, 0x59, 0x59, t);
	t += SEC_NS;
	tap_eq(get(9, t), 0x00, "year 99 wraps to 00");
	set(6, 7, t);
	set_time(0x25, 0x01, 0x01, 0x23, 0x59, 0x59, t);
	t += SEC_NS;
	tap_eq(get(6, t), 1, "day of week 7 -> 1");

	/* Binary mode. */
	set(11, 0x06, t);
	set_time(30, 6, 15, 13, 45, 58, t);
	t += SEC_NS;
	tap_eq(get(0, t), 59, "binary seconds");
	tap_eq(get(4, t), 13, "binary hours");

	/* 12-hour BCD: 11:59:59 PM -> 12 AM next day; AM -> 12 PM. */
	set(11, 0x00, t);
	set_time(0x25, 0x03, 0x10, 0x91, 0x59, 0x59, t);
	t += SEC_NS;
	tap_eq(get(4, t), 0x12, "12h: 11 PM + 1 h -> 12 AM");
	tap_eq(get(7, t), 0x11, "12h: next day");
	set_time(0x25, 0x03, 0x10, 0x11, 0x59, 0x59, t);
	t += SEC_NS;
	tap_eq(get(4, t), 0x92, "12h: 11 AM + 1 h -> 12 PM");
}

static void test_flags(void)
{
	uint64_t t, ev;

	setup();
	tap_eq(get(12, 0), 0x00, "C: clear at start");
	tap_eq(get(12, SEC_NS), 0x50,
	       "C: UF after an update, PF at any rate, no IRQF");
	tap_eq(get(12, SEC_NS), 0x00, "C: cleared by the read");
	set(11, 0x12, SEC_NS); /* UIE */
	tap_eq(rtc_next_event(&r, SEC_NS), 2 * SEC_NS, "next event: update");
	rtc_advance(&r, 2 * SEC_NS);
	tap_check(irq8, "UIE: IRQ8 high after the update");
	tap_eq(rtc_next_event(&r, 2 * SEC_NS), DEV_NEVER,
	       "no next event while IRQ8 is high");
	tap_eq(get(12, 2 * SEC_NS), 0xd0, "C: IRQF|PF|UF");
	tap_check(!irq8, "reading C lowers IRQ8");

	/* SET stops updates and clears UIE. */
	set(11, 0x92, 2 * SEC_NS);
	tap_eq(get(11, 2 * SEC_NS), 0x82, "SET clears UIE");
	tap_eq(get(0, 2 * SEC_NS), 0x04, "seconds before SET");
	tap_eq(get(0, 5 * SEC_NS), 0x04, "no updates while SET");
	tap_eq(get(12, 5 * SEC_NS) & 0x10, 0, "no UF while SET");
	tap_eq(get(10, 5 * SEC_NS - 100000) & 0x80, 0, "no UIP while SET");
	set(11, 0x02, 5 * SEC_NS);
	tap_eq(get(0, 6 * SEC_NS), 0x05, "updates resume");

	/* Periodic: RS=6 is 1024 Hz (976.5625 us). */
	get(12, 6 * SEC_NS);
	set(11, 0x42, 6 * SEC_NS); /* PIE */
	ev = rtc_next_event(&r, 6 * SEC_NS);
	tap_eq(ev, 6 * SEC_NS + 976563, "periodic: next at 1/1024 s");
	rtc_advance(&r, ev - 1);
	tap_check(!irq8, "periodic: not before");
	rtc_advance(&r, ev);
	tap_check(irq8, "periodic: IRQ8");
	tap_eq(get(12, ev), 0xc0, "C: IRQF|PF");
	set(10, 0x2f, ev); /* RS=15: 500 ms */
	get(12, ev);
	ev = rtc_next_event(&r, ev);
	tap_eq(ev, 6 * SEC_NS + 500 * MS, "RS=15: 2 Hz, aligned to the chain");
	set(10, 0x20, ev); /* RS=0: none */
	get(12, ev);
	tap_eq(rtc_next_event(&r, ev), DEV_NEVER, "RS=0: no periodic");
	rtc_advance(&r, ev + 200 * MS);
	tap_eq(get(12, ev + 200 * MS) & 0x40, 0, "RS=0: no PF");

	/* SET held updates for 3 s: at T s the time is 10:12:(T-1). */
	t = 6 * SEC_NS + 500 * MS;
	tap_eq(get(0, t), 0x05, "time before the alarm");
	set(11, 0x22, t); /* AIE */
	set(1, 0x20, t);  /* alarm 10:12:20 */
	set(3, 0x12, t);
	set(5, 0x10, t);
	get(12, t);
	rtc_advance(&r, 21 * SEC_NS - 1);
	tap_check(!irq8, "alarm: not yet");
	rtc_advance(&r, 21 * SEC_NS);
	tap_check(irq8, "alarm: IRQ8 at the match");
	tap_eq(get(12, 21 * SEC_NS) & 0x30, 0x30, "C: AF|UF");
	t = 21 * SEC_NS + 3 * 3600 * SEC_NS; /* 13:12:20 */
	rtc_advance(&r, t);
	tap_check(!irq8, "3 hours: 10:12:20 does not match again");
	set(1, 0xc0, t); /* seconds: don't care */
	set(3, 0xff, t); /* minutes: don't care */
	set(5, 0x15, t); /* 15:xx:xx */
	get(12, t);
	t += 6459 * SEC_NS; /* 14:59:59 */
	rtc_advance(&r, t);
	tap_check(!irq8, "hour alarm 15: not at 14:59:59");
	t += 3 * 3600 * SEC_NS; /* 17:59:59 */
	rtc_advance(&r, t);
	tap_check(irq8, "alarm matched inside a 3-hour gap");
	tap_eq(get(4, t), 0x17, "hours after the gap");
	set(5, 0xc0, t);
	get(12, t);
	rtc_advance(&r, t + SEC_NS);
	tap_check(irq8, "all don't care: every second");
}

static void test_divider_ports(void)
{
	setup();
	set(10, 0x76, 0); /* divider reset */
	tap_eq(get(0, 5 * SEC_NS), 0x02, "divider in reset: time held");
	tap_eq(get(10, 5 * SEC_NS), 0x76, "A reads back (no UIP)");
	set(10, 0x26, 5 * SEC_NS);
	tap_eq(get(0, 5 * SEC_NS + 499 * MS), 0x02, "released: not yet");
	tap_eq(get(0, 5 * SEC_NS + 500 * MS), 0x03,
	       "first update 500 ms after the reset ends");
	tap_eq(get(0, 6 * SEC_NS + 500 * MS), 0x04, "then each second");

	rtc_write(&r, 0x70, 0x8d, 0);
	tap_check(r.nmi_disabled, "index bit 7: NMI disabled");
	tap_eq(rtc_read(&r, 0x71, 7 * SEC_NS), 0x80, "index 0x0d with NMI bit");
	rtc_write(&r, 0x70, 0x0d, 0);
	tap_check(!r.nmi_disabled, "NMI enabled again");
	tap_eq(rtc_read(&r, 0x70, 0), 0xff, "index port is write only");
	set(13, 0x00, 7 * SEC_NS);
	tap_eq(get(13, 7 * SEC_NS), 0x80, "D is read only");
	set(12, 0xff, 7 * SEC_NS);
	tap_eq(get(12, 7 * SEC_NS) & 0x0f, 0, "C is read only");
	set(0x40, 0x55, 7 * SEC_NS);
	tap_eq(get(0x40, 7 * SEC_NS), 0x55, "NVRAM byte");
	tap_eq(get(0x32, 7 * SEC_NS), 0x20, "century byte");
	set(0x7f, 0xaa, 7 * SEC_NS);
	tap_eq(get(0x7f, 7 * SEC_NS), 0xaa, "last NVRAM byte");
	tap_eq(rtc_read(&r, 0x72, 0), 0xff, "extended bank not decoded");
}

static void test_fuzz(void)
{
	uint64_t x = 0x853c49e6748fea9bull, now = 0, ev;
	int i, bad = 0;

	setup();
	for (i = 0; i < 100000; i++) {
		tap_xorshift64(&x);
		now += (x >> 32) % (x & 1 ? 2000 * MS : 3 * MS);
		switch ((x >> 1) % 4) {
		case 0:
			rtc_write(&r, 0x70, (uint8_t)(x >> 8), now);
			break;
		case 1:
			rtc_write(&r, 0x71, (uint8_t)(x >> 8), now);
			break;
		case 2:
			rtc_read(&r, 0x71, now);
			break;
		default:
			ev = rtc_next_event(&r, now);
			if (ev <= now)
				bad++;
			break;
		}
	}
	tap_eq(bad, 0, "random writes: next event always ahead");
	rtc_advance(&r, UINT64_MAX);
	tap_check(1, "far future time is safe");
}

int main(void)
{
	test_time();
	test_flags();
	test_divider_ports();
	test_fuzz();
	return tap_done();
}
