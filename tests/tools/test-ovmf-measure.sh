#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The OVMF launch's measurement against an independent recomputation
# (part of `make test-qemu`; docs/firmware.md "Recomputing the
# measurement"). For each CPU model the tests run on, hv.efi boots
# build/guests/ovmf.fd (Debian 13's OVMF.fd, `make ovmf-guest`) as an
# emulated SNP guest, and the measurement it prints is compared with
# tools/snp-measure.py's for the same image, one vCPU and that CPU model;
# nothing expected is written down here. Also checked: the hypervisor
# ends the guest itself, with a reason, and says so last (no crash, no
# hang), and the two CPU models give two different digests (the vCPU
# signature in the VMSA's RDX is measured), and the firmware gets from
# real mode into its 64-bit SEC phase. One TAP line per check;
# exits non-zero when one fails.
set -u
cd "$(dirname "$0")/../.."

fd=build/guests/ovmf.fd
out_dir=build/test-ovmf
rm -rf "$out_dir"
mkdir -p "$out_dir"
failed=0
ok() { echo "ok - $*"; }
nok() { echo "not ok - $*"; failed=1; }

if [ ! -s "$fd" ]; then
	nok "ovmf: $fd missing (make ovmf-guest)"
	exit 1
fi
# QEMU model for tools/qemu-run.sh, the tool's --cpu name.
models=("EPYC-Milan,phys-bits=48 EPYC-Milan" "max,phys-bits=48 max")
digests=()
for m in "${models[@]}"; do
	read -r qcpu tcpu <<<"$m"
	log=$out_dir/$tcpu.log
	tools/qemu-run.sh run --cpu "$qcpu" --timeout 120 ovmf.fd fw-seed=1 \
		>"$log" 2>&1
	hv=$(sed -n 's/^HV: snp fw ovmf: measurement \([0-9a-f]\{96\}\).*/\1/p' "$log" | head -n 1)
	tool=$(python3 tools/snp-measure.py --ovmf "$fd" --vcpus 1 --cpu "$tcpu" 2>"$out_dir/$tcpu.tool.err")
	if [ -n "$hv" ] && [ "$hv" = "$tool" ]; then
		ok "ovmf [$tcpu]: hv.efi's launch measurement equals tools/snp-measure.py's ($hv)"
	else
		nok "ovmf [$tcpu]: hv.efi printed '${hv:-no measurement}', tools/snp-measure.py '${tool:-failed}'"
		tail -n 8 "$log" "$out_dir/$tcpu.tool.err" | sed 's/^/#   /'
	fi
	digests+=("$hv")
	# Stopped with a reason, then the hypervisor's final line last.
	if grep -q '^HV: guest ovmf stopped: .' "$log" &&
		grep '^HV: guest ovmf ' "$log" | tail -n 1 |
		grep -q '^HV: guest ovmf exited code=-1' &&
		grep -q 'QEMU exited with status 5 (error)' "$log"; then
		ok "ovmf [$tcpu]: the hypervisor stops the firmware with a reason and stays up: $(sed -n 's/^HV: guest ovmf stopped: //p' "$log" | head -n 1)"
	else
		nok "ovmf [$tcpu]: no clean stop of the firmware guest"
		tail -n 8 "$log" | sed 's/^/#   /'
	fi
	# How far it gets: from real mode (paging-off accesses are private)
	# through EFER.LME into 64-bit SEC, which speaks the GHCB MSR
	# protocol (VMGEXITs) before it stops.
	if grep -q '^HV: counters guest=ovmf .* exit_vmgexit=[1-9]' "$log"; then
		ok "ovmf [$tcpu]: the firmware leaves real mode and reaches its SEC phase's GHCB protocol ($(sed -n 's/.* exit_vmgexit=\([0-9]*\).*/\1/p' "$log" | head -n 1) VMGEXITs)"
	else
		nok "ovmf [$tcpu]: the firmware never reached a VMGEXIT"
	fi
done
if [ -n "${digests[0]}" ] && [ "${digests[0]}" != "${digests[1]}" ]; then
	ok "ovmf: EPYC-Milan and max measure differently (the VMSA's RDX signature is bound)"
else
	nok "ovmf: EPYC-Milan and max give the same measurement '${digests[0]}'"
fi
exit $failed
