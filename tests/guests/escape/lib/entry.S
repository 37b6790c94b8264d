/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The 64-bit entry of an escape guest: the first byte of the flat
 * binary, which tools/mk-bzimage.py puts at +0x200 of the protected-mode
 * kernel (boot.rst, "64-bit Boot Protocol": RSI holds the zero page's
 * address, interrupts are off, the loader's page tables identity-map the
 * kernel). Position-independent: every address is RIP-relative.
 */
	.section .text.entry, "ax"
	.globl _start
	.code64
_start:
	lea	esc_stack_top(%rip), %rsp
	mov	%rsi, esc_zero_page(%rip)
	call	esc_main
	mov	%eax, %edi
	call	esc_exit

	.section .bss
	.balign 16
	.globl esc_zero_page
esc_zero_page:
	.skip	8
	.balign 16
esc_stack:
	.skip	16384
esc_stack_top:
	.section .note.GNU-stack, "", @progbits
