#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Builds BearSSL (MIT) from Debian 12's source package for the SEV
# firmware model (fw/, docs/firmware.md): one archive with hv.efi's
# freestanding flags (no SSE, no red zone, no stack protector, no
# unwind tables: the same as newlib's, tools/build-newlib.sh) and one
# for the host programs (unit tests, tools). Nothing of BearSSL is
# committed: the source comes from `apt-get source bearssl` through a
# private apt configuration (tools/apt-suite.sh, APT_SUITE_SOURCES=1),
# whose archive URI is read from the system's own sources at run time.
#
# Usage: tools/build-bearssl.sh LINK NEWLIB_INCLUDE
#   LINK becomes a symlink to the installed tree: LINK/inc (headers),
#   LINK/lib/libbearssl-hv.a, LINK/lib/libbearssl-host.a.
#
# Cached in ${SNPVISOR_CACHE:-$HOME/.cache/snpvisor}/bearssl-<key>, <key>
# hashing the source tarball, the flags, the compiler and this recipe's
# revision. BEARSSL_DSC_DIR=dir uses an already downloaded source package.
set -euo pipefail

link=${1:?usage: $0 LINK NEWLIB_INCLUDE}
nlinc=${2:?usage: $0 LINK NEWLIB_INCLUDE}
case $link in /*) ;; *) link=$PWD/$link ;; esac
case $nlinc in /*) ;; *) nlinc=$PWD/$nlinc ;; esac
here=$(cd "$(dirname "$0")" && pwd)
recipe_rev=1
version=0.6+dfsg.1
debian_rev=3

# What BearSSL's config.h would probe for: nothing of the platform.
defs="-DBR_AES_X86NI=0 -DBR_SSE2=0 -DBR_POWER8=0 -DBR_RDRAND=0"
defs+=" -DBR_USE_URANDOM=0 -DBR_USE_WIN32_RAND=0 -DBR_USE_UNIX_TIME=0"
defs+=" -DBR_USE_WIN32_TIME=0 -DBR_INT128=0 -DBR_UMUL128=0"
hv_cflags="-O2 -fpic -mno-red-zone -ffreestanding -fno-stack-protector -fshort-wchar"
hv_cflags+=" -fno-asynchronous-unwind-tables -mgeneral-regs-only -maccumulate-outgoing-args"
host_cflags="-O2 -fPIC"

cache=${SNPVISOR_CACHE:-$HOME/.cache/snpvisor}
if mkdir -p "$cache" 2>/dev/null && [ -w "$cache" ]; then
	root=$cache
else
	root=$(cd "$here/.." && pwd)/build/bearssl-cache
	echo "build-bearssl: cache $cache is not writable; building in $root" >&2
	mkdir -p "$root"
fi

# The source package, downloaded once per version.
srcdir=${BEARSSL_DSC_DIR:-$root/bearssl-src-$version}
tarball=$srcdir/bearssl_$version.orig.tar.xz
if [ ! -r "$tarball" ]; then
	exec 9>"$root/bearssl-src.lock"
	flock 9
	if [ ! -r "$tarball" ]; then
		mkdir -p "$srcdir"
		echo "build-bearssl: apt-get source bearssl=$version-$debian_rev into $srcdir" >&2
		(cd "$srcdir" && APT_SUITE_SOURCES=1 "$here/apt-suite.sh" bookworm \
			apt-get -q --download-only source "bearssl=$version-$debian_rev" >&2)
	fi
	exec 9>&-
fi
[ -r "$tarball" ] || { echo "build-bearssl: $tarball missing" >&2; exit 1; }

key=$( { sha256sum "$tarball" | cut -d' ' -f1
	echo "$recipe_rev $defs $hv_cflags $host_cflags $(gcc -dumpfullversion)"; } |
	sha256sum | cut -c1-16)
dest=$root/bearssl-$key

point_link() {
	mkdir -p "$(dirname "$link")"
	ln -sfn "$dest" "$link"
}

if [ -f "$dest/.complete" ]; then
	point_link
	exit 0
fi

exec 9>"$root/bearssl-$key.lock"
flock 9
if [ -f "$dest/.complete" ]; then
	point_link
	exit 0
fi

start=$(date +%s)
work=$(mktemp -d "$root/bearssl-$key.work.XXXXXX")
trap 'rc=$?; if [ $rc -eq 0 ]; then rm -rf "$work"; else echo "build-bearssl: logs kept in $work" >&2; fi' EXIT
echo "build-bearssl: building BearSSL $version in $work (key $key)"
tar -C "$work" -xJf "$tarball"
src=$(find "$work" -mindepth 1 -maxdepth 1 -type d | head -n1)
mkdir -p "$work/hv" "$work/host" "$work/out/lib"
mapfile -t files < <(cd "$src" && find src -name '*.c' | sort)
compile() { # $1 out dir, then flags
	local out=$1 f o
	shift
	for f in "${files[@]}"; do
		o=$out/$(echo "${f%.c}" | tr / _).o
		echo "gcc $* -c $f -o $o"
	done | (cd "$src" && xargs -P "$(nproc)" -I{} sh -c '{}') >"$out.log" 2>&1 ||
		{ tail -n 20 "$out.log" >&2; exit 1; }
}
compile "$work/hv" $hv_cflags -nostdinc -isystem "$nlinc" \
	-isystem "$(gcc -print-file-name=include)" $defs -Iinc -Isrc
compile "$work/host" $host_cflags $defs -Iinc -Isrc
ar rcs "$work/out/lib/libbearssl-hv.a" "$work"/hv/*.o
ar rcs "$work/out/lib/libbearssl-host.a" "$work"/host/*.o
# The freestanding archive may need only what newlib and hv.efi give.
undef=$(nm -u "$work/out/lib/libbearssl-hv.a" | awk 'NF == 2 { print $2 }' |
	grep -v '^br_' | sort -u | grep -vxE 'memcmp|memcpy|memmove|memset|strlen|_GLOBAL_OFFSET_TABLE_' || true)
if [ -n "$undef" ]; then
	echo "build-bearssl: the freestanding archive needs $undef" >&2
	exit 1
fi
cp -r "$src/inc" "$work/out/inc"
cp "$src/LICENSE.txt" "$work/out/"
rm -rf "$dest"
mv "$work/out" "$dest"
touch "$dest/.complete"
point_link
echo "build-bearssl: built $dest in $(( $(date +%s) - start )) s"
