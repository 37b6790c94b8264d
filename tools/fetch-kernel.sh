#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Gets an unmodified Debian kernel for the Linux guest, without ever
# putting it in the repository:
#
#   tools/fetch-kernel.sh [-s SUITE] [-m METAPACKAGE] OUT_VMLINUZ
#
# SUITE (LINUX_SUITE, default bookworm) is the Debian suite: bookworm
# through the system's apt, anything else (trixie, trixie-backports)
# through a private apt configuration (tools/apt-suite.sh).
# METAPACKAGE (LINUX_META, default linux-image-6.12-cloud-amd64) is
# resolved through its Depends chain to the package that holds the image,
# so a security update changes the version, not the Makefile:
#   - Debian 12: meta -> linux-image-<abi>-<flavour>, which ships
#     boot/vmlinuz-<abi>-<flavour>;
#   - Debian 13: meta -> linux-image-<ver>-<flavour> (files in other
#     packages) -> linux-binary-<ver>-<flavour>, which ships
#     usr/lib/modules/<ver>-<flavour>/vmlinuz.
# Only that one package is downloaded (apt-get download) into
# ${SNPVISOR_CACHE:-$HOME/.cache/snpvisor}/linux/ (build/linux-cache/
# when that is not writable) and reused when already there; the image is
# copied to OUT_VMLINUZ and "package version suite" to OUT_VMLINUZ.version.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { echo "usage: tools/fetch-kernel.sh [-s SUITE] [-m METAPACKAGE] OUT_VMLINUZ" >&2; exit 2; }
suite=${LINUX_SUITE:-bookworm}
meta=${LINUX_META:-linux-image-6.12-cloud-amd64}
while getopts s:m: o; do
	case $o in
	s) suite=$OPTARG ;;
	m) meta=$OPTARG ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 1 ] || usage
out=$1
case $suite in
*[!a-z0-9-]* | '') echo "fetch-kernel: bad suite name '$suite'" >&2; exit 2 ;;
esac

cache=${SNPVISOR_CACHE:-$HOME/.cache/snpvisor}/linux
if ! mkdir -p "$cache" 2>/dev/null || ! [ -w "$cache" ]; then
	echo "fetch-kernel: $cache not writable, using build/linux-cache"
	cache=build/linux-cache
	mkdir -p "$cache"
fi

apt_cache() { tools/apt-suite.sh "$suite" apt-cache "$@"; }

# The real (not virtual) linux-image-* / linux-binary-* packages $1
# depends on.
kernel_deps() {
	apt_cache depends "$1" 2>/dev/null |
		awk '$1 == "Depends:" && $2 ~ /^linux-(image|binary)-/ { print $2 }'
}

# Follows the chain: a linux-binary-* dependency holds the image (Debian
# 13); a linux-image-* one is the next link; a package with neither is
# the image package itself (Debian 12).
resolve() {
	local pkg=$1 deps next
	for _ in 1 2 3 4; do
		deps=$(kernel_deps "$pkg")
		next=$(grep -m1 '^linux-binary-' <<<"$deps" || grep -m1 '^linux-image-' <<<"$deps" || true)
		if [ -z "$next" ]; then
			[ "$pkg" != "$1" ] && echo "$pkg"
			return 0
		fi
		pkg=$next
	done
	echo "$pkg"
}

update_lists() {
	echo "fetch-kernel: updating the $suite package lists"
	tools/apt-suite.sh "$suite" apt-get -q update >/dev/null
}

# Sets pkg, ver and deb (apt-get download names the file
# <pkg>_<version with : as %3a>_amd64.deb); false if unresolvable.
find_package() {
	pkg=$(resolve "$meta" || true)
	[ -n "$pkg" ] || return 1
	ver=$(apt_cache policy "$pkg" | awk '$1 == "Candidate:" { print $2 }')
	[ -n "$ver" ] && [ "$ver" != "(none)" ] || return 1
	deb="$cache/${pkg}_${ver//:/%3a}_amd64.deb"
}

download() {
	echo "fetch-kernel: downloading $pkg $ver ($suite) into $cache"
	(cd "$cache" && "$top/tools/apt-suite.sh" "$suite" apt-get download -q "$pkg=$ver")
}

top=$PWD
if ! find_package; then
	echo "fetch-kernel: $meta ($suite) not resolvable with the current package lists"
	update_lists
	find_package ||
		{ echo "fetch-kernel: cannot resolve $meta ($suite) to an installable kernel package" >&2; exit 1; }
fi
# Stale lists name a version the archive no longer has: update, retry once.
if [ ! -s "$deb" ] && ! download; then
	update_lists
	find_package ||
		{ echo "fetch-kernel: cannot resolve $meta ($suite) to an installable kernel package" >&2; exit 1; }
	[ -s "$deb" ] || download || true
fi
[ -s "$deb" ] || { echo "fetch-kernel: $deb missing after apt-get download" >&2; exit 1; }

# Either layout: ./boot/vmlinuz-<release> or ./usr/lib/modules/<release>/vmlinuz.
files=$(dpkg-deb --fsys-tarfile "$deb" | tar -t)
member=$(grep -m1 -E '^\./(boot/vmlinuz-[^/]+|usr/lib/modules/[^/]+/vmlinuz)$' <<<"$files" || true)
[ -n "$member" ] || { echo "fetch-kernel: no boot/vmlinuz-* or usr/lib/modules/*/vmlinuz in $deb" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$tmp" "$member"
[ -s "$tmp/$member" ] || { echo "fetch-kernel: $member empty in $deb" >&2; exit 1; }
mkdir -p "$(dirname "$out")"
cp "$tmp/$member" "$out"
echo "$pkg $ver $suite" >"$out.version"
echo "fetch-kernel: kernel $pkg $ver ($suite, ${member#./}, $(stat -c %s "$out") bytes) -> $out"
