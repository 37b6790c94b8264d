// SPDX-License-Identifier: GPL-2.0-only
/*
 * XSETBV, intercepted (INTERCEPT_XSETBV, exit code 0x8D) and emulated:
 * the guest's XCR0 lives in struct svm_vcpu and the world switch loads
 * it around VMRUN (svm/world_switch.S). XGETBV is not interceptable and
 * reads the loaded value, which is why XCR0 is really switched rather
 * than only recorded.
 *
 * QEMU 7.2's TCG never takes this intercept: the guest's XSETBV writes
 * XCR0 itself, checked by QEMU against the host's CPUID.D, and the world
 * switch reads XCR0 back after every #VMEXIT so the guest keeps it. This
 * handler is for CPUs (and QEMU versions) that do intercept.
 *
 * The checks (APM "XSETBV"; Intel SDM "XSETBV"), in the CPU's order:
 *  - CR4.OSXSAVE clear: #UD. The CPU checks it before the intercept;
 *    newer QEMU takes the intercept first, so it is repeated here.
 *  - CPL > 0: #GP(0), likewise.
 *  - ECX != 0, x87 cleared, YMM without SSE, AVX-512 components not all
 *    or none or without YMM, a bit CPUID.D.0 does not offer: #GP(0)
 *    (xsetbv_check, hv/cpuid_view.c).
 * A refused XSETBV leaves XCR0 and RIP unchanged.
 */
#include "hv/cpuid_view.h"
#include "hv/handlers.h"
#include "hv/vm.h"
#include "include/log.h"
#include "include/x86.h"

void handle_xsetbv(struct vcpu *vcpu, struct vm_exit *exit)
{
	const struct exit_xsetbv *x = &exit->xsetbv;
	struct vcpu_sregs s;

	svm_get_sregs(&vcpu->svm, &s);
	if (!(s.cr4 & CR4_OSXSAVE)) {
		vcpu_inject_exception(vcpu, VEC_UD, false, 0);
		return;
	}
	if (s.cpl != 0 ||
	    xsetbv_check(cpuid_guest_xcr0_supported(), x->index, x->value)) {
		log_debug("guest %s: XSETBV XCR%u = 0x%llx at CPL %u refused with #GP",
			  vcpu->vm->name, x->index,
			  (unsigned long long)x->value, s.cpl);
		vcpu_inject_exception(vcpu, VEC_GP, true, 0);
		return;
	}
	if (!vcpu_skip_insn(vcpu, exit))
		return;
	svm_set_xcr0(&vcpu->svm, x->value);
}
