// SPDX-License-Identifier: GPL-2.0-only
/*
 * The GHCB MSR protocol, one check per request of the reference table
 * (docs/abi.md, "GHCB MSR protocol"), with the engine's invariants checked
 * after every request.
 */
#include <string.h>

#include "tests/lib/model.h"
#include "tests/lib/tap.h"

static struct model m;

static enum snp_action req(uint64_t v)
{
	m.vc.ghcb_msr = v;
	return snp_vmgexit(&m.vc);
}

static void invariants(const char *after)
{
	char why[200];

	if (!model_check(&m, why, sizeof(why)))
		tap_check(0, "invariants after %s: %s", after, why);
}

int main(void)
{
	enum snp_action a;

	model_init(&m, 8 * SZ_2M, SNP_RMP_MAX_2M);

	tap_eq(m.vc.ghcb_msr, 0x000200012f000001ull,
	       "reset value of the GHCB MSR is the SEV_INFO response");
	a = req(0x002);
	tap_check(a == SNP_RESUME && m.vc.ghcb_msr == 0x000200012f000001ull,
		  "SEV_INFO: max 2, min 1, C-bit 47 -> 0x000200012f000001");

	a = req(((uint64_t)0x8000001f << 32) | (1u << 30) | 0x004);
	tap_eq(m.vc.ghcb_msr,
	       ((uint64_t)(0x8000001fu ^ 0x22222222u) << 32) | (1u << 30) |
		       0x005,
	       "CPUID 0x8000001f EBX: value in [63:32], register select kept");
	req(((uint64_t)1 << 32) | (3u << 30) | 0x004);
	tap_eq(m.vc.ghcb_msr >> 32, 1u ^ 0x44444444u, "CPUID leaf 1 EDX");

	a = req(0x006);
	tap_check(a == SNP_AP_RESET_HOLD && m.vc.ghcb_msr == 0x007,
		  "AP reset hold: response 0x007 with data 0, vCPU parked");

	req(0x010);
	tap_eq(m.vc.ghcb_msr, 0xfffffffffffff011ull,
	       "preferred GHCB GPA: no preference");

	req(0x10012);
	tap_check(m.vc.ghcb_msr == 0x10013 &&
			  m.vc.ghcb_registered_gpa == 0x10000,
		  "register GHCB GPA 0x10000: echoed and recorded");
	req(0xfffff012ull);
	tap_check(m.vc.ghcb_msr == 0xfffffffffffff013ull &&
			  m.vc.ghcb_registered_gpa == 0x10000,
		  "register a GPA outside guest memory: all-ones GFN, old registration kept");

	model_trace_clear(&m);
	a = req(0x0010000000020014ull);
	tap_check(a == SNP_RESUME && m.vc.ghcb_msr == 0x015,
		  "PSC GFN 0x20 to private: success 0x015");
	tap_eq(snp_page_state(&m.vm, 0x20000, NULL), SNP_PAGE_PRIVATE,
	       "PSC private: page assigned, not validated");
	tap_check(model_trace_has(&m, "msr.req val=0x10000000020014") &&
			  model_trace_has(&m,
					  "conv gpa=0x20000 npages=1 attrs=0x10 result=ok") &&
			  model_trace_has(&m, "msr.resp val=0x15"),
		  "PSC private traced as msr.req, conv, msr.resp");
	invariants("PSC private");

	a = req(0x0020000000020014ull);
	tap_check(m.vc.ghcb_msr == 0x015 &&
			  snp_page_state(&m.vm, 0x20000, NULL) ==
				  SNP_PAGE_SHARED,
		  "PSC GFN 0x20 to shared: success, page unassigned");
	req(0xff10000000021014ull);
	tap_check(m.vc.ghcb_msr == 0x015 &&
			  snp_page_state(&m.vm, 0x21000, NULL) ==
				  SNP_PAGE_PRIVATE,
		  "PSC with reserved bits 63:56 set: bits ignored, converted");
	invariants("PSC shared");

	static const unsigned bad_ops[] = { 0, 3, 4, 15 };
	for (unsigned i = 0; i < 4; i++) {
		req(((uint64_t)bad_ops[i] << 52) | (0x30ull << 12) | 0x014);
		tap_check(m.vc.ghcb_msr == 0x8000000000000015ull &&
				  snp_page_state(&m.vm, 0x30000, NULL) ==
					  SNP_PAGE_SHARED,
			  "PSC operation %u -> error 0x80000000, nothing converted",
			  bad_ops[i]);
	}
	req(0x0010000000000014ull | (0x100000ull << 12));
	tap_eq(m.vc.ghcb_msr, 0x8000000000000015ull,
	       "PSC of a GFN outside guest memory -> error");
	m.fail_prepare_at = m.nr_prepare + 1;
	req(0x0010000000031014ull);
	tap_check(m.vc.ghcb_msr == 0x8000000000000015ull &&
			  snp_page_state(&m.vm, 0x31000, NULL) ==
				  SNP_PAGE_SHARED,
		  "PSC whose conversion the back end refuses -> error, page unchanged");
	invariants("PSC errors");

	req(0x016);
	tap_eq(m.vc.ghcb_msr, 0x100000017ull,
	       "VMPL request: error in [63:32] (only VMPL0 exists)");

	req(0x080);
	tap_eq(m.vc.ghcb_msr, 0x1081ull,
	       "HV features: SNP only (no AP creation)");

	a = req(0x21100);
	tap_check(a == SNP_STOP && strstr(m.vc.stop_reason, "set 1 code 0x2"),
		  "terminate set 1 code 2: guest stopped (%s)",
		  m.vc.stop_reason);

	a = req(0x0fe);
	tap_check(a == SNP_STOP && strstr(m.vc.stop_reason, "0x0fe"),
		  "unknown request 0x0fe: guest stopped (%s)",
		  m.vc.stop_reason);

	tap_eq(m.vm.ctr.msr_requests, m.vm.ctr.vmgexits,
	       "every VMGEXIT here was counted as an MSR request");
	model_free(&m);
	return tap_done();
}
