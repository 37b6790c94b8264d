// SPDX-License-Identifier: GPL-2.0-only
/*
 * What an emulated SNP guest sees of SEV-SNP: CPUID and the SEV MSRs.
 * Linux's checks (docs/emulated-snp.md, and the reference notes on an
 * unmodified guest) need exactly these:
 *
 *  - CPUID Fn8000_0000 EAX >= 8000_001F, so the SEV leaf is in range.
 *  - CPUID Fn8000_001F (APM volume 3, "CPUID Fn8000_001F Encrypted Memory
 *    Capabilities"): EAX = SEV (bit 1) | SEV-ES (bit 3) | SEV-SNP (bit 4)
 *    = 0x1A; SME (bit 0), VMPL (bit 5) and SVSM (bit 28) clear, so a
 *    guest never probes the SVSM calling area; EBX[5:0] = the C-bit
 *    position (47), EBX[11:6] = 1 bit of physical address reduction;
 *    ECX (encrypted guests) and EDX (minimum SEV-ES-less ASID) 0.
 *  - CPUID Fn0000_0007 ECX[16] LA57 clear: one paging mode (4-level),
 *    as the guest page walker supports. The hypervisor bit, no SVM and no
 *    KVM leaves (the 0x4000_0000 signature is "snpvisor") come from
 *    hv/cpuid_view.c for every guest, and so does XSAVE: a real SNP
 *    guest always has it (its VMSA holds XCR0 and the XSAVE area). The
 *    SNP CPUID page carries the XSAVE sub-leaves of 0xD with their
 *    XCR0_IN/XSS_IN inputs (hv/linux_guest.c, docs/emulated-snp.md).
 *  - SEV_STATUS (MSR C001_0131, APM volume 2 "SEV_STATUS MSR") reads
 *    SEV | SEV-ES | SNP = 0x7 and is read-only (#GP on write). On silicon
 *    a guest reads it from its VMSA without an exit; here the MSR
 *    permission map intercepts it (every MSR is intercepted unless
 *    passed through, hv/msr.c).
 *  - SYSCFG (MSR C001_0010) reads MemEncryptionModEn (bit 23) set, so
 *    Linux's early_detect_mem_encrypt keeps its SEV flags; writes #GP.
 *  - The GHCB MSR (C001_0130, GHCB specification "GHCB MSR Protocol") is
 *    intercepted for read and write and backed by the engine's
 *    snp_vcpu.ghcb_msr, which VMGEXIT dispatches on.
 */
#include "guest-abi/ghcb.h"
#include "hv/snp_guest.h"

#define CPUID_7_ECX_LA57 (1u << 16)
#define SEV_LEAF	 0x8000001fu
#define SEV_LEAF_EAX	 ((1u << 1) | (1u << 3) | (1u << 4))

void snp_cpuid_adjust(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	switch (leaf) {
	case 0x7:
		if (sub == 0)
			r[2] &= ~CPUID_7_ECX_LA57;
		break;
	case 0x80000000u:
		if (r[0] < SEV_LEAF)
			r[0] = SEV_LEAF;
		break;
	case SEV_LEAF:
		r[0] = SEV_LEAF_EAX;
		r[1] = SNP_CBIT | (1u << 6);
		r[2] = 0;
		r[3] = 0;
		break;
	default:
		break;
	}
}

bool snp_msr_read(struct vcpu *vcpu, uint32_t msr, uint64_t *v, bool *gp)
{
	struct snp_guest *g = vcpu->vm->snp;

	*gp = false;
	switch (msr) {
	case MSR_SEV_STATUS:
		*v = SEV_STATUS_SEV | SEV_STATUS_SEV_ES | SEV_STATUS_SNP;
		return true;
	case MSR_SYSCFG:
		*v = SYSCFG_MEM_ENCRYPT_MOD_EN;
		return true;
	case MSR_GHCB:
		*v = g->vcpu.ghcb_msr;
		return true;
	default:
		return false;
	}
}

bool snp_msr_write(struct vcpu *vcpu, uint32_t msr, uint64_t v, bool *gp)
{
	struct snp_guest *g = vcpu->vm->snp;

	*gp = false;
	switch (msr) {
	case MSR_SEV_STATUS:
	case MSR_SYSCFG:
		*gp = true;
		return false;
	case MSR_GHCB:
		g->vcpu.ghcb_msr = v;
		return true;
	default:
		return false;
	}
}
