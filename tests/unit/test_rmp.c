// SPDX-License-Identifier: GPL-2.0-only
/*
 * APM transition vectors for the software RMP: (state, operation) ->
 * (return code, new state), one check per row (AMD APM volume 3,
 * "RMPUPDATE", "PSMASH", "PVALIDATE", "RMPADJUST").
 */
#include <stdlib.h>
#include <string.h>

#include "mm/rmp.h"
#include "tests/lib/tap.h"

#define BASE 0x40000000ull /* SPA of the covered range */
#define SIZE (4 * SZ_2M)
#define ASID 7u

static uint64_t table[SIZE >> 12];
static struct rmp rmp;

static void reset(void)
{
	memset(table, 0, sizeof(table));
	rmp_sw_init(&rmp, BASE, SIZE, table);
}

static enum rmp_rc assign(uint64_t spa, uint64_t gpa, enum rmp_pgsize sz)
{
	struct rmp_state st = {
		.gpa = gpa,
		.assigned = true,
		.pagesize = sz,
		.asid = ASID,
	};
	return rmp_update(&rmp, spa, &st);
}

static enum rmp_rc unassign(uint64_t spa, enum rmp_pgsize sz)
{
	struct rmp_state st = { .pagesize = sz };

	return rmp_update(&rmp, spa, &st);
}

static struct rmp_entry entry(uint64_t spa)
{
	struct rmp_entry e;

	memset(&e, 0, sizeof(e));
	rmp_read(&rmp, spa, &e);
	return e;
}

static struct pvalidate_result pval(uint64_t spa, uint64_t gpa, uint32_t asid,
				    enum rmp_pgsize sz, bool v)
{
	return rmp.ops->pvalidate(&rmp, spa, gpa, asid, sz, v);
}

static void rmpupdate_vectors(void)
{
	struct rmp_state st = { .gpa = 0x1000, .assigned = true, .asid = 2000 };
	struct rmp_entry e;
	unsigned i, bad;

	reset();
	tap_eq(assign(BASE + 0x1000, 0x1000, RMP_PG_4K), RMP_OK,
	       "RMPUPDATE: unassigned 4K -> assigned 4K");
	e = entry(BASE + 0x1000);
	tap_check(e.assigned && e.asid == ASID && e.gpa == 0x1000 &&
			  e.pagesize == RMP_PG_4K && !e.validated,
		  "RMPUPDATE: new entry assigned, ASID, GPA, 4K, not validated");
	tap_eq(assign(BASE + 0x1800, 0x1000, RMP_PG_4K), RMP_FAIL_INPUT,
	       "RMPUPDATE: SPA not 4K-aligned -> FAIL_INPUT");
	tap_eq(assign(BASE + SIZE, 0x1000, RMP_PG_4K), RMP_FAIL_INPUT,
	       "RMPUPDATE: SPA beyond the RMP -> FAIL_INPUT");
	tap_eq(assign(BASE - 0x1000, 0x1000, RMP_PG_4K), RMP_FAIL_INPUT,
	       "RMPUPDATE: SPA below the RMP -> FAIL_INPUT");
	tap_eq(assign(BASE + 0x1000, 0x200000, RMP_PG_2M), RMP_FAIL_INPUT,
	       "RMPUPDATE: 2M at a non-2M-aligned SPA -> FAIL_INPUT");
	tap_eq(assign(BASE + SZ_2M, 0x201000, RMP_PG_2M), RMP_FAIL_INPUT,
	       "RMPUPDATE: 2M with a non-2M-aligned GPA -> FAIL_INPUT");
	tap_eq(rmp_update(&rmp, BASE + 0x2000, &st), RMP_FAIL_INPUT,
	       "RMPUPDATE: ASID beyond the entry's field -> FAIL_INPUT");
	tap_eq(assign(BASE, 0, RMP_PG_2M), RMP_FAIL_OVERLAP,
	       "RMPUPDATE: 2M over a region holding an assigned 4K entry -> FAIL_OVERLAP");
	tap_eq(assign(BASE + SZ_2M, SZ_2M, RMP_PG_2M), RMP_OK,
	       "RMPUPDATE: 2M over a clean region -> OK");
	for (i = 0, bad = 0; i < PAGES_PER_2M; i++) {
		e = entry(BASE + SZ_2M + i * SZ_4K);
		bad += !(e.assigned && e.pagesize == RMP_PG_2M &&
			 e.gpa == SZ_2M + i * SZ_4K);
	}
	tap_eq(bad, 0,
	       "RMPUPDATE 2M: all 512 entries say 2M with consecutive GPAs");
	tap_eq(assign(BASE + SZ_2M + 0x5000, SZ_2M + 0x5000, RMP_PG_4K),
	       RMP_FAIL_OVERLAP,
	       "RMPUPDATE: 4K inside an assigned 2M entry -> FAIL_OVERLAP");
	tap_eq(unassign(BASE + SZ_2M + 0x5000, RMP_PG_4K), RMP_FAIL_OVERLAP,
	       "RMPUPDATE: 4K unassign inside a 2M entry -> FAIL_OVERLAP");
	tap_eq(assign(BASE + SZ_2M, SZ_2M, RMP_PG_2M), RMP_OK,
	       "RMPUPDATE: 2M over the same 2M entry -> OK");
	tap_eq(unassign(BASE + SZ_2M, RMP_PG_2M), RMP_OK,
	       "RMPUPDATE: 2M entry -> unassigned 2M");
	tap_check(!entry(BASE + SZ_2M + 0x7000).assigned,
		  "RMPUPDATE 2M unassign clears every 4K entry");

	/* Immutable entries cannot be changed. */
	st = (struct rmp_state){
		.gpa = 0x3000, .assigned = true, .immutable = true, .asid = ASID
	};
	tap_eq(rmp_update(&rmp, BASE + 0x3000, &st), RMP_OK,
	       "RMPUPDATE: assign an immutable 4K page");
	tap_eq(unassign(BASE + 0x3000, RMP_PG_4K), RMP_FAIL_PERMISSION,
	       "RMPUPDATE: immutable entry -> FAIL_PERMISSION");

	/* RMPUPDATE clears Validated. */
	pval(BASE + 0x1000, 0x1000, ASID, RMP_PG_4K, true);
	tap_check(entry(BASE + 0x1000).validated, "PVALIDATE sets Validated");
	tap_eq(assign(BASE + 0x1000, 0x1000, RMP_PG_4K), RMP_OK,
	       "RMPUPDATE on a validated page -> OK");
	tap_check(!entry(BASE + 0x1000).validated,
		  "RMPUPDATE clears Validated");
}

static void psmash_vectors(void)
{
	struct rmp_entry e;
	unsigned i, bad;

	reset();
	assign(BASE, 0x400000, RMP_PG_2M);
	pval(BASE, 0x400000, ASID, RMP_PG_2M, true);
	tap_eq(rmp_psmash(&rmp, BASE + 0x1000), RMP_FAIL_INPUT,
	       "PSMASH: SPA not 2M-aligned -> FAIL_INPUT");
	tap_eq(rmp_psmash(&rmp, BASE + SIZE), RMP_FAIL_INPUT,
	       "PSMASH: SPA beyond the RMP -> FAIL_INPUT");
	tap_eq(rmp_psmash(&rmp, BASE + SZ_2M), RMP_FAIL_BADADDR,
	       "PSMASH: unassigned region -> FAIL_BADADDR");
	tap_eq(rmp_psmash(&rmp, BASE), RMP_OK,
	       "PSMASH: validated 2M entry -> OK");
	for (i = 0, bad = 0; i < PAGES_PER_2M; i++) {
		e = entry(BASE + i * SZ_4K);
		bad += !(e.assigned && e.pagesize == RMP_PG_4K && e.validated &&
			 e.asid == ASID && e.gpa == 0x400000 + i * SZ_4K);
	}
	tap_eq(bad, 0,
	       "PSMASH: 512 4K entries, consecutive GPAs, Validated kept");
	tap_eq(rmp_psmash(&rmp, BASE), RMP_FAIL_BADADDR,
	       "PSMASH: already 4K -> FAIL_BADADDR");
}

static void pvalidate_vectors(void)
{
	struct pvalidate_result r;

	reset();
	assign(BASE + 0x1000, 0x1000, RMP_PG_4K);
	r = pval(BASE + 0x1000, 0x1000, ASID, RMP_PG_4K, true);
	tap_check(r.rc == RMP_OK && !r.no_update,
		  "PVALIDATE 4K on assigned 4K -> OK, CF=0");
	r = pval(BASE + 0x1000, 0x1000, ASID, RMP_PG_4K, true);
	tap_check(r.rc == RMP_OK && r.no_update,
		  "PVALIDATE twice -> OK with CF=1 (no update)");
	r = pval(BASE + 0x1000, 0x1000, ASID, RMP_PG_4K, false);
	tap_check(r.rc == RMP_OK && !r.no_update,
		  "PVALIDATE rescind -> OK, CF=0");
	r = pval(BASE + 0x1000, 0x1000, ASID, RMP_PG_4K, false);
	tap_check(r.rc == RMP_OK && r.no_update, "rescind twice -> CF=1");
	r = pval(BASE + 0x1000, 0x2000, ASID, RMP_PG_4K, true);
	tap_eq(r.rc, RMP_FAULT_NPF_RMP,
	       "PVALIDATE with a GPA the RMP does not record -> #NPF(RMP)");
	r = pval(BASE + 0x1000, 0x1000, ASID + 1, RMP_PG_4K, true);
	tap_eq(r.rc, RMP_FAULT_NPF_RMP,
	       "PVALIDATE from another ASID -> #NPF(RMP)");
	r = pval(BASE + 0x2000, 0x2000, ASID, RMP_PG_4K, true);
	tap_eq(r.rc, RMP_FAULT_NPF_RMP,
	       "PVALIDATE of an unassigned page -> #NPF(RMP)");
	r = pval(BASE + 0x1000, 0x1000, ASID, RMP_PG_2M, true);
	tap_eq(r.rc, RMP_FAIL_INPUT,
	       "PVALIDATE 2M at a non-2M-aligned address -> FAIL_INPUT");

	assign(BASE, 0, RMP_PG_4K);
	r = pval(BASE, 0, ASID, RMP_PG_2M, true);
	tap_eq(r.rc, RMP_FAIL_SIZEMISMATCH,
	       "PVALIDATE 2M on a 4K entry -> FAIL_SIZEMISMATCH");

	assign(BASE + SZ_2M, SZ_2M, RMP_PG_2M);
	r = pval(BASE + SZ_2M + 0x3000, SZ_2M + 0x3000, ASID, RMP_PG_4K, true);
	tap_eq(r.rc, RMP_FAULT_NPF_SIZEM,
	       "PVALIDATE 4K inside a 2M entry -> #NPF(RMP,SIZEM)");
	r = pval(BASE + SZ_2M, SZ_2M, ASID, RMP_PG_2M, true);
	tap_check(r.rc == RMP_OK && !r.no_update,
		  "PVALIDATE 2M on a 2M entry -> OK");
	tap_check(entry(BASE + SZ_2M + 0x1ff000).validated,
		  "PVALIDATE 2M validates the whole 2M page");
	r = pval(BASE + SZ_2M, SZ_2M, ASID, RMP_PG_2M, true);
	tap_check(r.rc == RMP_OK && r.no_update, "PVALIDATE 2M twice -> CF=1");
}

static void rmpadjust_vectors(void)
{
	reset();
	assign(BASE, 0, RMP_PG_4K);
	tap_eq(rmp.ops->rmpadjust(&rmp, BASE, 0, ASID, RMP_PG_4K, 1), RMP_OK,
	       "RMPADJUST from VMPL0 to VMPL1 on an owned page -> OK");
	tap_eq(rmp.ops->rmpadjust(&rmp, BASE, 0, ASID, RMP_PG_4K, 0),
	       RMP_FAIL_PERMISSION,
	       "RMPADJUST targeting VMPL0 from VMPL0 -> FAIL_PERMISSION");
	tap_eq(rmp.ops->rmpadjust(&rmp, BASE, 0, ASID, RMP_PG_4K, 4),
	       RMP_FAIL_INPUT, "RMPADJUST targeting VMPL4 -> FAIL_INPUT");
	tap_eq(rmp.ops->rmpadjust(&rmp, BASE + 0x1000, 0x1000, ASID, RMP_PG_4K,
				  1),
	       RMP_FAULT_NPF_RMP,
	       "RMPADJUST on an unassigned page -> #NPF(RMP)");
	tap_eq(rmp.ops->rmpadjust(&rmp, BASE, 0, ASID, RMP_PG_2M, 1),
	       RMP_FAIL_SIZEMISMATCH,
	       "RMPADJUST 2M on a 4K entry -> FAIL_SIZEMISMATCH");
}

static void setup_modes(void)
{
	struct rmp r;

	memset(table, 0, sizeof(table));
	tap_check(rmp_setup(&r, RMP_MODE_SW, BASE, SIZE, table) &&
			  !strcmp(r.ops->name, "software") &&
			  r.spa_end == BASE + SIZE,
		  "rmp=sw selects the software back end over the given range");
	tap_check(!rmp_setup(&r, RMP_MODE_SW, BASE, SIZE, NULL),
		  "rmp=sw without a table fails instead of running without one");
}

int main(void)
{
	setup_modes();
	rmpupdate_vectors();
	psmash_vectors();
	pvalidate_vectors();
	rmpadjust_vectors();
	printf("# software RMP: %u bytes per 4K page, %u KiB per GiB of guest memory\n",
	       rmp_sw_entry_bytes(), rmp_sw_entry_bytes() * 256);
	return tap_done();
}
