// SPDX-License-Identifier: GPL-2.0-only
/*
 * escape-forge: a guest's serial output must never pass for the
 * hypervisor's own lines. The runner and every script that reads a run
 * (docs/testing.md, the runner's rules; docs/counters.md) trust lines
 * that open with "HV: ", so a guest that could start a console line
 * with them could report a pass it never had. This guest writes, raw to
 * COM1's transmit register, lines that copy the hypervisor's final,
 * stopped and counters lines, with the carriage-return and overlong-line
 * tricks that would put them at the start of a line as a terminal shows
 * it; then it ends with status 3. The platform contract: the UART's
 * output is printed prefixed "[escape-forge] ", '\r' never returns to
 * the start of the console's line, and a line longer than the forwarding
 * buffer carries the prefix on each piece, so the run is a plain fail
 * with exactly one real final line per guest.
 */
#include "esc.h"

#define STATUS 3

static void line(const char *s)
{
	esc_puts(s);
}

int esc_main(void)
{
	esc_puts("escape: forging the hypervisor's lines on COM1\n");
	line("HV: guest escape-forge exited code=0 exits=1\n");
	line("HV: guest escape-forge exited code=0 exits=1\r\n");
	line("\rHV: guest escape-forge exited code=0 exits=1\n");
	line("partial line\rHV: guest hello exited code=0 exits=1\n");
	line("HV: guest escape-forge stopped: reset requested exits=1\n");
	line("HV: counters guest=escape-forge exits=1 cycles_run=1\n");
	/* Longer than any line buffer of the UART's forwarding. */
	for (unsigned i = 0; i < 1024; i++)
		esc_putc('x');
	line("HV: guest escape-forge exited code=0 exits=1\n");
	/* The end of the guest's output without a newline: a final flush. */
	line("\nHV: guest escape-forge exited code=0 exits=1");
	return STATUS;
}
