#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Gets the unmodified Debian kernel that `make run` boots, without ever
# putting it in the repository:
#
#   tools/fetch-kernel.sh OUT_VMLINUZ
#
# Resolves the concrete package through a metapackage (LINUX_META,
# default linux-image-6.12-cloud-amd64, so a security update changes the
# version, not this script), downloads it with `apt-get download` into
# ${SNPVISOR_CACHE:-$HOME/.cache/snpvisor}/linux/ (build/linux-cache/
# when that is not writable), extracts /boot/vmlinuz-* from it and copies
# it to OUT_VMLINUZ. Prints the package and version used. A cached .deb
# is reused; nothing is downloaded twice.
set -euo pipefail
cd "$(dirname "$0")/.."

out=${1:?usage: tools/fetch-kernel.sh OUT_VMLINUZ}
meta=${LINUX_META:-linux-image-6.12-cloud-amd64}

cache=${SNPVISOR_CACHE:-$HOME/.cache/snpvisor}/linux
if ! mkdir -p "$cache" 2>/dev/null || ! [ -w "$cache" ]; then
	echo "fetch-kernel: $cache not writable, using build/linux-cache"
	cache=build/linux-cache
	mkdir -p "$cache"
fi

# The metapackage depends on exactly one linux-image-<abi>-<flavour>.
resolve() {
	apt-cache depends "$meta" 2>/dev/null |
		awk '$1 == "Depends:" && $2 ~ /^linux-image-/ { print $2; exit }'
}
pkg=$(resolve || true)
if [ -z "$pkg" ]; then
	echo "fetch-kernel: $meta unknown to apt-cache; running apt-get update"
	apt-get update -q >/dev/null
	pkg=$(resolve || true)
fi
[ -n "$pkg" ] || { echo "fetch-kernel: cannot resolve $meta to a kernel package" >&2; exit 1; }
ver=$(apt-cache policy "$pkg" | awk '$1 == "Candidate:" { print $2 }')
[ -n "$ver" ] && [ "$ver" != "(none)" ] ||
	{ echo "fetch-kernel: no installable version of $pkg" >&2; exit 1; }

# apt-get download names the file <pkg>_<version with : as %3a>_amd64.deb.
deb="$cache/${pkg}_${ver//:/%3a}_amd64.deb"
if [ ! -s "$deb" ]; then
	echo "fetch-kernel: downloading $pkg $ver into $cache"
	(cd "$cache" && apt-get download -q "$pkg=$ver")
fi
[ -s "$deb" ] || { echo "fetch-kernel: $deb missing after apt-get download" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$tmp" --wildcards './boot/vmlinuz-*'
vmlinuz=$(ls "$tmp"/boot/vmlinuz-* | head -n 1)
[ -s "$vmlinuz" ] || { echo "fetch-kernel: no /boot/vmlinuz-* in $deb" >&2; exit 1; }
mkdir -p "$(dirname "$out")"
cp "$vmlinuz" "$out"
echo "$pkg $ver" >"$out.version"
echo "fetch-kernel: kernel $pkg $ver ($(basename "$vmlinuz"), $(stat -c %s "$out") bytes) -> $out"
