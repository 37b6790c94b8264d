/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * KVM_HC_MAP_GPA_RANGE, the KVM paravirtual hypercall a guest uses to tell
 * the hypervisor that a range of guest memory changes between private and
 * shared (Linux Documentation/virt/kvm/x86/hypercalls.rst). snpvisor
 * implements the same hypercall number and register ABI.
 *   RAX = 12, RBX = GPA, RCX = number of 4 KiB pages, RDX = attributes.
 * The result is returned in RAX.
 */
#ifndef GUEST_ABI_MAP_GPA_H
#define GUEST_ABI_MAP_GPA_H

#define KVM_HC_MAP_GPA_RANGE 12u

#define KVM_MAP_GPA_RANGE_PAGE_SZ_4K   0x0ull
#define KVM_MAP_GPA_RANGE_PAGE_SZ_2M   0x1ull
#define KVM_MAP_GPA_RANGE_PAGE_SZ_1G   0x2ull
#define KVM_MAP_GPA_RANGE_PAGE_SZ_MASK 0xfull
#define KVM_MAP_GPA_RANGE_ENCRYPTED    0x10ull /* private */
#define KVM_MAP_GPA_RANGE_DECRYPTED    0x0ull  /* shared */
#define KVM_MAP_GPA_RANGE_RSVD_MASK    (~0x1full)

/* Return values (KVM's kvm_para.h numbering). */
#define KVM_ENOSYS 1000
#define KVM_EINVAL 22
#define KVM_EPERM  1

#endif
