// SPDX-License-Identifier: GPL-2.0-only
/*
 * snp-map-gpa: conversions through KVM_HC_MAP_GPA_RANGE (plain VMMCALL,
 * RAX = 12) with the 2 MiB size hint: a 4 KiB page and a 2 MiB range
 * both ways in Linux's order; the 2 MiB PVALIDATE succeeds on the 2 MiB
 * RMP entry (rmp-max=2m).
 */
#include "snp.h"

int guest_main(const struct guest_boot *boot)
{
	if (!snp_init(boot))
		return report_summary();
	conv_scenario(PROTO_MAP_GPA, snp.free_gpa, true);
	return report_summary();
}
