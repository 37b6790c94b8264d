/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The PC's reset sources as results, never as actions: the PIIX4 Reset
 * Control Register (0xcf9), the 8042 "pulse output port" command (0x64)
 * and System Control Port A's fast reset (0x92). The caller decides what
 * a requested reset does to the guest.
 */
#ifndef DEV_RESET_H
#define DEV_RESET_H

#include "dev/dev.h"

#define RESET_PORT_KBC 0x64
#define RESET_PORT_A   0x92
#define RESET_PORT_RC  0xcf9 /* byte access only: 0xcf8 dword is PCI */

enum reset_kind {
	RESET_NONE = 0,
	RESET_CPU,    /* the processor only (INIT / CPU reset line) */
	RESET_SYSTEM, /* the whole platform (PCIRST#, power cycle) */
};

struct reset {
	uint8_t rc;	/* 0xcf9 bits 1-3 */
	uint8_t port_a; /* 0x92 bits 0-1 */
};

void reset_init(struct reset *r);
uint8_t reset_read(struct reset *r, uint16_t port);
enum reset_kind reset_write(struct reset *r, uint16_t port, uint8_t val);

#endif
