// SPDX-License-Identifier: GPL-2.0-only
/*
 * The x2APIC MSR view of dev/lapic.c (Intel SDM vol. 3, "Extended XAPIC
 * (x2APIC)"): MSR 0x800 + offset / 16, a 32-bit ID, the LDR derived from
 * it, one 64-bit ICR, SELF IPI, and #GP for what the view does not have.
 */
#include "dev/lapic.h"

bool lapic_msr_read(struct lapic *l, uint32_t msr, uint64_t *val, uint64_t now)
{
	uint32_t off = (msr - 0x800u) << 4, v, id = l->id >> 24;
	uint64_t t = lapic_bus_ticks(l, now);

	*val = 0;
	if (!l->x2apic || msr < 0x800 || msr > 0x8ff)
		return false;
	lapic_timer_sync(l, t);
	switch (off) {
	case 0x020:
		*val = id;
		return true; /* 32-bit x2APIC ID */
	case 0x0d0:
		*val = ((id >> 4) << 16) | (1u << (id & 15));
		return true;
	case 0x300:
		*val = ((uint64_t)l->icr_hi << 32) | l->icr_lo;
		return true;
	case 0x090:
	case 0x0b0:
	case 0x0c0:
	case 0x0e0:
	case 0x310:
	case 0x3f0:
		return false; /* APR, EOI, RRD, DFR, ICR2, SELF IPI */
	}
	if (!lapic_reg_read(l, off, t, &v))
		return false;
	*val = v;
	return true;
}

bool lapic_msr_write(struct lapic *l, uint32_t msr, uint64_t val, uint64_t now)
{
	uint32_t off = (msr - 0x800u) << 4;
	uint64_t t = lapic_bus_ticks(l, now);

	if (!l->x2apic || msr < 0x800 || msr > 0x8ff)
		return false;
	lapic_timer_sync(l, t);
	if (off == 0x300) {
		l->icr_hi = (uint32_t)(val >> 32);
		l->icr_lo = (uint32_t)val & 0x000ccfffu;
		lapic_send_ipi(l, l->icr_lo, l->icr_hi);
		return true;
	}
	if (val >> 32)
		return false;
	switch (off) {
	case 0x080:
	case 0x0f0:
	case 0x380:
	case 0x3e0:
		return lapic_reg_write(l, off, (uint32_t)val, t);
	case 0x0b0:
	case 0x280: /* EOI and ESR take only 0 */
		return !val && lapic_reg_write(l, off, 0, t);
	case 0x3f0: /* SELF IPI: a fixed edge interrupt to self */
		lapic_send_ipi(l, 0x40000u | ((uint32_t)val & 0xff), 0);
		return true;
	default:
		if (off >= 0x320 && off < 0x380)
			return lapic_reg_write(l, off, (uint32_t)val, t);
		return false; /* read-only or reserved */
	}
}
