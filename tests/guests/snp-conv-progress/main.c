// SPDX-License-Identifier: GPL-2.0-only
/*
 * snp-conv-progress: the other side of snp-conv-livelock. An instruction
 * that implicitly converts the same page, each time with exactly the
 * same registers, is not a livelock when the guest does something in
 * between: here it makes the page private and validated again (MSR
 * protocol PSC, PVALIDATE) and the same read through the shared address
 * converts it back, 24 times. The no-progress rule (hv/conv_progress.h)
 * must not stop this guest (policy=implicit, scenario expects pass).
 */
#include "snp.h"

#define ALIAS_SHARED  0xc0000000ull /* above RAM, inside the identity map */
#define ALIAS_PRIVATE (ALIAS_SHARED + SZ_4K)
#define ROUNDS	      24

/* Read one byte at va with every other register and RFLAGS fixed. */
uint8_t read_fixed(uint64_t va);
__asm__(".text\n"
	".globl read_fixed\n"
	"read_fixed:\n\t"
	"push %rbx\n\tpush %rbp\n\tpush %r12\n\tpush %r13\n\tpush %r14\n\tpush %r15\n\t"
	"mov %rdi, %rsi\n\t"
	"xor %eax, %eax\n\txor %ebx, %ebx\n\txor %ecx, %ecx\n\txor %edx, %edx\n\t"
	"xor %edi, %edi\n\txor %ebp, %ebp\n\txor %r8d, %r8d\n\txor %r9d, %r9d\n\t"
	"xor %r10d, %r10d\n\txor %r11d, %r11d\n\txor %r12d, %r12d\n\t"
	"xor %r13d, %r13d\n\txor %r14d, %r14d\n\txor %r15d, %r15d\n\t"
	"pushq $2\n\tpopfq\n\t"
	"movb (%rsi), %al\n\t"
	"pop %r15\n\tpop %r14\n\tpop %r13\n\tpop %r12\n\tpop %rbp\n\tpop %rbx\n\t"
	"ret\n");

int guest_main(const struct guest_boot *boot)
{
	uint64_t page;
	unsigned i, ok = 0;

	if (!snp_init(boot))
		return report_summary();
	page = snp.free_gpa + 6 * SZ_4K; /* shared */
	report(pt_map_4k(ALIAS_SHARED, page, false) == 0 &&
		       pt_map_4k(ALIAS_PRIVATE, page, true) == 0,
	       "0x%llx mapped shared at 0x%llx and private at 0x%llx",
	       (unsigned long long)page, ALIAS_SHARED, ALIAS_PRIVATE);
	for (i = 0; i < ROUNDS; i++) {
		if (psc_range(PROTO_MSR, page, SZ_4K, true) ||
		    pval_range(ALIAS_PRIVATE, SZ_4K, true))
			break;
		*(volatile uint8_t *)ALIAS_PRIVATE = (uint8_t)i;
		/* Shared read of a validated private page: converted back. */
		if (read_fixed(ALIAS_SHARED) != (uint8_t)i)
			break;
		ok++;
	}
	report(ok == ROUNDS,
	       "%u of %u rounds: private, then the same read converts it back",
	       ok, ROUNDS);
	return report_summary();
}
