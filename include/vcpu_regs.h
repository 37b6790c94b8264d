/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A vCPU's general-purpose registers, vendor-neutral. Exit handlers read
 * and write guest registers only here (vcpu->regs); svm/ copies RAX, RSP,
 * RIP and RFLAGS between this struct and the VMCB around each VMRUN, and
 * the world switch (svm/world_switch.S) loads and stores the others
 * directly, using the REGS_OFF_* numbers below. Those numbers are written
 * once here and checked against the struct by the assertions.
 */
#ifndef INCLUDE_VCPU_REGS_H
#define INCLUDE_VCPU_REGS_H

#define REGS_OFF_RAX	0x00
#define REGS_OFF_RBX	0x08
#define REGS_OFF_RCX	0x10
#define REGS_OFF_RDX	0x18
#define REGS_OFF_RSI	0x20
#define REGS_OFF_RDI	0x28
#define REGS_OFF_RBP	0x30
#define REGS_OFF_R8	0x38
#define REGS_OFF_R9	0x40
#define REGS_OFF_R10	0x48
#define REGS_OFF_R11	0x50
#define REGS_OFF_R12	0x58
#define REGS_OFF_R13	0x60
#define REGS_OFF_R14	0x68
#define REGS_OFF_R15	0x70
#define REGS_OFF_RSP	0x78
#define REGS_OFF_RIP	0x80
#define REGS_OFF_RFLAGS 0x88

#ifndef __ASSEMBLER__
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct vcpu_regs {
	uint64_t rax, rbx, rcx, rdx, rsi, rdi, rbp;
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
	uint64_t rsp, rip, rflags;
};

#define REGS_ASSERT(f, F) \
	_Static_assert(offsetof(struct vcpu_regs, f) == REGS_OFF_##F, #f)
REGS_ASSERT(rax, RAX);
REGS_ASSERT(rbx, RBX);
REGS_ASSERT(rcx, RCX);
REGS_ASSERT(rdx, RDX);
REGS_ASSERT(rsi, RSI);
REGS_ASSERT(rdi, RDI);
REGS_ASSERT(rbp, RBP);
REGS_ASSERT(r8, R8);
REGS_ASSERT(r9, R9);
REGS_ASSERT(r10, R10);
REGS_ASSERT(r11, R11);
REGS_ASSERT(r12, R12);
REGS_ASSERT(r13, R13);
REGS_ASSERT(r14, R14);
REGS_ASSERT(r15, R15);
REGS_ASSERT(rsp, RSP);
REGS_ASSERT(rip, RIP);
REGS_ASSERT(rflags, RFLAGS);

/* Control state, a read-only snapshot for dumps and guest-memory walks. */
struct vcpu_sregs {
	uint64_t cr0, cr2, cr3, cr4, efer;
	uint16_t cs_sel, cs_attr, ss_sel, ss_attr; /* attr: raw, for dumps */
	uint8_t cpl;
	bool long_mode; /* 64-bit mode: EFER.LMA and CS.L */
};
#endif

#endif
