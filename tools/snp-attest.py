#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Verify an SEV-SNP attestation report and its VCEK certificate chain.

    tools/snp-attest.py LOG [--ark ARK.der] [--policy P] [--vmpl N]
                        [--save DIR]
    tools/snp-attest.py --report R.bin --certs AUXBLOB.bin
                        [--report-data HEX] [--measurement HEX] [--ark ...]

LOG is the serial log of a snpvisor Linux run (make attest saves it): the
hypervisor's launch measurement line, and what /init printed: the
REPORT_DATA it asked for, the report and the auxblob (the certificate table
of SNP Extended Guest Request, GHCB spec) in hex. Or any report and
certificate table as raw files. Checks, on python3-cryptography:
  - the certificate table: ARK, ASK and VCEK entries inside it;
  - the ARK is the trusted one (--ark; default the TEST ARK that
    tools/snp-certs.py cached, when there is one);
  - ARK self-signed, ASK signed by the ARK, VCEK signed by the ASK, each
    RSASSA-PSS with SHA-384 (MGF1 SHA-384, 48-byte salt), as AMD's are;
  - the report's ECDSA P-384 / SHA-384 signature over bytes 0x000-0x29F
    (R, S little-endian at 0x2A0 and 0x2E8, SNP FW ABI "ATTESTATION_REPORT
    Structure") with the VCEK certificate's public key;
  - CHIP_ID = the VCEK's hwID extension (1.3.6.1.4.1.3704.1.4);
  - REPORTED_TCB = the VCEK's SPL extensions (1.3.6.1.4.1.3704.1.3.x);
  - REPORT_DATA = what /init wrote, MEASUREMENT = the digest the
    hypervisor printed at launch (when given);
  - VMPL, POLICY (--policy), VERSION >= 2, SIGNATURE_ALGO 1.
--save DIR writes what was read there: report.bin, certs.bin (the table)
and ark.der, ask.der, vcek.der from it. Prints a one-screen summary, the
verdict last; exit status 0 only when
every check passed. snpvisor's chain is a TEST chain, NOT AMD's: a report
it verifies proves it came from a firmware holding that test VCEK.
"""
import argparse
import os
import re
import struct
import sys
import uuid

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import \
    encode_dss_signature

MEAS_RE = re.compile(r"HV: snp fw (\S+): measurement ([0-9a-f]{96})")
DATA_RE = re.compile(r"snpvisor-init: REPORT_DATA ([0-9a-f]{128})")
LINE_RE = re.compile(r"snpvisor-init: report ([0-9a-f]{3}) ([0-9a-f]+)$")
AUX_RE = re.compile(r"snpvisor-init: auxblob ([0-9a-f]{4}) ([0-9a-f]+)$")
REPORT_SIZE = 0x4A0
GUIDS = {"ARK": uuid.UUID("c0b406a4-a803-4952-9743-3fb6014cd0ae"),
         "ASK": uuid.UUID("4ab7b379-bbac-4fe4-a02f-05aef327c782"),
         "VCEK": uuid.UUID("63da758d-e664-4564-adc5-f4b93be8accd")}
KDS = "1.3.6.1.4.1.3704.1."
# TCB_VERSION bytes (SNP FW ABI, Milan/Genoa): the SPL extension of each.
TCB_SPLS = [(0, "3.1", "BL"), (1, "3.2", "TEE"), (2, "3.4", "SPL4"),
            (3, "3.5", "SPL5"), (4, "3.6", "SPL6"), (5, "3.7", "SPL7"),
            (6, "3.3", "SNP"), (7, "3.8", "UCODE")]


def parse_log(text):
    meas = data = None
    chunks, aux = {}, {}
    for line in text.splitlines():
        line = line.rstrip("\r")
        m = MEAS_RE.search(line)
        if m:
            meas = bytes.fromhex(m.group(2))
        m = DATA_RE.search(line)
        if m and data is None:  # the first report is the printed one
            data = bytes.fromhex(m.group(1))
        m = LINE_RE.search(line)
        if m:
            chunks.setdefault(int(m.group(1), 16), bytes.fromhex(m.group(2)))
        m = AUX_RE.search(line)
        if m:
            aux.setdefault(int(m.group(1), 16), bytes.fromhex(m.group(2)))
    report = b"".join(chunks[o] for o in sorted(chunks))
    certs = b"".join(aux[o] for o in sorted(aux))
    return meas, data, report[:REPORT_SIZE], certs


def cert_table(blob):
    """{name: DER} of the GHCB certificate table, or a reason string."""
    out = {}
    for i in range(0, len(blob) - 23, 24):
        g, off, n = blob[i:i + 16], *struct.unpack_from("<II", blob, i + 16)
        if g == bytes(16) and off == 0 and n == 0:
            break
        if off + n > len(blob):
            return f"entry {i // 24} lies outside the table"
        for name, guid in GUIDS.items():
            if g == guid.bytes:
                out[name] = blob[off:off + n]
    else:
        return "no all-zero entry ends the table"
    return out


def pss_verify(cert, issuer):
    try:
        issuer.public_key().verify(
            cert.signature, cert.tbs_certificate_bytes,
            padding.PSS(mgf=padding.MGF1(hashes.SHA384()), salt_length=48),
            hashes.SHA384())
        return isinstance(issuer.public_key(), rsa.RSAPublicKey)
    except (InvalidSignature, AttributeError, TypeError, ValueError):
        return False


def ext(cert, oid):
    try:
        return cert.extensions.get_extension_for_oid(
            x509.ObjectIdentifier(KDS + oid)).value.value
    except x509.ExtensionNotFound:
        return None


def der_uint(b):
    """A DER INTEGER 0..255 as AMD's KDS writes the SPLs, else None."""
    if not b or len(b) < 3 or b[0] != 2 or b[1] != len(b) - 2:
        return None
    return int.from_bytes(b[2:], "big", signed=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("log", nargs="?", help="serial log of the run")
    ap.add_argument("--report", help="the report, raw (instead of a log)")
    ap.add_argument("--certs", help="the certificate table, raw")
    ap.add_argument("--report-data", help="expected REPORT_DATA, hex")
    ap.add_argument("--measurement", help="expected MEASUREMENT, hex")
    cache = os.environ.get("SNPVISOR_CACHE",
                           os.path.expanduser("~/.cache/snpvisor"))
    ap.add_argument("--ark", default=os.path.join(os.environ.get(
        "SNP_CERTS_DIR", os.path.join(cache, "snp-certs")), "ark.der"),
        help="the trusted ARK, DER (default: the cached TEST ARK)")
    ap.add_argument("--policy", type=lambda v: int(v, 0), default=0x30000)
    ap.add_argument("--vmpl", type=int, default=0)
    ap.add_argument("--save", help="write the report and certificates here")
    args = ap.parse_args()

    if args.log:
        with open(args.log, encoding="utf-8", errors="replace") as f:
            meas, data, rep, blob = parse_log(f.read())
        src = args.log
    elif args.report:
        with open(args.report, "rb") as f:
            rep = f.read()[:REPORT_SIZE]
        blob = b""
        if args.certs:
            with open(args.certs, "rb") as f:
                blob = f.read()
        meas = data = None
        src = args.report
    else:
        ap.error("a LOG or --report")
    if args.report_data:
        data = bytes.fromhex(args.report_data)
    if args.measurement:
        meas = bytes.fromhex(args.measurement)
    results = []

    def check(ok, what):
        results.append(bool(ok))
        print(f"  [{'ok' if ok else 'FAIL'}] {what}")

    print(f"snp-attest: {src}")
    if len(rep) != REPORT_SIZE:
        print(f"snp-attest: no whole report ({len(rep)} bytes)")
        print("VERDICT: NOT VERIFIED")
        return 1
    ver, svn, policy = struct.unpack_from("<IIQ", rep, 0)
    vmpl, algo = struct.unpack_from("<II", rep, 0x30)
    rtcb = rep[0x180:0x188]
    print(f"  VERSION {ver}  GUEST_SVN {svn}  POLICY 0x{policy:x}  "
          f"VMPL {vmpl}  SIGNATURE_ALGO {algo}  REPORTED_TCB "
          f"0x{int.from_bytes(rtcb, 'little'):016x}")
    print(f"  MEASUREMENT {rep[0x90:0xC0].hex()}")
    print(f"  REPORT_ID   {rep[0x140:0x160].hex()}")
    print(f"  CHIP_ID     {rep[0x1A0:0x1E0].hex()[:64]}...")
    print(f"  CPUID fam 0x{rep[0x188]:x} model 0x{rep[0x189]:x} stepping "
          f"{rep[0x18A]}; firmware {rep[0x1EA]}.{rep[0x1E9]}")

    table = cert_table(blob) if blob else "no certificate table"
    if args.save:
        os.makedirs(args.save, exist_ok=True)
        out = {"report.bin": rep, "certs.bin": blob}
        if not isinstance(table, str):
            out.update({k.lower() + ".der": v for k, v in table.items()})
        for name, b in out.items():
            with open(os.path.join(args.save, name), "wb") as f:
                f.write(b)
        print(f"  saved {', '.join(out)} in {args.save}")
    certs = {}
    if isinstance(table, str):
        check(False, f"certificate table: {table}")
    else:
        check(all(k in table for k in GUIDS),
              f"certificate table: {len(blob)} bytes, "
              f"{', '.join(k for k in GUIDS if k in table) or 'nothing'}")
        for k, der in table.items():
            try:
                certs[k] = x509.load_der_x509_certificate(der)
            except ValueError:
                pass
    ark, ask, vcek = (certs.get(k) for k in ("ARK", "ASK", "VCEK"))
    if vcek is not None:
        cn = vcek.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)
        print(f"  VCEK CN \"{cn[0].value if cn else '?'}\"")
    if os.path.isfile(args.ark):
        with open(args.ark, "rb") as f:
            trusted = f.read()
        check(ark is not None and table.get("ARK") == trusted,
              f"ARK = the trusted ARK ({args.ark})")
    else:
        print(f"  not checked: no trusted ARK at {args.ark} (--ark)")
    check(ark and pss_verify(ark, ark), "ARK self-signed (RSA-PSS SHA-384)")
    check(ark and ask and pss_verify(ask, ark),
          "ASK signed by the ARK (RSA-PSS SHA-384)")
    check(ask and vcek and pss_verify(vcek, ask),
          "VCEK signed by the ASK (RSA-PSS SHA-384)")

    sig_ok = False
    if vcek is not None and isinstance(vcek.public_key(),
                                       ec.EllipticCurvePublicKey) and \
            isinstance(vcek.public_key().curve, ec.SECP384R1):
        r = int.from_bytes(rep[0x2A0:0x2E8], "little")
        s = int.from_bytes(rep[0x2E8:0x330], "little")
        try:
            vcek.public_key().verify(encode_dss_signature(r, s),
                                     rep[:0x2A0], ec.ECDSA(hashes.SHA384()))
            sig_ok = True
        except InvalidSignature:
            pass
    check(sig_ok, "report signature (ECDSA P-384, SHA-384, R/S "
          "little-endian) with the VCEK certificate's key")
    check(rep[0x2A0 + 48:0x2E8] == bytes(24) and
          rep[0x2E8 + 48:0x330] == bytes(24), "R and S zero-extended")
    check(vcek is not None and ext(vcek, "4") == rep[0x1A0:0x1E0],
          "CHIP_ID = the VCEK's hwID")
    spl_ok = vcek is not None
    bad = []
    for byte, oid, label in TCB_SPLS:
        v = der_uint(ext(vcek, oid)) if vcek is not None else None
        if v != rtcb[byte]:
            spl_ok = False
            bad.append(label)
    check(spl_ok, "REPORTED_TCB = the VCEK's SPLs (BL, TEE, SNP, UCODE, "
          f"SPL4-7){' : ' + ', '.join(bad) + ' differ' if bad else ''}")
    if data is not None:
        check(rep[0x50:0x90] == data, "REPORT_DATA = what /init wrote")
    else:
        print("  not checked: REPORT_DATA (none given)")
    if meas is not None:
        check(rep[0x90:0xC0] == meas,
              "MEASUREMENT = the hypervisor's launch measurement")
    else:
        print("  not checked: MEASUREMENT (none given)")
    check(vmpl == args.vmpl and policy == args.policy and ver >= 2 and
          algo == 1, f"VMPL {args.vmpl}, POLICY 0x{args.policy:x}, "
          "VERSION >= 2, SIGNATURE_ALGO 1")
    print("  note: a snpvisor TEST chain, NOT AMD's")
    ok = all(results)
    print(f"VERDICT: {'VERIFIED' if ok else 'NOT VERIFIED'} "
          f"({sum(results)}/{len(results)} checks)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
