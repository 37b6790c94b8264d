// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz target: PVALIDATE and RMPADJUST operands against RMP states built
 * by the same input (conversions through MAP_GPA_RANGE and PSMASH/UNSMASH
 * through the engine), and the shared alias of a page for a walk or fetch
 * (opened, checked by the model, closed before the next request, as
 * hv/snp_alias.c does at the next exit).
 */
#include "tests/fuzz/fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct model *m = fuzz_start(&data, &size);

	if (!m)
		return 0;
	while (size >= 10) {
		uint8_t kind = data[0], flags = data[1], big;
		uint64_t v;
		struct snp_pvalidate_out o = { .action = SNP_RESUME };

		data += 2;
		size -= 2;
		v = fuzz_u64(&data, &size);
		if (kind & 0x80) {
			uint64_t page = (v % FUZZ_MEM) & ~0xfffull;

			if (!snp_alias_set(&m->vm, page, flags & 3)) {
				fuzz_check(m);
				if (snp_alias_set(&m->vm, page, 0) ||
				    m->view_alias[page >> 12])
					abort();
			}
			fuzz_check(m);
			continue;
		}
		switch (kind & 3) {
		case 0: /* set up: convert a range */
			/* 1-32 pages, or (kind bits 6:4 all set, 1 in 8) a
			 * count about 2 MiB or all of memory: a large set-up
			 * costs hundreds of pages and is rarely what a
			 * PVALIDATE case needs (measured: more coverage per
			 * second than 1 in 2). */
			big = (kind & 0x70) == 0x70 ? 0x80 : 0;
			snp_map_gpa_range(&m->vc, (v % FUZZ_MEM) & ~0xfffull,
					  fuzz_npages((uint8_t)((flags & 0x7f) |
								big)),
					  (flags & 0x80) ? 0x11 : 0, 0, true);
			break;
		case 1: /* PVALIDATE with raw operands */
			o = snp_pvalidate(&m->vc, v,
					  (flags & 1) ?
						  v :
						  v % (FUZZ_MEM + 0x200000),
					  (kind >> 2) & 3, flags >> 1);
			if (o.action == SNP_RESUME && o.eax != 0 &&
			    o.eax != 1 && o.eax != 6)
				abort();
			break;
		case 2: /* RMPADJUST */
			o = snp_rmpadjust(&m->vc, v, v % (FUZZ_MEM + 0x200000),
					  (kind >> 2) & 3, flags);
			if (o.action == SNP_RESUME && o.eax > 7)
				abort();
			break;
		case 3: /* access fault */
			o.action = snp_access_fault(&m->vc,
						    v % (FUZZ_MEM + 0x200000),
						    flags & 1);
			break;
		}
		fuzz_check(m);
		/* A stopped guest makes no further request (hv.efi stops
		 * it): the rest of the input could not happen. */
		if (o.action == SNP_STOP)
			break;
	}
	return fuzz_end(m);
}
