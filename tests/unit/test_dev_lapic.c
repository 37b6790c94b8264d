// SPDX-License-Identifier: GPL-2.0-only
/*
 * dev/lapic.c against the AMD APM vol. 2 / Intel SDM vol. 3 local APIC
 * chapters: reset values, software enable and LVT masks, TPR/PPR, IRR/
 * ISR/TMR priority, EOI (and its level-triggered broadcast), spurious
 * vector, ESR, ICR delivery to self and to others, the timer in one-shot
 * and periodic modes with its divider, the x2APIC MSR view, and
 * arbitrary accesses.
 */
#include "dev/lapic.h"
#include "tests/lib/tap.h"

#define BUS_HZ 100000000u /* 10 ns per bus tick */
#define US     1000ull

static struct lapic l;
static int ipis, eois;
static uint32_t last_icr;
static uint8_t last_eoi;

static void ipi(void *ctx, uint32_t lo, uint32_t hi)
{
	(void)ctx;
	(void)hi;
	ipis++;
	last_icr = lo;
}

static void on_eoi(void *ctx, uint8_t v)
{
	(void)ctx;
	eois++;
	last_eoi = v;
}

static void setup(void)
{
	struct lapic_ops ops = { .ipi = ipi, .eoi = on_eoi };

	ipis = eois = 0;
	lapic_init(&l, 3, BUS_HZ, &ops);
}

static uint32_t rd(uint32_t off)
{
	return lapic_read(&l, off, 0);
}

static void wr(uint32_t off, uint32_t v)
{
	lapic_write(&l, off, v, 0);
}

static bool irr_has(unsigned int v)
{
	return rd(0x200 + (v >> 5) * 0x10) & (1u << (v & 31));
}

static void test_regs(void)
{
	setup();
	tap_eq(rd(0x020), 0x03000000, "ID in bits 31-24");
	tap_eq(rd(0x030), 0x00050010, "version 0x10, max LVT 5");
	tap_eq(rd(0x0f0), 0xff, "SVR reset: disabled, vector 0xff");
	tap_eq(rd(0x0e0), 0xffffffff, "DFR reset: flat");
	tap_eq(rd(0x320), 0x10000, "LVT timer masked at reset");
	tap_eq(rd(0x370), 0x10000, "LVT error masked at reset");
	wr(0x350, 0x700);
	tap_eq(rd(0x350), 0x10700, "disabled: LVT mask cannot be cleared");
	wr(0x0f0, 0x1ff);
	tap_eq(rd(0x0f0), 0x1ff, "SVR: software enabled");
	wr(0x350, 0x700);
	tap_eq(rd(0x350), 0x700, "enabled: LINT0 ExtINT unmasked");
	tap_check(lapic_extint(&l), "LINT0 ExtINT: PIC wired through");
	wr(0x350, 0xffffffff);
	tap_eq(rd(0x350), 0x1a7ff, "LINT0 writable bits; remote IRR RO");
	wr(0x320, 0xffffffff);
	tap_eq(rd(0x320), 0x300ff, "timer LVT: no TSC-deadline bit");
	wr(0x0f0, 0x0ff);
	tap_eq(rd(0x350) & 0x10000, 0x10000, "disabling masks every LVT");
	tap_check(!lapic_extint(&l), "masked LINT0: no ExtINT");
	wr(0x0f0, 0x1ff);
	wr(0x020, 0x05ffffff);
	tap_eq(rd(0x020), 0x05000000, "xAPIC ID writable, bits 31-24");
	wr(0x0d0, 0x12345678);
	tap_eq(rd(0x0d0), 0x12000000, "LDR bits 31-24");
	wr(0x0e0, 0x0);
	tap_eq(rd(0x0e0), 0x0fffffff, "DFR: cluster model, low bits 1");
	wr(0x080, 0x1ff);
	tap_eq(rd(0x080), 0xff, "TPR bits 7-0");
	wr(0x030, 0);
	tap_eq(rd(0x030), 0x00050010, "version is read only");
	tap_eq(lapic_read(&l, 0x024, 0), 0, "unaligned offset reads 0");
}

static void test_priority(void)
{
	setup();
	wr(0x0f0, 0x1ff);
	tap_eq(lapic_ack(&l), 0xff, "nothing pending: spurious vector");
	lapic_accept(&l, 0x31, false);
	lapic_accept(&l, 0x61, false);
	lapic_accept(&l, 0x52, false);
	tap_check(irr_has(0x61) && irr_has(0x52) && irr_has(0x31), "IRR bits");
	tap_eq(lapic_pending(&l), 0x61, "highest vector first");
	tap_eq(lapic_ack(&l), 0x61, "ack 0x61");
	tap_eq(rd(0x130), 0x2, "ISR bit 0x61 (ISR word 3, bit 1)");
	tap_eq(rd(0x0a0), 0x60, "PPR = ISRV class");
	tap_eq(lapic_pending(&l), -1, "0x52 blocked by 0x61 in service");
	wr(0x0b0, 0);
	tap_eq(rd(0x130), 0, "EOI clears the ISR bit");
	tap_eq(eois, 0, "edge vector: no EOI broadcast");
	wr(0x080, 0x50);
	tap_eq(rd(0x0a0), 0x50, "PPR = TPR");
	tap_eq(lapic_pending(&l), -1, "TPR class 5 blocks 0x52");
	wr(0x080, 0x4f);
	tap_eq(lapic_pending(&l), 0x52, "TPR 0x4f lets 0x52 in");
	lapic_ack(&l);
	wr(0x080, 0x30);
	tap_eq(rd(0x0a0), 0x50, "PPR: ISRV 0x52 class above TPR 0x30");
	lapic_accept(&l, 0x58, false);
	tap_eq(lapic_pending(&l), -1, "same class as in service: blocked");
	lapic_accept(&l, 0x62, false);
	tap_eq(lapic_ack(&l), 0x62, "nested higher class");
	wr(0x0b0, 0);
	tap_eq(rd(0x0a0), 0x50, "EOI ends the highest in service");
	wr(0x0b0, 0);
	wr(0x0b0, 0);
	wr(0x0b0, 0); /* extra EOIs: harmless */
	tap_eq(lapic_ack(&l), 0x58, "then 0x58");
	wr(0x0b0, 0);
	tap_eq(lapic_pending(&l), -1, "0x31 not above TPR class 3");
	wr(0x080, 0x00);
	tap_eq(lapic_ack(&l), 0x31, "then 0x31");
	wr(0x0b0, 0);

	lapic_accept(&l, 0x70, true);
	tap_eq(rd(0x1f0 - 0x10 * 4), 0x10000, "TMR bit for level 0x70");
	lapic_ack(&l);
	wr(0x0b0, 0);
	tap_check(eois == 1 && last_eoi == 0x70, "level EOI broadcast");

	wr(0x0f0, 0x0ff);
	lapic_accept(&l, 0x40, false);
	tap_eq(lapic_pending(&l), -1, "software disabled: nothing taken");
	wr(0x0f0, 0x1ff);
	tap_eq(lapic_pending(&l), 0x40, "held in IRR until enabled");
}

static void test_esr_icr(void)
{
	setup();
	wr(0x0f0, 0x1ff);
	lapic_accept(&l, 5, false);
	tap_check(!irr_has(5), "illegal vector not accepted");
	tap_eq(rd(0x280), 0, "ESR shows nothing before a write");
	wr(0x280, 0);
	tap_eq(rd(0x280), 0x40, "ESR: receive illegal vector");
	wr(0x280, 0);
	tap_eq(rd(0x280), 0, "next write clears it");
	wr(0x370, 0xfe); /* LVT error unmasked */
	rd(0x400);	 /* reserved register */
	tap_check(irr_has(0xfe), "error interrupt via LVT error");
	wr(0x280, 0);
	tap_eq(rd(0x280), 0x80, "ESR: illegal register address");

	wr(0x300, 0x00040080); /* self, fixed, 0x80 */
	tap_check(irr_has(0x80), "self IPI by shorthand");
	tap_eq(ipis, 0, "self IPI stays inside");
	wr(0x310, 0x03000000);
	wr(0x300, 0x00000081); /* physical dest 3 = self */
	tap_check(irr_has(0x81) && ipis == 0, "physical dest own ID: self");
	wr(0x310, 0x01000000);
	wr(0x300, 0x00000082);
	tap_check(!irr_has(0x82) && ipis == 1, "other dest: handed out");
	wr(0x300, 0x000c0083);
	tap_check(!irr_has(0x83) && ipis == 2, "all excluding self");
	wr(0x300, 0x00080084);
	tap_check(irr_has(0x84) && ipis == 3, "all including self: both");
	wr(0x300, 0x00044500); /* INIT to self */
	tap_check(ipis == 4 && last_icr == 0x00044500, "INIT handed out");
	wr(0x300, 0x00040003);
	tap_eq(ipis, 4, "illegal vector not sent");
	wr(0x280, 0);
	tap_eq(rd(0x280) & 0x20, 0x20, "ESR: send illegal vector");
	tap_eq(rd(0x300) & 0x1000, 0, "ICR delivery status idle");
	wr(0x0d0, 0x04000000); /* logical ID bit 2, flat */
	wr(0x300, 0x00000885);
	wr(0x310, 0x04000000);
	wr(0x300, 0x00000886);
	tap_check(irr_has(0x86) && !irr_has(0x85), "flat logical match");
}

static void test_timer(void)
{
	setup();
	wr(0x0f0, 0x1ff);
	wr(0x3e0, 0xb);	 /* divide by 1 */
	wr(0x320, 0x20); /* one-shot, vector 0x20 */
	lapic_write(&l, 0x380, 1000, 0);
	tap_eq(lapic_read(&l, 0x390, 5 * US), 500, "one-shot: current count");
	tap_eq(lapic_next_event(&l, 5 * US), 10 * US, "one-shot: next event");
	lapic_advance(&l, 10 * US - 1);
	tap_check(!irr_has(0x20), "not before expiry");
	lapic_advance(&l, 10 * US);
	tap_check(irr_has(0x20), "one-shot fires");
	tap_eq(lapic_read(&l, 0x390, 20 * US), 0, "one-shot stays at 0");
	tap_eq(lapic_next_event(&l, 20 * US), DEV_NEVER, "one shot only");
	lapic_ack(&l);
	wr(0x0b0, 0);

	/* Periodic, divide by 2: 2000 ticks = 20 us. */
	lapic_write(&l, 0x3e0, 0x0, 100 * US);
	lapic_write(&l, 0x320, 0x20020, 100 * US);
	lapic_write(&l, 0x380, 1000, 100 * US);
	tap_eq(lapic_read(&l, 0x390, 130 * US), 500, "periodic: count");
	lapic_advance(&l, 120 * US);
	tap_check(irr_has(0x20), "periodic: first period");
	lapic_ack(&l);
	wr(0x0b0, 0);
	lapic_advance(&l, 200 * US);
	tap_check(irr_has(0x20), "periodic: missed periods, one IRR");
	tap_eq(lapic_ack(&l), 0x20, "taken once");
	wr(0x0b0, 0);
	tap_eq(lapic_pending(&l), -1, "coalesced, not queued");
	tap_eq(lapic_next_event(&l, 200 * US), 220 * US, "next period");
	tap_eq(lapic_read(&l, 0x390, 210 * US), 500, "reloads each period");

	/* Divide change mid count: the remaining counts at the new rate. */
	lapic_write(&l, 0x320, 0x20, 300 * US);
	lapic_write(&l, 0x3e0, 0xb, 300 * US);
	lapic_write(&l, 0x380, 1000, 300 * US);
	lapic_write(&l, 0x3e0, 0x0, 302 * US); /* 800 left, now /2 */
	tap_eq(lapic_read(&l, 0x390, 302 * US), 800, "count kept");
	tap_eq(lapic_next_event(&l, 302 * US), 318 * US, "800 x 2 ticks");
	tap_eq(lapic_read(&l, 0x390, 310 * US), 400, "half rate");

	lapic_advance(&l, 318 * US);
	tap_eq(lapic_ack(&l), 0x20, "fired at the new rate");
	wr(0x0b0, 0);

	/* Masked: counts, no interrupt; 0 stops the timer. */
	lapic_write(&l, 0x320, 0x10020, 400 * US);
	lapic_write(&l, 0x380, 100, 400 * US);
	tap_eq(lapic_next_event(&l, 400 * US), DEV_NEVER, "masked: no event");
	lapic_advance(&l, 500 * US);
	tap_check(!irr_has(0x20), "masked: no interrupt");
	lapic_write(&l, 0x320, 0x20, 500 * US);
	tap_check(!irr_has(0x20), "unmasking does not replay an expiry");
	lapic_write(&l, 0x380, 100, 600 * US);
	lapic_write(&l, 0x380, 0, 601 * US);
	tap_eq(lapic_read(&l, 0x390, 601 * US), 0, "initial 0: stopped");
	tap_eq(lapic_next_event(&l, 601 * US), DEV_NEVER, "stopped: no event");
}

static void test_x2apic(void)
{
	uint64_t v;

	setup();
	tap_check(!lapic_msr_read(&l, 0x802, &v, 0), "xAPIC mode: MSRs #GP");
	l.x2apic = true;
	lapic_msr_write(&l, 0x80f, 0x1ff, 0);
	tap_check(lapic_msr_read(&l, 0x802, &v, 0) && v == 3, "x2APIC ID");
	tap_check(lapic_msr_read(&l, 0x80d, &v, 0) && v == 0x8, "x2APIC LDR");
	tap_check(!lapic_msr_write(&l, 0x80d, 0, 0), "LDR read only: #GP");
	tap_check(!lapic_msr_read(&l, 0x80e, &v, 0), "no DFR: #GP");
	tap_check(!lapic_msr_read(&l, 0x801, &v, 0), "reserved: #GP");
	tap_check(lapic_msr_write(&l, 0x83f, 0x91, 0), "SELF IPI");
	tap_eq(lapic_pending(&l), 0x91, "SELF IPI delivered");
	lapic_ack(&l);
	tap_check(!lapic_msr_write(&l, 0x80b, 1, 0), "EOI non-zero: #GP");
	tap_check(lapic_msr_write(&l, 0x80b, 0, 0), "EOI 0");
	tap_check(lapic_msr_write(&l, 0x830, (3ull << 32) | 0x92, 0),
		  "ICR is one 64-bit MSR");
	tap_eq(lapic_pending(&l), 0x92, "ICR to own x2APIC ID: self");
	tap_check(lapic_msr_read(&l, 0x830, &v, 0) &&
			  v == ((3ull << 32) | 0x92),
		  "ICR reads back 64 bits");
	tap_check(!lapic_msr_write(&l, 0x808, 1ull << 32, 0),
		  "high half set: #GP");
	tap_check(!lapic_msr_write(&l, 0x900, 0, 0), "outside 0x800-0x8ff");
}

static void test_fuzz(void)
{
	uint64_t x = 0x123456789abcdefull, now = 0, v;
	int i, bad = 0;

	setup();
	for (i = 0; i < 200000; i++) {
		tap_xorshift64(&x);
		now += (x >> 50);
		switch (x % 6) {
		case 0:
			lapic_write(&l, (uint32_t)(x >> 8) & 0xfff,
				    (uint32_t)(x >> 24), now);
			break;
		case 1:
			lapic_read(&l, (uint32_t)(x >> 8) & 0xfff, now);
			break;
		case 2:
			l.x2apic = (x >> 8) & 1;
			lapic_msr_write(&l, 0x800 + ((x >> 9) & 0xff), x >> 17,
					now);
			lapic_msr_read(&l, 0x800 + ((x >> 9) & 0xff), &v, now);
			break;
		case 3:
			lapic_accept(&l, (uint8_t)(x >> 8), (x >> 16) & 1);
			break;
		case 4:
			lapic_ack(&l);
			break;
		default:
			v = lapic_next_event(&l, now);
			if (v <= now)
				bad++;
			break;
		}
	}
	tap_eq(bad, 0, "random accesses: next event always ahead");
	lapic_advance(&l, UINT64_MAX);
	tap_check(1, "far future time is safe");
}

int main(void)
{
	test_regs();
	test_priority();
	test_esr_icr();
	test_timer();
	test_x2apic();
	test_fuzz();
	return tap_done();
}
