// SPDX-License-Identifier: GPL-2.0-only
/*
 * Exits about the guest's life rather than an instruction's effect: HLT,
 * SHUTDOWN (triple fault), physical interrupts and NMIs, cache
 * instructions, a failed VMRUN and exits nobody expected.
 */
#include "hv/handlers.h"
#include "hv/vm.h"
#include "include/log.h"
#include "include/x86.h"

/*
 * No device here ever raises a virtual interrupt, so a halted vCPU would
 * never wake: stop it rather than hang.
 */
void handle_hlt(struct vcpu *vcpu, struct vm_exit *exit)
{
	vcpu_stop(vcpu, exit,
		  "HLT at RIP 0x%llx (IF=%d) with no interrupt source: the guest would never wake",
		  (unsigned long long)vcpu->regs.rip,
		  !!(vcpu->regs.rflags & RFLAGS_IF));
}

/* APM "Shutdown": a triple fault; the guest cannot continue. */
void handle_shutdown(struct vcpu *vcpu, struct vm_exit *exit)
{
	vcpu_stop(vcpu, exit, "triple fault (SHUTDOWN intercept) at RIP 0x%llx",
		  (unsigned long long)vcpu->regs.rip);
}

/*
 * A physical interrupt or NMI arrived while the guest ran. The host runs
 * with interrupts off and owns no devices, so there is nothing to service:
 * counting the exit is all, then the guest resumes.
 */
void handle_intr(struct vcpu *vcpu, struct vm_exit *exit)
{
	(void)vcpu;
	(void)exit;
}

/* INVD and WBINVD: guest RAM is ordinary write-back memory; a no-op. */
void handle_cache_insn(struct vcpu *vcpu, struct vm_exit *exit)
{
	vcpu_skip_insn(vcpu, exit);
}

/* APM "Canonicalization and Consistency Checks" refused the VMCB. */
void handle_vmrun_failed(struct vcpu *vcpu, struct vm_exit *exit)
{
	vcpu_stop(vcpu, exit,
		  "VMRUN failed: the VMCB guest state is invalid (exit code 0x%llx)",
		  (unsigned long long)exit->raw_code);
}

void handle_unexpected(struct vcpu *vcpu, struct vm_exit *exit)
{
	vcpu_stop(vcpu, exit, "unexpected exit %s (code 0x%llx)",
		  exit_reason_name(exit->reason),
		  (unsigned long long)exit->raw_code);
}
