#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Lazy against eager acceptance, the OVMF part of `make bench`
(docs/bench-ovmf.md).

Boots Debian 13's OVMF then the Debian kernel (build/guests/ovmf-linux.bin)
with 6 GiB of guest RAM (mem=6G: 3 GiB below 4 GiB, the rest less the
4 MiB flash above it, hv/vm.h vm_ram_split) in a 9 GiB QEMU (q35 puts
2 GiB of QEMU's RAM below 4 GiB, and the guest's RAM is one host block
above it), once as Linux's default (lazy acceptance) and once with
accept_memory=eager (ovmf-linux-eager.bin), CPU max, QEMU TCG.

For each: the wall time from QEMU's start to each boot phase, told by
the first line of the hypervisor's log that marks it (each line is
stamped when it arrives); the conversion counters and their part above
4 GiB (above4g_*, hv/conv_high.h), against the architectural minimum for
the memory accepted there (one 2 MiB RMP update and one 2 MiB PVALIDATE
per 2 MiB); the hypervisor memory the guest costs (the software RMP
table and the nested page tables at the end), per GiB of guest RAM.
Writes docs/bench-ovmf.md and prints it. Figures only: exits non-zero
only when a run could not be made.
"""
import os
import re
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "build", "bench", "ovmf")
DOC = os.path.join(ROOT, "docs", "bench-ovmf.md")
CPU = "max,phys-bits=48"
QEMU_MEM = "9G"
GUEST_MEM = "6G"
RUNS = [("lazy", "ovmf-linux.bin"), ("eager", "ovmf-linux-eager.bin")]

# (phase, regex of the first line that marks its start)
PHASES = [
    ("hv.efi's first VMRUN (OVMF SEC)", r"^HV: guest \S+: first VMRUN"),
    ("OVMF PEI (fw_cfg etc/system-states)",
     r"^HV: guest \S+: fw_cfg: key 0x21 "),
    ("OVMF DXE (fw_cfg kernel items)", r"^HV: guest \S+: fw_cfg: key 0x17 "),
    ("OVMF BDS (the guest's console)", r"^\[[^]]+\] "),
    ("Linux (its first line)", r"^\[[^]]+\] \[ *0\.0+\] Linux version"),
    ("/init", r"^\[[^]]+\] \[ *[0-9.]+\] Run /init"),
    ("the guest's exit", r"^HV: guest \S+ exited code="),
]


def run(name, image):
    """One boot: {phase: seconds}, the counters, the log's text."""
    log = os.path.join(OUT, f"{name}.log")
    cmd = ["tools/qemu-run.sh", "run", "--cpu", CPU, "--mem", QEMU_MEM,
           "--timeout", "900", image, f"mem={GUEST_MEM}"]
    print(f"bench-ovmf: {name}: {' '.join(cmd)}", file=sys.stderr)
    t0 = time.monotonic()
    at, lines = {}, []
    with subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                          text=True, errors="replace") as p:
        for line in p.stdout:
            t = time.monotonic() - t0
            lines.append(f"{t:9.3f} {line}")
            for phase, rx in PHASES:
                if phase not in at and re.search(rx, line):
                    at[phase] = t
    with open(log, "w") as f:
        f.writelines(lines)
    text = "".join(lines)
    if not re.search(r"exited code=0 ", text):
        sys.exit(f"bench-ovmf: {name} did not end with 'exited code=0', see {log}")
    m = re.search(r"HV: counters guest=\S+ (.*)", text)
    ctr = dict(kv.split("=", 1) for kv in m.group(1).split()) if m else {}
    ctr = {k: int(v) for k, v in ctr.items() if v.isdigit()}
    m = re.search(r"rmp: software RMP over \S+ \((\d+) KiB of table\)", text)
    ctr["rmp_table_kib"] = int(m.group(1)) if m else 0
    m = re.search(r"HV: vm \S+: (\d+) MiB RAM", text)
    ctr["ram_mib"] = int(m.group(1)) if m else 0
    m = re.search(r"\] \[ *([0-9.]+)\] Run /init", text)
    ctr["guest_s_init"] = f"{float(m.group(1)):.2f}" if m else "?"
    return at, ctr


def main():
    os.makedirs(OUT, exist_ok=True)
    r = subprocess.run(["make", "--no-print-directory", "all", "ovmf-linux-guest"],
                       cwd=ROOT, capture_output=True, text=True)
    if r.returncode:
        sys.exit(f"bench-ovmf: make ovmf-linux-guest failed:\n{r.stderr[-2000:]}")
    res = {name: run(name, img) for name, img in RUNS}

    def row(label, f):
        return f"| {label} | " + " | ".join(f(res[n]) for n, _ in RUNS) + " |"

    first = PHASES[0][0]

    def sec(phase):
        def f(x):
            if phase not in x[0] or first not in x[0]:
                return "-"
            return f"{x[0][phase]:.1f} ({x[0][phase] - x[0][first]:.1f})"
        return f

    def key(k):
        return lambda x: f"{x[1].get(k, 0):,}"

    def acc_mib(x):
        return x[1].get("above4g_to_private", 0) * 4 // 1024

    def minimum(x):
        return f"{acc_mib(x) // 2:,}"

    def hv_kib(x):
        return x[1]["rmp_table_kib"] + x[1].get("npt_tables", 0) * 4

    def per_gib(x):
        gib = x[1]["ram_mib"] / 1024 or 1
        return f"{hv_kib(x) / gib:,.0f}"

    out = [
        "<!-- SPDX-License-Identifier: GPL-2.0-only -->",
        "# Lazy against eager acceptance (tests/bench/bench-ovmf.py)",
        "",
        "Written by `make bench` (`/usr/bin/python3 tests/bench/bench-ovmf.py`",
        "runs this part alone). Debian 13's OVMF then the Debian 6.12 cloud",
        f"kernel to /init, mem={GUEST_MEM} (guest RAM: 3 GiB below 4 GiB, the",
        "rest less the 4 MiB flash above it) in a",
        f"{QEMU_MEM} QEMU, CPU {CPU.split(',')[0]}, QEMU TCG on a shared host:",
        "wall times are one run each and move by seconds with the host's load;",
        "the counts do not depend on it. *lazy* is Linux's default, *eager*",
        "boots with `accept_memory=eager`. OVMF leaves all RAM above 4 GiB",
        "unaccepted (EFI_UNACCEPTED_MEMORY); `above4g_*` are the requests placed",
        "there (hv/conv_high.h, docs/counters.md).",
        "",
        "## Wall time from QEMU's start (s)",
        "",
        "In brackets: from hv.efi's first VMRUN of the guest, the guest's own",
        "boot. Before it, QEMU's firmware loads hv.efi and the images and",
        "hv.efi zeroes the guest's 6 GiB (TCG: most of that time, and the most",
        "sensitive to the host's load).",
        "",
        "| phase starts | " + " | ".join(n for n, _ in RUNS) + " |",
        "|---|" + "---:|" * len(RUNS),
    ]
    out += [row(p, sec(p)) for p, _ in PHASES]
    out += [row("guest clock at /init (s)", lambda x: x[1]["guest_s_init"])]
    out += [
        "",
        "## Acceptance above 4 GiB",
        "",
        "| | " + " | ".join(n for n, _ in RUNS) + " |",
        "|---|" + "---:|" * len(RUNS),
        row("accepted above 4 GiB (MiB, pages made private)",
            lambda x: f"{acc_mib(x):,}"),
        row("page-state changes (GHCB page + MSR protocol)",
            lambda x: f"{x[1].get('above4g_ghcb_psc', 0) + x[1].get('above4g_msr_psc', 0):,}"),
        row("PSC entries", key("above4g_psc_entries")),
        row("RMP updates", key("above4g_rmp_updates")),
        row("2 MiB PVALIDATEs", key("above4g_pvalidate_2m_ok")),
        row("4 KiB PVALIDATEs", key("above4g_pvalidate_4k_ok")),
        row("PSMASHes", key("above4g_psmash")),
        row("architectural minimum: 2 MiB RMP updates = 2 MiB PVALIDATEs",
            minimum),
        "",
        "## The whole run",
        "",
        "| | " + " | ".join(n for n, _ in RUNS) + " |",
        "|---|" + "---:|" * len(RUNS),
        row("exits", key("exits")),
        row("VMGEXITs", key("vmgexits")),
        row("PSC entries", key("psc_entries")),
        row("RMP updates", key("rmp_updates")),
        row("2 MiB PVALIDATEs", key("pvalidate_2m_ok")),
        row("4 KiB PVALIDATEs", key("pvalidate_4k_ok")),
        row("pages made shared", key("to_shared")),
        "",
        "## Hypervisor memory",
        "",
        "| | " + " | ".join(n for n, _ in RUNS) + " |",
        "|---|" + "---:|" * len(RUNS),
        row("guest RAM (MiB)", key("ram_mib")),
        row("software RMP table (KiB; 8 bytes per 4 KiB, flash included)",
            key("rmp_table_kib")),
        row("nested page tables at the end (4 KiB each)", key("npt_tables")),
        row("KiB per GiB of guest RAM", per_gib),
        "",
        "Not counted: the engine's and the vCPU's fixed state (the VMCB,",
        "the permission maps, the firmware model's pages), which do not grow",
        "with the guest's RAM.",
        "",
    ]
    text = "\n".join(out)
    with open(DOC, "w") as f:
        f.write(text)
    print(text)


if __name__ == "__main__":
    main()
