/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The narrow interface between the vendor-neutral core (hv/) and AMD SVM.
 * hv/ never sees the VMCB: it sets a vCPU up from a struct
 * svm_vcpu_config, runs it and gets a decoded struct vm_exit back, and
 * changes guest state through the functions below. svm/ never calls
 * into hv/ (it only uses the plain structs of include/vm_exit.h and
 * include/vcpu_regs.h).
 */
#ifndef SVM_SVM_H
#define SVM_SVM_H

#include <stdbool.h>
#include <stdint.h>

#include "include/vcpu_regs.h"
#include "include/vm_exit.h"
#include "mm/gwalk.h"
#include "mm/palloc.h"
#include "svm/insn_mmio.h"

struct vmcb;

/* What this CPU's SVM offers (CPUID Fn8000_000A), filled by svm_init(). */
struct svm_caps {
	uint32_t nr_asids;   /* EBX: number of ASIDs, ASID 0 is the host's */
	bool np;	     /* EDX[0] nested paging */
	bool nrips;	     /* EDX[3] NRIP save */
	bool flush_by_asid;  /* EDX[6] */
	bool decode_assists; /* EDX[7] */
	bool vgif;	     /* EDX[16] */
	bool xsave;	    /* CPUID Fn0000_0001 ECX[XSAVE]: XCR0 is switched */
	uint64_t host_xcr0; /* the hypervisor's own XCR0 */
};

extern struct svm_caps svm_caps;

/*
 * Detect SVM and turn it on for this CPU: EFER.SVME, the host save area
 * (VM_HSAVE_PA), a host VMCB for VMSAVE/VMLOAD of the host's hidden
 * state. Returns 0, or -ENODEV after logging why SVM cannot be used.
 */
int svm_init(struct palloc *pa);

struct svm_vcpu_config {
	uint64_t rip, rsp;
	uint64_t cr0, cr3, cr4, efer;
	uint64_t gdt_base;
	uint16_t gdt_limit;
	uint16_t cs_sel, ds_sel;
	uint64_t n_cr3;	      /* nested page table root (npt_root_pa) */
	struct guest_mem mem; /* guest memory, for instruction fetches */
};

struct svm_vcpu {
	struct vmcb *vmcb;
	uint8_t *iopm;	/* 12 KiB I/O permission map */
	uint8_t *msrpm; /* 8 KiB MSR permission map */
	uint32_t asid;
	bool flush_pending;
	struct guest_mem mem;
	/*
	 * The guest's XCR0. Not in the VMCB for a guest without SEV-ES:
	 * the world switch loads it before VMRUN, reads it back after
	 * #VMEXIT and puts the host's back (svm/world_switch.S).
	 */
	uint64_t xcr0;
};

int svm_vcpu_init(struct svm_vcpu *sv, struct palloc *pa,
		  const struct svm_vcpu_config *cfg);

/* The vCPU's state as it would start (VMCB save area, regs, XCR0) laid
 * out as a 4 KiB VMSA page with sev_features, for the SNP launch digest
 * (svm/vmsa.c). */
void svm_build_vmsa(const struct svm_vcpu *sv, const struct vcpu_regs *r,
		    uint64_t sev_features, void *page);

/*
 * Put the vCPU into the architectural reset state (APM volume 2,
 * "Processor Initialization State") exactly as a KVM host with QEMU
 * builds an SEV-SNP vCPU's VMSA (docs/firmware.md lists each field):
 * real mode, CS selector 0xF000 with base bsp_eip & 0xFFFF0000 and RIP
 * bsp_eip & 0xFFFF, the other segments at 0 with limit 0xFFFF, EFER.SVME,
 * CR0.ET, CR4.MCE, DR6/DR7/RFLAGS/G_PAT reset values, RDX = signature
 * (CPUID Fn0000_0001 EAX), XCR0 = x87, and the CPU's x87/SSE registers
 * loaded with FCW 0x37F and MXCSR 0x1F80. regs is rewritten; intercepts,
 * ASID and nested paging are kept.
 */
void svm_vcpu_reset(struct svm_vcpu *sv, struct vcpu_regs *r, uint64_t bsp_eip,
		    uint32_t signature);

/*
 * Give back what svm_vcpu_init took from pa (VMCB, I/O and MSR
 * permission maps) and the ASID; the vCPU must not run again. Safe on a
 * zeroed or half-initialised struct. Leaves *sv zeroed.
 */
void svm_vcpu_destroy(struct svm_vcpu *sv, struct palloc *pa);

/*
 * MSR permission map (APM "MSR Intercepts"): pass an MSR through to the
 * guest for reads and/or writes. Every MSR is intercepted by default.
 * Returns -EINVAL for an MSR outside the map's three ranges (those are
 * always intercepted).
 */
int svm_msr_passthrough(struct svm_vcpu *sv, uint32_t msr, bool read,
			bool write);

/* Queue an external interrupt for the next VMRUN (EVENTINJ). */
void svm_inject_intr(struct svm_vcpu *sv, uint8_t vector);

/*
 * Whether an external interrupt can be injected now: RFLAGS.IF set, no
 * interrupt shadow, no event queued or left to re-deliver.
 */
bool svm_can_inject_intr(const struct svm_vcpu *sv, uint64_t rflags);

/* Exit (EXIT_VINTR) as soon as the guest can take an interrupt, or not. */
void svm_request_irq_window(struct svm_vcpu *sv, bool on);

/* The instruction in an STI/MOV SS shadow was stepped over: end it. */
void svm_clear_interrupt_shadow(struct svm_vcpu *sv);

/* The guest's V_TPR (CR8), 0-15. */
uint8_t svm_get_vtpr(const struct svm_vcpu *sv);
void svm_set_vtpr(struct svm_vcpu *sv, uint8_t tpr);

/* Replace the entry GDT and the CS/DS/ES/SS selectors set at init. */
void svm_set_boot_segments(struct svm_vcpu *sv, uint64_t gdt_base,
			   uint16_t gdt_limit, uint16_t cs_sel,
			   uint16_t ds_sel);

/*
 * Enter the guest until the next #VMEXIT and decode it. regs is written
 * to the guest before and read back after (RAX/RSP/RIP/RFLAGS through
 * the VMCB, the rest through the world switch).
 */
void svm_vcpu_run(struct svm_vcpu *sv, struct vcpu_regs *regs,
		  struct vm_exit *exit);

/* Queue an exception for delivery on the next VMRUN (EVENTINJ). */
void svm_inject_exception(struct svm_vcpu *sv, uint8_t vector,
			  bool has_error_code, uint32_t error_code);

/* Intercept one exception vector (0-31), or stop intercepting it. */
void svm_intercept_exception(struct svm_vcpu *sv, unsigned vector, bool on);

/* Guest CR2, held in the VMCB state save area (a #PF the hypervisor
 * injects sets it first, as the processor does). */
void svm_set_cr2(struct svm_vcpu *sv, uint64_t cr2);

/* Guest DR6, held in the VMCB state save area. */
uint64_t svm_get_dr6(const struct svm_vcpu *sv);
void svm_set_dr6(struct svm_vcpu *sv, uint64_t dr6);

/* Flush this guest's TLB entries on the next VMRUN (TLB_CONTROL). */
void svm_flush_tlb(struct svm_vcpu *sv);

/* Guest EFER and PAT, both held in the VMCB state save area. */
void svm_set_efer(struct svm_vcpu *sv, uint64_t efer);
void svm_set_gpat(struct svm_vcpu *sv, uint64_t pat);
/* Guest XCR0, loaded on the next VMRUN; the caller checked it (XSETBV). */
void svm_set_xcr0(struct svm_vcpu *sv, uint64_t xcr0);

void svm_get_sregs(const struct svm_vcpu *sv, struct vcpu_sregs *s);

/* The guest's ASID (the RMP entries of an SNP guest carry it). */
uint32_t svm_vcpu_asid(const struct svm_vcpu *sv);

/* The paging state a guest-memory walk needs. */
void svm_get_walk_cpu(const struct svm_vcpu *sv, struct gwalk_cpu *c);

/*
 * Read the instruction at the guest's RIP and decode it as an MMIO MOV
 * (svm/insn_mmio.h). 0, -EFAULT (unreadable) or the decoder's error.
 */
int svm_decode_mov_at_rip(struct svm_vcpu *sv, const struct vcpu_regs *regs,
			  struct insn_mov *mov);

/* The world switch (world_switch.S). */
void svm_world_switch(struct vcpu_regs *regs, uint64_t vmcb_pa,
		      uint64_t host_vmcb_pa, uint64_t *guest_xcr0,
		      uint64_t host_xcr0);

/* Exit decoding (exit.c), called by svm_vcpu_run. */
void svm_decode_exit(struct svm_vcpu *sv, const struct vcpu_regs *regs,
		     struct vm_exit *exit);

#endif
