// SPDX-License-Identifier: GPL-2.0-only
/*
 * MSR accesses, through the MSR permission map (APM "MSR Intercepts").
 *
 * Passed through (no exit): the MSRs VMSAVE/VMLOAD switch, so the guest
 * only ever touches its own copy (APM "VMSAVE and VMLOAD Instructions"):
 * FS_BASE, GS_BASE, KERNEL_GS_BASE, STAR, LSTAR, CSTAR, SFMASK,
 * SYSENTER_CS/ESP/EIP; and reads of EFER and TSC.
 *
 * Intercepted and emulated:
 *   EFER      writes may change only SCE and NXE (else #GP), and LME while
 *             CR0.PG is clear (a guest starting at the reset vector
 *             enters long mode itself; APM volume 2 "Enabling and
 *             Activating Long Mode": LME changed with paging on is #GP);
 *             LMA is the processor's and keeps its value; SVME must stay
 *             set.
 *   PAT       kept per vCPU and loaded into G_PAT; invalid types #GP.
 *   MTRRcap, MTRRdefType  a CPU with MTRRs but no range registers (APM
 *             "Memory-Type Range Registers": "MTRR Capability Register",
 *             "Default-Range MTRRs"): MTRRcap reads 0 (no variable
 *             ranges, no fixed ranges, no write-combining type) and
 *             #GPs on write; MTRRdefType starts as firmware leaves it
 *             for all-RAM write-back (E set, type WB), is kept per vCPU
 *             and takes any valid type, E set or clear; FE (there are
 *             no fixed ranges), reserved bits or a reserved type #GP. The
 *             range MSRs (0x200-0x26f) do not exist and #GP. Memory
 *             types have no effect here (guest RAM is ordinary WB host
 *             memory); the registers exist because Linux 6.1 turns PAT
 *             off when it finds no enabled MTRRs, and without PAT's WP
 *             type an SNP guest cannot convert its GHCB
 *             (docs/linux-guest.md, "Linux 6.1 and MTRRs").
 *   IA32_APIC_BASE and the x2APIC MSRs (0x800-0x8ff): the emulated
 *             local APIC (hv/pc.c).
 *   HWCR, INT_PENDING (0xC0010055) read as 0; writes #GP.
 *   NB_CFG    (0xC001001F) kept per vCPU, 0 at reset; only EnableCf8ExtCfg
 *             may be written (else #GP).
 * Everything else: #GP(0), as hardware does for an unimplemented MSR.
 * Emulated SNP answers SEV_STATUS, SYSCFG and the GHCB MSR before these
 * handlers and leaves them the rest (hv/snp_exits.c, hv/snp_identity.c).
 */
#include "guest-abi/ghcb.h"
#include "hv/clock.h"
#include "hv/handlers.h"
#include "hv/pc_run.h"
#include "hv/vm.h"
#include "include/log.h"
#include "include/x86.h"

#define MSR_TSC		   0x00000010u
#define MSR_SYSENTER_CS	   0x00000174u
#define MSR_SYSENTER_ESP   0x00000175u
#define MSR_SYSENTER_EIP   0x00000176u
#define MSR_MTRRCAP	   0x000000feu
#define MSR_PAT		   0x00000277u
#define MSR_MTRR_DEF_TYPE  0x000002ffu
#define MSR_STAR	   0xc0000081u
#define MSR_LSTAR	   0xc0000082u
#define MSR_CSTAR	   0xc0000083u
#define MSR_SFMASK	   0xc0000084u
#define MSR_FS_BASE	   0xc0000100u
#define MSR_GS_BASE	   0xc0000101u
#define MSR_KERNEL_GS_BASE 0xc0000102u
#define MSR_HWCR	   0xc0010015u
#define MSR_NB_CFG	   0xc001001fu
#define NB_CFG_EXT_CFG	   (1ull << 46) /* EnableCf8ExtCfg */
#define MSR_INT_PENDING	   0xc0010055u

static const uint32_t passthrough_rw[] = {
	MSR_FS_BASE,	  MSR_GS_BASE,	    MSR_KERNEL_GS_BASE, MSR_STAR,
	MSR_LSTAR,	  MSR_CSTAR,	    MSR_SFMASK,		MSR_SYSENTER_CS,
	MSR_SYSENTER_ESP, MSR_SYSENTER_EIP,
};

void msr_setup_passthrough(struct vcpu *vcpu)
{
	for (unsigned i = 0;
	     i < sizeof(passthrough_rw) / sizeof(passthrough_rw[0]); i++)
		svm_msr_passthrough(&vcpu->svm, passthrough_rw[i], true, true);
	svm_msr_passthrough(&vcpu->svm, MSR_EFER, true, false);
	svm_msr_passthrough(&vcpu->svm, MSR_TSC, true, false);
}

/* APM "Page-Attribute Table Mechanism": types 2, 3 and >= 8 are reserved. */
static bool pat_valid(uint64_t pat)
{
	for (int i = 0; i < 8; i++) {
		uint8_t t = (pat >> (8 * i)) & 0xff;

		if (t == 2 || t == 3 || t > 7)
			return false;
	}
	return true;
}

/*
 * MTRRdefType: type in [7:0], FE bit 10, E bit 11, the rest reserved.
 * Types 2, 3 and >= 7 are reserved (APM "MTRR Type Fields"). FE is
 * refused too: MTRRcap says there are no fixed-range MTRRs.
 */
#define MTRR_DEF_TYPE_E (1ull << 11)

static bool mtrr_def_type_valid(uint64_t v)
{
	uint8_t t = v & 0xff;

	if (v & ~(0xffull | MTRR_DEF_TYPE_E))
		return false;
	return !(t == 2 || t == 3 || t > 6);
}

void msr_refuse(struct vcpu *vcpu, const struct vm_exit *exit)
{
	/*
	 * The GHCB MSR exists only for an SEV-ES/SNP guest (APM volume 2,
	 * "GHCB MSR"; emulated SNP answers it in hv/snp_exits.c): any other
	 * guest gets #GP, as for an MSR the CPU does not have, and the log
	 * says why, since such a guest believes it is an SNP guest.
	 */
	if (exit->msr.index == MSR_GHCB) {
		log_warn_rl("guest %s: %s of the GHCB MSR (0x%x) from a guest that is not an SNP guest: #GP",
			    vcpu->vm->name,
			    exit->reason == EXIT_MSR_READ ? "RDMSR" : "WRMSR",
			    exit->msr.index);
		vcpu_inject_exception(vcpu, VEC_GP, true, 0);
		return;
	}
	log_debug_rl("guest %s: %s of MSR 0x%x refused with #GP",
		     vcpu->vm->name,
		     exit->reason == EXIT_MSR_READ ? "RDMSR" : "WRMSR",
		     exit->msr.index);
	vcpu_inject_exception(vcpu, VEC_GP, true, 0);
}

/* The emulated PC's MSRs; false if the MSR is not one of them. */
static bool pc_msr(struct vcpu *vcpu, struct vm_exit *exit, uint64_t *v)
{
	struct pc *pc = &vcpu->vm->pc;
	enum pc_msr r;

	if (exit->reason == EXIT_MSR_READ)
		r = pc_msr_read(pc, exit->msr.index, v, clock_ns());
	else
		r = pc_msr_write(pc, exit->msr.index, exit->msr.value,
				 clock_ns());
	if (r == PC_MSR_NOT_MINE)
		return false;
	if (r == PC_MSR_GP) {
		msr_refuse(vcpu, exit);
		return true;
	}
	if (!vcpu_skip_insn(vcpu, exit))
		return true;
	if (exit->reason == EXIT_MSR_READ) {
		vcpu->regs.rax = (uint32_t)*v;
		vcpu->regs.rdx = *v >> 32;
	}
	pc_accessed(vcpu, exit);
	return true;
}

void handle_msr_read(struct vcpu *vcpu, struct vm_exit *exit)
{
	uint64_t v;

	if (pc_msr(vcpu, exit, &v))
		return;
	switch (exit->msr.index) {
	case MSR_PAT:
		v = vcpu->pat;
		break;
	case MSR_MTRRCAP:
		v = 0;
		break;
	case MSR_MTRR_DEF_TYPE:
		v = vcpu->mtrr_def_type;
		break;
	case MSR_HWCR:
		/*
		 * Hardware Configuration: Linux reads it on every AMD CPU
		 * (TscFreqSel, SMM lock). Reads as 0, every optional
		 * behaviour off; writes still #GP.
		 */
		v = 0;
		break;
	case MSR_NB_CFG:
		v = vcpu->nb_cfg;
		break;
	case MSR_INT_PENDING:
		/*
		 * Interrupt Pending Message (AMD BKDG for Family 10h
		 * Processors, "MSRC001_0055 Interrupt Pending"): Linux
		 * reads it on CPUs with the E400 erratum to see whether
		 * the firmware turned C1E on. Reads as 0, no C1E, no SMI on
		 * halt; writes still #GP.
		 */
		v = 0;
		break;
	default:
		/* The instruction faults: RIP stays on it. */
		msr_refuse(vcpu, exit);
		return;
	}
	if (!vcpu_skip_insn(vcpu, exit))
		return;
	vcpu->regs.rax = (uint32_t)v;
	vcpu->regs.rdx = v >> 32;
}

void handle_msr_write(struct vcpu *vcpu, struct vm_exit *exit)
{
	uint64_t v = exit->msr.value;
	struct vcpu_sregs s;

	if (pc_msr(vcpu, exit, &v))
		return;
	switch (exit->msr.index) {
	case MSR_PAT:
		if (!pat_valid(v)) {
			msr_refuse(vcpu, exit);
			return;
		}
		vcpu->pat = v;
		svm_set_gpat(&vcpu->svm, v);
		break;
	case MSR_NB_CFG:
		/*
		 * Northbridge Configuration (AMD BKDG for Family 10h
		 * Processors, "MSRC001_001F Northbridge Configuration"):
		 * Linux sets EnableCf8ExtCfg (bit 46, extended PCI
		 * configuration space through port 0xCF8) on family 10h
		 * and later. The bit is only remembered: there is no PCI
		 * behind port 0xCF8 (hv/pc.c). Any other bit #GPs.
		 */
		if (v & ~NB_CFG_EXT_CFG) {
			msr_refuse(vcpu, exit);
			return;
		}
		vcpu->nb_cfg = v;
		break;
	case MSR_MTRR_DEF_TYPE:
		if (!mtrr_def_type_valid(v)) {
			msr_refuse(vcpu, exit);
			return;
		}
		vcpu->mtrr_def_type = v;
		break;
	case MSR_EFER: {
		uint64_t may = EFER_SCE | EFER_NXE;

		svm_get_sregs(&vcpu->svm, &s);
		if (!(s.cr0 & CR0_PG))
			may |= EFER_LME;
		v = (v & ~EFER_LMA) | (s.efer & EFER_LMA);
		if ((v ^ s.efer) & ~may) {
			msr_refuse(vcpu, exit);
			return;
		}
		svm_set_efer(&vcpu->svm, v);
		break;
	}
	default:
		msr_refuse(vcpu, exit);
		return;
	}
	vcpu_skip_insn(vcpu, exit);
}
