// SPDX-License-Identifier: GPL-2.0-only
/*
 * The host model's checks read the software RMP's slots directly
 * (tests/lib/model.c, probe_slots()) rather than through RMPREAD. This
 * test holds them to RMPREAD's answer:
 *  - the slot layout the model expects is the software RMP's (the probe
 *    at model_init() passed), so the fast path is the one in use;
 *  - after every one of many random RMP operations (RMPUPDATE at 4 KiB
 *    and 2 MiB, PSMASH, PVALIDATE, the firmware's writes with foreign
 *    ASIDs and GPAs, VMSA and Immutable), every page's state and entry
 *    size read from the slots equal those read through RMPREAD, over
 *    memory whose last region is not a whole 2 MiB;
 *  - a broken page among 8 that otherwise pass together (the checks take
 *    them a word at a time) is still caught by model_check() and
 *    model_check_dirty(), with the page named: a missing private view on
 *    a validated 4 KiB page, a 2 MiB private view over one, a shared view
 *    on a private one, a private view on a shared one, an entry of
 *    another ASID.
 */
#include <stdio.h>
#include <string.h>

#include "tests/lib/model.h"
#include "tests/lib/tap.h"

#define MEM (3 * SZ_2M + 16 * SZ_4K)

static struct model m;

/* One random RMP operation on the model's table, through its ops. */
static void random_op(uint64_t *x)
{
	uint64_t r = tap_xorshift64(x), pages = MEM >> 12;
	uint64_t p = (r >> 8) % pages, gpa = p << 12;
	uint64_t spa = MODEL_SPA_BASE + gpa, spa2m = spa & ~(SZ_2M - 1);
	struct rmp_state st = { 0 };
	struct rmp_entry e = { 0 };

	switch (r % 10) {
	case 0: /* 4 KiB RMPUPDATE: this guest's, or not assigned */
	case 1:
		st.assigned = (r >> 40) & 1;
		st.asid = MODEL_ASID;
		st.gpa = gpa;
		rmp_update(&m.rmp, spa, &st);
		break;
	case 2: /* 2 MiB RMPUPDATE */
		st.assigned = (r >> 40) & 1;
		st.pagesize = RMP_PG_2M;
		st.asid = MODEL_ASID;
		st.gpa = spa2m - MODEL_SPA_BASE;
		rmp_update(&m.rmp, spa2m, &st);
		break;
	case 3:
		rmp_psmash(&m.rmp, spa2m);
		break;
	case 4: /* PVALIDATE at 4 KiB or 2 MiB, either way */
	case 5:
	case 6:
		if ((r >> 40) & 1)
			m.rmp.ops->pvalidate(&m.rmp, spa, gpa, MODEL_ASID,
					     RMP_PG_4K, (r >> 41) & 1);
		else
			m.rmp.ops->pvalidate(&m.rmp, spa2m,
					     spa2m - MODEL_SPA_BASE, MODEL_ASID,
					     RMP_PG_2M, (r >> 41) & 1);
		break;
	default: /* the firmware's write: any ASID, GPA and flags */
		e.assigned = (r >> 40) & 1;
		e.asid = ((r >> 41) & 3) ? MODEL_ASID : (r >> 42) & 15;
		e.gpa = ((r >> 45) & 3) ? gpa : ((r >> 47) % pages) << 12;
		e.validated = (r >> 52) & 1;
		e.vmsa = (r >> 53) & 1;
		e.immutable = ((r >> 54) & 7) == 0;
		e.pagesize = ((r >> 57) & 1) ? RMP_PG_2M : RMP_PG_4K;
		m.rmp.ops->fw_write(&m.rmp, (r >> 58) & 1 ? spa2m : spa, &e);
		break;
	}
}

/* Every page: the slots' state and size equal RMPREAD's. */
static bool slots_agree(uint64_t *bad_gpa)
{
	for (uint64_t gpa = 0; gpa < MEM; gpa += SZ_4K) {
		enum snp_page_state s1, s2;
		enum rmp_pgsize z1, z2;

		if (!model_page_state(&m, gpa, true, &s1, &z1) ||
		    !model_page_state(&m, gpa, false, &s2, &z2) || s1 != s2 ||
		    z1 != z2) {
			*bad_gpa = gpa;
			return false;
		}
	}
	return true;
}

/* Both checks fail on the broken page, named in the reason. */
static void caught(uint64_t gpa, const char *what, const char *reason)
{
	char why[200] = "", dwhy[200] = "";
	bool full, dirty;

	memset(m.dirty, 0xff, (MEM >> 12) / 8); /* all dirty */
	model_both_catch(&m, gpa, reason, &full, why, &dirty, dwhy,
			 sizeof(why));
	tap_check(full && dirty,
		  "%s: caught by model_check (%s) and model_check_dirty (%s)",
		  what, full ? "yes" : why, dirty ? "yes" : dwhy);
}

/* 64 pages from 2 MiB + 64 KiB private (validated if asked) at 4 KiB. */
#define BASE (SZ_2M + 16 * SZ_4K)

static void setup(bool validated)
{
	char why[200] = "";

	model_reset(&m, SNP_RMP_MAX_4K);
	snp_map_gpa_range(&m.vc, BASE, 64, 0x11, 0, true);
	if (validated)
		for (uint64_t g = BASE; g < BASE + 64 * SZ_4K; g += SZ_4K)
			snp_pvalidate(&m.vc, g | 0xffff800000000000ull, g, 0,
				      1);
	tap_check(model_check(&m, why, sizeof(why)),
		  "%s 4K pages: the model's invariants hold%s%s",
		  validated ? "validated" : "private", why[0] ? ": " : "", why);
}

int main(void)
{
	const uint64_t p = BASE + 21 * SZ_4K; /* page 5 of its group of 8 */
	const uint64_t q = 3 * SZ_4K;	      /* a shared page */
	uint64_t x = 0x5107a11c0ffeeull, bad = 0;
	struct rmp_entry e = { .assigned = true, .asid = MODEL_ASID + 1 };
	unsigned i, checked = 0;
	bool agree = true;

	model_init(&m, MEM, SNP_RMP_MAX_2M);
	tap_check(m.raw_slots,
		  "the software RMP's slots have the layout the model reads");

	for (i = 0; i < 4000 && agree; i++) {
		random_op(&x);
		agree = slots_agree(&bad);
		checked++;
	}
	tap_check(agree,
		  "slots and RMPREAD agree on every page after each of %u random RMP operations%s",
		  checked, agree ? "" : " (not at some gpa)");
	if (!agree)
		printf("#   first disagreement at gpa 0x%llx\n",
		       (unsigned long long)bad);

	setup(true);
	m.view_private[p >> 12] = 0;
	caught(p, "validated 4K pages, one without its private view",
	       "validated page without private view");

	setup(true);
	m.view_private[p >> 12] = 2;
	caught(p, "validated 4K pages, one under a 2M private view",
	       "2M private view over a 4K RMP entry");

	setup(false);
	m.view_shared[p >> 12] = 1;
	caught(p, "private 4K pages, one mapped shared",
	       "shared view on an assigned page");

	setup(false);
	m.view_private[q >> 12] = 1;
	caught(q, "shared pages, one with a private view",
	       "mapped both private and shared");

	setup(false);
	e.gpa = p;
	m.rmp.ops->fw_write(&m.rmp, MODEL_SPA_BASE + p, &e);
	caught(p, "private 4K pages, one assigned to another ASID",
	       "RMP entry assigned to another ASID/GPA");

	model_free(&m);
	return tap_done();
}
