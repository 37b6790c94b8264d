/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hypervisor's own interrupts: an IDT of its own and the host local
 * APIC's timer as the hypervisor's tick. The host runs with IF=0; it
 * takes interrupts only in host_irq_take() (after an INTR exit) and
 * host_idle(). With the timer armed, a guest that never exits still
 * loses the CPU at the deadline (an INTR exit, svm/world_switch.S).
 */
#ifndef HV_HOST_IRQ_H
#define HV_HOST_IRQ_H

#include <stdbool.h>
#include <stdint.h>

/* IDT, host APIC and its timer. False (logged why) if there is no
 * usable APIC timer: then nothing bounds a guest that never exits. */
bool host_irq_init(void);

/* One-shot host timer interrupt at clock time ns (hv/clock.h). */
void host_timer_arm(uint64_t ns);

/* Let a pending host interrupt in (sti; nop; cli). */
void host_irq_take(void);

/* Sleep until the next host interrupt (sti; hlt; cli). */
void host_idle(void);

/* Host timer interrupts taken so far. */
uint64_t host_timer_ticks(void);

#endif
