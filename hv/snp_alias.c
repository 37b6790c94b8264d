// SPDX-License-Identifier: GPL-2.0-only
/*
 * Guest page-table walks and instruction fetches through the shared
 * (C-bit clear) address of a validated private page.
 *
 * On silicon both are private whatever the C-bit of the entry that led
 * there (APM volume 2, "Secure Encrypted Virtualization": "Supported
 * Operating Modes"): Linux's decompressor links its page tables without
 * the C-bit and works. A data access through that address is shared, and
 * for a page the RMP gives the guest it is an RMP violation: the policy
 * applies. The nested page tables cannot tell the two apart once the
 * address is mapped: an entry is readable whenever it is present (no
 * execute-only on AMD), and the guest's walker reads through the same
 * entry as a data access does. So the shared address is opened only for
 * the access that needs it and closed before the guest can use it for
 * anything else:
 *
 *  - a fetch (#NPF with the fetch bit on the final GPA; APM volume 2,
 *    "Nested Paging": "Nested Page Fault Exit" EXITINFO1) opens it
 *    readable and executable, not writable, and single-steps the guest
 *    (RFLAGS.TF, #DB intercepted; APM volume 2, "Debug and Performance
 *    Resources": "Single Stepping"): after that one instruction the #DB
 *    exit closes it. A write through it faults and takes the policy. If
 *    the instruction raises an exception in the guest instead, the
 *    handler's RFLAGS image carries our TF; its trap after the IRET is
 *    still intercepted and hidden (tf_in_frame);
 *  - a walk (#NPF with the table-walk bit, EXITINFO1 bit 33) opens it
 *    readable and writable (the walker sets Accessed and Dirty bits) but
 *    not executable, until the next exit of any kind. Single-stepping
 *    walks would cost two exits per instruction while a guest runs on
 *    such tables, since QEMU TCG drops every translation at each world
 *    switch; the window to the next exit is the price (documented).
 *
 * The alias is a view operation of the engine (snp_alias_set(), the
 * back end's alias op), checked in the host model like the others.
 *
 * While the guest runs with paging off, or with legacy (non-PAE) paging,
 * every access is private: there is no page-table entry to carry a
 * C-bit (APM volume 2, "Secure Encrypted Virtualization": "Supported
 * Operating Modes"). OVMF's reset vector runs so, from the flash and on
 * the page tables it builds. Then any access through the shared address
 * of a validated private page opens it readable, writable and
 * executable, without single-stepping, until the next exit of another
 * kind (snp_alias_all_private); if the guest turns on PAE paging in that
 * window, its shared accesses there count as private until the next exit
 * (the same price as for walks).
 *
 * Every exit that is not itself a walk or fetch through a shared address
 * closes the window (snp_alias_exit_begin, snp_exit_ops' exit_begin, which
 * the run loop calls before any handler), so a
 * conversion never sees an open alias, and the engine's view of the page
 * is what the nested tables hold again.
 */
#include "hv/snp_guest.h"
#include "include/log.h"
#include "svm/svm.h"
#include "include/x86.h"

#define DR6_BS (1ull << 14)

bool snp_alias_all_private(struct vcpu *vcpu)
{
	struct vcpu_sregs s;

	svm_get_sregs(&vcpu->svm, &s);
	return !(s.cr0 & CR0_PG) || !(s.cr4 & CR4_PAE);
}

static bool is_alias_fault(struct vcpu *vcpu, const struct vm_exit *exit)
{
	struct vm *vm = vcpu->vm;
	uint64_t gpa = exit->npf.gpa & ~vm->cbit_mask;

	return exit->reason == EXIT_NPF && vm->snp &&
	       !(exit->npf.gpa & vm->cbit_mask) &&
	       (exit->npf.table_walk || exit->npf.fetch ||
		snp_alias_all_private(vcpu)) &&
	       vm_is_memory(vm, gpa) &&
	       snp_page_state(&vm->snp->vm, gpa, NULL) == SNP_PAGE_VALIDATED;
}

static void close_window(struct vcpu *vcpu, bool step_done)
{
	struct vm *vm = vcpu->vm;
	struct snp_alias *a = &vm->snp->alias;
	unsigned i;

	for (i = 0; i < a->nr; i++)
		if (snp_alias_set(&vm->snp->vm, a->page[i], 0))
			vcpu_stop(vcpu, NULL,
				  "cannot close the shared alias of private GPA 0x%llx",
				  (unsigned long long)a->page[i]);
	a->nr = 0;
	if (!a->stepping)
		return;
	a->stepping = false;
	/* A guest stepping itself keeps its TF; the intercept goes anyway. */
	if (!a->guest_tf) {
		vcpu->regs.rflags &= ~RFLAGS_TF;
		a->tf_in_frame = !step_done && vcpu->regs.rip != a->step_rip;
	}
	if (!a->tf_in_frame)
		svm_intercept_exception(&vcpu->svm, VEC_DB, false);
}

bool snp_alias_exit_begin(struct vcpu *vcpu, struct vm_exit *exit)
{
	struct snp_guest *g = vcpu->vm->snp;
	struct snp_alias *a;
	bool ours;

	if (exit->reason != EXIT_NPF)
		conv_progress_reset(&g->progress);
	a = &g->alias;
	if (!a->nr && !a->stepping && !a->tf_in_frame)
		return false;
	if (is_alias_fault(vcpu, exit))
		return false; /* the same instruction needs one more */
	ours = exit->reason == EXIT_EXCEPTION &&
	       exit->exception.vector == VEC_DB &&
	       (svm_get_dr6(&vcpu->svm) & DR6_BS) &&
	       ((a->stepping && !a->guest_tf) || a->tf_in_frame);
	if (a->nr || a->stepping)
		close_window(vcpu, ours);
	if (!ours)
		return false;
	/* Our trap: hidden from the guest, which never set TF. */
	if (a->tf_in_frame) {
		a->tf_in_frame = false;
		vcpu->regs.rflags &= ~RFLAGS_TF;
		svm_intercept_exception(&vcpu->svm, VEC_DB, false);
	}
	svm_set_dr6(&vcpu->svm, a->dr6);
	return true;
}

bool snp_alias_open(struct vcpu *vcpu, struct vm_exit *exit)
{
	struct vm *vm = vcpu->vm;
	struct snp_alias *a = &vm->snp->alias;
	uint64_t page = (exit->npf.gpa & ~vm->cbit_mask) & ~(SZ_4K - 1);
	bool fetch = exit->npf.fetch && !exit->npf.table_walk;
	bool all_private;
	unsigned want = fetch ? SNP_ALIAS_FETCH : SNP_ALIAS_WALK, i;

	if (!is_alias_fault(vcpu, exit))
		return false;
	all_private = snp_alias_all_private(vcpu);
	if (all_private)
		want = SNP_ALIAS_WALK | SNP_ALIAS_FETCH;
	for (i = 0; i < a->nr && a->page[i] != page; i++)
		;
	/* Paging off: every open window is a private access's, so all
	 * can go and be opened again (no instruction needs
	 * SNP_ALIAS_MAX pages). */
	if (i == SNP_ALIAS_MAX && all_private && !a->stepping) {
		close_window(vcpu, false);
		i = 0;
	}
	if (i == SNP_ALIAS_MAX) {
		vcpu_stop(vcpu, exit,
			  "more than %u pages walked or fetched through shared addresses by "
			  "the instruction at RIP 0x%llx",
			  SNP_ALIAS_MAX, (unsigned long long)vcpu->regs.rip);
		return true;
	}
	if (i == a->nr) {
		a->page[a->nr] = page;
		a->flags[a->nr++] = 0;
	}
	/* A page walked and then fetched (or the other way) gets both. */
	a->flags[i] |= want;
	if (fetch)
		a->fetches++;
	else
		a->walks++;
	if (snp_alias_set(&vm->snp->vm, page, a->flags[i])) {
		vcpu_stop(vcpu, exit,
			  "no page-table memory to alias private GPA 0x%llx",
			  (unsigned long long)page);
		return true;
	}
	if (fetch && !all_private && !a->stepping) {
		a->stepping = true;
		/* A TF left in a frame by an earlier step is still ours. */
		a->guest_tf = (vcpu->regs.rflags & RFLAGS_TF) &&
			      !a->tf_in_frame;
		a->dr6 = svm_get_dr6(&vcpu->svm);
		a->step_rip = vcpu->regs.rip;
		vcpu->regs.rflags |= RFLAGS_TF;
		svm_intercept_exception(&vcpu->svm, VEC_DB, true);
	}
	return true;
}
