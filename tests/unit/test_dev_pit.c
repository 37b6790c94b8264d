// SPDX-License-Identifier: GPL-2.0-only
/*
 * dev/pit.c against the Intel 8254 datasheet: the counting element and
 * OUT of modes 0-5, reloads, LSB/MSB access, the counter latch and
 * read-back commands, BCD, gates (port 0x61 for channel 2), IRQ0 edges
 * and the next-event time, and arbitrary writes.
 */
#include "dev/pit.h"
#include "tests/lib/tap.h"

static struct pit p;
static bool level;
static int rises;

static void irq_set(void *ctx, unsigned int irq, bool l)
{
	(void)ctx;
	if (irq == 0 && l && !level)
		rises++;
	level = l;
}

/* The first nanosecond of PIT tick t. */
static uint64_t at(uint64_t t)
{
	return dev_ticks_to_ns(t, PIT_HZ);
}

static void setup(void)
{
	struct irq_line l = { .set = irq_set };

	level = false;
	rises = 0;
	pit_init(&p, &l);
}

static void ctrl(uint8_t v, uint64_t t)
{
	pit_write(&p, 0x43, v, at(t));
}

static void count16(unsigned int ch, uint16_t n, uint64_t t)
{
	pit_write(&p, (uint16_t)(0x40 + ch), (uint8_t)n, at(t));
	pit_write(&p, (uint16_t)(0x40 + ch), (uint8_t)(n >> 8), at(t));
}

static unsigned int read16(unsigned int ch, uint64_t t)
{
	uint16_t port = (uint16_t)(0x40 + ch);
	unsigned int lo = pit_read(&p, port, at(t));

	return lo | (unsigned int)pit_read(&p, port, at(t)) << 8;
}

static void test_mode2(void)
{
	const unsigned int n = 4773; /* Linux's LATCH for HZ=250 */

	setup();
	ctrl(0x34, 0);	  /* ch0, LSB/MSB, mode 2, binary */
	count16(0, n, 0); /* loaded at tick 1 */
	tap_eq(read16(0, 1), n, "mode 2: count N once loaded");
	tap_eq(read16(0, 6), n - 5, "mode 2: counts down one per CLK");
	tap_check(pit_out(&p, 0, at(n - 1)), "mode 2: OUT high at count 2");
	tap_check(!pit_out(&p, 0, at(n)), "mode 2: OUT low at count 1");
	tap_eq(pit_next_event(&p, at(n)), at(n + 1), "next event: reload tick");
	tap_eq(rises, 0, "no IRQ0 edge before the reload");
	pit_advance(&p, at(n + 1));
	tap_check(pit_out(&p, 0, at(n + 1)), "mode 2: OUT high after reload");
	tap_eq(read16(0, n + 1), n, "mode 2: reloaded with N");
	tap_eq(rises, 1, "one IRQ0 edge per period");
	pit_advance(&p, at(1 + 10 * n + 3));
	tap_eq(rises, 2, "missed periods coalesce into one edge");
	tap_eq(pit_next_event(&p, at(1 + 10 * n + 3)), at(1 + 11 * n),
	       "next event after a gap");

	/* New count while counting: takes effect at the period's end. */
	count16(0, 100, 1 + 10 * n + 10);
	tap_eq(read16(0, 1 + 10 * n + 20), n - 20,
	       "mode 2: old period continues after a new count");
	tap_eq(read16(0, 1 + 11 * n), 100, "mode 2: new count at reload");
	tap_eq(read16(0, 1 + 11 * n + 100), 100, "mode 2: new period 100");
}

static void test_mode3(void)
{
	setup();
	ctrl(0x36, 0); /* ch0, LSB/MSB, mode 3 */
	count16(0, 10, 0);
	tap_eq(read16(0, 1), 10, "mode 3 even: N");
	tap_eq(read16(0, 2), 8, "mode 3 even: decrements by two");
	tap_check(pit_out(&p, 0, at(5)), "mode 3 even: high N/2 CLKs");
	tap_check(!pit_out(&p, 0, at(6)), "mode 3 even: then low");
	tap_eq(read16(0, 7), 8, "mode 3 even: low half counts 10, 8 ...");
	tap_check(pit_out(&p, 0, at(11)), "mode 3 even: high again");
	pit_advance(&p, at(11));
	tap_eq(rises, 1, "mode 3: one edge per cycle");

	ctrl(0x36, 20);
	tap_check(pit_out(&p, 0, at(20)), "control word: OUT high (mode 3)");
	count16(0, 5, 20); /* loaded at 21 */
	tap_eq(read16(0, 22), 4, "mode 3 odd: first CLK subtracts 1");
	tap_eq(read16(0, 23), 2, "mode 3 odd: then 2");
	tap_check(pit_out(&p, 0, at(23)), "mode 3 odd: high (N+1)/2 CLKs");
	tap_check(!pit_out(&p, 0, at(24)), "mode 3 odd: low (N-1)/2 CLKs");
	tap_eq(read16(0, 25), 2, "mode 3 odd: low half from N-3");
	tap_check(pit_out(&p, 0, at(26)), "mode 3 odd: period N");
}

static void test_mode0_access(void)
{
	setup();
	ctrl(0x30, 0); /* ch0, LSB/MSB, mode 0 */
	tap_check(!pit_out(&p, 0, at(0)), "mode 0: OUT low after control");
	count16(0, 100, 0);
	tap_check(!pit_out(&p, 0, at(100)), "mode 0: low until count 0");
	tap_eq(pit_next_event(&p, at(50)), at(101), "mode 0: next event");
	tap_check(pit_out(&p, 0, at(101)), "mode 0: OUT high N+1 CLKs after");
	pit_advance(&p, at(101));
	tap_eq(rises, 1, "mode 0: IRQ0 edge");
	tap_eq(read16(0, 106), 65531, "mode 0: counter wraps past 0");
	tap_check(pit_out(&p, 0, at(200)), "mode 0: OUT stays high");
	tap_eq(pit_next_event(&p, at(200)), DEV_NEVER, "mode 0: one shot");

	/* First byte of a new count stops counting, OUT low. */
	pit_write(&p, 0x40, 0x10, at(300));
	tap_check(!pit_out(&p, 0, at(300)), "mode 0: first byte: OUT low");
	tap_eq(pit_next_event(&p, at(300)), DEV_NEVER, "counting stopped");
	pit_write(&p, 0x40, 0x00, at(310));
	tap_check(pit_out(&p, 0, at(311 + 16)), "second byte starts 16");

	/* Counter latch: later reads see the latched value. */
	count16(0, 1000, 400);
	ctrl(0x00, 411); /* latch ch0 at count 990 */
	ctrl(0x00, 500); /* second latch ignored */
	tap_eq(read16(0, 600), 990, "latched count survives counting");
	tap_eq(read16(0, 601), 1000 - 200, "latch released after MSB");

	/* Live LSB/MSB flip-flop. */
	tap_eq(pit_read(&p, 0x40, at(700)), (1000 - 299) & 0xff, "LSB");
	pit_write(&p, 0x43, 0x30, at(700));
	count16(0, 0x1234, 700);
	tap_eq(pit_read(&p, 0x40, at(701)), 0x34,
	       "control word resets the read flip-flop to LSB");
	tap_eq(pit_read(&p, 0x40, at(701)), 0x12, "then MSB");

	/* LSB only and MSB only. */
	ctrl(0x10, 800);
	pit_write(&p, 0x40, 0x20, at(800));
	tap_eq(pit_read(&p, 0x40, at(801)), 0x20, "LSB-only count");
	tap_eq(pit_read(&p, 0x40, at(802)), 0x1f, "LSB-only reads LSB again");
	ctrl(0x20, 900);
	pit_write(&p, 0x40, 0x02, at(900));
	tap_eq(pit_read(&p, 0x40, at(901)), 0x02, "MSB-only: count 0x200");
	tap_eq(pit_read(&p, 0x40, at(902)), 0x01, "MSB-only: 0x1ff");
}

static void test_readback_bcd(void)
{
	setup();
	ctrl(0x34, 0);
	count16(0, 50, 0);
	ctrl(0xc2, 0); /* read-back count+status, ch0 */
	tap_eq(pit_read(&p, 0x40, at(5)), 0xf4,
	       "status: OUT, null count, RW=3, mode 2");
	tap_eq(read16(0, 5), 50, "then the count latched at read-back");
	ctrl(0xe2, 5); /* status only */
	tap_eq(pit_read(&p, 0x40, at(5)), 0xb4, "null count clear once loaded");
	tap_eq(read16(0, 6), 45, "count not latched by a status read-back");
	ctrl(0xd2, 7); /* count only */
	tap_eq(read16(0, 10), 44, "read-back count latch");

	ctrl(0x31, 20); /* mode 0, BCD */
	count16(0, 0x0100, 20);
	tap_eq(read16(0, 22), 0x0099, "BCD: 100 - 1 reads 0x0099");
	ctrl(0x31, 30);
	count16(0, 0x0000, 30);
	tap_eq(read16(0, 31), 0x0000, "BCD: count 0 is 10000");
	tap_eq(read16(0, 32), 0x9999, "BCD: then 9999");
	tap_check(pit_out(&p, 0, at(31 + 10000)), "BCD: terminal count 10000");
}

static void test_gates(void)
{
	setup();
	/* Linux's PIT TSC calibration: gate 2 high, mode 0 on channel 2. */
	pit_write(&p, 0x61, 0x01, at(0));
	pit_write(&p, 0x43, 0xb0, at(0));
	count16(2, 1000, 0);
	tap_eq(pit_read(&p, 0x61, at(1000)) & 0x21, 0x01, "0x61: OUT2 low");
	tap_eq(pit_read(&p, 0x61, at(1001)) & 0x21, 0x21, "0x61: OUT2 high");
	tap_eq(rises, 0, "channel 2 does not drive IRQ0");

	/* Mode 0 gate low pauses counting. */
	pit_write(&p, 0x43, 0xb0, at(2000));
	count16(2, 100, 2000);
	pit_write(&p, 0x61, 0x00, at(2051)); /* e = 50 */
	tap_eq(read16(2, 3000), 50, "gate low holds the count");
	pit_write(&p, 0x61, 0x01, at(3000));
	tap_check(!pit_out(&p, 2, at(3049)), "resumed: 1 left");
	tap_check(pit_out(&p, 2, at(3050)), "resumed: terminal count");

	/* Mode 1: OUT low for N CLKs after each gate rising edge. */
	pit_write(&p, 0x61, 0x00, at(4000));
	pit_write(&p, 0x43, 0xb2, at(4000));
	count16(2, 10, 4000);
	tap_check(pit_out(&p, 2, at(4100)), "mode 1: high until triggered");
	pit_write(&p, 0x61, 0x01, at(4100));
	tap_check(!pit_out(&p, 2, at(4101)), "mode 1: low after trigger");
	tap_check(pit_out(&p, 2, at(4111)), "mode 1: high after N");
	pit_write(&p, 0x61, 0x00, at(4200));
	pit_write(&p, 0x61, 0x01, at(4201));
	tap_check(!pit_out(&p, 2, at(4205)), "mode 1: retriggered");

	/* Mode 2 gate low forces OUT high; rising edge reloads. */
	pit_write(&p, 0x43, 0xb4, at(5000));
	count16(2, 10, 5000);
	tap_check(!pit_out(&p, 2, at(5010)), "mode 2 on ch2: low at count 1");
	pit_write(&p, 0x61, 0x00, at(5010));
	tap_check(pit_out(&p, 2, at(5010)), "gate low forces OUT high");
	pit_write(&p, 0x61, 0x01, at(5100));
	tap_eq(read16(2, 5101), 10, "gate rising edge reloads");

	/* Mode 4 and 5 strobes. */
	pit_write(&p, 0x43, 0xb8, at(6000));
	count16(2, 5, 6000);
	tap_check(pit_out(&p, 2, at(6005)), "mode 4: high while counting");
	tap_check(!pit_out(&p, 2, at(6006)), "mode 4: low strobe at 0");
	tap_check(pit_out(&p, 2, at(6007)), "mode 4: one CLK only");
	pit_write(&p, 0x61, 0x00, at(7000));
	pit_write(&p, 0x43, 0xba, at(7000));
	count16(2, 5, 7000);
	tap_check(pit_out(&p, 2, at(7100)), "mode 5: idle high");
	pit_write(&p, 0x61, 0x01, at(7100));
	tap_check(!pit_out(&p, 2, at(7106)), "mode 5: strobe after trigger");
	tap_eq(pit_read(&p, 0x43, at(7200)), 0xff, "0x43 reads as no-op");
}

static void test_fuzz(void)
{
	uint64_t x = 88172645463325252ull, now = 0, ev;
	int i, bad = 0;

	setup();
	for (i = 0; i < 200000; i++) {
		tap_xorshift64(&x);
		now += (x >> 40) % 50000;
		switch (x % 4) {
		case 0:
			pit_write(&p, (uint16_t)(0x40 + ((x >> 8) & 3)),
				  (uint8_t)(x >> 16), now);
			break;
		case 1:
			pit_write(&p, 0x61, (uint8_t)(x >> 16), now);
			break;
		case 2:
			pit_read(&p, (uint16_t)(0x40 + ((x >> 8) & 3)), now);
			break;
		default:
			ev = pit_next_event(&p, now);
			if (ev <= now)
				bad++;
			pit_advance(&p, ev == DEV_NEVER ? now : ev);
			if (ev != DEV_NEVER)
				now = ev;
			break;
		}
	}
	tap_eq(bad, 0, "random programming: next event always ahead");
	pit_advance(&p, UINT64_MAX - 1);
	tap_check(1, "far future time is safe");
}

int main(void)
{
	test_mode2();
	test_mode3();
	test_mode0_access();
	test_readback_bcd();
	test_gates();
	test_fuzz();
	return tap_done();
}
