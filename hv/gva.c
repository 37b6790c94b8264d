// SPDX-License-Identifier: GPL-2.0-only
/*
 * Guest linear memory for the hypervisor's accesses on the guest's
 * behalf (hv/gva.h).
 *
 * A walk that fails is a #PF on silicon; injecting one needs CR2, which
 * svm/svm.h cannot set, so the guest is stopped with the reason instead
 * (as for PVALIDATE's operand, hv/snp_exits.c). Segment limits are not
 * checked (not emulated: a flat segment is assumed, as every firmware
 * and kernel here uses).
 */
#include <string.h>

#include "hv/gva.h"
#include "hv/snp_guest.h"
#include "hv/vm.h"
#include "svm/svm.h"

static int page_copy(struct vcpu *vcpu, const struct vm_exit *exit,
		     const char *what, uint64_t lin, uint8_t *buf, size_t len,
		     bool write)
{
	struct vm *vm = vcpu->vm;
	struct gwalk_cpu cpu;
	struct vcpu_sregs s;
	unsigned access = write ? GWALK_WRITE : 0;
	uint64_t gpa;
	uint8_t *host;
	int r;

	svm_get_sregs(&vcpu->svm, &s);
	if (s.cpl == 3)
		access |= GWALK_USER;
	svm_get_walk_cpu(&vcpu->svm, &cpu);
	/* The C-bit of the final entry stays in gpa: it says private. */
	r = gwalk_translate(&vm->mem, &cpu, ~0ull, lin, access, &gpa);
	if (r != GWALK_OK) {
		vcpu_stop(vcpu, exit,
			  "%s: linear address 0x%llx does not translate (%s): #PF on silicon, not injected",
			  what, (unsigned long long)lin, gwalk_result_name(r));
		return -1;
	}
	if (!vm_is_memory(vm, gpa & ~vm->cbit_mask)) {
		vcpu_stop(vcpu, exit,
			  "%s: linear address 0x%llx is GPA 0x%llx, not guest memory (string I/O to MMIO is not emulated)",
			  what, (unsigned long long)lin,
			  (unsigned long long)(gpa & ~vm->cbit_mask));
		return -1;
	}
	if (vm->snp && snp_guest_access(vcpu, exit, gpa))
		return -1;
	host = vm_gpa_to_host(vm, gpa);
	if (write)
		memcpy(host, buf, len);
	else
		memcpy(buf, host, len);
	return 0;
}

int gva_copy(struct vcpu *vcpu, const struct vm_exit *exit, const char *what,
	     uint64_t lin, void *buf, size_t len, bool write)
{
	uint8_t *p = buf;

	while (len) {
		size_t n = SZ_4K - (lin & (SZ_4K - 1));

		if (n > len)
			n = len;
		if (page_copy(vcpu, exit, what, lin, p, n, write))
			return -1;
		p += n;
		lin += n;
		len -= n;
	}
	return 0;
}
