// SPDX-License-Identifier: GPL-2.0-only
/* The host model of one SNP guest; see model.h. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guest-abi/psc.h"
#include "tests/lib/model.h"

static void mark_dirty_range(struct model *m, uint64_t p, uint64_t end)
{
	/* Whole words where the range covers them (a 2 MiB change is 8). */
	for (; p < end && (p & 63); p++)
		m->dirty[p / 64] |= 1ull << (p % 64);
	for (; p + 64 <= end; p += 64)
		m->dirty[p / 64] = ~0ull;
	for (; p < end; p++)
		m->dirty[p / 64] |= 1ull << (p % 64);
}

static inline void mark_dirty(struct model *m, uint64_t gpa, uint64_t size)
{
	uint64_t p = gpa >> 12, end = (gpa + size) >> 12;

	if (end > m->mem_size >> 12)
		end = m->mem_size >> 12;
	if (end == p + 1)
		m->dirty[p / 64] |= 1ull << (p % 64);
	else
		mark_dirty_range(m, p, end);
}

static struct model *model_of_rmp(struct rmp *rmp)
{
	return (struct model *)((char *)rmp - offsetof(struct model, rmp));
}

/* The software RMP's operations, forwarded, marking what they may change. */
static void rmp_dirty(struct rmp *rmp, uint64_t spa, enum rmp_pgsize size)
{
	struct model *m = model_of_rmp(rmp);
	uint64_t len = size == RMP_PG_2M ? SZ_2M : SZ_4K;

	spa &= ~(len - 1);
	if (spa >= MODEL_SPA_BASE && spa - MODEL_SPA_BASE < m->mem_size)
		mark_dirty(m, spa - MODEL_SPA_BASE, len);
}

static enum rmp_rc fwd_read(struct rmp *rmp, uint64_t spa, struct rmp_entry *e)
{
	return model_of_rmp(rmp)->rmp_sw_ops->read(rmp, spa, e);
}

static enum rmp_rc fwd_update(struct rmp *rmp, uint64_t spa,
			      const struct rmp_state *st)
{
	rmp_dirty(rmp, spa, st->pagesize);
	return model_of_rmp(rmp)->rmp_sw_ops->update(rmp, spa, st);
}

static enum rmp_rc fwd_psmash(struct rmp *rmp, uint64_t spa)
{
	rmp_dirty(rmp, spa, RMP_PG_2M);
	return model_of_rmp(rmp)->rmp_sw_ops->psmash(rmp, spa);
}

static struct pvalidate_result fwd_pvalidate(struct rmp *rmp, uint64_t spa,
					     uint64_t gpa, uint32_t asid,
					     enum rmp_pgsize size,
					     bool validate)
{
	rmp_dirty(rmp, spa, size);
	return model_of_rmp(rmp)->rmp_sw_ops->pvalidate(rmp, spa, gpa, asid,
							size, validate);
}

/* RMPADJUST changes no state the software RMP keeps (mm/rmp_sw.c). */
static enum rmp_rc fwd_rmpadjust(struct rmp *rmp, uint64_t spa, uint64_t gpa,
				 uint32_t asid, enum rmp_pgsize size,
				 unsigned target_vmpl)
{
	return model_of_rmp(rmp)->rmp_sw_ops->rmpadjust(rmp, spa, gpa, asid,
							size, target_vmpl);
}

/* The firmware's write (rmp_ops.fw_write, fw/model.c): one 4 KiB entry,
 * or a whole region when it is an assigned 2 MiB entry's head. */
static enum rmp_rc fwd_fw_write(struct rmp *rmp, uint64_t spa,
				const struct rmp_entry *e)
{
	rmp_dirty(rmp, spa, e->pagesize == RMP_PG_2M ? RMP_PG_2M : RMP_PG_4K);
	return model_of_rmp(rmp)->rmp_sw_ops->fw_write(rmp, spa, e);
}

static const struct rmp_ops model_rmp_ops = {
	.name = "software (model)",
	.read = fwd_read,
	.update = fwd_update,
	.psmash = fwd_psmash,
	.pvalidate = fwd_pvalidate,
	.rmpadjust = fwd_rmpadjust,
	.fw_write = fwd_fw_write,
};

static bool probe_slots(struct model *m);

static int model_prepare(void *ctx, uint64_t gpa, uint64_t npages,
			 bool to_private)
{
	struct model *m = ctx;

	(void)gpa;
	(void)npages;
	(void)to_private;
	return ++m->nr_prepare == m->fail_prepare_at;
}

/* Are the n bytes from b all zero? A word at a time where it can. */
static bool all_zero(const uint8_t *b, uint64_t n)
{
	uint64_t acc = 0, w, i = 0;

	for (; i + 8 <= n; i += 8) {
		memcpy(&w, b + i, 8);
		acc |= w;
	}
	for (; i < n; i++)
		acc |= b[i];
	return acc == 0;
}

static int model_set_view(void *ctx, uint64_t gpa, uint64_t size,
			  enum snp_view v)
{
	struct model *m = ctx;
	uint64_t i, p, n = size >> 12;
	uint8_t code = size == SZ_2M ? 2 : 1, sh, pr;

	if ((size != SZ_4K && size != SZ_2M) || (gpa & (size - 1)) ||
	    gpa >= m->mem_size || size > m->mem_size - gpa) {
		m->view_errors++;
		return -1;
	}
	mark_dirty(m, gpa, size);
	p = gpa >> 12;
	sh = v == SNP_VIEW_SHARED ? code : 0;
	pr = v == SNP_VIEW_PRIVATE ? code : 0;
	/* Every alias is closed before the engine changes a view. */
	if (n == 1) {
		m->alias_errors += m->view_alias[p] != 0;
		m->view_shared[p] = sh;
		m->view_private[p] = pr;
		return 0;
	}
	if (!all_zero(m->view_alias + p, n))
		for (i = p; i < p + n; i++)
			m->alias_errors += m->view_alias[i] != 0;
	memset(m->view_shared + p, sh, n);
	memset(m->view_private + p, pr, n);
	return 0;
}

/* The shared alias of a validated private page (snp_alias_set()). */
static int model_alias(void *ctx, uint64_t gpa, unsigned flags)
{
	struct model *m = ctx;

	if ((gpa & (SZ_4K - 1)) || gpa >= m->mem_size ||
	    (flags & ~(SNP_ALIAS_WALK | SNP_ALIAS_FETCH))) {
		m->view_errors++;
		return -1;
	}
	mark_dirty(m, gpa, SZ_4K);
	m->view_alias[gpa >> 12] = (uint8_t)flags;
	m->nr_alias_ops++;
	return 0;
}

static const struct snp_view_ops model_view_ops = {
	.prepare = model_prepare,
	.set_view = model_set_view,
	.alias = model_alias,
};

static void model_emit(void *ctx, const char *line)
{
	struct model *m = ctx;
	size_t n = strlen(line);

	if (m->echo_trace)
		printf("#   %s\n", line);
	if (m->trace_len + n + 2 > m->trace_cap) {
		m->trace_cap = (m->trace_cap + n + 2) * 2;
		m->trace = realloc(m->trace, m->trace_cap);
		if (!m->trace)
			abort();
	}
	memcpy(m->trace + m->trace_len, line, n);
	m->trace_len += n;
	m->trace[m->trace_len++] = '\n';
	m->trace[m->trace_len] = 0;
}

static void model_cpuid(void *ctx, uint32_t fn, uint32_t regs[4])
{
	(void)ctx;
	regs[0] = fn ^ 0x11111111u;
	regs[1] = fn ^ 0x22222222u;
	regs[2] = fn ^ 0x33333333u;
	regs[3] = fn ^ 0x44444444u;
}

void model_init(struct model *m, uint64_t mem_size, enum snp_rmp_max rmp_max)
{
	uint64_t pages = mem_size >> 12;

	memset(m, 0, sizeof(*m));
	m->mem_size = mem_size;
	m->mem = calloc(1, mem_size);
	m->rmp_table = calloc(pages, rmp_sw_entry_bytes());
	m->view_shared = calloc(pages, 1);
	m->view_private = calloc(pages, 1);
	m->view_alias = calloc(pages, 1);
	m->dirty = calloc((pages + 63) / 64, sizeof(uint64_t));
	if (!m->mem || !m->rmp_table || !m->view_shared || !m->view_private ||
	    !m->view_alias || !m->dirty)
		abort();
	memset(m->view_shared, 1, pages);
	rmp_sw_init(&m->rmp, MODEL_SPA_BASE, mem_size, m->rmp_table);
	m->rmp_sw_ops = m->rmp.ops;
	m->rmp.ops = &model_rmp_ops;
	m->raw_slots = probe_slots(m);
	memset(m->rmp_table, 0, pages * rmp_sw_entry_bytes());

	m->region = (struct snp_region){
		.gpa = 0,
		.size = mem_size,
		.spa = MODEL_SPA_BASE,
		.host = m->mem,
	};
	m->cfg = (struct snp_vm_config){
		.name = "model",
		.asid = MODEL_ASID,
		.cbit = 47,
		.regions = &m->region,
		.nr_regions = 1,
		.rmp = &m->rmp,
		.view = &model_view_ops,
		.view_ctx = m,
		.rmp_max = rmp_max,
		.cpuid = model_cpuid,
		.trace = { .emit = model_emit, .ctx = m },
	};
	if (snp_vm_setup(&m->vm, &m->cfg))
		abort();
	snp_vcpu_init(&m->vc, &m->vm);
}

void model_free(struct model *m)
{
	free(m->mem);
	free(m->rmp_table);
	free(m->view_shared);
	free(m->view_private);
	free(m->view_alias);
	free(m->dirty);
	free(m->trace);
}

void model_reset(struct model *m, enum snp_rmp_max rmp_max)
{
	uint64_t pages = m->mem_size >> 12;

	memset(m->rmp_table, 0, pages * rmp_sw_entry_bytes());
	memset(m->view_shared, 1, pages);
	memset(m->view_private, 0, pages);
	memset(m->view_alias, 0, pages);
	memset(m->dirty, 0, (pages + 63) / 64 * sizeof(uint64_t));
	m->nr_prepare = 0;
	m->fail_prepare_at = 0;
	m->view_errors = 0;
	m->alias_errors = 0;
	m->nr_alias_ops = 0;
	model_trace_clear(m);
	m->cfg.rmp_max = rmp_max;
	if (snp_vm_setup(&m->vm, &m->cfg))
		abort();
	snp_vcpu_init(&m->vc, &m->vm);
}

static bool check_counts(struct model *m, char *why, size_t len)
{
	if (m->view_errors) {
		snprintf(why, len,
			 "%u view updates outside memory or misaligned",
			 m->view_errors);
		return false;
	}
	if (m->alias_errors) {
		snprintf(why, len,
			 "%u view updates of a page with an open shared alias",
			 m->alias_errors);
		return false;
	}
	return true;
}

static bool check_page(struct model *m, uint64_t p, enum snp_page_state st,
		       enum rmp_pgsize sz, char *why, size_t len)
{
	uint8_t sh = m->view_shared[p], pr = m->view_private[p];
	uint8_t al = m->view_alias[p];
	const char *bad = NULL;

	/*
	 * The one exception to "at most one view": the shared alias of a
	 * validated private page, next to its private view.
	 */
	if (al && (st != SNP_PAGE_VALIDATED || !pr))
		bad = "shared alias on a page not validated private";
	else if (sh && pr)
		bad = "mapped both private and shared";
	else if (pr && st != SNP_PAGE_VALIDATED)
		bad = "private view on a page not assigned+validated";
	else if (pr == 2 && sz != RMP_PG_2M)
		bad = "2M private view over a 4K RMP entry";
	else if (sh && st != SNP_PAGE_SHARED)
		bad = "shared view on an assigned page";
	else if (st == SNP_PAGE_SHARED && !sh)
		bad = "shared page without shared view";
	else if (st == SNP_PAGE_VALIDATED && !pr)
		bad = "validated page without private view";
	else if (st == SNP_PAGE_FOREIGN)
		bad = "RMP entry assigned to another ASID/GPA";
	if (!bad)
		return true;
	snprintf(why, len,
		 "gpa 0x%llx: %s (state %d, size %d, views %u/%u, alias %u)",
		 (unsigned long long)(p << 12), bad, st, sz, sh, pr, al);
	return false;
}

/* A page's state from its RMP entry, as snp_page_state() derives it. */
static enum snp_page_state state_of(const struct model *m,
				    const struct rmp_entry *e, uint64_t gpa)
{
	if (!e->assigned)
		return SNP_PAGE_SHARED;
	if (e->asid != m->vm.asid || e->gpa != gpa)
		return SNP_PAGE_FOREIGN;
	return e->validated ? SNP_PAGE_VALIDATED : SNP_PAGE_PRIVATE;
}

/*
 * Reads the head entry of page p's 2 MiB region into *head once per region
 * (*head_p = its page); not assigned when the region is not all guest
 * memory or RMPREAD fails.
 */
static void load_head(struct model *m, uint64_t p, struct rmp_entry *head,
		      uint64_t *head_p)
{
	uint64_t hp = p & ~511ull;

	if (*head_p == hp)
		return;
	*head_p = hp;
	if ((hp << 12) + SZ_2M > m->mem_size ||
	    rmp_read(&m->rmp, MODEL_SPA_BASE + (hp << 12), head) != RMP_OK)
		head->assigned = false;
}

static inline bool head_is_2m(const struct rmp_entry *head)
{
	return head->assigned && head->pagesize == RMP_PG_2M;
}

/*
 * The software RMP's slots read directly, the checks' fast path. Layout
 * (mm/rmp_sw.c): one 8-byte slot per 4 KiB page holding the low quadword
 * of the architectural RMP entry (APM volume 2, "Reverse Map Table"):
 * Assigned bit 0, PageSize bit 1, GPA 50:12, ASID 60:51, Validated 62;
 * the head slot of a 2 MiB region also carries software-only bits in
 * reserved ones: 63 when the region is kept whole (its other 511 slots
 * are then not read) and a count in 11:3. model_init() checks this layout
 * against the software RMP's own operations (probe_slots()) and keeps
 * RMPREAD through the RMP interface when it does not hold.
 */
#define SLOT_ASSIGNED	(1ull << 0)
#define SLOT_PAGESIZE	(1ull << 1)
#define SLOT_GPA_MASK	(((1ull << 51) - 1) & ~(SZ_4K - 1))
#define SLOT_ASID_SHIFT 51
#define SLOT_ASID_MASK	(0x3ffull << SLOT_ASID_SHIFT)
#define SLOT_VALIDATED	(1ull << 62)
#define SLOT_WHOLE	(1ull << 63)
/* The bits state_of() reads, for an assigned entry of this guest. */
#define SLOT_KEY \
	(SLOT_ASSIGNED | SLOT_GPA_MASK | SLOT_ASID_MASK | SLOT_VALIDATED)

/* An assigned 4 KiB entry of this guest for gpa, as its slot holds it. */
static uint64_t slot_mine(uint64_t gpa, uint32_t asid)
{
	return SLOT_ASSIGNED | gpa | ((uint64_t)asid << SLOT_ASID_SHIFT);
}

/* state_of() for the slot of page p of a split region. */
static enum snp_page_state slot_state(const struct model *m, uint64_t p)
{
	uint64_t s = m->rmp_table[p];

	if (!(s & SLOT_ASSIGNED))
		return SNP_PAGE_SHARED;
	if ((s & (SLOT_KEY & ~SLOT_VALIDATED)) !=
	    slot_mine(p << 12, m->vm.asid))
		return SNP_PAGE_FOREIGN;
	return (s & SLOT_VALIDATED) ? SNP_PAGE_VALIDATED : SNP_PAGE_PRIVATE;
}

/*
 * Is page p's region (not an assigned 2 MiB entry) kept whole? Its pages
 * then all read as the head's unassigned entry; else each has its slot.
 * A region that is not all guest memory is never whole (mm/rmp_sw.c).
 */
static bool slot_region_whole(const struct model *m, uint64_t p)
{
	uint64_t hp = p & ~511ull;

	return (hp << 12) + SZ_2M <= m->mem_size &&
	       (m->rmp_table[hp] & SLOT_WHOLE);
}

/*
 * Does the slot layout above hold? Runs the software RMP's own operations
 * on the first 2 MiB region of a fresh table (a 2 MiB RMPUPDATE, PSMASH,
 * PVALIDATE, a 4 KiB RMPUPDATE back to unassigned) and compares the slots
 * with what the layout says; the caller zeroes the table afterwards.
 */
static bool probe_slots(struct model *m)
{
	const struct rmp_ops *ops = m->rmp_sw_ops;
	const uint64_t b = MODEL_SPA_BASE, g5 = 5 * SZ_4K;
	const uint32_t a = MODEL_ASID;
	struct rmp_state s2m = { .assigned = true,
				 .pagesize = RMP_PG_2M,
				 .asid = a },
			 none = { 0 };
	const uint64_t *t = m->rmp_table;
	bool ok;

	if (m->mem_size < SZ_2M)
		return false;
	ok = ops->update(&m->rmp, b, &s2m) == RMP_OK &&
	     t[0] == (SLOT_WHOLE | SLOT_PAGESIZE | slot_mine(0, a));
	ok = ok && ops->psmash(&m->rmp, b) == RMP_OK &&
	     (t[0] & ~(0x1ffull << 3)) == slot_mine(0, a) &&
	     t[5] == slot_mine(g5, a);
	ok = ok &&
	     ops->pvalidate(&m->rmp, b + g5, g5, a, RMP_PG_4K, true).rc ==
		     RMP_OK &&
	     t[5] == (slot_mine(g5, a) | SLOT_VALIDATED);
	ok = ok && ops->update(&m->rmp, b + g5, &none) == RMP_OK && t[5] == 0;
	return ok;
}

/*
 * Page p's state read from the RMP: its 2 MiB region's head entry when
 * that is an assigned 2 MiB entry, which governs all 512 pages (APM
 * volume 2, "Reverse Map Table"), else the page's own entry (its slot,
 * or RMPREAD when the slot layout did not hold).
 */
static bool rmp_state(struct model *m, uint64_t p, struct rmp_entry *head,
		      uint64_t *head_p, enum snp_page_state *st,
		      enum rmp_pgsize *sz, char *why, size_t len)
{
	uint64_t gpa = p << 12;
	struct rmp_entry e;

	load_head(m, p, head, head_p);
	*sz = RMP_PG_4K;
	if (head_is_2m(head)) {
		e = *head;
		e.gpa += gpa & (SZ_2M - 1);
		*sz = RMP_PG_2M;
	} else if (m->raw_slots) {
		*st = slot_region_whole(m, p) ? SNP_PAGE_SHARED :
						slot_state(m, p);
		return true;
	} else if (rmp_read(&m->rmp, MODEL_SPA_BASE + gpa, &e) != RMP_OK) {
		snprintf(why, len, "gpa 0x%llx: RMPREAD failed",
			 (unsigned long long)gpa);
		return false;
	}
	*st = state_of(m, &e, gpa);
	return true;
}

bool model_page_state(struct model *m, uint64_t gpa, bool raw,
		      enum snp_page_state *st, enum rmp_pgsize *sz)
{
	uint64_t head_p = ~0ull;
	struct rmp_entry head;
	bool keep = m->raw_slots, ok;
	char why[80];

	m->raw_slots = raw && keep;
	ok = gpa < m->mem_size && !(gpa & (SZ_4K - 1)) &&
	     rmp_state(m, gpa >> 12, &head, &head_p, st, sz, why, sizeof(why));
	m->raw_slots = keep;
	return ok;
}

/*
 * Is page p as model_reset() leaves it: a zero software RMP slot, shared
 * view only, no alias? Outside an assigned 2 MiB entry a zero slot reads
 * as an unassigned 4 KiB entry (mm/rmp_sw.c: a zeroed table is all split
 * and unassigned; a whole region's other slots read as its head), so
 * such a page is shared, at 4 KiB, with its shared view: check_page()
 * passes it. The checks skip these pages when the slot layout did not
 * hold (with it, pass_8() covers them).
 */
static bool pristine(const struct model *m, uint64_t p)
{
	return m->rmp_table[p] == 0 && m->view_shared[p] == 1 &&
	       m->view_private[p] == 0 && m->view_alias[p] == 0;
}

/* The view bytes of the 8 pages from p. */
struct views_8 {
	uint64_t sh, pr, al;
};

static struct views_8 views_8(const struct model *m, uint64_t p)
{
	struct views_8 v;

	memcpy(&v.sh, m->view_shared + p, 8);
	memcpy(&v.pr, m->view_private + p, 8);
	memcpy(&v.al, m->view_alias + p, 8);
	return v;
}

#define ONES_8 0x0101010101010101ull

/*
 * check_page()'s verdict for 8 pages all in state st at entry size sz: a
 * word at a time. Shared: the shared view only (4 KiB or 2 MiB leaves),
 * no alias. Private: no view, no alias. Validated: a private view on each
 * (a 2 MiB one only over a 2 MiB entry), no shared view, an alias or not.
 */
static bool views_pass_8(struct views_8 v, enum snp_page_state st,
			 enum rmp_pgsize sz)
{
	switch (st) {
	case SNP_PAGE_SHARED:
		return v.pr == 0 && v.al == 0 &&
		       (v.sh == ONES_8 || v.sh == 2 * ONES_8);
	case SNP_PAGE_PRIVATE:
		return v.sh == 0 && v.pr == 0 && v.al == 0;
	case SNP_PAGE_VALIDATED:
		if (v.sh)
			return false;
		if (sz != RMP_PG_2M)
			return v.pr == ONES_8;
		/* No byte of pr is zero. */
		return ((v.pr - ONES_8) & ~v.pr & (ONES_8 << 7)) == 0;
	default:
		return false;
	}
}

/*
 * The state of the 8 pages from p (p a multiple of 8) of a region not kept
 * as an assigned 2 MiB entry, when it is one for all 8 and the slots say
 * so plainly: all unassigned, or all this guest's at their own GPAs and
 * all validated or none. Else false (the caller checks page by page).
 */
static bool slots_state_8(const struct model *m, uint64_t p,
			  enum snp_page_state *st)
{
	const uint64_t *s = m->rmp_table + p;
	uint64_t any = 0, base, val;
	unsigned i;

	if (slot_region_whole(m, p)) {
		*st = SNP_PAGE_SHARED;
		return true;
	}
	for (i = 0; i < 8; i++)
		any |= s[i] & SLOT_ASSIGNED;
	if (!any) {
		*st = SNP_PAGE_SHARED;
		return true;
	}
	val = s[0] & SLOT_VALIDATED;
	base = slot_mine(p << 12, m->vm.asid) | val;
	for (i = 0; i < 8; i++)
		if ((s[i] & SLOT_KEY) != base + i * SZ_4K)
			return false;
	*st = val ? SNP_PAGE_VALIDATED : SNP_PAGE_PRIVATE;
	return true;
}

/*
 * check_page()'s verdict for the 8 pages from p (p a multiple of 8, head
 * loaded for p's region), when they pass: one state for all (an assigned
 * 2 MiB entry's, or the slots' when slots_state_8() finds one), the views
 * a word at a time. False sends the caller to check_page() for each page,
 * which says what is wrong.
 */
static bool pass_8(const struct model *m, uint64_t p,
		   const struct rmp_entry *head)
{
	enum snp_page_state st;
	struct rmp_entry e;

	if (head_is_2m(head)) {
		e = *head;
		e.gpa += (p << 12) & (SZ_2M - 1);
		st = state_of(m, &e, p << 12);
		return views_pass_8(views_8(m, p), st, RMP_PG_2M);
	}
	if (!m->raw_slots || !slots_state_8(m, p, &st))
		return false;
	return views_pass_8(views_8(m, p), st, RMP_PG_4K);
}

/* pristine() for the 8 pages from p (p a multiple of 8). */
static bool pristine_8(const struct model *m, uint64_t p)
{
	struct views_8 v = views_8(m, p);
	uint64_t slots = 0;
	unsigned i;

	for (i = 0; i < 8; i++)
		slots |= m->rmp_table[p + i];
	return slots == 0 && v.sh == ONES_8 && v.pr == 0 && v.al == 0;
}

bool model_check(struct model *m, char *why, size_t len)
{
	uint64_t p, head_p = ~0ull, pages = m->mem_size >> 12;
	struct rmp_entry head;

	if (!check_counts(m, why, len))
		return false;
	memset(m->dirty, 0, (pages + 63) / 64 * sizeof(uint64_t));
	for (p = 0; p < pages; p++) {
		enum snp_page_state st;
		enum rmp_pgsize sz;

		load_head(m, p, &head, &head_p);
		if (!(p & 7) && p + 8 <= pages &&
		    (pass_8(m, p, &head) ||
		     (!m->raw_slots && !head_is_2m(&head) &&
		      pristine_8(m, p)))) {
			p += 7;
			continue;
		}
		if (!m->raw_slots && !head_is_2m(&head) && pristine(m, p))
			continue;
		if (!rmp_state(m, p, &head, &head_p, &st, &sz, why, len) ||
		    !check_page(m, p, st, sz, why, len))
			return false;
	}
	return true;
}

/*
 * The dirty pages, read from the RMP the same way; the engine's own
 * answer (snp_page_state()) must agree on the first dirty page of each
 * 2 MiB region.
 */
bool model_check_dirty(struct model *m, char *why, size_t len)
{
	uint64_t w, head_p = ~0ull, pages = m->mem_size >> 12;
	uint64_t words = (pages + 63) / 64;
	struct rmp_entry head;

	if (!check_counts(m, why, len))
		return false;
	for (w = 0; w < words; w++) {
		while (m->dirty[w]) {
			uint64_t p = w * 64 +
				     (unsigned)__builtin_ctzll(m->dirty[w]);
			bool first = (p & ~511ull) != head_p;
			enum snp_page_state st, est;
			enum rmp_pgsize sz, esz;

			load_head(m, p, &head, &head_p);
			/* Eight dirty pages from p: one state for all, the
			 * views a word at a time. */
			if (!first && !(p & 7) && p + 8 <= pages &&
			    ((m->dirty[w] >> (p & 63)) & 0xff) == 0xff &&
			    pass_8(m, p, &head)) {
				m->dirty[w] &= ~(0xffull << (p & 63));
				continue;
			}
			m->dirty[w] &= m->dirty[w] - 1;
			if (!first && !m->raw_slots && !head_is_2m(&head) &&
			    pristine(m, p))
				continue;
			if (!rmp_state(m, p, &head, &head_p, &st, &sz, why,
				       len))
				return false;
			if (first) {
				est = snp_page_state(&m->vm, p << 12, &esz);
				if (est != st || esz != sz) {
					snprintf(why, len,
						 "gpa 0x%llx: snp_page_state() says state %d size %d, the RMP %d/%d",
						 (unsigned long long)(p << 12),
						 est, esz, st, sz);
					return false;
				}
			}
			if (!check_page(m, p, st, sz, why, len))
				return false;
		}
	}
	return true;
}

void model_both_catch(struct model *m, uint64_t gpa, const char *reason,
		      bool *full_ok, char *why, bool *dirty_ok, char *dwhy,
		      size_t len)
{
	char at[40];

	snprintf(at, sizeof(at), "gpa 0x%llx: ", (unsigned long long)gpa);
	*dirty_ok = !model_check_dirty(m, dwhy, len) && strstr(dwhy, at) &&
		    strstr(dwhy, reason);
	*full_ok = !model_check(m, why, len) && strstr(why, at) &&
		   strstr(why, reason);
}

void model_trace_clear(struct model *m)
{
	m->trace_len = 0;
	if (m->trace)
		m->trace[0] = 0;
}

bool model_trace_has(const struct model *m, const char *line)
{
	size_t n = strlen(line);
	const char *p = m->trace;

	while (p && *p) {
		const char *nl = strchr(p, '\n');

		if ((size_t)(nl - p) == n && !memcmp(p, line, n))
			return true;
		p = nl + 1;
	}
	return false;
}

unsigned model_trace_count(const struct model *m, const char *prefix)
{
	size_t n = strlen(prefix);
	const char *p = m->trace;
	unsigned c = 0;

	while (p && *p) {
		c += !strncmp(p, prefix, n);
		p = strchr(p, '\n') + 1;
	}
	return c;
}

struct ghcb *model_ghcb(struct model *m, uint64_t gpa)
{
	struct ghcb *g = (struct ghcb *)(m->mem + gpa);

	m->vc.ghcb_registered_gpa = gpa;
	m->vc.ghcb_msr = gpa;
	return g;
}

struct ghcb *model_nae(struct model *m, uint64_t ghcb_gpa, uint64_t code,
		       uint64_t info1, uint64_t info2)
{
	struct ghcb *g = model_ghcb(m, ghcb_gpa);

	memset(g, 0, sizeof(*g));
	g->sw_exit_code = code;
	g->sw_exit_info_1 = info1;
	g->sw_exit_info_2 = info2;
	ghcb_set_valid(g, GHCB_VALID_BIT(sw_exit_code));
	ghcb_set_valid(g, GHCB_VALID_BIT(sw_exit_info_1));
	ghcb_set_valid(g, GHCB_VALID_BIT(sw_exit_info_2));
	return g;
}

void model_psc(struct model *m, uint64_t ghcb_gpa, unsigned cur, unsigned end,
	       const uint64_t *entries, unsigned n)
{
	struct ghcb *g = model_nae(m, ghcb_gpa, SVM_VMGEXIT_PSC, 0, 0);
	struct psc_hdr *h = (struct psc_hdr *)g->shared_buffer;

	g->sw_scratch = ghcb_gpa + GHCB_SHARED_BUF_OFF;
	ghcb_set_valid(g, GHCB_VALID_BIT(sw_scratch));
	h->cur_entry = (uint16_t)cur;
	h->end_entry = (uint16_t)end;
	if (n)
		memcpy(h + 1, entries, n * sizeof(uint64_t));
}
