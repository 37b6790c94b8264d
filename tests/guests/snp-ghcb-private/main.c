// SPDX-License-Identifier: GPL-2.0-only
/*
 * snp-ghcb-private: a GHCB in private memory. The hypervisor cannot use a
 * private page (GHCB spec, "GHCB Protocol": the GHCB is a shared page),
 * so the engine stops the guest ("ghcb-private"); the scenario expects
 * the error verdict and the hypervisor's final line. Registration itself
 * succeeds: it only names a GFN inside guest memory.
 */
#include "snp.h"

int guest_main(const struct guest_boot *boot)
{
	uint64_t va, r, info1;

	if (!snp_init(boot))
		return report_summary();
	va = snp.free_gpa;
	report(snp_convert(PROTO_GHCB, va, SZ_4K, true) == 0,
	       "page 0x%llx private and validated", (unsigned long long)va);
	r = ghcb_msr_register(va);
	report(r == (va | GHCB_MSR_REG_GPA_RESP), "registered as GHCB: 0x%llx",
	       (unsigned long long)r);
	printf("GHCB request through private page 0x%llx: expect the hypervisor to stop me\n",
	       (unsigned long long)va);
	r = ghcb_call(va, SVM_VMGEXIT_HV_FEATURES, 0, 0, 0, &info1);
	report(false,
	       "still running after a GHCB request in private memory (info1 0x%llx info2 0x%llx)",
	       (unsigned long long)info1, (unsigned long long)r);
	return report_summary();
}
