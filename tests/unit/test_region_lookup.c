// SPDX-License-Identifier: GPL-2.0-only
/*
 * snp_region_of() asks the region it found last first (vm->last_region).
 * The hint must never change an answer: a range that starts in the last
 * region but ends outside it, a range in another region, a range across
 * two adjacent regions and a VM with no region all get what a walk of
 * every region gives. The model's one region is cut into three here
 * (same GPA -> SPA mapping), two of them adjacent, so conversions across
 * the cut exercise the engine's lookups for real.
 */
#include "snp/internal.h"
#include "guest-abi/psc.h"
#include "tests/lib/model.h"
#include "tests/lib/tap.h"

static struct model m;

/* The walk snp_region_of() must agree with. */
static const struct snp_region *walk(uint64_t gpa, uint64_t len)
{
	unsigned i;

	for (i = 0; i < m.vm.nr_regions; i++)
		if (snp_region_has(&m.vm.regions[i], gpa, len))
			return &m.vm.regions[i];
	return NULL;
}

static void lookup(uint64_t gpa, uint64_t len, const char *what)
{
	const struct snp_region *r = snp_region_of(&m.vm, gpa, len);

	tap_check(r == walk(gpa, len),
		  "%s (gpa 0x%llx len 0x%llx): region %d, a walk says %d", what,
		  (unsigned long long)gpa, (unsigned long long)len,
		  r ? (int)(r - m.vm.regions) : -1,
		  walk(gpa, len) ? (int)(walk(gpa, len) - m.vm.regions) : -1);
}

/* Region i: [gpa, end) of the model's one region, mapped as it is. */
static void cut(unsigned i, uint64_t gpa, uint64_t end)
{
	m.vm.regions[i] = (struct snp_region){
		.gpa = gpa,
		.size = end - gpa,
		.spa = m.region.spa + gpa,
		.host = m.region.host + gpa,
	};
}

int main(void)
{
	const uint64_t a_end = SZ_2M, b_end = 4 * SZ_2M, c = 6 * SZ_2M;
	char why[200];

	model_init(&m, 8 * SZ_2M, SNP_RMP_MAX_2M);
	/* A [0, 2M) and B [2M, 8M) adjacent, C [12M, 16M); a hole between. */
	cut(0, 0, a_end);
	cut(1, a_end, b_end);
	cut(2, c, 8 * SZ_2M);
	m.vm.nr_regions = 3;
	m.vm.last_region = 0;

	lookup(a_end + SZ_4K, SZ_4K, "a page of B");
	lookup(0x3000, SZ_4K, "a page of A after B");
	lookup(a_end - SZ_4K, 2 * SZ_4K,
	       "a range from the last region (A) into B");
	lookup(a_end - SZ_4K, SZ_4K, "A's last page");
	lookup(b_end - SZ_4K, 2 * SZ_4K,
	       "a range from the last region (B) into the hole");
	lookup(c + SZ_4K, SZ_2M, "a range in C");
	lookup(b_end, SZ_4K, "the hole after C was found");
	lookup(c - SZ_4K, 2 * SZ_4K, "from the hole into C");
	lookup(0, SZ_4K, "A's first page after C");

	/* Through the engine: a conversion across the A/B cut (no one
	 * region holds it), then single pages in each, alternating. */
	tap_check(snp_convert(&m.vm, a_end - 2 * SZ_4K, 4, true, false) ==
				  CONV_OK &&
			  snp_page_state(&m.vm, a_end - 2 * SZ_4K, NULL) ==
				  SNP_PAGE_PRIVATE &&
			  snp_page_state(&m.vm, a_end + SZ_4K, NULL) ==
				  SNP_PAGE_PRIVATE,
		  "4 pages across two adjacent regions become private");
	tap_check(snp_convert(&m.vm, c, 1, true, false) == CONV_OK &&
			  snp_convert(&m.vm, 0x5000, 1, true, false) ==
				  CONV_OK &&
			  snp_page_state(&m.vm, c, NULL) == SNP_PAGE_PRIVATE &&
			  snp_page_state(&m.vm, 0x5000, NULL) ==
				  SNP_PAGE_PRIVATE,
		  "one page in C, then one in A: both private");
	tap_check(snp_convert(&m.vm, b_end - SZ_4K, 2, true, false) ==
				  CONV_OUTSIDE &&
			  snp_page_state(&m.vm, b_end - SZ_4K, NULL) ==
				  SNP_PAGE_SHARED,
		  "two pages from B into the hole: outside, nothing changed");

	/* A PSC run of 4 KiB entries across the A/B cut stays one run (one
	 * conversion); one from B into the hole is refused at the first
	 * entry in the hole. */
	{
		uint64_t e[4];
		unsigned i;

		for (i = 0; i < 4; i++)
			e[i] = PSC_ENTRY(0, (a_end >> 12) - 2 + i,
					 PSC_OP_PRIVATE, 0);
		model_psc(&m, 0x1000, 0, 3, e, 4);
		model_trace_clear(&m);
		tap_check(snp_vmgexit(&m.vc) == SNP_RESUME &&
				  model_ghcb(&m, 0x1000)->sw_exit_info_2 == 0 &&
				  model_trace_count(&m, "conv ") == 1 &&
				  snp_page_state(&m.vm, a_end + SZ_4K, NULL) ==
					  SNP_PAGE_PRIVATE,
			  "a PSC run across two adjacent regions: one conversion of 4 pages");
		for (i = 0; i < 4; i++)
			e[i] = PSC_ENTRY(0, (b_end >> 12) - 2 + i,
					 PSC_OP_SHARED, 0);
		model_psc(&m, 0x1000, 0, 3, e, 4);
		model_trace_clear(&m);
		tap_check(snp_vmgexit(&m.vc) == SNP_RESUME &&
				  model_ghcb(&m, 0x1000)->sw_exit_info_2 ==
					  PSC_ERROR_INVALID_ENTRY &&
				  model_trace_has(&m,
						  "psc.invalid i=2 reason=outside"),
			  "a PSC run from a region into the hole: entry 2 refused (outside)");
	}
	tap_check(model_check(&m, why, sizeof(why)), "invariants: %s",
		  model_check(&m, why, sizeof(why)) ? "hold" : why);

	/* No region at all: nothing is guest memory, whatever the hint. */
	m.vm.nr_regions = 0;
	m.vm.last_region = 0;
	tap_check(snp_region_of(&m.vm, 0, 0) == NULL &&
			  snp_region_of(&m.vm, 0, SZ_4K) == NULL,
		  "a VM without regions: no region, even for an empty range at 0");
	m.vm.nr_regions = 1;
	model_free(&m);
	return tap_done();
}
