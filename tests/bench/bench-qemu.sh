#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# QEMU part of `make bench`: boots hv.efi under QEMU TCG (tools/qemu-run.sh)
# with each RMP policy in turn, in this one run:
#   bench-conv  workloads 1-3 in an emulated SNP guest
#               (tests/bench/guest/), timed by the guest with RDTSC;
#   linux       workload 6, the unmodified Linux SNP guest of `make run`,
#               timed from QEMU start to the guest's exit (OVMF included);
#   linux-1g-2m the same guest with 1 GiB, for the SEV firmware's launch
#               line (tests/bench/bench-fw.py).
# Serial logs and wall times go to build/bench/qemu/; tests/bench/bench.py turns
# them into ratios. Exits non-zero only when a run could not be made.
#
# usage: tests/bench/bench-qemu.sh
set -uo pipefail
cd "$(dirname "$0")/../.."

dir=build/bench/qemu
cpu='max,phys-bits=48'
rm -rf "$dir" && mkdir -p "$dir"

if ! make --no-print-directory all >"$dir/build.log" 2>&1; then
	echo "bench-qemu: make all failed, see $dir/build.log" >&2
	exit 1
fi
linux=yes
if ! make --no-print-directory linux-guest >"$dir/linux-build.log" 2>&1; then
	echo "bench-qemu: no Linux guest (make linux-guest failed, see" \
		"$dir/linux-build.log); workload 6 is not measured" >&2
	linux=no
fi

# run NAME TIMEOUT IMAGE KEY=VALUE...: one boot, wall time in NAME.time.
run() {
	local name=$1 t=$2 img=$3 t0 t1 rc
	shift 3
	echo "bench-qemu: $name" >&2
	t0=$(date +%s.%N)
	timeout "$t" tools/qemu-run.sh run --cpu "$cpu" --mem "${QEMU_MEM:-1G}" "$img" "$@" \
		>"$dir/$name.log" 2>&1 </dev/null
	rc=$?
	t1=$(date +%s.%N)
	echo "wall=$(echo "$t1 - $t0" | bc) rc=$rc" >"$dir/$name.time"
	grep -aq "exited code=0" "$dir/$name.log" || {
		echo "bench-qemu: $name did not end with 'exited code=0' (rc $rc)," \
			"see $dir/$name.log" >&2
		return 1
	}
}

rc=0
for p in 2m 4k; do
	run "bench-conv-$p" 300 bench-conv.bin snp=emulated mem=256M \
		"rmp-max=$p" || rc=1
done
if [ $linux = yes ]; then
	for p in 2m 4k; do
		run "linux-$p" 400 linux.bin mem=256M policy=strict \
			"rmp-max=$p" || rc=1
	done
	# The SEV firmware's launch of 1 GiB (tests/bench/bench-fw.py).
	QEMU_MEM=2700M run linux-1g-2m 400 linux.bin mem=1G policy=strict \
		rmp-max=2m || rc=1
fi
exit $rc
