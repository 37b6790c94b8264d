// SPDX-License-Identifier: GPL-2.0-only
/*
 * The VMSA page svm_build_vmsa() lays out for the SNP launch digest
 * (svm/vmsa.c): every field the hypervisor fills, at its offset in the
 * APM's "VMSA Layout, State Save Area for SEV-ES" table, which this test
 * writes down itself rather than taking from the code under test.
 */
#include <stdlib.h>
#include <string.h>

#include "svm/svm.h"
#include "svm/vmcb.h"
#include "tests/lib/tap.h"

static uint64_t at64(const uint8_t *p, unsigned off)
{
	uint64_t v;

	memcpy(&v, p + off, 8);
	return v;
}

int main(void)
{
	static struct vmcb vmcb __attribute__((aligned(4096)));
	static uint8_t page[4096];
	struct svm_vcpu sv = { .vmcb = &vmcb, .xcr0 = 0x7 };
	struct vcpu_regs r = {
		.rax = 0xa0,
		.rbx = 0xb0,
		.rcx = 0xc0,
		.rdx = 0xd0,
		.rsi = 0x51,
		.rdi = 0xd1,
		.rbp = 0xb9,
		.r8 = 0x108,
		.r9 = 0x109,
		.r10 = 0x110,
		.r11 = 0x111,
		.r12 = 0x112,
		.r13 = 0x113,
		.r14 = 0x114,
		.r15 = 0x115,
		.rsp = 0x5b,
		.rip = 0x1234,
		.rflags = 0x202,
	};
	uint16_t fcw;
	uint32_t mxcsr;

	memset(page, 0xcc, sizeof(page));
	vmcb.save.cs.selector = 0x10;
	vmcb.save.cs.attrib = 0x29b;
	vmcb.save.cs.limit = 0xffffffff;
	vmcb.save.tr.base = 0x7000;
	vmcb.save.efer = 0x1d00;
	vmcb.save.cr0 = 0x80050033;
	vmcb.save.cr3 = 0x3000;
	vmcb.save.cr4 = 0x6a0;
	vmcb.save.dr7 = 0x400;
	vmcb.save.dr6 = 0xffff0ff0;
	vmcb.save.g_pat = 0x0007040600070406ull;
	vmcb.save.rip = 0xdead; /* regs win: they go to the VMCB at VMRUN */
	svm_build_vmsa(&sv, &r, 1, page);

	tap_eq(*(uint16_t *)(page + 0x10), 0x10, "CS selector at 0x010");
	tap_eq(*(uint16_t *)(page + 0x12), 0x29b, "CS attrib at 0x012");
	tap_eq(*(uint32_t *)(page + 0x14), 0xffffffff, "CS limit at 0x014");
	tap_eq(at64(page, 0x98), 0x7000, "TR base at 0x098");
	tap_eq(at64(page, 0xd0), 0x1d00, "EFER at 0x0d0");
	tap_eq(at64(page, 0x148), 0x6a0, "CR4 at 0x148");
	tap_eq(at64(page, 0x150), 0x3000, "CR3 at 0x150");
	tap_eq(at64(page, 0x158), 0x80050033, "CR0 at 0x158");
	tap_eq(at64(page, 0x160), 0x400, "DR7 at 0x160");
	tap_eq(at64(page, 0x168), 0xffff0ff0, "DR6 at 0x168");
	tap_eq(at64(page, 0x170), 0x202, "RFLAGS at 0x170 (from regs)");
	tap_eq(at64(page, 0x178), 0x1234, "RIP at 0x178 (from regs)");
	tap_eq(at64(page, 0x1d8), 0x5b, "RSP at 0x1d8");
	tap_eq(at64(page, 0x1f8), 0xa0, "RAX at 0x1f8");
	tap_eq(at64(page, 0x268), 0x0007040600070406ull, "G_PAT at 0x268");
	tap_eq(at64(page, 0x308), 0xc0, "RCX at 0x308");
	tap_eq(at64(page, 0x310), 0xd0, "RDX at 0x310");
	tap_eq(at64(page, 0x318), 0xb0, "RBX at 0x318");
	tap_eq(at64(page, 0x320), 0, "0x320 reserved (RSP is at 0x1d8)");
	tap_eq(at64(page, 0x328), 0xb9, "RBP at 0x328");
	tap_eq(at64(page, 0x330), 0x51, "RSI at 0x330");
	tap_eq(at64(page, 0x338), 0xd1, "RDI at 0x338");
	tap_eq(at64(page, 0x340), 0x108, "R8 at 0x340");
	tap_eq(at64(page, 0x378), 0x115, "R15 at 0x378");
	tap_eq(at64(page, 0x3b0), 1, "SEV_FEATURES at 0x3b0 (SNPActive)");
	tap_eq(at64(page, 0x3e8), 0x7, "XCR0 at 0x3e8");
	memcpy(&mxcsr, page + 0x408, 4);
	memcpy(&fcw, page + 0x410, 2);
	tap_eq(mxcsr, 0x1f80, "MXCSR at 0x408: reset value");
	tap_eq(fcw, 0x37f, "x87 FCW at 0x410: FNINIT value");
	tap_eq(page[0xfff], 0, "the rest of the page is zero");
	tap_eq(page[0x300], 0, "... between the fields too");
	return tap_done();
}
