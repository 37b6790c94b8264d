// SPDX-License-Identifier: GPL-2.0-only
/*
 * CPUID, filtered. The guest sees the host's values except where a
 * feature is not virtualized here. What a guest may rely on (checked by
 * tests/guests/cpuid):
 *
 *  - 0x0 / 0x80000000: the host's vendor string and maximum leaves,
 *    the basic maximum capped at 0xd.
 *  - 0x1: ECX[31] "hypervisor present" set; EBX[31:24] initial APIC ID =
 *    the vCPU id; hidden: ECX[3] MONITOR (MWAIT is intercepted),
 *    ECX[5] VMX, ECX[21] x2APIC and ECX[24] TSC-deadline (no APIC is
 *    emulated), ECX[26] XSAVE and ECX[27] OSXSAVE (XSETBV is intercepted);
 *    EDX[7] MCE and EDX[14] MCA: their MSRs are not emulated and
 *    fault (Linux would panic on the MCA ones). EDX[12] MTRR is shown:
 *    hv/msr.c emulates MTRRcap and MTRRdefType (Linux 6.1 needs them).
 *  - 0xd (XSAVE): all zero.
 *  - 0x40000000: EAX = 0x40000001, EBX:ECX:EDX = "snpvisor    "
 *    (the hypervisor leaf range, as Linux probes it).
 *  - 0x40000001: EAX = HC_ABI_VERSION, others zero.
 *  - 0x80000001: ECX[2] SVM hidden: no nested virtualization; EDX MCE
 *    and MCA as in leaf 1, and EDX[27] RDTSCP (TSC_AUX is not emulated).
 *  - 0x8000000A (SVM features) and 0x8000001F (SEV): all zero until SNP
 *    emulation advertises it.
 *  - any other leaf in 0x40000002..0x4fffffff, or above a maximum: zero.
 * Under snp=emulated, hv/snp_identity.c then raises the extended maximum
 * to 0x8000001F, fills 0x8000001F (SEV, SEV-ES, SNP, C-bit 47) and hides
 * LA57; under snp=off nothing changes.
 */
#include <string.h>

#include "guest-abi/hypercall.h"
#include "hv/handlers.h"
#include "hv/snp_guest.h"

#define CPUID_1_ECX_MONITOR	(1u << 3)
#define CPUID_1_ECX_VMX		(1u << 5)
#define CPUID_1_ECX_X2APIC	(1u << 21)
#define CPUID_1_ECX_TSC_DL	(1u << 24)
#define CPUID_1_ECX_XSAVE	(1u << 26)
#define CPUID_1_ECX_OSXSAVE	(1u << 27)
#define CPUID_1_ECX_HV		(1u << 31)
#define CPUID_80000001_ECX_SVM	(1u << 2)
/* Same bit positions in CPUID.1 EDX and CPUID.80000001 EDX on AMD. */
#define CPUID_EDX_MCE		(1u << 7)
#define CPUID_EDX_MCA		(1u << 14)
#define CPUID_80000001_EDX_RDTSCP (1u << 27)
#define CPUID_EDX_NO_MSRS	(CPUID_EDX_MCE | CPUID_EDX_MCA)
#define CPUID_MAX_BASIC		0xdu

struct cpuid_regs {
	uint32_t eax, ebx, ecx, edx;
};

static void host_cpuid(uint32_t leaf, uint32_t sub, struct cpuid_regs *r)
{
	__asm__ volatile("cpuid"
			 : "=a"(r->eax), "=b"(r->ebx), "=c"(r->ecx), "=d"(r->edx)
			 : "a"(leaf), "c"(sub));
}

static void hv_leaves(uint32_t leaf, struct cpuid_regs *r)
{
	static const char sig[12] = "snpvisor    ";

	*r = (struct cpuid_regs){ 0 };
	if (leaf == 0x40000000u) {
		r->eax = 0x40000001u;
		memcpy(&r->ebx, sig, 4);
		memcpy(&r->ecx, sig + 4, 4);
		memcpy(&r->edx, sig + 8, 4);
	} else if (leaf == 0x40000001u) {
		r->eax = (uint32_t)HC_ABI_VERSION;
	}
}

static void filter(struct vcpu *vcpu, uint32_t leaf, uint32_t sub,
		   struct cpuid_regs *r)
{
	struct cpuid_regs max;

	if (leaf >= 0x40000000u && leaf <= 0x4fffffffu) {
		hv_leaves(leaf, r);
		return;
	}
	host_cpuid(leaf & 0x80000000u, 0, &max);
	if (leaf < 0x80000000u && max.eax > CPUID_MAX_BASIC)
		max.eax = CPUID_MAX_BASIC;
	if (vcpu->vm->snp && leaf >= 0x80000000u && max.eax < 0x8000001fu)
		max.eax = 0x8000001fu;
	if (leaf > max.eax) {
		*r = (struct cpuid_regs){ 0 };
		return;
	}
	host_cpuid(leaf, sub, r);
	switch (leaf) {
	case 0x0:
		r->eax = max.eax;
		break;
	case 0x1:
		r->ecx &= ~(CPUID_1_ECX_MONITOR | CPUID_1_ECX_VMX |
			    CPUID_1_ECX_X2APIC | CPUID_1_ECX_TSC_DL |
			    CPUID_1_ECX_XSAVE | CPUID_1_ECX_OSXSAVE);
		r->ecx |= CPUID_1_ECX_HV;
		r->edx &= ~CPUID_EDX_NO_MSRS;
		r->ebx = (r->ebx & 0x00ffffffu) | (vcpu->id << 24);
		break;
	case 0xd:
		*r = (struct cpuid_regs){ 0 };
		break;
	case 0x80000001u:
		r->ecx &= ~CPUID_80000001_ECX_SVM;
		r->edx &= ~(CPUID_EDX_NO_MSRS | CPUID_80000001_EDX_RDTSCP);
		break;
	case 0x8000000au:
	case 0x8000001fu:
		*r = (struct cpuid_regs){ 0 };
		break;
	default:
		break;
	}
	if (vcpu->vm->snp) {
		uint32_t v[4] = { r->eax, r->ebx, r->ecx, r->edx };

		snp_cpuid_adjust(leaf, sub, v);
		*r = (struct cpuid_regs){ v[0], v[1], v[2], v[3] };
	}
}

void cpuid_guest_view(struct vcpu *vcpu, uint32_t leaf, uint32_t sub,
		      uint32_t regs[4])
{
	struct cpuid_regs r;

	filter(vcpu, leaf, sub, &r);
	regs[0] = r.eax;
	regs[1] = r.ebx;
	regs[2] = r.ecx;
	regs[3] = r.edx;
}

void handle_cpuid(struct vcpu *vcpu, struct vm_exit *exit)
{
	struct cpuid_regs r;

	if (!vcpu_skip_insn(vcpu, exit))
		return;
	filter(vcpu, exit->cpuid.leaf, exit->cpuid.subleaf, &r);
	vcpu->regs.rax = r.eax;
	vcpu->regs.rbx = r.ebx;
	vcpu->regs.rcx = r.ecx;
	vcpu->regs.rdx = r.edx;
}
