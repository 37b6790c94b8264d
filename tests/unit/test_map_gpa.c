// SPDX-License-Identifier: GPL-2.0-only
/* KVM_HC_MAP_GPA_RANGE: argument checks, return codes, conversions. */
#include "guest-abi/map_gpa.h"
#include "tests/lib/model.h"
#include "tests/lib/tap.h"

#define MEM (8 * SZ_2M)

static struct model m;

static int64_t map(uint64_t gpa, uint64_t n, uint64_t attrs)
{
	int64_t r = snp_map_gpa_range(&m.vc, gpa, n, attrs, 0, true);
	char why[200];

	if (!model_check(&m, why, sizeof(why)))
		tap_check(0, "invariants: %s", why);
	return r;
}

int main(void)
{
	enum rmp_pgsize sz;

	model_init(&m, MEM, SNP_RMP_MAX_2M);
	tap_eq(snp_map_gpa_range(&m.vc, 0x200000, 1, 0x10, 3, true), -KVM_EPERM,
	       "CPL 3 -> -KVM_EPERM");
	tap_eq(map(0x200800, 1, 0x10), -KVM_EINVAL,
	       "unaligned GPA -> -KVM_EINVAL");
	tap_eq(map(0x200000, 0, 0x10), -KVM_EINVAL,
	       "zero pages -> -KVM_EINVAL");
	tap_eq(map(0xfffffffffffff000ull, 2, 0x10), -KVM_EINVAL,
	       "range wrapping past 2^64 -> -KVM_EINVAL");
	tap_eq(map(0x200000, 1, 0x30), -KVM_EINVAL,
	       "reserved attribute bit 5 -> -KVM_EINVAL");
	tap_eq(map(0x200000, 1, 0x13), -KVM_EINVAL,
	       "size hint 3 -> -KVM_EINVAL");
	tap_eq(map(MEM - 0x1000, 2, 0x10), -KVM_EINVAL,
	       "range running past guest memory -> -KVM_EINVAL");
	tap_eq(snp_page_state(&m.vm, MEM - 0x1000, NULL), SNP_PAGE_SHARED,
	       "a refused range converts nothing");

	tap_check(map(0x200000, 1024, 0x11) == 0 &&
			  snp_page_state(&m.vm, 0x3ff000, &sz) ==
				  SNP_PAGE_PRIVATE &&
			  sz == RMP_PG_2M,
		  "2M-aligned range with the 2M hint: private, 2M RMP entries");
	tap_check(model_trace_has(&m,
				  "map.req gpa=0x200000 npages=1024 attrs=0x11") &&
			  model_trace_has(&m,
					  "conv gpa=0x200000 npages=1024 attrs=0x11 result=ok") &&
			  model_trace_has(&m, "map.resp ret=0x0"),
		  "traced as map.req, conv, map.resp");
	tap_check(map(0x600000, 512, 0x10) == 0 &&
			  snp_page_state(&m.vm, 0x600000, &sz) ==
				  SNP_PAGE_PRIVATE &&
			  sz == RMP_PG_4K,
		  "without the hint: 4K RMP entries");
	tap_check(map(0x201000, 1, 0x0) == 0 &&
			  snp_page_state(&m.vm, 0x201000, NULL) ==
				  SNP_PAGE_SHARED &&
			  snp_page_state(&m.vm, 0x200000, &sz) ==
				  SNP_PAGE_PRIVATE &&
			  sz == RMP_PG_4K && m.vm.ctr.psmashes == 1,
		  "one page of a 2M entry to shared: PSMASH, then that page only");
	tap_check(map(0x100000, 0x100, 0x12) == 0 &&
			  snp_page_state(&m.vm, 0x100000, NULL) ==
				  SNP_PAGE_PRIVATE,
		  "1G hint on a small range: accepted as a hint");

	tap_eq(snp_map_gpa_range(&m.vc, 0x100000000ull | MEM, 1, 0x10, 0,
				 false),
	       (uint32_t)-KVM_EINVAL,
	       "32-bit caller: GPA truncated to 16 MiB (outside), result truncated");
	tap_eq(snp_map_gpa_range(&m.vc, 0x100000000ull | 0x700000, 1, 0x10, 0,
				 false),
	       0, "32-bit caller: GPA truncated to 0x700000, converted");
	m.fail_prepare_at = m.nr_prepare + 1;
	tap_check(map(0x0, 1, 0x10) == -KVM_EINVAL &&
			  snp_page_state(&m.vm, 0, NULL) == SNP_PAGE_SHARED,
		  "conversion refused by the back end -> -KVM_EINVAL, nothing changed");
	tap_eq(m.vm.ctr.map_gpa, m.vm.ctr.hypercalls, "hypercalls counted");
	model_free(&m);
	return tap_done();
}
