// SPDX-License-Identifier: GPL-2.0-only
/* cpuid: the values hv/cpuid.c promises. */
#include "guest.h"

int guest_main(const struct guest_boot *boot)
{
	uint32_t r[4], max[4];
	uint64_t before, after;
	char sig[13];
	bool xsave;

	(void)boot;
	cpuid(0x1, 0, r);
	report(r[2] & (1u << 31), "CPUID.1 ECX[31] hypervisor present");
	report(!(r[2] & (1u << 5)), "CPUID.1 ECX[5] VMX hidden");
	report(!(r[2] & (1u << 27)),
	       "CPUID.1 ECX[27] OSXSAVE clear (CR4.OSXSAVE is 0)");
	report(!(r[2] & (1u << 28)) || (r[2] & (1u << 26)),
	       "CPUID.1 AVX only with XSAVE");
	report(!(r[2] & (1u << 3)), "CPUID.1 ECX[3] MONITOR hidden");
	report(!(r[3] & ((1u << 7) | (1u << 14))),
	       "CPUID.1 EDX MCE/MCA hidden (their MSRs are not emulated)");
	report(r[3] & (1u << 12),
	       "CPUID.1 EDX[12] MTRR shown (MTRRcap/MTRRdefType are emulated)");
	report((r[1] >> 24) == 0, "CPUID.1 EBX initial APIC ID = vCPU 0");

	cpuid(0x40000000, 0, r);
	memcpy(sig, &r[1], 4);
	memcpy(sig + 4, &r[2], 4);
	memcpy(sig + 8, &r[3], 4);
	sig[12] = 0;
	report(r[0] == 0x40000001 && memcmp(sig, "snpvisor    ", 12) == 0,
	       "CPUID.40000000 max 0x%x signature \"%s\"", r[0], sig);
	cpuid(0x40000001, 0, r);
	report(r[0] == (uint32_t)HC_ABI_VERSION,
	       "CPUID.40000001 EAX = ABI version");
	cpuid(0x40000002, 0, r);
	report(!(r[0] | r[1] | r[2] | r[3]), "CPUID.40000002 is zero");

	cpuid(0x0, 0, max);
	report(max[0] <= 0xd, "CPUID.0 max basic leaf 0x%x <= 0xd", max[0]);
	report(max[1] == 0x68747541 && max[3] == 0x69746e65 &&
		       max[2] == 0x444d4163,
	       "vendor AuthenticAMD");
	cpuid(0x1, 0, r);
	xsave = r[2] & (1u << 26);
	cpuid(0xd, 0, r);
	if (xsave)
		report(r[1] == 0x240 && r[3] == 0 &&
			       !(r[0] & ((1u << 3) | (1u << 4))),
		       "CPUID.D.0: size 0x%x for XCR0 x87, no MPX components",
		       r[1]);
	else
		report(!(r[0] | r[1] | r[2] | r[3]),
		       "CPUID.D is zero (no XSAVE)");

	cpuid(0x80000001, 0, r);
	report(!(r[2] & (1u << 2)), "CPUID.80000001 ECX[2] SVM hidden");
	report(!(r[3] & (1u << 27)), "CPUID.80000001 EDX[27] RDTSCP hidden");
	cpuid(0x8000000a, 0, r);
	report(!(r[0] | r[1] | r[2] | r[3]), "CPUID.8000000A is zero");
	cpuid(0x8000001f, 0, r);
	report(!(r[0] | r[1] | r[2] | r[3]), "CPUID.8000001F is zero");

	before = exit_count(HC_COUNT_CPUID);
	for (int i = 0; i < 100; i++)
		cpuid(0x1, 0, r);
	after = exit_count(HC_COUNT_CPUID);
	report(after - before == 100, "100 CPUIDs took %llu CPUID exits",
	       (unsigned long long)(after - before));
	return report_summary();
}
