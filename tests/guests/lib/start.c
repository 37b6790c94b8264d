// SPDX-License-Identifier: GPL-2.0-only
/*
 * C entry of every test guest: check the boot struct, install the IDT,
 * run guest_main() and exit with its status.
 */
#include "guest.h"

void guest_start(const struct guest_boot *boot) __attribute__((noreturn));

void guest_exit(uint64_t status)
{
	hypercall3(HC_TEST_EXIT, status, 0, 0);
	/* Not reached; if the hypervisor ignored us, use the port too. */
	outl(HC_TEST_EXIT_PORT, (uint32_t)status);
	for (;;)
		__asm__ volatile("hlt");
}

void guest_start(const struct guest_boot *boot)
{
	if (boot->magic != GUEST_BOOT_MAGIC) {
		printf("bad guest_boot magic 0x%llx\n",
		       (unsigned long long)boot->magic);
		guest_exit(HC_EXIT_FAIL);
	}
	idt_init();
	guest_exit((uint64_t)guest_main(boot));
}
