// SPDX-License-Identifier: GPL-2.0-only
/*
 * dev/uart.c against the PC16550D datasheet: DLAB and the divisor
 * latch, LSR DR/OE/THRE/TEMT, IER and the IIR priority order (RLS > RDA >
 * timeout > THRE > MSR), FIFO enable/clear/trigger, scratch, loopback,
 * modem status deltas, the OUT2-gated IRQ, and arbitrary writes.
 */
#include "dev/uart.h"
#include "tests/lib/tap.h"

#define B UART_COM1_BASE

static struct uart u;
static uint8_t sent[64];
static unsigned int nsent;
static bool irq;

static void tx(void *ctx, uint8_t byte)
{
	(void)ctx;
	if (nsent < sizeof(sent))
		sent[nsent] = byte;
	nsent++;
}

static void irq_set(void *ctx, unsigned int n, bool level)
{
	(void)ctx;
	if (n == UART_COM1_IRQ)
		irq = level;
}

static void setup(void)
{
	struct irq_line l = { .set = irq_set };

	nsent = 0;
	irq = false;
	uart_init(&u, B, UART_COM1_IRQ, &l, tx, NULL);
}

static uint8_t rd(unsigned int off)
{
	return uart_read(&u, (uint16_t)(B + off));
}

static void wr(unsigned int off, uint8_t v)
{
	uart_write(&u, (uint16_t)(B + off), v);
}

static void test_regs(void)
{
	setup();
	tap_eq(rd(5), 0x60, "reset: LSR THRE|TEMT");
	tap_eq(rd(2), 0x01, "reset: IIR no interrupt");
	tap_eq(rd(1), 0x00, "reset: IER 0");
	wr(3, 0x80); /* DLAB */
	wr(0, 0x01);
	wr(1, 0x00);
	tap_eq(rd(0), 0x01, "DLAB: DLL");
	tap_eq(rd(1), 0x00, "DLAB: DLM");
	wr(3, 0x03); /* 8N1 */
	tap_eq(nsent, 0, "DLL write did not transmit");
	tap_eq(rd(3), 0x03, "LCR reads back");
	wr(1, 0xff);
	tap_eq(rd(1), 0x0f, "IER bits 7-4 read 0");
	wr(1, 0);
	wr(7, 0x5a);
	tap_eq(rd(7), 0x5a, "scratch");
	wr(4, 0xff);
	tap_eq(rd(4), 0x1f, "MCR bits 7-5 read 0");
	wr(4, 0);
	wr(0, 'h');
	wr(0, 'i');
	tap_eq(nsent, 2, "THR writes transmit");
	tap_check(sent[0] == 'h' && sent[1] == 'i', "bytes in order");
	tap_eq(rd(5) & 0x60, 0x60, "THRE and TEMT after transmission");
	tap_eq(uart_read(&u, B + 8), 0xff, "outside the 8 ports: 0xff");

	uart_rx(&u, 'x');
	tap_eq(rd(5) & 1, 1, "LSR DR with a byte");
	tap_eq(rd(0), 'x', "RBR");
	tap_eq(rd(5) & 1, 0, "DR clear once read");
	uart_rx(&u, '1');
	tap_check(!uart_rx(&u, '2'), "no FIFO: second byte overruns");
	tap_eq(rd(5) & 0x03, 0x03, "LSR OE and DR");
	tap_eq(rd(5) & 0x02, 0, "reading LSR clears OE");
	tap_eq(rd(0), '2', "no FIFO: overrun overwrites RBR");
}

static void test_iir(void)
{
	setup();
	wr(4, 0x0b); /* DTR RTS OUT2 */
	wr(1, 0x02);
	tap_eq(rd(2), 0x02, "ETBEI with THR empty: THRE interrupt");
	tap_check(!irq, "reading IIR cleared THRE");
	tap_eq(rd(2), 0x01, "THRE cleared by the IIR read");
	wr(0, 'a');
	tap_check(irq, "THR write: THRE again, IRQ4 high");
	tap_eq(rd(2), 0x02, "THRE after transmit");
	wr(1, 0x00);
	wr(1, 0x0f); /* all four sources */
	uart_rx(&u, 'p');
	uart_rx(&u, 'q');				 /* overrun */
	uart_set_modem(&u, UART_MSR_CTS | UART_MSR_DSR); /* DCD drops */
	tap_eq(rd(2), 0x06, "RLS first");
	rd(5);
	tap_eq(rd(2), 0x04, "then RDA");
	rd(0);
	tap_eq(rd(2), 0x02, "then THRE");
	tap_eq(rd(2), 0x00, "then MSR");
	tap_eq(rd(6), 0x38, "MSR: CTS DSR, DDCD");
	tap_eq(rd(2), 0x01, "MSR read clears the delta");
	tap_check(!irq, "IRQ4 low with nothing pending");

	uart_set_modem(&u, UART_MSR_CTS | UART_MSR_DSR | UART_MSR_RI);
	tap_eq(rd(6) & 0x0f, 0, "RI rising: no TERI");
	uart_set_modem(&u, UART_MSR_CTS | UART_MSR_DSR);
	tap_eq(rd(6) & 0x0f, 0x04, "RI trailing edge: TERI");
	uart_set_modem(&u, UART_MSR_DSR);
	tap_eq(rd(6) & 0x0f, 0x01, "CTS change: DCTS");

	uart_rx(&u, 'z');
	tap_check(irq, "RDA raises IRQ4 with OUT2");
	wr(4, 0x03);
	tap_check(!irq, "OUT2 low gates IRQ4 off");
	tap_eq(rd(2), 0x04, "still identified in IIR");
	wr(4, 0x0b);
	tap_check(irq, "OUT2 back");
	rd(0);
	tap_check(!irq, "RBR read clears RDA");
}

static void test_fifo(void)
{
	unsigned int i;

	setup();
	wr(4, 0x08);
	wr(1, 0x01);
	wr(2, 0xc7); /* enable, clear both, trigger 14 */
	tap_eq(rd(2), 0xc1, "FIFO: IIR bits 7-6 set");
	for (i = 0; i < 3; i++)
		uart_rx(&u, (uint8_t)('a' + i));
	tap_eq(rd(2), 0xcc, "below trigger: character timeout");
	for (; i < 14; i++)
		uart_rx(&u, (uint8_t)('a' + i));
	tap_eq(rd(2), 0xc4, "at trigger level 14: RDA");
	tap_eq(uart_rx_room(&u), 2, "16-byte FIFO: room for 2");
	uart_rx(&u, 'o');
	uart_rx(&u, 'p');
	tap_check(!uart_rx(&u, 'q'), "17th byte overruns");
	tap_eq(rd(5) & 0x03, 0x03, "OE with DR");
	tap_eq(rd(0), 'a', "FIFO keeps the oldest byte");
	wr(2, 0x03); /* clear RX FIFO, trigger 1 */
	tap_eq(rd(5) & 0x01, 0, "RX FIFO clear: no data");
	uart_rx(&u, 'r');
	tap_eq(rd(2), 0xc4, "trigger level 1: RDA at one byte");
	wr(2, 0x00);
	tap_eq(rd(5) & 0x01, 0, "disabling FIFOs clears them");
	tap_eq(rd(2), 0x01, "FIFO off: bits 7-6 clear");
	wr(2, 0x02);
	tap_check(!u.fifo_on, "FCR bits need FCR0");
}

static void test_loopback(void)
{
	setup();
	wr(4, 0x1a); /* Linux's probe: LOOP|OUT2|RTS */
	tap_eq(rd(6) & 0xf0, 0x90, "loopback: RTS->CTS, OUT2->DCD");
	wr(4, 0x15); /* LOOP|OUT1|DTR */
	tap_eq(rd(6) & 0xf0, 0x60, "loopback: DTR->DSR, OUT1->RI");
	wr(1, 0x01);
	wr(0, 'L');
	tap_eq(nsent, 0, "loopback: nothing leaves");
	tap_eq(rd(2), 0x04, "loopback: receiver interrupt identified");
	tap_check(!irq, "loopback: OUT2 forced inactive, no IRQ4");
	tap_eq(rd(0), 'L', "loopback: THR -> RBR");
	wr(4, 0x08);
	wr(0, 'N');
	tap_eq(nsent, 1, "normal mode transmits again");
}

static void test_fuzz(void)
{
	uint64_t x = 0x2545f4914f6cdd1dull;
	int i, bad = 0;

	setup();
	for (i = 0; i < 200000; i++) {
		tap_xorshift64(&x);
		switch (x % 4) {
		case 0:
			wr((x >> 8) & 7, (uint8_t)(x >> 16));
			break;
		case 1:
			rd((x >> 8) & 7);
			break;
		case 2:
			uart_rx(&u, (uint8_t)(x >> 8));
			break;
		default:
			uart_set_modem(&u, (uint8_t)(x >> 8));
			break;
		}
		if (u.rx_count > UART_FIFO || u.rx_head >= UART_FIFO)
			bad++;
	}
	tap_eq(bad, 0, "random accesses keep the FIFO in bounds");
}

int main(void)
{
	test_regs();
	test_iir();
	test_fifo();
	test_loopback();
	test_fuzz();
	return tap_done();
}
