/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Guest ASIDs. The TLB tags each translation with the ASID of the guest
 * that made it (APM volume 2, "TLB Control"); CPUID Fn8000_000A EBX
 * gives the number of ASIDs, and ASID 0 is the host's.
 *
 * A guest gives its ASID back when it is torn down, and the next guest
 * may get the same one. That is safe because every new VMCB starts with
 * TLB_CONTROL = 1, "flush the entire TLB" (svm_vcpu_init): the first
 * VMRUN of the new owner drops whatever the old one left tagged with it.
 *
 * Pure C: host unit-tested (tests/unit/test_teardown.c).
 */
#ifndef SVM_ASID_H
#define SVM_ASID_H

#include <stdint.h>

/* ASIDs handed out at most: far more than guests run at once. */
#define SVM_ASID_MAX 4096u

struct svm_asid_pool {
	uint32_t limit; /* ASIDs 1 .. limit - 1 may be handed out */
	uint32_t nr_used;
	uint64_t used[SVM_ASID_MAX / 64];
};

/* nr_asids as CPUID reports it (the host's ASID 0 included). */
void svm_asid_pool_init(struct svm_asid_pool *p, uint32_t nr_asids);

/* The lowest free ASID. Returns 0, or -ENOSPC when all are in use. */
int svm_asid_alloc(struct svm_asid_pool *p, uint32_t *asid);

/* Give an ASID back. Returns 0, or -EINVAL if it was not handed out. */
int svm_asid_free(struct svm_asid_pool *p, uint32_t asid);

#endif
