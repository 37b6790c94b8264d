#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# /init of make shell's initramfs (tools/mk-shell-initrd.sh): Debian's
# static busybox is the whole userspace. Mounts proc, sys and dev, says
# how to leave, runs an interactive sh on the console (the emulated
# UART, ttyS0), and when that shell ends, ends the guest with status 0
# through the hypervisor's test-exit port (HC_TEST_EXIT_PORT, 0xf4, in
# guest-abi/hypercall.h) with /bin/test-exit (tests/linux/test-exit.c:
# Debian's kernels have no /dev/port for busybox dd to write the port
# through). PID 1 must not return: the kernel would panic (and with
# panic=-1 reset), so a shell follows if the exit did not happen.
/bin/busybox mkdir -p /proc /sys /dev /sbin /usr/bin /usr/sbin
/bin/busybox --install -s
export PATH=/bin:/sbin:/usr/bin:/usr/sbin HOME=/ PS1='snpvisor:\w# '
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null

echo
echo "snpvisor shell: busybox sh on $(cat /sys/class/tty/console/active 2>/dev/null || echo the console), kernel $(uname -r)"
echo "snpvisor shell: 'exit' or Ctrl-D ends the guest (HV: ... exited code=0); Ctrl-A x ends QEMU at once"
# cttyhack makes the console the shell's controlling terminal, so Ctrl-C
# and job control work.
setsid cttyhack sh -l

echo "snpvisor shell: the shell ended, ending the guest (status 0 to port 0xf4)"
test-exit 0
echo "snpvisor shell: the test-exit port did not end the guest; a shell again"
exec setsid cttyhack sh
