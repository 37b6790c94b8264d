// SPDX-License-Identifier: GPL-2.0-only
/*
 * platform_init(): the start of every run after ExitBootServices (its end
 * is hv_shutdown(), hv/shutdown.c): the console, the log level and the
 * heap.
 */
#include <stdint.h>

#include "hv/platform.h"
#include "include/boot_info.h"
#include "include/log.h"

/* From hv/libc_stubs.c; only this file calls it. */
void libc_heap_init(uint64_t base, uint64_t size);

void platform_init(const struct boot_info *bi)
{
	hv_log_init();
	hv_log_set_level((enum log_level)bi->options.log_level);
	libc_heap_init(bi->heap.base, bi->heap.size);
}
