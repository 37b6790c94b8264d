// SPDX-License-Identifier: GPL-2.0-only
/*
 * The host side of interrupts (hv/host_irq.h).
 *
 * IDT: 256 interrupt gates onto the stubs below. Exceptions
 * in the hypervisor itself (vectors 0-31 but NMI) end the run with a
 * PANIC line saying where. The timer vector counts a tick and EOIs. An
 * NMI or another vector is counted, logged once, and EOIed if it came
 * through the APIC: the hypervisor owns no device that should
 * interrupt it (the firmware's 8259A inputs are masked here).
 *
 * Timer: the host local APIC timer in one-shot mode (SDM "APIC Timer"),
 * through x2APIC MSRs when the firmware left the APIC in x2APIC mode,
 * else through the xAPIC page (identity-mapped by the firmware's page
 * tables, which the hypervisor keeps). Its rate is measured against the
 * TSC once (hv/clock.h).
 */
#include <stddef.h>

#include "hv/clock.h"
#include "hv/host_irq.h"
#include "hv/platform.h"
#include "include/log.h"
#include "include/x86.h"

#define HOST_TIMER_VECTOR    0xef
#define HOST_SPURIOUS_VECTOR 0xff
#define NMI_VECTOR	     2
#define HOST_TICK_MAX_NS     10000000ull /* 10 ms */

#define APIC_BASE_MSR	0x1bu
#define APIC_BASE_EXTD	(1ull << 10)
#define APIC_BASE_EN	(1ull << 11)
#define APIC_ADDR_MASK	0x000ffffffffff000ull
/* xAPIC register offsets; the x2APIC MSR is 0x800 + offset / 16. */
#define APIC_EOI	0x0b0
#define APIC_SVR	0x0f0
#define APIC_LVT_TIMER	0x320
#define APIC_LVT_LINT0	0x350
#define APIC_TIMER_INIT 0x380
#define APIC_TIMER_CUR	0x390
#define APIC_TIMER_DIV	0x3e0
#define APIC_SVR_ENABLE (1u << 8)
#define APIC_LVT_MASKED (1u << 16)
#define APIC_DIV_1	0xb

struct host_irq_frame {
	uint64_t r11, r10, r9, r8, rdi, rsi, rdx, rcx, rax;
	uint64_t vector, error;
	uint64_t rip, cs, rflags, rsp, ss;
};

struct idt_gate {
	uint16_t off_lo, sel;
	uint8_t ist, type;
	uint16_t off_mid;
	uint32_t off_hi, rsvd;
} __attribute__((packed));

_Static_assert(sizeof(struct idt_gate) == 16, "IDT gate size");

extern char host_irq_stubs[];
void host_irq_dispatch(struct host_irq_frame *f);

/*
 * One 16-byte stub per IDT vector: push a zero where the CPU pushes no
 * error code (APM "Error Codes"), push the vector, and go to the common
 * path, which saves the caller-saved registers, calls
 * host_irq_dispatch(frame) and returns with IRETQ. The hypervisor is
 * built with -mgeneral-regs-only and -mno-red-zone, so no vector state
 * and no red zone need keeping. The CPU aligns RSP to 16 before pushing
 * its frame; with the two pushes here and nine registers the call
 * below sees the alignment the ABI wants.
 */
__asm__(".text\n"
	".balign 16\n"
	"host_irq_stubs:\n"
	"vec = 0\n"
	".rept 256\n"
	".balign 16\n"
	".if (vec == 8) || (vec == 10) || (vec == 11) || (vec == 12) || "
	"(vec == 13) || (vec == 14) || (vec == 17) || (vec == 21) || "
	"(vec == 29) || (vec == 30)\n"
	".else\n"
	"pushq $0\n"
	".endif\n"
	"pushq $vec\n"
	"jmp host_irq_common\n"
	"vec = vec + 1\n"
	".endr\n"
	"host_irq_common:\n"
	"push %rax\n push %rcx\n push %rdx\n push %rsi\n push %rdi\n"
	"push %r8\n push %r9\n push %r10\n push %r11\n"
	"mov %rsp, %rdi\n"
	"cld\n"
	"call host_irq_dispatch\n"
	"pop %r11\n pop %r10\n pop %r9\n pop %r8\n"
	"pop %rdi\n pop %rsi\n pop %rdx\n pop %rcx\n pop %rax\n"
	"add $16, %rsp\n"
	"iretq\n");

static struct idt_gate idt[256] __attribute__((aligned(16)));

static struct {
	bool x2apic;
	volatile uint32_t *mmio;
	bool ok;
	uint64_t ticks_per_ns_32; /* APIC timer ticks per ns, 32.32 */
	uint64_t armed;		  /* deadline last armed, ns */
	uint64_t ticks, nmis, others;
} host;

static uint32_t apic_read(uint32_t off)
{
	if (host.x2apic)
		return (uint32_t)rdmsr(0x800u + off / 16);
	return host.mmio[off / 4];
}

static void apic_write(uint32_t off, uint32_t v)
{
	if (host.x2apic)
		wrmsr(0x800u + off / 16, v);
	else
		host.mmio[off / 4] = v;
}

void host_irq_dispatch(struct host_irq_frame *f)
{
	if (f->vector == HOST_TIMER_VECTOR) {
		host.ticks++;
		host.armed = 0; /* it fired: the next arm must write */
		apic_write(APIC_EOI, 0);
		return;
	}
	if (f->vector == NMI_VECTOR) {
		if (!host.nmis++)
			log_warn(
				"host: NMI taken by the hypervisor (ignored; logged once)");
		return;
	}
	if (f->vector < 32) {
		hv_printf("HV: hypervisor exception %llu (error code 0x%llx) at RIP 0x%llx, RSP 0x%llx\n",
			  (unsigned long long)f->vector,
			  (unsigned long long)f->error,
			  (unsigned long long)f->rip,
			  (unsigned long long)f->rsp);
		hv_shutdown(HV_PANIC);
	}
	if (!host.others++)
		log_warn("host: unexpected interrupt vector 0x%llx (ignored; logged once)",
			 (unsigned long long)f->vector);
	if (f->vector != HOST_SPURIOUS_VECTOR && host.ok)
		apic_write(APIC_EOI, 0);
}

static void load_idt(void)
{
	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) idtr = { sizeof(idt) - 1, (uint64_t)idt };
	uint16_t cs;

	__asm__ volatile("mov %%cs, %0" : "=r"(cs));
	for (unsigned v = 0; v < 256; v++) {
		uint64_t a = (uint64_t)host_irq_stubs + 16ull * v;

		idt[v] = (struct idt_gate){
			.off_lo = (uint16_t)a,
			.sel = cs,
			.type = 0x8e, /* present, DPL 0, 64-bit interrupt gate */
			.off_mid = (uint16_t)(a >> 16),
			.off_hi = (uint32_t)(a >> 32),
		};
	}
	__asm__ volatile("lidt %0" : : "m"(idtr));
}

/* Ticks of the APIC timer (divide by 1) across 10 ms of TSC. */
static uint64_t measure_apic_hz(void)
{
	uint64_t hz = clock_tsc_hz(), t0, left;

	apic_write(APIC_TIMER_DIV, APIC_DIV_1);
	apic_write(APIC_LVT_TIMER, APIC_LVT_MASKED | HOST_TIMER_VECTOR);
	apic_write(APIC_TIMER_INIT, 0xffffffffu);
	t0 = rdtsc();
	while (rdtsc() - t0 < hz / 100)
		;
	left = apic_read(APIC_TIMER_CUR);
	apic_write(APIC_TIMER_INIT, 0);
	return (0xffffffffull - left) * 100;
}

bool host_irq_init(void)
{
	uint64_t base = rdmsr(APIC_BASE_MSR), apic_hz;

	load_idt();
	/* The firmware's 8259A pair: every input masked. */
	outb(0x21, 0xff);
	outb(0xa1, 0xff);
	if (!(base & APIC_BASE_EN)) {
		log_err("host: the local APIC is disabled: no host timer, a guest that never exits cannot be stopped");
		return false;
	}
	host.x2apic = base & APIC_BASE_EXTD;
	host.mmio = (volatile uint32_t *)(uintptr_t)(base & APIC_ADDR_MASK);
	host.ok = true;
	apic_write(APIC_SVR, APIC_SVR_ENABLE | HOST_SPURIOUS_VECTOR);
	apic_write(APIC_LVT_LINT0, APIC_LVT_MASKED);
	apic_hz = measure_apic_hz();
	if (apic_hz < 1000) {
		log_err("host: the local APIC timer does not count: no host timer");
		host.ok = false;
		return false;
	}
	host.ticks_per_ns_32 = ((apic_hz / 1000000000ull) << 32) +
			       ((apic_hz % 1000000000ull) << 32) /
				       1000000000ull;
	apic_write(APIC_LVT_TIMER, HOST_TIMER_VECTOR); /* one-shot */
	log_info("host: IDT loaded, %s APIC timer %llu kHz, vector 0x%x",
		 host.x2apic ? "x2APIC" : "xAPIC",
		 (unsigned long long)(apic_hz / 1000), HOST_TIMER_VECTOR);
	return true;
}

void host_timer_arm(uint64_t ns)
{
	uint64_t now, count, delta;

	if (!host.ok || ns == host.armed)
		return;
	now = clock_ns();
	delta = ns > now ? ns - now : 0;
	/*
	 * The timer's rate is measured, not known (under QEMU's emulation
	 * it was seen off by a factor of two): a deadline further out is
	 * reached in steps of at most HOST_TICK_MAX_NS, each one an exit
	 * that re-arms for the rest, so a late step costs that much at
	 * most.
	 */
	if (delta > HOST_TICK_MAX_NS) {
		delta = HOST_TICK_MAX_NS;
		ns = 0; /* not the deadline: arm again next time */
	}
	count = (uint64_t)(((unsigned __int128)delta * host.ticks_per_ns_32) >>
			   32);
	if (!count)
		count = 1;
	if (count > 0xffffffffull)
		count = 0xffffffffull;
	apic_write(APIC_TIMER_INIT, (uint32_t)count);
	host.armed = ns;
}

void host_irq_take(void)
{
	__asm__ volatile("sti; nop; cli" ::: "memory");
}

void host_idle(void)
{
	host.armed = 0; /* the timer may have fired: re-arm next time */
	__asm__ volatile("sti; hlt; cli" ::: "memory");
}

uint64_t host_timer_ticks(void)
{
	return host.ticks;
}
