#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Checks who may include whom in the hypervisor's sources.

Reads every #include of boot/ hv/ svm/ mm/ snp/ dev/ include/ guest-abi/ (.c,
.h and .S files) and applies the rules of docs/architecture.md ("Who may
call whom"). Prints one TAP line per rule, the forbidden edges under a
failing one, and exits 1 if any rule fails.

With --objs DIR (hv.efi's object folder, build/obj) it also checks that no
two object files call each other, directly or through others: a call
cycle between files is what the include rules cannot see, because a
header such as hv/handlers.h declares the functions of many files. The
check is skipped when an object is missing or older than its source.
"""
import argparse
import os
import re
import subprocess
import sys

FOLDERS = ("boot", "hv", "svm", "mm", "snp", "dev", "include", "guest-abi",
           "fw")
# What the compiler itself provides (no libc): the only system headers
# the shared contracts may use, since test guests build with -nostdinc.
FREESTANDING = {"stdint.h", "stdbool.h", "stddef.h", "stdarg.h"}
EFI = {"efi.h", "efilib.h"}
INCLUDE_RE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]', re.M)


def folder(path):
    return path.split("/", 1)[0]


def under(*prefixes):
    """A predicate: the included path starts with one of prefixes (a
    folder ends in '/', anything else is one exact file)."""
    return lambda inc: any(inc == p or (p.endswith("/") and inc.startswith(p))
                           for p in prefixes)


# (name, which files, allowed quoted includes). Quoted includes are paths
# from the top of the tree; a file may always include its own folder.
RULES = [
    ("include/ includes only include/", "include",
     under("include/")),
    ("guest-abi/ includes only guest-abi/", "guest-abi",
     under("guest-abi/")),
    ("mm/ includes only include/ and mm/", "mm",
     under("include/", "mm/")),
    ("snp/ includes only include/, guest-abi/, mm/rmp.h, mm/npt.h and snp/",
     "snp", under("include/", "guest-abi/", "mm/rmp.h", "mm/npt.h", "snp/")),
    ("dev/ (device models, pure) includes only dev/", "dev",
     under("dev/")),
    ("svm/ includes only include/, mm/ and svm/", "svm",
     under("include/", "mm/", "svm/")),
    ("hv/ uses svm/ only through svm/svm.h and snp/ only through snp/snp.h, "
     "snp/view_npt.h, fw/ through fw/fw.h, fw/model.h, fw/psp.h; dev/ freely; "
     "never boot/", "hv",
     under("include/", "guest-abi/", "mm/", "hv/", "svm/svm.h", "snp/snp.h",
           "snp/view_npt.h", "dev/", "fw/fw.h", "fw/model.h", "fw/psp.h")),
    ("fw/ (the SEV firmware) includes only include/, guest-abi/, mm/rmp.h "
     "and fw/", "fw", under("include/", "guest-abi/", "mm/rmp.h", "fw/")),
    ("boot/ includes only include/, boot/ and hv/platform.h", "boot",
     under("include/", "boot/", "hv/platform.h")),
]


def sources(root):
    out = []
    for top in FOLDERS:
        for dirpath, _, names in os.walk(os.path.join(root, top)):
            for n in sorted(names):
                if n.endswith((".c", ".h", ".S")):
                    out.append(os.path.relpath(os.path.join(dirpath, n), root))
    return sorted(out)


def includes(root, path):
    with open(os.path.join(root, path), encoding="utf-8") as f:
        return [(m.group(1) == "<", m.group(2))
                for m in INCLUDE_RE.finditer(f.read())]


def tap(ok, name, bad):
    print(f"{'ok' if ok else 'not ok'} - check-deps: {name}")
    for b in bad:
        print(f"#   {b}")


def cycles(graph):
    """Strongly connected groups of more than one node (Tarjan)."""
    index, low, stack, on, groups = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    sys.setrecursionlimit(10000)
    for v in sorted(graph):
        if v not in index:
            visit(v)
    return groups


def object_graph(root, objdir, units):
    """File -> files it calls, from the objects' symbols; None when an
    object is missing or stale."""
    defs, uses = {}, {}
    for unit, src in units:
        obj = os.path.join(objdir, unit + ".o")
        if not os.path.exists(obj) or \
           os.path.getmtime(obj) < os.path.getmtime(os.path.join(root, src)):
            return None
        nm = subprocess.run(["nm", obj], capture_output=True, text=True,
                            check=True).stdout
        for line in nm.splitlines():
            f = line.split()
            if len(f) == 3 and f[1] in "TDBR":
                defs[f[2]] = unit
            elif len(f) == 2 and f[0] == "U":
                uses.setdefault(unit, set()).add(f[1])
    graph = {u: set() for u, _ in units}
    for unit, syms in uses.items():
        for s in syms:
            if s in defs and defs[s] != unit:
                graph[unit].add(defs[s])
    return graph


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", default=".")
    ap.add_argument("--objs", help="hv.efi's object folder (build/obj)")
    args = ap.parse_args()

    files = sources(args.root)
    incs = {p: includes(args.root, p) for p in files}
    failed = False

    for name, top, allowed in RULES:
        bad = []
        for p in files:
            if folder(p) != top:
                continue
            for system, inc in incs[p]:
                if system:
                    if top in ("include", "guest-abi") and inc not in FREESTANDING:
                        bad.append(f"{p} -> <{inc}> (not compiler-provided)")
                elif not allowed(inc):
                    bad.append(f"{p} -> {inc}")
        tap(not bad, name, bad)
        failed |= bool(bad)

    bad = [f"{p} -> <{inc}>" for p in files if folder(p) != "boot"
           for system, inc in incs[p] if system and inc in EFI]
    tap(not bad, "boot/ is the only user of <efi.h> and <efilib.h>", bad)
    failed |= bool(bad)

    bad = [f"{p} -> {inc} (no such file)" for p in files
           for system, inc in incs[p]
           if not system and folder(inc) in FOLDERS and
           not os.path.exists(os.path.join(args.root, inc))]
    tap(not bad, "every quoted include names a file of the tree", bad)
    failed |= bool(bad)

    graph = {p: {inc for system, inc in incs[p] if not system and inc in incs}
             for p in files}
    groups = cycles(graph)
    tap(not groups, "no include cycles",
        [" <-> ".join(g) for g in groups])
    failed |= bool(groups)

    # dev/fuzz.c is the device models' fuzz entry, not part of hv.efi: no
    # object to read (without this the whole check was skipped as "not up
    # to date").
    units = [(p[:-2], p) for p in files
             if p.endswith((".c", ".S")) and folder(p) != "boot"
             and p != "dev/fuzz.c"]
    graph = object_graph(args.root, args.objs, units) if args.objs else None
    if graph is None:
        why = "no --objs" if not args.objs else f"{args.objs} is not up to date"
        print(f"ok - check-deps: no call cycles between files # SKIP {why}")
    else:
        groups = cycles(graph)
        tap(not groups, "no call cycles between files (from the objects)",
            [" <-> ".join(g) for g in groups])
        failed |= bool(groups)

    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
