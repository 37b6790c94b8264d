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

static void put64(uint8_t *p, unsigned off, uint64_t v)
{
	memcpy(p + off, &v, 8);
}

void svm_build_vmsa(const struct svm_vcpu *sv, const struct vcpu_regs *r,
		    uint64_t sev_features, void *page)
{
	const struct vmcb_save *s = &sv->vmcb->save;
	uint8_t *p = page;
	uint32_t mxcsr = 0x1f80; /* the reset value (APM "MXCSR") */
	uint16_t fcw = 0x37f;	 /* the x87 control word after FNINIT */
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
