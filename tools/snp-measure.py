#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""
Recomputes the SEV-SNP launch digest (MEASUREMENT) of an OVMF.fd as a KVM
host with QEMU launches it, from public facts only and independently of
the hypervisor's C code (docs/firmware.md "Recomputing the measurement"):

  tools/snp-measure.py --ovmf OVMF.fd [--vcpus 1] [--cpu EPYC-Milan|max|...]
                       [--vcpu-sig 0xA00F11] [--guest-features 0x1]
                       [--dump-vmsa PREFIX] [-v]

Prints the digest as 96 hex digits. The steps, each from its source:

  - The launch digest chain (AMD 56860, SNP firmware ABI,
    "SNP_LAUNCH_UPDATE", the PAGE_INFO structure): starting from 48 zero
    bytes, for every 4 KiB page, digest = SHA-384(PAGE_INFO), PAGE_INFO =
    digest | contents (SHA-384 of the page for NORMAL and VMSA pages, 48
    zero bytes for the other types) | u16 0x70 | u8 page type | u8 IMI 0
    | u8 VMPL3, VMPL2, VMPL1 permissions 0 | u8 0 | u64 GPA.
  - The order QEMU uses (target/i386/sev.c): the whole image as NORMAL
    pages in ascending GPA, mapped so that it ends at 4 GiB; then the SEV
    metadata sections in table order (SNP_SEC_MEM, SVSM_CAA and, with no
    kernel measured, KERNEL_HASHES: ZERO; SNP_SECRETS: SECRETS; CPUID:
    CPUID); then one VMSA page per vCPU at GPA 0xFFFFFFFFF000. A
    measured direct boot (kernel hashes) is not implemented.
  - The image's GUIDed table under the reset vector (edk2
    OvmfPkg/ResetVector): footer GUID 96b582de-... ending 0x20 bytes below
    the top, its u16 total length before it, entries walked downwards as
    data | u16 length | GUID; the SEV metadata entry (dc886566-...) gives
    the distance of the "ASEV" header from the end of the image, the
    SEV-ES reset block (00f771de-...) the APs' CS base and IP.
  - The VMSA (AMD APM volume 2, "VMSA Layout, State Save Area for
    SEV-ES") of a vCPU at reset as KVM builds it from QEMU's reset state
    (KVM sev_es_sync_vmsa, the same values as virtee/sev-snp-measure's
    vmsa.py for VMM type QEMU): real-mode segments with limit 0xFFFF,
    CS 0xF000 with base EIP & 0xFFFF0000, EFER.SVME, CR4.MCE, CR0.ET,
    DR6/DR7, RFLAGS 2, RIP = EIP & 0xFFFF, G_PAT, RDX = the vCPU's
    signature (CPUID Fn0000_0001 EAX), SEV_FEATURES, XCR0 1, MXCSR
    0x1F80, x87 FCW 0x37F. The BSP's EIP is 0xFFFFFFF0, the APs' the
    reset block's.

The signature of a CPU model is QEMU's (target/i386/cpu.c): family, model
and stepping packed as CPUID Fn0000_0001 EAX. "max" is QEMU's TCG
definition for x86_64 (family 15, model 107, stepping 1); under KVM,
"-cpu max" takes the host CPU's signature instead: give it with
--vcpu-sig.
"""
import argparse
import hashlib
import struct
import sys
import uuid

PAGE = 4096
FOUR_GIB = 1 << 32
VMSA_GPA = 0xFFFFFFFFF000
BSP_EIP = 0xFFFFFFF0

# SNP FW ABI page types (SNP_LAUNCH_UPDATE).
PT_NORMAL, PT_VMSA, PT_ZERO, PT_UNMEASURED, PT_SECRETS, PT_CPUID = 1, 2, 3, 4, 5, 6

# OVMF SEV metadata section types (OvmfPkg/ResetVector).
SEC_SNP_SEC_MEM, SEC_SNP_SECRETS, SEC_CPUID, SEC_SVSM_CAA = 1, 2, 3, 4
SEC_KERNEL_HASHES = 0x10

FOOTER_GUID = uuid.UUID("96b582de-1fb2-45f7-baea-a366c55a082d")
SEV_METADATA_GUID = uuid.UUID("dc886566-984a-4798-a75e-5585a7bf67cc")
SEV_ES_RESET_GUID = uuid.UUID("00f771de-1a7e-4fcb-890e-68c77e2fb44e")


def signature(family, model, stepping):
    """CPUID Fn0000_0001 EAX: stepping 3:0, model 7:4, family 11:8,
    extended model 19:16, extended family 27:20 (AMD "CPUID Specification",
    Fn0000_0001_EAX)."""
    base_family = min(family, 0xF)
    ext_family = family - 0xF if family > 0xF else 0
    return ((ext_family & 0xFF) << 20 | ((model >> 4) & 0xF) << 16 |
            base_family << 8 | (model & 0xF) << 4 | (stepping & 0xF))


# QEMU's builtin models (family, model, stepping) and its TCG "max".
CPU_MODELS = {
    "EPYC": (23, 1, 2),
    "EPYC-Rome": (23, 49, 0),
    "EPYC-Milan": (25, 1, 1),
    "EPYC-Genoa": (25, 17, 0),
    "max": (15, 107, 1),
}


class Image:
    """What a launch needs from OVMF.fd: sections and the reset block."""

    def __init__(self, data):
        if len(data) % PAGE or not data or len(data) > 16 << 20:
            raise ValueError("image size %d: not whole pages of at most 16 MiB" % len(data))
        self.data = data
        self.gpa = FOUR_GIB - len(data)
        self.entries = self._table()
        self.sections = self._metadata()
        reset = self.entries.get(SEV_ES_RESET_GUID)
        self.ap_eip = struct.unpack_from("<I", reset)[0] if reset else None

    def _table(self):
        d = self.data
        end = len(d) - 0x20  # the table ends under the 0x20-byte reset area
        if uuid.UUID(bytes_le=d[end - 16:end]) != FOOTER_GUID:
            raise ValueError("no GUIDed table footer under the reset vector")
        total = struct.unpack_from("<H", d, end - 18)[0]
        start = end - total
        if total < 18 or start < 0:
            raise ValueError("GUIDed table length %d out of bounds" % total)
        entries = {}
        p = end - 18  # below the footer's own header
        while p > start:
            guid = uuid.UUID(bytes_le=d[p - 16:p])
            length = struct.unpack_from("<H", d, p - 18)[0]
            if length < 18 or p - length < start:
                raise ValueError("GUIDed table entry %s: bad length %d" % (guid, length))
            entries[guid] = d[p - length:p - 18]
            p -= length
        return entries

    def _metadata(self):
        ent = self.entries.get(SEV_METADATA_GUID)
        if ent is None:
            raise ValueError("no SEV metadata: not an SNP firmware")
        off = len(self.data) - struct.unpack_from("<I", ent)[0]
        sig, length, version, count = struct.unpack_from("<4sIII", self.data, off)
        if sig != b"ASEV" or version != 1 or length < 16 + 12 * count:
            raise ValueError("SEV metadata header: %r version %d length %d count %d"
                             % (sig, version, length, count))
        return [struct.unpack_from("<III", self.data, off + 16 + 12 * i) for i in range(count)]


class Digest:
    def __init__(self):
        self.value = bytes(48)
        self.pages = 0

    def add(self, page_type, gpa, contents):
        info = (self.value + contents +
                struct.pack("<HBBBBBBQ", 0x70, page_type, 0, 0, 0, 0, 0, gpa))
        assert len(info) == 0x70
        self.value = hashlib.sha384(info).digest()
        self.pages += 1

    def normal(self, gpa, data):
        for off in range(0, len(data), PAGE):
            self.add(PT_NORMAL, gpa + off, hashlib.sha384(data[off:off + PAGE]).digest())

    def typed(self, page_type, gpa, size):
        for off in range(0, size, PAGE):
            self.add(page_type, gpa + off, bytes(48))


def put(page, off, fmt, *vals):
    struct.pack_into("<" + fmt, page, off, *vals)


def reset_vmsa(eip, sig, features):
    """The 4 KiB VMSA of a vCPU at reset, field by field (APM volume 2,
    "VMSA Layout, State Save Area for SEV-ES")."""
    v = bytearray(PAGE)
    # Segments: selector u16, attrib u16, limit u32, base u64, 16 bytes.
    segs = {0x00: (0, 0x93, 0),                  # ES
            0x10: (0xF000, 0x9B, eip & 0xFFFF0000),  # CS
            0x20: (0, 0x93, 0),                  # SS
            0x30: (0, 0x93, 0),                  # DS
            0x40: (0, 0x93, 0),                  # FS
            0x50: (0, 0x93, 0),                  # GS
            0x60: (0, 0, 0),                     # GDTR
            0x70: (0, 0x82, 0),                  # LDTR
            0x80: (0, 0, 0),                     # IDTR
            0x90: (0, 0x8B, 0)}                  # TR
    for off, (sel, attr, base) in segs.items():
        put(v, off, "HHIQ", sel, attr, 0xFFFF, base)
    put(v, 0x0D0, "Q", 0x1000)        # EFER: SVME
    put(v, 0x148, "Q", 0x40)          # CR4: MCE
    put(v, 0x158, "Q", 0x10)          # CR0: ET
    put(v, 0x160, "Q", 0x400)         # DR7
    put(v, 0x168, "Q", 0xFFFF0FF0)    # DR6
    put(v, 0x170, "Q", 0x2)           # RFLAGS
    put(v, 0x178, "Q", eip & 0xFFFF)  # RIP
    put(v, 0x268, "Q", 0x0007040600070406)  # G_PAT
    put(v, 0x310, "Q", sig)           # RDX
    put(v, 0x3B0, "Q", features)      # SEV_FEATURES
    put(v, 0x3E8, "Q", 0x1)           # XCR0
    put(v, 0x408, "I", 0x1F80)        # MXCSR
    put(v, 0x410, "H", 0x37F)         # x87 FCW
    return bytes(v)


def measure(img, vcpus, sig, features, log=None, dump=None):
    d = Digest()
    d.normal(img.gpa, img.data)
    # KERNEL_HASHES is ZERO when no kernel is measured (QEMU without
    # kernel hashes); a measured direct boot is not implemented here.
    kinds = {SEC_SNP_SEC_MEM: PT_ZERO, SEC_SVSM_CAA: PT_ZERO,
             SEC_SNP_SECRETS: PT_SECRETS, SEC_CPUID: PT_CPUID,
             SEC_KERNEL_HASHES: PT_ZERO}
    for base, size, typ in img.sections:
        if typ not in kinds:
            raise ValueError("unknown SEV metadata section type %d" % typ)
        if log:
            log("section 0x%x+0x%x type %d -> page type %d" % (base, size, typ, kinds[typ]))
        d.typed(kinds[typ], base, size)
    for i in range(vcpus):
        if i and img.ap_eip is None:
            raise ValueError("more than one vCPU but no SEV-ES reset block")
        vmsa = reset_vmsa(BSP_EIP if i == 0 else img.ap_eip, sig, features)
        if dump:
            with open("%s%d.bin" % (dump, i), "wb") as f:
                f.write(vmsa)
        d.add(PT_VMSA, VMSA_GPA, hashlib.sha384(vmsa).digest())
    if log:
        log("%d pages measured" % d.pages)
    return d.value


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--ovmf", required=True, help="the OVMF.fd image")
    ap.add_argument("--vcpus", type=int, default=1)
    ap.add_argument("--cpu", default="EPYC-Milan", choices=sorted(CPU_MODELS),
                    help="QEMU CPU model whose signature goes into RDX")
    ap.add_argument("--vcpu-sig", type=lambda s: int(s, 0),
                    help="the signature itself (overrides --cpu)")
    ap.add_argument("--guest-features", type=lambda s: int(s, 0), default=1,
                    help="SEV_FEATURES of the VMSA (default 0x1, SNPActive)")
    ap.add_argument("--dump-vmsa", metavar="PREFIX",
                    help="write each vCPU's VMSA page to PREFIX<N>.bin")
    ap.add_argument("-v", "--verbose", action="store_true")
    a = ap.parse_args()
    if a.vcpus < 1:
        ap.error("--vcpus must be at least 1")
    sig = a.vcpu_sig if a.vcpu_sig is not None else signature(*CPU_MODELS[a.cpu])
    log = (lambda m: print("snp-measure: " + m, file=sys.stderr)) if a.verbose else None
    try:
        with open(a.ovmf, "rb") as f:
            img = Image(f.read())
        if log:
            log("image %d bytes at 0x%x, %d sections, signature 0x%x"
                % (len(img.data), img.gpa, len(img.sections), sig))
        print(measure(img, a.vcpus, sig, a.guest_features, log, a.dump_vmsa).hex())
    except (OSError, ValueError, struct.error) as e:
        print("snp-measure: %s: %s" % (a.ovmf, e), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
