// SPDX-License-Identifier: GPL-2.0-only
/*
 * PVALIDATE and RMPADJUST as a guest executes them, on the software RMP
 * (under emulation the hypervisor sees them as #UD), plus the policy for
 * accesses whose private-ness does not match the page.
 *
 * PVALIDATE operands (APM volume 3, "PVALIDATE"): RAX = guest virtual
 * address, ECX = page size (0 = 4 KiB, 1 = 2 MiB), EDX bit 0 = validate
 * (1) or rescind (0). Result in EAX; CF=1 when Validated already had the
 * requested value.
 *
 * Where silicon raises #NPF instead of completing, this file does what
 * the hypervisor's #NPF handler does on silicon:
 *  - SIZEM (a 4 KiB PVALIDATE inside a 2 MiB RMP entry): PSMASH the entry
 *    and retry, as KVM's sev_handle_rmp_fault does;
 *  - RMP violation on a page that is shared: the mismatch policy
 *    (implicit: convert the page to private and retry; strict: stop).
 */
#include "include/log.h"
#include "snp/internal.h"

static enum snp_pv_result pv_class(struct pvalidate_result r)
{
	switch (r.rc) {
	case RMP_OK:
		return r.no_update ? SNP_PV_NO_UPDATE : SNP_PV_OK;
	case RMP_FAIL_INPUT:
		return SNP_PV_FAIL_INPUT;
	case RMP_FAIL_SIZEMISMATCH:
		return SNP_PV_FAIL_SIZEMISMATCH;
	default:
		return SNP_PV_FAULT;
	}
}

enum snp_action snp_access_fault(struct snp_vcpu *vc, uint64_t gpa,
				 bool private_access)
{
	struct snp_vm *vm = vc->vm;
	enum snp_page_state st = snp_page_state(vm, gpa, NULL);
	uint64_t page = gpa & ~(SZ_4K - 1);

	switch (st) {
	case SNP_PAGE_OUTSIDE:
		return snp_stop(vc, "npf-outside",
				"access to GPA 0x%llx outside guest memory",
				(unsigned long long)gpa);
	case SNP_PAGE_FOREIGN:
		return snp_stop(vc, "rmp-foreign",
				"GPA 0x%llx maps a page assigned elsewhere",
				(unsigned long long)gpa);
	case SNP_PAGE_PRIVATE:
		if (private_access)
			return snp_stop(vc, "not-validated",
					"private access to GPA 0x%llx, which is not validated "
					"(#VC 0x404 on silicon)",
					(unsigned long long)gpa);
		break;
	case SNP_PAGE_VALIDATED:
		if (private_access)
			return snp_stop(vc, "spurious-npf",
					"private access to validated GPA 0x%llx faulted: "
					"view out of sync (hypervisor bug)",
					(unsigned long long)gpa);
		break;
	case SNP_PAGE_SHARED:
		if (!private_access)
			return snp_stop(vc, "spurious-npf",
					"shared access to shared GPA 0x%llx faulted: "
					"view out of sync (hypervisor bug)",
					(unsigned long long)gpa);
		break;
	}
	if (vm->mismatch == SNP_MISMATCH_STRICT)
		return snp_stop(vc, "mismatch",
				"%s access to %s GPA 0x%llx (policy strict)",
				private_access ? "private" : "shared",
				private_access ? "shared" : "private",
				(unsigned long long)gpa);
	vm->ctr.implicit_conversions++;
	log_info_rl("implicit conversion of GPA 0x%llx to %s",
		    (unsigned long long)page,
		    private_access ? "private" : "shared");
	if (snp_convert(vm, page, 1, private_access, false) != CONV_OK)
		return snp_stop(vc, "conversion-failed",
				"implicit conversion of GPA 0x%llx failed",
				(unsigned long long)page);
	return SNP_RESUME;
}

/* Translate and check what PVALIDATE and RMPADJUST share. */
static bool operands(struct snp_vcpu *vc, uint64_t gva, uint64_t gpa,
		     uint32_t ecx, enum rmp_pgsize *size,
		     const struct snp_region **r, struct snp_pvalidate_out *out)
{
	uint64_t bytes;

	out->action = SNP_RESUME;
	out->eax = RMP_FAIL_INPUT;
	out->cf = false;
	if (ecx > 1)
		return false;
	*size = ecx ? RMP_PG_2M : RMP_PG_4K;
	bytes = ecx ? SZ_2M : SZ_4K;
	/*
	 * The instruction names a page, so bits 11:0 of the virtual address
	 * are not looked at: only a 2 MiB operation on a virtual or guest
	 * physical address that is not 2 MiB-aligned is FAIL_INPUT (APM
	 * volume 3, "PVALIDATE" and "RMPADJUST", the 2 MiB alignment check
	 * on rAX). edk2's SevSnpIsVmpl0() relies on it: its RMPADJUST
	 * operand is a byte array with no page alignment.
	 */
	if (ecx && (((gva | gpa) & (SZ_2M - 1)) & ~(uint64_t)(SZ_4K - 1)))
		return false;
	*r = snp_region_of(vc->vm, gpa, bytes);
	if (!*r) {
		out->action =
			snp_stop(vc, "npf-outside",
				 "PVALIDATE/RMPADJUST of GPA 0x%llx outside guest memory",
				 (unsigned long long)gpa);
		return false;
	}
	if (!vc->vm->rmp->ops->pvalidate) {
		out->action =
			snp_stop(vc, "no-emulation",
				 "PVALIDATE/RMPADJUST emulation needs the software RMP");
		return false;
	}
	return true;
}

/*
 * Resolve the #NPF silicon would raise for PVALIDATE or RMPADJUST the way
 * the hypervisor's #NPF handler does: SIZEM -> PSMASH; RMP violation on a
 * shared page -> the mismatch policy. Returns false when the guest stops.
 */
static bool resolve_fault(struct snp_vcpu *vc, uint64_t gpa, enum rmp_rc rc,
			  struct snp_pvalidate_out *out)
{
	if (rc == RMP_FAULT_NPF_SIZEM) {
		if (snp_smash(vc->vm, gpa))
			return true;
		out->action =
			snp_stop(vc, "psmash-failed",
				 "PSMASH for a 4K operation at 0x%llx failed",
				 (unsigned long long)gpa);
		return false;
	}
	out->action = snp_access_fault(vc, gpa, true);
	return out->action == SNP_RESUME;
}

struct snp_pvalidate_out snp_pvalidate(struct snp_vcpu *vc, uint64_t gva,
				       uint64_t gpa, uint32_t ecx, uint32_t edx)
{
	struct snp_vm *vm = vc->vm;
	struct snp_pvalidate_out out;
	const struct snp_region *r;
	struct pvalidate_result pv;
	bool validate = edx & 1;
	enum rmp_pgsize size;
	int tries;

	gpa &= ~(uint64_t)(SZ_4K - 1); /* bits 11:0 name no page: operands() */
	if (!operands(vc, gva, gpa, ecx, &size, &r, &out)) {
		if (out.action == SNP_RESUME) {
			if (ecx > 1)
				vm->ctr.pvalidate_bad_size++;
			else
				vm->ctr.pvalidate[ecx][SNP_PV_FAIL_INPUT]++;
		}
		return out;
	}
	/* At most a PSMASH and an implicit conversion before it completes. */
	for (tries = 0; tries < 3; tries++) {
		pv = vm->rmp->ops->pvalidate(vm->rmp, snp_spa(r, gpa), gpa,
					     vm->asid, size, validate);
		if (pv.rc < RMP_FAULT_NPF_RMP || pv.rc == RMP_UNSUPPORTED)
			break;
		if (!resolve_fault(vc, gpa, pv.rc, &out)) {
			vm->ctr.pvalidate[size][SNP_PV_FAULT]++;
			return out;
		}
	}
	vm->ctr.pvalidate[size][pv_class(pv)]++;
	if (pv.rc >= RMP_FAULT_NPF_RMP) {
		out.action =
			snp_stop(vc, "pvalidate-fault",
				 "PVALIDATE at GPA 0x%llx still faults (%s)",
				 (unsigned long long)gpa, rmp_rc_name(pv.rc));
		return out;
	}
	out.eax = pv.rc;
	out.cf = pv.no_update;
	if (pv.rc == RMP_OK && !pv.no_update &&
	    !snp_set_view(vm, gpa, size == RMP_PG_2M ? SZ_2M : SZ_4K,
			  validate ? SNP_VIEW_PRIVATE : SNP_VIEW_NONE))
		out.action =
			snp_stop(vc, "view-failed",
				 "presenting GPA 0x%llx after PVALIDATE failed",
				 (unsigned long long)gpa);
	return out;
}

struct snp_pvalidate_out snp_rmpadjust(struct snp_vcpu *vc, uint64_t gva,
				       uint64_t gpa, uint32_t ecx, uint32_t edx)
{
	struct snp_vm *vm = vc->vm;
	struct snp_pvalidate_out out;
	const struct snp_region *r;
	enum rmp_pgsize size;
	enum rmp_rc rc = RMP_OK;
	int tries;

	gpa &= ~(uint64_t)(SZ_4K - 1); /* as in snp_pvalidate() */
	if (!operands(vc, gva, gpa, ecx, &size, &r, &out))
		return out;
	for (tries = 0; tries < 3; tries++) {
		rc = vm->rmp->ops->rmpadjust(vm->rmp, snp_spa(r, gpa), gpa,
					     vm->asid, size, edx & 0xff);
		if (rc < RMP_FAULT_NPF_RMP || rc == RMP_UNSUPPORTED)
			break;
		if (!resolve_fault(vc, gpa, rc, &out))
			return out;
	}
	if (rc >= RMP_FAULT_NPF_RMP) {
		out.action =
			snp_stop(vc, "rmpadjust-fault",
				 "RMPADJUST at GPA 0x%llx still faults (%s)",
				 (unsigned long long)gpa, rmp_rc_name(rc));
		return out;
	}
	out.eax = rc;
	return out;
}
