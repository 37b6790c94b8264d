/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Shared set-up of the libFuzzer targets: one model guest of 4 MiB reset
 * before every input, and an invariant check that aborts (so libFuzzer
 * records the input) when the engine breaks one.
 *
 * fuzz_check() after each request checks the pages the request touched
 * (model_check_dirty()); fuzz_end() checks every page once at the end of
 * the input. FUZZ_FULL_CHECK=1 in the environment selects the slow mode:
 * every page after every request.
 */
#ifndef TESTS_FUZZ_COMMON_H
#define TESTS_FUZZ_COMMON_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/lib/model.h"

#define FUZZ_MEM  (2 * SZ_2M)
#define FUZZ_GHCB 0x1000ull

static struct model fuzz_model;

/*
 * A page budget per input: a conversion of more than FUZZ_SMALL_PAGES
 * pages of guest memory is charged to it, and one the budget no longer
 * covers is not made (fuzz_charge()) or is made small (fuzz_npages()).
 * Large conversions run the same per-page path of the engine as small
 * ones, hundreds of times over; unbounded, libFuzzer grows the inputs to
 * dozens of them, an execution to a quarter of a millisecond on average
 * (docs/testing.md, "Bounded work per input", with the rates measured at
 * each budget). The budget keeps one conversion of all of memory, or two
 * of 2 MiB, in every input.
 */
#define FUZZ_SMALL_PAGES 32
#define FUZZ_PAGE_BUDGET 1024
static uint64_t fuzz_pages_left;

/* FNV-1a of the whole input: a choice an input always makes the same
 * way, but that any mutation of it draws again. */
static inline uint32_t fuzz_hash(const uint8_t *data, size_t size)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < size; i++)
		h = (h ^ data[i]) * 16777619u;
	return h;
}

/*
 * A fresh model for the input (data, size) whose policy byte is
 * policy_byte: bit 0 RMP entries at most 4 KiB, bit 1 strict mismatch
 * handling, bits 4:2 which prepare() call fails.
 */
static inline struct model *fuzz_begin(unsigned policy_byte,
				       const uint8_t *data, size_t size)
{
	static int ready;

	if (!ready) {
		model_init(&fuzz_model, FUZZ_MEM, SNP_RMP_MAX_2M);
		ready = 1;
	}
	model_reset(&fuzz_model,
		    (policy_byte & 1) ? SNP_RMP_MAX_4K : SNP_RMP_MAX_2M);
	fuzz_model.vm.mismatch = (policy_byte & 2) ? SNP_MISMATCH_STRICT :
						     SNP_MISMATCH_IMPLICIT;
	fuzz_model.fail_prepare_at = (policy_byte >> 2) & 7;
	/* The trace sink is on in 1 input in 8: with policy bit 5 clear and
	 * for 1 in 4 of those by the input's hash. Formatting the trace
	 * (vsnprintf, checked by ASan) was a third of an MSR or PSC input;
	 * an input with it keeps the trace calls under the fuzzer, and the
	 * hash keeps mutations of such an input from all having it. */
	if ((policy_byte & 0x20) || fuzz_hash(data, size) % 4)
		fuzz_model.vm.trace.emit = NULL;
	fuzz_model.vc.ghcb_registered_gpa = FUZZ_GHCB;
	fuzz_pages_left = FUZZ_PAGE_BUDGET;
	return &fuzz_model;
}

/* Consumes the input's first byte as the policy byte; NULL when empty. */
static inline struct model *fuzz_start(const uint8_t **data, size_t *size)
{
	struct model *m;

	if (*size < 1)
		return NULL;
	m = fuzz_begin((*data)[0], *data, *size);
	(*data)++;
	(*size)--;
	return m;
}

static inline int fuzz_full_check(void)
{
	static int full = -1;

	if (full < 0) {
		const char *s = getenv("FUZZ_FULL_CHECK");

		full = s && *s && strcmp(s, "0");
	}
	return full;
}

static inline void fuzz_fail(const char *why)
{
	fprintf(stderr, "invariant broken: %s\n", why);
	abort();
}

/* After each request: the pages it touched (every page in slow mode). */
static inline void fuzz_check(struct model *m)
{
	char why[256];
	bool ok = fuzz_full_check() ? model_check(m, why, sizeof(why)) :
				      model_check_dirty(m, why, sizeof(why));

	if (!ok)
		fuzz_fail(why);
}

/* At the end of each input: every page. */
static inline int fuzz_end(struct model *m)
{
	char why[256];

	if (!model_check(m, why, sizeof(why)))
		fuzz_fail(why);
	return 0;
}

/*
 * May the input convert npages from gpa? Yes for at most FUZZ_SMALL_PAGES
 * pages of guest memory, else if the page budget still covers them (and
 * then they are charged to it).
 */
static inline bool fuzz_charge(uint64_t gpa, uint64_t npages)
{
	uint64_t first = gpa >> 12, mem = FUZZ_MEM >> 12, n;

	if (first >= mem)
		return true;
	n = npages < mem - first ? npages : mem - first;
	if (n <= FUZZ_SMALL_PAGES)
		return true;
	if (n > fuzz_pages_left)
		return false;
	fuzz_pages_left -= n;
	return true;
}

/*
 * A page count for a conversion from one byte: 1-32 pages, or 511-513 and
 * 1023-1025 (2 MiB and all of memory, and one off either way) while the
 * page budget covers them, charged to it (at most all of memory: no more
 * can convert). Counts in between repeat the per-page path of the engine
 * the small ones already take, and would cost most of an execution.
 */
static inline uint64_t fuzz_npages(uint8_t b)
{
	static const uint64_t big[] = { 511, 512, 513, 1023, 1024, 1025 };
	uint64_t n = big[(b & 0x7f) % 6], mem = FUZZ_MEM >> 12;
	uint64_t cost = n < mem ? n : mem;

	if ((b & 0x80) && cost <= fuzz_pages_left) {
		fuzz_pages_left -= cost;
		return n;
	}
	return 1 + (b & 31);
}

static inline uint64_t fuzz_u64(const uint8_t **p, size_t *left)
{
	uint64_t v = 0;
	size_t n = *left < 8 ? *left : 8;

	memcpy(&v, *p, n);
	*p += n;
	*left -= n;
	return v;
}

#endif
