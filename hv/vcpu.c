// SPDX-License-Identifier: GPL-2.0-only
/*
 * vCPU helpers for exit handlers: stop, exit, step, inject, dump, and the
 * names of exit reasons they log.
 */
#include <stdarg.h>
#include <stdio.h>

#include "hv/vcpu.h"
#include "hv/vm.h"
#include "include/log.h"

static const char *const reason_names[EXIT_REASON_NR] = {
	[EXIT_UNKNOWN] = "unknown",
	[EXIT_VMRUN_FAILED] = "vmrun-failed",
	[EXIT_CPUID] = "cpuid",
	[EXIT_MSR_READ] = "rdmsr",
	[EXIT_MSR_WRITE] = "wrmsr",
	[EXIT_IO] = "io",
	[EXIT_HLT] = "hlt",
	[EXIT_HYPERCALL] = "vmmcall",
	[EXIT_VMGEXIT] = "vmgexit",
	[EXIT_EXCEPTION] = "exception",
	[EXIT_PVALIDATE] = "pvalidate",
	[EXIT_RMPADJUST] = "rmpadjust",
	[EXIT_NPF] = "npf",
	[EXIT_SHUTDOWN] = "shutdown",
	[EXIT_INTR] = "intr",
	[EXIT_VINTR] = "vintr",
	[EXIT_NMI] = "nmi",
	[EXIT_INVD] = "invd",
	[EXIT_WBINVD] = "wbinvd",
	[EXIT_SVM_INSN] = "svm-insn",
	[EXIT_XSETBV] = "xsetbv",
};

const char *exit_reason_name(enum exit_reason r)
{
	if ((unsigned)r >= EXIT_REASON_NR || !reason_names[r])
		return "?";
	return reason_names[r];
}

void vcpu_stop(struct vcpu *vcpu, const struct vm_exit *exit, const char *fmt,
	       ...)
{
	va_list ap;

	if (vcpu->state != VCPU_RUNNING)
		return;
	va_start(ap, fmt);
	vsnprintf(vcpu->stop_reason, sizeof(vcpu->stop_reason), fmt, ap);
	va_end(ap);
	vcpu->state = VCPU_STOPPED;
	/*
	 * The reason is printed once, on hv_main's "stopped:" line after
	 * the counters; here only the state at the stop.
	 */
	log_err("guest %s: stopped by the hypervisor; state at the stop:",
		vcpu->vm->name);
	vcpu_dump(vcpu, exit);
}

void vcpu_guest_exit(struct vcpu *vcpu, uint64_t code)
{
	if (vcpu->state != VCPU_RUNNING)
		return;
	vcpu->exit_code = code;
	vcpu->state = VCPU_EXITED;
}

bool vcpu_skip_insn(struct vcpu *vcpu, const struct vm_exit *exit)
{
	if (!exit->insn_len) {
		vcpu_stop(vcpu, exit,
			  "cannot find the length of the instruction at RIP 0x%llx (error %d)",
			  (unsigned long long)vcpu->regs.rip,
			  exit->insn_len_error);
		return false;
	}
	vcpu->regs.rip += exit->insn_len;
	svm_clear_interrupt_shadow(&vcpu->svm);
	return true;
}

void vcpu_inject_exception(struct vcpu *vcpu, uint8_t vector,
			   bool has_error_code, uint32_t error_code)
{
	svm_inject_exception(&vcpu->svm, vector, has_error_code, error_code);
}

void vcpu_dump(struct vcpu *vcpu, const struct vm_exit *exit)
{
	const struct vcpu_regs *r = &vcpu->regs;
	struct vcpu_sregs s;

	svm_get_sregs(&vcpu->svm, &s);
	if (exit)
		log_err("  exit %s: code 0x%llx info1 0x%llx info2 0x%llx intinfo 0x%llx",
			exit_reason_name(exit->reason),
			(unsigned long long)exit->raw_code,
			(unsigned long long)exit->raw_info1,
			(unsigned long long)exit->raw_info2,
			(unsigned long long)exit->raw_intinfo);
	log_err("  rip %016llx rsp %016llx rflags %016llx",
		(unsigned long long)r->rip, (unsigned long long)r->rsp,
		(unsigned long long)r->rflags);
	log_err("  rax %016llx rbx %016llx rcx %016llx rdx %016llx",
		(unsigned long long)r->rax, (unsigned long long)r->rbx,
		(unsigned long long)r->rcx, (unsigned long long)r->rdx);
	log_err("  rsi %016llx rdi %016llx rbp %016llx r8  %016llx",
		(unsigned long long)r->rsi, (unsigned long long)r->rdi,
		(unsigned long long)r->rbp, (unsigned long long)r->r8);
	log_err("  r9  %016llx r10 %016llx r11 %016llx r12 %016llx",
		(unsigned long long)r->r9, (unsigned long long)r->r10,
		(unsigned long long)r->r11, (unsigned long long)r->r12);
	log_err("  r13 %016llx r14 %016llx r15 %016llx",
		(unsigned long long)r->r13, (unsigned long long)r->r14,
		(unsigned long long)r->r15);
	log_err("  cr0 %016llx cr2 %016llx cr3 %016llx cr4 %016llx",
		(unsigned long long)s.cr0, (unsigned long long)s.cr2,
		(unsigned long long)s.cr3, (unsigned long long)s.cr4);
	log_err("  efer %016llx cs %04x/%04x ss %04x/%04x cpl %u exits %llu",
		(unsigned long long)s.efer, s.cs_sel, s.cs_attr, s.ss_sel,
		s.ss_attr, s.cpl, (unsigned long long)vcpu->nr_exits);
}
