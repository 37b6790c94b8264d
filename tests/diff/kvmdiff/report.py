# SPDX-License-Identifier: GPL-2.0-only
"""What `make diff` prints: per scenario a side-by-side of what the guest
sees (snpvisor, KVM patched, KVM unpatched) with each request's labels,
then the class counts and the TAP lines."""
from .trace import parse_kv

W = 40


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


def request_rows(r, req_lines, cols, lab, ulab):
    """The rows of request r: its summary, then the three columns."""
    tag = ""
    if lab:
        tag += "snpvisor/patched: " + ",".join(lab)
    if ulab:
        tag += ("; " if tag else "") + "unpatched: " + ",".join(ulab)
    return ["   req %d: %s" % (r, request_summary(req_lines))] + \
        side_by_side(cols, "[" + tag + "]" if tag else "")


def header(kvm_release):
    return "     | " + " | ".join(x.ljust(W) for x in (
        "snpvisor", "KVM %s patched" % kvm_release,
        "KVM %s unpatched" % kvm_release))


def label_key(label):
    return int(label[1:]) if label[1:].isdigit() else 999


def class_counts(counts, entries):
    """The `# divergence classes (scenarios)` table."""
    out = ["", "# divergence classes (scenarios):"]
    for d in sorted(counts, key=label_key):
        out.append("#   %-11s %3d  %s" % (d, len(counts[d]),
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
