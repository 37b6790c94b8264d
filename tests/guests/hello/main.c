// SPDX-License-Identifier: GPL-2.0-only
/* hello: the guest starts, sees its boot struct, talks to the hypervisor. */
#include "guest.h"

int guest_main(const struct guest_boot *boot)
{
	printf("hello from guest %s: %llu MiB RAM, image %llu bytes at 0x%llx\n",
	       boot->name, (unsigned long long)(boot->ram_size >> 20),
	       (unsigned long long)boot->image_size,
	       (unsigned long long)boot->image_gpa);
	report(boot->version == GUEST_BOOT_VERSION, "guest_boot version %u",
	       boot->version);
	report(memcmp(boot->name, "hello", 6) == 0, "guest name is \"%s\"",
	       boot->name);
	report(hypercall3(HC_GET_ABI_VERSION, 0, 0, 0) == HC_ABI_VERSION,
	       "hypercall ABI version 0x%llx",
	       (unsigned long long)HC_ABI_VERSION);
	report(boot->hc_abi_version == HC_ABI_VERSION,
	       "boot struct carries the ABI version");
	return report_summary();
}
