/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The guest's CPUID, as a pure function of the host's CPUID and the few
 * pieces of guest state CPUID reports (hv/cpuid_view.c). hv/cpuid.c feeds
 * it the real CPU; tests/unit/test_cpuid_view.c feeds it recordings.
 */
#ifndef HV_CPUID_VIEW_H
#define HV_CPUID_VIEW_H

#include <stdbool.h>
#include <stdint.h>

#include "include/x86.h"

/* Where host CPUID values come from: the CPUID instruction, or a table. */
struct cpuid_source {
	void (*cpuid)(void *ctx, uint32_t leaf, uint32_t sub, uint32_t r[4]);
	void *ctx;
};

/* The guest state CPUID reports back (APM "CPUID Fn0000_0001_ECX", ...). */
struct cpuid_guest {
	uint32_t apic_id; /* CPUID.1 EBX[31:24] */
	bool snp;	  /* emulated SNP: hv/snp_identity.c adjusts */
	uint64_t cr4;  /* OSXSAVE (CPUID.1 ECX[27]), OSPKE (CPUID.7 ECX[4]) */
	uint64_t xcr0; /* CPUID.D.0 EBX: size for the enabled XCR0 */
};

/* XCR0 state components ("XSAVE/XRSTOR State-Component Bitmap"). */
#define XFEATURE_X87	   (1ull << 0)
#define XFEATURE_SSE	   (1ull << 1)
#define XFEATURE_YMM	   (1ull << 2)
#define XFEATURE_BNDREGS   (1ull << 3)
#define XFEATURE_BNDCSR	   (1ull << 4)
#define XFEATURE_OPMASK	   (1ull << 5)
#define XFEATURE_ZMM_HI256 (1ull << 6)
#define XFEATURE_HI16_ZMM  (1ull << 7)
#define XFEATURE_PKRU	   (1ull << 9)
#define XFEATURE_AVX512 \
	(XFEATURE_OPMASK | XFEATURE_ZMM_HI256 | XFEATURE_HI16_ZMM)
/* XCR0 after RESET ("XCR0" in the APM's processor initialization state). */
#define XCR0_RESET XFEATURE_X87

/* CPUID leaf `leaf`, sub-leaf `sub` as this guest sees it. */
void cpuid_view(const struct cpuid_source *src, const struct cpuid_guest *g,
		uint32_t leaf, uint32_t sub, uint32_t r[4]);

/*
 * The XCR0 bits the guest may set: what CPUID.D.0 EDX:EAX advertises
 * (0 when XSAVE is not advertised at all).
 */
uint64_t cpuid_view_xcr0_supported(const struct cpuid_source *src);

/*
 * XSETBV's operand checks (APM "XSETBV", Intel SDM "XSETBV"): 0 if
 * XCR[index] = value is allowed, else -EINVAL (the CPU's #GP(0)). The
 * CPL and CR4.OSXSAVE checks are the caller's: they come first.
 */
int xsetbv_check(uint64_t supported, uint32_t index, uint64_t value);

enum cpuid_reg {
	CPUID_EAX,
	CPUID_EBX,
	CPUID_ECX,
	CPUID_EDX
};

/*
 * A feature bit: CPUID leaf, sub-leaf, register (0 EAX .. 3 EDX) and bit,
 * with its name as Linux's /proc/cpuinfo spells it (for logs and tests).
 */
struct cpuid_feature {
	uint32_t leaf, sub;
	uint8_t reg, bit;
	const char *name;
};

/* "feature needs depends": both are CPUID bits the guest may be shown. */
struct cpuid_dep {
	struct cpuid_feature feature, depends;
};

/* Index of the feature word (leaf, sub, reg) the view models, or -1. */
int cpuid_word_index(uint32_t leaf, uint32_t sub, uint8_t reg);

extern const struct cpuid_dep cpuid_deps[];
extern const unsigned cpuid_nr_deps;

#endif
