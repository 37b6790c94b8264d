// SPDX-License-Identifier: GPL-2.0-only
/*
 * TSC <-> nanoseconds by a 32.32 fixed-point factor each way, so that
 * the conversions are a multiply and a shift (no 128-bit division in a
 * freestanding build). Over 2^64 ns (584 years) nothing is promised.
 */
#include "hv/clock.h"
#include "include/x86.h"

static struct {
	uint64_t tsc0, hz;
	uint64_t ns_per_tick;  /* 2^32 * 1e9 / hz */
	uint64_t ticks_per_ns; /* 2^32 * hz / 1e9 */
} clk;

static uint64_t mul_shr32(uint64_t a, uint64_t b)
{
	return (uint64_t)(((unsigned __int128)a * b) >> 32);
}

void clock_init(uint64_t tsc_hz)
{
	/* A TSC below 1 MHz is a measuring error: take 1 GHz. */
	if (tsc_hz < 1000000)
		tsc_hz = 1000000000ull;
	clk.hz = tsc_hz;
	clk.ns_per_tick = (1000000000ull << 32) / tsc_hz;
	clk.ticks_per_ns = ((tsc_hz / 1000000000ull) << 32) +
			   ((tsc_hz % 1000000000ull) << 32) / 1000000000ull;
	clk.tsc0 = rdtsc();
}

uint64_t clock_ns(void)
{
	return mul_shr32(rdtsc() - clk.tsc0, clk.ns_per_tick);
}

uint64_t clock_tsc_at(uint64_t ns)
{
	return clk.tsc0 + mul_shr32(ns, clk.ticks_per_ns);
}

uint64_t clock_tsc_hz(void)
{
	return clk.hz;
}
