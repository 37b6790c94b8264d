// SPDX-License-Identifier: GPL-2.0-only
/*
 * Nested page faults (APM "Nested Paging", "#NPF"). All guest RAM is
 * mapped up front, so an NPF is a guest touching a GPA that is not its
 * memory: a read of unassigned platform MMIO (hv/mmio_unassigned.c), or
 * else the guest is stopped with the address and the access (a GPA with
 * the C-bit is reported without it). Emulated SNP takes the faults inside
 * guest memory first and leaves the rest to this handler
 * (hv/snp_exits.c).
 */
#include "hv/handlers.h"
#include "hv/pc_run.h"
#include "hv/vm.h"

void handle_npf(struct vcpu *vcpu, struct vm_exit *exit)
{
	const struct exit_npf *f = &exit->npf;
	struct vm *vm = vcpu->vm;
	const char *what = f->fetch ? "fetch" : f->write ? "write" : "read";
	uint64_t gpa = f->gpa & ~vm->cbit_mask;

	if ((gpa & ~(SZ_4K - 1)) == LAPIC_BASE && gpa >= vm->ram_size &&
	    !f->fetch && !f->table_walk) {
		pc_mmio(vcpu, exit, gpa);
		return;
	}
	if (mmio_unassigned_read(vcpu, f))
		return;
	if (gpa >= vm->ram_size && !vm_is_high_ram(vm, gpa)) {
		vcpu_stop(vcpu, exit,
			  "NPF: %s%s of GPA 0x%llx outside guest memory (RAM 0x0-0x%llx, 0x%llx more at 4 GiB) at RIP 0x%llx%s",
			  f->gpa != gpa ? "private " : "", what,
			  (unsigned long long)gpa,
			  (unsigned long long)vm->ram_size - 1,
			  (unsigned long long)vm->high_size,
			  (unsigned long long)vcpu->regs.rip,
			  f->table_walk ? " during a guest page-table walk" :
					  "");
		return;
	}
	vcpu_stop(vcpu, exit,
		  "NPF: %s of GPA 0x%llx inside guest RAM (present=%d): nested tables broken",
		  what, (unsigned long long)f->gpa, f->present);
}
