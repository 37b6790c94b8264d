// SPDX-License-Identifier: GPL-2.0-only
/*
 * The MMIO MOV decoder (svm/insn_mmio.c) against encodings assembled by
 * hand from APM vol. 3 "MOV" and "ModRM and SIB Bytes", the forms
 * Linux's readl()/writel() compile to among them, and the refusals.
 */
#include <errno.h>

#include "svm/insn_mmio.h"
#include "tests/lib/tap.h"

static void ok(const char *what, const uint8_t *b, size_t n, bool write,
	       unsigned size, unsigned reg, unsigned len)
{
	struct insn_mov m;
	int err = insn_decode_mov(b, n, true, &m);

	tap_check(!err && m.write == write && m.size == size && m.reg == reg &&
			  m.len == len,
		  "%s: err %d write %d size %u reg %u len %u", what, err,
		  m.write, m.size, m.reg, m.len);
}

static void bad(const char *what, const uint8_t *b, size_t n, int want)
{
	struct insn_mov m;

	tap_eq(insn_decode_mov(b, n, true, &m), want, "%s refused", what);
}

int main(void)
{
	struct insn_mov m;

	ok("mov eax,[rdi-0xa03000] (native_apic_mem_read)",
	   (const uint8_t[]){ 0x8b, 0x87, 0x00, 0xd0, 0x5f, 0xff }, 15, false,
	   4, 0, 6);
	ok("mov [rdi-0xa03000],esi (native_apic_mem_write)",
	   (const uint8_t[]){ 0x89, 0xb7, 0x00, 0xd0, 0x5f, 0xff }, 15, true, 4,
	   6, 6);
	ok("mov [rdi],r8d", (const uint8_t[]){ 0x44, 0x89, 0x07 }, 15, true, 4,
	   8, 3);
	ok("mov rax,[0xfee00000] (SIB, no base: disp32)",
	   (const uint8_t[]){ 0x48, 0x8b, 0x04, 0x25, 0x00, 0x00, 0xe0, 0xfe },
	   15, false, 8, 0, 8);
	ok("mov eax,[rsp+8] (SIB, disp8)",
	   (const uint8_t[]){ 0x8b, 0x44, 0x24, 0x08 }, 15, false, 4, 0, 4);
	ok("mov [rbx],ax", (const uint8_t[]){ 0x66, 0x89, 0x03 }, 15, true, 2,
	   0, 3);
	ok("mov [rdi],ah", (const uint8_t[]){ 0x88, 0x27 }, 15, true, 1,
	   INSN_MOV_REG_AH, 2);
	ok("mov [rdi],spl (REX)", (const uint8_t[]){ 0x40, 0x88, 0x27 }, 15,
	   true, 1, 4, 3);
	ok("mov r15,[r13+0] (REX.WRB, disp8)",
	   (const uint8_t[]){ 0x4d, 0x8b, 0x7d, 0x00 }, 15, false, 8, 15, 4);
	tap_check(!insn_decode_mov((const uint8_t[]){ 0xc7, 0x05, 1, 2, 3, 4,
						      0x11, 0x22, 0x33, 0x44 },
				   15, true, &m) &&
			  m.has_imm && m.len == 10 && m.imm == 0x44332211u,
		  "mov dword [rip+disp32],imm32: len %u imm 0x%llx", m.len,
		  (unsigned long long)m.imm);
	tap_check(!insn_decode_mov((const uint8_t[]){ 0x48, 0xc7, 0x00, 0xff,
						      0xff, 0xff, 0xff },
				   15, true, &m) &&
			  m.size == 8 && m.imm == ~0ull && m.len == 7,
		  "mov qword [rax],-1: imm32 sign-extended");
	bad("register form (mod 3)", (const uint8_t[]){ 0x89, 0xc0 }, 15,
	    -EINVAL);
	bad("LOCK prefix", (const uint8_t[]){ 0xf0, 0x89, 0x07 }, 15, -EINVAL);
	bad("REP MOVS", (const uint8_t[]){ 0xf3, 0xa5 }, 15, -EINVAL);
	bad("C7 /1 is not MOV", (const uint8_t[]){ 0xc7, 0x08, 0, 0, 0, 0 }, 15,
	    -EINVAL);
	bad("ADD [rdi],eax", (const uint8_t[]){ 0x01, 0x07 }, 15, -EINVAL);
	bad("disp32 cut off by the page end",
	    (const uint8_t[]){ 0x8b, 0x87, 0x00, 0xd0 }, 4, -ENODATA);
	bad("15 prefixes and no opcode",
	    (const uint8_t[]){ 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
			       0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66 },
	    15, -EINVAL);
	{
		struct insn_mov m32;

		tap_eq(insn_decode_mov((const uint8_t[]){ 0x67, 0x89, 0x07 },
				       15, false, &m32),
		       -EINVAL, "16-bit addressing (67 outside long mode)");
	}
	return tap_done();
}
