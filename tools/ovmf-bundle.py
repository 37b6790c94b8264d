#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Writes a firmware guest with the kernel it boots (hv/ovmf_image.h):

    tools/ovmf-bundle.py OVMF.fd LINUX OUT

a 64-byte header ("SNPVOVL1", header size 64, flags 0, offset and size
of the firmware, offset and size of the Linux guest image, 16 zero
bytes), then OVMF.fd and LINUX (a tools/linux-bundle.py bundle, a
bzImage, or a UEFI application such as tests/efi/'s), each 4 KiB aligned. hv.efi boots the firmware and serves the
kernel, initrd and command line through fw_cfg, as QEMU's -kernel does.
OUT is rewritten only when its contents change.
"""
import struct
import sys

from bundle_file import write_if_changed


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    fw_path, lx_path, out = sys.argv[1:]
    fw = open(fw_path, "rb").read()
    lx = open(lx_path, "rb").read()
    if lx[:8] != b"SNPVLNX1" and lx[0x202:0x206] != b"HdrS" and lx[:2] != b"MZ":
        sys.exit(f"ovmf-bundle: {lx_path} is not a Linux bundle, a bzImage or a PE image")

    def align(n):
        return (n + 4095) & ~4095

    foff = align(64)
    loff = align(foff + len(fw))
    hdr = struct.pack("<8sII4Q16x", b"SNPVOVL1", 64, 0, foff, len(fw),
                      loff, len(lx))
    blob = bytearray(loff + len(lx))
    blob[0:64] = hdr
    blob[foff:foff + len(fw)] = fw
    blob[loff:loff + len(lx)] = lx
    if not write_if_changed(out, blob):
        return
    print(f"ovmf-bundle: {out}: firmware {fw_path} ({len(fw)} bytes), "
          f"kernel {lx_path} ({len(lx)} bytes)")


if __name__ == "__main__":
    main()
