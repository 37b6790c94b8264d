#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Runs each libFuzzer target for a bounded time and prints one TAP line per
# target with its execution count. A crash, a sanitizer report or a leak
# fails the target; the reproducer is kept under build/fuzz/artifacts/.
# Usage: tools/fuzz-run.sh SECONDS TARGET...
set -u
secs=$1
shift
mkdir -p build/fuzz/artifacts build/fuzz/logs
rc=0
for t in "$@"; do
	name=$(basename "$t")
	corpus=build/fuzz/corpus/$name
	mkdir -p "$corpus"
	log=build/fuzz/logs/$name.log
	"$t" -max_total_time="$secs" -print_final_stats=1 \
		-artifact_prefix=build/fuzz/artifacts/"$name"- "$corpus" >"$log" 2>&1
	status=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n1)
	if [ "$status" -eq 0 ]; then
		echo "ok - fuzz $name: ${execs:-?} executions in ${secs}s, no crash"
	else
		echo "not ok - fuzz $name: exit $status after ${execs:-?} executions (see $log)"
		grep -E 'ERROR|SUMMARY|runtime error' "$log" | head -n 5 | sed 's/^/#   /'
		rc=1
	fi
done
exit $rc
