// SPDX-License-Identifier: GPL-2.0-only
/*
 * hv_log() for host programs: messages go to stderr prefixed "HV: ", so
 * they never mix with TAP lines on stdout. HV_LOG_LEVEL (0-3) in the
 * environment sets the threshold; the default shows errors only.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "include/log.h"

void hv_log(enum log_level level, const char *fmt, ...)
{
	static int threshold = -1;
	va_list ap;

	if (threshold < 0) {
		const char *s = getenv("HV_LOG_LEVEL");

		threshold = s ? atoi(s) : LOG_ERR;
	}
	if ((int)level > threshold)
		return;
	fputs("HV: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}
