// SPDX-License-Identifier: GPL-2.0-only
/*
 * Every model behind one port/MMIO/MSR dispatcher, driven by bytes: each
 * 4-byte record is (operation, target, value, time step). The wiring is
 * the PC's: PIT OUT0 -> IRQ0, UART -> IRQ4, RTC -> IRQ8, the PIC's INTR
 * -> the local APIC's LINT0 when it is ExtINT. It doubles as a sketch of
 * what the hypervisor's exit handlers will do with these models.
 */
#include <string.h>

#include "dev/fuzz.h"
#include "dev/lapic.h"
#include "dev/pic.h"
#include "dev/pit.h"
#include "dev/reset.h"
#include "dev/rtc.h"
#include "dev/uart.h"

struct platform {
	struct pic pic;
	struct pit pit;
	struct uart uart;
	struct rtc rtc;
	struct reset reset;
	struct lapic lapic;
	unsigned int resets, tx;
};

static const uint16_t ports[] = {
	0x20,  0x21,  0xa0,  0xa1,  0x4d0, 0x4d1, 0x40,	 0x41,	0x42,
	0x43,  0x61,  0x70,  0x71,  0x64,  0x92,  0xcf9, 0x3f8, 0x3f9,
	0x3fa, 0x3fb, 0x3fc, 0x3fd, 0x3fe, 0x3ff, 0x80,	 0xed,
};

static uint8_t port_read(struct platform *p, uint16_t port, uint64_t now)
{
	if (port == 0x61 || (port >= 0x40 && port <= 0x43))
		return pit_read(&p->pit, port, now);
	if (port >= 0x3f8 && port <= 0x3ff)
		return uart_read(&p->uart, port);
	if (port == 0x70 || port == 0x71)
		return rtc_read(&p->rtc, port, now);
	if (port == 0x64 || port == 0x92 || port == 0xcf9)
		return reset_read(&p->reset, port);
	return pic_read(&p->pic, port); /* 0xff for the rest */
}

static void port_write(struct platform *p, uint16_t port, uint8_t v,
		       uint64_t now)
{
	if (port == 0x61 || (port >= 0x40 && port <= 0x43))
		pit_write(&p->pit, port, v, now);
	else if (port >= 0x3f8 && port <= 0x3ff)
		uart_write(&p->uart, port, v);
	else if (port == 0x70 || port == 0x71)
		rtc_write(&p->rtc, port, v, now);
	else if (port == 0x64 || port == 0x92 || port == 0xcf9)
		p->resets += reset_write(&p->reset, port, v) != RESET_NONE;
	else
		pic_write(&p->pic, port, v);
}

static void tx(void *ctx, uint8_t byte)
{
	struct platform *p = ctx;

	(void)byte;
	p->tx++;
}

/* What an exit handler does before entering the guest: bring the timers
 * up to date and pick an interrupt, APIC first, then the PIC's. */
static void deliver(struct platform *p, uint64_t now)
{
	pit_advance(&p->pit, now);
	rtc_advance(&p->rtc, now);
	lapic_advance(&p->lapic, now);
	if (lapic_pending(&p->lapic) >= 0)
		lapic_ack(&p->lapic);
	else if (lapic_extint(&p->lapic) && pic_intr(&p->pic))
		pic_ack(&p->pic);
}

int dev_fuzz_one(const uint8_t *data, size_t size)
{
	static struct platform p; /* large; not on the stack */
	struct irq_line isa = pic_input(&p.pic);
	struct rtc_time tm = { 2026, 1, 1, 0, 0, 0, 5 };
	uint64_t now = 0, v;
	size_t i;

	memset(&p, 0, sizeof(p));
	pic_init(&p.pic, NULL);
	pit_init(&p.pit, &isa);
	uart_init(&p.uart, UART_COM1_BASE, UART_COM1_IRQ, &isa, tx, &p);
	rtc_init(&p.rtc, &tm, &isa, 0);
	reset_init(&p.reset);
	lapic_init(&p.lapic, 0, 100000000, NULL);

	for (i = 0; i + 4 <= size; i += 4) {
		uint8_t op = data[i], tgt = data[i + 1], val = data[i + 2];
		uint16_t port = ports[tgt % (sizeof(ports) / sizeof(ports[0]))];

		/* time steps from nanoseconds to about a minute */
		now += (uint64_t)data[i + 3] << (op >> 4 & 15) * 2;
		switch (op & 7) {
		case 0:
			port_write(&p, port, val, now);
			break;
		case 1:
			port_read(&p, port, now);
			break;
		case 2:
			lapic_write(&p.lapic, (uint32_t)tgt << 4,
				    (uint32_t)val * 0x01010101u, now);
			break;
		case 3:
			lapic_read(&p.lapic, (uint32_t)tgt << 4, now);
			break;
		case 4:
			p.lapic.x2apic = val & 1;
			lapic_msr_write(&p.lapic, 0x800u + tgt,
					(uint64_t)val << (val & 31), now);
			lapic_msr_read(&p.lapic, 0x800u + tgt, &v, now);
			break;
		case 5:
			uart_rx(&p.uart, val);
			break;
		case 6:
			lapic_accept(&p.lapic, val, tgt & 1);
			break;
		default:
			deliver(&p, now);
			break;
		}
	}
	deliver(&p, now);
	return 0;
}
