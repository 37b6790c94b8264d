/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Implicit conversions that make no progress (policy=implicit).
 *
 * One instruction can need a page in both states at once: a string move
 * whose source is the shared address of a page and whose destination is
 * its private one (docs/abi.md, "Access in the wrong state"). Each access
 * converts the page for itself, which makes the other fault again; the
 * instruction never completes and the page flips for ever. Such a guest
 * is found by what does not change: the conversions are of the same page
 * and the guest's registers (RIP, the string registers, flags, all of
 * them) are exactly where the previous conversion left them, and no exit
 * other than a nested page fault came in between (any other exit is the
 * guest doing something: a PSC, a PVALIDATE, an I/O...), so no
 * instruction retired. After SNP_CONV_NO_PROGRESS conversions like that
 * in a row the hypervisor stops the guest with the reason.
 *
 * Pure C: host unit-tested (tests/unit/test_conv_progress.c).
 */
#ifndef HV_CONV_PROGRESS_H
#define HV_CONV_PROGRESS_H

#include <stdint.h>

#include "include/vcpu_regs.h"

/* 8 round trips; a guest that progresses never repeats itself twice. */
#define SNP_CONV_NO_PROGRESS 16u

struct conv_progress {
	uint64_t page;	       /* page of the last implicit conversion */
	struct vcpu_regs regs; /* guest registers when it was made */
	unsigned repeats;      /* conversions in a row without progress */
};

/*
 * Record an implicit conversion of the page at gpa (C-bit stripped) made
 * with the guest's registers r. Returns how many conversions in a row (this one included)
 * found the guest in the same place on the same page: 1 after progress.
 */
unsigned conv_progress_note(struct conv_progress *p, uint64_t gpa,
			    const struct vcpu_regs *r);

/* An exit that is not a nested page fault: the guest made progress. */
static inline void conv_progress_reset(struct conv_progress *p)
{
	p->repeats = 0;
}

#endif
