// SPDX-License-Identifier: GPL-2.0-only
/*
 * The Page State Change NAE event: GHCB entry checks, header and entry
 * validation, batching, cur_page handling and progress, with the derived
 * cases of the reference (docs/abi.md, "Page State Change") and the
 * invariants checked after every request.
 */
#include <string.h>

#include "guest-abi/psc.h"
#include "tests/lib/model.h"
#include "tests/lib/tap.h"

#define GHCB	     0x1000ull
#define MEM	     (8 * SZ_2M)
#define E4K(gfn, op) PSC_ENTRY(0, gfn, op, 0)
#define E2M(gfn, op) PSC_ENTRY(0, gfn, op, 1)

static struct model m;

static struct ghcb *g(void)
{
	return (struct ghcb *)(m.mem + GHCB);
}

static struct psc_hdr *hdr(void)
{
	return (struct psc_hdr *)g()->shared_buffer;
}

static uint64_t *ent(void)
{
	return (uint64_t *)(hdr() + 1);
}

static void fresh(enum snp_rmp_max pol)
{
	model_free(&m);
	model_init(&m, MEM, pol);
}

static void invariants(const char *after)
{
	char why[200];

	if (!model_check(&m, why, sizeof(why)))
		tap_check(0, "invariants after %s: %s", after, why);
}

/* Issue a PSC with entries; returns SW_EXITINFO2 (or ~0 if not resumed). */
static uint64_t psc(unsigned cur, unsigned end, const uint64_t *e, unsigned n)
{
	model_psc(&m, GHCB, cur, end, e, n);
	model_trace_clear(&m);
	if (snp_vmgexit(&m.vc) != SNP_RESUME)
		return ~0ull;
	invariants("PSC");
	return g()->sw_exit_info_2;
}

static enum snp_page_state state(uint64_t gpa, enum rmp_pgsize *sz)
{
	return snp_page_state(&m.vm, gpa, sz);
}

static void headers(void)
{
	uint64_t e[253];
	unsigned i;

	fresh(SNP_RMP_MAX_2M);
	e[0] = E4K(0x100, PSC_OP_PRIVATE);
	tap_check(psc(0, 0, e, 1) == 0 && hdr()->cur_entry == 1 &&
			  PSC_ENTRY_CUR_PAGE(ent()[0]) == 1 &&
			  state(0x100000, NULL) == SNP_PAGE_PRIVATE,
		  "header {0,0}: entry 0 processed, cur_entry 1, cur_page 1");
	tap_check(g()->sw_exit_info_1 == 0, "success: SW_EXITINFO1 = 0");

	e[0] = E4K(0x101, PSC_OP_PRIVATE);
	tap_check(psc(5, 3, e, 1) == 0 && hdr()->cur_entry == 5 &&
			  state(0x101000, NULL) == SNP_PAGE_SHARED,
		  "header {5,3} (cur > end): success, nothing done");

	for (i = 0; i < 253; i++)
		e[i] = E4K(0x200 + 2 * i, PSC_OP_PRIVATE);
	tap_check(psc(0, 252, e, 253) == 0 && hdr()->cur_entry == 253 &&
			  model_trace_count(&m, "conv ") == 253,
		  "end_entry 252 (253 entries, gaps): all done, 253 conversions");

	tap_eq(psc(0, 253, e, 253), PSC_ERROR_INVALID_HDR,
	       "end_entry 253 -> INVALID_HDR");
	tap_check(hdr()->cur_entry == 0, "INVALID_HDR leaves cur_entry alone");

	/* The descriptor at +0x808: one entry fewer fits. */
	model_psc(&m, GHCB, 0, 0, NULL, 0);
	g()->sw_scratch = GHCB + 0x808;
	memcpy(g()->shared_buffer + 8, &(struct psc_hdr){ 0, 252, 0 }, 8);
	snp_vmgexit(&m.vc);
	tap_eq(g()->sw_exit_info_2, PSC_ERROR_INVALID_HDR,
	       "scratch at +0x808 with end_entry 252 -> INVALID_HDR");
	model_psc(&m, GHCB, 0, 0, NULL, 0);
	g()->sw_scratch = GHCB + 0x808;
	memcpy(g()->shared_buffer + 8, &(struct psc_hdr){ 0, 0, 0 }, 8);
	memcpy(g()->shared_buffer + 16,
	       &(uint64_t){ E4K(0x300, PSC_OP_PRIVATE) }, 8);
	snp_vmgexit(&m.vc);
	tap_check(g()->sw_exit_info_2 == 0 &&
			  state(0x300000, NULL) == SNP_PAGE_PRIVATE,
		  "scratch at +0x808 with one entry -> processed");
	model_psc(&m, GHCB, 0, 0, NULL, 0);
	g()->sw_scratch = GHCB + 0x803;
	memcpy(g()->shared_buffer + 3, &(struct psc_hdr){ 0, 0, 0 }, 8);
	memcpy(g()->shared_buffer + 11,
	       &(uint64_t){ E4K(0x301, PSC_OP_PRIVATE) }, 8);
	snp_vmgexit(&m.vc);
	tap_check(g()->sw_exit_info_2 == 0 &&
			  state(0x301000, NULL) == SNP_PAGE_PRIVATE,
		  "scratch at +0x803 (not 8-byte aligned) -> processed (found by fuzz_psc)");
}

static void batching(void)
{
	uint64_t e[8];

	fresh(SNP_RMP_MAX_2M);
	e[0] = E4K(0x100, PSC_OP_PRIVATE);
	e[1] = E4K(0x101, PSC_OP_PRIVATE);
	e[2] = E4K(0x102, PSC_OP_PRIVATE);
	tap_check(psc(0, 2, e, 3) == 0 &&
			  model_trace_has(&m,
					  "conv gpa=0x100000 npages=3 attrs=0x10 result=ok") &&
			  model_trace_count(&m, "conv ") == 1,
		  "contiguous 4K run: one conversion of 3 pages");

	e[0] = E4K(0x110, PSC_OP_PRIVATE);
	e[1] = E4K(0x112, PSC_OP_PRIVATE);
	tap_check(psc(0, 1, e, 2) == 0 && model_trace_count(&m, "conv ") == 2,
		  "a gap splits the run: two conversions");

	e[0] = E4K(0x100, PSC_OP_SHARED);
	e[1] = E4K(0x101, PSC_OP_PRIVATE);
	e[2] = E4K(0x102, PSC_OP_SHARED);
	tap_check(psc(0, 2, e, 3) == 0 && model_trace_count(&m, "conv ") == 3 &&
			  state(0x100000, NULL) == SNP_PAGE_SHARED &&
			  state(0x101000, NULL) == SNP_PAGE_PRIVATE &&
			  state(0x102000, NULL) == SNP_PAGE_SHARED,
		  "mixed operations: one conversion each, states as requested");

	e[0] = E2M(0x400, PSC_OP_PRIVATE);
	e[1] = E2M(0x600, PSC_OP_PRIVATE);
	e[2] = E4K(0x800, PSC_OP_PRIVATE);
	e[3] = E4K(0x801, PSC_OP_PRIVATE);
	tap_check(psc(0, 3, e, 4) == 0 &&
			  model_trace_has(&m,
					  "conv gpa=0x400000 npages=1024 attrs=0x11 result=ok") &&
			  model_trace_has(&m,
					  "conv gpa=0x800000 npages=2 attrs=0x10 result=ok") &&
			  model_trace_count(&m, "conv ") == 2,
		  "2M run then 4K run: two conversions (attrs 0x11, 0x10)");
	{
		enum rmp_pgsize sz;

		tap_check(state(0x5ff000, &sz) == SNP_PAGE_PRIVATE &&
				  sz == RMP_PG_2M,
			  "2M entries become 2M RMP entries (policy 2M)");
	}
	tap_check(PSC_ENTRY_CUR_PAGE(ent()[0]) == 512 &&
			  PSC_ENTRY_CUR_PAGE(ent()[1]) == 512 &&
			  PSC_ENTRY_CUR_PAGE(ent()[3]) == 1 &&
			  hdr()->cur_entry == 4,
		  "progress: cur_page 512/512/1/1, cur_entry = end + 1");

	e[0] = E2M(0x401, PSC_OP_PRIVATE);
	tap_eq(psc(0, 0, e, 1), PSC_ERROR_INVALID_ENTRY,
	       "2M entry with an unaligned GFN -> INVALID_ENTRY");

	fresh(SNP_RMP_MAX_4K);
	e[0] = E2M(0x400, PSC_OP_PRIVATE);
	{
		enum rmp_pgsize sz;

		tap_check(psc(0, 0, e, 1) == 0 &&
				  state(0x400000, &sz) == SNP_PAGE_PRIVATE &&
				  sz == RMP_PG_4K,
			  "policy 4K: a 2M entry becomes 512 4K RMP entries");
	}
}

static void cur_page(void)
{
	uint64_t e[4];

	fresh(SNP_RMP_MAX_2M);
	e[0] = PSC_ENTRY(513, 0x400, PSC_OP_PRIVATE, 1);
	tap_eq(psc(0, 0, e, 1), PSC_ERROR_INVALID_ENTRY,
	       "cur_page 513 on 2M -> INVALID_ENTRY");
	e[0] = PSC_ENTRY(2, 0x100, PSC_OP_PRIVATE, 0);
	tap_eq(psc(0, 0, e, 1), PSC_ERROR_INVALID_ENTRY,
	       "cur_page 2 on 4K -> INVALID_ENTRY");

	e[0] = PSC_ENTRY(512, 0x400, PSC_OP_PRIVATE, 1);
	e[1] = PSC_ENTRY(1, 0x100, PSC_OP_PRIVATE, 0);
	tap_check(psc(0, 1, e, 2) == 0 && model_trace_count(&m, "conv ") == 0 &&
			  hdr()->cur_entry == 2 &&
			  state(0x400000, NULL) == SNP_PAGE_SHARED,
		  "entries already complete (cur_page full) are skipped");

	/* Q1 input: a partial 2M entry followed by a 4K entry inside it. */
	e[0] = PSC_ENTRY(3, 0x400, PSC_OP_PRIVATE, 1);
	e[1] = E4K(0x5fd, PSC_OP_PRIVATE);
	tap_check(psc(0, 1, e, 2) == 0 &&
			  model_trace_has(&m,
					  "conv gpa=0x403000 npages=509 attrs=0x10 result=ok") &&
			  model_trace_has(&m,
					  "conv gpa=0x5fd000 npages=1 attrs=0x10 result=ok") &&
			  model_trace_count(&m, "conv ") == 2,
		  "partial 2M (cur_page 3): exactly pages 3..511 at 4K, next entry separate");
	tap_check(state(0x400000, NULL) == SNP_PAGE_SHARED &&
			  state(0x402000, NULL) == SNP_PAGE_SHARED &&
			  state(0x403000, NULL) == SNP_PAGE_PRIVATE &&
			  state(0x600000, NULL) == SNP_PAGE_SHARED,
		  "partial 2M: pages before cur_page and the page after 2M untouched (no Q1)");
	tap_check(PSC_ENTRY_CUR_PAGE(ent()[0]) == 512,
		  "partial 2M entry completed: cur_page 512");

	/* A partial 2M entry followed by the next contiguous 4K page merges. */
	fresh(SNP_RMP_MAX_2M);
	e[0] = PSC_ENTRY(256, 0x400, PSC_OP_PRIVATE, 1);
	e[1] = E4K(0x600, PSC_OP_PRIVATE);
	tap_check(psc(0, 1, e, 2) == 0 &&
			  model_trace_has(&m,
					  "conv gpa=0x500000 npages=257 attrs=0x10 result=ok"),
		  "partial 2M + the 4K page right after it: one 4K-sized run of 257 pages");
}

static void errors(void)
{
	uint64_t e[4];

	fresh(SNP_RMP_MAX_2M);
	e[0] = E4K(0x100, PSC_OP_PRIVATE);
	e[1] = E4K(0x200, PSC_OP_PRIVATE);
	m.fail_prepare_at = m.nr_prepare + 2;
	tap_eq(psc(0, 1, e, 2), PSC_ERROR_GENERIC,
	       "failure in the second run -> GENERIC");
	tap_check(hdr()->cur_entry == 1 && PSC_ENTRY_CUR_PAGE(ent()[0]) == 1 &&
			  PSC_ENTRY_CUR_PAGE(ent()[1]) == 0 &&
			  state(0x100000, NULL) == SNP_PAGE_PRIVATE &&
			  state(0x200000, NULL) == SNP_PAGE_SHARED,
		  "after the failure: first run done, cur_entry at the failed entry");
	memcpy(e, ent(), 2 * sizeof(e[0]));
	tap_check(psc(hdr()->cur_entry, 1, e, 2) == 0 &&
			  state(0x200000, NULL) == SNP_PAGE_PRIVATE &&
			  model_trace_count(&m, "conv ") == 1,
		  "re-issued request resumes at cur_entry and completes");

	fresh(SNP_RMP_MAX_2M);
	e[0] = E4K(0x100, PSC_OP_PRIVATE);
	e[1] = E4K(0x101, 0);
	tap_check(psc(0, 1, e, 2) == PSC_ERROR_INVALID_ENTRY &&
			  hdr()->cur_entry == 0 &&
			  state(0x100000, NULL) == SNP_PAGE_SHARED,
		  "undefined operation 0 in entry 1 -> INVALID_ENTRY before anything changes");
	e[1] = E4K(0x101, 5);
	tap_eq(psc(0, 1, e, 2), PSC_ERROR_INVALID_ENTRY,
	       "operation 5 -> INVALID_ENTRY");
	e[1] = E4K(0x101, PSC_OP_PSMASH);
	tap_eq(psc(0, 1, e, 2), PSC_ERROR_INVALID_ENTRY,
	       "PSMASH on a 4K entry -> INVALID_ENTRY");
	e[1] = PSC_ENTRY(7, 0x400, PSC_OP_PSMASH, 1);
	tap_eq(psc(0, 1, e, 2), PSC_ERROR_INVALID_ENTRY,
	       "PSMASH with a partial cur_page -> INVALID_ENTRY");
	e[1] = E4K(MEM >> 12, PSC_OP_PRIVATE);
	tap_eq(psc(0, 1, e, 2), PSC_ERROR_INVALID_ENTRY,
	       "entry beyond guest memory -> INVALID_ENTRY");

	model_psc(&m, GHCB, 0, 0, e, 1);
	g()->valid_bitmap[GHCB_VALID_BIT(sw_scratch) / 8] = 0;
	snp_vmgexit(&m.vc);
	tap_check(g()->sw_exit_info_1 == 2 &&
			  g()->sw_exit_info_2 == GHCB_ERR_MISSING_INPUT,
		  "SW_SCRATCH not valid -> error MISSING_INPUT");
	model_psc(&m, GHCB, 0, 0, e, 1);
	memset(g()->valid_bitmap, 0, sizeof(g()->valid_bitmap));
	snp_vmgexit(&m.vc);
	tap_check(g()->sw_exit_info_1 == 2 &&
			  g()->sw_exit_info_2 == GHCB_ERR_MISSING_INPUT,
		  "SW_EXITCODE not valid -> error MISSING_INPUT");
	tap_check(g()->valid_bitmap[GHCB_VALID_BIT(sw_exit_info_1) / 8] != 0,
		  "the error marks SW_EXITINFO1/2 valid");
	model_psc(&m, GHCB, 0, 0, e, 1);
	g()->sw_scratch = GHCB + 0x2000;
	snp_vmgexit(&m.vc);
	tap_eq(g()->sw_exit_info_2, GHCB_ERR_INVALID_SCRATCH_AREA,
	       "scratch outside the GHCB -> INVALID_SCRATCH_AREA");
	model_psc(&m, GHCB, 0, 0, e, 1);
	g()->sw_scratch = GHCB + 0x400;
	snp_vmgexit(&m.vc);
	tap_eq(g()->sw_exit_info_2, GHCB_ERR_INVALID_SCRATCH_AREA,
	       "scratch in the GHCB save area -> INVALID_SCRATCH_AREA");
	model_psc(&m, GHCB, 0, 0, e, 1);
	g()->sw_scratch = GHCB + 0xfec;
	snp_vmgexit(&m.vc);
	tap_eq(g()->sw_exit_info_2, GHCB_ERR_INVALID_SCRATCH_AREA,
	       "scratch leaving no room for a header -> INVALID_SCRATCH_AREA");
	model_psc(&m, GHCB, 0, 0, e, 1);
	g()->sw_scratch = 0;
	snp_vmgexit(&m.vc);
	tap_eq(g()->sw_exit_info_2, GHCB_ERR_INVALID_SCRATCH_AREA,
	       "scratch 0 -> INVALID_SCRATCH_AREA");
	model_psc(&m, GHCB, 0, 0, e, 1);
	g()->ghcb_usage = 1;
	snp_vmgexit(&m.vc);
	tap_eq(g()->sw_exit_info_2, GHCB_ERR_INVALID_USAGE,
	       "GHCB usage 1 -> INVALID_USAGE");
	model_psc(&m, GHCB, 0, 0, e, 1);
	m.vc.ghcb_registered_gpa = 0x3000;
	snp_vmgexit(&m.vc);
	tap_check(g()->sw_exit_info_1 == 2 &&
			  g()->sw_exit_info_2 == GHCB_ERR_NOT_REGISTERED &&
			  state(0x100000, NULL) == SNP_PAGE_SHARED,
		  "GHCB not the registered one -> NOT_REGISTERED, nothing done");
	model_psc(&m, GHCB, 0, 0, e, 1);
	g()->sw_exit_code = 0x80001234;
	tap_check(snp_vmgexit(&m.vc) == SNP_RESUME &&
			  g()->sw_exit_info_1 == 2 &&
			  g()->sw_exit_info_2 == GHCB_ERR_INVALID_EVENT,
		  "other NAE events -> INVALID_EVENT, answered by the engine");
	model_psc(&m, GHCB, 0, 0, e, 1);
	g()->sw_exit_code = SVM_VMGEXIT_HV_FEATURES;
	snp_vmgexit(&m.vc);
	tap_check(g()->sw_exit_info_1 == 0 &&
			  g()->sw_exit_info_2 == GHCB_HV_FT_SNP,
		  "HV features NAE: SW_EXITINFO2 = features");

	/* A GHCB in private memory or outside memory stops the guest. */
	m.vc.ghcb_msr = 0x0010000000001014ull;
	snp_vmgexit(&m.vc);
	model_psc(&m, GHCB, 0, 0, e, 1);
	tap_check(snp_vmgexit(&m.vc) == SNP_STOP &&
			  strstr(m.vc.stop_reason, "private"),
		  "GHCB in private memory: guest stopped (%s)",
		  m.vc.stop_reason);
	m.vc.ghcb_msr = MEM;
	m.vc.ghcb_registered_gpa = MEM;
	tap_check(snp_vmgexit(&m.vc) == SNP_STOP,
		  "GHCB outside guest memory: guest stopped");
}

/* Findings of the engine review, kept as regression tests. */
static void review_regressions(void)
{
	uint64_t e[253];
	unsigned i;

	fresh(SNP_RMP_MAX_2M);
	for (i = 0; i < 253; i++)
		e[i] = PSC_ENTRY(4095, 0x100 + i, PSC_OP_SHARED, 0);
	tap_check(psc(253, 252, e, 253) == 0 && hdr()->cur_entry == 253 &&
			  model_trace_count(&m, "psc.resp ") == 1,
		  "253 never-checked entries with cur_page 4095 traced without "
		  "overflowing the trace buffer (ASan build)");

	e[0] = E4K(0x100, PSC_OP_PRIVATE);
	e[1] = E4K(GHCB >> 12, PSC_OP_PRIVATE);
	tap_check(psc(0, 1, e, 2) == PSC_ERROR_INVALID_ENTRY &&
			  state(GHCB, NULL) == SNP_PAGE_SHARED &&
			  state(0x100000, NULL) == SNP_PAGE_SHARED,
		  "a private entry covering the GHCB itself -> INVALID_ENTRY, nothing changed");
	e[0] = E2M(0, PSC_OP_PRIVATE);
	tap_eq(psc(0, 0, e, 1), PSC_ERROR_INVALID_ENTRY,
	       "a 2M private entry containing the GHCB -> INVALID_ENTRY");
	e[0] = E4K(GHCB >> 12, PSC_OP_SHARED);
	tap_eq(psc(0, 0, e, 1), 0,
	       "a shared entry for the (shared) GHCB page is fine");
}

static void midway_failure(void)
{
	struct rmp_state imm = {
		.gpa = 0x405000,
		.assigned = true,
		.immutable = true,
		.asid = MODEL_ASID,
	};
	unsigned i;
	char why[200];

	/* 512 validated 4K pages, one of them then made Immutable. */
	fresh(SNP_RMP_MAX_2M);
	snp_map_gpa_range(&m.vc, 0x400000, 512, 0x10, 0, true);
	for (i = 0; i < 512; i++)
		snp_pvalidate(&m.vc, 0x400000 + i * 0x1000ull,
			      0x400000 + i * 0x1000ull, 0, 1);
	rmp_update(&m.rmp, MODEL_SPA_BASE + 0x405000, &imm);
	m.view_private[0x405] = 0; /* RMPUPDATE cleared Validated */
	tap_check(model_check(&m, why, sizeof(why)), "set-up consistent: %s",
		  why);
	/* The 2 MiB RMPUPDATE meets the Immutable entry first
	 * (FAIL_PERMISSION), before anything is unassigned. */
	tap_check(snp_map_gpa_range(&m.vc, 0x400000, 512, 0x11, 0, true) ==
				  -22 &&
			  state(0x400000, NULL) == SNP_PAGE_VALIDATED &&
			  state(0x405000, NULL) == SNP_PAGE_PRIVATE &&
			  state(0x406000, NULL) == SNP_PAGE_VALIDATED,
		  "2M conversion over an Immutable page fails with nothing changed");
	tap_check(model_check(&m, why, sizeof(why)),
		  "no stale view after the failure (%s)", why);
}

static void smash_ops(void)
{
	uint64_t e[2];
	enum rmp_pgsize sz;

	fresh(SNP_RMP_MAX_2M);
	e[0] = E2M(0x400, PSC_OP_PRIVATE);
	psc(0, 0, e, 1);
	e[0] = E2M(0x400, PSC_OP_PSMASH);
	tap_check(psc(0, 0, e, 1) == 0 && m.vm.ctr.psmashes == 1 &&
			  state(0x400000, &sz) == SNP_PAGE_PRIVATE &&
			  sz == RMP_PG_4K &&
			  model_trace_has(&m, "psmash gpa=0x400000 result=ok"),
		  "PSMASH operation splits the 2M RMP entry");
	tap_check(psc(0, 0, e, 1) == 0 && m.vm.ctr.psmashes == 1 &&
			  model_trace_has(&m,
					  "psmash gpa=0x400000 result=noop"),
		  "PSMASH of 4K entries: nothing to do, success");
	e[0] = E2M(0x400, PSC_OP_UNSMASH);
	tap_check(psc(0, 0, e, 1) == 0 &&
			  state(0x400000, &sz) == SNP_PAGE_PRIVATE &&
			  sz == RMP_PG_2M && m.vm.ctr.unsmashes == 1,
		  "UNSMASH merges 512 private 4K entries into a 2M entry");
	e[0] = E4K(0x401, PSC_OP_SHARED);
	e[1] = E2M(0x400, PSC_OP_UNSMASH);
	tap_check(psc(0, 1, e, 2) == PSC_ERROR_GENERIC && hdr()->cur_entry == 1,
		  "UNSMASH of a region with a shared page -> GENERIC after the first entry");
	fresh(SNP_RMP_MAX_4K);
	e[0] = E2M(0x400, PSC_OP_PRIVATE);
	psc(0, 0, e, 1);
	e[0] = E2M(0x400, PSC_OP_UNSMASH);
	tap_eq(psc(0, 0, e, 1), PSC_ERROR_GENERIC,
	       "UNSMASH under policy 4K -> GENERIC");
}

/*
 * The checks of the entries that continue a run (check_and_split()): the
 * first entry refused is named, with its reason, as if each entry were
 * checked alone, and nothing changes.
 */
static void run_checks(void)
{
	const uint64_t g2 = MEM - SZ_4K; /* a GHCB in the last page */
	uint64_t e[16];
	unsigned i;

	fresh(SNP_RMP_MAX_2M);
	for (i = 0; i < 3; i++)
		e[i] = E4K(i, PSC_OP_PRIVATE);
	tap_check(psc(0, 2, e, 3) == PSC_ERROR_INVALID_ENTRY &&
			  model_trace_has(&m, "psc.invalid i=1 reason=ghcb") &&
			  state(0, NULL) == SNP_PAGE_SHARED,
		  "a run whose second entry is the GHCB: entry 1 refused (ghcb), nothing changed");
	for (i = 0; i < 8; i++)
		e[i] = E2M((i + 1) * PAGES_PER_2M, PSC_OP_PRIVATE);
	tap_check(psc(0, 7, e, 8) == PSC_ERROR_INVALID_ENTRY &&
			  model_trace_has(&m,
					  "psc.invalid i=7 reason=outside") &&
			  state(SZ_2M, NULL) == SNP_PAGE_SHARED,
		  "a run of 2M entries leaving guest memory: entry 7 refused (outside), nothing changed");

	/* The GHCB in a run that then leaves guest memory: the GHCB's entry
	 * comes first, so it is the one named. */
	m.vc.ghcb_msr = g2;
	m.vc.ghcb_registered_gpa = g2;
	for (i = 0; i < 3; i++)
		e[i] = E4K((g2 >> 12) - 1 + i, PSC_OP_PRIVATE);
	model_psc(&m, g2, 0, 2, e, 3);
	model_trace_clear(&m);
	tap_check(snp_vmgexit(&m.vc) == SNP_RESUME &&
			  model_ghcb(&m, g2)->sw_exit_info_2 ==
				  PSC_ERROR_INVALID_ENTRY &&
			  model_trace_has(&m, "psc.invalid i=1 reason=ghcb") &&
			  state(g2 - SZ_4K, NULL) == SNP_PAGE_SHARED,
		  "the GHCB, then a page outside, in one run: entry 1 refused (ghcb)");
	e[1] = E4K((g2 >> 12) - 1 + 1, PSC_OP_SHARED);
	e[2] = E4K((g2 >> 12) - 1 + 2, PSC_OP_SHARED);
	e[0] = E4K((g2 >> 12) - 1, PSC_OP_SHARED);
	model_psc(&m, g2, 0, 2, e, 3);
	model_trace_clear(&m);
	tap_check(snp_vmgexit(&m.vc) == SNP_RESUME &&
			  model_trace_has(&m, "psc.invalid i=2 reason=outside"),
		  "the same run to shared: the page outside, entry 2, refused");
	m.vc.ghcb_msr = GHCB;
	m.vc.ghcb_registered_gpa = GHCB;
	invariants("run checks");
}

int main(void)
{
	model_init(&m, MEM, SNP_RMP_MAX_2M);
	headers();
	batching();
	cur_page();
	errors();
	smash_ops();
	review_regressions();
	midway_failure();
	run_checks();
	model_free(&m);
	return tap_done();
}
