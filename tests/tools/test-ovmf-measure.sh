#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The OVMF launch's measurement against an independent recomputation
# (part of `make test-qemu`; docs/firmware.md "Recomputing the
# measurement"). For each firmware image (build/guests/ovmf.fd, Debian
# 13's OVMF.fd; ovmf-bookworm.fd, Debian 12's; `make ovmf-guest`) and
# each CPU model the tests run on, hv.efi boots the image as an emulated
# SNP guest, and the measurement it prints is compared with
# tools/snp-measure.py's for the same image, one vCPU and that CPU
# model; nothing expected is written down here. Also checked: the
# hypervisor ends the guest itself, with a reason, and says so last (no
# crash, no hang); the firmware gets from real mode into its 64-bit SEC
# phase (it speaks the GHCB MSR protocol); the two CPU models give two
# different digests (the vCPU signature in the VMSA's RDX is measured);
# how far each firmware gets on the emulated platform (docs/ovmf.md
# "Where it stops"): both read the hypervisor's fw_cfg (through string
# I/O) up to its memory map, etc/e820; Debian 13's goes on through PEI
# and DXE (PCI host bridge, PM timer) and BDS into the UEFI Interactive
# Shell, whose banner it prints on COM1; Debian 12's stops exactly at
# its copy of the variable store into RAM it has not validated (#VC
# 0x404 on silicon), issue 15's negative scenario. The guest time limit
# (timeout=) ends a firmware that runs on without an end.
# One TAP line per check; exits non-zero when one fails.
set -u
cd "$(dirname "$0")/../.."

out_dir=build/test-ovmf
rm -rf "$out_dir"
mkdir -p "$out_dir"
failed=0
ok() { echo "ok - $*"; }
nok() { echo "not ok - $*"; failed=1; }

# QEMU model for tools/qemu-run.sh, the tool's --cpu name.
models=("EPYC-Milan,phys-bits=48 EPYC-Milan" "max,phys-bits=48 max")
guest_timeout=6
for img in ovmf.fd ovmf-bookworm.fd; do
	fd=build/guests/$img
	name=${img%.fd}
	if [ ! -s "$fd" ]; then
		nok "$name: $fd missing (make ovmf-guest)"
		continue
	fi
	digests=()
	for m in "${models[@]}"; do
		read -r qcpu tcpu <<<"$m"
		log=$out_dir/$name.$tcpu.log
		tools/qemu-run.sh run --cpu "$qcpu" --timeout 120 "$img" fw-seed=1 \
			timeout=$guest_timeout >"$log" 2>&1
		hv=$(sed -n "s/^HV: snp fw $name: measurement \([0-9a-f]\{96\}\).*/\1/p" "$log" | head -n 1)
		tool=$(python3 tools/snp-measure.py --ovmf "$fd" --vcpus 1 --cpu "$tcpu" 2>"$log.tool")
		if [ -n "$hv" ] && [ "$hv" = "$tool" ]; then
			ok "$name [$tcpu]: hv.efi's launch measurement equals tools/snp-measure.py's ($hv)"
		else
			nok "$name [$tcpu]: hv.efi printed '${hv:-no measurement}', tools/snp-measure.py '${tool:-failed}'"
			tail -n 8 "$log" "$log.tool" | sed 's/^/#   /'
		fi
		digests+=("$hv")
		# Stopped with a reason, then the hypervisor's final line last.
		if grep -q "^HV: guest $name stopped: ." "$log" &&
			grep "^HV: guest $name " "$log" | tail -n 1 |
			grep -q "^HV: guest $name exited code=-1" &&
			grep -q 'QEMU exited with status 5 (error)' "$log"; then
			ok "$name [$tcpu]: the hypervisor stops the firmware with a reason and stays up: $(sed -n "s/^HV: guest $name stopped: //p" "$log" | head -n 1)"
		else
			nok "$name [$tcpu]: no clean stop of the firmware guest"
			tail -n 8 "$log" | sed 's/^/#   /'
		fi
		# How far it gets: from real mode (paging-off accesses are
		# private) through EFER.LME into 64-bit SEC, which speaks the
		# GHCB MSR protocol (VMGEXITs) before it stops.
		n=$(sed -n "s/^HV: counters guest=$name .* exit_vmgexit=\([0-9]*\).*/\1/p" "$log" | head -n 1)
		if [ "${n:-0}" -gt 0 ]; then
			ok "$name [$tcpu]: the firmware leaves real mode and reaches its SEC phase's GHCB protocol ($n VMGEXITs)"
		else
			nok "$name [$tcpu]: the firmware never reached a VMGEXIT"
		fi
		# The hypervisor's fw_cfg, read through rep insb: the memory map.
		if grep -q "^HV: guest $name: fw_cfg: key 0x[0-9a-f]* (etc/e820) selected" "$log"; then
			ok "$name [$tcpu]: the firmware reads the hypervisor's fw_cfg up to etc/e820 ($(grep -c "^HV: guest $name: fw_cfg: key" "$log") keys)"
		else
			nok "$name [$tcpu]: the firmware never selected etc/e820"
		fi
		if [ "$name" = ovmf ]; then
			if grep -q "^\[$name\] .*UEFI Interactive Shell" "$log"; then
				ok "$name [$tcpu]: SEC, PEI, DXE and BDS run: the UEFI Interactive Shell starts ($(sed -n "s/^\[$name\] \(BdsDxe: starting [^\"]*\"[^\"]*\"\).*/\1/p" "$log" | head -n 1))"
			else
				nok "$name [$tcpu]: the firmware did not reach the UEFI Interactive Shell"
			fi
		fi
		if [ "$name" = ovmf-bookworm ]; then
			if grep -q "^HV: guest $name stopped: private access to GPA 0x[0-9a-f]*, which is not validated (#VC 0x404 on silicon)" "$log"; then
				ok "$name [$tcpu]: stopped at the variable-store copy into RAM not validated (#VC 0x404 on silicon)"
			else
				nok "$name [$tcpu]: not stopped at a private access to RAM not validated"
			fi
		fi
	done
	if [ -n "${digests[0]}" ] && [ "${digests[0]}" != "${digests[1]}" ]; then
		ok "$name: EPYC-Milan and max measure differently (the VMSA's RDX signature is bound)"
	else
		nok "$name: EPYC-Milan and max give the same measurement '${digests[0]}'"
	fi
done
exit $failed
