// SPDX-License-Identifier: GPL-2.0-only
/*
 * Guest tear-down, the pool and the ASIDs: what one emulated SNP guest
 * takes from the hypervisor's pool (nested page tables with both C-bit
 * views, the software RMP table) and its ASID must all come back when
 * it is torn down, so that every later guest can do exactly what the
 * first did. The guest here makes one 4 KiB page of each 2 MiB region
 * private, as tests/guests/snp-convert-all does: that costs two page
 * tables per region, so the pool holds one such guest but not two.
 *
 * svm/asid.c: lowest free ASID first, recycled after a free, refusals
 * for ASIDs that were never handed out.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "snp/view_npt.h"
#include "mm/npt.h"
#include "mm/palloc.h"
#include "mm/rmp.h"
#include "svm/asid.h"
#include "tests/lib/tap.h"

#define POOL (2ull << 20)
#define RAM  (256ull << 20)
#define HPA  0x40000000ull /* fake host addresses: never dereferenced */
#define CBIT 47

struct guest {
	struct npt npt;
	struct snp_npt_view view;
	struct rmp rmp;
	uint64_t *rmp_table;
	uint64_t rmp_pages;
	uint32_t asid;
	unsigned converted; /* regions with a private page */
};

static unsigned nr_regions(void)
{
	return (unsigned)(RAM / SZ_2M) - 2; /* not the first, last */
}

/*
 * What vm_create and snp_guest_create take from the pool, then the
 * guest's conversions until the first refusal. 0, or -1 if the guest
 * could not even be built.
 */
static int build(struct guest *g, struct palloc *pa, struct svm_asid_pool *ap)
{
	const struct snp_view_ops *ops = &snp_view_npt_ops;

	memset(g, 0, sizeof(*g));
	if (svm_asid_alloc(ap, &g->asid))
		return -1;
	if (npt_init(&g->npt, pa) || npt_map(&g->npt, 0, HPA, RAM, NPT_RWX) ||
	    snp_view_init(&g->view, &g->npt, CBIT, 0, HPA, RAM))
		return -1;
	g->rmp_pages = (RAM / 4096) * rmp_sw_entry_bytes() / 4096;
	g->rmp_table = palloc_alloc(pa, g->rmp_pages, 1);
	if (!g->rmp_table)
		return -1;
	rmp_sw_init(&g->rmp, HPA, RAM, g->rmp_table);
	for (unsigned r = 1; r <= nr_regions(); r++) {
		uint64_t gpa = (uint64_t)r * SZ_2M;

		if (ops->prepare(&g->view, gpa, 1, true) ||
		    ops->set_view(&g->view, gpa, SZ_4K, SNP_VIEW_PRIVATE))
			break;
		g->converted++;
	}
	return 0;
}

/* What vm_destroy and snp_guest_destroy give back. */
static void destroy(struct guest *g, struct palloc *pa,
		    struct svm_asid_pool *ap)
{
	if (g->rmp_table)
		palloc_free(pa, g->rmp_table, g->rmp_pages);
	npt_destroy(&g->npt);
	if (g->asid)
		svm_asid_free(ap, g->asid);
}

static void asids(void)
{
	struct svm_asid_pool p;
	uint32_t a = 0, b = 0, c = 0, d = 0;

	int r;

	svm_asid_pool_init(&p, 4); /* ASID 0 is the host's: 1..3 */
	r = svm_asid_alloc(&p, &a) | svm_asid_alloc(&p, &b) |
	    svm_asid_alloc(&p, &c);
	tap_check(!r && a == 1 && b == 2 && c == 3,
		  "asid: 1, 2, 3 handed out in order (got %u %u %u)", a, b, c);
	tap_eq(svm_asid_alloc(&p, &d), -ENOSPC, "asid: a fourth is refused");
	tap_eq(svm_asid_free(&p, 2), 0, "asid: 2 given back");
	r = svm_asid_alloc(&p, &d);
	tap_check(!r && d == 2,
		  "asid: the freed ASID is handed out again (got %u)", d);
	tap_eq(svm_asid_free(&p, 0), -EINVAL,
	       "asid: the host's ASID 0 cannot be freed");
	tap_eq(svm_asid_free(&p, 4), -EINVAL,
	       "asid: an ASID beyond the CPU's is refused");
	svm_asid_free(&p, 3);
	tap_eq(svm_asid_free(&p, 3), -EINVAL, "asid: a double free is refused");
	tap_eq(p.nr_used, 2, "asid: 2 in use");

	svm_asid_pool_init(&p, 1u << 20);
	tap_eq(p.limit, SVM_ASID_MAX,
	       "asid: a CPU with 2^20 ASIDs is capped at %u", SVM_ASID_MAX);
	svm_asid_pool_init(&p, 1);
	tap_eq(svm_asid_alloc(&p, &a), -ENOSPC,
	       "asid: no guest ASID on a CPU with one");
}

int main(void)
{
	void *buf = aligned_alloc(2 << 20, POOL);
	struct svm_asid_pool ap;
	struct palloc pa;
	struct guest g, keep;
	uint64_t free0, used1 = 0;
	uint32_t asid1 = 0;
	int ok = 1;

	asids();

	palloc_init(&pa, (uintptr_t)buf, POOL);
	/* A CPU with 3 guest ASIDs: more guests than that must still run. */
	svm_asid_pool_init(&ap, 4);
	free0 = pa.nr_free;
	for (int i = 0; i < 8; i++) {
		int built = build(&g, &pa, &ap);
		uint64_t used = free0 - pa.nr_free;

		if (i == 0) {
			used1 = used;
			asid1 = g.asid;
			tap_check(built == 0 && g.converted == nr_regions(),
				  "teardown: guest 1 converts %u of %u regions, %llu pool pages",
				  g.converted, nr_regions(),
				  (unsigned long long)used);
			tap_check(used1 * 2 > free0,
				  "teardown: the pool (%llu pages) does not hold two such guests",
				  (unsigned long long)free0);
		} else if (built || g.converted != nr_regions() ||
			   used != used1 || g.asid != asid1) {
			ok = tap_check(0,
				       "teardown: guest %d converts %u of %u regions with %llu pages, ASID %u (built %d)",
				       i + 1, g.converted, nr_regions(),
				       (unsigned long long)used, g.asid, built);
			destroy(&g, &pa, &ap);
			break;
		}
		destroy(&g, &pa, &ap);
		if (pa.nr_free != free0 || g.npt.nr_tables) {
			ok = tap_check(0,
				       "teardown: after guest %d, %llu of %llu pool pages free, %llu tables left",
				       i + 1, (unsigned long long)pa.nr_free,
				       (unsigned long long)free0,
				       (unsigned long long)g.npt.nr_tables);
			break;
		}
	}
	if (ok)
		tap_check(1,
			  "teardown: 8 guests in turn each convert all %u regions with the same %llu pages and ASID %u; pool back to %llu free each time",
			  nr_regions(), (unsigned long long)used1, asid1,
			  (unsigned long long)free0);

	/*
	 * Without a tear-down in between, the second guest runs short: here
	 * it cannot even get its RMP table. Half built, it is torn down too.
	 */
	build(&keep, &pa, &ap);
	tap_check(build(&g, &pa, &ap) < 0 || g.converted < nr_regions(),
		  "teardown: a second guest alongside the first runs short (%u of %u)",
		  g.converted, nr_regions());
	destroy(&g, &pa, &ap);
	destroy(&keep, &pa, &ap);
	tap_eq(pa.nr_free, free0,
	       "teardown: both given back, the pool is whole again");
	tap_eq(ap.nr_used, 0, "teardown: no ASID left in use");
	free(buf);
	return tap_done();
}
