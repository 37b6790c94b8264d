// SPDX-License-Identifier: GPL-2.0-only
/*
 * GHCB field helpers of the GHCB page protocol (GHCB specification,
 * "GHCB Protocol": "GHCB Layout" and the valid bitmap, "Error Responses").
 */
#include "snp/internal.h"

struct ghcb *snp_ghcb_of(struct snp_vcpu *vc)
{
	const struct snp_region *r = snp_region_of(vc->vm, vc->ghcb_msr, SZ_4K);

	return r ? (struct ghcb *)(r->host + (vc->ghcb_msr - r->gpa)) : NULL;
}

void snp_ghcb_result(struct ghcb *g, uint64_t info1, uint64_t info2)
{
	g->sw_exit_info_1 = info1;
	g->sw_exit_info_2 = info2;
	ghcb_set_valid(g, GHCB_VALID_BIT(sw_exit_info_1));
	ghcb_set_valid(g, GHCB_VALID_BIT(sw_exit_info_2));
}

void snp_ghcb_error(struct snp_vcpu *vc, struct ghcb *g, uint64_t err)
{
	snp_ghcb_result(g, GHCB_ERROR, err);
	snp_tracef(vc->vm, "ghcb.err info1=0x%x info2=0x%llx", GHCB_ERROR,
		   (unsigned long long)err);
}
