// SPDX-License-Identifier: GPL-2.0-only
/*
 * xsave: the guest's XSAVE (hv/xsave.c, hv/cpuid_view.c and the XCR0
 * switch in svm/world_switch.S). CPUID offers XSAVE, OSXSAVE follows
 * CR4; XSETBV is refused with #UD while CR4.OSXSAVE is clear and with
 * #GP(0) for a bad XCR index or XCR0 value, leaving XCR0 as it was;
 * an accepted XCR0 is what XGETBV reads (the real register: XGETBV is
 * not intercepted) after exits too, and CPUID.D.0 EBX follows it; with
 * YMM enabled a VEX instruction runs and its register survives exits,
 * with YMM disabled again it raises #UD.
 */
#include "guest.h"

#define VEC_UD	    6
#define VEC_GP	    13
#define CR4_OSFXSR  (1ull << 9)
#define CR4_OSXSAVE (1ull << 18)

static volatile int last_vector = -1;
static volatile uint64_t skip;

static void on_fault(struct exc_frame *f)
{
	last_vector = (int)f->vector;
	f->rip += skip;
}

/* XSETBV (0F 01 D1, 3 bytes): the vector it raised, or -1. */
static int xsetbv(uint32_t index, uint64_t value)
{
	last_vector = -1;
	skip = 3;
	__asm__ volatile("xsetbv"
			 :
			 : "c"(index), "a"((uint32_t)value),
			   "d"((uint32_t)(value >> 32))
			 : "memory");
	return last_vector;
}

static uint64_t xgetbv(void)
{
	uint32_t lo, hi;

	__asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
	return ((uint64_t)hi << 32) | lo;
}

static uint64_t read_cr4(void)
{
	uint64_t v;

	__asm__ volatile("mov %%cr4, %0" : "=r"(v));
	return v;
}

static void write_cr4(uint64_t v)
{
	__asm__ volatile("mov %0, %%cr4" : : "r"(v) : "memory");
}

/*
 * Load a pattern into YMM1, take CPUID exits, read YMM1 back. The VEX
 * instructions are 4 (vmovdqu) bytes each; a #UD skips just the first.
 */
static int ymm_roundtrip(uint64_t out[4])
{
	static const uint64_t pattern[4] __attribute__((aligned(32))) = {
		0x0123456789abcdefull,
		0xfedcba9876543210ull,
		0x1111222233334444ull,
		0x5555666677778888ull,
	};
	uint32_t r[4];

	last_vector = -1;
	skip = 4;
	__asm__ volatile("vmovdqu (%0), %%ymm1" : : "r"(pattern) : "memory");
	if (last_vector != -1)
		return last_vector;
	for (int i = 0; i < 10; i++)
		cpuid(0, 0, r);
	__asm__ volatile("vmovdqu %%ymm1, (%0)" : : "r"(out) : "memory");
	return memcmp(out, pattern, sizeof(pattern)) ? -2 : -1;
}

int guest_main(const struct guest_boot *boot)
{
	uint32_t r[4], offered, size_x87, size_all;
	uint64_t out[4];
	int vec;

	(void)boot;
	exc_set_handler(VEC_UD, on_fault);
	exc_set_handler(VEC_GP, on_fault);

	/* Both CPU models of the scenarios have XSAVE: hiding it is a bug. */
	cpuid(1, 0, r);
	if (!report(r[2] & (1u << 26), "CPUID.1 XSAVE offered"))
		return report_summary();
	report(!(r[2] & (1u << 27)), "CPUID.1 OSXSAVE clear (CR4.OSXSAVE 0)");
	report(xsetbv(0, 1) == VEC_UD, "XSETBV with CR4.OSXSAVE clear -> #UD");

	write_cr4(read_cr4() | CR4_OSFXSR | CR4_OSXSAVE);
	cpuid(1, 0, r);
	report(r[2] & (1u << 27), "CPUID.1 OSXSAVE set after CR4.OSXSAVE = 1");
	report(xgetbv() == 1, "XGETBV: XCR0 = 0x%llx at reset (x87)",
	       (unsigned long long)xgetbv());

	cpuid(0xd, 0, r);
	offered = r[0];
	size_x87 = r[1];
	size_all = r[2];
	report((offered & 3) == 3 && r[3] == 0,
	       "CPUID.D.0 offers x87|SSE: EDX:EAX 0x%x:%x", r[3], offered);
	report(size_x87 == 0x240,
	       "CPUID.D.0 EBX 0x%x = legacy area + header for XCR0 x87",
	       size_x87);
	report(size_all >= size_x87,
	       "CPUID.D.0 ECX 0x%x: size for everything offered", size_all);
	cpuid(0xd, 1, r);
	report(!(r[0] & (1u << 3)), "CPUID.D.1 EAX 0x%x: no XSAVES", r[0]);

	report(xsetbv(1, 1) == VEC_GP, "XSETBV XCR1 -> #GP");
	report(xsetbv(0, 0) == VEC_GP, "XSETBV XCR0 = 0 (no x87) -> #GP");
	report(xsetbv(0, 5) == VEC_GP, "XSETBV XCR0 = x87|YMM (no SSE) -> #GP");
	report(xsetbv(0, 1 | (1ull << 8)) == VEC_GP,
	       "XSETBV XCR0 bit 8 (not offered) -> #GP");
	report(xsetbv(0, 1 | (1ull << 62)) == VEC_GP,
	       "XSETBV XCR0 bit 62 (not offered) -> #GP");
	report(xgetbv() == 1, "XCR0 unchanged after the refusals: 0x%llx",
	       (unsigned long long)xgetbv());

	vec = xsetbv(0, offered);
	report(vec == -1 && xgetbv() == offered,
	       "XSETBV XCR0 = 0x%x accepted, XGETBV reads 0x%llx", offered,
	       (unsigned long long)xgetbv());
	cpuid(0xd, 0, r);
	report(r[1] == size_all, "CPUID.D.0 EBX 0x%x follows XCR0 (ECX 0x%x)",
	       r[1], size_all);
	for (int i = 0; i < 10; i++)
		cpuid(0, 0, r);
	report(xgetbv() == offered, "XCR0 still 0x%llx after 10 CPUID exits",
	       (unsigned long long)xgetbv());

	cpuid(1, 0, r);
	if (!report((r[2] & (1u << 28)) && (offered & 4),
		    "AVX and YMM offered"))
		return report_summary();
	vec = ymm_roundtrip(out);
	report(vec == -1, "YMM1 loaded with VEX and intact after 10 exits (%d)",
	       vec);
	report(xsetbv(0, 3) == -1 && xgetbv() == 3,
	       "XSETBV XCR0 = x87|SSE accepted");
	report(ymm_roundtrip(out) == VEC_UD,
	       "VEX 256-bit load with XCR0.YMM clear -> #UD");
	report(xsetbv(0, 7) == -1 && ymm_roundtrip(out) == -1,
	       "XSETBV XCR0 = x87|SSE|YMM: VEX works again");
	return report_summary();
}
