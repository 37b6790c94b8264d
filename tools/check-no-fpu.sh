#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
#   tools/check-no-fpu.sh FILE.so LIB.a...
#
# Fails if any function of FILE.so touches x87, MMX, SSE, AVX or AVX-512
# state (their registers, FXSAVE/XSAVE, MXCSR) unless it comes from one of
# the libraries named (gnu-efi's, whose Print and MS-ABI wrappers save
# XMM6-15 but run only before ExitBootServices). The world switch leaves
# those registers to the guest (svm/world_switch.S): one such instruction
# in the hypervisor would silently corrupt guest state.
set -euo pipefail
so=${1:?usage: $0 FILE.so LIB.a...}
shift

# svm_guest_fpu_reset (svm/vmsa.c) loads the guest's reset x87/SSE
# state on purpose, before a reset-state guest's first VMRUN.
allowed=$( (for lib in "$@"; do nm --defined-only "$lib" 2>/dev/null; done |
	awk '$2 ~ /^[Tt]$/ { print $3 }'; echo svm_guest_fpu_reset) | sort -u)
used=$(objdump -d --no-show-raw-insn "$so" |
	awk '/^[0-9a-f]+ <.*>:$/ { f = substr($2, 2, length($2) - 3) }
	     /%[xyz]mm[0-9]|%st[ (,]|%st$|%mm[0-7]|%k[0-7]|\t(f[a-z0-9]*|emms|ldmxcsr|stmxcsr|vzeroupper|vzeroall|xsave[a-z0-9]*|xrstor[a-z0-9]*)( |$)/ { print f }' |
	sort -u)
bad=$(comm -23 <(echo "$used") <(echo "$allowed") | sed '/^$/d')
if [ -n "$bad" ]; then
	echo "check-no-fpu: $so: these functions use x87/SSE/AVX state, which the world switch leaves to the guest:" >&2
	echo "$bad" | head -n 20 >&2
	exit 1
fi
echo "check-no-fpu: $so: no FP/SIMD state touched outside gnu-efi ($(echo "$used" | sed '/^$/d' | wc -l) gnu-efi functions)"
