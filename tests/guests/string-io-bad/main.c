// SPDX-License-Identifier: GPL-2.0-only
/*
 * string-io-bad: a REP INSB whose memory operand does not translate (no
 * page there in the guest's tables: a #PF on silicon, which the
 * hypervisor cannot inject). The guest must be stopped with one line
 * saying why; the scenario runs hello.bin after it to show the
 * hypervisor stayed up.
 */
#include "guest.h"

int guest_main(const struct guest_boot *boot)
{
	uint64_t rdi = boot->idmap_size + 0x1000, rcx = 16;

	printf("rep insb to 0x%llx, past the identity map: expect a stop\n",
	       (unsigned long long)rdi);
	__asm__ volatile("rep insb"
			 : "+D"(rdi), "+c"(rcx)
			 : "d"((uint16_t)0x3f8)
			 : "memory");
	report(false, "rep insb to an unmapped address returned (RCX %llu)",
	       (unsigned long long)rcx);
	return report_summary();
}
