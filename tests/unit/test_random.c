// SPDX-License-Identifier: GPL-2.0-only
/*
 * Randomized request sequences through every entry point of the engine,
 * under both RMP policies. After every request:
 *  - the model's invariants hold (views vs RMP, see snp/convert.c);
 *  - results are among the codes the specification allows;
 *  - the private/shared state of every page equals an independent
 *    reference that applies exactly what the guest asked for and what the
 *    response says was done (PSC progress: entries before cur_entry).
 */
#include <stdlib.h>
#include <string.h>

#include "guest-abi/map_gpa.h"
#include "guest-abi/psc.h"
#include "tests/lib/model.h"
#include "tests/lib/tap.h"

#define MEM   (8 * SZ_2M)
#define PAGES (MEM >> 12)
#define GHCB  0x1000ull
#define OPS   1500

static struct model m;
static uint8_t ref[PAGES]; /* 1 = private */
static uint64_t rng;

static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static unsigned below(unsigned n)
{
	return (unsigned)(rnd() % n);
}

static uint64_t any_gfn(void)
{
	/* Mostly inside memory, sometimes just past it; never the GHCB. */
	uint64_t gfn = below(PAGES + 8);

	return gfn == (GHCB >> 12) ? gfn + 1 : gfn;
}

static void ref_apply(uint64_t gfn, uint64_t n, bool priv)
{
	for (uint64_t i = 0; i < n && gfn + i < PAGES; i++)
		ref[gfn + i] = priv;
}

static const char *compare(void)
{
	static char why[256];

	if (!model_check(&m, why, sizeof(why)))
		return why;
	for (uint64_t p = 0; p < PAGES; p++) {
		enum snp_page_state st = snp_page_state(&m.vm, p << 12, NULL);
		bool priv = st == SNP_PAGE_PRIVATE || st == SNP_PAGE_VALIDATED;

		if (priv != ref[p]) {
			snprintf(why, sizeof(why),
				 "gfn 0x%llx is %s, reference says %s",
				 (unsigned long long)p,
				 priv ? "private" : "shared",
				 ref[p] ? "private" : "shared");
			return why;
		}
	}
	return NULL;
}

static const char *op_msr(void)
{
	uint64_t gfn = any_gfn();
	unsigned op = below(5);

	m.vc.ghcb_msr = ((uint64_t)op << 52) | (gfn << 12) | 0x014;
	snp_vmgexit(&m.vc);
	if (m.vc.ghcb_msr == 0x015)
		ref_apply(gfn, 1, op == 1);
	else if (m.vc.ghcb_msr != 0x8000000000000015ull)
		return "MSR PSC response outside {0x015, 0x8000000000000015}";
	if (m.vc.ghcb_msr == 0x015 && (op < 1 || op > 2 || gfn >= PAGES))
		return "MSR PSC accepted an invalid request";
	return NULL;
}

static const char *op_psc(void)
{
	uint64_t e[64];
	unsigned n = 1 + below(64), cur = below(4) ? 0 : below(n + 2),
		 end = n - 1;
	unsigned i, done;
	struct psc_hdr *h = (struct psc_hdr *)((struct ghcb *)(m.mem + GHCB))
				    ->shared_buffer;
	uint64_t *ge = (uint64_t *)(h + 1), info2;
	uint64_t gfn = any_gfn() & ~(below(2) ? 0x1ffull : 0);

	for (i = 0; i < n; i++) {
		bool big = below(3) == 0;
		unsigned op = below(10) ? 1 + below(below(4) ? 2 : 4) :
					  below(16);
		unsigned cp = below(6) ? 0 : below(big ? 514 : 3);

		if (big)
			gfn = (gfn + 0x1ff) & ~0x1ffull;
		if (gfn == (GHCB >> 12) || (big && gfn == 0))
			gfn += big ? 0x200 : 1;
		e[i] = PSC_ENTRY(cp, gfn, op, big);
		gfn += (big ? 512 : 1) + (below(4) ? 0 : below(3));
	}
	model_psc(&m, GHCB, cur, end, e, n);
	snp_vmgexit(&m.vc);
	info2 = ((struct ghcb *)(m.mem + GHCB))->sw_exit_info_2;
	if (info2 != 0 && info2 != PSC_ERROR_INVALID_ENTRY &&
	    info2 != PSC_ERROR_GENERIC && info2 != PSC_ERROR_INVALID_HDR)
		return "PSC SW_EXITINFO2 outside the defined results";
	done = h->cur_entry;
	if (info2 == 0 && cur <= end && done != end + 1)
		return "PSC succeeded without cur_entry = end_entry + 1";
	if (info2 == PSC_ERROR_INVALID_ENTRY && done != cur)
		return "INVALID_ENTRY after progress";
	for (i = cur; i < done && i <= end; i++) {
		unsigned op = PSC_ENTRY_OP(e[i]),
			 full = PSC_ENTRY_2M(e[i]) ? 512 : 1;
		unsigned k = PSC_ENTRY_CUR_PAGE(e[i]);

		if (PSC_ENTRY_CUR_PAGE(ge[i]) != full)
			return "a completed entry's cur_page is not its page count";
		if (op == 1 || op == 2)
			ref_apply(PSC_ENTRY_GFN(e[i]) + k, full - k, op == 1);
	}
	return NULL;
}

static const char *op_map(void)
{
	uint64_t gfn = any_gfn(), n = 1 + below(below(2) ? 600 : 4);
	uint64_t attrs = (below(2) ? 0x10 : 0) | below(2) |
			 (below(20) ? 0 : 0x20);
	int64_t r;

	r = snp_map_gpa_range(&m.vc, gfn << 12, n, attrs, 0, true);
	if (r == 0)
		ref_apply(gfn, n, attrs & 0x10);
	else if (r != -KVM_EINVAL)
		return "MAP_GPA_RANGE returned something other than 0 or -EINVAL";
	if (r == 0 && (gfn + n > PAGES || (attrs & 0x20)))
		return "MAP_GPA_RANGE accepted an invalid request";
	return NULL;
}

static const char *op_pvalidate(void)
{
	uint64_t gpa = (uint64_t)below(PAGES) << 12;
	unsigned size = below(3) == 0;
	struct snp_pvalidate_out o;

	if (size)
		gpa &= ~(SZ_2M - 1);
	if (gpa == GHCB)
		return NULL;
	o = snp_pvalidate(&m.vc, gpa, gpa, size, below(2));
	if (o.action != SNP_RESUME)
		return "PVALIDATE inside guest memory stopped the guest (policy implicit)";
	if (o.eax != 0 && o.eax != 6)
		return "PVALIDATE returned neither 0 nor FAIL_SIZEMISMATCH";
	ref[gpa >> 12] = 1; /* implicit conversion of the faulting page */
	return NULL;
}

static void run(uint64_t seed, enum snp_rmp_max pol)
{
	const char *why = NULL;
	unsigned i;

	model_init(&m, MEM, pol);
	m.vm.trace.emit = NULL;
	m.vc.ghcb_registered_gpa = GHCB;
	memset(ref, 0, sizeof(ref));
	rng = seed;
	for (i = 0; i < OPS && !why; i++) {
		switch (below(4)) {
		case 0:
			why = op_msr();
			break;
		case 1:
			why = op_psc();
			break;
		case 2:
			why = op_map();
			break;
		case 3:
			why = op_pvalidate();
			break;
		}
		if (!why)
			why = compare();
	}
	tap_check(!why,
		  "seed %llu, policy %s: %u random requests keep the invariants%s%s",
		  (unsigned long long)seed, pol == SNP_RMP_MAX_2M ? "2M" : "4K",
		  i, why ? ": " : "", why ? why : "");
	printf("#   rmp_updates=%llu psmash=%llu conversions=%llu\n",
	       (unsigned long long)m.vm.ctr.rmp_updates,
	       (unsigned long long)m.vm.ctr.psmashes,
	       (unsigned long long)m.vm.ctr.range_conversions);
	model_free(&m);
}

int main(void)
{
	static const uint64_t seeds[] = { 1, 0x5eed, 0xdecafbad };

	for (unsigned s = 0; s < 3; s++) {
		run(seeds[s], SNP_RMP_MAX_2M);
		run(seeds[s], SNP_RMP_MAX_4K);
	}
	return tap_done();
}
