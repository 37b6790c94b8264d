/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The Intel 8254 programmable interval timer of a PC: ports 0x40-0x43,
 * channel 0's OUT on IRQ0, channel 2's gate and OUT through port 0x61
 * (system control port B).
 */
#ifndef DEV_PIT_H
#define DEV_PIT_H

#include "dev/dev.h"

#define PIT_HZ	      1193182u /* 14.31818 MHz / 12 */
#define PIT_PORT_CH0  0x40
#define PIT_PORT_CTRL 0x43
#define PIT_PORT_B    0x61

struct pit_channel {
	uint8_t mode; /* 0-5 (6 and 7 act as 2 and 3) */
	uint8_t ctrl; /* low six bits of the control word */
	uint8_t rw;   /* 1 LSB, 2 MSB, 3 LSB then MSB */
	bool bcd, gate;
	bool have_count;     /* a count was written since the control word */
	bool started;	     /* the counting element has an origin */
	bool running;	     /* counting, or frozen by the gate */
	uint32_t reload;     /* the count register (CR), 1 - 65536 */
	uint32_t n;	     /* the count of the current cycle */
	uint64_t start;	     /* tick at which the current cycle began */
	uint64_t frozen;     /* elapsed ticks while the gate stops it */
	uint64_t switch_at;  /* modes 2, 3: tick at which n = reload */
	uint64_t null_until; /* tick at which the null count flag clears */
	uint8_t lsb;	     /* first byte of an LSB-then-MSB write */
	bool write_msb, read_msb;
	bool latched, latch_msb, status_latched;
	uint16_t latch;
	uint8_t status;
};

struct pit {
	struct pit_channel ch[3];
	struct irq_line irq; /* channel 0 OUT: irq 0 */
	bool irq_level;
	uint64_t edges; /* channel 0 rising edges counted so far */
	/* Every rising edge of OUT0 since pit_init, also those reported
	 * merged into one pulse (a caller may re-deliver them). */
	uint64_t rises;
	uint64_t last;	/* latest tick seen */
	uint8_t port_b; /* port 0x61 bits 0-3 */
};

/* Channels idle (no count written), gates 0 and 1 high, gate 2 low. */
void pit_init(struct pit *p, const struct irq_line *irq);
/* Ports 0x40-0x43 and 0x61. */
uint8_t pit_read(struct pit *p, uint16_t port, uint64_t now);
void pit_write(struct pit *p, uint16_t port, uint8_t val, uint64_t now);
/* Bring IRQ0 up to date: call at or after pit_next_event(). */
void pit_advance(struct pit *p, uint64_t now);
/* When channel 0's OUT next rises (ns), or DEV_NEVER. */
uint64_t pit_next_event(struct pit *p, uint64_t now);
/* A channel's gate input; channels 0 and 1 are tied high on a PC. */
void pit_set_gate(struct pit *p, unsigned int ch, bool level, uint64_t now);
bool pit_out(struct pit *p, unsigned int ch, uint64_t now);

/* One channel in PIT ticks (dev/pit_count.c), for dev/pit.c. */
uint32_t pit_ch_modulus(const struct pit_channel *c);
uint64_t pit_ch_elapsed(const struct pit_channel *c, uint64_t t);
bool pit_ch_triggered(const struct pit_channel *c);
void pit_ch_sync(struct pit_channel *c, uint64_t t);
void pit_ch_wave(const struct pit_channel *c, uint64_t t, uint32_t *value,
		 bool *out);
uint64_t pit_ch_rises(const struct pit_channel *c, uint64_t t);
uint64_t pit_ch_next_rise(const struct pit_channel *c, uint64_t t);
void pit_ch_begin(struct pit_channel *c, uint64_t t);
void pit_ch_load(struct pit_channel *c, uint16_t raw, uint64_t t);

#endif
