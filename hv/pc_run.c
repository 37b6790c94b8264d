// SPDX-License-Identifier: GPL-2.0-only
/*
 * The emulated PC in the run loop (hv/pc_run.h).
 *
 * Injection (APM "Event Injection", "Injecting Virtual Interrupts"): when
 * the PIC/APIC pair has an interrupt for the CPU and the guest can take
 * it (RFLAGS.IF, no interrupt shadow, nothing else queued), it is
 * acknowledged (INTA) and injected through EVENTINJ; otherwise V_IRQ
 * with the VINTR intercept asks for an exit once the guest can. An
 * injection the exit cut short comes back through EXITINTINFO
 * (svm_vcpu_run). The guest's TPR lives in the emulated APIC; V_TPR
 * (its CR8 under V_INTR_MASKING) is kept equal to TPR[7:4] both ways.
 *
 * Time: the devices run on clock_ns(). The host APIC timer is armed for
 * the first of: the devices' next event, the guest's time limit, the
 * next console poll (only while the guest's UART takes receive
 * interrupts); so a guest that never exits still loses the CPU then.
 */
#include <string.h>

#include "hv/clock.h"
#include "hv/host_irq.h"
#include "hv/mmio.h"
#include "hv/pc_run.h"
#include "hv/platform.h"
#include "hv/vm.h"
#include "include/log.h"
#include "include/x86.h"
#include "svm/svm.h"

#define NS_PER_S	1000000000ull
#define CONSOLE_POLL_NS 10000000ull /* 10 ms */

static uint64_t min_u64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

/*
 * COM1's output is printed a line at a time as "[<guest>] <line>", with
 * control characters shown as '.', so a guest can never print a line
 * that starts like the hypervisor's own ("HV: ...").
 */
/*
 * Put the buffered bytes on the console: after "[<guest>] " unless this
 * guest's partial line is still the console's last (nothing printed a
 * line since), then the end of the line if end.
 */
static void emit(struct vm *vm, bool end)
{
	if (!vm->out_open || !hv_console_mid_line()) {
		hv_console_new_line();
		hv_puts_raw("[", 1);
		hv_puts_raw(vm->name, strlen(vm->name));
		hv_puts_raw("] ", 2);
	}
	hv_puts_raw(vm->out, vm->out_len);
	if (end)
		hv_puts_raw("\n", 1);
	vm->out_open = !end;
	vm->out_len = 0;
}

void vm_flush_output(struct vm *vm)
{
	if (vm->out_len || vm->out_open)
		emit(vm, true);
}

/*
 * A partial line shows when the guest waits (HLT, or polling its UART
 * for input): a shell's prompt has no newline. Its rest follows on the
 * same line, so no guest byte ever starts a console line.
 */
static void flush_partial(struct vm *vm)
{
	if (vm->out_len)
		emit(vm, false);
}

void vm_putc(struct vm *vm, char c)
{
	if (c == '\r')
		return;
	if (c == '\n') {
		/* An empty line still shows up, with its prefix. */
		emit(vm, true);
		return;
	}
	/* Keep logs printable: control characters become '.'. */
	if ((unsigned char)c < 0x20 || (unsigned char)c > 0x7e)
		c = '.';
	vm->out[vm->out_len++] = c;
	if (vm->out_len == sizeof(vm->out))
		emit(vm, false);
}

static void uart_tx(void *ctx, uint8_t byte)
{
	vm_putc(ctx, (char)byte);
}

/* The host's CMOS clock (MC146818: BCD unless status B says binary). */
static uint8_t cmos(uint8_t reg)
{
	outb(0x70, reg);
	return inb(0x71);
}

static uint8_t cmos_field(uint8_t reg, uint8_t status_b, uint8_t keep)
{
	uint8_t v = cmos(reg), flags = v & keep;

	v &= (uint8_t)~keep;
	return (uint8_t)((status_b & 0x04 ? v : dev_bcd2bin(v)) | flags);
}

static void host_date(struct rtc_time *tm)
{
	uint8_t b, hour;

	/* Wait out an update in progress (status A bit 7), bounded. */
	for (int i = 0; i < 100000 && (cmos(0x0a) & 0x80); i++)
		;
	b = cmos(0x0b);
	hour = cmos_field(4, b, 0x80); /* bit 7: PM in 12-hour mode */
	if (!(b & 0x02))	       /* 12-hour clock */
		hour = (uint8_t)((hour & 0x7f) % 12 + (hour & 0x80 ? 12 : 0));
	*tm = (struct rtc_time){
		.year = (uint16_t)(2000 + cmos_field(9, b, 0) % 100),
		.mon = cmos_field(8, b, 0),
		.day = cmos_field(7, b, 0),
		.hour = hour,
		.min = cmos_field(2, b, 0),
		.sec = cmos_field(0, b, 0),
		.wday = cmos_field(6, b, 0),
	};
}

void pc_run_init(struct vm *vm)
{
	struct rtc_time tm;

	host_date(&tm);
	pc_init(&vm->pc, vm->name, &tm, uart_tx, vm, clock_ns());
	vm->pc_next_event = 0;
}

void pc_run_start(struct vm *vm)
{
	uint64_t now = clock_ns();

	vm->deadline_ns = vm->timeout_s ? now + vm->timeout_s * NS_PER_S : 0;
	vm->next_poll = now;
	vm->ticks0 = host_timer_ticks();
}

/* Bytes typed on the hypervisor's console go to the guest's UART. */
void pc_console_poll(struct vm *vm)
{
	int c;

	flush_partial(vm);
	while (uart_rx_room(&vm->pc.uart) && (c = hv_console_getc()) >= 0)
		uart_rx(&vm->pc.uart, (uint8_t)c);
}

/* Timers and the console up to now; false if the time limit passed. */
static bool pc_update(struct vcpu *vcpu, const struct vm_exit *exit,
		      uint64_t now)
{
	struct vm *vm = vcpu->vm;

	if (now >= vm->pc_next_event) {
		pc_advance(&vm->pc, now);
		vm->pc_next_event = pc_next_event(&vm->pc, now);
	}
	if (pc_uart_rx_wanted(&vm->pc) && now >= vm->next_poll) {
		pc_console_poll(vm);
		vm->next_poll = now + CONSOLE_POLL_NS;
	}
	if (vm->deadline_ns && now >= vm->deadline_ns) {
		vcpu_stop(vcpu, exit,
			  "time limit: still running after %llu s (option timeout=)",
			  (unsigned long long)vm->timeout_s);
		return false;
	}
	return true;
}

static uint64_t next_wakeup(const struct vm *vm)
{
	uint64_t t = vm->pc_next_event;

	if (vm->deadline_ns)
		t = min_u64(t, vm->deadline_ns);
	if (pc_uart_rx_wanted(&vm->pc))
		t = min_u64(t, vm->next_poll);
	return t;
}

void pc_enter(struct vcpu *vcpu)
{
	struct vm *vm = vcpu->vm;
	struct svm_vcpu *sv = &vcpu->svm;
	uint8_t vtpr = svm_get_vtpr(sv);

	/* A MOV to CR8 since the last entry set the APIC's TPR. */
	if (vtpr != vm->vtpr_set)
		vm->pc.lapic.tpr = (uint32_t)vtpr << 4;
	if (!pc_update(vcpu, NULL, clock_ns()))
		return;
	if (pc_intr_pending(&vm->pc)) {
		if (svm_can_inject_intr(sv, vcpu->regs.rflags)) {
			svm_inject_intr(sv, pc_intr_ack(&vm->pc));
			svm_request_irq_window(sv, false);
			vm->nr_injected++;
		} else {
			svm_request_irq_window(sv, true);
		}
	} else {
		svm_request_irq_window(sv, false);
	}
	vm->vtpr_set = (uint8_t)(vm->pc.lapic.tpr >> 4);
	svm_set_vtpr(sv, vm->vtpr_set);
	host_timer_arm(next_wakeup(vm));
}

void pc_accessed(struct vcpu *vcpu, const struct vm_exit *exit)
{
	struct pc *pc = &vcpu->vm->pc;

	vcpu->vm->pc_next_event = 0; /* ask the devices again */
	if (pc->reset_req == RESET_NONE)
		return;
	vcpu_stop(vcpu, exit,
		  "reset requested through port 0x%x (value 0x%02x, %s reset): the guest ends, the machine does not",
		  pc->reset_port, pc->reset_val,
		  pc->reset_req == RESET_CPU ? "CPU" : "system");
}

static uint64_t xapic_read(void *ctx, uint32_t off, unsigned size)
{
	return pc_xapic_read(ctx, off, size, clock_ns());
}

static void xapic_write(void *ctx, uint32_t off, unsigned size, uint64_t v)
{
	pc_xapic_write(ctx, off, size, v, clock_ns());
}

void pc_mmio(struct vcpu *vcpu, const struct vm_exit *exit, uint64_t gpa)
{
	const struct mmio_ops ops = {
		.read = xapic_read,
		.write = xapic_write,
		.ctx = &vcpu->vm->pc,
		.name = "local APIC",
	};

	mmio_emulate(vcpu, exit, gpa, &ops);
	pc_accessed(vcpu, exit);
}

void pc_halt(struct vcpu *vcpu, const struct vm_exit *exit)
{
	struct vm *vm = vcpu->vm;
	uint64_t t0;

	if (!vcpu_skip_insn(vcpu, exit))
		return;
	if (!(vcpu->regs.rflags & RFLAGS_IF)) {
		/* Only an NMI, SMI or INIT could wake it; none is sent. */
		vcpu_stop(vcpu, exit,
			  "HLT at RIP 0x%llx with interrupts disabled (IF=0): nothing can wake the vCPU",
			  (unsigned long long)(vcpu->regs.rip -
					       exit->insn_len));
		return;
	}
	flush_partial(vm);
	t0 = clock_ns();
	for (;;) {
		uint64_t now = clock_ns();

		if (!pc_update(vcpu, exit, now))
			break;
		if (pc_intr_pending(&vm->pc))
			break;
		if (vm->pc_next_event == DEV_NEVER && !vm->deadline_ns &&
		    !pc_uart_rx_wanted(&vm->pc)) {
			vcpu_stop(vcpu, exit,
				  "HLT at RIP 0x%llx with no interrupt source armed (no timer, no UART input): the guest would never wake",
				  (unsigned long long)(vcpu->regs.rip -
						       exit->insn_len));
			break;
		}
		host_timer_arm(next_wakeup(vm));
		host_idle();
	}
	vm->halted_ns += clock_ns() - t0;
}
