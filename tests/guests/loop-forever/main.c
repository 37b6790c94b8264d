// SPDX-License-Identifier: GPL-2.0-only
/*
 * loop-forever: never exits. tests.cfg runs it with timeout=3: the
 * hypervisor must stop it ("time limit") and run the next guest. Without
 * that option (make run's default) only the runner's own time limit ends
 * it (make test-tools checks that message).
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
