// SPDX-License-Identifier: GPL-2.0-only
/*
 * unmapped-gpa: read a GPA just past the end of RAM. The guest's own page
 * tables map it, the nested tables do not: the hypervisor must stop the
 * guest with a clear message (the scenario expects that stop).
 */
#include "guest.h"

int guest_main(const struct guest_boot *boot)
{
	uint64_t gpa = boot->ram_base + boot->ram_size + 0x1000;
	uint64_t v;

	printf("reading GPA 0x%llx, outside RAM; expect the hypervisor to stop me\n",
	       (unsigned long long)gpa);
	v = *(volatile uint64_t *)gpa;
	report(false, "read of unmapped GPA returned 0x%llx",
	       (unsigned long long)v);
	return report_summary();
}
