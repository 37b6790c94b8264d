#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""The attestation flow's checks on a Linux run's serial log, as TAP lines.

    tests/tools/attest-check.py [--negatives] LOG...

For each LOG: tools/snp-attest.py must answer VERIFIED. With --negatives,
copies of the first LOG, each changed in one way, must be refused, and by
the check that the change concerns (its "[FAIL] ..." line):
  - one byte of the report (HOST_DATA) changed: the report signature;
  - the hypervisor's measurement line changed: MEASUREMENT;
  - one byte of the VCEK certificate's signature changed: VCEK by ASK;
  - one byte of the VCEK's hwID extension changed: VCEK by ASK, hwID;
  - one byte of the ASK certificate changed: ASK by ARK;
  - the certificate table of another TEST chain (made here, in the
    build folder): trusted ARK, report signature;
  - no certificate table at all.
Exit status 0 only when every line is "ok".
"""
import os
import re
import subprocess
import sys
import uuid

TOP = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
VERIFY = os.path.join(TOP, "tools", "snp-attest.py")
AUX_RE = re.compile(r"snpvisor-init: auxblob ([0-9a-f]{4}) ([0-9a-f]+)\r?$")
VCEK_GUID = uuid.UUID("63da758d-e664-4564-adc5-f4b93be8accd").bytes
ASK_GUID = uuid.UUID("4ab7b379-bbac-4fe4-a02f-05aef327c782").bytes
failed = 0


def tap(ok, what):
    global failed
    print(f"{'ok' if ok else 'not ok'} - attest: {what}")
    failed |= not ok


def verify(path):
    p = subprocess.run([sys.executable, VERIFY, path], capture_output=True,
                       text=True)
    return p.returncode, p.stdout


def aux_of(lines):
    return b"".join(bytes.fromhex(m.group(2)) for m in
                    (AUX_RE.search(l) for l in lines) if m)


def with_aux(lines, blob):
    """The log with its auxblob lines replaced by blob's (none: removed)."""
    out, done = [], False
    for line in lines:
        m = AUX_RE.search(line)
        if not m:
            out.append(line)
            continue
        if done or blob is None:
            continue
        done = True
        prefix = line[:m.start()]
        for off in range(0, len(blob), 64):
            out.append(f"{prefix}snpvisor-init: auxblob {off:04x} "
                       f"{blob[off:off + 64].hex()}\n")
    return out


def entry(blob, guid):
    """(offset, length) of guid's certificate in the table."""
    for i in range(0, len(blob), 24):
        if blob[i:i + 16] == guid:
            return (int.from_bytes(blob[i + 16:i + 20], "little"),
                    int.from_bytes(blob[i + 20:i + 24], "little"))
    raise SystemExit(f"attest-check: no such certificate in the table")


def flip(blob, at):
    b = bytearray(blob)
    b[at] ^= 0x01
    return bytes(b)


def other_chain(work):
    d = os.path.join(work, "other-chain")
    p = subprocess.run([sys.executable, os.path.join(TOP, "tools",
                                                     "snp-certs.py"),
                        "--dir", d], capture_output=True, text=True)
    if p.returncode:
        sys.stdout.write("".join(f"#   {l}\n" for l in
                                 p.stderr.splitlines()[-5:]))
        return None
    with open(os.path.join(d, "snpvisor-vcek.bin"), "rb") as f:
        return f.read()[0x88:]


def negatives(log):
    work = os.path.join(TOP, "build", "attest")
    os.makedirs(work, exist_ok=True)
    with open(log, encoding="utf-8", errors="replace") as f:
        lines = f.readlines()
    blob = aux_of(lines)
    if not blob:
        tap(False, f"{log} has no auxblob to change")
        return
    voff, vlen = entry(blob, VCEK_GUID)
    aoff, alen = entry(blob, ASK_GUID)
    vcek = blob[voff:voff + vlen]
    # hwID (1.3.6.1.4.1.3704.1.4): its OID (11 bytes), then 04 40 and the
    # 64 bytes
    hw = vcek.find(bytes.fromhex("06092b060104019c780104"))
    chain = other_chain(work)

    def report_byte(ls):
        return [re.sub(r"(snpvisor-init: report 0c0 )(.)",
                       lambda m: m.group(1) +
                       ("0" if m.group(2) != "0" else "1"), l)
                for l in ls]

    def meas_line(ls):
        return [re.sub(r"(HV: snp fw \S+: measurement )(.)",
                       lambda m: m.group(1) +
                       ("0" if m.group(2) != "0" else "1"), l)
                for l in ls]

    cases = [
        ("a report byte (HOST_DATA) changed", report_byte(lines),
         ["report signature"]),
        ("the hypervisor's measurement line changed", meas_line(lines),
         ["MEASUREMENT"]),
        ("a byte of the VCEK certificate's signature changed",
         with_aux(lines, flip(blob, voff + vlen - 1)),
         ["VCEK signed by the ASK"]),
        ("a byte of the VCEK's hwID changed",
         with_aux(lines, flip(blob, voff + hw + 14)) if hw > 0 else None,
         ["VCEK signed by the ASK", "CHIP_ID = the VCEK's hwID"]),
        ("a byte of the ASK certificate changed",
         with_aux(lines, flip(blob, aoff + alen - 1)),
         ["ASK signed by the ARK"]),
        ("another TEST chain's certificate table",
         with_aux(lines, chain) if chain else None,
         ["ARK = the trusted ARK", "report signature"]),
        ("no certificate table", with_aux(lines, None),
         ["certificate table"]),
    ]
    for i, (what, text, fails) in enumerate(cases):
        if text is None:
            tap(False, f"refuses {what}: could not make it (no hwID "
                "extension, or tools/snp-certs.py failed)")
            continue
        path = os.path.join(work, f"negative-{i}.log")
        with open(path, "w", encoding="utf-8") as f:
            f.writelines(text)
        rc, out = verify(path)
        missing = [c for c in fails if f"[FAIL] {c}" not in out]
        tap(rc == 1 and "VERDICT: NOT VERIFIED" in out and not missing,
            f"refuses {what}" + (f" (no FAIL for: {', '.join(missing)})"
                                 if missing else
                                 f": FAIL {', '.join(fails)}"))


def main():
    args = sys.argv[1:]
    neg = "--negatives" in args
    logs = [a for a in args if a != "--negatives"]
    if not logs:
        print("usage: attest-check.py [--negatives] LOG...", file=sys.stderr)
        return 2
    for log in logs:
        if not os.path.isfile(log):
            tap(False, f"{log}: no such log (the Linux run did not happen)")
            continue
        rc, out = verify(log)
        verdict = out.strip().splitlines()[-1] if out.strip() else "no output"
        tap(rc == 0, f"{log}: {verdict}")
        if rc:
            sys.stdout.write("".join(f"#   {l}\n" for l in out.splitlines()))
    if neg and os.path.isfile(logs[0]):
        negatives(logs[0])
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
