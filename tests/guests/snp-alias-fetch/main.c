// SPDX-License-Identifier: GPL-2.0-only
/*
 * snp-alias-fetch: an instruction fetch through the shared address of a
 * validated private page runs (fetches are private whatever the C-bit,
 * APM volume 2, "Secure Encrypted Virtualization": "Supported Operating
 * Modes"), but it must not leave that address open: a data read through
 * it afterwards is a shared access to a private page, which
 * policy=strict stops (scenario expects the error verdict with that
 * reason). hv/snp_alias.c opens the address for the one instruction,
 * single-stepping it; when that instruction faults in the guest instead
 * (#DE here) and the handler exits to the hypervisor, the step's trap
 * after the handler's IRET must stay hidden from the guest too.
 */
#include "snp.h"

#define ALIAS_SHARED 0xc0000000ull /* above RAM, inside the identity map */

/* Private and validated (bss is launched private). */
static uint8_t code_page[4096] __attribute__((aligned(4096)));

static unsigned de_seen;

/* #DE from "div %ecx": exit to the hypervisor, then skip the 2 bytes. */
static void de_handler(struct exc_frame *f)
{
	de_seen++;
	(void)exit_count(HC_COUNT_ALL);
	f->rip += 2;
}

int guest_main(const struct guest_boot *boot)
{
	uint64_t (*fn)(void) = (uint64_t(*)(void))ALIAS_SHARED;
	static const uint8_t ret42[] = {
		0xb8, 0x2a, 0x00, 0x00, 0x00, /* mov $42, %eax */
		0xc3,			      /* ret */
	};
	static const uint8_t div0[] = {
		0x31, 0xc9,		      /* xor %ecx, %ecx */
		0xf7, 0xf1,		      /* div %ecx: #DE */
		0xb8, 0x2b, 0x00, 0x00, 0x00, /* mov $43, %eax */
		0xc3,			      /* ret */
	};
	uint64_t (*fn_div)(void) = (uint64_t(*)(void))(ALIAS_SHARED + 64);
	volatile uint8_t *data = (volatile uint8_t *)ALIAS_SHARED;

	if (!snp_init(boot))
		return report_summary();
	memcpy(code_page, ret42, sizeof(ret42));
	memcpy(code_page + 64, div0, sizeof(div0));
	report(pt_map_4k(ALIAS_SHARED, (uintptr_t)code_page, false) == 0,
	       "private page 0x%llx mapped at 0x%llx without the C-bit",
	       (unsigned long long)(uintptr_t)code_page, ALIAS_SHARED);
	report(fn() == 42, "code fetched through the shared address runs");
	report(fn() == 42, "twice");
	exc_set_handler(0, de_handler);
	report(fn_div() == 43 && de_seen == 1,
	       "an instruction there that faults: its handler runs, no stray #DB");
	exc_set_handler(0, NULL);
	report(fn() == 42, "and again after it");
	printf("reading the same page through its shared address: expect a stop "
	       "(policy strict)\n");
	report(false,
	       "data read through the shared address of a private page "
	       "succeeded (0x%x)",
	       data[0]);
	return report_summary();
}
