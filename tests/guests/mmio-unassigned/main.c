// SPDX-License-Identifier: GPL-2.0-only
/*
 * mmio-unassigned: the PC platform window [0xfec00000, 4 GiB) has no
 * emulated device yet. Reads there must return all-ones, as a read no
 * device claims does on a PC, without reaching the machine (a write
 * still stops the guest, as outside RAM anywhere: unmapped-gpa). The AMD
 * FCH's reset-status register is the one Linux 7.3 reads on Zen models.
 */
#include "guest.h"

#define FCH_S5_RESET_STATUS 0xfed803c0ull
#define HPET_ID		    0xfed00000ull

int guest_main(const struct guest_boot *boot)
{
	volatile uint32_t *fch = (volatile uint32_t *)FCH_S5_RESET_STATUS;
	volatile uint64_t *hpet = (volatile uint64_t *)HPET_ID;
	uint32_t a, b;
	uint8_t c;

	(void)boot;
	a = fch[0];
	b = fch[1]; /* the same page, mapped by now */
	c = *(volatile uint8_t *)(FCH_S5_RESET_STATUS + 3);
	report(a == 0xffffffffu, "32-bit read of 0x%llx reads all-ones (0x%x)",
	       FCH_S5_RESET_STATUS, a);
	report(b == 0xffffffffu && c == 0xff,
	       "the next reads of that page too (0x%x, 0x%x)", b, c);
	report(hpet[0] == ~0ull,
	       "64-bit read of another page (HPET ID) reads all-ones");
	return report_summary();
}
