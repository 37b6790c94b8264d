#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Builds the KVM reference harness from Debian kernel source, once per KVM
# version (KVM_VERSIONS, default "6.12 7.3"):
#   build/kvm-ref/V/stage-0/kvm-ref     KVM V as shipped
#   build/kvm-ref/V/stage-K/kvm-ref     with kvm/patches/V/ 1..K applied
#   build/kvm-ref/V/unpatched, patched  links to stage-0 and the last stage
# Each stage differs from the one before by exactly one patch, which is how
# tests/diff/diff.py attributes an unpatched/patched difference to a patch.
#
# The sources: 6.12 is the installed linux-source-6.12 (Debian 12; or
# KVM_SRC_TAR); 7.3 is linux-source-7.3 of trixie-backports, downloaded
# once into ~/.cache/snpvisor by tools/fetch-kernel-source.sh. What is
# taken from each tree is kvm/ref/items-V.txt. The few source files needed
# are unpacked once per package version into build/kvm-src/<version>/ (xz
# must decompress the whole archive: ~10 s); later runs reuse them.
# Nothing from the kernel is ever written outside build/ and the cache.
set -euo pipefail
cd "$(dirname "$0")/../.."

PY=/usr/bin/python3
CC=${HOSTCC:-gcc}
VERSIONS=${KVM_VERSIONS:-6.12 7.3}

FILES="
arch/x86/kvm/svm/sev.c
arch/x86/kvm/svm/svm.h
arch/x86/kvm/x86.c
arch/x86/kvm/x86.h
arch/x86/include/asm/svm.h
arch/x86/include/asm/sev-common.h
arch/x86/include/asm/kvm_host.h
arch/x86/include/uapi/asm/svm.h
arch/x86/include/uapi/asm/kvm.h
arch/x86/include/uapi/asm/kvm_para.h
include/uapi/linux/kvm.h
include/uapi/linux/kvm_para.h
include/linux/kvm_host.h
virt/kvm/kvm_main.c
include/linux/xarray.h
lib/radix-tree.h
lib/xarray.c
include/linux/rbtree_types.h
include/linux/rbtree.h
include/linux/rbtree_augmented.h
lib/rbtree.c
Makefile
"

die() { echo "kvm-ref: error: $*" >&2; exit 1; }

# The Debian suite each KVM version's source package comes from.
suite_of() {
	case $1 in
	6.12) echo bookworm ;;
	7.3) echo trixie-backports ;;
	*) die "KVM $1: no source package known (kvm/ref/build.sh suite_of)" ;;
	esac
}

build_version() {
	local V=$1 PKG=linux-source-$1 OUT=build/kvm-ref/$1 got TARBALL ver src
	local kver k st tree key
	got=$(tools/fetch-kernel-source.sh "$(suite_of "$V")" "$PKG") ||
		die "no $PKG (tools/fetch-kernel-source.sh)"
	TARBALL=${got% *} ver=${got##* }
	src=build/kvm-src/$ver
	# .complete lists the files unpacked: a longer FILES unpacks again.
	if [ "$(cat "$src/.complete" 2>/dev/null)" != "$(echo $FILES)" ]; then
		echo "kvm-ref: unpacking $(echo $FILES | wc -w) files of $TARBALL into $src"
		rm -rf "$src" "$src.tmp" && mkdir -p "$src.tmp"
		members=$(for f in $FILES; do echo "$PKG/$f"; done)
		# shellcheck disable=SC2086
		tar -xJf "$TARBALL" -C "$src.tmp" --strip-components=1 $members ||
			die "could not unpack $members from $TARBALL"
		rm -rf "$src" && mv "$src.tmp" "$src" && echo $FILES >"$src/.complete"
	fi
	kver=$(awk '/^VERSION =/{v=$3} /^PATCHLEVEL =/{p=$3} /^SUBLEVEL =/{s=$3}
		END{print v "." p "." s}' "$src/Makefile")
	[ "${kver%.*}" = "$V" ] || die "$TARBALL is Linux $kver, not $V"
	echo "kvm-ref: $PKG $ver (Linux $kver)"

	local items=kvm/ref/items-$V.txt
	# The series, without its cover letter (0000-cover-letter.patch).
	mapfile -t patches < <(ls kvm/patches/"$V"/*.patch 2>/dev/null |
		grep -v '/0000-' | sort)
	# Facts of the tree the shims and the harness follow outside the
	# extracted code: an SNP VM with GHCB version 1 refused by KVM_SEV_INIT2 (6.18+,
	# __sev_guest_init()).
	local facts=
	grep -q 'snp_active && data->ghcb_version < 2' "$src/arch/x86/kvm/svm/sev.c" &&
		facts="$facts -DKVM_REF_SNP_NEEDS_GHCB_V2"
	# The VMCB's exit code one 64-bit field (7.x) rather than two halves.
	grep -q '^	u64 exit_code;' "$src/arch/x86/include/asm/svm.h" &&
		facts="$facts -DKVM_REF_EXIT_CODE_U64"
	local CFLAGS="-std=gnu11 -O2 -g -Wall -Werror -Wno-unused-function
		-Wno-address-of-packed-member -I. -Ikvm/ref/shim $facts"
	local deps="kvm/ref/harness.c kvm/ref/extract.py $items kvm/ref/build.sh
		tests/diff/scenario.c tests/diff/scenario.h $(ls kvm/ref/shim/*.h)"

	mkdir -p "$OUT"
	k=0
	while :; do
		st=$OUT/stage-$k
		tree=$st/src
		mkdir -p "$st"
		# The stage's identity: the source version, the files taken from it
		# and the patches applied.
		key=$(printf '%s\n' "$ver" $FILES "${patches[@]:0:$k}" |
			cat - "${patches[@]:0:$k}" /dev/null | sha1sum | cut -c1-12)
		if [ "$(cat "$st/key" 2>/dev/null)" != "$key" ]; then
			rm -rf "$tree" && mkdir -p "$tree" && cp -a "$src/." "$tree/"
			for p in "${patches[@]:0:$k}"; do
				patch -s -p1 -d "$tree" --no-backup-if-mismatch <"$p" >/dev/null ||
					die "$p does not apply to $PKG $ver"
			done
			rm -f "$st/kvm-ref"
			echo "$key" >"$st/key"
		fi
		# shellcheck disable=SC2086
		if [ ! -x "$st/kvm-ref" ] || [ -n "$(find $deps -newer "$st/kvm-ref")" ]; then
			$PY kvm/ref/extract.py "$items" "$tree" \
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
	echo "kvm-ref: KVM $V: built stage-0 (unpatched) .. stage-$k (${#patches[@]} patches)"
}

mkdir -p build/kvm-ref
# The layout before there were two versions: stages at the top.
rm -rf build/kvm-ref/stage-* build/kvm-ref/unpatched build/kvm-ref/patched
for V in $VERSIONS; do
	build_version "$V"
done
