// SPDX-License-Identifier: GPL-2.0-only
/* msr: what the MSR permission map intercepts and what it passes through. */
#include "guest.h"

#define MSR_TSC		   0x10
#define MSR_APIC_BASE	   0x1b
#define MSR_MTRRCAP	   0xfe
#define MSR_MTRR_PHYSBASE0 0x200
#define MSR_PAT		   0x277
#define MSR_MTRR_DEF_TYPE  0x2ff
#define MSR_EFER	   0xc0000080
#define MSR_FS_BASE	   0xc0000100
#define MSR_NB_CFG	   0xc001001f
#define MSR_INT_PENDING	   0xc0010055
#define MSR_KERNEL_GS_BASE 0xc0000102
#define VEC_GP		   13

int guest_main(const struct guest_boot *boot)
{
	uint64_t v = 0, before, after, efer = 0;
	bool ok;
	int vec;

	(void)boot;
	/* Passed through: no MSR exit at all. */
	before = exit_count(HC_COUNT_MSR);
	ok = wrmsr_safe(MSR_FS_BASE, 0x123456789000ull) < 0 &&
	     rdmsr_safe(MSR_FS_BASE, &v) < 0;
	report(ok && v == 0x123456789000ull, "FS_BASE round trip (0x%llx)",
	       (unsigned long long)v);
	ok = wrmsr_safe(MSR_KERNEL_GS_BASE, 0xabcd000ull) < 0 &&
	     rdmsr_safe(MSR_KERNEL_GS_BASE, &v) < 0;
	report(ok && v == 0xabcd000ull, "KERNEL_GS_BASE round trip");
	ok = rdmsr_safe(MSR_EFER, &efer) < 0;
	report(ok && (efer & (1 << 10)) && (efer & (1 << 12)),
	       "EFER read: 0x%llx (LMA, SVME)", (unsigned long long)efer);
	/* Only "no fault, no exit": QEMU's TCG answers RDMSR of the TSC
	 * with 0, real CPUs with the counter. */
	vec = rdmsr_safe(MSR_TSC, &v);
	report(vec < 0, "TSC read passes through: 0x%llx (vector %d)",
	       (unsigned long long)v, vec);
	after = exit_count(HC_COUNT_MSR);
	report(after == before, "pass-through MSRs took %llu exits",
	       (unsigned long long)(after - before));

	/* Intercepted and emulated. */
	before = exit_count(HC_COUNT_MSR);
	ok = rdmsr_safe(MSR_APIC_BASE, &v) < 0;
	report(ok && v == 0xfee00900ull, "APIC_BASE reads 0x%llx",
	       (unsigned long long)v);
	report(wrmsr_safe(MSR_PAT, 0x0007040600070406ull) < 0 &&
		       rdmsr_safe(MSR_PAT, &v) < 0 &&
		       v == 0x0007040600070406ull,
	       "PAT round trip");
	report(wrmsr_safe(MSR_PAT, 0x0202020202020202ull) == VEC_GP,
	       "invalid PAT type -> #GP");
	report(wrmsr_safe(MSR_EFER, efer) < 0, "EFER write of the same value");
	report(wrmsr_safe(MSR_EFER, efer & ~(1ull << 8)) == VEC_GP,
	       "EFER write clearing LME -> #GP");
	/* MTRRs without range registers; the default type as firmware
	 * leaves it (E, WB); writable with valid values only. */
	report(rdmsr_safe(MSR_MTRRCAP, &v) < 0 && v == 0,
	       "MTRRcap reads 0x%llx (no ranges)", (unsigned long long)v);
	report(wrmsr_safe(MSR_MTRRCAP, 0) == VEC_GP, "MTRRcap write -> #GP");
	report(rdmsr_safe(MSR_MTRR_DEF_TYPE, &v) < 0 && v == 0x806,
	       "MTRRdefType reads 0x%llx (E, WB)", (unsigned long long)v);
	report(wrmsr_safe(MSR_MTRR_DEF_TYPE, 0) < 0 &&
		       rdmsr_safe(MSR_MTRR_DEF_TYPE, &v) < 0 && v == 0,
	       "MTRRdefType write 0 (disabled, UC) reads back 0x%llx",
	       (unsigned long long)v);
	report(wrmsr_safe(MSR_MTRR_DEF_TYPE, 0x802) == VEC_GP,
	       "MTRRdefType reserved type 2 -> #GP");
	report(wrmsr_safe(MSR_MTRR_DEF_TYPE, 0xc06) == VEC_GP,
	       "MTRRdefType FE without fixed ranges -> #GP");
	report(wrmsr_safe(MSR_MTRR_DEF_TYPE, 0x1806) == VEC_GP,
	       "MTRRdefType reserved bit 12 -> #GP");
	report(wrmsr_safe(MSR_MTRR_DEF_TYPE, 0x806) < 0 &&
		       rdmsr_safe(MSR_MTRR_DEF_TYPE, &v) < 0 && v == 0x806,
	       "MTRRdefType restored to 0x%llx", (unsigned long long)v);
	report(rdmsr_safe(MSR_MTRR_PHYSBASE0, &v) == VEC_GP,
	       "MTRRphysBase0 (beyond VCNT 0) -> #GP");
	/* What Linux reads on AMD families with these registers. */
	report(rdmsr_safe(MSR_INT_PENDING, &v) < 0 && v == 0,
	       "interrupt pending (0xc0010055) reads 0x%llx (no C1E)",
	       (unsigned long long)v);
	report(wrmsr_safe(MSR_NB_CFG, 1ull << 46) < 0 &&
		       rdmsr_safe(MSR_NB_CFG, &v) < 0 && v == 1ull << 46,
	       "NB_CFG EnableCf8ExtCfg round trip (0x%llx)",
	       (unsigned long long)v);
	report(wrmsr_safe(MSR_NB_CFG, 1) == VEC_GP, "NB_CFG other bit -> #GP");
	report(rdmsr_safe(0xc0011234, &v) == VEC_GP, "unknown MSR read -> #GP");
	report(wrmsr_safe(0x40000123, 1) == VEC_GP,
	       "MSR outside the permission map -> #GP");
	after = exit_count(HC_COUNT_MSR);
	report(after - before == 23, "intercepted MSRs took %llu exits (23)",
	       (unsigned long long)(after - before));
	return report_summary();
}
