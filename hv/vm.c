// SPDX-License-Identifier: GPL-2.0-only
/*
 * VM construction and tear-down: guest RAM, the boot protocol of
 * guest-abi/guest_boot.h and the nested page tables.
 */
#include <errno.h>
#include <string.h>

#include "guest-abi/hypercall.h"
#include "hv/pc_run.h"
#include "hv/vm.h"
#include "include/log.h"
#include "include/x86.h"

#define GPTE_P	(1ull << 0)
#define GPTE_W	(1ull << 1)
#define GPTE_PS (1ull << 7)

/* Space kept free at the top of RAM for the initial stack. */
#define GUEST_STACK_MIN (64ull << 10)

static void *to_host(void *opaque, uint64_t gpa)
{
	return vm_gpa_to_host(opaque, gpa);
}

void *vm_gpa_to_host(struct vm *vm, uint64_t gpa)
{
	/* Private and shared views reach the same bytes (snp/view_npt.h). */
	gpa &= ~vm->cbit_mask;
	if (vm->flash_size && gpa >= vm->flash_gpa &&
	    gpa - vm->flash_gpa < vm->flash_size)
		return vm->flash + (gpa - vm->flash_gpa);
	if (vm_is_high_ram(vm, gpa))
		return vm->ram + vm->ram_size + (gpa - VM_HIGH_RAM_GPA);
	if (gpa >= vm->ram_size)
		return NULL;
	return vm->ram + gpa;
}

void *vm_ram_range(struct vm *vm, uint64_t gpa, uint64_t len)
{
	uint64_t end = gpa + len;

	if (!len || end < gpa)
		return NULL;
	if (end <= vm->ram_size)
		return vm->ram + gpa;
	if (vm_is_high_ram(vm, gpa) && end - VM_HIGH_RAM_GPA <= vm->high_size)
		return vm->ram + vm->ram_size + (gpa - VM_HIGH_RAM_GPA);
	return NULL;
}

/* Both RAM regions in the nested tables: low at 0, high at 4 GiB. */
static int map_ram(struct vm *vm, uint64_t ram_hpa)
{
	int err = npt_map(&vm->npt, 0, ram_hpa, vm->ram_size, NPT_RWX);

	if (!err && vm->high_size)
		err = npt_map(&vm->npt, VM_HIGH_RAM_GPA, ram_hpa + vm->ram_size,
			      vm->high_size, NPT_RWX);
	return err;
}

/* GDT: null, 64-bit code at GUEST_CS, data at GUEST_DS (APM "Descriptor
 * Tables", long-mode code segment: L = 1, D = 0). */
static void write_gdt(struct vm *vm)
{
	uint64_t *gdt = vm_gpa_to_host(vm, GUEST_GDT_GPA);

	gdt[0] = 0;
	gdt[GUEST_CS / 8] = 0x00af9b000000ffffull;
	gdt[GUEST_DS / 8] = 0x00cf93000000ffffull;
}

/*
 * Under emulated SNP, is the 2 MiB guest page at gpa private at entry?
 * The tables themselves (low memory) always are.
 */
static bool private_at_entry(const struct vm *vm, const struct vm_config *cfg,
			     uint64_t gpa)
{
	return cfg->snp_cbit && gpa < vm->ram_size &&
	       (gpa < cfg->snp_shared_gpa || gpa >= cfg->snp_shared_end);
}

/*
 * Identity map of GUEST_IDMAP_SIZE with 2 MiB pages. Under emulated SNP
 * the C-bit marks private memory in the entries (APM volume 2, "Secure
 * Encrypted Virtualization": "Enabling Memory Encryption Extensions").
 */
static void write_guest_tables(struct vm *vm, const struct vm_config *cfg)
{
	uint64_t *pml4 = vm_gpa_to_host(vm, GUEST_PML4_GPA);
	uint64_t *pdpt = vm_gpa_to_host(vm, GUEST_PDPT_GPA);
	uint64_t nr_pd = GUEST_IDMAP_SIZE >> 30;
	uint64_t c = vm->cbit_mask;

	pml4[0] = GUEST_PDPT_GPA | c | GPTE_P | GPTE_W;
	for (uint64_t i = 0; i < nr_pd; i++) {
		uint64_t pd_gpa = GUEST_PD_GPA + i * SZ_4K;
		uint64_t *pd = vm_gpa_to_host(vm, pd_gpa);

		pdpt[i] = pd_gpa | c | GPTE_P | GPTE_W;
		for (uint64_t j = 0; j < 512; j++) {
			uint64_t gpa = (i << 30) + (j << 21);

			pd[j] = gpa | GPTE_P | GPTE_W | GPTE_PS;
			if (private_at_entry(vm, cfg, gpa))
				pd[j] |= c;
		}
	}
}

static void write_boot_struct(struct vm *vm, const struct vm_config *cfg)
{
	uint64_t image_size = cfg->image_size;
	struct guest_boot *gb = vm_gpa_to_host(vm, GUEST_BOOT_GPA);

	*gb = (struct guest_boot){
		.magic = GUEST_BOOT_MAGIC,
		.version = GUEST_BOOT_VERSION,
		.vcpu_id = 0,
		.ram_base = 0,
		.ram_size = vm->ram_size,
		.image_gpa = GUEST_ENTRY_GPA,
		.image_size = image_size,
		.free_gpa = (GUEST_ENTRY_GPA + image_size + SZ_4K - 1) &
			    ~(SZ_4K - 1),
		.idmap_size = GUEST_IDMAP_SIZE,
		.hc_abi_version = HC_ABI_VERSION,
		.snp_cbit = cfg->snp_cbit,
		.snp_secrets_gpa = cfg->snp_cbit ? GUEST_SECRETS_GPA : 0,
		.snp_shared_gpa = cfg->snp_cbit ? cfg->snp_shared_gpa : 0,
		.snp_shared_end = cfg->snp_cbit ? cfg->snp_shared_end : 0,
	};
	strncpy(gb->name, vm->name, sizeof(gb->name) - 1);
}

/*
 * A reset-state guest: RAM stays as boot/ gave it (zero), the image is
 * copied into the flash region, which ends at 4 GiB, and both regions are
 * mapped in the nested tables (shared; an SNP launch makes them private).
 * The vCPU's first state is the loader's (svm_vcpu_reset).
 */
/* The vCPU's VMCB from its first state, said in the log when it fails. */
static int vcpu_init(struct vm *vm, struct palloc *pa,
		     const struct svm_vcpu_config *vc)
{
	int err = svm_vcpu_init(&vm->vcpu.svm, pa, vc);

	if (err)
		log_err("vm %s: vCPU set-up failed: error %d", vm->name, err);
	return err;
}

static int vm_create_flash(struct vm *vm, struct palloc *pa,
			   const struct vm_config *cfg)
{
	struct svm_vcpu_config vc;
	int err;

	/* Low RAM is at most VM_LOW_RAM_MAX (vm_ram_split): below the
	 * flash, which ends at 4 GiB, as long as the flash is not larger
	 * than 512 MiB. */
	if (!cfg->flash_size || (cfg->flash_size & (SZ_2M - 1)) ||
	    (cfg->flash_hpa & (SZ_2M - 1)) ||
	    cfg->flash_size > VM_HIGH_RAM_GPA - VM_LOW_RAM_MAX ||
	    cfg->image_size > cfg->flash_size) {
		log_err("vm %s: flash region of 0x%llx bytes for an image of %llu bytes, RAM 0x%llx: not supported",
			vm->name, (unsigned long long)cfg->flash_size,
			(unsigned long long)cfg->image_size,
			(unsigned long long)cfg->ram_size);
		return -EINVAL;
	}
	vm->flash_size = cfg->flash_size;
	vm->flash_gpa = (4ull << 30) - cfg->flash_size;
	vm->flash = (uint8_t *)(uintptr_t)cfg->flash_hpa;
	memset(vm->flash, 0, cfg->flash_size - cfg->image_size);
	memcpy(vm->flash + cfg->flash_size - cfg->image_size, cfg->image,
	       cfg->image_size);
	err = npt_init(&vm->npt, pa);
	if (!err)
		err = map_ram(vm, cfg->ram_hpa);
	if (!err)
		err = npt_map(&vm->npt, vm->flash_gpa, cfg->flash_hpa,
			      cfg->flash_size, NPT_RWX);
	if (err) {
		log_err("vm %s: nested page tables: error %d", vm->name, err);
		return err;
	}
	vm->npt.need_flush = false;
	pc_run_init(vm);
	vm->vcpu.vm = vm;
	vm->vcpu.id = 0;
	vm->vcpu.pat = 0x0007040600070406ull;
	vm->vcpu.mtrr_def_type = VCPU_MTRR_DEF_TYPE_RESET;
	vc = (struct svm_vcpu_config){
		.efer = EFER_SVME,
		.n_cr3 = npt_root_pa(&vm->npt),
		.mem = vm->mem,
	};
	err = vcpu_init(vm, pa, &vc);
	if (err)
		return err;
	log_info("vm %s: %llu MiB RAM at host 0x%llx (%llu MiB of it at 4 GiB), flash 0x%llx-0x%llx (%llu KiB image) at host 0x%llx, %llu NPT tables, ASID %u",
		 vm->name,
		 (unsigned long long)((vm->ram_size + vm->high_size) >> 20),
		 (unsigned long long)cfg->ram_hpa,
		 (unsigned long long)(vm->high_size >> 20),
		 (unsigned long long)vm->flash_gpa,
		 (unsigned long long)(vm->flash_gpa + vm->flash_size - 1),
		 (unsigned long long)(cfg->image_size >> 10),
		 (unsigned long long)cfg->flash_hpa,
		 (unsigned long long)vm->npt.nr_tables,
		 svm_vcpu_asid(&vm->vcpu.svm));
	return 0;
}

int vm_create(struct vm *vm, struct palloc *pa, const struct vm_config *cfg)
{
	struct svm_vcpu_config vc;
	int err;

	memset(vm, 0, sizeof(*vm));
	strncpy(vm->name, cfg->name, sizeof(vm->name) - 1);
	vm->ram = (uint8_t *)(uintptr_t)cfg->ram_hpa;
	vm_ram_split(cfg->ram_size, &vm->ram_size, &vm->high_size);
	vm->pa = pa;
	vm->mem = (struct guest_mem){ .to_host = to_host, .opaque = vm };
	vm->cbit_mask = cfg->snp_cbit ? 1ull << cfg->snp_cbit : 0;
	vm->timeout_s = cfg->timeout_s;

	if (cfg->ram_size < (4ull << 20) || (cfg->ram_hpa & (SZ_2M - 1))) {
		log_err("vm %s: RAM must be >= 4 MiB and 2 MiB aligned (got 0x%llx bytes at 0x%llx)",
			vm->name, (unsigned long long)cfg->ram_size,
			(unsigned long long)cfg->ram_hpa);
		return -EINVAL;
	}
	if (vm->high_size && !cfg->high_ram) {
		log_err("vm %s: RAM above 4 GiB (mem= of %llu MiB, more than %llu MiB) for a test guest: not implemented (guest_boot describes one RAM range)",
			vm->name, (unsigned long long)(cfg->ram_size >> 20),
			(unsigned long long)(VM_LOW_RAM_MAX >> 20) - 2);
		return -EINVAL;
	}
	if (cfg->reset_start)
		return vm_create_flash(vm, pa, cfg);
	if (cfg->image_size == 0 || cfg->image_size > vm->ram_size -
							      GUEST_ENTRY_GPA -
							      GUEST_STACK_MIN) {
		log_err("vm %s: image of %llu bytes does not fit in %llu bytes of RAM",
			vm->name, (unsigned long long)cfg->image_size,
			(unsigned long long)vm->ram_size);
		return -EINVAL;
	}
	memset(vm->ram, 0, GUEST_ENTRY_GPA);
	memcpy(vm->ram + GUEST_ENTRY_GPA, cfg->image, cfg->image_size);
	write_gdt(vm);
	write_guest_tables(vm, cfg);
	write_boot_struct(vm, cfg);

	err = npt_init(&vm->npt, pa);
	if (!err)
		err = map_ram(vm, cfg->ram_hpa);
	if (err) {
		log_err("vm %s: nested page tables: error %d", vm->name, err);
		return err;
	}
	vm->npt.need_flush = false;
	pc_run_init(vm);

	vm->vcpu.vm = vm;
	vm->vcpu.id = 0;
	vm->vcpu.pat = 0x0007040600070406ull;
	vm->vcpu.mtrr_def_type = VCPU_MTRR_DEF_TYPE_RESET;
	vm->vcpu.regs = (struct vcpu_regs){
		.rip = GUEST_ENTRY_GPA,
		.rsp = vm->ram_size,
		.rdi = GUEST_BOOT_GPA,
		.rflags = 0x2,
	};
	vc = (struct svm_vcpu_config){
		.rip = GUEST_ENTRY_GPA,
		.rsp = vm->ram_size,
		.cr0 = CR0_PE | CR0_MP | CR0_ET | CR0_NE | CR0_WP | CR0_PG,
		.cr3 = GUEST_PML4_GPA | vm->cbit_mask,
		.cr4 = CR4_PAE,
		/* VMRUN requires guest EFER.SVME ("Canonicalization and
		 * Consistency Checks"). */
		.efer = EFER_LME | EFER_LMA | EFER_NXE | EFER_SVME,
		.gdt_base = GUEST_GDT_GPA,
		.gdt_limit = 3 * 8 - 1,
		.cs_sel = GUEST_CS,
		.ds_sel = GUEST_DS,
		.n_cr3 = npt_root_pa(&vm->npt),
		.mem = vm->mem,
	};
	err = vcpu_init(vm, pa, &vc);
	if (err)
		return err;
	log_info("vm %s: %llu MiB RAM at host 0x%llx (%llu MiB of it at 4 GiB), image %llu bytes, %llu NPT tables, ASID %u",
		 vm->name,
		 (unsigned long long)((vm->ram_size + vm->high_size) >> 20),
		 (unsigned long long)cfg->ram_hpa,
		 (unsigned long long)(vm->high_size >> 20),
		 (unsigned long long)cfg->image_size,
		 (unsigned long long)vm->npt.nr_tables,
		 svm_vcpu_asid(&vm->vcpu.svm));
	return 0;
}

void vm_destroy(struct vm *vm)
{
	if (vm->pa) {
		svm_vcpu_destroy(&vm->vcpu.svm, vm->pa);
		npt_destroy(&vm->npt);
		if (vm->ones_page)
			palloc_free(vm->pa, vm->ones_page, 1);
	}
	memset(vm, 0, sizeof(*vm));
}
