/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Page allocator over one physically contiguous region (the pool boot/
 * hands over). Host memory is identity-mapped, so a page's address is
 * both its physical address and a usable pointer. A bitmap at the start
 * of the region records which pages are in use.
 *
 * Pure C: host unit tests run it over an aligned malloc'd buffer.
 */
#ifndef MM_PALLOC_H
#define MM_PALLOC_H

#include <stddef.h>
#include <stdint.h>

#include "include/sizes.h"

struct palloc {
	uintptr_t base;	   /* first allocatable page */
	uint64_t nr_pages; /* allocatable pages */
	uint64_t nr_free;
	uint64_t hint;	  /* where the next search starts */
	uint64_t *bitmap; /* 1 = in use; lives in the region's head */
};

/*
 * Take over [base, base + size). base is rounded up and size down to
 * whole pages. Returns 0, or -EINVAL if nothing usable is left.
 */
int palloc_init(struct palloc *pa, uintptr_t base, uint64_t size);

/*
 * npages zeroed, contiguous pages aligned to align_pages (a power of
 * two, 0 or 1 = no alignment). NULL when no such run is free.
 */
void *palloc_alloc(struct palloc *pa, uint64_t npages, uint64_t align_pages);

/* One zeroed page. */
static inline void *palloc_page(struct palloc *pa)
{
	return palloc_alloc(pa, 1, 1);
}

/*
 * Return pages. Returns 0, or -EINVAL (and changes nothing) when the
 * range is not inside the pool, not page aligned or not all allocated.
 */
int palloc_free(struct palloc *pa, void *p, uint64_t npages);

#endif
