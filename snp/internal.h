/* SPDX-License-Identifier: GPL-2.0-only */
/* Internal interfaces of the conversion engine (snp/snp.h is public). */
#ifndef SNP_INTERNAL_H
#define SNP_INTERNAL_H

#include "snp/snp.h"

/* Results of a range conversion. */
enum conv_rc {
	CONV_OK = 0,
	CONV_OUTSIDE, /* part of the range is not guest memory */
	CONV_REFUSED, /* the view back end's prepare() refused */
	CONV_FAILED,  /* an RMP or view update failed midway (logged) */
};

/* KVM_HC_MAP_GPA_RANGE attribute encoding, used in trace lines. */
#define CONV_ATTR_PRIVATE 0x10u
#define CONV_ATTR_2M	  0x1u

/*
 * Convert npages 4 KiB pages from gpa to private (assigned to the guest,
 * not validated, no view) or shared (unassigned, shared view). With
 * want_2m, 2 MiB-aligned fully covered stretches use one 2 MiB RMP entry
 * when the policy allows. Emits one "conv" trace line.
 */
enum conv_rc snp_convert(struct snp_vm *vm, uint64_t gpa, uint64_t npages,
			 bool to_private, bool want_2m);
/* snp_convert() of the one page at gpa (the MSR protocol, scattered PSC
 * entries, implicit conversions), without the range loop. */
enum conv_rc snp_convert_page(struct snp_vm *vm, uint64_t gpa, bool to_private,
			      bool want_2m);

/* The guest-requested PSMASH / UNSMASH of the 2 MiB page at gpa. */
enum conv_rc snp_psmash_gpa(struct snp_vm *vm, uint64_t gpa);
enum conv_rc snp_unsmash_gpa(struct snp_vm *vm, uint64_t gpa);

/*
 * Split the assigned 2 MiB RMP entry over gpa (any address inside it)
 * into 4 KiB entries and re-present a validated page's private view at
 * 4 KiB. Returns false (logged) on failure.
 */
bool snp_smash(struct snp_vm *vm, uint64_t gpa);

/* Is [gpa, gpa + len) inside r (r may be NULL)? Regions never overlap, so
 * a region found once answers for every range inside it. */
static inline bool snp_region_has(const struct snp_region *r, uint64_t gpa,
				  uint64_t len)
{
	return r && gpa >= r->gpa && len <= r->size &&
	       gpa - r->gpa <= r->size - len;
}

/* snp_region_of()'s walk of every region, which remembers the one it found
 * (snp/convert.c). */
const struct snp_region *snp_region_find(struct snp_vm *vm, uint64_t gpa,
					 uint64_t len);

/*
 * GPA -> region, NULL when [gpa, gpa + len) is not inside one region.
 * Requests mostly fall in the region the previous one fell in, so that
 * one (vm->last_region) is asked first; regions never overlap, so a hit
 * there is the answer.
 */
static inline const struct snp_region *snp_region_of(struct snp_vm *vm,
						     uint64_t gpa, uint64_t len)
{
	const struct snp_region *r = &vm->regions[vm->last_region];

	return vm->last_region < vm->nr_regions && snp_region_has(r, gpa, len) ?
		       r :
		       snp_region_find(vm, gpa, len);
}

static inline uint64_t snp_spa(const struct snp_region *r, uint64_t gpa)
{
	return r->spa + (gpa - r->gpa);
}

static inline bool snp_tracing(const struct snp_vm *vm)
{
	return vm->trace.emit != 0;
}

/* Formats and emits one trace line; snp_tracef() skips even the argument
 * evaluation when no sink is set. */
void snp_tracef_emit(struct snp_vm *vm, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
#define snp_tracef(vm, ...)                               \
	do {                                              \
		if (snp_tracing(vm))                      \
			snp_tracef_emit(vm, __VA_ARGS__); \
	} while (0)

/*
 * Stops the vCPU's guest: fills stop_reason, logs it, traces
 * "stop reason=<word>", returns SNP_STOP.
 */
/* clang-format off */
enum snp_action snp_stop(struct snp_vcpu *vc, const char *word,
			 const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* clang-format on */

/* The log lines of the two helpers below (snp/convert.c), out of line. */
void snp_view_failed(uint64_t gpa, uint64_t size, enum snp_view v);
void snp_rmp_update_failed(uint64_t spa, const struct rmp_state *st,
			   enum rmp_rc rc);

/*
 * Every view change of the engine: vm->view->set_view with the failure
 * logged. false when the back end could not.
 */
static inline bool snp_set_view(struct snp_vm *vm, uint64_t gpa, uint64_t size,
				enum snp_view v)
{
	if (vm->view->set_view(vm->view_ctx, gpa, size, v) == 0)
		return true;
	snp_view_failed(gpa, size, v);
	return false;
}

/* RMP update with counting and logging of unexpected failures. */
static inline enum rmp_rc snp_rmp_update(struct snp_vm *vm, uint64_t spa,
					 const struct rmp_state *st)
{
	enum rmp_rc rc = rmp_update(vm->rmp, spa, st);

	vm->ctr.rmp_updates++;
	if (rc != RMP_OK)
		snp_rmp_update_failed(spa, st, rc);
	return rc;
}

/* The GHCB page protocol's checks and NAE switch (snp/vmgexit.c). */
enum snp_action snp_ghcb_protocol(struct snp_vcpu *vc);
/*
 * The Page State Change NAE event (snp/psc.c), once the GHCB at ghcb_gpa
 * passed the protocol's checks; valid is the valid bitmap as received.
 */
enum snp_action snp_psc_event(struct snp_vcpu *vc, struct ghcb *g,
			      uint64_t ghcb_gpa, const uint8_t *valid);

/* GHCB field helpers (snp/ghcb.c). */
/* The host address of the GHCB at the GPA in vc->ghcb_msr, or NULL. */
struct ghcb *snp_ghcb_of(struct snp_vcpu *vc);
/* SW_EXITINFO1/2 = info1/info2, both marked valid. */
void snp_ghcb_result(struct ghcb *g, uint64_t info1, uint64_t info2);
/* Error response: SW_EXITINFO1 = 2, SW_EXITINFO2 = err, one ghcb.err line. */
void snp_ghcb_error(struct snp_vcpu *vc, struct ghcb *g, uint64_t err);

static inline bool snp_ghcb_bit_valid(const uint8_t *bitmap, unsigned bit)
{
	return (bitmap[bit / 8] >> (bit % 8)) & 1;
}
/* The GHCB MSR protocol (snp/ghcb_msr.c). */
enum snp_action snp_msr_protocol(struct snp_vcpu *vc);

#endif
