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
 *  - "etc/e820": the guest's RAM, [0, low RAM size) and, when there is
 *    RAM above 4 GiB (hv/vm.h vm_ram_split), [4 GiB, 4 GiB + the rest),
 *    as type 1 (ACPI specification, "E820 Address Range Types":
 *    AddressRangeMemory),
 *    entries of u64 address, u64 length, u32 type, little-endian,
 *    packed (QEMU hw/i386/e820_memory_layout.h's layout); the flash
 *    region below 4 GiB is not RAM and is not listed;
 *  - "etc/system-states": S3 and S4 not offered (QEMU's PIIX4 layout:
 *    six bytes, one per S-state, bit 7 = enabled; only S5 as off).
 *  - with a firmware bundle's kernel (hv/ovmf_image.h), the direct kernel
 *    boot items QEMU's -kernel/-initrd/-append give (fw_cfg.rst, "x86"
 *    selector keys): SETUP_SIZE/SETUP_DATA, the bzImage's real-mode part
 *    ((setup_sects + 1) * 512 bytes, unmodified), KERNEL_SIZE/
 *    KERNEL_DATA the rest, INITRD_SIZE/INITRD_DATA, CMDLINE_SIZE/
 *    CMDLINE_DATA with its NUL. OVMF's QemuKernelLoaderFsDxe joins setup
 *    and kernel into its "kernel" file and boots it through the EFI stub.
 *    Without a bundle the sizes are absent (a firmware reads 0).
 * NOT IMPLEMENTED: the legacy load addresses (KERNEL_ADDR, INITRD_ADDR,
 * CMDLINE_ADDR, SETUP_ADDR), ACPI tables (etc/table-loader), SMBIOS,
 * bootorder. OVMF looks its files up in the directory, so missing ones
 * are simply absent.
 *
 * DMA ("Guest-side DMA Interface"): a device writes guest memory with
 * the C-bit clear, so under emulated SNP the descriptor and every target
 * must be shared guest RAM (RMP: hypervisor-owned); anything else,
 * private pages and the flash region included, is refused (the transfer
 * ends with the error bit, or the descriptor is ignored), and nothing of
 * the hypervisor is reachable.
 */
#include <string.h>

#include "hv/linux_loader.h"
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
static struct e820_entry e820[2];
static uint16_t nb_cpus, max_cpus;
static uint8_t system_states[6];
/* Direct kernel boot: sizes (u32 LE) and the command line with its NUL. */
static uint32_t setup_size, kernel_size, initrd_size, cmdline_size;
static char cmdline[4096];

#define FW_CFG_KERNEL_SIZE  0x08
#define FW_CFG_INITRD_SIZE  0x0b
#define FW_CFG_KERNEL_DATA  0x11
#define FW_CFG_INITRD_DATA  0x12
#define FW_CFG_CMDLINE_SIZE 0x14
#define FW_CFG_CMDLINE_DATA 0x15
#define FW_CFG_SETUP_SIZE   0x17
#define FW_CFG_SETUP_DATA   0x18

static int add_kernel(const struct linux_image *li)
{
	const struct linux_kernel *k = &li->k;

	if (li->cmdline_len >= sizeof(cmdline) ||
	    k->pm_offset > k->image_size || li->initrd_size > UINT32_MAX ||
	    k->image_size > UINT32_MAX)
		return -1;
	memcpy(cmdline, li->cmdline, li->cmdline_len);
	cmdline[li->cmdline_len] = 0;
	setup_size = (uint32_t)k->pm_offset;
	kernel_size = (uint32_t)(k->image_size - k->pm_offset);
	initrd_size = (uint32_t)li->initrd_size;
	cmdline_size = (uint32_t)li->cmdline_len + 1;
	if (fw_cfg_add(&fw_cfg, FW_CFG_SETUP_SIZE, &setup_size, 4) ||
	    fw_cfg_add(&fw_cfg, FW_CFG_SETUP_DATA, k->image, setup_size) ||
	    fw_cfg_add(&fw_cfg, FW_CFG_KERNEL_SIZE, &kernel_size, 4) ||
	    fw_cfg_add(&fw_cfg, FW_CFG_KERNEL_DATA, k->image + k->pm_offset,
		       kernel_size) ||
	    fw_cfg_add(&fw_cfg, FW_CFG_CMDLINE_SIZE, &cmdline_size, 4) ||
	    fw_cfg_add(&fw_cfg, FW_CFG_CMDLINE_DATA, cmdline, cmdline_size))
		return -1;
	if (!initrd_size)
		return 0;
	if (fw_cfg_add(&fw_cfg, FW_CFG_INITRD_SIZE, &initrd_size, 4) ||
	    fw_cfg_add(&fw_cfg, FW_CFG_INITRD_DATA, li->initrd, initrd_size))
		return -1;
	return 0;
}

/*
 * [gpa, gpa + len) wholly shared guest RAM in one RAM region (not
 * wrapping, len > 0): its host pointer, else NULL.
 */
static uint8_t *dma_ok(struct vm *vm, uint64_t gpa, uint32_t len)
{
	uint8_t *h = vm_ram_range(vm, gpa, len);
	uint64_t end = gpa + len, p;

	if (!h || !vm->snp)
		return h;
	for (p = gpa & ~(SZ_4K - 1); p < end; p += SZ_4K)
		if (snp_page_state(&vm->snp->vm, p, NULL) != SNP_PAGE_SHARED)
			return NULL;
	return h;
}

static int dma_read(void *ctx, uint64_t gpa, void *buf, uint32_t len)
{
	uint8_t *h = dma_ok(ctx, gpa, len);

	if (!h)
		return -1;
	memcpy(buf, h, len);
	return 0;
}

static int dma_write(void *ctx, uint64_t gpa, const void *buf, uint32_t len)
{
	uint8_t *h = dma_ok(ctx, gpa, len);

	if (!h)
		return -1;
	memcpy(h, buf, len);
	return 0;
}

int ovmf_fw_cfg_setup(struct vm *vm, const struct linux_image *li)
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
	e820[1] = (struct e820_entry){
		.address = VM_HIGH_RAM_GPA,
		.length = vm->high_size,
		.type = E820_RAM,
	};
	memset(system_states, 0, sizeof(system_states));
	if (fw_cfg_add(&fw_cfg, FW_CFG_NB_CPUS, &nb_cpus, sizeof(nb_cpus)) ||
	    fw_cfg_add(&fw_cfg, FW_CFG_MAX_CPUS, &max_cpus, sizeof(max_cpus)) ||
	    fw_cfg_add_file(&fw_cfg, "etc/e820", e820,
			    (vm->high_size ? 2 : 1) * sizeof(e820[0]),
			    NULL) < 0 ||
	    fw_cfg_add_file(&fw_cfg, "etc/system-states", system_states,
			    sizeof(system_states), NULL) < 0)
		return -1;
	if (li && add_kernel(li))
		return -1;
	vm->pc.fw_cfg = &fw_cfg;
	return 0;
}
