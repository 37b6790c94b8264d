#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Builds newlib (Debian's newlib-source tarball) for hv.efi: no SSE
# (-mgeneral-regs-only, no float I/O), full formatted I/O (not nano),
# -fshort-wchar to match gnu-efi. See docs/build-notes.md.
#
# Usage: tools/build-newlib.sh LINK
#   LINK becomes a symlink to the installed tree (LINK/include, LINK/lib).
#
# The result is cached in ${SNPVISOR_CACHE:-$HOME/.cache/snpvisor}/newlib-<key>
# where <key> hashes the tarball, the flags and this recipe's revision, so
# a change to any of them builds afresh. When the cache cannot be written
# the build goes to build/newlib instead (said on stderr); a missing cache
# only costs time (about 3-4 minutes on 2 cores).
set -euo pipefail

link=${1:?usage: $0 LINK}
case $link in /*) ;; *) link=$PWD/$link ;; esac
tarball=${NEWLIB_TARBALL:-/usr/src/newlib/newlib-3.3.0.tar.xz}
recipe_rev=1

cflags="-O2 -fpic -mno-red-zone -ffreestanding -fno-stack-protector -fshort-wchar"
cflags+=" -fno-asynchronous-unwind-tables -mgeneral-regs-only"
conf_args=(--target=x86_64-elf --disable-multilib
	--disable-newlib-supplied-syscalls --disable-newlib-io-float
	--enable-newlib-io-long-long --enable-newlib-io-c99-formats)
tools=(CC_FOR_TARGET=gcc AS_FOR_TARGET=as LD_FOR_TARGET=ld AR_FOR_TARGET=ar
	RANLIB_FOR_TARGET=ranlib NM_FOR_TARGET=nm OBJCOPY_FOR_TARGET=objcopy
	OBJDUMP_FOR_TARGET=objdump READELF_FOR_TARGET=readelf
	STRIP_FOR_TARGET=strip)

if [ ! -r "$tarball" ]; then
	echo "build-newlib: $tarball not found (apt-get install newlib-source, or make deps)" >&2
	exit 1
fi

key=$( { sha256sum "$tarball" | cut -d' ' -f1; echo "$recipe_rev $cflags ${conf_args[*]} $(gcc -dumpfullversion)"; } |
	sha256sum | cut -c1-16)

cache=${SNPVISOR_CACHE:-$HOME/.cache/snpvisor}
if mkdir -p "$cache" 2>/dev/null && [ -w "$cache" ]; then
	root=$cache
else
	root=$(pwd)/build/newlib
	echo "build-newlib: cache $cache is not writable; building in $root" >&2
	mkdir -p "$root"
fi
dest=$root/newlib-$key

point_link() {
	mkdir -p "$(dirname "$link")"
	ln -sfn "$dest/x86_64-elf" "$link"
}

if [ -f "$dest/.complete" ]; then
	point_link
	echo "build-newlib: cached $dest"
	exit 0
fi

# One builder at a time per cache; others wait, then find it complete.
exec 9>"$root/newlib-$key.lock"
flock 9
if [ -f "$dest/.complete" ]; then
	point_link
	echo "build-newlib: cached $dest (built by another process)"
	exit 0
fi

start=$(date +%s)
work=$(mktemp -d "$root/newlib-$key.work.XXXXXX")
trap 'rc=$?; if [ $rc -eq 0 ]; then rm -rf "$work"; else echo "build-newlib: logs kept in $work" >&2; fi' EXIT
stage=$work/install
echo "build-newlib: building newlib in $work (key $key)"
tar -C "$work" -xf "$tarball"
src=$(find "$work" -mindepth 1 -maxdepth 1 -type d | head -n1)
mkdir "$work/b"
cd "$work/b"
"$src/configure" --prefix="$stage" "${conf_args[@]}" "${tools[@]}" \
	CFLAGS_FOR_TARGET="$cflags" >"$work/configure.log" 2>&1 ||
	{ tail -n 30 "$work/configure.log" >&2; exit 1; }

# Without SSE a few libc objects cannot be compiled (they return doubles:
# strtod, dtoa, difftime...). Build everything else with -k, archive the
# objects that did build, and let libc.a be assembled from those. libm
# cannot be built at all; it is removed.
jobs=$(nproc)
make -k -j"$jobs" all-target-newlib >"$work/make1.log" 2>&1 || true
for d in x86_64-elf/newlib/libc/stdlib x86_64-elf/newlib/libc/time; do
	(cd "$d" && rm -f lib.a && ar rc lib.a lib_a-*.o)
done
rm -f x86_64-elf/newlib/libc/libc.a
make -k -j"$jobs" all-target-newlib >"$work/make2.log" 2>&1 || true
make -k install-target-newlib >"$work/install.log" 2>&1 || true
rm -f "$stage/x86_64-elf/lib/libm.a"

lib=$stage/x86_64-elf/lib/libc.a
if [ ! -f "$lib" ] || [ ! -f "$stage/x86_64-elf/include/stdio.h" ]; then
	echo "build-newlib: failed; last lines of the build log:" >&2
	tail -n 30 "$work/make2.log" >&2
	exit 1
fi
syms=$(nm "$lib" 2>/dev/null)
for sym in printf vsnprintf malloc memcpy qsort; do
	if ! grep -qE " T $sym\$" <<<"$syms"; then
		echo "build-newlib: libc.a lacks $sym" >&2
		exit 1
	fi
done

rm -rf "$dest"
mv "$stage" "$dest"
touch "$dest/.complete"
point_link
echo "build-newlib: built $dest in $(( $(date +%s) - start )) s"
