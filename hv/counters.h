/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The counters line: one per guest that ran, just before its final
 * "stopped"/"exited" lines, for scripts (tests/bench/bench.py) rather
 * than people:
 *   HV: counters guest=<name> key=value key=value ...
 * Every key is [a-z0-9_]+ and every value a decimal integer; the keys and
 * their meaning are listed in docs/counters.md and never renamed. Pure
 * (host-tested: tests/unit/test_counters.c); hv/main.c prints it.
 */
#ifndef HV_COUNTERS_H
#define HV_COUNTERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "snp/snp.h"

/* Room for every key of docs/counters.md with 20-digit values. */
#define COUNTERS_LINE_MAX 4096

struct counters_line {
	char buf[COUNTERS_LINE_MAX];
	size_t len;
	bool overflow; /* a key did not fit: the line ends "overflow=1" */
};

/* Start the line: "HV: counters guest=<name>". */
void counters_begin(struct counters_line *l, const char *guest);

/* Append " <key>=<v>"; "-" in key becomes "_". */
void counters_add(struct counters_line *l, const char *key, uint64_t v);

/* The same, the key being prefix followed by name ("exit_" "cpuid"). */
void counters_add2(struct counters_line *l, const char *prefix,
		   const char *name, uint64_t v);

/* The conversion engine's counters (struct snp_counters), in a fixed order. */
void counters_add_snp(struct counters_line *l, const struct snp_counters *c);

/*
 * The conversion keys of a part of the engine's counters (the split at
 * 4 GiB, hv/conv_high.h), each name after prefix: msr_psc, ghcb_psc,
 * psc_entries, map_gpa, to_private, to_shared, rmp_updates, psmash,
 * implicit, pvalidate_4k_ok, pvalidate_2m_ok.
 */
void counters_add_snp_split(struct counters_line *l, const char *prefix,
			    const struct snp_counters *c);

/* The finished line with its "\n" (and "overflow=1" when needed). */
const char *counters_end(struct counters_line *l, size_t *len);

#endif
