#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
#   tools/mk-shell-initrd.sh INIT BUSYBOX TEST_EXIT OUT.cpio
#
# make shell's initramfs: an uncompressed newc cpio with INIT (the
# script tests/linux/shell-init.sh) as /init, BUSYBOX (Debian's
# busybox-static, /bin/busybox) as /bin/busybox and /bin/sh, and
# TEST_EXIT (static, from tests/linux/test-exit.c) as /bin/test-exit;
# /init installs busybox's other applet links itself. /dev/console too
# when run as root. Built at build time from the installed package,
# never committed.
set -euo pipefail

usage="usage: tools/mk-shell-initrd.sh INIT BUSYBOX TEST_EXIT OUT.cpio"
init=${1:?$usage}
busybox=${2:?$usage}
test_exit=${3:?$usage}
out=${4:?$usage}
command -v cpio >/dev/null || { echo "mk-shell-initrd: cpio missing (make deps)" >&2; exit 1; }
[ -x "$busybox" ] || { echo "mk-shell-initrd: $busybox missing (make deps installs busybox-static)" >&2; exit 1; }
if ! file -L "$busybox" 2>/dev/null | grep -q 'statically linked'; then
	# file(1) may be absent; ldd says "not a dynamic executable" then.
	if ldd "$busybox" >/dev/null 2>&1; then
		echo "mk-shell-initrd: $busybox is dynamically linked (want busybox-static)" >&2
		exit 1
	fi
fi

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/bin" "$stage/dev" "$stage/proc" "$stage/sys"
install -m 0755 "$init" "$stage/init"
install -m 0755 "$busybox" "$stage/bin/busybox"
install -m 0755 "$test_exit" "$stage/bin/test-exit"
ln -s busybox "$stage/bin/sh"
if [ "$(id -u)" -eq 0 ]; then
	mknod -m 0600 "$stage/dev/console" c 5 1
fi
(cd "$stage" && find . -mindepth 1 | LC_ALL=C sort |
	cpio --quiet -o -H newc -R 0:0) >"$out.tmp"
mv "$out.tmp" "$out"
echo "mk-shell-initrd: $out ($(stat -c %s "$out") bytes)"
