// SPDX-License-Identifier: GPL-2.0-only
/*
 * snp-alias-walk: a page table linked without the C-bit, as Linux's
 * decompressor links its tables. The guest's page walk reads it through
 * its shared address and works (walks are private whatever the C-bit),
 * but that address may stay open only until the next exit
 * (hv/snp_alias.c): after one, a data read through it is a shared access
 * to a private page, which policy=strict stops (scenario expects the
 * error verdict with that reason).
 */
#include "snp.h"

#define WALK_VA	     0xc0200000ull /* the 2 MiB the new table maps */
#define ALIAS_SHARED 0xc0000000ull /* the table itself, C-bit clear */

/* Private and validated (bss is launched private). */
static uint64_t table[512] __attribute__((aligned(4096)));
static uint64_t target[512] __attribute__((aligned(4096)));

int guest_main(const struct guest_boot *boot)
{
	volatile uint64_t *via_walk = (volatile uint64_t *)WALK_VA;
	volatile uint64_t *data = (volatile uint64_t *)ALIAS_SHARED;
	uint64_t *pde;

	if (!snp_init(boot))
		return report_summary();
	pde = pt_pde(WALK_VA);
	target[0] = 0x5eedull;
	/* Leaf with the C-bit (the data is private), Accessed and Dirty set. */
	table[0] = (uintptr_t)target | snp.cmask | 0x63;
	/* The link to the table without it. */
	*pde = (uintptr_t)table | 0x63;
	__asm__ volatile("invlpg (%0)" : : "r"(WALK_VA) : "memory");
	report(*via_walk == 0x5eed,
	       "read through a table linked without the C-bit");
	*via_walk = 0x5eee;
	report(target[0] == 0x5eee, "write through it");
	report(pt_map_4k(ALIAS_SHARED, (uintptr_t)table, false) == 0,
	       "the table mapped at 0x%llx without the C-bit", ALIAS_SHARED);
	/* Any exit closes the shared address the walk used. */
	report(hypercall3(HC_GET_ABI_VERSION, 0, 0, 0) == HC_ABI_VERSION,
	       "an exit");
	printf("reading the table through its shared address: expect a stop "
	       "(policy strict)\n");
	report(false,
	       "data read through the shared address of a private page "
	       "table succeeded (0x%llx)",
	       (unsigned long long)data[0]);
	return report_summary();
}
