/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The Reverse Map Table in architectural terms (AMD APM volume 2, "Secure
 * Nested Paging (SEV-SNP)": "Reverse Map Table" and the RMPUPDATE, PSMASH,
 * PVALIDATE and RMPADJUST instruction pages in volume 3).
 *
 * Two back ends implement one interface:
 *  - software (mm/rmp_sw.c): a table indexed by host page frame with the
 *    APM's checks and return codes, used wherever the CPU has no SNP
 *    (QEMU TCG) and on request on silicon, so both can be compared;
 *  - hardware (mm/rmp_hw.c): the real instructions, selected at boot only
 *    when CPUID reports SNP and SYSCFG.SNPEn is set. UNTESTED: no SNP
 *    silicon was available to this project.
 */
#ifndef MM_RMP_H
#define MM_RMP_H

#include <stdbool.h>
#include <stdint.h>

#include "include/sizes.h"

#define PAGES_PER_2M 512u

enum rmp_pgsize {
	RMP_PG_4K = 0,
	RMP_PG_2M = 1,
};

/* One RMP entry, as RMPREAD reports it (APM "RMPREAD"). */
struct rmp_entry {
	bool assigned; /* owned by a guest (private) */
	enum rmp_pgsize pagesize;
	bool immutable;
	uint64_t gpa; /* guest physical address of the page */
	uint32_t asid;
	bool vmsa;
	bool validated;
};

/* The new-state operand of RMPUPDATE (APM "RMPUPDATE": RCX points to it). */
struct rmp_state {
	uint64_t gpa;
	bool assigned;
	enum rmp_pgsize pagesize;
	bool immutable;
	uint32_t asid;
};

/*
 * Return codes in EAX (APM volume 3, RMPUPDATE/PSMASH/PVALIDATE/RMPADJUST).
 * RMP_FAULT_* are not return codes: they say which fault the instruction
 * raises instead of completing (for PVALIDATE and RMPADJUST, a #NPF with
 * the RMP bit, and with SIZEM for a 4 KiB access inside a 2 MiB entry).
 */
enum rmp_rc {
	RMP_OK = 0,
	RMP_FAIL_INPUT = 1,
	RMP_FAIL_PERMISSION = 2,
	RMP_FAIL_INUSE = 3,
	RMP_FAIL_OVERLAP = 4,
	RMP_FAIL_SIZEMISMATCH = 6,
	RMP_FAIL_BADADDR = 7,	     /* PSMASH: not a 2 MiB assigned entry */
	RMP_FAULT_NPF_RMP = 0x100,   /* #NPF, RMP violation (bit 31) */
	RMP_FAULT_NPF_SIZEM = 0x101, /* #NPF, RMP violation + SIZEM (bit 35) */
	RMP_UNSUPPORTED = 0x102,     /* back end cannot do this operation */
};

/* The result of PVALIDATE: EAX and the carry flag ("no update"). */
struct pvalidate_result {
	enum rmp_rc rc;
	bool no_update; /* CF=1: Validated already had that value */
};

struct rmp;

struct rmp_ops {
	const char *name;
	enum rmp_rc (*read)(struct rmp *rmp, uint64_t spa, struct rmp_entry *e);
	enum rmp_rc (*update)(struct rmp *rmp, uint64_t spa,
			      const struct rmp_state *st);
	enum rmp_rc (*psmash)(struct rmp *rmp, uint64_t spa);
	/*
	 * PVALIDATE and RMPADJUST execute in the guest on silicon; only the
	 * software back end emulates them (NULL on hardware). asid and gpa
	 * are the executing guest's and the translated address.
	 */
	struct pvalidate_result (*pvalidate)(struct rmp *rmp, uint64_t spa,
					     uint64_t gpa, uint32_t asid,
					     enum rmp_pgsize size,
					     bool validate);
	enum rmp_rc (*rmpadjust)(struct rmp *rmp, uint64_t spa, uint64_t gpa,
				 uint32_t asid, enum rmp_pgsize size,
				 unsigned target_vmpl);
	/*
	 * The SEV firmware's own write of one 4 KiB entry (SEV-SNP Firmware
	 * ABI, "Page States": only the firmware moves a page between its
	 * states, setting Immutable, Validated and VMSA as it goes; no x86
	 * instruction can). For the software firmware model (fw/model.c)
	 * over the software back end; NULL on hardware, where the PSP does
	 * it. Refuses (FAIL_INPUT) an unaligned or uncovered SPA; a 2 MiB
	 * page is written as its 512 entries, each with PageSize set.
	 */
	enum rmp_rc (*fw_write)(struct rmp *rmp, uint64_t spa,
				const struct rmp_entry *e);
};

struct rmp {
	const struct rmp_ops *ops;
	uint64_t spa_base;    /* first byte the table covers */
	uint64_t spa_end;     /* one past the last byte */
	uint64_t *table;      /* software: one raw entry per 4 KiB page */
	uint64_t hw_table_pa; /* hardware: RMP_BASE */
	bool hw_has_rmpread;
};

/* Software back end over [spa_base, spa_base + size); table holds
 * size / 4 KiB entries of rmp_sw_entry_bytes() each, zeroed by the caller. */
void rmp_sw_init(struct rmp *rmp, uint64_t spa_base, uint64_t size,
		 uint64_t *table);
unsigned rmp_sw_entry_bytes(void);

/*
 * Hardware back end: discovers the RMP from RMP_BASE/RMP_END and checks
 * SYSCFG.SNPEn. Returns false (with a log line saying why) when the CPU
 * cannot use it. UNTESTED (no SNP silicon here).
 */
bool rmp_hw_probe(void);
bool rmp_hw_init(struct rmp *rmp);

const char *rmp_rc_name(enum rmp_rc rc);

/* Back-end choice (boot option rmp=auto|sw|hw). */
enum rmp_mode {
	RMP_MODE_AUTO = 0, /* hardware when CPUID reports SNP, else software */
	RMP_MODE_SW = 1,   /* software, even on SNP silicon (for comparison) */
	RMP_MODE_HW = 2,   /* hardware or nothing */
};

/*
 * Sets up the back end the mode asks for; the software back end covers
 * [spa_base, spa_base + size) with the caller's zeroed table. Returns
 * false, with a log line saying why, when the mode cannot be honoured:
 * there is no silent fallback from hw to sw.
 */
bool rmp_setup(struct rmp *rmp, enum rmp_mode mode, uint64_t spa_base,
	       uint64_t size, uint64_t *table);

static inline enum rmp_rc rmp_read(struct rmp *rmp, uint64_t spa,
				   struct rmp_entry *e)
{
	return rmp->ops->read(rmp, spa, e);
}

static inline enum rmp_rc rmp_update(struct rmp *rmp, uint64_t spa,
				     const struct rmp_state *st)
{
	return rmp->ops->update(rmp, spa, st);
}

static inline enum rmp_rc rmp_psmash(struct rmp *rmp, uint64_t spa)
{
	return rmp->ops->psmash(rmp, spa);
}

static inline bool rmp_covers(const struct rmp *rmp, uint64_t spa)
{
	return spa >= rmp->spa_base && spa < rmp->spa_end;
}

#endif
