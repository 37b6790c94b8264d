/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Exit handlers, one file per concern. Each takes the vCPU and the
 * decoded exit, changes the guest only through hv/vcpu.h and either
 * leaves the vCPU running (having stepped over the instruction or queued
 * an event) or stops it with a reason. Wired up in hv/run.c's table.
 */
#ifndef HV_HANDLERS_H
#define HV_HANDLERS_H

#include "hv/vcpu.h"
#include "include/vm_exit.h"

typedef void (*exit_handler_fn)(struct vcpu *vcpu, struct vm_exit *exit);

void handle_cpuid(struct vcpu *vcpu, struct vm_exit *exit);	/* cpuid.c */
/* CPUID as this guest sees it (also for the GHCB MSR protocol's request). */
void cpuid_guest_view(struct vcpu *vcpu, uint32_t leaf, uint32_t sub,
		      uint32_t regs[4]);
/* The XCR0 bits CPUID.D.0 offers every guest. */
uint64_t cpuid_guest_xcr0_supported(void);
void handle_xsetbv(struct vcpu *vcpu, struct vm_exit *exit);	/* xsave.c */
void handle_msr_read(struct vcpu *vcpu, struct vm_exit *exit);	/* msr.c */
void handle_msr_write(struct vcpu *vcpu, struct vm_exit *exit);
void msr_setup_passthrough(struct vcpu *vcpu);
void handle_io(struct vcpu *vcpu, struct vm_exit *exit);	/* io.c */
void handle_hypercall(struct vcpu *vcpu, struct vm_exit *exit);	/* hypercall.c */
void handle_snp_vmgexit(struct vcpu *vcpu, struct vm_exit *exit); /* snp_exits.c */
void handle_snp_pvalidate(struct vcpu *vcpu, struct vm_exit *exit);
void handle_snp_rmpadjust(struct vcpu *vcpu, struct vm_exit *exit);
void handle_npf(struct vcpu *vcpu, struct vm_exit *exit);	/* npf.c */
bool mmio_unassigned_read(struct vcpu *vcpu, const struct exit_npf *f);	/* mmio_unassigned.c */
void handle_exception(struct vcpu *vcpu, struct vm_exit *exit);	/* exception.c */
void handle_ud_snp_insn(struct vcpu *vcpu, struct vm_exit *exit);
void handle_svm_insn(struct vcpu *vcpu, struct vm_exit *exit);
void handle_vmgexit(struct vcpu *vcpu, struct vm_exit *exit);
void handle_hlt(struct vcpu *vcpu, struct vm_exit *exit);	/* lifecycle.c */
void handle_shutdown(struct vcpu *vcpu, struct vm_exit *exit);
void handle_intr(struct vcpu *vcpu, struct vm_exit *exit);
void handle_cache_insn(struct vcpu *vcpu, struct vm_exit *exit);
void handle_vmrun_failed(struct vcpu *vcpu, struct vm_exit *exit);
void handle_unexpected(struct vcpu *vcpu, struct vm_exit *exit);

#endif
