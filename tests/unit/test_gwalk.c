// SPDX-License-Identifier: GPL-2.0-only
/*
 * mm/gwalk.c: guest walks with 4 KiB, 2 MiB and 1 GiB pages, rights,
 * not-present and reserved entries, GPAs outside guest memory, a C-bit
 * stripped through the GPA mask, and reads across pages.
 */
#include <stdlib.h>
#include <string.h>

#include "mm/gwalk.h"
#include "tests/lib/tap.h"

#define MEM  (16ull << 20)
#define P    (1ull << 0)
#define W    (1ull << 1)
#define U    (1ull << 2)
#define PS   (1ull << 7)
#define NX   (1ull << 63)
#define CBIT (1ull << 47)

static uint8_t *mem;

static void *to_host(void *opaque, uint64_t gpa)
{
	(void)opaque;
	return gpa < MEM ? mem + gpa : NULL;
}

static uint64_t *tbl(uint64_t gpa)
{
	return (uint64_t *)(mem + gpa);
}

int main(void)
{
	struct guest_mem gm = { .to_host = to_host };
	struct gwalk_cpu cpu = {
		.cr0 = (1ull << 31) | (1ull << 16) | 1, /* PG, WP, PE */
		.cr3 = 0x1000,
		.cr4 = 1ull << 5, /* PAE */
		.efer = (1ull << 10) | (1ull << 8) |
			(1ull << 11), /* LMA LME NXE */
	};
	uint64_t gpa;
	char buf[32];
	int res;
	size_t got;

	mem = calloc(1, MEM);
	/* PML4 0x1000 -> PDPT 0x2000 -> PD 0x3000 -> PT 0x4000 */
	tbl(0x1000)[0] = 0x2000 | P | W | U;
	tbl(0x2000)[0] = 0x3000 | P | W | U;
	tbl(0x3000)[2] = 0x4000 | P | W | U;   /* GVA 0x400000 */
	tbl(0x4000)[0] = 0x10000 | P | W | U;  /* 0x400000 -> 0x10000 */
	tbl(0x4000)[1] = 0x20000 | P | U;      /* read-only */
	tbl(0x4000)[2] = 0x30000 | P | W | NX; /* supervisor, NX */
	tbl(0x4000)[3] = 0x12000 | P | W | U;  /* 0x403000: next to [4] */
	tbl(0x4000)[4] = 0x11000 | P | W | U;
	tbl(0x4000)[5] = (MEM + 0x1000) | P | W | U; /* outside memory */
	tbl(0x3000)[1] = 0x800000 | P | W | U | PS;  /* GVA 0x200000: 2 MiB */
	tbl(0x2000)[1] = 0x0 | P | W | U | PS; /* GVA 1 GiB: 1 GiB page at 0 */
	tbl(0x3000)[3] = (MEM + 0x2000) | P | W | U; /* PT outside memory */
	tbl(0x3000)[4] = 0x5000 | P | W | U |
			 (1ull << 51); /* (reserved by mask) */

	tap_eq(gwalk_translate(&gm, &cpu, ~0ull, 0x400123, 0, &gpa), GWALK_OK,
	       "gwalk: 4 KiB page");
	tap_eq(gpa, 0x10123, "gwalk: 4 KiB GPA");
	tap_eq(gwalk_translate(&gm, &cpu, ~0ull, 0x2abcde, 0, &gpa), GWALK_OK,
	       "gwalk: 2 MiB page");
	tap_eq(gpa, 0x8abcde, "gwalk: 2 MiB GPA");
	tap_eq(gwalk_translate(&gm, &cpu, ~0ull, 0x40005678ull, 0, &gpa),
	       GWALK_OK, "gwalk: 1 GiB page");
	tap_eq(gpa, 0x5678, "gwalk: 1 GiB GPA");
	tap_eq(gwalk_translate(&gm, &cpu, ~0ull, 0x42000000ull, 0, &gpa),
	       GWALK_BAD_GPA, "gwalk: 1 GiB page beyond guest memory refused");

	tap_eq(gwalk_translate(&gm, &cpu, ~0ull, 0x401000, GWALK_WRITE, &gpa),
	       GWALK_RIGHTS, "gwalk: write to read-only with CR0.WP");
	cpu.cr0 &= ~(1ull << 16);
	tap_eq(gwalk_translate(&gm, &cpu, ~0ull, 0x401000, GWALK_WRITE, &gpa),
	       GWALK_OK, "gwalk: supervisor write to read-only without CR0.WP");
	tap_eq(gwalk_translate(&gm, &cpu, ~0ull, 0x401000,
			       GWALK_WRITE | GWALK_USER, &gpa),
	       GWALK_RIGHTS, "gwalk: user write to read-only always faults");
	cpu.cr0 |= 1ull << 16;
	tap_eq(gwalk_translate(&gm, &cpu, ~0ull, 0x402000, GWALK_USER, &gpa),
	       GWALK_RIGHTS, "gwalk: user access to a supervisor page");
	tap_eq(gwalk_translate(&gm, &cpu, ~0ull, 0x402000, GWALK_FETCH, &gpa),
	       GWALK_RIGHTS, "gwalk: fetch from an NX page");
	tap_eq(gwalk_translate(&gm, &cpu, ~0ull, 0x402000, 0, &gpa), GWALK_OK,
	       "gwalk: read from an NX page");
	cpu.efer &= ~(1ull << 11);
	tap_eq(gwalk_translate(&gm, &cpu, ~0ull, 0x402000, 0, &gpa), GWALK_RSVD,
	       "gwalk: NX bit with EFER.NXE = 0 is reserved");
	cpu.efer |= 1ull << 11;

	tap_eq(gwalk_translate(&gm, &cpu, ~0ull, 0x406000, 0, &gpa),
	       GWALK_NOT_PRESENT, "gwalk: not-present PTE");
	tap_eq(gwalk_translate(&gm, &cpu, ~0ull, 0x80000000ull, 0, &gpa),
	       GWALK_NOT_PRESENT, "gwalk: not-present PDPTE");
	tap_eq(gwalk_translate(&gm, &cpu, ~0ull, 0x405000, 0, &gpa),
	       GWALK_BAD_GPA, "gwalk: leaf outside guest memory");
	tap_eq(gwalk_translate(&gm, &cpu, ~0ull, 0x600000, 0, &gpa),
	       GWALK_BAD_GPA, "gwalk: page table outside guest memory");
	tap_eq(gwalk_translate(&gm, &cpu, ~0ull, 0x0000800000000000ull, 0,
			       &gpa),
	       GWALK_RIGHTS, "gwalk: non-canonical GVA");
	tbl(0x1000)[1] = 0x2000 | P | W | PS;
	tap_eq(gwalk_translate(&gm, &cpu, ~0ull, 0x8000000000ull, 0, &gpa),
	       GWALK_RSVD, "gwalk: PS in a PML4E is reserved");

	/* A C-bit (here bit 47) in every entry is stripped by the mask. */
	tbl(0x1000)[0] |= CBIT;
	tbl(0x2000)[0] |= CBIT;
	tbl(0x3000)[2] |= CBIT;
	tbl(0x4000)[0] |= CBIT;
	tap_eq(gwalk_translate(&gm, &cpu, ~0ull, 0x400010, 0, &gpa),
	       GWALK_BAD_GPA,
	       "gwalk: C-bit kept without a mask: outside memory");
	cpu.cr3 |= CBIT;
	tap_eq(gwalk_translate(&gm, &cpu, ~CBIT, 0x400010, 0, &gpa), GWALK_OK,
	       "gwalk: C-bit stripped by gpa_mask (CR3 too)");
	tap_eq(gpa, 0x10010, "gwalk: masked GPA");
	cpu.cr3 &= ~CBIT;

	/* Reads: across two pages that are not adjacent in GPA space. */
	memcpy(mem + 0x12ff0, "0123456789abcdef", 16);
	memcpy(mem + 0x11000, "ghijklmnopqrstuv", 16);
	got = gwalk_read(&gm, &cpu, ~CBIT, 0x403ff0, buf, 32, 0, &res);
	tap_check(got == 32 && res == GWALK_OK &&
			  !memcmp(buf, "0123456789abcdefghijklmnopqrstuv", 32),
		  "gwalk: read across a page boundary follows the tables");
	got = gwalk_read(&gm, &cpu, ~CBIT, 0x404ff8, buf, 16, 0, &res);
	tap_check(got == 8 && res == GWALK_BAD_GPA,
		  "gwalk: read stops at the first bad page (%zu bytes)", got);

	/* Paging off: GVA = GPA; unsupported modes refused. */
	cpu.cr0 &= ~(1ull << 31);
	tap_eq(gwalk_translate(&gm, &cpu, ~0ull, 0x1234, 0, &gpa), GWALK_OK,
	       "gwalk: paging off");
	tap_eq(gpa, 0x1234, "gwalk: identity without paging");
	cpu.cr0 |= 1ull << 31;
	cpu.efer &= ~(1ull << 10);
	tap_eq(gwalk_translate(&gm, &cpu, ~0ull, 0x400000, 0, &gpa),
	       GWALK_UNSUPPORTED, "gwalk: legacy paging refused");
	cpu.efer |= 1ull << 10;
	cpu.cr4 |= 1ull << 12;
	tap_eq(gwalk_translate(&gm, &cpu, ~0ull, 0x400000, 0, &gpa),
	       GWALK_UNSUPPORTED, "gwalk: 5-level paging refused");
	tap_check(guest_mem_ptr(&gm, 0xff8, 16) == NULL,
		  "gwalk: guest_mem_ptr refuses a span crossing a page");
	free(mem);
	return tap_done();
}
