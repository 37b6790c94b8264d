// SPDX-License-Identifier: GPL-2.0-only
/*
 * Booting a Linux guest (docs/linux-guest.md). The pure parts (setup
 * header, layout, zero page, CC blob) are in hv/linux_loader.c; this file
 * puts them into a VM made by vm_create().
 *
 * Platform: the emulated PC every guest gets (hv/pc.h): PIT, 8259A
 * pair, COM1, RTC, reset ports, an x2APIC local APIC; nothing of the
 * machine is passed through. There are no ACPI tables and no MP table:
 * Linux finds neither and runs its APIC in virtual-wire mode, with the
 * 8259A pair behind LINT0 (docs/linux-guest.md "The platform").
 */
#include <stdio.h>
#include <string.h>

#include "guest-abi/hypercall.h"
#include "hv/clock.h"
#include "hv/handlers.h"
#include "hv/linux_guest.h"
#include "hv/linux_loader.h"
#include "hv/platform.h"
#include "hv/snp_guest.h"
#include "include/log.h"
#include "include/x86.h"
#include "svm/svm.h"

/* One guest at a time, as hv/main.c. */
static struct {
	struct linux_image li;
	struct linux_layout lay;
} lx;

int linux_guest_plan(struct vm_config *cfg, char *why, size_t why_len)
{
	struct linux_kernel *k = &lx.li.k;
	uint64_t low, high;

	if (!linux_image_detect(cfg->image, cfg->image_size))
		return 0;
	/* Kernel, initrd and boot data go below 4 GiB; RAM above it is
	 * only listed in the e820 (vm_ram_split). */
	vm_ram_split(cfg->ram_size, &low, &high);
	if (linux_image_parse(cfg->image, cfg->image_size, &lx.li, why,
			      why_len) ||
	    linux_layout_plan(&lx.li, low, &lx.lay, why, why_len))
		return -1;
	lx.lay.high_size = high;
	cfg->high_ram = true;
	/* vm_create copies this to GUEST_ENTRY_GPA; setup moves it. */
	cfg->image = k->image + k->pm_offset;
	cfg->image_size = k->pm_size;
	if (cfg->snp_cbit) {
		/*
		 * Linux validates none of what a loader hands it and, without
		 * EFI, has no unaccepted-memory table: all RAM is launched
		 * (docs/linux-guest.md).
		 */
		cfg->snp_shared_gpa = cfg->ram_size;
		cfg->snp_shared_end = cfg->ram_size;
	}
	return 1;
}

/*
 * XSAVE leaves for the SNP CPUID page (SNP FW ABI "CPUID Reporting", the
 * CPUID function structure): sub-leaves 0 and 1 once, for XCR0_IN = the
 * guest's XCR0 at launch (x87 only) and XSS_IN 0, the sizes in EBX for
 * that input; then one entry per offered component (sizes and offsets,
 * XCR0_IN/XSS_IN 0), from which a guest's #VC handler computes the size
 * for its current XCR0 itself.
 */
static unsigned fill_xsave_leaves(struct vcpu *vcpu, struct linux_cpuid_fn *fn,
				  unsigned n)
{
	uint32_t r[4];

	for (uint32_t sub = 0; sub < 63 && n < LX_CPUID_MAX; sub++) {
		cpuid_guest_view(vcpu, 0xd, sub, r);
		if (sub == 0 && !(r[0] & 1))
			return n; /* no XSAVE offered */
		if (sub >= 2 && !r[0])
			continue;
		fn[n++] = (struct linux_cpuid_fn){
			.eax_in = 0xd,
			.ecx_in = sub,
			.xcr0_in = sub < 2 ? vcpu->svm.xcr0 : 0,
			.eax = r[0],
			.ebx = r[1],
			.ecx = r[2],
			.edx = r[3],
		};
	}
	return n;
}

/* Leaves for the SNP CPUID page, as the guest's CPUID intercept answers. */
unsigned linux_guest_cpuid_leaves(struct vcpu *vcpu, struct linux_cpuid_fn *fn)
{
	static const uint32_t leaves[][2] = {
		{ 0x0, 0 },	    { 0x1, 0 },		{ 0x7, 0 },
		{ 0x7, 1 },	    { 0x40000000u, 0 }, { 0x40000001u, 0 },
		{ 0x80000000u, 0 }, { 0x80000001u, 0 }, { 0x80000008u, 0 },
		{ 0x8000001fu, 0 },
	};
	uint32_t r[4], max_std, max_ext;
	unsigned n = 0;

	cpuid_guest_view(vcpu, 0, 0, r);
	max_std = r[0];
	cpuid_guest_view(vcpu, 0x80000000u, 0, r);
	max_ext = r[0];
	for (unsigned i = 0; i < sizeof(leaves) / sizeof(leaves[0]); i++) {
		uint32_t leaf = leaves[i][0];

		if ((leaf < 0x40000000u && leaf > max_std) ||
		    (leaf >= 0x80000000u && leaf > max_ext))
			continue;
		cpuid_guest_view(vcpu, leaf, leaves[i][1], r);
		fn[n++] = (struct linux_cpuid_fn){
			.eax_in = leaf,
			.ecx_in = leaves[i][1],
			.eax = r[0],
			.ebx = r[1],
			.ecx = r[2],
			.edx = r[3],
		};
	}
	if (max_std >= 0xd)
		n = fill_xsave_leaves(vcpu, fn, n);
	return n;
}

static void place_kernel(struct vm *vm)
{
	const struct linux_kernel *k = &lx.li.k;
	uint64_t from = GUEST_ENTRY_GPA, to = lx.lay.load_addr;

	if (to == from)
		return;
	memmove(vm->ram + to, vm->ram + from, k->pm_size);
	/* Clear what is left of the copy at 1 MiB (to is above it). */
	memset(vm->ram + from, 0,
	       (to < from + k->pm_size ? to : from + k->pm_size) - from);
}

static bool has_word(const char *s, size_t len, const char *word)
{
	size_t n = strlen(word);

	for (size_t i = 0; i + n <= len; i++)
		if ((i == 0 || s[i - 1] == ' ') && !memcmp(s + i, word, n))
			return true;
	return false;
}

/*
 * The command line as given, plus tsc_early_khz=<the TSC rate boot/
 * measured> unless it names one (Documentation/admin-guide/
 * kernel-parameters.txt). Linux on AMD calibrates the TSC against the
 * PIT, HPET or ACPI PM timer; this PC has only the PIT, and its
 * calibration loop wants 1000 reads of port 0x61 within 10 ms, each an
 * exit here (tens of microseconds under QEMU's emulation). Without the
 * rate Linux marks the TSC unstable and runs on jiffies. The rate is
 * rounded to whole MHz: the command line is launched as guest memory
 * and measured (docs/firmware.md), and must not change from one boot
 * to the next on the same machine.
 */
static void write_cmdline(struct vm *vm, const struct linux_image *li,
			  const struct linux_layout *lay)
{
	char *dst = (char *)vm->ram + lay->cmdline;
	size_t len = li->cmdline_len, room;
	int n;

	memcpy(dst, li->cmdline, len);
	dst[len] = '\0';
	if (has_word(li->cmdline, len, "tsc_early_khz="))
		return;
	room = LX_SETUP_DATA_GPA - LX_CMDLINE_GPA;
	if (room > (size_t)li->k.cmdline_size + 1)
		room = (size_t)li->k.cmdline_size + 1;
	n = snprintf(dst + len, room - len, "%stsc_early_khz=%llu",
		     len ? " " : "",
		     (unsigned long long)((clock_tsc_hz() + 500000) / 1000000 *
					  1000));
	if (n < 0 || (size_t)n >= room - len) {
		dst[len] = '\0';
		log_warn("guest %s: linux: no room for tsc_early_khz= on the command line: Linux will find no TSC rate",
			 vm->name);
	}
}

int linux_guest_setup(struct vm *vm)
{
	const struct linux_image *li = &lx.li;
	const struct linux_layout *lay = &lx.lay;
	struct vcpu *vcpu = &vm->vcpu;
	uint64_t setup_data = 0;
	uint64_t gdt[LX_GDT_ENTRIES];
	unsigned nr_e820;

	place_kernel(vm);
	if (li->initrd_size)
		memcpy(vm->ram + lay->initrd_addr, li->initrd, li->initrd_size);
	write_cmdline(vm, li, lay);
	if (vm->snp) {
		struct linux_cpuid_fn fn[LX_CPUID_MAX];
		unsigned n = linux_guest_cpuid_leaves(vcpu, fn);

		linux_build_cpuid_page(vm->ram + LX_CPUID_PAGE_GPA, fn, n);
		/* The SEV firmware checks the CPUID page and writes the
		 * secrets page at SNP_LAUNCH_UPDATE (hv/snp_fw.c). */
		memset(vm->ram + LX_SECRETS_PAGE_GPA, 0, SZ_4K);
		vm->snp->cpuid_gpa = LX_CPUID_PAGE_GPA;
		vm->snp->secrets_gpa = LX_SECRETS_PAGE_GPA;
		linux_build_cc_blob(vm->ram + LX_SETUP_DATA_GPA,
				    LX_SETUP_DATA_GPA, LX_CPUID_PAGE_GPA,
				    LX_SECRETS_PAGE_GPA);
		setup_data = LX_SETUP_DATA_GPA;
		log_info("guest %s: linux: CC blob at 0x%llx (setup_data type %u): CPUID page 0x%llx (%u leaves), secrets page 0x%llx (the firmware's, at launch)",
			 vm->name, (unsigned long long)LX_SETUP_DATA_GPA + 0x18,
			 SETUP_CC_BLOB, (unsigned long long)LX_CPUID_PAGE_GPA,
			 n, (unsigned long long)LX_SECRETS_PAGE_GPA);
	}
	nr_e820 = linux_build_boot_params(vm->ram + lay->boot_params, li, lay,
					  setup_data);
	linux_build_gdt(gdt);
	memcpy(vm->ram + LX_GDT_GPA, gdt, sizeof(gdt));
	svm_set_boot_segments(&vcpu->svm, LX_GDT_GPA, sizeof(gdt) - 1,
			      LX_BOOT_CS, LX_BOOT_DS);

	/* boot.rst "64-bit Boot Protocol": RSI = zero page, interrupts off. */
	vcpu->regs = (struct vcpu_regs){
		.rip = lay->entry,
		.rsi = lay->boot_params,
		.rsp = lay->stack_top,
		.rflags = 0x2,
	};

	log_info("guest %s: linux: boot protocol %u.%02u, kernel %llu bytes at 0x%llx (init_size %u MiB), entry 0x%llx, zero page 0x%llx, %u e820 entries",
		 vm->name, li->k.version >> 8, li->k.version & 0xff,
		 (unsigned long long)li->k.pm_size,
		 (unsigned long long)lay->load_addr, li->k.init_size >> 20,
		 (unsigned long long)lay->entry,
		 (unsigned long long)lay->boot_params, nr_e820);
	if (li->initrd_size)
		log_info("guest %s: linux: initrd %llu bytes at 0x%llx",
			 vm->name, (unsigned long long)li->initrd_size,
			 (unsigned long long)lay->initrd_addr);
	log_info("guest %s: linux: command line \"%s\"", vm->name,
		 (const char *)vm->ram + lay->cmdline);
	if (vm->snp)
		log_info("guest %s: linux: all of RAM is launched through the SEV firmware",
			 vm->name);
	return 0;
}

void linux_guest_finish(struct vm *vm)
{
	struct vcpu *vcpu = &vm->vcpu;
	const struct snp_counters *c;
	uint64_t pv = 0, pv_fail = 0, psc;

	if (!vm->snp || vcpu->state != VCPU_EXITED || vcpu->exit_code)
		return;
	c = &vm->snp->vm.ctr;
	for (unsigned s = 0; s < 2; s++) {
		pv += c->pvalidate[s][SNP_PV_OK];
		pv_fail += c->pvalidate[s][SNP_PV_NO_UPDATE] +
			   c->pvalidate[s][SNP_PV_FAIL_INPUT] +
			   c->pvalidate[s][SNP_PV_FAULT];
	}
	pv_fail += c->pvalidate[0][SNP_PV_FAIL_SIZEMISMATCH] +
		   c->pvalidate_bad_size;
	psc = c->msr_psc + c->ghcb_psc;
	if (pv && psc && !pv_fail) {
		log_info("guest %s: linux: summary sane: %llu PVALIDATEs ok, %llu PSCs, no failures",
			 vm->name, (unsigned long long)pv,
			 (unsigned long long)psc);
		return;
	}
	hv_printf("HV: guest %s: linux: conversion summary failed its check: %llu PVALIDATEs ok, %llu failed, %llu PSCs (exit status 0 -> 1)\n",
		  vm->name, (unsigned long long)pv, (unsigned long long)pv_fail,
		  (unsigned long long)psc);
	vcpu->exit_code = 1;
}
