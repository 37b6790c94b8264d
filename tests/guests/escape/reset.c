// SPDX-License-Identifier: GPL-2.0-only
/*
 * escape-reset-*: a guest's reset request must reset (or stop) that
 * guest, never the machine. The command line's "reset=" picks the way,
 * one guest image each (tests/guests/tests.cfg):
 *   cf9-06, cf9-0e  the reset control register at 0xCF9 (ICH9 RST_CNT,
 *                   also PIIX3/4): SYS_RST (bit 1) | RST_CPU (bit 2),
 *                   and with FULL_RST (bit 3);
 *   kbc             the 8042 keyboard controller's command 0xFE at 0x64
 *                   (pulse output port bit 0, the CPU's reset line);
 *   port92          System Control Port A at 0x92, bit 0 (fast reset)
 *                   from 0 to 1.
 * The platform contract: the hypervisor stops the guest with a reason
 * containing "reset" and runs the next one. Reaching the end of this
 * function means the request did nothing: status 1.
 */
#include "esc.h"

static bool is(const char *v, unsigned len, const char *want)
{
	unsigned i;

	for (i = 0; i < len && want[i] && v[i] == want[i]; i++)
		;
	return i == len && !want[i];
}

int esc_main(void)
{
	const char *v;
	unsigned len;

	if (!esc_cmdline_word("reset", &v, &len)) {
		esc_check(false, "reset: no reset= on the command line");
		return esc_status();
	}
	if (is(v, len, "cf9-06")) {
		esc_puts("escape: reset through 0xcf9 (0x06)\n");
		outb(0xcf9, 0x06);
	} else if (is(v, len, "cf9-0e")) {
		esc_puts("escape: reset through 0xcf9 (0x0e)\n");
		outb(0xcf9, 0x0e);
	} else if (is(v, len, "kbc")) {
		esc_puts("escape: reset through the 8042 (0xfe to 0x64)\n");
		outb(0x64, 0xfe);
	} else if (is(v, len, "port92")) {
		uint8_t a = inb(0x92);

		esc_printf("escape: reset through port 0x92 (reads 0x%x)\n", a);
		outb(0x92, a & ~1u);
		outb(0x92, a | 1u);
	} else {
		esc_check(false, "reset: unknown way");
		return esc_status();
	}
	esc_check(false, "reset: still running after the reset request");
	return esc_status();
}
