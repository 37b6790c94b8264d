/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The Guest-Hypervisor Communication Block: the GHCB MSR protocol and the
 * GHCB page layout, as defined by the "SEV-ES Guest-Hypervisor
 * Communication Block Standardization" specification (AMD 56421), version
 * 2. Shared by the hypervisor and the test guests; layouts are pinned by
 * static assertions.
 */
#ifndef GUEST_ABI_GHCB_H
#define GUEST_ABI_GHCB_H

#include <stddef.h>
#include <stdint.h>

/* MSR_AMD64_SEV_ES_GHCB: the GHCB MSR (spec: "GHCB MSR Protocol"). */
#define MSR_GHCB 0xc0010130u

/* GHCBInfo, bits 11:0 of the MSR: request and response codes. */
#define GHCB_INFO_MASK	0xfffull
#define GHCB_DATA_SHIFT 12

#define GHCB_MSR_SEV_INFO_RESP	    0x001u
#define GHCB_MSR_SEV_INFO_REQ	    0x002u
#define GHCB_MSR_CPUID_REQ	    0x004u
#define GHCB_MSR_CPUID_RESP	    0x005u
#define GHCB_MSR_AP_RESET_HOLD_REQ  0x006u
#define GHCB_MSR_AP_RESET_HOLD_RESP 0x007u
#define GHCB_MSR_PREF_GPA_REQ	    0x010u
#define GHCB_MSR_PREF_GPA_RESP	    0x011u
#define GHCB_MSR_REG_GPA_REQ	    0x012u
#define GHCB_MSR_REG_GPA_RESP	    0x013u
#define GHCB_MSR_PSC_REQ	    0x014u
#define GHCB_MSR_PSC_RESP	    0x015u
#define GHCB_MSR_VMPL_REQ	    0x016u
#define GHCB_MSR_VMPL_RESP	    0x017u
#define GHCB_MSR_HV_FT_REQ	    0x080u
#define GHCB_MSR_HV_FT_RESP	    0x081u
#define GHCB_MSR_TERM_REQ	    0x100u

/* SEV Information response: [63:48] max, [47:32] min, [31:24] C-bit. */
#define GHCB_PROTOCOL_MIN 1u
#define GHCB_PROTOCOL_MAX 2u
#define GHCB_SEV_INFO(max, min, cbit)                        \
	(((uint64_t)(max) << 48) | ((uint64_t)(min) << 32) | \
	 ((uint64_t)(cbit) << 24) | GHCB_MSR_SEV_INFO_RESP)

/* CPUID request: [63:32] function, [31:30] register (0 EAX .. 3 EDX). */
#define GHCB_CPUID_FN(v)  ((uint32_t)((v) >> 32))
#define GHCB_CPUID_REG(v) ((unsigned)(((v) >> 30) & 3))

/* Preferred GHCB GPA response when the hypervisor has no preference. */
#define GHCB_PREF_GPA_NONE 0xfffffffffffff000ull

/* Page State Change request: [51:12] GFN, [55:52] operation. */
#define GHCB_MSR_PSC_GFN(v)	(((v) >> 12) & ((1ull << 40) - 1))
#define GHCB_MSR_PSC_OP(v)	((unsigned)(((v) >> 52) & 0xf))
#define GHCB_MSR_PSC_OP_PRIVATE 1u
#define GHCB_MSR_PSC_OP_SHARED	2u
/* Response: [63:32] error code, 0 = success. */
#define GHCB_MSR_PSC_ERR(v)	((uint32_t)((v) >> 32))

/* Hypervisor feature bitmap (spec: "SEV-SNP Hypervisor Feature Support"). */
#define GHCB_HV_FT_SNP			    (1ull << 0)
#define GHCB_HV_FT_SNP_AP_CREATION	    (1ull << 1)
#define GHCB_HV_FT_SNP_RESTRICTED_INJ	    (1ull << 2)
#define GHCB_HV_FT_SNP_RESTRICTED_INJ_TIMER (1ull << 3)

/* Termination request: [15:12] reason code set, [23:16] reason code. */
#define GHCB_TERM_SET(v)  ((unsigned)(((v) >> 12) & 0xf))
#define GHCB_TERM_CODE(v) ((unsigned)(((v) >> 16) & 0xff))

/* Non-Automatic Exit (NAE) event codes written to SW_EXITCODE. */
/* "MMIO Read", "MMIO Write": SW_EXITINFO1 = GPA, SW_EXITINFO2 = bytes. */
#define SVM_VMGEXIT_MMIO_READ	      0x80000001u
#define SVM_VMGEXIT_MMIO_WRITE	      0x80000002u
#define SVM_VMGEXIT_NMI_COMPLETE      0x80000003u
#define SVM_VMGEXIT_PSC		      0x80000010u
/* "SNP Guest Request", "SNP Extended Guest Request". */
#define SVM_VMGEXIT_GUEST_REQUEST     0x80000011u
#define SVM_VMGEXIT_EXT_GUEST_REQUEST 0x80000012u
/*
 * "SNP Guest Request": SW_EXITINFO2 = (VMM error << 32) | firmware
 * status. "SNP Extended Guest Request": a certificate buffer (RAX, RBX
 * pages) too small gets VMM error INVALID_LEN with RBX = the pages needed,
 * and the request is not passed to the firmware.
 */
#define SNP_GUEST_VMM_ERR(e)	      ((uint64_t)(e) << 32)
#define SNP_GUEST_VMM_ERR_INVALID_LEN 1u
#define SNP_GUEST_VMM_ERR_BUSY	      2u
#define SVM_VMGEXIT_HV_FEATURES	      0x8000fffdu
#define SVM_VMGEXIT_TERM_REQUEST      0x8000fffeu

/*
 * SW_EXITINFO1 = 2 means "error"; SW_EXITINFO2 then holds one of these
 * (spec: "GHCB Protocol: Error Handling").
 */
#define GHCB_ERROR		      2u
#define GHCB_ERR_NOT_REGISTERED	      1u
#define GHCB_ERR_INVALID_USAGE	      2u
#define GHCB_ERR_INVALID_SCRATCH_AREA 3u
#define GHCB_ERR_MISSING_INPUT	      4u
#define GHCB_ERR_INVALID_INPUT	      5u
#define GHCB_ERR_INVALID_EVENT	      6u

/* GHCB usage field: 0 is the standard layout (spec: "GHCB Layout"). */
#define GHCB_DEFAULT_USAGE 0u

#define GHCB_SHARED_BUF_OFF  0x800u
#define GHCB_SHARED_BUF_END  0xff0u
#define GHCB_SHARED_BUF_SIZE (GHCB_SHARED_BUF_END - GHCB_SHARED_BUF_OFF)

/*
 * The GHCB page. Only the fields this project reads or writes are named;
 * the rest of the save area is padding. The valid bitmap holds one bit per
 * quadword of the save area: bit n covers offset 8n.
 */
struct ghcb {
	uint8_t rsvd0[0x1f8];
	uint64_t rax; /* 0x1f8 */
	uint8_t rsvd0b[0x318 - 0x200];
	uint64_t rbx; /* 0x318 */
	uint8_t rsvd0c[0x390 - 0x320];
	uint64_t sw_exit_code;	 /* 0x390 */
	uint64_t sw_exit_info_1; /* 0x398 */
	uint64_t sw_exit_info_2; /* 0x3a0 */
	uint64_t sw_scratch;	 /* 0x3a8 */
	uint8_t rsvd1[0x3f0 - 0x3b0];
	uint8_t valid_bitmap[16]; /* 0x3f0 */
	uint8_t rsvd2[0x800 - 0x400];
	uint8_t shared_buffer[GHCB_SHARED_BUF_SIZE]; /* 0x800 */
	uint8_t rsvd3[0xffa - 0xff0];
	uint16_t protocol_version; /* 0xffa */
	uint32_t ghcb_usage;	   /* 0xffc */
} __attribute__((packed));

_Static_assert(sizeof(struct ghcb) == 4096, "GHCB is one page");
_Static_assert(offsetof(struct ghcb, rax) == 0x1f8, "rax");
_Static_assert(offsetof(struct ghcb, rbx) == 0x318, "rbx");
_Static_assert(offsetof(struct ghcb, sw_exit_code) == 0x390, "sw_exit_code");
_Static_assert(offsetof(struct ghcb, sw_exit_info_1) == 0x398,
	       "sw_exit_info_1");
_Static_assert(offsetof(struct ghcb, sw_exit_info_2) == 0x3a0,
	       "sw_exit_info_2");
_Static_assert(offsetof(struct ghcb, sw_scratch) == 0x3a8, "sw_scratch");
_Static_assert(offsetof(struct ghcb, valid_bitmap) == 0x3f0, "valid_bitmap");
_Static_assert(offsetof(struct ghcb, shared_buffer) == 0x800, "shared_buffer");
_Static_assert(offsetof(struct ghcb, protocol_version) == 0xffa,
	       "protocol_version");
_Static_assert(offsetof(struct ghcb, ghcb_usage) == 0xffc, "ghcb_usage");

/* Valid-bitmap bit of a save-area field. */
#define GHCB_VALID_BIT(field) (offsetof(struct ghcb, field) / 8)

static inline int ghcb_is_valid(const struct ghcb *g, unsigned bit)
{
	return (g->valid_bitmap[bit / 8] >> (bit % 8)) & 1;
}

static inline void ghcb_set_valid(struct ghcb *g, unsigned bit)
{
	g->valid_bitmap[bit / 8] |= (uint8_t)(1u << (bit % 8));
}

#endif
