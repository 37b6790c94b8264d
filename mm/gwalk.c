// SPDX-License-Identifier: GPL-2.0-only
/*
 * Guest page-table walk; see gwalk.h. Follows APM vol. 2 "Long-Mode Page
 * Translation": PML4E -> PDPE (PS = 1 GiB page) -> PDE (PS = 2 MiB page)
 * -> PTE. Accessed/dirty bits are not set: the walk serves the hypervisor
 * reading guest memory, not a guest access.
 */
#include <string.h>

#include "include/sizes.h"
#include "include/x86.h"
#include "mm/gwalk.h"

#define E_P    (1ull << 0)
#define E_W    (1ull << 1)
#define E_U    (1ull << 2)
#define E_PS   (1ull << 7)
#define E_NX   (1ull << 63)
#define E_ADDR 0x000ffffffffff000ull
/* Bits 51:M are reserved; the mask only removes bits, e.g. a C-bit. */

void *guest_mem_ptr(const struct guest_mem *mem, uint64_t gpa, size_t len)
{
	if (len == 0 || (gpa & (SZ_4K - 1)) + len > SZ_4K)
		return NULL;
	return mem->to_host(mem->opaque, gpa);
}

static int read_entry(const struct guest_mem *mem, uint64_t table_gpa,
		      unsigned i, uint64_t *e)
{
	uint64_t *p = guest_mem_ptr(mem, table_gpa + i * 8ull, 8);

	if (!p)
		return GWALK_BAD_GPA;
	*e = *(volatile uint64_t *)p;
	return GWALK_OK;
}

int gwalk_translate(const struct guest_mem *mem, const struct gwalk_cpu *cpu,
		    uint64_t gpa_mask, uint64_t gva, unsigned access,
		    uint64_t *gpa)
{
	uint64_t table, e = 0;
	bool w = true, u = true, nx = false;
	int level, r;

	if (!(cpu->cr0 & CR0_PG)) {
		*gpa = gva;
		return GWALK_OK;
	}
	if (!(cpu->efer & EFER_LMA) || !(cpu->cr4 & CR4_PAE) ||
	    (cpu->cr4 & CR4_LA57))
		return GWALK_UNSUPPORTED;
	/* Non-canonical addresses never translate. */
	if ((uint64_t)((int64_t)(gva << 16) >> 16) != gva)
		return GWALK_RIGHTS;

	table = cpu->cr3 & E_ADDR & gpa_mask;
	for (level = 4; level >= 1; level--) {
		unsigned i = (gva >> (12 + 9 * (level - 1))) & 511;
		uint64_t size;

		r = read_entry(mem, table, i, &e);
		if (r)
			return r;
		if (!(e & E_P))
			return GWALK_NOT_PRESENT;
		if ((e & E_NX) && !(cpu->efer & EFER_NXE))
			return GWALK_RSVD;
		w = w && (e & E_W);
		u = u && (e & E_U);
		nx = nx || ((e & E_NX) && (cpu->efer & EFER_NXE));
		if (level == 4 && (e & E_PS))
			return GWALK_RSVD;
		if (level == 1 || (e & E_PS)) {
			size = 1ull << (12 + 9 * (level - 1));
			/* Large pages: bits below the page size but above 12
			 * hold PAT and reserved bits, not address. */
			*gpa = ((e & E_ADDR & gpa_mask) & ~(size - 1)) |
			       (gva & (size - 1));
			break;
		}
		table = e & E_ADDR & gpa_mask;
	}
	if ((access & GWALK_USER) && !u)
		return GWALK_RIGHTS;
	if ((access & GWALK_WRITE) && !w &&
	    ((access & GWALK_USER) || (cpu->cr0 & CR0_WP)))
		return GWALK_RIGHTS;
	if ((access & GWALK_FETCH) && nx)
		return GWALK_RIGHTS;
	/* The target itself must be guest memory too. */
	if (!mem->to_host(mem->opaque, *gpa))
		return GWALK_BAD_GPA;
	return GWALK_OK;
}

size_t gwalk_read(const struct guest_mem *mem, const struct gwalk_cpu *cpu,
		  uint64_t gpa_mask, uint64_t gva, void *buf, size_t len,
		  unsigned access, int *res)
{
	size_t done = 0;

	*res = GWALK_OK;
	while (done < len) {
		uint64_t gpa;
		size_t chunk = SZ_4K - ((gva + done) & (SZ_4K - 1));
		void *p;

		if (chunk > len - done)
			chunk = len - done;
		*res = gwalk_translate(mem, cpu, gpa_mask, gva + done, access,
				       &gpa);
		if (*res)
			break;
		p = guest_mem_ptr(mem, gpa, chunk);
		if (!p) {
			*res = GWALK_BAD_GPA;
			break;
		}
		memcpy((char *)buf + done, p, chunk);
		done += chunk;
	}
	return done;
}

const char *gwalk_result_name(int res)
{
	switch (res) {
	case GWALK_OK:
		return "ok";
	case GWALK_NOT_PRESENT:
		return "not present";
	case GWALK_RIGHTS:
		return "access rights";
	case GWALK_RSVD:
		return "reserved bit";
	case GWALK_BAD_GPA:
		return "GPA outside guest memory";
	case GWALK_UNSUPPORTED:
		return "unsupported paging mode";
	default:
		return "?";
	}
}
