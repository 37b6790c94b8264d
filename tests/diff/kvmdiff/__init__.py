# SPDX-License-Identifier: GPL-2.0-only
"""kvmdiff: snpvisor's conversion engine against KVM, request by request.

  trace     the canonical traces (docs/trace-format.md) of scn-engine and
            kvm-ref: running them, splitting their output per scenario
            and request, picking events out of a request's lines
  scenario  the few facts of a .scn file (docs/scenario-format.md) the
            rules need
  harness   the KVM versions kvm/ref/build.sh built (build/kvm-ref/V/),
            their patch stages and kvm/patches/V/ series
  rules     the divergence rules, each registered with the entry of
            docs/kvm-divergences.md it stands for and the KVM versions it
            applies to, and the classifier that tries them in order
  report    the side-by-side table, the class counts and the TAP lines of
            `make diff`

The entry scripts are tests/diff/diff.py (the corpus) and tests/diff/fuzz.py
(differential fuzzing). They set sys.dont_write_bytecode before importing
this package, so no __pycache__ lands in the clone even without the
Makefile's PYTHONDONTWRITEBYTECODE.
"""
import os

# The top of the clone.
TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))))
