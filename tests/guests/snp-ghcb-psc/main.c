// SPDX-License-Identifier: GPL-2.0-only
/*
 * snp-ghcb-psc: conversions through the GHCB page's Page State Change
 * NAE event (GHCB spec, "Page State Change") with 2 MiB entries where
 * aligned: a 4 KiB page and a 2 MiB range both ways in Linux's order;
 * with rmp-max=2m the 2 MiB PVALIDATE succeeds on the 2 MiB RMP entry.
 * Then "no update": validating a validated page returns 0 with CF=1,
 * at 2 MiB and at 4 KiB, and rescinding a rescinded one likewise.
 */
#include "snp.h"

int guest_main(const struct guest_boot *boot)
{
	uint64_t va;
	uint32_t eax;
	bool cf;

	if (!snp_init(boot))
		return report_summary();
	conv_scenario(PROTO_GHCB, snp.free_gpa, true);

	va = snp.free_gpa + 2 * SZ_2M;
	report(snp_convert(PROTO_GHCB, va, SZ_2M, true) == 0,
	       "2M at 0x%llx private and validated", (unsigned long long)va);
	eax = pvalidate(va, true, true, &cf);
	report(eax == PV_OK && cf,
	       "2M validate again: EAX %u CF %d (no update)", eax, cf);
	eax = pvalidate(va, true, false, &cf);
	report(eax == PV_OK && !cf, "2M rescind: EAX %u CF %d", eax, cf);
	eax = pvalidate(va, true, false, &cf);
	report(eax == PV_OK && cf, "2M rescind again: EAX %u CF %d (no update)",
	       eax, cf);
	eax = pvalidate(va, true, true, &cf);
	report(eax == PV_OK && !cf, "2M validate: EAX %u CF %d", eax, cf);
	/* A 4 KiB PVALIDATE inside the 2 MiB entry: the hypervisor PSMASHes. */
	eax = pvalidate(va + SZ_4K, false, true, &cf);
	report(eax == PV_OK && cf,
	       "4K validate inside the validated 2M page: EAX %u CF %d", eax,
	       cf);
	eax = pvalidate(va + SZ_4K, false, false, &cf);
	report(eax == PV_OK && !cf, "4K rescind: EAX %u CF %d", eax, cf);
	eax = pvalidate(va + SZ_4K, false, false, &cf);
	report(eax == PV_OK && cf, "4K rescind again: EAX %u CF %d (no update)",
	       eax, cf);
	eax = pvalidate(va + SZ_4K, false, true, &cf);
	report(eax == PV_OK && !cf, "4K validate: EAX %u CF %d", eax, cf);
	report(snp_convert(PROTO_GHCB, va, SZ_2M, false) == 0,
	       "2M back to shared");
	return report_summary();
}
