// SPDX-License-Identifier: GPL-2.0-only
/*
 * mm/npt.c: building nested tables from regions, 2 MiB and 4 KiB leaves,
 * splitting a 2 MiB leaf on partial unmap/remap, rights, lookups, and that
 * every table is given back.
 */
#include <errno.h>
#include <stdlib.h>

#include "mm/npt.h"
#include "tests/lib/tap.h"

#define POOL (8ull << 20)
#define HPA  0x40000000ull /* fake host addresses: never dereferenced */

static int maps_to(const struct npt *npt, uint64_t gpa, uint64_t hpa,
		   uint64_t size)
{
	struct npt_mapping m;

	return npt_lookup(npt, gpa, &m) == 0 && m.hpa == hpa &&
	       m.page_size == size;
}

int main(void)
{
	void *buf = aligned_alloc(2 << 20, POOL);
	struct palloc pa;
	struct npt npt;
	struct npt_mapping m;
	uint64_t free0;

	palloc_init(&pa, (uintptr_t)buf, POOL);
	free0 = pa.nr_free;
	tap_eq(npt_init(&npt, &pa), 0, "npt: init allocates the root");

	/* A 64 MiB RAM region at GPA 0: 32 2 MiB leaves, 3 tables. */
	tap_eq(npt_map(&npt, 0, HPA, 64 << 20, NPT_RWX), 0, "npt: map 64 MiB");
	tap_eq(npt.nr_tables, 3, "npt: PML4 + PDPT + PD only (2 MiB leaves)");
	tap_check(maps_to(&npt, 0, HPA, SZ_2M),
		  "npt: GPA 0 -> HPA base, 2 MiB page");
	tap_check(maps_to(&npt, 0x1234567, HPA + 0x1234567, SZ_2M),
		  "npt: offset inside a 2 MiB page kept");
	tap_eq(npt_lookup(&npt, 64 << 20, &m), -ENOENT,
	       "npt: end of the region unmapped");
	tap_check((npt.pml4[0] & (PTE_P | PTE_W | PTE_U)) ==
			  (PTE_P | PTE_W | PTE_U),
		  "npt: table entries carry P, W and U");
	npt_lookup(&npt, 0x3000, &m);
	tap_eq(m.flags, NPT_RWX, "npt: RWX leaf");
	tap_check(!npt.need_flush, "npt: first mapping needs no flush");

	/* Unmap one 4 KiB page inside a 2 MiB leaf: split. */
	tap_eq(npt_unmap(&npt, 0x201000, 0x1000), 0,
	       "npt: unmap 4 KiB inside a 2 MiB leaf");
	tap_eq(npt.nr_tables, 4, "npt: the split added one PT");
	tap_check(npt.need_flush,
		  "npt: a changed mapping asks for a TLB flush");
	tap_eq(npt_lookup(&npt, 0x201000, &m), -ENOENT,
	       "npt: that page is gone");
	tap_check(maps_to(&npt, 0x200000, HPA + 0x200000, SZ_4K) &&
			  maps_to(&npt, 0x202000, HPA + 0x202000, SZ_4K) &&
			  maps_to(&npt, 0x3ff000, HPA + 0x3ff000, SZ_4K),
		  "npt: the rest of the split leaf maps as before, in 4 KiB pages");
	tap_check(maps_to(&npt, 0x400000, HPA + 0x400000, SZ_2M),
		  "npt: the next 2 MiB leaf is untouched");

	/* A "shared view": remap one page elsewhere, read-only, no exec. */
	tap_eq(npt_map(&npt, 0x201000, 0x7000000, 0x1000, NPT_R), 0,
	       "npt: map one page to another HPA");
	npt_lookup(&npt, 0x201000, &m);
	tap_check(m.hpa == 0x7000000 && m.flags == NPT_R,
		  "npt: read-only, NX leaf");

	/* Mapping a whole 2 MiB again merges it back and frees the PT. */
	tap_eq(npt_map(&npt, 0x200000, HPA + 0x200000, SZ_2M, NPT_RWX), 0,
	       "npt: remap the whole 2 MiB");
	tap_eq(npt.nr_tables, 3, "npt: the PT was freed");
	tap_check(maps_to(&npt, 0x201000, HPA + 0x201000, SZ_2M),
		  "npt: back to one 2 MiB leaf");

	/* Unaligned HPA forces 4 KiB leaves; NPT_NO_LARGE too. */
	tap_eq(npt_map(&npt, 0x80000000ull, HPA + 0x1000, 4 << 20, NPT_RWX), 0,
	       "npt: 2 MiB-aligned GPA with 4 KiB-aligned HPA");
	tap_check(maps_to(&npt, 0x80200000ull, HPA + 0x201000, SZ_4K),
		  "npt: mapped with 4 KiB leaves");
	tap_eq(npt_map(&npt, 0xc0000000ull, HPA, 2 << 20,
		       NPT_RWX | NPT_NO_LARGE),
	       0, "npt: NPT_NO_LARGE");
	tap_check(maps_to(&npt, 0xc0000000ull, HPA, SZ_4K),
		  "npt: 4 KiB leaves only");

	/* Unmapping a whole 2 MiB leaf and across holes. */
	tap_eq(npt_unmap(&npt, 0x600000, 4 << 20), 0,
	       "npt: unmap two 2 MiB leaves");
	tap_eq(npt_lookup(&npt, 0x7fffff, &m), -ENOENT, "npt: gone");
	tap_check(maps_to(&npt, 0xa00000, HPA + 0xa00000, SZ_2M),
		  "npt: neighbour kept");
	tap_eq(npt_unmap(&npt, 0x500000000ull, 8 << 20), 0,
	       "npt: unmapping a hole is fine");

	/* The top of the 48-bit GPA space. */
	tap_eq(npt_map(&npt, NPT_GPA_LIMIT - 0x1000, HPA, 0x1000, NPT_RWX), 0,
	       "npt: last 4 KiB page below 2^48");
	tap_check(maps_to(&npt, NPT_GPA_LIMIT - 1, HPA + 0xfff, SZ_4K),
		  "npt: looked up");

	/* Bad arguments. */
	tap_eq(npt_map(&npt, 0x1001, HPA, 0x1000, NPT_RWX), -EINVAL,
	       "npt: unaligned GPA");
	tap_eq(npt_map(&npt, 0x1000, HPA + 1, 0x1000, NPT_RWX), -EINVAL,
	       "npt: unaligned HPA");
	tap_eq(npt_map(&npt, 0x1000, HPA, 0x800, NPT_RWX), -EINVAL,
	       "npt: unaligned size");
	tap_eq(npt_map(&npt, 0x1000, HPA, 0, NPT_RWX), -EINVAL,
	       "npt: empty range");
	tap_eq(npt_map(&npt, NPT_GPA_LIMIT, HPA, 0x1000, NPT_RWX), -EINVAL,
	       "npt: GPA beyond 48 bits");
	tap_eq(npt_map(&npt, NPT_GPA_LIMIT - 0x1000, HPA, 0x2000, NPT_RWX),
	       -EINVAL, "npt: range crossing 2^48");
	tap_eq(npt_map(&npt, 0, 1ull << 52, 0x1000, NPT_RWX), -EINVAL,
	       "npt: HPA beyond 52 bits");
	tap_eq(npt_lookup(&npt, NPT_GPA_LIMIT, &m), -ENOENT,
	       "npt: lookup beyond 48 bits");

	npt_destroy(&npt);
	tap_eq(npt.nr_tables, 0, "npt: destroy frees every table");
	tap_eq(pa.nr_free, free0, "npt: pool back to where it started");

	/* Out of memory: a pool of a few pages. */
	{
		struct palloc tiny;
		struct npt t;

		palloc_init(&tiny, (uintptr_t)buf, 4 * SZ_4K);
		tap_eq(npt_init(&t, &tiny), 0, "npt: init in a tiny pool");
		tap_eq(npt_map(&t, 0, HPA, 0x1000, NPT_RWX), -ENOMEM,
		       "npt: -ENOMEM when tables run out");
	}
	free(buf);
	return tap_done();
}
