/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Instruction length decoder for the instructions snpvisor intercepts.
 *
 * Without NRIP save (CPUID Fn8000_000A EDX bit 3, absent under QEMU's
 * TCG) the VMCB does not tell the hypervisor where the intercepted
 * instruction ends, so it reads the bytes at the guest's RIP and decodes
 * them here. Only the intercepted instructions are known; anything else
 * is an error, never a guess. Pure C, unit-tested on the host.
 */
#ifndef SVM_INSN_LEN_H
#define SVM_INSN_LEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define INSN_MAX_LEN 15 /* APM "Instruction Byte Order": at most 15 */

enum insn_kind {
	INSN_UNKNOWN = 0,
	INSN_CPUID,	/* 0F A2 */
	INSN_RDMSR,	/* 0F 32 */
	INSN_WRMSR,	/* 0F 30 */
	INSN_IN,	/* E4 ib, E5 ib, EC, ED */
	INSN_OUT,	/* E6 ib, E7 ib, EE, EF */
	INSN_INS,	/* 6C, 6D */
	INSN_OUTS,	/* 6E, 6F */
	INSN_HLT,	/* F4 */
	INSN_VMMCALL,	/* 0F 01 D9 */
	INSN_VMGEXIT,	/* F3 0F 01 D9 */
	INSN_PVALIDATE, /* F2 0F 01 FF */
	INSN_RMPADJUST, /* F3 0F 01 FE */
	INSN_INVD,	/* 0F 08 */
	INSN_WBINVD,	/* 0F 09 */
	INSN_UD2,	/* 0F 0B */
	INSN_VMRUN,	/* 0F 01 D8 */
	INSN_VMLOAD,	/* 0F 01 DA */
	INSN_VMSAVE,	/* 0F 01 DB */
	INSN_STGI,	/* 0F 01 DC */
	INSN_CLGI,	/* 0F 01 DD */
	INSN_SKINIT,	/* 0F 01 DE */
	INSN_XSETBV,	/* 0F 01 D1 */
	INSN_RDTSCP,	/* 0F 01 F9 */
	INSN_KIND_NR
};

struct insn_info {
	enum insn_kind kind;
	uint8_t len;	     /* total bytes, prefixes included */
	uint8_t nr_prefixes; /* legacy and REX prefixes */
	uint8_t rex;	     /* the REX prefix in effect, 0 if none */
};

/*
 * Decode the instruction starting at bytes[0]; avail is how many bytes
 * could be read (fewer than 15 when the next page is not readable).
 * long_mode is true for 64-bit code (REX prefixes are legal).
 * Returns 0 and fills *out, -EINVAL for an instruction this decoder does
 * not know (out->kind = INSN_UNKNOWN), -ENODATA when avail ran out.
 */
int insn_decode(const uint8_t *bytes, size_t avail, bool long_mode,
		struct insn_info *out);

const char *insn_kind_name(enum insn_kind kind);

/* Segment registers, numbered as the SEG field of the IOIO intercept's
 * EXITINFO1 (APM vol. 2, "IOIO Intercepts"). */
enum insn_seg {
	INSN_SEG_ES = 0,
	INSN_SEG_CS = 1,
	INSN_SEG_SS = 2,
	INSN_SEG_DS = 3,
	INSN_SEG_FS = 4,
	INSN_SEG_GS = 5,
};

/* The memory operand of an INS or OUTS. */
struct insn_string_io {
	uint8_t addr_size; /* 2, 4 or 8 bytes: the width of rCX, rDI/rSI */
	enum insn_seg seg; /* ES for INS; DS or the override for OUTS */
};

/*
 * Decode the INS/OUTS at bytes[0] for its address size and segment
 * (APM vol. 3, "INS", "OUTS"; vol. 1, "Address-Size Override Prefix",
 * "Segment-Override Prefixes"): the default address size is 8 in 64-bit
 * mode, else 4 with CS.D set and 2 without; 0x67 selects 4, 4 and 2
 * instead. INS always writes ES:rDI (ES cannot be overridden); OUTS
 * reads DS:rSI unless a segment prefix names another. Returns 0,
 * -EINVAL when the bytes are not INS or OUTS, -ENODATA when avail ran
 * out.
 */
int insn_decode_string_io(const uint8_t *bytes, size_t avail, bool long_mode,
			  bool cs_d, struct insn_string_io *out);

#endif
