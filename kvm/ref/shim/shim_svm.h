/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The VMCB fields the GHCB path reads and writes, and a vcpu_svm that holds
 * KVM's own vcpu_sev_es_state (extracted from arch/x86/kvm/svm/svm.h).
 */
#ifndef KVM_REF_SHIM_SVM_H
#define KVM_REF_SHIM_SVM_H

struct vmcb_control_area {
#ifdef KVM_REF_EXIT_CODE_U64
	u64 exit_code; /* one field from 7.x on */
#else
	u32 exit_code;
	u32 exit_code_hi;
#endif
	u64 exit_info_1;
	u64 exit_info_2;
	u64 ghcb_gpa; /* the GHCB MSR (MSR_AMD64_SEV_ES_GHCB) */
};

struct vmcb_save_area {
	u8 cpl;
};

struct vmcb {
	struct vmcb_control_area control;
	struct vmcb_save_area save;
};

struct vcpu_svm {
	struct kvm_vcpu vcpu;
	struct vmcb *vmcb;
	struct vcpu_sev_es_state sev_es;
	bool nmi_masked;
};

#endif
