// SPDX-License-Identifier: GPL-2.0-only
/* bad-hypercall: bad numbers and arguments return errors, never stop us. */
#include "guest.h"

static const char msg[] = "debug print from bad-hypercall";

int guest_main(const struct guest_boot *boot)
{
	uint64_t r;

	r = hypercall3(0xdeadbeef, 1, 2, 3);
	report(r == (uint64_t)-HC_ENOSYS, "unknown number -> -%d (got %lld)",
	       HC_ENOSYS, (long long)r);
	r = hypercall3(HC_BASE + 0x999, 0, 0, 0);
	report(r == (uint64_t)-HC_ENOSYS,
	       "unused number in our range -> -ENOSYS");
	r = hypercall3(HC_KVM_MAP_GPA_RANGE, 0, 1, 0);
	report(r == (uint64_t)-HC_ENOSYS,
	       "KVM_HC_MAP_GPA_RANGE not served yet -> -ENOSYS");
	r = hypercall3(HC_DEBUG_PRINT, (uint64_t)msg, sizeof(msg) - 1, 0);
	report(r == HC_OK, "debug print -> 0");
	r = hypercall3(HC_DEBUG_PRINT, (uint64_t)msg, HC_DEBUG_PRINT_MAX + 1,
		       0);
	report(r == (uint64_t)-HC_EINVAL, "debug print too long -> -EINVAL");
	r = hypercall3(HC_DEBUG_PRINT, boot->ram_size - 4, 16, 0);
	report(r == (uint64_t)-HC_EINVAL,
	       "debug print past the end of RAM -> -EINVAL");
	r = hypercall3(HC_GET_EXIT_COUNT, 99, 0, 0);
	report(r == (uint64_t)-HC_EINVAL,
	       "exit count of an unknown kind -> -EINVAL");
	report(hypercall3(HC_GET_ABI_VERSION, 0, 0, 0) == HC_ABI_VERSION,
	       "still alive: ABI version answers");
	return report_summary();
}
