#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Boots build/hv.efi under QEMU (TCG) with OVMF and a host folder as ESP.
#
#   tools/qemu-run.sh run [--debug] [--cpu MODEL] [--mem SIZE] [--timeout S]
#                         IMAGE [KEY=VALUE...]
#       One run: serial on stdout, KEY=VALUE go to snpvisor.cfg.
#       --debug adds -s -S and prints the gdb commands. --timeout ends QEMU
#       after S seconds (0: no limit; make run's RUN_TIMEOUT).
#       --interactive (make shell): stdin goes to the serial port too, with
#       QEMU's monitor multiplexed on it (Ctrl-A x ends QEMU, Ctrl-C goes
#       to the guest), and the output is passed on unfiltered.
#   tools/qemu-run.sh test [--jobs N] [--only NAME] [TESTS_FILE]
#       Every test of the file (default tests/guests/tests.cfg, format in
#       docs/testing.md) on every CPU model,
#       one TAP line each, at most N QEMU at once.
#
# Guest images are looked up in build/guests/. Per-run ESP folders go to
# build/esp/<run>/ and serial logs to build/qemu-logs/<run>.log.
set -uo pipefail
cd "$(dirname "$0")/.."

HV_EFI=build/hv.efi
HV_SO=build/hv.so
GUEST_DIR=build/guests
ESP_ROOT=build/esp
LOG_DIR=build/qemu-logs
OVMF=${OVMF:-/usr/share/ovmf/OVMF.fd}
CPU_MODELS=("max,phys-bits=48" "EPYC-Milan,phys-bits=48")
DEFAULT_QEMU_MEM=512M

# hv_shutdown() verdicts (hv/platform.h): QEMU exits with (v << 1) | 1.
verdict_of_status() {
	case $1 in
	1) echo pass ;;
	3) echo fail ;;
	5) echo error ;;
	7) echo skip ;;
	9) echo panic ;;
	124) echo timeout ;;
	*) echo "status-$1" ;;
	esac
}

die() {
	echo "qemu-run: $*" >&2
	exit 2
}

# The SEV firmware model's TEST VCEK chain (tools/snp-certs.py, NOT
# AMD's; docs/firmware.md "The VCEK file"): copied onto every ESP when it
# exists; hv.efi logs what it does without one. SNP_VCEK_FILE=none leaves
# it out.
SNP_CACHE=${SNPVISOR_CACHE:-$HOME/.cache/snpvisor}
SNP_VCEK_FILE=${SNP_VCEK_FILE:-${SNP_CERTS_DIR:-$SNP_CACHE/snp-certs}/snpvisor-vcek.bin}

# make_esp DIR "IMAGE[,IMAGE...]" KEY=VALUE...
make_esp() {
	local dir=$1 images=$2 img
	shift 2
	rm -rf "$dir"
	mkdir -p "$dir/EFI/BOOT"
	cp "$HV_EFI" "$dir/EFI/BOOT/BOOTX64.EFI" || return 1
	if [ "$SNP_VCEK_FILE" != none ] && [ -f "$SNP_VCEK_FILE" ]; then
		cp "$SNP_VCEK_FILE" "$dir/snpvisor-vcek.bin" || return 1
	fi
	{
		echo "# written by tools/qemu-run.sh"
		for img in ${images//,/ }; do
			if [ ! -f "$GUEST_DIR/$img" ]; then
				echo "qemu-run: guest image $GUEST_DIR/$img not found (make all builds guests)" >&2
				return 1
			fi
			cp "$GUEST_DIR/$img" "$dir/$img" || return 1
			echo "guest=$img"
		done
		for kv in "$@"; do
			echo "$kv"
		done
	} >"$dir/snpvisor.cfg" || return 1
}

# qemu_args CPU MEM ESP SERIAL [MACHINE]: prints the QEMU command, one
# word a line. MACHINE defaults to q35.
qemu_args() {
	printf '%s\n' qemu-system-x86_64 -machine "${5:-q35}" -accel tcg -cpu "$1" -m "$2" \
		-bios "$OVMF" -drive "format=raw,file=fat:rw:$3" \
		-device isa-debug-exit,iobase=0xf4,iosize=0x04 \
		-nodefaults -display none -serial "$4" -no-reboot
}

check_built() {
	[ -f "$HV_EFI" ] || die "$HV_EFI not built (run make)"
	[ -r "$OVMF" ] || die "$OVMF missing (run make deps)"
	command -v qemu-system-x86_64 >/dev/null || die "qemu-system-x86_64 missing (run make deps)"
}

# The image base: boot once without gdb until hv.efi prints it. OVMF
# loads the same image at the same address for the same configuration,
# so the debug run that follows finds it there too (it prints it again).
learn_image_base() {
	local log=$LOG_DIR/debug-probe.$$.log pid i base=""
	local -a probe=("$@")
	for i in "${!probe[@]}"; do
		[ "${probe[$i]}" = stdio ] && probe[$i]="file:$log"
	done
	rm -f "$log"
	"${probe[@]}" </dev/null >/dev/null 2>&1 &
	pid=$!
	for i in $(seq 1 300); do
		base=$(grep -a -o 'image base 0x[0-9a-f]*' "$log" 2>/dev/null | head -n 1 | cut -d' ' -f3)
		[ -n "$base" ] && break
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	[ -n "$base" ] && rm -f "$log"
	echo "$base"
}

debug_prepare() {
	local base gdbx=build/hv.gdb
	echo "# learning the image base with a first boot..."
	base=$(learn_image_base "$@")
	if [ -z "$base" ]; then
		echo "qemu-run: hv.efi printed no image base within 30 s; see $LOG_DIR/debug-probe.$$.log" >&2
		return 1
	fi
	cat >"$gdbx" <<-EOT
	# written by tools/qemu-run.sh run --debug
	target remote :1234
	add-symbol-file $HV_SO -o $base
	hbreak hv_main
	EOT
	cat <<-EOT
	# hv.efi loads at $base (ELF $HV_SO is linked at 0, so that is the offset).
	# QEMU now waits for gdb on :1234. In another terminal, from this folder:
	#   gdb -x $gdbx
	# which runs:
	#   target remote :1234
	#   add-symbol-file $HV_SO -o $base
	#   hbreak hv_main
	# then type 'continue'. Use hardware breakpoints (hbreak) until hv.efi is
	# loaded: software ones would be overwritten when OVMF copies the image.
	# If this run prints a different "image base", redo add-symbol-file with it.
	EOT
}

# The words of snpvisor.cfg that make_esp wrote from the caller's
# KEY=VALUE arguments start at this line (after the comment and guest=).
cfg_line_of_option() {
	sed -n "${2}p" "$1/snpvisor.cfg"
}

# After a run: the line that ended it, said once, with what to do.
explain_end() {
	local runlog=$1 dir=$2 status=$3 tmo=$4 final line
	if [ "$status" = 124 ]; then
		echo "# run ended by its time limit: no end after ${tmo} s, QEMU killed (RUN_TIMEOUT=N sets the limit in seconds, 0 for none)"
	fi
	final=$(tr -d '\r' <"$runlog" | grep -a -E '^HV: (guest [^ ]+ exited|boot refused:)' | tail -n 1)
	if [ -z "$final" ]; then
		[ "$status" = 124 ] || echo "# no final 'HV: guest ... exited' line: CRASH"
		return
	fi
	echo "$final"
	# "snpvisor.cfg line N: ..." names a line of the file this script wrote.
	line=$(sed -n 's/^HV: boot refused: snpvisor\.cfg line \([0-9]*\):.*/\1/p' <<<"$final")
	if [ -n "$line" ]; then
		echo "# snpvisor.cfg line $line, written by tools/qemu-run.sh, is '$(cfg_line_of_option "$dir" "$line")': an option given to it (make run: RUN_OPTS)"
	fi
}

cmd_run() {
	local debug=0 cpu=${CPU_MODELS[0]} mem=$DEFAULT_QEMU_MEM image dir status
	local tmo=0 interactive=0
	while [ $# -gt 0 ]; do
		case $1 in
		--debug) debug=1 ;;
		--interactive) interactive=1 ;;
		--cpu) cpu=$2; shift ;;
		--mem) mem=$2; shift ;;
		--timeout) tmo=$2; shift ;;
		-*) die "unknown option $1" ;;
		*) break ;;
		esac
		shift
	done
	image=${1:?usage: qemu-run.sh run [--debug] [--cpu M] [--mem S] IMAGE [KEY=VALUE...]}
	shift
	check_built
	# Own folder per invocation: others may run at the same time.
	dir=$ESP_ROOT/run.${image%%.*}.$$
	RUN_ESP=$dir
	trap 'rm -rf "$RUN_ESP"' EXIT
	[[ $tmo =~ ^[0-9]+$ ]] || die "--timeout wants seconds, got '$tmo'"
	mkdir -p "$LOG_DIR"
	make_esp "$dir" "$image" "$@" || exit 2
	mapfile -t args < <(qemu_args "$cpu" "$mem" "$dir" \
		"$([ "$interactive" = 1 ] && echo mon:stdio || echo stdio)")
	if [ "$debug" = 1 ]; then
		debug_prepare "${args[@]}" || exit 2
		args+=(-s -S)
	fi
	echo "# ${args[*]}"
	local start=$SECONDS runlog=$LOG_DIR/run.${image%%.*}.log
	local -a limit=()
	if [ "$interactive" = 1 ]; then
		# --foreground: QEMU may read the terminal it was started in.
		[ "$tmo" != 0 ] && limit=(timeout --foreground --kill-after=5 "$tmo")
		"${limit[@]}" "${args[@]}" | tee "$runlog"
		status=${PIPESTATUS[0]}
	else
		[ "$tmo" != 0 ] && limit=(timeout --kill-after=5 "$tmo")
		# sed -u: every console line shows as soon as QEMU writes it, and
		# the last ones are not lost when the run hangs or is interrupted.
		"${limit[@]}" "${args[@]}" </dev/null | tee "$runlog" |
			sed -u 's/\r//g; s/\x1b\[[0-9;?=]*[a-zA-Z]//g'
		status=${PIPESTATUS[0]}
	fi
	[ "$status" = 137 ] && status=124	# needed SIGKILL after the limit
	echo "# QEMU exited with status $status ($(verdict_of_status "$status")) after $((SECONDS - start)) s"
	explain_end "$runlog" "$dir" "$status" "$tmo"
	[ "$status" = 1 ]
}

# missing_want LOG REGEX... : print the first REGEX (want= of a tests.cfg
# line, extended regex) no line of LOG matches, and succeed; fail when
# every one matches.
missing_want() {
	local log=$1 re
	shift
	for re in "$@"; do
		grep -a -q -E -- "$re" "$log" || { echo "$re"; return 0; }
	done
	return 1
}

# run_one NAME IMAGES EXPECT TIMEOUT CPU OPTIONS... : one TAP line.
run_one() {
	local name=$1 images=$2 expect=$3 tmo=$4 cpu=$5
	shift 5
	local cpu_tag=${cpu%%,*}
	local run=$name.${cpu_tag,,}
	local dir=$ESP_ROOT/$run log=$LOG_DIR/$run.log
	local mem=$DEFAULT_QEMU_MEM opts=() kv status got final reason start
	local want_reason="" guest_limit="" machine=q35 want
	local -a wants=()
	for kv in "$@"; do
		case $kv in
		qemu-m=*) mem=${kv#qemu-m=} ;;
		want=*) wants+=("${kv#want=}") ;;
		qemu-machine=*) machine=${kv#qemu-machine=} ;;
		reason=*) want_reason=${kv#reason=} ;;
		timeout=*) guest_limit=${kv#timeout=}; opts+=("$kv") ;;
		*) opts+=("$kv") ;;
		esac
	done
	# Every guest gets a time limit of its own (option timeout=, seconds
	# from its first VMRUN): two thirds of the test's, unless the line
	# names one. A guest that never exits is then stopped by the
	# hypervisor with a reason, and the next guest of the line runs.
	if [ -z "$guest_limit" ]; then
		guest_limit=$((tmo * 2 / 3))
		[ "$guest_limit" -lt 5 ] && guest_limit=5
		opts+=("timeout=$guest_limit")
	fi
	local desc="$name [$cpu]"
	if ! make_esp "$dir" "$images" "${opts[@]}" 2>"$log"; then
		echo "not ok - $desc: CRASH cannot prepare the ESP: $(cat "$log")"
		return
	fi
	mapfile -t args < <(qemu_args "$cpu" "$mem" "$dir" "file:$log" "$machine")
	local attempt assert_line
	for attempt in 1 2; do
		start=$(date +%s.%N)
		timeout --kill-after=5 "$tmo" "${args[@]}" </dev/null >"$log.qemu" 2>&1
		status=$?
		# QEMU aborting on one of its own assertions (SIGABRT, status
		# 134, "ERROR:<QEMU source>: assertion failed") is QEMU's bug,
		# not the hypervisor's: Debian 12's QEMU 7.2 TCG has been seen
		# to fail tcg_handle_interrupt's lock assertion about once in
		# 150 boots. Such a run is repeated once, and the repetition
		# is said on a TAP comment line; any other failure, or a
		# second abort, is reported as it is.
		assert_line=$(grep -a -m1 -E '^ERROR:.*assertion failed' "$log.qemu")
		[ "$status" = 134 ] && [ -n "$assert_line" ] && [ "$attempt" = 1 ] || break
		echo "# $name [$cpu]: QEMU aborted on its own assertion ($assert_line); run again once"
		make_esp "$dir" "$images" "${opts[@]}" 2>"$log" || break
	done
	local secs
	secs=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
	[ "$status" = 137 ] && status=124	# needed SIGKILL after the timeout
	got=$(verdict_of_status "$status")
	# The log's lines as a terminal shows them: a '\r' inside a line
	# goes back to its start, so what follows the last one is what is
	# seen there (a guest that could write such a line raw could pass it
	# off as the hypervisor's; escape-forge checks it cannot).
	local shown=$log.shown
	sed 's/\r$//; s/.*\r//' "$log" >"$shown"
	final=$(grep -a -E '^HV: (guest [^ ]+ exited|boot refused:)' "$shown" | tail -n 1)
	# Several guests: each must have run to its own "exited" line (a
	# refused configuration runs none, and says so on its final line).
	local nguests nexited
	nguests=$(tr ',' '\n' <<<"$images" | grep -c .)
	nexited=$(grep -a -c -E '^HV: guest [^ ]+ exited' "$shown")
	[[ $final == "HV: boot refused:"* ]] && nexited=$nguests

	if [ "$got" = timeout ]; then
		if [ "$expect" = timeout ]; then
			echo "ok - $desc: TIMEOUT after $tmo s, as the scenario expects"
			return
		fi
		reason="TIMEOUT after $tmo s (expected $expect)"
	elif [ "$expect" = timeout ]; then
		reason="FAIL expected a TIMEOUT, got $got (QEMU status $status) after $secs s"
	elif [ -z "$final" ]; then
		reason="CRASH no final 'HV: guest ... exited' line (QEMU status $status, $got)"
	elif [ "$nexited" != "$nguests" ]; then
		reason="CRASH $nexited 'HV: guest ... exited' lines for $nguests guests (QEMU status $status, $got)"
	elif [ "$got" = "$expect" ] && [ -n "$want_reason" ] &&
		! grep -a -q -E "^HV: guest [^ ]+ stopped: .*$want_reason" "$shown"; then
		reason="FAIL $got as expected, but no 'stopped: ...$want_reason...' line"
	elif [ "$got" = "$expect" ] && want=$(missing_want "$shown" "${wants[@]}"); then
		reason="FAIL $got as expected, but no line matches want=$want"
	elif [ "$got" = "$expect" ]; then
		echo "ok - $desc"
		echo "# $desc: $final ($secs s)" >>"$LOG_DIR/summary.txt"
		return
	elif [[ $got == status-* ]] || [ "$got" = panic ]; then
		reason="CRASH QEMU status $status ($got), expected $expect"
	else
		reason="FAIL expected $expect, got $got: $final"
	fi
	echo "not ok - $desc: $reason"
	if [ -s "$log.qemu" ]; then
		sed 's/^/# qemu: /' "$log.qemu" | tail -n 5
	fi
	echo "# last lines of $log:"
	tr -d '\r' <"$log" | sed 's/\x1b\[[0-9;?=]*[a-zA-Z]//g' | grep -av '^$' | tail -n 20 | sed 's/^/#   /'
}

cmd_test() {
	local jobs=2 only="" file
	while [ $# -gt 0 ]; do
		case $1 in
		--jobs) jobs=$2; shift ;;
		--only) only=$2; shift ;;
		-*) die "unknown option $1" ;;
		*) break ;;
		esac
		shift
	done
	file=${1:-tests/guests/tests.cfg}
	[ -r "$file" ] || die "test list $file not found"
	check_built
	mkdir -p "$LOG_DIR"
	: >"$LOG_DIR/summary.txt"
	# Every TAP line also goes here: the exit status says if one failed.
	local results
	results=$(mktemp "$LOG_DIR/results.XXXXXX")

	local lineno=0 n=0 running=0 line name images expect tmo cpu
	local -a rest
	while IFS= read -r line || [ -n "$line" ]; do
		lineno=$((lineno + 1))
		line=${line%%#*}
		read -r name images expect tmo rest_str <<<"$line"
		[ -z "${name:-}" ] && continue
		if [ -z "${tmo:-}" ]; then
			echo "not ok - $file:$lineno: needs NAME IMAGE EXPECT TIMEOUT [OPTIONS]" | tee -a "$results"
			continue
		fi
		case $expect in
		pass | fail | error | skip | panic | timeout) ;;
		*) echo "not ok - $name: bad expected verdict '$expect' ($file:$lineno)" | tee -a "$results"; continue ;;
		esac
		if ! [[ $tmo =~ ^[0-9]+$ ]]; then
			echo "not ok - $name: bad timeout '$tmo' ($file:$lineno)" | tee -a "$results"
			continue
		fi
		[ -n "$only" ] && [ "$name" != "$only" ] && continue
		read -r -a rest <<<"${rest_str:-}"
		for cpu in "${CPU_MODELS[@]}"; do
			while [ "$running" -ge "$jobs" ]; do
				wait -n
				running=$((running - 1))
			done
			n=$((n + 1))
			# Each job prints its whole result at once, so lines never mix.
			( out=$(run_one "$name" "$images" "$expect" "$tmo" "$cpu" "${rest[@]}")
			  echo "$out"; grep -E '^(ok|not ok) ' <<<"$out" >>"$results" ) &
			running=$((running + 1))
		done
	done <"$file"
	wait
	local failed
	failed=$(grep -c '^not ok ' "$results")
	rm -f "$results"
	if [ "$n" = 0 ]; then
		echo "not ok - no scenario in $file${only:+ named $only}"
		return 1
	fi
	[ "$failed" = 0 ]
}

mode=${1:-}
shift || true
case $mode in
run) cmd_run "$@" ;;
test) cmd_test "$@" ;;
*) die "usage: qemu-run.sh run|test ... (see the top of this file)" ;;
esac
