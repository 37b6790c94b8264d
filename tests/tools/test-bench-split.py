#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
#
# tests/bench/bench.py's split of the engine's front end (engine_split(),
# docs/bench.md "What is counted") on a small callgrind file written here
# in callgrind's own format (compressed names, subpositions, calls=
# lines), so that what each column must get is known by construction.
# Usage: test-bench-split.py CASE; exits 0 when the case behaves:
#   split     the costs land in back end, conversion and decode as built
#   total     a file whose costs do not add up to the total is refused
#   npt-view  a view_set() of snp/view_npt.c is refused, not counted
#   kvm       KVM's side: its stubs and stand-ins are back end,
#             KVM_SET_MEMORY_ATTRIBUTES and its callees one column,
#             the PSC code the rest
import importlib.util
import os
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
spec = importlib.util.spec_from_file_location(
    "bench", os.path.join(ROOT, "tests/bench/bench.py"))
bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench)

# The call chain of each context, innermost first, as callgrind's
# --separate-callers writes it.
ENTRY = "snp_psc_event'snp_ghcb_protocol'snp_vmgexit"
CONV = "snp_convert_page'" + ENTRY
CLONE = "snp_convert.constprop.0'" + ENTRY  # a gcc clone of snp_convert
BACKEND = "sw_update'" + CONV


def cg_file(view_file):
    """A callgrind file: decode 10 + 5 + 3 (three cost lines, two by
    subposition), a call from the decode into the conversion whose
    inclusive cost (999) must not count again, conversion 40 + 7 (the 7
    in a gcc clone of snp_convert called from the decode), back end 50 in
    mm/rmp_sw.c and a view_set of 4 in view_file, reached from the
    conversion."""
    return f"""version: 1
creator: test-bench-split
positions: line
events: Ir
summary: 119

fl=(1) snp/psc.c
fn=(1) {ENTRY}
10 10
+2 5
* 3
cfl=(2) snp/convert.c
cfn=(2) {CONV}
calls=1 0x10 
12 999

fl=(2)
fn=(2)
20 40
cfn=(3) {BACKEND}
calls=1 0x20 
21 54
fn=(4) {CLONE}
30 7

fl=(3) mm/rmp_sw.c
fn=(3)
40 50

fl=(4) {view_file}
fn=(5) view_set'{CONV}
50 4
"""


# KVM's side (kvm/ref/harness.c under callgrind): the PSC code, the
# attribute ioctl with the kernel's xarray under it, a harness stand-in
# (the slab allocator) and a stub (the NPT callback) called from it.
KVM_IOCTL = "kvm_vm_ioctl_set_mem_attributes'run_to_guest'main"
KVM_FILE = """version: 1
creator: test-bench-split
positions: line
events: Ir
summary: 111

fl=(1) arch/x86/kvm/svm/sev.c
fn=(1) sev_handle_vmgexit'main
10 20
fn=(2) snp_complete_psc_msr'run_to_guest'main
20 3

fl=(2) virt/kvm/kvm_main.c
fn=(3) {KVM_IOCTL}
30 30
cfl=(3) lib/xarray.c
cfn=(4) xas_store'kvm_vm_set_mem_attributes.constprop.0'{KVM_IOCTL}
calls=1 0x10 
31 500
fn=(5) kvm_vm_set_mem_attributes.constprop.0'{KVM_IOCTL}
40 6

fl=(3)
fn=(4)
50 40

fl=(4) kvm/ref/harness.c
fn=(6) shim_kmem_cache_alloc_lru'xas_store'kvm_vm_set_mem_attributes.constprop.0'{KVM_IOCTL}
60 9
fn=(7) kvm_arch_post_set_memory_attributes'kvm_vm_set_mem_attributes.constprop.0'{KVM_IOCTL}
70 3
""".replace("{KVM_IOCTL}", KVM_IOCTL)


def kvm_split():
    with tempfile.TemporaryDirectory() as out:
        bench.OUT = out
        os.makedirs(os.path.join(out, "cg"))
        with open(os.path.join(out, "cg", "callgrind.k"), "w") as f:
            f.write(KVM_FILE)
        return bench.cost_split("k", 111, [bench.KVM_BACKEND_FUNCS,
                                          dict.fromkeys(bench.KVM_ATTR_FUNCS)])


def split(view_file, total):
    with tempfile.TemporaryDirectory() as out:
        bench.OUT = out
        os.makedirs(os.path.join(out, "cg"))
        with open(os.path.join(out, "cg", "callgrind.t"), "w") as f:
            f.write(cg_file(view_file))
        return bench.engine_split("t", total)


def refused(view_file, total):
    try:
        split(view_file, total)
    except SystemExit as e:
        return e.code not in (None, 0)
    return False


case = sys.argv[1]
if case == "split":
    got = split("tests/bench/bench_engine.c", 119)
    want = (50 + 4, 40 + 7)  # back end; conversion; decode 18 is the rest
    print(f"# back end, conversion: {got}, want {want}")
    sys.exit(0 if got == want else 1)
if case == "total":
    sys.exit(0 if refused("tests/bench/bench_engine.c", 120) else 1)
if case == "npt-view":
    sys.exit(0 if refused("snp/view_npt.c", 119) else 1)
if case == "kvm":
    got = kvm_split()
    want = [9 + 3, 30 + 40 + 6]  # back end; the ioctl; PSC code 23 is the rest
    print(f"# back end, KVM_SET_MEMORY_ATTRIBUTES: {got}, want {want}")
    sys.exit(0 if got == want else 1)
sys.exit(f"unknown case {case}")
