// SPDX-License-Identifier: GPL-2.0-only
/*
 * The run loop: enter the guest, count the exit, dispatch it, repeat
 * until the guest exits or is stopped.
 *
 * How an exit flows: svm_vcpu_run() does VMRUN through the world switch;
 * on #VMEXIT it copies the guest registers into vcpu->regs and decodes the
 * exit into a struct vm_exit (svm/exit.c). The VM's exit_ops, when it has
 * them, see the exit first (exit_begin, then their handler for the
 * reason); otherwise the plain table below has it. The handler steps over
 * the instruction, queues an event or stops the vCPU. If the nested page
 * tables changed, the guest TLB is flushed before re-entry.
 */
#include "hv/handlers.h"
#include "hv/pc_run.h"
#include "hv/vcpu.h"
#include "hv/vm.h"
#include "include/log.h"
#include "include/x86.h"

/*
 * The plain handlers, one per reason: what a guest gets unless its VM's
 * exit_ops (hv/handlers.h) names another. A NULL slot is an exit we never
 * expect: the guest is stopped. VMGEXIT, PVALIDATE and RMPADJUST get what
 * a CPU without SEV-SNP does; emulated SNP overrides them
 * (hv/snp_exits.c).
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
	/* Outside SEV-ES/SNP, VMGEXIT executes as VMMCALL (hv/hypercall.c). */
	[EXIT_VMGEXIT] = handle_hypercall,
	[EXIT_EXCEPTION] = handle_exception,
	[EXIT_PVALIDATE] = handle_ud_insn,
	[EXIT_RMPADJUST] = handle_ud_insn,
	[EXIT_NPF] = handle_npf,
	[EXIT_SHUTDOWN] = handle_shutdown,
	[EXIT_INTR] = handle_intr,
	[EXIT_NMI] = handle_intr,
	[EXIT_VINTR] = handle_vintr,
	[EXIT_INVD] = handle_cache_insn,
	[EXIT_WBINVD] = handle_cache_insn,
	[EXIT_SVM_INSN] = handle_svm_insn,
	[EXIT_XSETBV] = handle_xsetbv,
};

static exit_handler_fn handler_of(const struct vm *vm, enum exit_reason r)
{
	const struct exit_ops *ops = vm->exit_ops;

	if (ops && ops->handler[r])
		return ops->handler[r];
	return exit_handlers[r];
}

void vcpu_run(struct vcpu *vcpu)
{
	struct vm *vm = vcpu->vm;
	const struct exit_ops *ops = vm->exit_ops;
	struct vm_exit exit;

	msr_setup_passthrough(vcpu);
	vcpu->tsc_first_entry = rdtsc();
	pc_run_start(vm);
	while (vcpu->state == VCPU_RUNNING) {
		exit_handler_fn h;

		pc_enter(vcpu);
		if (vcpu->state != VCPU_RUNNING)
			break;

		if (vm->npt.need_flush) {
			svm_flush_tlb(&vcpu->svm);
			vm->npt.need_flush = false;
		}
		svm_vcpu_run(&vcpu->svm, &vcpu->regs, &exit);
		vcpu->nr_exits++;
		vcpu->exit_counts[exit.reason]++;
		if (ops && ops->exit_begin && ops->exit_begin(vcpu, &exit))
			continue;
		h = handler_of(vm, exit.reason);
		if (h)
			h(vcpu, &exit);
		else
			handle_unexpected(vcpu, &exit);
	}
	vcpu->tsc_end = rdtsc();
	vm_flush_output(vm);
}
