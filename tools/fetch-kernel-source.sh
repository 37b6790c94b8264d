#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Finds or fetches a Debian kernel source tarball (linux-source-X.Y, arch
# all) for the KVM reference harness and kvm-check, never putting it in
# the repository:
#
#   tools/fetch-kernel-source.sh SUITE PACKAGE
#
# Prints one line, "TARBALL VERSION".
#   - SUITE bookworm (or system): the installed package, its
#     /usr/src/PACKAGE.tar.xz and dpkg's version of it (KVM_SRC_TAR
#     overrides the tarball, as before).
#   - any other suite (trixie-backports for linux-source-7.3): the
#     package is downloaded once with apt-get download through the
#     private apt configuration of tools/apt-suite.sh into
#     ${SNPVISOR_CACHE:-$HOME/.cache/snpvisor}/linux-source/ and its
#     tarball unpacked beside it (dpkg-deb -x of one member); later runs
#     reuse the tarball (the .deb is removed once it is unpacked).
#     Progress goes to stderr.
set -euo pipefail
cd "$(dirname "$0")/.."

[ $# -eq 2 ] || { echo "usage: tools/fetch-kernel-source.sh SUITE PACKAGE" >&2; exit 2; }
suite=$1 pkg=$2
case $pkg in
linux-source-[0-9]*.[0-9]*) ;;
*) echo "fetch-kernel-source: $pkg is not a linux-source-X.Y package" >&2; exit 2 ;;
esac

case $suite in
bookworm | system)
	tar=${KVM_SRC_TAR:-/usr/src/$pkg.tar.xz}
	[ -r "$tar" ] || { echo "fetch-kernel-source: $tar not found: apt-get install $pkg (or set KVM_SRC_TAR)" >&2; exit 1; }
	ver=$(dpkg-query -W -f='${Version}' "$pkg" 2>/dev/null || true)
	[ -n "$ver" ] || ver=$(stat -c '%s-%Y' "$tar")
	echo "$tar $ver"
	exit 0
	;;
*[!a-z0-9-]* | '') echo "fetch-kernel-source: bad suite name '$suite'" >&2; exit 2 ;;
esac

cache=${SNPVISOR_CACHE:-$HOME/.cache/snpvisor}/linux-source
if ! mkdir -p "$cache" 2>/dev/null || ! [ -w "$cache" ]; then
	cache=$PWD/build/linux-source-cache
	mkdir -p "$cache"
fi
top=$PWD
candidate() {
	tools/apt-suite.sh "$suite" apt-cache policy "$pkg" 2>/dev/null |
		awk '$1 == "Candidate:" { print $2 }'
}
# A tarball already unpacked for this package: no network, no apt.
have=$(ls -d "$cache/${pkg}_"*/ 2>/dev/null | sort -V | tail -n1 || true)
ver=
if [ -n "$have" ] && [ -f "$have/.complete" ]; then
	ver=$(basename "$have")
	ver=${ver#"${pkg}_"}
	ver=${ver//%3a/:}
else
	ver=$(candidate)
	if [ -z "$ver" ] || [ "$ver" = "(none)" ]; then
		echo "fetch-kernel-source: updating the $suite package lists" >&2
		tools/apt-suite.sh "$suite" apt-get -q update >/dev/null
		ver=$(candidate)
	fi
	[ -n "$ver" ] && [ "$ver" != "(none)" ] ||
		{ echo "fetch-kernel-source: no $pkg in $suite" >&2; exit 1; }
fi
dir=$cache/${pkg}_${ver//:/%3a}
deb=$cache/${pkg}_${ver//:/%3a}_all.deb
tar=$dir/usr/src/$pkg.tar.xz
if [ ! -f "$dir/.complete" ]; then
	if [ ! -s "$deb" ]; then
		echo "fetch-kernel-source: downloading $pkg $ver ($suite) into $cache" >&2
		(cd "$cache" && "$top/tools/apt-suite.sh" "$suite" apt-get download -q "$pkg=$ver") >&2
	fi
	[ -s "$deb" ] || { echo "fetch-kernel-source: $deb missing after apt-get download" >&2; exit 1; }
	rm -rf "$dir" && mkdir -p "$dir"
	dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$dir" "./usr/src/$pkg.tar.xz"
	[ -s "$tar" ] || { echo "fetch-kernel-source: no usr/src/$pkg.tar.xz in $deb" >&2; exit 1; }
	touch "$dir/.complete"
	# The tarball is what is used; the package would double the space.
	rm -f "$deb"
fi
echo "$tar $ver"
