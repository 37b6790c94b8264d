// SPDX-License-Identifier: GPL-2.0-only
/*
 * Range conversions: the one place that changes whether guest memory is
 * private or shared. Each conversion updates the RMP (mm/rmp.h) and then
 * the nested-paging views through struct snp_view_ops, keeping these
 * invariants (checked after every step by the host model,
 * tests/lib/model.c):
 *  - a page is presented in at most one view (the one exception, the
 *    shared alias of a validated private page for a guest walk or fetch,
 *    is opened and closed through the view ops too, snp/alias.c, and is
 *    never open while a view changes);
 *  - the private view only where the RMP entry is assigned to this guest
 *    at this GPA and validated, at a size no larger than the RMP entry's;
 *  - the shared view only where the RMP entry is unassigned;
 *  - nothing outside guest memory.
 *
 * Private pages are "assigned, not validated, no view" after a
 * conversion: RMPUPDATE clears Validated (APM volume 3, "RMPUPDATE"), and
 * the guest's PVALIDATE (snp/pvalidate.c) presents the private view.
 *
 * Also the page-state query the protocols and the glue ask before acting
 * (snp_page_state()), which reads the same RMP entries.
 */
#include "include/log.h"
#include "snp/internal.h"

const struct snp_region *snp_region_find(struct snp_vm *vm, uint64_t gpa,
					 uint64_t len)
{
	unsigned i;

	for (i = 0; i < vm->nr_regions; i++)
		if (snp_region_has(&vm->regions[i], gpa, len)) {
			vm->last_region = i;
			return &vm->regions[i];
		}
	return NULL;
}

enum snp_page_state snp_page_state(struct snp_vm *vm, uint64_t gpa,
				   enum rmp_pgsize *size)
{
	const struct snp_region *r = snp_region_of(vm, gpa & ~(SZ_4K - 1),
						   SZ_4K);
	uint64_t head = gpa & ~(SZ_2M - 1);
	const struct snp_region *rh = snp_region_of(vm, head, SZ_2M);
	struct rmp_entry e;
	uint64_t want = gpa & ~(SZ_4K - 1);

	if (size)
		*size = RMP_PG_4K;
	if (!r)
		return SNP_PAGE_OUTSIDE;
	if (rh && rmp_read(vm->rmp, snp_spa(rh, head), &e) == RMP_OK &&
	    e.assigned && e.pagesize == RMP_PG_2M) {
		if (size)
			*size = RMP_PG_2M;
		e.gpa += want - head;
	} else if (rmp_read(vm->rmp, snp_spa(r, want), &e) != RMP_OK) {
		return SNP_PAGE_FOREIGN;
	}
	if (!e.assigned)
		return SNP_PAGE_SHARED;
	if (e.asid != vm->asid || e.gpa != want)
		return SNP_PAGE_FOREIGN;
	return e.validated ? SNP_PAGE_VALIDATED : SNP_PAGE_PRIVATE;
}

void snp_rmp_update_failed(uint64_t spa, const struct rmp_state *st,
			   enum rmp_rc rc)
{
	log_err("RMPUPDATE spa=0x%llx assigned=%d size=%s gpa=0x%llx: %s",
		(unsigned long long)spa, st->assigned,
		st->pagesize == RMP_PG_2M ? "2M" : "4K",
		(unsigned long long)st->gpa, rmp_rc_name(rc));
}

void snp_view_failed(uint64_t gpa, uint64_t size, enum snp_view v)
{
	log_err("view update gpa=0x%llx size=0x%llx view=%d failed",
		(unsigned long long)gpa, (unsigned long long)size, v);
}

/* Is the 2 MiB region at head_spa one assigned 2 MiB RMP entry? */
static bool is_2m_entry(struct snp_vm *vm, uint64_t head_spa,
			struct rmp_entry *e)
{
	return rmp_read(vm->rmp, head_spa, e) == RMP_OK && e->assigned &&
	       e->pagesize == RMP_PG_2M;
}

/*
 * PSMASH the assigned 2 MiB entry e of the 2 MiB page at head (GPA),
 * head_spa; a validated page is re-presented at 4 KiB.
 */
static bool psmash_entry(struct snp_vm *vm, uint64_t head, uint64_t head_spa,
			 const struct rmp_entry *e)
{
	enum rmp_rc rc = rmp_psmash(vm->rmp, head_spa);
	unsigned i;

	vm->ctr.psmashes++;
	snp_tracef(vm, "psmash gpa=0x%llx result=%s", (unsigned long long)head,
		   rc == RMP_OK ? "ok" : "fail");
	if (rc != RMP_OK) {
		log_err("PSMASH gpa=0x%llx: %s", (unsigned long long)head,
			rmp_rc_name(rc));
		return false;
	}
	/* A validated 2 MiB page stays validated as 512 4 KiB pages; its
	 * private view must not stay larger than the RMP entries. */
	if (e->validated)
		for (i = 0; i < PAGES_PER_2M; i++)
			if (!snp_set_view(vm, head + i * SZ_4K, SZ_4K,
					  SNP_VIEW_PRIVATE))
				return false;
	return true;
}

/* snp_smash(), with the region of gpa when the caller has it (else NULL). */
static inline bool smash_in(struct snp_vm *vm, const struct snp_region *r,
			    uint64_t gpa)
{
	uint64_t head = gpa & ~(SZ_2M - 1);
	struct rmp_entry e;

	if (!snp_region_has(r, head, SZ_2M))
		r = snp_region_of(vm, head, SZ_2M);
	if (!r || !is_2m_entry(vm, snp_spa(r, head), &e))
		return true;
	return psmash_entry(vm, head, snp_spa(r, head), &e);
}

bool snp_smash(struct snp_vm *vm, uint64_t gpa)
{
	return smash_in(vm, NULL, gpa);
}

/*
 * Unassign every assigned 4 KiB entry of the 2 MiB region at head (GPA)
 * and present each such page shared at once, so that a failure midway
 * (an Immutable page, say) leaves every page consistent.
 */
static bool unassign_4k_pages(struct snp_vm *vm, const struct snp_region *r,
			      uint64_t head)
{
	const struct rmp_state shared = { 0 };
	struct rmp_entry e;
	unsigned i;

	for (i = 0; i < PAGES_PER_2M; i++) {
		uint64_t gpa = head + i * SZ_4K, spa = snp_spa(r, gpa);

		if (rmp_read(vm->rmp, spa, &e) != RMP_OK)
			return false;
		if (!e.assigned)
			continue;
		if (snp_rmp_update(vm, spa, &shared) != RMP_OK ||
		    !snp_set_view(vm, gpa, SZ_4K, SNP_VIEW_SHARED))
			return false;
	}
	return true;
}

/*
 * An RMPUPDATE to private (st) that failed with rc. FAIL_OVERLAP means 4 KiB
 * and 2 MiB entries would overlap (APM "RMPUPDATE"): a 4 KiB update met an
 * assigned 2 MiB entry, which is PSMASHed, or a 2 MiB update met assigned
 * 4 KiB entries, which are unassigned; then the update is tried again.
 * Anything else is logged. Out of line: a 4 KiB update meets a 2 MiB entry
 * once per 2 MiB page at most (4 KiB updates never make one), and a 2 MiB
 * update over shared memory never fails. true when the retry succeeded.
 */
static __attribute__((noinline)) bool
private_retry(struct snp_vm *vm, const struct snp_region *r, uint64_t spa,
	      const struct rmp_state *st, enum rmp_rc rc)
{
	if (rc == RMP_FAIL_OVERLAP &&
	    (st->pagesize == RMP_PG_2M ? unassign_4k_pages(vm, r, st->gpa) :
					 smash_in(vm, r, st->gpa))) {
		vm->ctr.rmp_updates++;
		rc = rmp_update(vm->rmp, spa, st);
	}
	if (rc != RMP_OK)
		snp_rmp_update_failed(spa, st, rc);
	return rc == RMP_OK;
}

/*
 * The page at gpa, size bytes (4 KiB or 2 MiB; st: assigned at gpa, the
 * guest's ASID, that page size), to private: assigned, not validated, no
 * view. The RMPUPDATE is tried first: over shared memory without
 * overlapping entries (the common case: memory being accepted) it is the
 * only RMP operation needed.
 */
static inline bool private_page(struct snp_vm *vm, const struct snp_region *r,
				uint64_t gpa, uint64_t size, uint64_t spa,
				const struct rmp_state *st)
{
	enum rmp_rc rc = rmp_update(vm->rmp, spa, st);

	vm->ctr.rmp_updates++;
	if (rc != RMP_OK && !private_retry(vm, r, spa, st, rc))
		return false;
	return snp_set_view(vm, gpa, size, SNP_VIEW_NONE);
}

/*
 * The pages [gpa, stop) of region r, each size bytes (4 KiB or 2 MiB, a
 * constant at each call site), to private: each page's RMPUPDATE, its view
 * and the counter, nothing else per page. *failed receives the page that
 * failed.
 */
static inline bool private_pages(struct snp_vm *vm, const struct snp_region *r,
				 uint64_t gpa, uint64_t stop, uint64_t size,
				 uint64_t *failed)
{
	struct rmp_state st = {
		.assigned = true,
		.pagesize = size == SZ_2M ? RMP_PG_2M : RMP_PG_4K,
		.asid = vm->asid,
	};

	for (uint64_t spa = snp_spa(r, gpa); gpa < stop;
	     gpa += size, spa += size) {
		st.gpa = gpa;
		if (!private_page(vm, r, gpa, size, spa, &st)) {
			*failed = gpa;
			return false;
		}
	}
	return true;
}

static bool shared_2m(struct snp_vm *vm, const struct snp_region *r,
		      uint64_t head)
{
	const struct rmp_state st = { .pagesize = RMP_PG_2M };
	uint64_t spa = snp_spa(r, head);
	struct rmp_entry e;

	if (is_2m_entry(vm, spa, &e)) {
		if (snp_rmp_update(vm, spa, &st) != RMP_OK)
			return false;
	} else if (!unassign_4k_pages(vm, r, head)) {
		return false;
	}
	return snp_set_view(vm, head, SZ_2M, SNP_VIEW_SHARED);
}

/* The RMPUPDATE operand of a 4 KiB page to private at gpa. */
static inline struct rmp_state private_4k_state(const struct snp_vm *vm,
						uint64_t gpa)
{
	return (struct rmp_state){
		.gpa = gpa,
		.assigned = true,
		.pagesize = RMP_PG_4K,
		.asid = vm->asid,
	};
}

/* One 4 KiB page to shared, once its 2 MiB region holds no 2 MiB entry. */
static bool shared_4k(struct snp_vm *vm, const struct snp_region *r,
		      uint64_t gpa)
{
	const struct rmp_state shared = { 0 };
	uint64_t spa = snp_spa(r, gpa);
	struct rmp_entry e;

	if (rmp_read(vm->rmp, spa, &e) != RMP_OK)
		return false;
	if (e.assigned && snp_rmp_update(vm, spa, &shared) != RMP_OK)
		return false;
	return snp_set_view(vm, gpa, SZ_4K, SNP_VIEW_SHARED);
}

/*
 * The 4 KiB pages [gpa, stop), all in one 2 MiB region. A 4 KiB change
 * inside a 2 MiB entry needs PSMASH first (APM "RMPUPDATE": FAIL_OVERLAP
 * otherwise): to private, the first update that meets one does it
 * (private_page()); to shared, one check before the first page, since 4 KiB
 * updates never make a 2 MiB entry. r is the region of the whole range
 * when it lies in one, else NULL. *at receives the page that failed.
 */
static bool convert_4k_pages(struct snp_vm *vm, const struct snp_region *r,
			     uint64_t gpa, uint64_t stop, bool to_private,
			     uint64_t *at)
{
	if (!r)
		r = snp_region_of(vm, gpa, stop - gpa);
	*at = gpa;
	if (!r) {
		/* A range across two regions: look each page up. */
		for (; gpa < stop; gpa += SZ_4K) {
			const struct snp_region *rp = snp_region_of(vm, gpa,
								    SZ_4K);
			struct rmp_state priv = private_4k_state(vm, gpa);

			*at = gpa;
			if (!(to_private ?
				      private_page(vm, rp, gpa, SZ_4K,
						   snp_spa(rp, gpa), &priv) :
				      smash_in(vm, rp, gpa) &&
					      shared_4k(vm, rp, gpa)))
				return false;
		}
		return true;
	}
	if (to_private) /* the common case of a PSC */
		return private_pages(vm, r, gpa, stop, SZ_4K, at);
	if (!smash_in(vm, r, gpa))
		return false;
	for (; gpa < stop; gpa += SZ_4K) {
		*at = gpa;
		if (!shared_4k(vm, r, gpa))
			return false;
	}
	return true;
}

/*
 * The whole 2 MiB pages [gpa, stop) of region r to private: the common case
 * of acceptance and MAP_GPA_RANGE. On failure *next is past the 2 MiB page
 * that failed.
 */
static __attribute__((noinline)) bool
private_2m_pages(struct snp_vm *vm, const struct snp_region *r, uint64_t gpa,
		 uint64_t stop, uint64_t *next)
{
	uint64_t failed;

	if (private_pages(vm, r, gpa, stop, SZ_2M, &failed))
		return true;
	*next = failed + SZ_2M;
	return false;
}

static bool range_is_guest_memory(struct snp_vm *vm, uint64_t gpa, uint64_t end)
{
	while (gpa < end) {
		const struct snp_region *r = snp_region_of(vm, gpa, SZ_4K);

		if (!r)
			return false;
		gpa = r->gpa + r->size;
	}
	return true;
}

/*
 * The pages [gpa, end) of a range already checked, in order: 2 MiB at a
 * time where use_2m and a whole aligned 2 MiB lies in the range, else
 * 4 KiB pages up to the next 2 MiB boundary. r is the region of the whole
 * range when it lies in one, else NULL. On failure *next is where the
 * conversion stopped (past the page or 2 MiB page that failed).
 */
static __attribute__((noinline)) bool
convert_pages(struct snp_vm *vm, const struct snp_region *r, uint64_t gpa,
	      uint64_t end, bool to_private, bool use_2m, uint64_t *next)
{
	uint64_t p = gpa;

	while (p < end) {
		const struct snp_region *r2m = NULL;
		bool ok;

		if (!(p & (SZ_2M - 1)) && end - p >= SZ_2M && use_2m)
			r2m = r ? r : snp_region_of(vm, p, SZ_2M);
		if (r2m && to_private) {
			/* Whole 2 MiB pages of r2m: all that remain when r2m
			 * holds the range, else this one. */
			uint64_t stop = r2m == r ?
						p + ((end - p) & ~(SZ_2M - 1)) :
						p + SZ_2M;

			if (!private_2m_pages(vm, r2m, p, stop, next))
				return false;
			p = stop;
			continue;
		}
		if (r2m) {
			ok = shared_2m(vm, r2m, p);
			p += SZ_2M;
		} else {
			/* 4 KiB pages to the end of this 2 MiB region or of
			 * the range, whichever comes first. */
			uint64_t stop = (p | (SZ_2M - 1)) + 1, at;

			if (stop > end || stop < p)
				stop = end;
			ok = convert_4k_pages(vm, r, p, stop, to_private, &at);
			p = ok ? stop : at + SZ_4K;
		}
		if (!ok) {
			*next = p;
			return false;
		}
	}
	return true;
}

static void trace_conv(struct snp_vm *vm, uint64_t gpa, uint64_t npages,
		       bool to_private, bool want_2m, enum conv_rc rc)
{
	unsigned attrs = (to_private ? CONV_ATTR_PRIVATE : 0) |
			 (want_2m ? CONV_ATTR_2M : 0);

	snp_tracef_emit(vm, "conv gpa=0x%llx npages=%llu attrs=0x%x result=%s",
			(unsigned long long)gpa, (unsigned long long)npages,
			attrs, rc == CONV_OK ? "ok" : "fail");
}

/* The log line of a conversion that failed at next. */
static __attribute__((noinline)) void conv_failed(uint64_t gpa, uint64_t npages,
						  uint64_t next)
{
	log_err("conversion gpa=0x%llx npages=%llu failed at 0x%llx; "
		"pages before it are converted",
		(unsigned long long)gpa, (unsigned long long)npages,
		(unsigned long long)next);
}

enum conv_rc snp_convert_page(struct snp_vm *vm, uint64_t gpa, bool to_private,
			      bool want_2m)
{
	const struct snp_region *r = snp_region_of(vm, gpa, SZ_4K);
	enum conv_rc rc = CONV_OUTSIDE;
	bool ok;

	if ((gpa & (SZ_4K - 1)) || !r)
		goto out;
	rc = CONV_REFUSED;
	if (vm->view->prepare &&
	    vm->view->prepare(vm->view_ctx, gpa, 1, to_private))
		goto out;
	vm->ctr.range_conversions++;
	if (to_private) {
		struct rmp_state priv = private_4k_state(vm, gpa);

		ok = private_page(vm, r, gpa, SZ_4K, snp_spa(r, gpa), &priv);
	} else {
		ok = smash_in(vm, r, gpa) && shared_4k(vm, r, gpa);
	}
	rc = CONV_FAILED;
	if (!ok) {
		conv_failed(gpa, 1, gpa + SZ_4K);
		goto out;
	}
	rc = CONV_OK;
	if (to_private)
		vm->ctr.pages_to_private++;
	else
		vm->ctr.pages_to_shared++;
out:
	if (snp_tracing(vm))
		trace_conv(vm, gpa, 1, to_private, want_2m, rc);
	return rc;
}

enum conv_rc snp_convert(struct snp_vm *vm, uint64_t gpa, uint64_t npages,
			 bool to_private, bool want_2m)
{
	bool use_2m = !to_private || (want_2m && vm->rmp_max == SNP_RMP_MAX_2M);
	uint64_t end = gpa + npages * SZ_4K, next;
	const struct snp_region *r = NULL; /* of the whole range, if one */
	enum conv_rc rc = CONV_OK;
	bool ok;

	if (npages == 1)
		return snp_convert_page(vm, gpa, to_private, want_2m);
	if ((gpa & (SZ_4K - 1)) || npages == 0 || npages > (1ull << 40) ||
	    end < gpa ||
	    (!(r = snp_region_of(vm, gpa, end - gpa)) &&
	     !range_is_guest_memory(vm, gpa, end)))
		rc = CONV_OUTSIDE;
	else if (vm->view->prepare &&
		 vm->view->prepare(vm->view_ctx, gpa, npages, to_private))
		rc = CONV_REFUSED;
	if (rc != CONV_OK)
		goto out;

	vm->ctr.range_conversions++;
	/* Whole 2 MiB pages of one region to private (acceptance,
	 * MAP_GPA_RANGE) need none of convert_pages()'s cases. */
	if (r && to_private && use_2m && !((gpa | end) & (SZ_2M - 1)))
		ok = private_2m_pages(vm, r, gpa, end, &next);
	else
		ok = convert_pages(vm, r, gpa, end, to_private, use_2m, &next);
	if (!ok) {
		conv_failed(gpa, npages, next);
		rc = CONV_FAILED;
	} else if (to_private) {
		vm->ctr.pages_to_private += npages;
	} else {
		vm->ctr.pages_to_shared += npages;
	}
out:
	if (snp_tracing(vm))
		trace_conv(vm, gpa, npages, to_private, want_2m, rc);
	return rc;
}

enum conv_rc snp_psmash_gpa(struct snp_vm *vm, uint64_t gpa)
{
	const struct snp_region *r = snp_region_of(vm, gpa, SZ_2M);
	struct rmp_entry e;

	if (!r)
		return CONV_OUTSIDE;
	if (!is_2m_entry(vm, snp_spa(r, gpa), &e)) {
		/* Already 4 KiB (or shared): the requested state holds. */
		snp_tracef(vm, "psmash gpa=0x%llx result=noop",
			   (unsigned long long)gpa);
		return CONV_OK;
	}
	return snp_smash(vm, gpa) ? CONV_OK : CONV_FAILED;
}

/*
 * UNSMASH: merge 512 private 4 KiB entries of consecutive GPAs into one
 * 2 MiB entry. The new entry is not validated (RMPUPDATE clears it): the
 * guest validates the 2 MiB page afterwards. 512 shared pages or an
 * existing 2 MiB entry need nothing; a mix cannot be merged.
 */
enum conv_rc snp_unsmash_gpa(struct snp_vm *vm, uint64_t gpa)
{
	const struct snp_region *r = snp_region_of(vm, gpa, SZ_2M);
	const struct rmp_state st = {
		.gpa = gpa,
		.assigned = true,
		.pagesize = RMP_PG_2M,
		.asid = vm->asid,
	};
	unsigned i, nr_private = 0;
	struct rmp_entry e;
	uint64_t spa;
	bool ok;

	if (!r)
		return CONV_OUTSIDE;
	spa = snp_spa(r, gpa);
	if (is_2m_entry(vm, spa, &e))
		goto noop;
	for (i = 0; i < PAGES_PER_2M; i++) {
		if (rmp_read(vm->rmp, spa + i * SZ_4K, &e) != RMP_OK)
			return CONV_FAILED;
		if (e.assigned && e.asid == vm->asid &&
		    e.gpa == gpa + i * SZ_4K)
			nr_private++;
	}
	if (nr_private == 0)
		goto noop;
	if (nr_private != PAGES_PER_2M) {
		log_err("UNSMASH gpa=0x%llx: only %u of 512 pages are private",
			(unsigned long long)gpa, nr_private);
		snp_tracef(vm, "unsmash gpa=0x%llx result=fail",
			   (unsigned long long)gpa);
		return CONV_FAILED;
	}
	if (vm->rmp_max == SNP_RMP_MAX_4K) {
		log_err("UNSMASH gpa=0x%llx refused: rmp-max=4k allows no 2M entries",
			(unsigned long long)gpa);
		snp_tracef(vm, "unsmash gpa=0x%llx result=fail",
			   (unsigned long long)gpa);
		return CONV_FAILED;
	}
	ok = unassign_4k_pages(vm, r, gpa) &&
	     snp_rmp_update(vm, spa, &st) == RMP_OK &&
	     snp_set_view(vm, gpa, SZ_2M, SNP_VIEW_NONE);
	vm->ctr.unsmashes++;
	snp_tracef(vm, "unsmash gpa=0x%llx result=%s", (unsigned long long)gpa,
		   ok ? "ok" : "fail");
	return ok ? CONV_OK : CONV_FAILED;
noop:
	snp_tracef(vm, "unsmash gpa=0x%llx result=noop",
		   (unsigned long long)gpa);
	return CONV_OK;
}
