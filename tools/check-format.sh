#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Checks that every tracked C source (.c, .h) of the folders below is
# formatted as .clang-format says (clang-format 14, Debian's
# clang-format package). Ends with one TAP line; exit status non-zero
# when a file differs or clang-format is missing.
#
# Usage: tools/check-format.sh          check (make check-format)
#        tools/check-format.sh --fix    format those files in place (make format)
#
# A hand-laid region that must stay as written goes between
# /* clang-format off */ and /* clang-format on */ (.clang-format's
# header); EXCLUDE below lists whole files, each with its reason.
set -euo pipefail
cd "$(dirname "$0")/.."

DIRS=(boot hv svm mm snp dev include guest-abi kvm/ref tests)
# Whole files left alone: none so far. Add "path  # why" lines here.
EXCLUDE=()

CLANG_FORMAT=${CLANG_FORMAT:-clang-format}
fix=0
[ "${1:-}" = --fix ] && fix=1

if ! command -v "$CLANG_FORMAT" >/dev/null 2>&1; then
	echo "not ok - format: $CLANG_FORMAT not found (make deps, or apt-get install clang-format)"
	exit 1
fi

mapfile -t files < <(git ls-files -- "${DIRS[@]}" | grep -E '\.(c|h)$' |
	grep -vxF -f <(printf '%s\n' "${EXCLUDE[@]}") || true)
if [ "${#files[@]}" -eq 0 ]; then
	echo "not ok - format: no tracked C sources found under ${DIRS[*]}"
	exit 1
fi

if [ "$fix" = 1 ]; then
	printf '%s\0' "${files[@]}" | xargs -0 "$CLANG_FORMAT" -i --style=file
	echo "format: ${#files[@]} files formatted with $("$CLANG_FORMAT" --version | sed 's/.*version //')"
	exit 0
fi

differ=()
for f in "${files[@]}"; do
	if ! "$CLANG_FORMAT" --style=file "$f" | cmp -s - "$f"; then
		differ+=("$f")
	fi
done

if [ "${#differ[@]}" -eq 0 ]; then
	echo "ok - format: ${#files[@]} files match .clang-format"
	exit 0
fi
echo "not ok - format: ${#differ[@]} of ${#files[@]} files differ from .clang-format:"
for f in "${differ[@]}"; do
	n=$("$CLANG_FORMAT" --style=file "$f" | diff "$f" - | grep -c '^[<>]' || true)
	echo "#   $f ($n lines)"
done
echo "# fix: make format (formats them in place), then review git diff"
exit 1
