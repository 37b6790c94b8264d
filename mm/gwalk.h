/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Guest page-table walker: GVA -> GPA through the guest's own 4-level
 * long-mode tables (4 KiB, 2 MiB and 1 GiB pages), then GPA -> host
 * pointer through the VM's memory, refusing any GPA outside it.
 *
 * gpa_mask is ANDed with every GPA taken from a guest table entry and
 * with CR3, so a caller can strip an SEV C-bit (hv/snp_exits.c does for
 * PVALIDATE/RMPADJUST); pass ~0ull to keep all address bits up to the
 * architectural 52. Pure C, host unit-tested.
 */
#ifndef MM_GWALK_H
#define MM_GWALK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * GPA -> host pointer. Returns a pointer to the byte at gpa, valid up to
 * the end of its 4 KiB page, or NULL when gpa is not guest memory.
 */
typedef void *(*gpa_to_host_fn)(void *opaque, uint64_t gpa);

struct guest_mem {
	gpa_to_host_fn to_host;
	void *opaque;
};

/* Guest paging state the walk depends on (from the VMCB save area). */
struct gwalk_cpu {
	uint64_t cr0, cr3, cr4, efer;
};

/* access bits, checked against the entries' rights */
#define GWALK_WRITE (1u << 0)
#define GWALK_USER  (1u << 1)
#define GWALK_FETCH (1u << 2)

enum gwalk_result {
	GWALK_OK = 0,
	GWALK_NOT_PRESENT = -1, /* a guest entry had P = 0: a guest #PF */
	GWALK_RIGHTS = -2,	/* W/U/NX forbade the access: a guest #PF */
	GWALK_RSVD = -3,	/* reserved bit set in a guest entry */
	GWALK_BAD_GPA = -4, /* a table or the target is outside guest memory */
	GWALK_UNSUPPORTED = -5, /* paging mode other than 4-level long mode */
};

/* Translate gva. Paging off (CR0.PG = 0) means GVA = GPA. */
int gwalk_translate(const struct guest_mem *mem, const struct gwalk_cpu *cpu,
		    uint64_t gpa_mask, uint64_t gva, unsigned access,
		    uint64_t *gpa);

/*
 * Copy len bytes of guest-virtual memory at gva into buf, page by page.
 * Returns the number of bytes copied (< len when a page failed) and the
 * failing walk result in *res (GWALK_OK when all were copied).
 */
size_t gwalk_read(const struct guest_mem *mem, const struct gwalk_cpu *cpu,
		  uint64_t gpa_mask, uint64_t gva, void *buf, size_t len,
		  unsigned access, int *res);

/* A host pointer for [gpa, gpa + len) if it is guest memory in one page. */
void *guest_mem_ptr(const struct guest_mem *mem, uint64_t gpa, size_t len);

const char *gwalk_result_name(int res);

#endif
