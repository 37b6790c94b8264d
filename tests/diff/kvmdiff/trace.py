# SPDX-License-Identifier: GPL-2.0-only
"""Canonical traces (docs/trace-format.md) of scn-engine and kvm-ref."""
import os
import subprocess
import sys


def parse_kv(line):
    """("event", {key: value}) of one trace line."""
    w = line.split()
    return w[0], dict(x.split("=", 1) for x in w[1:] if "=" in x)


def split_traces(text):
    """{scenario: {"na": bool, "reqs": {idx: [lines]}}} from a tool's output."""
    out = {}
    cur = None
    req = None
    for line in text.splitlines():
        if line.startswith("# scenario "):
            cur = {"na": False, "reqs": {}}
            out[line.split()[2]] = cur
            req = None
        elif cur is None:
            continue
        elif line.startswith("# n/a"):
            cur["na"] = True
        elif line.startswith("# req "):
            req = int(line.split()[2])
            cur["reqs"][req] = []
        elif line.startswith("#") or not line.strip():
            continue
        elif req is not None:
            cur["reqs"][req].append(line)
    return out


def run(binary, scenarios):
    """Runs scn-engine or a kvm-ref stage on the scenario files."""
    p = subprocess.run([binary] + scenarios, stdout=subprocess.PIPE,
                       stderr=subprocess.DEVNULL, text=True)
    if p.returncode not in (0, 2):
        sys.exit("diff.py: %s failed (exit %d)" % (binary, p.returncode))
    return split_traces(p.stdout)


# snpvisor's own lines, which KVM's side never writes: not compared, but
# read by the classifier (docs/trace-format.md, "psc.invalid").
ENGINE_ONLY = ("psc.invalid ",)


def results(lines):
    """The lines that are not the request itself, nor snpvisor's own
    notes (ENGINE_ONLY): what the two sides are compared on."""
    return [l for l in lines if not l.startswith(("psc.req", "psc.entry",
                                                  "msr.req", "map.req") +
                                                 ENGINE_ONLY)]


def refusals(lines):
    """The key=value dicts of snpvisor's "psc.invalid" lines: which entry
    its engine refused, and why (the reason word)."""
    return ev(lines, "psc.invalid")


def cascade(a, b):
    """True when the request lines (as received) differ."""
    req = lambda l: [x for x in l if x.startswith(("psc.req", "psc.entry"))]
    return req(a) and req(b) and req(a) != req(b)


def ev(lines, name):
    """The key=value dicts of the lines of event `name`."""
    return [parse_kv(l)[1] for l in lines if l.startswith(name + " ")]


def drop(lines, *names):
    """The lines without the events `names`."""
    return [l for l in lines if not l.startswith(tuple(n + " " for n in names))]


def psc_entries(req):
    """(cur, end, [raw entries]) from a request's psc.req/psc.entry lines."""
    hdr = ev(req, "psc.req")
    if not hdr:
        return None
    ents = [int(e["raw"], 0) for e in ev(req, "psc.entry")]
    return int(hdr[0]["cur"]), int(hdr[0]["end"]), ents


def kvm_release(stage_dir, default="6.12"):
    """The Linux release ("6.12.117") a harness stage was built from: its
    unpacked source's Makefile (kvm/ref/build.sh copies it into src/)."""
    v = {}
    try:
        with open(os.path.join(stage_dir, "src", "Makefile")) as f:
            for line in f:
                w = line.split()
                if len(w) == 3 and w[1] == "=" and \
                        w[0] in ("VERSION", "PATCHLEVEL", "SUBLEVEL"):
                    v[w[0]] = w[2]
                if len(v) == 3:
                    break
    except OSError:
        pass
    if len(v) < 3:
        return default
    return "%s.%s.%s" % (v["VERSION"], v["PATCHLEVEL"], v["SUBLEVEL"])


def kvm_version(release):
    """The version the rules are registered for: major.minor."""
    return ".".join(release.split(".")[:2])
