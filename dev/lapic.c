// SPDX-License-Identifier: GPL-2.0-only
/*
 * Local APIC (AMD64 Architecture Programmer's Manual vol. 2, "Local
 * APIC", "APM" below; Intel SDM vol. 3, "Advanced Programmable Interrupt
 * Controller (APIC)", "SDM" below): registers, TPR/PPR, IRR/ISR/TMR
 * priority, EOI, the LVT, the timer (one-shot and periodic), ICR with
 * self delivery and ESR. The x2APIC MSR view is dev/lapic_x2apic.c.
 */
#include <string.h>

#include "dev/lapic.h"

#define LVT_MASK     0x00010000u
#define LVT_PERIODIC 0x00020000u
#define SVR_ENABLE   0x00000100u
#define ESR_SEND_ILL 0x20u /* send illegal vector */
#define ESR_RECV_ILL 0x40u /* receive illegal vector */
#define ESR_ILL_REG  0x80u /* illegal register address */

/* Writable bits of each LVT (APM "Local Vector Table"); delivery status
 * and remote IRR are read only. TSC-deadline mode is not offered. */
/* clang-format off */
static const uint32_t lvt_bits[LVT_COUNT] = {
	[LVT_TIMER]   = 0x000300ffu,
	[LVT_THERMAL] = 0x000107ffu,
	[LVT_PERF]    = 0x000107ffu,
	[LVT_LINT0]   = 0x0001a7ffu,
	[LVT_LINT1]   = 0x0001a7ffu,
	[LVT_ERROR]   = 0x000100ffu,
};
/* clang-format on */

static bool test_bit(const uint32_t *v, unsigned int n)
{
	return v[n >> 5] & (1u << (n & 31));
}

static void put_bit(uint32_t *v, unsigned int n, bool on)
{
	if (on)
		v[n >> 5] |= 1u << (n & 31);
	else
		v[n >> 5] &= ~(1u << (n & 31));
}

/* The highest vector set in a 256-bit register, or -1. */
static int highest(const uint32_t *v)
{
	int i, b;

	for (i = 7; i >= 0; i--)
		for (b = 31; v[i] && b >= 0; b--)
			if (v[i] & (1u << b))
				return i * 32 + b;
	return -1;
}

/* SDM "Processor Priority Register": the higher class of TPR and ISRV. */
static uint32_t ppr(const struct lapic *l)
{
	int isrv = highest(l->isr);
	uint32_t s = isrv < 0 ? 0 : (uint32_t)isrv & 0xf0;

	return (l->tpr & 0xf0) >= s ? l->tpr & 0xff : s;
}

static void error(struct lapic *l, uint32_t bits)
{
	uint32_t fresh = bits & ~l->esr_pending;

	l->esr_pending |= bits;
	/* a bad error vector reports itself once, then stops */
	if (fresh && !(l->lvt[LVT_ERROR] & LVT_MASK))
		lapic_accept(l, (uint8_t)l->lvt[LVT_ERROR], false);
}

void lapic_accept(struct lapic *l, uint8_t vector, bool level)
{
	if (vector < 16) {
		error(l, ESR_RECV_ILL);
		return;
	}
	put_bit(l->irr, vector, true);
	put_bit(l->tmr, vector, level);
}

int lapic_pending(struct lapic *l)
{
	int v = highest(l->irr);

	if (v < 0 || !(l->svr & SVR_ENABLE))
		return -1;
	return ((uint32_t)v & 0xf0) > (ppr(l) & 0xf0) ? v : -1;
}

uint8_t lapic_ack(struct lapic *l)
{
	int v = lapic_pending(l);

	if (v < 0) /* SDM "Spurious Interrupt" */
		return (uint8_t)l->svr;
	put_bit(l->irr, (unsigned int)v, false);
	put_bit(l->isr, (unsigned int)v, true);
	return (uint8_t)v;
}

static void eoi(struct lapic *l)
{
	int v = highest(l->isr);

	if (v < 0)
		return;
	put_bit(l->isr, (unsigned int)v, false);
	if (test_bit(l->tmr, (unsigned int)v) && l->ops.eoi)
		l->ops.eoi(l->ops.ctx, (uint8_t)v);
}

/* ---- timer (APM "APIC Timer", SDM "APIC Timer") ---- */

/* Time never runs backwards here: an earlier now counts as the last. */
uint64_t lapic_bus_ticks(struct lapic *l, uint64_t now)
{
	uint64_t t = dev_ns_to_ticks(now, l->bus_hz);

	if (t < l->last)
		t = l->last;
	l->last = t;
	return t;
}

/* Divide configuration: bits 3, 1, 0; 111 is divide by 1. */
static uint64_t divisor(const struct lapic *l)
{
	unsigned int code = ((l->divide >> 1) & 4u) | (l->divide & 3u);

	return code == 7 ? 1 : 2u << code;
}

static uint64_t counts(const struct lapic *l, uint64_t t)
{
	return l->base + (t > l->start ? (t - l->start) / divisor(l) : 0);
}

static uint64_t expirations(const struct lapic *l, uint64_t c)
{
	if (!l->initial)
		return 0;
	if (l->lvt[LVT_TIMER] & LVT_PERIODIC)
		return c / l->initial;
	return c >= l->initial;
}

static uint32_t current_count(const struct lapic *l, uint64_t t)
{
	uint64_t c = counts(l, t);

	if (!l->initial)
		return 0;
	if (l->lvt[LVT_TIMER] & LVT_PERIODIC)
		return (uint32_t)(l->initial - c % l->initial);
	return c >= l->initial ? 0 : (uint32_t)(l->initial - c);
}

/* Expirations since the last sync raise one interrupt: the IRR holds
 * one per vector. A masked LVT counts but does not interrupt. */
void lapic_timer_sync(struct lapic *l, uint64_t t)
{
	uint64_t e = expirations(l, counts(l, t));

	if (e > l->fired && !(l->lvt[LVT_TIMER] & LVT_MASK))
		lapic_accept(l, (uint8_t)l->lvt[LVT_TIMER], false);
	l->fired = e;
}

void lapic_advance(struct lapic *l, uint64_t now)
{
	lapic_timer_sync(l, lapic_bus_ticks(l, now));
}

uint64_t lapic_next_event(struct lapic *l, uint64_t now)
{
	uint64_t t = lapic_bus_ticks(l, now), target;

	lapic_timer_sync(l, t);
	if (!l->initial || (l->lvt[LVT_TIMER] & LVT_MASK))
		return DEV_NEVER;
	if (l->lvt[LVT_TIMER] & LVT_PERIODIC)
		target = (l->fired + 1) * l->initial;
	else if (!l->fired)
		target = l->initial;
	else
		return DEV_NEVER;
	return dev_ticks_to_ns(l->start + (target - l->base) * divisor(l),
			       l->bus_hz);
}

/* ---- interprocessor interrupts (APM "Interprocessor Interrupts") ---- */

static bool dest_is_self(const struct lapic *l, uint32_t lo, uint32_t dest)
{
	uint32_t id = l->id >> 24, ldr;

	if (!(lo & 0x800)) /* physical */
		return dest == id || dest == (l->x2apic ? 0xffffffffu : 0xffu);
	if (l->x2apic) {
		ldr = ((id >> 4) << 16) | (1u << (id & 15));
		return dest == 0xffffffffu ||
		       ((dest >> 16) == (ldr >> 16) && (dest & ldr & 0xffff));
	}
	ldr = l->ldr >> 24;
	if ((l->dfr >> 28) == 0xf) /* flat model */
		return dest & ldr;
	return (dest >> 4) == (ldr >> 4) && (dest & ldr & 15);
}

void lapic_send_ipi(struct lapic *l, uint32_t lo, uint32_t dest)
{
	unsigned int mode = (lo >> 8) & 7u, sh = (lo >> 18) & 3u;
	bool fixed = mode <= 1; /* fixed, lowest priority */
	bool self, others;

	if (fixed && (lo & 0xff) < 16) {
		error(l, ESR_SEND_ILL);
		return;
	}
	switch (sh) {
	case 1: /* self */
		self = true;
		others = false;
		break;
	case 2: /* all including self */
		self = others = true;
		break;
	case 3: /* all excluding self */
		self = false;
		others = true;
		break;
	default: /* destination field */
		self = dest_is_self(l, lo, dest);
		others = (lo & 0x800) || !self ||
			 dest == (l->x2apic ? 0xffffffffu : 0xffu);
		break;
	}
	if (self && fixed)
		lapic_accept(l, (uint8_t)lo, lo & 0x8000);
	if ((others || (self && !fixed)) && l->ops.ipi)
		l->ops.ipi(l->ops.ctx, lo, l->icr_hi);
}

/* ---- registers ---- */

bool lapic_reg_read(struct lapic *l, uint32_t off, uint64_t t, uint32_t *v)
{
	switch (off) {
	/* clang-format off */
	case 0x020: *v = l->id; break;
	case 0x030: *v = LAPIC_VERSION; break;
	case 0x080: *v = l->tpr; break;
	case 0x090: *v = 0; break;	/* arbitration priority: not used */
	case 0x0a0: *v = ppr(l); break;
	case 0x0b0: *v = 0; break;	/* EOI is write only */
	case 0x0c0: *v = 0; break;	/* remote read: not supported */
	case 0x0d0: *v = l->ldr; break;
	case 0x0e0: *v = l->dfr; break;
	case 0x0f0: *v = l->svr; break;
	case 0x280: *v = l->esr; break;
	case 0x300: *v = l->icr_lo; break;	/* delivery status: idle */
	case 0x310: *v = l->icr_hi; break;
	case 0x380: *v = l->initial; break;
	case 0x390: *v = current_count(l, t); break;
	case 0x3e0: *v = l->divide; break;
	/* clang-format on */
	default:
		if (off >= 0x100 && off < 0x280) {
			uint32_t i = (off >> 4) & 7u;

			*v = off < 0x180 ? l->isr[i] :
			     off < 0x200 ? l->tmr[i] :
					   l->irr[i];
		} else if (off >= 0x320 && off < 0x380) {
			*v = l->lvt[(off - 0x320) >> 4];
		} else {
			*v = 0;
			return false;
		}
	}
	return true;
}

static void lvt_write(struct lapic *l, unsigned int i, uint32_t val, uint64_t t)
{
	uint32_t keep = l->lvt[i] & ~lvt_bits[i];

	if (i == LVT_TIMER)
		lapic_timer_sync(l, t);
	l->lvt[i] = keep | (val & lvt_bits[i]);
	/* SDM: while software disabled the mask bits cannot be cleared */
	if (!(l->svr & SVR_ENABLE))
		l->lvt[i] |= LVT_MASK;
	if (i == LVT_TIMER) /* a mode change does not replay the past */
		l->fired = expirations(l, counts(l, t));
}

bool lapic_reg_write(struct lapic *l, uint32_t off, uint32_t val, uint64_t t)
{
	unsigned int i;

	switch (off) {
	case 0x020:
		l->id = val & 0xff000000u;
		break;
	case 0x080:
		l->tpr = val & 0xff;
		break;
	case 0x0b0:
		eoi(l);
		break;
	case 0x0d0:
		l->ldr = val & 0xff000000u;
		break;
	case 0x0e0:
		l->dfr = (val & 0xf0000000u) | 0x0fffffffu;
		break;
	case 0x0f0:
		/* vector, APIC enable, focus check; no EOI suppression */
		l->svr = val & 0x3ffu;
		if (!(val & SVR_ENABLE))
			for (i = 0; i < LVT_COUNT; i++)
				l->lvt[i] |= LVT_MASK;
		break;
	case 0x280: /* SDM "Error Handling": a write latches */
		l->esr = l->esr_pending;
		l->esr_pending = 0;
		break;
	case 0x300:
		l->icr_lo = val & 0x000ccfffu;
		lapic_send_ipi(l, l->icr_lo, l->icr_hi >> 24);
		break;
	case 0x310:
		l->icr_hi = val & 0xff000000u;
		break;
	case 0x380:
		lapic_timer_sync(l, t);
		l->initial = val; /* 0 stops the timer */
		l->start = t;
		l->base = 0;
		l->fired = 0;
		break;
	case 0x3e0:
		lapic_timer_sync(l, t);
		l->base = counts(l, t);
		l->start = t;
		l->divide = val & 0xbu;
		break;
	default:
		if (off >= 0x320 && off < 0x380) {
			lvt_write(l, (off - 0x320) >> 4, val, t);
			break;
		}
		/* read-only registers ignore writes; others are reserved */
		return off == 0x030 || off == 0x090 || off == 0x0a0 ||
		       off == 0x0c0 || (off >= 0x100 && off < 0x280) ||
		       off == 0x390;
	}
	return true;
}

uint32_t lapic_read(struct lapic *l, uint32_t offset, uint64_t now)
{
	uint64_t t = lapic_bus_ticks(l, now);
	uint32_t v;

	if ((offset & 0xf) || offset > 0xff0)
		return 0;
	lapic_timer_sync(l, t);
	if (!lapic_reg_read(l, offset, t, &v))
		error(l, ESR_ILL_REG);
	return v;
}

void lapic_write(struct lapic *l, uint32_t offset, uint32_t val, uint64_t now)
{
	uint64_t t = lapic_bus_ticks(l, now);

	if ((offset & 0xf) || offset > 0xff0)
		return;
	lapic_timer_sync(l, t);
	if (!lapic_reg_write(l, offset, val, t))
		error(l, ESR_ILL_REG);
}

bool lapic_extint(const struct lapic *l)
{
	uint32_t v = l->lvt[LVT_LINT0];

	return !(v & LVT_MASK) && ((v >> 8) & 7u) == 7u;
}

/* SDM "Power-Up and Reset State of the Local APIC". */
void lapic_init(struct lapic *l, uint32_t apic_id, uint64_t bus_hz,
		const struct lapic_ops *ops)
{
	unsigned int i;

	memset(l, 0, sizeof(*l));
	if (ops)
		l->ops = *ops;
	/* dev_ns_to_ticks() wants hz below 2^32 */
	l->bus_hz = bus_hz < 0xffffffffu ? bus_hz : 0xffffffffu;
	if (!l->bus_hz)
		l->bus_hz = 1;
	l->id = apic_id << 24;
	l->dfr = 0xffffffffu;
	l->svr = 0xff;
	for (i = 0; i < LVT_COUNT; i++)
		l->lvt[i] = LVT_MASK;
}
