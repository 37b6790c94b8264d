// SPDX-License-Identifier: GPL-2.0-only
/*
 * Length decoder for intercepted instructions; see insn_len.h.
 *
 * An instruction is: legacy and REX prefixes in any order (REX in 64-bit
 * mode only, and only the one directly before the opcode takes effect),
 * the opcode, and for the instructions we know an optional imm8 (IN/OUT
 * with a port number). None of the instructions known here takes a ModRM
 * byte that addresses memory:
 * the 0F 01 forms we accept use ModRM values C0..FF, which select an
 * instruction rather than an operand (APM vol. 3, "Opcode Maps",
 * "Secondary Opcode Map ... group 7").
 */
#include <errno.h>

#include "svm/insn_len.h"

static const char *const kind_names[INSN_KIND_NR] = {
	[INSN_UNKNOWN] = "unknown",
	[INSN_CPUID] = "CPUID",
	[INSN_RDMSR] = "RDMSR",
	[INSN_WRMSR] = "WRMSR",
	[INSN_IN] = "IN",
	[INSN_OUT] = "OUT",
	[INSN_INS] = "INS",
	[INSN_OUTS] = "OUTS",
	[INSN_HLT] = "HLT",
	[INSN_VMMCALL] = "VMMCALL",
	[INSN_VMGEXIT] = "VMGEXIT",
	[INSN_PVALIDATE] = "PVALIDATE",
	[INSN_RMPADJUST] = "RMPADJUST",
	[INSN_INVD] = "INVD",
	[INSN_WBINVD] = "WBINVD",
	[INSN_UD2] = "UD2",
	[INSN_VMRUN] = "VMRUN",
	[INSN_VMLOAD] = "VMLOAD",
	[INSN_VMSAVE] = "VMSAVE",
	[INSN_STGI] = "STGI",
	[INSN_CLGI] = "CLGI",
	[INSN_SKINIT] = "SKINIT",
	[INSN_XSETBV] = "XSETBV",
	[INSN_RDTSCP] = "RDTSCP",
};

const char *insn_kind_name(enum insn_kind kind)
{
	if ((unsigned)kind >= INSN_KIND_NR || !kind_names[kind])
		return "?";
	return kind_names[kind];
}

static bool is_legacy_prefix(uint8_t b)
{
	switch (b) {
	case 0x66:
	case 0x67: /* operand, address size */
	case 0xf0:
	case 0xf2:
	case 0xf3: /* LOCK, REPNE, REP */
	case 0x26:
	case 0x2e:
	case 0x36: /* ES, CS, SS overrides */
	case 0x3e:
	case 0x64:
	case 0x65: /* DS, FS, GS overrides */
		return true;
	default:
		return false;
	}
}

/*
 * Group 7 (0F 01) with a register-form ModRM. rep is the last F2/F3
 * prefix seen (0 if none): it is a mandatory prefix that changes the
 * instruction, e.g. 0F 01 FF is TLBSYNC but F2 0F 01 FF is PVALIDATE.
 */
static enum insn_kind decode_0f01(uint8_t modrm, uint8_t rep)
{
	switch (modrm) {
	case 0xd9:
		if (rep == 0xf3)
			return INSN_VMGEXIT;
		return rep ? INSN_UNKNOWN : INSN_VMMCALL;
	case 0xff:
		return rep == 0xf2 ? INSN_PVALIDATE : INSN_UNKNOWN;
	case 0xfe:
		return rep == 0xf3 ? INSN_RMPADJUST : INSN_UNKNOWN;
	default:
		break;
	}
	if (rep)
		return INSN_UNKNOWN;
	switch (modrm) {
	case 0xd1:
		return INSN_XSETBV;
	case 0xd8:
		return INSN_VMRUN;
	case 0xda:
		return INSN_VMLOAD;
	case 0xdb:
		return INSN_VMSAVE;
	case 0xdc:
		return INSN_STGI;
	case 0xdd:
		return INSN_CLGI;
	case 0xde:
		return INSN_SKINIT;
	case 0xf9:
		return INSN_RDTSCP;
	default:
		return INSN_UNKNOWN;
	}
}

static int fail(struct insn_info *out, int err)
{
	out->kind = INSN_UNKNOWN;
	out->len = 0;
	return err;
}

int insn_decode(const uint8_t *bytes, size_t avail, bool long_mode,
		struct insn_info *out)
{
	size_t i = 0, max = avail < INSN_MAX_LEN ? avail : INSN_MAX_LEN;
	uint8_t rep = 0, rex = 0, op;
	enum insn_kind kind = INSN_UNKNOWN;
	size_t imm = 0;

	out->nr_prefixes = 0;
	out->rex = 0;
	/*
	 * APM vol. 3, "Legacy Prefixes" and "REX Prefix": any number of
	 * prefixes in any order, within the 15-byte limit. A REX prefix
	 * counts only when it is directly before the opcode: one followed by
	 * a legacy prefix, or by another REX, is ignored, but it is still
	 * part of the instruction's length.
	 */
	while (i < max) {
		if (is_legacy_prefix(bytes[i])) {
			if (bytes[i] == 0xf2 || bytes[i] == 0xf3)
				rep = bytes[i];
			rex = 0;
		} else if (long_mode && (bytes[i] & 0xf0) == 0x40) {
			rex = bytes[i];
		} else {
			break;
		}
		i++;
	}
	out->nr_prefixes = (uint8_t)i;
	out->rex = rex;
	if (i >= max)
		return fail(out, avail < INSN_MAX_LEN ? -ENODATA : -EINVAL);

	op = bytes[i++];
	switch (op) {
	case 0xf4:
		kind = INSN_HLT;
		break;
	case 0xe4:
	case 0xe5:
		kind = INSN_IN;
		imm = 1;
		break;
	case 0xe6:
	case 0xe7:
		kind = INSN_OUT;
		imm = 1;
		break;
	case 0xec:
	case 0xed:
		kind = INSN_IN;
		break;
	case 0xee:
	case 0xef:
		kind = INSN_OUT;
		break;
	case 0x6c:
	case 0x6d:
		kind = INSN_INS;
		break;
	case 0x6e:
	case 0x6f:
		kind = INSN_OUTS;
		break;
	case 0x0f:
		if (i >= max)
			return fail(out,
				    avail < INSN_MAX_LEN ? -ENODATA : -EINVAL);
		op = bytes[i++];
		switch (op) {
		case 0xa2:
			kind = INSN_CPUID;
			break;
		case 0x32:
			kind = INSN_RDMSR;
			break;
		case 0x30:
			kind = INSN_WRMSR;
			break;
		case 0x08:
			kind = INSN_INVD;
			break;
		case 0x09:
			kind = INSN_WBINVD;
			break;
		case 0x0b:
			kind = INSN_UD2;
			break;
		case 0x01:
			if (i >= max)
				return fail(out, avail < INSN_MAX_LEN ?
							 -ENODATA :
							 -EINVAL);
			kind = decode_0f01(bytes[i++], rep);
			break;
		default:
			break;
		}
		break;
	default:
		break;
	}
	if (kind == INSN_UNKNOWN)
		return fail(out, -EINVAL);
	if (i + imm > max)
		return fail(out, avail < INSN_MAX_LEN ? -ENODATA : -EINVAL);
	out->kind = kind;
	out->len = (uint8_t)(i + imm);
	return 0;
}

static bool seg_prefix(uint8_t b, enum insn_seg *seg)
{
	switch (b) {
	case 0x26:
		*seg = INSN_SEG_ES;
		return true;
	case 0x2e:
		*seg = INSN_SEG_CS;
		return true;
	case 0x36:
		*seg = INSN_SEG_SS;
		return true;
	case 0x3e:
		*seg = INSN_SEG_DS;
		return true;
	case 0x64:
		*seg = INSN_SEG_FS;
		return true;
	case 0x65:
		*seg = INSN_SEG_GS;
		return true;
	default:
		return false;
	}
}

int insn_decode_string_io(const uint8_t *bytes, size_t avail, bool long_mode,
			  bool cs_d, struct insn_string_io *out)
{
	struct insn_info info;
	enum insn_seg seg = INSN_SEG_DS, s;
	bool asize = false;
	int err = insn_decode(bytes, avail, long_mode, &info);

	if (err)
		return err;
	if (info.kind != INSN_INS && info.kind != INSN_OUTS)
		return -EINVAL;
	/* The last segment prefix counts when there are several (APM vol. 1,
	 * "Segment-Override Prefixes"); in 64-bit mode only FS and GS
	 * bases are used, which the caller applies. */
	for (unsigned i = 0; i < info.nr_prefixes; i++) {
		if (bytes[i] == 0x67)
			asize = true;
		else if (seg_prefix(bytes[i], &s))
			seg = s;
	}
	if (long_mode)
		out->addr_size = asize ? 4 : 8;
	else
		out->addr_size = (cs_d != asize) ? 4 : 2;
	out->seg = info.kind == INSN_INS ? INSN_SEG_ES : seg;
	return 0;
}
