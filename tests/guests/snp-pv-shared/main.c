// SPDX-License-Identifier: GPL-2.0-only
/*
 * snp-pv-shared: PVALIDATE of a page that is shared in the RMP. Silicon
 * raises #NPF (RMP violation); the hypervisor applies its mismatch
 * policy (docs/abi.md, "PVALIDATE and RMPADJUST from the guest"):
 *   policy=implicit: the page is converted to private and the PVALIDATE
 *     retried: EAX 0, CF 0 (scenario snp-pv-shared-implicit, pass);
 *   policy=strict: the hypervisor stops this guest
 *     (scenario snp-pv-shared-strict, expects the error verdict).
 */
#include "snp.h"

int guest_main(const struct guest_boot *boot)
{
	uint64_t va;
	uint32_t eax;
	bool cf;

	if (!snp_init(boot))
		return report_summary();
	va = snp.free_gpa + 3 * SZ_4K;
	printf("PVALIDATE of shared page 0x%llx: policy=implicit converts it, "
	       "policy=strict stops me\n",
	       (unsigned long long)va);
	eax = pvalidate(va, false, true, &cf);
	report(eax == PV_OK && !cf,
	       "PVALIDATE on a shared page (implicit): EAX %u CF %d", eax, cf);
	/* It is private and validated now: reach it through the private view. */
	report(pt_set_cbit(va, SZ_4K, true) == 0, "C-bit set");
	fill(va, SZ_4K, 3);
	report(check(va, SZ_4K, 3) == 0,
	       "page usable through the private view");
	eax = pvalidate(va, false, true, &cf);
	report(eax == PV_OK && cf, "validated already: EAX %u CF %d", eax, cf);
	return report_summary();
}
