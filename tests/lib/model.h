/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A host model of one SNP guest for the engine's tests: guest memory in a
 * malloc'd buffer, a software RMP over it, and a nested-paging model that
 * records which view (shared/private, at which size) presents each page,
 * and which validated private page has its shared alias open.
 * model_check() verifies the engine's invariants (snp/convert.c).
 */
#ifndef TESTS_LIB_MODEL_H
#define TESTS_LIB_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "snp/snp.h"

#define MODEL_SPA_BASE 0x100000000ull /* host frames differ from GPAs */
#define MODEL_ASID     5u

struct model {
	struct snp_vm vm;
	struct snp_vm_config cfg; /* what model_init() set the engine up with */
	struct snp_region region;
	struct snp_vcpu vc;
	struct rmp rmp;
	uint64_t *rmp_table;
	uint8_t *mem;
	uint64_t mem_size;
	uint8_t *view_shared; /* per page: 0 none, 1 4K leaf, 2 2M leaf */
	uint8_t *view_private;
	uint8_t *view_alias; /* per page: SNP_ALIAS_* flags of an open alias */
	unsigned nr_prepare;
	unsigned fail_prepare_at; /* fail the Nth prepare(); 0 = never */
	unsigned view_errors;	  /* view calls outside memory or misaligned */
	unsigned alias_errors;	  /* set_view over a page with an open alias */
	unsigned nr_alias_ops;	  /* alias opens and closes */
	/*
	 * Pages whose RMP entry or view changed since the last check
	 * (model_check_dirty()): every RMP operation goes through the
	 * model's forwarding ops, every view change through its callbacks.
	 */
	uint64_t *dirty;
	const struct rmp_ops *rmp_sw_ops; /* the software back end's own */
	/* The checks read the software RMP's slots directly (model.c,
	 * probe_slots()), else RMPREAD through the RMP interface. */
	bool raw_slots;
	char *trace; /* trace lines, '\n'-separated */
	size_t trace_len, trace_cap;
	bool echo_trace; /* also print trace lines as TAP comments */
};

/* All of guest memory starts shared (no RMP assignment, shared view). */
void model_init(struct model *m, uint64_t mem_size, enum snp_rmp_max rmp_max);
void model_free(struct model *m);
/* Back to the state model_init() left: all shared, counters and trace cleared. */
void model_reset(struct model *m, enum snp_rmp_max rmp_max);
/* Checks every invariant; on failure writes the first violation to why. */
bool model_check(struct model *m, char *why, size_t len);
/*
 * The same checks over the pages that changed since the last check (either
 * kind), the fuzzers' fast path; a page's invariants depend only on its own
 * RMP entry, its 2 MiB region's head entry and its views, and a change of
 * the head marks the whole region.
 */
bool model_check_dirty(struct model *m, char *why, size_t len);
/*
 * For tests of the checks themselves: do model_check_dirty() (with the
 * dirty marks as the caller set them) and then model_check() both refuse
 * the state, naming the page at gpa and reason? Each check's verdict goes
 * to *dirty_ok / *full_ok, its message to dwhy / why.
 */
void model_both_catch(struct model *m, uint64_t gpa, const char *reason,
		      bool *full_ok, char *why, bool *dirty_ok, char *dwhy,
		      size_t len);
/*
 * The state and entry size the checks read for the page at gpa, from the
 * software RMP's slots when raw (and their layout held at model_init()),
 * else through RMPREAD; false for a gpa outside memory or unaligned.
 */
bool model_page_state(struct model *m, uint64_t gpa, bool raw,
		      enum snp_page_state *st, enum rmp_pgsize *sz);
void model_trace_clear(struct model *m);
/* Does the trace contain this exact line? */
bool model_trace_has(const struct model *m, const char *line);
/* Count of trace lines starting with prefix. */
unsigned model_trace_count(const struct model *m, const char *prefix);

/* A GHCB at gpa inside the model's memory, registered and shared. */
struct ghcb *model_ghcb(struct model *m, uint64_t gpa);
/*
 * The registered GHCB at ghcb_gpa cleared and filled for one NAE event:
 * SW_EXITCODE = code, SW_EXITINFO1/2 = info1/info2, all three marked valid.
 */
struct ghcb *model_nae(struct model *m, uint64_t ghcb_gpa, uint64_t code,
		       uint64_t info1, uint64_t info2);
/* Fill a PSC request in the GHCB at gpa: header + n entries at 0x800. */
void model_psc(struct model *m, uint64_t ghcb_gpa, unsigned cur, unsigned end,
	       const uint64_t *entries, unsigned n);

#endif
