// SPDX-License-Identifier: GPL-2.0-only
/*
 * conv_progress_note() (hv/conv_progress.h): the same page with the guest
 * exactly where it was counts up; any register or page change resets.
 */
#include "hv/conv_progress.h"
#include "tests/lib/tap.h"

int main(void)
{
	struct conv_progress p = { 0 };
	struct vcpu_regs r = { .rip = 0x101000,
			       .rsi = 0x2000,
			       .rdi = 0x2000 | (1ull << 47),
			       .rcx = 16,
			       .rflags = 0x2 };
	unsigned i, n = 0;

	tap_eq(conv_progress_note(&p, 0x2000, &r), 1, "first conversion: 1");
	/* The livelock: the same page by its two addresses, nothing retired. */
	for (i = 0; i < SNP_CONV_NO_PROGRESS - 1; i++)
		n = conv_progress_note(&p, i & 1 ? 0x2008 : 0x2000, &r);
	tap_eq(n, SNP_CONV_NO_PROGRESS,
	       "%u flips with the registers unchanged: %u",
	       SNP_CONV_NO_PROGRESS, SNP_CONV_NO_PROGRESS);

	r.rcx = 15; /* one iteration of the string move retired */
	tap_eq(conv_progress_note(&p, 0x2000, &r), 1,
	       "RCX changed: progress, back to 1");
	tap_eq(conv_progress_note(&p, 0x2000, &r), 2, "then counting again");
	r.rip += 2;
	tap_eq(conv_progress_note(&p, 0x2000, &r), 1, "RIP changed: 1");
	tap_eq(conv_progress_note(&p, 0x3000, &r), 1, "another page: 1");
	r.r15 = 1;
	tap_eq(conv_progress_note(&p, 0x3000, &r), 1, "R15 changed: 1");
	r.rflags |= 1;
	tap_eq(conv_progress_note(&p, 0x3000, &r), 1, "RFLAGS changed: 1");
	tap_eq(conv_progress_note(&p, 0x3fff, &r), 2,
	       "same page, another offset: 2");
	conv_progress_reset(&p);
	tap_eq(conv_progress_note(&p, 0x3000, &r), 1,
	       "after another kind of exit (reset): 1, registers unchanged or not");
	return tap_done();
}
