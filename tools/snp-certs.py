#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Make (once) and cache snpvisor's self-made TEST VCEK certificate chain.

    tools/snp-certs.py [--dir DIR]

The chain is NOT AMD's: every subject says "snpvisor TEST ... NOT AMD".
It has AMD's shape, so verifiers written for AMD's chain read it:
  - ARK: RSA-4096, self-signed, RSASSA-PSS with SHA-384 (MGF1 SHA-384,
    48-byte salt), a CA;
  - ASK: RSA-4096, signed by the ARK the same way, a CA;
  - VCEK: P-384, signed by the ASK with RSASSA-PSS SHA-384, carrying the
    AMD KDS extensions (AMD's "Versioned Chip Endorsement Key (VCEK)
    Certificate and KDS Interface Specification"): 1.3.6.1.4.1.3704.1.1
    structVersion (INTEGER 1), .1.2 productName (IA5String), .1.3.1
    blSPL, .1.3.2 teeSPL, .1.3.3 snpSPL, .1.3.4-.1.3.7 reserved SPLs,
    .1.3.8 ucodeSPL (INTEGERs), .1.4 hwID (the 64 bytes of CHIP_ID, raw,
    as AMD's KDS writes it). fmcSPL (.1.3.9, Turin only) is not modelled.

Written into DIR (default $SNP_CERTS_DIR, else
${SNPVISOR_CACHE:-~/.cache/snpvisor}/snp-certs; never inside the clone):
ark.der, ask.der, vcek.der, vcek-key.pem and snpvisor-vcek.bin, the file
hv.efi reads from its ESP (tools/qemu-run.sh puts it there; layout in
docs/firmware.md "The VCEK file"): CHIP_ID, the TCB the VCEK is for, the
VCEK's secret scalar and the GHCB certificate table with the three DER
certificates. An existing, complete DIR is kept as it is; the last line
printed is the path of snpvisor-vcek.bin.
"""
import argparse
import datetime
import os
import struct
import sys
import tempfile
import uuid

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.x509.oid import NameOID

# GHCB spec "SNP Extended Guest Request": the certificate table's GUIDs.
GUID_ARK = uuid.UUID("c0b406a4-a803-4952-9743-3fb6014cd0ae")
GUID_ASK = uuid.UUID("4ab7b379-bbac-4fe4-a02f-05aef327c782")
GUID_VCEK = uuid.UUID("63da758d-e664-4564-adc5-f4b93be8accd")

KDS = "1.3.6.1.4.1.3704.1."
PRODUCT = "Milan-B0"
# The TCB the VCEK is issued for (SNP FW ABI "TCB_VERSION", Milan/Genoa
# layout: byte 0 BOOT_LOADER, 1 TEE, 2-5 reserved, 6 SNP, 7 MICROCODE).
# Model's choice of values; the firmware model reports this TCB.
TCB = {"bl": 3, "tee": 0, "snp": 8, "ucode": 115}
VCEK_FILE_MAGIC = b"SNPVCEK1"
VCEK_FILE_VERSION = 1
FILES = ("ark.der", "ask.der", "vcek.der", "vcek-key.pem",
         "snpvisor-vcek.bin")


def tcb_u64():
    return (TCB["bl"] | TCB["tee"] << 8 | TCB["snp"] << 48 |
            TCB["ucode"] << 56)


def pss():
    return padding.PSS(mgf=padding.MGF1(hashes.SHA384()), salt_length=48)


def der_int(v):
    assert 0 <= v < 128
    return bytes([0x02, 1, v])


def der_ia5(s):
    b = s.encode("ascii")
    return bytes([0x16, len(b)]) + b


def name(cn):
    return x509.Name([
        x509.NameAttribute(NameOID.COMMON_NAME, cn),
        x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME,
                           "snpvisor TEST chain, NOT AMD"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "snpvisor (test only)"),
    ])


def cert(subject, pub, issuer, issuer_key, ca, exts=()):
    now = datetime.datetime.now(datetime.timezone.utc)
    b = (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer)
         .public_key(pub).serial_number(x509.random_serial_number())
         .not_valid_before(now - datetime.timedelta(days=1))
         .not_valid_after(now + datetime.timedelta(days=25 * 365)))
    if ca:
        b = b.add_extension(x509.BasicConstraints(ca=True, path_length=None),
                            critical=True)
        b = b.add_extension(x509.KeyUsage(
            digital_signature=False, content_commitment=False,
            key_encipherment=False, data_encipherment=False,
            key_agreement=False, key_cert_sign=True, crl_sign=True,
            encipher_only=False, decipher_only=False), critical=True)
    for oid, value in exts:
        b = b.add_extension(x509.UnrecognizedExtension(
            x509.ObjectIdentifier(oid), value), critical=False)
    return sign_pss(b.sign(issuer_key, hashes.SHA384()), issuer_key)


# RFC 4055 "RSASSA-PSS" AlgorithmIdentifier: SHA-384, MGF1 with SHA-384,
# salt length 48 (the same DER as AMD's ARK and ASK carry).
PSS_SHA384_ALG_ID = bytes.fromhex(
    "304106092a864886f70d01010a3034a00f300d06096086480165030402020500"
    "a11c301a06092a864886f70d010108300d06096086480165030402020500a203"
    "020130")


def der_len(n):
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def der_tlv(tag, body):
    return bytes([tag]) + der_len(len(body)) + body


def der_split(data):
    """The TLVs one after the other in DER data: [(tag, contents), ...]."""
    out, i = [], 0
    while i < len(data):
        tag, n, j = data[i], data[i + 1], i + 2
        if n & 0x80:
            k = n & 0x7F
            n, j = int.from_bytes(data[j:j + k], "big"), j + k
        out.append((tag, data[j:j + n]))
        i = j + n
    return out


def sign_pss(cert_v15, key):
    """Re-sign a certificate with RSASSA-PSS. Debian 12's
    python3-cryptography (38) signs certificates with PKCS #1 v1.5 only
    (rsa_padding= came in 41), so the builder's TBSCertificate gets the
    PSS AlgorithmIdentifier in place of its own (its third field, RFC
    5280 "TBSCertificate") and is signed again with the library's
    RSA-PSS. The Certificate is TBS, algorithm, BIT STRING signature."""
    (_, body), = der_split(cert_v15.tbs_certificate_bytes)
    fields = [der_tlv(t, c) for t, c in der_split(body)]
    fields[2] = PSS_SHA384_ALG_ID
    tbs = der_tlv(0x30, b"".join(fields))
    sig = key.sign(tbs, pss(), hashes.SHA384())
    der = der_tlv(0x30, tbs + PSS_SHA384_ALG_ID + der_tlv(0x03, b"\0" + sig))
    return x509.load_der_x509_certificate(der)


def cert_table(ders):
    """GHCB spec "SNP Extended Guest Request": {GUID (16, RFC 4122 byte
    order as go-sev-guest and virtee read it), offset u32, length u32}
    entries, an all-zero entry, then the certificates; offsets count
    from the table's start."""
    off = 24 * (len(ders) + 1)
    head, body = b"", b""
    for guid, der in ders:
        head += guid.bytes + struct.pack("<II", off + len(body), len(der))
        body += der
    return head + bytes(24) + body


def make(out):
    chip_id = os.urandom(64)
    ark_key = rsa.generate_private_key(65537, 4096)
    ask_key = rsa.generate_private_key(65537, 4096)
    vcek_key = ec.generate_private_key(ec.SECP384R1())
    ark_name = name("snpvisor TEST ARK-Milan (NOT AMD)")
    ask_name = name("snpvisor TEST SEV-Milan ASK (NOT AMD)")
    ark = cert(ark_name, ark_key.public_key(), ark_name, ark_key, True)
    ask = cert(ask_name, ask_key.public_key(), ark_name, ark_key, True)
    exts = [(KDS + "1", der_int(1)), (KDS + "2", der_ia5(PRODUCT)),
            (KDS + "3.1", der_int(TCB["bl"])),
            (KDS + "3.2", der_int(TCB["tee"])),
            (KDS + "3.3", der_int(TCB["snp"])),
            (KDS + "3.4", der_int(0)), (KDS + "3.5", der_int(0)),
            (KDS + "3.6", der_int(0)), (KDS + "3.7", der_int(0)),
            (KDS + "3.8", bytes([0x02, 2, 0, TCB["ucode"]])
             if TCB["ucode"] >= 128 else der_int(TCB["ucode"])),
            (KDS + "4", chip_id)]
    vcek = cert(name("snpvisor TEST SEV-VCEK (NOT AMD)"),
                vcek_key.public_key(), ask_name, ask_key, False, exts)
    ders = {k: c.public_bytes(serialization.Encoding.DER)
            for k, c in (("ark", ark), ("ask", ask), ("vcek", vcek))}
    for k, d in ders.items():
        with open(os.path.join(out, k + ".der"), "wb") as f:
            f.write(d)
    with open(os.path.join(out, "vcek-key.pem"), "wb") as f:
        f.write(vcek_key.private_bytes(serialization.Encoding.PEM,
                                       serialization.PrivateFormat.PKCS8,
                                       serialization.NoEncryption()))
    table = cert_table([(GUID_ARK, ders["ark"]), (GUID_ASK, ders["ask"]),
                        (GUID_VCEK, ders["vcek"])])
    d = vcek_key.private_numbers().private_value.to_bytes(48, "big")
    blob = (VCEK_FILE_MAGIC + struct.pack("<IIQ", VCEK_FILE_VERSION,
                                          len(table), tcb_u64()) +
            chip_id + d + table)
    with open(os.path.join(out, "snpvisor-vcek.bin"), "wb") as f:
        f.write(blob)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    cache = os.environ.get("SNPVISOR_CACHE",
                           os.path.expanduser("~/.cache/snpvisor"))
    ap.add_argument("--dir", default=os.environ.get(
        "SNP_CERTS_DIR", os.path.join(cache, "snp-certs")))
    out = os.path.abspath(ap.parse_args().dir)
    if all(os.path.isfile(os.path.join(out, f)) for f in FILES):
        print(os.path.join(out, "snpvisor-vcek.bin"))
        return 0
    parent = os.path.dirname(out)
    os.makedirs(parent, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix=".snp-certs.", dir=parent)
    try:
        make(tmp)
        if os.path.isdir(out) and not os.listdir(out):
            os.rmdir(out)  # an empty folder left by someone: take its place
        os.rename(tmp, out)  # atomic: if a parallel run made it first, keep it
    except OSError as e:
        err = e
    else:
        err = None
    finally:
        if os.path.isdir(tmp):
            for f in os.listdir(tmp):
                os.unlink(os.path.join(tmp, f))
            os.rmdir(tmp)
    if err:
        if not all(os.path.isfile(os.path.join(out, f)) for f in FILES):
            print(f"snp-certs: cannot create {out}: {err}", file=sys.stderr)
            return 1
    else:
        print(f"snp-certs: made a TEST ARK/ASK/VCEK chain (NOT AMD's) in "
              f"{out}", file=sys.stderr)
    print(os.path.join(out, "snpvisor-vcek.bin"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
