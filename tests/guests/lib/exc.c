// SPDX-License-Identifier: GPL-2.0-only
/*
 * Guest IDT: 32 exception vectors, 64-bit interrupt gates on the code
 * selector the hypervisor's GDT provides (GUEST_CS). A scenario may
 * replace a vector's handler; the default one reports a failure and
 * exits, so an unexpected exception never goes unnoticed.
 */
#include "guest.h"
#include "user.h"

struct idt_gate {
	uint16_t offset_lo;
	uint16_t selector;
	uint8_t ist;
	uint8_t type_attr; /* 0x8e: present, DPL 0, interrupt gate */
	uint16_t offset_mid;
	uint32_t offset_hi;
	uint32_t rsvd;
};
_Static_assert(sizeof(struct idt_gate) == 16, "64-bit IDT gate");

struct __attribute__((packed)) idt_ptr {
	uint16_t limit;
	uint64_t base;
};

extern const uint64_t isr_table[32];
void exc_dispatch(struct exc_frame *f);

static struct idt_gate idt[32] __attribute__((aligned(16)));
static exc_handler_fn handlers[32];
static volatile uint64_t fixup_rip;
static volatile int fixup_vector;

void idt_init(void)
{
	struct idt_ptr p = { .limit = sizeof(idt) - 1, .base = (uintptr_t)idt };

	for (unsigned v = 0; v < 32; v++) {
		uint64_t a = isr_table[v];

		idt[v] = (struct idt_gate){
			.offset_lo = (uint16_t)a,
			.selector = GUEST_CS,
			.type_attr = 0x8e,
			.offset_mid = (uint16_t)(a >> 16),
			.offset_hi = (uint32_t)(a >> 32),
		};
	}
	__asm__ volatile("lidt %0" : : "m"(p));
}

void exc_set_handler(unsigned vector, exc_handler_fn h)
{
	if (vector < 32)
		handlers[vector] = h;
}

void exc_dispatch(struct exc_frame *f)
{
	if (user_exception(f))
		return;
	if (fixup_rip) {
		fixup_vector = (int)f->vector;
		f->rip = fixup_rip;
		fixup_rip = 0;
		return;
	}
	if (f->vector < 32 && handlers[f->vector]) {
		handlers[f->vector](f);
		return;
	}
	report(false,
	       "unexpected exception %llu (error code 0x%llx) at RIP 0x%llx",
	       (unsigned long long)f->vector, (unsigned long long)f->error_code,
	       (unsigned long long)f->rip);
	guest_exit((uint64_t)report_summary());
}

int rdmsr_safe(uint32_t msr, uint64_t *val)
{
	uint32_t lo = 0, hi = 0;

	fixup_vector = -1;
	__asm__ volatile("lea 1f(%%rip), %%r8\n\t"
			 "mov %%r8, %[fix]\n\t"
			 "rdmsr\n"
			 "1:"
			 : "+a"(lo), "+d"(hi), [fix] "=m"(fixup_rip)
			 : "c"(msr)
			 : "r8", "memory");
	fixup_rip = 0;
	*val = ((uint64_t)hi << 32) | lo;
	return fixup_vector;
}

int wrmsr_safe(uint32_t msr, uint64_t val)
{
	fixup_vector = -1;
	__asm__ volatile("lea 1f(%%rip), %%r8\n\t"
			 "mov %%r8, %[fix]\n\t"
			 "wrmsr\n"
			 "1:"
			 : [fix] "=m"(fixup_rip)
			 : "c"(msr), "a"((uint32_t)val),
			   "d"((uint32_t)(val >> 32))
			 : "r8", "memory");
	fixup_rip = 0;
	return fixup_vector;
}
