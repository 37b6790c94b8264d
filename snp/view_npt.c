// SPDX-License-Identifier: GPL-2.0-only
/*
 * The private and shared views of guest memory in the nested page
 * tables; see snp/view_npt.h.
 *
 * set_view() removes the view that must go before it maps the one that
 * must be there, so a page is never present in both (the engine's
 * invariant, docs/abi.md "Model"). A changed or removed translation sets
 * npt->need_flush; the run loop flushes the guest TLB before the next
 * VMRUN (APM volume 2, "Nested Paging": "TLB Management").
 *
 * Why set_view() cannot run out of memory midway: snp_view_init() builds
 * the PDPT and PD levels of the private alias for all of guest memory up
 * front, and nothing ever frees upper levels (npt_unmap only clears
 * entries). What a view change may still allocate is one last-level table
 * per 2 MiB region and view, when a 2 MiB leaf is split or a 4 KiB page
 * is mapped where no table exists. prepare() is called by the engine once
 * per range conversion before anything changes; it refuses (the engine
 * then changes nothing) unless the pool holds those tables plus
 * SNP_VIEW_RESERVE for the single-page view changes the engine makes
 * without a prepare() (PVALIDATE, PSMASH). One vCPU runs at a time and no
 * other code allocates between prepare() and the view changes, so a check
 * of the free count is a reservation.
 */
#include <errno.h>

#include "include/log.h"
#include "snp/view_npt.h"

static bool in_ram(const struct snp_npt_view *sv, uint64_t gpa, uint64_t size)
{
	return gpa >= sv->ram_gpa && size <= sv->ram_size &&
	       gpa - sv->ram_gpa <= sv->ram_size - size;
}

uint64_t snp_view_tables_needed(uint64_t gpa, uint64_t npages)
{
	uint64_t first = gpa >> 21;
	uint64_t last = (gpa + npages * SZ_4K - 1) >> 21;

	if (npages == 0)
		return 0;
	/* One last-level table per 2 MiB region, for each of the two views. */
	return 2 * (last - first + 1);
}

static int view_prepare(void *ctx, uint64_t gpa, uint64_t npages,
			bool to_private)
{
	struct snp_npt_view *sv = ctx;
	uint64_t need = snp_view_tables_needed(gpa, npages) + SNP_VIEW_RESERVE;

	if (npages > sv->ram_size / SZ_4K || !in_ram(sv, gpa, npages * SZ_4K))
		return -EINVAL;
	if (++sv->prepares == sv->fail_at) {
		log_info("snp view: conversion %llu (0x%llx+%llu pages) refused: conv-fail=%llu",
			 (unsigned long long)sv->prepares,
			 (unsigned long long)gpa, (unsigned long long)npages,
			 (unsigned long long)sv->fail_at);
		return -EIO;
	}
	if (sv->npt->pa->nr_free < need) {
		sv->refusals++;
		log_warn_rl("snp view: conversion of 0x%llx+%llu pages to %s refused: "
			    "%llu page-table pages needed, %llu free",
			    (unsigned long long)gpa, (unsigned long long)npages,
			    to_private ? "private" : "shared",
			    (unsigned long long)need,
			    (unsigned long long)sv->npt->pa->nr_free);
		return -ENOMEM;
	}
	return 0;
}

static int view_set(void *ctx, uint64_t gpa, uint64_t size, enum snp_view v)
{
	struct snp_npt_view *sv = ctx;
	uint64_t priv = gpa | sv->cbit_mask;
	uint64_t hpa;
	int err;

	if ((size != SZ_4K && size != SZ_2M) || (gpa & (size - 1)) ||
	    !in_ram(sv, gpa, size))
		return -EINVAL;
	hpa = sv->ram_hpa + (gpa - sv->ram_gpa);
	switch (v) {
	case SNP_VIEW_NONE:
		err = npt_unmap(sv->npt, gpa, size);
		if (!err)
			err = npt_unmap(sv->npt, priv, size);
		break;
	case SNP_VIEW_SHARED:
		err = npt_unmap(sv->npt, priv, size);
		if (!err)
			err = npt_map(sv->npt, gpa, hpa, size, NPT_RWX);
		break;
	case SNP_VIEW_PRIVATE:
		err = npt_unmap(sv->npt, gpa, size);
		if (!err)
			err = npt_map(sv->npt, priv, hpa, size, NPT_RWX);
		break;
	default:
		err = -EINVAL;
		break;
	}
	if (err)
		log_err("snp view: gpa 0x%llx size 0x%llx view %d: error %d",
			(unsigned long long)gpa, (unsigned long long)size, v,
			err);
	return err;
}

int snp_view_alias(struct snp_npt_view *sv, uint64_t gpa, unsigned flags)
{
	if ((gpa & (SZ_4K - 1)) || !in_ram(sv, gpa, SZ_4K) ||
	    (flags & ~NPT_RWX))
		return -EINVAL;
	if (!flags)
		return npt_unmap(sv->npt, gpa, SZ_4K);
	return npt_map(sv->npt, gpa, sv->ram_hpa + (gpa - sv->ram_gpa), SZ_4K,
		       flags | NPT_R);
}

/* The alias op: a walk reads and writes (Accessed/Dirty), a fetch
 * reads and executes. */
static int view_alias(void *ctx, uint64_t gpa, unsigned flags)
{
	unsigned f = 0;

	if (flags & SNP_ALIAS_WALK)
		f |= NPT_R | NPT_W;
	if (flags & SNP_ALIAS_FETCH)
		f |= NPT_R | NPT_X;
	return snp_view_alias(ctx, gpa, f);
}

const struct snp_view_ops snp_view_npt_ops = {
	.prepare = view_prepare,
	.set_view = view_set,
	.alias = view_alias,
};

int snp_view_init(struct snp_npt_view *sv, struct npt *npt, unsigned cbit,
		  uint64_t ram_gpa, uint64_t ram_hpa, uint64_t ram_size)
{
	uint64_t g;
	int err;

	if (cbit < 32 || cbit >= 48 || !ram_size ||
	    ((ram_gpa | ram_hpa | ram_size) & (SZ_2M - 1)) ||
	    ram_gpa + ram_size > (1ull << cbit))
		return -EINVAL;
	*sv = (struct snp_npt_view){
		.npt = npt,
		.cbit_mask = 1ull << cbit,
		.ram_gpa = ram_gpa,
		.ram_size = ram_size,
		.ram_hpa = ram_hpa,
	};
	/*
	 * Map and unmap one 2 MiB leaf per GiB of the alias: the PDPT and PD
	 * it needed stay, so later changes only allocate last-level tables.
	 */
	for (g = ram_gpa; g < ram_gpa + ram_size;
	     g = (g & ~(SZ_1G - 1)) + SZ_1G) {
		err = npt_map(npt, g | sv->cbit_mask, ram_hpa, SZ_2M, NPT_RWX);
		if (!err)
			err = npt_unmap(npt, g | sv->cbit_mask, SZ_2M);
		if (err)
			return err;
	}
	return 0;
}
