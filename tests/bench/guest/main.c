// SPDX-License-Identifier: GPL-2.0-only
/*
 * bench-conv: workloads 1-3 of `make bench` (docs/bench.md) in an emulated
 * SNP guest, timed with RDTSC. tests/bench/bench-qemu.sh boots it once per RMP
 * policy and reports the ratios; the guest only measures.
 *
 *   W1  accept BENCH_SIZE like Linux: 64-entry descriptors, 2M entries,
 *       then PVALIDATE 2M with the 4K fallback (per descriptor);
 *   W2  the same with 4K entries only;
 *   W3  4096 pages one at a time through the GHCB MSR protocol, each
 *       followed by a 4K PVALIDATE.
 * Between workloads the memory goes back to shared, untimed.
 *
 * Prints "bench: wN tsc=T exits=E pv2m=A pv2m_sizemismatch=B pv4k=C".
 */
#include "snp.h"

#define BENCH_SIZE    (128ull << 20)
#define W3_PAGES      4096u
#define LINUX_PSC_MAX 64

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

static bool pval_entry(psc_entry_t e)
{
	return pval_range(PSC_ENTRY_GFN(e) << 12,
			  PSC_ENTRY_2M(e) ? SZ_2M : SZ_4K, true) == 0;
}

/* shared -> private of [va, va + size) in 64-entry descriptors. */
static bool accept(uint64_t va, uint64_t size, bool use_2m)
{
	static psc_entry_t e[LINUX_PSC_MAX];
	uint64_t end = va + size, info1, info2;
	unsigned n, i;

	if (pt_set_cbit(va, size, true))
		return false;
	while (va < end) {
		struct psc_hdr h = { 0 };

		for (n = 0; va < end && n < LINUX_PSC_MAX; n++) {
			bool huge = use_2m && !(va & (SZ_2M - 1)) &&
				    end - va >= SZ_2M;

			e[n] = PSC_ENTRY(0, va >> 12, PSC_OP_PRIVATE, huge);
			va += huge ? SZ_2M : SZ_4K;
		}
		h.end_entry = (uint16_t)(n - 1);
		while (h.cur_entry <= h.end_entry) {
			info2 = ghcb_psc_raw(&h, e, n, &info1);
			if (info1 || info2)
				return false;
		}
		for (i = 0; i < n; i++)
			if (!pval_entry(e[i]))
				return false;
	}
	return true;
}

static bool msr_accept(uint64_t va, unsigned pages)
{
	bool cf;

	if (pt_set_cbit(va, (uint64_t)pages * SZ_4K, true))
		return false;
	for (; pages; pages--, va += SZ_4K) {
		if (ghcb_msr_psc(va, GHCB_MSR_PSC_OP_PRIVATE) !=
			    GHCB_MSR_PSC_RESP ||
		    pvalidate(va, false, true, &cf) != PV_OK || cf)
			return false;
		pv_stats.ok[0]++;
	}
	return true;
}

static void run(unsigned w, uint64_t va)
{
	uint64_t size = w == 3 ? W3_PAGES * SZ_4K : BENCH_SIZE;
	uint64_t t, exits;
	bool ok;

	pv_stats = (struct pv_stats){ 0 };
	exits = exit_count(HC_COUNT_ALL);
	t = rdtsc();
	ok = w == 3 ? msr_accept(va, W3_PAGES) : accept(va, size, w == 1);
	t = rdtsc() - t;
	/* The exit-count hypercall itself is one exit. */
	exits = exit_count(HC_COUNT_ALL) - exits - 1;
	report(ok, "workload %u: 0x%llx bytes accepted", w,
	       (unsigned long long)size);
	printf("bench: w%u tsc=%llu exits=%llu pv2m=%u pv2m_sizemismatch=%u pv4k=%u\n",
	       w, (unsigned long long)t, (unsigned long long)exits,
	       pv_stats.ok[1], pv_stats.sizemismatch[1], pv_stats.ok[0]);
	report(snp_convert(PROTO_GHCB, va, size, false) == 0,
	       "workload %u: memory back to shared", w);
}

int guest_main(const struct guest_boot *boot)
{
	uint64_t va;
	unsigned w;

	if (!snp_init(boot))
		return report_summary();
	va = (snp.free_gpa + SZ_2M - 1) & ~(SZ_2M - 1);
	if (va + BENCH_SIZE > snp.shared_end) {
		report(false,
		       "need 0x%llx bytes of shared memory (mem= too small)",
		       (unsigned long long)BENCH_SIZE);
		return report_summary();
	}
	for (w = 1; w <= 3; w++)
		run(w, va);
	return report_summary();
}
