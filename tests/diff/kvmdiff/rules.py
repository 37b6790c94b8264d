# SPDX-License-Identifier: GPL-2.0-only
"""The divergence rules: snpvisor against patched KVM, request by request.

Every rule is registered with the entries of docs/kvm-divergences.md it
names (its labels), the request kinds it looks at and the KVM versions
(major.minor of the reference harness's source) it applies to. Two sorts:

  - a *request* rule looks at the whole request (its lines as traced, both
    sides' results, the snpvisor trace of the earlier requests, and the
    reason snpvisor's engine traced for an entry it refused, its
    "psc.invalid" line) and returns its labels, or None;
  - a *rewrite* rule returns both sides' results with the one difference it
    explains removed, or None when it does not apply; the request is
    explained when one rewrite, or two different ones in turn, make the
    sides equal.

explain() tries the request rules in registration order, then the rewrite
rules; classify() runs it over a scenario's requests.

A rule that stops holding for a later KVM (upstream changed the behaviour)
keeps only the versions it holds for in its `kvm` field; explain() skips
rules not registered for the version of the run.

Entries without a rule here: those whose "Fixed by" names a patch of
kvm/patches (D1-D4, D14, D17), which patch_labels() attributes from the
harness stages (unpatched vs patched), and D22, which has no trace.
"""
import collections
import re

from . import abi
from .scenario import in_memory
from .trace import cascade, drop, ev, parse_kv, psc_entries, refusals, results

# The KVM versions the reference is built from today (kvm/ref/build.sh).
KVM_6_12 = "6.12"
KVM_7_3 = "7.3"
BOTH = (KVM_6_12, KVM_7_3)

Rule = collections.namedtuple("Rule", "labels kinds kvm sort fn")

REGISTRY = []

ANY = ("psc", "msr", "map", "?")


def _register(sort, labels, kinds, kvm):
    def add(fn):
        REGISTRY.append(Rule(tuple(labels), tuple(kinds), tuple(kvm), sort,
                             fn))
        return fn
    return add


def request_rule(*labels, kinds, kvm=BOTH):
    """fn(facts, req, s, k, r, history, refused, kvm) -> [labels] or None."""
    return _register("request", labels, kinds, kvm)


def rewrite_rule(label, kinds=ANY, kvm=BOTH):
    """fn(facts, kind, s, k) -> (s', k') or None."""
    return _register("rewrite", (label,), kinds, kvm)


def rules(sort, kind, kvm):
    return [x for x in REGISTRY if x.sort == sort and kind in x.kinds and
            kvm in x.kvm]


def info2(resp):
    return int(resp["info2"], 0)


# ---- request rules, in the order they are tried ------------------------

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
                private = bool(int(c["attrs"], 0) &
                               abi.KVM_MAP_GPA_RANGE_ENCRYPTED)
    return private


@request_rule("D24", kinds=("psc",))
def ghcb_private(f, req, s, k, r, history, refused, kvm):
    """D24: a PSC issued through a GHCB an earlier request made private.
    snpvisor stops the guest (the hypervisor cannot use a private page);
    KVM maps the GHCB through the shared side of the memslot whatever its
    attributes and handles the request."""
    if r is None or r >= len(f["req_ghcb"]) or f["req_ghcb"][r] is None:
        return None
    if not any(x["reason"] == "ghcb-private" for x in ev(s, "stop")):
        return None
    # KVM handled it; on 7.3 a refused userspace answer (D25) may end it.
    kstop = [x["reason"] for x in ev(k, "stop")]
    if any(x != "kvm-run-error" for x in kstop):
        return None
    if not (ev(k, "psc.resp") or ev(k, "ghcb.err") or kstop):
        return None
    if not page_private(f, history, f["req_ghcb"][r]):
        return None
    # 6.12 with the GHCB not registered fails KVM_RUN on it first (D10);
    # 7.2+ answers NOT_REGISTERED, a ghcb.err like any other.
    if k == ["stop reason=kvm-run-error"]:
        return ["D24", "D10"] if kvm == KVM_6_12 else None
    return ["D24"]


# The entry classes of snpvisor's "psc.invalid" reasons (docs/trace-format.md)
# that patched KVM accepts: D7 outside guest memory, D16 PSMASH/UNSMASH on
# a 4K entry or with a partial cur_page, D23 a private entry over the GHCB.
INVALID_CLASS = {"outside": "D7", "smash-4k": "D16", "smash-partial": "D16",
                 "ghcb": "D23"}


@request_rule("D6", "D7", "D16", "D23", kinds=("psc",))
def psc_invalid(f, req, s, k, r, history, refused, kvm):
    """snpvisor rejected the whole descriptor for one invalid entry.

    D6 when KVM had already converted (or failed converting) earlier runs;
    plus the entry's own class when patched KVM accepts what snpvisor
    rejects, from the reason snpvisor's engine traced for the refused
    entry (its "psc.invalid" line, `refused`): INVALID_CLASS."""
    rs = ev(s, "psc.resp")
    if not rs or info2(rs[0]) != abi.PSC_ERROR_INVALID_ENTRY or ev(s, "conv"):
        return None
    if any(l.startswith(("psmash ", "unsmash ")) for l in s):
        return None
    if not refused:
        return None
    labels = []
    rk = ev(k, "psc.resp")
    if ev(k, "conv") or (rk and rk[0]["cur"] != rs[0]["cur"]):
        labels.append("D6")
    cls = INVALID_CLASS.get(refused[0]["reason"])
    if cls:
        labels.append(cls)
    return labels or None


@request_rule("D5", kinds=("psc",))
def psc_smash_fail(f, req, s, k, r, history, refused, kvm):
    """D5: snpvisor stopped with GENERIC at a PSMASH/UNSMASH entry it could
    not perform (KVM completes hints without looking at them)."""
    rs = ev(s, "psc.resp")
    if not rs or info2(rs[0]) != abi.PSC_ERROR_GENERIC:
        return None
    pe = psc_entries(req)
    if not pe:
        return None
    stop_at = int(rs[0]["cur"])
    ents = pe[2]
    if stop_at >= len(ents) or abi.psc_entry_op(ents[stop_at]) not in \
            (abi.PSC_OP_PSMASH, abi.PSC_OP_UNSMASH):
        return None
    # Up to that entry both sides did the same.
    kc = ev(k, "conv")
    sc = ev(s, "conv")
    if kc[:len(sc)] != sc:
        return None
    return ["D5"]


@request_rule("D18", "D19", "D20", "D21", kinds=("msr",))
def msr_other(f, req, s, k, r, history, refused, kvm):
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
    if code == abi.GHCB_MSR_HV_FT_REQ and sv is not None and kv is not None \
            and sv & 0xfff == kv & 0xfff == abi.GHCB_MSR_HV_FT_RESP:
        return ["D18"]
    if code == abi.GHCB_MSR_VMPL_REQ and \
            sv == (1 << 32) | abi.GHCB_MSR_VMPL_RESP and kv == val:
        return ["D19"]
    if code not in abi.GHCB_MSR_KNOWN_REQS and kv == val and \
            any(x["reason"] == "unknown-msr-request" for x in ev(s, "stop")):
        return ["D20"]
    if code == abi.GHCB_MSR_REG_GPA_REQ and sv == abi.MSR_REG_GPA_REFUSED \
            and kv == (val & ~0xfff) | abi.GHCB_MSR_REG_GPA_RESP and \
            not in_memory(f, val & ~0xfff, 1):
        return ["D21"]
    return None


# The positive errno values kvm_is_valid_map_gpa_range_ret() (7.2+)
# accepts besides 0.
EINVAL, EAGAIN = 22, 11


@request_rule("D25", kinds=("psc", "msr"), kvm=(KVM_7_3,))
def userspace_ret_refused(f, req, s, k, r, history, refused, kvm):
    """D25: KVM 7.2+ fails KVM_RUN when userspace answers a PSC exit with
    a hypercall.ret other than 0, EINVAL or EAGAIN (the harness's VMM
    writes the scenario's `fail ... ret=V`, -1 by default, and -1 for a
    private range outside memory). Up to the refused answer both sides
    did the same conversions; snpvisor then reports the failure to the
    guest."""
    if not any(x["reason"] == "kvm-run-error" for x in ev(k, "stop")):
        return None
    kc = ev(k, "conv")
    if not kc or kc[-1]["result"] != "fail" or ev(s, "stop"):
        return None
    bad = [v for v in f["fail_rets"] if v not in (EINVAL, EAGAIN)]
    outside = not in_memory(f, int(kc[-1]["gpa"], 0), int(kc[-1]["npages"]))
    if not bad and not outside:
        return None
    if ev(s, "conv")[:len(kc)] != kc and not outside:
        return None
    return ["D25"]


@request_rule("D26", kinds=ANY, kvm=(KVM_7_3,))
def snp_ghcb_v1_refused(f, req, s, k, r, history, refused, kvm):
    """D26: from 6.18 KVM_SEV_INIT2 refuses an SNP VM limited to GHCB
    version 1, so no request of the scenario runs (the harness's
    "stop reason=kvm-init-error"); snpvisor speaks version 2 whatever the
    scenario allows and handles the requests."""
    if f["ghcb_version"] >= 2 or f["vm"] != "snp":
        return None
    if not any(x["reason"] == "kvm-init-error" for x in ev(k, "stop")):
        return None
    return ["D26"]


# ---- rewrite rules, in the order they are tried ------------------------

@rewrite_rule("D5")
def smash(f, kind, s, k):
    """D5: snpvisor performs the PSMASH/UNSMASH hints.

    When it cannot (an UNSMASH over pages in mixed states), the request
    ends there with GENERIC, while KVM goes on with the later entries."""
    done = [l for l in s if l.startswith(("psmash ", "unsmash "))]
    if not done:
        return None
    rs = ev(s, "psc.resp")
    if done[-1].endswith("result=fail") and rs and \
            info2(rs[0]) == abi.PSC_ERROR_GENERIC:
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


@rewrite_rule("D6")
def validate_first(f, kind, s, k):
    """D6: snpvisor checks every entry before converting any."""
    rs, rk = ev(s, "psc.resp"), ev(k, "psc.resp")
    if not rs or not rk or info2(rs[0]) != abi.PSC_ERROR_INVALID_ENTRY or \
            info2(rk[0]) != abi.PSC_ERROR_INVALID_ENTRY:
        return None
    if ev(s, "conv") or not all(c["result"] == "ok" for c in ev(k, "conv")):
        return None
    return psc_resp_without_progress(s), \
        psc_resp_without_progress(drop(k, "conv"))


def _outside(f, convs):
    return [c for c in convs
            if not in_memory(f, int(c["gpa"], 0), int(c["npages"]))]


@rewrite_rule("D7")
def outside_memory(f, kind, s, k):
    """D7: ranges outside guest memory are refused by snpvisor itself."""
    outside = _outside(f, ev(k, "conv")) + _outside(f, ev(s, "conv"))
    if not outside:
        # A PSC entry outside memory never reaches a conversion in snpvisor.
        rs = ev(s, "psc.resp")
        if not (rs and info2(rs[0]) == abi.PSC_ERROR_INVALID_ENTRY):
            return None
        if not _outside(f, ev(k, "conv")):
            return None
    if kind == "psc":
        rs = ev(s, "psc.resp")
        if not rs or info2(rs[0]) != abi.PSC_ERROR_INVALID_ENTRY:
            return None
        rk = ev(k, "psc.resp")
        if not rk or info2(rk[0]) not in (0, abi.PSC_ERROR_GENERIC,
                                          abi.PSC_ERROR_INVALID_ENTRY):
            return None
        strip = lambda l: [re.sub(r" info2=\S+", "", x)
                           for x in psc_resp_without_progress(drop(l, "conv"))]
        return strip(s), strip(k)
    if kind == "msr":
        rs = ev(s, "msr.resp")
        if not rs or rs[0]["val"] != "0x%x" % abi.MSR_PSC_REFUSED:
            return None
        conv = lambda l: [re.sub(r" result=\w+", "", x) for x in l]
        return conv(drop(s, "msr.resp")), conv(drop(k, "msr.resp"))
    if kind == "map":
        rs = ev(s, "map.resp")
        if not rs or rs[0]["ret"] not in abi.EINVAL:
            return None
        conv = lambda l: [re.sub(r" result=\w+", "", x) for x in l]
        return conv(drop(s, "map.resp")), conv(drop(k, "map.resp"))
    return None


@rewrite_rule("D8")
def exit_disabled(f, kind, s, k):
    """D8: KVM fails conversions unless userspace enabled the exit."""
    if not f["exit_off"] or ev(k, "conv"):
        return None
    return [], []


@rewrite_rule("D9")
def ghcb_outside(f, kind, s, k):
    """D9: a GHCB outside guest memory stops the guest in snpvisor."""
    if not any(x["reason"] == "ghcb-outside" for x in ev(s, "stop")):
        return None
    return [], []


@rewrite_rule("D10", kvm=(KVM_6_12,))
def unregistered(f, kind, s, k):
    """D10: an unregistered GHCB is an error response, not a dead VM."""
    es = ev(s, "ghcb.err")
    if not es or info2(es[0]) != abi.GHCB_ERR_NOT_REGISTERED:
        return None
    if not any(x["reason"] == "kvm-run-error" for x in ev(k, "stop")):
        return None
    return [], []


@rewrite_rule("D11", kinds=("map",))
def map_attrs(f, kind, s, k):
    """D11: MAP_GPA_RANGE attribute bits are checked by snpvisor."""
    rs = ev(s, "map.resp")
    if not rs or rs[0]["ret"] not in abi.EINVAL or ev(s, "conv"):
        return None
    convs = ev(k, "conv")
    if not convs:
        return None
    a = int(convs[0]["attrs"], 0)
    if not (a & ~abi.KVM_MAP_GPA_RANGE_VALID or
            (a & abi.KVM_MAP_GPA_RANGE_PAGE_SZ_MASK) >
            abi.KVM_MAP_GPA_RANGE_PAGE_SZ_1G):
        return None
    return [], []


@rewrite_rule("D12", kinds=("map",))
def map_ret(f, kind, s, k):
    """D12: a failed MAP_GPA_RANGE returns -KVM_EINVAL in snpvisor."""
    rs, rk = ev(s, "map.resp"), ev(k, "map.resp")
    if not rs or not rk or rs[0]["ret"] not in abi.EINVAL or \
            int(rk[0]["ret"], 0) == 0:
        return None
    if not any(c["result"] == "fail" for c in ev(k, "conv")):
        return None
    return drop(s, "map.resp"), drop(k, "map.resp")


@rewrite_rule("D13", kinds=("psc",), kvm=(KVM_6_12,))
def ghcb_v1(f, kind, s, k):
    """D13: snpvisor speaks GHCB protocol 2 only."""
    if f["ghcb_version"] >= 2:
        return None
    es = ev(s, "ghcb.err")
    if not es or info2(es[0]) != abi.GHCB_ERR_INVALID_SCRATCH_AREA:
        return None
    return [], []


@rewrite_rule("D15", kinds=("map",))
def hint_1g(f, kind, s, k):
    """D15: the 1G size hint is treated as 2M by snpvisor."""
    size = abi.KVM_MAP_GPA_RANGE_PAGE_SZ_MASK

    def norm(lines):
        out = []
        for l in lines:
            if l.startswith("conv "):
                e, kv = parse_kv(l)
                a = int(kv["attrs"], 0)
                if a & size == abi.KVM_MAP_GPA_RANGE_PAGE_SZ_1G:
                    l = l.replace("attrs=" + kv["attrs"], "attrs=0x%x" % (
                        a & ~size | abi.KVM_MAP_GPA_RANGE_PAGE_SZ_2M))
            out.append(l)
        return out
    if not any(int(c["attrs"], 0) & size == abi.KVM_MAP_GPA_RANGE_PAGE_SZ_1G
               for c in ev(k, "conv")):
        return None
    return s, norm(k)


# ---- the classifier ----------------------------------------------------

def explain(facts, kind, s, k, req=(), r=None, history=(), kvm=KVM_6_12,
            refused=()):
    """Labels that turn s into k, [] if equal, None if unexplained.
    req: the request lines (psc.req/psc.entry/...) as traced; r: the
    request's index; history: snpvisor's trace lines of requests 0..r-1;
    kvm: the version of the KVM side; refused: the key=value dicts of
    snpvisor's "psc.invalid" lines of the request (trace.refusals())."""
    if s == k:
        return []
    for rule in rules("request", kind, kvm):
        labs = rule.fn(facts, req, s, k, r, history, refused, kvm)
        if labs:
            return labs
    rewrites = rules("rewrite", kind, kvm)
    for first in rewrites:
        got = first.fn(facts, kind, s, k)
        if got is None:
            continue
        s2, k2 = got
        if s2 == k2:
            return [first.labels[0]]
        # A second, different rule may explain the rest.
        for second in rewrites:
            if second.labels == first.labels:
                continue
            got2 = second.fn(facts, kind, s2, k2)
            if got2 is not None and got2[0] == got2[1]:
                return [first.labels[0], second.labels[0]]
    return None


def classify(facts, snp, kvm_reqs, kvm=KVM_6_12):
    """(r, labels) for every request of one scenario, snpvisor's requests
    `snp` against the KVM side's `kvm_reqs` ({idx: [lines]} each);
    labels is None for an unexplained difference.

    A request one side never reached (it stopped the guest earlier) takes
    the label of the request that stopped it; a request received
    differently (the guest's memory already differs, e.g. progress
    written back by one side only) takes the label of the first
    difference, of which it is a consequence."""
    stopped = first = None
    nreq = max(list(kvm_reqs) + list(snp) + [-1]) + 1
    for r in range(nreq):
        if r not in snp or r not in kvm_reqs:
            labs = [stopped] if stopped else None
        elif cascade(snp[r], kvm_reqs[r]):
            labs = [first] if first else None
            # A consequence that stops one side: the rest follows it.
            if labs and any(l.startswith("stop ") for l in
                            results(snp[r]) + results(kvm_reqs[r])):
                stopped = labs[0]
        else:
            s_l, k_l = results(snp[r]), results(kvm_reqs[r])
            kind = facts["reqs"][r] if r < len(facts["reqs"]) else "?"
            labs = explain(facts, kind, s_l, k_l,
                           kvm_reqs.get(r) or snp.get(r), r,
                           [snp.get(i, []) for i in range(r)], kvm,
                           refusals(snp[r]))
            if labs and any(l.startswith("stop ") for l in s_l + k_l):
                stopped = labs[0]
        if not first:
            first = (labs or [None])[0] if labs is not None else "UNEXPLAINED"
        yield r, labs


# ---- unpatched against patched KVM -------------------------------------

def load_entries(doc):
    """{id: {"title": str, "fixed_by": ["V/NAME.patch" of kvm/patches/V/],
    "versions": [the KVM versions its "Versions" bullet names]}} of
    docs/kvm-divergences.md. A bullet may go on over indented lines."""
    entries = {}
    cur = None
    bullet = None
    for line in open(doc):
        m = re.match(r"^## (D\d+): (.*)", line)
        if m:
            cur = entries[m.group(1)] = {"title": m.group(2).strip(),
                                         "fixed_by": [], "versions": []}
            bullet = None
            continue
        m = re.match(r"^- \*\*([\w ]+)\*\*: (.*)", line)
        if m:
            bullet, text = m.group(1), m.group(2)
        elif bullet and line.startswith("  ") and line.strip():
            text = line
        else:
            bullet = None
            continue
        if cur is None:
            continue
        if bullet == "Versions" and m:
            # The list that opens the bullet ("6.12, 7.3"); what follows
            # is prose.
            v = re.match(r"\s*(\d+\.\d+(?:\s*,\s*\d+\.\d+)*)", text)
            cur["versions"] += re.findall(r"\d+\.\d+", v.group(1)) if v \
                else []
        elif bullet == "Fixed by":
            cur["fixed_by"] += re.findall(r"\d+\.\d+/[\w-][\w.-]*\.patch",
                                          text)
    return entries


def stage_labels(entries, patches, version):
    """{stage k: the entry whose "Fixed by" names patch k of kvm/patches/
    `version`/ (as "version/NAME"), or None}: stage k-1 and stage k of the
    harness differ by that one patch."""
    out = {}
    for i, p in enumerate(patches, 1):
        ids = [d for d, e in entries.items()
               if "%s/%s" % (version, p) in e["fixed_by"]]
        out[i] = ids[0] if ids else None
    return out


def patch_labels(stages, stage_label, patches):
    """({request: [labels]}, [problems]) for one scenario, from its traces
    in every harness stage: a request whose trace changes between stage
    k-1 and k takes stage k's label."""
    labels = {}
    problems = []
    for k in range(1, len(stages)):
        a, b = stages[k - 1]["reqs"], stages[k]["reqs"]
        for r in set(a) | set(b):
            if a.get(r) != b.get(r):
                lab = stage_label[k]
                if lab is None:
                    problems.append("req %d: patch %s has no entry in "
                                    "docs/kvm-divergences.md"
                                    % (r, patches[k - 1]))
                    lab = "?"
                labels.setdefault(r, []).append(lab)
    return labels, problems
