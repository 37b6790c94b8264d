// SPDX-License-Identifier: GPL-2.0-only
/*
 * Intercepted guest exceptions and instructions the guest may not use,
 * among them the SNP instructions in a guest without SNP (snp=off).
 *
 * #UD is intercepted only to recognise PVALIDATE/RMPADJUST (svm/exit.c);
 * otherwise it is reflected: re-injected through EVENTINJ, so the guest's
 * own IDT handler runs as if nothing had intercepted it (APM "Event
 * Injection"). If the guest has no usable IDT, the reflected fault
 * escalates to a triple fault, which stops the guest (lifecycle.c).
 */
#include "hv/handlers.h"
#include "hv/vm.h"
#include "include/log.h"
#include "include/x86.h"

void handle_exception(struct vcpu *vcpu, struct vm_exit *exit)
{
	const struct exit_exception *e = &exit->exception;

	/*
	 * #DB is intercepted only while emulated SNP single-steps a fetch
	 * (hv/snp_alias.c); one that is the guest's own is reflected.
	 */
	if (e->vector == VEC_DB) {
		vcpu_inject_exception(vcpu, VEC_DB, false, 0);
		return;
	}
	if (e->vector == VEC_UD) {
		log_debug_rl("guest %s: #UD at RIP 0x%llx reflected",
			     vcpu->vm->name,
			     (unsigned long long)vcpu->regs.rip);
		vcpu_inject_exception(vcpu, VEC_UD, false, 0);
		return;
	}
	vcpu_stop(vcpu, exit,
		  "unexpected intercepted exception vector %u (error code 0x%x)",
		  e->vector, e->error_code);
}

/*
 * An instruction this CPU model does not have, decoded from its #UD:
 * PVALIDATE / RMPADJUST in a guest without SNP. It raises #UD, exactly
 * as on a CPU without SNP, so reflect it.
 */
void handle_ud_insn(struct vcpu *vcpu, struct vm_exit *exit)
{
	log_debug_rl("guest %s: %s at RIP 0x%llx without SNP: #UD",
		     vcpu->vm->name, exit_reason_name(exit->reason),
		     (unsigned long long)vcpu->regs.rip);
	vcpu_inject_exception(vcpu, VEC_UD, false, 0);
}

/*
 * VMRUN, VMLOAD, VMSAVE, STGI, CLGI, SKINIT: the guest sees no SVM in
 * CPUID (hv/cpuid.c), so these are undefined for it: #UD.
 */
void handle_svm_insn(struct vcpu *vcpu, struct vm_exit *exit)
{
	(void)exit;
	vcpu_inject_exception(vcpu, VEC_UD, false, 0);
}
