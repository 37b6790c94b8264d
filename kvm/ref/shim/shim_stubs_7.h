/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What KVM 7.3's code needs beyond shim_stubs.h (kvm/ref/items-7.3.txt):
 * the _raw register accessors and their 32-bit forms, the XCR0/XSS and
 * MMIO callees of the GHCB path (inert), KVM_BUG_ON.
 */
#ifndef KVM_REF_SHIM_STUBS_7_H
#define KVM_REF_SHIM_STUBS_7_H

#define kvm_rax_read_raw(v)	  kvm_register_read_raw(v, VCPU_REGS_RAX)
#define kvm_rbx_read_raw(v)	  kvm_register_read_raw(v, VCPU_REGS_RBX)
#define kvm_rcx_read_raw(v)	  kvm_register_read_raw(v, VCPU_REGS_RCX)
#define kvm_rdx_read_raw(v)	  kvm_register_read_raw(v, VCPU_REGS_RDX)
#define kvm_rsi_read_raw(v)	  kvm_register_read_raw(v, VCPU_REGS_RSI)
#define kvm_eax_read(v)		  ((u32)kvm_rax_read_raw(v))
#define kvm_ebx_read(v)		  ((u32)kvm_rbx_read_raw(v))
#define kvm_ecx_read(v)		  ((u32)kvm_rcx_read_raw(v))
#define kvm_edx_read(v)		  ((u32)kvm_rdx_read_raw(v))
#define kvm_esi_read(v)		  ((u32)kvm_rsi_read_raw(v))
#define kvm_rax_write_raw(v, val) kvm_rax_write(v, val)

#define MSR_IA32_XSS				0xda0
#define __kvm_set_xcr(vcpu, idx, val)		shim_unreachable("set_xcr")
#define __kvm_emulate_msr_write(vcpu, msr, val) shim_unreachable("msr_write")
#define kvm_sev_es_mmio(vcpu, w, gpa, len, buf) SHIM_INERT(1, "mmio")
#define KVM_BUG_ON(c, kvm)			WARN_ON_ONCE(c)

#endif
