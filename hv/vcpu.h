/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A vCPU: vendor-neutral registers and state, plus the SVM part. Exit
 * handlers get (struct vcpu *, struct vm_exit *) and use only the
 * helpers here to change the guest.
 */
#ifndef HV_VCPU_H
#define HV_VCPU_H

#include <stdbool.h>
#include <stdint.h>

#include "include/vcpu_regs.h"
#include "include/vm_exit.h"
#include "svm/svm.h"

struct vm;

enum vcpu_state {
	VCPU_RUNNING = 0,
	VCPU_EXITED,  /* the guest asked to end, with exit_code */
	VCPU_STOPPED, /* the hypervisor stopped it, see stop_reason */
};

#define VCPU_REASON_LEN 160

/* MTRRdefType at reset, as firmware leaves it: MTRRs on, default WB. */
#define VCPU_MTRR_DEF_TYPE_RESET 0x806ull

struct vcpu {
	struct vm *vm;
	unsigned id;
	struct vcpu_regs regs;
	struct svm_vcpu svm;
	enum vcpu_state state;
	uint64_t exit_code;
	char stop_reason[VCPU_REASON_LEN];
	uint64_t pat;		/* guest IA32_PAT, see msr.c */
	uint64_t mtrr_def_type; /* guest MTRRdefType, see msr.c */
	uint64_t nb_cfg;	/* guest NB_CFG, see msr.c */
	uint64_t nr_exits;
	uint64_t exit_counts[EXIT_REASON_NR];
	uint64_t tsc_first_entry; /* TSC at the first VMRUN */
	uint64_t tsc_end;	  /* TSC when the run loop ended */
};

/*
 * Stop the guest: record the reason (hv_main prints it once, on the
 * "stopped:" line) and dump the vCPU state.
 */
/* clang-format off */
void vcpu_stop(struct vcpu *vcpu, const struct vm_exit *exit,
	       const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* clang-format on */

/* The guest ended itself (test exit) with this status. */
void vcpu_guest_exit(struct vcpu *vcpu, uint64_t code);

/*
 * Step over the intercepted instruction. When its length is unknown the
 * guest is stopped (never guess) and false is returned.
 */
bool vcpu_skip_insn(struct vcpu *vcpu, const struct vm_exit *exit);

void vcpu_inject_exception(struct vcpu *vcpu, uint8_t vector,
			   bool has_error_code, uint32_t error_code);

/* Log registers, control state and the exit. */
void vcpu_dump(struct vcpu *vcpu, const struct vm_exit *exit);

/* Run until the guest exits or is stopped (hv/run.c). */
void vcpu_run(struct vcpu *vcpu);

/* Name of an exit reason, for logs and counters (hv/vcpu.c). */
const char *exit_reason_name(enum exit_reason r);

#endif
