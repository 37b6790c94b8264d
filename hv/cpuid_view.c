// SPDX-License-Identifier: GPL-2.0-only
/*
 * The guest's CPUID view, computed from the host's (docs/emulated-snp.md
 * "CPUID" and hv/cpuid.c for what a guest may rely on).
 *
 * Feature bits go through three steps:
 *  1. the host's bits;
 *  2. minus what is not virtualized here (hidden[] below);
 *  3. minus every feature whose prerequisite is gone, until nothing
 *     changes (cpuid_deps.c). A guest kernel applies the same rules to
 *     what it is shown, and Linux 6.15 and later warns ("x86 CPU feature
 *     dependency check failure") and may execute AVX code with
 *     CR4.OSXSAVE clear if AVX is shown without XSAVE.
 * Bits that report guest state are then filled in: OSXSAVE and OSPKE
 * from the guest's CR4, the initial APIC ID, and the XSAVE area sizes
 * of leaf 0xD for the guest's XCR0.
 *
 * XSAVE (APM "XSAVE/XRSTOR Instructions", "CPUID Fn0000_000D"): the guest
 * gets the user state components x87, SSE, YMM, the three AVX-512
 * components and PKRU, when the host has them. MPX (BNDREGS, BNDCSR) is
 * hidden with its CPUID bit: AMD parts never had it and Linux dropped it;
 * only QEMU's "max" model shows it. XSAVES and the supervisor components
 * (IA32_XSS) are hidden: IA32_XSS is not emulated, so XSAVES and the
 * features that need it (CET shadow stacks, ENQCMD, XFD and AMX) go too.
 */
#include <errno.h>

#include "hv/cpuid_view.h"
#include "hv/snp_guest.h"

#define EAX CPUID_EAX
#define EBX CPUID_EBX
#define ECX CPUID_ECX
#define EDX CPUID_EDX

#define BIT(n)		   (1u << (n))
#define CPUID_MAX_BASIC	   0xdu
#define XSAVE_LEGACY_SIZE  512u /* FXSAVE image: x87 and SSE */
#define XSAVE_HDR_SIZE	   64u
#define XSAVE_BASE_SIZE	   (XSAVE_LEGACY_SIZE + XSAVE_HDR_SIZE)
/* CPUID.D.n ECX: the component lives in IA32_XSS; 64-byte aligned. */
#define XSAVE_COMP_XSS	   BIT(0)
#define XSAVE_COMP_ALIGN64 BIT(1)

/* The XCR0 components a guest may enable (see the comment on top). */
#define XCR0_VIRTUALIZED                                                \
	(XFEATURE_X87 | XFEATURE_SSE | XFEATURE_YMM | XFEATURE_AVX512 | \
	 XFEATURE_PKRU)

/* The feature words of step 2 and 3: where each lives in CPUID. */
struct word_loc {
	uint32_t leaf, sub;
	uint8_t reg;
};

static const struct word_loc word_locs[] = {
	{ 0x1, 0, ECX },	 { 0x1, 0, EDX }, { 0x7, 0, EBX },
	{ 0x7, 0, ECX },	 { 0x7, 0, EDX }, { 0x7, 1, EAX },
	{ 0xd, 0, EAX },	 { 0xd, 1, EAX }, { 0x80000001u, 0, ECX },
	{ 0x80000001u, 0, EDX },
};

#define NR_WORDS (sizeof(word_locs) / sizeof(word_locs[0]))

struct words {
	uint32_t w[NR_WORDS];
};

/* Step 2: bits never shown, word by word (same order as word_locs). */
static const uint32_t hidden[NR_WORDS] = {
	/*
	 * 1.ECX: MONITOR (3; MWAIT is intercepted), VMX (5),
	 * TSC-deadline (24) (the emulated APIC has no TSC-deadline mode),
	 * OSXSAVE (27; set from the guest's CR4 below). x2APIC (21) is
	 * shown whatever the host has: the emulated APIC is an x2APIC
	 * (hv/pc.h).
	 */
	BIT(3) | BIT(5) | BIT(24) | BIT(27),
	/*
	 * 1.EDX: MCE (7), MCA (14): their MSRs fault. MTRR (12) is shown:
	 * hv/msr.c emulates MTRRcap and MTRRdefType (Linux 6.1 keeps PAT,
	 * and with it the WP type its SNP code needs, only with MTRRs).
	 */
	BIT(7) | BIT(14),
	/* 7.EBX: MPX (14). */
	BIT(14),
	/* 7.ECX: OSPKE (4; from the guest's CR4 below). */
	BIT(4),
	0,
	0,
	/* D.0 EAX: every component this file does not give guests. */
	(uint32_t)~XCR0_VIRTUALIZED,
	/* D.1 EAX: XSAVES (3) and everything from XFD (4) up. */
	~(BIT(0) | BIT(1) | BIT(2)),
	/* 8000_0001.ECX: SVM (2): no nested virtualization. */
	BIT(2),
	/* 8000_0001.EDX: MCE, MCA as in leaf 1; RDTSCP (27). */
	BIT(7) | BIT(14) | BIT(27),
};

static void host(const struct cpuid_source *src, uint32_t leaf, uint32_t sub,
		 uint32_t r[4])
{
	src->cpuid(src->ctx, leaf, sub, r);
}

static uint32_t host_max(const struct cpuid_source *src, uint32_t base)
{
	uint32_t r[4];

	host(src, base, 0, r);
	return r[EAX];
}

int cpuid_word_index(uint32_t leaf, uint32_t sub, uint8_t reg)
{
	for (unsigned i = 0; i < NR_WORDS; i++)
		if (word_locs[i].leaf == leaf && word_locs[i].sub == sub &&
		    word_locs[i].reg == reg)
			return (int)i;
	return -1;
}

/* A bit outside the feature words counts as absent. */
static bool has(const struct words *w, const struct cpuid_feature *f)
{
	int i = cpuid_word_index(f->leaf, f->sub, f->reg);

	return i >= 0 && (w->w[i] & BIT(f->bit));
}

static bool drop(struct words *w, const struct cpuid_feature *f)
{
	int i = cpuid_word_index(f->leaf, f->sub, f->reg);

	if (i < 0 || !(w->w[i] & BIT(f->bit)))
		return false;
	w->w[i] &= ~BIT(f->bit);
	return true;
}

static void features(const struct cpuid_source *src, struct words *w)
{
	uint32_t max_std = host_max(src, 0),
		 max_ext = host_max(src, 0x80000000u);
	uint32_t max_7 = 0, r[4];
	bool changed;

	if (max_std >= 0x7) {
		host(src, 0x7, 0, r);
		max_7 = r[EAX];
	}
	for (unsigned i = 0; i < NR_WORDS; i++) {
		const struct word_loc *l = &word_locs[i];
		bool present = l->leaf >= 0x80000000u ? l->leaf <= max_ext :
							l->leaf <= max_std;

		if (l->leaf == 0x7 && l->sub > max_7)
			present = false;
		w->w[i] = 0;
		if (present) {
			host(src, l->leaf, l->sub, r);
			w->w[i] = r[l->reg] & ~hidden[i];
		}
	}
	do {
		changed = false;
		for (unsigned i = 0; i < cpuid_nr_deps; i++)
			if (!has(w, &cpuid_deps[i].depends) &&
			    drop(w, &cpuid_deps[i].feature))
				changed = true;
	} while (changed);
}

static uint32_t word(const struct words *w, uint32_t leaf, uint32_t sub,
		     uint8_t reg)
{
	return w->w[cpuid_word_index(leaf, sub, reg)];
}

static uint64_t xcr0_supported(const struct words *w)
{
	/* No component above bit 31 is virtualized: D.0 EDX stays 0. */
	return word(w, 0xd, 0, EAX);
}

/*
 * XSAVE area size for the components in xcr0 (APM "XSAVE Area"): the
 * standard form ends at the highest component's offset + size; the
 * compacted form (XSAVEC) packs them in order, aligning those with
 * CPUID.D.n ECX[1] to 64 bytes.
 */
static uint32_t xsave_size(const struct cpuid_source *src, uint64_t xcr0,
			   bool compacted)
{
	uint32_t size = XSAVE_BASE_SIZE, r[4];

	for (uint32_t i = 2; i < 63; i++) {
		if (!(xcr0 & (1ull << i)))
			continue;
		host(src, 0xd, i, r);
		if (!compacted) {
			if (r[EBX] + r[EAX] > size)
				size = r[EBX] + r[EAX];
			continue;
		}
		if (r[ECX] & XSAVE_COMP_ALIGN64)
			size = (size + 63) & ~63u;
		size += r[EAX];
	}
	return size;
}

static void leaf_d(const struct cpuid_source *src, const struct words *w,
		   const struct cpuid_guest *g, uint32_t sub, uint32_t r[4])
{
	uint64_t supported = xcr0_supported(w);
	uint64_t enabled = g->xcr0 & supported;

	if (!(supported & XFEATURE_X87)) {
		r[EAX] = r[EBX] = r[ECX] = r[EDX] = 0;
		return;
	}
	switch (sub) {
	case 0:
		r[EAX] = (uint32_t)supported;
		r[EBX] = xsave_size(src, enabled, false);
		r[ECX] = xsave_size(src, supported, false);
		r[EDX] = (uint32_t)(supported >> 32);
		break;
	case 1:
		/* EBX: the XSAVEC size for XCR0 | IA32_XSS (XSS is 0 here). */
		r[EAX] = word(w, 0xd, 1, EAX);
		r[EBX] = (r[EAX] & BIT(1)) ? xsave_size(src, enabled, true) : 0;
		r[ECX] = r[EDX] = 0;
		break;
	default:
		if (sub >= 63 || !(supported & (1ull << sub))) {
			r[EAX] = r[EBX] = r[ECX] = r[EDX] = 0;
			break;
		}
		r[ECX] &= XSAVE_COMP_ALIGN64; /* a user component */
		r[EDX] = 0;
		break;
	}
}

uint64_t cpuid_view_xcr0_supported(const struct cpuid_source *src)
{
	struct words w;

	features(src, &w);
	return xcr0_supported(&w);
}

void cpuid_view(const struct cpuid_source *src, const struct cpuid_guest *g,
		uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	uint32_t max = host_max(src, leaf & 0x80000000u);
	struct words w;

	if (leaf < 0x80000000u && max > CPUID_MAX_BASIC)
		max = CPUID_MAX_BASIC;
	if (g->snp && leaf >= 0x80000000u && max < 0x8000001fu)
		max = 0x8000001fu;
	if (leaf > max) {
		r[EAX] = r[EBX] = r[ECX] = r[EDX] = 0;
		return;
	}
	host(src, leaf, sub, r);
	features(src, &w);
	switch (leaf) {
	case 0x0:
		r[EAX] = max;
		break;
	case 0x1:
		r[EBX] = (r[EBX] & 0x00ffffffu) | (g->apic_id << 24);
		/* x2APIC (21): the emulated APIC; 31: a hypervisor. */
		r[ECX] = word(&w, 0x1, 0, ECX) | BIT(21) | BIT(31);
		if ((r[ECX] & BIT(26)) && (g->cr4 & CR4_OSXSAVE))
			r[ECX] |= BIT(27);
		r[EDX] = word(&w, 0x1, 0, EDX);
		break;
	case 0x7:
		/* Sub-leaves 0 and 1 are modelled; the others read 0. */
		if (sub > 1) {
			r[EAX] = r[EBX] = r[ECX] = r[EDX] = 0;
		} else if (sub == 1) {
			r[EAX] = word(&w, 0x7, 1, EAX);
			r[EBX] = r[ECX] = r[EDX] = 0;
		} else {
			if (r[EAX] > 1)
				r[EAX] = 1;
			r[EBX] = word(&w, 0x7, 0, EBX);
			r[ECX] = word(&w, 0x7, 0, ECX);
			if ((r[ECX] & BIT(3)) && (g->cr4 & CR4_PKE))
				r[ECX] |= BIT(4);
			r[EDX] = word(&w, 0x7, 0, EDX);
		}
		break;
	case 0xd:
		leaf_d(src, &w, g, sub, r);
		break;
	case 0x80000001u:
		r[ECX] = word(&w, 0x80000001u, 0, ECX);
		r[EDX] = word(&w, 0x80000001u, 0, EDX);
		break;
	case 0x8000000au: /* SVM features */
	case 0x8000001fu: /* SEV: hv/snp_identity.c fills it for SNP */
		r[EAX] = r[EBX] = r[ECX] = r[EDX] = 0;
		break;
	default:
		break;
	}
	if (g->snp)
		snp_cpuid_adjust(leaf, sub, r);
}

/*
 * XSETBV #GP(0) conditions on the operands: only XCR0 exists; x87 may
 * not be disabled; YMM needs SSE; the three AVX-512 components go
 * together and need YMM; BNDREGS and BNDCSR go together; no bit the
 * guest was not offered (CPUID.D.0 EDX:EAX).
 */
int xsetbv_check(uint64_t supported, uint32_t index, uint64_t value)
{
	uint64_t avx512 = value & XFEATURE_AVX512;
	uint64_t mpx = value & (XFEATURE_BNDREGS | XFEATURE_BNDCSR);

	if (index != 0 || !(value & XFEATURE_X87))
		return -EINVAL;
	if ((value & XFEATURE_YMM) && !(value & XFEATURE_SSE))
		return -EINVAL;
	if (avx512 && (avx512 != XFEATURE_AVX512 || !(value & XFEATURE_YMM)))
		return -EINVAL;
	if (mpx && mpx != (XFEATURE_BNDREGS | XFEATURE_BNDCSR))
		return -EINVAL;
	if (value & ~supported)
		return -EINVAL;
	return 0;
}
