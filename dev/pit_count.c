// SPDX-License-Identifier: GPL-2.0-only
/*
 * One 8254 channel's counting element and OUT as functions of time
 * (Intel 8254 Programmable Interval Timer datasheet, "8254" below, "Mode
 * Definitions"): the channel keeps the tick at which its current cycle
 * began; the count and OUT at a later tick follow from the mode's
 * waveform, with no loop over elapsed time. dev/pit.c does the ports.
 */
#include "dev/pit.h"

uint32_t pit_ch_modulus(const struct pit_channel *c)
{
	return c->bcd ? 10000u : 65536u;
}

uint64_t pit_ch_elapsed(const struct pit_channel *c, uint64_t t)
{
	if (!c->running)
		return c->frozen;
	return t > c->start ? t - c->start : 0;
}

/* Modes 1 and 5 count only after a gate trigger. */
bool pit_ch_triggered(const struct pit_channel *c)
{
	return c->mode == 1 || c->mode == 5;
}

/* Modes 2, 3: a count written while counting takes effect at the end of
 * the current period (8254 "Mode 2", "Mode 3"; for mode 3 the datasheet
 * says half-cycle, see docs/devices.md). */
void pit_ch_sync(struct pit_channel *c, uint64_t t)
{
	if (c->switch_at != DEV_NEVER && t >= c->switch_at) {
		c->start = c->switch_at;
		c->n = c->reload;
		c->switch_at = DEV_NEVER;
	}
}

/* The counting element and OUT at tick t (after sync). */
void pit_ch_wave(const struct pit_channel *c, uint64_t t, uint32_t *value,
		 bool *out)
{
	uint64_t e = pit_ch_elapsed(c, t), p;
	uint32_t n = c->n, m = pit_ch_modulus(c), high;

	if (!c->started) {
		*value = c->n % m;
		*out = c->mode != 0;
		return;
	}
	switch (c->mode) {
	case 2: /* rate generator: OUT low while the count is 1 */
		p = e % n;
		*value = (uint32_t)(n - p);
		/* a count of 1 is illegal in modes 2 and 3: OUT stays high */
		*out = !c->running || p != n - 1u || n == 1;
		break;
	case 3: /* square wave: high ceil(N/2), low floor(N/2) */
		p = e % n;
		high = (n + 1u) / 2u;
		if (p < high) {
			*value = p == 0	  ? n :
				 (n & 1u) ? n + 1u - 2u * (uint32_t)p :
					    n - 2u * (uint32_t)p;
			*out = true;
		} else {
			p -= high;
			*value = p == 0	  ? n :
				 (n & 1u) ? n - 1u - 2u * (uint32_t)p :
					    n - 2u * (uint32_t)p;
			*out = !c->running;
		}
		break;
	case 0: /* interrupt on terminal count */
	case 1: /* hardware retriggerable one-shot: low while counting */
		*value = (uint32_t)((n + (uint64_t)m - e % m) % m);
		*out = e >= n;
		break;
	default: /* 4, 5: strobe: low for the one clock at count 0 */
		*value = (uint32_t)((n + (uint64_t)m - e % m) % m);
		*out = e != n;
		break;
	}
	*value %= m;
}

/* Rising edges of OUT since the cycle began, up to tick t. */
uint64_t pit_ch_rises(const struct pit_channel *c, uint64_t t)
{
	uint64_t e;

	if (!c->started || !c->running)
		return 0;
	e = pit_ch_elapsed(c, t);
	switch (c->mode) {
	case 2:
	case 3:
		return c->n > 1 ? e / c->n : 0;
	case 0:
	case 1:
		return e >= c->n;
	default:
		return e >= (uint64_t)c->n + 1;
	}
}

/* The next tick after t at which OUT rises, or DEV_NEVER. */
uint64_t pit_ch_next_rise(const struct pit_channel *c, uint64_t t)
{
	uint64_t e, at;

	if (!c->started || !c->running)
		return DEV_NEVER;
	e = pit_ch_elapsed(c, t);
	switch (c->mode) {
	case 2:
	case 3:
		if (c->n == 1)
			return c->switch_at;
		at = c->start + (e / c->n + 1) * c->n;
		return at < c->switch_at ? at : c->switch_at;
	case 0:
	case 1:
		return e < c->n ? c->start + c->n : DEV_NEVER;
	default:
		return e < (uint64_t)c->n + 1 ? c->start + c->n + 1 : DEV_NEVER;
	}
}

void pit_ch_begin(struct pit_channel *c, uint64_t t)
{
	c->n = c->reload;
	c->start = t + 1; /* loaded into CE on the next CLK */
	c->null_until = c->start;
	c->started = true;
	c->running = true;
	c->frozen = 0;
	c->switch_at = DEV_NEVER;
}

/* 8254 "Programming the 8254": a complete count arrived in CR. */
void pit_ch_load(struct pit_channel *c, uint16_t raw, uint64_t t)
{
	uint32_t m = pit_ch_modulus(c), n;

	if (c->bcd) /* invalid BCD digits: undefined, kept in range */
		n = ((raw >> 12) & 15u) * 1000u + ((raw >> 8) & 15u) * 100u +
		    ((raw >> 4) & 15u) * 10u + (raw & 15u);
	else
		n = raw;
	n %= m;
	c->reload = n ? n : m; /* 0 is the largest count */
	c->have_count = true;
	if (pit_ch_triggered(c)) {
		c->null_until = DEV_NEVER; /* loaded by the next trigger */
		return;
	}
	if ((c->mode == 2 || c->mode == 3) && c->started && c->running) {
		uint64_t e = pit_ch_elapsed(c, t);

		c->switch_at = c->start + (e / c->n + 1) * c->n;
		c->null_until = c->switch_at;
		return;
	}
	pit_ch_begin(c, t);
	if (!c->gate) { /* loaded, but counting waits for GATE */
		c->running = false;
		c->frozen = 0;
		c->null_until = t + 1;
	}
}
