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

struct seg_want {
	unsigned off;
	uint16_t sel, attrib;
	uint32_t limit;
	uint64_t base;
	const char *name;
};

/*
 * svm_vcpu_reset() then svm_build_vmsa(): the VMSA a KVM host with QEMU
 * builds for an SNP vCPU at reset (KVM's sev_es_sync_vmsa() of the
 * vCPU QEMU reset; the same values as virtee/sev-snp-measure's vmsa.py
 * for VMM type QEMU), written down here from those public facts. The
 * VMCB starts dirty so that every field the reset must set is checked.
 */
static void check_reset_state(void)
{
	static struct vmcb vmcb __attribute__((aligned(4096)));
	static uint8_t page[4096];
	static const struct seg_want segs[] = {
		{ 0x00, 0, 0x93, 0xffff, 0, "ES" },
		{ 0x10, 0xf000, 0x9b, 0xffff, 0xffff0000, "CS" },
		{ 0x20, 0, 0x93, 0xffff, 0, "SS" },
		{ 0x30, 0, 0x93, 0xffff, 0, "DS" },
		{ 0x40, 0, 0x93, 0xffff, 0, "FS" },
		{ 0x50, 0, 0x93, 0xffff, 0, "GS" },
		{ 0x60, 0, 0, 0xffff, 0, "GDTR" },
		{ 0x70, 0, 0x82, 0xffff, 0, "LDTR" },
		{ 0x80, 0, 0, 0xffff, 0, "IDTR" },
		{ 0x90, 0, 0x8b, 0xffff, 0, "TR" },
	};
	struct svm_vcpu sv = { .vmcb = &vmcb, .xcr0 = 0x7 };
	struct vcpu_regs r;
	uint8_t want[4096];

	memset(&vmcb, 0x5a, sizeof(vmcb));
	memset(&r, 0x5a, sizeof(r));
	svm_vcpu_reset(&sv, &r, 0xfffffff0, 0x00a00f11);
	svm_build_vmsa(&sv, &r, 1, page);

	memset(want, 0, sizeof(want));
	for (unsigned i = 0; i < sizeof(segs) / sizeof(segs[0]); i++) {
		memcpy(want + segs[i].off, &segs[i].sel, 2);
		memcpy(want + segs[i].off + 2, &segs[i].attrib, 2);
		memcpy(want + segs[i].off + 4, &segs[i].limit, 4);
		memcpy(want + segs[i].off + 8, &segs[i].base, 8);
		tap_check(!memcmp(page + segs[i].off, want + segs[i].off, 16),
			  "reset VMSA: %s selector, attrib, limit, base",
			  segs[i].name);
	}
	tap_eq(at64(page, 0xd0), 0x1000, "reset VMSA: EFER = SVME");
	tap_eq(at64(page, 0x148), 0x40, "reset VMSA: CR4 = MCE");
	tap_eq(at64(page, 0x150), 0, "reset VMSA: CR3 = 0");
	tap_eq(at64(page, 0x158), 0x10, "reset VMSA: CR0 = ET");
	tap_eq(at64(page, 0x160), 0x400, "reset VMSA: DR7");
	tap_eq(at64(page, 0x168), 0xffff0ff0, "reset VMSA: DR6");
	tap_eq(at64(page, 0x170), 2, "reset VMSA: RFLAGS");
	tap_eq(at64(page, 0x178), 0xfff0, "reset VMSA: RIP = EIP & 0xffff");
	tap_eq(at64(page, 0x268), 0x0007040600070406ull, "reset VMSA: G_PAT");
	tap_eq(at64(page, 0x310), 0x00a00f11, "reset VMSA: RDX = signature");
	tap_eq(at64(page, 0x3b0), 1, "reset VMSA: SEV_FEATURES");
	tap_eq(at64(page, 0x3e8), 1, "reset VMSA: XCR0 = x87");
	{
		uint32_t mx = 0x1f80;
		uint16_t cw = 0x37f;
		uint64_t v;

		v = 0x1000;
		memcpy(want + 0xd0, &v, 8);
		v = 0x40;
		memcpy(want + 0x148, &v, 8);
		v = 0x10;
		memcpy(want + 0x158, &v, 8);
		v = 0x400;
		memcpy(want + 0x160, &v, 8);
		v = 0xffff0ff0;
		memcpy(want + 0x168, &v, 8);
		v = 2;
		memcpy(want + 0x170, &v, 8);
		v = 0xfff0;
		memcpy(want + 0x178, &v, 8);
		v = 0x0007040600070406ull;
		memcpy(want + 0x268, &v, 8);
		v = 0x00a00f11;
		memcpy(want + 0x310, &v, 8);
		v = 1;
		memcpy(want + 0x3b0, &v, 8);
		memcpy(want + 0x3e8, &v, 8);
		memcpy(want + 0x408, &mx, 4);
		memcpy(want + 0x410, &cw, 2);
	}
	tap_check(!memcmp(page, want, sizeof(want)),
		  "reset VMSA: every other byte of the page is zero (GPRs, CPL, CR2, syscall MSRs, LBRs)");
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
	check_reset_state();
	return tap_done();
}
