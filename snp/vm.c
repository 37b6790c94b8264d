// SPDX-License-Identifier: GPL-2.0-only
/*
 * Engine set-up (snp_vm_setup(), snp_vcpu_init()) and launch
 * (snp_launch_range()). The counters of struct snp_counters are counted
 * where the work is done and put on the counters line by hv/counters.c.
 */
#include <string.h>

#include "include/log.h"
#include "snp/internal.h"

int snp_vm_setup(struct snp_vm *vm, const struct snp_vm_config *cfg)
{
	unsigned i;

	if (!cfg->rmp || !cfg->view || cfg->nr_regions > SNP_MAX_REGIONS) {
		log_err("snp %s: set-up needs an RMP, a view back end and at most %u regions (%u given)",
			cfg->name ? cfg->name : "?", SNP_MAX_REGIONS,
			cfg->nr_regions);
		return -1;
	}
	memset(vm, 0, sizeof(*vm));
	vm->name = cfg->name;
	vm->asid = cfg->asid;
	vm->cbit = cfg->cbit;
	for (i = 0; i < cfg->nr_regions; i++)
		vm->regions[i] = cfg->regions[i];
	vm->nr_regions = cfg->nr_regions;
	vm->rmp = cfg->rmp;
	vm->view = cfg->view;
	vm->view_ctx = cfg->view_ctx;
	vm->rmp_max = cfg->rmp_max;
	vm->mismatch = cfg->mismatch;
	vm->cpuid = cfg->cpuid;
	vm->cpuid_ctx = cfg->cpuid_ctx;
	vm->guest_request = cfg->guest_request;
	vm->guest_request_ctx = cfg->guest_request_ctx;
	vm->mmio = cfg->mmio;
	vm->mmio_ctx = cfg->mmio_ctx;
	vm->certs = cfg->certs;
	vm->certs_len = cfg->certs ? cfg->certs_len : 0;
	vm->trace = cfg->trace;
	/*
	 * SEV-SNP support only: AP creation (bit 1) is not implemented, so it
	 * is not offered (GHCB spec, "Hypervisor Feature Support").
	 */
	vm->hv_features = GHCB_HV_FT_SNP;
	return 0;
}

void snp_vcpu_init(struct snp_vcpu *vc, struct snp_vm *vm)
{
	vc->vm = vm;
	/* The MSR holds the SEV Information response at reset (GHCB spec,
	 * "GHCB MSR Protocol": the hypervisor's initial value). */
	vc->ghcb_msr = GHCB_SEV_INFO(GHCB_PROTOCOL_MAX, GHCB_PROTOCOL_MIN,
				     vm->cbit);
	vc->ghcb_registered_gpa = SNP_GHCB_UNREGISTERED;
	vc->stop_reason[0] = 0;
}

int snp_launch_range(struct snp_vm *vm, uint64_t gpa, uint64_t size,
		     enum snp_rmp_max rmp_max)
{
	enum snp_rmp_max vm_rmp_max = vm->rmp_max;
	struct snp_trace saved = vm->trace;
	struct snp_counters ctr = vm->ctr;
	unsigned n2m = 0, n4k = 0;
	uint64_t p, end = gpa + size;
	enum conv_rc rc;

	if (!vm->rmp->ops->pvalidate) {
		log_err("launch: pre-validating memory needs the software RMP; "
			"on silicon that is SNP_LAUNCH_UPDATE through the PSP, "
			"which snpvisor does not implement (boot with rmp=sw)");
		return -1;
	}
	if ((gpa | size) & (SZ_4K - 1) || size == 0) {
		log_err("launch: range 0x%llx+0x%llx is not page aligned",
			(unsigned long long)gpa, (unsigned long long)size);
		return -1;
	}
	/* Launch is not a guest request: keep it out of the trace and the
	 * conversion counters. */
	vm->trace.emit = NULL;
	vm->rmp_max = rmp_max;
	rc = snp_convert(vm, gpa, size >> 12, true, true);
	vm->rmp_max = vm_rmp_max;
	vm->trace = saved;
	vm->ctr = ctr;
	if (rc != CONV_OK) {
		log_err("launch: cannot make 0x%llx+0x%llx private",
			(unsigned long long)gpa, (unsigned long long)size);
		return -1;
	}
	for (p = gpa; p < end;) {
		const struct snp_region *r = snp_region_of(vm, p, SZ_4K);
		enum rmp_pgsize sz;
		uint64_t bytes;
		struct pvalidate_result pv;

		snp_page_state(vm, p, &sz);
		bytes = sz == RMP_PG_2M ? SZ_2M : SZ_4K;
		pv = vm->rmp->ops->pvalidate(vm->rmp, snp_spa(r, p), p,
					     vm->asid, sz, true);
		if (pv.rc != RMP_OK ||
		    !snp_set_view(vm, p, bytes, SNP_VIEW_PRIVATE)) {
			log_err("launch: validating 0x%llx failed: %s",
				(unsigned long long)p, rmp_rc_name(pv.rc));
			return -1;
		}
		if (sz == RMP_PG_2M)
			n2m++;
		else
			n4k++;
		p += bytes;
	}
	vm->ctr.launch_pages += size >> 12;
	log_info("launch: 0x%llx-0x%llx private and validated (%u x 2M, %u x 4K)",
		 (unsigned long long)gpa, (unsigned long long)(end - 1), n2m,
		 n4k);
	return 0;
}

int snp_launch_assign(struct snp_vm *vm, uint64_t gpa, uint64_t size,
		      enum snp_rmp_max rmp_max)
{
	uint64_t p, end = gpa + size;

	if ((gpa | size) & (SZ_4K - 1) || size == 0 || end < gpa) {
		log_err("launch: range 0x%llx+0x%llx is not page aligned",
			(unsigned long long)gpa, (unsigned long long)size);
		return -1;
	}
	for (p = gpa; p < end;) {
		bool big = rmp_max == SNP_RMP_MAX_2M && !(p & (SZ_2M - 1)) &&
			   end - p >= SZ_2M && snp_region_of(vm, p, SZ_2M);
		uint64_t bytes = big ? SZ_2M : SZ_4K;
		const struct snp_region *r = snp_region_of(vm, p, bytes);
		struct rmp_state st = {
			.gpa = p,
			.assigned = true,
			.pagesize = big ? RMP_PG_2M : RMP_PG_4K,
			.immutable = true,
			.asid = vm->asid,
		};
		enum rmp_rc rc;

		if (!r) {
			log_err("launch: 0x%llx is not guest memory",
				(unsigned long long)p);
			return -1;
		}
		rc = rmp_update(vm->rmp, snp_spa(r, p), &st);
		if (rc != RMP_OK) {
			log_err("launch: RMPUPDATE of 0x%llx to Pre-Guest: %s",
				(unsigned long long)p, rmp_rc_name(rc));
			return -1;
		}
		if (!snp_set_view(vm, p, bytes, SNP_VIEW_PRIVATE))
			return -1;
		p += bytes;
	}
	vm->ctr.launch_pages += size >> 12;
	return 0;
}

int snp_launch_prepare(struct snp_vm *vm, uint64_t gpa, uint64_t size)
{
	if (vm->view->prepare &&
	    vm->view->prepare(vm->view_ctx, gpa, size >> 12, true)) {
		log_err("launch: 0x%llx+0x%llx refused by the view back end",
			(unsigned long long)gpa, (unsigned long long)size);
		return -1;
	}
	return 0;
}
