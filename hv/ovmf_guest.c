// SPDX-License-Identifier: GPL-2.0-only
/*
 * OVMF.fd as an emulated SNP guest (docs/ovmf.md): the first step of
 * issue 15. The image is parsed (hv/ovmf_image.c), mapped so that it ends
 * at 4 GiB as a memory region of its own (hv/vm.c), launched from its
 * SEV metadata through the SEV firmware (hv/snp_fw.c launch_ovmf), and
 * the vCPU starts in the reset state a KVM host gives an SNP vCPU
 * (svm_vcpu_reset), which is also what the VMSA page measures.
 *
 * The guest's PC gets the hypervisor's fw_cfg (hv/ovmf_fw_cfg.c; with a
 * firmware bundle's kernel, its direct kernel boot items) and the PCI
 * functions of QEMU's pc machine with the ACPI PM timer (dev/piix.c).
 * NOT IMPLEMENTED yet (docs/ovmf.md "Where it stops"): flash writes, APs.
 */
#include <stdio.h>
#include <string.h>

#include "hv/clock.h"
#include "hv/handlers.h"
#include "hv/linux_guest.h"
#include "hv/linux_loader.h"
#include "hv/ovmf_guest.h"
#include "hv/ovmf_image.h"
#include "hv/snp_guest.h"
#include "include/log.h"
#include "include/sizes.h"
#include "svm/svm.h"

/* The BSP's first instruction: the reset vector, 16 bytes below 4 GiB
 * (APM volume 2, "Processor Initialization State"). */
#define OVMF_BSP_EIP 0xfffffff0ull
/* RAM the firmware's SEV metadata ranges and its SEC need at least. */
#define OVMF_MIN_RAM (16ull << 20)

static struct ovmf_image img; /* one guest at a time, as hv/main.c */
static struct piix piix;
/* The kernel of a firmware bundle (hv/ovmf_image.h), for fw_cfg. */
static struct linux_image kernel;
static bool has_kernel;

/* The footer GUID of the table under the reset vector, at 4 GiB - 0x30. */
static bool has_footer(const uint8_t *p, uint64_t size)
{
	static const uint8_t footer[OVMF_GUID_SIZE] = {
		0xde, 0x82, 0xb5, 0x96, 0xb2, 0x1f, 0xf7, 0x45,
		0xba, 0xea, 0xa3, 0x66, 0xc5, 0x5a, 0x08, 0x2d,
	};

	return size >= OVMF_TABLE_END_FROM_TOP + OVMF_GUID_SIZE &&
	       !memcmp(p + size - OVMF_TABLE_END_FROM_TOP - OVMF_GUID_SIZE,
		       footer, OVMF_GUID_SIZE);
}

/*
 * A PE image without a Linux setup header ("MZ", no "HdrS" at 0x202): a
 * UEFI application the firmware loads as its kernel (PE/COFF, "MS-DOS
 * Stub": "MZ" at 0).
 */
static bool is_plain_pe(const uint8_t *p, uint64_t size)
{
	return size >= 0x206 && p[0] == 'M' && p[1] == 'Z' &&
	       memcmp(p + 0x202, "HdrS", 4);
}

int ovmf_guest_plan(const struct bi_options *o, struct vm_config *cfg,
		    char *why, size_t why_len)
{
	struct ovmf_bundle b;
	uint64_t flash, low, high;
	char r[96];
	int n = ovmf_bundle_split(cfg->image, cfg->image_size, &b, why,
				  why_len);

	has_kernel = false;
	if (n < 0)
		return -1;
	if (n > 0 && is_plain_pe(b.kernel, b.kernel_size)) {
		/* A UEFI application (tests/efi/): all of it is "kernel",
		 * nothing is setup, no initrd or command line. */
		memset(&kernel, 0, sizeof(kernel));
		kernel.k.image = b.kernel;
		kernel.k.image_size = b.kernel_size;
		kernel.cmdline = "";
	} else if (n > 0) {
		if (linux_image_parse(b.kernel, b.kernel_size, &kernel, r,
				      sizeof(r))) {
			snprintf(why, why_len,
				 "firmware bundle: its kernel is refused: %s",
				 r);
			return -1;
		}
	}
	if (n > 0) {
		if (!has_footer(b.fw, b.fw_size)) {
			snprintf(why, why_len,
				 "firmware bundle: its firmware part is not a firmware image");
			return -1;
		}
		cfg->image = b.fw;
		cfg->image_size = b.fw_size;
		has_kernel = true;
	}
	if (!has_footer(cfg->image, cfg->image_size))
		return 0;
	if (ovmf_image_parse(cfg->image, cfg->image_size, &img, r, sizeof(r))) {
		snprintf(why, why_len, "firmware image refused: %s", r);
		return -1;
	}
	if (!img.has_sev_metadata || !img.nr_sections) {
		snprintf(why, why_len,
			 "firmware image without SEV metadata: not an SNP firmware");
		return -1;
	}
	if (o->snp == BI_SNP_OFF || !cfg->snp_cbit) {
		snprintf(why, why_len,
			 "a firmware image runs only as an emulated SNP guest (snp=off: not implemented)");
		return -1;
	}
	flash = (img.size + SZ_2M - 1) & ~(SZ_2M - 1);
	if (cfg->ram_size < flash + OVMF_MIN_RAM) {
		snprintf(why, why_len,
			 "mem= of %llu MiB leaves less than %llu MiB of RAM beside the %llu MiB flash",
			 (unsigned long long)(cfg->ram_size >> 20),
			 (unsigned long long)(OVMF_MIN_RAM >> 20),
			 (unsigned long long)(flash >> 20));
		return -1;
	}
	/* The flash's host memory is the last part of mem=; the rest is
	 * RAM, split at 4 GiB (vm_ram_split) and described in etc/e820. */
	cfg->ram_size -= flash;
	vm_ram_split(cfg->ram_size, &low, &high);
	for (unsigned i = 0; i < img.nr_sections; i++)
		if (img.sections[i].base + (uint64_t)img.sections[i].size >
		    low) {
			snprintf(why, why_len,
				 "SEV metadata section %u (0x%x+0x%x) is not in the %llu MiB of RAM",
				 i, img.sections[i].base, img.sections[i].size,
				 (unsigned long long)(low >> 20));
			return -1;
		}
	cfg->reset_start = true;
	cfg->high_ram = true;
	cfg->flash_size = flash;
	cfg->flash_hpa = cfg->ram_hpa + cfg->ram_size;
	cfg->snp_shared_gpa = 0;
	cfg->snp_shared_end = cfg->ram_size;
	return 1;
}

int ovmf_guest_setup(struct vm *vm)
{
	struct vcpu *vcpu = &vm->vcpu;
	struct snp_guest *g = vm->snp;
	uint32_t sig[4];

	if (!g)
		return -1;
	for (unsigned i = 0; i < img.nr_sections; i++) {
		const struct ovmf_section *s = &img.sections[i];

		if (s->type == OVMF_SECTION_CPUID) {
			struct linux_cpuid_fn fn[LX_CPUID_MAX];
			unsigned n = linux_guest_cpuid_leaves(vcpu, fn);

			/* Checked by the firmware at SNP_LAUNCH_UPDATE; its
			 * contents are not measured. */
			linux_build_cpuid_page(vm_gpa_to_host(vm, s->base), fn,
					       n);
			g->cpuid_gpa = s->base;
		} else if (s->type == OVMF_SECTION_SNP_SECRETS) {
			g->secrets_gpa = s->base;
		}
	}
	g->ovmf = &img;
	pc_attach_pci(&vm->pc, &piix, clock_ns());
	if (ovmf_fw_cfg_setup(vm, has_kernel ? &kernel : NULL)) {
		log_err("guest %s: ovmf: the fw_cfg items do not fit the device",
			vm->name);
		return -1;
	}
	/* "Processor Initialization State": EDX = family, model, stepping
	 * (CPUID Fn0000_0001 EAX) of the CPU the guest sees. */
	cpuid_guest_view(vcpu, 1, 0, sig);
	svm_vcpu_reset(&vcpu->svm, &vcpu->regs, OVMF_BSP_EIP, sig[0]);
	log_info("guest %s: ovmf: %llu KiB image at 0x%llx, %u SEV metadata sections, SEV-ES reset block 0x%x; BSP at the reset vector 0x%llx (CS f000 base 0x%llx, IP 0x%llx) in real mode, RDX 0x%x",
		 vm->name, (unsigned long long)(img.size >> 10),
		 (unsigned long long)img.base, img.nr_sections,
		 img.sev_es_reset_addr, OVMF_BSP_EIP,
		 OVMF_BSP_EIP & 0xffff0000ull, OVMF_BSP_EIP & 0xffffull,
		 sig[0]);
	return 0;
}
