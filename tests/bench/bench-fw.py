#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""The SEV firmware model's part of `make bench` (docs/bench-fw.md).

1. Host instructions per guest request: tests/bench/bench_fw.c under
   callgrind, collecting only inside one_request() (SNP_GUEST_REQUEST
   through the model, fw/guest_msg.c): (instructions for 15 requests -
   instructions for 5) / 10, so the report-signing key's one-time
   generation and the set-up cancel. For MSG_REPORT_REQ and MSG_KEY_REQ.
2. Host instructions of a launch through the model and the software RMP
   (collecting inside launch(): the RMPUPDATEs to Pre-Guest, every
   SNP_LAUNCH_UPDATE in hv/snp_fw.c's order, the VMSA, LAUNCH_FINISH),
   12 MiB of content and the rest zero. Measured at 32 and 64 MiB; each
   further 2 MiB is one identical 2 MiB ZERO update, so 256 MiB and
   1 GiB are 32 MiB's count plus the per-chunk step (checked equal to a
   direct 1 GiB run to the instruction when this was written; a direct
   1 GiB run takes a minute under callgrind).
3. QEMU TCG: the hypervisor's "snp fw linux: launched: ... M Mcycles"
   line from the Linux runs of tests/bench/bench-qemu.sh (256 MiB and
   1 GiB, rmp-max=2m), when they ran.
Writes docs/bench-fw.md and prints it. Exits non-zero when a host
measurement could not be made.
"""
import os
import re
import subprocess
import sys

sys.dont_write_bytecode = True
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "build", "bench", "fw")
QEMU = os.path.join(ROOT, "build", "bench", "qemu")
SRCS = ["tests/bench/bench_fw.c", "fw/model.c", "fw/guest_msg.c",
        "fw/status.c", "mm/rmp.c", "mm/rmp_sw.c", "mm/rmp_hw.c",
        "tests/lib/log_host.c", "build/bearssl/lib/libbearssl-host.a"]


def run(cmd):
    p = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"bench-fw: {' '.join(cmd)} failed:\n{p.stdout[-1500:]}{p.stderr[-1500:]}")
    return p.stdout


def instructions(binary, toggle, mode, n):
    cg = os.path.join(OUT, f"callgrind.{mode}.{n}")
    run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={cg}",
         f"--toggle-collect={toggle}", binary, mode, str(n)])
    with open(cg) as f:
        for line in f:
            if line.startswith(("summary:", "totals:")):
                return int(line.split()[1])
    sys.exit(f"bench-fw: no instruction count in {cg}")


def qemu_launch(name):
    """(pages, Mcycles) of the Linux launch in a bench-qemu log, or None."""
    try:
        text = open(os.path.join(QEMU, f"{name}.log"), errors="replace").read()
    except OSError:
        return None
    m = re.search(r"snp fw linux: launched: (\d+) pages .* (\d+) Mcycles", text)
    return (int(m.group(1)), int(m.group(2))) if m else None


def main():
    os.makedirs(OUT, exist_ok=True)
    binary = os.path.join(OUT, "bench_fw")
    run(["gcc", "-std=gnu11", "-O2", "-g", "-I.", "-isystem",
         "build/bearssl/inc", "-o", binary] + SRCS)
    req = {k: (instructions(binary, "one_request", k, 15) -
               instructions(binary, "one_request", k, 5)) / 10
           for k in ("report", "key")}
    l32 = instructions(binary, "launch", "launch", 32)
    l64 = instructions(binary, "launch", "launch", 64)
    chunk = (l64 - l32) / 16

    def launch(mib):
        return l32 + (mib - 32) / 2 * chunk

    rows = [
        ("instructions per MSG_REPORT_REQ (AES-256-GCM both ways, SHA-384, ECDSA P-384 sign)", f"{req['report']:,.0f}"),
        ("instructions per MSG_KEY_REQ (AES-256-GCM both ways, HKDF-SHA-384)", f"{req['key']:,.0f}"),
        ("launch: instructions per all-zero 2 MiB chunk (one 2 MiB ZERO update: 512 PAGE_INFO hashes)", f"{chunk:,.0f}"),
        ("launch of 256 MiB (12 MiB content), instructions", f"{launch(256):,.0f}"),
        ("launch of 1 GiB (12 MiB content), instructions", f"{launch(1024):,.0f}"),
    ]
    for name, what in (("linux-2m", "256 MiB"), ("linux-1g-2m", "1 GiB")):
        q = qemu_launch(name)
        rows.append((f"QEMU TCG: Linux guest launch, {what}, rmp-max=2m (hypervisor's log)",
                     f"{q[1]} Mcycles ({q[0]} pages)" if q else
                     "not measured (no build/bench/qemu/" + name + ".log)"))
    md = ["<!-- SPDX-License-Identifier: GPL-2.0-only -->",
          "# SEV firmware bench (written by tests/bench/bench-fw.py)", "",
          "What the software SEV firmware (docs/firmware.md) costs. Host",
          "instruction counts are callgrind's, over fw/ and the software RMP",
          "built for the host (gcc -O2, BearSSL's host archive); they leave",
          "out the world switch, the GHCB checks and the hypervisor's copies.",
          "Launch counts: 12 MiB of content, the rest zero, in hv/snp_fw.c's",
          "order; 256 MiB and 1 GiB are the 32 MiB count plus one 2 MiB ZERO",
          "update per further chunk (linear: every such chunk is the same",
          "work). The QEMU rows are the hypervisor's own launch line from the",
          "Linux runs of tests/bench/bench-qemu.sh (TSC cycles under TCG,",
          "`-cpu max`).",
          "", "| measure | value |", "|---|---|"]
    md += [f"| {a} | {b} |" for a, b in rows]
    md.append("")
    with open(os.path.join(ROOT, "docs", "bench-fw.md"), "w") as f:
        f.write("\n".join(md))
    print("\n".join(md))


if __name__ == "__main__":
    main()
