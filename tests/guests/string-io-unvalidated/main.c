// SPDX-License-Identifier: GPL-2.0-only
/*
 * string-io-unvalidated: a REP INSB whose memory operand is a private
 * page (C-bit set) that is not validated. The hypervisor writes the data
 * for the guest as the guest's own access would be, so it must refuse
 * exactly where silicon raises #VC 0x404 on the guest's write, and stop
 * the guest with that reason (nothing written). hello.bin after it shows
 * the hypervisor stayed up.
 */
#include "snp.h"

int guest_main(const struct guest_boot *boot)
{
	uint64_t va, rdi, rcx = 16;

	if (!snp_init(boot))
		return report_summary();
	va = snp.free_gpa + SZ_4K;
	report(pt_set_cbit(va, SZ_4K, true) == 0, "C-bit set on 0x%llx",
	       (unsigned long long)va);
	report(psc_range(PROTO_GHCB, va, SZ_4K, true) == 0,
	       "PSC to private, not validated");
	printf("rep insb into 0x%llx through the private view: expect a stop "
	       "(#VC 0x404 on silicon)\n",
	       (unsigned long long)va);
	rdi = va;
	__asm__ volatile("rep insb"
			 : "+D"(rdi), "+c"(rcx)
			 : "d"((uint16_t)0x3f8)
			 : "memory");
	report(false, "rep insb into a page not validated returned (RCX %llu)",
	       (unsigned long long)rcx);
	return report_summary();
}
