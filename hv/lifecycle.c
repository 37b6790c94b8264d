// SPDX-License-Identifier: GPL-2.0-only
/*
 * Exits about the guest's life rather than an instruction's effect: HLT,
 * SHUTDOWN (triple fault), physical interrupts and NMIs, cache
 * instructions, a failed VMRUN and exits nobody expected.
 */
#include "hv/handlers.h"
#include "hv/host_irq.h"
#include "hv/pc_run.h"
#include "hv/vm.h"
#include "include/log.h"
#include "include/x86.h"

/* HLT is always intercepted: the vCPU waits for its next interrupt. */
void handle_hlt(struct vcpu *vcpu, struct vm_exit *exit)
{
	pc_halt(vcpu, exit);
}

/* APM "Shutdown": a triple fault; the guest cannot continue. */
void handle_shutdown(struct vcpu *vcpu, struct vm_exit *exit)
{
	vcpu_stop(vcpu, exit, "triple fault (SHUTDOWN intercept) at RIP 0x%llx",
		  (unsigned long long)vcpu->regs.rip);
}

/*
 * A physical interrupt (the host timer, hv/host_irq.c) or NMI arrived
 * while the guest ran: the host takes it now (an NMI was taken already,
 * at STGI). The next entry sees what time it is (hv/pc_run.c).
 */
void handle_intr(struct vcpu *vcpu, struct vm_exit *exit)
{
	(void)vcpu;
	(void)exit;
	host_irq_take();
}

/*
 * The guest can take an interrupt now (the window svm_request_irq_window
 * asked for): the next entry injects it.
 */
void handle_vintr(struct vcpu *vcpu, struct vm_exit *exit)
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
