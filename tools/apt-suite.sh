#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Runs apt-get or apt-cache against one Debian suite without touching the
# system's apt configuration:
#
#   tools/apt-suite.sh SUITE apt-cache|apt-get ARGS...
#
# SUITE "bookworm" (or "system") is the system's own apt, used as is.
# Any other suite (trixie, trixie-backports, ...) gets a private apt
# configuration of its own under
# ${SNPVISOR_CACHE:-$HOME/.cache/snpvisor}/apt-SUITE/: a sources list
# naming only that suite (so a backports suite's packages are the
# candidates, not the release's), an empty sources.list.d and
# preferences.d, an empty dpkg status, its own package lists and cache.
# The archive URI is read at run time from the system's
# /etc/apt/sources.list.d/debian.sources (the first URIs: of a stanza that
# is not a -security suite), so no host name is written anywhere here;
# the signatures are checked against Debian's archive keyring
# (/usr/share/keyrings/debian-archive-keyring.gpg, which on Debian 12
# carries the Debian 13 keys too). The lists are fetched on first use,
# and again with "apt-get update" through this script.
#
# APT_SUITE_SOURCES=1 adds a deb-src line (for "apt-get source"), in a
# configuration of its own (apt-SUITE-src/), for "bookworm" too.
set -euo pipefail

suite=${1:?usage: tools/apt-suite.sh SUITE apt-cache|apt-get ARGS...}
shift
tool=${1:?usage: tools/apt-suite.sh SUITE apt-cache|apt-get ARGS...}
shift
case $tool in
apt-get | apt-cache) ;;
*) echo "apt-suite: $tool: only apt-get and apt-cache" >&2; exit 2 ;;
esac

src=${APT_SUITE_SOURCES:-0}
case $suite in
bookworm | system) [ "$src" = 1 ] || exec "$tool" "$@" ;;
*[!a-z0-9-]* | '') echo "apt-suite: bad suite name '$suite'" >&2; exit 2 ;;
esac
[ "$suite" = system ] && suite=bookworm

keyring=/usr/share/keyrings/debian-archive-keyring.gpg
[ -r "$keyring" ] || { echo "apt-suite: $keyring missing (package debian-archive-keyring)" >&2; exit 1; }

# The first URI of the first non-security stanza of the system's deb822
# sources; the one-line format as a fallback.
archive_uri() {
	local f=/etc/apt/sources.list.d/debian.sources uri=
	if [ -r "$f" ]; then
		uri=$(awk '
			function flush() {
				if (uris != "" && suites !~ /-security/ && uris !~ /security/ && out == "")
					out = uris
				uris = ""; suites = ""
			}
			/^[ \t]*$/ { flush(); next }
			/^[ \t]*#/ { next }
			tolower($1) == "uris:" { uris = $2 }
			tolower($1) == "suites:" { suites = $0 }
			END { flush(); print out }' "$f")
	fi
	if [ -z "$uri" ] && [ -r /etc/apt/sources.list ]; then
		uri=$(awk '$1 == "deb" && $0 !~ /security/ {
				for (i = 2; i <= NF; i++) if ($i !~ /^\[/ && $i !~ /\]$/) { print $i; exit }
			}' /etc/apt/sources.list)
	fi
	[ -n "$uri" ] || { echo "apt-suite: no archive URI in $f" >&2; return 1; }
	echo "$uri"
}

root=${SNPVISOR_CACHE:-$HOME/.cache/snpvisor}
if ! mkdir -p "$root" 2>/dev/null || ! [ -w "$root" ]; then
	root=$(cd "$(dirname "$0")/.." && pwd)/build
fi
dir=$root/apt-$suite
[ "$src" = 1 ] && dir=$dir-src
mkdir -p "$dir/sources.list.d" "$dir/preferences.d" \
	"$dir/state/lists/partial" "$dir/cache/archives/partial"
[ -e "$dir/status" ] || : >"$dir/status"
list="deb [signed-by=$keyring] $(archive_uri) $suite main"
[ "$src" = 1 ] && list="deb-src [signed-by=$keyring] $(archive_uri) $suite main"
[ "$(cat "$dir/sources.list" 2>/dev/null)" = "$list" ] || {
	echo "$list" >"$dir/sources.list"
	rm -f "$dir/state/lists/"*_Release "$dir/state/lists/"*_InRelease
}

opts=(
	-o "Dir::Etc::sourcelist=$dir/sources.list"
	-o "Dir::Etc::sourceparts=$dir/sources.list.d"
	-o "Dir::Etc::preferences=$dir/preferences"
	-o "Dir::Etc::preferencesparts=$dir/preferences.d"
	-o "Dir::State=$dir/state"
	-o "Dir::State::status=$dir/status"
	-o "Dir::Cache=$dir/cache"
	-o "Acquire::Languages=none"
)

if ! ls "$dir/state/lists/"*InRelease >/dev/null 2>&1 &&
	! { [ "$tool" = apt-get ] && [ "${1:-}" = update ]; }; then
	echo "apt-suite: fetching the $suite package lists into $dir" >&2
	apt-get "${opts[@]}" -q update >&2
fi
exec "$tool" "${opts[@]}" "$@"
