/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A guest firmware image (OVMF.fd) as the guest (docs/ovmf.md): mapped
 * as a second memory region ending at 4 GiB, launched through the SEV
 * firmware from its SEV metadata (hv/snp_fw.c), the vCPU at the reset
 * vector in real mode. Only as an emulated SNP guest, with one vCPU.
 */
#ifndef HV_OVMF_GUEST_H
#define HV_OVMF_GUEST_H

#include <stddef.h>

#include "hv/vm.h"
#include "include/boot_info.h"

/*
 * Before vm_create (after snp_guest_plan): when the image is a firmware
 * image (the GUIDed table under its reset vector), parse it and turn cfg
 * into a reset-state guest: the top of the guest's host memory (the
 * image rounded up to 2 MiB) becomes the flash region, the rest RAM, and
 * nothing of RAM is launched. A firmware bundle (hv/ovmf_image.h) is
 * split first: cfg->image becomes its firmware, and its kernel is kept
 * for fw_cfg's direct kernel boot items. Returns 1 for a firmware image,
 * 0 for another image (cfg untouched), -1 with why[] set for one that
 * cannot run (malformed, no SEV metadata, snp=off, too little RAM, a
 * bundle whose kernel is refused).
 */
int ovmf_guest_plan(const struct bi_options *o, struct vm_config *cfg,
		    char *why, size_t why_len);

/*
 * After vm_create and snp_guest_create: the CPUID page of the metadata
 * filled, the launch told to follow the metadata, and the vCPU in the
 * reset state (svm_vcpu_reset: the BSP at 0xFFFFFFF0, RDX = the CPUID
 * Fn0000_0001 EAX the guest sees). Returns 0 or -1 (logged).
 */
int ovmf_guest_setup(struct vm *vm);

struct linux_image;

/*
 * hv/ovmf_fw_cfg.c: give the guest's PC its fw_cfg device (the items a
 * firmware reads, DMA into shared guest RAM only), with the direct
 * kernel boot items of li when it is not NULL. Returns 0 or -1.
 */
int ovmf_fw_cfg_setup(struct vm *vm, const struct linux_image *li);

#endif
