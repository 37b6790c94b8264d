// SPDX-License-Identifier: GPL-2.0-only
/*
 * kvm-unit-tests style reporting: one "PASS: ", "FAIL: " or "SKIP: " line
 * per check and a closing "SUMMARY:" line.
 */
#include "guest.h"

static unsigned nr_tests, nr_failed, nr_skipped;

static void vreport(const char *tag, const char *fmt, va_list ap)
{
	char msg[200];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	printf("%s: %s\n", tag, msg);
}

bool report(bool pass, const char *fmt, ...)
{
	va_list ap;

	nr_tests++;
	if (!pass)
		nr_failed++;
	va_start(ap, fmt);
	vreport(pass ? "PASS" : "FAIL", fmt, ap);
	va_end(ap);
	return pass;
}

void report_skip(const char *fmt, ...)
{
	va_list ap;

	nr_tests++;
	nr_skipped++;
	va_start(ap, fmt);
	vreport("SKIP", fmt, ap);
	va_end(ap);
}

int report_summary(void)
{
	printf("SUMMARY: %u tests, %u unexpected failures, %u skipped\n",
	       nr_tests, nr_failed, nr_skipped);
	if (nr_failed)
		return HC_EXIT_FAIL;
	if (nr_tests && nr_skipped == nr_tests)
		return HC_EXIT_SKIP;
	return HC_EXIT_PASS;
}
