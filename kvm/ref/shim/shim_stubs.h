/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The callees of the extracted functions that lie outside the PSC and
 * MAP_GPA_RANGE paths. Guest memory accesses go to the harness
 * (kvm/ref/harness.c); everything else is inert and says so on stderr if
 * a scenario ever reaches it.
 */
#ifndef KVM_REF_SHIM_STUBS_H
#define KVM_REF_SHIM_STUBS_H

/* Provided by the harness: guest memory as the scenario lays it out. */
int shim_vcpu_map(struct kvm_vcpu *vcpu, gfn_t gfn, struct kvm_host_map *map);
int shim_read_guest(struct kvm *kvm, gpa_t gpa, void *data, unsigned long len);
void shim_unreachable(const char *what);

#define kvm_vcpu_map(vcpu, gfn, map)   shim_vcpu_map(vcpu, gfn, map)
#define kvm_read_guest(kvm, gpa, d, l) shim_read_guest(kvm, gpa, d, l)

/* The C-bit position reported by the SEV_INFO MSR response. */
static u8 sev_enc_bit = 51;

#define KVM_REQ_EVENT 0
#define kvm_make_request(req, vcpu) \
	do {                        \
	} while (0)

/* 64-bit mode and CPL come from the scenario's MAP_GPA_RANGE request. */
static inline bool is_64_bit_hypercall(struct kvm_vcpu *vcpu)
{
	return vcpu->shim_long_mode;
}

static inline int shim_get_cpl(struct kvm_vcpu *vcpu)
{
	return vcpu->shim_cpl;
}

#define kvm_x86_call(fn) shim_##fn

static inline unsigned long kvm_register_read_raw(struct kvm_vcpu *vcpu,
						  int reg)
{
	return vcpu->arch.regs[reg];
}

#define kvm_rax_read(v) kvm_register_read_raw(v, VCPU_REGS_RAX)
#define kvm_rbx_read(v) kvm_register_read_raw(v, VCPU_REGS_RBX)
#define kvm_rcx_read(v) kvm_register_read_raw(v, VCPU_REGS_RCX)
#define kvm_rdx_read(v) kvm_register_read_raw(v, VCPU_REGS_RDX)
#define kvm_rsi_read(v) kvm_register_read_raw(v, VCPU_REGS_RSI)

static inline void kvm_rax_write(struct kvm_vcpu *vcpu, unsigned long val)
{
	vcpu->arch.regs[VCPU_REGS_RAX] = val;
}

static inline int kvm_skip_emulated_instruction(struct kvm_vcpu *vcpu)
{
	(void)vcpu;
	return 1;
}

/* Paths no scenario takes: report and resume. */
#define SHIM_INERT(expr, what) (shim_unreachable(what), (expr))

#define kvm_update_cpuid_runtime(vcpu) \
	do {                           \
	} while (0)
#define dump_ghcb(svm) \
	do {           \
	} while (0)
#define svm_invoke_exit_handler(vcpu, code) \
	SHIM_INERT(1, "svm_invoke_exit_handler")
#define kvm_emulate_ap_reset_hold(vcpu)	     SHIM_INERT(1, "ap_reset_hold")
#define kvm_sev_es_mmio_read(vcpu, a, b, c)  SHIM_INERT(1, "mmio_read")
#define kvm_sev_es_mmio_write(vcpu, a, b, c) SHIM_INERT(1, "mmio_write")
#define sev_snp_ap_creation(svm)	     SHIM_INERT(0, "ap_creation")
#define snp_handle_guest_req(svm, a, b)	     SHIM_INERT(1, "guest_req")
#define snp_handle_ext_guest_req(svm, a, b)  SHIM_INERT(1, "ext_guest_req")
#define kvm_xen_hypercall_enabled(kvm)	     false
#define kvm_xen_hypercall(vcpu)		     SHIM_INERT(1, "xen_hypercall")
#define kvm_hv_hypercall_enabled(vcpu)	     false
#define kvm_hv_hypercall(vcpu)		     SHIM_INERT(1, "hv_hypercall")
#define guest_pv_has(vcpu, feature)	     false
#define kvm_pv_kick_cpu_op(kvm, apicid)	     shim_unreachable("kick_cpu")
#define kvm_sched_yield(vcpu, id)	     shim_unreachable("sched_yield")
#define kvm_pv_clock_pairing(vcpu, a, b) \
	SHIM_INERT(-KVM_EOPNOTSUPP, "clock_pairing")
/* Its arguments are evaluated: a3 has no other reader in 7.x. */
#define kvm_pv_send_ipi(kvm, a, b, c, d, e) \
	((void)(a), (void)(b), (void)(c), (void)(d), SHIM_INERT(0, "send_ipi"))
#define KVM_EOPNOTSUPP 95

#endif
