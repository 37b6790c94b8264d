// SPDX-License-Identifier: GPL-2.0-only
/*
 * Implicit conversions that make no progress: see hv/conv_progress.h.
 */
#include <string.h>

#include "hv/conv_progress.h"
#include "include/sizes.h"

/* The general-purpose registers, RIP and RFLAGS: the part of struct
 * vcpu_regs the world switch saves (include/vcpu_regs.h). */
#define GPRS_BYTES (REGS_OFF_RFLAGS + sizeof(uint64_t))

unsigned conv_progress_note(struct conv_progress *p, uint64_t gpa,
			    const struct vcpu_regs *r)
{
	uint64_t page = gpa & ~(SZ_4K - 1);

	if (p->repeats && p->page == page && !memcmp(&p->regs, r, GPRS_BYTES))
		return ++p->repeats;
	p->page = page;
	memcpy(&p->regs, r, GPRS_BYTES);
	p->repeats = 1;
	return 1;
}
