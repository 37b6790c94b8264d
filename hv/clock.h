/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hypervisor's clock: the TSC, at the rate boot/ measured
 * (boot_info.tsc_hz), as nanoseconds since clock_init(). The emulated
 * devices (dev/) take their time from it; guests read the same TSC
 * directly (RDTSC is not intercepted), so their clocks agree.
 */
#ifndef HV_CLOCK_H
#define HV_CLOCK_H

#include <stdint.h>

void clock_init(uint64_t tsc_hz);

/* Nanoseconds since clock_init(). */
uint64_t clock_ns(void);

/* The TSC value at clock time ns (for deadlines in TSC ticks). */
uint64_t clock_tsc_at(uint64_t ns);

uint64_t clock_tsc_hz(void);

#endif
