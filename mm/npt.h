/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Nested page tables: GPA -> host-physical, 4 levels, the same entry
 * format as the host's long-mode tables (APM vol. 2 "Nested Paging",
 * "Long-Mode Page Translation"). Leaves are 4 KiB (PTE) or 2 MiB (PDE with
 * PS). Every entry carries the U bit: nested walks are user accesses
 * (APM "Nested Table Walk": guest and nested accesses are checked as
 * user-mode), and without U the guest's first table read faults.
 *
 * Tables come from a struct palloc; host memory is identity-mapped, so a
 * table's physical address is its pointer. Pure C, host unit-tested.
 *
 * The conversion engine's view back end (snp/view_npt.c) maps a
 * "private" and a "shared" view by calling npt_map/npt_unmap on
 * sub-ranges; a 2 MiB leaf that is partly
 * changed is split into 512 4 KiB leaves first. After changing or
 * removing a mapping that a vCPU may have used, the caller must flush
 * the guest's TLB before the next VMRUN (npt->need_flush says so).
 */
#ifndef MM_NPT_H
#define MM_NPT_H

#include <stdbool.h>
#include <stdint.h>

#include "include/sizes.h"
#include "mm/palloc.h"

#define NPT_R	     (1u << 0) /* readable (always, when present) */
#define NPT_W	     (1u << 1)
#define NPT_X	     (1u << 2) /* executable: clear sets NX */
#define NPT_NO_LARGE (1u << 3) /* map with 4 KiB leaves only */
#define NPT_RWX	     (NPT_R | NPT_W | NPT_X)

/* Architectural entry bits. */
#define PTE_P	      (1ull << 0)
#define PTE_W	      (1ull << 1)
#define PTE_U	      (1ull << 2)
#define PTE_A	      (1ull << 5)
#define PTE_D	      (1ull << 6)
#define PTE_PS	      (1ull << 7)
#define PTE_NX	      (1ull << 63)
#define PTE_ADDR_MASK 0x000ffffffffff000ull

/* The GPA space a 4-level table covers: 48 bits. */
#define NPT_GPA_LIMIT (1ull << 48)

struct npt {
	uint64_t *pml4; /* root; its address goes in VMCB N_CR3 */
	struct palloc *pa;
	uint64_t nr_tables; /* tables allocated, the root included */
	bool need_flush;    /* an existing translation changed */
};

struct npt_mapping {
	uint64_t hpa;	    /* host-physical address of the GPA asked */
	uint64_t page_size; /* SZ_4K or SZ_2M */
	unsigned flags;	    /* NPT_R | NPT_W | NPT_X */
};

int npt_init(struct npt *npt, struct palloc *pa);

/*
 * Map [gpa, gpa + size) to [hpa, hpa + size). All three must be 4 KiB
 * aligned. 2 MiB leaves are used where gpa and hpa are both 2 MiB aligned
 * and a whole 2 MiB remains, unless NPT_NO_LARGE. An existing mapping in
 * the range is replaced. Returns 0, -EINVAL (alignment, range beyond 48
 * bits) or -ENOMEM (the range may then be partly mapped).
 */
int npt_map(struct npt *npt, uint64_t gpa, uint64_t hpa, uint64_t size,
	    unsigned flags);

/*
 * Remove [gpa, gpa + size), 4 KiB aligned; holes are fine. A 2 MiB leaf
 * partly in the range is split first. Returns 0, -EINVAL or -ENOMEM.
 */
int npt_unmap(struct npt *npt, uint64_t gpa, uint64_t size);

/* Translate one GPA. Returns 0 and fills *m, or -ENOENT if unmapped. */
int npt_lookup(const struct npt *npt, uint64_t gpa, struct npt_mapping *m);

/* Free every table, the root included. */
void npt_destroy(struct npt *npt);

static inline uint64_t npt_root_pa(const struct npt *npt)
{
	return (uint64_t)(uintptr_t)npt->pml4;
}

#endif
