# SPDX-License-Identifier: GPL-2.0-only
"""What the rules need to know of a .scn file (docs/scenario-format.md)."""
import os


def scenario_facts(path):
    f = {"mem": [], "exit_off": False, "ghcb_version": 2, "name": None,
         "expects": [], "reqs": [], "ghcb": None, "req_ghcb": [],
         "private": [], "fail_rets": [], "vm": "snp"}
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
        elif k == "fail":
            # The value the harness's VMM writes to hypercall.ret.
            ret = [int(w[4:], 0) for w in line[1:] if w.startswith("ret=")]
            f["fail_rets"].append(ret[0] if ret else -1)
        elif k == "vm":
            f["vm"] = line[1]
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
