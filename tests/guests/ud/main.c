// SPDX-License-Identifier: GPL-2.0-only
/*
 * ud: #UD is intercepted by the hypervisor and must reach the guest's own
 * handler: for UD2, for PVALIDATE without SNP, and for SVM instructions
 * the guest was told (CPUID) it does not have.
 */
#include "guest.h"

static volatile unsigned nr_ud;
static volatile uint64_t last_rip;
static volatile uint64_t skip;

static void on_ud(struct exc_frame *f)
{
	nr_ud++;
	last_rip = f->rip;
	f->rip += skip;
}

extern char ud2_at[], pvalidate_at[], vmload_at[];

int guest_main(const struct guest_boot *boot)
{
	(void)boot;
	exc_set_handler(6, on_ud);

	skip = 2;
	__asm__ volatile("ud2_at: ud2" ::: "memory");
	report(nr_ud == 1 && last_rip == (uint64_t)ud2_at,
	       "UD2 -> guest #UD handler at RIP 0x%llx",
	       (unsigned long long)last_rip);

	skip = 4;
	__asm__ volatile("pvalidate_at: .byte 0xf2, 0x0f, 0x01, 0xff"
			 :
			 : "a"(0x200000), "c"(0), "d"(1)
			 : "memory");
	report(nr_ud == 2 && last_rip == (uint64_t)pvalidate_at,
	       "PVALIDATE without SNP -> #UD in the guest");

	skip = 3;
	__asm__ volatile("vmload_at: vmload %%rax" : : "a"(0) : "memory");
	report(nr_ud == 3 && last_rip == (uint64_t)vmload_at,
	       "VMLOAD in the guest -> #UD");
	return report_summary();
}
