// SPDX-License-Identifier: GPL-2.0-only
/*
 * The 8254 timer's ports (Intel 8254 Programmable Interval Timer
 * datasheet, "8254" below): control word, counter latch and read-back
 * commands, count access, gates, IRQ0 and port 0x61. The counting itself
 * is computed from time in dev/pit_count.c.
 */
#include <string.h>

#include "dev/pit.h"

/* Time never runs backwards here: an earlier now counts as the last. */
static uint64_t ticks(struct pit *p, uint64_t now)
{
	uint64_t t = dev_ns_to_ticks(now, PIT_HZ);

	if (t < p->last)
		t = p->last;
	p->last = t;
	return t;
}

static void irq_update(struct pit *p, uint64_t t)
{
	struct pit_channel *c = &p->ch[0];
	uint64_t r, pulses = 0;
	uint32_t v;
	bool out;

	if (c->switch_at != DEV_NEVER && t >= c->switch_at) {
		r = pit_ch_rises(c, c->switch_at);
		pulses += r > p->edges ? r - p->edges : 0;
		pit_ch_sync(c, t);
		p->edges = 0;
	}
	r = pit_ch_rises(c, t);
	pulses += r > p->edges ? r - p->edges : 0;
	p->edges = r;
	pit_ch_wave(c, t, &v, &out);
	p->rises += pulses;
	/* Edges the caller did not see one by one still reach the PIC, as
	 * one edge: its IRR latches once until acknowledged. */
	if (pulses) {
		if (p->irq_level)
			irq_line_set(&p->irq, 0, false);
		irq_line_set(&p->irq, 0, true);
		p->irq_level = true;
	}
	if (out != p->irq_level) {
		p->irq_level = out;
		irq_line_set(&p->irq, 0, out);
	}
}

/* Everything up to tick t, before a change at t. */
static void catch_up(struct pit *p, uint64_t t)
{
	irq_update(p, t);
	pit_ch_sync(&p->ch[1], t);
	pit_ch_sync(&p->ch[2], t);
}

/* After a change of channel 0 at t: count edges from here. */
static void rebase(struct pit *p, unsigned int ch, uint64_t t)
{
	if (ch == 0) {
		p->edges = pit_ch_rises(&p->ch[0], t);
		irq_update(p, t);
	}
}

static uint16_t encode(const struct pit_channel *c, uint32_t v)
{
	if (!c->bcd)
		return (uint16_t)v;
	return (uint16_t)(((v / 1000u % 10u) << 12) | ((v / 100u % 10u) << 8) |
			  ((v / 10u % 10u) << 4) | (v % 10u));
}

static void latch_count(struct pit_channel *c, uint64_t t)
{
	uint32_t v;
	bool out;

	if (c->latched) /* 8254: a second latch is ignored */
		return;
	pit_ch_wave(c, t, &v, &out);
	c->latch = encode(c, v);
	c->latched = true;
	c->latch_msb = c->rw == 2;
}

/* 8254 "Read-Back Command", status byte. */
static void latch_status(struct pit_channel *c, uint64_t t)
{
	uint32_t v;
	bool out;

	if (c->status_latched)
		return;
	pit_ch_wave(c, t, &v, &out);
	c->status = (uint8_t)((out ? 0x80 : 0) |
			      (t < c->null_until ? 0x40 : 0) | c->ctrl);
	c->status_latched = true;
}

static void control(struct pit *p, uint8_t val, uint64_t t)
{
	unsigned int sc = val >> 6, i;
	struct pit_channel *c;

	if (sc == 3) {
		for (i = 0; i < 3; i++) {
			if (!(val & (2u << i)))
				continue;
			if (!(val & 0x20))
				latch_count(&p->ch[i], t);
			if (!(val & 0x10))
				latch_status(&p->ch[i], t);
		}
		return;
	}
	c = &p->ch[sc];
	if (!(val & 0x30)) { /* counter latch command */
		latch_count(c, t);
		return;
	}
	/* 8254 "Control Word": control logic reset, OUT to its initial
	 * state (low in mode 0, high otherwise), counting stops. */
	c->ctrl = val & 0x3f;
	c->rw = (val >> 4) & 3u;
	c->mode = (val >> 1) & 7u;
	if (c->mode > 5)
		c->mode -= 4;
	c->bcd = val & 1;
	c->have_count = false;
	c->started = false;
	c->running = false;
	c->switch_at = DEV_NEVER;
	c->null_until = DEV_NEVER;
	c->write_msb = false;
	c->read_msb = false;
	c->latched = false;
	c->status_latched = false;
	rebase(p, sc, t);
}

static void count_write(struct pit *p, unsigned int ch, uint8_t val, uint64_t t)
{
	struct pit_channel *c = &p->ch[ch];

	switch (c->rw) {
	case 1:
		pit_ch_load(c, val, t);
		break;
	case 2:
		pit_ch_load(c, (uint16_t)(val << 8), t);
		break;
	default:
		if (!c->write_msb) {
			c->lsb = val;
			c->write_msb = true;
			/* 8254 "Mode 0": the first byte stops counting. */
			if (c->mode == 0 && c->started) {
				c->started = false;
				c->running = false;
			}
			break;
		}
		c->write_msb = false;
		pit_ch_load(c, (uint16_t)(c->lsb | (val << 8)), t);
		break;
	}
	rebase(p, ch, t);
}

static uint8_t count_read(struct pit_channel *c, uint64_t t)
{
	uint32_t v;
	uint16_t w;
	bool out, msb;

	if (c->status_latched) {
		c->status_latched = false;
		return c->status;
	}
	if (c->latched) {
		msb = c->latch_msb;
		if (c->rw == 3 && !msb)
			c->latch_msb = true;
		else
			c->latched = false;
		return (uint8_t)(msb ? c->latch >> 8 : c->latch);
	}
	pit_ch_wave(c, t, &v, &out);
	w = encode(c, v);
	switch (c->rw) {
	case 1:
		return (uint8_t)w;
	case 2:
		return (uint8_t)(w >> 8);
	default:
		msb = c->read_msb;
		c->read_msb = !msb;
		return (uint8_t)(msb ? w >> 8 : w);
	}
}

void pit_set_gate(struct pit *p, unsigned int ch, bool level, uint64_t now)
{
	uint64_t t = ticks(p, now);
	struct pit_channel *c;

	if (ch > 2)
		return;
	catch_up(p, t);
	c = &p->ch[ch];
	if (level == c->gate)
		return;
	c->gate = level;
	if (level) {
		/* 8254 "Gate": a rising edge triggers modes 1, 5 and
		 * reloads modes 2, 3; modes 0, 4 resume counting. */
		if (c->have_count &&
		    (pit_ch_triggered(c) || c->mode == 2 || c->mode == 3)) {
			pit_ch_begin(c, t);
		} else if (c->started && !c->running) {
			c->start = t >= c->frozen ? t - c->frozen : 0;
			c->running = true;
		}
	} else if (c->started && c->running && !pit_ch_triggered(c)) {
		/* low: counting stops; modes 2, 3 also force OUT high */
		c->frozen = pit_ch_elapsed(c, t);
		c->running = false;
		c->switch_at = DEV_NEVER;
	}
	rebase(p, ch, t);
}

bool pit_out(struct pit *p, unsigned int ch, uint64_t now)
{
	uint64_t t = ticks(p, now);
	uint32_t v;
	bool out;

	if (ch > 2)
		return false;
	catch_up(p, t);
	pit_ch_wave(&p->ch[ch], t, &v, &out);
	return out;
}

void pit_advance(struct pit *p, uint64_t now)
{
	catch_up(p, ticks(p, now));
}

uint64_t pit_next_event(struct pit *p, uint64_t now)
{
	uint64_t t = ticks(p, now);

	catch_up(p, t);
	return dev_ticks_to_ns(pit_ch_next_rise(&p->ch[0], t), PIT_HZ);
}

uint8_t pit_read(struct pit *p, uint16_t port, uint64_t now)
{
	uint64_t t = ticks(p, now);
	uint8_t v;

	catch_up(p, t);
	switch (port) {
	case 0x40:
	case 0x41:
	case 0x42:
		return count_read(&p->ch[port - 0x40], t);
	case PIT_PORT_B:
		/* PC/AT system control port B: bit 4 toggles with memory
		 * refresh (15.085 us), bit 5 is channel 2's OUT. */
		v = p->port_b;
		if ((now / 15085u) & 1u)
			v |= 0x10;
		if (pit_out(p, 2, now))
			v |= 0x20;
		return v;
	default: /* 0x43: "no operation (3-state)" */
		return 0xff;
	}
}

void pit_write(struct pit *p, uint16_t port, uint8_t val, uint64_t now)
{
	uint64_t t = ticks(p, now);

	catch_up(p, t);
	switch (port) {
	case 0x40:
	case 0x41:
	case 0x42:
		count_write(p, port - 0x40u, val, t);
		break;
	case PIT_PORT_CTRL:
		control(p, val, t);
		break;
	case PIT_PORT_B:
		/* bit 0 gate 2, bit 1 speaker data, bits 2-3 NMI sources
		 * enable (kept, nothing raises them) */
		p->port_b = val & 0x0f;
		pit_set_gate(p, 2, val & 1, now);
		break;
	default:
		break;
	}
}

void pit_init(struct pit *p, const struct irq_line *irq)
{
	unsigned int i;

	memset(p, 0, sizeof(*p));
	if (irq)
		p->irq = *irq;
	p->irq_level = true; /* an idle mode 3 channel's OUT is high */
	for (i = 0; i < 3; i++) {
		struct pit_channel *c = &p->ch[i];

		c->gate = i < 2; /* gate 2 is port 0x61 bit 0 */
		c->rw = 3;
		c->mode = 3;
		c->ctrl = 0x36;
		c->n = c->reload = 65536;
		c->switch_at = DEV_NEVER;
		c->null_until = DEV_NEVER;
	}
}
