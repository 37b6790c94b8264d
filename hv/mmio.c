// SPDX-License-Identifier: GPL-2.0-only
/*
 * MMIO emulation (hv/mmio.h). The access is the one the NPF reports:
 * its address is the fault's GPA, the value comes from or goes to the
 * MOV's register or immediate. A 32-bit load zero-extends into the
 * 64-bit register, 8- and 16-bit loads keep the rest (APM vol. 1,
 * "General-Purpose Registers" in 64-bit mode).
 */
#include "hv/mmio.h"
#include "hv/vm.h"
#include "include/log.h"
#include "svm/svm.h"

static uint64_t *reg_ptr(struct vcpu_regs *r, unsigned n)
{
	uint64_t *const map[16] = {
		&r->rax, &r->rcx, &r->rdx, &r->rbx, &r->rsp, &r->rbp,
		&r->rsi, &r->rdi, &r->r8,  &r->r9,  &r->r10, &r->r11,
		&r->r12, &r->r13, &r->r14, &r->r15,
	};

	return map[n & 15];
}

static uint64_t reg_get(struct vcpu_regs *r, unsigned n)
{
	if (n >= INSN_MOV_REG_AH) /* AH, CH, DH, BH */
		return (*reg_ptr(r, n - INSN_MOV_REG_AH) >> 8) & 0xff;
	return *reg_ptr(r, n);
}

static void reg_set(struct vcpu_regs *r, unsigned n, unsigned size, uint64_t v)
{
	uint64_t *p;

	if (n >= INSN_MOV_REG_AH) {
		p = reg_ptr(r, n - INSN_MOV_REG_AH);
		*p = (*p & ~0xff00ull) | ((v & 0xff) << 8);
		return;
	}
	p = reg_ptr(r, n);
	switch (size) {
	case 1:
		*p = (*p & ~0xffull) | (v & 0xff);
		break;
	case 2:
		*p = (*p & ~0xffffull) | (v & 0xffff);
		break;
	case 4:
		*p = (uint32_t)v;
		break;
	default:
		*p = v;
		break;
	}
}

void mmio_emulate(struct vcpu *vcpu, const struct vm_exit *exit, uint64_t gpa,
		  const struct mmio_ops *ops)
{
	struct insn_mov m;
	uint32_t off = (uint32_t)(gpa & 0xfff);
	int err = svm_decode_mov_at_rip(&vcpu->svm, &vcpu->regs, &m);

	if (err) {
		vcpu_stop(vcpu, exit,
			  "%s MMIO at GPA 0x%llx from RIP 0x%llx: not a MOV this hypervisor emulates (error %d)",
			  ops->name, (unsigned long long)gpa,
			  (unsigned long long)vcpu->regs.rip, err);
		return;
	}
	if (off + m.size > 0x1000) {
		vcpu_stop(vcpu, exit,
			  "%s MMIO at GPA 0x%llx: a %u-byte access crosses the page",
			  ops->name, (unsigned long long)gpa, m.size);
		return;
	}
	if (m.write) {
		uint64_t v = m.has_imm ? m.imm : reg_get(&vcpu->regs, m.reg);

		if (m.size < 8)
			v &= (1ull << (8 * m.size)) - 1;
		ops->write(ops->ctx, off, m.size, v);
	} else {
		reg_set(&vcpu->regs, m.reg, m.size,
			ops->read(ops->ctx, off, m.size));
	}
	vcpu->regs.rip += m.len;
}
