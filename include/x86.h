/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * x86 architectural names and the few instructions the hypervisor uses
 * directly. One home for all of them: every other file includes this
 * instead of defining its own copy. Bit positions follow AMD APM volume 2
 * ("System Resources": CR0, CR4, EFER, RFLAGS; "Exceptions and
 * Interrupts": vector numbers) and volume 3 (CPUID, RDMSR, WRMSR, RDTSC,
 * XGETBV).
 *
 * Plain static inlines, so host programs that include this (unit tests of
 * svm/ and mm/) compile it without running any of it.
 */
#ifndef INCLUDE_X86_H
#define INCLUDE_X86_H

#include <stdint.h>

/* CR0 ("CR0 Register"). */
#define CR0_PE (1ull << 0)
#define CR0_MP (1ull << 1)
#define CR0_ET (1ull << 4)
#define CR0_NE (1ull << 5)
#define CR0_WP (1ull << 16)
#define CR0_PG (1ull << 31)

/* CR4 ("CR4 Register"). */
#define CR4_PAE	    (1ull << 5)
#define CR4_LA57    (1ull << 12)
#define CR4_OSXSAVE (1ull << 18)
#define CR4_PKE	    (1ull << 22)

/* EFER ("Extended Feature Enable Register (EFER)"). */
#define MSR_EFER  0xc0000080u
#define EFER_SCE  (1ull << 0)
#define EFER_LME  (1ull << 8)
#define EFER_LMA  (1ull << 10)
#define EFER_NXE  (1ull << 11)
#define EFER_SVME (1ull << 12)

/* SYSCFG ("System Configuration Register (SYSCFG)"). */
#define MSR_SYSCFG 0xc0010010u

/* RFLAGS ("RFLAGS Register"). */
#define RFLAGS_CF (1ull << 0)
#define RFLAGS_PF (1ull << 2)
#define RFLAGS_AF (1ull << 4)
#define RFLAGS_ZF (1ull << 6)
#define RFLAGS_SF (1ull << 7)
#define RFLAGS_TF (1ull << 8)
#define RFLAGS_IF (1ull << 9)
#define RFLAGS_DF (1ull << 10)
#define RFLAGS_OF (1ull << 11)

/* Exception vectors ("Exception Vectors"). */
#define VEC_DB 1
#define VEC_UD 6
#define VEC_GP 13
#define VEC_PF 14

static inline void cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	__asm__ volatile("cpuid"
			 : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
			 : "a"(leaf), "c"(sub));
}

static inline uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo, hi;

	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((uint64_t)hi << 32) | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t v)
{
	__asm__ volatile("wrmsr"
			 :
			 : "c"(msr), "a"((uint32_t)v),
			   "d"((uint32_t)(v >> 32)));
}

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

static inline uint64_t xgetbv(uint32_t xcr)
{
	uint32_t lo, hi;

	__asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(xcr));
	return ((uint64_t)hi << 32) | lo;
}

static inline uint64_t read_cr4(void)
{
	uint64_t cr4;

	__asm__ volatile("mov %%cr4, %0" : "=r"(cr4));
	return cr4;
}

static inline void write_cr4(uint64_t cr4)
{
	__asm__ volatile("mov %0, %%cr4" : : "r"(cr4));
}

/* Port I/O: the hypervisor's own accesses (console, CMOS, PCI, PSP), and
 * the test guests' (tests/guests/escape/lib, tests/efi). */
static inline void outb(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;

	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline void outw(uint16_t port, uint16_t v)
{
	__asm__ volatile("outw %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint16_t inw(uint16_t port)
{
	uint16_t v;

	__asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline void outl(uint16_t port, uint32_t v)
{
	__asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint32_t inl(uint16_t port)
{
	uint32_t v;

	__asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

#endif
