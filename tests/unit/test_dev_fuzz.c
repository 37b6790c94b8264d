// SPDX-License-Identifier: GPL-2.0-only
/*
 * dev/fuzz.c, the all-devices fuzz entry, on pseudo-random inputs and a
 * few hand-made ones: under ASan+UBSan every input must run through.
 */
#include "dev/fuzz.h"
#include "tests/lib/tap.h"

int main(void)
{
	static uint8_t buf[4096];
	uint64_t x = 0xdeadbeefcafef00dull;
	size_t n, j;
	int i, rc = 0;

	for (i = 0; i < 2000; i++) {
		n = (size_t)(x % sizeof(buf));
		for (j = 0; j < n; j++) {
			tap_xorshift64(&x);
			buf[j] = (uint8_t)x;
		}
		rc |= dev_fuzz_one(buf, n);
	}
	tap_eq(rc, 0, "2000 random inputs");
	rc = dev_fuzz_one(buf, 0) | dev_fuzz_one(buf, 3);
	tap_eq(rc, 0, "empty and short inputs");
	for (j = 0; j < sizeof(buf); j++)
		buf[j] = 0xff;
	tap_eq(dev_fuzz_one(buf, sizeof(buf)), 0, "all-ones input");
	return tap_done();
}
