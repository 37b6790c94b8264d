# SPDX-License-Identifier: GPL-2.0-only
"""The KVM versions kvm/ref/build.sh built: build/kvm-ref/V/stage-K, one
stage per prefix of kvm/patches/V/."""
import os
import re
import sys

from . import TOP
from .trace import kvm_release


class Version:
    """One KVM version of the reference: its stages and patch series."""

    def __init__(self, kvm_dir, v):
        self.v = v
        d = os.path.join(kvm_dir, v)
        self.stages = sorted((int(x.split("-")[1]), os.path.join(d, x))
                             for x in os.listdir(d)
                             if re.match(r"stage-\d+$", x))
        pdir = os.path.join(TOP, "kvm", "patches", v)
        self.patches = sorted(p for p in os.listdir(pdir)
                              if p.endswith(".patch") and
                              not p.startswith("0000-")) \
            if os.path.isdir(pdir) else []
        if len(self.stages) != len(self.patches) + 1:
            sys.exit("%d KVM %s harness stages for %d patches: run "
                     "kvm/ref/build.sh" % (len(self.stages), v,
                                           len(self.patches)))
        self.release = kvm_release(self.stages[0][1], v)
        if ".".join(self.release.split(".")[:2]) != v:
            sys.exit("build/kvm-ref/%s holds Linux %s" % (v, self.release))

    def binary(self, k):
        return os.path.join(self.stages[k][1], "kvm-ref")

    def patched(self):
        return self.binary(-1)


def versions(kvm_dir, wanted=None):
    """[Version] for every build/kvm-ref/V (or only `wanted`), oldest first."""
    if not os.path.isdir(kvm_dir):
        sys.exit("%s missing: run kvm/ref/build.sh" % kvm_dir)
    have = sorted((x for x in os.listdir(kvm_dir)
                   if re.match(r"\d+\.\d+$", x)),
                  key=lambda x: tuple(int(n) for n in x.split(".")))
    if wanted:
        miss = [v for v in wanted if v not in have]
        if miss:
            sys.exit("KVM %s not built: KVM_VERSIONS=\"%s\" kvm/ref/build.sh"
                     % (" ".join(miss), " ".join(wanted)))
        have = [v for v in have if v in wanted]
    if not have:
        sys.exit("no KVM version in %s: run kvm/ref/build.sh" % kvm_dir)
    return [Version(kvm_dir, v) for v in have]
