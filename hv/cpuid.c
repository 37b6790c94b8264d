// SPDX-License-Identifier: GPL-2.0-only
/*
 * CPUID, filtered. The guest sees the host's values except where a
 * feature is not virtualized here; hv/cpuid_view.c computes the view
 * (host-tested by tests/unit/test_cpuid_view.c). What a guest may rely
 * on (checked by tests/guests/cpuid and tests/guests/xsave):
 *
 *  - 0x0 / 0x80000000: the host's vendor string and maximum leaves,
 *    the basic maximum capped at 0xd.
 *  - 0x1: ECX[31] "hypervisor present" set; EBX[31:24] initial APIC ID =
 *    the vCPU id; ECX[26] XSAVE as the host, ECX[27] OSXSAVE = the
 *    guest's CR4.OSXSAVE; hidden: ECX[3] MONITOR (MWAIT is
 *    intercepted), ECX[5] VMX, ECX[21] x2APIC and ECX[24] TSC-deadline
 *    (no APIC is emulated); EDX[7] MCE and EDX[14] MCA: their MSRs are
 *    not emulated and fault (Linux would panic on the MCA ones). EDX[12]
 *    MTRR is shown: hv/msr.c emulates MTRRcap and MTRRdefType.
 *  - 0x7: sub-leaves 0 and 1 only; MPX hidden, ECX[4] OSPKE = the
 *    guest's CR4.PKE, and no feature whose prerequisite is hidden
 *    (hv/cpuid_deps.c: e.g. CET shadow stacks go with XSAVES).
 *  - 0xd (XSAVE): x87, SSE, YMM, AVX-512 and PKRU as far as the host has
 *    them; sub-leaf 0 EBX is the XSAVE area size for the guest's XCR0;
 *    sub-leaf 1 has XSAVEOPT, XSAVEC, XGETBV1 as the host, no XSAVES.
 *    XSETBV is intercepted and checked (hv/xsave.c).
 *  - 0x40000000: EAX = 0x40000001, EBX:ECX:EDX = "snpvisor    "
 *    (the hypervisor leaf range, as Linux probes it).
 *  - 0x40000001: EAX = HC_ABI_VERSION, others zero.
 *  - 0x80000001: ECX[2] SVM hidden: no nested virtualization; EDX MCE and
 *    MCA as in leaf 1, and EDX[27] RDTSCP (TSC_AUX is not emulated).
 *  - 0x8000000A (SVM features) and 0x8000001F (SEV): all zero until SNP
 *    emulation advertises it.
 *  - any other leaf in 0x40000002..0x4fffffff, or above a maximum: zero.
 * Under snp=emulated, hv/snp_identity.c then raises the extended maximum
 * to 0x8000001F, fills 0x8000001F (SEV, SEV-ES, SNP, C-bit 47) and hides
 * LA57; under snp=off nothing changes.
 */
#include <string.h>

#include "guest-abi/hypercall.h"
#include "hv/cpuid_view.h"
#include "hv/handlers.h"
#include "hv/vm.h"
#include "include/x86.h"

static void host_cpuid(void *ctx, uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	(void)ctx;
	cpuid(leaf, sub, r);
}

static const struct cpuid_source host_source = { .cpuid = host_cpuid };

static void hv_leaves(uint32_t leaf, uint32_t r[4])
{
	static const char sig[12] = "snpvisor    ";

	r[0] = r[1] = r[2] = r[3] = 0;
	if (leaf == 0x40000000u) {
		r[0] = 0x40000001u;
		memcpy(&r[1], sig, 4);
		memcpy(&r[2], sig + 4, 4);
		memcpy(&r[3], sig + 8, 4);
	} else if (leaf == 0x40000001u) {
		r[0] = (uint32_t)HC_ABI_VERSION;
	}
}

static void guest_state(struct vcpu *vcpu, struct cpuid_guest *g)
{
	struct vcpu_sregs s;

	svm_get_sregs(&vcpu->svm, &s);
	*g = (struct cpuid_guest){
		.apic_id = vcpu->id,
		.snp = vcpu->vm->snp != NULL,
		.cr4 = s.cr4,
		.xcr0 = vcpu->svm.xcr0,
	};
}

void cpuid_guest_view(struct vcpu *vcpu, uint32_t leaf, uint32_t sub,
		      uint32_t regs[4])
{
	struct cpuid_guest g;

	if (leaf >= 0x40000000u && leaf <= 0x4fffffffu) {
		hv_leaves(leaf, regs);
		return;
	}
	guest_state(vcpu, &g);
	cpuid_view(&host_source, &g, leaf, sub, regs);
}

uint64_t cpuid_guest_xcr0_supported(void)
{
	return cpuid_view_xcr0_supported(&host_source);
}

void handle_cpuid(struct vcpu *vcpu, struct vm_exit *exit)
{
	uint32_t r[4];

	if (!vcpu_skip_insn(vcpu, exit))
		return;
	cpuid_guest_view(vcpu, exit->cpuid.leaf, exit->cpuid.subleaf, r);
	vcpu->regs.rax = r[0];
	vcpu->regs.rbx = r[1];
	vcpu->regs.rcx = r[2];
	vcpu->regs.rdx = r[3];
}
