// SPDX-License-Identifier: GPL-2.0-only
/*
 * C-bit updates in the identity page tables the hypervisor built
 * (guest-abi/guest_boot.h: 4-level, 2 MiB pages, VA = GPA). The C-bit
 * marks a mapping private (APM volume 2, "Secure Encrypted
 * Virtualization": "Enabling Memory Encryption Extensions"); after a
 * change the old translation must go from the TLB: INVLPG on the page
 * ("Invalidation of TLB Entries"). A 2 MiB page that a range covers only
 * partly is split into a table of 4 KiB pages taken from a pool in bss,
 * which is private memory (snp_init checks it), so the table is reached
 * with the C-bit too.
 */
#include "snp.h"

#define PTE_P	 (1ull << 0)
#define PTE_W	 (1ull << 1)
#define PTE_PS	 (1ull << 7)
#define PTE_ADDR 0x000ffffffffff000ull
#define PT_POOL	 48

static uint64_t pt_pool[PT_POOL][512] __attribute__((aligned(4096)));
static unsigned pt_used;

static inline void invlpg(uint64_t va)
{
	__asm__ volatile("invlpg (%0)" : : "r"(va) : "memory");
}

static inline uint64_t read_cr3(void)
{
	uint64_t v;

	__asm__ volatile("mov %%cr3, %0" : "=r"(v));
	return v;
}

/* Table address from an entry: the C-bit is not an address bit. */
static uint64_t *table(uint64_t e)
{
	return (uint64_t *)(uintptr_t)(e & PTE_ADDR & ~snp.cmask);
}

uint64_t *pt_pde(uint64_t va)
{
	uint64_t *pml4 = table(read_cr3());
	uint64_t *pdpt = table(pml4[(va >> 39) & 511]);
	uint64_t *pd = table(pdpt[(va >> 30) & 511]);

	return &pd[(va >> 21) & 511];
}

static int split(uint64_t *pde, uint64_t va)
{
	uint64_t *pt, base, flags;

	if (pt_used == PT_POOL)
		return -1;
	pt = pt_pool[pt_used++];
	base = *pde & PTE_ADDR & ~snp.cmask & ~(SZ_2M - 1);
	flags = (*pde & ~PTE_ADDR & ~PTE_PS) | (*pde & snp.cmask);
	for (unsigned i = 0; i < 512; i++)
		pt[i] = (base + i * SZ_4K) | flags;
	*pde = (uint64_t)(uintptr_t)pt | snp.cmask | PTE_P | PTE_W;
	invlpg(va & ~(SZ_2M - 1));
	return 0;
}

static void set_bit(uint64_t *e, bool private)
{
	if (private)
		*e |= snp.cmask;
	else
		*e &= ~snp.cmask;
}

int pt_set_cbit(uint64_t va, uint64_t size, bool private)
{
	uint64_t end = va + size;

	while (va < end) {
		uint64_t *pde = pt_pde(va);

		if ((*pde & PTE_PS) && !(va & (SZ_2M - 1)) &&
		    end - va >= SZ_2M) {
			set_bit(pde, private);
			invlpg(va);
			va += SZ_2M;
			continue;
		}
		if ((*pde & PTE_PS) && split(pde, va))
			return -1;
		set_bit(&table(*pde)[(va >> 12) & 511], private);
		invlpg(va);
		va += SZ_4K;
	}
	return 0;
}

bool pt_cbit(uint64_t va)
{
	uint64_t *pde = pt_pde(va);

	if (*pde & PTE_PS)
		return *pde & snp.cmask;
	return table(*pde)[(va >> 12) & 511] & snp.cmask;
}

int pt_map_4k(uint64_t va, uint64_t gpa, bool private)
{
	uint64_t *pde = pt_pde(va), *pte;

	if ((va | gpa) & (SZ_4K - 1))
		return -1;
	if ((*pde & PTE_PS) && split(pde, va))
		return -1;
	pte = &table(*pde)[(va >> 12) & 511];
	*pte = gpa | PTE_P | PTE_W | (private ? snp.cmask : 0);
	invlpg(va);
	return 0;
}
