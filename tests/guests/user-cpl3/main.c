// SPDX-License-Identifier: GPL-2.0-only
/*
 * user-cpl3: what user mode (CPL 3) may not do.
 *
 *  - PVALIDATE and RMPADJUST: #GP(0) when CPL is not 0 (APM volume 3,
 *    "PVALIDATE", "RMPADJUST", exceptions), before their operands are
 *    looked at; a page user mode tried to rescind stays validated. On a
 *    guest without SNP both are #UD at any CPL (scenario user-cpl3-nosnp).
 *  - Hypercalls: -KVM_EPERM (1) from CPL 3 whatever the number, as KVM
 *    answers (docs/abi.md, "Hypercalls from user mode"): no debug print
 *    of kernel memory, no test exit with a status of user mode's choice
 *    (it would end this run as "skip"), no MAP_GPA_RANGE.
 *  - VMGEXIT is served at any CPL, as KVM serves it (docs/emulated-snp.md,
 *    "Exits"): user mode only replays the request the kernel left in the
 *    GHCB MSR. (This check documents the choice; it is not a regression.)
 */
#include "snp.h"
#include "user.h"

/* A private, validated page nobody else uses (bss is launched private). */
static uint8_t victim[4096] __attribute__((aligned(4096)));
static const char secret[] = "kernel secret";

static void check_cpl3_pvalidate(bool snp_guest)
{
	uint64_t va = (uintptr_t)victim;
	int v;
	bool cf = false;

	/* Rescind (EDX = 0) a 4 KiB page (ECX = 0). */
	v = user_enter((uintptr_t)user_pvalidate, va, 0, 0, 0);
	if (snp_guest)
		report(v == VEC_GP && user_exit.error_code == 0 &&
			       user_exit.rip == (uintptr_t)user_pvalidate,
		       "PVALIDATE at CPL 3: #GP(0) at the instruction (vector %d, error %llu)",
		       v, (unsigned long long)user_exit.error_code);
	else
		report(v == VEC_UD &&
			       user_exit.rip == (uintptr_t)user_pvalidate,
		       "PVALIDATE at CPL 3 without SNP: #UD (vector %d)", v);
	/* Bad operands too: the CPL check comes first. */
	v = user_enter((uintptr_t)user_pvalidate, va + 1, 0, 7, 0);
	report(v == (snp_guest ? VEC_GP : VEC_UD),
	       "PVALIDATE at CPL 3 with bad operands: vector %d", v);
	v = user_enter((uintptr_t)user_rmpadjust, va, 0, 0, 1);
	if (snp_guest)
		report(v == VEC_GP && user_exit.error_code == 0 &&
			       user_exit.rip == (uintptr_t)user_rmpadjust,
		       "RMPADJUST at CPL 3: #GP(0) at the instruction (vector %d, error %llu)",
		       v, (unsigned long long)user_exit.error_code);
	else
		report(v == VEC_UD,
		       "RMPADJUST at CPL 3 without SNP: #UD (vector %d)", v);
	if (!snp_guest)
		return;
	/* Still validated: validating again changes nothing (CF = 1). */
	report(pvalidate(va, false, true, &cf) == PV_OK && cf,
	       "the page user mode tried to rescind is still validated (CF %d)",
	       cf);
	victim[0] = 1;
	report(victim[0] == 1, "and usable at CPL 0");
}

static void check_cpl3_hypercalls(void)
{
	uint64_t before = exit_count(HC_COUNT_HYPERCALL), n;
	int v;

	v = user_enter((uintptr_t)user_vmmcall, HC_DEBUG_PRINT,
		       (uintptr_t)secret, sizeof(secret) - 1, 0);
	report(v == VEC_UD && user_exit.rax == (uint64_t)-HC_EPERM,
	       "HC_DEBUG_PRINT at CPL 3: -EPERM (RAX %lld)",
	       (long long)user_exit.rax);
	v = user_enter((uintptr_t)user_vmmcall, HC_GET_ABI_VERSION, 0, 0, 0);
	report(v == VEC_UD && user_exit.rax == (uint64_t)-HC_EPERM,
	       "HC_GET_ABI_VERSION at CPL 3: -EPERM (RAX %lld)",
	       (long long)user_exit.rax);
	v = user_enter((uintptr_t)user_vmmcall, 0x7777, 0, 0, 0);
	report(v == VEC_UD && user_exit.rax == (uint64_t)-HC_EPERM,
	       "unknown hypercall at CPL 3: -EPERM, not -ENOSYS (RAX %lld)",
	       (long long)user_exit.rax);
	v = user_enter((uintptr_t)user_vmmcall, KVM_HC_MAP_GPA_RANGE,
		       snp.free_gpa, 1, KVM_MAP_GPA_RANGE_ENCRYPTED);
	report(v == VEC_UD && user_exit.rax == (uint64_t)-KVM_EPERM,
	       "MAP_GPA_RANGE at CPL 3: -KVM_EPERM (RAX %lld)",
	       (long long)user_exit.rax);
	/* Last: if it were served, the run would end here as "skip". */
	v = user_enter((uintptr_t)user_vmmcall, HC_TEST_EXIT, HC_EXIT_SKIP, 0,
		       0);
	report(v == VEC_UD && user_exit.rax == (uint64_t)-HC_EPERM,
	       "HC_TEST_EXIT at CPL 3: -EPERM, the guest goes on (RAX %lld)",
	       (long long)user_exit.rax);
	/* The count includes the query that reads it. */
	n = exit_count(HC_COUNT_HYPERCALL) - before - 1;
	report(n == 5, "all five were VMMCALL exits (%llu)",
	       (unsigned long long)n);
	report(hypercall3(HC_GET_ABI_VERSION, 0, 0, 0) == HC_ABI_VERSION,
	       "HC_GET_ABI_VERSION at CPL 0 still served");
}

static void check_cpl3_vmgexit(void)
{
	uint64_t v;

	ghcb_msr_write(GHCB_MSR_SEV_INFO_REQ);
	v = (uint64_t)user_enter((uintptr_t)user_vmgexit, 0, 0, 0, 0);
	report(v == VEC_UD &&
		       (ghcb_msr_read() & 0xfff) == GHCB_MSR_SEV_INFO_RESP,
	       "VMGEXIT at CPL 3: the kernel's SEV_INFO request served (MSR 0x%llx)",
	       (unsigned long long)ghcb_msr_read());
	ghcb_msr_write(snp.ghcb_gpa);
}

int guest_main(const struct guest_boot *boot)
{
	bool snp_guest = boot->snp_cbit != 0;

	if (snp_guest && !snp_init(boot))
		return report_summary();
	user_init();
	report(user_enter((uintptr_t)user_vmmcall + 3, 0, 0, 0, 0) == VEC_UD &&
		       user_exit.rip == (uintptr_t)user_vmmcall + 3,
	       "CPL 3 entered and left (UD2 at the end of a snippet)");
	check_cpl3_pvalidate(snp_guest);
	check_cpl3_hypercalls();
	if (snp_guest)
		check_cpl3_vmgexit();
	return report_summary();
}
