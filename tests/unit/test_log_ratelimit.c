// SPDX-License-Identifier: GPL-2.0-only
/*
 * log_ratelimit() (include/log.h): which of a call site's lines pass and how
 * many each one says were dropped.
 */
#include "include/log.h"
#include "tests/lib/tap.h"

int main(void)
{
	struct log_ratelimit rl = { 0 };
	uint64_t shown = 0, dropped = 0, k, n;

	for (n = 1; n <= LOG_RATELIMIT_BURST; n++)
		tap_eq(log_ratelimit(&rl), 1,
		       "line %llu of the burst passes, nothing dropped",
		       (unsigned long long)n);
	/* 11..15 dropped, 16 passes saying 5 were; 17..31 dropped, 32: 15. */
	for (; n < 16; n++)
		tap_eq(log_ratelimit(&rl), 0, "line %llu dropped",
		       (unsigned long long)n);
	tap_eq(log_ratelimit(&rl), 6, "line 16 passes: 5 dropped before it");
	for (n = 17; n < 32; n++)
		if (log_ratelimit(&rl))
			shown++;
	tap_eq(shown, 0, "lines 17-31 dropped");
	tap_eq(log_ratelimit(&rl), 16, "line 32 passes: 15 dropped before it");

	/* 70,000 lines (a livelock's worth in 30 s) make few lines. */
	rl = (struct log_ratelimit){ 0 };
	shown = 0;
	for (n = 1; n <= 70000; n++) {
		k = log_ratelimit(&rl);
		if (k) {
			shown++;
			dropped += k - 1;
		}
	}
	tap_eq(shown, LOG_RATELIMIT_BURST + 13,
	       "70000 lines: 10 + 13 powers of two shown");
	tap_eq(shown + dropped, 65536,
	       "every line up to the last shown one is accounted for");
	return tap_done();
}
