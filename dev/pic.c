// SPDX-License-Identifier: GPL-2.0-only
/*
 * Two cascaded 8259A programmable interrupt controllers (Intel 8259A
 * Programmable Interrupt Controller datasheet), wired as in a PC/AT, and
 * the edge/level control registers of the Intel 82371AB PIIX4 (ELCR,
 * ports 0x4d0/0x4d1). Sections quoted as "8259A: ..." below.
 */
#include <string.h>

#include "dev/pic.h"

#define CASCADE_IR 2 /* the slave's INT drives the master's IR2 */

/* 8259A: "Priority ... IR0 highest ... after rotation the serviced IR
 * becomes lowest". 0 is the highest rank. */
static unsigned int rank(const struct pic_chip *c, unsigned int ir)
{
	return (ir - c->lowest - 1u) & 7u;
}

/* The highest-priority IR set in mask, or -1. */
static int highest(const struct pic_chip *c, uint8_t mask)
{
	int best = -1;
	unsigned int ir;

	for (ir = 0; ir < 8; ir++)
		if ((mask & (1u << ir)) &&
		    (best < 0 || rank(c, ir) < rank(c, (unsigned int)best)))
			best = (int)ir;
	return best;
}

static bool is_cascade(const struct pic_chip *c, bool master, int ir)
{
	return master && !c->single && ir == CASCADE_IR &&
	       (c->icw3 & (1u << CASCADE_IR));
}

/*
 * Requests: edge inputs from the latch, level inputs straight from the
 * line (8259A "Edge and level triggered modes"; PIIX4 ELCR). An edge
 * request stays latched when its line falls, except on the cascade
 * input: the slave withdrawing its INT withdraws IR2 ("the IR input must
 * remain high until after the falling edge of the first INTA"), which
 * is what makes a spurious IRQ15 possible.
 */
static uint8_t requests(const struct pic_chip *c, bool master)
{
	uint8_t level = c->ltim ? 0xff : c->elcr;
	uint8_t irr = c->irr;

	if (is_cascade(c, master, CASCADE_IR))
		irr &= (uint8_t)(c->lines | ~(1u << CASCADE_IR));
	return (uint8_t)((irr & ~level) | (c->lines & level));
}

/* The IR this chip would signal on INT, or -1. */
static int pending(const struct pic_chip *c, bool master)
{
	uint8_t isr = c->isr;
	int ir = highest(c, (uint8_t)(requests(c, master) & ~c->imr));
	int s;

	if (ir < 0)
		return -1;
	/* 8259A "Special mask mode": a masked level no longer inhibits
	 * lower ones. */
	if (c->special_mask)
		isr &= (uint8_t)~c->imr;
	s = highest(c, isr);
	if (s < 0)
		return ir;
	if (rank(c, (unsigned int)s) < rank(c, (unsigned int)ir))
		return -1;
	/* 8259A "Special fully nested mode": a slave in service is not
	 * locked out of the master's priority logic. */
	if (s == ir && !(c->sfnm && is_cascade(c, master, ir)))
		return -1;
	return ir;
}

static void set_line(struct pic_chip *c, unsigned int ir, bool level)
{
	uint8_t bit = (uint8_t)(1u << ir);

	if (level && !(c->lines & bit))
		c->irr |= bit;
	if (level)
		c->lines |= bit;
	else
		c->lines &= (uint8_t)~bit;
}

static void update(struct pic *p)
{
	bool intr;

	set_line(&p->chip[0], CASCADE_IR, pending(&p->chip[1], false) >= 0);
	intr = pending(&p->chip[0], true) >= 0;
	if (intr != p->out_level) {
		p->out_level = intr;
		irq_line_set(&p->out, 0, intr);
	}
}

/* The INTA sequence for one chip: IRR -> ISR, or straight through in
 * automatic EOI mode (8259A "Automatic end of interrupt mode"). */
static void acknowledge(struct pic_chip *c, unsigned int ir)
{
	uint8_t bit = (uint8_t)(1u << ir);

	c->irr &= (uint8_t)~bit;
	if (!c->auto_eoi)
		c->isr |= bit;
	else if (c->rotate_aeoi)
		c->lowest = (uint8_t)ir;
}

uint8_t pic_ack(struct pic *p)
{
	struct pic_chip *m = &p->chip[0], *s = &p->chip[1];
	int ir = pending(m, true), sir;
	uint8_t vec;

	if (ir < 0)
		return (uint8_t)(m->base | 7); /* spurious IRQ7 */
	acknowledge(m, (unsigned int)ir);
	if (!is_cascade(m, true, ir)) {
		vec = (uint8_t)(m->base | (unsigned int)ir);
	} else {
		sir = pending(s, false);
		if (sir < 0) {
			vec = (uint8_t)(s->base | 7); /* spurious IRQ15 */
		} else {
			acknowledge(s, (unsigned int)sir);
			vec = (uint8_t)(s->base | (unsigned int)sir);
		}
		/* The slave's INT falls during INTA; a further request
		 * raises it again, a new edge on IR2. */
		set_line(m, CASCADE_IR, false);
	}
	update(p);
	return vec;
}

bool pic_intr(const struct pic *p)
{
	return p->out_level;
}

void pic_set_irq(struct pic *p, unsigned int irq, bool level)
{
	if (irq >= 16)
		return;
	/* IR2 of the master is the cascade, not an ISA line. */
	if (irq == CASCADE_IR)
		return;
	set_line(&p->chip[irq >> 3], irq & 7u, level);
	update(p);
}

static void input_set(void *ctx, unsigned int irq, bool level)
{
	pic_set_irq(ctx, irq, level);
}

struct irq_line pic_input(struct pic *p)
{
	struct irq_line l = { .set = input_set, .ctx = p };

	return l;
}

static void chip_reset(struct pic_chip *c, uint8_t base, uint8_t icw3,
		       uint8_t elcr_mask)
{
	uint8_t lines = c->lines;

	memset(c, 0, sizeof(*c));
	c->lines = lines;
	c->base = base;
	c->icw3 = icw3;
	c->lowest = 7;
	c->imr = 0xff;
	c->elcr_mask = elcr_mask;
}

/*
 * The state a PC BIOS leaves: master vectors 0x08, slave 0x70, cascade on
 * IR2, everything masked, edge triggered. PIIX4 ELCR: IRQ 0, 1, 2, 8 and
 * 13 are always edge triggered.
 */
void pic_init(struct pic *p, const struct irq_line *out)
{
	memset(p, 0, sizeof(*p));
	chip_reset(&p->chip[0], 0x08, 1u << CASCADE_IR, 0xf8);
	chip_reset(&p->chip[1], 0x70, CASCADE_IR, 0xde);
	if (out)
		p->out = *out;
}

/* 8259A "Initialization command word 1": everything but the wiring. */
static void icw1(struct pic_chip *c, uint8_t val)
{
	c->irr = 0; /* edge sense reset: a new edge is needed */
	c->isr = 0;
	c->imr = 0;
	c->lowest = 7;
	c->special_mask = false;
	c->read_isr = false;
	c->poll = false;
	c->rotate_aeoi = false;
	c->ltim = val & 0x08;
	c->single = val & 0x02;
	c->icw4_wanted = val & 0x01;
	if (!c->icw4_wanted) { /* "if IC4 = 0, ICW4 functions are zero" */
		c->auto_eoi = false;
		c->sfnm = false;
	}
	c->init_step = 2;
}

/* 8259A "Operation command word 2": EOI, rotation, priority. */
static void ocw2(struct pic_chip *c, uint8_t val)
{
	unsigned int level = val & 7u;
	int ir;

	switch (val >> 5) {
	case 1: /* non-specific EOI */
	case 5: /* rotate on non-specific EOI */
		ir = highest(c, c->isr);
		if (ir < 0)
			break;
		c->isr &= (uint8_t) ~(1u << ir);
		if (val >> 5 == 5)
			c->lowest = (uint8_t)ir;
		break;
	case 3: /* specific EOI */
		c->isr &= (uint8_t) ~(1u << level);
		break;
	case 7: /* rotate on specific EOI */
		c->isr &= (uint8_t) ~(1u << level);
		c->lowest = (uint8_t)level;
		break;
	case 6: /* set priority */
		c->lowest = (uint8_t)level;
		break;
	case 4: /* rotate in automatic EOI mode: set */
		c->rotate_aeoi = true;
		break;
	case 0: /* rotate in automatic EOI mode: clear */
		c->rotate_aeoi = false;
		break;
	default: /* 2: no operation */
		break;
	}
}

/* 8259A "Operation command word 3": special mask, poll, read register. */
static void ocw3(struct pic_chip *c, uint8_t val)
{
	if ((val & 0x60) == 0x60)
		c->special_mask = true;
	else if ((val & 0x60) == 0x40)
		c->special_mask = false;
	if (val & 0x04)
		c->poll = true;
	if ((val & 0x03) == 0x02)
		c->read_isr = false;
	else if ((val & 0x03) == 0x03)
		c->read_isr = true;
}

static void data_write(struct pic_chip *c, uint8_t val)
{
	switch (c->init_step) {
	case 2: /* ICW2: x86 mode, T7-T3 */
		c->base = val & 0xf8;
		c->init_step = c->single ? (c->icw4_wanted ? 4 : 0) : 3;
		break;
	case 3: /* ICW3: master: inputs with a slave; slave: its ID */
		c->icw3 = val;
		c->init_step = c->icw4_wanted ? 4 : 0;
		break;
	case 4: /* ICW4: AEOI (bit 1), SFNM (bit 4); uPM and BUF ignored */
		c->auto_eoi = val & 0x02;
		c->sfnm = val & 0x10;
		c->init_step = 0;
		break;
	default: /* OCW1 */
		c->imr = val;
		break;
	}
}

/* 8259A "Poll command": the next read is the poll word, and an INTA. */
static uint8_t poll_read(struct pic *p, struct pic_chip *c, bool master)
{
	int ir = pending(c, master);

	c->poll = false;
	if (ir < 0)
		return 0;
	acknowledge(c, (unsigned int)ir);
	update(p);
	return (uint8_t)(0x80 | (unsigned int)ir);
}

uint8_t pic_read(struct pic *p, uint16_t port)
{
	struct pic_chip *c;
	bool master;

	switch (port) {
	case PIC_ELCR0:
	case PIC_ELCR1:
		return p->chip[port & 1].elcr;
	case PIC_MASTER_CMD:
	case PIC_MASTER_DATA:
	case PIC_SLAVE_CMD:
	case PIC_SLAVE_DATA:
		break;
	default:
		return 0xff;
	}
	master = port < PIC_SLAVE_CMD;
	c = &p->chip[!master];
	if (c->poll)
		return poll_read(p, c, master);
	if (port & 1)
		return c->imr;
	return c->read_isr ? c->isr : requests(c, master);
}

void pic_write(struct pic *p, uint16_t port, uint8_t val)
{
	struct pic_chip *c;

	switch (port) {
	case PIC_ELCR0:
	case PIC_ELCR1:
		c = &p->chip[port & 1];
		c->elcr = val & c->elcr_mask;
		update(p);
		return;
	case PIC_MASTER_CMD:
	case PIC_MASTER_DATA:
	case PIC_SLAVE_CMD:
	case PIC_SLAVE_DATA:
		break;
	default:
		return;
	}
	c = &p->chip[port >= PIC_SLAVE_CMD];
	if (port & 1)
		data_write(c, val);
	else if (val & 0x10)
		icw1(c, val);
	else if (val & 0x08)
		ocw3(c, val);
	else
		ocw2(c, val);
	update(p);
}
