/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Guest entry. The hypervisor starts us in 64-bit mode with RDI = GPA of
 * struct guest_boot and identity page tables (guest-abi/guest_boot.h).
 * Zero .bss, switch to our own stack, run guest_start(boot), which never
 * returns (it ends with the test-exit hypercall).
 */
	.section .text.entry, "ax"
	.globl	_start
_start:
	mov	%rdi, %r12
	lea	__bss_start(%rip), %rdi
	lea	__bss_end(%rip), %rcx
	sub	%rdi, %rcx
	xor	%eax, %eax
	rep stosb
	lea	guest_stack_top(%rip), %rsp
	mov	%r12, %rdi
	call	guest_start
1:	jmp	1b

	.bss
	.balign	16
	.space	16384
	.globl	guest_stack_top
guest_stack_top:

	.section .note.GNU-stack, "", @progbits
