// SPDX-License-Identifier: GPL-2.0-only
/*
 * hv_main: the first hypervisor code after ExitBootServices. Takes the
 * pool boot/ handed over, turns SVM on, then builds, runs and tears down
 * each guest in turn. The last line of every guest is the hypervisor's:
 *   HV: guest <name> exited code=N exits=M
 * and when the hypervisor stopped the guest, just before it:
 *   HV: guest <name> stopped: <reason> exits=M
 * (with code=-1 on the final line). A guest that ran has its counters
 * line before those: HV: counters guest=<name> ... (docs/counters.md).
 * Then hv_shutdown() with the verdict
 * (hv/platform.h): PASS, SKIP (code 77), FAIL (other codes), ERROR
 * (stopped), PANIC (the hypervisor itself could not go on).
 */
#include <stdio.h>
#include <string.h>

#include "guest-abi/hypercall.h"
#include "hv/clock.h"
#include "hv/counters.h"
#include "hv/host_irq.h"
#include "hv/linux_guest.h"
#include "hv/ovmf_guest.h"
#include "hv/platform.h"
#include "hv/snp_guest.h"
#include "hv/vm.h"
#include "include/boot_info.h"
#include "include/log.h"
#include "include/x86.h"
#include "svm/svm.h"

static struct palloc pool;
static struct vm vm; /* one guest at a time */

/*
 * The counters line (hv/counters.h, docs/counters.md): exits, then time,
 * then emulated SNP's. t0 is when this guest's set-up began.
 */
static void print_counters(const struct vcpu *vcpu, uint64_t t0)
{
	static struct counters_line l; /* 4 KiB: not on the stack */
	const char *line;
	size_t len;

	counters_begin(&l, vcpu->vm->name);
	counters_add(&l, "exits", vcpu->nr_exits);
	for (unsigned r = 0; r < EXIT_REASON_NR; r++)
		counters_add2(&l, "exit_", exit_reason_name(r),
			      vcpu->exit_counts[r]);
	counters_add(&l, "cycles_setup", vcpu->tsc_first_entry - t0);
	counters_add(&l, "cycles_run", vcpu->tsc_end - vcpu->tsc_first_entry);
	counters_add(&l, "halted_us", vcpu->vm->halted_ns / 1000);
	counters_add(&l, "irqs_injected", vcpu->vm->nr_injected);
	counters_add(&l, "host_ticks", host_timer_ticks() - vcpu->vm->ticks0);
	/* Nested page tables at the end (hypervisor memory, docs/bench-ovmf.md). */
	counters_add(&l, "npt_tables", vcpu->vm->npt.nr_tables);
	snp_guest_add_counters(vcpu->vm, &l);
	line = counters_end(&l, &len);
	hv_puts_raw(line, len);
}

/* Worse verdicts win: PASS < SKIP < FAIL < ERROR < PANIC. */
static enum hv_verdict worse(enum hv_verdict a, enum hv_verdict b)
{
	static const int rank[] = {
		[HV_PASS] = 0,	[HV_SKIP] = 1,	[HV_FAIL] = 2,
		[HV_ERROR] = 3, [HV_PANIC] = 4,
	};

	return rank[b] > rank[a] ? b : a;
}

static enum hv_verdict run_guest(const struct boot_info *bi,
				 const struct bi_guest *g)
{
	struct vm_config cfg = {
		.name = g->name,
		.ram_hpa = g->ram.base,
		.ram_size = g->ram.size,
		.image = (const void *)(uintptr_t)g->image,
		.image_size = g->image_size,
		.timeout_s = bi->options.timeout_s,
	};
	struct vcpu *vcpu = &vm.vcpu;
	uint64_t t0 = rdtsc();
	char why[160];
	int is_linux, is_ovmf;

	if (snp_guest_plan(&bi->options, &cfg, why, sizeof(why))) {
		hv_printf("HV: guest %s stopped: %s exits=0\n", g->name, why);
		hv_printf("HV: guest %s exited code=-1 exits=0\n", g->name);
		return HV_ERROR;
	}
	is_ovmf = ovmf_guest_plan(&bi->options, &cfg, why, sizeof(why));
	is_linux = is_ovmf ? 0 : linux_guest_plan(&cfg, why, sizeof(why));
	if (is_ovmf < 0 || is_linux < 0) {
		hv_printf("HV: guest %s stopped: %s exits=0\n", g->name, why);
		hv_printf("HV: guest %s exited code=-1 exits=0\n", g->name);
		return HV_ERROR;
	}
	if (vm_create(&vm, &pool, &cfg) ||
	    (cfg.snp_cbit && snp_guest_create(&vm, &bi->options)) ||
	    (is_linux && linux_guest_setup(&vm)) ||
	    (is_ovmf && ovmf_guest_setup(&vm)) ||
	    (cfg.snp_cbit && snp_guest_launch(&vm))) {
		hv_printf("HV: guest %s stopped: could not be created exits=0\n",
			  g->name);
		hv_printf("HV: guest %s exited code=-1 exits=0\n", g->name);
		return HV_ERROR;
	}
	log_info("guest %s: first VMRUN %llu Mcycles after efi_main", g->name,
		 (unsigned long long)((t0 - bi->tsc_at_entry) >> 20));
	vcpu_run(vcpu);
	if (is_linux)
		linux_guest_finish(&vm);
	print_counters(vcpu, t0);
	if (vcpu->state == VCPU_STOPPED) {
		/*
		 * The runner (docs/build-notes.md) wants an "exited" line
		 * last for every guest: code=-1 says the hypervisor ended it,
		 * for the reason on the line before.
		 */
		hv_printf("HV: guest %s stopped: %s exits=%llu\n", vm.name,
			  vcpu->stop_reason,
			  (unsigned long long)vcpu->nr_exits);
		hv_printf("HV: guest %s exited code=-1 exits=%llu\n", vm.name,
			  (unsigned long long)vcpu->nr_exits);
		return HV_ERROR;
	}
	hv_printf("HV: guest %s exited code=%llu exits=%llu\n", vm.name,
		  (unsigned long long)vcpu->exit_code,
		  (unsigned long long)vcpu->nr_exits);
	if (vcpu->exit_code == HC_EXIT_PASS)
		return HV_PASS;
	return vcpu->exit_code == HC_EXIT_SKIP ? HV_SKIP : HV_FAIL;
}

/*
 * After every guest, whatever its end (also when it could not be built):
 * give back all it held, so the next guest gets the same pool and ASIDs.
 * A guest's pool use is only ever its VM's, so the free count must be
 * back where it was before the guest. Logged after the guest's final
 * line, at debug level unless something was not given back.
 */
static void teardown(const char *name, uint64_t free_before)
{
	snp_guest_destroy(&vm);
	vm_destroy(&vm);
	if (pool.nr_free != free_before)
		log_err("guest %s: torn down, but %lld pool pages were not given back",
			name, (long long)(free_before - pool.nr_free));
	else
		log_debug("guest %s: torn down, %llu pool pages free", name,
			  (unsigned long long)pool.nr_free);
}

void hv_main(struct boot_info *bi)
{
	enum hv_verdict verdict = HV_PASS;

	/* The host runs with IF=0; it takes its interrupts when it chooses
	 * (hv/host_irq.h). */
	__asm__ volatile("cli");
	log_info("snpvisor: hv_main, %u guest(s), pool %llu MiB at 0x%llx",
		 bi->nr_guests, (unsigned long long)(bi->pool.size >> 20),
		 (unsigned long long)bi->pool.base);
	if (bi->magic != BOOT_INFO_MAGIC || bi->version != BOOT_INFO_VERSION) {
		hv_printf("HV: bad boot_info (magic 0x%llx version %u)\n",
			  (unsigned long long)bi->magic, bi->version);
		hv_shutdown(HV_PANIC);
	}
	if (palloc_init(&pool, bi->pool.base, bi->pool.size)) {
		hv_printf("HV: no usable memory pool\n");
		hv_shutdown(HV_PANIC);
	}
	clock_init(bi->tsc_hz);
	snp_fw_vcek_file((const void *)(uintptr_t)bi->vcek_file,
			 bi->vcek_file_size);
	if (!host_irq_init()) {
		hv_printf(
			"HV: cannot run guests: no host timer to bound them (see above)\n");
		hv_shutdown(HV_PANIC);
	}
	if (svm_init(&pool)) {
		hv_printf(
			"HV: cannot run guests: SVM unavailable (see above)\n");
		hv_shutdown(HV_PANIC);
	}
	if (!bi->nr_guests) {
		hv_printf("HV: no guest given (option guest=<file>)\n");
		hv_shutdown(HV_PANIC);
	}
	for (uint32_t i = 0; i < bi->nr_guests && i < BI_MAX_GUESTS; i++) {
		uint64_t free_before = pool.nr_free;

		verdict = worse(verdict, run_guest(bi, &bi->guests[i]));
		teardown(bi->guests[i].name, free_before);
	}
	hv_shutdown(verdict);
}
