// SPDX-License-Identifier: GPL-2.0-only
/*
 * snp-unvalidated: a private access to a page that is private but not
 * validated. Silicon raises #VC with error code 0x404; QEMU TCG cannot
 * deliver a #VC error code through event injection, so the hypervisor
 * stops the guest with that reason instead (docs/emulated-snp.md). The
 * scenario expects the error verdict.
 */
#include "snp.h"

int guest_main(const struct guest_boot *boot)
{
	uint64_t va;
	volatile uint64_t *p;

	if (!snp_init(boot))
		return report_summary();
	va = snp.free_gpa + SZ_4K;
	report(pt_set_cbit(va, SZ_4K, true) == 0, "C-bit set on 0x%llx",
	       (unsigned long long)va);
	report(psc_range(PROTO_GHCB, va, SZ_4K, true) == 0,
	       "PSC to private, not validated");
	printf("reading 0x%llx through the private view: expect a stop "
	       "(#VC 0x404 on silicon)\n",
	       (unsigned long long)va);
	p = (volatile uint64_t *)(uintptr_t)va;
	report(false, "read 0x%llx from a page that is not validated",
	       (unsigned long long)*p);
	return report_summary();
}
