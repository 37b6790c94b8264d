// SPDX-License-Identifier: GPL-2.0-only
/*
 * PVALIDATE as the guest sees it through the engine: 2M validation on 2M
 * entries, the FAIL_SIZEMISMATCH fallback under policy 4K, "no update",
 * PSMASH on a 4K operation inside a 2M page, the mismatch policies, and
 * launch pre-validation.
 */
#include <string.h>

#include "guest-abi/map_gpa.h"
#include "tests/lib/model.h"
#include "tests/lib/tap.h"

#define MEM (8 * SZ_2M)

static struct model m;

static struct snp_pvalidate_out pv(uint64_t gpa, uint32_t size, uint32_t v)
{
	struct snp_pvalidate_out o = snp_pvalidate(&m.vc,
						   gpa | 0xffff800000000000ull,
						   gpa, size, v);
	char why[200];

	if (!model_check(&m, why, sizeof(why)))
		tap_check(0, "invariants: %s", why);
	return o;
}

static void linux_accept(enum snp_rmp_max pol)
{
	struct snp_pvalidate_out o;
	unsigned i, bad = 0;

	model_free(&m);
	model_init(&m, MEM, pol);
	snp_map_gpa_range(&m.vc, 0x400000, 512, 0x11, 0, true);
	o = pv(0x400000, 1, 1);
	if (pol == SNP_RMP_MAX_2M) {
		tap_check(o.action == SNP_RESUME && o.eax == 0 && !o.cf &&
				  m.view_private[0x400] == 2,
			  "policy 2M: 2M PVALIDATE succeeds, private view mapped at 2M");
		return;
	}
	tap_check(o.action == SNP_RESUME && o.eax == 6 && !o.cf,
		  "policy 4K: 2M PVALIDATE -> FAIL_SIZEMISMATCH (6)");
	for (i = 0; i < 512; i++) {
		o = pv(0x400000 + i * 0x1000ull, 0, 1);
		bad += o.eax != 0 || o.cf;
	}
	tap_check(bad == 0 && m.vm.ctr.pvalidate[0][SNP_PV_OK] == 512 &&
			  m.vm.ctr.pvalidate[1][SNP_PV_FAIL_SIZEMISMATCH] == 1,
		  "policy 4K: the 512 x 4K fallback validates every page");
}

/*
 * The shared alias of a validated private page (page walks and fetches
 * through its shared address): a view op the model records and checks.
 */
static void alias_views(void)
{
	char why[200];

	model_reset(&m, SNP_RMP_MAX_2M);
	snp_launch_range(&m.vm, 0x200000, SZ_2M, m.vm.rmp_max);
	tap_check(snp_alias_set(&m.vm, 0x201000, SNP_ALIAS_FETCH) == 0 &&
			  m.view_alias[0x201] == SNP_ALIAS_FETCH &&
			  model_check(&m, why, sizeof(why)),
		  "alias: opened on a validated page, next to its private view");
	tap_check(snp_alias_set(&m.vm, 0x201000,
				SNP_ALIAS_FETCH | SNP_ALIAS_WALK) == 0 &&
			  m.view_alias[0x201] ==
				  (SNP_ALIAS_FETCH | SNP_ALIAS_WALK) &&
			  m.nr_alias_ops == 2,
		  "alias: widened for a walk of the same page");
	tap_check(snp_alias_set(&m.vm, 0x400000, SNP_ALIAS_WALK) != 0 &&
			  !m.view_alias[0x400] && m.nr_alias_ops == 2,
		  "alias: refused on a shared page, the back end not called");
	tap_check(snp_alias_set(&m.vm, 0x201000, 0) == 0 &&
			  !m.view_alias[0x201] &&
			  model_check(&m, why, sizeof(why)),
		  "alias: closed");
	snp_alias_set(&m.vm, 0x201000, SNP_ALIAS_WALK);
	snp_map_gpa_range(&m.vc, 0x201000, 1, 0, 0, true);
	tap_check(!model_check(&m, why, sizeof(why)) &&
			  strstr(why, "open shared alias"),
		  "alias: a conversion under an open alias breaks the model's invariant");
	model_reset(&m, SNP_RMP_MAX_2M);
	m.view_alias[0x300] = SNP_ALIAS_WALK;
	tap_check(!model_check(&m, why, sizeof(why)) &&
			  strstr(why, "not validated"),
		  "alias: an alias on a shared page breaks the model's invariant");
	/* model_check() skips pages in their reset state: an RMP entry
	 * written past the model's forwarding ops must still be seen. */
	model_reset(&m, SNP_RMP_MAX_2M);
	m.rmp_sw_ops->update(&m.rmp, MODEL_SPA_BASE + 0x305000,
			     &(const struct rmp_state){ .gpa = 0x305000,
							.assigned = true,
							.asid = MODEL_ASID });
	tap_check(!model_check(&m, why, sizeof(why)) &&
			  strstr(why,
				 "gpa 0x305000: shared view on an assigned"),
		  "model: an assignment no operation reported is caught");
	m.view_alias[0x300] = 0;
}

int main(void)
{
	struct snp_pvalidate_out o;
	enum rmp_pgsize sz;

	model_init(&m, MEM, SNP_RMP_MAX_2M);
	linux_accept(SNP_RMP_MAX_2M);
	o = pv(0x400000, 1, 1);
	tap_check(o.eax == 0 && o.cf,
		  "validating twice: EAX 0, CF=1 (no update)");
	o = pv(0x401000, 0, 0);
	tap_check(o.action == SNP_RESUME && o.eax == 0 && !o.cf &&
			  m.vm.ctr.psmashes == 1 &&
			  snp_page_state(&m.vm, 0x401000, &sz) ==
				  SNP_PAGE_PRIVATE &&
			  sz == RMP_PG_4K &&
			  snp_page_state(&m.vm, 0x402000, NULL) ==
				  SNP_PAGE_VALIDATED,
		  "4K rescind inside a validated 2M page: PSMASH, that page only");
	o = pv(0x401000, 2, 1);
	tap_check(o.action == SNP_RESUME && o.eax == 1 &&
			  m.vm.ctr.pvalidate_bad_size == 1,
		  "ECX=2 -> FAIL_INPUT, counted as a bad size");
	o = snp_pvalidate(&m.vc, 0x1234, 0x401234, 0, 1);
	tap_check(o.action == SNP_RESUME && o.eax == 0 && !o.cf &&
			  snp_page_state(&m.vm, 0x401000, NULL) ==
				  SNP_PAGE_VALIDATED,
		  "4K PVALIDATE: bits 11:0 of the address are not looked at, the page is validated");
	o = snp_pvalidate(&m.vc, 0x201000, 0x400000, 1, 1);
	tap_check(o.action == SNP_RESUME && o.eax == 1,
		  "2M PVALIDATE, virtual address not 2M-aligned -> FAIL_INPUT");
	o = pv(0x402000, 1, 1);
	tap_check(o.eax == 1,
		  "2M PVALIDATE at a non-2M-aligned address -> FAIL_INPUT");
	o = pv(MEM, 0, 1);
	tap_check(o.action == SNP_STOP,
		  "PVALIDATE outside guest memory: guest stopped");

	linux_accept(SNP_RMP_MAX_4K);

	/* PVALIDATE of a shared page: the mismatch policy decides. */
	o = pv(0x10000, 0, 1);
	tap_check(o.action == SNP_RESUME && o.eax == 0 &&
			  snp_page_state(&m.vm, 0x10000, NULL) ==
				  SNP_PAGE_VALIDATED &&
			  m.vm.ctr.implicit_conversions == 1,
		  "implicit: PVALIDATE of a shared page converts it, then validates");
	m.vm.mismatch = SNP_MISMATCH_STRICT;
	o = pv(0x11000, 0, 1);
	tap_check(o.action == SNP_STOP && strstr(m.vc.stop_reason, "strict") &&
			  snp_page_state(&m.vm, 0x11000, NULL) ==
				  SNP_PAGE_SHARED,
		  "strict: PVALIDATE of a shared page stops the guest (%s)",
		  m.vc.stop_reason);

	/* Access faults. */
	tap_check(snp_access_fault(&m.vc, 0x12000, true) == SNP_STOP,
		  "strict: private access to a shared page stops the guest");
	m.vm.mismatch = SNP_MISMATCH_IMPLICIT;
	tap_check(snp_access_fault(&m.vc, 0x10000, false) == SNP_RESUME &&
			  snp_page_state(&m.vm, 0x10000, NULL) ==
				  SNP_PAGE_SHARED,
		  "implicit: shared access to a private page converts it to shared");
	snp_map_gpa_range(&m.vc, 0x13000, 1, 0x10, 0, true);
	tap_check(snp_access_fault(&m.vc, 0x13000, true) == SNP_STOP &&
			  strstr(m.vc.stop_reason, "not validated"),
		  "private access to a page not validated: stopped (#VC 0x404 on silicon)");

	/* RMPADJUST reports VMPL0. */
	o = snp_rmpadjust(&m.vc, 0x400000, 0x400000, 0, 1);
	tap_check(o.action == SNP_RESUME && o.eax == 0,
		  "RMPADJUST to VMPL1 from VMPL0 -> 0");
	m.vm.rmp_max = SNP_RMP_MAX_2M;
	snp_map_gpa_range(&m.vc, 0x600000, 512, 0x11, 0, true);
	pv(0x600000, 1, 1);
	o = snp_rmpadjust(&m.vc, 0x603000, 0x603000, 0, 1);
	tap_check(o.action == SNP_RESUME && o.eax == 0 &&
			  snp_page_state(&m.vm, 0x603000, &sz) ==
				  SNP_PAGE_VALIDATED &&
			  sz == RMP_PG_4K,
		  "4K RMPADJUST inside a 2M entry: PSMASH (as the #NPF handler), then 0 "
		  "(Linux's rmpadjust(&boot_ghcb_page, 4K, 1))");

	/* Launch. */
	model_free(&m);
	model_init(&m, MEM, SNP_RMP_MAX_2M);
	tap_check(snp_launch_range(&m.vm, 0x1000, 0x5ff000, m.vm.rmp_max) ==
				  0 &&
			  snp_page_state(&m.vm, 0x1000, &sz) ==
				  SNP_PAGE_VALIDATED &&
			  sz == RMP_PG_4K &&
			  snp_page_state(&m.vm, 0x200000, &sz) ==
				  SNP_PAGE_VALIDATED &&
			  sz == RMP_PG_2M &&
			  snp_page_state(&m.vm, 0x0, NULL) == SNP_PAGE_SHARED &&
			  m.trace_len == 0 && m.vm.ctr.range_conversions == 0 &&
			  m.vm.ctr.launch_pages == 0x5ff,
		  "launch: private and validated, 2M where aligned, not traced or counted as conversions");
	{
		char why[200];

		tap_check(model_check(&m, why, sizeof(why)),
			  "invariants after launch");
	}
	alias_views();
	model_free(&m);
	return tap_done();
}
