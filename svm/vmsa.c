// SPDX-License-Identifier: GPL-2.0-only
/*
 * A VMSA page (AMD APM volume 2, appendix "Layout of VMCB", table "VMSA
 * Layout, State Save Area for SEV-ES") built from the state a vCPU
 * really starts in, for the SNP launch digest (SNP FW ABI
 * "SNP_LAUNCH_UPDATE", page type VMSA; docs/firmware.md lists every
 * field). Emulated SNP guests run from their VMCB, not from this page:
 * it exists to be measured, so the digest binds what runs.
 *
 * The first 0x298 bytes of the VMSA are the VMCB's state save area
 * (segments, EFER, control and debug registers, RFLAGS, RIP, RSP, RAX,
 * the syscall MSRs, CR2, G_PAT, the LBR fields) at the same offsets; the
 * SEV-ES part adds the other GPRs, SEV_FEATURES, XCR0 and the x87/SSE
 * state.
 */
#include <string.h>

#include "svm/svm.h"
#include "svm/vmcb.h"

/* VMSA offsets beyond the legacy save area. */
#define VMSA_LEGACY_END	  0x298u
#define VMSA_RCX	  0x308u /* then RDX, RBX, (reserved), RBP, RSI, RDI, R8-R15 */
#define VMSA_SEV_FEATURES 0x3b0u
#define VMSA_XCR0	  0x3e8u
#define VMSA_MXCSR	  0x408u
#define VMSA_X87_FCW	  0x410u

_Static_assert(offsetof(struct vmcb_save, last_excp_to) + 8 == VMSA_LEGACY_END,
	       "the legacy save area ends where the VMSA's SEV-ES part starts");

/* Reset-state values (APM volume 2, "Processor Initialization State"),
 * as a KVM host with QEMU sets them for an SEV-SNP vCPU. */
#define RESET_SEG_LIMIT 0xffffu
#define RESET_ATTR_DATA 0x0093u	  /* P, S, data read/write, accessed */
#define RESET_ATTR_CODE 0x009bu	  /* P, S, code read/execute, accessed */
#define RESET_ATTR_LDT	0x0082u	  /* P, system type 2: LDT */
#define RESET_ATTR_TSS	0x008bu	  /* P, system type 11: busy 32-bit TSS */
#define RESET_CR0	0x10ull	  /* ET only: paging and protection off */
#define RESET_CR4	0x40ull	  /* MCE: KVM sets it for SEV-ES vCPUs */
#define RESET_EFER	0x1000ull /* SVME: VMRUN needs it in the guest */
#define RESET_DR6	0xffff0ff0ull
#define RESET_DR7	0x400ull
#define RESET_RFLAGS	0x2ull
#define RESET_G_PAT	0x0007040600070406ull /* APM "PAT Register" reset */
#define RESET_MXCSR	0x1f80u
#define RESET_X87_FCW	0x37fu

static void put64(uint8_t *p, unsigned off, uint64_t v)
{
	memcpy(p + off, &v, 8);
}

void svm_build_vmsa(const struct svm_vcpu *sv, const struct vcpu_regs *r,
		    uint64_t sev_features, void *page)
{
	const struct vmcb_save *s = &sv->vmcb->save;
	uint8_t *p = page;
	uint32_t mxcsr = RESET_MXCSR; /* the reset value (APM "MXCSR") */
	uint16_t fcw = RESET_X87_FCW; /* the x87 control word after FNINIT */
	const uint64_t gprs[] = { r->rcx, r->rdx, r->rbx, 0,	  r->rbp,
				  r->rsi, r->rdi, r->r8,  r->r9,  r->r10,
				  r->r11, r->r12, r->r13, r->r14, r->r15 };

	memset(p, 0, 4096);
	memcpy(p, s, VMSA_LEGACY_END);
	/* What svm_vcpu_run() puts into the VMCB from regs at VMRUN. */
	put64(p, offsetof(struct vmcb_save, rax), r->rax);
	put64(p, offsetof(struct vmcb_save, rsp), r->rsp);
	put64(p, offsetof(struct vmcb_save, rip), r->rip);
	put64(p, offsetof(struct vmcb_save, rflags), r->rflags);
	for (unsigned i = 0; i < sizeof(gprs) / sizeof(gprs[0]); i++)
		put64(p, VMSA_RCX + 8 * i, gprs[i]);
	put64(p, VMSA_SEV_FEATURES, sev_features);
	put64(p, VMSA_XCR0, sv->xcr0);
	memcpy(p + VMSA_MXCSR, &mxcsr, 4);
	memcpy(p + VMSA_X87_FCW, &fcw, 2);
}

static void reset_seg(struct vmcb_seg *s, uint16_t sel, uint16_t attrib,
		      uint64_t base)
{
	*s = (struct vmcb_seg){
		.selector = sel,
		.attrib = attrib,
		.limit = RESET_SEG_LIMIT,
		.base = base,
	};
}

/*
 * The x87 and SSE state a KVM host measures for a new vCPU: its FPU
 * image as initialised (FCW 0x37F, MXCSR 0x1F80, every other x87 field,
 * ST0-7 and XMM0-15 zero; an FXSAVE tag word of 0 means "all empty",
 * APM volume 2 "FXSAVE and FXRSTOR Instructions"). The hypervisor never
 * uses these registers (-mgeneral-regs-only) nor switches them, so the
 * guest runs on the CPU's own: loading this image before the first
 * VMRUN makes the vCPU start with what the VMSA says. The YMM upper
 * halves are not touched: the guest starts with XCR0 = x87 and cannot
 * reach them until it sets XCR0.YMM (not modelled: the VMSA says zero).
 * The one function of hv.efi allowed to touch FP/SIMD state on purpose
 * (tools/check-no-fpu.sh names it).
 */
__attribute__((noinline)) static void svm_guest_fpu_reset(void)
{
	static uint8_t img[512] __attribute__((aligned(16)));
	uint16_t fcw = RESET_X87_FCW;
	uint32_t mxcsr = RESET_MXCSR;

	memset(img, 0, sizeof(img));
	memcpy(img + 0, &fcw, 2);
	memcpy(img + 24, &mxcsr, 4);
	__asm__ volatile("fxrstor64 %0" : : "m"(img) : "memory");
}

void svm_vcpu_reset(struct svm_vcpu *sv, struct vcpu_regs *r, uint64_t bsp_eip,
		    uint32_t signature)
{
	struct vmcb_save *s = &sv->vmcb->save;

	/* Everything not named below (CPL, VMPL, CR2, CR3, the syscall and
	 * SYSENTER MSRs, the LBR fields) is zero. */
	memset(s, 0, sizeof(*s));
	reset_seg(&s->cs, 0xf000, RESET_ATTR_CODE, bsp_eip & 0xffff0000u);
	reset_seg(&s->ds, 0, RESET_ATTR_DATA, 0);
	reset_seg(&s->es, 0, RESET_ATTR_DATA, 0);
	reset_seg(&s->ss, 0, RESET_ATTR_DATA, 0);
	reset_seg(&s->fs, 0, RESET_ATTR_DATA, 0);
	reset_seg(&s->gs, 0, RESET_ATTR_DATA, 0);
	reset_seg(&s->gdtr, 0, 0, 0);
	reset_seg(&s->idtr, 0, 0, 0);
	reset_seg(&s->ldtr, 0, RESET_ATTR_LDT, 0);
	reset_seg(&s->tr, 0, RESET_ATTR_TSS, 0);
	s->efer = RESET_EFER;
	s->cr0 = RESET_CR0;
	s->cr4 = RESET_CR4;
	s->dr6 = RESET_DR6;
	s->dr7 = RESET_DR7;
	s->g_pat = RESET_G_PAT;
	/* "Processor Initialization State": EDX holds the processor's
	 * family, model and stepping, as CPUID Fn0000_0001 EAX. */
	*r = (struct vcpu_regs){
		.rip = bsp_eip & 0xffffu,
		.rdx = signature,
		.rflags = RESET_RFLAGS,
	};
	sv->xcr0 = 1; /* x87 only, its reset value */
	sv->flush_pending = true;
	svm_guest_fpu_reset();
}
