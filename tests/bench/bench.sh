#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# `make bench`: builds what the benchmarks need, runs the QEMU part
# (tests/bench/bench-qemu.sh, wall time of workloads 1-3 in hv.efi) and the host
# part (tests/bench/bench.py, which also writes docs/bench.md and docs/bench.png),
# and prints how long it all took. A benchmark never fails because of
# speed; this script fails only when something could not be built or run.
set -euo pipefail
cd "$(dirname "$0")/../.."

export BENCH_T0=$(date +%s)
mkdir -p build/bench

make --no-print-directory deps >build/bench/deps.log 2>&1 || {
	cat build/bench/deps.log >&2
	echo "bench: the packages benchmarks need are missing (make deps)" >&2
	exit 1
}
make --no-print-directory kvm-ref build/bench/bench-engine

# The QEMU part leaves serial logs and wall times in build/bench/qemu/,
# which tests/bench/bench.py turns into ratios; a missing or failed run is said
# there and in docs/bench.md.
tests/bench/bench-qemu.sh || echo "bench: the QEMU part did not complete (see above)" >&2

/usr/bin/python3 tests/bench/bench.py

# The emulated platform: a timer tick's cost, an idle guest's exits
# (docs/bench-platform.md).
/usr/bin/python3 tests/bench/bench-platform.py

# The SEV firmware model: a guest request's and a launch's cost
# (docs/bench-fw.md).
/usr/bin/python3 tests/bench/bench-fw.py

# OVMF then Linux with 6 GiB of RAM, lazy against eager acceptance of the
# RAM above 4 GiB (docs/bench-ovmf.md; QEMU gets 9 GiB).
/usr/bin/python3 tests/bench/bench-ovmf.py ||
	echo "bench: the OVMF part did not complete (see above)" >&2

echo "make bench: $(($(date +%s) - BENCH_T0)) s"
