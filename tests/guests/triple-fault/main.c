// SPDX-License-Identifier: GPL-2.0-only
/*
 * triple-fault: load an empty IDT and raise #UD. The reflected #UD cannot
 * be delivered (#GP, then #DF, then shutdown): the hypervisor must report
 * the triple fault and end the run, not hang.
 */
#include "guest.h"

int guest_main(const struct guest_boot *boot)
{
	struct __attribute__((packed)) {
		uint16_t limit;
		uint64_t base;
	} empty = { 0, 0 };

	(void)boot;
	printf("loading an empty IDT and executing UD2: expect a triple fault\n");
	__asm__ volatile("lidt %0\n\tud2" : : "m"(empty) : "memory");
	report(false, "still running after the triple fault");
	return report_summary();
}
