#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The kernel-side check of kvm/patches, for each KVM version's set
# (KVM_VERSIONS, default "6.12 7.3"; kvm/patches/V/): unpack Debian's
# linux-source-V (the installed 6.12, or 7.3 from trixie-backports through
# tools/fetch-kernel-source.sh; unpacked once per package version under
# build/kvm-check/), apply the series without fuzz, run the tree's
# scripts/checkpatch.pl on every patch (the cover letter, 0000-*, only has
# to be a cover letter), and compile in-tree, with KVM_AMD_SEV enabled,
# only the objects the series touches. Prints the time of each step.
#
# checkpatch runs with --ignore UNKNOWN_COMMIT_ID: the source package has
# no git history, so the Fixes: tags cannot be looked up here.
set -euo pipefail
cd "$(dirname "$0")/.."
TOP=$PWD
JOBS=${JOBS:-2}
VERSIONS=${KVM_VERSIONS:-6.12 7.3}

die() { echo "not ok - kvm-check: $*"; exit 1; }
t0=$(date +%s.%N)
step() { # name, then the command
	local name=$1 s e
	shift
	s=$(date +%s.%N)
	"$@"
	e=$(date +%s.%N)
	printf 'kvm-check: %-32s %6.1f s\n' "$name" "$(echo "$e - $s" | bc)"
}

suite_of() {
	case $1 in
	6.12) echo bookworm ;;
	7.3) echo trixie-backports ;;
	*) die "KVM $1: no source package known (kvm/check-patches.sh)" ;;
	esac
}

check_version() {
	local V=$1 PKG=linux-source-$1 got TARBALL ver base tree obj
	local -a patches
	got=$(tools/fetch-kernel-source.sh "$(suite_of "$V")" "$PKG") ||
		die "no $PKG (tools/fetch-kernel-source.sh)"
	TARBALL=${got% *} ver=${got##* }
	base=build/kvm-check/$ver
	tree=$base/linux
	obj=$base/obj
	mapfile -t patches < <(ls kvm/patches/"$V"/*.patch 2>/dev/null |
		grep -v '/0000-' | sort)
	[ "${#patches[@]}" -gt 0 ] || die "no patches in kvm/patches/$V"
	echo "kvm-check: KVM $V: $PKG $ver, ${#patches[@]} patches"

	unpack() {
		rm -rf "$tree" "$base/applied" && mkdir -p "$base"
		tar -xJf "$TARBALL" -C "$base"
		mv "$base/$PKG" "$tree"
		touch "$tree/.complete"
	}
	[ -f "$tree/.complete" ] || step "$V: unpack source" unpack
	[ -f "$tree/.complete" ] || die "unpacking $TARBALL failed"

	# Undo the series applied by the previous run, then apply this one.
	unapply() {
		local p
		if [ -d "$base/applied" ]; then
			for p in $(ls -r "$base/applied"/*.patch 2>/dev/null); do
				patch -s -f -R -p1 -F0 --dry-run -d "$tree" <"$p" >/dev/null &&
					patch -s -f -R -p1 -F0 -d "$tree" --no-backup-if-mismatch <"$p" ||
					{ echo "kvm-check: cannot revert $p, unpacking again"
					  step "$V: unpack source" unpack; return; }
			done
			rm -rf "$base/applied"
		fi
	}
	apply_series() {
		local p
		mkdir -p "$base/applied"
		for p in "${patches[@]}"; do
			# No fuzz (-F0); patch(1) rather than git apply, which
			# would skip every file because build/ sits inside this
			# repository.
			patch -s -p1 -F0 --dry-run -d "$tree" <"$p" >/dev/null ||
				die "$p does not apply cleanly to $PKG $ver"
			patch -s -p1 -F0 -d "$tree" --no-backup-if-mismatch <"$p"
			cp "$p" "$base/applied/"
			echo "ok - kvm-check: $V/$(basename "$p") applies cleanly to $PKG $ver"
		done
	}
	unapply
	step "$V: apply series" apply_series

	checkpatch() {
		local p bad=0 cover=kvm/patches/$V/0000-cover-letter.patch
		for p in "${patches[@]}"; do
			if (cd "$tree" && perl scripts/checkpatch.pl --no-tree -q \
				--ignore UNKNOWN_COMMIT_ID "$TOP/$p"); then
				echo "ok - kvm-check: checkpatch clean: $V/$(basename "$p")"
			else
				echo "not ok - kvm-check: checkpatch: $V/$(basename "$p")"
				bad=1
			fi
		done
		# A cover letter is git format-patch --cover-letter's: PATCH 0/N
		# naming every patch of the set, and no diff.
		if [ -f "$cover" ]; then
			local n=${#patches[@]} miss=0 s
			grep -q "^Subject: \[PATCH 0/$n\] " "$cover" || miss=1
			grep -q '^\*\*\* \(SUBJECT\|BLURB\) HERE \*\*\*' "$cover" && miss=1
			grep -q '^diff --git' "$cover" && miss=1
			for p in "${patches[@]}"; do
				s=$(sed -n 's/^Subject: \[PATCH [0-9]*\/[0-9]*\] //p' "$p")
				grep -qF "  ${s}" "$cover" || miss=1
			done
			if [ "$miss" -eq 0 ]; then
				echo "ok - kvm-check: $V/0000-cover-letter.patch is the set's cover letter"
			else
				echo "not ok - kvm-check: $V/0000-cover-letter.patch does not match the set"
				bad=1
			fi
		fi
		[ "$bad" -eq 0 ] || die "checkpatch or the cover letter found problems"
	}
	step "$V: checkpatch" checkpatch

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
	step "$V: configure" configure

	# Every object whose source the series touches; sev.o always.
	objects() {
		{ echo arch/x86/kvm/svm/sev.o
		  sed -n 's|^+++ b/\(arch/x86/kvm/.*\)\.c$|\1.o|p' "${patches[@]}"
		} | sort -u
	}
	compile() {
		local o p
		for o in $(objects); do
			rm -f "$obj/$o"
			make -C "$tree" O="$TOP/$obj" -s -j"$JOBS" "$o"
			[ -s "$obj/$o" ] || die "$o was not built"
			echo "ok - kvm-check: $V: patched $o compiles in-tree (KVM_AMD_SEV=y)"
		done
		# The compiled tree carries the series: every patch reverts cleanly.
		for p in "${patches[@]}"; do
			patch -s -R -p1 -F0 --dry-run -d "$tree" <"$p" >/dev/null ||
				die "$(basename "$p") is not in the compiled tree"
		done
	}
	step "$V: compile patched objects" compile
}

n=0
for V in $VERSIONS; do
	check_version "$V"
	n=$((n + $(ls kvm/patches/"$V"/*.patch | grep -vc '/0000-')))
done
printf 'kvm-check: ok, %s patches (KVM %s), total %.1f s\n' "$n" "$VERSIONS" \
	"$(echo "$(date +%s.%N) - $t0" | bc)"
