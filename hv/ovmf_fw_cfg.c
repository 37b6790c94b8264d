// SPDX-License-Identifier: GPL-2.0-only
/*
 * The fw_cfg device a firmware guest gets (dev/fw_cfg.c; QEMU
 * docs/specs/fw_cfg.rst): the hypervisor's own, describing the guest's
 * VM, never QEMU's (whose items describe L1's RAM and CPUs, and whose DMA
 * writes L1 memory). Only guests that start from firmware have it
 * (hv/ovmf_guest.c); everyone else still finds no device at 0x510.
 *
 * Items, as QEMU's PC machine names them:
 *  - NB_CPUS and MAX_CPUS: 1 (one vCPU);
 *  - "etc/e820": the guest's RAM, [0, RAM size) as type 1 (ACPI
 *    specification, "E820 Address Range Types": AddressRangeMemory),
 *    entries of u64 address, u64 length, u32 type, little-endian,
 *    packed (QEMU hw/i386/e820_memory_layout.h's layout); the flash
 *    region below 4 GiB is not RAM and is not listed;
 *  - "etc/system-states": S3 and S4 not offered (QEMU's PIIX4 layout:
 *    six bytes, one per S-state, bit 7 = enabled; only S5 as off).
 * NOT IMPLEMENTED: the direct kernel boot items (kernel, initrd, command
 * line), ACPI tables (etc/table-loader), SMBIOS, bootorder. OVMF looks
 * its files up in the directory, so missing ones are simply absent.
 *
 * DMA ("Guest-side DMA Interface"): a device writes guest memory with
 * the C-bit clear, so under emulated SNP the descriptor and every target
 * must be shared guest RAM (RMP: hypervisor-owned); anything else,
 * private pages and the flash region included, is refused (the transfer
 * ends with the error bit, or the descriptor is ignored), and nothing of
 * the hypervisor is reachable.
 */
#include <string.h>

#include "hv/ovmf_guest.h"
#include "hv/snp_guest.h"
#include "include/sizes.h"

#define E820_RAM 1

struct __attribute__((packed)) e820_entry {
	uint64_t address, length;
	uint32_t type;
};
_Static_assert(sizeof(struct e820_entry) == 20, "etc/e820 entry");

/* One firmware guest at a time, as hv/main.c runs them. */
static struct fw_cfg fw_cfg;
static struct e820_entry e820[1];
static uint16_t nb_cpus, max_cpus;
static uint8_t system_states[6];

/* [gpa, gpa + len) wholly shared guest RAM (not wrapping, len > 0). */
static bool dma_ok(struct vm *vm, uint64_t gpa, uint32_t len)
{
	uint64_t end = gpa + len, p;

	if (end < gpa || end > vm->ram_size)
		return false;
	if (!vm->snp)
		return true;
	for (p = gpa & ~(SZ_4K - 1); p < end; p += SZ_4K)
		if (snp_page_state(&vm->snp->vm, p, NULL) != SNP_PAGE_SHARED)
			return false;
	return true;
}

static int dma_read(void *ctx, uint64_t gpa, void *buf, uint32_t len)
{
	struct vm *vm = ctx;

	if (!dma_ok(vm, gpa, len))
		return -1;
	memcpy(buf, vm->ram + gpa, len);
	return 0;
}

static int dma_write(void *ctx, uint64_t gpa, const void *buf, uint32_t len)
{
	struct vm *vm = ctx;

	if (!dma_ok(vm, gpa, len))
		return -1;
	memcpy(vm->ram + gpa, buf, len);
	return 0;
}

int ovmf_fw_cfg_setup(struct vm *vm)
{
	const struct fw_cfg_mem mem = { dma_read, dma_write, vm };

	fw_cfg_init(&fw_cfg, true, &mem);
	nb_cpus = 1;
	max_cpus = 1;
	e820[0] = (struct e820_entry){
		.address = 0,
		.length = vm->ram_size,
		.type = E820_RAM,
	};
	memset(system_states, 0, sizeof(system_states));
	if (fw_cfg_add(&fw_cfg, FW_CFG_NB_CPUS, &nb_cpus, sizeof(nb_cpus)) ||
	    fw_cfg_add(&fw_cfg, FW_CFG_MAX_CPUS, &max_cpus, sizeof(max_cpus)) ||
	    fw_cfg_add_file(&fw_cfg, "etc/e820", e820, sizeof(e820), NULL) <
		    0 ||
	    fw_cfg_add_file(&fw_cfg, "etc/system-states", system_states,
			    sizeof(system_states), NULL) < 0)
		return -1;
	vm->pc.fw_cfg = &fw_cfg;
	return 0;
}
