// SPDX-License-Identifier: GPL-2.0-only
/*
 * VMMCALL hypercalls, numbers in guest-abi/hypercall.h. The number is in
 * RAX, arguments in RBX, RCX, RDX, the result goes to RAX. A number or an
 * argument that is wrong gets an error code back; it never stops the
 * guest.
 *
 * Privilege: VMMCALL itself can be executed at any CPL (APM volume 3,
 * "VMMCALL"), so the hypervisor checks it. As KVM's hypercall emulation
 * does, a call from CPL > 0 gets -KVM_EPERM whatever its number: user
 * mode could otherwise print guest-kernel memory (HC_DEBUG_PRINT) or end
 * the guest with a status of its choosing (HC_TEST_EXIT). No
 * specification allows any of these numbers from user mode.
 * KVM_HC_MAP_GPA_RANGE is not served here (-KVM_ENOSYS): emulated SNP
 * takes it before this handler and hands it to the conversion engine,
 * which makes the CPL check itself and traces the refusal
 * (hv/snp_exits.c, docs/abi.md).
 */
#include "guest-abi/hypercall.h"
#include "hv/handlers.h"
#include "hv/platform.h"
#include "hv/vm.h"
#include "include/log.h"

static uint64_t hc_err(uint64_t e)
{
	return (uint64_t) - (int64_t)e;
}

/* HC_DEBUG_PRINT: RBX = GPA, RCX = length. */
static uint64_t hc_debug_print(struct vcpu *vcpu)
{
	struct vm *vm = vcpu->vm;
	uint64_t gpa = vcpu->regs.rbx, len = vcpu->regs.rcx;
	char buf[HC_DEBUG_PRINT_MAX];

	if (len > HC_DEBUG_PRINT_MAX)
		return hc_err(HC_EINVAL);
	for (uint64_t i = 0; i < len; i++) {
		const char *p = vm_gpa_to_host(vm, gpa + i);

		if (!p)
			return hc_err(HC_EINVAL);
		buf[i] = (*p >= 0x20 && *p <= 0x7e) ? *p : '.';
	}
	hv_printf("[%s] debug: %.*s\n", vm->name, (int)len, buf);
	return HC_OK;
}

static uint64_t hc_exit_count(struct vcpu *vcpu)
{
	const uint64_t *c = vcpu->exit_counts;

	switch (vcpu->regs.rbx) {
	case HC_COUNT_ALL:
		return vcpu->nr_exits;
	case HC_COUNT_MSR:
		return c[EXIT_MSR_READ] + c[EXIT_MSR_WRITE];
	case HC_COUNT_CPUID:
		return c[EXIT_CPUID];
	case HC_COUNT_IO:
		return c[EXIT_IO];
	case HC_COUNT_HYPERCALL:
		return c[EXIT_HYPERCALL];
	default:
		return hc_err(HC_EINVAL);
	}
}

static unsigned guest_cpl(const struct vcpu *vcpu)
{
	struct vcpu_sregs s;

	svm_get_sregs(&vcpu->svm, &s);
	return s.cpl;
}

void handle_hypercall(struct vcpu *vcpu, struct vm_exit *exit)
{
	uint64_t nr = vcpu->regs.rax, ret;
	unsigned cpl = guest_cpl(vcpu);

	if (!vcpu_skip_insn(vcpu, exit))
		return;
	if (cpl != 0) {
		log_warn_rl("guest %s: hypercall 0x%llx from CPL %u at RIP 0x%llx: -EPERM",
			    vcpu->vm->name, (unsigned long long)nr, cpl,
			    (unsigned long long)(vcpu->regs.rip -
						 exit->insn_len));
		vcpu->regs.rax = hc_err(HC_EPERM);
		return;
	}
	switch (nr) {
	case HC_GET_ABI_VERSION:
		ret = HC_ABI_VERSION;
		break;
	case HC_TEST_EXIT:
		vcpu_guest_exit(vcpu, vcpu->regs.rbx);
		return;
	case HC_DEBUG_PRINT:
		ret = hc_debug_print(vcpu);
		break;
	case HC_GET_EXIT_COUNT:
		ret = hc_exit_count(vcpu);
		break;
	default:
		/*
		 * VMGEXIT ("rep; vmmcall") outside an SEV-ES/SNP guest
		 * executes as VMMCALL (GHCB spec "VMGEXIT"; svm/exit.c):
		 * hv/run.c sends it here; an emulated SNP guest's VMGEXITs
		 * go to hv/snp_exits.c instead. A GHCB request from a guest
		 * that is not an SNP guest thus gets what any unknown
		 * hypercall gets, and the log names it.
		 */
		if (exit->reason == EXIT_VMGEXIT) {
			log_warn_rl("guest %s: VMGEXIT at RIP 0x%llx from a guest that is not an SNP guest: a VMMCALL, unknown hypercall 0x%llx: -ENOSYS",
				    vcpu->vm->name,
				    (unsigned long long)(vcpu->regs.rip -
							 exit->insn_len),
				    (unsigned long long)nr);
			ret = hc_err(HC_ENOSYS);
			break;
		}
		log_warn_rl("guest %s: unknown hypercall 0x%llx at RIP 0x%llx: -ENOSYS",
			    vcpu->vm->name, (unsigned long long)nr,
			    (unsigned long long)(vcpu->regs.rip -
						 exit->insn_len));
		ret = hc_err(HC_ENOSYS);
		break;
	}
	vcpu->regs.rax = ret;
}
