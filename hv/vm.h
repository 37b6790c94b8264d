/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A VM: its RAM (one contiguous host-physical region: the part below
 * 4 GiB mapped at GPA 0, the rest, if any, at GPA 4 GiB), its nested
 * page tables and its vCPU. Vendor-neutral.
 */
#ifndef HV_VM_H
#define HV_VM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "guest-abi/guest_boot.h"
#include "hv/pc.h"
#include "hv/vcpu.h"
#include "mm/gwalk.h"
#include "mm/npt.h"
#include "mm/palloc.h"

#define VM_OUT_LINE 160 /* guest serial output is forwarded per line */

/*
 * Guest RAM above 4 GiB starts here. How much RAM goes below 4 GiB is
 * QEMU pc's (i440FX) rule, which firmware and kernels expect of a PC:
 * RAM of less than 3.5 GiB is all below 4 GiB; from 3.5 GiB on, the
 * first 3 GiB stay below (gigabyte aligned, leaving the PCI hole
 * [3 GiB, 4 GiB)) and the rest is at 4 GiB.
 */
#define VM_HIGH_RAM_GPA	 (4ull << 30)
#define VM_LOW_RAM_MAX	 0xe0000000ull /* below this, no split */
#define VM_LOW_RAM_SPLIT 0xc0000000ull /* the split when there is one */

/* Total guest RAM -> bytes below 4 GiB and bytes from VM_HIGH_RAM_GPA. */
static inline void vm_ram_split(uint64_t total, uint64_t *low, uint64_t *high)
{
	*low = total < VM_LOW_RAM_MAX ? total : VM_LOW_RAM_SPLIT;
	*high = total - *low;
}

struct exit_ops;
struct snp_guest;

struct vm {
	char name[GUEST_NAME_MAX];
	uint64_t ram_size; /* low RAM: GPA [0, ram_size) */
	uint8_t *ram;	   /* host pointer (= host-physical) of GPA 0 */
	/* High RAM: GPA [VM_HIGH_RAM_GPA, + high_size) at ram + ram_size;
	 * 0: none (vm_ram_split). */
	uint64_t high_size;
	struct palloc *pa;
	struct npt npt;
	struct guest_mem mem; /* GPA -> host, refusing non-RAM */
	struct vcpu vcpu;     /* one vCPU for now */
	/* Exits this guest handles its own way (hv/handlers.h); NULL: none. */
	const struct exit_ops *exit_ops;
	char out[VM_OUT_LINE]; /* COM1 output not yet printed */
	size_t out_len;
	bool out_open; /* its partial line is on the console */
	/* The emulated PC (hv/pc.h) and its run-loop state (hv/pc_run.c). */
	struct pc pc;
	uint64_t pc_next_event; /* ns; 0: ask the devices again */
	uint64_t next_poll;	/* ns of the next console poll */
	uint64_t deadline_ns;	/* the time limit, 0 = none */
	uint64_t timeout_s;
	uint8_t vtpr_set; /* V_TPR as last written */
	uint64_t nr_injected, halted_ns;
	uint64_t ticks0; /* host timer ticks before the first VMRUN */
	/* Emulated SNP (hv/snp_guest.h); NULL and 0 under snp=off. */
	struct snp_guest *snp;
	uint64_t cbit_mask; /* 1 << C-bit: stripped from GPAs in to_host */
	/* Unassigned platform MMIO reads as all-ones (hv/mmio_unassigned.c). */
	uint8_t *ones_page;
	uint64_t ones_mapped;	    /* pages mapped onto it */
	bool nae_unassigned_logged; /* ... an MMIO NAE there (hv/snp_mmio.c) */
	/*
	 * A second memory region, the firmware flash (hv/ovmf_guest.c):
	 * GPA [flash_gpa, flash_gpa + flash_size) at host flash; 0: none.
	 */
	uint64_t flash_gpa, flash_size;
	uint8_t *flash;
};

struct vm_config {
	const char *name;
	/*
	 * All guest RAM, 2 MiB aligned: vm_create splits it at 4 GiB
	 * (vm_ram_split). Only guests whose loader describes RAM above
	 * 4 GiB (high_ram: Linux's e820, the firmware's fw_cfg etc/e820)
	 * may have a high part; a test guest's guest_boot has one range.
	 */
	uint64_t ram_hpa, ram_size;
	bool high_ram;
	const void *image;
	uint64_t image_size;
	/*
	 * Emulated SNP (0 = off): the C-bit position, and the shared middle
	 * of RAM; outside it the identity tables carry the C-bit
	 * (guest-abi/guest_boot.h, hv/snp_guest.c).
	 */
	unsigned snp_cbit;
	uint64_t snp_shared_gpa, snp_shared_end;
	uint64_t timeout_s; /* option timeout=: 0 = no limit */
	/*
	 * A guest that starts at the reset vector (hv/ovmf_guest.c): no
	 * boot struct, GDT, tables or image in RAM; the image is copied to
	 * the flash region instead, flash_size bytes at host flash_hpa
	 * mapped so that they end at 4 GiB.
	 */
	bool reset_start;
	uint64_t flash_hpa, flash_size;
};

/*
 * Build a VM: load the image at GUEST_ENTRY_GPA, write the guest_boot
 * struct, GDT and identity page tables into guest RAM, map the RAM in
 * the nested tables and set up the vCPU. Returns 0 or a negative errno
 * after logging why.
 */
int vm_create(struct vm *vm, struct palloc *pa, const struct vm_config *cfg);

/*
 * Tear a VM down once its vCPU will never run again: give the vCPU's
 * VMCB, permission maps and ASID and every nested page table back to the
 * pool, so the next VM gets the same resources. Emulated SNP state goes
 * first (snp_guest_destroy). Safe on a VM vm_create failed half-way or
 * never built; leaves *vm zeroed. Guest RAM is boot/'s and stays.
 */
void vm_destroy(struct vm *vm);

/* Host pointer for a GPA in guest RAM or the flash region (C-bit
 * stripped), NULL outside them. */
void *vm_gpa_to_host(struct vm *vm, uint64_t gpa);

/* Whether gpa (C-bit stripped) is in the RAM above 4 GiB. */
static inline bool vm_is_high_ram(const struct vm *vm, uint64_t gpa)
{
	return gpa >= VM_HIGH_RAM_GPA && gpa - VM_HIGH_RAM_GPA < vm->high_size;
}

/* Whether gpa (C-bit stripped) is in guest RAM or the flash region. */
static inline bool vm_is_memory(const struct vm *vm, uint64_t gpa)
{
	return gpa < vm->ram_size || vm_is_high_ram(vm, gpa) ||
	       (vm->flash_size && gpa >= vm->flash_gpa &&
		gpa - vm->flash_gpa < vm->flash_size);
}

/*
 * Host pointer of [gpa, gpa + len) when it lies wholly in one RAM
 * region (below or above 4 GiB; len > 0, no wrap), else NULL.
 */
void *vm_ram_range(struct vm *vm, uint64_t gpa, uint64_t len);

/* Flush the guest's serial output line (at the end of a run). */
void vm_flush_output(struct vm *vm);

/* One byte of the guest's serial output (hv/pc_run.c). */
void vm_putc(struct vm *vm, char c);

#endif
