// SPDX-License-Identifier: GPL-2.0-only
/*
 * PC16550D UART (National Semiconductor / Texas Instruments PC16550D
 * Universal Asynchronous Receiver/Transmitter with FIFOs datasheet,
 * "16550D" below). Register offsets and bits follow its "Register
 * Summary"; interrupt priorities its "Interrupt Control Functions" table.
 */
#include <string.h>

#include "dev/uart.h"

#define IER_ERBFI 0x01 /* received data available */
#define IER_ETBEI 0x02 /* THR empty */
#define IER_ELSI  0x04 /* receiver line status */
#define IER_EDSSI 0x08 /* modem status */

#define IIR_NONE    0x01
#define IIR_MSR	    0x00
#define IIR_THRE    0x02
#define IIR_RDA	    0x04
#define IIR_RLS	    0x06
#define IIR_TIMEOUT 0x0c
#define IIR_FIFO    0xc0

#define LCR_DLAB 0x80
#define MCR_DTR	 0x01
#define MCR_RTS	 0x02
#define MCR_OUT1 0x04
#define MCR_OUT2 0x08
#define MCR_LOOP 0x10

#define LSR_DR	 0x01
#define LSR_OE	 0x02
#define LSR_THRE 0x20
#define LSR_TEMT 0x40

static unsigned int rx_cap(const struct uart *u)
{
	return u->fifo_on ? UART_FIFO : 1;
}

/* MSR bits 7-4: the inputs, or in loopback the MCR outputs they are
 * wired to (16550D "Modem Control Register", bit 4). */
static uint8_t msr_status(const struct uart *u)
{
	uint8_t m = u->mcr;

	if (!(m & MCR_LOOP))
		return u->msr_in;
	return (uint8_t)(((m & MCR_RTS) ? UART_MSR_CTS : 0) |
			 ((m & MCR_DTR) ? UART_MSR_DSR : 0) |
			 ((m & MCR_OUT1) ? UART_MSR_RI : 0) |
			 ((m & MCR_OUT2) ? UART_MSR_DCD : 0));
}

/* 16550D "Modem Status Register": bits 3-0 flag changes since the last
 * read; TERI only for RI going inactive. */
static void msr_compare(struct uart *u)
{
	uint8_t now = msr_status(u), was = u->msr_seen, chg = now ^ was;

	if (chg & UART_MSR_CTS)
		u->msr_delta |= 0x01;
	if (chg & UART_MSR_DSR)
		u->msr_delta |= 0x02;
	if ((was & UART_MSR_RI) && !(now & UART_MSR_RI))
		u->msr_delta |= 0x04;
	if (chg & UART_MSR_DCD)
		u->msr_delta |= 0x08;
	u->msr_seen = now;
}

/* 16550D interrupt identification, highest priority first. */
static uint8_t iir_id(const struct uart *u)
{
	if ((u->ier & IER_ELSI) && u->lsr_err)
		return IIR_RLS;
	if ((u->ier & IER_ERBFI) && u->rx_count &&
	    (!u->fifo_on || u->rx_count >= u->trigger))
		return IIR_RDA;
	/* Character timeout, with a timeout of zero (no baud timing). */
	if ((u->ier & IER_ERBFI) && u->rx_count)
		return IIR_TIMEOUT;
	if ((u->ier & IER_ETBEI) && u->thre_ip)
		return IIR_THRE;
	if ((u->ier & IER_EDSSI) && u->msr_delta)
		return IIR_MSR;
	return IIR_NONE;
}

/* On a PC the INTR output reaches the PIC through a gate driven by
 * OUT2; in loopback OUT2 is forced inactive (16550D, MCR bit 4). */
static void update(struct uart *u)
{
	bool level = iir_id(u) != IIR_NONE && (u->mcr & MCR_OUT2) &&
		     !(u->mcr & MCR_LOOP);

	if (level != u->irq_level) {
		u->irq_level = level;
		irq_line_set(&u->irq, u->irq_num, level);
	}
}

static void rx_clear(struct uart *u)
{
	u->rx_head = 0;
	u->rx_count = 0;
}

static bool rx_push(struct uart *u, uint8_t byte)
{
	if (u->rx_count >= rx_cap(u)) {
		u->lsr_err |= LSR_OE;
		/* 16550D: without FIFOs the new character overwrites RBR;
		 * with them the FIFO keeps its contents. */
		if (!u->fifo_on)
			u->rx[u->rx_head] = byte;
		return false;
	}
	u->rx[(u->rx_head + u->rx_count) % UART_FIFO] = byte;
	u->rx_count++;
	return true;
}

bool uart_rx(struct uart *u, uint8_t byte)
{
	bool ok = rx_push(u, byte);

	update(u);
	return ok;
}

unsigned int uart_rx_room(const struct uart *u)
{
	return rx_cap(u) - u->rx_count;
}

void uart_set_modem(struct uart *u, uint8_t msr_bits)
{
	u->msr_in = msr_bits & 0xf0;
	msr_compare(u);
	update(u);
}

static void fcr_write(struct uart *u, uint8_t val)
{
	static const uint8_t levels[4] = { 1, 4, 8, 14 };
	bool on = val & 0x01;

	/* 16550D "FIFO Control Register": changing FCR0 clears both
	 * FIFOs; the other bits are written only with FCR0 set. */
	if (on != u->fifo_on)
		rx_clear(u);
	u->fifo_on = on;
	if (!on)
		return;
	if (val & 0x02)
		rx_clear(u);
	/* bit 2 clears the XMIT FIFO, always empty here; bit 3 DMA mode
	 * only changes the RXRDY/TXRDY pins */
	u->trigger = levels[val >> 6];
}

static uint8_t lsr(const struct uart *u)
{
	return (uint8_t)(u->lsr_err | (u->rx_count ? LSR_DR : 0) | LSR_THRE |
			 LSR_TEMT);
}

uint8_t uart_read(struct uart *u, uint16_t port)
{
	uint16_t off = (uint16_t)(port - u->base);
	uint8_t v;

	if (off > 7)
		return 0xff;
	switch (off) {
	case 0:
		if (u->lcr & LCR_DLAB)
			return u->dll;
		v = u->rx_count ? u->rx[u->rx_head] : 0;
		if (u->rx_count) {
			u->rx_head = (u->rx_head + 1) % UART_FIFO;
			u->rx_count--;
		}
		break;
	case 1:
		return (u->lcr & LCR_DLAB) ? u->dlm : u->ier;
	case 2:
		v = iir_id(u);
		if (v == IIR_THRE) /* reading IIR clears THRE's */
			u->thre_ip = false;
		if (u->fifo_on)
			v |= IIR_FIFO;
		break;
	case 3:
		return u->lcr;
	case 4:
		return u->mcr;
	case 5:
		v = lsr(u);
		u->lsr_err = 0;
		break;
	case 6:
		v = (uint8_t)(msr_status(u) | u->msr_delta);
		u->msr_delta = 0;
		break;
	default:
		return u->scr;
	}
	update(u);
	return v;
}

void uart_write(struct uart *u, uint16_t port, uint8_t val)
{
	uint16_t off = (uint16_t)(port - u->base);
	uint8_t old;

	if (off > 7)
		return;
	switch (off) {
	case 0:
		if (u->lcr & LCR_DLAB) {
			u->dll = val;
			return;
		}
		if (u->mcr & MCR_LOOP)
			rx_push(u, val); /* transmitter -> receiver */
		else if (u->tx)
			u->tx(u->tx_ctx, val);
		/* shifted out at once: THR empty again */
		u->thre_ip = true;
		break;
	case 1:
		if (u->lcr & LCR_DLAB) {
			u->dlm = val;
			return;
		}
		old = u->ier;
		u->ier = val & 0x0f;
		/* enabling ETBEI with THR empty interrupts at once */
		if (!(old & IER_ETBEI) && (u->ier & IER_ETBEI))
			u->thre_ip = true;
		break;
	case 2:
		fcr_write(u, val);
		break;
	case 3:
		u->lcr = val;
		break;
	case 4:
		u->mcr = val & 0x1f;
		msr_compare(u);
		break;
	case 5: /* LSR: "intended for read operations only" */
	case 6: /* MSR: read only */
		return;
	default:
		u->scr = val;
		return;
	}
	update(u);
}

void uart_init(struct uart *u, uint16_t base, unsigned int irq_num,
	       const struct irq_line *irq, void (*tx)(void *ctx, uint8_t byte),
	       void *tx_ctx)
{
	memset(u, 0, sizeof(*u));
	u->base = base;
	u->irq_num = irq_num;
	if (irq)
		u->irq = *irq;
	u->tx = tx;
	u->tx_ctx = tx_ctx;
	u->trigger = 1;
	u->msr_in = UART_MSR_CTS | UART_MSR_DSR | UART_MSR_DCD;
	u->msr_seen = u->msr_in;
}
