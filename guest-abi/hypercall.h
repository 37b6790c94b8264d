/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * snpvisor hypercall ABI, shared by the hypervisor and the test guests.
 *
 * A guest issues VMMCALL (0F 01 D9) with the hypercall number in RAX and
 * up to three arguments in RBX, RCX, RDX; the result comes back in RAX.
 * This is the register convention KVM uses, so a later issue can serve
 * KVM's own numbers (1..12, among them KVM_HC_MAP_GPA_RANGE = 12) from the
 * same dispatch point. To never collide with them, snpvisor's own calls
 * live in a distinct range starting at 0x534e5000 ("SNP" << 12).
 *
 * Errors are negative values in RAX (two's complement), the numbers KVM
 * returns (include/uapi/linux/kvm_para.h): -HC_ENOSYS (KVM_ENOSYS, 1000)
 * for an unknown number, -HC_EINVAL for a bad argument, -HC_EPERM
 * (KVM_EPERM) for any hypercall made at CPL > 0: like KVM's, every
 * hypercall here is for the guest kernel only (docs/abi.md, "Hypercalls
 * from user mode"). A bad hypercall is never fatal.
 */
#ifndef GUEST_ABI_HYPERCALL_H
#define GUEST_ABI_HYPERCALL_H

#include <stdint.h>

#define HC_BASE 0x534e5000ULL

/* RAX out: HC_ABI_VERSION. No arguments. */
#define HC_GET_ABI_VERSION (HC_BASE + 0)
/* RBX = exit status (0 = success). Does not return. */
#define HC_TEST_EXIT	   (HC_BASE + 1)
/* RBX = GPA of a string, RCX = length (at most HC_DEBUG_PRINT_MAX). */
#define HC_DEBUG_PRINT	   (HC_BASE + 2)

/*
 * RBX = one of HC_COUNT_*: RAX out = how many exits of that kind this
 * vCPU took so far (lets a test check which accesses are intercepted).
 */
#define HC_GET_EXIT_COUNT (HC_BASE + 3)

#define HC_COUNT_ALL	   0
#define HC_COUNT_MSR	   1 /* RDMSR and WRMSR intercepts */
#define HC_COUNT_CPUID	   2
#define HC_COUNT_IO	   3
#define HC_COUNT_HYPERCALL 4

#define HC_ABI_VERSION	   0x00010000ULL /* major 1, minor 0 */
#define HC_DEBUG_PRINT_MAX 256

#define HC_OK	  0
#define HC_EPERM  1 /* KVM_EPERM: CPL > 0 */
#define HC_EINVAL 22
#define HC_ENOSYS 1000 /* KVM_ENOSYS, what KVM answers */

/* Numbers reserved for KVM's hypercalls (KVM_HC_*), served in a later issue. */
#define HC_KVM_FIRST	     1
#define HC_KVM_LAST	     12
#define HC_KVM_MAP_GPA_RANGE 12

/*
 * Test-exit I/O port: a 32-bit OUT of the exit status to this port ends
 * the guest exactly like HC_TEST_EXIT. It is the port QEMU's
 * isa-debug-exit device uses, but the hypervisor intercepts it: a guest
 * never ends QEMU itself.
 */
#define HC_TEST_EXIT_PORT 0xf4

/* Exit statuses with a meaning to the runner; any other non-zero = fail. */
#define HC_EXIT_PASS 0
#define HC_EXIT_FAIL 1
#define HC_EXIT_SKIP 77

#endif
