// SPDX-License-Identifier: GPL-2.0-only
/* Fuzz target: sequences of GHCB MSR protocol values. */
#include "tests/fuzz/fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct model *m = fuzz_start(&data, &size);
	enum snp_action a;

	if (!m)
		return 0;
	while (size) {
		m->vc.ghcb_msr = fuzz_u64(&data, &size);
		if (!(m->vc.ghcb_msr & GHCB_INFO_MASK))
			m->vc.ghcb_msr |=
				GHCB_MSR_PSC_REQ; /* stay on the MSR path */
		a = snp_vmgexit(&m->vc);
		fuzz_check(m);
		/* A stopped guest makes no further request (hv.efi stops
		 * it): the rest of the input could not happen. */
		if (a == SNP_STOP)
			break;
	}
	return fuzz_end(m);
}
