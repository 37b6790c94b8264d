#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""`make diff`: the same scenarios through snpvisor's engine and KVM.

usage: diff.py [--engine BIN] [--kvm-dir DIR] [--kvm VERSION]... [--quiet]
               SCENARIO...

Runs every scenario through
  - snpvisor's conversion engine (tests/diff/scn_engine.c),
  - each KVM version of the reference harness (6.12 and 7.3), as shipped
    and with kvm/patches/V/ applied, one harness per patch stage
    (kvm/ref/build.sh: build/kvm-ref/V/stage-0 .. stage-N),
and prints per scenario a side-by-side of what the guest sees and the range
conversions in five columns (snpvisor, then patched and unpatched KVM per
version), with every difference labelled by its entry in
docs/kvm-divergences.md.

Labelling (kvmdiff/rules.py), per KVM version V:
  - unpatched vs patched KVM V: stage k-1 and stage k differ by one patch;
    a trace that changes between them is labelled with the entry whose
    "Fixed by:" names that patch.
  - snpvisor vs patched KVM V: request by request, a difference is
    explained when one of the rules registered for V, each tied to one
    entry, turns one side into the other. What no rule explains is an
    unexplained difference.
A label must be an entry whose "Versions:" bullet names V.

Prints TAP lines ("ok - ..." / "not ok - ...") for the real checks and
exits non-zero on any unexplained difference or failed expectation.
"""
import argparse
import os
import sys

sys.dont_write_bytecode = True
from kvmdiff import TOP  # noqa: E402
from kvmdiff import harness, report, rules, trace  # noqa: E402
from kvmdiff.scenario import scenario_facts  # noqa: E402

DOC = os.path.join(TOP, "docs", "kvm-divergences.md")


def compare(facts, sv, stages, ver, stage_label):
    """({request: (patched lines, unpatched lines, labels, unpatched
    labels)}, problems) of one scenario against one KVM version."""
    un, pa = stages[0], stages[-1]
    up_labels, problems = rules.patch_labels(stages, stage_label, ver.patches)
    if sv["na"]:
        nreq = max(list(pa["reqs"]) + list(sv["reqs"]) + [-1]) + 1
        labelled = ((r, []) for r in range(nreq))
    else:
        labelled = rules.classify(facts, sv["reqs"], pa["reqs"], ver.v)
    out = {}
    for r, lab in labelled:
        if lab is None:
            problems.append("req %d: snpvisor and patched KVM %s differ"
                            % (r, ver.v))
            lab = ["UNEXPLAINED"]
        out[r] = (pa["reqs"].get(r), un["reqs"].get(r), lab,
                  up_labels.get(r, []))
    return out, problems


def main():
    ap = argparse.ArgumentParser(prog="diff.py")
    ap.add_argument("--engine", default=os.path.join(TOP, "build/diff/scn-engine"))
    ap.add_argument("--kvm-dir", default=os.path.join(TOP, "build/kvm-ref"))
    ap.add_argument("--kvm", action="append", metavar="VERSION",
                    help="only this KVM version (repeatable)")
    ap.add_argument("--quiet", action="store_true")
    ap.add_argument("scenarios", nargs="+", metavar="SCENARIO")
    a = ap.parse_args()

    entries = rules.load_entries(DOC)
    tap = report.Tap()
    for d, e in sorted(entries.items(), key=lambda x: report.label_key(x[0])):
        if not e["versions"]:
            tap.check(False, "docs/kvm-divergences.md: %s has no Versions "
                      "bullet" % d)
    vers = harness.versions(a.kvm_dir, a.kvm)
    labels_of = {}
    traces = {}
    for ver in vers:
        labels_of[ver.v] = rules.stage_labels(entries, ver.patches, ver.v)
        traces[ver.v] = [trace.run(ver.binary(k), a.scenarios)
                         for k in range(len(ver.stages))]
    snp = trace.run(a.engine, a.scenarios)

    counts = report.Counts(vers)
    for path in a.scenarios:
        facts = scenario_facts(path)
        name = facts["name"]
        if any(name not in traces[v.v][0] for v in vers):
            tap.check(False, "%s: scenario did not parse" % name)
            continue
        sv = snp.get(name, {"na": True, "reqs": {}})
        per = {}
        problems = []
        for ver in vers:
            got, probs = compare(facts, sv, [st[name] for st in traces[ver.v]],
                                 ver, labels_of[ver.v])
            per[ver.v] = got
            problems += probs
        nreq = max([r for g in per.values() for r in g] +
                   list(sv["reqs"]) + [-1]) + 1
        rows = []
        labels_all = {}
        for r in range(nreq):
            s_lines = sv["reqs"].get(r)
            cols = [trace.results(s_lines or []) if not sv["na"] else ["(n/a)"]]
            tags = []
            req_lines = s_lines
            for ver in vers:
                pa, un, lab, ulab = per[ver.v].get(r, (None, None, [], []))
                req_lines = req_lines or pa or un
                cols += [trace.results(pa or []), trace.results(un or [])]
                counts.add(ver.v, name, r, sv["na"] or s_lines is None, lab,
                           ulab, pa == un)
                for side, ls in (("patched", lab), ("unpatched", ulab)):
                    for l in ls:
                        labels_all.setdefault((ver.v, side), set()).add(l)
                tags.append(report.tag(ver.v, lab, ulab))
            rows += report.request_rows(r, req_lines or [], cols,
                                        "; ".join(t for t in tags if t))
        for (v, side), labs in sorted(labels_all.items()):
            for lab in sorted(labs - {"UNEXPLAINED", "?"}):
                if lab not in entries:
                    problems.append("label %s has no entry in "
                                    "docs/kvm-divergences.md" % lab)
                elif v not in entries[lab]["versions"]:
                    problems.append("%s shows %s, whose Versions bullet "
                                    "does not name %s" % (v, lab, v))
        if not a.quiet or problems:
            print("== %s (%s)" % (name, os.path.relpath(path, TOP)))
            print(report.header(vers))
            print("\n".join(rows))
        ids = sorted({"%s@%s" % (l, v) for (v, _), ls in labels_all.items()
                      for l in ls if l != "UNEXPLAINED"},
                     key=report.label_key)
        tap.check(not problems, "%s: %s%s" % (
            name, "; ".join(problems) if problems else
            "every difference explained", " [%s]" % " ".join(ids) if ids else ""))
        for side, label in facts["expects"]:
            side, _, only = side.partition("@")
            for ver in vers:
                if only and ver.v != only:
                    continue
                got = label in labels_all.get((ver.v, side), set())
                if side == "patched":
                    got = got and label not in \
                        labels_all.get((ver.v, "unpatched"), set())
                tap.check(got, "%s: %s KVM %s shows %s (%s)" % (
                    name, side, ver.v, label,
                    entries.get(label, {}).get("title", "?")))
            if only and only not in [v.v for v in vers] and not a.kvm:
                tap.check(False, "%s: expect names KVM %s, not built"
                          % (name, only))

    print("\n".join(counts.lines(entries)))
    print("\n".join(tap.lines))
    return 1 if tap.failures else 0


if __name__ == "__main__":
    sys.exit(main())
