#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Writes a Linux guest image for snpvisor (hv/linux_loader.h):

    tools/linux-bundle.py KERNEL INITRD CMDLINE OUT

a 64-byte header ("SNPVLNX1", header size, flags, then offset and size
of the bzImage, the initrd and the command line), then the three parts,
each 4 KiB aligned. INITRD may be "-" for none. OUT is rewritten only
when its contents change, so make reruns nothing after a no-op.
"""
import struct
import sys

from bundle_file import write_if_changed


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    kernel_path, initrd_path, cmdline, out = sys.argv[1:]
    kernel = open(kernel_path, "rb").read()
    initrd = b"" if initrd_path == "-" else open(initrd_path, "rb").read()
    cmd = cmdline.encode()
    if kernel[0x202:0x206] != b"HdrS":
        sys.exit(f"linux-bundle: {kernel_path} is not a bzImage (no HdrS)")
    if b"\0" in cmd:
        sys.exit("linux-bundle: NUL in the command line")

    def align(n):
        return (n + 4095) & ~4095

    koff = align(64)
    ioff = align(koff + len(kernel))
    coff = align(ioff + len(initrd))
    hdr = struct.pack("<8sII6Q", b"SNPVLNX1", 64, 0, koff, len(kernel),
                      ioff if initrd else 0, len(initrd), coff, len(cmd))
    blob = bytearray(coff + len(cmd))
    blob[0:64] = hdr
    blob[koff:koff + len(kernel)] = kernel
    blob[ioff:ioff + len(initrd)] = initrd
    blob[coff:coff + len(cmd)] = cmd
    if not write_if_changed(out, blob):
        return
    ver = ""
    try:
        ver = open(kernel_path + ".version").read().strip() + ", "
    except OSError:
        pass
    print(f"linux-bundle: {out}: kernel {kernel_path} ({ver}{len(kernel)} bytes), "
          f"initrd {len(initrd)} bytes, command line \"{cmdline}\"")


if __name__ == "__main__":
    main()
