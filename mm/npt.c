// SPDX-License-Identifier: GPL-2.0-only
/*
 * Nested page table builder; see npt.h.
 */
#include <errno.h>
#include <string.h>

#include "mm/npt.h"

#define ENTRIES	    512
#define TABLE_FLAGS (PTE_P | PTE_W | PTE_U) /* rights are set in leaves */

static unsigned idx(uint64_t gpa, int level)
{
	/* level 4 = PML4 ... level 1 = PT */
	return (gpa >> (12 + 9 * (level - 1))) & (ENTRIES - 1);
}

static uint64_t *table_of(uint64_t e)
{
	return (uint64_t *)(uintptr_t)(e & PTE_ADDR_MASK);
}

static uint64_t leaf_bits(unsigned flags)
{
	uint64_t e = PTE_P | PTE_U | PTE_A | PTE_D;

	if (flags & NPT_W)
		e |= PTE_W;
	if (!(flags & NPT_X))
		e |= PTE_NX;
	return e;
}

static unsigned flags_of(uint64_t e)
{
	unsigned f = NPT_R;

	if (e & PTE_W)
		f |= NPT_W;
	if (!(e & PTE_NX))
		f |= NPT_X;
	return f;
}

static uint64_t *new_table(struct npt *npt)
{
	uint64_t *t = palloc_page(npt->pa);

	if (t)
		npt->nr_tables++;
	return t;
}

int npt_init(struct npt *npt, struct palloc *pa)
{
	npt->pa = pa;
	npt->nr_tables = 0;
	npt->need_flush = false;
	npt->pml4 = new_table(npt);
	return npt->pml4 ? 0 : -ENOMEM;
}

/*
 * Replace the 2 MiB leaf *pde by a table of 512 4 KiB leaves with the
 * same translation and rights, so part of it can be changed.
 */
static int split_2m(struct npt *npt, uint64_t *pde)
{
	uint64_t *pt = new_table(npt);
	uint64_t base = *pde & PTE_ADDR_MASK & ~(SZ_2M - 1);
	uint64_t bits = *pde & ~PTE_ADDR_MASK & ~PTE_PS;

	if (!pt)
		return -ENOMEM;
	for (unsigned i = 0; i < ENTRIES; i++)
		pt[i] = (base + i * SZ_4K) | bits;
	*pde = (uint64_t)(uintptr_t)pt | TABLE_FLAGS;
	npt->need_flush = true;
	return 0;
}

/*
 * The table entry at `level` (1 = PTE, 2 = PDE) for gpa, creating the
 * tables above it when create is set, splitting a 2 MiB leaf on the way
 * down to level 1. NULL when missing (and !create) or out of memory.
 */
static uint64_t *walk(struct npt *npt, uint64_t gpa, int level, bool create,
		      int *err)
{
	uint64_t *t = npt->pml4;

	*err = 0;
	for (int l = 4; l > level; l--) {
		uint64_t *e = &t[idx(gpa, l)];

		if (!(*e & PTE_P)) {
			uint64_t *nt;

			if (!create)
				return NULL;
			nt = new_table(npt);
			if (!nt) {
				*err = -ENOMEM;
				return NULL;
			}
			*e = (uint64_t)(uintptr_t)nt | TABLE_FLAGS;
		} else if (*e & PTE_PS) {
			/* Only 2 MiB leaves exist: l == 2 here. */
			*err = split_2m(npt, e);
			if (*err)
				return NULL;
		}
		t = table_of(*e);
	}
	return &t[idx(gpa, level)];
}

static bool range_ok(uint64_t gpa, uint64_t size)
{
	return size && !(gpa & (SZ_4K - 1)) && !(size & (SZ_4K - 1)) &&
	       gpa < NPT_GPA_LIMIT && size <= NPT_GPA_LIMIT - gpa;
}

/* Free a page table whose PDE is being overwritten by a 2 MiB leaf. */
static void drop_pt(struct npt *npt, uint64_t pde)
{
	if ((pde & PTE_P) && !(pde & PTE_PS)) {
		palloc_free(npt->pa, table_of(pde), 1);
		npt->nr_tables--;
	}
}

int npt_map(struct npt *npt, uint64_t gpa, uint64_t hpa, uint64_t size,
	    unsigned flags)
{
	uint64_t bits = leaf_bits(flags);
	int err;

	if (!range_ok(gpa, size) || (hpa & (SZ_4K - 1)) ||
	    (hpa & ~PTE_ADDR_MASK))
		return -EINVAL;
	while (size) {
		uint64_t *e;
		uint64_t step;

		if (!(flags & NPT_NO_LARGE) && size >= SZ_2M &&
		    !(gpa & (SZ_2M - 1)) && !(hpa & (SZ_2M - 1))) {
			e = walk(npt, gpa, 2, true, &err);
			if (!e)
				return err;
			if (*e & PTE_P)
				npt->need_flush = true;
			drop_pt(npt, *e);
			*e = hpa | bits | PTE_PS;
			step = SZ_2M;
		} else {
			e = walk(npt, gpa, 1, true, &err);
			if (!e)
				return err;
			if (*e & PTE_P)
				npt->need_flush = true;
			*e = hpa | bits;
			step = SZ_4K;
		}
		gpa += step;
		hpa += step;
		size -= step;
	}
	return 0;
}

int npt_unmap(struct npt *npt, uint64_t gpa, uint64_t size)
{
	int err;

	if (!range_ok(gpa, size))
		return -EINVAL;
	while (size) {
		uint64_t *pde = walk(npt, gpa, 2, false, &err);
		uint64_t step = SZ_4K;

		if (err)
			return err;
		if (!pde || !(*pde & PTE_P)) {
			/* Nothing mapped up to the next 2 MiB boundary. */
			step = SZ_2M - (gpa & (SZ_2M - 1));
		} else if ((*pde & PTE_PS) && !(gpa & (SZ_2M - 1)) &&
			   size >= SZ_2M) {
			*pde = 0;
			npt->need_flush = true;
			step = SZ_2M;
		} else {
			uint64_t *pte = walk(npt, gpa, 1, false, &err);

			if (err)
				return err;
			if (pte && (*pte & PTE_P)) {
				*pte = 0;
				npt->need_flush = true;
			}
		}
		if (step >= size)
			break;
		gpa += step;
		size -= step;
	}
	return 0;
}

int npt_lookup(const struct npt *npt, uint64_t gpa, struct npt_mapping *m)
{
	const uint64_t *t = npt->pml4;

	if (gpa >= NPT_GPA_LIMIT)
		return -ENOENT;
	for (int l = 4; l >= 1; l--) {
		uint64_t e = t[idx(gpa, l)];

		if (!(e & PTE_P))
			return -ENOENT;
		if (l == 1 || (e & PTE_PS)) {
			uint64_t sz = l == 1 ? SZ_4K : SZ_2M;

			m->page_size = sz;
			m->hpa = (e & PTE_ADDR_MASK & ~(sz - 1)) |
				 (gpa & (sz - 1));
			m->flags = flags_of(e);
			return 0;
		}
		t = table_of(e);
	}
	return -ENOENT;
}

static void free_level(struct npt *npt, uint64_t *t, int level)
{
	if (level > 1) {
		for (unsigned i = 0; i < ENTRIES; i++)
			if ((t[i] & PTE_P) && !(t[i] & PTE_PS))
				free_level(npt, table_of(t[i]), level - 1);
	}
	palloc_free(npt->pa, t, 1);
	npt->nr_tables--;
}

void npt_destroy(struct npt *npt)
{
	if (npt->pml4)
		free_level(npt, npt->pml4, 4);
	npt->pml4 = NULL;
}
