// SPDX-License-Identifier: GPL-2.0-only
/*
 * Port I/O. Every port is intercepted (svm/iopm.c) and nothing is passed
 * through. HC_TEST_EXIT_PORT (0xf4) is the hypervisor's own: a
 * write ends the guest with that status, a read gives all-ones. Every
 * other port goes to the emulated PC (hv/pc.c), where what no device
 * decodes reads as all-ones and ignores writes.
 *
 * String I/O (INS/OUTS, with or without REP; APM vol. 2, "IOIO
 * Intercepts") is emulated here whole: each element goes through the
 * same port dispatch, its memory operand through the guest's own view of
 * memory (hv/gva.c), the registers as the instruction leaves them
 * (hv/io_string.c). At most IO_STRING_MAX_BYTES per exit; a REP with
 * elements left runs again from the same RIP.
 */
#include "guest-abi/hypercall.h"
#include "hv/clock.h"
#include "hv/gva.h"
#include "hv/handlers.h"
#include "hv/io_string.h"
#include "hv/pc_run.h"
#include "hv/platform.h"
#include "hv/vm.h"
#include "include/log.h"

static bool is_test_exit_port(uint16_t port)
{
	return port == HC_TEST_EXIT_PORT;
}

/* One element of an INS or OUTS; false when the guest was stopped. */
static bool string_element(struct vcpu *vcpu, const struct vm_exit *exit,
			   uint64_t lin)
{
	const struct exit_io *io = &exit->io;
	struct vm *vm = vcpu->vm;
	const char *what = io->in ? "INS" : "OUTS";
	uint8_t b[4] = { 0 };
	uint32_t v = 0;

	if (io->in) {
		if (is_test_exit_port(io->port))
			v = 0xffffffffu;
		else
			v = pc_io_in(&vm->pc, io->port, io->size, clock_ns());
		for (unsigned i = 0; i < io->size; i++)
			b[i] = (uint8_t)(v >> (8 * i));
		return !gva_copy(vcpu, exit, what, lin, b, io->size, true);
	}
	if (gva_copy(vcpu, exit, what, lin, b, io->size, false))
		return false;
	for (unsigned i = 0; i < io->size; i++)
		v |= (uint32_t)b[i] << (8 * i);
	if (is_test_exit_port(io->port)) {
		log_info("guest %s: test exit through port 0x%x (OUTS), status %u",
			 vm->name, io->port, v);
		vcpu_guest_exit(vcpu, v);
		return false;
	}
	pc_io_out(&vm->pc, io->port, io->size, v, clock_ns());
	return true;
}

static void handle_string_io(struct vcpu *vcpu, struct vm_exit *exit)
{
	const struct exit_io *io = &exit->io;
	struct vcpu_regs *r = &vcpu->regs;
	struct io_string s = {
		.size = io->size,
		.addr_size = io->addr_size,
		.rep = io->rep,
		.df = r->rflags & RFLAGS_DF,
		.lin64 = io->lin64,
		.seg_base = io->seg_base,
	};
	uint64_t *idx = io->in ? &r->rdi : &r->rsi;
	uint64_t n, done;

	if (io->str_error < 0 || exit->insn_len == 0) {
		vcpu_stop(vcpu, exit,
			  "string I/O (%s) on port 0x%x at RIP 0x%llx: the instruction cannot be read or decoded (error %d)",
			  io->in ? "INS" : "OUTS", io->port,
			  (unsigned long long)r->rip, io->str_error);
		return;
	}
	n = io_string_count(&s, r->rcx);
	for (done = 0; done < n; done++) {
		bool ok = string_element(vcpu, exit,
					 io_string_linear(&s, *idx));

		if (!ok)
			break;
		*idx = io_string_index(&s, *idx, 1);
		r->rcx = io_string_rcx(&s, r->rcx, 1);
	}
	if (done < n)
		return; /* stopped or exited, the reason is logged */
	if (io->in && io->port == UART_COM1_BASE + 5)
		pc_console_poll(vcpu->vm);
	/* REP with elements left: the same instruction again (its RIP). */
	if (!io_string_left(&s, r->rcx))
		vcpu_skip_insn(vcpu, exit);
	pc_accessed(vcpu, exit);
}

void handle_io(struct vcpu *vcpu, struct vm_exit *exit)
{
	const struct exit_io *io = &exit->io;
	struct vm *vm = vcpu->vm;
	uint32_t mask = io->size == 4 ? 0xffffffffu :
			io->size == 2 ? 0xffffu :
					0xffu;

	if (io->string) {
		handle_string_io(vcpu, exit);
		return;
	}
	if (!vcpu_skip_insn(vcpu, exit))
		return;
	if (is_test_exit_port(io->port)) {
		if (io->in) {
			vcpu->regs.rax |= mask;
		} else {
			log_info("guest %s: test exit through port 0x%x, status %u",
				 vm->name, io->port,
				 (uint32_t)vcpu->regs.rax & mask);
			vcpu_guest_exit(vcpu, (uint32_t)vcpu->regs.rax & mask);
		}
		return;
	}
	if (io->in && io->port == UART_COM1_BASE + 5) /* LSR */
		pc_console_poll(vm);
	if (io->in)
		vcpu->regs.rax = (vcpu->regs.rax & ~(uint64_t)mask) |
				 (pc_io_in(&vm->pc, io->port, io->size,
					   clock_ns()) &
				  mask);
	else
		pc_io_out(&vm->pc, io->port, io->size,
			  (uint32_t)vcpu->regs.rax & mask, clock_ns());
	pc_accessed(vcpu, exit);
}
