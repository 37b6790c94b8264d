// SPDX-License-Identifier: GPL-2.0-only
/*
 * Software RMP: the back end used where the CPU has no SEV-SNP (QEMU TCG),
 * and on request on silicon so both back ends can be compared.
 *
 * One raw 8-byte entry per 4 KiB host page, in the bit layout of the low
 * quadword of the architectural RMP entry (APM volume 2, "Reverse Map
 * Table"; the same layout Linux 6.12 reads from the hardware table):
 *
 *   0 Assigned, 1 PageSize (1 = 2 MiB), 2 Immutable, 50:12 GPA,
 *   60:51 ASID, 61 VMSA, 62 Validated
 *
 * so the table costs 2 MiB per GiB of covered memory (0.2 %).
 *
 * A 2 MiB region (512 slots, 2 MiB-aligned) is kept in one of two forms:
 *
 *  - whole: the region was last written by a 2 MiB RMPUPDATE. Its first
 *    ("head") slot alone holds the entry and carries SW_WHOLE; the other
 *    511 slots are not read. Entry i of the region reads as the head with
 *    GPA + i * 4 KiB (when assigned) and VMSA clear, which is what the APM
 *    describes for the 512 entries of a 2 MiB page. A 2 MiB RMPUPDATE,
 *    PVALIDATE or PSMASH check of a whole region touches one slot.
 *  - split: every slot holds its own 4 KiB entry. The head slot counts, in
 *    SW_INUSE, the other 511 slots that are Assigned or Immutable, so that
 *    a 2 MiB RMPUPDATE knows without reading them whether it overlaps.
 *
 * A region becomes split ("materialised": 511 slots written once) only
 * when a 4 KiB RMPUPDATE or a PSMASH needs its own entries. An assigned
 * 2 MiB entry is always whole; a zeroed table is all split and unassigned.
 * SW_WHOLE and SW_INUSE live in bits the architectural layout reserves
 * (11:3 and 63), so the table still costs 8 bytes per 4 KiB page; RMPREAD
 * (sw_read) never reports them.
 *
 * Every check below is one the APM lists for the instruction; nothing is
 * silently accepted. Where the APM leaves a detail to the implementation
 * the choice is written next to the code.
 */
#include <stddef.h>

#include "mm/rmp.h"

#define E_ASSIGNED   (1ull << 0)
#define E_PAGESIZE   (1ull << 1)
#define E_IMMUTABLE  (1ull << 2)
#define E_GPA_MASK   (((1ull << 51) - 1) & ~(SZ_4K - 1))
#define E_ASID_SHIFT 51
#define E_ASID_MAX   0x3ffu
#define E_VMSA	     (1ull << 61)
#define E_VALIDATED  (1ull << 62)

/* Software-only bits of a head slot (reserved in the architectural entry). */
#define SW_INUSE_SHIFT 3
#define SW_INUSE_MASK  (0x1ffull << SW_INUSE_SHIFT)
#define SW_WHOLE       (1ull << 63)
#define E_ARCH_MASK    (~(SW_INUSE_MASK | SW_WHOLE))

static uint64_t *slot(struct rmp *rmp, uint64_t spa)
{
	return &rmp->table[(spa - rmp->spa_base) >> 12];
}

static uint32_t raw_asid(uint64_t raw)
{
	return (uint32_t)((raw >> E_ASID_SHIFT) & E_ASID_MAX);
}

static bool raw_is_2m(uint64_t raw)
{
	return (raw & (E_ASSIGNED | E_PAGESIZE)) == (E_ASSIGNED | E_PAGESIZE);
}

static bool raw_in_use(uint64_t raw)
{
	return raw & (E_ASSIGNED | E_IMMUTABLE);
}

static bool region_covered(const struct rmp *rmp, uint64_t spa_2m)
{
	return spa_2m >= rmp->spa_base && spa_2m + SZ_2M <= rmp->spa_end;
}

/* The head slot of spa's region when that region is whole, else NULL. */
static uint64_t *whole_head(struct rmp *rmp, uint64_t spa)
{
	uint64_t head = spa & ~(SZ_2M - 1);

	if (!region_covered(rmp, head) || !(*slot(rmp, head) & SW_WHOLE))
		return NULL;
	return slot(rmp, head);
}

/* Entry i of a whole region, as RMPREAD reports it. */
static uint64_t whole_entry(uint64_t head_raw, unsigned i)
{
	uint64_t raw = head_raw & E_ARCH_MASK;

	if (i) {
		raw &= ~E_VMSA;
		if (raw & E_ASSIGNED)
			raw += (uint64_t)i * SZ_4K; /* GPA 2 MiB-aligned */
	}
	return raw;
}

/* The architectural entry of the 4 KiB page at spa. */
static uint64_t entry(struct rmp *rmp, uint64_t spa)
{
	uint64_t *h = whole_head(rmp, spa);

	if (h)
		return whole_entry(*h, (unsigned)((spa >> 12) & 511));
	return *slot(rmp, spa) & E_ARCH_MASK;
}

/* Whole -> split: give each of the 511 other slots its own entry. */
static void materialise(uint64_t *h)
{
	uint64_t head_raw = *h;
	unsigned i;

	for (i = 1; i < PAGES_PER_2M; i++)
		h[i] = whole_entry(head_raw, i);
	*h = (head_raw & E_ARCH_MASK) |
	     (raw_in_use(head_raw) ?
		      (uint64_t)(PAGES_PER_2M - 1) << SW_INUSE_SHIFT :
		      0);
}

/* Writes the 4 KiB entry of a page in a split (or uncovered) region. */
static void set_4k(struct rmp *rmp, uint64_t spa, uint64_t raw)
{
	uint64_t head = spa & ~(SZ_2M - 1);
	uint64_t *e = slot(rmp, spa), *h;

	if (spa == head || !region_covered(rmp, head)) {
		*e = (*e & ~E_ARCH_MASK) | raw;
		return;
	}
	h = slot(rmp, head);
	if (raw_in_use(*e) != raw_in_use(raw))
		*h += raw_in_use(raw) ? 1ull << SW_INUSE_SHIFT :
					-(1ull << SW_INUSE_SHIFT);
	*e = raw;
}

/*
 * The entry that governs the page at spa: inside an assigned 2 MiB entry
 * (always a whole region) the head's, with this page's GPA; else the
 * page's own entry. *gpa receives the GPA the RMP records for this very
 * 4 KiB page.
 */
static uint64_t effective(struct rmp *rmp, uint64_t spa, uint64_t *gpa)
{
	uint64_t raw = entry(rmp, spa);

	*gpa = raw & E_GPA_MASK;
	return raw;
}

static enum rmp_rc sw_read(struct rmp *rmp, uint64_t spa, struct rmp_entry *e)
{
	uint64_t raw;

	if ((spa & (SZ_4K - 1)) || !rmp_covers(rmp, spa))
		return RMP_FAIL_INPUT;
	raw = entry(rmp, spa);
	e->assigned = raw & E_ASSIGNED;
	e->pagesize = (raw & E_PAGESIZE) ? RMP_PG_2M : RMP_PG_4K;
	e->immutable = raw & E_IMMUTABLE;
	e->gpa = raw & E_GPA_MASK;
	e->asid = raw_asid(raw);
	e->vmsa = raw & E_VMSA;
	e->validated = raw & E_VALIDATED;
	return RMP_OK;
}

/* Is any of the 512 entries of a split region Immutable? (slow path) */
static bool split_has_immutable(const uint64_t *h)
{
	unsigned i;

	for (i = 0; i < PAGES_PER_2M; i++)
		if (h[i] & E_IMMUTABLE)
			return true;
	return false;
}

/*
 * RMPUPDATE (APM volume 3, "RMPUPDATE"). Checks, in order:
 *  - FAIL_INPUT: SPA not aligned to the new page size or not covered by
 *    the RMP; GPA not aligned to the new page size; ASID out of range.
 *  - FAIL_PERMISSION: an entry to be overwritten is Immutable.
 *  - FAIL_OVERLAP: "overlapping 4 KiB and 2 MiB entries": a 4 KiB update
 *    inside an assigned 2 MiB entry (PSMASH first), or a 2 MiB update of
 *    a region holding assigned 4 KiB entries.
 * The update writes the new state and clears Validated and VMSA: RMPUPDATE
 * never creates a validated page.
 *
 * A 2 MiB update writes the head slot only (the region becomes whole). A
 * 4 KiB update inside a whole region splits it first.
 */
static enum rmp_rc sw_update(struct rmp *rmp, uint64_t spa,
			     const struct rmp_state *st)
{
	uint64_t size = st->pagesize == RMP_PG_2M ? SZ_2M : SZ_4K;
	uint64_t raw = 0, *h;

	if (st->pagesize != RMP_PG_4K && st->pagesize != RMP_PG_2M)
		return RMP_FAIL_INPUT;
	if ((spa & (size - 1)) || spa < rmp->spa_base ||
	    spa + size > rmp->spa_end)
		return RMP_FAIL_INPUT;
	if (st->assigned && ((st->gpa & (size - 1)) || (st->gpa & ~E_GPA_MASK)))
		return RMP_FAIL_INPUT;
	if (st->asid > E_ASID_MAX)
		return RMP_FAIL_INPUT;

	if (st->assigned)
		raw = E_ASSIGNED | st->gpa |
		      ((uint64_t)st->asid << E_ASID_SHIFT);
	if (st->pagesize == RMP_PG_2M)
		raw |= E_PAGESIZE;
	if (st->immutable)
		raw |= E_IMMUTABLE;

	if (st->pagesize == RMP_PG_2M) {
		h = slot(rmp, spa);
		if (*h & SW_WHOLE) {
			/* All 512 entries share the head's Immutable. */
			if (*h & E_IMMUTABLE)
				return RMP_FAIL_PERMISSION;
		} else if (raw_in_use(*h) || (*h & SW_INUSE_MASK)) {
			/* Some entry is Assigned or Immutable: the update
			 * fails, and only the reason needs the 512 slots.
			 * A split region is never an assigned 2 MiB entry,
			 * so an Assigned one is an overlapping 4 KiB entry. */
			return split_has_immutable(h) ? RMP_FAIL_PERMISSION :
							RMP_FAIL_OVERLAP;
		}
		*h = raw | SW_WHOLE;
		return RMP_OK;
	}

	h = whole_head(rmp, spa);
	if (h) {
		if (*h & E_IMMUTABLE)
			return RMP_FAIL_PERMISSION;
		if (raw_is_2m(*h))
			return RMP_FAIL_OVERLAP;
		materialise(h);
	} else if (*slot(rmp, spa) & E_IMMUTABLE) {
		return RMP_FAIL_PERMISSION;
	}
	set_4k(rmp, spa, raw);
	return RMP_OK;
}

/*
 * PSMASH (APM volume 3, "PSMASH"): split an assigned 2 MiB entry into 512
 * 4 KiB entries with consecutive GPAs, keeping Assigned, ASID, Immutable
 * and Validated. FAIL_INPUT for an unaligned or uncovered SPA; FAIL_BADADDR
 * when the region is not an assigned 2 MiB entry.
 */
static enum rmp_rc sw_psmash(struct rmp *rmp, uint64_t spa)
{
	uint64_t *h;
	unsigned i;

	if ((spa & (SZ_2M - 1)) || !region_covered(rmp, spa))
		return RMP_FAIL_INPUT;
	h = slot(rmp, spa);
	if (!raw_is_2m(*h))
		return RMP_FAIL_BADADDR;
	/* An assigned 2 MiB entry is whole: its 512 entries are made here. */
	materialise(h);
	for (i = 0; i < PAGES_PER_2M; i++)
		h[i] &= ~E_PAGESIZE;
	return RMP_OK;
}

/*
 * The ownership checks PVALIDATE and RMPADJUST share (APM volume 3,
 * "PVALIDATE"): the page must be assigned to the executing guest's ASID
 * at this GPA, else the access raises #NPF with the RMP bit; a 2 MiB
 * operation on a 4 KiB entry returns FAIL_SIZEMISMATCH; a 4 KiB operation
 * inside a 2 MiB entry raises #NPF with SIZEM set.
 */
static enum rmp_rc owned_at_size(struct rmp *rmp, uint64_t spa, uint64_t gpa,
				 uint32_t asid, enum rmp_pgsize size)
{
	uint64_t size_bytes = size == RMP_PG_2M ? SZ_2M : SZ_4K;
	uint64_t raw, rgpa;

	if ((gpa & (size_bytes - 1)) || (spa & (size_bytes - 1)))
		return RMP_FAIL_INPUT;
	if (!rmp_covers(rmp, spa) || !rmp_covers(rmp, spa + size_bytes - 1))
		return RMP_FAULT_NPF_RMP;
	raw = effective(rmp, spa, &rgpa);
	if (!(raw & E_ASSIGNED) || raw_asid(raw) != asid || rgpa != gpa)
		return RMP_FAULT_NPF_RMP;
	if (size == RMP_PG_2M && !raw_is_2m(raw))
		return RMP_FAIL_SIZEMISMATCH;
	if (size == RMP_PG_4K && raw_is_2m(raw))
		return RMP_FAULT_NPF_SIZEM;
	return RMP_OK;
}

/*
 * PVALIDATE (APM volume 3, "PVALIDATE"). After the ownership checks, if
 * Validated already equals the request the instruction succeeds with
 * CF=1 ("no update"); otherwise it sets or clears Validated (all 512
 * entries of a 2 MiB page). Immutable is not checked: the APM's
 * PVALIDATE does not list it.
 */
static struct pvalidate_result sw_pvalidate(struct rmp *rmp, uint64_t spa,
					    uint64_t gpa, uint32_t asid,
					    enum rmp_pgsize size, bool validate)
{
	struct pvalidate_result r = { .rc = RMP_OK, .no_update = false };
	uint64_t rgpa, raw, *e;

	if (size != RMP_PG_4K && size != RMP_PG_2M) {
		r.rc = RMP_FAIL_INPUT;
		return r;
	}
	r.rc = owned_at_size(rmp, spa, gpa, asid, size);
	if (r.rc != RMP_OK)
		return r;
	raw = effective(rmp, spa, &rgpa);
	if (!!(raw & E_VALIDATED) == validate) {
		r.no_update = true;
		return r;
	}
	/* A 2 MiB page is a whole region: its head holds Validated for all
	 * 512 entries. A 4 KiB page that passed the checks is its own slot. */
	e = size == RMP_PG_2M ? whole_head(rmp, spa) : slot(rmp, spa);
	*e = validate ? (*e | E_VALIDATED) : (*e & ~E_VALIDATED);
	return r;
}

/*
 * RMPADJUST (APM volume 3, "RMPADJUST") from VMPL0, the only level a
 * snpvisor guest runs at: the target VMPL must be 1-3 (FAIL_PERMISSION
 * when it is not above the current VMPL 0, FAIL_INPUT beyond 3), then the
 * ownership checks. The per-VMPL permission masks are not stored: no
 * guest code runs at VMPL1-3 here, so nothing could observe them.
 */
static enum rmp_rc sw_rmpadjust(struct rmp *rmp, uint64_t spa, uint64_t gpa,
				uint32_t asid, enum rmp_pgsize size,
				unsigned target_vmpl)
{
	if (target_vmpl > 3 || (size != RMP_PG_4K && size != RMP_PG_2M))
		return RMP_FAIL_INPUT;
	if (target_vmpl == 0)
		return RMP_FAIL_PERMISSION;
	return owned_at_size(rmp, spa, gpa, asid, size);
}

/*
 * Store one entry the firmware wrote, keeping the table's forms: an
 * assigned 2 MiB entry written at its head makes the region whole; the
 * 511 writes after it that only repeat what the whole region already
 * says change nothing; anything else is a 4 KiB entry of a split region.
 */
static enum rmp_rc fw_store(struct rmp *rmp, uint64_t spa, uint64_t raw)
{
	uint64_t head = spa & ~(SZ_2M - 1);
	uint64_t *h = whole_head(rmp, spa);

	if (raw_is_2m(raw) && spa == head && region_covered(rmp, head)) {
		*slot(rmp, head) = raw | SW_WHOLE;
		return RMP_OK;
	}
	if (h && whole_entry(*h, (unsigned)((spa >> 12) & 511)) == raw)
		return RMP_OK;
	if (h)
		materialise(h);
	set_4k(rmp, spa, raw);
	return RMP_OK;
}

/*
 * The firmware's write (rmp_ops.fw_write): no Immutable check, Validated
 * and VMSA written as given. 4 KiB entries only: the model hands 2 MiB
 * pages over as their 512 entries, each with PageSize set.
 */
static enum rmp_rc sw_fw_write(struct rmp *rmp, uint64_t spa,
			       const struct rmp_entry *e)
{
	uint64_t raw = 0;

	if ((spa & (SZ_4K - 1)) || !rmp_covers(rmp, spa) ||
	    (e->gpa & ~E_GPA_MASK) || e->asid > E_ASID_MAX)
		return RMP_FAIL_INPUT;
	if (e->assigned)
		raw = E_ASSIGNED | e->gpa | ((uint64_t)e->asid << E_ASID_SHIFT);
	if (e->pagesize == RMP_PG_2M)
		raw |= E_PAGESIZE;
	if (e->immutable)
		raw |= E_IMMUTABLE;
	if (e->vmsa)
		raw |= E_VMSA;
	if (e->validated)
		raw |= E_VALIDATED;
	return fw_store(rmp, spa, raw);
}

static const struct rmp_ops rmp_sw_ops = {
	.name = "software",
	.read = sw_read,
	.update = sw_update,
	.psmash = sw_psmash,
	.pvalidate = sw_pvalidate,
	.rmpadjust = sw_rmpadjust,
	.fw_write = sw_fw_write,
};

unsigned rmp_sw_entry_bytes(void)
{
	return sizeof(uint64_t);
}

void rmp_sw_init(struct rmp *rmp, uint64_t spa_base, uint64_t size,
		 uint64_t *table)
{
	rmp->ops = &rmp_sw_ops;
	rmp->spa_base = spa_base & ~(SZ_4K - 1);
	rmp->spa_end = rmp->spa_base + (size & ~(SZ_4K - 1));
	rmp->table = table;
	rmp->hw_table_pa = 0;
	rmp->hw_has_rmpread = false;
}
