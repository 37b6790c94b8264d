// SPDX-License-Identifier: GPL-2.0-only
/*
 * Which CPUID features need which others. hv/cpuid_view.c hides every
 * feature whose prerequisite it hides, and tests/unit/test_cpuid_view.c
 * checks the whole view against this list.
 *
 * The instruction-set facts are the ones the Linux kernel enforces on
 * what it is shown (its CPU feature dependency table; since 6.15 it also
 * warns at boot about a violation): AVX needs XSAVE, AVX2 and FMA need
 * AVX, the AVX-512 extensions need AVX512F or AVX512VL, and so on. The
 * XSAVE state components are added as features of their own (CPUID.D.0
 * EAX bit n: component n may be set in XCR0), with the rules XSETBV
 * enforces on XCR0 and the components each instruction set keeps its
 * registers in (APM "XSAVE/XRSTOR Instructions", "Extended Processor
 * State Management").
 *
 * Names are those of /proc/cpuinfo; a component is "xcr0.<name>".
 */
#include "hv/cpuid_view.h"

/* clang-format off */
#define L1C(b, n)	{ 0x1, 0, CPUID_ECX, b, n }
#define L1D(b, n)	{ 0x1, 0, CPUID_EDX, b, n }
#define L7B(b, n)	{ 0x7, 0, CPUID_EBX, b, n }
#define L7C(b, n)	{ 0x7, 0, CPUID_ECX, b, n }
#define L7D(b, n)	{ 0x7, 0, CPUID_EDX, b, n }
#define L71A(b, n)	{ 0x7, 1, CPUID_EAX, b, n }
#define XCR0(b, n)	{ 0xd, 0, CPUID_EAX, b, n }
#define LD1A(b, n)	{ 0xd, 1, CPUID_EAX, b, n }
#define E1C(b, n)	{ 0x80000001u, 0, CPUID_ECX, b, n }
#define E1D(b, n)	{ 0x80000001u, 0, CPUID_EDX, b, n }
/* clang-format on */

#define FPU		    L1D(0, "fpu")
#define CMOV		    L1D(15, "cmov")
#define MMX		    L1D(23, "mmx")
#define FXSR		    L1D(24, "fxsr")
#define XMM		    L1D(25, "sse")
#define XMM2		    L1D(26, "sse2")
#define XMM3		    L1C(0, "pni")
#define PCLMULQDQ	    L1C(1, "pclmulqdq")
#define SSSE3		    L1C(9, "ssse3")
#define FMA		    L1C(12, "fma")
#define XMM4_1		    L1C(19, "sse4_1")
#define XMM4_2		    L1C(20, "sse4_2")
#define AES		    L1C(25, "aes")
#define XSAVE		    L1C(26, "xsave")
#define AVX		    L1C(28, "avx")
#define F16C		    L1C(29, "f16c")
#define AVX2		    L7B(5, "avx2")
#define MPX		    L7B(14, "mpx")
#define AVX512F		    L7B(16, "avx512f")
#define AVX512DQ	    L7B(17, "avx512dq")
#define AVX512IFMA	    L7B(21, "avx512ifma")
#define AVX512PF	    L7B(26, "avx512pf")
#define AVX512ER	    L7B(27, "avx512er")
#define AVX512CD	    L7B(28, "avx512cd")
#define SHA_NI		    L7B(29, "sha_ni")
#define AVX512BW	    L7B(30, "avx512bw")
#define AVX512VL	    L7B(31, "avx512vl")
#define AVX512VBMI	    L7C(1, "avx512vbmi")
#define PKU		    L7C(3, "pku")
#define AVX512_VBMI2	    L7C(6, "avx512_vbmi2")
#define SHSTK		    L7C(7, "user_shstk")
#define GFNI		    L7C(8, "gfni")
#define VAES		    L7C(9, "vaes")
#define VPCLMULQDQ	    L7C(10, "vpclmulqdq")
#define AVX512_VNNI	    L7C(11, "avx512_vnni")
#define AVX512_BITALG	    L7C(12, "avx512_bitalg")
#define AVX512_VPOPCNTDQ    L7C(14, "avx512_vpopcntdq")
#define ENQCMD		    L7C(29, "enqcmd")
#define AVX512_4VNNIW	    L7D(2, "avx512_4vnniw")
#define AVX512_4FMAPS	    L7D(3, "avx512_4fmaps")
#define AVX512_VP2INTERSECT L7D(8, "avx512_vp2intersect")
#define AMX_BF16	    L7D(22, "amx_bf16")
#define AVX512_FP16	    L7D(23, "avx512_fp16")
#define AMX_TILE	    L7D(24, "amx_tile")
#define AMX_INT8	    L7D(25, "amx_int8")
#define AVX_VNNI	    L71A(4, "avx_vnni")
#define AVX512_BF16	    L71A(5, "avx512_bf16")
#define FRED		    L71A(17, "fred")
#define LKGS		    L71A(18, "lkgs")
#define XSAVEOPT	    LD1A(0, "xsaveopt")
#define XSAVEC		    LD1A(1, "xsavec")
#define XGETBV1		    LD1A(2, "xgetbv1")
#define XSAVES		    LD1A(3, "xsaves")
#define XFD		    LD1A(4, "xfd")
#define MMXEXT		    E1D(22, "mmxext")
#define FXSR_OPT	    E1D(25, "fxsr_opt")
#define C_X87		    XCR0(0, "xcr0.x87")
#define C_SSE		    XCR0(1, "xcr0.sse")
#define C_YMM		    XCR0(2, "xcr0.ymm")
#define C_BNDREGS	    XCR0(3, "xcr0.bndregs")
#define C_BNDCSR	    XCR0(4, "xcr0.bndcsr")
#define C_OPMASK	    XCR0(5, "xcr0.opmask")
#define C_ZMM_HI256	    XCR0(6, "xcr0.zmm_hi256")
#define C_HI16_ZMM	    XCR0(7, "xcr0.hi16_zmm")
#define C_PKRU		    XCR0(9, "xcr0.pkru")
#define C_XTILECFG	    XCR0(17, "xcr0.xtilecfg")
#define C_XTILEDATA	    XCR0(18, "xcr0.xtiledata")

/* clang-format off */
#define NEEDS(f, d)	{ f, d }
/* clang-format on */

const struct cpuid_dep cpuid_deps[] = {
	/* x87, FXSAVE and the SSE family. */
	NEEDS(FXSR, FPU),
	NEEDS(CMOV, FXSR),
	NEEDS(MMX, FXSR),
	NEEDS(MMXEXT, MMX),
	NEEDS(FXSR_OPT, FXSR),
	NEEDS(XMM, FXSR),
	NEEDS(XMM2, XMM),
	NEEDS(XMM3, XMM2),
	NEEDS(SSSE3, XMM2),
	NEEDS(XMM4_1, XMM2),
	NEEDS(XMM4_2, XMM2),
	NEEDS(PCLMULQDQ, XMM2),
	NEEDS(AES, XMM2),
	NEEDS(F16C, XMM2),
	NEEDS(SHA_NI, XMM2),
	NEEDS(GFNI, XMM2),

	/* XSAVE and what it manages; no XSAVE without CPUID.D. */
	NEEDS(XSAVE, FXSR),
	NEEDS(XSAVE, C_X87),
	NEEDS(XSAVEOPT, XSAVE),
	NEEDS(XSAVEC, XSAVE),
	NEEDS(XGETBV1, XSAVE),
	NEEDS(XSAVES, XSAVE),
	NEEDS(PKU, XSAVE),
	NEEDS(MPX, XSAVE),
	NEEDS(AVX, XSAVE),

	/* The VEX-encoded instruction sets. */
	NEEDS(F16C, AVX),
	NEEDS(FMA, AVX),
	NEEDS(AVX2, AVX),
	NEEDS(VAES, AVX),
	NEEDS(VPCLMULQDQ, AVX),
	NEEDS(AVX_VNNI, AVX),

	/* AVX-512: AVX512F first, most extensions also need AVX512VL. */
	NEEDS(AVX512F, AVX),
	NEEDS(AVX512F, AVX2),
	NEEDS(AVX512DQ, AVX512F),
	NEEDS(AVX512IFMA, AVX512F),
	NEEDS(AVX512PF, AVX512F),
	NEEDS(AVX512ER, AVX512F),
	NEEDS(AVX512CD, AVX512F),
	NEEDS(AVX512BW, AVX512F),
	NEEDS(AVX512VL, AVX512F),
	NEEDS(AVX512VBMI, AVX512F),
	NEEDS(AVX512_4VNNIW, AVX512F),
	NEEDS(AVX512_4FMAPS, AVX512F),
	NEEDS(AVX512_VPOPCNTDQ, AVX512F),
	NEEDS(AVX512_VBMI2, AVX512VL),
	NEEDS(AVX512_VNNI, AVX512VL),
	NEEDS(AVX512_BITALG, AVX512VL),
	NEEDS(AVX512_VP2INTERSECT, AVX512VL),
	NEEDS(AVX512_BF16, AVX512VL),
	NEEDS(AVX512_FP16, AVX512BW),

	/* Features that keep state in IA32_XSS components. */
	NEEDS(SHSTK, XSAVES),
	NEEDS(ENQCMD, XSAVES),
	NEEDS(XFD, XSAVES),
	NEEDS(XFD, XGETBV1),
	NEEDS(AMX_TILE, XFD),
	NEEDS(AMX_BF16, AMX_TILE),
	NEEDS(AMX_INT8, AMX_TILE),
	NEEDS(FRED, LKGS),

	/* XCR0 components: what XSETBV accepts together. */
	NEEDS(C_X87, XSAVE),
	NEEDS(C_SSE, C_X87),
	NEEDS(C_YMM, C_SSE),
	NEEDS(C_OPMASK, C_YMM),
	NEEDS(C_OPMASK, C_ZMM_HI256),
	NEEDS(C_ZMM_HI256, C_HI16_ZMM),
	NEEDS(C_HI16_ZMM, C_OPMASK),
	NEEDS(C_BNDREGS, C_BNDCSR),
	NEEDS(C_BNDCSR, C_BNDREGS),
	NEEDS(C_BNDREGS, C_X87),
	NEEDS(C_PKRU, C_X87),
	NEEDS(C_XTILECFG, C_XTILEDATA),
	NEEDS(C_XTILEDATA, C_XTILECFG),

	/* ... and which instruction sets keep registers in them. */
	NEEDS(AVX, C_YMM),
	NEEDS(AVX512F, C_OPMASK),
	NEEDS(AVX512F, C_ZMM_HI256),
	NEEDS(AVX512F, C_HI16_ZMM),
	NEEDS(MPX, C_BNDREGS),
	NEEDS(PKU, C_PKRU),
	NEEDS(AMX_TILE, C_XTILEDATA),
};

const unsigned cpuid_nr_deps = sizeof(cpuid_deps) / sizeof(cpuid_deps[0]);
