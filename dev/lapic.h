/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * One local APIC: the xAPIC MMIO page (offsets 0x000-0xff0 from
 * 0xfee00000) and optionally its x2APIC MSR view (0x800-0x8ff). Its
 * timer counts in ticks of a bus clock of bus_hz.
 */
#ifndef DEV_LAPIC_H
#define DEV_LAPIC_H

#include "dev/dev.h"

#define LAPIC_BASE    0xfee00000u
#define LAPIC_VERSION 0x00050010u /* version 0x10, max LVT entry 5 */

enum {
	LVT_TIMER,
	LVT_THERMAL,
	LVT_PERF,
	LVT_LINT0,
	LVT_LINT1,
	LVT_ERROR,
	LVT_COUNT
};

struct lapic_ops {
	/*
	 * An IPI for something other than this APIC alone, or one this
	 * model does not deliver itself (NMI, SMI, INIT, SIPI, to self
	 * too): the ICR as written. Fixed and lowest-priority IPIs to
	 * this APIC are delivered here before the call.
	 */
	void (*ipi)(void *ctx, uint32_t icr_lo, uint32_t icr_hi);
	/* EOI of a level-triggered vector (TMR set): for an I/O APIC. */
	void (*eoi)(void *ctx, uint8_t vector);
	void *ctx;
};

struct lapic {
	struct lapic_ops ops;
	uint64_t bus_hz;
	bool x2apic; /* set by the caller from IA32_APIC_BASE */
	uint32_t id; /* xAPIC: ID in bits 31-24 */
	uint32_t tpr, ldr, dfr, svr;
	uint32_t esr, esr_pending;
	uint32_t icr_lo, icr_hi;
	uint32_t lvt[LVT_COUNT];
	uint32_t irr[8], isr[8], tmr[8];
	uint32_t initial, divide;
	uint64_t start; /* bus tick of the last timer (re)base */
	uint64_t base;	/* timer counts elapsed before start */
	uint64_t fired; /* expirations already accounted */
	uint64_t last;	/* latest bus tick seen */
};

void lapic_init(struct lapic *l, uint32_t apic_id, uint64_t bus_hz,
		const struct lapic_ops *ops);
/* 32-bit accesses at 16-byte aligned offsets; others read 0, ignored. */
uint32_t lapic_read(struct lapic *l, uint32_t offset, uint64_t now);
void lapic_write(struct lapic *l, uint32_t offset, uint32_t val, uint64_t now);
/* x2APIC MSRs 0x800-0x8ff. False: the access raises #GP. */
bool lapic_msr_read(struct lapic *l, uint32_t msr, uint64_t *val, uint64_t now);
bool lapic_msr_write(struct lapic *l, uint32_t msr, uint64_t val, uint64_t now);

/* An interrupt message for this APIC (from an I/O APIC, a PIC through
 * LINT0 in fixed mode, another APIC). Vectors 0-15 are illegal. */
void lapic_accept(struct lapic *l, uint8_t vector, bool level);
/* The vector the processor would take now, or -1. */
int lapic_pending(struct lapic *l);
/* The processor takes it: IRR -> ISR. Nothing: the spurious vector. */
uint8_t lapic_ack(struct lapic *l);
/* Deliver timer expirations up to now. */
void lapic_advance(struct lapic *l, uint64_t now);
/* When the timer next expires with its LVT unmasked (ns), DEV_NEVER. */
uint64_t lapic_next_event(struct lapic *l, uint64_t now);
/* LINT0 programmed ExtINT and unmasked: the 8259A's INTR is wired on. */
bool lapic_extint(const struct lapic *l);

/* Shared by dev/lapic.c and dev/lapic_x2apic.c; t is in bus ticks. */
uint64_t lapic_bus_ticks(struct lapic *l, uint64_t now);
void lapic_timer_sync(struct lapic *l, uint64_t t);
void lapic_send_ipi(struct lapic *l, uint32_t lo, uint32_t dest);
bool lapic_reg_read(struct lapic *l, uint32_t off, uint64_t t, uint32_t *v);
bool lapic_reg_write(struct lapic *l, uint32_t off, uint32_t val, uint64_t t);

#endif
