// SPDX-License-Identifier: GPL-2.0-only
/*
 * ACPI PM timer (dev/pm_timer.h). Source: ACPI specification, "Power
 * Management Timer" and "PM1 Timer Register (PM_TMR)": 3.579545 MHz,
 * bits 23-0 count, bits 31-24 read 0 unless TMR_VAL_EXT.
 */
#include <string.h>

#include "dev/pm_timer.h"

void pm_timer_init(struct pm_timer *t, bool ext32, uint64_t now)
{
	memset(t, 0, sizeof(*t));
	t->start = now;
	t->ext32 = ext32;
}

uint32_t pm_timer_value(const struct pm_timer *t, uint64_t now)
{
	uint64_t ticks;

	if (now < t->start)
		now = t->start; /* time does not run backwards here */
	ticks = dev_ns_to_ticks(now - t->start, PM_TIMER_HZ);
	return t->ext32 ? (uint32_t)ticks : (uint32_t)(ticks & 0xffffffu);
}

uint32_t pm_timer_read(const struct pm_timer *t, unsigned int off,
		       unsigned int size, uint64_t now)
{
	uint32_t ones;

	if (size != 1 && size != 2 && size != 4)
		return 0xffffffffu;
	ones = size == 4 ? 0xffffffffu : (1u << (8 * size)) - 1;
	if (off >= 4 || off + size > 4)
		return ones;
	return (pm_timer_value(t, now) >> (8 * off)) & ones;
}
