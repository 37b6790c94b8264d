#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""`make diff-e2e`: the scenario corpus end to end in hv.efi.

usage: e2e.py [--cpu MODEL] [SCENARIO...]

The engine inside hv.efi against its host build, on the same requests
(docs/kvm-diff.md, "End to end in hv.efi"):

  1. build/scn-e2e/ (made by `make`: build/diff/scn-pack) holds the
     relocated scenarios, index.tsv (run / skip with the reason) and the
     request program linked into build/guests/scn-replay.bin.
  2. build/diff/scn-engine --cbit 47 runs the relocated scenarios: the
     expected trace of each.
  3. The replay guest runs under QEMU (tools/qemu-run.sh run, mem=48M
     trace=on): once for every plain scenario, and once per scenario that
     stops the guest (the engine's trace has a `stop` line) or injects a
     conversion failure (`fail` line: the run gets conv-fail=N, the N-th
     conversion of the guest counting from its launch), each with a copy
     of the image whose selection bitmap names only those scenarios. At
     most 2 QEMU at once.
  4. Per scenario, the "HV: trace" lines between the guest's "SCN begin"
     and "SCN end" markers ("SCN req N" becomes "# req N") are compared
     with the expected trace; one TAP line each, skipped scenarios as
     "# SKIP" lines with the reason.

SCENARIO... is the set `make` packed (KVM_SCENARIOS; default every
tests/diff/corpus/*.scn). The first TAP line checks that build/scn-e2e holds
exactly that set; when it does not (a stale pack), nothing runs.

Exits non-zero on any difference, a run that did not complete or a packed
set other than the requested one.
"""
import concurrent.futures
import os
import re
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
E2E = os.path.join(ROOT, "build", "scn-e2e")
ENGINE = os.path.join(ROOT, "build", "diff", "scn-engine")
IMAGE = os.path.join(ROOT, "build", "guests", "scn-replay.bin")
CBIT = 47                     # hv/snp_guest.h SNP_CBIT
MAGIC = b"SCNPROG1"
SEL_WORDS = 4                 # tests/diff/replay/prog.h
RUN_TIMEOUT = 240
# Conversions (view prepare() calls) hv.efi counts before a scenario's
# own: the launch of the low area and of the top 2 MiB (hv/snp_guest.c),
# then the replay guest making the top 2 MiB shared.
HV_CONVS_BEFORE = 3
ANSI = re.compile(r"\x1b\[[0-9;?=]*[a-zA-Z]")
GUEST_LINE = re.compile(r"^\[[^\]]+\] SCN (begin|end|req) (\S+)\s*$")


def read_index():
    rows = []
    with open(os.path.join(E2E, "index.tsv")) as f:
        for line in f:
            p = line.rstrip("\n").split("\t")
            rows.append({"idx": int(p[0]), "name": p[1], "status": p[2],
                         "info": p[3], "path": p[4] if len(p) > 4 else None,
                         "fail": p[5] if len(p) > 5 else "-",
                         "nprivate": int(p[6]) if len(p) > 6 else 0})
    return rows


def scenario_name(path):
    """A scenario's name as the packer reports it: its `name` line, else
    the file name without .scn (tests/diff/scenario.c)."""
    with open(path) as f:
        for line in f:
            w = line.split("#", 1)[0].split()
            if w[:1] == ["name"] and len(w) > 1:
                return w[1]
    return os.path.splitext(os.path.basename(path))[0]


def check_packed_set(rows, paths):
    """TAP line: does build/scn-e2e hold exactly the requested scenarios?"""
    want = sorted(scenario_name(p) for p in paths)
    have = sorted(r["name"] for r in rows)
    if want == have:
        print("ok - e2e packed set: build/scn-e2e holds the %d requested "
              "scenarios" % len(want))
        return True
    missing = sorted(set(want) - set(have))
    extra = sorted(set(have) - set(want))
    print("not ok - e2e packed set: build/scn-e2e holds %d scenarios, %d "
          "requested (not packed: %s; not requested: %s); `make diff-e2e` "
          "repacks when the set changes" % (
              len(have), len(want), " ".join(missing[:5]) or "-",
              " ".join(extra[:5]) or "-"))
    return False


def expected_traces(rows):
    """scn-engine on the relocated scenarios: name -> list of lines."""
    paths = [r["path"] for r in rows]
    out = subprocess.run([ENGINE, "--cbit", str(CBIT)] + paths,
                         capture_output=True, text=True, check=False).stdout
    traces, cur = {}, None
    for line in out.splitlines():
        m = re.match(r"^# scenario (\S+)", line)
        if m:
            cur = traces.setdefault(m.group(1), [])
            continue
        if cur is None:
            continue
        m = re.match(r"^# req (\d+)", line)
        if m:
            cur.append("# req " + m.group(1))
        elif not line.startswith("#") and line.strip():
            cur.append(line)
    return traces


def image_for(tag, selected, nr):
    """A copy of the replay image that runs only the selected scenarios."""
    data = bytearray(open(IMAGE, "rb").read())
    # The program's address from the ELF (the flat image starts at the
    # link address 0x100000, tests/guests/lib/guest.ld).
    syms = subprocess.run(["nm", IMAGE[:-4] + ".elf"], capture_output=True,
                          text=True, check=False).stdout
    m = re.search(r"^([0-9a-f]+) R scn_prog$", syms, re.M)
    at = int(m.group(1), 16) - 0x100000 if m else -1
    if at < 0 or data[at:at + 8] != MAGIC:
        sys.exit("scn-e2e: no scenario program in " + IMAGE)
    words = [0] * SEL_WORDS
    for i in selected:
        words[i // 64] |= 1 << (i % 64)
    for w in range(SEL_WORDS):
        off = at + 24 + 8 * w
        data[off:off + 8] = words[w].to_bytes(8, "little")
    name = "scn-replay-%s.bin" % tag
    with open(os.path.join(ROOT, "build", "guests", name), "wb") as f:
        f.write(data)
    return name


def conv_fail_index(row, exp):
    """hv.efi's conv-fail=N for a scenario's fail line, or (None, why)."""
    kind, _, val = row["fail"].partition(":")
    if kind == "conv":
        return HV_CONVS_BEFORE + int(val), None
    mem = []
    with open(row["path"]) as f:
        for line in f:
            w = line.split()
            if w[:1] == ["mem"]:
                mem.append((int(w[1], 0), int(w[1], 0) + int(w[2], 0)))
    lo, hi = min(m[0] for m in mem), max(m[1] for m in mem)
    gpa, n, hits = int(val, 0), row["nprivate"], []
    for line in exp:
        m = re.match(r"conv gpa=(0x[0-9a-f]+) npages=(\d+) .*result=(\w+)",
                     line)
        if not m:
            continue
        start, npages = int(m.group(1), 16), int(m.group(2))
        end = start + npages * 4096
        # snp_convert calls prepare() only for ranges in guest memory.
        if start & 0xfff or not npages or start < lo or end > hi:
            continue
        n += 1
        if start <= gpa < end:
            hits.append(n)
    if len(hits) != 1:
        return None, ("fail gpa= covers %d conversions; conv-fail= refuses one"
                      % len(hits))
    return HV_CONVS_BEFORE + hits[0], None


def run_qemu(image, cpu, extra=()):
    cmd = [os.path.join(ROOT, "tools", "qemu-run.sh"), "run", "--cpu", cpu,
           image, "mem=48M", "trace=on"] + list(extra)
    start = time.time()
    try:
        p = subprocess.run(cmd, capture_output=True, text=True,
                           errors="replace", timeout=RUN_TIMEOUT, cwd=ROOT,
                           check=False)
        out = p.stdout
        m = re.search(r"^# QEMU exited with status (\d+)", out, re.M)
        rc = int(m.group(1)) if m else "none (rc %d)" % p.returncode
    except subprocess.TimeoutExpired as e:
        out = e.stdout.decode(errors="replace") if isinstance(e.stdout, bytes) \
            else (e.stdout or "")
        rc = "timeout"
    return out, rc, time.time() - start


def parse_run(out):
    """name -> (lines, complete) from one run's serial output."""
    got, cur, name = {}, None, None
    for raw in out.splitlines():
        line = ANSI.sub("", raw).replace("\r", "")
        m = GUEST_LINE.match(line)
        if m:
            kind, arg = m.groups()
            if kind == "begin":
                name = arg
                cur = []
                got[name] = (cur, False)
            elif kind == "end" and name == arg:
                got[name] = (cur, True)
                cur = None
            elif kind == "req" and cur is not None:
                cur.append("# req " + arg)
            continue
        if cur is not None and line.startswith("HV: trace "):
            cur.append(line[len("HV: trace "):].rstrip())
    return got


def short_diff(a, b, limit=12):
    import difflib
    d = list(difflib.unified_diff(a, b, "host scn-engine", "hv.efi",
                                  lineterm="", n=1))
    return d[:limit] + (["... (%d more lines)" % (len(d) - limit)]
                        if len(d) > limit else [])


def main():
    cpu = "max,phys-bits=48"
    args = sys.argv[1:]
    if args[:1] == ["--cpu"]:
        cpu = args[1]
        args = args[2:]
    paths = args or sorted(
        os.path.join(ROOT, "tests", "scenarios", f)
        for f in os.listdir(os.path.join(ROOT, "tests", "scenarios"))
        if f.endswith(".scn"))
    t0 = time.time()
    rows = read_index()
    if not check_packed_set(rows, paths):
        return 1
    runnable = [r for r in rows if r["status"] == "run"]
    skipped = [r for r in rows if r["status"] != "run"]
    expect = expected_traces(runnable)
    stop_names = {r["name"] for r in runnable
                  if any(l.startswith("stop ")
                         for l in expect.get(r["name"], []))}
    alone = [r for r in runnable
             if r["name"] in stop_names or r["fail"] != "-"]
    main_sel = [r["idx"] for r in runnable if r not in alone]
    # (tag, image, selection, guest runs to its end, extra options)
    runs = [("all", image_for("all", main_sel, len(rows)), main_sel, True,
             ())]
    for r in alone:
        extra = ()
        if r["fail"] != "-":
            n, why = conv_fail_index(r, expect.get(r["name"], []))
            if n is None:
                r["status"], r["info"] = "skip", why
                continue
            extra = ("conv-fail=%d" % n,)
        runs.append((r["name"], image_for("s%d" % r["idx"], [r["idx"]],
                                           len(rows)), [r["idx"]],
                     r["name"] not in stop_names, extra))
    skipped += [r for r in runnable if r["status"] != "run"]
    runnable = [r for r in runnable if r["status"] == "run"]

    results = {}
    failed = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as ex:
        futs = {ex.submit(run_qemu, img, cpu, extra):
                (tag, img, sel, to_end, extra)
                for tag, img, sel, to_end, extra in runs}
        for fut in concurrent.futures.as_completed(futs):
            tag, img, sel, to_end, extra = futs[fut]
            out, rc, secs = fut.result()
            got = parse_run(out)
            results.update(got)
            # The main run must end with the guest's own pass; a stop run
            # ends with the hypervisor stopping the guest (status 5).
            want = 1 if to_end else 5
            if rc != want:
                failed += 1
                print("not ok - e2e run %s [%s]: QEMU status %s, expected %d "
                      "(%.0f s)" % (tag, cpu, rc, want, secs))
                for l in [l for l in out.splitlines() if l.strip()][-8:]:
                    print("#   " + ANSI.sub("", l).replace("\r", ""))
            else:
                print("ok - e2e run %s [%s]: %d scenario(s)%s, QEMU status "
                      "%s (%.0f s)" % (tag, cpu, len(sel),
                                       "".join(" " + e for e in extra), rc,
                                       secs))
            os.unlink(os.path.join(ROOT, "build", "guests", img))

    equal = differ = 0
    for r in runnable:
        name, exp = r["name"], expect.get(r["name"])
        if name not in results:
            differ += 1
            print("not ok - e2e %s: no trace from hv.efi (the guest never "
                  "reached it)" % name)
            continue
        lines, complete = results[name]
        if not complete and name not in stop_names:
            differ += 1
            print("not ok - e2e %s: the guest did not reach its end marker"
                  % name)
            for l in lines[-6:]:
                print("#   " + l)
            continue
        if exp == lines:
            equal += 1
            print("ok - e2e %s: hv.efi trace equals host engine trace "
                  "(%d lines, offset %s)" % (name, len(lines), r["info"]))
        else:
            differ += 1
            print("not ok - e2e %s: hv.efi trace differs from host engine "
                  "trace" % name)
            for l in short_diff(exp or [], lines):
                print("#   " + l)
    for r in skipped:
        print("ok - e2e %s # SKIP %s" % (r["name"], r["info"]))
    print("# e2e: %d scenarios: %d compared (%d equal, %d differ), "
          "%d skipped, %d QEMU runs on %s, %.0f s"
          % (len(rows), equal + differ, equal, differ, len(skipped),
             len(runs), cpu, time.time() - t0))
    return 1 if differ or failed else 0


if __name__ == "__main__":
    sys.exit(main())
