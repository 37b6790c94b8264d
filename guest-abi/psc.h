/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Page State Change descriptor for the PSC NAE event (SW_EXITCODE
 * 0x80000010), GHCB specification (AMD 56421) section "Page State Change".
 * The descriptor lives in the scratch area, normally the GHCB shared
 * buffer. Little-endian, packed.
 */
#ifndef GUEST_ABI_PSC_H
#define GUEST_ABI_PSC_H

#include <stddef.h>
#include <stdint.h>

#include "guest-abi/ghcb.h"

struct psc_hdr {
	uint16_t cur_entry; /* next entry to process */
	uint16_t end_entry; /* index of the last entry (inclusive) */
	uint32_t reserved;
} __attribute__((packed));

/*
 * An entry: [11:0] cur_page, [51:12] GFN, [55:52] operation,
 * [56] page size (1 = 2 MiB), [63:57] reserved.
 */
typedef uint64_t psc_entry_t;

#define PSC_ENTRY_CUR_PAGE(e) ((unsigned)((e)&0xfff))
#define PSC_ENTRY_GFN(e)      (((e) >> 12) & ((1ull << 40) - 1))
#define PSC_ENTRY_OP(e)	      ((unsigned)(((e) >> 52) & 0xf))
#define PSC_ENTRY_2M(e)	      ((unsigned)(((e) >> 56) & 1))
#define PSC_ENTRY(cur_page, gfn, op, is_2m)               \
	((uint64_t)(cur_page) | ((uint64_t)(gfn) << 12) | \
	 ((uint64_t)(op) << 52) | ((uint64_t)(is_2m) << 56))
#define PSC_ENTRY_SET_CUR_PAGE(e, p) (((e) & ~0xfffull) | (uint64_t)(p))

/* Operations. */
#define PSC_OP_PRIVATE 1u
#define PSC_OP_SHARED  2u
#define PSC_OP_PSMASH  3u
#define PSC_OP_UNSMASH 4u

/* Entries that fit in the shared buffer with the descriptor at 0x800. */
#define PSC_MAX_ENTRIES \
	((GHCB_SHARED_BUF_SIZE - sizeof(struct psc_hdr)) / sizeof(psc_entry_t))

/* SW_EXITINFO2 results of the PSC NAE event. */
#define PSC_ERROR_INVALID_HDR	0x0000000100000001ull
#define PSC_ERROR_INVALID_ENTRY 0x0000000100000002ull
#define PSC_ERROR_GENERIC	0x0000010000000000ull

_Static_assert(sizeof(struct psc_hdr) == 8, "PSC header");
_Static_assert(PSC_MAX_ENTRIES == 253, "253 entries fit in the shared buffer");

#endif
