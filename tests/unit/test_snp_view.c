// SPDX-License-Identifier: GPL-2.0-only
/*
 * snp/view_npt.c: the C-bit alias over mm/npt. Each view change presents
 * exactly one of GPA and GPA|C-bit at the right size; prepare() refuses
 * when the pool cannot hold the tables a conversion may need; and the
 * engine driving these ops (launch, MAP_GPA_RANGE, PVALIDATE, PSMASH)
 * leaves the nested tables agreeing with the RMP.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "guest-abi/map_gpa.h"
#include "snp/view_npt.h"
#include "tests/lib/tap.h"

#define POOL (8ull << 20)
#define RAM  (16ull << 20)
#define HPA  0x40000000ull /* fake host addresses: never dereferenced */
#define CBIT 47
#define C    (1ull << CBIT)

/* 0: unmapped; else the page size it maps HPA + gpa with. */
static uint64_t at(const struct npt *npt, uint64_t gpa)
{
	struct npt_mapping m;

	if (npt_lookup(npt, gpa, &m))
		return 0;
	return m.hpa == HPA + (gpa & ~C) ? m.page_size : 1;
}

static int only_shared(const struct npt *npt, uint64_t gpa, uint64_t size)
{
	return at(npt, gpa) == size && at(npt, gpa | C) == 0;
}

static int only_private(const struct npt *npt, uint64_t gpa, uint64_t size)
{
	return at(npt, gpa) == 0 && at(npt, gpa | C) == size;
}

static void view_ops(struct palloc *pa)
{
	struct snp_npt_view sv;
	struct npt npt;
	const struct snp_view_ops *ops = &snp_view_npt_ops;

	npt_init(&npt, pa);
	npt_map(&npt, 0, HPA, RAM, NPT_RWX);
	tap_eq(snp_view_init(&sv, &npt, 40, 0, HPA, RAM), 0,
	       "view: init with C-bit 40 accepted");
	tap_eq(snp_view_init(&sv, &npt, 48, 0, HPA, RAM), -EINVAL,
	       "view: C-bit 48 is beyond a 4-level table: refused");
	tap_eq(snp_view_init(&sv, &npt, CBIT, 0, HPA + 0x1000, RAM), -EINVAL,
	       "view: unaligned RAM refused");
	tap_eq(snp_view_init(&sv, &npt, CBIT, 0, HPA, RAM), 0, "view: init");
	tap_check(at(&npt, C) == 0,
		  "view: guest memory starts with no private view");
	tap_check(only_shared(&npt, 0, SZ_2M), "view: ... and the shared view");

	tap_eq(ops->set_view(&sv, 0x200000, SZ_2M, SNP_VIEW_PRIVATE), 0,
	       "view: 2M private");
	tap_check(only_private(&npt, 0x200000, SZ_2M) &&
			  only_private(&npt, 0x3ff000, SZ_2M),
		  "view: GPA|C maps the same frame with a 2M leaf, GPA unmapped");
	tap_eq(ops->set_view(&sv, 0x201000, SZ_4K, SNP_VIEW_SHARED), 0,
	       "view: one 4K page of it shared");
	tap_check(only_shared(&npt, 0x201000, SZ_4K) &&
			  only_private(&npt, 0x200000, SZ_4K) &&
			  only_private(&npt, 0x202000, SZ_4K),
		  "view: the 2M private leaf split, neighbours stay private");
	tap_eq(ops->set_view(&sv, 0x202000, SZ_4K, SNP_VIEW_NONE), 0,
	       "view: one page in neither view");
	tap_check(at(&npt, 0x202000) == 0 && at(&npt, 0x202000 | C) == 0,
		  "view: NONE unmaps both addresses");
	tap_eq(ops->set_view(&sv, 0x200000, SZ_2M, SNP_VIEW_SHARED), 0,
	       "view: whole 2M shared again");
	tap_check(only_shared(&npt, 0x200000, SZ_2M) &&
			  only_shared(&npt, 0x202000, SZ_2M),
		  "view: folded back to one 2M shared leaf");
	tap_eq(ops->set_view(&sv, 0x201000, SZ_2M, SNP_VIEW_SHARED), -EINVAL,
	       "view: unaligned 2M refused");
	tap_eq(ops->set_view(&sv, RAM, SZ_4K, SNP_VIEW_SHARED), -EINVAL,
	       "view: outside guest memory refused");
	tap_eq(ops->set_view(&sv, 0, 0x3000, SNP_VIEW_SHARED), -EINVAL,
	       "view: sizes other than 4K/2M refused");

	tap_eq(snp_view_tables_needed(0x1ff000, 2), 4,
	       "view: 2 pages across a 2M boundary may need 4 tables");
	tap_eq(ops->prepare(&sv, 0, RAM >> 12, true), 0,
	       "view: prepare with room");
	tap_eq(ops->prepare(&sv, RAM - 0x1000, 2, true), -EINVAL,
	       "view: prepare beyond memory refused");
	npt_destroy(&npt);
}

static void prepare_refuses(void)
{
	void *buf = aligned_alloc(2 << 20, 2 << 20);
	struct palloc pa;
	struct snp_npt_view sv;
	struct npt npt;

	palloc_init(&pa, (uintptr_t)buf, 2 << 20);
	npt_init(&npt, &pa);
	npt_map(&npt, 0, HPA, RAM, NPT_RWX);
	snp_view_init(&sv, &npt, CBIT, 0, HPA, RAM);
	/* Leave fewer pages than one 2M region's worth plus the reserve. */
	while (pa.nr_free > SNP_VIEW_RESERVE + 1)
		palloc_page(&pa);
	tap_eq(snp_view_npt_ops.prepare(&sv, 0, 1, true), -ENOMEM,
	       "view: prepare refuses when tables + reserve do not fit");
	tap_eq(sv.refusals, 1, "view: refusal counted");
	free(buf);
}

/* The shared alias of a private page, for a walk or a fetch. */
static void alias(struct palloc *pa)
{
	struct snp_npt_view sv;
	struct npt_mapping m;
	struct npt npt;

	npt_init(&npt, pa);
	npt_map(&npt, 0, HPA, RAM, NPT_RWX);
	snp_view_init(&sv, &npt, CBIT, 0, HPA, RAM);
	snp_view_npt_ops.set_view(&sv, 0x200000, SZ_2M, SNP_VIEW_PRIVATE);
	tap_eq(snp_view_alias(&sv, 0x201000, NPT_R | NPT_X), 0,
	       "alias: opened for a fetch");
	tap_check(npt_lookup(&npt, 0x201000, &m) == 0 &&
			  m.hpa == HPA + 0x201000 && m.page_size == SZ_4K &&
			  m.flags == (NPT_R | NPT_X),
		  "alias: the same frame at the shared address, 4K, R+X, not writable");
	tap_check(at(&npt, 0x200000) == 0 && at(&npt, 0x202000) == 0,
		  "alias: only that page");
	tap_check(at(&npt, 0x201000 | C) == SZ_2M,
		  "alias: the private view untouched");
	tap_eq(snp_view_alias(&sv, 0x201000, NPT_R | NPT_W), 0,
	       "alias: reopened for a walk");
	tap_check(npt_lookup(&npt, 0x201000, &m) == 0 &&
			  m.flags == (NPT_R | NPT_W),
		  "alias: R+W, not executable");
	tap_eq(snp_view_alias(&sv, 0x201000, 0), 0, "alias: closed");
	tap_check(only_private(&npt, 0x200000, SZ_2M) &&
			  at(&npt, 0x201000) == 0,
		  "alias: closed, only the private view is left");
	tap_eq(snp_view_alias(&sv, 0x201800, NPT_R), -EINVAL,
	       "alias: unaligned refused");
	tap_eq(snp_view_alias(&sv, RAM, NPT_R), -EINVAL,
	       "alias: beyond RAM refused");
	tap_eq(snp_view_alias(&sv, 0x201000, 1u << 5), -EINVAL,
	       "alias: unknown flag refused");
	npt_destroy(&npt);
}

/* The engine over these ops: what the hypervisor runs. */
static void with_engine(struct palloc *pa)
{
	static uint64_t table[RAM / 4096];
	static uint8_t host[4096];
	struct snp_npt_view sv;
	struct npt npt;
	struct rmp rmp;
	struct snp_vm vm;
	struct snp_vcpu vc;
	struct snp_pvalidate_out o;

	memset(table, 0, sizeof(table));
	npt_init(&npt, pa);
	npt_map(&npt, 0, HPA, RAM, NPT_RWX);
	snp_view_init(&sv, &npt, CBIT, 0, HPA, RAM);
	tap_check(rmp_setup(&rmp, RMP_MODE_SW, HPA, RAM, table),
		  "engine: software RMP");
	snp_vm_setup(&vm, &(struct snp_vm_config){
				  .name = "t",
				  .asid = 1,
				  .cbit = CBIT,
				  .regions = &(struct snp_region){ 0, RAM, HPA,
								   host },
				  .nr_regions = 1,
				  .rmp = &rmp,
				  .view = &snp_view_npt_ops,
				  .view_ctx = &sv,
			  });
	snp_vcpu_init(&vc, &vm);

	tap_eq(snp_launch_range(&vm, 0, 0x200000, vm.rmp_max), 0,
	       "engine: launch low 2M");
	tap_check(only_private(&npt, 0, SZ_2M),
		  "engine: launched 2M is private-only");
	{
		struct npt_mapping m;

		tap_check(snp_alias_set(&vm, 0x1000, SNP_ALIAS_FETCH) == 0 &&
				  npt_lookup(&npt, 0x1000, &m) == 0 &&
				  m.page_size == SZ_4K &&
				  m.flags == (NPT_R | NPT_X),
			  "engine: alias op, a fetch: the shared address R+X");
		tap_check(snp_alias_set(&vm, 0x1000, 0) == 0 &&
				  at(&npt, 0x1000) == 0 &&
				  only_private(&npt, 0, SZ_2M),
			  "engine: alias op closed, only the private view is left");
		tap_check(snp_alias_set(&vm, 0x400000, SNP_ALIAS_WALK) != 0 &&
				  at(&npt, 0x400000) == SZ_2M,
			  "engine: no alias of a shared page");
	}
	tap_eq(snp_map_gpa_range(&vc, 0x400000, 512,
				 KVM_MAP_GPA_RANGE_ENCRYPTED |
					 KVM_MAP_GPA_RANGE_PAGE_SZ_2M,
				 0, true),
	       0, "engine: MAP_GPA_RANGE 2M private");
	tap_check(at(&npt, 0x400000) == 0 && at(&npt, 0x400000 | C) == 0,
		  "engine: private, not validated: no view");
	o = snp_pvalidate(&vc, 0x400000, 0x400000, 1, 1);
	tap_check(o.action == SNP_RESUME && o.eax == 0 && !o.cf,
		  "engine: 2M PVALIDATE ok");
	tap_check(only_private(&npt, 0x400000, SZ_2M),
		  "engine: private view, 2M leaf");
	o = snp_pvalidate(&vc, 0x401000, 0x401000, 0, 0);
	tap_check(o.action == SNP_RESUME && o.eax == 0 && !o.cf,
		  "engine: 4K rescind inside (PSMASH)");
	tap_check(at(&npt, 0x401000) == 0 && at(&npt, 0x401000 | C) == 0 &&
			  only_private(&npt, 0x400000, SZ_4K) &&
			  only_private(&npt, 0x402000, SZ_4K),
		  "engine: that page in no view, neighbours private at 4K");
	tap_eq(snp_map_gpa_range(&vc, 0x400000, 512,
				 KVM_MAP_GPA_RANGE_PAGE_SZ_2M, 0, true),
	       0, "engine: MAP_GPA_RANGE 2M shared");
	tap_check(only_shared(&npt, 0x400000, SZ_2M),
		  "engine: shared 2M leaf again");
	tap_eq(snp_access_fault(&vc, 0x600000, true), SNP_RESUME,
	       "engine: private access to a shared page converts (implicit)");
	tap_check(at(&npt, 0x600000) == 0 && at(&npt, 0x600000 | C) == 0,
		  "engine: ... to private, not validated: no view");
	tap_eq(snp_access_fault(&vc, 0x600000, true), SNP_STOP,
	       "engine: private access to it now stops (not validated)");
	npt_destroy(&npt);
}

int main(void)
{
	void *buf = aligned_alloc(2 << 20, POOL);
	struct palloc pa;

	palloc_init(&pa, (uintptr_t)buf, POOL);
	view_ops(&pa);
	prepare_refuses();
	alias(&pa);
	with_engine(&pa);
	free(buf);
	return tap_done();
}
