// SPDX-License-Identifier: GPL-2.0-only
/*
 * hv_log() and raw console output for hv.efi: COM1 (0x3f8) by port I/O,
 * usable before and after ExitBootServices (OVMF also writes its console
 * to COM1, so output interleaves sensibly before EBS).
 *
 * Lines are formatted into a stack buffer with newlib's vsnprintf; nothing
 * here allocates. Every line of a hv_log() message starts with "HV: ".
 */
#include <stdarg.h>
#include <stdio.h>

#include "hv/platform.h"
#include "include/boot_info.h"
#include "include/log.h"

#define UART_THR      0 /* transmit holding register (DLAB=0) */
#define UART_IER      1
#define UART_FCR      2
#define UART_LCR      3
#define UART_MCR      4
#define UART_LSR      5
#define UART_LSR_THRE 0x20 /* room for a byte */
#define UART_LSR_TEMT 0x40 /* everything sent */

/* Bounded wait: a missing or stuck UART must not hang the hypervisor. */
#define UART_SPIN 100000

#define LOG_LINE_MAX 512

static enum log_level log_threshold = LOG_INFO;

static void uart_wait(uint8_t bit)
{
	int i;

	for (i = 0; i < UART_SPIN; i++)
		if (inb(HV_COM1_PORT + UART_LSR) & bit)
			return;
}

static void uart_init(void)
{
	outb(HV_COM1_PORT + UART_IER, 0x00); /* no interrupts */
	outb(HV_COM1_PORT + UART_LCR, 0x80); /* DLAB: set divisor */
	outb(HV_COM1_PORT + 0, 0x01);	     /* 115200 baud */
	outb(HV_COM1_PORT + 1, 0x00);
	outb(HV_COM1_PORT + UART_LCR, 0x03); /* 8N1 */
	outb(HV_COM1_PORT + UART_FCR, 0xc7); /* FIFO on, cleared */
	outb(HV_COM1_PORT + UART_MCR, 0x03); /* DTR, RTS */
}

/* The console's cursor is not at the start of a line (a guest's
 * partial line is showing, hv/pc_run.c). */
static bool mid_line;

void hv_puts_raw(const char *s, unsigned long len)
{
	unsigned long i;

	for (i = 0; i < len; i++) {
		uart_wait(UART_LSR_THRE);
		outb(HV_COM1_PORT + UART_THR, (uint8_t)s[i]);
	}
	if (len)
		mid_line = s[len - 1] != '\n';
}

#define UART_RBR    0	 /* receive buffer register (DLAB=0) */
#define UART_LSR_DR 0x01 /* a received byte is waiting */

int hv_console_getc(void)
{
	if (!(inb(HV_COM1_PORT + UART_LSR) & UART_LSR_DR))
		return -1;
	return inb(HV_COM1_PORT + UART_RBR);
}

/* Waits until the UART has sent everything (before QEMU is ended). */
void hv_console_flush(void)
{
	uart_wait(UART_LSR_TEMT);
}

bool hv_console_mid_line(void)
{
	return mid_line;
}

void hv_console_new_line(void)
{
	if (mid_line)
		hv_puts_raw("\n", 1);
}

int hv_printf(const char *fmt, ...)
{
	char buf[LOG_LINE_MAX];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0)
		return n;
	hv_console_new_line();
	if ((size_t)n >= sizeof(buf)) {
		hv_puts_raw(buf, sizeof(buf) - 1);
		hv_puts_raw("[...]\n", 6);
		return n;
	}
	hv_puts_raw(buf, n);
	return n;
}

void hv_log(enum log_level level, const char *fmt, ...)
{
	char buf[LOG_LINE_MAX];
	const char *p, *line;
	va_list ap;
	int n;

	if (level > log_threshold)
		return;
	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(buf))
		n = sizeof(buf) - 1; /* truncated: still one whole line */

	hv_console_new_line();
	/* Each line of the message gets the prefix. */
	for (line = p = buf; p <= buf + n; p++) {
		if (p == buf + n || *p == '\n') {
			if (p == buf + n && p == line && n > 0)
				break; /* message ended with '\n' */
			hv_puts_raw("HV: ", 4);
			hv_puts_raw(line, p - line);
			hv_puts_raw("\n", 1);
			line = p + 1;
		}
	}
}

void hv_log_set_level(enum log_level level)
{
	log_threshold = level;
}

void hv_log_init(void)
{
	uart_init();
}
