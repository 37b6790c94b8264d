// SPDX-License-Identifier: GPL-2.0-only
/*
 * escape-loop: a guest that never exits and never makes an exit
 * ("jmp ." with interrupts off). Without a bound it keeps the CPU, and
 * the guests listed after it never run. The platform contract: with
 * timeout=N (seconds of the guest's run) the hypervisor, which regains
 * the CPU on its own timer, stops the guest with a reason containing
 * "time limit" and runs the next one.
 */
#include "esc.h"

int esc_main(void)
{
	esc_puts("escape: jmp . with interrupts off\n");
	__asm__ volatile("cli; 1: jmp 1b");
	return HC_EXIT_FAIL;
}
