#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""`make bench`: what a private/shared conversion costs, snpvisor against
KVM 6.12 and KVM 7.3, on the same guest requests.

Runs workloads 1-5 (tests/bench/bench_engine.c generates them) through
  - snpvisor's engine (build/bench/bench-engine), RMP policy 2M and 4K;
  - KVM 6.12's and 7.3's own code in the reference harness
    (build/kvm-ref/V/{unpatched,patched}/kvm-ref) on scenario files the
    same driver writes;
  - KVM's RMP side derived from its 4 KiB preparation policy
    (bench-engine --backend kvm), which the harness does not run;
each under `valgrind --tool=callgrind` with collection toggled on around the
conversion front end only. Prints a markdown table on stdout, writes
docs/bench.md and docs/bench.png (gnuplot).

Benchmarks print figures; this script fails only when a run breaks (a
request answered with an error, a tool missing), never because of speed.
"""
import argparse
import datetime
import math
import os
import re
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "build", "bench")
ENGINE = os.path.join(OUT, "bench-engine")
# The KVM versions of the reference harness (kvm/ref/build.sh); the
# plot and the derived RMP side stay with the first.
KVM_VERSIONS = ("6.12", "7.3")
KVM = {(v, s): os.path.join(ROOT, "build", "kvm-ref", v, s, "kvm-ref")
       for v in KVM_VERSIONS for s in ("unpatched", "patched")}

ENGINE_TOGGLES = ["snp_vmgexit", "snp_map_gpa_range"]
# KVM's guest-exit handlers and the completions KVM_RUN runs on re-entry
# after userspace answered a KVM_EXIT_HYPERCALL; none calls another.
KVM_TOGGLES = ["sev_handle_vmgexit", "kvm_emulate_hypercall",
               "snp_complete_one_psc", "snp_complete_psc_msr",
               "complete_hypercall_exit",
               # What the VMM calls for each conversion it is asked for
               # (QEMU's kvm_convert_memory()).
               "kvm_vm_ioctl_set_mem_attributes"]

GIB = 1 << 30
MIB = 1 << 20
SIZES = [64 * MIB, 256 * MIB, GIB, 4 * GIB]
DEFAULT_MEM = GIB
PSC_MAX = 253

WORKLOADS = {
    1: "Accept 1 GiB like Linux: 64-entry PSC descriptors, 2M entries, "
       "PVALIDATE 2M with 4K fallback",
    2: "Accept 1 GiB with 4K entries only (64 per descriptor), PVALIDATE 4K",
    3: "4096 pages one at a time through the GHCB MSR protocol "
       "(PSC, then PVALIDATE 4K)",
    4: "1 GiB to private through KVM_HC_MAP_GPA_RANGE, one 2M-aligned call "
       "per 2 MiB (no PVALIDATE)",
    5: "64 MiB private->shared->private in 2M entries (SWIOTLB-like), then "
       "2048 scattered 4K pages (every 8th page of the next 64 MiB) "
       "shared and back; rescind before, validate after",
}


def log(msg):
    print(f"bench: {msg}", file=sys.stderr, flush=True)


def kv(line):
    return {k: (int(v) if re.fullmatch(r"-?\d+", v) else v)
            for k, v in (w.split("=", 1) for w in line.split() if "=" in w)}


def callgrind(cmd, toggles, tag, extra=()):
    """Run cmd under callgrind; return (stdout, instructions collected)."""
    cg = os.path.join(OUT, "cg", f"callgrind.{tag}")
    os.makedirs(os.path.dirname(cg), exist_ok=True)
    vg = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={cg}", *extra]
    vg += [f"--toggle-collect={t}" for t in toggles]
    p = subprocess.run(vg + cmd, capture_output=True, text=True, cwd=ROOT)
    if p.returncode != 0:
        sys.exit(f"bench: {' '.join(cmd)} failed:\n{p.stderr[-2000:]}")
    ir = None
    with open(cg) as f:
        for line in f:
            if line.startswith("summary:") or line.startswith("totals:"):
                ir = int(line.split()[1])
    if ir is None:
        sys.exit(f"bench: no instruction count in {cg}")
    return p.stdout, ir


# snpvisor's RMP back end (the software RMP's operations) and the bench's
# counting view back end, which the front end calls, each with its file:
# snp/view_npt.c has functions of the same names (not called here).
BACKEND_FUNCS = {"sw_update": "mm/rmp_sw.c", "sw_read": "mm/rmp_sw.c",
                 "sw_psmash": "mm/rmp_sw.c",
                 "view_set": "tests/bench/bench_engine.c",
                 "view_prepare": "tests/bench/bench_engine.c"}
# The engine's conversions (snp/convert.c): what KVM leaves to its
# userspace and to KVM_SET_MEMORY_ATTRIBUTES once its front end has
# decoded a request and set up the exit.
CONVERSION_FUNCS = {"snp_convert", "snp_convert_page", "snp_psmash_gpa",
                    "snp_unsmash_gpa"}
# What KVM_SET_MEMORY_ATTRIBUTES calls in the harness that is not KVM's
# code taken from the tree (kvm/ref/harness.c), each with its file: the
# x86 MMU callbacks, which are the NPT side and are stubs (KVM's back
# end), and the stand-ins for the slab allocator, RCU and the bitmap
# helpers.
KVM_BACKEND_FUNCS = {f: "kvm/ref/harness.c" for f in (
    "kvm_arch_pre_set_memory_attributes", "kvm_arch_post_set_memory_attributes",
    "kvm_flush_remote_tlbs", "shim_kmem_cache_alloc_lru", "shim_kmem_cache_free",
    "shim_call_rcu", "radix_tree_node_rcu_free", "shim_find_next_bit",
    "shim_bitmap_empty", "shim_bitmap_fill", "shim_bitmap_clear")}
# KVM_SET_MEMORY_ATTRIBUTES itself (virt/kvm/kvm_main.c).
KVM_ATTR_FUNCS = {"kvm_vm_ioctl_set_mem_attributes"}
# Call chains this deep keep every engine function apart by its callers.
SEPARATE_CALLERS = 16


def cost_split(tag, total, groups):
    """The collected total split by call chain: for each of groups (dicts
    of function name to its file, or to None), the self cost of every
    function context (callgrind --separate-callers) whose call chain holds
    one of its functions and none of an earlier group's. The contexts'
    self costs must add up to total (a cost line this parser did not take
    would otherwise count in no group)."""
    cg = os.path.join(OUT, "cg", f"callgrind.{tag}")
    names, files, cur, fl = {}, {}, None, None
    after_calls, self_cost, file_of = False, {}, {}
    with open(cg) as f:
        for line in f:
            line = line.rstrip("\n")
            m = re.match(r"^(c?fn|fl|fi|fe|cfi|cfl)=\((\d+)\)(?: (.*))?$", line)
            if m:
                kind, i, name = m.groups()
                table = names if kind in ("fn", "cfn") else files
                if name:
                    table[i] = name
                if kind == "fl":
                    fl = files[i]
                elif kind == "fn":
                    cur = names[i]
                    file_of[cur] = fl
                continue
            if line.startswith("calls="):
                after_calls = True  # the next cost line is the call's
                continue
            m = re.match(r"^(?:0x[0-9a-f]+|[+-]\d+|\*|\d+)\s+(\d+)$", line)
            if m and cur is not None:
                if after_calls:
                    after_calls = False
                    continue
                self_cost[cur] = self_cost.get(cur, 0) + int(m.group(1))
    if sum(self_cost.values()) != total:
        sys.exit(f"bench: {cg}: the functions' costs add up to "
                 f"{sum(self_cost.values())}, not {total}: a callgrind "
                 f"option (VALGRIND_OPTS, .valgrindrc) changed the format?")
    sums = [0] * len(groups)
    for ctx, n in self_cost.items():
        # A context is "f'caller'caller's caller..."; gcc's clones
        # (f.isra.0, f.part.0) are f.
        chain = [c.split(".")[0] for c in ctx.split("'")]
        top = chain[0]
        for g in groups:
            if g.get(top) and g[top] not in (file_of[ctx] or ""):
                sys.exit(f"bench: {cg}: {top} ran from {file_of[ctx]}, not "
                         f"{g[top]}: the split cannot tell them apart")
        for i, g in enumerate(groups):
            if any(c in g for c in chain):
                sums[i] += n
                break
    return sums


def engine_split(tag, total):
    """(back end, conversion) instructions of the engine's collected
    total."""
    return tuple(cost_split(tag, total, [BACKEND_FUNCS,
                                         dict.fromkeys(CONVERSION_FUNCS)]))


def size_name(b):
    return f"{b // GIB} GiB" if b >= GIB and b % GIB == 0 else f"{b // MIB} MiB"


def engine_run(w, mem, policy):
    tag = f"engine-{policy}-w{w}-{mem >> 20}M"
    out, ir = callgrind([ENGINE, "--workload", str(w), "--mem", str(mem),
                         "--policy", policy], ENGINE_TOGGLES, tag,
                        [f"--separate-callers={SEPARATE_CALLERS}"])
    r = kv(out.strip().splitlines()[-1])
    r["instr"] = ir
    r["instr_backend"], r["instr_conversion"] = engine_split(tag, ir)
    # A renamed function would silently move its cost into the decode.
    if r["pages"] and not (r["instr_backend"] and r["instr_conversion"]):
        sys.exit(f"bench: {tag}: no instructions in the back-end or "
                 f"conversion functions; are BACKEND_FUNCS and "
                 f"CONVERSION_FUNCS still the engine's names?")
    return r


def kvm_derived(w, mem):
    p = subprocess.run([ENGINE, "--workload", str(w), "--mem", str(mem),
                        "--backend", "kvm"], capture_output=True, text=True,
                       check=True)
    return kv(p.stdout.strip().splitlines()[-1])


def kvm_scenarios(w, mem):
    d = os.path.join(OUT, "scn", f"w{w}-{mem >> 20}M")
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    subprocess.run([ENGINE, "--workload", str(w), "--mem", str(mem),
                    "--backend", "scn", "--out", d], check=True,
                   capture_output=True)
    return sorted(os.path.join(d, f) for f in os.listdir(d))


def parse_kvm_trace(text, where):
    r = {"world_switches": 0, "round_trips": 0, "pages": 0}
    for line in text.splitlines():
        ev = line.split(" ", 1)[0]
        if ev in ("msr.req", "psc.req", "map.req"):
            r["world_switches"] += 1
        elif ev == "conv":
            f = kv(line)
            if f["result"] != "ok":
                sys.exit(f"bench: KVM refused a conversion in {where}: {line}")
            r["round_trips"] += 1
            r["pages"] += f["npages"]
        elif ev == "psc.resp" and "info2=0x0 " not in line + " ":
            sys.exit(f"bench: KVM answered an error in {where}: {line[:120]}")
        elif ev == "msr.resp" and line != "msr.resp val=0x15":
            sys.exit(f"bench: KVM answered an error in {where}: {line}")
        elif ev == "map.resp" and line != "map.resp ret=0x0":
            sys.exit(f"bench: KVM answered an error in {where}: {line}")
        elif ev in ("stop", "ghcb.err"):
            sys.exit(f"bench: KVM stopped the guest in {where}: {line}")
    return r


def kvm_run(w, mem, v, stage, files):
    tag = f"kvm-{v}-{stage}-w{w}-{mem >> 20}M"
    out, ir = callgrind([KVM[(v, stage)]] + files, KVM_TOGGLES, tag,
                        [f"--separate-callers={SEPARATE_CALLERS}"])
    r = parse_kvm_trace(out, f"workload {w} (KVM {v} {stage})")
    r["instr"] = ir
    backend, attr = cost_split(tag, ir, [KVM_BACKEND_FUNCS,
                                         dict.fromkeys(KVM_ATTR_FUNCS)])
    # Without back ends: KVM's PSC code and KVM_SET_MEMORY_ATTRIBUTES;
    # the PSC code alone is the scope of snpvisor's decode column (§).
    r["instr_nobe"] = ir - backend
    r["instr_psc"] = ir - backend - attr
    # A conversion that reached no KVM_SET_MEMORY_ATTRIBUTES would leave
    # the comparison with KVM's PSC code alone.
    if r["pages"] and not attr:
        sys.exit(f"bench: {tag}: no instructions in {sorted(KVM_ATTR_FUNCS)}; "
                 f"is the harness still calling it (kvm/ref/harness.c)?")
    return r


def minimum(w, mem):
    """The architectural minimum for what workload w converts: one world
    switch per 253-entry descriptor of the fewest entries (2M where a whole
    aligned 2 MiB is converted), one RMP update per 2M page (per 4K page
    where only 4K pages change)."""
    if w in (1, 2, 4):
        n = mem // (2 * MIB)
        return {"world_switches": math.ceil(n / PSC_MAX), "rmp_updates": n}
    if w == 3:
        n = 4096 * 4096 // (2 * MIB)
        return {"world_switches": math.ceil(n / PSC_MAX), "rmp_updates": n}
    # 5: 32 2M entries each way, 2048 4K entries each way.
    return {"world_switches": 2 * 1 + 2 * math.ceil(2048 / PSC_MAX),
            "rmp_updates": 2 * 32 + 2 * 2048}


def collect(sizes):
    res = {}
    for w in (1, 2, 3, 4, 5):
        mems = sizes if w in (1, 4) else [DEFAULT_MEM]
        for mem in mems:
            key = (w, mem)
            log(f"workload {w}, {size_name(mem) if w in (1, 2, 4) else 'fixed size'}")
            e2 = engine_run(w, mem, "2m")
            e4 = engine_run(w, mem, "4k")
            files = kvm_scenarios(w, mem)
            kvm = {v: (kvm_run(w, mem, v, "unpatched", files),
                       kvm_run(w, mem, v, "patched", files))
                   for v in KVM_VERSIONS}
            ku, kp = kvm[KVM_VERSIONS[0]]
            kd = kvm_derived(w, mem)
            for v, pair in kvm.items():
                for k in pair:
                    if k["pages"] != e2["pages"]:
                        log(f"note: workload {w}: KVM {v} converted "
                            f"{k['pages']} pages, snpvisor {e2['pages']}")
            res[key] = {"e2m": e2, "e4k": e4, "ku": ku, "kp": kp, "kd": kd,
                        "kvm": kvm, "min": minimum(w, mem),
                        "scn_files": len(files)}
    return res


def per_page(instr, pages):
    if not pages:
        return "-"
    v = instr / pages
    return f"{v:.0f}" if v >= 100 else f"{v:.1f}" if v >= 1 else f"{v:.3f}"


def pv(r):
    return f"{r['pv2m_ok']} / {r['pv2m_sizemismatch']} / {r['pv4k_ok']}"


def main_table(res):
    hdr = ("| W | implementation | world switches (VMGEXIT, VMMCALL) "
           "| KVM userspace round trips | #NPF exits to prepare memory "
           "| RMP updates | PSMASH | PVALIDATE 2M ok / 2M SIZEMISMATCH / 4K ok "
           "| front-end instructions per converted page "
           "| ... without the RMP and view back ends "
           "| ... decode and hand-off only (KVM: its PSC code alone) |")
    rows = [hdr, "|" + "---|" * 11]
    for w in (1, 2, 3, 4, 5):
        x = res[(w, DEFAULT_MEM)]
        e2, e4, ku, kp, kd, mn = x["e2m"], x["e4k"], x["ku"], x["kp"], x["kd"], x["min"]
        for name, e in (("snpvisor rmp-max=2m", e2), ("snpvisor rmp-max=4k", e4)):
            rows.append(f"| {w} | {name} | {e['world_switches']} | - | 0 "
                        f"| {e['rmp_updates']} | {e['psmash']} | {pv(e)} "
                        f"| {per_page(e['instr'], e['pages'])} "
                        f"| {per_page(e['instr'] - e['instr_backend'], e['pages'])} "
                        f"| {per_page(e['instr'] - e['instr_backend'] - e['instr_conversion'], e['pages'])} § |")
        kvm_rows = [(f"KVM {v} {st}", k) for v, pair in x["kvm"].items()
                    for st, k in zip(("unpatched", "patched"), pair)]
        for name, k in kvm_rows:
            rows.append(f"| {w} | {name} | {k['world_switches']} "
                        f"| {k['round_trips']} | {kd['npf_exits']} † "
                        f"| {kd['rmp_updates']} † | 0 † | {pv(kd)} † "
                        f"| {per_page(k['instr'], k['pages'])} "
                        f"| {per_page(k['instr_nobe'], k['pages'])} ‡ "
                        f"| {per_page(k['instr_psc'], k['pages'])} ‡ |")
        rows.append(f"| {w} | *architectural minimum* | {mn['world_switches']} "
                    f"| - | 0 | {mn['rmp_updates']} | - | - | - | - | - |")
    return "\n".join(rows)


def scaling_table(res, sizes):
    rows = ["| W | guest memory | pages | snpvisor 2m: switches / RMP / instr per page "
            "| snpvisor 4k: switches / RMP / instr per page "
            "| KVM 6.12 unpatched: switches + #NPF† / round trips / instr per page "
            "| KVM 6.12 patched: instr per page "
            "| KVM 7.3 unpatched / patched: switches / instr per page "
            "| minimum: switches / RMP |",
            "|" + "---|" * 9]
    for w in (1, 4):
        for mem in sizes:
            x = res[(w, mem)]
            e2, e4, ku, kp, kd, mn = (x["e2m"], x["e4k"], x["ku"], x["kp"],
                                      x["kd"], x["min"])
            k7 = x["kvm"]["7.3"]
            rows.append(
                f"| {w} | {size_name(mem)} | {e2['pages']} "
                f"| {e2['world_switches']} / {e2['rmp_updates']} / "
                f"{per_page(e2['instr'], e2['pages'])} "
                f"| {e4['world_switches']} / {e4['rmp_updates']} / "
                f"{per_page(e4['instr'], e4['pages'])} "
                f"| {ku['world_switches']} + {kd['npf_exits']} / {ku['round_trips']} / "
                f"{per_page(ku['instr'], ku['pages'])} "
                f"| {per_page(kp['instr'], kp['pages'])} "
                f"| {k7[0]['world_switches']} / {k7[1]['world_switches']} / "
                f"{per_page(k7[0]['instr'], k7[0]['pages'])} / "
                f"{per_page(k7[1]['instr'], k7[1]['pages'])} "
                f"| {mn['world_switches']} / {mn['rmp_updates']} |")
    return "\n".join(rows)


def memory_table():
    p = subprocess.run([ENGINE, "--memory"], capture_output=True, text=True,
                       check=True)
    m = kv(p.stdout)
    pg = m["page_bytes"]
    rows = ["| structure | bytes per GiB of guest memory | how |",
            "|---|---|---|",
            f"| software RMP (mm/rmp_sw.c) | {m['rmp_sw_bytes_per_gib']} "
            f"({m['rmp_sw_bytes_per_gib'] // 1024} KiB) | rmp_sw_entry_bytes() = "
            f"{m['rmp_sw_entry_bytes']} per 4 KiB page; a 2 MiB entry "
            f"is kept in one of its region's slots |",
            f"| hardware RMP (architectural) | {16 * GIB // 4096} "
            f"({16 * GIB // 4096 // 1024} KiB) | 16-byte entries per 4 KiB page "
            f"(APM), the same for 2M and 4K entries |",
            f"| nested page tables, 2M leaves | {m['npt_tables_2m'] * pg} "
            f"({m['npt_tables_2m'] * pg // 1024} KiB) | measured: npt_map() of a "
            f"GiB-aligned GiB, {m['npt_tables_2m']} tables (PML4, PDPT, PD) |",
            f"| nested page tables, 4K leaves | {m['npt_tables_4k'] * pg} "
            f"({m['npt_tables_4k'] * pg // 1024} KiB) | measured: the same with "
            f"NPT_NO_LARGE, {m['npt_tables_4k']} tables (512 PTs) |"]
    return "\n".join(rows), m


def plot(res, sizes, mem_info):
    dat = os.path.join(OUT, "bench.dat")
    with open(dat, "w") as f:
        for w in (1, 4):
            f.write(f"# workload {w}: mem_gib e2m_ipp e4k_ipp ku_ipp kp_ipp "
                    "e2m_ws_gib e4k_ws_gib ku_ws_gib ku_ws_npf_gib min_ws_gib "
                    "e2m_rmp_gib e4k_rmp_gib kd_rmp_gib min_rmp_gib "
                    "e2m_fe_ipp e4k_fe_ipp k73u_ipp k73p_ipp\n")
            for mem in sizes:
                x = res[(w, mem)]
                g = mem / GIB
                e2, e4, ku, kp, kd, mn = (x["e2m"], x["e4k"], x["ku"], x["kp"],
                                          x["kd"], x["min"])
                vals = [g, e2["instr"] / e2["pages"], e4["instr"] / e4["pages"],
                        ku["instr"] / ku["pages"], kp["instr"] / kp["pages"],
                        e2["world_switches"] / g, e4["world_switches"] / g,
                        ku["world_switches"] / g,
                        (ku["world_switches"] + kd["npf_exits"]) / g,
                        mn["world_switches"] / g,
                        e2["rmp_updates"] / g, e4["rmp_updates"] / g,
                        kd["rmp_updates"] / g, mn["rmp_updates"] / g,
                        (e2["instr"] - e2["instr_backend"]) / e2["pages"],
                        (e4["instr"] - e4["instr_backend"]) / e4["pages"],
                        x["kvm"]["7.3"][0]["instr"] / x["kvm"]["7.3"][0]["pages"],
                        x["kvm"]["7.3"][1]["instr"] / x["kvm"]["7.3"][1]["pages"]]
                # 0 has no place on a log scale: leave the point out.
                f.write(" ".join(f"{v:.6g}" if v > 0 else "NaN" for v in vals)
                        + "\n")
            f.write("\n\n")
    png = os.path.join(ROOT, "docs", "bench.png")
    gp = os.path.join(OUT, "bench.gp")
    with open(gp, "w") as f:
        f.write(f"""set terminal pngcairo size 1500,1000 font ",10" noenhanced
set output "{png}"
set datafile missing NaN
set multiplot layout 2,3 title "snpvisor vs KVM 6.12 / 7.3: conversion cost against guest memory (x: GiB, log scale); black: architectural minimum"
set logscale x 2
set xtics ("1/16" 0.0625, "1/4" 0.25, "1" 1, "4" 4)
set key font ",8"
set grid
do for [w=0:1] {{
  wl = (w == 0) ? "W1 (PSC accept)" : "W4 (MAP_GPA_RANGE)"
  set title wl . ": front-end instructions per converted page"
  set key top left noopaque
  set logscale y 10
  set yrange [0.05:1e8]
  set ylabel "instructions / 4 KiB page"
  plot "{dat}" index w using 1:2 w lp lw 2 t "snpvisor rmp-max=2m", \\
       "" index w using 1:15 w lp lw 1 dt 3 lc 1 t "snpvisor rmp-max=2m without RMP/view back ends", \\
       "" index w using 1:3 w lp lw 2 lc 2 t "snpvisor rmp-max=4k", \\
       "" index w using 1:16 w lp lw 1 dt 3 lc 2 t "snpvisor rmp-max=4k without RMP/view back ends", \\
       "" index w using 1:4 w lp lw 2 dt 2 lc 3 t "KVM 6.12 unpatched (PSC code + SET_MEMORY_ATTRIBUTES)", \\
       "" index w using 1:5 w lp lw 1 dt 3 lc 4 t "KVM 6.12 patched (same)", \\
       "" index w using 1:17 w lp lw 2 dt 2 lc 6 t "KVM 7.3 unpatched (same)", \\
       "" index w using 1:18 w lp lw 1 dt 3 lc 8 t "KVM 7.3 patched (same)"
  set autoscale y
  set title wl . ": guest->hypervisor world switches per GiB"
  set key center right opaque
  set ylabel "world switches / GiB"
  plot "{dat}" index w using 1:10 w l lw 4 lc rgb "black" t "architectural minimum (1 per 253-entry descriptor)", \\
       "" index w using 1:6 w lp lw 2 lc 1 t "snpvisor (2m and 4k alike)", \\
       "" index w using 1:8 w lp lw 2 dt 2 lc 3 t "KVM 6.12 VMGEXIT/VMMCALL (measured)", \\
       "" index w using 1:9 w lp lw 2 dt 4 lc 7 t "KVM 6.12 + #NPF exits to prepare (derived)"
  set title wl . ": RMP updates per GiB"
  set key center right opaque
  set ylabel "RMP updates / GiB"
  plot "{dat}" index w using 1:14 w l lw 4 lc rgb "black" t "architectural minimum (1 per 2M page)", \\
       "" index w using 1:11 w lp lw 2 lc 1 t "snpvisor rmp-max=2m", \\
       "" index w using 1:12 w lp lw 2 lc 2 t "snpvisor rmp-max=4k", \\
       "" index w using 1:13 w lp lw 2 dt 2 lc 3 t "KVM 6.12 (derived)"
  unset logscale y
}}
unset multiplot
""")
    p = subprocess.run(["gnuplot", gp], capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"bench: gnuplot failed:\n{p.stderr}")
    return png


QEMU_DIR = os.path.join(OUT, "qemu")


def qemu_run(name):
    """Serial log facts and wall time of one QEMU boot, or None."""
    log_path = os.path.join(QEMU_DIR, f"{name}.log")
    t_path = os.path.join(QEMU_DIR, f"{name}.time")
    if not (os.path.exists(log_path) and os.path.exists(t_path)):
        return None
    with open(t_path) as f:
        r = kv(f.read())
    r["wall"] = float(r["wall"])
    with open(log_path, errors="replace") as f:
        text = f.read()
    r["ok"] = "exited code=0" in text
    r["work"] = {}
    for m in re.finditer(r"bench: w(\d) (.*)", text):
        r["work"][int(m.group(1))] = kv(m.group(2))
    # The hypervisor's counters line of the (one) guest, docs/counters.md.
    ctr = {}
    for m in re.finditer(r"^HV: counters (.*?)\r?$", text, re.M):
        ctr = kv(m.group(1))
    for key, name in (("rmp_updates", "rmp_updates"),
                      ("psmash", "psmash"),
                      ("vmgexits", "vmgexits"),
                      ("pv4k", "pvalidate_4k_ok"),
                      ("pv2m", "pvalidate_2m_ok"),
                      ("pv2m_sm", "pvalidate_2m_fail_sizemismatch"),
                      ("exits", "exits")):
        r[key] = ctr.get(name, 0)
    return r


def ratio(a, b):
    return f"{a / b:.2f}" if b else "-"


def qemu_section():
    head = """## Under QEMU TCG: hv.efi, both RMP policies in one run

`tests/bench/bench-qemu.sh` boots hv.efi under QEMU TCG (`-cpu max,phys-bits=48`,
`tools/qemu-run.sh run`) once per policy, one after the other. Wall times
on this shared 2-core machine vary by tens of percent from run to run
(an exit round trip under TCG takes about 11-20 us here): read the
ratios, not the absolute values. W2 and W3 take the same path under both
policies (4 KiB entries, 4 KiB PVALIDATE), so their ratios show the
noise. Under TCG every PVALIDATE is an exit (#UD, emulated by the
hypervisor), which is why the 4K fallback costs so much here.
"""
    conv = {p: qemu_run(f"bench-conv-{p}") for p in ("2m", "4k")}
    lin = {p: qemu_run(f"linux-{p}") for p in ("2m", "4k")}
    out = [head]
    if not all(conv.values()) or not all(r["ok"] for r in conv.values()):
        out.append("Workloads 1-3: **not measured in this run**: the bench-conv "
                   "boot failed or did not run (build/bench/qemu/).\n")
    else:
        out.append("Workloads 1-3 (tests/bench/guest/: 128 MiB for W1 "
                   "and W2, 4096 pages for W3; guest mem=256M), time measured "
                   "by the guest with RDTSC around the workload, exits counted "
                   "by the hypervisor:\n")
        out.append("| W | TSC cycles rmp-max=2m | TSC cycles rmp-max=4k "
                   "| time ratio 4k / 2m | exits 2m / 4k "
                   "| PVALIDATE 2M ok / 2M SIZEMISMATCH / 4K ok, 2m | ... 4k |")
        out.append("|---|---|---|---|---|---|---|")
        for w in (1, 2, 3):
            a, b = conv["2m"]["work"].get(w), conv["4k"]["work"].get(w)
            if not a or not b:
                out.append(f"| {w} | - | - | - | - | - | - |")
                continue
            out.append(f"| {w} | {a['tsc']} | {b['tsc']} | {ratio(b['tsc'], a['tsc'])} "
                       f"| {a['exits']} / {b['exits']} "
                       f"| {a['pv2m']} / {a['pv2m_sizemismatch']} / {a['pv4k']} "
                       f"| {b['pv2m']} / {b['pv2m_sizemismatch']} / {b['pv4k']} |")
        out.append("")
    if not all(lin.values()) or not all(r["ok"] for r in lin.values()):
        out.append("Workload 6 (the Linux SNP guest boot of `make run`): **not "
                   "measured in this run**: `make linux-guest` or the boot "
                   "failed (build/bench/qemu/linux-*.log, linux-build.log).\n")
    else:
        a, b = lin["2m"], lin["4k"]
        out.append("Workload 6, the unmodified Linux SNP guest boot of `make run` "
                   "(`linux.bin mem=256M policy=strict`), wall time from QEMU "
                   "start to the guest's exit (OVMF, hv.efi set-up and the "
                   "launch of 256 MiB included); counters from the hypervisor's "
                   "counters line (docs/counters.md):\n")
        out.append("| W | wall s rmp-max=2m | wall s rmp-max=4k | ratio 4k / 2m "
                   "| exits 2m / 4k | VMGEXITs 2m / 4k | RMP updates 2m / 4k "
                   "| PSMASH 2m / 4k | PVALIDATE 2M ok, 2M SIZEMISMATCH, 4K ok: 2m | ... 4k |")
        out.append("|---|---|---|---|---|---|---|---|---|---|")
        out.append(f"| 6 | {a['wall']:.1f} | {b['wall']:.1f} | {ratio(b['wall'], a['wall'])} "
                   f"| {a['exits']} / {b['exits']} | {a['vmgexits']} / {b['vmgexits']} "
                   f"| {a['rmp_updates']} / {b['rmp_updates']} "
                   f"| {a['psmash']} / {b['psmash']} "
                   f"| {a['pv2m']}, {a['pv2m_sm']}, {a['pv4k']} "
                   f"| {b['pv2m']}, {b['pv2m_sm']}, {b['pv4k']} |")
        out.append("")
    return "\n".join(out)


def machine():
    model = "unknown"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    ncpu = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    vg = subprocess.run(["valgrind", "--version"], capture_output=True,
                        text=True).stdout.strip()
    cc = subprocess.run(["gcc", "--version"], capture_output=True,
                        text=True).stdout.splitlines()[0]
    return model, ncpu, vg, cc


def kvm_version():
    src = os.path.join(ROOT, "build", "kvm-src")
    try:
        return ", ".join(sorted(d for d in os.listdir(src)
                                if not d.endswith(".tmp")))
    except OSError:
        return "?"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default=",".join(str(s >> 20) for s in SIZES),
                    help="guest memory sizes in MiB for workloads 1 and 4")
    ap.add_argument("--doc", default=os.path.join(ROOT, "docs", "bench.md"))
    a = ap.parse_args()
    sizes = sorted(int(s) << 20 for s in a.sizes.split(","))
    if DEFAULT_MEM not in sizes:
        sizes = sorted(sizes + [DEFAULT_MEM])
    t0 = time.time()
    res = collect(sizes)
    mt, mem_info = memory_table()
    png = plot(res, sizes, mem_info)
    elapsed = time.time() - t0

    table = main_table(res)
    print("## Conversion cost per workload (guest memory 1 GiB for W1, W2, W4)\n")
    print(table)
    print("\n† derived from KVM 6.12's documented 4 KiB preparation policy, "
          "not run; everything else is measured.\n")
    print("## Scaling (workloads 1 and 4)\n")
    print(scaling_table(res, sizes))
    print("\n## RMP and nested page table memory\n")
    print(mt)

    model, ncpu, vg, cc = machine()
    qemu = qemu_section()
    print("\n" + qemu)
    write_doc(a.doc, res, sizes, table, mt, model, ncpu, vg, cc, qemu, elapsed)
    log(f"host part took {elapsed:.0f} s; wrote {os.path.relpath(a.doc, ROOT)}, "
        f"{os.path.relpath(png, ROOT)}")


def write_doc(path, res, sizes, table, mt, model, ncpu, vg, cc, qemu, elapsed):
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    t0 = os.environ.get("BENCH_T0")
    total = (f"The whole `make bench` took {time.time() - int(t0):.0f} s "
             "(builds included). ") if t0 else ""
    w1 = res[(1, DEFAULT_MEM)]
    wl = "\n".join(f"{w}. {d}" for w, d in WORKLOADS.items())
    with open(os.path.join(ROOT, "tests", "bench", "notes.md")) as f:
        notes = f.read()
    notes = notes.replace("@W1_E2M_INSTR@", per_page(w1["e2m"]["instr"], w1["e2m"]["pages"]))
    doc = f"""<!-- SPDX-License-Identifier: GPL-2.0-only -->
<!-- Written by tests/bench/bench.py (`make bench`); edit tests/bench/notes.md or tests/bench/bench.py, not this file. -->
# Benchmarks: what a private/shared conversion costs

Produced by `make bench` on {now}.

- Machine: {model}, {ncpu} CPUs (`nproc`), shared with other work: only
  instruction counts and event counts are reported for the host part,
  they repeat exactly from run to run; wall times do not.
- Tools: {vg}, {cc}; KVM sources: Debian linux-source-6.12 and
  linux-source-7.3 ({kvm_version()}).
- Commands: `make bench` = `tests/bench/bench.sh`, which builds
  `build/bench/bench-engine` (tests/bench/bench_engine.c + the engine
  sources, `-O2`) and the KVM harness (`make kvm-ref`), then runs
  `tests/bench/bench-qemu.sh` (QEMU part) and `/usr/bin/python3 tests/bench/bench.py`
  (host part, {elapsed:.0f} s in this run). {total}Each host figure comes from
  `valgrind --tool=callgrind --toggle-collect=F ... PROGRAM ARGS`, see
  "What is counted".

## Workloads

{wl}

Guest memory: the GHCB page at GPA 0x1000 in a first 2 MiB region, the
converted memory from GPA 2 MiB on. Workloads 1-4 start from memory that
is not private yet (unaccepted); workload 5 starts from launched memory
(private and validated: 2 MiB RMP entries under rmp-max=2m, 4 KiB under
rmp-max=4k and in KVM, which prepares guest_memfd at 4 KiB). KVM's
memory attributes start as QEMU sets them, all of RAM private, so
accepting memory changes none of them (KVM_SET_MEMORY_ATTRIBUTES checks
every page and finds nothing to do), and W5's conversions change every
page's.

## Conversion cost per workload

{table}

† derived, not run: see "Measured and derived". Everything else is measured.

![plot](bench.png)

`bench.png`: for workloads 1 and 4, front-end instructions per converted
page, world switches per GiB and RMP updates per GiB against guest memory,
with the architectural minimum (one world switch per 253-entry
descriptor, one RMP update per 2 MiB page) as a black line.

## Scaling: workloads 1 and 4 from 64 MiB to 4 GiB

{scaling_table(res, sizes)}

## RMP and nested page table memory

{mt}

The C-bit alias of emulated SNP (snp/view_npt.c) keeps a second set of
upper levels for the private view (one PDPT entry and one PD per GiB, built
up front) and a last-level table per 2 MiB region and view where 4 KiB
leaves are used; a page is mapped in only one view at a time.

{notes}
{qemu}"""
    with open(path, "w") as f:
        f.write(doc)


if __name__ == "__main__":
    main()
