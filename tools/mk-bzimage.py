#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Wraps a flat 64-bit binary into the smallest bzImage the 64-bit boot
protocol accepts (Documentation/arch/x86/boot.rst, "The Real-Mode Kernel
Header" and "64-bit Boot Protocol"; the checks: hv/linux_loader.c):

    tools/mk-bzimage.py [--mem-size BYTES] FLAT OUT

The image is one 512-byte sector of setup header (setup_sects 1, so the
protected-mode part starts at 1024), then the protected-mode part:
0x200 bytes of INT3 (where a real kernel has its 32-bit entry), then
FLAT, whose first byte is therefore the 64-bit entry at +0x200. FLAT
must be position-independent: the header says relocatable, and a loader
may put it at any kernel_alignment boundary. --mem-size is how many
bytes FLAT occupies once loaded (its .bss and stack included; default:
its file size); init_size covers it, rounded up to 4 KiB.

Boot protocol 2.15, loadflags LOADED_HIGH, xloadflags XLF_KERNEL_64,
kernel_alignment 2 MiB, pref_address 16 MiB, cmdline_size 2047.
OUT is rewritten only when its contents change.
"""
import argparse
import os
import struct
import sys

SECTOR = 512
SETUP_SECTS = 1
PM_OFFSET = (SETUP_SECTS + 1) * SECTOR
ENTRY_64 = 0x200  # the 64-bit entry, from the start of the protected-mode part
HDR_END = 0x264  # the last field written: init_size at 0x260


def put(buf, off, fmt, value):
    struct.pack_into("<" + fmt, buf, off, value)


def build(flat, mem_size):
    pm = b"\xcc" * ENTRY_64 + flat
    init_size = (ENTRY_64 + max(mem_size, len(flat)) + 4095) & ~4095
    hdr = bytearray(PM_OFFSET)
    put(hdr, 0x1f1, "B", SETUP_SECTS)  # setup_sects
    put(hdr, 0x1f4, "I", (len(pm) + 15) // 16)  # syssize, 16-byte units
    put(hdr, 0x1fe, "H", 0xAA55)  # boot_flag
    # jump: a short jump over the header; its length byte says where the
    # header ends (boot.rst: the header is 0x202 + the byte at 0x201).
    put(hdr, 0x200, "B", 0xEB)
    put(hdr, 0x201, "B", HDR_END - 0x202)
    hdr[0x202:0x206] = b"HdrS"  # header
    put(hdr, 0x206, "H", 0x020F)  # version 2.15
    put(hdr, 0x211, "B", 0x01)  # loadflags: LOADED_HIGH
    put(hdr, 0x214, "I", 0x100000)  # code32_start (the loader rewrites it)
    put(hdr, 0x22C, "I", 0x7FFFFFFF)  # initrd_addr_max
    put(hdr, 0x230, "I", 0x200000)  # kernel_alignment
    put(hdr, 0x234, "B", 1)  # relocatable_kernel
    put(hdr, 0x235, "B", 21)  # min_alignment: log2 of 2 MiB
    put(hdr, 0x236, "H", 0x0001)  # xloadflags: XLF_KERNEL_64
    put(hdr, 0x238, "I", 2047)  # cmdline_size
    put(hdr, 0x258, "Q", 0x1000000)  # pref_address
    put(hdr, 0x260, "I", init_size)  # init_size
    return bytes(hdr) + pm


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mem-size", type=lambda s: int(s, 0), default=0)
    ap.add_argument("flat")
    ap.add_argument("out")
    a = ap.parse_args()
    flat = open(a.flat, "rb").read()
    if not flat:
        sys.exit(f"mk-bzimage: {a.flat} is empty")
    if a.mem_size and a.mem_size < len(flat):
        sys.exit(f"mk-bzimage: --mem-size {a.mem_size} is smaller than "
                 f"{a.flat} ({len(flat)} bytes)")
    img = build(flat, a.mem_size)
    try:
        if open(a.out, "rb").read() == img:
            return
    except OSError:
        pass
    os.makedirs(os.path.dirname(a.out) or ".", exist_ok=True)
    with open(a.out + ".tmp", "wb") as f:
        f.write(img)
    os.replace(a.out + ".tmp", a.out)


if __name__ == "__main__":
    main()
