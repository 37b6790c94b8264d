/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The escape guests' library (docs/testing.md, "Escape scenarios"). Each
 * guest is a flat, position-independent 64-bit binary that
 * tools/mk-bzimage.py wraps into a bzImage, so the hypervisor boots it as
 * a Linux guest: 64-bit boot protocol, RSI = zero page, interrupts off,
 * the hypervisor's identity map (hv/linux_loader.h). It talks to the
 * platform only through port I/O, as a kernel would: output on COM1's
 * transmit register, the end through HC_TEST_EXIT_PORT.
 */
#ifndef ESCAPE_ESC_H
#define ESCAPE_ESC_H

#include <stdbool.h>
#include <stdint.h>

#include "guest-abi/hypercall.h"
#include "include/x86.h"

/* One byte to COM1's transmit holding register, raw (no '\r' added). */
void esc_putc(char c);
void esc_puts(const char *s);
/* %s %c %d %u %x with l/ll, "%%": all the guests need. */
void esc_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * One check: "escape: ok - ..." or "escape: FAIL ...", counted. Returns
 * ok.
 */
bool esc_check(bool ok, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Exit status for the checks so far: HC_EXIT_PASS or HC_EXIT_FAIL. */
int esc_status(void);

/*
 * The value of "key=" on the command line the zero page points at, as a
 * number (0x prefix for hex), or def when it is absent; the word itself
 * (up to a blank) with esc_cmdline_word().
 */
uint64_t esc_cmdline_num(const char *key, uint64_t def);
bool esc_cmdline_word(const char *key, const char **val, unsigned *len);

/* The end: a 32-bit OUT of status to HC_TEST_EXIT_PORT. */
void esc_exit(uint32_t status) __attribute__((noreturn));

/* The guest's own code; its return value goes to esc_exit(). */
int esc_main(void);

#endif
