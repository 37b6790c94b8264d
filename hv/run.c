// SPDX-License-Identifier: GPL-2.0-only
/*
 * The run loop: enter the guest, count the exit, dispatch it through the
 * table below, repeat until the guest exits or is stopped.
 *
 * How an exit flows: svm_vcpu_run() does VMRUN through the world switch;
 * on #VMEXIT it copies the guest registers into vcpu->regs and decodes the
 * exit into a struct vm_exit (svm/exit.c). The handler for its reason
 * steps over the instruction, queues an event or stops the vCPU. If the
 * nested page tables changed, the guest TLB is flushed before re-entry.
 */
#include "hv/handlers.h"
#include "hv/snp_guest.h"
#include "hv/vcpu.h"
#include "hv/vm.h"
#include "include/log.h"
#include "include/x86.h"

/*
 * One handler per reason. A NULL slot is an exit we never expect: the
 * guest is stopped. EXIT_VMGEXIT, EXIT_PVALIDATE and EXIT_RMPADJUST go to
 * emulated SNP (hv/snp_exits.c), which falls back to the plain handlers
 * under snp=off.
 */
static const exit_handler_fn exit_handlers[EXIT_REASON_NR] = {
	[EXIT_UNKNOWN] = handle_unexpected,
	[EXIT_VMRUN_FAILED] = handle_vmrun_failed,
	[EXIT_CPUID] = handle_cpuid,
	[EXIT_MSR_READ] = handle_msr_read,
	[EXIT_MSR_WRITE] = handle_msr_write,
	[EXIT_IO] = handle_io,
	[EXIT_HLT] = handle_hlt,
	[EXIT_HYPERCALL] = handle_hypercall,
	[EXIT_VMGEXIT] = handle_snp_vmgexit,
	[EXIT_EXCEPTION] = handle_exception,
	[EXIT_PVALIDATE] = handle_snp_pvalidate,
	[EXIT_RMPADJUST] = handle_snp_rmpadjust,
	[EXIT_NPF] = handle_npf,
	[EXIT_SHUTDOWN] = handle_shutdown,
	[EXIT_INTR] = handle_intr,
	[EXIT_NMI] = handle_intr,
	[EXIT_INVD] = handle_cache_insn,
	[EXIT_WBINVD] = handle_cache_insn,
	[EXIT_SVM_INSN] = handle_svm_insn,
	[EXIT_XSETBV] = handle_xsetbv,
};

void vcpu_run(struct vcpu *vcpu)
{
	struct vm *vm = vcpu->vm;
	struct vm_exit exit;

	msr_setup_passthrough(vcpu);
	vcpu->tsc_first_entry = rdtsc();
	while (vcpu->state == VCPU_RUNNING) {
		exit_handler_fn h;

		if (vm->npt.need_flush) {
			svm_flush_tlb(&vcpu->svm);
			vm->npt.need_flush = false;
		}
		svm_vcpu_run(&vcpu->svm, &vcpu->regs, &exit);
		vcpu->nr_exits++;
		vcpu->exit_counts[exit.reason]++;
		/* Emulated SNP: close shared aliases opened for the last
		 * instruction (hv/snp_alias.c). */
		if (vm->snp && snp_alias_exit_begin(vcpu, &exit))
			continue;
		h = exit_handlers[exit.reason];
		if (h)
			h(vcpu, &exit);
		else
			handle_unexpected(vcpu, &exit);
	}
	vm_flush_output(vm);
}
