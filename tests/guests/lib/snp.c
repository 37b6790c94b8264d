// SPDX-License-Identifier: GPL-2.0-only
/*
 * Guest side of the GHCB protocols (GHCB specification, AMD 56421:
 * "GHCB MSR Protocol", "GHCB Protocol", "Page State Change"). See snp.h.
 */
#include "snp.h"

struct snp_info snp;
extern char __bss_end[];

static inline void wrmsr(uint32_t msr, uint64_t v)
{
	__asm__ volatile("wrmsr"
			 :
			 : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32))
			 : "memory");
}

static inline uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo, hi;

	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr) : "memory");
	return ((uint64_t)hi << 32) | lo;
}

uint64_t ghcb_msr_read(void)
{
	return rdmsr(MSR_GHCB);
}

void ghcb_msr_write(uint64_t v)
{
	wrmsr(MSR_GHCB, v);
}

uint64_t ghcb_msr_call(uint64_t req)
{
	ghcb_msr_write(req);
	vmgexit();
	return ghcb_msr_read();
}

uint64_t ghcb_msr_register(uint64_t gpa)
{
	return ghcb_msr_call((gpa & ~0xfffull) | GHCB_MSR_REG_GPA_REQ);
}

uint64_t ghcb_msr_psc(uint64_t gpa, unsigned op)
{
	return ghcb_msr_call((gpa & ~0xfffull) | ((uint64_t)op << 52) |
			     GHCB_MSR_PSC_REQ);
}

bool snp_init(const struct guest_boot *boot)
{
	uint64_t r;

	if (!boot->snp_cbit) {
		report(false,
		       "not an emulated SNP guest (run with snp=emulated)");
		return false;
	}
	snp.cbit = boot->snp_cbit;
	snp.cmask = 1ull << boot->snp_cbit;
	snp.shared_gpa = boot->snp_shared_gpa;
	snp.shared_end = boot->snp_shared_end;
	snp.ghcb_gpa = snp.shared_gpa;
	snp.ghcb = (struct ghcb *)(uintptr_t)snp.ghcb_gpa;
	snp.free_gpa = snp.shared_gpa + SZ_2M;
	/* The library's page-table pool lives in bss: it must be private. */
	if ((uint64_t)(uintptr_t)__bss_end > snp.shared_gpa) {
		report(false,
		       "bss ends at %p, past the private launch area 0x%llx",
		       (void *)__bss_end, (unsigned long long)snp.shared_gpa);
		return false;
	}
	if (snp.free_gpa + SZ_2M > snp.shared_end) {
		report(false,
		       "less than 4 MiB of shared memory (mem= too small)");
		return false;
	}
	r = ghcb_msr_register(snp.ghcb_gpa);
	if (r != (snp.ghcb_gpa | GHCB_MSR_REG_GPA_RESP)) {
		report(false, "GHCB registration of 0x%llx answered 0x%llx",
		       (unsigned long long)snp.ghcb_gpa, (unsigned long long)r);
		return false;
	}
	return true;
}

uint64_t ghcb_call(uint64_t gpa_in_msr, uint64_t exit_code, uint64_t info1,
		   uint64_t info2, uint64_t scratch, uint64_t *out_info1)
{
	/* The page the MSR names (identity-mapped), registered or not. */
	struct ghcb *g = (struct ghcb *)(uintptr_t)(gpa_in_msr & ~0xfffull);

	/* Linux's vc_ghcb_invalidate: the save area and bitmap start clean. */
	memset(g, 0, offsetof(struct ghcb, shared_buffer));
	g->protocol_version = 2;
	g->ghcb_usage = GHCB_DEFAULT_USAGE;
	g->sw_exit_code = exit_code;
	g->sw_exit_info_1 = info1;
	g->sw_exit_info_2 = info2;
	ghcb_set_valid(g, GHCB_VALID_BIT(sw_exit_code));
	ghcb_set_valid(g, GHCB_VALID_BIT(sw_exit_info_1));
	ghcb_set_valid(g, GHCB_VALID_BIT(sw_exit_info_2));
	if (scratch) {
		g->sw_scratch = scratch;
		ghcb_set_valid(g, GHCB_VALID_BIT(sw_scratch));
	}
	ghcb_msr_write(gpa_in_msr);
	vmgexit();
	if (out_info1)
		*out_info1 = g->sw_exit_info_1;
	return g->sw_exit_info_2;
}

uint64_t ghcb_psc_raw(struct psc_hdr *hdr, psc_entry_t *entries, unsigned nr,
		      uint64_t *info1)
{
	uint8_t *buf = snp.ghcb->shared_buffer;
	uint64_t ret;

	/* ghcb_call clears only the save area: the buffer stays. */
	memcpy(buf, hdr, sizeof(*hdr));
	memcpy(buf + sizeof(*hdr), entries, nr * sizeof(*entries));
	ret = ghcb_call(snp.ghcb_gpa, SVM_VMGEXIT_PSC, 0, 0,
			snp.ghcb_gpa + GHCB_SHARED_BUF_OFF, info1);
	memcpy(hdr, buf, sizeof(*hdr));
	memcpy(entries, buf + sizeof(*hdr), nr * sizeof(*entries));
	return ret;
}
