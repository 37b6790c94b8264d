/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Emulated MMIO: a nested page fault on a device's page is served by
 * decoding the MOV at the guest's RIP (svm/insn_mmio.h), calling the
 * device and stepping over the instruction.
 */
#ifndef HV_MMIO_H
#define HV_MMIO_H

#include <stdint.h>

#include "include/vm_exit.h"

struct vcpu;

struct mmio_ops {
	/* off: the byte offset in the page; size 1, 2, 4 or 8. */
	uint64_t (*read)(void *ctx, uint32_t off, unsigned size);
	void (*write)(void *ctx, uint32_t off, unsigned size, uint64_t v);
	void *ctx;
	const char *name; /* for the stop reason */
};

/* Emulate the access that faulted on gpa; stops the guest, saying why,
 * when the instruction is not one it can emulate. */
void mmio_emulate(struct vcpu *vcpu, const struct vm_exit *exit, uint64_t gpa,
		  const struct mmio_ops *ops);

#endif
