/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Exit handlers, one file per concern. Each takes the vCPU and the
 * decoded exit, changes the guest only through hv/vcpu.h and either
 * leaves the vCPU running (having stepped over the instruction or queued
 * an event) or stops it with a reason. The plain ones are wired up in
 * hv/run.c's table; a kind of guest that handles some exits its own way
 * gives its VM a struct exit_ops (below) at set-up.
 */
#ifndef HV_HANDLERS_H
#define HV_HANDLERS_H

#include <stdbool.h>

#include "hv/vcpu.h"
#include "include/vm_exit.h"

typedef void (*exit_handler_fn)(struct vcpu *vcpu, struct vm_exit *exit);

/*
 * The exits one kind of guest handles its own way (vm->exit_ops; NULL for
 * a plain guest). Set up once with the guest and never changed while it
 * runs; hooking goes one way only: the run loop asks these first, a plain
 * handler never asks back. An override that also needs the plain
 * behaviour calls that handler by name.
 *  - exit_begin (optional): every exit, after it is counted and before
 *    any handler; true when it has dealt with the exit completely.
 *  - handler[r]: the handler for reason r; NULL: hv/run.c's plain one.
 */
struct exit_ops {
	bool (*exit_begin)(struct vcpu *vcpu, struct vm_exit *exit);
	exit_handler_fn handler[EXIT_REASON_NR];
};

/* cpuid.c */
void handle_cpuid(struct vcpu *vcpu, struct vm_exit *exit);
/* CPUID as this guest sees it (also for the GHCB MSR protocol's request). */
void cpuid_guest_view(struct vcpu *vcpu, uint32_t leaf, uint32_t sub,
		      uint32_t regs[4]);
/* The XCR0 bits CPUID.D.0 offers every guest. */
uint64_t cpuid_guest_xcr0_supported(void);

/* xsave.c */
void handle_xsetbv(struct vcpu *vcpu, struct vm_exit *exit);

/* msr.c */
void handle_msr_read(struct vcpu *vcpu, struct vm_exit *exit);
void handle_msr_write(struct vcpu *vcpu, struct vm_exit *exit);
/* The RDMSR or WRMSR faults: #GP(0), RIP stays on it. */
void msr_refuse(struct vcpu *vcpu, const struct vm_exit *exit);
void msr_setup_passthrough(struct vcpu *vcpu);

/* io.c */
void handle_io(struct vcpu *vcpu, struct vm_exit *exit);

/* hypercall.c */
void handle_hypercall(struct vcpu *vcpu, struct vm_exit *exit);

/* npf.c */
void handle_npf(struct vcpu *vcpu, struct vm_exit *exit);

/* mmio_unassigned.c */
bool mmio_unassigned_read(struct vcpu *vcpu, const struct exit_npf *f);
/* Is gpa in the platform window, above RAM (hv/mmio_unassigned.c)? */
bool mmio_unassigned(const struct vm *vm, uint64_t gpa);

/* exception.c */
void handle_exception(struct vcpu *vcpu, struct vm_exit *exit);
void handle_ud_insn(struct vcpu *vcpu, struct vm_exit *exit);
void handle_svm_insn(struct vcpu *vcpu, struct vm_exit *exit);

/* lifecycle.c */
void handle_hlt(struct vcpu *vcpu, struct vm_exit *exit);
void handle_shutdown(struct vcpu *vcpu, struct vm_exit *exit);
void handle_intr(struct vcpu *vcpu, struct vm_exit *exit);
void handle_vintr(struct vcpu *vcpu, struct vm_exit *exit);
void handle_cache_insn(struct vcpu *vcpu, struct vm_exit *exit);
void handle_vmrun_failed(struct vcpu *vcpu, struct vm_exit *exit);
void handle_unexpected(struct vcpu *vcpu, struct vm_exit *exit);

#endif
