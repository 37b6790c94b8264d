// SPDX-License-Identifier: GPL-2.0-only
/*
 * dev/pic.c against the Intel 8259A datasheet: the ICW1-4 sequence, IMR,
 * IRR/ISR reads, priority and rotation, specific and non-specific EOI,
 * the cascade through IR2, automatic EOI, poll, spurious IRQ7/15, level
 * triggering through the ELCR, and arbitrary writes.
 */
#include "dev/pic.h"
#include "tests/lib/tap.h"

static bool intr;
static int intr_changes;

static void out_set(void *ctx, unsigned int irq, bool level)
{
	(void)ctx;
	(void)irq;
	intr = level;
	intr_changes++;
}

static struct pic p;

/* Linux's init_8259A(): ICW1 0x11, vectors 0x30/0x38, cascade, 8086. */
static void linux_init(bool aeoi)
{
	struct irq_line out = { .set = out_set };

	pic_init(&p, &out);
	pic_write(&p, 0x21, 0xff);
	pic_write(&p, 0xa1, 0xff);
	pic_write(&p, 0x20, 0x11);
	pic_write(&p, 0x21, 0x30);
	pic_write(&p, 0x21, 0x04);
	pic_write(&p, 0x21, aeoi ? 0x03 : 0x01);
	pic_write(&p, 0xa0, 0x11);
	pic_write(&p, 0xa1, 0x38);
	pic_write(&p, 0xa1, 0x02);
	pic_write(&p, 0xa1, 0x01);
	pic_write(&p, 0x21, 0x00);
	pic_write(&p, 0xa1, 0x00);
}

static void pulse(unsigned int irq)
{
	pic_set_irq(&p, irq, true);
	pic_set_irq(&p, irq, false);
}

static void test_init(void)
{
	linux_init(false);
	tap_eq(pic_read(&p, 0x21), 0, "OCW1 after init: IMR 0");
	pic_write(&p, 0x21, 0xa5);
	tap_eq(pic_read(&p, 0x21), 0xa5, "IMR reads back");
	pic_write(&p, 0x21, 0);
	tap_eq(pic_read(&p, 0x20), 0, "IRR read by default, empty");
	tap_check(!intr, "no INTR");
	tap_eq(p.chip[0].base, 0x30, "ICW2 master base");
	tap_eq(p.chip[1].base, 0x38, "ICW2 slave base");

	/* ICW1 with IC4=0, SNGL=1: ICW2 only, then OCW1. */
	pic_write(&p, 0x20, 0x12);
	pic_write(&p, 0x21, 0x47);
	tap_eq(p.chip[0].base, 0x40, "ICW2 ignores T2-T0");
	pic_write(&p, 0x21, 0x3c);
	tap_eq(pic_read(&p, 0x21), 0x3c, "single, no ICW4: next byte is OCW1");
	tap_check(!p.chip[0].auto_eoi, "IC4=0 clears AEOI");
}

static void test_priority_eoi(void)
{
	linux_init(false);
	pulse(3);
	pulse(1);
	tap_check(intr, "INTR raised by IRQ1/3 edges");
	tap_eq(pic_read(&p, 0x20), 0x0a, "IRR latched both edges");
	tap_eq(pic_ack(&p), 0x31, "IRQ1 first (higher priority)");
	pic_write(&p, 0x20, 0x0b); /* OCW3: read ISR */
	tap_eq(pic_read(&p, 0x20), 0x02, "ISR bit 1 set");
	pic_write(&p, 0x20, 0x0a); /* read IRR */
	tap_eq(pic_read(&p, 0x20), 0x08, "IRR bit 1 cleared by INTA");
	tap_check(!intr, "IRQ3 held back by IRQ1 in service");
	pulse(0);
	tap_check(intr, "IRQ0 outranks IRQ1 in service");
	tap_eq(pic_ack(&p), 0x30, "nested IRQ0");
	pic_write(&p, 0x20, 0x20); /* non-specific EOI: IRQ0 */
	pic_write(&p, 0x20, 0x0b);
	tap_eq(pic_read(&p, 0x20), 0x02, "non-specific EOI ends the highest");
	tap_check(!intr, "IRQ3 still behind IRQ1");
	pic_write(&p, 0x20, 0x61); /* specific EOI IR1 */
	tap_eq(pic_read(&p, 0x20), 0, "specific EOI clears ISR1");
	tap_check(intr, "IRQ3 now signalled");
	tap_eq(pic_ack(&p), 0x33, "IRQ3 delivered");
	pic_write(&p, 0x20, 0x20);

	/* Masking: IRR still latches, INTR does not rise. */
	pic_write(&p, 0x21, 0x10);
	pulse(4);
	tap_check(!intr, "masked IRQ4 does not raise INTR");
	pic_write(&p, 0x20, 0x0a);
	tap_eq(pic_read(&p, 0x20), 0x10, "masked IRQ4 is in IRR");
	pic_write(&p, 0x21, 0x00);
	tap_check(intr, "unmasking raises INTR");
	tap_eq(pic_ack(&p), 0x34, "IRQ4 delivered after unmask");
	pic_write(&p, 0x20, 0x20);

	/* A held edge line does not request again. */
	pic_set_irq(&p, 5, true);
	tap_eq(pic_ack(&p), 0x35, "IRQ5 edge");
	pic_write(&p, 0x20, 0x20);
	tap_check(!intr, "high line without new edge: no request");
	pic_set_irq(&p, 5, false);

	/* Rotation: set priority (lowest = 4) makes IR5 the highest. */
	pic_write(&p, 0x20, 0xc4);
	pulse(1);
	pulse(6);
	tap_eq(pic_ack(&p), 0x36, "after set-priority IR6 beats IR1");
	/* Rotate on non-specific EOI: IR6 becomes lowest, IR7 highest. */
	pic_write(&p, 0x20, 0xa0);
	tap_eq(p.chip[0].lowest, 6, "rotate on non-specific EOI");
	pulse(7);
	tap_eq(pic_ack(&p), 0x37, "IR7 now highest");
	pic_write(&p, 0x20, 0xe7); /* rotate on specific EOI 7 */
	tap_eq(p.chip[0].lowest, 7, "rotate on specific EOI");
	tap_eq(pic_ack(&p), 0x31, "IR1 back to normal order");
	pic_write(&p, 0x20, 0x20);
}

static void test_cascade(void)
{
	linux_init(false);
	pulse(12);
	tap_check(intr, "slave IRQ12 raises INTR via IR2");
	tap_eq(pic_ack(&p), 0x3c, "vector from slave base");
	tap_eq(p.chip[0].isr, 0x04, "master ISR2");
	tap_eq(p.chip[1].isr, 0x10, "slave ISR4");
	pulse(9);
	tap_check(!intr, "IRQ9 waits for IR2 in service (not SFNM)");
	pic_write(&p, 0xa0, 0x20);
	pic_write(&p, 0x20, 0x20);
	tap_check(intr, "IRQ9 after both EOIs");
	tap_eq(pic_ack(&p), 0x39, "IRQ9 delivered");
	pic_write(&p, 0xa0, 0x20);
	pic_write(&p, 0x20, 0x20);
	tap_check(!intr, "idle");

	/* Special fully nested mode on the master (ICW4 0x11). */
	pic_write(&p, 0x20, 0x11);
	pic_write(&p, 0x21, 0x30);
	pic_write(&p, 0x21, 0x04);
	pic_write(&p, 0x21, 0x11);
	pic_write(&p, 0x21, 0x00);
	pulse(12);
	tap_eq(pic_ack(&p), 0x3c, "SFNM: IRQ12");
	pulse(9);
	tap_check(intr, "SFNM: higher slave IRQ9 gets through");
	tap_eq(pic_ack(&p), 0x39, "SFNM: nested IRQ9");
}

static void test_spurious_level(void)
{
	linux_init(false);
	tap_eq(pic_ack(&p), 0x37, "INTA with nothing: spurious IRQ7");
	tap_eq(p.chip[0].isr, 0, "spurious sets no ISR bit");

	/* Level triggered IRQ10 through the ELCR. */
	pic_write(&p, 0x4d1, 0xff);
	tap_eq(pic_read(&p, 0x4d1), 0xde, "ELCR1: IRQ8 and IRQ13 stay edge");
	pic_write(&p, 0x4d0, 0xff);
	tap_eq(pic_read(&p, 0x4d0), 0xf8, "ELCR0: IRQ0-2 stay edge");
	pic_set_irq(&p, 10, true);
	tap_check(intr, "level IRQ10 high");
	pic_set_irq(&p, 10, false);
	tap_check(!intr, "level request drops with the line");
	tap_eq(pic_ack(&p), 0x37, "master sees nothing: IRQ7");
	pic_set_irq(&p, 10, true);
	tap_eq(pic_ack(&p), 0x3a, "level IRQ10 acked");
	pic_write(&p, 0xa0, 0x20);
	pic_write(&p, 0x20, 0x20);
	tap_check(intr, "still high after EOI: requests again");
	pic_set_irq(&p, 10, false);
}

static void test_aeoi_poll_smm(void)
{
	linux_init(true);
	pulse(3);
	tap_eq(pic_ack(&p), 0x33, "AEOI IRQ3");
	tap_eq(p.chip[0].isr, 0, "AEOI: no ISR bit");
	pulse(3);
	tap_check(intr, "AEOI: next IRQ3 at once");
	pic_ack(&p);

	linux_init(false);
	pulse(6);
	pulse(4);
	pic_write(&p, 0x20, 0x0c); /* OCW3 poll */
	tap_eq(pic_read(&p, 0x20), 0x84, "poll word: I=1, level 4");
	tap_eq(p.chip[0].isr, 0x10, "poll acknowledged IRQ4");
	tap_eq(pic_read(&p, 0x20), 0x40, "next read is IRR again");
	pic_write(&p, 0x20, 0x20);
	pic_write(&p, 0x20, 0x0c);
	tap_eq(pic_read(&p, 0x21), 0x86, "poll via data port: level 6");
	pic_write(&p, 0x20, 0x20);
	pic_write(&p, 0x20, 0x0c);
	tap_eq(pic_read(&p, 0x20), 0x00, "poll with nothing: I=0");

	/* Special mask mode: masking the level in service lets lower in. */
	pulse(1);
	pic_ack(&p);
	pulse(5);
	tap_check(!intr, "IRQ5 blocked by IRQ1 in service");
	pic_write(&p, 0x21, 0x02);
	pic_write(&p, 0x20, 0x68); /* set special mask */
	tap_check(intr, "SMM: IRQ5 through with IR1 masked");
	tap_eq(pic_ack(&p), 0x35, "SMM: IRQ5");
	pic_write(&p, 0x20, 0x48); /* reset special mask */
	tap_check(!p.chip[0].special_mask, "SMM reset");
}

static void test_fuzz(void)
{
	uint64_t x = 0x9e3779b97f4a7c15ull;
	static const uint16_t ports[] = { 0x20,	 0x21,	0xa0, 0xa1,
					  0x4d0, 0x4d1, 0x22, 0xa2 };
	int i, bad = 0;

	linux_init(false);
	for (i = 0; i < 200000; i++) {
		tap_xorshift64(&x);
		switch (x % 5) {
		case 0:
			pic_write(&p, ports[(x >> 8) & 7], (uint8_t)(x >> 16));
			break;
		case 1:
			pic_read(&p, ports[(x >> 8) & 7]);
			break;
		case 2:
			pic_set_irq(&p, (x >> 8) & 31, (x >> 16) & 1);
			break;
		default:
			if (pic_intr(&p))
				pic_ack(&p);
			break;
		}
		if (p.chip[0].lowest > 7 || p.chip[1].lowest > 7 ||
		    p.chip[0].init_step > 4 || pic_intr(&p) != intr)
			bad++;
	}
	tap_eq(bad, 0, "random writes keep the state in range");
	tap_eq(pic_read(&p, 0x22), 0xff, "undecoded port reads 0xff");
}

int main(void)
{
	test_init();
	test_priority_eoi();
	test_cascade();
	test_spurious_level();
	test_aeoi_poll_smm();
	test_fuzz();
	return tap_done();
}
