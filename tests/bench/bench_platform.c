// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host instructions of one timer interrupt round trip through the
 * emulated PC (hv/pc.c), what hv/pc_run.c does around the two exits of
 * an idle guest's tick: at the HLT exit the devices are brought to the
 * tick's time and the pending interrupt is acknowledged (INTA) for
 * injection; at the EOI exit the write reaches the 8259A (or the APIC)
 * and the next event is asked for. The world switch and the exit
 * decoding are not in it (they need SVM). Run under callgrind with
 * --toggle-collect=round_trips by tests/bench/bench-platform.py.
 *
 * usage: bench_platform pit|apic N
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hv/pc.h"

#define PIT_DIV 4773u	   /* 250 Hz */
#define PERIOD	4000000ull /* the APIC timer's period, ns */
/* Each step a little over one period of either timer: one tick a step. */
#define STEP	4001000ull

static struct pc pc;
static unsigned long delivered;

static void tx(void *ctx, uint8_t b)
{
	(void)ctx;
	(void)b;
}

void round_trips(int apic, unsigned long n);

__attribute__((noinline)) void round_trips(int apic, unsigned long n)
{
	uint64_t now = 0;

	for (unsigned long i = 0; i < n; i++) {
		now += STEP;
		/* HLT exit: time to now, is an interrupt pending? INTA. */
		pc_advance(&pc, now);
		if (pc_intr_pending(&pc)) {
			pc_intr_ack(&pc);
			delivered++;
		}
		/* EOI exit, then the next deadline for the host timer. */
		if (apic)
			pc_xapic_write(&pc, 0xb0, 4, 0, now);
		else
			pc_io_out(&pc, 0x20, 1, 0x20, now);
		pc_next_event(&pc, now);
	}
}

int main(int argc, char **argv)
{
	static const struct rtc_time tm = { 2026, 12, 1, 12, 0, 0, 3 };
	int apic = argc > 1 && !strcmp(argv[1], "apic");
	unsigned long n = argc > 2 ? strtoul(argv[2], NULL, 0) : 1000;

	pc_init(&pc, "bench", &tm, tx, NULL, 0);
	if (apic) {
		/* Periodic APIC timer, vector 0xec, every PERIOD ns. */
		pc_xapic_write(&pc, 0x3e0, 4, 0xb, 0);
		pc_xapic_write(&pc, 0x320, 4, 0x200ec, 0);
		pc_xapic_write(&pc, 0x380, 4, (uint32_t)PERIOD, 0);
	} else {
		static const uint8_t init[][2] = {
			{ 0x20, 0x11 },		{ 0x21, 0x30 },
			{ 0x21, 0x04 },		{ 0x21, 0x01 },
			{ 0xa0, 0x11 },		{ 0xa1, 0x38 },
			{ 0xa1, 0x02 },		{ 0xa1, 0x01 },
			{ 0xa1, 0xff },		{ 0x21, 0xfe },
			{ 0x43, 0x34 },		{ 0x40, PIT_DIV & 0xff },
			{ 0x40, PIT_DIV >> 8 },
		};

		for (unsigned i = 0; i < sizeof(init) / sizeof(init[0]); i++)
			pc_io_out(&pc, init[i][0], 1, init[i][1], 0);
	}
	round_trips(apic, n);
	printf("bench_platform %s round_trips=%lu delivered=%lu\n",
	       apic ? "apic" : "pit", n, delivered);
	/* The PIT's first rising edge comes a clock after its first period
	 * (mode 2 drops OUT for the last clock): it may fall in step 2. */
	return delivered + 1 >= n ? 0 : 1;
}
