// SPDX-License-Identifier: GPL-2.0-only
/* Fuzz target: sequences of KVM_HC_MAP_GPA_RANGE calls. */
#include "guest-abi/map_gpa.h"
#include "tests/fuzz/fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct model *m = fuzz_start(&data, &size);

	if (!m)
		return 0;
	while (size >= 25) {
		uint64_t gpa = fuzz_u64(&data, &size);
		uint64_t n = fuzz_u64(&data, &size);
		uint64_t attrs = fuzz_u64(&data, &size);
		uint8_t mode = data[0];
		int64_t r;

		data++;
		size--;
		/* Keep half of the calls near guest memory so they convert;
		 * a count about 2 MiB or all of memory in 1 of 4 of those
		 * (mode bit 4 and the count's bit 7), else 1-32 pages. */
		if (mode & 4) {
			uint8_t c = (uint8_t)n;

			gpa %= FUZZ_MEM + 0x4000;
			n = fuzz_npages((mode & 0x10) ? c : c & 0x7f);
			attrs &= 0x1f;
		} else if (!fuzz_charge((mode & 8) ? gpa : (uint32_t)gpa,
					(mode & 8) ? n : (uint32_t)n)) {
			continue; /* over the input's page budget */
		}
		r = snp_map_gpa_range(&m->vc, gpa, n, attrs, mode & 3,
				      mode & 8);
		if (!(mode & 8))
			r = (int32_t)r;
		if (r != 0 && r != -KVM_EINVAL && r != -KVM_EPERM)
			abort();
		fuzz_check(m);
	}
	return fuzz_end(m);
}
