// SPDX-License-Identifier: GPL-2.0-only
/*
 * Setting up a guest under emulated SEV-SNP (snp=emulated): the run-mode
 * decision, the software RMP over the guest's RAM, the conversion engine
 * (snp/snp.h), the C-bit alias (snp/view_npt.h) and the launch.
 *
 * Launch goes through the SEV firmware (hv/snp_fw.c, docs/firmware.md):
 * what the loader put into guest memory becomes private, assigned and
 * validated before the first VMRUN (SNP FW ABI "SNP_LAUNCH_UPDATE"),
 * since a guest cannot validate the memory it is running from. For the
 * test guests of guest-abi/guest_boot.h that is:
 *   - low memory [0, snp_shared_gpa): the boot struct, GDT and identity
 *     page tables (0x1000-0x8fff), the image at 0x100000 and room for its
 *     bss (BSS_ROOM), rounded up to 2 MiB because the identity map uses
 *     2 MiB pages and the C-bit is per guest page;
 *   - the stack: the top 2 MiB of RAM (RSP starts at the end of RAM);
 *   - inside low memory, the secrets page at GUEST_SECRETS_GPA, which
 *     SNP_LAUNCH_UPDATE writes as the firmware's SECRETS page (VMPCKs).
 * The rest of RAM stays shared, and the identity map has the C-bit
 * exactly on the launched 2 MiB pages (hv/vm.c).
 */
#include <stdio.h>
#include <string.h>

#include "hv/handlers.h"
#include "hv/platform.h"
#include "hv/snp_guest.h"
#include "include/log.h"
#include "include/sizes.h"
#include "include/x86.h"

#define BSS_ROOM (512ull << 10) /* test guests' bss after the image */

static struct snp_guest guest; /* one guest at a time, as hv/main.c */

static uint32_t maxphyaddr(void)
{
	uint32_t r[4];

	cpuid(0x80000000u, 0, r);
	if (r[0] < 0x80000008u)
		return 36; /* APM: the default without the leaf */
	cpuid(0x80000008u, 0, r);
	return r[0] & 0xff;
}

int snp_guest_plan(const struct bi_options *o, struct vm_config *cfg, char *why,
		   size_t why_len)
{
	uint32_t pa_bits;
	uint64_t low;

	cfg->snp_cbit = 0;
	if (o->snp == BI_SNP_OFF)
		return 0;
	pa_bits = maxphyaddr();
	if (pa_bits < SNP_MIN_MAXPHYADDR) {
		/* A C-bit at or above MAXPHYADDR is a reserved address bit:
		 * #PF(RSV) in guest tables, VMRUN failure in CR3. */
		snprintf(why, why_len,
			 "snp=emulated needs MAXPHYADDR >= %u for C-bit %u "
			 "(QEMU -cpu ...,phys-bits=48), this CPU has %u; "
			 "use snp=off for a plain guest",
			 SNP_MIN_MAXPHYADDR, SNP_CBIT, pa_bits);
		return -1;
	}
	low = GUEST_ENTRY_GPA + cfg->image_size + BSS_ROOM;
	low = (low + SZ_2M - 1) & ~(SZ_2M - 1);
	cfg->snp_cbit = SNP_CBIT;
	cfg->snp_shared_gpa = low;
	cfg->snp_shared_end = cfg->ram_size > low + SZ_2M ?
				      cfg->ram_size - SZ_2M :
				      low;
	return 0;
}

static void trace_to_log(void *ctx, const char *line)
{
	(void)ctx;
	log_debug("snp trace: %s", line);
}

/*
 * trace=on: each canonical trace line on COM1, for tests/diff/e2e.py.
 * Raw, not hv_printf: a psc.resp line can exceed its line buffer.
 */
static void trace_to_serial(void *ctx, const char *line)
{
	(void)ctx;
	hv_puts_raw("HV: trace ", 10);
	hv_puts_raw(line, strlen(line));
	hv_puts_raw("\n", 1);
}

static void engine_cpuid(void *ctx, uint32_t fn, uint32_t regs[4])
{
	cpuid_guest_view(ctx, fn, 0, regs);
}

static int setup_rmp(struct vm *vm, const struct bi_options *o,
		     uint64_t ram_hpa)
{
	static const enum rmp_mode modes[] = {
		[BI_RMP_AUTO] = RMP_MODE_AUTO,
		[BI_RMP_SW] = RMP_MODE_SW,
		[BI_RMP_HW] = RMP_MODE_HW,
	};
	/* RAM above 4 GiB and then a flash region lie right after the low
	 * RAM in host memory (hv/vm.h): one table covers all of them. */
	uint64_t size = vm->ram_size + vm->high_size + vm->flash_size;
	uint64_t bytes = (size / SZ_4K) * rmp_sw_entry_bytes();

	if (guest.rmp_table)
		palloc_free(vm->pa, guest.rmp_table, guest.rmp_table_pages);
	guest.rmp_table_pages = (bytes + SZ_4K - 1) / SZ_4K;
	guest.rmp_table = palloc_alloc(vm->pa, guest.rmp_table_pages, 1);
	if (!guest.rmp_table) {
		log_err("snp: no pool memory for a %llu KiB RMP table",
			(unsigned long long)(bytes >> 10));
		return -1;
	}
	if (vm->flash_size && (uint64_t)(uintptr_t)vm->flash !=
				      ram_hpa + vm->ram_size + vm->high_size) {
		log_err("snp: the flash region is not right after RAM in host memory");
		return -1;
	}
	if (o->rmp > BI_RMP_HW || !rmp_setup(&guest.rmp, modes[o->rmp], ram_hpa,
					     size, guest.rmp_table))
		return -1;
	return 0;
}

/* Says what will be launched; snp_guest_launch() launches it. */
static void launch_plan(struct vm *vm, const struct vm_config *cfg)
{
	uint64_t lo = cfg->snp_shared_gpa, hi = cfg->snp_shared_end;

	guest.launch_lo = lo < vm->ram_size ? lo : vm->ram_size;
	guest.launch_hi = hi < vm->ram_size ? hi : vm->ram_size;
	if (vm->flash_size) {
		log_info("snp launch %s: the flash region 0x%llx-0x%llx and the firmware's SEV metadata ranges; the rest of RAM is not launched (the firmware validates it)",
			 vm->name, (unsigned long long)vm->flash_gpa,
			 (unsigned long long)(vm->flash_gpa + vm->flash_size -
					      1));
		return;
	}

	if (lo >= vm->ram_size)
		log_info("snp launch %s: [0x0-0x%llx] %llu KiB = all of guest RAM "
			 "(the e820 RAM a loader must provide validated)",
			 vm->name, (unsigned long long)vm->ram_size - 1,
			 (unsigned long long)(vm->ram_size >> 10));
	else
		log_info("snp launch %s: [0x0-0x%llx] %llu KiB = boot struct 0x%llx, "
			 "GDT 0x%llx, page tables 0x%llx-0x%llx, image 0x%llx+%llu "
			 "bytes and its bss",
			 vm->name, (unsigned long long)lo - 1,
			 (unsigned long long)(lo >> 10), GUEST_BOOT_GPA,
			 GUEST_GDT_GPA, GUEST_PML4_GPA,
			 GUEST_PD_GPA + (GUEST_IDMAP_SIZE >> 30) * SZ_4K - 1,
			 GUEST_ENTRY_GPA, (unsigned long long)cfg->image_size);
	if (hi < vm->ram_size)
		log_info("snp launch %s: [0x%llx-0x%llx] %llu KiB = stack",
			 vm->name, (unsigned long long)hi,
			 (unsigned long long)vm->ram_size - 1,
			 (unsigned long long)((vm->ram_size - hi) >> 10));
	if (hi > lo)
		log_info("snp launch %s: [0x%llx-0x%llx] %llu KiB shared",
			 vm->name, (unsigned long long)lo,
			 (unsigned long long)hi - 1,
			 (unsigned long long)((hi - lo) >> 10));
}

/*
 * The views of a guest with more than one memory region: low RAM's, high
 * RAM's and the flash's, each an snp_npt_view over its own GPA and host
 * range, chosen by GPA. A range that crosses from one into another is
 * refused by the view it starts in (not inside its memory).
 */
static bool in_view(const struct snp_npt_view *v, uint64_t gpa)
{
	return v->ram_size && gpa >= v->ram_gpa &&
	       gpa - v->ram_gpa < v->ram_size;
}

static struct snp_npt_view *view_of(uint64_t gpa)
{
	if (in_view(&guest.flash_view, gpa))
		return &guest.flash_view;
	if (in_view(&guest.high_view, gpa))
		return &guest.high_view;
	return &guest.view;
}

static int views_prepare(void *ctx, uint64_t gpa, uint64_t npages,
			 bool to_private)
{
	(void)ctx;
	return snp_view_npt_ops.prepare(view_of(gpa), gpa, npages, to_private);
}

static int views_set_view(void *ctx, uint64_t gpa, uint64_t size,
			  enum snp_view v)
{
	(void)ctx;
	return snp_view_npt_ops.set_view(view_of(gpa), gpa, size, v);
}

static int views_alias(void *ctx, uint64_t gpa, unsigned flags)
{
	(void)ctx;
	return snp_view_npt_ops.alias(view_of(gpa), gpa, flags);
}

static const struct snp_view_ops views_ops = {
	.prepare = views_prepare,
	.set_view = views_set_view,
	.alias = views_alias,
};

int snp_guest_launch(struct vm *vm)
{
	return snp_fw_launch(vm);
}

int snp_guest_create(struct vm *vm, const struct bi_options *o)
{
	struct snp_vm *s = &guest.vm;
	uint64_t ram_hpa = (uint64_t)(uintptr_t)vm->ram;
	struct vm_config cfg = {
		.image_size = 0,
	};
	const struct guest_boot *gb = vm_gpa_to_host(vm, GUEST_BOOT_GPA);
	struct snp_region regions[3] = {
		{
			.gpa = 0,
			.size = vm->ram_size,
			.spa = ram_hpa,
			.host = vm->ram,
		},
	};
	unsigned nr_regions = 1;
	struct snp_vm_config ecfg;
	uint32_t certs_len;
	const uint8_t *certs = snp_fw_certs(&certs_len);
	int err;

	/* A test guest's pages for the firmware: the secrets page (the Linux
	 * loader places its own CPUID and secrets pages afterwards; OVMF's
	 * come from its SEV metadata, hv/ovmf_guest.c). */
	guest.cpuid_gpa = 0;
	guest.secrets_gpa = 0;
	if (vm->flash_size) {
		/* A reset-state guest has no boot struct. */
		cfg.snp_shared_gpa = 0;
		cfg.snp_shared_end = vm->ram_size;
	} else {
		cfg.image_size = gb->image_size;
		cfg.snp_shared_gpa = gb->snp_shared_gpa;
		cfg.snp_shared_end = gb->snp_shared_end;
		if (gb->snp_secrets_gpa &&
		    gb->snp_secrets_gpa + SZ_4K <= cfg.snp_shared_gpa) {
			guest.secrets_gpa = gb->snp_secrets_gpa;
			memset(vm->ram + guest.secrets_gpa, 0, SZ_4K);
		}
	}
	if (setup_rmp(vm, o, ram_hpa))
		return -1;
	err = snp_view_init(&guest.view, &vm->npt, SNP_CBIT, 0, ram_hpa,
			    vm->ram_size);
	if (err) {
		log_err("snp: C-bit alias set-up failed: error %d", err);
		return -1;
	}
	guest.view.fail_at = o->conv_fail;
	guest.high_view = (struct snp_npt_view){ 0 };
	if (vm->high_size) {
		regions[nr_regions++] = (struct snp_region){
			.gpa = VM_HIGH_RAM_GPA,
			.size = vm->high_size,
			.spa = ram_hpa + vm->ram_size,
			.host = vm->ram + vm->ram_size,
		};
		err = snp_view_init(&guest.high_view, &vm->npt, SNP_CBIT,
				    VM_HIGH_RAM_GPA, ram_hpa + vm->ram_size,
				    vm->high_size);
		if (err) {
			log_err("snp: C-bit alias of the RAM above 4 GiB: error %d",
				err);
			return -1;
		}
	}
	guest.flash_view = (struct snp_npt_view){ 0 };
	if (vm->flash_size) {
		regions[nr_regions++] = (struct snp_region){
			.gpa = vm->flash_gpa,
			.size = vm->flash_size,
			.spa = (uint64_t)(uintptr_t)vm->flash,
			.host = vm->flash,
		};
		err = snp_view_init(&guest.flash_view, &vm->npt, SNP_CBIT,
				    vm->flash_gpa,
				    (uint64_t)(uintptr_t)vm->flash,
				    vm->flash_size);
		if (err) {
			log_err("snp: C-bit alias of the flash region: error %d",
				err);
			return -1;
		}
	}
	/* Nothing of a previous guest's windows or conversions carries over. */
	guest.alias = (struct snp_alias){ 0 };
	guest.progress = (struct conv_progress){ 0 };
	guest.ctr_high = (struct snp_counters){ 0 };
	ecfg = (struct snp_vm_config){
		.name = vm->name,
		.asid = svm_vcpu_asid(&vm->vcpu.svm),
		.cbit = SNP_CBIT,
		.regions = regions,
		.nr_regions = nr_regions,
		.rmp = &guest.rmp,
		.view = nr_regions > 1 ? &views_ops : &snp_view_npt_ops,
		.view_ctx = &guest.view,
		.rmp_max = o->rmp_max == BI_RMP_MAX_4K ? SNP_RMP_MAX_4K :
							 SNP_RMP_MAX_2M,
		.mismatch = o->policy == BI_POLICY_STRICT ?
			    SNP_MISMATCH_STRICT : SNP_MISMATCH_IMPLICIT,
		.cpuid = engine_cpuid,
		.cpuid_ctx = &vm->vcpu,
		.guest_request = snp_fw_guest_request,
		.guest_request_ctx = vm,
		.mmio = snp_mmio_nae,
		.mmio_ctx = vm,
		.certs = certs,
		.certs_len = certs_len,
		/* No sink when nobody reads the trace: the engine then skips
		 * formatting it. */
		.trace = {
			.emit = o->trace == BI_TRACE_ON ? trace_to_serial :
				o->log_level >= LOG_DEBUG ? trace_to_log : NULL,
		},
	};
	if (snp_vm_setup(s, &ecfg))
		return -1;
	snp_vcpu_init(&guest.vcpu, s);
	vm->snp = &guest;
	launch_plan(vm, &cfg);
	if (snp_fw_begin(vm, o)) {
		vm->snp = NULL;
		return -1;
	}
	vm->exit_ops = &snp_exit_ops;
	log_info("snp %s: emulated SEV-SNP, C-bit %u, RMP %s, rmp-max=%s, policy=%s, "
		 "%llu NPT tables",
		 vm->name, SNP_CBIT, guest.rmp.ops->name,
		 s->rmp_max == SNP_RMP_MAX_4K ? "4k" : "2m",
		 s->mismatch == SNP_MISMATCH_STRICT ? "strict" : "implicit",
		 (unsigned long long)vm->npt.nr_tables);
	return 0;
}

/*
 * The guest context is decommissioned and its firmware pages reclaimed
 * (hv/snp_fw.c). The RMP entries of this guest's pages live in its own
 * software table (setup_rmp), so dropping the table returns every page
 * to the hypervisor at once; there is nothing to RMPUPDATE back. A
 * hardware RMP would need each assigned page reclaimed first, but no
 * guest page is ever assigned in it: snp_fw_begin refuses that back end.
 * The nested page tables of both views go with the VM (vm_destroy).
 */
void snp_guest_destroy(struct vm *vm)
{
	snp_fw_end(vm);
	if (guest.rmp_table && vm->pa)
		palloc_free(vm->pa, guest.rmp_table, guest.rmp_table_pages);
	memset(&guest, 0, sizeof(guest));
	vm->snp = NULL;
	vm->exit_ops = NULL;
}

void snp_guest_add_counters(const struct vm *vm, struct counters_line *l)
{
	const struct snp_guest *g = vm->snp;

	counters_add(l, "snp", g != NULL);
	if (!g)
		return;
	counters_add_snp(l, &g->vm.ctr);
	counters_add(l, "alias_walks", g->alias.walks);
	counters_add(l, "alias_fetches", g->alias.fetches);
	counters_add_snp_split(l, "above4g_", &g->ctr_high);
	counters_add(l, "view_refusals",
		     g->view.refusals + g->high_view.refusals +
			     g->flash_view.refusals);
}
