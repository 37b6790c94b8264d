#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Builds the KVM reference harness from the installed Debian kernel source:
#   build/kvm-ref/stage-0/kvm-ref       KVM 6.12 as shipped
#   build/kvm-ref/stage-K/kvm-ref       with kvm/patches 1..K applied
#   build/kvm-ref/unpatched, patched    links to stage-0 and the last stage
# Each stage differs from the one before by exactly one patch, which is how
# tests/diff/diff.py attributes an unpatched/patched difference to a patch.
#
# The few source files needed are unpacked once per package version into
# build/kvm-src/<version>/ (xz must decompress the whole archive: ~10 s);
# later runs reuse them. Nothing from the kernel is ever written outside
# build/.
set -euo pipefail
cd "$(dirname "$0")/../.."

TARBALL=${KVM_SRC_TAR:-/usr/src/linux-source-6.12.tar.xz}
PKG=linux-source-6.12
PY=/usr/bin/python3
CC=${HOSTCC:-gcc}
OUT=build/kvm-ref

FILES="
arch/x86/kvm/svm/sev.c
arch/x86/kvm/svm/svm.h
arch/x86/kvm/x86.c
arch/x86/include/asm/svm.h
arch/x86/include/asm/sev-common.h
arch/x86/include/asm/kvm_host.h
arch/x86/include/uapi/asm/svm.h
arch/x86/include/uapi/asm/kvm.h
arch/x86/include/uapi/asm/kvm_para.h
include/uapi/linux/kvm.h
include/uapi/linux/kvm_para.h
Makefile
"

die() { echo "kvm-ref: error: $*" >&2; exit 1; }

[ -r "$TARBALL" ] || die "$TARBALL not found: install the Debian package" \
	"($PKG, 'apt-get install $PKG') or set KVM_SRC_TAR"
ver=$(dpkg-query -W -f='${Version}' "$PKG" 2>/dev/null || true)
[ -n "$ver" ] || ver=$(stat -c '%s-%Y' "$TARBALL")
src=build/kvm-src/$ver
if [ ! -f "$src/.complete" ]; then
	echo "kvm-ref: unpacking $(echo $FILES | wc -w) files of $TARBALL into $src"
	rm -rf "$src" && mkdir -p "$src.tmp"
	members=$(for f in $FILES; do echo "$PKG/$f"; done)
	# shellcheck disable=SC2086
	tar -xJf "$TARBALL" -C "$src.tmp" --strip-components=1 $members ||
		die "could not unpack $members from $TARBALL"
	mv "$src.tmp" "$src" && touch "$src/.complete"
fi
kver=$(awk '/^VERSION =/{v=$3} /^PATCHLEVEL =/{p=$3} /^SUBLEVEL =/{s=$3}
	END{print v "." p "." s}' "$src/Makefile")
echo "kvm-ref: $PKG $ver (Linux $kver)"

mapfile -t patches < <(ls kvm/patches/*.patch 2>/dev/null | sort)
CFLAGS="-std=gnu11 -O1 -g -Wall -Werror -Wno-unused-function
	-Wno-address-of-packed-member -I. -Ikvm/ref/shim"
deps="kvm/ref/harness.c kvm/ref/extract.py kvm/ref/items.txt
	tests/diff/scenario.c tests/diff/scenario.h $(ls kvm/ref/shim/*.h)"

mkdir -p "$OUT"
rm -f "$OUT"/stage-*/.stale
k=0
while :; do
	st=$OUT/stage-$k
	tree=$st/src
	mkdir -p "$st"
	# The stage's identity: the source version and the patches applied.
	key=$(printf '%s\n' "$ver" "${patches[@]:0:$k}" |
		cat - "${patches[@]:0:$k}" /dev/null | sha1sum | cut -c1-12)
	if [ "$(cat "$st/key" 2>/dev/null)" != "$key" ]; then
		rm -rf "$tree" && mkdir -p "$tree" && cp -a "$src/." "$tree/"
		for p in "${patches[@]:0:$k}"; do
			patch -s -p1 -d "$tree" --no-backup-if-mismatch <"$p" >/dev/null ||
				die "$p does not apply to $PKG $ver"
		done
		$PY kvm/ref/extract.py kvm/ref/items.txt "$tree" \
			"$st/kvm_defs.h" "$st/kvm_funcs.c"
		rm -f "$st/kvm-ref"
		echo "$key" >"$st/key"
	fi
	# shellcheck disable=SC2086
	if [ ! -x "$st/kvm-ref" ] || [ -n "$(find $deps -newer "$st/kvm-ref")" ]; then
		$PY kvm/ref/extract.py kvm/ref/items.txt "$tree" \
			"$st/kvm_defs.h" "$st/kvm_funcs.c"
		# shellcheck disable=SC2086
		$CC $CFLAGS -I"$st" kvm/ref/harness.c tests/diff/scenario.c \
			-o "$st/kvm-ref"
	fi
	[ "$k" -lt "${#patches[@]}" ] || break
	k=$((k + 1))
done
# Drop stages left over from a longer series.
for d in "$OUT"/stage-*; do
	n=${d##*stage-}
	[ "$n" -le "$k" ] || rm -rf "$d"
done
ln -sfn stage-0 "$OUT/unpatched"
ln -sfn "stage-$k" "$OUT/patched"
echo "kvm-ref: built stage-0 (unpatched) .. stage-$k (${#patches[@]} patches)"
