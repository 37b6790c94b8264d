// SPDX-License-Identifier: GPL-2.0-only
/*
 * The conversion summary's split at 4 GiB: see hv/conv_high.h.
 */
#include <string.h>

#include "guest-abi/ghcb.h"
#include "guest-abi/psc.h"
#include "hv/conv_high.h"

/* Every counter is a uint64_t: the struct is added as an array of them. */
_Static_assert(sizeof(struct snp_counters) % sizeof(uint64_t) == 0,
	       "struct snp_counters holds only uint64_t counters");

uint64_t conv_high_ghcb_gpa(uint64_t ghcb_msr, const void *ghcb)
{
	const struct ghcb *g = ghcb;
	struct psc_hdr h;
	psc_entry_t e;

	/* GHCB spec "GHCB MSR Protocol": Page State Change Request, the GFN
	 * in bits 51:12. */
	if ((ghcb_msr & GHCB_INFO_MASK) == GHCB_MSR_PSC_REQ)
		return GHCB_MSR_PSC_GFN(ghcb_msr) << 12;
	if ((ghcb_msr & GHCB_INFO_MASK) || !g ||
	    g->sw_exit_code != SVM_VMGEXIT_PSC)
		return CONV_HIGH_NO_GPA;
	/* GHCB spec "Page State Change": the descriptor in the shared
	 * buffer, header then entries; processing resumes at cur_entry. */
	memcpy(&h, g->shared_buffer, sizeof(h));
	if (h.cur_entry > h.end_entry || h.end_entry >= PSC_MAX_ENTRIES)
		return CONV_HIGH_NO_GPA;
	memcpy(&e, g->shared_buffer + sizeof(h) + h.cur_entry * sizeof(e),
	       sizeof(e));
	return PSC_ENTRY_GFN(e) << 12;
}

void conv_high_add(struct snp_counters *high, const struct snp_counters *before,
		   const struct snp_counters *after, uint64_t gpa)
{
	uint64_t h[sizeof(*high) / 8], b[sizeof(*high) / 8],
		a[sizeof(*high) / 8];

	if (gpa == CONV_HIGH_NO_GPA || gpa < CONV_HIGH_GPA)
		return;
	memcpy(h, high, sizeof(h));
	memcpy(b, before, sizeof(b));
	memcpy(a, after, sizeof(a));
	for (unsigned i = 0; i < sizeof(h) / 8; i++)
		h[i] += a[i] - b[i];
	memcpy(high, h, sizeof(h));
}
