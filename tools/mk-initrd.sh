#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
#   tools/mk-initrd.sh INIT OUT.cpio
#
# The Linux guest's initramfs: an uncompressed newc cpio (any kernel
# unpacks it) with INIT as /init, /dev/console (when run as root; /init
# mounts devtmpfs otherwise), /proc and /sys.
set -euo pipefail

init=${1:?usage: tools/mk-initrd.sh INIT OUT.cpio}
out=${2:?usage: tools/mk-initrd.sh INIT OUT.cpio}
command -v cpio >/dev/null || { echo "mk-initrd: cpio missing (make deps)" >&2; exit 1; }

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/dev" "$stage/proc" "$stage/sys"
install -m 0755 "$init" "$stage/init"
if [ "$(id -u)" -eq 0 ]; then
	mknod -m 0600 "$stage/dev/console" c 5 1
fi
(cd "$stage" && find . -mindepth 1 | LC_ALL=C sort |
	cpio --quiet -o -H newc -R 0:0) >"$out.tmp"
mv "$out.tmp" "$out"
echo "mk-initrd: $out ($(stat -c %s "$out") bytes)"
