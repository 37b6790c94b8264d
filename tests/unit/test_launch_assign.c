// SPDX-License-Identifier: GPL-2.0-only
/*
 * snp_launch_assign() (snp/vm.c), the hypervisor's half of a launch
 * through the SEV firmware: every page of the range RMPUPDATEd to
 * Pre-Guest (SNP FW ABI "Page States": assigned to the guest's ASID at
 * its GPA, Immutable, not Validated), 2 MiB entries only where aligned
 * and allowed, the private view set, nothing validated.
 */
#include <string.h>

#include "tests/lib/model.h"
#include "tests/lib/tap.h"

#define MEM (8 * SZ_2M)

static struct rmp_entry entry(struct model *m, uint64_t gpa)
{
	struct rmp_entry e;

	memset(&e, 0, sizeof(e));
	rmp_read(&m->rmp, MODEL_SPA_BASE + gpa, &e);
	return e;
}

static bool pre_guest(struct model *m, uint64_t gpa, enum rmp_pgsize sz)
{
	struct rmp_entry e = entry(m, gpa);

	return e.assigned && e.immutable && !e.validated && !e.vmsa &&
	       e.asid == MODEL_ASID && e.gpa == gpa && e.pagesize == sz;
}

int main(void)
{
	struct model m;
	char why[160];
	bool ok = true;

	model_init(&m, MEM, SNP_RMP_MAX_2M);
	tap_eq(snp_launch_prepare(&m.vm, 0, 2 * SZ_2M + 3 * SZ_4K), 0,
	       "prepare the range: the view back end agrees");
	tap_eq(m.nr_prepare, 1, "... one prepare() for the whole range");
	m.fail_prepare_at = 2;
	tap_eq(snp_launch_prepare(&m.vm, 0, SZ_2M), -1,
	       "a refused prepare(): the launch is refused");
	m.fail_prepare_at = 0;
	tap_eq(snp_launch_assign(&m.vm, 0, 2 * SZ_2M + 3 * SZ_4K,
				 SNP_RMP_MAX_2M),
	       0, "assign 4 MiB + 12 KiB at rmp-max=2m");
	for (uint64_t p = 0; p < 2 * SZ_2M; p += SZ_4K)
		ok &= pre_guest(&m, p, RMP_PG_2M);
	tap_check(ok,
		  "... the two aligned 2 MiB chunks: 2 MiB Pre-Guest entries");
	ok = true;
	for (uint64_t p = 2 * SZ_2M; p < 2 * SZ_2M + 3 * SZ_4K; p += SZ_4K)
		ok &= pre_guest(&m, p, RMP_PG_4K);
	tap_check(ok, "... the tail: 4 KiB Pre-Guest entries");
	tap_check(!entry(&m, 2 * SZ_2M + 3 * SZ_4K).assigned,
		  "... the page after the range stays the hypervisor's");
	tap_check(m.view_private[0] == 2 && m.view_private[512] == 2 &&
			  m.view_private[1024] == 1 && m.view_shared[0] == 0,
		  "... mapped private (2 MiB leaves, then 4 KiB), not shared");
	tap_eq(m.vm.ctr.launch_pages, 1027, "... 1027 launch pages counted");
	tap_eq(m.vm.ctr.range_conversions + m.vm.ctr.rmp_updates, 0,
	       "... no conversion counted");
	tap_eq(snp_page_state(&m.vm, 0, NULL), SNP_PAGE_PRIVATE,
	       "... private, not validated, as the engine sees it");

	tap_eq(snp_launch_assign(&m.vm, 4 * SZ_2M, SZ_2M, SNP_RMP_MAX_4K), 0,
	       "assign 2 MiB at rmp-max=4k");
	tap_check(pre_guest(&m, 4 * SZ_2M, RMP_PG_4K) &&
			  pre_guest(&m, 5 * SZ_2M - SZ_4K, RMP_PG_4K),
		  "... 4 KiB entries only");
	tap_eq(snp_launch_assign(&m.vm, 0, SZ_4K, SNP_RMP_MAX_4K), -1,
	       "assign over a Pre-Guest (Immutable) page: refused");
	tap_eq(snp_launch_assign(&m.vm, 0x800, SZ_4K, SNP_RMP_MAX_4K), -1,
	       "an unaligned range: refused");
	tap_eq(snp_launch_assign(&m.vm, MEM, SZ_4K, SNP_RMP_MAX_4K), -1,
	       "outside guest memory: refused");
	tap_eq(snp_launch_assign(&m.vm, 6 * SZ_2M, 0, SNP_RMP_MAX_4K), -1,
	       "an empty range: refused");
	/* The firmware's half (SNP_LAUNCH_UPDATE) validates every entry;
	 * then the engine's invariants hold as for any launched guest. */
	for (unsigned i = 0; i < 2; i++)
		m.rmp.ops->pvalidate(&m.rmp, MODEL_SPA_BASE + i * SZ_2M,
				     i * SZ_2M, MODEL_ASID, RMP_PG_2M, true);
	for (uint64_t p = 2 * SZ_2M; p < 2 * SZ_2M + 3 * SZ_4K; p += SZ_4K)
		m.rmp.ops->pvalidate(&m.rmp, MODEL_SPA_BASE + p, p, MODEL_ASID,
				     RMP_PG_4K, true);
	for (uint64_t p = 4 * SZ_2M; p < 5 * SZ_2M; p += SZ_4K)
		m.rmp.ops->pvalidate(&m.rmp, MODEL_SPA_BASE + p, p, MODEL_ASID,
				     RMP_PG_4K, true);
	tap_check(model_check(&m, why, sizeof(why)) || !printf("# %s\n", why),
		  "after the firmware validated them, the model's invariants hold");
	model_free(&m);
	return tap_done();
}
