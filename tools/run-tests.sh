#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Runs every test suite of `make test` in turn, echoes their TAP lines and
# ends with "N passed, N failed" alone on a line. Exit status is non-zero
# when any test failed or any suite could not run. A suite that fails to
# run at all counts as one failure ("not ok - suite <name> did not run").
set -u
cd "$(dirname "$0")/.."

SUITES=${SUITES:-"deps check-deps check-format test-unit fuzz-short test-qemu test-attest test-tools diff kvm-check"}
pass=0
fail=0
log_dir=build/test-logs
mkdir -p "$log_dir"

# What is in the tree outside build/ (untracked or ignored) before the
# suites: the last check says they added nothing there.
tree_extras() {
	git status --porcelain --ignored --untracked-files=all -- \
		. ':(exclude)build' 2>/dev/null | grep -E '^(\?\?|!!) ' | sort
}
is_git=0
git rev-parse --is-inside-work-tree >/dev/null 2>&1 && is_git=1
[ "$is_git" = 1 ] && tree_extras >"$log_dir/tree-before.txt"

for s in $SUITES; do
	echo "# suite $s"
	start=$(date +%s)
	make --no-print-directory "$s" >"$log_dir/$s.log" 2>&1
	rc=$?
	end=$(date +%s)
	p=$(grep -cE '^ok ' "$log_dir/$s.log")
	f=$(grep -cE '^not ok ' "$log_dir/$s.log")
	grep -E '^(ok |not ok |# )' "$log_dir/$s.log"
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "not ok - suite $s did not run (exit $rc); last lines of $log_dir/$s.log:"
		tail -n 15 "$log_dir/$s.log" | sed 's/^/#   /'
		f=1
	fi
	echo "# suite $s: $p passed, $f failed, $((end - start)) s"
	pass=$((pass + p))
	fail=$((fail + f))
done

echo "# suite tree"
if [ "$is_git" = 1 ]; then
	tree_extras >"$log_dir/tree-after.txt"
	added=$(comm -13 "$log_dir/tree-before.txt" "$log_dir/tree-after.txt")
	if [ -z "$added" ]; then
		echo "ok - tree: the suites wrote nothing outside build/"
		pass=$((pass + 1))
	else
		echo "not ok - tree: the suites left files outside build/:"
		sed 's/^/#   /' <<<"$added" | head -n 10
		fail=$((fail + 1))
	fi
else
	echo "# tree: not a git checkout, nothing to compare"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
