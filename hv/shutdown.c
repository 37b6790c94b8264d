// SPDX-License-Identifier: GPL-2.0-only
/*
 * hv_shutdown(): the end of every run after ExitBootServices (its start
 * is hv/platform.c). The verdict encoding is documented in hv/platform.h.
 */
#include <stdint.h>

#include "hv/platform.h"
#include "include/log.h"

/* clang-format off */
static const char *const verdict_names[] = {
	[HV_PASS]  = "pass",
	[HV_FAIL]  = "fail",
	[HV_ERROR] = "error",
	[HV_SKIP]  = "skip",
	[HV_PANIC] = "panic",
};
/* clang-format on */

void hv_shutdown(enum hv_verdict v)
{
	unsigned int code = (unsigned int)v;

	if (code >= sizeof(verdict_names) / sizeof(verdict_names[0]))
		code = HV_PANIC;
	log_debug("shutdown: verdict %s", verdict_names[code]);
	hv_console_flush();

	/* QEMU's isa-debug-exit: the process ends here with (code << 1) | 1. */
	outl(HV_DEBUG_EXIT_PORT, code);

	/*
	 * Still running: not QEMU, or no isa-debug-exit device. Reset the
	 * machine rather than spin (with -no-reboot QEMU then exits 0, which
	 * the runner reports as a crash, as it should).
	 */
	hv_printf("HV: no isa-debug-exit device; resetting (verdict %s)\n",
		  verdict_names[code]);
	hv_console_flush();
	outb(0xcf9, 0x02); /* PCI reset control: system reset */
	outb(0xcf9, 0x06);
	outb(0x64, 0xfe); /* 8042 keyboard controller: pulse reset */
	for (;;)
		__asm__ volatile("cli; hlt");
}
