// SPDX-License-Identifier: GPL-2.0-only
/*
 * Bitmap page allocator; see palloc.h. First fit from a moving hint, so
 * the common case (allocate, rarely free) is a short scan.
 */
#include <errno.h>
#include <string.h>

#include "mm/palloc.h"

static int test_bit(const struct palloc *pa, uint64_t i)
{
	return (pa->bitmap[i / 64] >> (i % 64)) & 1;
}

static void set_range(struct palloc *pa, uint64_t first, uint64_t n, int v)
{
	for (uint64_t i = first; i < first + n; i++) {
		if (v)
			pa->bitmap[i / 64] |= 1ull << (i % 64);
		else
			pa->bitmap[i / 64] &= ~(1ull << (i % 64));
	}
}

int palloc_init(struct palloc *pa, uintptr_t base, uint64_t size)
{
	uintptr_t start = (base + SZ_4K - 1) & ~(uintptr_t)(SZ_4K - 1);
	uint64_t total, bitmap_pages;

	if (start - base >= size)
		return -EINVAL;
	total = (size - (start - base)) / SZ_4K;
	/* Each bitmap page covers 32768 pages; it takes pages from the head. */
	bitmap_pages = (total + 8 * SZ_4K) / (8 * SZ_4K + 1) + 1;
	if (total <= bitmap_pages)
		return -EINVAL;
	pa->bitmap = (uint64_t *)start;
	pa->base = start + bitmap_pages * SZ_4K;
	pa->nr_pages = total - bitmap_pages;
	pa->nr_free = pa->nr_pages;
	pa->hint = 0;
	memset(pa->bitmap, 0, bitmap_pages * SZ_4K);
	return 0;
}

/* Page index i is suitable as the start of an aligned run. */
static int aligned(const struct palloc *pa, uint64_t i, uint64_t align)
{
	uint64_t addr = pa->base + i * SZ_4K;

	return ((addr / SZ_4K) & (align - 1)) == 0;
}

static int64_t find_run(struct palloc *pa, uint64_t from, uint64_t to,
			uint64_t n, uint64_t align)
{
	uint64_t i = from;

	while (i + n <= to) {
		uint64_t j;

		if (!aligned(pa, i, align)) {
			i++;
			continue;
		}
		for (j = 0; j < n && !test_bit(pa, i + j); j++)
			;
		if (j == n)
			return (int64_t)i;
		i += j + 1;
	}
	return -1;
}

void *palloc_alloc(struct palloc *pa, uint64_t npages, uint64_t align_pages)
{
	int64_t i;
	void *p;

	if (align_pages == 0)
		align_pages = 1;
	if (npages == 0 || npages > pa->nr_free ||
	    (align_pages & (align_pages - 1)))
		return NULL;
	i = find_run(pa, pa->hint, pa->nr_pages, npages, align_pages);
	if (i < 0)
		i = find_run(pa, 0, pa->nr_pages, npages, align_pages);
	if (i < 0)
		return NULL;
	set_range(pa, (uint64_t)i, npages, 1);
	pa->nr_free -= npages;
	pa->hint = (uint64_t)i + npages;
	p = (void *)(pa->base + (uint64_t)i * SZ_4K);
	memset(p, 0, npages * SZ_4K);
	return p;
}

int palloc_free(struct palloc *pa, void *p, uint64_t npages)
{
	uintptr_t a = (uintptr_t)p;
	uint64_t first;

	if (a < pa->base || (a - pa->base) % SZ_4K || npages == 0)
		return -EINVAL;
	first = (a - pa->base) / SZ_4K;
	if (first + npages > pa->nr_pages)
		return -EINVAL;
	for (uint64_t i = first; i < first + npages; i++)
		if (!test_bit(pa, i))
			return -EINVAL;
	set_range(pa, first, npages, 0);
	pa->nr_free += npages;
	if (first < pa->hint)
		pa->hint = first;
	return 0;
}
