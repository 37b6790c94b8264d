/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The ACPI power management timer (ACPI specification, "Power Management
 * Timer"): a free-running up-counter at 3.579545 MHz, 24 bits wide or,
 * with the FADT's TMR_VAL_EXT flag, 32 bits, read as the dword PM_TMR at
 * PM base + 8 (PIIX4's PMBA + 8). Read-only; its overflow status bit
 * (TMR_STS) and the SCI it can raise are not modelled: no firmware or
 * Linux path used here enables them (docs/devices.md).
 */
#ifndef DEV_PM_TIMER_H
#define DEV_PM_TIMER_H

#include "dev/dev.h"

#define PM_TIMER_HZ	3579545u
#define PM_TIMER_OFFSET 8 /* PM_TMR from the PM I/O base */

struct pm_timer {
	uint64_t start; /* ns at which the count was 0 */
	bool ext32;	/* TMR_VAL_EXT: 32-bit counter */
};

/* The count is 0 at `now`. */
void pm_timer_init(struct pm_timer *t, bool ext32, uint64_t now);

/* PM_TMR at `now` (never earlier than the init time's count 0). */
uint32_t pm_timer_value(const struct pm_timer *t, uint64_t now);

/*
 * An access of `size` bytes (1, 2 or 4) at byte `off` of the 4-byte
 * register: the matching bytes of PM_TMR; outside it all-ones.
 */
uint32_t pm_timer_read(const struct pm_timer *t, unsigned int off,
		       unsigned int size, uint64_t now);

#endif
