#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Installs the Debian 12 packages snpvisor needs, when missing. Fast when
# everything is there (one dpkg-query); `apt-get update` only runs when
# something has to be installed. Must run as root to install.
#
# Ends with one TAP line: the check that every package is installed.
set -euo pipefail

# Installed without recommends, so everything used is named here:
# libclang-rt-14-dev carries libFuzzer and the sanitizer runtimes (clang
# only recommends it), patch is for kvm/check-patches.sh, gdb for make debug,
# clang-format for make check-format / make format, busybox-static for
# make shell's initramfs, libssl-dev for the
# firmware tests (OpenSSL as an oracle independent of BearSSL),
# python3-cryptography for the attestation verifier (tools/snp-attest.py).
PACKAGES=(
	gnu-efi ovmf qemu-system-x86 newlib-source clang libclang-rt-14-dev
	valgrind gnuplot-nox
	linux-source-6.12 flex bison bc libelf-dev python3 patch
	gcc make binutils gdb clang-format
	cpio xz-utils busybox-static
	libssl-dev python3-cryptography
)

missing_packages() {
	local p status
	for p in "${PACKAGES[@]}"; do
		status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
		[ "$status" = installed ] || echo "$p"
	done
}

mapfile -t missing < <(missing_packages)
if [ "${#missing[@]}" -gt 0 ]; then
	echo "deps: installing ${missing[*]}"
	if [ "$(id -u)" -ne 0 ]; then
		echo "deps: not root; run as root or: apt-get install ${missing[*]}" >&2
		echo "not ok - deps: missing ${missing[*]}"
		exit 1
	fi
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q
	apt-get install -y -q --no-install-recommends "${missing[@]}"
	mapfile -t missing < <(missing_packages)
fi

if [ "${#missing[@]}" -gt 0 ]; then
	echo "not ok - deps: still missing after apt-get: ${missing[*]}"
	exit 1
fi
echo "ok - deps: ${#PACKAGES[@]} Debian packages installed"

# What the packages are for, checked by using it: a package list can be
# complete and a tool still missing (a runtime that came as a recommends).
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { (void)d; (void)n; return 0; }' >"$tmp/f.c"
if clang -fsanitize=fuzzer,address,undefined -o "$tmp/f" "$tmp/f.c" >"$tmp/log" 2>&1; then
	echo "ok - deps: clang links a libFuzzer target with ASan and UBSan"
else
	echo "not ok - deps: clang cannot link a libFuzzer target (libclang-rt-14-dev?):"
	sed 's/^/#   /' "$tmp/log" | head -n 5
	exit 1
fi
for tool in patch gdb qemu-system-x86_64 python3 cpio busybox; do
	command -v "$tool" >/dev/null || { echo "not ok - deps: $tool not on PATH"; exit 1; }
done
echo "ok - deps: patch, gdb, qemu-system-x86_64, python3, cpio and busybox on PATH"
