// SPDX-License-Identifier: GPL-2.0-only
/* mm/palloc.c over a host buffer: init, alignment, zeroing, exhaustion, free. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "mm/palloc.h"
#include "tests/lib/tap.h"

#define POOL (4ull << 20)

int main(void)
{
	struct palloc pa;
	uint8_t *buf = aligned_alloc(2 << 20, POOL + (2 << 20));
	uint8_t *p, *q, *big;
	uint64_t free0, n;

	tap_eq(palloc_init(&pa, (uintptr_t)buf, 100), -EINVAL,
	       "palloc: a region smaller than a page is refused");
	tap_eq(palloc_init(&pa, (uintptr_t)buf + 1, POOL), 0,
	       "palloc: unaligned base is rounded up");
	tap_check(pa.base % SZ_4K == 0 && pa.base > (uintptr_t)buf,
		  "palloc: pages start page-aligned after the bitmap");
	tap_check((uint64_t)(pa.base - (uintptr_t)buf) + pa.nr_pages * SZ_4K <=
			  POOL + 1,
		  "palloc: pages stay inside the region");
	free0 = pa.nr_free;
	tap_eq(free0, pa.nr_pages, "palloc: all pages free after init");

	p = palloc_page(&pa);
	memset(p, 0xaa, SZ_4K);
	tap_check(p && (uintptr_t)p % SZ_4K == 0, "palloc: one page");
	tap_eq(palloc_free(&pa, p, 1), 0, "palloc: free it");
	q = palloc_page(&pa);
	tap_check(q == p && q[0] == 0 && q[SZ_4K - 1] == 0,
		  "palloc: the page comes back zeroed");
	tap_eq(palloc_free(&pa, q, 1), -0, "palloc: free again");
	tap_eq(palloc_free(&pa, q, 1), -EINVAL, "palloc: double free refused");
	tap_eq(palloc_free(&pa, buf, 1), -EINVAL,
	       "palloc: free outside the pool refused");
	tap_eq(palloc_free(&pa, (uint8_t *)pa.base + 1, 1), -EINVAL,
	       "palloc: unaligned free refused");

	big = palloc_alloc(&pa, 512, 512);
	tap_check(big && (uintptr_t)big % (2 << 20) == 0,
		  "palloc: 2 MiB aligned run of 512 pages");
	tap_check(palloc_alloc(&pa, 3, 3) == NULL,
		  "palloc: non power-of-two alignment refused");
	tap_check(palloc_alloc(&pa, 0, 1) == NULL,
		  "palloc: zero pages refused");

	n = 0;
	while (palloc_page(&pa))
		n++;
	tap_eq(pa.nr_free, 0, "palloc: exhausted after %llu more pages",
	       (unsigned long long)n);
	tap_check(palloc_page(&pa) == NULL, "palloc: NULL when empty");
	tap_eq(palloc_free(&pa, big, 512), 0, "palloc: free the 2 MiB run");
	tap_check(palloc_alloc(&pa, 512, 512) == big,
		  "palloc: and get it back");
	tap_eq(pa.nr_free, 0, "palloc: accounting consistent");
	free(buf);
	return tap_done();
}
