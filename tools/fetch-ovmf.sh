#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Gets Debian's unmodified OVMF guest firmware, without ever putting it
# in the repository:
#
#   tools/fetch-ovmf.sh [SUITE]
#
# SUITE (OVMF_SUITE, default trixie) is the Debian suite of the `ovmf`
# package: trixie (Debian 13, edk2 2025.02, the firmware issue 15 boots)
# or bookworm (Debian 12, edk2 2022.11, the negative scenario: it copies
# its variable store into RAM it has not validated yet). The package is
# arch all, so either suite's is usable here. It is looked up by name
# through tools/apt-suite.sh (the system's apt for bookworm, a private
# configuration whose archive URI is read from this machine's own apt
# sources for any other suite), downloaded once with apt-get download into
# ${SNPVISOR_CACHE:-$HOME/.cache/snpvisor}/ovmf/ (build/ovmf-cache/ when
# that is not writable) and unpacked there (dpkg-deb -x) into
# ovmf/SUITE-VERSION/. The last line printed is the path of its OVMF.fd;
# OVMF.fd.version beside it says "package version suite".
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { echo "usage: tools/fetch-ovmf.sh [SUITE]" >&2; exit 2; }
[ $# -le 1 ] || usage
suite=${1:-${OVMF_SUITE:-trixie}}
pkg=ovmf
case $suite in
*[!a-z0-9-]* | '') echo "fetch-ovmf: bad suite name '$suite'" >&2; exit 2 ;;
esac

cache=${SNPVISOR_CACHE:-$HOME/.cache/snpvisor}/ovmf
if ! mkdir -p "$cache" 2>/dev/null || ! [ -w "$cache" ]; then
	echo "fetch-ovmf: $cache not writable, using build/ovmf-cache" >&2
	cache=$PWD/build/ovmf-cache
	mkdir -p "$cache"
fi
top=$PWD

# Sets ver and deb (apt-get download names the file
# <pkg>_<version with : as %3a>_all.deb); false if unresolvable.
find_package() {
	ver=$(tools/apt-suite.sh "$suite" apt-cache policy "$pkg" 2>/dev/null |
		awk '$1 == "Candidate:" { print $2 }')
	[ -n "$ver" ] && [ "$ver" != "(none)" ] || return 1
	deb="$cache/${pkg}_${ver//:/%3a}_all.deb"
}

update_lists() {
	echo "fetch-ovmf: updating the $suite package lists" >&2
	tools/apt-suite.sh "$suite" apt-get -q update >/dev/null
}

download() {
	echo "fetch-ovmf: downloading $pkg $ver ($suite) into $cache" >&2
	(cd "$cache" && "$top/tools/apt-suite.sh" "$suite" apt-get download -q "$pkg=$ver" >&2)
}

if ! find_package; then
	update_lists
	find_package || { echo "fetch-ovmf: no $pkg package in $suite" >&2; exit 1; }
fi
# Stale lists name a version the archive no longer has: update, retry once.
if [ ! -s "$deb" ] && ! download; then
	update_lists
	find_package || { echo "fetch-ovmf: no $pkg package in $suite" >&2; exit 1; }
	[ -s "$deb" ] || download || true
fi
[ -s "$deb" ] || { echo "fetch-ovmf: $deb missing after apt-get download" >&2; exit 1; }

dir=$cache/$suite-${ver//:/%3a}
fd=$dir/usr/share/ovmf/OVMF.fd
if [ ! -s "$fd" ]; then
	tmp=$(mktemp -d "$cache/.unpack.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT
	dpkg-deb -x "$deb" "$tmp"
	[ -s "$tmp/usr/share/ovmf/OVMF.fd" ] ||
		{ echo "fetch-ovmf: no usr/share/ovmf/OVMF.fd in $deb" >&2; exit 1; }
	rm -rf "$dir"
	mv "$tmp" "$dir"
	trap - EXIT
fi
echo "$pkg $ver $suite" >"$fd.version"
echo "fetch-ovmf: $pkg $ver ($suite, $(stat -c %s "$fd") bytes)" >&2
echo "$fd"
