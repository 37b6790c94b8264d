/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The SEV-SNP conversion engine: what every private/shared conversion
 * request does. Plain C with no SVM or UEFI dependency, compiled into
 * hv.efi and into host programs (unit tests, fuzzers, the KVM diff,
 * benchmarks). docs/abi.md describes every request, its checks in order
 * and its results.
 *
 * The engine owns the RMP decisions (through mm/rmp.h). What it does not
 * own — the nested page tables that present a "private" and a "shared"
 * view of guest memory — it reaches through struct snp_view_ops, which the
 * hypervisor implements and host tests model.
 */
#ifndef SNP_SNP_H
#define SNP_SNP_H

#include <stdbool.h>
#include <stdint.h>

#include "guest-abi/ghcb.h"
#include "mm/rmp.h"

#define SNP_MAX_REGIONS	      8
#define SNP_GHCB_UNREGISTERED (~0ull)

/* Largest RMP page size used for private memory (boot option rmp-max). */
enum snp_rmp_max {
	SNP_RMP_MAX_2M =
		0, /* default: 2 MiB entries where requested and aligned */
	SNP_RMP_MAX_4K =
		1, /* reproduce KVM 6.12, which prepares gmem at 4 KiB */
};

/* What a private/shared mismatch on access does (boot option policy). */
enum snp_mismatch_policy {
	SNP_MISMATCH_IMPLICIT = 0, /* convert, as KVM + QEMU do */
	SNP_MISMATCH_STRICT = 1,   /* stop the guest with the reason */
};

/* Guest memory: GPA range -> system physical range -> host pointer. */
struct snp_region {
	uint64_t gpa;
	uint64_t size;
	uint64_t spa;
	uint8_t *host; /* where the hypervisor reaches these bytes */
};

/* Which view of a guest page the nested page tables present. */
enum snp_view {
	SNP_VIEW_NONE = 0, /* neither: private but not validated */
	SNP_VIEW_SHARED = 1,
	SNP_VIEW_PRIVATE = 2,
};

struct snp_view_ops {
	/*
	 * Called once per range conversion before anything changes. A
	 * non-zero return refuses the conversion, leaving every state as it
	 * was (the hypervisor: out of page-table memory; host tests: a
	 * scenario's injected failure).
	 */
	int (*prepare)(void *ctx, uint64_t gpa, uint64_t npages,
		       bool to_private);
	/*
	 * Present [gpa, gpa + size) in exactly this view (size 4 KiB or
	 * 2 MiB, gpa aligned to it). Non-zero return: could not.
	 */
	int (*set_view)(void *ctx, uint64_t gpa, uint64_t size,
			enum snp_view v);
	/*
	 * The one exception to "at most one view" (snp_alias_set()): present
	 * the validated private 4 KiB page at gpa also at its shared address,
	 * for the guest's page walks (SNP_ALIAS_WALK: readable and writable)
	 * and/or instruction fetches (SNP_ALIAS_FETCH: readable and
	 * executable); flags 0 removes it again. The private view is not
	 * touched. Non-zero return: could not.
	 */
	int (*alias)(void *ctx, uint64_t gpa, unsigned flags);
};

#define SNP_ALIAS_WALK	(1u << 0)
#define SNP_ALIAS_FETCH (1u << 1)

/* Receives one canonical trace line (docs/trace-format.md), no newline. */
struct snp_trace {
	void (*emit)(void *ctx, const char *line);
	void *ctx;
};

enum snp_pv_result {
	SNP_PV_OK,
	SNP_PV_NO_UPDATE, /* CF=1 */
	SNP_PV_FAIL_INPUT,
	SNP_PV_FAIL_SIZEMISMATCH,
	SNP_PV_FAULT, /* stopped or converted by policy */
	SNP_PV_NR,
};

struct snp_counters {
	uint64_t vmgexits;	/* world switches for the GHCB protocols */
	uint64_t hypercalls;	/* world switches for MAP_GPA_RANGE */
	uint64_t msr_requests;	/* GHCB MSR protocol requests, all codes */
	uint64_t msr_psc;	/* ... of which Page State Change */
	uint64_t ghcb_requests; /* GHCB page protocol requests */
	uint64_t ghcb_psc;	/* ... of which Page State Change */
	uint64_t psc_entries;	/* PSC descriptor entries processed */
	uint64_t map_gpa;	/* KVM_HC_MAP_GPA_RANGE calls */
	uint64_t range_conversions;
	uint64_t pages_to_private;
	uint64_t pages_to_shared;
	uint64_t rmp_updates;
	uint64_t psmashes;
	uint64_t unsmashes;
	uint64_t implicit_conversions;
	uint64_t pvalidate[2][SNP_PV_NR]; /* [size 4K/2M][result] */
	uint64_t pvalidate_bad_size;	  /* ECX > 1: FAIL_INPUT, no size */
	/* Pages pre-validated at launch (not counted as conversions). */
	uint64_t launch_pages;
};

struct snp_vm {
	const char *name;
	uint32_t asid;
	unsigned cbit; /* C-bit position in SEV_INFO, 0 = none */
	struct snp_region regions[SNP_MAX_REGIONS];
	unsigned nr_regions;
	/* The region snp_region_of() found last: where it looks first. A
	 * hint only; it never changes an answer. */
	unsigned last_region;
	struct rmp *rmp;
	const struct snp_view_ops *view;
	void *view_ctx;
	enum snp_rmp_max rmp_max;
	enum snp_mismatch_policy mismatch;
	uint64_t hv_features; /* GHCB_HV_FT_* reported to the guest */
	/* Optional: CPUID for the MSR protocol's CPUID request (subleaf 0). */
	void (*cpuid)(void *ctx, uint32_t fn, uint32_t regs[4]);
	void *cpuid_ctx;
	/* Optional: the SEV firmware's SNP_GUEST_REQUEST (see
	 * snp_vm_config). */
	uint64_t (*guest_request)(void *ctx, uint64_t req_gpa,
				  uint64_t resp_gpa);
	void *guest_request_ctx;
	/* Optional: the MMIO Read/Write NAE events (see snp_vm_config). */
	int (*mmio)(void *ctx, uint64_t gpa, unsigned len, bool write,
		    uint8_t *data);
	void *mmio_ctx;
	const uint8_t *certs; /* see snp_vm_config */
	uint32_t certs_len;
	struct snp_trace trace;
	struct snp_counters ctr;
};

struct snp_vcpu {
	struct snp_vm *vm;
	uint64_t ghcb_msr;	      /* the GHCB MSR as the guest wrote it */
	uint64_t ghcb_registered_gpa; /* SNP_GHCB_UNREGISTERED until registered */
	char stop_reason[128];	      /* set when an action is SNP_STOP */
};

/* What the hypervisor does after the engine handled a guest event. */
enum snp_action {
	SNP_RESUME = 0,	   /* results are in place: re-enter the guest */
	SNP_STOP,	   /* stop this guest; vcpu->stop_reason says why */
	SNP_AP_RESET_HOLD, /* park this vCPU until an INIT-SIPI */
};

/*
 * Everything the engine is told about a VM when it is set up. Fields left
 * zero take their defaults: rmp_max SNP_RMP_MAX_2M, mismatch
 * SNP_MISMATCH_IMPLICIT, no CPUID callback (the MSR protocol's CPUID
 * request then returns 0 for every register), no trace sink (nothing is
 * formatted).
 */
struct snp_vm_config {
	const char *name;
	uint32_t asid;
	unsigned cbit; /* C-bit position in SEV_INFO, 0 = none */
	const struct snp_region *regions; /* guest memory, copied */
	unsigned nr_regions;		  /* at most SNP_MAX_REGIONS */
	struct rmp *rmp;		  /* the RMP back end (mm/rmp.h) */
	const struct snp_view_ops *view;  /* the nested-page views */
	void *view_ctx;
	enum snp_rmp_max rmp_max;	   /* boot option rmp-max */
	enum snp_mismatch_policy mismatch; /* boot option policy */
	void (*cpuid)(void *ctx, uint32_t fn, uint32_t regs[4]);
	void *cpuid_ctx;
	/*
	 * Optional: hand a guest request (both GPAs checked to be shared
	 * guest pages) to the SEV firmware; returns SW_EXITINFO2 for the
	 * guest, (VMM error << 32) | firmware status (GHCB spec "SNP Guest
	 * Request"). NULL: the two guest-request events are INVALID_EVENT.
	 */
	uint64_t (*guest_request)(void *ctx, uint64_t req_gpa,
				  uint64_t resp_gpa);
	void *guest_request_ctx;
	/*
	 * Optional: an MMIO access of the MMIO Read / MMIO Write NAE events
	 * (GHCB spec "MMIO Read", "MMIO Write"), once the engine checked
	 * the length (1 to 8 bytes) and the scratch area: write = false
	 * fills data[0..len), write = true hands it over. Returns 0, or
	 * nonzero when gpa is no MMIO the hypervisor emulates (guest RAM,
	 * say): the guest then gets INVALID_INPUT. NULL: both events are
	 * INVALID_EVENT.
	 */
	int (*mmio)(void *ctx, uint64_t gpa, unsigned len, bool write,
		    uint8_t *data);
	void *mmio_ctx;
	/*
	 * Optional: the certificate table SNP Extended Guest Request
	 * writes into the guest's buffer (GHCB spec "SNP Extended Guest
	 * Request": {GUID, offset, length} entries, an all-zero one, the
	 * certificates), not copied: it must outlive the VM. NULL: an
	 * empty table (24 zero bytes), as KVM 6.12 answers (and KVM 7.3
	 * without KVM_SEV_SNP_ENABLE_REQ_CERTS).
	 */
	const uint8_t *certs;
	uint32_t certs_len;
	struct snp_trace trace; /* docs/trace-format.md */
};

/*
 * The one set-up call: (re)initialises *vm from cfg, with the HV features
 * at their default and the counters zeroed; nothing of an earlier use of
 * *vm survives. Returns 0, or -1 (logged) when cfg names no RMP or view
 * back end, or too many regions.
 */
int snp_vm_setup(struct snp_vm *vm, const struct snp_vm_config *cfg);
void snp_vcpu_init(struct snp_vcpu *vc, struct snp_vm *vm);

/*
 * VMGEXIT: dispatches on vc->ghcb_msr — the MSR protocol when GHCBInfo
 * (bits 11:0) is non-zero, otherwise the GHCB page protocol with the GHCB
 * at that GPA. Responses are written to vc->ghcb_msr or the GHCB page;
 * every NAE event is answered by the engine (snp/vmgexit.c), unknown ones
 * with INVALID_EVENT, so the caller only resumes, stops or holds.
 */
enum snp_action snp_vmgexit(struct snp_vcpu *vc);

/*
 * KVM_HC_MAP_GPA_RANGE (RAX = 12): returns the value for the guest's RAX.
 * cpl and long_mode describe the caller as KVM's checks need them.
 */
int64_t snp_map_gpa_range(struct snp_vcpu *vc, uint64_t gpa, uint64_t npages,
			  uint64_t attrs, unsigned cpl, bool long_mode);

/*
 * PVALIDATE as executed by the guest: gva is RAX, gpa its translation
 * (C-bit stripped), ecx and edx the other operands. On SNP_RESUME, eax
 * and cf hold the instruction's results.
 */
struct snp_pvalidate_out {
	enum snp_action action;
	uint32_t eax;
	bool cf;
};
struct snp_pvalidate_out snp_pvalidate(struct snp_vcpu *vc, uint64_t gva,
				       uint64_t gpa, uint32_t ecx,
				       uint32_t edx);

/*
 * RMPADJUST from VMPL0 (the guest's RAX = gva, RCX = size, RDX = target
 * VMPL in bits 7:0): returns the EAX value or stops the guest. Faults are
 * resolved as for PVALIDATE (PSMASH on SIZEM, the mismatch policy on a
 * shared page).
 */
struct snp_pvalidate_out snp_rmpadjust(struct snp_vcpu *vc, uint64_t gva,
				       uint64_t gpa, uint32_t ecx,
				       uint32_t edx);

/*
 * A guest access whose private-ness (C-bit) does not match the page's
 * state, or a private access to a page not validated. Applies the
 * mismatch policy.
 */
enum snp_action snp_access_fault(struct snp_vcpu *vc, uint64_t gpa,
				 bool private_access);

/*
 * Launch without a firmware, for host programs (tests, benchmarks): make
 * [gpa, gpa + size) private, assigned to the guest and validated, at
 * 2 MiB where aligned and rmp_max allows (the VM's own rmp_max is left
 * as it is). Software RMP only. hv.efi launches through the SEV firmware
 * instead (snp_launch_assign() + SNP_LAUNCH_UPDATE). Returns 0 or -1
 * (logged).
 */
int snp_launch_range(struct snp_vm *vm, uint64_t gpa, uint64_t size,
		     enum snp_rmp_max rmp_max);

/*
 * The hypervisor's half of a launch through the SEV firmware (fw/fw.h,
 * docs/firmware.md): RMPUPDATE every page of [gpa, gpa + size) to the
 * Pre-Guest state (SNP FW ABI "Page States": assigned to the guest's
 * ASID at its GPA, Immutable, not Validated), at 2 MiB where aligned and
 * rmp_max allows, and map it private in the views. SNP_LAUNCH_UPDATE
 * then validates and measures each entry (the firmware's half). Not
 * counted as conversions. Returns 0 or -1 (logged).
 */
int snp_launch_assign(struct snp_vm *vm, uint64_t gpa, uint64_t size,
		      enum snp_rmp_max rmp_max);

/*
 * Before the snp_launch_assign() calls of one launched range: the view
 * back end's prepare() for the whole range, as one range conversion
 * (page-table memory checked first; conv-fail= counts it as before the
 * firmware launched guests). Returns 0 or -1 (logged).
 */
int snp_launch_prepare(struct snp_vm *vm, uint64_t gpa, uint64_t size);

/*
 * Open (flags SNP_ALIAS_WALK and/or SNP_ALIAS_FETCH) or close (flags 0)
 * the shared alias of the 4 KiB page at gpa through the view back end's
 * alias op, for a guest walk or fetch through the shared address of a
 * private page (hv/snp_alias.c, docs/emulated-snp.md). Opening needs the
 * page validated private. The caller closes every alias before the
 * engine handles anything else: no conversion ever meets an open alias.
 * Returns 0, or non-zero when refused or the back end could not.
 */
int snp_alias_set(struct snp_vm *vm, uint64_t gpa, unsigned flags);

/* Page state as the engine sees it, for tests and the log. */
enum snp_page_state {
	SNP_PAGE_OUTSIDE, /* not guest memory */
	SNP_PAGE_SHARED,
	SNP_PAGE_PRIVATE,   /* assigned to this guest, not validated */
	SNP_PAGE_VALIDATED, /* assigned and validated */
	SNP_PAGE_FOREIGN,   /* assigned to another ASID or GPA: a bug */
};
enum snp_page_state snp_page_state(struct snp_vm *vm, uint64_t gpa,
				   enum rmp_pgsize *size);

#endif
