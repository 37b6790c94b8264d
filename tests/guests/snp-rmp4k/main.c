// SPDX-License-Identifier: GPL-2.0-only
/*
 * snp-rmp4k (rmp-max=4k, the KVM 6.12 behaviour): a 2 MiB PSC entry or a
 * MAP_GPA_RANGE with the 2 MiB hint still makes 4 KiB RMP entries, so a
 * 2 MiB PVALIDATE returns FAIL_SIZEMISMATCH (6) with CF=0 and the guest
 * falls back to 512 x 4 KiB (Linux's pval_pages). The launched memory
 * is in 4 KiB entries too.
 */
#include "snp.h"

static void case_2m(enum snp_proto p, uint64_t va)
{
	struct pv_stats b;
	uint32_t eax;
	bool cf;

	report(pt_set_cbit(va, SZ_2M, true) == 0, "C-bit set on 0x%llx",
	       (unsigned long long)va);
	report(psc_range(p, va, SZ_2M, true) == 0, "%s: 2M to private",
	       snp_proto_name[p]);
	eax = pvalidate(va, true, true, &cf);
	report(eax == PV_FAIL_SIZEMISMATCH && !cf,
	       "%s: 2M PVALIDATE -> EAX %u (want FAIL_SIZEMISMATCH 6) CF %d",
	       snp_proto_name[p], eax, cf);
	b = pv_stats;
	report(pval_range(va, SZ_2M, true) == 0 &&
		       pv_stats.ok[0] == b.ok[0] + 512 &&
		       pv_stats.sizemismatch[1] == b.sizemismatch[1] + 1,
	       "%s: fallback validates 512 x 4K (4K ok %u)", snp_proto_name[p],
	       pv_stats.ok[0] - b.ok[0]);
	fill(va, SZ_2M, 7);
	report(check(va, SZ_2M, 7) == 0, "%s: the 2M range is usable privately",
	       snp_proto_name[p]);
	report(snp_convert(p, va, SZ_2M, false) == 0, "%s: back to shared",
	       snp_proto_name[p]);
}

int guest_main(const struct guest_boot *boot)
{
	uint32_t eax;
	bool cf;

	if (!snp_init(boot))
		return report_summary();
	case_2m(PROTO_GHCB, snp.free_gpa);
	case_2m(PROTO_MAP_GPA, snp.free_gpa + SZ_2M);
	/* The launch area is 4 KiB entries as well: 2M rescind mismatches. */
	eax = pvalidate(0, true, true, &cf);
	report(eax == PV_FAIL_SIZEMISMATCH && !cf,
	       "2M PVALIDATE of the launched low 2M -> EAX %u CF %d", eax, cf);
	return report_summary();
}
