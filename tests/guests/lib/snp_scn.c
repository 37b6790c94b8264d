// SPDX-License-Identifier: GPL-2.0-only
/*
 * What the conversion scenarios share: patterns and the "convert a 4 KiB
 * and a 2 MiB range both ways" sequence for one protocol (snp.h).
 */
#include "snp.h"

static uint64_t pattern(uint64_t a, uint64_t salt)
{
	return (a * 0x9e3779b97f4a7c15ull) ^ salt;
}

void fill(uint64_t va, uint64_t size, uint64_t salt)
{
	for (uint64_t a = va; a < va + size; a += 8)
		*(volatile uint64_t *)a = pattern(a, salt);
}

uint64_t check(uint64_t va, uint64_t size, uint64_t salt)
{
	uint64_t bad = 0;

	for (uint64_t a = va; a < va + size; a += 8)
		if (*(volatile uint64_t *)a != pattern(a, salt)) {
			if (!bad)
				printf("  first mismatch at 0x%llx: 0x%llx\n",
				       (unsigned long long)a,
				       (unsigned long long)*(
					       volatile uint64_t *)a);
			bad++;
		}
	return bad;
}

static void one(enum snp_proto p, uint64_t va, uint64_t size, bool expect_2m_pv)
{
	const char *name = snp_proto_name[p];
	const char *sz = size == SZ_2M ? "2M" : "4K";
	struct pv_stats before = pv_stats;
	bool huge = size == SZ_2M;
	int r;

	/* shared -> private: data written through the shared view stays. */
	fill(va, size, 0x1111);
	r = snp_convert(p, va, size, true);
	report(r == 0 && pt_cbit(va),
	       "%s %s 0x%llx shared->private (set C, PSC, validate): %d", name,
	       sz, (unsigned long long)va, r);
	if (huge) {
		bool ok = expect_2m_pv ?
				  pv_stats.ok[1] == before.ok[1] + 1 &&
					  pv_stats.ok[0] == before.ok[0] :
				  pv_stats.sizemismatch[1] ==
						  before.sizemismatch[1] + 1 &&
					  pv_stats.ok[0] == before.ok[0] + 512;

		report(ok,
		       "%s 2M validate: %s (2M ok %u, 2M sizemismatch %u, 4K ok %u)",
		       name,
		       expect_2m_pv ? "one 2M PVALIDATE" :
				      "FAIL_SIZEMISMATCH then 512 x 4K",
		       pv_stats.ok[1] - before.ok[1],
		       pv_stats.sizemismatch[1] - before.sizemismatch[1],
		       pv_stats.ok[0] - before.ok[0]);
	}
	report(check(va, size, 0x1111) == 0,
	       "%s %s: bytes kept through the private view", name, sz);
	fill(va, size, 0x2222);

	/* private -> shared: rescind, PSC, clear C; read through shared. */
	before = pv_stats;
	r = snp_convert(p, va, size, false);
	report(r == 0 && !pt_cbit(va),
	       "%s %s 0x%llx private->shared (rescind, PSC, clear C): %d", name,
	       sz, (unsigned long long)va, r);
	if (huge)
		report(expect_2m_pv ? pv_stats.ok[1] == before.ok[1] + 1 :
				      pv_stats.ok[0] == before.ok[0] + 512,
		       "%s 2M rescind: %s", name,
		       expect_2m_pv ? "one 2M PVALIDATE" : "512 x 4K");
	report(check(va, size, 0x2222) == 0,
	       "%s %s: bytes kept through the shared view", name, sz);
}

void conv_scenario(enum snp_proto p, uint64_t base, bool expect_2m_pv)
{
	/* A 4 KiB page inside a 2 MiB guest page, then a whole 2 MiB page. */
	one(p, base + SZ_4K, SZ_4K, expect_2m_pv);
	one(p, base + SZ_2M, SZ_2M, expect_2m_pv);
	/* And once more, after the first round split and merged things. */
	one(p, base + SZ_2M + 5 * SZ_4K, SZ_4K, expect_2m_pv);
	one(p, base + SZ_2M, SZ_2M, expect_2m_pv);
}
