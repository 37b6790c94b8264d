// SPDX-License-Identifier: GPL-2.0-only
/*
 * loop-forever: never exits. Only the runner's timeout ends it, and the
 * runner must call that TIMEOUT, not a pass.
 */
#include "guest.h"

int guest_main(const struct guest_boot *boot)
{
	(void)boot;
	printf("looping forever; the runner's timeout must end this\n");
	for (;;)
		__asm__ volatile("pause");
	return 0;
}
