/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Conversion scenarios (docs/scenario-format.md): a guest memory layout,
 * a GHCB, a list of guest requests and the conversions the emulated
 * userspace or back end must fail. Shared by the KVM reference harness
 * (kvm/ref/) and snpvisor's scenario driver (tests/diff/scn_engine.c),
 * so it depends on libc only and defines no name that clashes with the
 * kernel's or snpvisor's own headers.
 */
#ifndef TESTS_DIFF_SCENARIO_H
#define TESTS_DIFF_SCENARIO_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define SCN_MAX_REGIONS 16
#define SCN_MAX_REQS	64
#define SCN_MAX_FAILS	16
#define SCN_MAX_EXPECTS 16
/* 253 entries fit behind the header in the GHCB shared buffer; allow more
 * so that a scenario can describe a descriptor that overflows it. */
#define SCN_MAX_ENTRIES 256

#define SCN_GHCB_SHARED_BUF 0x800ull	  /* GHCB offset of shared_buffer */
#define SCN_GHCB_SHARED_END 0xff0ull	  /* first byte after it */
#define SCN_PSC_EXIT_CODE   0x80000010ull /* SVM_VMGEXIT_PSC */

/* Bit positions in the GHCB valid bitmap (offset / 8). */
#define SCN_VALID_CPL	     25 /* 0x0cb / 8 */
#define SCN_VALID_RAX	     63 /* 0x1f8 / 8 */
#define SCN_VALID_RCX	     97 /* 0x308 / 8 */
#define SCN_VALID_RDX	     98
#define SCN_VALID_RBX	     99
#define SCN_VALID_EXIT_CODE  114 /* 0x390 / 8 */
#define SCN_VALID_EXIT_INFO1 115
#define SCN_VALID_EXIT_INFO2 116
#define SCN_VALID_SCRATCH    117 /* 0x3a8 / 8 */

enum scn_vm_type {
	SCN_VM_SNP,
	SCN_VM_SEV_ES, /* an SEV-ES guest: no PSC at all */
};

/* How the emulated userspace answers a successful conversion. */
enum scn_userspace {
	/*
	 * Writes hypercall.ret = 0 (QEMU's rules for what fails; QEMU
	 * itself never writes ret and stops the vCPU on a failure).
	 */
	SCN_US_QEMU,
	SCN_US_LEAVE_RET, /* leaves hypercall.ret alone on success */
};

enum scn_req_kind {
	SCN_REQ_MSR, /* GHCB MSR protocol VMGEXIT */
	SCN_REQ_PSC, /* PSC NAE event through the GHCB page */
	SCN_REQ_MAP, /* KVM_HC_MAP_GPA_RANGE hypercall */
};

struct scn_region {
	uint64_t gpa;
	uint64_t size;
	bool private; /* initial state of every page */
	bool rmp_2m;  /* private pages start as 2 MiB RMP entries */
};

struct scn_psc {
	uint64_t ghcb_gpa;     /* GHCB MSR value at VMGEXIT */
	uint64_t scratch;      /* SW_SCRATCH (a GPA) */
	uint64_t exit_code;    /* SW_EXITCODE */
	uint64_t info1, info2; /* SW_EXITINFO1/2 as the guest wrote them */
	uint8_t valid[16];     /* GHCB valid bitmap as the guest set it */
	uint32_t usage;	       /* GHCB usage field */
	uint16_t version;      /* GHCB protocol_version field */
	uint16_t cur, end;
	uint32_t rsvd;
	unsigned int nr_entries;
	uint64_t entries[SCN_MAX_ENTRIES];
};

struct scn_map {
	uint64_t nr;	 /* RAX */
	uint64_t gpa;	 /* RBX */
	uint64_t npages; /* RCX */
	uint64_t attrs;	 /* RDX */
	unsigned int cpl;
	bool long_mode;
};

struct scn_req {
	enum scn_req_kind kind;
	int line;
	union {
		uint64_t msr;
		struct scn_psc psc;
		struct scn_map map;
	};
};

/* A conversion the emulated userspace / back end fails. */
struct scn_fail {
	bool by_index; /* the n-th conversion (1-based) ... */
	uint64_t n;
	uint64_t gpa; /* ... or any conversion that covers gpa */
	int64_t ret;  /* value userspace writes to hypercall.ret */
};

/* "expect <side>[@X.Y] <Dn>": the diff checks that this label shows up. */
struct scn_expect {
	char side[16]; /* unpatched | patched, optionally @ a KVM version */
	char label[16];
};

struct scenario {
	char name[64];
	char path[256];
	enum scn_vm_type vm;
	unsigned int ghcb_version; /* negotiated/allowed GHCB version */
	bool exit_enabled;	   /* KVM_CAP_EXIT_HYPERCALL bit 12 */
	enum scn_userspace userspace;
	uint64_t ghcb_gpa; /* 0: none */
	bool ghcb_registered;
	uint64_t registered_gpa;
	unsigned int nr_regions;
	struct scn_region regions[SCN_MAX_REGIONS];
	unsigned int nr_fails;
	struct scn_fail fails[SCN_MAX_FAILS];
	unsigned int nr_expects;
	struct scn_expect expects[SCN_MAX_EXPECTS];
	unsigned int nr_reqs;
	struct scn_req reqs[SCN_MAX_REQS];
};

/*
 * Parse a scenario file. Returns 0, or -1 after printing
 * "<path>:<line>: <reason>" to stderr.
 */
int scn_parse_file(const char *path, struct scenario *s);
int scn_parse_string(const char *text, const char *name, struct scenario *s);

/* True when every page of [gpa, gpa + npages * 4K) lies in a region. */
bool scn_range_in_memory(const struct scenario *s, uint64_t gpa,
			 uint64_t npages);

/*
 * The scenario's verdict on conversion number idx (1-based) of
 * [gpa, gpa + npages * 4K): 0 to succeed, else the failure value.
 */
int64_t scn_conv_result(const struct scenario *s, uint64_t idx, uint64_t gpa,
			uint64_t npages);

/* Entries that fit in the scratch area, as printed on psc.req lines. */
unsigned int scn_psc_capacity(const struct scn_psc *p);

/* The canonical request lines of docs/trace-format.md. */
void scn_print_request(FILE *out, const struct scn_req *r);

#endif
