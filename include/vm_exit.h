/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A VM exit, vendor-neutral. svm/ decodes the raw exit code and EXITINFO
 * once into this struct (svm/exit.c); hv/run.c dispatches on the reason
 * to a handler taking (struct vcpu *, struct vm_exit *): the VM's
 * exit_ops when it has them (hv/handlers.h), else the plain table.
 *
 * Adding a reason: an enum value here, its name in reason_names[]
 * (hv/vcpu.c; it is also the exit_<name> key of the counters line), a
 * decode rule in svm/exit.c and a handler in hv/run.c's plain table
 * (docs/architecture.md, "How to add an exit").
 */
#ifndef INCLUDE_VM_EXIT_H
#define INCLUDE_VM_EXIT_H

#include <stdbool.h>
#include <stdint.h>

enum exit_reason {
	EXIT_UNKNOWN = 0,  /* an exit code nobody decodes: stop the guest */
	EXIT_VMRUN_FAILED, /* VMRUN refused the guest state */
	EXIT_CPUID,
	EXIT_MSR_READ,
	EXIT_MSR_WRITE,
	EXIT_IO,
	EXIT_HLT,
	EXIT_HYPERCALL, /* VMMCALL without prefix */
	EXIT_VMGEXIT,	/* F3-prefixed VMMCALL (SEV-ES/SNP VMGEXIT) */
	EXIT_EXCEPTION, /* an intercepted guest exception */
	EXIT_PVALIDATE, /* #UD on PVALIDATE (F2 0F 01 FF) */
	EXIT_RMPADJUST, /* #UD on RMPADJUST (F3 0F 01 FE) */
	EXIT_NPF,	/* nested page fault */
	EXIT_SHUTDOWN,	/* triple fault */
	EXIT_INTR,	/* physical interrupt */
	EXIT_NMI,
	EXIT_INVD,
	EXIT_WBINVD,
	EXIT_SVM_INSN, /* VMRUN, VMLOAD, STGI... executed by the guest */
	EXIT_XSETBV,
	EXIT_VINTR, /* the guest can take the virtual interrupt asked for */
	EXIT_REASON_NR
};

struct exit_cpuid {
	uint32_t leaf;	  /* EAX */
	uint32_t subleaf; /* ECX */
};

struct exit_msr {
	uint32_t index; /* ECX */
	uint64_t value; /* EDX:EAX, for writes */
};

struct exit_xsetbv {
	uint32_t index; /* ECX: which XCR */
	uint64_t value; /* EDX:EAX */
};

struct exit_io {
	uint16_t port;
	uint8_t size; /* 1, 2 or 4 bytes */
	bool in;
	bool string; /* INS/OUTS */
	bool rep;
	/*
	 * INS/OUTS only, decoded from the instruction bytes (QEMU's TCG
	 * leaves EXITINFO1's address-size and segment fields clear): the
	 * width of rCX and rDI/rSI (2, 4 or 8), the base of the memory
	 * operand's segment (0 in 64-bit mode but for FS and GS), and
	 * whether linear addresses are 64-bit (long mode) or wrap at 4 GiB.
	 * str_error < 0: the instruction could not be read or decoded.
	 */
	uint8_t addr_size;
	bool lin64;
	int str_error;
	uint64_t seg_base;
};

struct exit_exception {
	uint8_t vector;
	bool has_error_code;
	uint32_t error_code;
	uint64_t cr2; /* for #PF */
};

struct exit_npf {
	uint64_t gpa; /* faulting guest-physical address */
	bool present, write, user, fetch;
	bool final_gpa;	 /* fault translating the final GPA */
	bool table_walk; /* fault on a guest page-table access */
};

struct vm_exit {
	enum exit_reason reason;
	/* Raw vendor values, for logs and dumps only. */
	uint64_t raw_code, raw_info1, raw_info2, raw_intinfo;
	/*
	 * Length of the instruction that caused the exit, 0 if the exit is
	 * not an instruction or its length is unknown (see insn_len_error).
	 */
	uint8_t insn_len;
	int insn_len_error; /* < 0 when decoding the length failed */
	union {
		struct exit_cpuid cpuid;
		struct exit_msr msr;
		struct exit_xsetbv xsetbv;
		struct exit_io io;
		struct exit_exception exception; /* also PVALIDATE, RMPADJUST */
		struct exit_npf npf;
	};
};

#endif
