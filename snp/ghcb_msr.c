// SPDX-License-Identifier: GPL-2.0-only
/*
 * The GHCB MSR protocol (GHCB specification, "GHCB MSR Protocol"): a
 * request is a GHCBInfo code in bits 11:0 of MSR 0xC0010130 with its data
 * in bits 63:12; the hypervisor answers in the same MSR.
 *
 * Each request is traced as msr.req / msr.resp. Where KVM 6.12 answers
 * differently the difference is listed in docs/kvm-divergences.md.
 */
#include "guest-abi/ghcb.h"
#include "include/log.h"
#include "snp/internal.h"

/* PSC response error value: the specification only says "non-zero"; this
 * is the value KVM 6.12 uses, so guests see one error encoding. */
#define MSR_PSC_ERROR 0x80000000ull

static uint64_t msr_cpuid(struct snp_vcpu *vc, uint64_t req)
{
	uint32_t regs[4] = { 0, 0, 0, 0 };

	if (vc->vm->cpuid)
		vc->vm->cpuid(vc->vm->cpuid_ctx, GHCB_CPUID_FN(req), regs);
	/* [63:32] the register value; [31:12] as requested (register select
	 * in 31:30). */
	return ((uint64_t)regs[GHCB_CPUID_REG(req)] << 32) |
	       (req & 0xfffff000ull) | GHCB_MSR_CPUID_RESP;
}

/*
 * GHCB GPA registration ("SEV-SNP GHCB GPA Registration"): the response
 * echoes the GFN, or all ones in GHCBData when the hypervisor cannot
 * register it — here, when it is not guest memory.
 */
static uint64_t msr_register(struct snp_vcpu *vc, uint64_t req)
{
	uint64_t gpa = req & ~GHCB_INFO_MASK;

	if (!snp_region_of(vc->vm, gpa, SZ_4K)) {
		log_warn_rl("GHCB registration of GPA 0x%llx refused: not guest memory",
			    (unsigned long long)gpa);
		return ~GHCB_INFO_MASK | GHCB_MSR_REG_GPA_RESP;
	}
	vc->ghcb_registered_gpa = gpa;
	return gpa | GHCB_MSR_REG_GPA_RESP;
}

/*
 * Page State Change over the MSR ("SEV-SNP Page State Change"): one 4 KiB
 * page, operation 1 (private) or 2 (shared); anything else — PSMASH and
 * UNSMASH have no MSR form — is answered with an error. Bits 63:56 are
 * reserved and ignored.
 */
static uint64_t msr_psc(struct snp_vcpu *vc, uint64_t req)
{
	uint64_t gfn = GHCB_MSR_PSC_GFN(req);
	unsigned op = GHCB_MSR_PSC_OP(req);
	enum conv_rc rc;

	vc->vm->ctr.msr_psc++;
	if (op != GHCB_MSR_PSC_OP_PRIVATE && op != GHCB_MSR_PSC_OP_SHARED) {
		log_warn_rl("MSR PSC: undefined operation %u for GFN 0x%llx",
			    op, (unsigned long long)gfn);
		return (MSR_PSC_ERROR << 32) | GHCB_MSR_PSC_RESP;
	}
	rc = snp_convert_page(vc->vm, gfn << 12, op == GHCB_MSR_PSC_OP_PRIVATE,
			      false);
	if (rc != CONV_OK) {
		log_warn_rl("MSR PSC: GFN 0x%llx to %s failed (%s)",
			    (unsigned long long)gfn,
			    op == GHCB_MSR_PSC_OP_PRIVATE ? "private" :
							    "shared",
			    rc == CONV_OUTSIDE ? "not guest memory" :
						 "conversion failed");
		return (MSR_PSC_ERROR << 32) | GHCB_MSR_PSC_RESP;
	}
	return GHCB_MSR_PSC_RESP;
}

enum snp_action snp_msr_protocol(struct snp_vcpu *vc)
{
	struct snp_vm *vm = vc->vm;
	uint64_t req = vc->ghcb_msr;
	enum snp_action act = SNP_RESUME;

	vm->ctr.msr_requests++;
	snp_tracef(vm, "msr.req val=0x%llx", (unsigned long long)req);

	switch ((unsigned)(req & GHCB_INFO_MASK)) {
	case GHCB_MSR_SEV_INFO_REQ:
		vc->ghcb_msr = GHCB_SEV_INFO(GHCB_PROTOCOL_MAX,
					     GHCB_PROTOCOL_MIN, vm->cbit);
		break;
	case GHCB_MSR_CPUID_REQ:
		vc->ghcb_msr = msr_cpuid(vc, req);
		break;
	case GHCB_MSR_AP_RESET_HOLD_REQ:
		/* Response data 0 now; the wake-up (INIT-SIPI) sets it
		 * non-zero ("AP Reset Hold"). */
		vc->ghcb_msr = GHCB_MSR_AP_RESET_HOLD_RESP;
		act = SNP_AP_RESET_HOLD;
		break;
	case GHCB_MSR_PREF_GPA_REQ:
		vc->ghcb_msr = GHCB_PREF_GPA_NONE | GHCB_MSR_PREF_GPA_RESP;
		break;
	case GHCB_MSR_REG_GPA_REQ:
		vc->ghcb_msr = msr_register(vc, req);
		break;
	case GHCB_MSR_PSC_REQ:
		vc->ghcb_msr = msr_psc(vc, req);
		break;
	case GHCB_MSR_VMPL_REQ:
		/* "SNP Run VMPL": no VMPL other than 0 exists here, so the
		 * request fails with a non-zero error in [63:32]. */
		log_warn_rl("MSR VMPL request refused: only VMPL0 exists");
		vc->ghcb_msr = (1ull << 32) | GHCB_MSR_VMPL_RESP;
		break;
	case GHCB_MSR_HV_FT_REQ:
		vc->ghcb_msr = (vm->hv_features << GHCB_DATA_SHIFT) |
			       GHCB_MSR_HV_FT_RESP;
		break;
	case GHCB_MSR_TERM_REQ:
		act = snp_stop(vc, "terminate",
			       "guest requested termination: reason set %u code 0x%x",
			       GHCB_TERM_SET(req), GHCB_TERM_CODE(req));
		return act;
	default:
		/* No specification response exists for an unknown code;
		 * leaving the MSR alone would let the guest spin forever. */
		return snp_stop(vc, "unknown-msr-request",
				"unknown GHCB MSR protocol request 0x%03llx (MSR 0x%llx)",
				(unsigned long long)(req & GHCB_INFO_MASK),
				(unsigned long long)req);
	}
	snp_tracef(vm, "msr.resp val=0x%llx", (unsigned long long)vc->ghcb_msr);
	return act;
}
