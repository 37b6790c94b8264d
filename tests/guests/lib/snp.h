/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Guest side of (emulated) SEV-SNP: the instructions, the GHCB MSR and
 * page protocols (guest-abi/ghcb.h, guest-abi/psc.h), KVM_HC_MAP_GPA_RANGE
 * (guest-abi/map_gpa.h), C-bit updates in the identity page tables, and
 * whole conversions in Linux's order (lib/snp_conv.c).
 *
 * Call snp_init(boot) first: it records the C-bit and the shared area the
 * hypervisor left (guest_boot.snp_*), takes the first shared page as the
 * GHCB and registers it.
 */
#ifndef GUEST_LIB_SNP_H
#define GUEST_LIB_SNP_H

#include <stdbool.h>
#include <stdint.h>

#include "guest-abi/ghcb.h"
#include "guest-abi/map_gpa.h"
#include "guest-abi/psc.h"
#include "guest.h"

#define SZ_4K 0x1000ull
#define SZ_2M 0x200000ull

/* PVALIDATE / RMPADJUST return codes (APM volume 3). */
#define PV_OK		     0u
#define PV_FAIL_INPUT	     1u
#define PV_FAIL_PERMISSION   2u
#define PV_FAIL_SIZEMISMATCH 6u

/* APM volume 3 "PVALIDATE": RAX = VA, ECX = size (1 = 2 MiB), EDX = validate. */
static inline uint32_t pvalidate(uint64_t va, bool huge, bool validate,
				 bool *cf)
{
	uint32_t eax;
	uint8_t c;

	__asm__ volatile(".byte 0xf2, 0x0f, 0x01, 0xff\n\t" /* pvalidate */
			 "setc %1"
			 : "=a"(eax), "=qm"(c)
			 : "a"(va), "c"((uint64_t)huge), "d"((uint64_t)validate)
			 : "memory", "cc");
	if (cf)
		*cf = c;
	return eax;
}

/* APM volume 3 "RMPADJUST": RAX = VA, ECX = size, RDX = attributes. */
static inline uint32_t rmpadjust(uint64_t va, bool huge, uint64_t attrs)
{
	uint32_t eax;

	__asm__ volatile(".byte 0xf3, 0x0f, 0x01, 0xfe" /* rmpadjust */
			 : "=a"(eax)
			 : "a"(va), "c"((uint64_t)huge), "d"(attrs)
			 : "memory", "cc");
	return eax;
}

/* VMGEXIT: "rep; vmmcall" (GHCB specification, "VMGEXIT"). */
static inline void vmgexit(void)
{
	__asm__ volatile("rep; vmmcall" ::: "memory");
}

static inline int64_t map_gpa_range(uint64_t gpa, uint64_t npages,
				    uint64_t attrs)
{
	return (int64_t)hypercall3(KVM_HC_MAP_GPA_RANGE, gpa, npages, attrs);
}

struct snp_info {
	unsigned cbit;
	uint64_t cmask; /* 1 << cbit */
	uint64_t shared_gpa, shared_end;
	struct ghcb *ghcb; /* identity-mapped, shared */
	uint64_t ghcb_gpa;
	uint64_t free_gpa; /* shared memory for scenarios (2M aligned) */
};
extern struct snp_info snp;

/* false when the guest is not an SNP guest (a report says why). */
bool snp_init(const struct guest_boot *boot);

/* GHCB MSR (rdmsr/wrmsr of MSR_GHCB). */
uint64_t ghcb_msr_read(void);
void ghcb_msr_write(uint64_t v);
/* Write a request, VMGEXIT, read the response. */
uint64_t ghcb_msr_call(uint64_t req);
/* 0x012: returns the response (GFN << 12 | 0x013 on success). */
uint64_t ghcb_msr_register(uint64_t gpa);
/* 0x014 PSC of one 4 KiB page: returns the whole response. */
uint64_t ghcb_msr_psc(uint64_t gpa, unsigned op);

/*
 * A GHCB page request with the standard fields, written into the page at
 * gpa_in_msr (identity-mapped): clears its save area, sets
 * SW_EXITCODE/INFO1/INFO2 (and SW_SCRATCH when scratch != 0) valid,
 * points the MSR at gpa_in_msr (normally snp.ghcb_gpa), VMGEXITs.
 * Returns SW_EXITINFO2, *info1 gets SW_EXITINFO1.
 */
uint64_t ghcb_call(uint64_t gpa_in_msr, uint64_t exit_code, uint64_t info1,
		   uint64_t info2, uint64_t scratch, uint64_t *out_info1);

/*
 * PSC through the GHCB page: copies hdr + entries into the shared buffer
 * exactly as given (any shape), one VMGEXIT, copies the descriptor back
 * into *hdr / entries. Returns SW_EXITINFO2; *info1 gets SW_EXITINFO1.
 */
uint64_t ghcb_psc_raw(struct psc_hdr *hdr, psc_entry_t *entries, unsigned nr,
		      uint64_t *info1);

/* Identity-map page tables (lib/snp_pt.c). */
/*
 * Set (private) or clear (shared) the C-bit on [va, va + size), 4 KiB
 * aligned, splitting 2 MiB guest pages where the range covers part of
 * one, with INVLPG on every changed page. 0 or -1 (out of tables).
 */
int pt_set_cbit(uint64_t va, uint64_t size, bool private);
/* Is the C-bit set on the identity mapping of va? */
bool pt_cbit(uint64_t va);
/*
 * Map the 4 KiB page at va (inside the identity map, 4 KiB aligned) to
 * gpa instead, with the C-bit when private: a second address for a page,
 * e.g. its shared and its private alias side by side. 0 or -1.
 */
int pt_map_4k(uint64_t va, uint64_t gpa, bool private);
/* The page-directory entry that maps va in the identity map. */
uint64_t *pt_pde(uint64_t va);

/* Conversions in Linux's order (lib/snp_conv.c). */
enum snp_proto {
	PROTO_MSR,     /* GHCB MSR protocol PSC, 4 KiB at a time */
	PROTO_GHCB,    /* GHCB page PSC, 2 MiB entries where aligned */
	PROTO_MAP_GPA, /* KVM_HC_MAP_GPA_RANGE, 2 MiB size hint */
	PROTO_NR,
};
extern const char *const snp_proto_name[PROTO_NR];

struct pv_stats {
	unsigned ok[2], no_update[2], sizemismatch[2], other[2]; /* [4K, 2M] */
};
extern struct pv_stats pv_stats;

/*
 * PVALIDATE [va, va + size): 2 MiB where aligned, falling back to 4 KiB
 * on FAIL_SIZEMISMATCH (Linux's pval_pages). 0, or the first failing
 * EAX (| 0x100 when CF said "no update").
 */
int pval_range(uint64_t va, uint64_t size, bool validate);

/* PSC by protocol: 0 or a failure code the caller reports. */
int64_t psc_range(enum snp_proto p, uint64_t gpa, uint64_t size, bool private);

/*
 * private -> shared: PVALIDATE rescind, PSC, clear the C-bit;
 * shared -> private: set the C-bit, PSC, PVALIDATE validate.
 * 0, or a negative step number: -1 PVALIDATE, -2 PSC, -3 page tables.
 */
int snp_convert(enum snp_proto p, uint64_t va, uint64_t size, bool private);

/* Scenario helpers (lib/snp_scn.c). */
/* Fill / check 8-byte words of [va, va + size) with a pattern of (addr, salt). */
void fill(uint64_t va, uint64_t size, uint64_t salt);
/* Number of words that differ (the first one is printed). */
uint64_t check(uint64_t va, uint64_t size, uint64_t salt);
/*
 * Each protocol's conversions of a 4 KiB and a 2 MiB range both ways
 * with data checks, reporting every step; expect_2m_pv: 2 MiB PVALIDATEs
 * succeed on 2 MiB RMP entries (else they fall back to 4 KiB).
 */
void conv_scenario(enum snp_proto p, uint64_t base, bool expect_2m_pv);

#endif
