#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""`make diff`: the same scenarios through snpvisor's engine and KVM 6.12.

usage: diff.py [--engine BIN] [--kvm-dir DIR] [--quiet] SCENARIO...

Runs every scenario through
  - snpvisor's conversion engine (tests/diff/scn_engine.c),
  - KVM 6.12 as shipped and with kvm/patches applied, one harness per
    patch stage (kvm/ref/build.sh: stage-0 .. stage-N),
and prints per scenario a side-by-side of what the guest sees and the range
conversions, with every difference labelled by its entry in
docs/kvm-divergences.md.

Labelling (kvmdiff/rules.py):
  - unpatched vs patched KVM: stage k-1 and stage k differ by one patch;
    a trace that changes between them is labelled with the entry whose
    "Fixed by:" names that patch.
  - snpvisor vs patched KVM: request by request, a difference is explained
    when one of the registered rules, each tied to one entry, turns one
    side into the other. What no rule explains is an unexplained difference.

Prints TAP lines ("ok - ..." / "not ok - ...") for the real checks and
exits non-zero on any unexplained difference or failed expectation.
"""
import argparse
import os
import re
import sys

sys.dont_write_bytecode = True
from kvmdiff import TOP  # noqa: E402
from kvmdiff import report, rules, trace  # noqa: E402
from kvmdiff.scenario import scenario_facts  # noqa: E402

DOC = os.path.join(TOP, "docs", "kvm-divergences.md")


def harness_stages(kvm_dir):
    """[(k, dir)] of kvm/ref/build.sh's stages, and kvm/patches."""
    stages = sorted((int(d.split("-")[1]), os.path.join(kvm_dir, d))
                    for d in os.listdir(kvm_dir) if re.match(r"stage-\d+$", d))
    patches = sorted(p for p in os.listdir(os.path.join(TOP, "kvm/patches"))
                     if p.endswith(".patch"))
    if len(stages) != len(patches) + 1:
        sys.exit("diff.py: %d harness stages for %d patches: run kvm/ref/build.sh"
                 % (len(stages), len(patches)))
    return stages, patches


def compare(facts, sv, stages, stage_label, patches, version, counts):
    """(rows, labels, unpatched labels, problems) of one scenario;
    counts the scenario under each of its labels."""
    un, pa = stages[0], stages[-1]
    up_labels, problems = rules.patch_labels(stages, stage_label, patches)
    if sv["na"]:
        nreq = max(list(pa["reqs"]) + list(sv["reqs"]) + [-1]) + 1
        labelled = ((r, []) for r in range(nreq))
    else:
        labelled = rules.classify(facts, sv["reqs"], pa["reqs"], version)
    rows = []
    labels_all = set()
    for r, lab in labelled:
        if lab is None:
            problems.append("req %d: snpvisor and patched KVM differ" % r)
            lab = ["UNEXPLAINED"]
        ulab = up_labels.get(r, [])
        for l in lab + ulab:
            counts.setdefault(l, set()).add(facts["name"])
        labels_all.update(lab + ulab)
        s_l = trace.results(sv["reqs"].get(r, []))
        cols = [s_l if not sv["na"] else ["(n/a)"],
                trace.results(pa["reqs"].get(r, [])),
                trace.results(un["reqs"].get(r, []))]
        rows += report.request_rows(
            r, sv["reqs"].get(r) or pa["reqs"].get(r) or [], cols, lab, ulab)
    return rows, labels_all, up_labels, problems


def main():
    ap = argparse.ArgumentParser(prog="diff.py")
    ap.add_argument("--engine", default=os.path.join(TOP, "build/diff/scn-engine"))
    ap.add_argument("--kvm-dir", default=os.path.join(TOP, "build/kvm-ref"))
    ap.add_argument("--quiet", action="store_true")
    ap.add_argument("scenarios", nargs="+", metavar="SCENARIO")
    a = ap.parse_args()

    entries = rules.load_entries(DOC)
    stages, patches = harness_stages(a.kvm_dir)
    stage_label = rules.stage_labels(entries, patches)
    release = trace.kvm_release(stages[0][1])
    version = trace.kvm_version(release)

    snp = trace.run(a.engine, a.scenarios)
    kvm = [trace.run(os.path.join(d, "kvm-ref"), a.scenarios)
           for _, d in stages]

    tap = report.Tap()
    counts = {}
    for path in a.scenarios:
        facts = scenario_facts(path)
        name = facts["name"]
        if name not in kvm[0]:
            tap.check(False, "%s: scenario did not parse" % name)
            continue
        sv = snp.get(name, {"na": True, "reqs": {}})
        rows, labels_all, up_labels, problems = compare(
            facts, sv, [st[name] for st in kvm], stage_label, patches,
            version, counts)
        if not a.quiet or problems:
            print("== %s (%s)" % (name, os.path.relpath(path, TOP)))
            print(report.header(release))
            print("\n".join(rows))
        for lab in sorted(labels_all - {"UNEXPLAINED", "?"}):
            if lab not in entries:
                problems.append("label %s has no entry in "
                                "docs/kvm-divergences.md" % lab)
        ids = sorted(labels_all - {"UNEXPLAINED"}, key=report.label_key)
        tap.check(not problems, "%s: %s%s" % (
            name, "; ".join(problems) if problems else
            "every difference explained", " [%s]" % " ".join(ids) if ids else ""))
        unpatched = {l for v in up_labels.values() for l in v}
        for side, label in facts["expects"]:
            if side == "unpatched":
                got = label in unpatched
            else:
                got = label in labels_all and label not in unpatched
            tap.check(got, "%s: %s KVM shows %s (%s)" % (
                name, side, label, entries.get(label, {}).get("title", "?")))

    print("\n".join(report.class_counts(counts, entries)))
    print("\n".join(tap.lines))
    return 1 if tap.failures else 0


if __name__ == "__main__":
    sys.exit(main())
