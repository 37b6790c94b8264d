// SPDX-License-Identifier: GPL-2.0-only
/*
 * The exits emulated SEV-SNP handles its own way, handed to the
 * conversion engine (snp/snp.h): snp_exit_ops at the end, which
 * snp_guest_create() gives the VM. A guest under snp=off never comes
 * here: hv/run.c's plain table does what a CPU without SNP does.
 *
 *  - VMGEXIT (F3 0F 01 D9, "rep; vmmcall"; GHCB specification "GHCB
 *    Protocol"): exits as VMMCALL; svm/exit.c tells it apart by the bytes
 *    at RIP on every CPU, and the length comes from NRIP where the CPU
 *    saves it, else from decoding (QEMU TCG has no NRIP).
 *  - KVM_HC_MAP_GPA_RANGE (plain VMMCALL, RAX = 12).
 *  - RDMSR/WRMSR of SEV_STATUS, SYSCFG and the GHCB MSR
 *    (hv/snp_identity.c).
 *  - PVALIDATE (F2 0F 01 FF) and RMPADJUST (F3 0F 01 FE) arrive as #UD;
 *    at CPL 0 only (#GP(0) otherwise); they take a guest virtual address
 *    in RAX (APM volume 3, "PVALIDATE", "RMPADJUST"), translated here
 *    through the guest's page tables with the C-bit masked.
 *  - #NPF inside guest memory: a page walk or fetch through the shared
 *    address of a validated private page (hv/snp_alias.c), or an access
 *    whose C-bit does not match the view the RMP allows (docs/abi.md,
 *    "Access in the wrong state"), with the no-progress rule of
 *    hv/conv_progress.h under policy=implicit.
 *
 * For the rest of those exits (other hypercall numbers and MSRs, #NPF
 * outside guest memory) each handler calls the plain one by name.
 */
#include "guest-abi/ghcb.h"
#include "guest-abi/hypercall.h"
#include "guest-abi/map_gpa.h"
#include "hv/handlers.h"
#include "hv/snp_guest.h"
#include "include/log.h"
#include "include/x86.h"

static unsigned guest_cpl(const struct vcpu *vcpu)
{
	struct vcpu_sregs s;

	svm_get_sregs(&vcpu->svm, &s);
	return s.cpl;
}

static void stop_from_engine(struct vcpu *vcpu, const struct vm_exit *exit)
{
	vcpu_stop(vcpu, exit, "%s", vcpu->vm->snp->vcpu.stop_reason);
}

/*
 * The GPA a VMGEXIT is placed by in the split at 4 GiB (hv/conv_high.h):
 * the GHCB page is read only when it is wholly guest RAM; the engine
 * checks the request itself afterwards.
 */
static uint64_t vmgexit_gpa(struct vm *vm, uint64_t ghcb_msr)
{
	const void *ghcb = NULL;

	if (!(ghcb_msr & GHCB_INFO_MASK))
		ghcb = vm_ram_range(vm, ghcb_msr, SZ_4K);
	return conv_high_ghcb_gpa(ghcb_msr, ghcb);
}

static void handle_snp_vmgexit(struct vcpu *vcpu, struct vm_exit *exit)
{
	struct snp_guest *g = vcpu->vm->snp;
	uint64_t gpa = vmgexit_gpa(vcpu->vm, g->vcpu.ghcb_msr);
	struct snp_counters before = g->vm.ctr;
	enum snp_action a;

	/* The engine answers every GHCB request (snp/vmgexit.c). */
	a = snp_vmgexit(&g->vcpu);
	conv_high_add(&g->ctr_high, &before, &g->vm.ctr, gpa);
	switch (a) {
	case SNP_RESUME:
		vcpu_skip_insn(vcpu, exit);
		return;
	case SNP_STOP:
		stop_from_engine(vcpu, exit);
		return;
	case SNP_AP_RESET_HOLD:
		/* One vCPU: no INIT-SIPI from another vCPU can ever wake it. */
		vcpu_stop(vcpu, exit,
			  "AP reset hold (GHCB MSR 0x006) on the only vCPU: nothing can wake it");
		return;
	}
}

/*
 * KVM_HC_MAP_GPA_RANGE goes to the engine from any CPL: it checks the
 * CPL itself, as KVM does, and traces a refusal (docs/abi.md). Every
 * other number is the plain handler's (hv/hypercall.c).
 */
static void handle_snp_hypercall(struct vcpu *vcpu, struct vm_exit *exit)
{
	struct snp_guest *g = vcpu->vm->snp;
	struct snp_counters before;
	struct vcpu_sregs s;
	uint64_t gpa;

	if (vcpu->regs.rax != HC_KVM_MAP_GPA_RANGE) {
		handle_hypercall(vcpu, exit);
		return;
	}
	if (!vcpu_skip_insn(vcpu, exit))
		return;
	svm_get_sregs(&vcpu->svm, &s);
	before = g->vm.ctr;
	gpa = vcpu->regs.rbx;
	/* KVM's is_64_bit_hypercall(): EFER.LMA and CS.L (s.long_mode). */
	vcpu->regs.rax = (uint64_t)snp_map_gpa_range(&g->vcpu, vcpu->regs.rbx,
						     vcpu->regs.rcx,
						     vcpu->regs.rdx, s.cpl,
						     s.long_mode);
	conv_high_add(&g->ctr_high, &before, &g->vm.ctr, gpa);
}

/*
 * SEV_STATUS, SYSCFG and the GHCB MSR as an SNP guest sees them
 * (hv/snp_identity.c); every other MSR is the plain handler's
 * (hv/msr.c).
 */
static void handle_snp_msr_read(struct vcpu *vcpu, struct vm_exit *exit)
{
	uint64_t v;
	bool gp;

	if (!snp_msr_read(vcpu, exit->msr.index, &v, &gp)) {
		if (gp)
			msr_refuse(vcpu, exit);
		else
			handle_msr_read(vcpu, exit);
		return;
	}
	if (!vcpu_skip_insn(vcpu, exit))
		return;
	vcpu->regs.rax = (uint32_t)v;
	vcpu->regs.rdx = v >> 32;
}

static void handle_snp_msr_write(struct vcpu *vcpu, struct vm_exit *exit)
{
	bool gp;

	if (!snp_msr_write(vcpu, exit->msr.index, exit->msr.value, &gp)) {
		if (gp)
			msr_refuse(vcpu, exit);
		else
			handle_msr_write(vcpu, exit);
		return;
	}
	vcpu_skip_insn(vcpu, exit);
}

/* Page-fault error code bits (APM volume 2, "Page-Fault Error Code"). */
#define PF_ERR_P    (1u << 0)
#define PF_ERR_RSVD (1u << 3)

/*
 * RAX -> GPA through the guest's tables, C-bit masked. A walk that fails
 * in the guest's own tables is the #PF the processor raises (APM volume
 * 3, "PVALIDATE" and "RMPADJUST", exceptions: "#PF: a page fault
 * resulted from the execution of the instruction"): injected with CR2 =
 * RAX and a supervisor read's error code, without skipping the
 * instruction. Linux depends on it: before its direct map is built, it
 * accepts memory memblock hands out, and its early #PF handler maps the
 * address and the PVALIDATE runs again. Any other failure (a table
 * outside guest memory, a paging mode the walker does not know) stops
 * the guest with the reason.
 */
static bool translate_rax(struct vcpu *vcpu, struct vm_exit *exit,
			  const char *insn, uint64_t *gpa)
{
	struct vm *vm = vcpu->vm;
	struct gwalk_cpu cpu;
	uint32_t err;
	int r;

	svm_get_walk_cpu(&vcpu->svm, &cpu);
	r = gwalk_translate(&vm->mem, &cpu, ~vm->cbit_mask, vcpu->regs.rax, 0,
			    gpa);
	if (r == GWALK_OK)
		return true;
	if (r == GWALK_NOT_PRESENT || r == GWALK_RIGHTS || r == GWALK_RSVD) {
		err = r == GWALK_NOT_PRESENT ? 0 :
		      r == GWALK_RSVD	     ? PF_ERR_P | PF_ERR_RSVD :
					       PF_ERR_P;
		log_debug_rl("guest %s: %s at RIP 0x%llx: RAX 0x%llx does not translate (%s): #PF(0x%x)",
			     vm->name, insn, (unsigned long long)vcpu->regs.rip,
			     (unsigned long long)vcpu->regs.rax,
			     gwalk_result_name(r), err);
		svm_set_cr2(&vcpu->svm, vcpu->regs.rax);
		vcpu_inject_exception(vcpu, VEC_PF, true, err);
		return false;
	}
	vcpu_stop(vcpu, exit,
		  "%s at RIP 0x%llx: RAX 0x%llx does not translate (%s)", insn,
		  (unsigned long long)vcpu->regs.rip,
		  (unsigned long long)vcpu->regs.rax, gwalk_result_name(r));
	return false;
}

static void snp_insn(struct vcpu *vcpu, struct vm_exit *exit, bool pvalidate)
{
	struct snp_guest *g = vcpu->vm->snp;
	const char *insn = pvalidate ? "PVALIDATE" : "RMPADJUST";
	struct snp_pvalidate_out out;
	struct snp_counters before = g->vm.ctr;
	uint64_t gpa;

	/*
	 * APM volume 3, "PVALIDATE" and "RMPADJUST", exceptions: #GP(0) when
	 * CPL is not 0. Checked before the operands: user mode must not
	 * validate or rescind anything (a guest without SNP gets #UD
	 * instead, from hv/run.c's plain table).
	 */
	if (guest_cpl(vcpu) != 0) {
		log_debug_rl("guest %s: %s at CPL %u, RIP 0x%llx: #GP(0)",
			     vcpu->vm->name, insn, guest_cpl(vcpu),
			     (unsigned long long)vcpu->regs.rip);
		vcpu_inject_exception(vcpu, VEC_GP, true, 0);
		return;
	}
	if (!translate_rax(vcpu, exit, insn, &gpa))
		return;
	if (pvalidate)
		out = snp_pvalidate(&g->vcpu, vcpu->regs.rax, gpa,
				    (uint32_t)vcpu->regs.rcx,
				    (uint32_t)vcpu->regs.rdx);
	else
		out = snp_rmpadjust(&g->vcpu, vcpu->regs.rax, gpa,
				    (uint32_t)vcpu->regs.rcx,
				    (uint32_t)vcpu->regs.rdx);
	conv_high_add(&g->ctr_high, &before, &g->vm.ctr, gpa);
	if (out.action != SNP_RESUME) {
		stop_from_engine(vcpu, exit);
		return;
	}
	if (!vcpu_skip_insn(vcpu, exit))
		return;
	/* A 32-bit result zero-extends into RAX in 64-bit mode. */
	vcpu->regs.rax = out.eax;
	/*
	 * APM volume 3, "PVALIDATE": rFLAGS.CF = 1 when Validated already
	 * had the requested value ("no update"), else 0; ZF, PF, AF, SF and
	 * OF are cleared. RMPADJUST leaves rFLAGS alone here (Linux reads
	 * only its return code).
	 */
	if (pvalidate) {
		vcpu->regs.rflags &= ~(RFLAGS_CF | RFLAGS_PF | RFLAGS_AF |
				       RFLAGS_ZF | RFLAGS_SF | RFLAGS_OF);
		if (out.cf)
			vcpu->regs.rflags |= RFLAGS_CF;
	}
}

static void handle_snp_pvalidate(struct vcpu *vcpu, struct vm_exit *exit)
{
	snp_insn(vcpu, exit, true);
}

static void handle_snp_rmpadjust(struct vcpu *vcpu, struct vm_exit *exit)
{
	snp_insn(vcpu, exit, false);
}

/*
 * #NPF inside guest memory is an access in the other view; outside it the
 * plain handler's (hv/npf.c: unassigned MMIO, else a stop).
 */
static void handle_snp_npf(struct vcpu *vcpu, struct vm_exit *exit)
{
	struct vm *vm = vcpu->vm;
	struct snp_guest *g = vm->snp;
	uint64_t gpa = exit->npf.gpa & ~vm->cbit_mask;
	bool private_access = exit->npf.gpa & vm->cbit_mask;
	struct snp_counters before;
	enum snp_action a;
	uint64_t conversions;

	if (!vm_is_memory(vm, gpa)) {
		handle_npf(vcpu, exit);
		return;
	}
	/*
	 * Guest page-table walks and instruction fetches are private
	 * whatever the C-bit of the entry that led there: served through a
	 * short-lived shared alias (hv/snp_alias.c).
	 */
	if (snp_alias_open(vcpu, exit))
		return;
	/* With paging off or legacy paging every access is private
	 * (hv/snp_alias.c). */
	if (snp_alias_all_private(vcpu))
		private_access = true;
	/*
	 * The C-bit of the access against the RMP state: the engine applies
	 * the mismatch policy (implicit conversion or stop), and stops on a
	 * private access to a page not validated, which is #VC 0x404 on
	 * silicon; QEMU TCG pushes no error code for vector 29, so that is a
	 * stop here (docs/emulated-snp.md). An implicit conversion that finds
	 * the guest exactly where the previous one of the same page left it
	 * is no progress: past SNP_CONV_NO_PROGRESS of them, a stop.
	 */
	conversions = g->vm.ctr.implicit_conversions;
	before = g->vm.ctr;
	a = snp_access_fault(&g->vcpu, gpa, private_access);
	conv_high_add(&g->ctr_high, &before, &g->vm.ctr, gpa);
	if (a != SNP_RESUME) {
		stop_from_engine(vcpu, exit);
		return;
	}
	if (g->vm.ctr.implicit_conversions != conversions &&
	    conv_progress_note(&g->progress, gpa, &vcpu->regs) >=
		    SNP_CONV_NO_PROGRESS)
		vcpu_stop(vcpu, exit,
			  "implicit conversion livelock: the instruction at RIP 0x%llx needs "
			  "GPA 0x%llx both shared and private (%u conversions, none retired it)",
			  (unsigned long long)vcpu->regs.rip,
			  (unsigned long long)(gpa & ~(SZ_4K - 1)),
			  SNP_CONV_NO_PROGRESS);
}

/*
 * An access the hypervisor makes for the guest (string I/O's memory
 * operand, hv/gva.c), checked as the guest's own access would be: private
 * when the GPA has the C-bit or paging is off or legacy (APM volume 2,
 * "Supported Operating Modes"), then against the RMP. A mismatch takes
 * the mismatch policy as an #NPF would (docs/abi.md "Access in the wrong
 * state"); a private access to a page not validated stops the guest,
 * where silicon raises #VC 0x404.
 */
int snp_guest_access(struct vcpu *vcpu, const struct vm_exit *exit,
		     uint64_t gpa)
{
	struct vm *vm = vcpu->vm;
	struct snp_guest *g = vm->snp;
	bool private_access = (gpa & vm->cbit_mask) ||
			      snp_alias_all_private(vcpu);
	enum snp_page_state want = private_access ? SNP_PAGE_VALIDATED :
						    SNP_PAGE_SHARED;
	struct snp_counters before;
	enum snp_action a;

	gpa &= ~vm->cbit_mask;
	if (snp_page_state(&g->vm, gpa, NULL) == want)
		return 0;
	before = g->vm.ctr;
	a = snp_access_fault(&g->vcpu, gpa, private_access);
	conv_high_add(&g->ctr_high, &before, &g->vm.ctr, gpa);
	if (a != SNP_RESUME) {
		stop_from_engine(vcpu, exit);
		return -1;
	}
	if (snp_page_state(&g->vm, gpa, NULL) == want)
		return 0;
	vcpu_stop(vcpu, exit,
		  "%s access to GPA 0x%llx for the guest's string I/O: the page is not %s",
		  private_access ? "private" : "shared",
		  (unsigned long long)gpa,
		  private_access ? "validated private memory" : "shared");
	return -1;
}

/*
 * What emulated SNP changes in hv/run.c's dispatch; every other exit
 * takes the plain handler. exit_begin closes the shared aliases opened
 * for the previous instruction (hv/snp_alias.c) before any handler runs.
 */
const struct exit_ops snp_exit_ops = {
	.exit_begin = snp_alias_exit_begin,
	.handler = {
		[EXIT_MSR_READ] = handle_snp_msr_read,
		[EXIT_MSR_WRITE] = handle_snp_msr_write,
		[EXIT_HYPERCALL] = handle_snp_hypercall,
		[EXIT_VMGEXIT] = handle_snp_vmgexit,
		[EXIT_PVALIDATE] = handle_snp_pvalidate,
		[EXIT_RMPADJUST] = handle_snp_rmpadjust,
		[EXIT_NPF] = handle_snp_npf,
	},
};
