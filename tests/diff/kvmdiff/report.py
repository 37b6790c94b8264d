# SPDX-License-Identifier: GPL-2.0-only
"""What `make diff` prints: per scenario a side-by-side of what the guest
sees (snpvisor, then KVM patched and unpatched for each KVM version) with
each request's labels, then the counts per column and the TAP lines."""
import re

from .trace import parse_kv

W = 30


def short(line):
    e, kv = parse_kv(line)
    if e == "conv":
        return "conv %s+%s a=%s %s" % (kv["gpa"], kv["npages"], kv["attrs"],
                                       kv["result"])
    if e == "psc.resp":
        return "resp i2=%s cur=%s p=%s" % (kv["info2"], kv["cur"],
                                           kv["cur_pages"])
    if e == "msr.resp":
        return "msr=%s" % kv["val"]
    if e == "map.resp":
        return "ret=%s" % kv["ret"]
    if e == "ghcb.err":
        return "ghcb.err %s/%s" % (kv["info1"], kv["info2"])
    if e == "stop":
        return "stop %s" % kv["reason"]
    if e in ("psmash", "unsmash"):
        return "%s %s %s" % (e, kv["gpa"], kv["result"])
    return line


def cell(text):
    return text if len(text) <= W else text[:W - 1] + "~"


def request_summary(lines):
    for l in lines:
        e, kv = parse_kv(l)
        if e == "psc.req":
            n = len([x for x in lines if x.startswith("psc.entry")])
            return "psc cur=%s end=%s n=%s (%d entries)" % (
                kv["cur"], kv["end"], kv["n"], n)
        if e in ("msr.req", "map.req"):
            return l
    return "(refused before the request was decoded)"


def side_by_side(cols, labels):
    rows = max(len(c) for c in cols)
    out = []
    for i in range(rows):
        cells = []
        for j, c in enumerate(cols):
            if i >= len(c):
                cells.append("")
            elif j and c == cols[0]:
                cells.append("=" if i == 0 else "")
            else:
                cells.append(short(c[i]))
        out.append("     | " + " | ".join(cell(x).ljust(W) for x in cells) +
                   (" " + labels if i == 0 and labels else ""))
    return out


def tag(v, lab, ulab):
    """One KVM version's labels of a request: "6.12: D1 / unpatched: D3"."""
    parts = []
    if lab:
        parts.append(",".join(lab))
    if ulab:
        parts.append("unpatched: " + ",".join(ulab))
    return "%s: %s" % (v, " / ".join(parts)) if parts else ""


def request_rows(r, req_lines, cols, tags):
    """The rows of request r: its summary, then the columns."""
    return ["   req %d: %s" % (r, request_summary(req_lines))] + \
        side_by_side(cols, "[" + tags + "]" if tags else "")


def header(vers):
    names = ["snpvisor"]
    for ver in vers:
        names += ["KVM %s patched" % ver.release,
                  "KVM %s unpatched" % ver.release]
    return "     | " + " | ".join(x.ljust(W) for x in names)


def label_key(label):
    """D2 before D10; "D3@6.12" sorts as D3."""
    n = re.match(r"D(\d+)", label)
    return (int(n.group(1)) if n else 999, label)


class Counts:
    """The figures of the run, per column: requests where a KVM column
    equals snpvisor (patched) or patched KVM (unpatched), and per
    divergence id the scenarios and requests that show it."""

    def __init__(self, vers):
        self.vers = [v.v for v in vers]
        self.reqs = {v: 0 for v in self.vers}
        self.compared = {v: 0 for v in self.vers}
        self.agree = {v: 0 for v in self.vers}
        self.same_unpatched = {v: 0 for v in self.vers}
        self.ids = {}   # (id, version, side) -> [scenarios, requests]

    def add(self, v, name, r, na, lab, ulab, same):
        self.reqs[v] += 1
        if not na:
            self.compared[v] += 1
            if not lab:
                self.agree[v] += 1
        if same:
            self.same_unpatched[v] += 1
        for side, ls in (("patched", lab), ("unpatched", ulab)):
            for l in ls:
                c = self.ids.setdefault((l, v, side), [set(), 0])
                c[0].add(name)
                c[1] += 1

    def lines(self, entries):
        out = ["", "# per column (requests):"]
        for v in self.vers:
            out.append("#   KVM %-5s patched: %d of %d compared requests agree "
                       "with snpvisor; unpatched: %d of %d equal patched" % (
                           v, self.agree[v], self.compared[v],
                           self.same_unpatched[v], self.reqs[v]))
        out.append("# divergence ids, scenarios/requests per column "
                   "(p: snpvisor vs patched, u: unpatched vs patched):")
        cols = [(v, s) for v in self.vers for s in ("patched", "unpatched")]
        out.append("#   %-11s " % "id" + " ".join(
            "%-11s" % ("%s %s" % (v, s[0])) for v, s in cols))
        ids = sorted({i for i, _, _ in self.ids}, key=label_key)
        for d in ids:
            cells = []
            for v, s in cols:
                c = self.ids.get((d, v, s))
                cells.append("%-11s" % ("%d/%d" % (len(c[0]), c[1]) if c
                                        else "-"))
            out.append("#   %-11s %s %s" % (d, " ".join(cells),
                                          entries.get(d, {}).get("title", "")))
        return out


class Tap:
    """TAP lines, printed together at the end."""

    def __init__(self):
        self.lines = []
        self.failures = 0

    def check(self, ok, msg):
        if not ok:
            self.failures += 1
        self.lines.append("%sok - %s" % ("" if ok else "not ", msg))
