/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The C-bit as a guest-physical alias: struct snp_view_ops (snp/snp.h)
 * over the nested page tables (mm/npt.h).
 *
 * Under emulated SNP the guest marks private memory with the C-bit in its
 * own page-table entries (AMD APM volume 2, "Secure Encrypted
 * Virtualization": "Enabling Memory Encryption Extensions", the C-bit
 * position from CPUID Fn8000_001F EBX[5:0]). Without SEV in the CPU the
 * C-bit is just a guest-physical address bit (bit 47, QEMU phys-bits=48),
 * so a private access arrives at the nested tables as GPA | 1 << 47. Each
 * guest page therefore has two nested-page-table addresses:
 *   shared view:  GPA          -> host frame
 *   private view: GPA | C-bit  -> the same host frame
 * and the engine decides, from the RMP, which of the two is present.
 * Nothing is encrypted: both views reach the same bytes.
 *
 * Pure C over mm/npt and mm/palloc: host unit-tested
 * (tests/unit/test_snp_view.c).
 */
#ifndef SNP_VIEW_NPT_H
#define SNP_VIEW_NPT_H

#include <stdbool.h>
#include <stdint.h>

#include "mm/npt.h"
#include "snp/snp.h"

/*
 * Page-table pages prepare() keeps free beyond what the conversion itself
 * may need, for set_view() calls the engine makes without a prepare()
 * (PVALIDATE presenting one page, PSMASH re-presenting one 2 MiB region):
 * each of those needs at most one page table.
 */
#define SNP_VIEW_RESERVE 16u

struct snp_npt_view {
	struct npt *npt;
	uint64_t cbit_mask; /* 1 << C-bit position */
	uint64_t ram_gpa;   /* guest memory: [ram_gpa, ram_gpa + ram_size) */
	uint64_t ram_size;
	uint64_t ram_hpa;  /* host frame of ram_gpa */
	uint64_t refusals; /* prepare() calls refused for lack of tables */
	/*
	 * Fault injection (boot option conv-fail=N, for the end-to-end
	 * scenario diff): the fail_at-th prepare() (1-based, counting every
	 * call) refuses its conversion as if out of page-table memory.
	 * 0: never. Set after snp_view_init().
	 */
	uint64_t fail_at;
	uint64_t prepares;
};

extern const struct snp_view_ops snp_view_npt_ops;

/*
 * Set up the alias over guest memory whose shared view the nested tables
 * already map (guest memory starts shared): create the upper table levels
 * of the private view once, so later view changes only ever allocate
 * last-level tables. Returns 0 or -ENOMEM / -EINVAL.
 */
int snp_view_init(struct snp_npt_view *sv, struct npt *npt, unsigned cbit,
		  uint64_t ram_gpa, uint64_t ram_hpa, uint64_t ram_size);

/*
 * The back end of the alias op (snp_view_npt_ops.alias, reached through
 * the engine's snp_alias_set(), which checks the RMP): map the shared
 * address of the 4 KiB page at gpa with NPT flags (NPT_R | NPT_W for a
 * walk, NPT_R | NPT_X for a fetch); flags 0 removes it again. The
 * private view is not touched. Returns 0 or -EINVAL / -ENOMEM.
 */
int snp_view_alias(struct snp_npt_view *sv, uint64_t gpa, unsigned flags);

/* Page tables a conversion of [gpa, gpa + npages pages) may allocate. */
uint64_t snp_view_tables_needed(uint64_t gpa, uint64_t npages);

#endif
