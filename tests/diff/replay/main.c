// SPDX-License-Identifier: GPL-2.0-only
/*
 * scn-replay: replays the conversion scenario corpus (tests/diff/corpus/)
 * inside hv.efi, so that tests/diff/e2e.py can diff the trace of the
 * engine built into hv.efi (trace=on: "HV: trace ..." lines) against the
 * host build of the same engine (build/diff/scn-engine) on the same
 * requests.
 *
 * The requests come as a program (prog.h) that tests/diff/scn_pack.c
 * generates from the corpus at build time and the Makefile links in
 * (build/scn-e2e/prog.o). For each scenario the program sets up the
 * initial state (zeroed GHCB pages, private regions converted with
 * MAP_GPA_RANGE and validated, GHCB registration), prints "SCN begin",
 * issues every request exactly ("SCN req N" before each), prints
 * "SCN end", then converts the scenario's memory back to shared.
 *
 * Guest memory must be the program's RAM_END (mem=48M): scenario memory
 * ends exactly at the end of RAM. The hypervisor launched the top 2 MiB
 * (the stack it offers) private; this guest runs on its own bss stack, so
 * it first converts that range to shared.
 */
#include "snp.h"
#include "prog.h"

extern const uint64_t scn_prog[];

static bool selected(const uint64_t *sel, uint64_t idx)
{
	return idx < SCN_SEL_WORDS * 64 && ((sel[idx / 64] >> (idx % 64)) & 1);
}

static unsigned pval(uint64_t gpa, uint64_t size, bool huge, bool validate)
{
	uint64_t p = gpa, end = gpa + size;
	unsigned bad = 0;
	bool cf;

	while (p < end) {
		bool h = huge && !(p & (SZ_2M - 1)) && end - p >= SZ_2M;

		if (pvalidate(p, h, validate, &cf) != PV_OK || cf)
			bad++;
		p += h ? SZ_2M : SZ_4K;
	}
	return bad;
}

int guest_main(const struct guest_boot *boot)
{
	const uint64_t *pc = scn_prog, *sel = scn_prog + 3;
	uint64_t ram_end = scn_prog[1], nr = scn_prog[2], ran = 0,
		 setup_bad = 0;
	int r;

	if (!snp_init(boot))
		return report_summary();
	if (scn_prog[0] != SCN_PROG_MAGIC) {
		report(false, "no scenario program linked in");
		return report_summary();
	}
	if (boot->ram_base != 0 || boot->ram_size != ram_end ||
	    snp.shared_end != ram_end - SZ_2M) {
		report(false,
		       "guest RAM is 0x%llx bytes, the program needs 0x%llx (mem=%lluM)",
		       (unsigned long long)boot->ram_size,
		       (unsigned long long)ram_end,
		       (unsigned long long)(ram_end >> 20));
		return report_summary();
	}
	r = snp_convert(PROTO_MAP_GPA, ram_end - SZ_2M, SZ_2M, false);
	report(r == 0,
	       "launched top 2 MiB [0x%llx, 0x%llx) made shared for the scenarios: %d",
	       (unsigned long long)(ram_end - SZ_2M),
	       (unsigned long long)ram_end, r);
	if (r)
		return report_summary();

	for (pc += SCN_HDR_WORDS;;) {
		uint64_t w = *pc, code = w & 0xff, n = w >> 8;
		const uint64_t *a = pc + 1;

		if (code == SCN_OP_END)
			break;
		pc += n;
		switch (code) {
		case SCN_OP_BLOCK:
			if (!selected(sel, a[0]))
				pc += a[1];
			else
				ran++;
			break;
		case SCN_OP_PRINT:
			printf("SCN %s\n", (const char *)a);
			break;
		case SCN_OP_MAP:
			hypercall3(a[0], a[1], a[2], a[3]);
			break;
		case SCN_OP_PVAL:
			setup_bad += pval(a[0], a[1], a[2], a[3]);
			break;
		case SCN_OP_CBIT:
			if (pt_set_cbit(a[0], a[1], a[2]))
				setup_bad++;
			break;
		case SCN_OP_MSR:
			ghcb_msr_write(a[0]);
			vmgexit();
			break;
		case SCN_OP_WRITE:
			memcpy((void *)(uintptr_t)a[0], a + 2, a[1]);
			break;
		case SCN_OP_ZERO:
			memset((void *)(uintptr_t)a[0], 0, a[1]);
			break;
		default:
			report(false, "bad program operation %llu at word %llu",
			       (unsigned long long)code,
			       (unsigned long long)(pc - n - scn_prog));
			return report_summary();
		}
	}
	report(setup_bad == 0,
	       "%llu of %llu scenarios replayed, %llu set-up steps failed",
	       (unsigned long long)ran, (unsigned long long)nr,
	       (unsigned long long)setup_bad);
	return report_summary();
}
