// SPDX-License-Identifier: GPL-2.0-only
/*
 * Output, checks, the command line and the end, for the escape guests
 * (esc.h). The UART is driven as a kernel's early console drives a
 * 16550A: wait for the transmit holding register to be empty (LSR bit 5,
 * THRE), then write the byte. The wait is bounded, so a missing UART
 * (all-ones: THRE reads set) or a stuck one never hangs the guest.
 */
#include <stdarg.h>

#include "esc.h"

#define COM1		0x3f8
#define UART_LSR	5
#define UART_LSR_THRE	0x20
#define ZP_CMD_LINE_PTR 0x228 /* u32 (boot.rst) */
#define ZP_EXT_CMD_LINE 0x0c8 /* u32, the high half (zero-page.rst) */

extern uint64_t esc_zero_page; /* entry.S: RSI at entry */

static unsigned failures;

void esc_putc(char c)
{
	for (unsigned i = 0; i < 100000; i++)
		if (inb(COM1 + UART_LSR) & UART_LSR_THRE)
			break;
	outb(COM1, (uint8_t)c);
}

void esc_puts(const char *s)
{
	while (*s)
		esc_putc(*s++);
}

static void put_num(unsigned long long v, unsigned base, bool neg)
{
	char buf[24];
	int n = 0;

	do {
		buf[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	if (neg)
		esc_putc('-');
	while (n)
		esc_putc(buf[--n]);
}

static void esc_vprintf(const char *fmt, va_list ap)
{
	for (; *fmt; fmt++) {
		unsigned lng = 0;
		unsigned long long u;
		long long s;

		if (*fmt != '%') {
			esc_putc(*fmt);
			continue;
		}
		while (*++fmt == 'l')
			lng++;
		switch (*fmt) {
		case 's':
			esc_puts(va_arg(ap, const char *));
			break;
		case 'c':
			esc_putc((char)va_arg(ap, int));
			break;
		case 'd':
			s = lng ? va_arg(ap, long long) : va_arg(ap, int);
			put_num(s < 0 ? -(unsigned long long)s :
					(unsigned long long)s,
				10, s < 0);
			break;
		case 'u':
		case 'x':
			u = lng ? va_arg(ap, unsigned long long) :
				  va_arg(ap, unsigned);
			put_num(u, *fmt == 'x' ? 16 : 10, false);
			break;
		case '%':
			esc_putc('%');
			break;
		default: /* unknown: shown, so a typo is seen */
			esc_putc('?');
			if (!*fmt)
				return;
			break;
		}
	}
}

void esc_printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	esc_vprintf(fmt, ap);
	va_end(ap);
}

bool esc_check(bool ok, const char *fmt, ...)
{
	va_list ap;

	esc_puts(ok ? "escape: ok - " : "escape: FAIL ");
	va_start(ap, fmt);
	esc_vprintf(fmt, ap);
	va_end(ap);
	esc_putc('\n');
	if (!ok)
		failures++;
	return ok;
}

int esc_status(void)
{
	return failures ? HC_EXIT_FAIL : HC_EXIT_PASS;
}

static const char *cmdline(void)
{
	const uint8_t *zp = (const uint8_t *)(uintptr_t)esc_zero_page;
	uint64_t lo, hi;

	if (!zp)
		return "";
	lo = *(const uint32_t *)(zp + ZP_CMD_LINE_PTR);
	hi = *(const uint32_t *)(zp + ZP_EXT_CMD_LINE);
	return lo | hi ? (const char *)(uintptr_t)(lo | hi << 32) : "";
}

bool esc_cmdline_word(const char *key, const char **val, unsigned *len)
{
	const char *p = cmdline();

	while (*p) {
		const char *k = key, *w = p;

		while (*w && *w == *k)
			w++, k++;
		if (!*k && *w == '=') {
			*val = ++w;
			for (*len = 0; w[*len] && w[*len] != ' '; (*len)++)
				;
			return true;
		}
		while (*p && *p != ' ')
			p++;
		while (*p == ' ')
			p++;
	}
	return false;
}

uint64_t esc_cmdline_num(const char *key, uint64_t def)
{
	const char *v;
	unsigned len, i = 0, base = 10;
	uint64_t n = 0;

	if (!esc_cmdline_word(key, &v, &len) || !len)
		return def;
	if (len > 2 && v[0] == '0' && (v[1] == 'x' || v[1] == 'X'))
		base = 16, i = 2;
	for (; i < len; i++) {
		char c = v[i];
		unsigned d;

		if (c >= '0' && c <= '9')
			d = (unsigned)(c - '0');
		else if (base == 16 && c >= 'a' && c <= 'f')
			d = (unsigned)(c - 'a' + 10);
		else
			return def;
		n = n * base + d;
	}
	return n;
}

void esc_exit(uint32_t status)
{
	esc_printf("escape: exit status %u through port 0x%x\n", status,
		   HC_TEST_EXIT_PORT);
	outl(HC_TEST_EXIT_PORT, status);
	/* Not reached unless the port did not end the guest. */
	esc_puts("escape: FAIL still running after the test-exit port\n");
	for (;;)
		__asm__ volatile("pause");
}
