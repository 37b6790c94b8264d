#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Verify an SEV-SNP attestation report from a snpvisor run log.

Reads the serial log of a Linux guest run (make attest saves it):
the hypervisor's report-signing key line and measurement line, and the
report /init printed in hex with the REPORT_DATA it asked for. Checks, on
python3-cryptography:
  - the ECDSA P-384 / SHA-384 signature over bytes 0x000-0x29F, R and S
    little-endian at 0x2A0 and 0x2E8 (SNP FW ABI "ATTESTATION_REPORT");
  - REPORT_DATA = what /init wrote;
  - MEASUREMENT = the digest the hypervisor printed at launch;
  - VMPL, POLICY (--policy), VERSION >= 2, SIGNATURE_ALGO 1.
Prints a one-screen summary and ends with the verdict; exit status 0 only
when every check passed.

NOT a chain verification: snpvisor has no test ARK/ASK/VCEK chain yet, so
the key is the one the hypervisor printed, which proves only that the
report came from that boot's firmware model. It is not AMD's.
"""
import argparse
import re
import struct
import sys

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import \
    encode_dss_signature

KEY_RE = re.compile(r"HV: snp fw: report-signing key .*: P-384 ([0-9a-f]{194})")
MEAS_RE = re.compile(r"HV: snp fw (\S+): measurement ([0-9a-f]{96})")
DATA_RE = re.compile(r"snpvisor-init: REPORT_DATA ([0-9a-f]{128})")
LINE_RE = re.compile(r"snpvisor-init: report ([0-9a-f]{3}) ([0-9a-f]+)$")
REPORT_SIZE = 0x4A0


def parse(text):
    key = meas = data = None
    chunks = {}
    for line in text.splitlines():
        line = line.rstrip("\r")
        m = KEY_RE.search(line)
        if m:
            key = bytes.fromhex(m.group(1))
        m = MEAS_RE.search(line)
        if m:
            meas = bytes.fromhex(m.group(2))
        m = DATA_RE.search(line)
        if m and data is None:  # the first report is the printed one
            data = bytes.fromhex(m.group(1))
        m = LINE_RE.search(line)
        if m:
            chunks.setdefault(int(m.group(1), 16), bytes.fromhex(m.group(2)))
    report = b"".join(chunks[o] for o in sorted(chunks))
    return key, meas, data, report[:REPORT_SIZE]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("log", help="serial log of the run")
    ap.add_argument("--policy", type=lambda v: int(v, 0), default=0x30000)
    ap.add_argument("--vmpl", type=int, default=0)
    args = ap.parse_args()

    with open(args.log, encoding="utf-8", errors="replace") as f:
        key, meas, data, rep = parse(f.read())
    results = []

    def check(ok, what):
        results.append(ok)
        print(f"  [{'ok' if ok else 'FAIL'}] {what}")

    print(f"snp-attest: {args.log}")
    if not key or not meas or not data or len(rep) != REPORT_SIZE:
        print("snp-attest: the log lacks the key, the measurement, the "
              f"REPORT_DATA or a whole report ({len(rep)} bytes)")
        print("VERDICT: NOT VERIFIED")
        return 1
    ver, svn, policy = struct.unpack_from("<IIQ", rep, 0)
    vmpl, algo = struct.unpack_from("<II", rep, 0x30)
    print(f"  VERSION {ver}  GUEST_SVN {svn}  POLICY 0x{policy:x}  "
          f"VMPL {vmpl}  SIGNATURE_ALGO {algo}")
    print(f"  MEASUREMENT {rep[0x90:0xC0].hex()}")
    print(f"  HOST_DATA   {rep[0xC0:0xE0].hex()}")
    print(f"  REPORT_ID   {rep[0x140:0x160].hex()}")
    print(f"  CHIP_ID     {rep[0x1A0:0x1E0].hex()[:64]}...")
    fam, mod, step = rep[0x188], rep[0x189], rep[0x18A]
    print(f"  CPUID fam 0x{fam:x} model 0x{mod:x} stepping {step}; "
          f"firmware {rep[0x1EA]}.{rep[0x1E9]}")

    r = int.from_bytes(rep[0x2A0:0x2E8], "little")
    s = int.from_bytes(rep[0x2E8:0x330], "little")
    pub = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP384R1(), key)
    try:
        pub.verify(encode_dss_signature(r, s), rep[:0x2A0],
                   ec.ECDSA(hashes.SHA384()))
        sig_ok = True
    except InvalidSignature:
        sig_ok = False
    check(sig_ok, "signature (ECDSA P-384, SHA-384, R/S little-endian) "
          "with the hypervisor's report-signing key")
    check(rep[0x2A0 + 48:0x2E8] == bytes(24) and
          rep[0x2E8 + 48:0x330] == bytes(24), "R and S zero-extended")
    check(rep[0x50:0x90] == data, "REPORT_DATA = what /init wrote")
    check(rep[0x90:0xC0] == meas,
          "MEASUREMENT = the hypervisor's launch measurement")
    check(vmpl == args.vmpl, f"VMPL {args.vmpl}")
    check(policy == args.policy, f"POLICY 0x{args.policy:x}")
    check(ver >= 2 and algo == 1, "VERSION >= 2, SIGNATURE_ALGO 1")
    print("  not checked: the ARK/ASK/VCEK chain (not implemented: the key "
          "is the firmware model's, not AMD's)")
    ok = all(results)
    print(f"VERDICT: {'VERIFIED' if ok else 'NOT VERIFIED'} "
          f"({sum(results)}/{len(results)} checks)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
