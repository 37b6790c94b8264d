// SPDX-License-Identifier: GPL-2.0-only
/*
 * The split at 4 GiB of the conversion summary (hv/conv_high.h): which
 * GPA places a GHCB request, and that only requests at or above 4 GiB
 * add what they changed.
 */
#include <string.h>

#include "guest-abi/ghcb.h"
#include "guest-abi/psc.h"
#include "hv/conv_high.h"
#include "tests/lib/tap.h"

static struct ghcb ghcb;

static void psc(uint16_t cur, uint16_t end, const psc_entry_t *e, unsigned n)
{
	struct psc_hdr h = { .cur_entry = cur, .end_entry = end };

	memset(&ghcb, 0, sizeof(ghcb));
	ghcb.sw_exit_code = SVM_VMGEXIT_PSC;
	memcpy(ghcb.shared_buffer, &h, sizeof(h));
	memcpy(ghcb.shared_buffer + sizeof(h), e, n * sizeof(*e));
}

int main(void)
{
	const psc_entry_t e[3] = {
		PSC_ENTRY(0, 0x1000, PSC_OP_PRIVATE, 1),
		PSC_ENTRY(0, 0x140000, PSC_OP_PRIVATE, 1),
		PSC_ENTRY(0, 0x140200, PSC_OP_PRIVATE, 0),
	};
	struct snp_counters high = { 0 }, before = { 0 }, after = { 0 };

	/* GHCB spec "GHCB MSR Protocol", Page State Change Request. */
	tap_eq(conv_high_ghcb_gpa(GHCB_MSR_PSC_REQ | (0x150000ull << 12) |
					  (1ull << 52),
				  NULL),
	       0x150000000ull, "MSR protocol PSC: its GFN");
	tap_eq(conv_high_ghcb_gpa(GHCB_MSR_CPUID_REQ, NULL), CONV_HIGH_NO_GPA,
	       "MSR protocol CPUID: no page");
	psc(0, 2, e, 3);
	tap_eq(conv_high_ghcb_gpa(0x7000, &ghcb), 0x1000000ull,
	       "GHCB PSC: the first entry's page");
	psc(1, 2, e, 3);
	tap_eq(conv_high_ghcb_gpa(0x7000, &ghcb), 0x140000000ull,
	       "GHCB PSC resumed at entry 1: that entry's page");
	tap_eq(conv_high_ghcb_gpa(0x7000, NULL), CONV_HIGH_NO_GPA,
	       "GHCB not in guest RAM: no page");
	psc(3, 2, e, 3);
	tap_eq(conv_high_ghcb_gpa(0x7000, &ghcb), CONV_HIGH_NO_GPA,
	       "cur_entry past end_entry: no page");
	psc(0, PSC_MAX_ENTRIES, e, 3);
	tap_eq(conv_high_ghcb_gpa(0x7000, &ghcb), CONV_HIGH_NO_GPA,
	       "end_entry past the shared buffer: no page");
	psc(0, 2, e, 3);
	ghcb.sw_exit_code = SVM_VMGEXIT_NMI_COMPLETE;
	tap_eq(conv_high_ghcb_gpa(0x7000, &ghcb), CONV_HIGH_NO_GPA,
	       "another NAE event: no page");

	before.rmp_updates = 10;
	before.pvalidate[1][SNP_PV_OK] = 4;
	after = before;
	after.rmp_updates = 11;
	after.pvalidate[1][SNP_PV_OK] = 5;
	after.launch_pages = 7; /* the last field too */
	conv_high_add(&high, &before, &after, 0xfffff000ull);
	tap_eq(high.rmp_updates, 0, "a request below 4 GiB adds nothing");
	conv_high_add(&high, &before, &after, CONV_HIGH_NO_GPA);
	tap_eq(high.rmp_updates, 0, "a request without a page adds nothing");
	conv_high_add(&high, &before, &after, 0x100000000ull);
	conv_high_add(&high, &before, &after, 0x15fe00000ull);
	tap_eq(high.rmp_updates, 2, "two requests above 4 GiB: 2 RMP updates");
	tap_eq(high.pvalidate[1][SNP_PV_OK], 2, "and 2 2M PVALIDATEs");
	tap_eq(high.launch_pages, 14, "every field, the last one included");
	tap_eq(high.pvalidate[0][SNP_PV_OK], 0, "a field that did not move: 0");
	return tap_done();
}
