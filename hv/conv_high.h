/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The conversion summary's split at 4 GiB (docs/counters.md, "above4g_"
 * keys): what the engine's counters (struct snp_counters) moved by while
 * it served a request whose guest page is at or above 4 GiB. Under OVMF
 * every such page is memory the firmware left unaccepted
 * (EFI_UNACCEPTED_MEMORY, docs/ovmf.md), so these are Linux's
 * acceptance, apart from everything below 4 GiB.
 *
 * A request is placed by one GPA: a PVALIDATE's or RMPADJUST's page, an
 * #NPF's, MAP_GPA_RANGE's first page, the PSC's first entry still to be
 * processed (GHCB page or MSR protocol). A request that spans 4 GiB is
 * counted where it starts. Pure C (host unit-tested,
 * tests/unit/test_conv_high.c).
 */
#ifndef HV_CONV_HIGH_H
#define HV_CONV_HIGH_H

#include <stdint.h>

#include "snp/snp.h"

#define CONV_HIGH_GPA	 (4ull << 30)
#define CONV_HIGH_NO_GPA (~0ull) /* the request names no page */

/*
 * The GPA a GHCB request is placed by: the MSR protocol's PSC page when
 * ghcb_msr is a PSC request, else, for the GHCB page protocol (ghcb: the
 * registered GHCB's bytes, NULL when it is not guest RAM), the first
 * entry to process of a PSC NAE event. CONV_HIGH_NO_GPA for anything else
 * or a malformed descriptor (the engine refuses that one itself).
 */
uint64_t conv_high_ghcb_gpa(uint64_t ghcb_msr, const void *ghcb);

/* Add after - before to *high when gpa is at or above CONV_HIGH_GPA. */
void conv_high_add(struct snp_counters *high, const struct snp_counters *before,
		   const struct snp_counters *after, uint64_t gpa);

#endif
