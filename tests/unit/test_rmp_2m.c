// SPDX-License-Identifier: GPL-2.0-only
/*
 * The software RMP's 2 MiB entries (mm/rmp_sw.c keeps them at the 2 MiB
 * level and materialises 4 KiB slots only when a region is split):
 *  - a 2 MiB RMPUPDATE and a 2 MiB PVALIDATE write one table slot, not
 *    512 (the O(1) property, checked on the table's bytes);
 *  - random sequences of RMPUPDATE, PSMASH, PVALIDATE and RMPADJUST give
 *    the same return codes and the same RMPREAD of every page as a
 *    reference written here from the APM's rules with one plain entry per
 *    4 KiB page (AMD APM volume 3, "RMPUPDATE", "PSMASH", "PVALIDATE",
 *    "RMPADJUST"; volume 2, "Reverse Map Table").
 * The covered range starts 12 KiB past a 2 MiB boundary, so its first and
 * last regions are only partly covered and never take a 2 MiB entry.
 */
#include <stdlib.h>
#include <string.h>

#include "mm/rmp.h"
#include "tests/lib/tap.h"

#define BASE  (0x40000000ull + 3 * SZ_4K)
#define SIZE  (6 * SZ_2M)
#define PAGES (SIZE >> 12)
#define STEPS 50000

static uint64_t table[PAGES];
static struct rmp rmp;

/* ---- the reference: one entry per 4 KiB page, every rule spelled out --- */

static struct rmp_entry ref[PAGES];

static bool ref_covers(uint64_t spa, uint64_t len)
{
	return spa >= BASE && spa + len <= BASE + SIZE;
}

static struct rmp_entry *ref_at(uint64_t spa)
{
	return &ref[(spa - BASE) >> 12];
}

/* The head entry of spa's region when it is an assigned 2 MiB entry. */
static struct rmp_entry *ref_2m_head(uint64_t spa)
{
	uint64_t head = spa & ~(SZ_2M - 1);
	struct rmp_entry *h;

	if (!ref_covers(head, SZ_2M))
		return NULL;
	h = ref_at(head);
	return h->assigned && h->pagesize == RMP_PG_2M ? h : NULL;
}

static enum rmp_rc ref_update(uint64_t spa, const struct rmp_state *st)
{
	uint64_t len = st->pagesize == RMP_PG_2M ? SZ_2M : SZ_4K, i;
	unsigned n = (unsigned)(len >> 12);

	if ((spa & (len - 1)) || !ref_covers(spa, len) ||
	    (st->assigned && (st->gpa & (len - 1))) ||
	    (st->assigned && st->gpa >= (1ull << 51)) || st->asid > 0x3ff)
		return RMP_FAIL_INPUT;
	for (i = 0; i < n; i++)
		if (ref_at(spa + i * SZ_4K)->immutable)
			return RMP_FAIL_PERMISSION;
	if (n == 1 && ref_2m_head(spa))
		return RMP_FAIL_OVERLAP;
	if (n > 1 && !ref_2m_head(spa))
		for (i = 0; i < n; i++)
			if (ref_at(spa + i * SZ_4K)->assigned)
				return RMP_FAIL_OVERLAP;
	for (i = 0; i < n; i++) {
		struct rmp_entry *e = ref_at(spa + i * SZ_4K);

		memset(e, 0, sizeof(*e));
		e->assigned = st->assigned;
		e->pagesize = st->pagesize;
		e->immutable = st->immutable;
		if (st->assigned) {
			e->gpa = st->gpa + i * SZ_4K;
			e->asid = st->asid;
		}
	}
	return RMP_OK;
}

static enum rmp_rc ref_psmash(uint64_t spa)
{
	unsigned i;

	if ((spa & (SZ_2M - 1)) || !ref_covers(spa, SZ_2M))
		return RMP_FAIL_INPUT;
	if (!ref_2m_head(spa))
		return RMP_FAIL_BADADDR;
	for (i = 0; i < PAGES_PER_2M; i++) {
		ref_at(spa + i * SZ_4K)->pagesize = RMP_PG_4K;
		if (i)
			ref_at(spa + i * SZ_4K)->vmsa = false;
	}
	return RMP_OK;
}

static enum rmp_rc ref_owned(uint64_t spa, uint64_t gpa, uint32_t asid,
			     enum rmp_pgsize size)
{
	uint64_t len = size == RMP_PG_2M ? SZ_2M : SZ_4K;
	const struct rmp_entry *h, *e;
	uint64_t rgpa;

	if ((gpa & (len - 1)) || (spa & (len - 1)))
		return RMP_FAIL_INPUT;
	if (!ref_covers(spa, len))
		return RMP_FAULT_NPF_RMP;
	h = ref_2m_head(spa);
	e = h ? h : ref_at(spa);
	rgpa = h ? h->gpa + (spa & (SZ_2M - 1)) : e->gpa;
	if (!e->assigned || e->asid != asid || rgpa != gpa)
		return RMP_FAULT_NPF_RMP;
	if (size == RMP_PG_2M && !h)
		return RMP_FAIL_SIZEMISMATCH;
	if (size == RMP_PG_4K && h)
		return RMP_FAULT_NPF_SIZEM;
	return RMP_OK;
}

static struct pvalidate_result ref_pvalidate(uint64_t spa, uint64_t gpa,
					     uint32_t asid,
					     enum rmp_pgsize size, bool val)
{
	struct pvalidate_result r = { ref_owned(spa, gpa, asid, size), false };
	unsigned i, n = size == RMP_PG_2M ? PAGES_PER_2M : 1;

	if (r.rc != RMP_OK)
		return r;
	if (ref_at(spa)->validated == val) {
		r.no_update = true;
		return r;
	}
	for (i = 0; i < n; i++)
		ref_at(spa + i * SZ_4K)->validated = val;
	return r;
}

/* ---- the checks ------------------------------------------------------- */

static void reset(void)
{
	memset(table, 0, sizeof(table));
	memset(ref, 0, sizeof(ref));
	rmp_sw_init(&rmp, BASE, SIZE, table);
}

static unsigned slots_changed(const uint64_t *before)
{
	unsigned i, n = 0;

	for (i = 0; i < PAGES; i++)
		n += before[i] != table[i];
	return n;
}

/* The first 2 MiB-aligned SPA inside the covered range. */
#define R0 ((BASE + SZ_2M - 1) & ~(SZ_2M - 1))

static void one_slot_per_2m_op(void)
{
	static uint64_t before[PAGES];
	struct rmp_state st = { .gpa = 0x200000,
				.assigned = true,
				.pagesize = RMP_PG_2M,
				.asid = 9 };
	struct pvalidate_result pv;
	enum rmp_rc rc;

	reset();
	memcpy(before, table, sizeof(table));
	rc = rmp_update(&rmp, R0, &st);
	tap_eq(rc, RMP_OK, "2M RMPUPDATE to assigned: OK");
	tap_eq(slots_changed(before), 1,
	       "2M RMPUPDATE of an unassigned region writes one table slot");

	memcpy(before, table, sizeof(table));
	pv = rmp.ops->pvalidate(&rmp, R0, 0x200000, 9, RMP_PG_2M, true);
	tap_eq(pv.rc, RMP_OK, "2M PVALIDATE: OK");
	tap_eq(slots_changed(before), 1, "2M PVALIDATE writes one table slot");

	memcpy(before, table, sizeof(table));
	st.assigned = false;
	rc = rmp_update(&rmp, R0, &st);
	tap_eq(rc, RMP_OK, "2M RMPUPDATE back to unassigned: OK");
	tap_eq(slots_changed(before), 1,
	       "2M RMPUPDATE of an assigned 2M entry writes one table slot");

	/* A region split once (4K entries come and go) is whole again after
	 * a 2M update, still one slot. */
	st = (struct rmp_state){ .gpa = 0x201000,
				 .assigned = true,
				 .pagesize = RMP_PG_4K,
				 .asid = 9 };
	rmp_update(&rmp, R0 + SZ_4K, &st);
	st.assigned = false;
	rmp_update(&rmp, R0 + SZ_4K, &st);
	memcpy(before, table, sizeof(table));
	st = (struct rmp_state){ .gpa = 0x200000,
				 .assigned = true,
				 .pagesize = RMP_PG_2M,
				 .asid = 9 };
	tap_eq(rmp_update(&rmp, R0, &st), RMP_OK,
	       "2M RMPUPDATE over a split, unassigned region: OK");
	tap_eq(slots_changed(before), 1,
	       "... writes one table slot (no scan of the 511 others)");
}

static uint64_t rnd(uint64_t *x, uint64_t n)
{
	return tap_xorshift64(x) % n;
}

/* An SPA near the covered range: mostly inside, sometimes just outside. */
static uint64_t pick_spa(uint64_t *x, bool is_2m)
{
	uint64_t spa = BASE - 2 * SZ_2M + rnd(x, SIZE + 4 * SZ_2M);

	spa &= is_2m ? ~(SZ_2M - 1) : ~(SZ_4K - 1);
	if (!rnd(x, 50))
		spa |= 0x800; /* misaligned */
	return spa;
}

static bool same_as_reference(uint64_t *bad_spa)
{
	unsigned i;

	for (i = 0; i < PAGES; i++) {
		struct rmp_entry e;
		const struct rmp_entry *r = &ref[i];

		if (rmp_read(&rmp, BASE + (uint64_t)i * SZ_4K, &e) != RMP_OK ||
		    e.assigned != r->assigned || e.pagesize != r->pagesize ||
		    e.immutable != r->immutable || e.gpa != r->gpa ||
		    e.asid != r->asid || e.vmsa != r->vmsa ||
		    e.validated != r->validated) {
			*bad_spa = BASE + (uint64_t)i * SZ_4K;
			return false;
		}
	}
	return true;
}

static void random_against_reference(void)
{
	uint64_t x = 0x2545f4914f6cdd1dull, bad = 0;
	unsigned step, rc_bad = 0, state_bad = 0, first = 0;
	unsigned nr_ok = 0, nr_fail = 0, nr_2m = 0;

	reset();
	for (step = 0; step < STEPS && !state_bad; step++) {
		unsigned op = (unsigned)rnd(&x, 10);
		bool is_2m = rnd(&x, 3) == 0;
		enum rmp_pgsize sz = is_2m ? RMP_PG_2M : RMP_PG_4K;
		uint64_t spa = pick_spa(&x, is_2m);
		/* GPA = SPA - BASE + a small offset, so most pages match. */
		uint64_t gpa = (spa - R0 + SZ_2M * rnd(&x, 2)) &
			       (is_2m ? ~(SZ_2M - 1) : ~(SZ_4K - 1));
		uint32_t asid = 1 + (uint32_t)rnd(&x, 2);
		enum rmp_rc got, want;

		/* Immutable entries stay (RMPUPDATE refuses to overwrite
		 * them): start over now and then. */
		if (step % 4096 == 4095)
			reset();
		if (!rnd(&x, 40)) {
			/* Unassign a region page by page, so 2M updates
			 * keep finding regions without 4K entries. */
			struct rmp_state st = { .pagesize = RMP_PG_4K };
			uint64_t head = spa & ~(SZ_2M - 1), i;

			got = want = RMP_OK;
			for (i = 0; i < SZ_2M; i += SZ_4K) {
				got |= rmp_update(&rmp, head + i, &st);
				want |= ref_update(head + i, &st);
			}
		} else if (op < 5) {
			struct rmp_state st = {
				.gpa = gpa,
				.assigned = rnd(&x, 3) != 0,
				.pagesize = sz,
				.immutable = rnd(&x, 400) == 0,
				.asid = asid,
			};

			got = rmp_update(&rmp, spa, &st);
			want = ref_update(spa, &st);
		} else if (op < 6) {
			got = rmp_psmash(&rmp, spa & ~(SZ_2M - 1));
			want = ref_psmash(spa & ~(SZ_2M - 1));
		} else if (op < 9) {
			bool val = rnd(&x, 4) != 0;
			struct pvalidate_result g, w;

			g = rmp.ops->pvalidate(&rmp, spa, gpa, asid, sz, val);
			w = ref_pvalidate(spa, gpa, asid, sz, val);
			got = g.rc | (g.no_update ? 0x1000 : 0);
			want = w.rc | (w.no_update ? 0x1000 : 0);
		} else {
			unsigned vmpl = (unsigned)rnd(&x, 5);

			got = rmp.ops->rmpadjust(&rmp, spa, gpa, asid, sz,
						 vmpl);
			want = vmpl > 3 ? RMP_FAIL_INPUT :
			       !vmpl	? RMP_FAIL_PERMISSION :
					  ref_owned(spa, gpa, asid, sz);
		}
		if (got != want && !rc_bad++)
			first = step;
		if (got == RMP_OK)
			nr_ok++, nr_2m += is_2m;
		else
			nr_fail++;
		/* Every page compared after every 8th operation and the last. */
		if ((step % 8 == 7 || step == STEPS - 1) &&
		    !same_as_reference(&bad))
			state_bad = step + 1;
	}
	tap_eq(rc_bad, 0,
	       "%u random operations: return codes as the reference (first difference at step %u)",
	       STEPS, first);
	tap_check(!state_bad,
		  "... RMPREAD of every page as the reference (first difference by step %u, spa 0x%llx)",
		  state_bad ? state_bad - 1 : 0, (unsigned long long)bad);
	/* The sequence exercises both outcomes and 2M operations. */
	tap_check(nr_ok > STEPS / 20 && nr_fail > STEPS / 20 &&
			  nr_2m > STEPS / 200,
		  "... %u succeeded (%u at 2M), %u failed", nr_ok, nr_2m,
		  nr_fail);
}

int main(void)
{
	one_slot_per_2m_op();
	random_against_reference();
	return tap_done();
}
