// SPDX-License-Identifier: GPL-2.0-only
/*
 * KVM_HC_MAP_GPA_RANGE (hypercall 12), as documented in Linux
 * Documentation/virt/kvm/x86/hypercalls.rst: RBX = GPA, RCX = number of
 * 4 KiB pages, RDX = attributes; the result goes to RAX.
 *
 * Checks in order: 32-bit callers have their arguments truncated; CPL
 * must be 0 (-KVM_EPERM); the GPA page-aligned, the count non-zero and
 * the range not wrapping (-KVM_EINVAL); attribute bits 63:5 are
 * documented must-be-zero and the size hint must be 4K, 2M or 1G
 * (-KVM_EINVAL, which KVM 6.12 does not check); the range must be guest
 * memory (-KVM_EINVAL; KVM leaves that to its userspace). The size hint
 * is a hint: 2 MiB RMP entries are used where the range allows, 1G is
 * treated as 2M (snpvisor has no 1 GiB RMP pages).
 */
#include "guest-abi/map_gpa.h"
#include "include/log.h"
#include "snp/internal.h"

/*
 * The checks, in the order above, and the conversion: the result before a
 * 32-bit caller's truncation.
 */
static inline int64_t map_gpa(struct snp_vm *vm, uint64_t gpa, uint64_t npages,
			      uint64_t attrs, unsigned cpl)
{
	uint64_t hint = attrs & KVM_MAP_GPA_RANGE_PAGE_SZ_MASK;
	enum conv_rc rc;

	if (cpl != 0) {
		log_warn_rl("MAP_GPA_RANGE from CPL %u refused", cpl);
		return -KVM_EPERM;
	}
	if ((gpa & (SZ_4K - 1)) || npages == 0 ||
	    (gpa >> 12) + npages <= (gpa >> 12)) {
		log_warn_rl("MAP_GPA_RANGE gpa=0x%llx npages=%llu: unaligned, empty or wrapping",
			    (unsigned long long)gpa,
			    (unsigned long long)npages);
		return -KVM_EINVAL;
	}
	if ((attrs & KVM_MAP_GPA_RANGE_RSVD_MASK) ||
	    hint > KVM_MAP_GPA_RANGE_PAGE_SZ_1G) {
		log_warn_rl("MAP_GPA_RANGE attributes 0x%llx: reserved bits or size hint set",
			    (unsigned long long)attrs);
		return -KVM_EINVAL;
	}
	rc = snp_convert(vm, gpa, npages, attrs & KVM_MAP_GPA_RANGE_ENCRYPTED,
			 hint != KVM_MAP_GPA_RANGE_PAGE_SZ_4K);
	if (rc == CONV_OK)
		return 0;
	log_warn_rl("MAP_GPA_RANGE gpa=0x%llx npages=%llu: %s",
		    (unsigned long long)gpa, (unsigned long long)npages,
		    rc == CONV_OUTSIDE ? "not guest memory" :
					 "conversion failed");
	return -KVM_EINVAL;
}

/* A 32-bit caller's result is truncated like its arguments. */
static inline int64_t map_gpa_result(int64_t ret, bool long_mode)
{
	return long_mode ? ret : (int64_t)(uint32_t)ret;
}

/* map_gpa() between its map.req and map.resp trace lines; out of line, as
 * a trace sink is set only in tests and debug runs. */
static __attribute__((noinline)) int64_t
map_gpa_traced(struct snp_vm *vm, uint64_t gpa, uint64_t npages, uint64_t attrs,
	       unsigned cpl, bool long_mode)
{
	int64_t ret;

	snp_tracef_emit(vm, "map.req gpa=0x%llx npages=%llu attrs=0x%llx",
			(unsigned long long)gpa, (unsigned long long)npages,
			(unsigned long long)attrs);
	ret = map_gpa_result(map_gpa(vm, gpa, npages, attrs, cpl), long_mode);
	snp_tracef_emit(vm, "map.resp ret=0x%llx", (unsigned long long)ret);
	return ret;
}

int64_t snp_map_gpa_range(struct snp_vcpu *vc, uint64_t gpa, uint64_t npages,
			  uint64_t attrs, unsigned cpl, bool long_mode)
{
	struct snp_vm *vm = vc->vm;

	vm->ctr.hypercalls++;
	vm->ctr.map_gpa++;
	if (!long_mode) {
		gpa = (uint32_t)gpa;
		npages = (uint32_t)npages;
		attrs = (uint32_t)attrs;
	}
	if (snp_tracing(vm))
		return map_gpa_traced(vm, gpa, npages, attrs, cpl, long_mode);
	return map_gpa_result(map_gpa(vm, gpa, npages, attrs, cpl), long_mode);
}
