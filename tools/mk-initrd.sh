#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
#   tools/mk-initrd.sh INIT OUT.cpio [KERNEL.version ...]
#
# The Linux guest's initramfs: an uncompressed newc cpio (any kernel
# unpacks it) with INIT as /init, /dev/console (when run as root; /init
# mounts devtmpfs otherwise), /proc and /sys.
#
# For each KERNEL.version (tools/fetch-kernel.sh's "PACKAGE VERSION
# SUITE" line) the modules the sev-guest driver needs are copied, still
# xz-compressed, from that package's cached .deb into
# /lib/modules/RELEASE/: configfs, tsm, gf128mul, ghash-generic,
# crypto_null, gcm, sev-guest (docs/firmware.md). /init loads them.
set -euo pipefail

init=${1:?usage: tools/mk-initrd.sh INIT OUT.cpio [KERNEL.version ...]}
out=${2:?usage: tools/mk-initrd.sh INIT OUT.cpio [KERNEL.version ...]}
shift 2
modules=(configfs tsm gf128mul ghash-generic crypto_null gcm sev-guest)
cache=${SNPVISOR_CACHE:-$HOME/.cache/snpvisor}/linux
command -v cpio >/dev/null || { echo "mk-initrd: cpio missing (make deps)" >&2; exit 1; }

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/dev" "$stage/proc" "$stage/sys"
install -m 0755 "$init" "$stage/init"
for vf in "$@"; do
	read -r pkg ver _ <"$vf"
	deb=$cache/${pkg}_${ver//:/%3a}_amd64.deb
	[ -r "$deb" ] || deb=build/linux-cache/${pkg}_${ver//:/%3a}_amd64.deb
	[ -r "$deb" ] || { echo "mk-initrd: $pkg $ver: no cached .deb" >&2; exit 1; }
	list=$(dpkg-deb --fsys-tarfile "$deb" | tar -t)
	for m in "${modules[@]}"; do
		member=$(grep -m1 -E "^\./(usr/)?lib/modules/[^/]+/kernel/.*/$m\.ko\.xz\$" <<<"$list") ||
			{ echo "mk-initrd: $pkg has no $m.ko.xz" >&2; exit 1; }
		rel=$(cut -d/ -f4 <<<"${member#./usr}")
		mkdir -p "$stage/lib/modules/$rel"
		dpkg-deb --fsys-tarfile "$deb" | tar -x -O "$member" >"$stage/lib/modules/$rel/$m.ko.xz"
	done
done
if [ "$(id -u)" -eq 0 ]; then
	mknod -m 0600 "$stage/dev/console" c 5 1
fi
(cd "$stage" && find . -mindepth 1 | LC_ALL=C sort |
	cpio --quiet -o -H newc -R 0:0) >"$out.tmp"
mv "$out.tmp" "$out"
echo "mk-initrd: $out ($(stat -c %s "$out") bytes)"
