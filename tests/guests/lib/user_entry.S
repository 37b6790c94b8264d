/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Entry to and return from CPL 3 (lib/user.h). user_enter builds the
 * IRETQ frame of a return to a less privileged level (APM volume 3,
 * "IRET": SS, RSP, RFLAGS, CS, RIP) after keeping the callee-saved
 * registers and the kernel stack pointer; user_exception() (user.c)
 * points the exception's return at user_resume, at CPL 0.
 */
	.text
	.globl	user_enter_asm
	/* rdi = rip, rsi = rax, rdx = rbx, rcx = rcx, r8 = rdx */
user_enter_asm:
	push	%rbx
	push	%rbp
	push	%r12
	push	%r13
	push	%r14
	push	%r15
	mov	%rsp, user_kernel_rsp(%rip)
	pushq	$0x1b			/* SS = USER_DS */
	lea	user_stack_top(%rip), %rax
	push	%rax			/* RSP */
	pushq	$0x2			/* RFLAGS: IF = 0 */
	pushq	$0x23			/* CS = USER_CS */
	push	%rdi			/* RIP */
	mov	%rsi, %rax
	mov	%rdx, %rbx
	mov	%r8, %rdx
	iretq

	.globl	user_resume
user_resume:
	mov	user_kernel_rsp(%rip), %rsp
	pop	%r15
	pop	%r14
	pop	%r13
	pop	%r12
	pop	%rbp
	pop	%rbx
	mov	user_exit(%rip), %rax	/* user_exit.vector */
	ret

	.globl	user_pvalidate, user_rmpadjust, user_vmmcall, user_vmgexit
user_pvalidate:
	.byte	0xf2, 0x0f, 0x01, 0xff	/* pvalidate */
	ud2
user_rmpadjust:
	.byte	0xf3, 0x0f, 0x01, 0xfe	/* rmpadjust */
	ud2
user_vmmcall:
	vmmcall
	ud2
user_vmgexit:
	rep; vmmcall
	ud2

	.bss
	.balign	16
	.globl	user_kernel_rsp
user_kernel_rsp:
	.quad	0
	.balign	4096
	.space	8192
user_stack_top:

	.section .note.GNU-stack, "", @progbits
