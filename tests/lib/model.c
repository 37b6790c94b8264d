// SPDX-License-Identifier: GPL-2.0-only
/* The host model of one SNP guest; see model.h. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guest-abi/psc.h"
#include "tests/lib/model.h"

static void mark_dirty(struct model *m, uint64_t gpa, uint64_t size)
{
	uint64_t p = gpa >> 12, end = (gpa + size) >> 12;

	if (end > m->mem_size >> 12)
		end = m->mem_size >> 12;
	for (; p < end; p++)
		m->dirty[p / 64] |= 1ull << (p % 64);
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

static int model_prepare(void *ctx, uint64_t gpa, uint64_t npages,
			 bool to_private)
{
	struct model *m = ctx;

	(void)gpa;
	(void)npages;
	(void)to_private;
	return ++m->nr_prepare == m->fail_prepare_at;
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
	for (i = p; i < p + n; i++) {
		/* Every alias is closed before the engine changes a view. */
		if (m->view_alias[i])
			m->alias_errors++;
		m->view_shared[i] = sh;
		m->view_private[i] = pr;
	}
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

/*
 * Page p's state read from the RMP directly: its 2 MiB region's head
 * entry when that is an assigned 2 MiB entry, which governs all 512 pages
 * (APM volume 2, "Reverse Map Table"), else the page's own entry.
 */
static bool rmp_state(struct model *m, uint64_t p, struct rmp_entry *head,
		      uint64_t *head_p, enum snp_page_state *st,
		      enum rmp_pgsize *sz, char *why, size_t len)
{
	uint64_t gpa = p << 12;
	struct rmp_entry e;

	load_head(m, p, head, head_p);
	*sz = RMP_PG_4K;
	if (head->assigned && head->pagesize == RMP_PG_2M) {
		e = *head;
		e.gpa += gpa & (SZ_2M - 1);
		*sz = RMP_PG_2M;
	} else if (rmp_read(&m->rmp, MODEL_SPA_BASE + gpa, &e) != RMP_OK) {
		snprintf(why, len, "gpa 0x%llx: RMPREAD failed",
			 (unsigned long long)gpa);
		return false;
	}
	*st = state_of(m, &e, gpa);
	return true;
}

/*
 * Is page p as model_reset() leaves it: a zero software RMP slot, shared
 * view only, no alias? Outside an assigned 2 MiB entry a zero slot reads
 * as an unassigned 4 KiB entry (mm/rmp_sw.c: a zeroed table is all split
 * and unassigned; a whole region's other slots read as its head), so
 * such a page is shared, at 4 KiB, with its shared view: check_page()
 * passes it. model_check() skips these pages, the same verdict for a
 * fraction of the cost (most pages of a fuzz input are never touched);
 * model_check_dirty() too, but for the first page of each region.
 */
static bool pristine(const struct model *m, uint64_t p)
{
	return m->rmp_table[p] == 0 && m->view_shared[p] == 1 &&
	       m->view_private[p] == 0 && m->view_alias[p] == 0;
}

/* pristine() for the 8 pages from p (p a multiple of 8), a word at a time. */
static bool pristine_8(const struct model *m, uint64_t p)
{
	uint64_t sh, pr, al, slots = 0;
	unsigned i;

	memcpy(&sh, m->view_shared + p, 8);
	memcpy(&pr, m->view_private + p, 8);
	memcpy(&al, m->view_alias + p, 8);
	for (i = 0; i < 8; i++)
		slots |= m->rmp_table[p + i];
	return slots == 0 && sh == 0x0101010101010101ull && pr == 0 && al == 0;
}

/*
 * check_page()'s verdict for the 8 pages from p (p a multiple of 8) that
 * one assigned 2 MiB RMP entry governs, all in its state st: no shared
 * view on any, and either (private, not validated) no private view and
 * no alias, or (validated) a private view on each, with or without an
 * alias. A word at a time; false sends the caller to check_page() for
 * each page, which says what is wrong.
 */
static bool pass_8_in_2m(const struct model *m, uint64_t p,
			 enum snp_page_state st)
{
	const uint64_t ones = 0x0101010101010101ull;
	uint64_t sh, pr, al;

	memcpy(&sh, m->view_shared + p, 8);
	memcpy(&pr, m->view_private + p, 8);
	memcpy(&al, m->view_alias + p, 8);
	if (sh)
		return false;
	if (st == SNP_PAGE_PRIVATE)
		return pr == 0 && al == 0;
	/* Validated: no byte of pr is zero. */
	return st == SNP_PAGE_VALIDATED &&
	       ((pr - ones) & ~pr & (ones << 7)) == 0;
}

static inline bool head_is_2m(const struct rmp_entry *head)
{
	return head->assigned && head->pagesize == RMP_PG_2M;
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
		if (!head_is_2m(&head)) {
			if (!(p & 7) && p + 8 <= pages && pristine_8(m, p)) {
				p += 7;
				continue;
			}
			if (pristine(m, p))
				continue;
		}
		if (!rmp_state(m, p, &head, &head_p, &st, &sz, why, len))
			return false;
		if (head_is_2m(&head) && !(p & 7) && pass_8_in_2m(m, p, st)) {
			p += 7;
			continue;
		}
		if (!check_page(m, p, st, sz, why, len))
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
	uint64_t w, head_p = ~0ull, words = ((m->mem_size >> 12) + 63) / 64;
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

			m->dirty[w] &= m->dirty[w] - 1;
			load_head(m, p, &head, &head_p);
			if (!first && !head_is_2m(&head) && pristine(m, p))
				continue;
			if (!rmp_state(m, p, &head, &head_p, &st, &sz, why,
				       len))
				return false;
			/* Eight dirty pages from p in one 2 MiB entry: one
			 * state for all, the views a word at a time. */
			if (!first && head_is_2m(&head) && !(p & 7) &&
			    ((m->dirty[w] >> (p & 63)) & 0xfe) == 0xfe &&
			    pass_8_in_2m(m, p, st)) {
				m->dirty[w] &= ~(0xfeull << (p & 63));
				continue;
			}
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

void model_psc(struct model *m, uint64_t ghcb_gpa, unsigned cur, unsigned end,
	       const uint64_t *entries, unsigned n)
{
	struct ghcb *g = model_ghcb(m, ghcb_gpa);
	struct psc_hdr *h = (struct psc_hdr *)g->shared_buffer;

	memset(g, 0, sizeof(*g));
	g->sw_exit_code = SVM_VMGEXIT_PSC;
	g->sw_scratch = ghcb_gpa + GHCB_SHARED_BUF_OFF;
	ghcb_set_valid(g, GHCB_VALID_BIT(sw_exit_code));
	ghcb_set_valid(g, GHCB_VALID_BIT(sw_exit_info_1));
	ghcb_set_valid(g, GHCB_VALID_BIT(sw_exit_info_2));
	ghcb_set_valid(g, GHCB_VALID_BIT(sw_scratch));
	h->cur_entry = (uint16_t)cur;
	h->end_entry = (uint16_t)end;
	if (n)
		memcpy(h + 1, entries, n * sizeof(uint64_t));
}
