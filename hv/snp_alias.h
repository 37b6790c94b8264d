/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The exception to the view invariant, kept as narrow as the nested page
 * tables allow (hv/snp_alias.c, docs/emulated-snp.md "Page walks and
 * fetches through a shared address").
 */
#ifndef HV_SNP_ALIAS_H
#define HV_SNP_ALIAS_H

#include <stdbool.h>
#include <stdint.h>

/* More than any one instruction's walks and fetches can touch. */
#define SNP_ALIAS_MAX 32u

struct snp_alias {
	uint64_t page[SNP_ALIAS_MAX];  /* GPAs whose shared address is open */
	unsigned flags[SNP_ALIAS_MAX]; /* SNP_ALIAS_WALK and/or _FETCH */
	unsigned nr;
	bool stepping; /* RFLAGS.TF and the #DB intercept are ours */
	bool guest_tf; /* the guest had TF set itself */
	/*
	 * A step ended by another exit away from the stepped instruction:
	 * it raised an exception in the guest, and the RFLAGS image its
	 * handler returns to still has our TF, so #DB stays intercepted for
	 * that one trap. (An exit at the instruction itself, an intercept or
	 * #NPF, means it did not run: nothing was pushed.)
	 */
	bool tf_in_frame;
	uint64_t dr6;		 /* guest DR6 before the step */
	uint64_t step_rip;	 /* RIP of the stepped instruction */
	uint64_t walks, fetches; /* windows opened, for the counters */
};

#endif
