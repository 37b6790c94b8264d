// SPDX-License-Identifier: GPL-2.0-only
/*
 * Port I/O. Every port is intercepted (svm/iopm.c) and nothing is passed
 * through. HC_TEST_EXIT_PORT (0xf4) is the hypervisor's own: a
 * write ends the guest with that status, a read gives all-ones. Every
 * other port goes to the emulated PC (hv/pc.c), where what no device
 * decodes reads as all-ones and ignores writes.
 *
 * String I/O (INS/OUTS) is not emulated: the guest is stopped.
 */
#include "guest-abi/hypercall.h"
#include "hv/clock.h"
#include "hv/handlers.h"
#include "hv/pc_run.h"
#include "hv/platform.h"
#include "hv/vm.h"
#include "include/log.h"

static bool is_test_exit_port(uint16_t port)
{
	return port == HC_TEST_EXIT_PORT;
}

void handle_io(struct vcpu *vcpu, struct vm_exit *exit)
{
	const struct exit_io *io = &exit->io;
	struct vm *vm = vcpu->vm;
	uint32_t mask = io->size == 4 ? 0xffffffffu :
			io->size == 2 ? 0xffffu :
					0xffu;

	if (io->string || io->rep) {
		vcpu_stop(vcpu, exit,
			  "string I/O (%s) on port 0x%x is not emulated",
			  io->in ? "INS" : "OUTS", io->port);
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
