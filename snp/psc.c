// SPDX-License-Identifier: GPL-2.0-only
/*
 * The Page State Change NAE event of the GHCB page protocol (GHCB
 * specification, "Page State Change"; the protocol's entry checks are in
 * snp/vmgexit.c).
 *
 * The descriptor is snapshotted once (header and entries cur..end), the
 * whole snapshot is validated before anything changes, then contiguous
 * same-operation same-size runs are converted in order and progress is
 * written back to the guest's descriptor after each run: cur_page of every
 * entry of the run and cur_entry past it. A request either completes
 * (SW_EXITINFO2 = 0, cur_entry = end_entry + 1) or stops at the first
 * failing run with an error, earlier runs staying done.
 */
#include <stdio.h>
#include <string.h>

#include "guest-abi/psc.h"
#include "include/log.h"
#include "snp/internal.h"

/* The scratch area need not be 8-byte aligned: copy entries bytewise. */
static psc_entry_t get_entry(const uint8_t *base, unsigned i)
{
	psc_entry_t e;

	memcpy(&e, base + i * sizeof(e), sizeof(e));
	return e;
}

static void put_entry(uint8_t *base, unsigned i, psc_entry_t e)
{
	memcpy(base + i * sizeof(e), &e, sizeof(e));
}

static unsigned entry_pages(psc_entry_t e)
{
	return PSC_ENTRY_2M(e) ? PAGES_PER_2M : 1;
}

/*
 * The guest-memory region an entry was last found in, in GFNs: [lo, hi).
 * Consecutive entries mostly lie in the same region, and regions never
 * overlap, so one found region answers for every entry inside it.
 */
struct gfn_span {
	uint64_t lo, hi;
};

/* One past the largest GFN an entry can name (GFN is bits 51:12). */
#define PSC_GFN_END (PSC_ENTRY_GFN(~0ull) + 1)

/* in_guest_memory() outside the last span: look the region up (the span
 * is the region found last, so the lookup starts with the others). */
static bool find_span(struct snp_vm *vm, struct gfn_span *s, uint64_t gfn,
		      unsigned n)
{
	const struct snp_region *r = snp_region_find(vm, gfn << 12,
						     (uint64_t)n << 12);

	if (!r)
		return false;
	/* The whole pages of r (a region need not be page-aligned), no
	 * further than an entry's 40-bit GFN reaches. */
	s->lo = (r->gpa >> 12) + ((r->gpa & (SZ_4K - 1)) != 0);
	s->hi = (r->gpa >> 12) + (((r->gpa & (SZ_4K - 1)) + r->size) >> 12);
	if (s->hi > PSC_GFN_END)
		s->hi = PSC_GFN_END;
	return true;
}

/* Are the n pages from gfn guest memory? */
static inline bool in_guest_memory(struct snp_vm *vm, struct gfn_span *s,
				   uint64_t gfn, unsigned n)
{
	return (gfn >= s->lo && gfn + n <= s->hi) || find_span(vm, s, gfn, n);
}

/*
 * Entry checks ("Page State Change": the entry fields), applied to every
 * entry cur..end before any is processed, finished entries included:
 * a defined operation, cur_page no larger than the entry's page count,
 * a 2 MiB entry 2 MiB-aligned, PSMASH/UNSMASH only on 2 MiB entries and
 * whole (cur_page 0 or 512: they act on the 2 MiB page as a unit), the
 * whole entry inside guest memory, and no private entry covering the GHCB
 * page itself: the response and the progress are written there, and a
 * hypervisor cannot write a private page (on silicon an RMP violation).
 * Reserved bits 63:57 are ignored.
 *
 * Returns NULL when the entry is valid, else the reason word the
 * "psc.invalid" trace line carries (docs/trace-format.md); the caller logs
 * it (invalid_why()).
 */
static const char *entry_invalid(struct snp_vm *vm, psc_entry_t e,
				 uint64_t ghcb_gpa, struct gfn_span *mem)
{
	unsigned op = PSC_ENTRY_OP(e), n = entry_pages(e);
	unsigned cur = PSC_ENTRY_CUR_PAGE(e);
	uint64_t gfn = PSC_ENTRY_GFN(e);

	if (op < PSC_OP_PRIVATE || op > PSC_OP_UNSMASH)
		return "op";
	if (cur > n)
		return "cur-page";
	if (gfn & (n - 1))
		return "align";
	if (op == PSC_OP_PSMASH || op == PSC_OP_UNSMASH) {
		if (!PSC_ENTRY_2M(e))
			return "smash-4k";
		if (cur != 0 && cur != n)
			return "smash-partial";
	}
	if (!in_guest_memory(vm, mem, gfn, n))
		return "outside";
	if (op == PSC_OP_PRIVATE && (ghcb_gpa >> 12) - gfn < n)
		return "ghcb";
	return NULL;
}

/* The log line's words for each reason entry_invalid() returns. */
static const char *invalid_why(const char *word)
{
	static const char *const why[][2] = {
		{ "op", "undefined operation" },
		{ "cur-page", "cur_page beyond the entry" },
		{ "align", "2M entry not 2M-aligned" },
		{ "smash-4k", "PSMASH/UNSMASH on a 4K entry" },
		{ "smash-partial", "PSMASH/UNSMASH with a partial cur_page" },
		{ "outside", "not guest memory" },
		{ "ghcb",
		  "would make the GHCB this request is answered in private" },
	};
	unsigned i;

	for (i = 0; i < sizeof(why) / sizeof(why[0]); i++)
		if (!strcmp(why[i][0], word))
			return why[i][1];
	return word;
}

static void trace_resp(struct snp_vm *vm, const struct ghcb *g,
		       const struct psc_hdr *h, const uint8_t *ent,
		       unsigned max)
{
	/* Up to 253 entries of "4095," (cur_page is 12 bits, and entries the
	 * checks never looked at are printed as the guest left them). */
	char pages[PSC_MAX_ENTRIES * 5 + 8];
	unsigned i, n = 0;
	int w;

	if (!snp_tracing(vm))
		return;
	pages[0] = '-';
	pages[1] = 0;
	for (i = 0; h->end_entry < max && i <= h->end_entry; i++) {
		w = snprintf(pages + n, sizeof(pages) - n, "%s%u", i ? "," : "",
			     PSC_ENTRY_CUR_PAGE(get_entry(ent, i)));
		if (w < 0 || (unsigned)w >= sizeof(pages) - n)
			break; /* cannot happen with the size above */
		n += (unsigned)w;
	}
	snp_tracef(vm,
		   "psc.resp info1=0x%llx info2=0x%llx cur=%u end=%u rsvd=0x%x cur_pages=%s",
		   (unsigned long long)g->sw_exit_info_1,
		   (unsigned long long)g->sw_exit_info_2, h->cur_entry,
		   h->end_entry, h->reserved, pages);
}

/* The fields a run's entries must share (everything but bits 63:57). */
#define RUN_FIELDS (~0ull >> 7)

/*
 * One run: entries [first, first + nr_entries) of the snapshot, converted
 * together (or one finished, PSMASH or UNSMASH entry alone).
 */
struct psc_run {
	uint64_t gfn;	 /* the first page to change */
	uint64_t npages; /* pages to change; 0: a finished entry */
	uint16_t first, nr_entries;
	uint16_t op;   /* PSC_OP_* */
	uint16_t step; /* pages of each entry after the first: 1 or 512; 512
			* also asks for 2 MiB RMP entries (the size hint) */
};

/*
 * Entry i matched the open run's next entry but starts at GFN g past the
 * region found last (or past what an entry can name): does it still
 * continue the run? Looks the next region up and sets *last, the last GFN
 * an entry of 2^shift pages may start at inside it. false with *word =
 * "outside" when [g, g + 2^shift) is not guest memory; false without a
 * word when g is beyond an entry's GFN (the entry then starts a run of
 * its own, and entry_invalid() judges it).
 */
static bool continues_past(struct snp_vm *vm, struct gfn_span *mem, uint64_t g,
			   unsigned shift, uint64_t *last, const char **word)
{
	if (g >= PSC_GFN_END)
		return false;
	if (!find_span(vm, mem, g, 1u << shift)) {
		*word = "outside";
		return false;
	}
	*last = mem->hi - (1ull << shift);
	return true;
}

/*
 * Closes the open run before entry i: its page count, its entry count,
 * and the GHCB check of the entries after its first, which cover
 * [start, g) in entries of 2^shift pages: whether the GHCB's GFN lies
 * there is one test, and it names the same entry a test per entry
 * would. false (with *bad) when it does.
 */
static inline bool close_run(struct psc_run *run, unsigned i, uint64_t start,
			     uint64_t g, unsigned shift, uint64_t ghcb_gfn,
			     unsigned *bad)
{
	if (run->op == PSC_OP_PRIVATE && ghcb_gfn - start < g - start) {
		*bad = run->first + 1 + (unsigned)((ghcb_gfn - start) >> shift);
		return false;
	}
	run->npages = g - run->gfn;
	run->nr_entries = (uint16_t)(i - run->first);
	return true;
}

/*
 * Checks every entry cur..end (entry_invalid()) and splits them into the
 * runs psc_convert() processes in order. A run is an entry not yet done
 * followed by the entries that continue it exactly where it ends: same
 * operation (private or shared), same size, untouched (cur_page 0), the
 * next GFN. Such an entry passes the operation, cur_page, alignment and
 * PSMASH checks by being one, which is one masked compare; only the
 * guest-memory and GHCB checks are left for it. The first is a compare
 * with the last GFN the region found last allows (a new region is looked
 * up only where a run leaves it); the second is one test per run
 * (close_run()). Returns the number of runs, or -1 with *bad and *word
 * the first entry refused and the reason.
 */
static __attribute__((noinline)) int
check_and_split(struct snp_vm *vm, const psc_entry_t *snap, unsigned i,
		unsigned end, uint64_t ghcb_gpa, struct psc_run *runs,
		unsigned *bad, const char **word)
{
	uint64_t ghcb_gfn = ghcb_gpa >> 12;
	struct gfn_span mem = { 0, 0 };
	struct psc_run *run = NULL; /* the open run */
	psc_entry_t next = ~0ull;   /* what an entry continuing it is */
	uint64_t start = 0, g = 0, last = 0; /* g: where it ends */
	unsigned shift = 0;		     /* its entries' pages, log2 */
	uint64_t step = 1, inc = 0;	     /* 2^shift, its GFN field */
	const char *why = NULL;

	while (i <= end) {
		psc_entry_t e;
		unsigned op, k, n;
		bool is_2m;

		/* The entries that continue the open run inside the region
		 * found last. */
		while (i <= end && (snap[i] & RUN_FIELDS) == next &&
		       g <= last) {
			i++;
			g += step;
			next += inc;
		}
		if (i > end)
			break;
		e = snap[i];
		if ((e & RUN_FIELDS) == next &&
		    continues_past(vm, &mem, g, shift, &last, &why)) {
			i++;
			g += step;
			next += inc;
			continue;
		}
		/* Entry i starts a run of its own (or is outside). */
		if (run && !close_run(run, i, start, g, shift, ghcb_gfn, bad)) {
			*word = "ghcb";
			return -1;
		}
		if (!why)
			why = entry_invalid(vm, e, ghcb_gpa, &mem);
		if (why) {
			*bad = i;
			*word = why;
			return -1;
		}
		op = PSC_ENTRY_OP(e);
		k = PSC_ENTRY_CUR_PAGE(e);
		n = entry_pages(e);
		is_2m = PSC_ENTRY_2M(e) && k == 0;
		run = run ? run + 1 : runs;
		run->gfn = PSC_ENTRY_GFN(e) + k;
		run->first = (uint16_t)i;
		run->op = (uint16_t)op;
		shift = is_2m ? 9 : 0;
		step = 1ull << shift;
		run->step = (uint16_t)step;
		inc = step << 12;
		/* The next entry must start where this one ends. mem holds
		 * this entry, so mem.hi >= step. */
		start = g = PSC_ENTRY_GFN(e) + n;
		last = mem.hi - step;
		next = k == n || op == PSC_OP_PSMASH || op == PSC_OP_UNSMASH ?
			       ~0ull : /* alone: no entry matches */
			       PSC_ENTRY(0, g, op, is_2m);
		i++;
	}
	if (run && !close_run(run, i, start, g, shift, ghcb_gfn, bad)) {
		*word = "ghcb";
		return -1;
	}
	return run ? (int)(run - runs) + 1 : 0;
}

/* Marks entries [i, j) of a converted run done: the first in full, each
 * later one (the run's size, cur_page 0, as check_and_split() made sure)
 * at step pages. */
static inline void run_done(uint8_t *gent, const psc_entry_t *snap, unsigned i,
			    unsigned j, uint64_t step)
{
	put_entry(gent, i,
		  PSC_ENTRY_SET_CUR_PAGE(snap[i], entry_pages(snap[i])));
	while (++i < j)
		put_entry(gent, i, snap[i] | step);
}

/* Converts the runs in order; returns SW_EXITINFO2. */
static uint64_t psc_convert(struct snp_vm *vm, struct psc_hdr *gh,
			    uint8_t *gent, const psc_entry_t *snap,
			    const struct psc_run *runs, int nr_runs)
{
	const struct psc_run *run;

	for (run = runs; run < runs + nr_runs; run++) {
		unsigned i = run->first, j = i + run->nr_entries;
		uint64_t gpa = run->gfn << 12;
		bool to_private = run->op == PSC_OP_PRIVATE;
		enum conv_rc rc;

		vm->ctr.psc_entries += run->nr_entries;
		if (!run->npages) { /* already done */
			gh->cur_entry = (uint16_t)j;
			continue;
		}
		/* A PSMASH or UNSMASH run is one whole 2 MiB entry, so a
		 * one-page run is a conversion. */
		if (run->npages == 1)
			rc = snp_convert_page(vm, gpa, to_private,
					      run->step != 1);
		else if (run->op == PSC_OP_PSMASH)
			rc = snp_psmash_gpa(vm, gpa);
		else if (run->op == PSC_OP_UNSMASH)
			rc = snp_unsmash_gpa(vm, gpa);
		else
			rc = snp_convert(vm, gpa, run->npages, to_private,
					 run->step != 1);
		if (rc != CONV_OK)
			return PSC_ERROR_GENERIC;
		/* Progress: every entry of the run done. */
		run_done(gent, snap, i, j, run->step);
		gh->cur_entry = (uint16_t)j;
	}
	return 0;
}

/*
 * PSC NAE event, once snp_ghcb_protocol() checked the GHCB. Checks in
 * order (docs/abi.md): SW_SCRATCH valid (MISSING_INPUT), scratch inside
 * the GHCB shared buffer with room for a header (INVALID_SCRATCH_AREA; a
 * scratch area outside the GHCB is not supported), end_entry within the entries that fit after the scratch
 * start (INVALID_HDR), every entry cur..end (INVALID_ENTRY), then the
 * conversions (GENERIC when one fails).
 */
enum snp_action snp_psc_event(struct snp_vcpu *vc, struct ghcb *g,
			      uint64_t ghcb_gpa, const uint8_t *valid)
{
	struct snp_vm *vm = vc->vm;
	const char *why;
	psc_entry_t snap[PSC_MAX_ENTRIES];
	struct psc_run runs[PSC_MAX_ENTRIES];
	int nr_runs;
	uint64_t scratch = g->sw_scratch, off, info2;
	struct psc_hdr *gh, h;
	uint8_t *gent;
	unsigned max, i = 0;

	vm->ctr.ghcb_psc++;
	if (!snp_ghcb_bit_valid(valid, GHCB_VALID_BIT(sw_scratch))) {
		log_warn_rl("PSC: SW_SCRATCH not marked valid");
		snp_ghcb_error(vc, g, GHCB_ERR_MISSING_INPUT);
		return SNP_RESUME;
	}
	off = scratch - ghcb_gpa;
	if (scratch < ghcb_gpa || off < GHCB_SHARED_BUF_OFF ||
	    off > GHCB_SHARED_BUF_END - sizeof(struct psc_hdr)) {
		log_warn_rl("PSC: scratch area 0x%llx is not inside the GHCB shared buffer",
			    (unsigned long long)scratch);
		snp_ghcb_error(vc, g, GHCB_ERR_INVALID_SCRATCH_AREA);
		return SNP_RESUME;
	}
	snp_ghcb_result(g, 0, 0);

	gh = (struct psc_hdr *)((uint8_t *)g + off);
	gent = (uint8_t *)(gh + 1);
	max = (unsigned)((GHCB_SHARED_BUF_END - off - sizeof(h)) /
			 sizeof(psc_entry_t));
	memcpy(&h, gh, sizeof(h));

	if (snp_tracing(vm)) {
		snp_tracef(vm, "psc.req cur=%u end=%u rsvd=0x%x n=%u",
			   h.cur_entry, h.end_entry, h.reserved, max);
		for (i = 0; h.end_entry < max && i <= h.end_entry; i++)
			snp_tracef(vm, "psc.entry i=%u raw=0x%llx", i,
				   (unsigned long long)get_entry(gent, i));
	}

	if (h.end_entry >= max) {
		log_warn_rl("PSC: end_entry %u beyond the %u entries that fit",
			    h.end_entry, max);
		info2 = PSC_ERROR_INVALID_HDR;
		goto out;
	}
	info2 = 0;
	if (h.cur_entry > h.end_entry)
		goto out;
	memcpy(snap, gent, sizeof(psc_entry_t) * (h.end_entry + 1u));
	nr_runs = check_and_split(vm, snap, h.cur_entry, h.end_entry, ghcb_gpa,
				  runs, &i, &why);
	if (nr_runs < 0) {
		log_warn_rl("PSC entry %u (0x%016llx) invalid: %s", i,
			    (unsigned long long)snap[i], invalid_why(why));
		/* snpvisor only: why the request was refused. */
		snp_tracef(vm, "psc.invalid i=%u reason=%s", i, why);
		info2 = PSC_ERROR_INVALID_ENTRY;
		goto out;
	}
	info2 = psc_convert(vm, gh, gent, snap, runs, nr_runs);
out:
	g->sw_exit_info_2 = info2;
	memcpy(&h, gh, sizeof(h));
	trace_resp(vm, g, &h, gent, max);
	return SNP_RESUME;
}
