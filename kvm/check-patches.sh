#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The kernel-side check of kvm/patches: unpack the installed Debian
# linux-source-6.12 (cached per package version under build/kvm-check/),
# apply the series without fuzz, run the tree's scripts/checkpatch.pl on
# every patch, and compile the patched arch/x86/kvm/svm/sev.c in-tree with
# KVM_AMD_SEV enabled. Prints the time of each step.
#
# checkpatch runs with --ignore UNKNOWN_COMMIT_ID: the source package has
# no git history, so the Fixes: tags cannot be looked up here.
set -euo pipefail
cd "$(dirname "$0")/.."
TOP=$PWD
TARBALL=${KVM_SRC_TAR:-/usr/src/linux-source-6.12.tar.xz}
PKG=linux-source-6.12
JOBS=${JOBS:-2}

die() { echo "not ok - kvm-check: $*"; exit 1; }
t0=$(date +%s.%N)
step() { # name, then the command
	local name=$1 s e
	shift
	s=$(date +%s.%N)
	"$@"
	e=$(date +%s.%N)
	printf 'kvm-check: %-28s %6.1f s\n' "$name" "$(echo "$e - $s" | bc)"
}

[ -r "$TARBALL" ] || die "$TARBALL not found: apt-get install $PKG"
ver=$(dpkg-query -W -f='${Version}' "$PKG" 2>/dev/null || stat -c '%s-%Y' "$TARBALL")
base=build/kvm-check/$ver
tree=$base/linux
obj=$base/obj
echo "kvm-check: $PKG $ver"

unpack() {
	rm -rf "$tree" "$base/applied" && mkdir -p "$base"
	tar -xJf "$TARBALL" -C "$base"
	mv "$base/$PKG" "$tree"
	touch "$tree/.complete"
}
[ -f "$tree/.complete" ] || step "unpack source" unpack
[ -f "$tree/.complete" ] || die "unpacking $TARBALL failed"

# Undo the series applied by the previous run, then apply the current one.
unapply() {
	local p
	if [ -d "$base/applied" ]; then
		for p in $(ls -r "$base/applied"/*.patch 2>/dev/null); do
			patch -s -f -R -p1 -F0 --dry-run -d "$tree" <"$p" >/dev/null &&
				patch -s -f -R -p1 -F0 -d "$tree" --no-backup-if-mismatch <"$p" ||
				{ echo "kvm-check: cannot revert $p, unpacking again"
				  step "unpack source" unpack; return; }
		done
		rm -rf "$base/applied"
	fi
}
apply_series() {
	local p
	mkdir -p "$base/applied"
	for p in kvm/patches/*.patch; do
		# No fuzz (-F0); patch(1) rather than git apply, which would
		# skip every file because build/ sits inside this repository.
		patch -s -p1 -F0 --dry-run -d "$tree" <"$p" >/dev/null ||
			die "$p does not apply cleanly to $PKG $ver"
		patch -s -p1 -F0 -d "$tree" --no-backup-if-mismatch <"$p"
		cp "$p" "$base/applied/"
		echo "ok - kvm-check: $(basename "$p") applies cleanly to $PKG $ver"
	done
}
unapply
step "apply series" apply_series

checkpatch() {
	local p bad=0
	for p in kvm/patches/*.patch; do
		if (cd "$tree" && perl scripts/checkpatch.pl --no-tree -q \
			--ignore UNKNOWN_COMMIT_ID "$TOP/$p"); then
			echo "ok - kvm-check: checkpatch clean: $(basename "$p")"
		else
			echo "not ok - kvm-check: checkpatch: $(basename "$p")"
			bad=1
		fi
	done
	[ "$bad" -eq 0 ] || die "checkpatch found problems"
}
step "checkpatch" checkpatch

configure() {
	local O=$TOP/$obj
	mkdir -p "$O"
	if [ ! -f "$O/.config" ]; then
		make -C "$tree" O="$O" -s defconfig
		"$tree/scripts/config" --file "$O/.config" -m KVM -m KVM_AMD \
			-e KVM_AMD_SEV -e CRYPTO_DEV_CCP -e CRYPTO_DEV_CCP_DD \
			-e CRYPTO_DEV_SP_PSP
		make -C "$tree" O="$O" -s olddefconfig
	fi
	# Without CRYPTO_DEV_CCP, olddefconfig silently drops KVM_AMD_SEV.
	grep -q '^CONFIG_KVM_AMD_SEV=y' "$O/.config" ||
		die "KVM_AMD_SEV is not enabled in $O/.config"
}
step "configure" configure

# Every object whose source the series touches; sev.o always.
objects() {
	{ echo arch/x86/kvm/svm/sev.o
	  sed -n 's|^+++ b/\(arch/x86/kvm/.*\)\.c$|\1.o|p' kvm/patches/*.patch
	} | sort -u
}
compile() {
	local o
	for o in $(objects); do
		rm -f "$obj/$o"
		make -C "$tree" O="$TOP/$obj" -s -j"$JOBS" "$o"
		[ -s "$obj/$o" ] || die "$o was not built"
		echo "ok - kvm-check: patched $o compiles in-tree (KVM_AMD_SEV=y)"
	done
	# The compiled tree carries the series: every patch reverts cleanly.
	local p
	for p in kvm/patches/*.patch; do
		patch -s -R -p1 -F0 --dry-run -d "$tree" <"$p" >/dev/null ||
			die "$(basename "$p") is not in the compiled tree"
	done
}
step "compile patched objects" compile

printf 'kvm-check: ok, %s patches, total %.1f s\n' \
	"$(ls kvm/patches/*.patch | wc -l)" "$(echo "$(date +%s.%N) - $t0" | bc)"
