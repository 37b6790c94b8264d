// SPDX-License-Identifier: GPL-2.0-only
/*
 * snp-conv-livelock: one instruction that needs a page shared and private
 * at once, under policy=implicit. REP MOVSB reads the page through its
 * shared address and writes it through its private one: each access
 * converts the page for itself and makes the other fault again, so the
 * instruction never retires. The hypervisor must see that the guest makes
 * no progress and stop it with the reason (hv/conv_progress.h), instead
 * of flipping the page for ever (scenario expects the error verdict with
 * a "livelock" reason).
 */
#include "snp.h"

#define ALIAS_SHARED  0xc0000000ull /* above RAM, inside the identity map */
#define ALIAS_PRIVATE (ALIAS_SHARED + SZ_4K)

int guest_main(const struct guest_boot *boot)
{
	uint64_t page, src = ALIAS_SHARED, dst = ALIAS_PRIVATE + 64, n = 16;

	if (!snp_init(boot))
		return report_summary();
	page = snp.free_gpa + 5 * SZ_4K; /* shared */
	report(pt_map_4k(ALIAS_SHARED, page, false) == 0 &&
		       pt_map_4k(ALIAS_PRIVATE, page, true) == 0,
	       "0x%llx mapped shared at 0x%llx and private at 0x%llx",
	       (unsigned long long)page, ALIAS_SHARED, ALIAS_PRIVATE);
	printf("rep movsb from the shared to the private address of one page: "
	       "expect a stop\n");
	__asm__ volatile("rep movsb"
			 : "+S"(src), "+D"(dst), "+c"(n)
			 :
			 : "memory");
	report(false,
	       "rep movsb between the two addresses of one page completed "
	       "(RCX %llu)",
	       (unsigned long long)n);
	return report_summary();
}
