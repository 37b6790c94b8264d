/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A Linux guest (docs/linux-guest.md): a bzImage, or a bundle of bzImage,
 * initrd and command line (hv/linux_loader.h), booted through the 64-bit
 * boot protocol on a platform the guest owns (legacy ports and physical
 * interrupts passed through), as a plain SVM guest or as an emulated
 * SEV-SNP guest with all of its RAM pre-validated at launch.
 */
#ifndef HV_LINUX_GUEST_H
#define HV_LINUX_GUEST_H

#include <stddef.h>
#include <stdint.h>

#include "hv/linux_loader.h"
#include "hv/vm.h"

/*
 * Before vm_create (after snp_guest_plan): when the image is a Linux
 * image, check it, plan the layout in cfg->ram_size, and turn cfg into
 * what vm_create needs: the protected-mode kernel as the image and, under
 * emulated SNP, no shared range (every RAM page is launched private).
 * Returns 1 for a Linux image, 0 for another image (cfg untouched), -1
 * with why[] set for a Linux image that cannot boot.
 */
int linux_guest_plan(struct vm_config *cfg, char *why, size_t why_len);

/*
 * After vm_create and snp_guest_create: put the kernel at its load
 * address, write initrd, command line, zero page (and the SNP CC blob
 * with its CPUID and secrets pages), the boot GDT, enter at load + 0x200
 * with RSI = zero page, and hand the legacy platform to the guest.
 * Returns 0 or -1 (logged).
 */
int linux_guest_setup(struct vm *vm);

/*
 * The leaves of an SNP CPUID page (SNP FW ABI "CPUID Reporting"), as the
 * guest's CPUID intercept answers them: at most LX_CPUID_MAX into fn,
 * returns the count. Also used for OVMF's CPUID page (hv/ovmf_guest.c).
 */
unsigned linux_guest_cpuid_leaves(struct vcpu *vcpu, struct linux_cpuid_fn *fn);

/*
 * After the run, before the final line: when /init passed (status 0)
 * under emulated SNP, check the conversion summary for sanity (some
 * PVALIDATEs and PSCs, no failed PVALIDATE other than the 2M size
 * mismatch Linux falls back from, no bad size) and turn the status into
 * 1 when it is not.
 */
void linux_guest_finish(struct vm *vm);

#endif
