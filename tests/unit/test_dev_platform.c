// SPDX-License-Identifier: GPL-2.0-only
/*
 * The models wired together as a PC: PIT channel 0 -> IRQ0, UART ->
 * IRQ4, RTC -> IRQ8 (slave PIC) -> IR2 of the master, driven the way an
 * exit handler will drive them: advance to the earliest next event, take
 * every vector the PIC offers, EOI it. Counts interrupts against the
 * rates the datasheets give.
 */
#include "dev/pic.h"
#include "dev/pit.h"
#include "dev/rtc.h"
#include "dev/uart.h"
#include "tests/lib/tap.h"

#define MS 1000000ull

static struct pic pic;
static struct pit pit;
static struct rtc rtc;
static struct uart uart;
static unsigned int count[256];

static void setup(void)
{
	struct irq_line isa;
	struct rtc_time tm = { 2026, 12, 1, 10, 0, 0, 3 };
	static const uint8_t init[2][5] = {
		{ 0x11, 0x30, 0x04, 0x01, 0x00 },
		{ 0x11, 0x38, 0x02, 0x01, 0x00 },
	};
	unsigned int i, c;

	pic_init(&pic, NULL);
	isa = pic_input(&pic);
	pit_init(&pit, &isa);
	rtc_init(&rtc, &tm, &isa, 0);
	uart_init(&uart, UART_COM1_BASE, UART_COM1_IRQ, &isa, NULL, NULL);
	for (c = 0; c < 2; c++) {
		pic_write(&pic, c ? 0xa0 : 0x20, init[c][0]);
		for (i = 1; i < 5; i++)
			pic_write(&pic, c ? 0xa1 : 0x21, init[c][i]);
	}
	for (i = 0; i < 256; i++)
		count[i] = 0;
}

static uint64_t min(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

/* Deliver everything pending at now, as the guest's handlers would. */
static void take(uint64_t now)
{
	unsigned int guard = 0;
	uint8_t v;

	pit_advance(&pit, now);
	rtc_advance(&rtc, now);
	while (pic_intr(&pic) && guard++ < 16) {
		v = pic_ack(&pic);
		count[v]++;
		if (v == 0x38) { /* RTC: read C, or IRQ8 stays high */
			rtc_write(&rtc, 0x70, 0x0c, now);
			rtc_read(&rtc, 0x71, now);
		}
		if (v == 0x34)
			uart_read(&uart, UART_COM1_BASE);
		if (v >= 0x38)
			pic_write(&pic, 0xa0, 0x20);
		pic_write(&pic, 0x20, 0x20);
	}
}

static void run(uint64_t until)
{
	uint64_t now = 0, ev;

	for (;;) {
		ev = min(pit_next_event(&pit, now), rtc_next_event(&rtc, now));
		if (ev > until)
			break;
		now = ev;
		take(now);
	}
}

int main(void)
{
	setup();
	/* Linux's PIT setup for HZ=1000: mode 2, LATCH 1193. */
	pit_write(&pit, 0x43, 0x34, 0);
	pit_write(&pit, 0x40, 1193 & 0xff, 0);
	pit_write(&pit, 0x40, 1193 >> 8, 0);
	/* RTC periodic interrupt at 1024 Hz (RS=6, PIE). */
	rtc_write(&rtc, 0x70, 0x0b, 0);
	rtc_write(&rtc, 0x71, 0x42, 0);
	run(100 * MS);
	/* edges at tick 1 + 1193k <= 119318 (100 ms) */
	tap_eq(count[0x30], 100, "PIT mode 2, 1193: 100 IRQ0 in 100 ms");
	/* periodic flags at 32k ticks 32k <= 3276 */
	tap_eq(count[0x38], 102, "RTC 1024 Hz: 102 IRQ8 via the slave");
	tap_eq(count[0x37] + count[0x3f], 0, "no spurious vectors");

	/* Nobody takes interrupts for 50 ms: each source latches once. */
	pit_advance(&pit, 150 * MS);
	rtc_advance(&rtc, 150 * MS);
	count[0x30] = count[0x38] = 0;
	take(150 * MS);
	tap_eq(count[0x30], 1, "50 ms without INTA: one IRQ0");
	tap_eq(count[0x38], 1, "and one IRQ8");

	/* UART receive interrupt, IRQ4, between timer ticks. */
	uart_write(&uart, UART_COM1_BASE + 4, 0x08); /* OUT2 */
	uart_write(&uart, UART_COM1_BASE + 1, 0x01); /* ERBFI */
	uart_rx(&uart, 'k');
	take(150 * MS);
	tap_eq(count[0x34], 1, "UART RDA: IRQ4 vector");
	take(150 * MS);
	tap_eq(count[0x34], 1, "RBR read: IRQ4 gone");

	/* Masking IRQ0 at the PIC: the PIT keeps running, no vectors. */
	pic_write(&pic, 0x21, 0x01);
	count[0x30] = 0;
	pit_advance(&pit, 160 * MS);
	take(160 * MS);
	tap_eq(count[0x30], 0, "IRQ0 masked: no vector");
	pic_write(&pic, 0x21, 0x00);
	take(160 * MS);
	tap_eq(count[0x30], 1, "unmasked: the latched request");
	return tap_done();
}
