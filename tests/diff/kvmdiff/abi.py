# SPDX-License-Identifier: GPL-2.0-only
"""The wire constants the rules compare against, read from guest-abi/.

Only `#define NAME <integer>` lines are taken (suffixes u/ull allowed), so
the values are the headers' own, not copies; a name the rules use that a
header no longer defines is a KeyError at import.
"""
import os
import re

from . import TOP

_DEFINE = re.compile(r"^#define\s+(\w+)\s+\(?(0x[0-9a-fA-F]+|\d+)(?:u|ull|ul)?\)?\s*(?:/\*.*)?$")


def _defines(*headers):
    out = {}
    for h in headers:
        with open(os.path.join(TOP, "guest-abi", h)) as f:
            for line in f:
                m = _DEFINE.match(line.strip())
                if m:
                    out[m.group(1)] = int(m.group(2), 0)
    return out


_D = _defines("ghcb.h", "psc.h", "map_gpa.h")

# guest-abi/psc.h
PSC_ERROR_INVALID_HDR = _D["PSC_ERROR_INVALID_HDR"]
PSC_ERROR_INVALID_ENTRY = _D["PSC_ERROR_INVALID_ENTRY"]
PSC_ERROR_GENERIC = _D["PSC_ERROR_GENERIC"]
PSC_OP_PRIVATE = _D["PSC_OP_PRIVATE"]
PSC_OP_SHARED = _D["PSC_OP_SHARED"]
PSC_OP_PSMASH = _D["PSC_OP_PSMASH"]
PSC_OP_UNSMASH = _D["PSC_OP_UNSMASH"]


def psc_entry_cur_page(e):
    """PSC_ENTRY_CUR_PAGE (guest-abi/psc.h)."""
    return e & 0xfff


def psc_entry_gfn(e):
    """PSC_ENTRY_GFN (guest-abi/psc.h)."""
    return (e >> 12) & (2**40 - 1)


def psc_entry_op(e):
    """PSC_ENTRY_OP (guest-abi/psc.h)."""
    return (e >> 52) & 0xf


def psc_entry_2m(e):
    """PSC_ENTRY_2M (guest-abi/psc.h)."""
    return (e >> 56) & 1


# guest-abi/ghcb.h: MSR protocol request and response codes ([11:0]).
GHCB_MSR_SEV_INFO_REQ = _D["GHCB_MSR_SEV_INFO_REQ"]
GHCB_MSR_CPUID_REQ = _D["GHCB_MSR_CPUID_REQ"]
GHCB_MSR_AP_RESET_HOLD_REQ = _D["GHCB_MSR_AP_RESET_HOLD_REQ"]
GHCB_MSR_PREF_GPA_REQ = _D["GHCB_MSR_PREF_GPA_REQ"]
GHCB_MSR_REG_GPA_REQ = _D["GHCB_MSR_REG_GPA_REQ"]
GHCB_MSR_REG_GPA_RESP = _D["GHCB_MSR_REG_GPA_RESP"]
GHCB_MSR_PSC_REQ = _D["GHCB_MSR_PSC_REQ"]
GHCB_MSR_PSC_RESP = _D["GHCB_MSR_PSC_RESP"]
GHCB_MSR_VMPL_REQ = _D["GHCB_MSR_VMPL_REQ"]
GHCB_MSR_VMPL_RESP = _D["GHCB_MSR_VMPL_RESP"]
GHCB_MSR_HV_FT_REQ = _D["GHCB_MSR_HV_FT_REQ"]
GHCB_MSR_HV_FT_RESP = _D["GHCB_MSR_HV_FT_RESP"]
GHCB_MSR_TERM_REQ = _D["GHCB_MSR_TERM_REQ"]
# The request codes the MSR protocol defines; others are unknown (D20).
GHCB_MSR_KNOWN_REQS = (GHCB_MSR_SEV_INFO_REQ, GHCB_MSR_CPUID_REQ,
                       GHCB_MSR_AP_RESET_HOLD_REQ, GHCB_MSR_PREF_GPA_REQ,
                       GHCB_MSR_REG_GPA_REQ, GHCB_MSR_PSC_REQ,
                       GHCB_MSR_VMPL_REQ, GHCB_MSR_HV_FT_REQ,
                       GHCB_MSR_TERM_REQ)
# snpvisor's MSR PSC response error code ([63:32]) for a refused request
# (MSR_PSC_ERROR, private to snp/ghcb_msr.c).
MSR_PSC_ERROR = 0x80000000
MSR_PSC_REFUSED = (MSR_PSC_ERROR << 32) | GHCB_MSR_PSC_RESP
# GHCB registration refused: the all-ones GFN (docs/abi.md).
MSR_REG_GPA_REFUSED = 0xfffffffffffff000 | GHCB_MSR_REG_GPA_RESP

# guest-abi/ghcb.h: SW_EXITINFO2 of an error response (SW_EXITINFO1 = 2).
GHCB_ERR_NOT_REGISTERED = _D["GHCB_ERR_NOT_REGISTERED"]
GHCB_ERR_INVALID_SCRATCH_AREA = _D["GHCB_ERR_INVALID_SCRATCH_AREA"]

# guest-abi/map_gpa.h
KVM_MAP_GPA_RANGE_PAGE_SZ_1G = _D["KVM_MAP_GPA_RANGE_PAGE_SZ_1G"]
KVM_MAP_GPA_RANGE_PAGE_SZ_2M = _D["KVM_MAP_GPA_RANGE_PAGE_SZ_2M"]
KVM_MAP_GPA_RANGE_PAGE_SZ_MASK = _D["KVM_MAP_GPA_RANGE_PAGE_SZ_MASK"]
KVM_MAP_GPA_RANGE_ENCRYPTED = _D["KVM_MAP_GPA_RANGE_ENCRYPTED"]
# Every attribute bit KVM_MAP_GPA_RANGE_RSVD_MASK (~0x1f) leaves.
KVM_MAP_GPA_RANGE_VALID = KVM_MAP_GPA_RANGE_PAGE_SZ_MASK | \
    KVM_MAP_GPA_RANGE_ENCRYPTED
KVM_EINVAL = _D["KVM_EINVAL"]
# -KVM_EINVAL as trace lines print RAX, in 64-bit mode and truncated to
# 32 bits.
EINVAL = ("0x%x" % (2**64 - KVM_EINVAL), "0x%x" % (2**32 - KVM_EINVAL))
