#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Runs each libFuzzer target for a bounded time and prints one TAP line per
# target with its execution count. A crash, a sanitizer report or a leak
# fails the target; the reproducer is kept under build/fuzz/artifacts/.
# Seeds are read from tests/fuzz/corpus/TARGET/ (checked in, never
# written); FUZZ_RUNS=N in the environment also stops a target after N
# executions. FUZZ_FULL_CHECK=1 is passed through (tests/fuzz/fuzz_common.h).
# tests/fuzz/TARGET.options, where there is one, gives the target's
# libFuzzer options in the [libfuzzer] section's "name = value" lines
# (the format OSS-Fuzz reads); this script passes max_len only.
# Each target's libFuzzer output goes to build/fuzz/logs/KIND/TARGET.log,
# KIND from FUZZ_LOG_KIND (make fuzz: "fuzz", make fuzz-short: "short"),
# so that a short run beside a long one leaves the long one's log alone.
# Usage: tools/fuzz-run.sh SECONDS TARGET...
set -u
secs=$1
shift
logs=build/fuzz/logs/${FUZZ_LOG_KIND:-run}
mkdir -p build/fuzz/artifacts "$logs"
rc=0
for t in "$@"; do
	name=$(basename "$t")
	corpus=build/fuzz/corpus/$name
	mkdir -p "$corpus"
	log=$logs/$name.log
	seeds=tests/fuzz/corpus/$name
	runs=()
	[ -n "${FUZZ_RUNS:-}" ] && runs=(-runs="$FUZZ_RUNS")
	[ -d "$seeds" ] || seeds=
	opts=()
	if [ -f "tests/fuzz/$name.options" ]; then
		len=$(sed -n 's/^max_len *= *\([0-9]*\) *$/\1/p' "tests/fuzz/$name.options")
		[ -n "$len" ] && opts=(-max_len="$len")
	fi
	t0=$(date +%s)
	"$t" -max_total_time="$secs" "${runs[@]}" "${opts[@]}" -print_final_stats=1 \
		-artifact_prefix=build/fuzz/artifacts/"$name"- "$corpus" $seeds >"$log" 2>&1
	status=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n1)
	took=$(($(date +%s) - t0))
	if [ "$status" -eq 0 ]; then
		echo "ok - fuzz $name: ${execs:-?} executions in ${took}s ($((${execs:-0} / (took ? took : 1))) per second), no crash"
	else
		echo "not ok - fuzz $name: exit $status after ${execs:-?} executions (see $log)"
		grep -E 'ERROR|SUMMARY|runtime error' "$log" | head -n 5 | sed 's/^/#   /'
		rc=1
	fi
done
exit $rc
