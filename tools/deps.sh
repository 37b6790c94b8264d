#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Installs the Debian 12 packages snpvisor needs, when missing. Fast when
# everything is there (one dpkg-query); `apt-get update` only runs when
# something has to be installed. Must run as root to install.
#
# Ends with one TAP line: the check that every package is installed.
set -euo pipefail

PACKAGES=(
	gnu-efi ovmf qemu-system-x86 newlib-source clang valgrind gnuplot-nox
	linux-source-6.12 flex bison bc libelf-dev python3
	gcc make binutils
	cpio
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
