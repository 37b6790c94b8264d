#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Fails unless the ELF shared object holds only R_X86_64_RELATIVE dynamic
# relocations: gnu-efi's _relocate applies RELATIVE ones and silently
# skips every other type, so anything else would be a wrong pointer at run
# time (see docs/build-notes.md).
set -euo pipefail
so=${1:?usage: $0 FILE.so}

relocs=$(readelf -rW "$so")
bad=$(awk '/^[0-9a-f]+ +[0-9a-f]+ +R_/ && $3 != "R_X86_64_RELATIVE"' <<<"$relocs")
count=$(grep -c 'R_X86_64_RELATIVE' <<<"$relocs" || true)
if [ -n "$bad" ]; then
	echo "check-relocs: $so has relocations other than R_X86_64_RELATIVE:" >&2
	head -n 20 <<<"$bad" >&2
	echo "check-relocs: usually an undefined or preemptible symbol; see docs/build-notes.md" >&2
	exit 1
fi
echo "check-relocs: $so: $count R_X86_64_RELATIVE, no other relocations"
