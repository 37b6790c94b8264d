// SPDX-License-Identifier: GPL-2.0-only
/*
 * memory: write a pattern to every 8 bytes of the guest's free RAM (all
 * of it above the image: boot struct, page tables and code stay), then
 * read it all back; then the same with the complement.
 */
#include "guest.h"

static uint64_t pattern(uint64_t addr, uint64_t salt)
{
	return (addr * 0x9e3779b97f4a7c15ull) ^ salt;
}

static uint64_t check(uint64_t lo, uint64_t hi, uint64_t salt)
{
	uint64_t bad = 0;

	for (uint64_t a = lo; a < hi; a += 8)
		*(volatile uint64_t *)a = pattern(a, salt);
	for (uint64_t a = lo; a < hi; a += 8)
		if (*(volatile uint64_t *)a != pattern(a, salt)) {
			if (!bad)
				printf("first mismatch at GPA 0x%llx\n",
				       (unsigned long long)a);
			bad++;
		}
	return bad;
}

int guest_main(const struct guest_boot *boot)
{
	uint64_t lo = (boot->free_gpa + 0xfffff) & ~0xfffffull;
	uint64_t hi = boot->ram_base + boot->ram_size;
	uint64_t bad;

	printf("testing GPA 0x%llx-0x%llx (%llu MiB)\n", (unsigned long long)lo,
	       (unsigned long long)hi - 1,
	       (unsigned long long)((hi - lo) >> 20));
	bad = check(lo, hi, 0);
	report(bad == 0, "pattern across all free RAM: %llu bad words",
	       (unsigned long long)bad);
	bad = check(lo, hi, ~0ull);
	report(bad == 0, "inverted pattern: %llu bad words",
	       (unsigned long long)bad);
	report(*(volatile uint64_t *)(hi - 8) == pattern(hi - 8, ~0ull),
	       "last word of RAM at 0x%llx", (unsigned long long)(hi - 8));
	return report_summary();
}
