#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Cut KVM's own page-state-change code out of a kernel source tree.

usage: extract.py ITEMS SRCDIR OUT_DEFS_H OUT_FUNCS_C

ITEMS lists one item per line: "<kind> <file> <name>", in the order the
definitions must appear (see kvm/ref/items.txt). Kinds:

  fn      a function definition (kernel style: the body opens with "{" and
          closes with "}" alone in column 0)
  struct  "struct NAME {" ... "}...;" at column 0; likewise union, enum
  def     a #define NAME, with backslash continuations; NAME may end in
          "*" to take every #define with that prefix
  lines   every line of the file that starts with NAME (the rest of the
          item line, spaces included)
  file    the whole file, minus its #include lines
  shim    not from the tree: '#include "NAME"' at this point of the defs

A kind ending in "?" (e.g. "fn?") marks an item that only exists once
kvm/patches is applied: it is taken when present and skipped otherwise.

Every item is preceded by a #line marker so compiler messages point into
the kernel source. Definitions (struct/def/lines/file/shim) go to the defs
header in list order; functions go to the .c file after a block of
prototypes (snp_begin_psc and snp_complete_one_psc call each other).
A missing file or item is an error naming it.
"""
import os
import re
import sys


def die(msg):
    sys.stderr.write("extract.py: error: %s\n" % msg)
    sys.exit(1)


class Source:
    def __init__(self, root):
        self.root = root
        self.cache = {}

    def lines(self, rel):
        if rel not in self.cache:
            path = os.path.join(self.root, rel)
            try:
                with open(path, encoding="utf-8", errors="replace") as f:
                    self.cache[rel] = f.read().split("\n")
            except OSError as e:
                die("%s: %s (is the source package complete?)" % (rel, e.strerror))
        return self.cache[rel]


def marker(src, rel, idx):
    return '#line %d "%s"' % (idx + 1, os.path.join(src.root, rel))


class Missing(Exception):
    pass


def take_fn(src, rel, name):
    lines = src.lines(rel)
    head = re.compile(r"^[A-Za-z_].*\b%s\(" % re.escape(name))
    for i, line in enumerate(lines):
        if not head.match(line) or line.rstrip().endswith(";"):
            continue
        # Walk the (possibly multi-line) signature to the opening brace.
        j = i
        while j < len(lines) and lines[j] != "{":
            if lines[j].rstrip().endswith(";"):
                break
            j += 1
        if j == len(lines) or lines[j] != "{":
            continue
        k = j + 1
        while k < len(lines) and lines[k] != "}":
            k += 1
        if k == len(lines):
            die("%s: unterminated function %s" % (rel, name))
        sig = " ".join(l.strip() for l in lines[i:j])
        proto = sig + ";"
        return proto, [marker(src, rel, i)] + lines[i:k + 1]
    raise Missing("%s: function %s not found" % (rel, name))


def take_struct(src, rel, name, keyword="struct"):
    lines = src.lines(rel)
    for i, line in enumerate(lines):
        if line.startswith("%s %s {" % (keyword, name)):
            k = i + 1
            while k < len(lines) and not lines[k].startswith("}"):
                k += 1
            if k == len(lines):
                die("%s: unterminated %s %s" % (rel, keyword, name))
            return [marker(src, rel, i)] + lines[i:k + 1]
    die("%s: %s %s not found" % (rel, keyword, name))


def take_def(src, rel, name):
    lines = src.lines(rel)
    if name.endswith("*"):
        pat = re.compile(r"^#\s*define\s+%s\w*\b" % re.escape(name[:-1]))
    else:
        pat = re.compile(r"^#\s*define\s+%s\b" % re.escape(name))
    out = []
    i = 0
    while i < len(lines):
        if pat.match(lines[i]):
            out.append(marker(src, rel, i))
            while True:
                out.append(lines[i])
                if not lines[i].rstrip().endswith("\\"):
                    break
                i += 1
        i += 1
    if not out:
        die("%s: #define %s not found" % (rel, name))
    return out


def take_lines(src, rel, prefix):
    out = []
    for i, line in enumerate(src.lines(rel)):
        if line.startswith(prefix):
            out += [marker(src, rel, i), line]
    if not out:
        die("%s: no line starts with %s" % (rel, prefix))
    return out


def take_file(src, rel):
    return [marker(src, rel, 0)] + [
        l if not re.match(r"^#\s*include\b", l) else "" for l in src.lines(rel)]


def main():
    if len(sys.argv) != 5:
        die("usage: extract.py ITEMS SRCDIR OUT_DEFS_H OUT_FUNCS_C")
    items, root, out_h, out_c = sys.argv[1:]
    src = Source(root)
    defs, protos, funcs = [], [], []
    with open(items) as f:
        for n, raw in enumerate(f, 1):
            line = raw.split("#", 1)[0].strip()
            if not line:
                continue
            w = line.split()
            kind = w[0]
            if kind == "shim" and len(w) == 2:
                defs.append('#include "%s"' % w[1])
                continue
            if kind.rstrip("?") == "lines" and len(w) > 3:
                w = w[:2] + [line.split(None, 2)[2]]
            if len(w) != 3 and not (kind == "file" and len(w) == 2):
                die("%s:%d: bad item line" % (items, n))
            rel = w[1]
            optional = kind.endswith("?")
            kind = kind.rstrip("?")
            if kind == "fn":
                try:
                    proto, body = take_fn(src, rel, w[2])
                except Missing as e:
                    if optional:
                        continue
                    die(str(e))
                protos.append(proto)
                funcs += body + [""]
            elif kind in ("struct", "union", "enum"):
                defs += take_struct(src, rel, w[2], kind) + [""]
            elif kind == "def":
                defs += take_def(src, rel, w[2])
            elif kind == "lines":
                defs += take_lines(src, rel, w[2])
            elif kind == "file":
                defs += take_file(src, rel)
            else:
                die("%s:%d: unknown kind %s" % (items, n, kind))
    hdr = "/* Generated by kvm/ref/extract.py from %s; do not edit. */\n" % root
    with open(out_h, "w") as f:
        f.write(hdr + "\n".join(defs) + "\n")
    with open(out_c, "w") as f:
        f.write(hdr + "\n".join(protos) + "\n\n" + "\n".join(funcs) + "\n")


if __name__ == "__main__":
    main()
