/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Decoding the one kind of instruction an emulated MMIO page sees: MOV
 * between a register (or an immediate) and memory, 8 to 64 bits (APM
 * vol. 3, "MOV"; opcodes 88, 89, 8A, 8B, C6 /0, C7 /0). The nested page
 * fault gives the guest-physical address; the decoder gives the
 * direction, the size, the register and the length. Anything else (a
 * read-modify-write, string moves, a register-form ModRM, 16-bit
 * addressing) is refused, never guessed. Pure C, unit-tested on the host.
 */
#ifndef SVM_INSN_MMIO_H
#define SVM_INSN_MMIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct insn_mov {
	bool write;   /* register/immediate to memory */
	bool has_imm; /* C6/C7: the value is imm */
	uint8_t size; /* 1, 2, 4 or 8 bytes */
	uint8_t reg;  /* 0-15 (RAX..R15), 16-19: AH, CH, DH, BH */
	uint8_t len;  /* the whole instruction */
	uint64_t imm; /* sign-extended to the operand size */
};

#define INSN_MOV_REG_AH 16

/* 0, or -EINVAL (not such a MOV), -ENODATA (avail ran out). */
int insn_decode_mov(const uint8_t *bytes, size_t avail, bool long_mode,
		    struct insn_mov *out);

#endif
