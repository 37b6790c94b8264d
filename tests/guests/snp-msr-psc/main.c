// SPDX-License-Identifier: GPL-2.0-only
/*
 * snp-msr-psc: conversions through the GHCB MSR protocol's Page State
 * Change request (GHCB spec, "SNP Page State Change Request"), one 4 KiB
 * page per request: a 4 KiB page and a 2 MiB range both ways in Linux's
 * order. The MSR protocol only makes 4 KiB RMP entries, so a 2 MiB
 * PVALIDATE gets FAIL_SIZEMISMATCH and falls back to 512 x 4 KiB.
 */
#include "snp.h"

int guest_main(const struct guest_boot *boot)
{
	if (!snp_init(boot))
		return report_summary();
	conv_scenario(PROTO_MSR, snp.free_gpa, false);
	return report_summary();
}
