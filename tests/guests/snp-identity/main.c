// SPDX-License-Identifier: GPL-2.0-only
/*
 * snp-identity: what an emulated SNP guest sees (hv/snp_identity.c):
 * CPUID 0x8000001F and the range of 0x80000000, the hypervisor bit, no
 * SVM, no LA57; SEV_STATUS = 0x7 and read-only; SYSCFG bit 23; the GHCB
 * MSR's reset value (the SEV Information response) and the MSR protocol
 * requests Linux makes before its first PSC; RMPADJUST from VMPL0; the
 * boot struct's C-bit and the C-bit in CR3.
 */
#include "snp.h"

#define VEC_GP 13

static uint64_t read_cr3(void)
{
	uint64_t v;

	__asm__ volatile("mov %%cr3, %0" : "=r"(v));
	return v;
}

static uint8_t page[4096] __attribute__((aligned(4096))); /* bss: private */

int guest_main(const struct guest_boot *boot)
{
	uint32_t r[4];
	uint64_t v, info1;
	int vec;

	report(boot->snp_cbit == 47, "guest_boot: C-bit %u", boot->snp_cbit);
	report(read_cr3() & (1ull << 47), "CR3 carries the C-bit: 0x%llx",
	       (unsigned long long)read_cr3());
	cpuid(0x80000000u, 0, r);
	report(r[0] >= 0x8000001fu, "CPUID 0x80000000 EAX 0x%x >= 0x8000001F",
	       r[0]);
	cpuid(0x8000001fu, 0, r);
	report(r[0] == 0x1a,
	       "CPUID 0x8000001F EAX 0x%x = SEV|SEV-ES|SNP (0x1A)", r[0]);
	report((r[1] & 0x3f) == 47 && ((r[1] >> 6) & 0x3f) == 1,
	       "CPUID 0x8000001F EBX 0x%x: C-bit 47, phys reduction 1", r[1]);
	cpuid(1, 0, r);
	report(r[2] & (1u << 31), "hypervisor bit");
	cpuid(0x80000001u, 0, r);
	report(!(r[2] & (1u << 2)), "no SVM");
	cpuid(7, 0, r);
	report(!(r[2] & (1u << 16)), "no LA57");
	cpuid(0x40000000u, 0, r);
	report(r[1] != 0x4b4d564b, "no KVM signature in 0x40000000");

	vec = rdmsr_safe(0xc0010131u, &v);
	report(vec == -1 && v == 7, "SEV_STATUS = 0x%llx",
	       (unsigned long long)v);
	report(wrmsr_safe(0xc0010131u, 0) == VEC_GP, "SEV_STATUS write -> #GP");
	vec = rdmsr_safe(0xc0010010u, &v);
	report(vec == -1 && (v & (1ull << 23)),
	       "SYSCFG = 0x%llx (MemEncryptionModEn)", (unsigned long long)v);
	v = ghcb_msr_read();
	report(v == GHCB_SEV_INFO(2, 1, 47), "GHCB MSR at reset: 0x%llx",
	       (unsigned long long)v);
	v = ghcb_msr_call(GHCB_MSR_SEV_INFO_REQ);
	report(v == GHCB_SEV_INFO(2, 1, 47), "MSR SEV_INFO: 0x%llx",
	       (unsigned long long)v);
	v = ghcb_msr_call(GHCB_MSR_HV_FT_REQ);
	report(v == ((GHCB_HV_FT_SNP << 12) | GHCB_MSR_HV_FT_RESP),
	       "MSR HV features: 0x%llx (SNP only)", (unsigned long long)v);
	v = ghcb_msr_call(((uint64_t)0x8000001fu << 32) | (1ull << 30) |
			  GHCB_MSR_CPUID_REQ);
	report(v == (((uint64_t)(47 | (1 << 6)) << 32) | (1ull << 30) |
		     GHCB_MSR_CPUID_RESP),
	       "MSR CPUID 0x8000001F EBX: 0x%llx", (unsigned long long)v);

	report(rmpadjust((uint64_t)(uintptr_t)page, false, 1) == 0,
	       "RMPADJUST (VMPL1 permissions) from VMPL0 -> 0");
	report(rmpadjust((uint64_t)(uintptr_t)page, false, 0) ==
		       PV_FAIL_PERMISSION,
	       "RMPADJUST target VMPL0 -> FAIL_PERMISSION");

	if (!snp_init(boot))
		return report_summary();
	v = ghcb_call(snp.ghcb_gpa, SVM_VMGEXIT_HV_FEATURES, 0, 0, 0, &info1);
	report(info1 == 0 && v == GHCB_HV_FT_SNP,
	       "GHCB HV features: info1 %llu info2 0x%llx",
	       (unsigned long long)info1, (unsigned long long)v);
	v = ghcb_call(snp.ghcb_gpa, SVM_VMGEXIT_NMI_COMPLETE, 0, 0, 0, &info1);
	report(info1 == 0, "GHCB NMI complete accepted (info1 %llu)",
	       (unsigned long long)info1);
	return report_summary();
}
