// SPDX-License-Identifier: GPL-2.0-only
/*
 * VMGEXIT: the entry point of both GHCB protocols, and the GHCB page
 * protocol's checks and NAE event switch (GHCB specification, "GHCB
 * Protocol", "Non-Automatic Exits (NAE)"). Every NAE event a guest may
 * send is answered here: the engine owns the whole protocol, the
 * hypervisor only resumes, stops or holds the vCPU (enum snp_action).
 */
#include <string.h>

#include "include/log.h"
#include "snp/internal.h"

/* A page-aligned GPA of a shared 4 KiB page of guest memory? */
static bool shared_page(struct snp_vm *vm, uint64_t gpa)
{
	return !(gpa & (SZ_4K - 1)) && snp_region_of(vm, gpa, SZ_4K) &&
	       snp_page_state(vm, gpa, NULL) == SNP_PAGE_SHARED;
}

/*
 * SNP Extended Guest Request's certificate buffer (GHCB spec "SNP
 * Extended Guest Request"): RAX = its GPA, RBX = its size in pages. The
 * certificate table (snp_vm_config.certs, else an empty one) is written
 * into it. A buffer of fewer pages than the table needs gets VMM error
 * INVALID_LEN in SW_EXITINFO2[63:32] and RBX = the pages needed, and the
 * request does not reach the firmware, so no response is written and the
 * guest's sequence number does not move (Linux 6.12's sev-guest then
 * resends it as a plain SNP Guest Request). Without a table, RBX = 0 gets
 * nothing written and no error, as KVM 6.12 answers (KVM 7.0 and later
 * can hand the buffer to userspace instead, KVM_EXIT_SNP_REQ_CERTS).
 * Every page written must be a shared page of one guest memory region,
 * else INVALID_INPUT. Returns true when the request goes on to the
 * firmware.
 */
static bool cert_buffer(struct snp_vcpu *vc, struct ghcb *g,
			const uint8_t *valid)
{
	static const uint8_t empty[24];
	struct snp_vm *vm = vc->vm;
	const uint8_t *t = vm->certs ? vm->certs : empty;
	uint64_t len = vm->certs ? vm->certs_len : sizeof(empty);
	uint64_t gpa = g->rax, npages = g->rbx;
	uint64_t need = (len + SZ_4K - 1) / SZ_4K;
	const struct snp_region *r;

	if (!snp_ghcb_bit_valid(valid, GHCB_VALID_BIT(rax)) ||
	    !snp_ghcb_bit_valid(valid, GHCB_VALID_BIT(rbx))) {
		snp_ghcb_error(vc, g, GHCB_ERR_MISSING_INPUT);
		return false;
	}
	if (!vm->certs && !npages)
		return true;
	if (npages < need) {
		g->rbx = need;
		ghcb_set_valid(g, GHCB_VALID_BIT(rbx));
		snp_ghcb_result(g, 0,
				SNP_GUEST_VMM_ERR(
					SNP_GUEST_VMM_ERR_INVALID_LEN));
		return false;
	}
	r = snp_region_of(vm, gpa, need * SZ_4K);
	for (uint64_t i = 0; r && i < need; i++)
		if (!shared_page(vm, gpa + i * SZ_4K))
			r = NULL;
	if (!r) {
		log_warn_rl("guest %s: certificate buffer 0x%llx, %llu pages: not all shared guest pages",
			    vm->name, (unsigned long long)gpa,
			    (unsigned long long)need);
		snp_ghcb_error(vc, g, GHCB_ERR_INVALID_INPUT);
		return false;
	}
	memcpy(r->host + (gpa - r->gpa), t, len);
	return true;
}

/*
 * SNP Guest Request / SNP Extended Guest Request (GHCB spec): the
 * request (SW_EXITINFO1) and response (SW_EXITINFO2) pages must be
 * shared guest pages, else INVALID_INPUT; the SEV firmware's answer goes
 * to SW_EXITINFO2. The extended request's certificate buffer first
 * (cert_buffer()).
 */
static enum snp_action guest_request_event(struct snp_vcpu *vc, struct ghcb *g,
					   const uint8_t *valid)
{
	struct snp_vm *vm = vc->vm;
	uint64_t req = g->sw_exit_info_1, resp = g->sw_exit_info_2;

	if (!shared_page(vm, req) || !shared_page(vm, resp) || req == resp) {
		log_warn_rl("guest %s: guest request pages 0x%llx/0x%llx must be two shared guest pages",
			    vm->name, (unsigned long long)req,
			    (unsigned long long)resp);
		snp_ghcb_error(vc, g, GHCB_ERR_INVALID_INPUT);
		return SNP_RESUME;
	}
	if (g->sw_exit_code == SVM_VMGEXIT_EXT_GUEST_REQUEST &&
	    !cert_buffer(vc, g, valid))
		return SNP_RESUME;
	snp_ghcb_result(g, 0,
			vm->guest_request(vm->guest_request_ctx, req, resp));
	return SNP_RESUME;
}

/*
 * The host address of the len bytes of an MMIO event's scratch area, or
 * NULL (GHCB spec "MMIO Read"/"MMIO Write": SW_SCRATCH is the GPA of the
 * guest's buffer). Inside the GHCB page it must lie in the shared buffer
 * (GHCB spec "GHCB Layout"); anywhere else it must be shared pages of one
 * guest memory region: a private page cannot be the hypervisor's to read
 * or write.
 */
static uint8_t *mmio_scratch(struct snp_vcpu *vc, struct ghcb *g,
			     uint64_t ghcb_gpa, unsigned len)
{
	struct snp_vm *vm = vc->vm;
	uint64_t s = g->sw_scratch, last = s + len - 1, off;
	const struct snp_region *r;

	if (last < s)
		return NULL;
	if ((s & ~(uint64_t)(SZ_4K - 1)) == ghcb_gpa ||
	    (last & ~(uint64_t)(SZ_4K - 1)) == ghcb_gpa) {
		off = s - ghcb_gpa;
		if (s < ghcb_gpa || off < GHCB_SHARED_BUF_OFF ||
		    off + len > GHCB_SHARED_BUF_END)
			return NULL;
		return (uint8_t *)g + off;
	}
	r = snp_region_of(vm, s, len);
	if (!r || snp_page_state(vm, s, NULL) != SNP_PAGE_SHARED ||
	    snp_page_state(vm, last, NULL) != SNP_PAGE_SHARED)
		return NULL;
	return r->host + (s - r->gpa);
}

/*
 * MMIO Read / MMIO Write NAE events (GHCB spec "MMIO Read", "MMIO
 * Write"): SW_EXITINFO1 = the GPA accessed, SW_EXITINFO2 = its size in
 * bytes, SW_SCRATCH = the GPA of the data. Checks in order (docs/abi.md):
 * SW_SCRATCH valid (MISSING_INPUT), 1 to 8 bytes (INVALID_INPUT; a guest
 * emulates one MOV at a time, Linux's vc_handle_mmio sends 1, 2, 4 or 8),
 * the scratch area (mmio_scratch(), INVALID_SCRATCH_AREA), then the
 * hypervisor's device model (INVALID_INPUT when the GPA is no emulated
 * MMIO). A read's data goes to the scratch area; success is SW_EXITINFO1
 * = 0.
 */
static enum snp_action mmio_event(struct snp_vcpu *vc, struct ghcb *g,
				  uint64_t ghcb_gpa, const uint8_t *valid)
{
	struct snp_vm *vm = vc->vm;
	bool write = g->sw_exit_code == SVM_VMGEXIT_MMIO_WRITE;
	uint64_t gpa = g->sw_exit_info_1, len = g->sw_exit_info_2;
	uint8_t data[8] = { 0 };
	uint8_t *buf;

	if (!snp_ghcb_bit_valid(valid, GHCB_VALID_BIT(sw_scratch))) {
		log_warn_rl("guest %s: MMIO event: SW_SCRATCH not marked valid",
			    vm->name);
		snp_ghcb_error(vc, g, GHCB_ERR_MISSING_INPUT);
		return SNP_RESUME;
	}
	if (len < 1 || len > sizeof(data)) {
		log_warn_rl("guest %s: MMIO event at GPA 0x%llx: %llu bytes, not 1 to 8",
			    vm->name, (unsigned long long)gpa,
			    (unsigned long long)len);
		snp_ghcb_error(vc, g, GHCB_ERR_INVALID_INPUT);
		return SNP_RESUME;
	}
	buf = mmio_scratch(vc, g, ghcb_gpa, (unsigned)len);
	if (!buf) {
		log_warn_rl("guest %s: MMIO event: scratch area 0x%llx (%llu bytes) is neither in the GHCB shared buffer nor shared guest memory",
			    vm->name, (unsigned long long)g->sw_scratch,
			    (unsigned long long)len);
		snp_ghcb_error(vc, g, GHCB_ERR_INVALID_SCRATCH_AREA);
		return SNP_RESUME;
	}
	if (write)
		memcpy(data, buf, len);
	if (vm->mmio(vm->mmio_ctx, gpa, (unsigned)len, write, data)) {
		snp_ghcb_error(vc, g, GHCB_ERR_INVALID_INPUT);
		return SNP_RESUME;
	}
	if (!write)
		memcpy(buf, data, len);
	snp_ghcb_result(g, 0, len);
	return SNP_RESUME;
}

enum snp_action snp_vmgexit(struct snp_vcpu *vc)
{
	vc->vm->ctr.vmgexits++;
	if (vc->ghcb_msr & GHCB_INFO_MASK)
		return snp_msr_protocol(vc);
	return snp_ghcb_protocol(vc);
}

/*
 * GHCB page protocol entry ("GHCB Protocol"): the GHCB must be guest
 * memory, shared, and the registered GHCB (SEV-SNP guests must register
 * one, "SEV-SNP GHCB GPA Registration"). The valid bitmap is snapshotted
 * and cleared; then GHCB usage, and SW_EXITCODE/SW_EXITINFO1/SW_EXITINFO2
 * marked valid.
 */
enum snp_action snp_ghcb_protocol(struct snp_vcpu *vc)
{
	struct snp_vm *vm = vc->vm;
	uint64_t gpa = vc->ghcb_msr;
	struct ghcb *g = snp_ghcb_of(vc);
	uint8_t valid[sizeof(g->valid_bitmap)];
	enum snp_page_state st;

	vm->ctr.ghcb_requests++;
	if (!g)
		return snp_stop(vc, "ghcb-outside",
				"GHCB GPA 0x%llx is not guest memory",
				(unsigned long long)gpa);
	st = snp_page_state(vm, gpa, NULL);
	if (st != SNP_PAGE_SHARED)
		return snp_stop(vc, "ghcb-private",
				"GHCB at GPA 0x%llx is private memory; a GHCB must be shared",
				(unsigned long long)gpa);
	memcpy(valid, g->valid_bitmap, sizeof(valid));
	memset(g->valid_bitmap, 0, sizeof(g->valid_bitmap));

	if (gpa != vc->ghcb_registered_gpa) {
		log_warn_rl("GHCB at 0x%llx used but 0x%llx is registered",
			    (unsigned long long)gpa,
			    (unsigned long long)vc->ghcb_registered_gpa);
		snp_ghcb_error(vc, g, GHCB_ERR_NOT_REGISTERED);
		return SNP_RESUME;
	}
	if (g->ghcb_usage != GHCB_DEFAULT_USAGE) {
		log_warn_rl("GHCB usage %u is not the standard layout",
			    g->ghcb_usage);
		snp_ghcb_error(vc, g, GHCB_ERR_INVALID_USAGE);
		return SNP_RESUME;
	}
	if (!snp_ghcb_bit_valid(valid, GHCB_VALID_BIT(sw_exit_code)) ||
	    !snp_ghcb_bit_valid(valid, GHCB_VALID_BIT(sw_exit_info_1)) ||
	    !snp_ghcb_bit_valid(valid, GHCB_VALID_BIT(sw_exit_info_2))) {
		log_warn_rl(
			"GHCB: SW_EXITCODE/SW_EXITINFO1/SW_EXITINFO2 not all valid");
		snp_ghcb_error(vc, g, GHCB_ERR_MISSING_INPUT);
		return SNP_RESUME;
	}

	switch (g->sw_exit_code) {
	case SVM_VMGEXIT_PSC:
		return snp_psc_event(vc, g, gpa, valid);
	case SVM_VMGEXIT_HV_FEATURES:
		snp_ghcb_result(g, 0, vm->hv_features);
		return SNP_RESUME;
	case SVM_VMGEXIT_TERM_REQUEST:
		return snp_stop(vc, "terminate",
				"guest requested termination (GHCB): info1=0x%llx",
				(unsigned long long)g->sw_exit_info_1);
	default:
		break;
	}
	/*
	 * The events below leave the valid bitmap as the guest wrote it
	 * (snpvisor's answer since these events were first handled; the
	 * response fields are marked valid on top of it).
	 */
	memcpy(g->valid_bitmap, valid, sizeof(valid));
	/*
	 * NMI Complete ("NMI Complete"): no NMI is ever injected into an
	 * emulated SNP guest, so there is nothing to unblock.
	 */
	if (g->sw_exit_code == SVM_VMGEXIT_NMI_COMPLETE)
		return SNP_RESUME;
	if ((g->sw_exit_code == SVM_VMGEXIT_MMIO_READ ||
	     g->sw_exit_code == SVM_VMGEXIT_MMIO_WRITE) &&
	    vm->mmio)
		return mmio_event(vc, g, gpa, valid);
	if ((g->sw_exit_code == SVM_VMGEXIT_GUEST_REQUEST ||
	     g->sw_exit_code == SVM_VMGEXIT_EXT_GUEST_REQUEST) &&
	    vm->guest_request)
		return guest_request_event(vc, g, valid);
	/* Any other event: "Error Responses", INVALID_EVENT. */
	log_warn_rl("guest %s: GHCB event 0x%llx not implemented: INVALID_EVENT",
		    vm->name, (unsigned long long)g->sw_exit_code);
	snp_ghcb_error(vc, g, GHCB_ERR_INVALID_EVENT);
	return SNP_RESUME;
}
