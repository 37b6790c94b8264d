// SPDX-License-Identifier: GPL-2.0-only
/*
 * test-exit [STATUS]: ends the guest with STATUS (default 0) through the
 * hypervisor's test-exit port, HC_TEST_EXIT_PORT 0xf4
 * (guest-abi/hypercall.h): ioperm() for the port, then a 32-bit OUT of
 * the status. make shell's /init (tests/linux/shell-init.sh) runs it when
 * the shell ends. A program and not busybox dd on /dev/port because
 * Debian's kernels are built without /dev/port (CONFIG_DEVPORT unset).
 * Returns only when the port did not end the guest: status 1.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/io.h>

#define TEST_EXIT_PORT 0xf4

int main(int argc, char **argv)
{
	unsigned long status = argc > 1 ? strtoul(argv[1], NULL, 0) : 0;

	if (ioperm(TEST_EXIT_PORT, 4, 1)) {
		perror("test-exit: ioperm(0xf4)");
		return 1;
	}
	outl((unsigned)status, TEST_EXIT_PORT);
	fprintf(stderr, "test-exit: the guest did not end at port 0x%x\n",
		TEST_EXIT_PORT);
	return 1;
}
