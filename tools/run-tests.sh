#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Runs every test suite of `make test` in turn, echoes their TAP lines and
# ends with "N passed, N failed" alone on a line. Exit status is non-zero
# when any test failed or any suite could not run. A suite that fails to
# run at all counts as one failure ("not ok - suite <name> did not run").
set -u
cd "$(dirname "$0")/.."

SUITES=${SUITES:-"deps test-unit fuzz-short test-qemu diff kvm-check"}
pass=0
fail=0
log_dir=build/test-logs
mkdir -p "$log_dir"

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

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
