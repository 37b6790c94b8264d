/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The SEV firmware as the hypervisor sees it: the SNP commands it issues,
 * their command buffers and the firmware's status codes, in the terms of
 * the "SEV Secure Nested Paging Firmware ABI Specification" (AMD 56860,
 * cited here as SNP FW ABI, by section title).
 *
 * One interface, two back ends (docs/firmware.md):
 *  - model (fw/model.c): a software SNP firmware for emulated SNP, over
 *    the software RMP; host-testable, compiled into hv.efi;
 *  - psp (fw/psp.c): the PSP's SEV mailbox on silicon. Compiled in every
 *    build, its pure parts host-tested, UNTESTED on silicon: no SNP
 *    hardware was available to this project.
 *
 * A command is (command ID, command buffer) exactly as on the mailbox:
 * the buffer is the ABI's little-endian layout, in memory the firmware
 * can read (on silicon: by physical address; snpvisor runs identity
 * mapped, so a pointer is its address). Every command returns the
 * firmware's status (enum sev_status), never a made-up code.
 */
#ifndef FW_FW_H
#define FW_FW_H

#include <stdint.h>

/* SNP FW ABI "Command Identifiers" (the SNP commands this project uses). */
enum sev_cmd {
	SEV_CMD_SNP_INIT = 0x081,
	SEV_CMD_SNP_SHUTDOWN = 0x082,
	SEV_CMD_SNP_PLATFORM_STATUS = 0x083,
	SEV_CMD_SNP_DF_FLUSH = 0x084,
	SEV_CMD_SNP_INIT_EX = 0x085,
	SEV_CMD_SNP_DECOMMISSION = 0x090,
	SEV_CMD_SNP_ACTIVATE = 0x091,
	SEV_CMD_SNP_GCTX_CREATE = 0x093,
	SEV_CMD_SNP_GUEST_REQUEST = 0x094,
	SEV_CMD_SNP_LAUNCH_START = 0x0a0,
	SEV_CMD_SNP_LAUNCH_UPDATE = 0x0a1,
	SEV_CMD_SNP_LAUNCH_FINISH = 0x0a2,
	SEV_CMD_SNP_PAGE_RECLAIM = 0x0c7,
};

/* SNP FW ABI "Status Codes". */
enum sev_status {
	SEV_STATUS_SUCCESS = 0x00,
	SEV_STATUS_INVALID_PLATFORM_STATE = 0x01,
	SEV_STATUS_INVALID_GUEST_STATE = 0x02,
	SEV_STATUS_INVALID_CONFIG = 0x03,
	SEV_STATUS_INVALID_LEN = 0x04,
	SEV_STATUS_ALREADY_OWNED = 0x05,
	SEV_STATUS_INVALID_CERTIFICATE = 0x06,
	SEV_STATUS_POLICY_FAILURE = 0x07,
	SEV_STATUS_INACTIVE = 0x08,
	SEV_STATUS_INVALID_ADDRESS = 0x09,
	SEV_STATUS_BAD_SIGNATURE = 0x0a,
	SEV_STATUS_BAD_MEASUREMENT = 0x0b,
	SEV_STATUS_ASID_OWNED = 0x0c,
	SEV_STATUS_INVALID_ASID = 0x0d,
	SEV_STATUS_WBINVD_REQUIRED = 0x0e,
	SEV_STATUS_DFFLUSH_REQUIRED = 0x0f,
	SEV_STATUS_INVALID_GUEST = 0x10,
	SEV_STATUS_INVALID_COMMAND = 0x11,
	SEV_STATUS_ACTIVE = 0x12,
	SEV_STATUS_HWERROR_PLATFORM = 0x13,
	SEV_STATUS_HWERROR_UNSAFE = 0x14,
	SEV_STATUS_UNSUPPORTED = 0x15,
	SEV_STATUS_INVALID_PARAM = 0x16,
	SEV_STATUS_RESOURCE_LIMIT = 0x17,
	SEV_STATUS_SECURE_DATA_INVALID = 0x18,
	SEV_STATUS_INVALID_PAGE_SIZE = 0x19,
	SEV_STATUS_INVALID_PAGE_STATE = 0x1a,
	SEV_STATUS_INVALID_MDATA_ENTRY = 0x1b,
	SEV_STATUS_INVALID_PAGE_OWNER = 0x1c,
	SEV_STATUS_AEAD_OFLOW = 0x1d,
	SEV_STATUS_RMP_INIT_REQUIRED = 0x20,
	SEV_STATUS_BAD_SVN = 0x21,
	SEV_STATUS_BAD_VERSION = 0x22,
	SEV_STATUS_SHUTDOWN_REQUIRED = 0x23,
	SEV_STATUS_UPDATE_FAILED = 0x24,
	SEV_STATUS_RESTORE_REQUIRED = 0x25,
	SEV_STATUS_RMP_INITIALIZATION_FAILED = 0x26,
	SEV_STATUS_INVALID_KEY = 0x27,
	/* Not the firmware's: the mailbox did not answer (fw/psp.c). */
	SEV_STATUS_MAILBOX_TIMEOUT = 0x10000,
};

/* SNP FW ABI "Platform Status": the SNP platform states. */
enum snp_platform_state {
	SNP_PLATFORM_UNINIT = 0,
	SNP_PLATFORM_INIT = 1,
};

/* SNP FW ABI "SNP_LAUNCH_UPDATE": PAGE_TYPE. */
enum snp_page_type {
	SNP_PAGE_TYPE_NORMAL = 1,
	SNP_PAGE_TYPE_VMSA = 2,
	SNP_PAGE_TYPE_ZERO = 3,
	SNP_PAGE_TYPE_UNMEASURED = 4,
	SNP_PAGE_TYPE_SECRETS = 5,
	SNP_PAGE_TYPE_CPUID = 6,
};

/* SNP FW ABI "SNP_INIT_EX": the command buffer (64 bytes). */
struct snp_init_ex {
	uint32_t flags; /* bit 0 INIT_RMP, bit 1 LIST_PADDR_EN */
	uint32_t rsvd;
	uint64_t list_paddr;
	uint8_t rsvd2[48];
} __attribute__((packed));
#define SNP_INIT_EX_INIT_RMP	  (1u << 0)
#define SNP_INIT_EX_LIST_PADDR_EN (1u << 1)

/* SNP FW ABI "SNP_PLATFORM_STATUS": the status structure it writes. */
struct snp_platform_status {
	uint8_t api_major;
	uint8_t api_minor;
	uint8_t state;	    /* enum snp_platform_state */
	uint8_t is_rmp_init; /* bit 0 */
	uint32_t build_id;
	uint32_t features; /* bit 0 MASK_CHIP_ID, 1 MASK_CHIP_KEY, 2 VLEK_EN */
	uint32_t guest_count;
	uint64_t current_tcb;
	uint64_t reported_tcb;
} __attribute__((packed));

/* The buffer of commands that take one address: SNP_PLATFORM_STATUS
 * (status page), SNP_GCTX_CREATE and SNP_DECOMMISSION (GCTX page),
 * SNP_PAGE_RECLAIM (the page). */
struct snp_addr {
	uint64_t address; /* bit 0 of PAGE_RECLAIM's: page size (1 = 2 MiB) */
} __attribute__((packed));

/* SNP FW ABI "SNP_ACTIVATE". */
struct snp_activate {
	uint64_t gctx_paddr;
	uint32_t asid;
} __attribute__((packed));

/* SNP FW ABI "SNP_LAUNCH_START". */
struct snp_launch_start {
	uint64_t gctx_paddr;
	uint64_t policy;
	uint64_t ma_gctx_paddr;
	uint32_t flags; /* bit 0 MA_EN, bit 1 IMI_EN */
	uint32_t desired_tsc_khz;
	uint8_t gosvw[16];
} __attribute__((packed));

/* SNP FW ABI "SNP_LAUNCH_UPDATE". */
struct snp_launch_update {
	uint64_t gctx_paddr;
	uint32_t flags; /* bit 0 PAGE_SIZE, 3:1 PAGE_TYPE, 4 IMI_PAGE */
	uint32_t rsvd;
	uint64_t address; /* SPA of the page */
	uint32_t vmpl_perms; /* 15:8 VMPL1, 23:16 VMPL2, 31:24 VMPL3 */
	uint32_t rsvd2;
} __attribute__((packed));
#define SNP_LU_PAGE_SIZE_2M	 (1u << 0)
#define SNP_LU_PAGE_TYPE(t)	 (((uint32_t)(t) & 7) << 1)
#define SNP_LU_PAGE_TYPE_OF(f)	 (((f) >> 1) & 7)
#define SNP_LU_IMI_PAGE		 (1u << 4)

/* SNP FW ABI "SNP_LAUNCH_FINISH". */
struct snp_launch_finish {
	uint64_t gctx_paddr;
	uint64_t id_block_paddr;
	uint64_t id_auth_paddr;
	uint64_t flags; /* bit 0 ID_BLOCK_EN, 1 AUTH_KEY_EN, 2 VCEK_DISABLED */
	uint8_t host_data[32];
} __attribute__((packed));
#define SNP_LF_ID_BLOCK_EN (1ull << 0)
#define SNP_LF_AUTH_KEY_EN (1ull << 1)

/* SNP FW ABI "SNP_GUEST_REQUEST". */
struct snp_guest_request {
	uint64_t gctx_paddr;
	uint64_t req_paddr;
	uint64_t res_paddr;
} __attribute__((packed));

_Static_assert(sizeof(struct snp_init_ex) == 64, "SNP_INIT_EX buffer");
_Static_assert(sizeof(struct snp_platform_status) == 32, "platform status");
_Static_assert(sizeof(struct snp_activate) == 12, "SNP_ACTIVATE buffer");
_Static_assert(sizeof(struct snp_launch_start) == 48, "LAUNCH_START buffer");
_Static_assert(sizeof(struct snp_launch_update) == 32, "LAUNCH_UPDATE buffer");
_Static_assert(sizeof(struct snp_launch_finish) == 64, "LAUNCH_FINISH buffer");
_Static_assert(sizeof(struct snp_guest_request) == 24, "GUEST_REQUEST buffer");

/* SNP FW ABI "Guest Policy" bits the model looks at. */
#define SNP_POLICY_ABI_MINOR(p)	 ((unsigned)((p) & 0xff))
#define SNP_POLICY_ABI_MAJOR(p)	 ((unsigned)(((p) >> 8) & 0xff))
#define SNP_POLICY_SMT		 (1ull << 16)
#define SNP_POLICY_RSVD_MBO	 (1ull << 17)
#define SNP_POLICY_MIGRATE_MA	 (1ull << 18)
#define SNP_POLICY_DEBUG	 (1ull << 19)
#define SNP_POLICY_SINGLE_SOCKET (1ull << 20)
/* Bits 63:25 are reserved and must be zero. */
#define SNP_POLICY_RSVD_MBZ (~((1ull << 25) - 1))
/* The policy snpvisor launches with: SMT allowed, the must-be-one bit. */
#define SNP_POLICY_DEFAULT (SNP_POLICY_SMT | SNP_POLICY_RSVD_MBO)

/* KVM's placeholder GPA for a VMSA page, which measurement tools assume
 * (SNP FW ABI "SNP_LAUNCH_UPDATE": a VMSA page is measured with its RMP
 * GPA). */
#define SNP_VMSA_GPA 0xfffffffff000ull

/* SNP FW ABI "SNP_LAUNCH_UPDATE", the PAGE_INFO structure (0x70 bytes)
 * the launch digest is chained over. */
struct snp_page_info {
	uint8_t digest_cur[48];
	uint8_t contents[48];
	uint16_t length; /* 0x70 */
	uint8_t page_type;
	uint8_t imi_page;
	uint8_t vmpl3_perms;
	uint8_t vmpl2_perms;
	uint8_t vmpl1_perms;
	uint8_t rsvd;
	uint64_t gpa;
} __attribute__((packed));
_Static_assert(sizeof(struct snp_page_info) == 0x70, "PAGE_INFO");

struct fw;

struct fw_ops {
	const char *name;
	/* Issue cmd with its buffer; returns the firmware's status. */
	enum sev_status (*cmd)(struct fw *fw, enum sev_cmd cmd, void *buf);
};

struct fw {
	const struct fw_ops *ops;
	void *priv; /* the back end's state */
};

static inline enum sev_status fw_cmd(struct fw *fw, enum sev_cmd cmd,
				     void *buf)
{
	return fw->ops->cmd(fw, cmd, buf);
}

/* "SUCCESS", "INVALID_PAGE_STATE", ... or "?" (fw/status.c). */
const char *sev_status_name(enum sev_status st);
const char *sev_cmd_name(enum sev_cmd cmd);

#endif
