// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz target: the GHCB page protocol with a PSC request. The input gives
 * the scratch offset, the valid bitmap, the usage field and the bytes of
 * the shared buffer (header and entries); the request is issued twice so
 * the second round starts from the state the first left.
 */
#include "guest-abi/psc.h"
#include "tests/fuzz/fuzz_common.h"

/*
 * The page budget (fuzz_common.h) for the descriptor at the scratch
 * offset, when it lies in the shared buffer: an entry for a 2 MiB page,
 * and a PSMASH or UNSMASH, works on the 512 pages of guest memory under
 * it, so it is charged 512 pages; the descriptor is made to end before
 * the first such entry the budget no longer covers. Unbounded, libFuzzer
 * grows the inputs to 189 such entries, 7 ms an execution.
 */
static void psc_charge(struct ghcb *g)
{
	uint64_t off = g->sw_scratch - FUZZ_GHCB - GHCB_SHARED_BUF_OFF;
	struct psc_hdr hdr;
	unsigned i, fit;

	if (g->sw_scratch < FUZZ_GHCB + GHCB_SHARED_BUF_OFF ||
	    off + sizeof(hdr) > GHCB_SHARED_BUF_SIZE)
		return;
	memcpy(&hdr, g->shared_buffer + off, sizeof(hdr));
	fit = (GHCB_SHARED_BUF_SIZE - off - sizeof(hdr)) / sizeof(psc_entry_t);
	/* A header the engine refuses (INVALID_HDR) or with nothing to do
	 * stays as it is: the input converts nothing. */
	if (hdr.end_entry >= fit || hdr.cur_entry > hdr.end_entry)
		return;
	for (i = hdr.cur_entry; i <= hdr.end_entry; i++) {
		psc_entry_t e;

		memcpy(&e, g->shared_buffer + off + sizeof(hdr) + i * sizeof(e),
		       sizeof(e));
		if (!PSC_ENTRY_2M(e) && PSC_ENTRY_OP(e) != PSC_OP_PSMASH &&
		    PSC_ENTRY_OP(e) != PSC_OP_UNSMASH)
			continue;
		if (fuzz_charge((PSC_ENTRY_GFN(e) << 12) & ~(SZ_2M - 1),
				PAGES_PER_2M))
			continue;
		/* A fresh budget covers two such entries, so i - 1 is at or
		 * after cur_entry. */
		_Static_assert(FUZZ_PAGE_BUDGET >= 2 * PAGES_PER_2M,
			       "the first charged entry always fits");
		hdr.end_entry = (uint16_t)(i - 1);
		memcpy(g->shared_buffer + off, &hdr, sizeof(hdr));
		return;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct model *m;
	struct ghcb *g;
	uint16_t scratch_off;
	int round;

	if (size < 4)
		return 0;
	m = fuzz_begin(data[0], data, size);
	g = model_ghcb(m, FUZZ_GHCB);
	memset(g, 0, sizeof(*g));
	scratch_off = (uint16_t)(data[1] | (data[2] << 8));
	g->sw_exit_code = (data[3] & 0x80) ? SVM_VMGEXIT_HV_FEATURES :
					     SVM_VMGEXIT_PSC;
	g->ghcb_usage = (data[3] & 0x40) ? 1 : 0;
	memset(g->valid_bitmap, 0xff, sizeof(g->valid_bitmap));
	if (data[3] & 0x20)
		g->valid_bitmap[GHCB_VALID_BIT(sw_scratch) / 8] = 0;
	g->sw_scratch = (data[3] & 0x10) ? scratch_off :
					   FUZZ_GHCB + (scratch_off & 0xfff);
	data += 4;
	size -= 4;
	if (size > GHCB_SHARED_BUF_SIZE)
		size = GHCB_SHARED_BUF_SIZE;
	memcpy(g->shared_buffer, data, size);
	psc_charge(g);
	for (round = 0; round < 2; round++) {
		enum snp_action a;

		m->vc.ghcb_msr = FUZZ_GHCB;
		a = snp_vmgexit(&m->vc);
		if (a == SNP_STOP) {
			/* Legitimate only when an earlier round made the
			 * guest's own GHCB private. */
			if (round == 1 &&
			    snp_page_state(&m->vm, FUZZ_GHCB, NULL) !=
				    SNP_PAGE_SHARED)
				break;
			fprintf(stderr, "PSC stopped the guest: %s\n",
				m->vc.stop_reason);
			abort();
		}
		if (g->sw_exit_code == SVM_VMGEXIT_PSC &&
		    g->sw_exit_info_1 == 0 && g->sw_exit_info_2 != 0 &&
		    g->sw_exit_info_2 != PSC_ERROR_INVALID_HDR &&
		    g->sw_exit_info_2 != PSC_ERROR_INVALID_ENTRY &&
		    g->sw_exit_info_2 != PSC_ERROR_GENERIC)
			abort();
		fuzz_check(m);
		memset(g->valid_bitmap, 0xff, sizeof(g->valid_bitmap));
	}
	return fuzz_end(m);
}
