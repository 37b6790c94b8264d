/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Minimal TAP output for host test programs. Every check prints one
 * "ok N - ..." or "not ok N - ..." line; tap_done() prints the plan and
 * returns the exit status (non-zero when any check failed).
 */
#ifndef TESTS_LIB_TAP_H
#define TESTS_LIB_TAP_H

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>

static int tap_n, tap_failed;

__attribute__((format(printf, 2, 3))) static inline int
tap_check(int cond, const char *fmt, ...)
{
	va_list ap;

	tap_n++;
	if (!cond)
		tap_failed++;
	printf("%sok %d - ", cond ? "" : "not ", tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	return cond;
}

/* Compare two integers, printing both on failure. */
#define tap_eq(got, want, ...)                                           \
	({                                                               \
		unsigned long long _g = (unsigned long long)(got);       \
		unsigned long long _w = (unsigned long long)(want);      \
		int _ok = tap_check(_g == _w, __VA_ARGS__);              \
		if (!_ok)                                                \
			printf("#   got 0x%llx, want 0x%llx\n", _g, _w); \
		_ok;                                                     \
	})

/* One xorshift64 step (Marsaglia): the deterministic inputs of the tests' random loops. */
static inline uint64_t tap_xorshift64(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

static inline int tap_done(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}

#endif
