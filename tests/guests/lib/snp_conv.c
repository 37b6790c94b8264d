// SPDX-License-Identifier: GPL-2.0-only
/*
 * Whole private/shared conversions in the order Linux uses
 * (arch/x86/coco/sev: snp_set_memory_shared / snp_set_memory_private):
 *   private -> shared: PVALIDATE rescind, Page State Change, clear C-bit
 *   shared -> private: set C-bit, Page State Change, PVALIDATE validate
 * over any of the three protocols. See snp.h.
 */
#include "snp.h"

const char *const snp_proto_name[PROTO_NR] = {
	[PROTO_MSR] = "MSR PSC",
	[PROTO_GHCB] = "GHCB PSC",
	[PROTO_MAP_GPA] = "MAP_GPA_RANGE",
};

struct pv_stats pv_stats;

static void count(bool huge, uint32_t eax, bool cf)
{
	if (eax == PV_OK && cf)
		pv_stats.no_update[huge]++;
	else if (eax == PV_OK)
		pv_stats.ok[huge]++;
	else if (eax == PV_FAIL_SIZEMISMATCH)
		pv_stats.sizemismatch[huge]++;
	else
		pv_stats.other[huge]++;
}

int pval_range(uint64_t va, uint64_t size, bool validate)
{
	uint64_t end = va + size;

	while (va < end) {
		bool cf;
		uint32_t eax;

		if (!(va & (SZ_2M - 1)) && end - va >= SZ_2M) {
			eax = pvalidate(va, true, validate, &cf);
			count(true, eax, cf);
			if (eax == PV_OK && !cf) {
				va += SZ_2M;
				continue;
			}
			if (eax != PV_FAIL_SIZEMISMATCH)
				return (int)(eax | (cf ? 0x100 : 0));
			/* The RMP holds 4 KiB entries here: page by page. */
		}
		eax = pvalidate(va, false, validate, &cf);
		count(false, eax, cf);
		if (eax != PV_OK || cf)
			return (int)(eax | (cf ? 0x100 : 0));
		va += SZ_4K;
	}
	return 0;
}

static int64_t psc_msr(uint64_t gpa, uint64_t size, bool private)
{
	for (uint64_t p = gpa; p < gpa + size; p += SZ_4K) {
		uint64_t r = ghcb_msr_psc(p, private ? GHCB_MSR_PSC_OP_PRIVATE :
						       GHCB_MSR_PSC_OP_SHARED);

		if (r != GHCB_MSR_PSC_RESP)
			return (int64_t)r;
	}
	return 0;
}

static int64_t psc_ghcb(uint64_t gpa, uint64_t size, bool private)
{
	static psc_entry_t e[PSC_MAX_ENTRIES];
	uint64_t end = gpa + size;
	unsigned op = private ? PSC_OP_PRIVATE : PSC_OP_SHARED;

	while (gpa < end) {
		struct psc_hdr h = { 0 };
		unsigned n = 0;
		uint64_t info1, info2;

		while (gpa < end && n < PSC_MAX_ENTRIES) {
			bool huge = !(gpa & (SZ_2M - 1)) && end - gpa >= SZ_2M;

			e[n++] = PSC_ENTRY(0, gpa >> 12, op, huge);
			gpa += huge ? SZ_2M : SZ_4K;
		}
		h.end_entry = (uint16_t)(n - 1);
		/* Linux's vmgexit_psc: repeat until every entry is done. */
		while (h.cur_entry <= h.end_entry) {
			info2 = ghcb_psc_raw(&h, e, n, &info1);
			if (info1 || info2)
				return (int64_t)(info2 ? info2 : info1);
		}
	}
	return 0;
}

int64_t psc_range(enum snp_proto p, uint64_t gpa, uint64_t size, bool private)
{
	switch (p) {
	case PROTO_MSR:
		return psc_msr(gpa, size, private);
	case PROTO_GHCB:
		return psc_ghcb(gpa, size, private);
	case PROTO_MAP_GPA:
		return map_gpa_range(gpa, size >> 12,
				     (private ? KVM_MAP_GPA_RANGE_ENCRYPTED :
						KVM_MAP_GPA_RANGE_DECRYPTED) |
					     KVM_MAP_GPA_RANGE_PAGE_SZ_2M);
	default:
		return -1;
	}
}

int snp_convert(enum snp_proto p, uint64_t va, uint64_t size, bool private)
{
	int64_t r;

	if (!private) {
		if (pval_range(va, size, false))
			return -1;
		r = psc_range(p, va, size, false);
		if (r) {
			printf("%s shared 0x%llx+0x%llx: 0x%llx\n",
			       snp_proto_name[p], (unsigned long long)va,
			       (unsigned long long)size, (unsigned long long)r);
			return -2;
		}
		return pt_set_cbit(va, size, false) ? -3 : 0;
	}
	if (pt_set_cbit(va, size, true))
		return -3;
	r = psc_range(p, va, size, true);
	if (r) {
		printf("%s private 0x%llx+0x%llx: 0x%llx\n", snp_proto_name[p],
		       (unsigned long long)va, (unsigned long long)size,
		       (unsigned long long)r);
		return -2;
	}
	return pval_range(va, size, true) ? -1 : 0;
}
