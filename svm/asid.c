// SPDX-License-Identifier: GPL-2.0-only
/*
 * Guest ASID allocation and recycling; see asid.h.
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "svm/asid.h"

static bool in_use(const struct svm_asid_pool *p, uint32_t a)
{
	return (p->used[a / 64] >> (a % 64)) & 1;
}

void svm_asid_pool_init(struct svm_asid_pool *p, uint32_t nr_asids)
{
	memset(p, 0, sizeof(*p));
	p->limit = nr_asids < SVM_ASID_MAX ? nr_asids : SVM_ASID_MAX;
}

int svm_asid_alloc(struct svm_asid_pool *p, uint32_t *asid)
{
	for (uint32_t a = 1; a < p->limit; a++) {
		if (in_use(p, a))
			continue;
		p->used[a / 64] |= 1ull << (a % 64);
		p->nr_used++;
		*asid = a;
		return 0;
	}
	return -ENOSPC;
}

int svm_asid_free(struct svm_asid_pool *p, uint32_t asid)
{
	if (asid == 0 || asid >= p->limit || !in_use(p, asid))
		return -EINVAL;
	p->used[asid / 64] &= ~(1ull << (asid % 64));
	p->nr_used--;
	return 0;
}
