/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The software SNP firmware (docs/firmware.md): the firmware's platform
 * and guest-context state, its preconditions with the SNP FW ABI's status
 * codes, and its RMP transitions on the software RMP (mm/rmp.h, through
 * rmp_ops.fw_write). Plain C over BearSSL; host-testable, compiled into
 * hv.efi. Used with the software RMP only: on silicon the PSP is the
 * firmware (fw/psp.h).
 *
 * Modelled: SNP_INIT/SNP_INIT_EX, SNP_PLATFORM_STATUS, SNP_DF_FLUSH,
 * SNP_SHUTDOWN, SNP_GCTX_CREATE, SNP_LAUNCH_START, SNP_ACTIVATE,
 * SNP_LAUNCH_UPDATE (every page type, the PAGE_INFO digest chain, the
 * secrets page, the CPUID page check), SNP_LAUNCH_FINISH (without an ID
 * block), SNP_DECOMMISSION, SNP_PAGE_RECLAIM.
 * SNP_GUEST_REQUEST with the message protocol, MSG_REPORT_REQ and
 * MSG_KEY_REQ (fw/guest_msg.c), reports signed with the VCEK of the VCEK
 * file (fw/vcek.c, a TEST chain, not AMD's) or, without one, with a key
 * from the boot seed that nothing certifies. NOT IMPLEMENTED: the other
 * message types, VLEK; ID blocks and ID auth at
 * LAUNCH_FINISH, migration agents, IMI, VMPL permissions other than 0
 * answer UNSUPPORTED; WBINVD is not tracked (never WBINVD_REQUIRED).
 */
#ifndef FW_MODEL_H
#define FW_MODEL_H

#include <stdbool.h>
#include <stdint.h>

#include "fw/fw.h"
#include "mm/rmp.h"

#define FW_MODEL_MAX_RMPS   4u
#define FW_MODEL_MAX_GUESTS 4u
#define FW_MODEL_MAX_ASID   1023u /* the RMP's 10-bit ASID field */

/* The firmware's API version, reported by SNP_PLATFORM_STATUS; a guest
 * policy asking for a newer ABI is a POLICY_FAILURE. */
#define FW_MODEL_API_MAJOR 1u
#define FW_MODEL_API_MINOR 55u
#define FW_MODEL_BUILD	   0u

/* Guest-context states (SNP FW ABI "Guest States"). */
enum fw_gstate {
	FW_GSTATE_INIT = 0, /* after SNP_GCTX_CREATE */
	FW_GSTATE_LAUNCH,   /* after SNP_LAUNCH_START */
	FW_GSTATE_RUNNING,  /* after SNP_LAUNCH_FINISH */
};

struct fw_model_guest {
	bool used;
	uint64_t gctx; /* SPA of the guest-context page */
	enum fw_gstate state;
	uint64_t policy;
	uint32_t asid;	    /* 0 until SNP_ACTIVATE */
	uint8_t digest[48]; /* the launch digest so far (MEASUREMENT) */
	uint8_t gosvw[16];
	uint8_t host_data[32];
	uint8_t vmpck[4][32];
	uint8_t report_id[32];
	/* The VM root key (SNP FW ABI "MSG_KEY_REQ", ROOT_KEY_SELECT 1): made
	 * at SNP_LAUNCH_START, as the firmware makes one for a guest without
	 * a migration agent (the only kind this model launches). */
	uint8_t vmrk[32];
	/* From an ID block, which this model does not take: always zero. */
	uint8_t family_id[16], image_id[16];
	uint32_t guest_svn;
	uint64_t pages_updated; /* 4 KiB pages through LAUNCH_UPDATE */
	uint64_t msg_seqno[4];	/* per VMPCK: the last sequence number used */
};

/*
 * The VCEK of a self-made TEST chain (tools/snp-certs.py, NOT AMD's), as
 * read from the VCEK file by fw_vcek_parse() (fw/vcek.c): reports are
 * signed with d and carry chip_id and reported_tcb; certs is the GHCB
 * certificate table (ARK, ASK, VCEK) for SNP Extended Guest Request.
 */
#define FW_VCEK_MAX_TABLE 0x4000u /* 16 KiB: Linux's certificate buffer */
struct fw_vcek {
	uint64_t reported_tcb; /* SNP FW ABI "TCB_VERSION" */
	uint8_t chip_id[64];
	uint8_t d[48]; /* the P-384 secret scalar, big-endian */
	const uint8_t *certs; /* points into the file */
	uint32_t certs_len;
};

/* 0, or -1 with *why saying what is wrong with the file (nothing used). */
int fw_vcek_parse(const void *file, size_t len, struct fw_vcek *out,
		  const char **why);

struct fw_model_config {
	/* The software RMP, in pieces: each covers one range of memory. */
	struct rmp *rmps[FW_MODEL_MAX_RMPS];
	unsigned nr_rmps;
	uint32_t max_asid; /* SNP ASIDs are 1..max_asid */
	/* The per-boot secret the VMPCKs and REPORT_IDs come from. */
	uint8_t seed[32];
	/* CPUID Fn0000_0001 EAX, for the secrets page's FMS. */
	uint32_t fms;
	/* What the platform allows a guest's CPUID page to say (SNP FW ABI
	 * "CPUID Reporting"); NULL: every entry is refused. */
	void (*cpuid)(void *ctx, uint32_t fn, uint32_t sub, uint64_t xcr0,
		      uint64_t xss, uint32_t r[4]);
	void *cpuid_ctx;
	/* The VCEK to sign with (copied at fw_model_init); NULL: a P-384 key
	 * from the seed that nothing certifies, CHIP_ID from the seed, the
	 * TCB fields zero. */
	const struct fw_vcek *vcek;
};

struct fw_model {
	struct fw fw; /* the interface: fw_cmd(&m->fw, ...) */
	struct fw_model_config cfg;
	enum snp_platform_state state;
	bool asid_dirty[FW_MODEL_MAX_ASID + 1]; /* decommissioned, not flushed */
	struct fw_model_guest guests[FW_MODEL_MAX_GUESTS];
	uint64_t launches; /* LAUNCH_STARTs since boot, for key derivation */
	uint8_t chip_id[64]; /* CHIP_ID of the reports: the VCEK file's or
			      * from the seed */
	/* The secret MSG_KEY_REQ derives from when ROOT_KEY_SELECT is 0
	 * (the VCEK's place: the chip's key-derivation secret). */
	uint8_t vcek_kdf_root[48];
	/* The TCB (SNP FW ABI "TCB_VERSION") the reports give as current,
	 * reported and committed: the VCEK file's, or 0 without one. A
	 * MSG_KEY_REQ's TCB_VERSION must not exceed it. */
	uint64_t tcb;
	bool vcek_file;	  /* the VCEK comes from cfg.vcek */
	bool vcek_ready;  /* vcek[] holds the report-signing key */
	uint8_t vcek[72]; /* its secret scalar, big-endian */
	unsigned vcek_len;
};

/* A firmware in state UNINIT, as after reset. */
void fw_model_init(struct fw_model *m, const struct fw_model_config *cfg);

/*
 * The model's view of a guest context (for the hypervisor's launch log
 * and the tests; the PSP offers no such thing: on silicon the measurement
 * reaches the host only through a report). NULL when gctx is none.
 */
const struct fw_model_guest *fw_model_guest(const struct fw_model *m,
					    uint64_t gctx);

/* Guest messages (SNP FW ABI "Guest Messages"). */
#define SNP_MSG_KEY_REQ	   3u
#define SNP_MSG_KEY_RSP	   4u
#define SNP_MSG_REPORT_REQ 5u
#define SNP_MSG_REPORT_RSP 6u
#define SNP_REPORT_VERSION 3u
#define SNP_REPORT_SIZE	   0x4a0u

/*
 * fw/guest_msg.c: one guest message from req_page (header + payload
 * encrypted under a VMPCK) answered into resp_page. A refused message
 * writes nothing. For SNP_GUEST_REQUEST.
 */
enum sev_status fw_model_guest_msg(struct fw_model *m, struct fw_model_guest *g,
				   const uint8_t *req_page, uint8_t *resp_page);

/*
 * SNP FW ABI "MSG_KEY_REQ": the request (0x20 bytes) and MSG_KEY_RSP
 * (0x40 bytes). ROOT_KEY_SELECT bit 0 is the root key (0 VCEK, 1 VMRK),
 * bits 2:1 KEY_SEL (0 VLEK if one is loaded else VCEK, 1 VCEK, 2 VLEK, 3
 * reserved); the rest is reserved.
 */
struct snp_msg_key_req {
	uint32_t root_key_select;
	uint32_t rsvd;
	uint64_t guest_field_select;
	uint32_t vmpl;
	uint32_t guest_svn;
	uint64_t tcb_version;
} __attribute__((packed));
struct snp_msg_key_rsp {
	uint32_t status;
	uint8_t rsvd[28];
	uint8_t derived_key[32];
} __attribute__((packed));
_Static_assert(sizeof(struct snp_msg_key_req) == 0x20, "MSG_KEY_REQ");
_Static_assert(sizeof(struct snp_msg_key_rsp) == 0x40, "MSG_KEY_RSP");
#define SNP_KEY_ROOT_VMRK   (1u << 0)
#define SNP_KEY_SEL(r)	    (((r) >> 1) & 3u)
#define SNP_KEY_SEL_VLEK    2u
#define SNP_KEY_SEL_RSVD    3u
/* GUEST_FIELD_SELECT bits (ABI 1.55; later ABIs add LAUNCH_MIT_VECTOR as
 * bit 6, which a 1.55 firmware treats as reserved). */
#define SNP_GFS_POLICY	    (1ull << 0)
#define SNP_GFS_IMAGE_ID    (1ull << 1)
#define SNP_GFS_FAMILY_ID   (1ull << 2)
#define SNP_GFS_MEASUREMENT (1ull << 3)
#define SNP_GFS_GUEST_SVN   (1ull << 4)
#define SNP_GFS_TCB_VERSION (1ull << 5)
#define SNP_GFS_ALL	    0x3full

/* The report-signing key's public point (uncompressed, 97 bytes). */
size_t fw_model_vcek_pub(struct fw_model *m, uint8_t out[97]);

/* The CPUID page (SNP FW ABI "CPUID Reporting"): up to 64 entries. */
#define SNP_CPUID_MAX 64u
struct snp_cpuid_entry {
	uint32_t eax_in, ecx_in;
	uint64_t xcr0_in, xss_in;
	uint32_t eax, ebx, ecx, edx;
	uint64_t rsvd;
}; /* naturally aligned: no packing needed */
struct snp_cpuid_page {
	uint32_t count;
	uint32_t rsvd;
	uint64_t rsvd2;
	struct snp_cpuid_entry e[SNP_CPUID_MAX];
};
_Static_assert(sizeof(struct snp_cpuid_entry) == 48, "CPUID function");
_Static_assert(sizeof(struct snp_cpuid_page) == 16 + 64 * 48, "CPUID page");

/* The secrets page's firmware part (SNP FW ABI "PAGE_TYPE_SECRETS"). */
#define SNP_SECRETS_VERSION  2u
#define SNP_SECRETS_VMPCK(i) (0x20u + 32u * (i))
#define SNP_SECRETS_OS_AREA  0xa0u

#endif
