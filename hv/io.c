// SPDX-License-Identifier: GPL-2.0-only
/*
 * Port I/O. Every port is intercepted (the I/O permission map is all
 * ones, APM "I/O Intercepts"). Emulated:
 *   COM1 (0x3f8-0x3ff): bytes written to THR are collected per line and
 *     printed as "[<guest>] <line>"; LSR reads say the transmitter is
 *     empty; other COM1 registers read 0 and ignore writes.
 *   HC_TEST_EXIT_PORT (0xf4): a write ends the guest with that status.
 * Other ports read as all ones and ignore writes (no device there).
 * String I/O (INS/OUTS) is not emulated: the guest is stopped.
 */
#include "guest-abi/hypercall.h"
#include "hv/handlers.h"
#include "hv/platform.h"
#include "hv/vm.h"
#include "include/log.h"

#define COM1_BASE 0x3f8
#define COM1_THR  (COM1_BASE + 0)
#define COM1_LSR  (COM1_BASE + 5)
#define LSR_THRE  0x20 /* transmit holding register empty */
#define LSR_TEMT  0x40 /* transmitter empty */

void vm_flush_output(struct vm *vm)
{
	if (!vm->out_len)
		return;
	hv_printf("[%s] %.*s\n", vm->name, (int)vm->out_len, vm->out);
	vm->out_len = 0;
}

static void com1_putc(struct vm *vm, char c)
{
	if (c == '\r')
		return;
	if (c == '\n') {
		/* An empty line still shows up, with its prefix. */
		if (!vm->out_len)
			hv_printf("[%s]\n", vm->name);
		vm_flush_output(vm);
		return;
	}
	/* Keep logs printable: control characters become '.'. */
	if ((unsigned char)c < 0x20 || (unsigned char)c > 0x7e)
		c = '.';
	vm->out[vm->out_len++] = c;
	if (vm->out_len == sizeof(vm->out))
		vm_flush_output(vm);
}

static uint32_t io_read(struct vcpu *vcpu, const struct exit_io *io)
{
	(void)vcpu;
	if (io->port == COM1_LSR)
		return LSR_THRE | LSR_TEMT;
	if (io->port >= COM1_BASE && io->port <= COM1_BASE + 7)
		return 0;
	return 0xffffffffu;
}

static void io_write(struct vcpu *vcpu, const struct exit_io *io, uint32_t v)
{
	if (io->port == COM1_THR) {
		com1_putc(vcpu->vm, (char)v);
	} else if (io->port == HC_TEST_EXIT_PORT) {
		log_info("guest %s: test exit through port 0x%x, status %u",
			 vcpu->vm->name, io->port, v);
		vcpu_guest_exit(vcpu, v);
	}
}

void handle_io(struct vcpu *vcpu, struct vm_exit *exit)
{
	const struct exit_io *io = &exit->io;
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
	if (io->in)
		vcpu->regs.rax = (vcpu->regs.rax & ~(uint64_t)mask) |
				 (io_read(vcpu, io) & mask);
	else
		io_write(vcpu, io, (uint32_t)vcpu->regs.rax & mask);
}
