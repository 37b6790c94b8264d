/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Two cascaded Intel 8259A PICs as wired in a PC/AT: master at ports
 * 0x20-0x21 (IRQ 0-7), slave at 0xa0-0xa1 (IRQ 8-15) on the master's IR2,
 * plus the PIIX edge/level control registers (ELCR) at 0x4d0-0x4d1.
 */
#ifndef DEV_PIC_H
#define DEV_PIC_H

#include "dev/dev.h"

struct pic_chip {
	uint8_t irr;   /* edge-latched requests */
	uint8_t lines; /* current input levels */
	uint8_t isr, imr;
	uint8_t base; /* ICW2 & 0xf8 */
	uint8_t icw3;
	uint8_t lowest;	   /* the lowest-priority IR level (0-7) */
	uint8_t init_step; /* 0: operational; 2, 3, 4: next ICW expected */
	bool icw4_wanted, single, ltim;
	bool auto_eoi, rotate_aeoi, sfnm;
	bool special_mask, read_isr, poll;
	uint8_t elcr, elcr_mask; /* PIIX ELCR and its writable bits */
};

struct pic {
	struct pic_chip chip[2]; /* 0 master, 1 slave */
	struct irq_line out;	 /* INTR to the CPU: irq 0 */
	bool out_level;
};

#define PIC_MASTER_CMD	0x20
#define PIC_MASTER_DATA 0x21
#define PIC_SLAVE_CMD	0xa0
#define PIC_SLAVE_DATA	0xa1
#define PIC_ELCR0	0x4d0
#define PIC_ELCR1	0x4d1

void pic_init(struct pic *p, const struct irq_line *out);
uint8_t pic_read(struct pic *p, uint16_t port);
void pic_write(struct pic *p, uint16_t port, uint8_t val);

/* An input line changed (irq 0-15; others ignored). */
void pic_set_irq(struct pic *p, unsigned int irq, bool level);
/* An irq_line whose outputs drive pic_set_irq(): for the PIT, RTC, UART. */
struct irq_line pic_input(struct pic *p);

/* INTR level: an unmasked request outranks everything in service. */
bool pic_intr(const struct pic *p);
/*
 * The CPU's interrupt acknowledge: the vector to deliver. With nothing
 * to deliver it is the spurious IR7 vector of the chip that answers
 * (master, or slave through IR2) and no ISR bit is set.
 */
uint8_t pic_ack(struct pic *p);

#endif
