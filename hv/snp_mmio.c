// SPDX-License-Identifier: GPL-2.0-only
/*
 * The MMIO Read and MMIO Write NAE events from the hypervisor's side
 * (GHCB spec "MMIO Read", "MMIO Write"; snp_vm_config.mmio). The engine
 * (snp/vmgexit.c) checked the length (1 to 8 bytes) and the scratch area;
 * here the GPA goes to the device the #NPF MMIO path would reach:
 *  - the xAPIC page at LAPIC_BASE (hv/pc.c), accesses of 1, 2, 4 or 8
 *    bytes within the page, as an emulated MOV gives it;
 *  - the rest of the platform window above RAM (hv/mmio_unassigned.c):
 *    no device, reads are all-ones, writes are dropped, logged once;
 *  - anything else (guest RAM, the flash region, GPAs above 4 GiB, a GPA
 *    with the C-bit) is no MMIO: refused, and the guest gets
 *    INVALID_INPUT, with one rate-limited log line.
 * NOT IMPLEMENTED: the pflash model (dev/pflash.c) behind these events:
 * the firmware flash is a guest memory region (hv/ovmf_guest.c), and
 * Debian 13's OVMF keeps its variables in RAM under SEV-SNP
 * (docs/ovmf.md).
 */
#include <string.h>

#include "dev/lapic.h"
#include "hv/clock.h"
#include "hv/handlers.h"
#include "hv/snp_guest.h"
#include "hv/vm.h"
#include "include/log.h"

static bool mov_size(unsigned len)
{
	return len == 1 || len == 2 || len == 4 || len == 8;
}

int snp_mmio_nae(void *ctx, uint64_t gpa, unsigned len, bool write,
		 uint8_t *data)
{
	struct vm *vm = ctx;
	uint64_t page = gpa & ~(uint64_t)(SZ_4K - 1);
	uint32_t off = (uint32_t)(gpa & (SZ_4K - 1));
	uint64_t v = 0;

	if (page == LAPIC_BASE && gpa >= vm->ram_size && mov_size(len) &&
	    off + len <= SZ_4K) {
		if (write) {
			memcpy(&v, data, len);
			pc_xapic_write(&vm->pc, off, len, v, clock_ns());
		} else {
			v = pc_xapic_read(&vm->pc, off, len, clock_ns());
			memcpy(data, &v, len);
		}
		vm->pc_next_event = 0; /* ask the devices again */
		return 0;
	}
	if (page != LAPIC_BASE && mmio_unassigned(vm, gpa) &&
	    mmio_unassigned(vm, gpa + len - 1)) {
		if (!write)
			memset(data, 0xff, len);
		if (!vm->nae_unassigned_logged) {
			vm->nae_unassigned_logged = true;
			log_warn("guest %s: MMIO %s NAE of GPA 0x%llx: no device there, %s (logged once)",
				 vm->name, write ? "Write" : "Read",
				 (unsigned long long)gpa,
				 write ? "the write is dropped" :
					 "it reads as all-ones");
		}
		return 0;
	}
	log_warn_rl("guest %s: MMIO %s NAE of %u bytes at GPA 0x%llx: not emulated MMIO, INVALID_INPUT",
		    vm->name, write ? "Write" : "Read", len,
		    (unsigned long long)gpa);
	return -1;
}
