/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The emulated PC (hv/pc.h) in the run loop: time, interrupts into the
 * vCPU, HLT, the guest's console, its time limit and its reset requests.
 */
#ifndef HV_PC_RUN_H
#define HV_PC_RUN_H

#include <stdint.h>

#include "include/vm_exit.h"

struct vm;
struct vcpu;

/* At vm_create: the devices at their power-on state, the RTC at the
 * host's date and time. */
void pc_run_init(struct vm *vm);

/* Before the first VMRUN: the time limit (vm->timeout_s) starts. */
void pc_run_start(struct vm *vm);

/*
 * Before every VMRUN: bring the timers up to date, inject the interrupt
 * the controllers chose if the guest can take it (else ask for the
 * window), arm the host timer for the next event, stop the guest at its
 * time limit.
 */
void pc_enter(struct vcpu *vcpu);

/* After a port or MSR access to a device: its timers may have moved,
 * and a reset it asked for ends the guest. */
void pc_accessed(struct vcpu *vcpu, const struct vm_exit *exit);

/* A nested page fault on the xAPIC page (hv/npf.c). */
void pc_mmio(struct vcpu *vcpu, const struct vm_exit *exit, uint64_t gpa);

/* Bytes typed on the hypervisor's console into the guest's UART (also
 * before each read of its LSR, for guests that poll). */
void pc_console_poll(struct vm *vm);

/* HLT: wait for the guest's next interrupt (hv/lifecycle.c). */
void pc_halt(struct vcpu *vcpu, const struct vm_exit *exit);

#endif
