// SPDX-License-Identifier: GPL-2.0-only
/*
 * The host model's checks over a 2 MiB RMP entry: model_check() and
 * model_check_dirty() take the views of 8 pages a word at a time there
 * (one state governs all 512 pages). A broken view on any one page must
 * still be caught, by both checks, with the page named: a missing
 * private view on a validated 2 MiB page, a shared view, a private view
 * or a shared alias on a 2 MiB page assigned but not validated. The page
 * is never the first of its group of 8, nor of its region.
 */
#include <stdio.h>
#include <string.h>

#include "tests/lib/model.h"
#include "tests/lib/tap.h"

#define MEM  (4 * SZ_2M)
#define HEAD 0x200000ull /* the 2 MiB page under test */

static struct model m;

/* A fresh model with HEAD private at 2 MiB, validated if asked. */
static void setup(bool validated)
{
	char why[200];

	model_reset(&m, SNP_RMP_MAX_2M);
	snp_map_gpa_range(&m.vc, HEAD, 512, 0x11, 0, true);
	if (validated)
		snp_pvalidate(&m.vc, HEAD | 0xffff800000000000ull, HEAD, 1, 1);
	why[0] = 0;
	tap_check(model_check(&m, why, sizeof(why)),
		  "%s 2M page: the model's invariants hold%s%s",
		  validated ? "validated" : "private", why[0] ? ": " : "", why);
}

/* Both checks fail on the broken page, named in the reason. */
static void caught(uint64_t gpa, const char *what, const char *reason)
{
	char why[200] = "", dwhy[200] = "";
	bool full, dirty;

	/* Every page of the region dirty, as a 2 MiB change marks it. */
	memset(m.dirty + (HEAD >> 12) / 64, 0xff, 512 / 8);
	model_both_catch(&m, gpa, reason, &full, why, &dirty, dwhy,
			 sizeof(why));
	tap_check(full && dirty,
		  "%s: caught by model_check (%s) and model_check_dirty (%s)",
		  what, full ? "yes" : why, dirty ? "yes" : dwhy);
}

int main(void)
{
	const uint64_t p = HEAD + 13 * SZ_4K; /* page 5 of its group of 8 */

	model_init(&m, MEM, SNP_RMP_MAX_2M);

	setup(true);
	m.view_private[p >> 12] = 0;
	caught(p, "validated 2M page, one page without its private view",
	       "validated page without private view");

	setup(true);
	m.view_shared[p >> 12] = 1;
	caught(p, "validated 2M page, one page also mapped shared",
	       "mapped both private and shared");

	setup(false);
	m.view_shared[p >> 12] = 1;
	caught(p, "private 2M page, one page mapped shared",
	       "shared view on an assigned page");

	setup(false);
	m.view_private[p >> 12] = 1;
	caught(p, "private 2M page, one page with a private view",
	       "private view on a page not assigned+validated");

	setup(false);
	m.view_alias[p >> 12] = SNP_ALIAS_WALK;
	caught(p, "private 2M page, one page with a shared alias",
	       "shared alias on a page not validated private");

	model_free(&m);
	return tap_done();
}
