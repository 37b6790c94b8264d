// SPDX-License-Identifier: GPL-2.0-only
/*
 * snp-integrity: data through conversions, in the pattern of KVM's
 * private_mem_conversions_test (tools/testing/selftests/kvm/x86): a chunk
 * of 2 MiB + 4 KiB, private; for each (offset, size) of (0,4K) (0,2M)
 * (4K,4K) (4K,2M) (2M,4K): fill the chunk through the private view,
 * convert the range to shared, check it through the shared view and the
 * rest through the private view, write the range through the shared view,
 * convert it back, check through the private view. Once per protocol.
 *
 * What this proves under emulation: there is no encryption, and a
 * conversion is in place, so bytes survive both ways (with KVM's gmem the
 * shared and private copies are different memory and the test expects
 * the opposite). The checks show that both views of a page reach the
 * same host frame at the same offset, that a conversion touches no byte
 * inside or outside the range, and that the C-bit page-table updates,
 * PSC and PVALIDATE at 4 KiB and 2 MiB leave every other page's view
 * working.
 */
#include "snp.h"

static const struct {
	uint64_t off, size;
} ranges[] = {
	{ 0, SZ_4K },	  { 0, SZ_2M },	    { SZ_4K, SZ_4K },
	{ SZ_4K, SZ_2M }, { SZ_2M, SZ_4K },
};

#define CHUNK (SZ_2M + SZ_4K)

static void run(enum snp_proto p, uint64_t base)
{
	const char *name = snp_proto_name[p];

	report(snp_convert(p, base, CHUNK, true) == 0,
	       "%s: chunk 0x%llx+2M+4K private", name,
	       (unsigned long long)base);
	for (unsigned i = 0; i < sizeof(ranges) / sizeof(ranges[0]); i++) {
		uint64_t va = base + ranges[i].off, size = ranges[i].size;
		uint64_t s1 = 0x5a5a0000ull + i, s2 = 0xa5a50000ull + i;
		uint64_t bad;
		int r;

		fill(base, CHUNK, s1);
		r = snp_convert(p, va, size, false);
		bad = check(va, size, s1);
		report(r == 0 && bad == 0,
		       "%s (0x%llx,0x%llx) to shared: %d, %llu words differ through the shared view",
		       name, (unsigned long long)ranges[i].off,
		       (unsigned long long)size, r, (unsigned long long)bad);
		bad = check(base, ranges[i].off, s1) +
		      check(va + size, CHUNK - ranges[i].off - size, s1);
		report(bad == 0,
		       "%s (0x%llx,0x%llx): rest unchanged through the private view",
		       name, (unsigned long long)ranges[i].off,
		       (unsigned long long)size);
		fill(va, size, s2);
		r = snp_convert(p, va, size, true);
		bad = check(va, size, s2);
		report(r == 0 && bad == 0,
		       "%s (0x%llx,0x%llx) back to private: %d, %llu words differ",
		       name, (unsigned long long)ranges[i].off,
		       (unsigned long long)size, r, (unsigned long long)bad);
		bad = check(base, ranges[i].off, s1) +
		      check(va + size, CHUNK - ranges[i].off - size, s1);
		report(bad == 0, "%s (0x%llx,0x%llx): rest still unchanged",
		       name, (unsigned long long)ranges[i].off,
		       (unsigned long long)size);
	}
	report(snp_convert(p, base, CHUNK, false) == 0,
	       "%s: chunk shared again", name);
}

int guest_main(const struct guest_boot *boot)
{
	if (!snp_init(boot))
		return report_summary();
	for (unsigned p = 0; p < PROTO_NR; p++)
		run((enum snp_proto)p, snp.free_gpa + p * 2 * SZ_2M);
	printf("PVALIDATEs: 4K ok %u, 2M ok %u, 2M sizemismatch %u\n",
	       pv_stats.ok[0], pv_stats.ok[1], pv_stats.sizemismatch[1]);
	return report_summary();
}
