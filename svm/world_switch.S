/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * void svm_world_switch(struct vcpu_regs *regs, uint64_t vmcb_pa,
 *                       uint64_t host_vmcb_pa, uint64_t *guest_xcr0,
 *                       uint64_t host_xcr0)
 *
 * VMRUN saves and restores only part of the host state (APM "VMRUN
 * Instruction": RAX, RSP, RIP, RFLAGS, control registers, ES/CS/SS/DS,
 * GDTR/IDTR go to the host save area) and loads only RAX, RSP, RIP and
 * RFLAGS of the guest's GPRs from the VMCB. So this trampoline:
 *   - saves the host's callee-saved registers on its stack,
 *   - switches XCR0 when host_xcr0 is not 0 (0: the CPU has no XSAVE):
 *     for a guest without SEV-ES it is not in the VMCB (APM "XSETBV",
 *     "XCR0"; with SEV-ES it would be in the VMSA). *guest_xcr0 is
 *     loaded before VMRUN and read back after #VMEXIT, then the host's
 *     value is put back; XSETBV only when the two differ. Reading it
 *     back matters under QEMU 7.2's TCG, which does not take the XSETBV
 *     intercept: there the guest's XSETBV writes XCR0 itself. On a CPU
 *     that takes it, hv/xsave.c emulates XSETBV and the value read back
 *     is the one loaded,
 *   - VMSAVE/VMLOADs FS, GS, TR, LDTR, KernelGsBase and the syscall and
 *     sysenter MSRs (APM "VMSAVE and VMLOAD Instructions"),
 *   - loads every other guest GPR from *regs, runs the guest, and stores
 *     them back after #VMEXIT.
 * GIF is cleared across the switch and set again (STGI) after every exit:
 * #VMEXIT leaves GIF = 0 (APM "Global Interrupt Flag").
 *
 * The x87, SSE, AVX, AVX-512 and PKRU registers are not switched at all:
 * they stay the guest's across every exit. That is correct only because
 * the hypervisor never touches them: it is built -mgeneral-regs-only
 * (newlib too, tools/build-newlib.sh), its few assembly files use only
 * GPRs, and the gnu-efi helpers that do use XMM registers (Print and
 * friends) run only before ExitBootServices. tools/check-no-fpu.sh
 * fails the link if anything else in hv.so uses such instructions.
 */
#include "include/vcpu_regs.h"

	.text
	.globl	svm_world_switch
	.type	svm_world_switch, @function
svm_world_switch:
	push	%rbp
	push	%rbx
	push	%r12
	push	%r13
	push	%r14
	push	%r15
	push	%r8			/* host XCR0, 24(%rsp) */
	push	%rcx			/* &guest XCR0, 16(%rsp) */
	push	%rdx			/* host VMCB PA, 8(%rsp) */
	push	%rdi			/* regs, (%rsp) */

	clgi
	/*
	 * IF=1 for VMRUN (GIF=0 still holds every interrupt off in the
	 * host): VMRUN saves it, and with V_INTR_MASKING a physical
	 * interrupt then ends the guest's turn (INTR intercept) instead of
	 * waiting for the guest to exit (APM "Physical (INTR) Interrupt
	 * Masking in EFLAGS"). The host takes it later, hv/host_irq.c.
	 */
	sti
	test	%r8, %r8
	jz	1f
	mov	(%rcx), %rax
	cmp	%rax, %r8
	je	1f
	mov	%rax, %rdx
	shr	$32, %rdx
	xor	%ecx, %ecx
	xsetbv				/* XCR0 <- EDX:EAX, the guest's */
1:
	mov	8(%rsp), %rax
	vmsave				/* host hidden state -> host VMCB */
	mov	%rsi, %rax
	vmload				/* guest hidden state <- guest VMCB */

	mov	REGS_OFF_RBX(%rdi), %rbx
	mov	REGS_OFF_RCX(%rdi), %rcx
	mov	REGS_OFF_RDX(%rdi), %rdx
	mov	REGS_OFF_RSI(%rdi), %rsi
	mov	REGS_OFF_RBP(%rdi), %rbp
	mov	REGS_OFF_R8(%rdi), %r8
	mov	REGS_OFF_R9(%rdi), %r9
	mov	REGS_OFF_R10(%rdi), %r10
	mov	REGS_OFF_R11(%rdi), %r11
	mov	REGS_OFF_R12(%rdi), %r12
	mov	REGS_OFF_R13(%rdi), %r13
	mov	REGS_OFF_R14(%rdi), %r14
	mov	REGS_OFF_R15(%rdi), %r15
	mov	REGS_OFF_RDI(%rdi), %rdi

	vmrun				/* RAX = guest VMCB PA */

	/* #VMEXIT: RAX and RSP are the host's again, all else is guest. */
	vmsave				/* guest hidden state -> guest VMCB */
	xchg	%rdi, (%rsp)		/* rdi = regs, stack keeps guest RDI */
	mov	%rbx, REGS_OFF_RBX(%rdi)
	mov	%rcx, REGS_OFF_RCX(%rdi)
	mov	%rdx, REGS_OFF_RDX(%rdi)
	mov	%rsi, REGS_OFF_RSI(%rdi)
	mov	%rbp, REGS_OFF_RBP(%rdi)
	mov	%r8, REGS_OFF_R8(%rdi)
	mov	%r9, REGS_OFF_R9(%rdi)
	mov	%r10, REGS_OFF_R10(%rdi)
	mov	%r11, REGS_OFF_R11(%rdi)
	mov	%r12, REGS_OFF_R12(%rdi)
	mov	%r13, REGS_OFF_R13(%rdi)
	mov	%r14, REGS_OFF_R14(%rdi)
	mov	%r15, REGS_OFF_R15(%rdi)
	pop	%rax
	mov	%rax, REGS_OFF_RDI(%rdi)

	pop	%rax
	vmload				/* host hidden state <- host VMCB */
	pop	%rsi			/* &guest XCR0 */
	pop	%r8			/* host XCR0 */
	test	%r8, %r8
	jz	2f
	xor	%ecx, %ecx
	xgetbv				/* EDX:EAX <- XCR0, as the guest left it */
	mov	%eax, (%rsi)
	mov	%edx, 4(%rsi)
	shl	$32, %rdx
	or	%rdx, %rax
	cmp	%rax, %r8
	je	2f
	mov	%r8, %rax
	mov	%r8, %rdx
	shr	$32, %rdx
	xsetbv				/* XCR0 <- EDX:EAX, the host's (ECX 0) */
2:
	cli				/* the host runs with IF=0 */
	stgi

	pop	%r15
	pop	%r14
	pop	%r13
	pop	%r12
	pop	%rbx
	pop	%rbp
	ret
	.size	svm_world_switch, . - svm_world_switch

	.section .note.GNU-stack, "", @progbits
