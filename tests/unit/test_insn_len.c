// SPDX-License-Identifier: GPL-2.0-only
/*
 * svm/insn_len.c: every intercepted instruction form, with and without
 * prefixes; mandatory prefixes that change the instruction; unknown and
 * truncated input is an error, never a guess.
 */
#include <errno.h>
#include <stdint.h>

#include "svm/insn_len.h"
#include "tests/lib/tap.h"

struct vec {
	const char *what;
	uint8_t bytes[16];
	size_t n; /* bytes available */
	bool long_mode;
	int ret;
	enum insn_kind kind;
	uint8_t len;
};

/* clang-format off */
#define B(...) { __VA_ARGS__ }, sizeof((uint8_t[]){ __VA_ARGS__ })

static const struct vec vecs[] = {
	{ "CPUID", B(0x0f, 0xa2), true, 0, INSN_CPUID, 2 },
	{ "RDMSR", B(0x0f, 0x32), true, 0, INSN_RDMSR, 2 },
	{ "WRMSR", B(0x0f, 0x30), true, 0, INSN_WRMSR, 2 },
	{ "REX.W WRMSR", B(0x48, 0x0f, 0x30), true, 0, INSN_WRMSR, 3 },
	{ "IN AL,imm8", B(0xe4, 0x60), true, 0, INSN_IN, 2 },
	{ "IN EAX,imm8", B(0xe5, 0x60), true, 0, INSN_IN, 2 },
	{ "IN AX,imm8 (66)", B(0x66, 0xe5, 0x60), true, 0, INSN_IN, 3 },
	{ "OUT imm8,AL", B(0xe6, 0xf4), true, 0, INSN_OUT, 2 },
	{ "OUT imm8,EAX", B(0xe7, 0xf4), true, 0, INSN_OUT, 2 },
	{ "IN AL,DX", B(0xec), true, 0, INSN_IN, 1 },
	{ "IN EAX,DX", B(0xed), true, 0, INSN_IN, 1 },
	{ "OUT DX,AL", B(0xee), true, 0, INSN_OUT, 1 },
	{ "OUT DX,AX (66)", B(0x66, 0xef), true, 0, INSN_OUT, 2 },
	{ "REP INSB", B(0xf3, 0x6c), true, 0, INSN_INS, 2 },
	{ "REP OUTSD (67)", B(0xf3, 0x67, 0x6f), true, 0, INSN_OUTS, 3 },
	{ "HLT", B(0xf4), true, 0, INSN_HLT, 1 },
	{ "VMMCALL", B(0x0f, 0x01, 0xd9), true, 0, INSN_VMMCALL, 3 },
	{ "VMGEXIT (F3 VMMCALL)", B(0xf3, 0x0f, 0x01, 0xd9), true, 0, INSN_VMGEXIT, 4 },
	{ "F2 VMMCALL is not an instruction we know",
	  B(0xf2, 0x0f, 0x01, 0xd9), true, -EINVAL, INSN_UNKNOWN, 0 },
	{ "PVALIDATE", B(0xf2, 0x0f, 0x01, 0xff), true, 0, INSN_PVALIDATE, 4 },
	{ "TLBSYNC (0F 01 FF, no prefix) is unknown",
	  B(0x0f, 0x01, 0xff), true, -EINVAL, INSN_UNKNOWN, 0 },
	{ "RMPADJUST", B(0xf3, 0x0f, 0x01, 0xfe), true, 0, INSN_RMPADJUST, 4 },
	{ "REX.W RMPADJUST", B(0xf3, 0x48, 0x0f, 0x01, 0xfe), true, 0, INSN_RMPADJUST, 5 },
	{ "INVLPGB (0F 01 FE, no prefix) is unknown",
	  B(0x0f, 0x01, 0xfe), true, -EINVAL, INSN_UNKNOWN, 0 },
	{ "INVD", B(0x0f, 0x08), true, 0, INSN_INVD, 2 },
	{ "WBINVD", B(0x0f, 0x09), true, 0, INSN_WBINVD, 2 },
	{ "UD2", B(0x0f, 0x0b), true, 0, INSN_UD2, 2 },
	{ "VMRUN", B(0x0f, 0x01, 0xd8), true, 0, INSN_VMRUN, 3 },
	{ "VMLOAD", B(0x0f, 0x01, 0xda), true, 0, INSN_VMLOAD, 3 },
	{ "VMSAVE", B(0x0f, 0x01, 0xdb), true, 0, INSN_VMSAVE, 3 },
	{ "STGI", B(0x0f, 0x01, 0xdc), true, 0, INSN_STGI, 3 },
	{ "CLGI", B(0x0f, 0x01, 0xdd), true, 0, INSN_CLGI, 3 },
	{ "SKINIT", B(0x0f, 0x01, 0xde), true, 0, INSN_SKINIT, 3 },
	{ "XSETBV", B(0x0f, 0x01, 0xd1), true, 0, INSN_XSETBV, 3 },
	{ "RDTSCP", B(0x0f, 0x01, 0xf9), true, 0, INSN_RDTSCP, 3 },
	{ "segment override + CPUID", B(0x2e, 0x0f, 0xa2), true, 0, INSN_CPUID, 3 },
	{ "32-bit mode: 0x48 is DEC EAX, unknown",
	  B(0x48, 0x0f, 0x30), false, -EINVAL, INSN_UNKNOWN, 0 },
	{ "MOV (not intercepted) is unknown", B(0x89, 0xc0), true, -EINVAL, INSN_UNKNOWN, 0 },
	/* APM "REX Prefix": a REX not directly before the opcode is ignored,
	 * not an error; any mix of prefixes is one instruction. */
	{ "REX REX CPUID", B(0x48, 0x48, 0x0f, 0xa2), true, 0, INSN_CPUID, 4 },
	{ "REX 66 CPUID (REX ignored)", B(0x48, 0x66, 0x0f, 0xa2), true, 0, INSN_CPUID, 4 },
	{ "66 REX 66 REX CPUID", B(0x66, 0x41, 0x66, 0x48, 0x0f, 0xa2), true, 0, INSN_CPUID, 6 },
	{ "REX F3 VMMCALL is VMGEXIT", B(0x48, 0xf3, 0x0f, 0x01, 0xd9), true, 0, INSN_VMGEXIT, 5 },
	{ "F3 REX REX VMMCALL is VMGEXIT", B(0xf3, 0x40, 0x48, 0x0f, 0x01, 0xd9), true, 0, INSN_VMGEXIT, 6 },
	{ "REX REX IN AL,imm8", B(0x48, 0x41, 0xe4, 0x60), true, 0, INSN_IN, 4 },
	{ "32-bit mode: 66 0x48 is DEC, unknown",
	  B(0x66, 0x48, 0x0f, 0xa2), false, -EINVAL, INSN_UNKNOWN, 0 },
	{ "REX only", B(0x48, 0x48), true, -ENODATA, INSN_UNKNOWN, 0 },
	{ "truncated VMMCALL", B(0x0f, 0x01), true, -ENODATA, INSN_UNKNOWN, 0 },
	{ "truncated IN imm8", B(0xe4), true, -ENODATA, INSN_UNKNOWN, 0 },
	{ "prefixes only", B(0x66, 0x66), true, -ENODATA, INSN_UNKNOWN, 0 },
	{ "empty", B(0), true, -ENODATA, INSN_UNKNOWN, 0 },
};
/* clang-format on */

int main(void)
{
	struct insn_info info;
	uint8_t many[16];

	for (size_t i = 0; i < sizeof(vecs) / sizeof(vecs[0]); i++) {
		const struct vec *v = &vecs[i];
		size_t n = v->n;
		int r;

		if (!__builtin_strcmp(v->what, "empty"))
			n = 0;
		r = insn_decode(v->bytes, n, v->long_mode, &info);
		tap_check(r == v->ret && info.kind == v->kind &&
				  info.len == v->len,
			  "insn_len: %s -> %s len %u (ret %d)", v->what,
			  insn_kind_name(info.kind), info.len, r);
	}

	/* 14 prefixes + 1-byte HLT = 15: allowed. 15 prefixes: too long. */
	__builtin_memset(many, 0x66, sizeof(many));
	many[14] = 0xf4;
	tap_eq(insn_decode(many, 15, true, &info), 0,
	       "insn_len: 14 prefixes + HLT is 15 bytes");
	tap_eq(info.len, 15, "insn_len: length 15");
	many[14] = 0x66;
	many[15] = 0xf4;
	tap_eq(insn_decode(many, 16, true, &info), -EINVAL,
	       "insn_len: 15 prefixes exceed the 15-byte limit");
	/* The same limit counts REX prefixes: 13 mixed prefixes + CPUID. */
	for (int i = 0; i < 13; i++)
		many[i] = i % 2 ? 0x48 : 0x66;
	many[13] = 0x0f;
	many[14] = 0xa2;
	tap_eq(insn_decode(many, 15, true, &info), 0,
	       "insn_len: 13 legacy and REX prefixes + CPUID is 15 bytes");
	tap_eq(info.len, 15, "insn_len: mixed prefixes, length 15");
	__builtin_memmove(many + 1, many, 15);
	many[0] = 0x48;
	tap_eq(insn_decode(many, 16, true, &info), -EINVAL,
	       "insn_len: 14 legacy and REX prefixes + CPUID exceed 15 bytes");

	/* Only the last REX, directly before the opcode, is in effect. */
	static const uint8_t rex2[] = { 0x41, 0x48, 0x0f, 0xa2 };
	static const uint8_t rex_then_66[] = { 0x48, 0x66, 0x0f, 0xa2 };
	insn_decode(rex2, sizeof(rex2), true, &info);
	tap_check(info.rex == 0x48 && info.nr_prefixes == 2,
		  "insn_len: 41 48 CPUID: REX 0x%x in effect, %u prefixes",
		  info.rex, info.nr_prefixes);
	insn_decode(rex_then_66, sizeof(rex_then_66), true, &info);
	tap_check(info.rex == 0 && info.nr_prefixes == 2,
		  "insn_len: 48 66 CPUID: REX 0x%x in effect (none), %u prefixes",
		  info.rex, info.nr_prefixes);

	tap_check(!__builtin_strcmp(insn_kind_name(INSN_PVALIDATE),
				    "PVALIDATE") &&
			  !__builtin_strcmp(insn_kind_name((enum insn_kind)999),
					    "?"),
		  "insn_len: kind names");
	return tap_done();
}
