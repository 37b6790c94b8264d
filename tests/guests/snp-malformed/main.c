// SPDX-License-Identifier: GPL-2.0-only
/*
 * snp-malformed: every malformed request class gets the exact error of
 * docs/abi.md and the guest goes on (the GHCB-in-private-memory,
 * PVALIDATE-on-shared and not-validated classes stop the guest or convert
 * by policy: scenarios snp-ghcb-private, snp-pv-shared-*,
 * snp-unvalidated).
 */
#include "snp.h"

#define ENTRY_4K(gpa, op) PSC_ENTRY(0, (gpa) >> 12, op, 0)
#define ENTRY_2M(gpa, op) PSC_ENTRY(0, (gpa) >> 12, op, 1)

static uint64_t psc1(psc_entry_t e, uint16_t cur, uint16_t end, uint64_t *i1,
		     struct psc_hdr *out)
{
	psc_entry_t es[2] = { e, e };
	struct psc_hdr h = { .cur_entry = cur, .end_entry = end };
	uint64_t r = ghcb_psc_raw(&h, es, 2, i1);

	if (out)
		*out = h;
	return r;
}

static void psc_error(const char *what, psc_entry_t e, uint64_t want)
{
	struct psc_hdr h;
	uint64_t i1, r = psc1(e, 0, 0, &i1, &h);

	report(i1 == 0 && r == want && h.cur_entry == 0,
	       "%s -> info1 %llu info2 0x%llx cur_entry %u (want 0x%llx)", what,
	       (unsigned long long)i1, (unsigned long long)r, h.cur_entry,
	       (unsigned long long)want);
}

int guest_main(const struct guest_boot *boot)
{
	uint64_t base, ram_end = boot->ram_base + boot->ram_size;
	uint64_t r, i1;
	struct psc_hdr h;
	bool cf = false;

	if (!snp_init(boot))
		return report_summary();
	base = snp.free_gpa;

	/* Header: end_entry beyond what fits (253 at +0x800). */
	r = psc1(ENTRY_4K(base, PSC_OP_PRIVATE), 0, PSC_MAX_ENTRIES, &i1, &h);
	report(i1 == 0 && r == PSC_ERROR_INVALID_HDR,
	       "bad header (end_entry 253) -> 0x%llx", (unsigned long long)r);
	/* Entries. */
	psc_error("undefined op 0", ENTRY_4K(base, 0), PSC_ERROR_INVALID_ENTRY);
	psc_error("undefined op 7", ENTRY_4K(base, 7), PSC_ERROR_INVALID_ENTRY);
	psc_error("unaligned 2M entry", ENTRY_2M(base + SZ_4K, PSC_OP_PRIVATE),
		  PSC_ERROR_INVALID_ENTRY);
	psc_error("bad cur_page 2 on a 4K entry",
		  PSC_ENTRY(2, base >> 12, PSC_OP_PRIVATE, 0),
		  PSC_ERROR_INVALID_ENTRY);
	psc_error("bad cur_page 513 on a 2M entry",
		  PSC_ENTRY(513, base >> 12, PSC_OP_PRIVATE, 1),
		  PSC_ERROR_INVALID_ENTRY);
	psc_error("PSMASH on a 4K entry", ENTRY_4K(base, PSC_OP_PSMASH),
		  PSC_ERROR_INVALID_ENTRY);
	psc_error("PSC beyond guest memory", ENTRY_4K(ram_end, PSC_OP_PRIVATE),
		  PSC_ERROR_INVALID_ENTRY);
	psc_error("2M PSC reaching past guest memory",
		  ENTRY_2M(ram_end - SZ_2M + SZ_2M, PSC_OP_SHARED),
		  PSC_ERROR_INVALID_ENTRY);
	/* Scratch area outside the shared buffer. */
	r = ghcb_call(snp.ghcb_gpa, SVM_VMGEXIT_PSC, 0, 0, snp.ghcb_gpa + 0x100,
		      &i1);
	report(i1 == GHCB_ERROR && r == GHCB_ERR_INVALID_SCRATCH_AREA,
	       "scratch outside the shared buffer -> info1 %llu info2 %llu",
	       (unsigned long long)i1, (unsigned long long)r);
	/* Missing SW_SCRATCH. */
	r = ghcb_call(snp.ghcb_gpa, SVM_VMGEXIT_PSC, 0, 0, 0, &i1);
	report(i1 == GHCB_ERROR && r == GHCB_ERR_MISSING_INPUT,
	       "PSC without SW_SCRATCH -> info1 %llu info2 %llu",
	       (unsigned long long)i1, (unsigned long long)r);
	/* An event the hypervisor does not implement (SVM_EXIT_CPUID). */
	r = ghcb_call(snp.ghcb_gpa, 0x72, 0, 0, 0, &i1);
	report(i1 == GHCB_ERROR && r == GHCB_ERR_INVALID_EVENT,
	       "NAE event 0x72 -> info1 %llu info2 %llu (INVALID_EVENT)",
	       (unsigned long long)i1, (unsigned long long)r);
	/* GHCB not registered: the MSR names another shared page. */
	r = ghcb_call(snp.ghcb_gpa + SZ_4K, SVM_VMGEXIT_HV_FEATURES, 0, 0, 0,
		      &i1);
	report(i1 == GHCB_ERROR && r == GHCB_ERR_NOT_REGISTERED,
	       "unregistered GHCB -> info1 %llu info2 %llu (NOT_REGISTERED)",
	       (unsigned long long)i1, (unsigned long long)r);
	/* Registration outside memory fails and keeps the old one. */
	r = ghcb_msr_register(ram_end);
	report(r == 0xfffffffffffff013ull,
	       "register GHCB beyond memory -> 0x%llx", (unsigned long long)r);
	r = ghcb_call(snp.ghcb_gpa, SVM_VMGEXIT_HV_FEATURES, 0, 0, 0, &i1);
	report(i1 == 0 && r == GHCB_HV_FT_SNP,
	       "old registration still in force");

	/* MSR protocol. */
	r = ghcb_msr_psc(ram_end, GHCB_MSR_PSC_OP_PRIVATE);
	report(r == 0x8000000000000015ull, "MSR PSC beyond memory -> 0x%llx",
	       (unsigned long long)r);
	r = ghcb_msr_psc(base, PSC_OP_PSMASH);
	report(r == 0x8000000000000015ull,
	       "MSR PSC op 3 (no MSR form) -> 0x%llx", (unsigned long long)r);

	/* MAP_GPA_RANGE. */
	report(map_gpa_range(ram_end, 1, KVM_MAP_GPA_RANGE_ENCRYPTED) ==
		       -KVM_EINVAL,
	       "MAP_GPA_RANGE beyond memory -> -EINVAL");
	report(map_gpa_range(base + 8, 1, KVM_MAP_GPA_RANGE_ENCRYPTED) ==
		       -KVM_EINVAL,
	       "MAP_GPA_RANGE unaligned -> -EINVAL");
	report(map_gpa_range(base, 0, KVM_MAP_GPA_RANGE_ENCRYPTED) ==
		       -KVM_EINVAL,
	       "MAP_GPA_RANGE zero pages -> -EINVAL");
	report(map_gpa_range(base, 1, 1ull << 5) == -KVM_EINVAL,
	       "MAP_GPA_RANGE reserved attribute -> -EINVAL");

	/* PVALIDATE operands. */
	report(pvalidate(0, false, true, &cf) == PV_OK && cf,
	       "PVALIDATE of launched page 0: no update (CF %d)", cf);
	report(pvalidate(SZ_4K, true, true, &cf) == PV_FAIL_INPUT && !cf,
	       "PVALIDATE 2M of an unaligned address -> FAIL_INPUT");
	{
		uint32_t eax;

		__asm__ volatile(".byte 0xf2, 0x0f, 0x01, 0xff"
				 : "=a"(eax)
				 : "a"(0ull), "c"(2ull), "d"(1ull)
				 : "memory", "cc");
		report(eax == PV_FAIL_INPUT,
		       "PVALIDATE size 2 -> FAIL_INPUT (%u)", eax);
	}

	/* Nothing above changed anything: a real conversion still works. */
	report(snp_convert(PROTO_GHCB, base, SZ_2M, true) == 0 &&
		       snp_convert(PROTO_GHCB, base, SZ_2M, false) == 0,
	       "a well-formed 2M round trip still works");
	return report_summary();
}
