// SPDX-License-Identifier: GPL-2.0-only
/*
 * escape-cli-hlt: HLT with interrupts disabled (APM vol. 2, "HLT
 * Intercept"; vol. 3, HLT: the processor resumes only on an NMI, SMI,
 * INIT or RESET) waits for nothing the guest can be sent. Unintercepted,
 * it holds the host CPU for good. The platform contract: HLT is always
 * intercepted, and with RFLAGS.IF clear the hypervisor stops the guest
 * with a reason containing "interrupts disabled", then runs the next.
 */
#include "esc.h"

int esc_main(void)
{
	esc_puts("escape: cli; hlt\n");
	for (;;)
		__asm__ volatile("cli; hlt");
	return HC_EXIT_FAIL;
}
