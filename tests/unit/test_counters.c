// SPDX-License-Identifier: GPL-2.0-only
/*
 * The counters line (hv/counters.h): its prefix, the key=value format,
 * the engine's keys in the order docs/counters.md lists them, and the
 * overflow marker instead of a cut value.
 */
#include <stdio.h>
#include <string.h>

#include "hv/counters.h"
#include "tests/lib/tap.h"

static struct counters_line l;

static const char *const snp_keys[] = {
	"vmgexits",
	"hypercalls",
	"msr_requests",
	"msr_psc",
	"ghcb_requests",
	"ghcb_psc",
	"psc_entries",
	"map_gpa",
	"launch_pages",
	"conversions",
	"to_private",
	"to_shared",
	"rmp_updates",
	"psmash",
	"unsmash",
	"implicit",
	"pvalidate_4k_ok",
	"pvalidate_4k_no_update",
	"pvalidate_4k_fail_input",
	"pvalidate_4k_fail_sizemismatch",
	"pvalidate_4k_fault",
	"pvalidate_2m_ok",
	"pvalidate_2m_no_update",
	"pvalidate_2m_fail_input",
	"pvalidate_2m_fail_sizemismatch",
	"pvalidate_2m_fault",
	"pvalidate_bad_size",
};

int main(void)
{
	struct snp_counters c = {
		.vmgexits = 1,
		.hypercalls = 2,
		.msr_requests = 3,
		.msr_psc = 4,
		.ghcb_requests = 5,
		.ghcb_psc = 6,
		.psc_entries = 7,
		.map_gpa = 8,
		.launch_pages = 9,
		.range_conversions = 10,
		.pages_to_private = 11,
		.pages_to_shared = 12,
		.rmp_updates = 13,
		.psmashes = 14,
		.unsmashes = 15,
		.implicit_conversions = 16,
		.pvalidate = { { 17, 18, 19, 20, 21 }, { 22, 23, 24, 25, 26 } },
		.pvalidate_bad_size = 27,
	};
	const unsigned nkeys = sizeof(snp_keys) / sizeof(snp_keys[0]);
	const char *line, *p;
	char want[64];
	unsigned i, found = 0;
	size_t len;

	counters_begin(&l, "g1");
	counters_add(&l, "exits", 42);
	counters_add2(&l, "exit_", "svm-insn", 7);
	line = counters_end(&l, &len);
	tap_check(!strcmp(line,
			  "HV: counters guest=g1 exits=42 exit_svm_insn=7\n"),
		  "prefix, guest, key=value, '-' in a key becomes '_', one newline");
	tap_eq(len, strlen(line), "length returned");

	counters_begin(&l, "g2");
	counters_add_snp(&l, &c);
	line = counters_end(&l, &len);
	p = line + strlen("HV: counters guest=g2");
	for (i = 0; i < nkeys; i++) {
		snprintf(want, sizeof(want), " %s=%u", snp_keys[i], i + 1);
		if (strncmp(p, want, strlen(want)))
			break;
		p += strlen(want);
		found++;
	}
	tap_eq(found, nkeys,
	       "the engine's %u keys in order, each its own field", nkeys);
	tap_check(!strcmp(p, "\n"), "nothing after them but the newline");
	tap_check(!l.overflow, "no overflow");

	/*
	 * Every key of a real guest fits, all values 20 digits: exits, 20
	 * exit reasons, 2 times, snp, the engine's 27, 3 of the SNP glue.
	 */
	counters_begin(&l, "a-guest-name-of-31-characters-x");
	for (i = 0; i < 24; i++)
		counters_add2(&l, "exit_", "vmrun_failed", UINT64_MAX);
	memset(&c, 0xff, sizeof(c));
	counters_add_snp(&l, &c);
	for (i = 0; i < 4; i++)
		counters_add(&l, "view_refusals", UINT64_MAX);
	tap_check(!l.overflow, "a full line fits in %u bytes (%zu used)",
		  COUNTERS_LINE_MAX, l.len);

	counters_begin(&l, "g3");
	for (i = 0; i < 200; i++)
		counters_add(&l, "some_key", UINT64_MAX);
	line = counters_end(&l, &len);
	tap_check(l.overflow && len < COUNTERS_LINE_MAX &&
			  !strcmp(line + len -
					  strlen(" some_key=18446744073709551615 overflow=1\n"),
				  " some_key=18446744073709551615 overflow=1\n"),
		  "too many keys: whole pairs, then overflow=1 (%zu bytes)",
		  len);
	return tap_done();
}
