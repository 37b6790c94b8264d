/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Emulated platform devices (dev/): what every model shares.
 *
 * The models are pure C. They never read a clock or touch hardware: the
 * caller passes the current time as `now`, nanoseconds on any monotonic
 * clock that starts at 0 or later, and is told about interrupt lines
 * through a struct irq_line. Port models are byte wide (the ISA bus of a
 * PC splits wider accesses into bytes); a port a model does not decode
 * reads 0xff and ignores writes. Every write is safe for any value.
 * See docs/devices.md.
 */
#ifndef DEV_DEV_H
#define DEV_DEV_H

#include <stdbool.h>
#include <stdint.h>

/*
 * An interrupt output: set(ctx, irq, level) is called when the level of
 * output `irq` changes (or is pulsed: low then high, for an edge the
 * caller might otherwise miss). A NULL set is allowed and does nothing.
 */
struct irq_line {
	void (*set)(void *ctx, unsigned int irq, bool level);
	void *ctx;
};

static inline void irq_line_set(const struct irq_line *l, unsigned int irq,
				bool level)
{
	if (l && l->set)
		l->set(l->ctx, irq, level);
}

#define DEV_NS_PER_SEC 1000000000ull
#define DEV_NEVER      UINT64_MAX /* no event pending */

/*
 * floor(ns * hz / 1e9) for hz < 2^32, exact while (ns / 1e9) * hz fits
 * in 64 bits (any ns below 2^63 for hz up to 1 GHz).
 */
static inline uint64_t dev_ns_to_ticks(uint64_t ns, uint64_t hz)
{
	return (ns / DEV_NS_PER_SEC) * hz +
	       (ns % DEV_NS_PER_SEC) * hz / DEV_NS_PER_SEC;
}

/*
 * The first nanosecond at which dev_ns_to_ticks() reaches `ticks`:
 * ceil(ticks * 1e9 / hz), saturating at DEV_NEVER.
 */
static inline uint64_t dev_ticks_to_ns(uint64_t ticks, uint64_t hz)
{
	uint64_t secs, rem;

	if (!hz || ticks == DEV_NEVER)
		return DEV_NEVER;
	secs = ticks / hz;
	rem = ticks % hz;
	if (secs > (DEV_NEVER - DEV_NS_PER_SEC) / DEV_NS_PER_SEC)
		return DEV_NEVER;
	return secs * DEV_NS_PER_SEC + (rem * DEV_NS_PER_SEC + hz - 1) / hz;
}

/* Packed BCD <-> binary, one byte. Invalid digits decode as given. */
static inline unsigned int dev_bcd2bin(uint8_t v)
{
	return (v >> 4) * 10u + (v & 0xfu);
}

static inline uint8_t dev_bin2bcd(unsigned int v)
{
	v %= 100;
	return (uint8_t)(((v / 10) << 4) | (v % 10));
}

#endif
