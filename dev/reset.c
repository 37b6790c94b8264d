// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reset requests. Sources: Intel 82371AB PCI-to-ISA/IDE Xcelerator
 * (PIIX4) datasheet, "RC - Reset Control Register" (port 0xcf9) and
 * "Port 92h" (System Control Port A); IBM PC/AT Technical Reference,
 * 8042 keyboard controller command 0xfe ("pulse output port": output
 * port bit 0 is the processor reset line).
 */
#include <string.h>

#include "dev/reset.h"

#define RC_SRST	      0x02 /* 1: hard (system) reset, 0: soft */
#define RC_RCPU	      0x04 /* 0 -> 1 starts the reset */
#define RC_FULL	      0x08 /* later ICHs: full reset, power cycled */
#define PA_FAST_RESET 0x01 /* 0 -> 1 pulses INIT */
#define PA_A20	      0x02

void reset_init(struct reset *r)
{
	memset(r, 0, sizeof(*r));
}

uint8_t reset_read(struct reset *r, uint16_t port)
{
	switch (port) {
	case RESET_PORT_RC:
		return r->rc;
	case RESET_PORT_A:
		return r->port_a;
	default:
		/* 0x64 included: no 8042 behind it, and 0xff is how an
		 * absent controller reads. */
		return 0xff;
	}
}

enum reset_kind reset_write(struct reset *r, uint16_t port, uint8_t val)
{
	bool rise;

	switch (port) {
	case RESET_PORT_RC:
		rise = (val & RC_RCPU) && !(r->rc & RC_RCPU);
		r->rc = val & (RC_SRST | RC_RCPU | RC_FULL);
		if (!rise)
			return RESET_NONE;
		r->rc &= (uint8_t)~RC_RCPU; /* the register resets too */
		return (val & (RC_SRST | RC_FULL)) ? RESET_SYSTEM : RESET_CPU;
	case RESET_PORT_A:
		rise = (val & PA_FAST_RESET) && !(r->port_a & PA_FAST_RESET);
		r->port_a = val & (PA_FAST_RESET | PA_A20);
		return rise ? RESET_CPU : RESET_NONE;
	case RESET_PORT_KBC:
		/* Commands 0xf0-0xff pulse the output port bits whose
		 * command bit is 0; bit 0 is the reset line. */
		if ((val & 0xf0) == 0xf0 && !(val & 0x01))
			return RESET_CPU;
		return RESET_NONE;
	default:
		return RESET_NONE;
	}
}
