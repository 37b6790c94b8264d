// SPDX-License-Identifier: GPL-2.0-only
/*
 * idle-timer: an idle guest on the emulated PC. The PIT runs at 250 Hz
 * into the 8259A (vector 0x30, reaching the CPU through the local APIC's
 * LINT0 in virtual-wire mode, as the hypervisor's platform starts); the
 * guest sleeps in HLT with interrupts on and counts ticks. Checks that
 * the ticks arrive and that every HLT waited for one (a HLT that returned
 * without an interrupt would spin the loop to its bound), and prints the
 * exits per tick for `make bench` (docs/bench-platform.md).
 */
#include "guest.h"

#define TICKS	 250
#define PIT_HZ	 1193182u
#define PIT_DIV	 (PIT_HZ / 250u)
#define IRQ0_VEC 0x30

struct gate {
	uint16_t off_lo, sel;
	uint8_t ist, type;
	uint16_t off_mid;
	uint32_t off_hi, rsvd;
} __attribute__((packed));

static struct gate idt[256] __attribute__((aligned(16)));
/* Global: the handler below names it. */
volatile uint32_t ticks;

void irq0_isr(void);
/* The handler: count, EOI to the master 8259A, return. */
__asm__(".text\n"
	".globl irq0_isr\n"
	"irq0_isr:\n"
	"push %rax\n"
	"lock incl ticks(%rip)\n"
	"mov $0x20, %al\n"
	"out %al, $0x20\n"
	"pop %rax\n"
	"iretq\n");

static void load_idt(void)
{
	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) p = { sizeof(idt) - 1, (uint64_t)idt };
	uint64_t a = (uint64_t)irq0_isr;
	uint16_t cs;

	__asm__ volatile("mov %%cs, %0" : "=r"(cs));
	idt[IRQ0_VEC] = (struct gate){
		.off_lo = (uint16_t)a,
		.sel = cs,
		.type = 0x8e,
		.off_mid = (uint16_t)(a >> 16),
		.off_hi = (uint32_t)(a >> 32),
	};
	__asm__ volatile("lidt %0" : : "m"(p));
}

static void pic_init(void)
{
	outb(0x20, 0x11); /* ICW1: edge, cascade, ICW4 */
	outb(0x21, IRQ0_VEC);
	outb(0x21, 0x04);
	outb(0x21, 0x01);
	outb(0xa0, 0x11);
	outb(0xa1, IRQ0_VEC + 8);
	outb(0xa1, 0x02);
	outb(0xa1, 0x01);
	outb(0xa1, 0xff);
	outb(0x21, 0xfe); /* IRQ0 only */
}

static inline uint64_t rdtsc_(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

int guest_main(const struct guest_boot *boot)
{
	uint64_t e0, e1, t0, t1, halts = 0;
	uint32_t last = 0, jumps = 0;

	(void)boot;
	load_idt();
	pic_init();
	outb(0x43, 0x34); /* channel 0, LSB then MSB, mode 2 */
	outb(0x40, PIT_DIV & 0xff);
	outb(0x40, PIT_DIV >> 8);
	e0 = exit_count(HC_COUNT_ALL);
	t0 = rdtsc_();
	while (ticks < TICKS && halts < 100 * TICKS) {
		__asm__ volatile("sti; hlt; cli" ::: "memory");
		halts++;
		if (ticks > last + 1)
			jumps++;
		last = ticks;
	}
	t1 = rdtsc_();
	e1 = exit_count(HC_COUNT_ALL);
	outb(0x21, 0xff);
	report(ticks >= TICKS, "%u PIT ticks arrived (%llu HLTs)", ticks,
	       (unsigned long long)halts);
	report(halts <= TICKS, "each HLT slept until a tick (%llu HLTs)",
	       (unsigned long long)halts);
	/* Two ticks in one wake-up: owed ticks caught up (hv/pc.c). */
	printf("bench: idle-timer ticks=%u halts=%llu doubles=%u exits=%llu cycles=%llu\n",
	       ticks, (unsigned long long)halts, jumps,
	       (unsigned long long)(e1 - e0), (unsigned long long)(t1 - t0));
	return report_summary();
}
