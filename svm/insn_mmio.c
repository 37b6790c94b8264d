// SPDX-License-Identifier: GPL-2.0-only
/*
 * MOV decoding for MMIO emulation (svm/insn_mmio.h). The ModRM/SIB
 * layout follows APM vol. 3, "ModRM and SIB Bytes": mod 3 is a register
 * operand (no memory access, refused); rm 4 brings a SIB byte; mod 0
 * with rm 5 (RIP-relative in 64-bit mode) or with SIB base 5 brings a
 * disp32; mod 1 a disp8, mod 2 a disp32.
 */
#include <errno.h>

#include "svm/insn_mmio.h"

#define INSN_MAX 15

static int need(size_t i, size_t n, size_t avail)
{
	if (i + n <= (avail < INSN_MAX ? avail : INSN_MAX))
		return 0;
	return avail < INSN_MAX ? -ENODATA : -EINVAL;
}

int insn_decode_mov(const uint8_t *b, size_t avail, bool long_mode,
		    struct insn_mov *out)
{
	size_t i = 0;
	uint8_t rex = 0, op, modrm, mod, rm;
	bool opsize16 = false;
	int err;

	*out = (struct insn_mov){ 0 };
	for (;; i++) {
		if ((err = need(i, 1, avail)))
			return err;
		if (b[i] == 0x66) {
			opsize16 = true;
			rex = 0;
		} else if (b[i] == 0x67) {
			if (!long_mode)
				return -EINVAL; /* 16-bit addressing */
			rex = 0;
		} else if (b[i] == 0x2e || b[i] == 0x3e || b[i] == 0x26 ||
			   b[i] == 0x36 || b[i] == 0x64 || b[i] == 0x65) {
			rex = 0; /* segment overrides: the GPA is known */
		} else if (long_mode && (b[i] & 0xf0) == 0x40) {
			rex = b[i];
		} else {
			break; /* LOCK, REP and the rest are not a plain MOV */
		}
	}
	op = b[i++];
	switch (op) {
	case 0x88:
	case 0x89:
		out->write = true;
		break;
	case 0x8a:
	case 0x8b:
		break;
	case 0xc6:
	case 0xc7:
		out->write = true;
		out->has_imm = true;
		break;
	default:
		return -EINVAL;
	}
	if (op & 1)
		out->size = (rex & 0x08) ? 8 : opsize16 ? 2 : 4;
	else
		out->size = 1;
	if ((err = need(i, 1, avail)))
		return err;
	modrm = b[i++];
	mod = modrm >> 6;
	rm = modrm & 7;
	if (mod == 3)
		return -EINVAL;
	if (out->has_imm && ((modrm >> 3) & 7))
		return -EINVAL; /* C6/C7 /1-/7 are not MOV */
	out->reg = (uint8_t)(((rex >> 2) & 1) << 3 | ((modrm >> 3) & 7));
	if (out->size == 1 && !rex && out->reg >= 4 && out->reg < 8)
		out->reg = (uint8_t)(INSN_MOV_REG_AH + out->reg - 4);
	if (rm == 4) {
		if ((err = need(i, 1, avail)))
			return err;
		if (mod == 0 && (b[i] & 7) == 5)
			i += 4;
		i++;
	} else if (mod == 0 && rm == 5) {
		i += 4;
	}
	i += mod == 1 ? 1 : mod == 2 ? 4 : 0;
	if (out->has_imm) {
		size_t n = out->size == 8 ? 4 : out->size;
		uint64_t v = 0;

		if ((err = need(i, n, avail)))
			return err;
		for (size_t k = 0; k < n; k++)
			v |= (uint64_t)b[i + k] << (8 * k);
		if (out->size == 8 && (v & 0x80000000u))
			v |= 0xffffffff00000000ull;
		out->imm = v;
		i += n;
	} else if ((err = need(i, 0, avail))) {
		return err;
	}
	out->len = (uint8_t)i;
	return 0;
}
