// SPDX-License-Identifier: GPL-2.0-only
/*
 * dev/pm_timer.c: the count at 3.579545 MHz from the init time, the
 * 24-bit wrap and the 32-bit one, byte lanes of the dword register.
 */
#include "dev/pm_timer.h"
#include "tests/lib/tap.h"

int main(void)
{
	struct pm_timer t;
	uint64_t t0 = 5000000000ull, ns, prev, seed = 0x1234567;
	uint32_t v, last;
	unsigned int i, ok;

	pm_timer_init(&t, false, t0);
	tap_eq(pm_timer_value(&t, t0), 0, "count 0 at init");
	tap_eq(pm_timer_value(&t, t0 - 1000), 0, "before init: still 0");
	tap_eq(pm_timer_value(&t, t0 + 1000000000ull), 3579545,
	       "one second: 3579545 ticks");
	tap_eq(pm_timer_value(&t, t0 + 279), 0, "279 ns: not yet one tick");
	tap_eq(pm_timer_value(&t, t0 + 280), 1, "280 ns: one tick");
	/* 2^24 ticks = 4.6869 s: the 24-bit counter wraps. */
	ns = (((uint64_t)1 << 24) * 1000000000ull + 3579544) / 3579545;
	tap_eq(pm_timer_value(&t, t0 + ns - 1), 0xffffff, "24-bit: last count");
	tap_eq(pm_timer_value(&t, t0 + ns), 0, "24-bit: wraps to 0");
	tap_eq(pm_timer_value(&t, t0 + 3600000000000ull) >> 24, 0,
	       "24-bit: bits 31-24 read 0");

	pm_timer_init(&t, true, t0);
	tap_eq(pm_timer_value(&t, t0 + ns), 0x1000000, "32-bit: counts on");
	ns = (((uint64_t)1 << 32) * 1000000000ull + 3579544) / 3579545;
	tap_eq(pm_timer_value(&t, t0 + ns - 1), 0xffffffffu,
	       "32-bit: last count (20 minutes)");
	tap_eq(pm_timer_value(&t, t0 + ns), 0, "32-bit: wraps to 0");

	v = pm_timer_value(&t, t0 + 987654321);
	tap_eq(pm_timer_read(&t, 0, 4, t0 + 987654321), v, "dword read");
	tap_eq(pm_timer_read(&t, 1, 2, t0 + 987654321), (v >> 8) & 0xffff,
	       "word read at byte 1");
	tap_eq(pm_timer_read(&t, 3, 1, t0 + 987654321), v >> 24,
	       "byte read at byte 3");
	tap_eq(pm_timer_read(&t, 2, 4, t0), 0xffffffffu,
	       "dword across the end: all-ones");
	tap_eq(pm_timer_read(&t, 4, 1, t0), 0xff, "past the register: 0xff");
	tap_eq(pm_timer_read(&t, 0, 3, t0), 0xffffffffu, "size 3: all-ones");

	/* Monotonic between wraps for increasing random times. */
	pm_timer_init(&t, true, 0);
	prev = 0;
	last = 0;
	for (i = 0, ok = 1; i < 100000; i++) {
		ns = prev + tap_xorshift64(&seed) % 100000;
		v = pm_timer_value(&t, ns);
		ok &= v >= last && v - last <= 100000 / 279 + 1;
		last = v;
		prev = ns;
	}
	tap_check(ok, "100000 increasing times: the count never goes back "
		      "and steps at most 3.58 ticks per us");
	return tap_done();
}
