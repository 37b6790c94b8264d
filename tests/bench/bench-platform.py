#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""The emulated platform's part of `make bench` (docs/bench-platform.md).

1. Host instructions of one timer interrupt round trip through hv/pc.c
   (tests/bench/bench_platform.c under callgrind), for the PIT through
   the 8259A and for the APIC timer: (instructions for 2000 round trips -
   instructions for 1000) / 1000, so set-up and exit costs cancel.
2. An idle guest under QEMU TCG (tests/guests/idle-timer): 250 PIT ticks
   at 250 Hz slept through in HLT: exits per tick, exits per second,
   share of the time halted, from the guest's bench line and the
   hypervisor's counters line.
Writes docs/bench-platform.md and prints it. Exits non-zero when a
measurement could not be made.
"""
import os
import re
import subprocess
import sys

sys.dont_write_bytecode = True
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "build", "bench", "platform")
SRCS = ["tests/bench/bench_platform.c", "hv/pc.c", "tests/lib/log_host.c"] + \
    sorted("dev/" + f for f in os.listdir(os.path.join(ROOT, "dev"))
           if f.endswith(".c") and f != "fuzz.c")


def run(cmd, **kw):
    p = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, **kw)
    if p.returncode != 0:
        sys.exit(f"bench-platform: {' '.join(cmd)} failed:\n{p.stdout[-1500:]}{p.stderr[-1500:]}")
    return p.stdout


def instructions(binary, kind, n):
    cg = os.path.join(OUT, f"callgrind.{kind}.{n}")
    run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={cg}",
         "--toggle-collect=round_trips", binary, kind, str(n)])
    with open(cg) as f:
        for line in f:
            if line.startswith(("summary:", "totals:")):
                return int(line.split()[1])
    sys.exit(f"bench-platform: no instruction count in {cg}")


def kv(line):
    return {k: int(v) for k, v in re.findall(r"(\w+)=(\d+)", line)}


def main():
    os.makedirs(OUT, exist_ok=True)
    binary = os.path.join(OUT, "bench_platform")
    run(["gcc", "-std=gnu11", "-O2", "-g", "-I.", "-o", binary] + SRCS)
    host = {}
    for kind in ("pit", "apic"):
        host[kind] = (instructions(binary, kind, 2000) -
                      instructions(binary, kind, 1000)) / 1000
    log = os.path.join(OUT, "idle-timer.log")
    with open(log, "w") as f:
        subprocess.run(["tools/qemu-run.sh", "run", "--timeout", "120",
                        "--cpu", "max,phys-bits=48", "idle-timer.bin"],
                       cwd=ROOT, stdout=f, stderr=subprocess.STDOUT,
                       stdin=subprocess.DEVNULL)
    text = open(log, errors="replace").read()
    g = re.search(r"bench: idle-timer (.*)", text)
    c = re.search(r"HV: counters guest=idle-timer (.*)", text)
    hz = re.search(r"TSC (\d+) kHz", text)
    if not (g and c and hz):
        sys.exit(f"bench-platform: the idle-timer run gave no figures ({log})")
    g, c, khz = kv(g.group(1)), kv(c.group(1)), int(hz.group(1))
    secs = g["cycles"] / (khz * 1000)
    rows = [
        ("host instructions per PIT tick (8259A, INTA, EOI, next event)", f"{host['pit']:.0f}"),
        ("host instructions per APIC timer tick (INTA, EOI, next event)", f"{host['apic']:.0f}"),
        ("idle guest: exits per tick (HLT, then the EOI port write)", f"{g['exits'] / g['ticks']:.2f}"),
        ("idle guest: exits per second", f"{g['exits'] / secs:.0f}"),
        ("idle guest: time halted", f"{100 * c['halted_us'] / 1e6 / (c['cycles_run'] / (khz * 1000)):.1f} %"),
        ("idle guest: ticks caught up two in one wake-up (reinjected)", str(g["doubles"])),
    ]
    md = ["<!-- SPDX-License-Identifier: GPL-2.0-only -->",
          "# Platform bench (written by tests/bench/bench-platform.py)", "",
          "What an idle guest costs on the emulated PC (docs/devices.md). The",
          "host instruction counts are hv/pc.c's work per tick, measured under",
          "callgrind on the host; the world switch and exit decoding are not",
          "in them. The exit counts come from the idle-timer guest under QEMU",
          f"TCG (`-cpu max`): {g['ticks']} PIT ticks at 250 Hz in {secs:.2f} s of TSC time.",
          "", "| measure | value |", "|---|---|"]
    md += [f"| {a} | {b} |" for a, b in rows]
    md.append("")
    with open(os.path.join(ROOT, "docs", "bench-platform.md"), "w") as f:
        f.write("\n".join(md))
    print("\n".join(md))


if __name__ == "__main__":
    main()
