/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A PC16550D UART (COM1 is base 0x3f8, IRQ 4). Transmission is immediate:
 * every byte written to THR goes to the tx callback at once; received
 * bytes are pushed in by the caller with uart_rx().
 */
#ifndef DEV_UART_H
#define DEV_UART_H

#include "dev/dev.h"

#define UART_COM1_BASE 0x3f8
#define UART_COM1_IRQ  4
#define UART_FIFO      16

/* Modem status inputs (MSR bits 7-4). */
#define UART_MSR_CTS 0x10
#define UART_MSR_DSR 0x20
#define UART_MSR_RI  0x40
#define UART_MSR_DCD 0x80

struct uart {
	uint16_t base;
	unsigned int irq_num;
	struct irq_line irq;
	bool irq_level;
	void (*tx)(void *ctx, uint8_t byte);
	void *tx_ctx;

	uint8_t rx[UART_FIFO];
	unsigned int rx_head, rx_count;
	uint8_t ier, lcr, mcr, scr, dll, dlm;
	uint8_t lsr_err;   /* OE, PE, FE, BI: cleared by reading LSR */
	uint8_t msr_in;	   /* the modem inputs, bits 7-4 */
	uint8_t msr_seen;  /* status bits 7-4 last compared */
	uint8_t msr_delta; /* DCTS, DDSR, TERI, DDCD */
	bool fifo_on;
	uint8_t trigger; /* RX FIFO trigger level: 1, 4, 8, 14 */
	bool thre_ip;	 /* THRE interrupt pending */
};

/* Inputs CTS, DSR and DCD asserted: a terminal is attached. */
void uart_init(struct uart *u, uint16_t base, unsigned int irq_num,
	       const struct irq_line *irq, void (*tx)(void *ctx, uint8_t byte),
	       void *tx_ctx);
/* Ports base .. base + 7; other ports read 0xff. */
uint8_t uart_read(struct uart *u, uint16_t port);
void uart_write(struct uart *u, uint16_t port, uint8_t val);
/* A received byte. False when a byte was lost to an overrun (LSR OE). */
bool uart_rx(struct uart *u, uint8_t byte);
/* How many bytes uart_rx() takes without an overrun. */
unsigned int uart_rx_room(const struct uart *u);
/* The modem inputs (UART_MSR_* bits); deltas are flagged in MSR. */
void uart_set_modem(struct uart *u, uint8_t msr_bits);

#endif
