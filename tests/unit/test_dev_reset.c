// SPDX-License-Identifier: GPL-2.0-only
/*
 * dev/reset.c: port 0xcf9 (PIIX4 Reset Control Register: RCPU 0->1
 * with SRST choosing hard or soft), the 8042 command 0xfe on port 0x64,
 * port 0x92 fast reset (bit 0, 0->1), as returned results.
 */
#include "dev/reset.h"
#include "tests/lib/tap.h"

int main(void)
{
	struct reset r;
	unsigned int v, n = 0;

	reset_init(&r);
	tap_eq(reset_write(&r, 0xcf9, 0x02), RESET_NONE, "cf9: SRST alone");
	tap_eq(reset_read(&r, 0xcf9), 0x02, "cf9: SRST reads back");
	tap_eq(reset_write(&r, 0xcf9, 0x06), RESET_SYSTEM,
	       "cf9: RCPU 0->1 with SRST: hard reset (Linux reboot=pci)");
	tap_eq(reset_read(&r, 0xcf9) & 0x04, 0, "cf9: RCPU not left set");
	tap_eq(reset_write(&r, 0xcf9, 0x04), RESET_CPU,
	       "cf9: RCPU without SRST: soft reset");
	tap_eq(reset_write(&r, 0xcf9, 0x04), RESET_CPU,
	       "cf9: after a reset RCPU is 0 again: a new request");
	reset_write(&r, 0xcf9, 0x00);
	tap_eq(reset_write(&r, 0xcf9, 0x0e), RESET_SYSTEM, "cf9: full reset");
	reset_write(&r, 0xcf9, 0x00);
	tap_eq(reset_write(&r, 0xcf9, 0x0c), RESET_SYSTEM,
	       "cf9: full reset bit alone is a system reset");
	tap_eq(reset_write(&r, 0xcf8, 0x06), RESET_NONE, "cf8: not decoded");

	tap_eq(reset_write(&r, 0x64, 0xfe), RESET_CPU, "8042 0xfe: reset");
	tap_eq(reset_write(&r, 0x64, 0xf0), RESET_CPU,
	       "8042 0xf0: pulses bit 0 too");
	tap_eq(reset_write(&r, 0x64, 0xff), RESET_NONE,
	       "8042 0xff: pulses nothing");
	tap_eq(reset_write(&r, 0x64, 0xd1), RESET_NONE,
	       "8042 0xd1 (write output port): no reset");
	tap_eq(reset_write(&r, 0x60, 0xfe), RESET_NONE, "port 0x60: no reset");
	tap_eq(reset_read(&r, 0x64), 0xff, "0x64 reads as absent 8042");

	tap_eq(reset_write(&r, 0x92, 0x02), RESET_NONE, "0x92: A20 only");
	tap_eq(reset_read(&r, 0x92), 0x02, "0x92: A20 reads back");
	tap_eq(reset_write(&r, 0x92, 0x03), RESET_CPU, "0x92: fast reset 0->1");
	tap_eq(reset_write(&r, 0x92, 0x03), RESET_NONE,
	       "0x92: bit 0 held high: no new reset");
	reset_write(&r, 0x92, 0xfc);
	tap_eq(reset_read(&r, 0x92), 0x00, "0x92: bits 7-2 not stored");

	for (v = 0; v < 256; v++)
		n += reset_write(&r, 0x64, (uint8_t)v) != RESET_NONE;
	tap_eq(n, 8, "8042: exactly the 8 pulse commands with bit 0 clear");
	return tap_done();
}
