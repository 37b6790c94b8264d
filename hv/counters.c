// SPDX-License-Identifier: GPL-2.0-only
/*
 * The counters line (hv/counters.h): key=value pairs appended to one
 * buffer. A key that does not fit is dropped and the line says so, so a
 * parser never reads a cut value as a whole one.
 */
#include <stdio.h>
#include <string.h>

#include "hv/counters.h"

/* Room kept for " overflow=1\n" and the NUL. */
#define COUNTERS_TAIL 16

void counters_begin(struct counters_line *l, const char *guest)
{
	size_t room = sizeof(l->buf) - COUNTERS_TAIL;
	int n = snprintf(l->buf, room, "HV: counters guest=%s", guest);

	/* Guest names are short (GUEST_NAME_MAX): a cut one still starts it. */
	l->overflow = n < 0 || (size_t)n >= room;
	l->len = n < 0 ? 0 : l->overflow ? room - 1 : (size_t)n;
	l->buf[l->len] = '\0';
}

void counters_add2(struct counters_line *l, const char *prefix,
		   const char *name, uint64_t v)
{
	size_t room = sizeof(l->buf) - COUNTERS_TAIL - l->len, start = l->len;
	int n;

	if (l->overflow)
		return;
	n = snprintf(l->buf + l->len, room, " %s%s=%llu", prefix, name,
		     (unsigned long long)v);
	if (n < 0 || (size_t)n >= room) {
		l->overflow = true;
		l->buf[l->len] = '\0';
		return;
	}
	l->len += (size_t)n;
	for (size_t i = start; i < l->len && l->buf[i] != '='; i++)
		if (l->buf[i] == '-')
			l->buf[i] = '_';
}

void counters_add(struct counters_line *l, const char *key, uint64_t v)
{
	counters_add2(l, "", key, v);
}

void counters_add_snp(struct counters_line *l, const struct snp_counters *c)
{
	static const char *const pv_res[SNP_PV_NR] = {
		[SNP_PV_OK] = "ok",
		[SNP_PV_NO_UPDATE] = "no_update",
		[SNP_PV_FAIL_INPUT] = "fail_input",
		[SNP_PV_FAIL_SIZEMISMATCH] = "fail_sizemismatch",
		[SNP_PV_FAULT] = "fault",
	};

	counters_add(l, "vmgexits", c->vmgexits);
	counters_add(l, "hypercalls", c->hypercalls);
	counters_add(l, "msr_requests", c->msr_requests);
	counters_add(l, "msr_psc", c->msr_psc);
	counters_add(l, "ghcb_requests", c->ghcb_requests);
	counters_add(l, "ghcb_psc", c->ghcb_psc);
	counters_add(l, "psc_entries", c->psc_entries);
	counters_add(l, "map_gpa", c->map_gpa);
	counters_add(l, "launch_pages", c->launch_pages);
	counters_add(l, "conversions", c->range_conversions);
	counters_add(l, "to_private", c->pages_to_private);
	counters_add(l, "to_shared", c->pages_to_shared);
	counters_add(l, "rmp_updates", c->rmp_updates);
	counters_add(l, "psmash", c->psmashes);
	counters_add(l, "unsmash", c->unsmashes);
	counters_add(l, "implicit", c->implicit_conversions);
	for (unsigned s = 0; s < 2; s++)
		for (unsigned i = 0; i < SNP_PV_NR; i++)
			counters_add2(l, s ? "pvalidate_2m_" : "pvalidate_4k_",
				      pv_res[i], c->pvalidate[s][i]);
	counters_add(l, "pvalidate_bad_size", c->pvalidate_bad_size);
}

const char *counters_end(struct counters_line *l, size_t *len)
{
	if (l->overflow) {
		memcpy(l->buf + l->len, " overflow=1", 11);
		l->len += 11;
	}
	l->buf[l->len++] = '\n';
	l->buf[l->len] = '\0';
	*len = l->len;
	return l->buf;
}

void counters_add_snp_split(struct counters_line *l, const char *prefix,
			    const struct snp_counters *c)
{
	counters_add2(l, prefix, "msr_psc", c->msr_psc);
	counters_add2(l, prefix, "ghcb_psc", c->ghcb_psc);
	counters_add2(l, prefix, "psc_entries", c->psc_entries);
	counters_add2(l, prefix, "map_gpa", c->map_gpa);
	counters_add2(l, prefix, "to_private", c->pages_to_private);
	counters_add2(l, prefix, "to_shared", c->pages_to_shared);
	counters_add2(l, prefix, "rmp_updates", c->rmp_updates);
	counters_add2(l, prefix, "psmash", c->psmashes);
	counters_add2(l, prefix, "implicit", c->implicit_conversions);
	counters_add2(l, prefix, "pvalidate_4k_ok", c->pvalidate[0][SNP_PV_OK]);
	counters_add2(l, prefix, "pvalidate_2m_ok", c->pvalidate[1][SNP_PV_OK]);
}
