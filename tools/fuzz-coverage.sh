#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# `make fuzz-coverage`: line coverage of the sources the libFuzzer targets
# feed, by their corpora (tests/fuzz/corpus/TARGET/ and what `make fuzz`
# left in build/fuzz/corpus/TARGET/). Each target is rebuilt with clang's
# source-based coverage (no sanitizers), runs every corpus input once
# (-runs=0), and llvm-cov reports the lines of the engine (snp/, the
# software RMP) and of the other decoders. A report, never a failure for
# low coverage; it fails only when a build or a run breaks.
# Usage: tools/fuzz-coverage.sh CLANG TARGET_SOURCE:SOURCES... (from the Makefile)
set -euo pipefail
clang=$1
shift
out=build/fuzz-cov
rm -rf "$out"
mkdir -p "$out/prof"
bins=()
for spec in "$@"; do
	src=${spec%%:*}
	srcs=${spec#*:}
	name=$(basename "$src" .c)
	# shellcheck disable=SC2086
	"$clang" -std=gnu11 -O1 -g -I. -isystem build/bearssl/inc -DFUZZING -fsanitize=fuzzer \
		-fprofile-instr-generate -fcoverage-mapping \
		-o "$out/$name" "$src" $srcs
	dirs=()
	for d in tests/fuzz/corpus/$name build/fuzz/corpus/$name; do
		[ -d "$d" ] && dirs+=("$d")
	done
	LLVM_PROFILE_FILE="$out/prof/$name.profraw" \
		"$out/$name" -runs=0 "${dirs[@]}" >"$out/$name.log" 2>&1
	bins+=("$out/$name")
done
llvm-profdata merge -o "$out/all.profdata" "$out"/prof/*.profraw
objs=()
for b in "${bins[@]:1}"; do objs+=(-object "$b"); done
report() {
	llvm-cov report -instr-profile="$out/all.profdata" "${bins[0]}" \
		"${objs[@]}" "$@"
}
echo "# engine (snp/, mm/rmp_sw.c):"
report snp/*.c mm/rmp_sw.c | sed 's/^/#   /'
echo "# decoders (svm/insn_len.c, svm/exit.c, boot/options.c, hv/linux_loader.c, dev/fw_cfg.c, hv/ovmf_image.c, fw/guest_msg.c):"
report svm/insn_len.c svm/exit.c boot/options.c hv/linux_loader.c dev/fw_cfg.c hv/ovmf_image.c fw/guest_msg.c | sed 's/^/#   /'
