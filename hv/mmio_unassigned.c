// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reads of the PC platform window no emulated device decodes.
 *
 * [0xfec00000, 4 GiB) is where a PC keeps its fixed chipset registers
 * (I/O APIC, HPET, the AMD FCH's ACPI/PM block at 0xfed80000, the local
 * APIC, the firmware flash). snpvisor emulates none of them yet, and a
 * current Linux on a Zen CPU model reads the FCH's reset-status register
 * (0xfed803c0) whatever the command line says. On a PC, a read that no
 * device claims ends in a master abort and returns all-ones; that is what
 * the guest gets here: the faulting page is mapped read-only, shared
 * (C-bit clear) and not executable onto one page of 0xff bytes, and the
 * guest's retry of the instruction reads it. Nothing of the machine is
 * reached. Writes, fetches, private (C-bit) accesses and page-table walks
 * there still stop the guest: they need an emulated device.
 */
#include <string.h>

#include "hv/handlers.h"
#include "hv/vm.h"
#include "include/log.h"

#define PLATFORM_WINDOW_BASE 0xfec00000ull
#define PLATFORM_WINDOW_END  0x100000000ull
#define LOGGED_PAGES_MAX     8 /* one line a page, for this many */

bool mmio_unassigned(const struct vm *vm, uint64_t gpa)
{
	return gpa >= PLATFORM_WINDOW_BASE && gpa < PLATFORM_WINDOW_END &&
	       gpa >= vm->ram_size;
}

bool mmio_unassigned_read(struct vcpu *vcpu, const struct exit_npf *f)
{
	struct vm *vm = vcpu->vm;
	uint64_t page = f->gpa & ~(SZ_4K - 1);

	if (f->write || f->fetch || f->table_walk || (f->gpa & vm->cbit_mask) ||
	    page < PLATFORM_WINDOW_BASE || page >= PLATFORM_WINDOW_END ||
	    page < vm->ram_size)
		return false;
	if (!vm->ones_page) {
		vm->ones_page = palloc_page(vm->pa);
		if (!vm->ones_page)
			return false;
		memset(vm->ones_page, 0xff, SZ_4K);
	}
	if (npt_map(&vm->npt, page, (uint64_t)(uintptr_t)vm->ones_page, SZ_4K,
		    NPT_R))
		return false;
	if (vm->ones_mapped++ < LOGGED_PAGES_MAX)
		log_warn("guest %s: read of GPA 0x%llx at RIP 0x%llx: no device there, it reads as all-ones%s",
			 vm->name, (unsigned long long)f->gpa,
			 (unsigned long long)vcpu->regs.rip,
			 vm->ones_mapped == LOGGED_PAGES_MAX ?
				 " (further such pages are not logged)" :
				 "");
	return true;
}
