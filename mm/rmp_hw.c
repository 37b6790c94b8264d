// SPDX-License-Identifier: GPL-2.0-only
/*
 * Hardware RMP back end: the real RMPUPDATE, PSMASH and RMPREAD
 * instructions on SEV-SNP silicon.
 *
 * UNTESTED. This project has had no SNP-capable machine: the code is
 * compiled into every build (so it keeps building) but has never run.
 * It is selected at boot only when CPUID reports SNP and SYSCFG.SNPEn is
 * set, and the boot option rmp=sw forces the software back end on such a
 * machine so the two can be compared.
 *
 * The instructions are emitted as byte sequences (one wrapper each, the
 * mnemonic in a comment) so any assembler builds them.
 */
#include <stddef.h>

#include "include/log.h"
#include "include/x86.h"
#include "mm/rmp.h"

#define SYSCFG_SNP_EN (1ull << 24) /* SecureNestedPagingEn */
#define MSR_RMP_BASE  0xc0010132u
#define MSR_RMP_END   0xc0010133u

#define CPUID_SEV_LEAF		0x8000001fu
#define CPUID_SEV_SNP		(1u << 4)
#define CPUID_SEV_RMPREAD	(1u << 21)
#define CPUID_SEV_SEGMENTED_RMP (1u << 23)

/* The RMP proper starts 16 KiB into the area RMP_BASE points at; one
 * 16-byte entry per 4 KiB page (APM volume 2, "Reverse Map Table"). */
#define RMP_TABLE_OFFSET 0x4000ull
#define RMP_ENTRY_BYTES	 16u

/* RMPUPDATE's new-state operand and RMPREAD's output, 16 bytes each. */
struct hw_rmp_state {
	uint64_t gpa;
	uint8_t assigned;
	uint8_t pagesize;
	uint8_t immutable;
	uint8_t rsvd;
	uint32_t asid;
} __attribute__((packed));

_Static_assert(sizeof(struct hw_rmp_state) == 16, "RMPUPDATE operand");

static uint32_t insn_rmpupdate(uint64_t spa, struct hw_rmp_state *st)
{
	uint32_t rc;

	/* RMPUPDATE: F2 0F 01 FE; RAX = SPA, RCX = &new state */
	__asm__ volatile(".byte 0xf2, 0x0f, 0x01, 0xfe"
			 : "=a"(rc)
			 : "a"(spa), "c"(st)
			 : "memory", "cc");
	return rc;
}

static uint32_t insn_psmash(uint64_t spa)
{
	uint32_t rc;

	/* PSMASH: F3 0F 01 FF; RAX = 2 MiB-aligned SPA */
	__asm__ volatile(".byte 0xf3, 0x0f, 0x01, 0xff"
			 : "=a"(rc)
			 : "a"(spa)
			 : "memory", "cc");
	return rc;
}

static uint32_t insn_rmpread(uint64_t spa, struct hw_rmp_state *out)
{
	uint32_t rc;

	/* RMPREAD: F2 0F 01 FD; RAX = SPA, RCX = &output */
	__asm__ volatile(".byte 0xf2, 0x0f, 0x01, 0xfd"
			 : "=a"(rc)
			 : "a"(spa), "c"(out)
			 : "memory", "cc");
	return rc;
}

static enum rmp_rc hw_read(struct rmp *rmp, uint64_t spa, struct rmp_entry *e)
{
	struct hw_rmp_state st = { 0 };
	uint64_t raw;

	if ((spa & (SZ_4K - 1)) || !rmp_covers(rmp, spa))
		return RMP_FAIL_INPUT;
	if (rmp->hw_has_rmpread) {
		uint32_t rc = insn_rmpread(spa, &st);

		if (rc)
			return (enum rmp_rc)rc;
		e->assigned = st.assigned;
		e->pagesize = (st.pagesize & 1) ? RMP_PG_2M : RMP_PG_4K;
		e->immutable = st.immutable;
		e->gpa = st.gpa;
		e->asid = st.asid;
		e->vmsa = false;      /* RMPREAD does not report it */
		e->validated = false; /* nor Validated */
		return RMP_OK;
	}
	/* Without RMPREAD, read the table's low quadword (same layout as
	 * the software back end's entries). */
	raw = *(volatile uint64_t *)(uintptr_t)(rmp->hw_table_pa +
						RMP_TABLE_OFFSET +
						(spa >> 12) * RMP_ENTRY_BYTES);
	e->assigned = raw & 1;
	e->pagesize = (raw & 2) ? RMP_PG_2M : RMP_PG_4K;
	e->immutable = raw & 4;
	e->gpa = raw & (((1ull << 51) - 1) & ~(SZ_4K - 1));
	e->asid = (uint32_t)((raw >> 51) & 0x3ff);
	e->vmsa = (raw >> 61) & 1;
	e->validated = (raw >> 62) & 1;
	return RMP_OK;
}

static enum rmp_rc hw_update(struct rmp *rmp, uint64_t spa,
			     const struct rmp_state *s)
{
	struct hw_rmp_state st = {
		.gpa = s->gpa,
		.assigned = s->assigned,
		.pagesize = s->pagesize == RMP_PG_2M,
		.immutable = s->immutable,
		.asid = s->asid,
	};
	uint32_t rc;
	int tries = 0;

	if (!rmp_covers(rmp, spa))
		return RMP_FAIL_INPUT;
	/* FAIL_INUSE is transient (another CPU holds the entry): retry. */
	do {
		rc = insn_rmpupdate(spa, &st);
	} while (rc == RMP_FAIL_INUSE && ++tries < 1000);
	return (enum rmp_rc)rc;
}

static enum rmp_rc hw_psmash(struct rmp *rmp, uint64_t spa)
{
	uint32_t rc;
	int tries = 0;

	if (!rmp_covers(rmp, spa))
		return RMP_FAIL_INPUT;
	do {
		rc = insn_psmash(spa);
	} while (rc == RMP_FAIL_INUSE && ++tries < 1000);
	return (enum rmp_rc)rc;
}

static const struct rmp_ops rmp_hw_ops = {
	.name = "hardware",
	.read = hw_read,
	.update = hw_update,
	.psmash = hw_psmash,
	.pvalidate = NULL, /* executed by the guest itself on silicon */
	.rmpadjust = NULL,
};

bool rmp_hw_probe(void)
{
	uint32_t r[4];

	cpuid(0x80000000u, 0, r);
	if (r[0] < CPUID_SEV_LEAF)
		return false;
	cpuid(CPUID_SEV_LEAF, 0, r);
	return r[0] & CPUID_SEV_SNP;
}

bool rmp_hw_init(struct rmp *rmp)
{
	uint32_t r[4];
	uint64_t base, end;

	if (!rmp_hw_probe()) {
		log_info("rmp: CPUID 0x8000001F reports no SEV-SNP");
		return false;
	}
	if (!(rdmsr(MSR_SYSCFG) & SYSCFG_SNP_EN)) {
		log_warn(
			"rmp: CPU has SEV-SNP but SYSCFG.SNPEn is clear (firmware did not enable it)");
		return false;
	}
	cpuid(CPUID_SEV_LEAF, 0, r);
	if (r[0] & CPUID_SEV_SEGMENTED_RMP) {
		log_warn(
			"rmp: segmented RMP is not supported by this back end");
		return false;
	}
	base = rdmsr(MSR_RMP_BASE);
	end = rdmsr(MSR_RMP_END);
	if (!base || end <= base + RMP_TABLE_OFFSET) {
		log_warn("rmp: RMP_BASE 0x%llx / RMP_END 0x%llx describe no table",
			 (unsigned long long)base, (unsigned long long)end);
		return false;
	}
	rmp->ops = &rmp_hw_ops;
	rmp->hw_table_pa = base;
	rmp->hw_has_rmpread = r[0] & CPUID_SEV_RMPREAD;
	rmp->table = NULL;
	rmp->spa_base = 0;
	rmp->spa_end = ((end + 1 - base - RMP_TABLE_OFFSET) / RMP_ENTRY_BYTES)
		       << 12;
	log_info("rmp: hardware RMP at 0x%llx-0x%llx covers 0x%llx bytes (UNTESTED back end)",
		 (unsigned long long)base, (unsigned long long)end,
		 (unsigned long long)rmp->spa_end);
	return true;
}
