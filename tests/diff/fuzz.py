#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Differential fuzzing: random conversion requests through snpvisor's
engine and every KVM version of the reference (6.12 and 7.3, each as
shipped and patched: the five implementations of `make diff`), every
difference classified by the rules of kvmdiff/rules.py
(docs/kvm-divergences.md), like tests/diff/diff.py's: snpvisor against
patched KVM by the rules registered for that version, unpatched against
patched by the patch stages.

usage: fuzz.py [--seconds N] [--seed S] [--batch N]

Random scenarios (docs/scenario-format.md) are written in batches under
build/fuzz-diff/, each batch runs through both programs once, and every
request's results are compared. A difference no rule explains is kept as
build/fuzz-diff/failures/<name>.scn and fails the run. Prints one TAP
line with the number of scenarios and requests executed and the count of
each divergence class.
"""
import argparse
import os
import random
import sys
import time

sys.dont_write_bytecode = True
from kvmdiff import TOP, harness, rules, trace  # noqa: E402
from kvmdiff.scenario import scenario_facts  # noqa: E402

OUT = os.path.join(TOP, "build", "fuzz-diff")

MEM = [(0x0, 0x1000000)]		# 16 MiB of guest memory
GHCB = 0x1000


def r_gfn(rng):
    c = rng.random()
    if c < 0.03:
        # The GHCB's own page: D23 inside one request, D24 when a later
        # request uses the GHCB made private.
        return GHCB >> 12
    if c < 0.80:
        return rng.choice([0x200, 0x3fe, 0x400, 0x5ff, 0x600, 0x800]) + \
            rng.randrange(0, 8)
    if c < 0.95:
        return rng.randrange(0x200, 0x1000)
    return rng.choice([0x1000, 0x5000, 0xfffffffff, rng.getrandbits(40)])


def r_op(rng):
    return rng.choices([1, 2, 3, 4, 0, 5, 15], [40, 40, 5, 5, 3, 3, 4])[0]


def r_entry(rng, prev):
    """One PSC entry, often continuing the previous one."""
    huge = rng.random() < 0.25
    if prev and rng.random() < 0.6:
        gfn = prev[0] + (512 if prev[1] else 1)
        op = prev[2] if rng.random() < 0.8 else r_op(rng)
    else:
        gfn, op = r_gfn(rng), r_op(rng)
    if huge and rng.random() < 0.85:
        gfn &= ~0x1ff
    n = 512 if huge else 1
    c = rng.random()
    cur_page = 0 if c < 0.75 else n if c < 0.85 else \
        rng.randrange(1, n + 1) if c < 0.97 else rng.randrange(0, 0x1000)
    rsvd = rng.randrange(0, 0x80) if rng.random() < 0.05 else 0
    return (gfn, huge, op, cur_page, rsvd)


def r_psc(rng, lines):
    nent = rng.choice([1, 1, 2, 3, 4, 6, 8, 16])
    ents = []
    prev = None
    for _ in range(nent):
        prev = r_entry(rng, prev)
        ents.append(prev)
    args = []
    if rng.random() < 0.15:
        args.append("cur=%d" % rng.randrange(0, nent + 2))
    if rng.random() < 0.10:
        args.append("end=%d" % rng.choice([0, nent - 1, nent, 252, 253,
                                           rng.randrange(0, 0x10000)]))
    if rng.random() < 0.05:
        args.append("rsvd=0x%x" % rng.getrandbits(32))
    if rng.random() < 0.05:
        args.append("scratch=+0x%x" % rng.choice([0x808, 0x400, 0xfe8, 0xff0]))
    lines.append("psc " + " ".join(args))
    for gfn, huge, op, cur_page, rsvd in ents:
        lines.append("  e %d 0x%x %s cur_page=%d rsvd=%d" % (
            op, gfn, "2m" if huge else "4k", cur_page, rsvd))


def r_msr(rng, lines):
    if rng.random() < 0.9:
        v = (r_op(rng) << 52) | ((r_gfn(rng) & (2**40 - 1)) << 12) | 0x014
        if rng.random() < 0.1:
            v |= rng.getrandbits(8) << 56
    else:
        v = (rng.getrandbits(52) << 12) | 0x014
    lines.append("msr 0x%x" % v)


def r_map(rng, lines):
    gpa = r_gfn(rng) << 12
    if rng.random() < 0.05:
        gpa |= rng.randrange(1, 0x1000)
    npages = rng.choice([1, 1, 2, 16, 511, 512, 513, 0,
                         rng.getrandbits(rng.choice([8, 20, 64]))])
    attrs = rng.choice([0x0, 0x10, 0x1, 0x11, 0x2, 0x12])
    if rng.random() < 0.05:
        attrs |= rng.getrandbits(64)
    extra = ""
    if rng.random() < 0.05:
        extra += " cpl=3"
    if rng.random() < 0.05:
        extra += " long=0"
        if rng.random() < 0.5:
            extra += " nr=0x%x" % ((rng.getrandbits(32) << 32) | 12)
    lines.append("map 0x%x %d 0x%x%s" % (gpa, npages, attrs, extra))


def r_scenario(rng, name):
    lines = ["name " + name,
             "mem 0x%x 0x%x shared" % MEM[0],
             "ghcb 0x%x%s" % (GHCB, " unregistered"
                              if rng.random() < 0.02 else "")]
    # What KVM 7.x changed: GHCB version 1 SNP VMs (refused from 6.18).
    if rng.random() < 0.02:
        lines.append("ghcb_version 1")
    # By address: a failure by count would shift with batching. The
    # answer userspace writes: 0/EINVAL/EAGAIN are all 7.2+ accepts.
    if rng.random() < 0.1:
        ret = rng.choice([-1, -1, 22, 11, 1, -22])
        lines.append("fail gpa=0x%x ret=%d" % (r_gfn(rng) << 12, ret))
    for _ in range(rng.randrange(1, 6)):
        k = rng.random()
        if k < 0.6:
            r_psc(rng, lines)
        elif k < 0.85:
            r_msr(rng, lines)
        else:
            r_map(rng, lines)
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(prog="fuzz.py")
    ap.add_argument("--seconds", type=float, default=5.0)
    ap.add_argument("--seed", type=int)
    ap.add_argument("--batch", type=int, default=200)
    ap.add_argument("--kvm", action="append", metavar="VERSION",
                    help="only this KVM version (repeatable)")
    a = ap.parse_args()
    seconds, seed, batch = a.seconds, a.seed, a.batch
    if seed is None:
        seed = int(time.time())
    rng = random.Random(seed)
    engine = os.path.join(TOP, "build/diff/scn-engine")
    vers = harness.versions(os.path.join(TOP, "build/kvm-ref"), a.kvm)
    entries = rules.load_entries(os.path.join(TOP, "docs",
                                              "kvm-divergences.md"))
    labels_of = {v.v: rules.stage_labels(entries, v.patches, v.v)
                 for v in vers}
    os.makedirs(os.path.join(OUT, "failures"), exist_ok=True)

    t0 = time.time()
    nscn = nreq = 0
    counts = {}
    bad = []
    b = 0
    while time.time() - t0 < seconds:
        paths = []
        for i in range(batch):
            name = "fz-%d-%d-%d" % (seed, b, i)
            p = os.path.join(OUT, "batch-%d.scn" % i)
            with open(p, "w") as f:
                f.write(r_scenario(rng, name))
            paths.append(p)
        b += 1
        snp = trace.run(engine, paths)
        # Every stage of every version: the unpatched column is stage 0,
        # the patched one the last; the stages between attribute their
        # difference to one patch.
        kvm = {v.v: [trace.run(v.binary(k), paths)
                     for k in range(len(v.stages))] for v in vers}
        for p in paths:
            facts = scenario_facts(p)
            name = facts["name"]
            s = snp.get(name)
            if s is None or any(name not in st for v in vers
                                for st in kvm[v.v]):
                bad.append(p)
                continue
            nscn += 1
            why = None
            for v in vers:
                stages = [st[name] for st in kvm[v.v]]
                ulabs, probs = rules.patch_labels(stages, labels_of[v.v],
                                                  v.patches)
                if probs:
                    why = probs[0]
                for labs in ulabs.values():
                    for lab in labs:
                        key = "%s@%s/u" % (lab, v.v)
                        counts[key] = counts.get(key, 0) + 1
                for r, labs in rules.classify(facts, s["reqs"],
                                              stages[-1]["reqs"], v.v):
                    nreq += v is vers[0]
                    if labs is None:
                        why = "req %d: snpvisor and KVM %s" % (r, v.v)
                        break
                    for lab in labs:
                        if v.v not in entries.get(lab, {}).get("versions",
                                                                []):
                            why = "%s outside its Versions" % lab
                        key = "%s@%s" % (lab, v.v)
                        counts[key] = counts.get(key, 0) + 1
            if why:
                keep = os.path.join(OUT, "failures", name + ".scn")
                os.replace(p, keep)
                bad.append(keep)
    dt = time.time() - t0
    classes = " ".join("%s:%d" % (d, counts[d]) for d in
                       sorted(counts, key=lambda x: (int(x[1:].split("@")[0]),
                                                     x)))
    print("# fuzz-diff: seed %d, %d scenarios, %d requests, %.1f s" %
          (seed, nscn, nreq, dt))
    for p in bad[:10]:
        print("# unexplained: %s" % os.path.relpath(p, TOP))
    msg = "fuzz-diff: %d scenarios / %d requests through snpvisor and KVM " \
          "%s, patched and unpatched (seed %d)" % (
              nscn, nreq, " and ".join(v.v for v in vers), seed)
    if bad:
        print("not ok - %s: %d with unexplained differences" % (msg, len(bad)))
        return 1
    print("ok - %s: every difference in a documented class [%s]" %
          (msg, classes or "none"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
