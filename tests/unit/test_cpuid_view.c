// SPDX-License-Identifier: GPL-2.0-only
/*
 * hv/cpuid_view.c on recorded and made-up host CPUIDs: no feature is
 * shown without what it depends on (hv/cpuid_deps.c, plus a few facts
 * written out here), XSAVE is offered when the host has it, OSXSAVE and
 * OSPKE follow the guest's CR4, leaf 0xD's sizes follow its XCR0, and
 * XSETBV's operand rules hold.
 *
 * Hosts: QEMU 7.2 TCG "max" and "EPYC-Milan" as hv.efi read them under
 * OVMF (CR4.OSXSAVE clear), and a Genoa-like part with AVX-512, XSAVES
 * and CET shadow stacks (values made up after AMD family 19h parts).
 */
#include <errno.h>
#include <string.h>

#include "hv/cpuid_view.h"
#include "hv/snp_guest.h"
#include "tests/lib/tap.h"

struct rec {
	uint32_t leaf, sub, r[4];
};

#define AMD 0x68747541, 0x444d4163, 0x69746e65 /* "AuthenticAMD" */

static const struct rec qemu_max[] = {
	{ 0x0, 0, { 0x0000000d, AMD } },
	{ 0x1, 0, { 0x00060fb1, 0x00000800, 0xf6d8320b, 0x0fcbfbfd } },
	{ 0x7, 0, { 0x00000000, 0x01d843a9, 0x8001020c, 0x00000000 } },
	{ 0xd, 0, { 0x0000021f, 0x00000240, 0x00000a88, 0x00000000 } },
	{ 0xd, 1, { 0x00000005, 0x000003c8, 0x00000000, 0x00000000 } },
	{ 0xd, 2, { 0x00000100, 0x00000240, 0x00000000, 0x00000000 } },
	{ 0xd, 3, { 0x00000040, 0x000003c0, 0x00000000, 0x00000000 } },
	{ 0xd, 4, { 0x00000040, 0x00000400, 0x00000000, 0x00000000 } },
	{ 0xd, 9, { 0x00000008, 0x00000a80, 0x00000000, 0x00000000 } },
	{ 0x80000000u, 0, { 0x8000000a, AMD } },
	{ 0x80000001u, 0, { 0x00060fb1, 0x00000000, 0x00000075, 0xedd3fbfd } },
	{ 0x80000008u, 0, { 0x00003930, 0x00000000, 0x00000000, 0x00000000 } },
	{ 0 }
};

static const struct rec epyc_milan[] = {
	{ 0x0, 0, { 0x0000000d, AMD } },
	{ 0x1, 0, { 0x00a00f11, 0x00000800, 0xf6d8320b, 0x078bfbfd } },
	{ 0x7, 0, { 0x00000000, 0x019803a9, 0x0000000c, 0x00000000 } },
	{ 0xd, 0, { 0x00000207, 0x00000240, 0x00000a88, 0x00000000 } },
	{ 0xd, 1, { 0x00000005, 0x00000348, 0x00000000, 0x00000000 } },
	{ 0xd, 2, { 0x00000100, 0x00000240, 0x00000000, 0x00000000 } },
	{ 0xd, 9, { 0x00000008, 0x00000a80, 0x00000000, 0x00000000 } },
	{ 0x80000000u, 0, { 0x8000001e, AMD } },
	{ 0x80000001u, 0, { 0x00a00f11, 0x00000000, 0x00000075, 0x2dd3fbfd } },
	{ 0x80000008u, 0, { 0x00003030, 0x00000000, 0x00000000, 0x00000000 } },
	{ 0 }
};

static const struct rec genoa_like[] = {
	{ 0x0, 0, { 0x00000010, AMD } },
	{ 0x1, 0, { 0x00a10f11, 0x00800800, 0x7ef8320b, 0x178bfbff } },
	{ 0x7, 0, { 0x00000001, 0xf1bf97a9, 0x00415fce, 0x00000010 } },
	{ 0x7, 1, { 0x00000020, 0x00000000, 0x00000000, 0x00000000 } },
	{ 0xd, 0, { 0x000002e7, 0x00000988, 0x00000988, 0x00000000 } },
	{ 0xd, 1, { 0x0000000f, 0x000009a8, 0x00001800, 0x00000000 } },
	{ 0xd, 2, { 0x00000100, 0x00000240, 0x00000000, 0x00000000 } },
	{ 0xd, 5, { 0x00000040, 0x00000340, 0x00000000, 0x00000000 } },
	{ 0xd, 6, { 0x00000200, 0x00000380, 0x00000000, 0x00000000 } },
	{ 0xd, 7, { 0x00000400, 0x00000580, 0x00000000, 0x00000000 } },
	{ 0xd, 9, { 0x00000008, 0x00000980, 0x00000000, 0x00000000 } },
	{ 0xd, 11, { 0x00000010, 0x00000000, 0x00000001, 0x00000000 } },
	{ 0xd, 12, { 0x00000018, 0x00000000, 0x00000001, 0x00000000 } },
	{ 0x80000000u, 0, { 0x80000028, AMD } },
	{ 0x80000001u, 0, { 0x00a10f11, 0x40000000, 0x75c237ff, 0x2fd3fbff } },
	{ 0x80000008u, 0, { 0x00003030, 0x00000000, 0x00000000, 0x00000000 } },
	{ 0 }
};

/*
 * A host (or an older filter) that shows the AVX family without XSAVE:
 * the view must take every dependent down with it, transitively.
 */
static const struct rec avx_no_xsave[] = {
	{ 0x0, 0, { 0x0000000d, AMD } },
	{ 0x1, 0, { 0x00a10f11, 0x00000800, 0x72f8320b, 0x178bfbff } },
	{ 0x7, 0, { 0x00000000, 0xf1bf97a9, 0x00005fce, 0x00000000 } },
	{ 0x80000000u, 0, { 0x80000008, AMD } },
	{ 0x80000001u, 0, { 0x00a10f11, 0x00000000, 0x00000075, 0x2fd3fbff } },
	{ 0 }
};

static void rec_cpuid(void *ctx, uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	const struct rec *t = ctx;

	for (; t->leaf || t->r[0]; t++) {
		if (t->leaf == leaf && t->sub == sub) {
			memcpy(r, t->r, sizeof(t->r));
			return;
		}
	}
	memset(r, 0, 4 * sizeof(*r));
}

static bool shown(const struct cpuid_source *src, const struct cpuid_guest *g,
		  const struct cpuid_feature *f)
{
	uint32_t r[4];

	cpuid_view(src, g, f->leaf, f->sub, r);
	return r[f->reg] & (1u << f->bit);
}

static uint32_t reg(const struct cpuid_source *src, const struct cpuid_guest *g,
		    uint32_t leaf, uint32_t sub, unsigned i)
{
	uint32_t r[4];

	cpuid_view(src, g, leaf, sub, r);
	return r[i];
}

/* Every table entry names a bit the view models (catches typos). */
static void table_is_modelled(void)
{
	unsigned bad = 0;

	for (unsigned i = 0; i < cpuid_nr_deps; i++) {
		const struct cpuid_dep *d = &cpuid_deps[i];

		if (cpuid_word_index(d->feature.leaf, d->feature.sub,
				     d->feature.reg) < 0 ||
		    cpuid_word_index(d->depends.leaf, d->depends.sub,
				     d->depends.reg) < 0) {
			printf("# not modelled: %s needs %s\n", d->feature.name,
			       d->depends.name);
			bad++;
		}
	}
	tap_eq(bad, 0, "all %u dependencies name modelled CPUID words",
	       cpuid_nr_deps);
}

/* The whole view against the table: returns the violations. */
static unsigned violations(const char *host_name,
			   const struct cpuid_source *src,
			   const struct cpuid_guest *g)
{
	unsigned bad = 0;

	for (unsigned i = 0; i < cpuid_nr_deps; i++) {
		const struct cpuid_dep *d = &cpuid_deps[i];

		if (shown(src, g, &d->feature) && !shown(src, g, &d->depends)) {
			printf("# %s%s: '%s' shown but '%s' not\n", host_name,
			       g->snp ? " (snp)" : "", d->feature.name,
			       d->depends.name);
			bad++;
		}
	}
	return bad;
}

#define F(l, s, r, b) (&(const struct cpuid_feature){ l, s, r, b, "" })
#define XSAVE_F	      F(0x1, 0, CPUID_ECX, 26)
#define OSXSAVE_F     F(0x1, 0, CPUID_ECX, 27)
#define AVX_F	      F(0x1, 0, CPUID_ECX, 28)
#define FMA_F	      F(0x1, 0, CPUID_ECX, 12)
#define F16C_F	      F(0x1, 0, CPUID_ECX, 29)
#define PCLMUL_F      F(0x1, 0, CPUID_ECX, 1)
#define AVX2_F	      F(0x7, 0, CPUID_EBX, 5)
#define MPX_F	      F(0x7, 0, CPUID_EBX, 14)
#define AVX512F_F     F(0x7, 0, CPUID_EBX, 16)
#define AVX512VL_F    F(0x7, 0, CPUID_EBX, 31)
#define PKU_F	      F(0x7, 0, CPUID_ECX, 3)
#define OSPKE_F	      F(0x7, 0, CPUID_ECX, 4)
#define SHSTK_F	      F(0x7, 0, CPUID_ECX, 7)
#define VAES_F	      F(0x7, 0, CPUID_ECX, 9)
#define LA57_F	      F(0x7, 0, CPUID_ECX, 16)
#define XSAVES_F      F(0xd, 1, CPUID_EAX, 3)
#define XSAVEC_F      F(0xd, 1, CPUID_EAX, 1)

struct host_case {
	const char *name;
	const struct rec *rec;
	uint64_t xcr0;	   /* what CPUID.D.0 must offer */
	uint32_t size_x87; /* D.0 EBX for XCR0 = x87 */
	uint32_t size_all; /* D.0 EBX/ECX for XCR0 = everything offered */
};

static const struct host_case hosts[] = {
	{ "qemu-max", qemu_max, 0x207, 0x240, 0xa88 },
	{ "epyc-milan", epyc_milan, 0x207, 0x240, 0xa88 },
	{ "genoa-like", genoa_like, 0x2e7, 0x240, 0x988 },
};

static void one_host(const struct host_case *h)
{
	struct cpuid_source src = { .cpuid = rec_cpuid, .ctx = (void *)h->rec };

	for (int snp = 0; snp < 2; snp++) {
		struct cpuid_guest reset = { .snp = snp, .xcr0 = XCR0_RESET };
		struct cpuid_guest on = {
			.snp = snp,
			.cr4 = CR4_OSXSAVE | CR4_PKE,
			.xcr0 = h->xcr0,
		};
		const char *s = snp ? " (snp)" : "";

		tap_eq(violations(h->name, &src, &reset) +
			       violations(h->name, &src, &on),
		       0, "%s%s: no feature shown without its dependencies",
		       h->name, s);
		/* The bug: AVX shown, XSAVE hidden, AVX code ran with OSXSAVE 0. */
		tap_check(shown(&src, &on, XSAVE_F) &&
				  shown(&src, &on, AVX_F) &&
				  shown(&src, &on, AVX2_F) &&
				  shown(&src, &on, FMA_F) &&
				  shown(&src, &on, F16C_F) &&
				  shown(&src, &on, PCLMUL_F),
			  "%s%s: xsave, avx, avx2, fma, f16c, pclmulqdq shown",
			  h->name, s);
		tap_check(!shown(&src, &reset, OSXSAVE_F) &&
				  shown(&src, &on, OSXSAVE_F),
			  "%s%s: OSXSAVE follows the guest's CR4.OSXSAVE",
			  h->name, s);
		tap_check(!shown(&src, &reset, OSPKE_F) &&
				  shown(&src, &on, OSPKE_F) ==
					  shown(&src, &on, PKU_F),
			  "%s%s: OSPKE follows the guest's CR4.PKE", h->name,
			  s);
		tap_eq(cpuid_view_xcr0_supported(&src), h->xcr0,
		       "%s%s: XCR0 components offered", h->name, s);
		tap_eq(reg(&src, &on, 0xd, 0, CPUID_EAX), (uint32_t)h->xcr0,
		       "%s%s: CPUID.D.0 EAX = the components offered", h->name,
		       s);
		tap_eq(reg(&src, &reset, 0xd, 0, CPUID_EBX), h->size_x87,
		       "%s%s: CPUID.D.0 EBX for XCR0 = x87", h->name, s);
		tap_eq(reg(&src, &on, 0xd, 0, CPUID_EBX), h->size_all,
		       "%s%s: CPUID.D.0 EBX for XCR0 = 0x%llx", h->name, s,
		       (unsigned long long)h->xcr0);
		tap_eq(reg(&src, &reset, 0xd, 0, CPUID_ECX), h->size_all,
		       "%s%s: CPUID.D.0 ECX = size for all offered", h->name,
		       s);
		tap_check(!shown(&src, &on, XSAVES_F) &&
				  !reg(&src, &on, 0xd, 1, CPUID_ECX),
			  "%s%s: no XSAVES, no IA32_XSS components", h->name,
			  s);
		tap_check(!shown(&src, &on, MPX_F) &&
				  !reg(&src, &on, 0xd, 3, CPUID_EAX) &&
				  !reg(&src, &on, 0xd, 4, CPUID_EAX),
			  "%s%s: no MPX, no BNDREGS/BNDCSR sub-leaves", h->name,
			  s);
		if (snp)
			tap_eq(shown(&src, &on, LA57_F), 0, "%s%s: LA57 hidden",
			       h->name, s);
		tap_eq(reg(&src, &on, 0x8000001fu, 0, CPUID_EAX),
		       snp ? 0x1a : 0, "%s%s: CPUID.8000001F EAX", h->name, s);
	}
}

static void genoa_details(void)
{
	struct cpuid_source src = { .cpuid = rec_cpuid,
				    .ctx = (void *)genoa_like };
	struct cpuid_guest g = { .cr4 = CR4_OSXSAVE, .xcr0 = 0x2e7 };
	struct cpuid_guest g7 = { .cr4 = CR4_OSXSAVE, .xcr0 = 0x7 };

	tap_check(shown(&src, &g, AVX512F_F) && shown(&src, &g, AVX512VL_F) &&
			  shown(&src, &g, VAES_F),
		  "genoa-like: avx512f, avx512vl, vaes shown");
	tap_check(!shown(&src, &g, SHSTK_F),
		  "genoa-like: CET shadow stacks hidden with XSAVES");
	tap_check(shown(&src, &g, XSAVEC_F), "genoa-like: XSAVEC shown");
	/* XSAVEC form: 576 + YMM 256 + opmask 64 + 512 + 1024 + PKRU 8. */
	tap_eq(reg(&src, &g, 0xd, 1, CPUID_EBX), 0x988,
	       "genoa-like: CPUID.D.1 EBX = compacted size for XCR0 0x2e7");
	tap_eq(reg(&src, &g7, 0xd, 1, CPUID_EBX), 0x340,
	       "genoa-like: CPUID.D.1 EBX = compacted size for XCR0 0x7");
	tap_eq(reg(&src, &g7, 0xd, 0, CPUID_EBX), 0x340,
	       "genoa-like: CPUID.D.0 EBX = standard size for XCR0 0x7");
	tap_check(!reg(&src, &g, 0xd, 11, CPUID_EAX) &&
			  !reg(&src, &g, 0xd, 12, CPUID_EAX),
		  "genoa-like: CET supervisor sub-leaves 11, 12 read 0");
	tap_eq(reg(&src, &g, 0xd, 6, CPUID_EBX), 0x380,
	       "genoa-like: CPUID.D.6 EBX = ZMM_Hi256 offset from the host");
	tap_eq(reg(&src, &g, 0x7, 0, CPUID_EAX), 1,
	       "genoa-like: CPUID.7.0 EAX: sub-leaves 0 and 1");
	tap_eq(reg(&src, &g, 0x7, 1, CPUID_EAX), 0x20,
	       "genoa-like: CPUID.7.1 EAX avx512_bf16 kept");
	tap_eq(reg(&src, &g, 0x0, 0, CPUID_EAX), 0xd,
	       "genoa-like: basic maximum capped at 0xd");
}

static void closure(void)
{
	struct cpuid_source src = { .cpuid = rec_cpuid,
				    .ctx = (void *)avx_no_xsave };
	struct cpuid_guest g = { .cr4 = CR4_OSXSAVE, .xcr0 = XCR0_RESET };

	tap_eq(violations("avx-no-xsave", &src, &g), 0,
	       "avx-no-xsave: no feature shown without its dependencies");
	tap_check(!shown(&src, &g, AVX_F) && !shown(&src, &g, AVX2_F) &&
			  !shown(&src, &g, AVX512F_F) &&
			  !shown(&src, &g, AVX512VL_F) &&
			  !shown(&src, &g, VAES_F) && !shown(&src, &g, FMA_F),
		  "avx-no-xsave: the AVX family goes with XSAVE, transitively");
	tap_check(shown(&src, &g, PCLMUL_F),
		  "avx-no-xsave: pclmulqdq (SSE2) stays");
	tap_eq(reg(&src, &g, 0xd, 0, CPUID_EAX) |
		       reg(&src, &g, 0xd, 0, CPUID_ECX),
	       0, "avx-no-xsave: CPUID.D reads 0");
	tap_eq(cpuid_view_xcr0_supported(&src), 0,
	       "avx-no-xsave: no XCR0 bits offered");
}

static void xsetbv_rules(void)
{
	static const struct {
		uint32_t index;
		uint64_t value;
		int want;
		const char *what;
	} t[] = {
		{ 0, 0x1, 0, "x87" },
		{ 0, 0x3, 0, "x87|SSE" },
		{ 0, 0x7, 0, "x87|SSE|YMM" },
		{ 0, 0x2e7, 0, "everything offered" },
		{ 1, 0x1, -EINVAL, "XCR1" },
		{ 0xffffffffu, 0x1, -EINVAL, "XCR 0xffffffff" },
		{ 0, 0x0, -EINVAL, "x87 cleared" },
		{ 0, 0x6, -EINVAL, "SSE|YMM without x87" },
		{ 0, 0x5, -EINVAL, "YMM without SSE" },
		{ 0, 0x27, -EINVAL, "opmask alone" },
		{ 0, 0x67, -EINVAL, "two of the three AVX-512 components" },
		{ 0, 0xe3, -EINVAL, "AVX-512 without YMM" },
		{ 0, 0xe7, 0, "AVX-512" },
		{ 0, 0x20f, -EINVAL, "BNDREGS (not offered, half of MPX)" },
		{ 0, 0x1f, -EINVAL, "MPX (not offered)" },
		{ 0, 0x40007, -EINVAL, "XTILEDATA (not offered)" },
		{ 0, 1ull << 62, -EINVAL, "LWP bit without x87" },
		{ 0, 0x1 | (1ull << 62), -EINVAL, "LWP (not offered)" },
	};

	for (unsigned i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		tap_eq(xsetbv_check(0x2e7, t[i].index, t[i].value), t[i].want,
		       "XSETBV XCR%u = 0x%llx (%s): %s", t[i].index,
		       (unsigned long long)t[i].value, t[i].what,
		       t[i].want ? "#GP" : "accepted");
	tap_eq(xsetbv_check(0x207, 0, 0xe7), -EINVAL,
	       "XSETBV AVX-512 on a host without it: #GP");
	tap_eq(xsetbv_check(0, 0, 0x1), -EINVAL,
	       "XSETBV with XSAVE not offered: #GP");
}

int main(void)
{
	table_is_modelled();
	for (unsigned i = 0; i < sizeof(hosts) / sizeof(hosts[0]); i++)
		one_host(&hosts[i]);
	genoa_details();
	closure();
	xsetbv_rules();
	return tap_done();
}
