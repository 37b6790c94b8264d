#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Tries snpvisor as a new user would, in a fresh Debian 12 root:
#
#   tools/fresh-debian.sh DIR [COMMAND...]
#
# Makes DIR a minimal Debian 12 system (debootstrap --variant=minbase
# bookworm, plus git, make and ca-certificates; reused when DIR/.fresh-ok
# exists, so delete DIR to start over), with this machine's apt sources,
# clones this repository's HEAD into DIR/root/snpvisor and runs COMMAND
# there as root in a chroot (default: make run, then make test). /proc,
# /sys and /dev are bind-mounted for the run and unmounted after.
# Nothing is shared with this machine's build or caches. Needs root and
# debootstrap (apt-get install debootstrap).
set -euo pipefail

dir=${1:?usage: tools/fresh-debian.sh DIR [COMMAND...]}
shift
[ $# -gt 0 ] || set -- bash -c 'make run && make test'
repo=$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel)
[ "$(id -u)" = 0 ] || { echo "fresh-debian: needs root (debootstrap, chroot)" >&2; exit 1; }
command -v debootstrap >/dev/null ||
	{ echo "fresh-debian: debootstrap missing: apt-get install debootstrap" >&2; exit 1; }

# The archive this machine uses: the first URIs of its own apt sources.
sources=/etc/apt/sources.list.d/debian.sources
mirror=$(awk '$1 == "URIs:" { print $2; exit }' "$sources" 2>/dev/null || true)
[ -n "$mirror" ] || { echo "fresh-debian: no URIs: line in $sources" >&2; exit 1; }

if [ ! -f "$dir/.fresh-ok" ]; then
	echo "fresh-debian: debootstrap bookworm into $dir"
	debootstrap --variant=minbase --include=git,make,ca-certificates \
		bookworm "$dir" "$mirror"
	cp "$sources" "$dir/etc/apt/sources.list.d/"
	: >"$dir/etc/apt/sources.list"
	touch "$dir/.fresh-ok"
fi

rm -rf "$dir/root/snpvisor"
git clone -q "$repo" "$dir/root/snpvisor"

mounts=()
cleanup() {
	local m
	for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do
		umount -l "${mounts[$i]}" 2>/dev/null || true
	done
}
trap cleanup EXIT
for m in proc sys dev dev/pts; do
	mount --bind "/$m" "$dir/$m"
	mounts+=("$dir/$m")
done
cp /etc/resolv.conf "$dir/etc/resolv.conf" 2>/dev/null || true

echo "fresh-debian: running in $dir/root/snpvisor: $*"
chroot "$dir" /usr/bin/env -i HOME=/root TERM="${TERM:-dumb}" \
	PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
	bash -c 'cd /root/snpvisor && exec "$@"' bash "$@"
