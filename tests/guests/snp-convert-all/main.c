// SPDX-License-Identifier: GPL-2.0-only
/*
 * snp-convert-all: make one 4 KiB page of every shared 2 MiB region the
 * guest may use private and validated: a GHCB MSR protocol Page State
 * Change (GHCB spec, "SNP Page State Change Request") and a 4 KiB
 * PVALIDATE per region, from the first free region to the end of the
 * shared area (all but the GHCB's region). Each such page costs the
 * hypervisor two nested page tables (the shared view's 2 MiB leaf is
 * split, the private view gets a last-level table), so the guest uses
 * about as much of the hypervisor's pool as its memory allows.
 *
 * Run twice in one boot (scenario snp-two-guests): the second guest must
 * convert as many regions as the first, i.e. the hypervisor must have
 * given back what the first guest held.
 */
#include "snp.h"

int guest_main(const struct guest_boot *boot)
{
	uint64_t va, r = GHCB_MSR_PSC_RESP;
	unsigned total, done = 0;
	uint32_t eax = PV_OK;
	bool cf = false;

	if (!snp_init(boot))
		return report_summary();
	total = (unsigned)((snp.shared_end - snp.free_gpa) / SZ_2M);
	for (va = snp.free_gpa; va + SZ_2M <= snp.shared_end; va += SZ_2M) {
		r = ghcb_msr_psc(va, GHCB_MSR_PSC_OP_PRIVATE);
		if (r != GHCB_MSR_PSC_RESP)
			break;
		eax = pvalidate(va, false, true, &cf);
		if (eax != PV_OK || cf)
			break;
		done++;
	}
	if (done < total && r != GHCB_MSR_PSC_RESP)
		printf("convert-all: region %u at 0x%llx: PSC response 0x%llx\n",
		       done, (unsigned long long)va, (unsigned long long)r);
	else if (done < total)
		printf("convert-all: region %u at 0x%llx: PVALIDATE EAX %u CF %d\n",
		       done, (unsigned long long)va, eax, cf);
	report(done == total && total > 0,
	       "one page private and validated in %u of %u shared 2 MiB regions",
	       done, total);
	return report_summary();
}
