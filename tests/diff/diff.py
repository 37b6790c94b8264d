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

Labelling:
  - unpatched vs patched KVM: stage k-1 and stage k differ by one patch;
    a trace that changes between them is labelled with the entry whose
    "Fixed by:" names that patch.
  - snpvisor vs patched KVM: request by request, a difference is explained
    when one of the rules below, each tied to one entry, turns one side
    into the other. What no rule explains is an unexplained difference.

Prints TAP lines ("ok - ..." / "not ok - ...") for the real checks and
exits non-zero on any unexplained difference or failed expectation.
"""
import os
import re
import subprocess
import sys

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DOC = os.path.join(TOP, "docs", "kvm-divergences.md")

INVALID_HDR = 0x100000001
INVALID_ENTRY = 0x100000002
GENERIC = 0x10000000000
# -KVM_EINVAL as RAX holds it, in 64-bit mode and truncated to 32 bits.
EINVAL = ("0xffffffffffffffea", "0xffffffea")


# ---- traces -----------------------------------------------------------

def parse_kv(line):
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
    p = subprocess.run([binary] + scenarios, stdout=subprocess.PIPE,
                       stderr=subprocess.DEVNULL, text=True)
    if p.returncode not in (0, 2):
        sys.exit("diff.py: %s failed (exit %d)" % (binary, p.returncode))
    return split_traces(p.stdout)


def results(lines):
    """The lines that are not the request itself."""
    return [l for l in lines if not l.startswith(("psc.req", "psc.entry",
                                                  "msr.req", "map.req"))]


# ---- scenarios (only what the rules need) ------------------------------

def scenario_facts(path):
    f = {"mem": [], "exit_off": False, "ghcb_version": 2, "name": None,
         "expects": [], "reqs": [], "ghcb": None, "req_ghcb": [],
         "private": []}
    for raw in open(path):
        line = raw.split("#", 1)[0].split()
        if not line:
            continue
        k = line[0]
        if k == "name":
            f["name"] = line[1]
        elif k == "mem":
            f["mem"].append((int(line[1], 0), int(line[2], 0)))
            if line[3:4] == ["private"]:
                f["private"].append(f["mem"][-1])
        elif k == "exit_hypercall" and line[1] == "off":
            f["exit_off"] = True
        elif k == "ghcb_version":
            f["ghcb_version"] = int(line[1], 0)
        elif k == "ghcb":
            f["ghcb"] = int(line[1], 0)
        elif k == "expect":
            f["expects"] += [(line[1], l) for l in line[2:]]
        elif k in ("msr", "psc", "map"):
            f["reqs"].append(k)
            # The GHCB a PSC request is issued through (its ghcb= key).
            g = f["ghcb"] if k == "psc" else None
            for w in line[1:]:
                if k == "psc" and w.startswith("ghcb="):
                    g = int(w[5:], 0)
            f["req_ghcb"].append(g)
    if not f["name"]:
        f["name"] = os.path.splitext(os.path.basename(path))[0]
    return f


def in_memory(facts, gpa, npages):
    end = gpa + npages * 4096
    while gpa < end:
        for base, size in facts["mem"]:
            if base <= gpa < base + size:
                gpa = base + size
                break
        else:
            return False
    return True


# ---- the divergence entries -------------------------------------------

def load_entries():
    """{id: {"title": str, "fixed_by": [patch file names]}}"""
    entries = {}
    cur = None
    for line in open(DOC):
        m = re.match(r"^## (D\d+): (.*)", line)
        if m:
            cur = entries[m.group(1)] = {"title": m.group(2).strip(),
                                         "fixed_by": []}
            continue
        m = re.match(r"^- \*\*Fixed by\*\*: (.*)", line)
        if m and cur is not None:
            cur["fixed_by"] += re.findall(r"[\w.-]+\.patch", m.group(1))
    return entries


# Rules for snpvisor vs patched KVM. Each takes (facts, req_kind, snp, kvm)
# -- the result lines of one request on each side -- and returns the pair
# with the difference it explains removed, or None when it does not apply.

def ev(lines, name):
    return [parse_kv(l)[1] for l in lines if l.startswith(name + " ")]


def drop(lines, *names):
    return [l for l in lines if not l.startswith(tuple(n + " " for n in names))]


def rule_smash(f, kind, s, k):
    """D5: snpvisor performs the PSMASH/UNSMASH hints.

    When it cannot (an UNSMASH over pages in mixed states), the request
    ends there with GENERIC, while KVM goes on with the later entries."""
    smash = [l for l in s if l.startswith(("psmash ", "unsmash "))]
    if not smash:
        return None
    rs = ev(s, "psc.resp")
    if smash[-1].endswith("result=fail") and rs and \
            int(rs[0]["info2"], 0) == GENERIC:
        return [], []
    return drop(s, "psmash", "unsmash"), k


def psc_resp_without_progress(lines):
    out = []
    for l in lines:
        if l.startswith("psc.resp "):
            l = re.sub(r" cur=\d+", "", l)
            l = re.sub(r" cur_pages=\S+", "", l)
        out.append(l)
    return out


def rule_validate_first(f, kind, s, k):
    """D6: snpvisor checks every entry before converting any."""
    rs, rk = ev(s, "psc.resp"), ev(k, "psc.resp")
    if not rs or not rk or int(rs[0]["info2"], 0) != INVALID_ENTRY or \
            int(rk[0]["info2"], 0) != INVALID_ENTRY:
        return None
    if ev(s, "conv") or not all(c["result"] == "ok" for c in ev(k, "conv")):
        return None
    return psc_resp_without_progress(s), \
        psc_resp_without_progress(drop(k, "conv"))


def rule_outside_memory(f, kind, s, k):
    """D7: ranges outside guest memory are refused by snpvisor itself."""
    outside = [c for c in ev(k, "conv")
               if not in_memory(f, int(c["gpa"], 0), int(c["npages"]))]
    outside += [c for c in ev(s, "conv")
                if not in_memory(f, int(c["gpa"], 0), int(c["npages"]))]
    if not outside:
        # A PSC entry outside memory never reaches a conversion in snpvisor.
        rs = ev(s, "psc.resp")
        if not (rs and int(rs[0]["info2"], 0) == INVALID_ENTRY):
            return None
        if not any(not in_memory(f, int(c["gpa"], 0), int(c["npages"]))
                   for c in ev(k, "conv")):
            return None
    if kind == "psc":
        rs = ev(s, "psc.resp")
        if not rs or int(rs[0]["info2"], 0) != INVALID_ENTRY:
            return None
        rk = ev(k, "psc.resp")
        if not rk or int(rk[0]["info2"], 0) not in (0, GENERIC, INVALID_ENTRY):
            return None
        strip = lambda l: [re.sub(r" info2=\S+", "", x)
                           for x in psc_resp_without_progress(drop(l, "conv"))]
        return strip(s), strip(k)
    if kind == "msr":
        rs, rk = ev(s, "msr.resp"), ev(k, "msr.resp")
        if not rs or rs[0]["val"] != "0x8000000000000015":
            return None
        conv = lambda l: [re.sub(r" result=\w+", "", x) for x in l]
        return conv(drop(s, "msr.resp")), conv(drop(k, "msr.resp"))
    if kind == "map":
        rs = ev(s, "map.resp")
        if not rs or rs[0]["ret"] not in EINVAL:
            return None
        conv = lambda l: [re.sub(r" result=\w+", "", x) for x in l]
        return conv(drop(s, "map.resp")), conv(drop(k, "map.resp"))
    return None


def rule_exit_disabled(f, kind, s, k):
    """D8: KVM fails conversions unless userspace enabled the exit."""
    if not f["exit_off"] or ev(k, "conv"):
        return None
    return [], []


def rule_ghcb_outside(f, kind, s, k):
    """D9: a GHCB outside guest memory stops the guest in snpvisor."""
    if not any(x["reason"] == "ghcb-outside" for x in ev(s, "stop")):
        return None
    return [], []


def rule_unregistered(f, kind, s, k):
    """D10: an unregistered GHCB is an error response, not a dead VM."""
    es = ev(s, "ghcb.err")
    if not es or int(es[0]["info2"], 0) != 1:
        return None
    if not any(x["reason"] == "kvm-run-error" for x in ev(k, "stop")):
        return None
    return [], []


def rule_map_attrs(f, kind, s, k):
    """D11: MAP_GPA_RANGE attribute bits are checked by snpvisor."""
    if kind != "map":
        return None
    rs = ev(s, "map.resp")
    if not rs or rs[0]["ret"] not in EINVAL or ev(s, "conv"):
        return None
    convs = ev(k, "conv")
    if not convs:
        return None
    a = int(convs[0]["attrs"], 0)
    if not (a & ~0x1f or (a & 0xf) > 2):
        return None
    return [], []


def rule_map_ret(f, kind, s, k):
    """D12: a failed MAP_GPA_RANGE returns -KVM_EINVAL in snpvisor."""
    if kind != "map":
        return None
    rs, rk = ev(s, "map.resp"), ev(k, "map.resp")
    if not rs or not rk or rs[0]["ret"] not in EINVAL or \
            int(rk[0]["ret"], 0) == 0:
        return None
    if not any(c["result"] == "fail" for c in ev(k, "conv")):
        return None
    return drop(s, "map.resp"), drop(k, "map.resp")


def rule_ghcb_v1(f, kind, s, k):
    """D13: snpvisor speaks GHCB protocol 2 only."""
    if f["ghcb_version"] >= 2 or kind != "psc":
        return None
    es = ev(s, "ghcb.err")
    if not es or int(es[0]["info2"], 0) != 3:
        return None
    return [], []


def rule_hint_1g(f, kind, s, k):
    """D15: the 1G size hint is treated as 2M by snpvisor."""
    if kind != "map":
        return None
    def norm(lines):
        out = []
        for l in lines:
            if l.startswith("conv "):
                e, kv = parse_kv(l)
                a = int(kv["attrs"], 0)
                if a & 0xf == 2:
                    l = l.replace("attrs=" + kv["attrs"], "attrs=0x%x" % (a & ~0xf | 1))
            out.append(l)
        return out
    if not any(int(c["attrs"], 0) & 0xf == 2 for c in ev(k, "conv")):
        return None
    return s, norm(k)


def psc_entries(req):
    """(cur, end, [raw entries]) from a request's psc.req/psc.entry lines."""
    hdr = ev(req, "psc.req")
    if not hdr:
        return None
    ents = [int(e["raw"], 0) for e in ev(req, "psc.entry")]
    return int(hdr[0]["cur"]), int(hdr[0]["end"]), ents


def engine_invalid(f, e):
    """Why snpvisor's entry check (docs/abi.md) rejects entry e, or None."""
    cur_page, gfn = e & 0xfff, (e >> 12) & (2**40 - 1)
    op, huge = (e >> 52) & 0xf, (e >> 56) & 1
    n = 512 if huge else 1
    if op < 1 or op > 4:
        return "op"
    if cur_page > n:
        return "cur_page"
    if gfn & (n - 1):
        return "align"
    if op in (3, 4) and (not huge or cur_page not in (0, 512)):
        return "smash4k"
    if not in_memory(f, gfn << 12, n):
        return "outside"
    if op == 1 and f["ghcb"] is not None and gfn <= f["ghcb"] >> 12 < gfn + n:
        return "ghcb"
    return None


def explain_psc_invalid(f, req, s, k):
    """snpvisor rejected the whole descriptor for one invalid entry.

    D6 when KVM had already converted (or failed converting) earlier runs;
    plus the entry's own class when patched KVM accepts what snpvisor
    rejects: D7 (outside guest memory), D16 (PSMASH/UNSMASH on 4K or
    with a partial cur_page)."""
    rs = ev(s, "psc.resp")
    if not rs or int(rs[0]["info2"], 0) != INVALID_ENTRY or ev(s, "conv"):
        return None
    if any(l.startswith(("psmash ", "unsmash ")) for l in s):
        return None
    pe = psc_entries(req)
    if not pe:
        return None
    cur, end, ents = pe
    why = None
    for i in range(cur, min(end, len(ents) - 1) + 1):
        why = engine_invalid(f, ents[i])
        if why:
            break
    if not why:
        return None
    labels = []
    rk = ev(k, "psc.resp")
    if ev(k, "conv") or (rk and rk[0]["cur"] != rs[0]["cur"]):
        labels.append("D6")
    if why in ("outside", "smash4k", "ghcb"):
        labels.append({"outside": "D7", "smash4k": "D16", "ghcb": "D23"}[why])
    return labels or None


def explain_psc_smash_fail(f, req, s, k):
    """D5: snpvisor stopped with GENERIC at a PSMASH/UNSMASH entry it could
    not perform (KVM completes hints without looking at them)."""
    rs = ev(s, "psc.resp")
    if not rs or int(rs[0]["info2"], 0) != GENERIC:
        return None
    pe = psc_entries(req)
    if not pe:
        return None
    stop_at = int(rs[0]["cur"])
    ents = pe[2]
    if stop_at >= len(ents) or (ents[stop_at] >> 52) & 0xf not in (3, 4):
        return None
    # Up to that entry both sides did the same.
    kc = ev(k, "conv")
    sc = ev(s, "conv")
    if kc[:len(sc)] != sc:
        return None
    return ["D5"]


RULES = [("D5", rule_smash), ("D6", rule_validate_first),
         ("D7", rule_outside_memory), ("D8", rule_exit_disabled),
         ("D9", rule_ghcb_outside), ("D10", rule_unregistered),
         ("D11", rule_map_attrs), ("D12", rule_map_ret),
         ("D13", rule_ghcb_v1), ("D15", rule_hint_1g)]


def page_private(f, history, gpa):
    """Is the page at gpa private in snpvisor's engine after the requests
    of `history` (their trace lines, in order)? Starts from the scenario's
    initial state; every successful conversion the engine traced
    (explicit or implicit) changes it."""
    page = gpa & ~0xfff
    private = any(b <= page < b + n for b, n in f["private"])
    for lines in history:
        for c in ev(lines, "conv"):
            start, n = int(c["gpa"], 0), int(c["npages"])
            if c["result"] == "ok" and start <= page < start + n * 4096:
                private = bool(int(c["attrs"], 0) & 0x10)
    return private


def explain_ghcb_private(f, r, s, k, history):
    """D24: a PSC issued through a GHCB an earlier request made private.
    snpvisor stops the guest (the hypervisor cannot use a private page);
    KVM maps the GHCB through the shared side of the memslot whatever its
    attributes and handles the request."""
    if r >= len(f["req_ghcb"]) or f["req_ghcb"][r] is None:
        return None
    if not any(x["reason"] == "ghcb-private" for x in ev(s, "stop")):
        return None
    if ev(k, "stop") or not (ev(k, "psc.resp") or ev(k, "ghcb.err")):
        return None
    if not page_private(f, history, f["req_ghcb"][r]):
        return None
    return ["D24"]


MSR_KNOWN = (0x002, 0x004, 0x006, 0x010, 0x012, 0x014, 0x016, 0x080, 0x100)


def explain_msr_other(f, req, s, k):
    """MSR protocol requests other than PSC where the answers differ:
    D18 HV features, D19 VMPL request, D20 unknown request code,
    D21 GHCB registration of a GPA that is not guest memory."""
    rq = ev(req, "msr.req")
    if not rq:
        return None
    val = int(rq[0]["val"], 0)
    code = val & 0xfff
    rs, rk = ev(s, "msr.resp"), ev(k, "msr.resp")
    sv = int(rs[0]["val"], 0) if rs else None
    kv = int(rk[0]["val"], 0) if rk else None
    if code == 0x080 and sv is not None and kv is not None and \
            sv & 0xfff == kv & 0xfff == 0x081:
        return ["D18"]
    if code == 0x016 and sv == (1 << 32) | 0x017 and kv == val:
        return ["D19"]
    if code not in MSR_KNOWN and kv == val and \
            any(x["reason"] == "unknown-msr-request" for x in ev(s, "stop")):
        return ["D20"]
    if code == 0x012 and sv == 0xfffffffffffff013 and \
            kv == (val & ~0xfff) | 0x013 and \
            not in_memory(f, val & ~0xfff, 1):
        return ["D21"]
    return None


def explain(facts, kind, s, k, req=(), r=None, history=()):
    """Labels that turn s into k, [] if equal, None if unexplained.
    req: the request lines (psc.req/psc.entry/...) as traced; r: the
    request's index; history: snpvisor's trace lines of requests 0..r-1."""
    if s == k:
        return []
    if kind == "psc" and r is not None:
        labs = explain_ghcb_private(facts, r, s, k, history)
        if labs:
            return labs
    if kind == "psc":
        labs = explain_psc_invalid(facts, req, s, k) or \
            explain_psc_smash_fail(facts, req, s, k)
        if labs:
            return labs
    if kind == "msr":
        labs = explain_msr_other(facts, req, s, k)
        if labs:
            return labs
    for label, rule in RULES:
        r = rule(facts, kind, s, k)
        if r is None:
            continue
        s2, k2 = r
        if s2 == k2:
            return [label]
        # A second, different rule may explain the rest.
        for label2, rule2 in RULES:
            if label2 == label:
                continue
            r2 = rule2(facts, kind, s2, k2)
            if r2 is not None and r2[0] == r2[1]:
                return [label, label2]
    return None


# ---- output ------------------------------------------------------------

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


def main():
    args = sys.argv[1:]
    engine = os.path.join(TOP, "build/diff/scn-engine")
    kvm_dir = os.path.join(TOP, "build/kvm-ref")
    quiet = False
    while args and args[0].startswith("--"):
        a = args.pop(0)
        if a == "--engine":
            engine = args.pop(0)
        elif a == "--kvm-dir":
            kvm_dir = args.pop(0)
        elif a == "--quiet":
            quiet = True
        else:
            sys.exit("diff.py: unknown option " + a)
    scenarios = args
    if not scenarios:
        sys.exit("usage: diff.py [--engine BIN] [--kvm-dir DIR] SCENARIO...")

    entries = load_entries()
    stages = sorted((int(d.split("-")[1]), os.path.join(kvm_dir, d))
                    for d in os.listdir(kvm_dir) if re.match(r"stage-\d+$", d))
    patches = sorted(p for p in os.listdir(os.path.join(TOP, "kvm/patches"))
                     if p.endswith(".patch"))
    if len(stages) != len(patches) + 1:
        sys.exit("diff.py: %d harness stages for %d patches: run kvm/ref/build.sh"
                 % (len(stages), len(patches)))
    stage_label = {}
    for i, p in enumerate(patches, 1):
        ids = [d for d, e in entries.items() if p in e["fixed_by"]]
        stage_label[i] = ids[0] if ids else None

    snp = run(engine, scenarios)
    kvm = [run(os.path.join(d, "kvm-ref"), scenarios) for _, d in stages]

    failures = 0
    counts = {}
    tap = []

    def check(ok, msg):
        nonlocal failures
        if not ok:
            failures += 1
        tap.append("%sok - %s" % ("" if ok else "not ", msg))

    for path in scenarios:
        facts = scenario_facts(path)
        name = facts["name"]
        if name not in kvm[0]:
            check(False, "%s: scenario did not parse" % name)
            continue
        un, pa = kvm[0][name], kvm[-1][name]
        sv = snp.get(name, {"na": True, "reqs": {}})
        lines = []
        labels_all = set()
        unexplained = []

        # Unpatched vs patched: which patch changed which request.
        up_labels = {}
        for k in range(1, len(kvm)):
            a, b = kvm[k - 1][name]["reqs"], kvm[k][name]["reqs"]
            for r in set(a) | set(b):
                if a.get(r) != b.get(r):
                    lab = stage_label[k]
                    if lab is None:
                        unexplained.append("req %d: patch %s has no entry in "
                                           "docs/kvm-divergences.md"
                                           % (r, patches[k - 1]))
                        lab = "?"
                    up_labels.setdefault(r, []).append(lab)

        # snpvisor vs patched.
        stopped_label = None
        first_label = None
        nreq = max(list(pa["reqs"]) + list(sv["reqs"]) + [-1]) + 1
        for r in range(nreq):
            kind = facts["reqs"][r] if r < len(facts["reqs"]) else "?"
            s_l = results(sv["reqs"].get(r, []))
            p_l = results(pa["reqs"].get(r, []))
            u_l = results(un["reqs"].get(r, []))
            lab = []
            if not sv["na"]:
                if r not in sv["reqs"] or r not in pa["reqs"]:
                    # One side stopped the guest earlier.
                    lab = [stopped_label] if stopped_label else None
                elif cascade(sv["reqs"][r], pa["reqs"][r]):
                    # The guest's memory already differs (e.g. progress
                    # written back by one side only): the request as
                    # received differs, a consequence of an earlier one.
                    lab = [first_label] if first_label else None
                else:
                    lab = explain(facts, kind, s_l, p_l,
                                  pa["reqs"].get(r) or sv["reqs"].get(r),
                                  r, [sv["reqs"].get(i, [])
                                      for i in range(r)])
                    if lab and any(l.startswith("stop ") for l in s_l + p_l):
                        stopped_label = lab[0]
                if lab is None:
                    unexplained.append("req %d: snpvisor and patched KVM differ"
                                       % r)
                    lab = ["UNEXPLAINED"]
            if lab and not first_label:
                first_label = lab[0]
            labels_all.update(lab)
            for l in lab:
                counts.setdefault(l, set()).add(name)
            ulab = up_labels.get(r, [])
            for l in ulab:
                counts.setdefault(l, set()).add(name)
            labels_all.update(ulab)
            req_lines = (sv["reqs"].get(r) or pa["reqs"].get(r) or [])
            lines.append("   req %d: %s" % (r, request_summary(req_lines)))
            cols = [s_l if not sv["na"] else ["(n/a)"], p_l, u_l]
            tag = ""
            if lab:
                tag += "snpvisor/patched: " + ",".join(lab)
            if ulab:
                tag += ("; " if tag else "") + "unpatched: " + ",".join(ulab)
            lines += side_by_side(cols, "[" + tag + "]" if tag else "")

        if not quiet or unexplained:
            print("== %s (%s)" % (name, os.path.relpath(path, TOP)))
            print("     | " + " | ".join(x.ljust(W) for x in
                  ("snpvisor", "KVM 6.12.117 patched", "KVM 6.12.117 unpatched")))
            print("\n".join(lines))
        for lab in sorted(labels_all - {"UNEXPLAINED", "?"}):
            if lab not in entries:
                unexplained.append("label %s has no entry in "
                                   "docs/kvm-divergences.md" % lab)
        ids = sorted(labels_all - {"UNEXPLAINED"},
                     key=lambda x: int(x[1:]) if x[1:].isdigit() else 999)
        check(not unexplained, "%s: %s%s" % (
            name, "; ".join(unexplained) if unexplained else "every difference explained",
            " [%s]" % " ".join(ids) if ids else ""))
        for side, label in facts["expects"]:
            if side == "unpatched":
                got = label in set(up_labels_flat(up_labels))
            else:
                got = label in labels_all and label not in set(
                    up_labels_flat(up_labels))
            check(got, "%s: %s KVM shows %s (%s)" % (
                name, side, label, entries.get(label, {}).get("title", "?")))

    print()
    print("# divergence classes (scenarios):")
    for d in sorted(counts, key=lambda x: int(x[1:]) if x[1:].isdigit() else 999):
        print("#   %-11s %3d  %s" % (d, len(counts[d]),
                                    entries.get(d, {}).get("title", "")))
    print("\n".join(tap))
    return 1 if failures else 0


def cascade(a, b):
    """True when the request lines (as received) differ."""
    req = lambda l: [x for x in l if x.startswith(("psc.req", "psc.entry"))]
    return req(a) and req(b) and req(a) != req(b)


def up_labels_flat(up):
    return [l for v in up.values() for l in v]


if __name__ == "__main__":
    sys.exit(main())
