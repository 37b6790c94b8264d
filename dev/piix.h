/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The PCI functions of QEMU's "pc" machine that a firmware probes, on
 * bus 0 behind configuration mechanism #1 (dev/pci.h):
 *  - 00:00.0 the i440FX host bridge (Intel 82441FX PMC, 8086:1237): OVMF
 *    reads its device ID to tell the PC from Q35; PAM0-PAM6 (0x59-0x5f)
 *    and SMRAM (0x72) are stored and read back;
 *  - 00:01.0 the PIIX3 PCI-to-ISA bridge (82371SB function 0,
 *    8086:7000), multi-function; PIRQRC[A:D] (0x60-0x63) stored;
 *  - 00:01.3 the PIIX4 power management function (82371AB function 3,
 *    8086:7113): PMBA (0x40, bits 15:6, bit 0 reads 1: I/O space) and
 *    PMREGMISC (0x80, bit 0 PMIOSE) place the PM I/O block, whose PM_TMR
 *    at PMBA + 8 the caller serves (dev/pm_timer.c).
 * Sources: Intel 440FX PCIset 82441FX/82442FX datasheet ("PAM", "SMRAM"),
 * 82371FB/SB (PIIX/PIIX3) and 82371AB (PIIX4) datasheets. Nothing of
 * these registers changes the guest's memory here: PAM and SMRAM are
 * stored only (guest RAM stays RAM; there is no SMM).
 */
#ifndef DEV_PIIX_H
#define DEV_PIIX_H

#include "dev/pci.h"

#define PCI_VENDOR_INTEL    0x8086
#define I440FX_DEVICE_ID    0x1237
#define PIIX3_ISA_DEVICE_ID 0x7000
#define PIIX4_PM_DEVICE_ID  0x7113

#define I440FX_PAM0	 0x59
#define I440FX_PAM6	 0x5f
#define I440FX_SMRAM	 0x72
#define PIIX3_PIRQRC	 0x60 /* A-D at 0x60-0x63 */
#define PIIX4_PMBA	 0x40
#define PIIX4_PMREGMISC	 0x80
#define PIIX4_PMIOSE	 0x01
#define PIIX4_PM_IO_SIZE 64

struct piix {
	struct pci_bus bus;
	struct pci_func host, isa, pm;
};

void piix_init(struct piix *p);

/* The PM I/O base while PMREGMISC.PMIOSE is set, else -1. */
int piix_pm_base(const struct piix *p);

#endif
