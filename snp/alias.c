// SPDX-License-Identifier: GPL-2.0-only
/*
 * The shared alias of a validated private page, for the guest's page
 * walks and instruction fetches through its shared address (APM volume
 * 2, "Secure Encrypted Virtualization": "Supported Operating Modes": both
 * are private accesses whatever the C-bit). It is the one exception to
 * "a page is presented in at most one view" (docs/abi.md "Model"), so it
 * goes through the view back end like every other view change: the
 * hypervisor's nested tables (snp/view_npt.c) and the host model
 * (tests/lib/model.c), which checks it.
 */
#include "include/log.h"
#include "snp/internal.h"

int snp_alias_set(struct snp_vm *vm, uint64_t gpa, unsigned flags)
{
	if ((gpa & (SZ_4K - 1)) ||
	    (flags & ~(SNP_ALIAS_WALK | SNP_ALIAS_FETCH)) || !vm->view->alias)
		return -1;
	if (flags && snp_page_state(vm, gpa, NULL) != SNP_PAGE_VALIDATED) {
		log_warn_rl("snp: no shared alias for GPA 0x%llx: not validated private",
			    (unsigned long long)gpa);
		return -1;
	}
	return vm->view->alias(vm->view_ctx, gpa, flags);
}
