/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Emulated SEV-SNP for one guest (snp=emulated, docs/emulated-snp.md):
 * the conversion engine's objects (snp/snp.h) with their RMP and the
 * C-bit alias (snp/view_npt.h), what the guest sees of SNP (CPUID, MSRs:
 * hv/snp_identity.c) and the exits SNP handles its own way
 * (snp_exit_ops, hv/snp_exits.c, which snp_guest_create() installs).
 */
#ifndef HV_SNP_GUEST_H
#define HV_SNP_GUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hv/conv_high.h"
#include "hv/conv_progress.h"
#include "hv/counters.h"
#include "hv/handlers.h"
#include "hv/snp_alias.h"
#include "hv/vm.h"
#include "include/boot_info.h"
#include "include/x86.h"
#include "snp/snp.h"
#include "snp/view_npt.h"

/* C-bit position: QEMU phys-bits=48 makes bit 47 the highest GPA bit. */
#define SNP_CBIT	   47u
#define SNP_MIN_MAXPHYADDR 48u

/* SEV_STATUS (MSR C001_0131, APM volume 2 "SEV_STATUS MSR"). */
#define MSR_SEV_STATUS		  0xc0010131u
#define SEV_STATUS_SEV		  (1ull << 0)
#define SEV_STATUS_SEV_ES	  (1ull << 1)
#define SEV_STATUS_SNP		  (1ull << 2)
#define SYSCFG_MEM_ENCRYPT_MOD_EN (1ull << 23)

struct ovmf_image;

struct snp_guest {
	struct snp_vm vm;
	struct snp_vcpu vcpu;
	struct rmp rmp;
	struct snp_npt_view view;
	uint64_t *rmp_table;
	uint64_t rmp_table_pages;
	/* Page walks and fetches through the shared address of a validated
	 * private page (hv/snp_alias.c). */
	struct snp_alias alias;
	/* Implicit conversions without progress (hv/conv_progress.h). */
	struct conv_progress progress;
	/* What SNP_LAUNCH_UPDATE measures (hv/snp_fw.c): [0, launch_lo)
	 * and [launch_hi, RAM end); the CPUID and secrets pages (0: none),
	 * set by the loader that places them (hv/linux_guest.c). */
	uint64_t launch_lo, launch_hi;
	uint64_t cpuid_gpa, secrets_gpa;
	/*
	 * A reset-state guest's firmware (hv/ovmf_guest.c): its flash region
	 * has a view of its own beside RAM's, and the launch follows the
	 * image's SEV metadata instead of [launch_lo, launch_hi). NULL: none.
	 */
	struct snp_npt_view flash_view;
	const struct ovmf_image *ovmf;
	/* RAM above 4 GiB (hv/vm.h vm_ram_split): a view of its own;
	 * ram_size 0: none. */
	struct snp_npt_view high_view;
	/* The engine's counters of requests above 4 GiB (hv/conv_high.h). */
	struct snp_counters ctr_high;
};

/*
 * Before vm_create: decide whether this guest runs under emulated SNP
 * and fill cfg's snp_* fields (C-bit, the shared middle of RAM). Returns
 * 0, or -1 with why[] set when snp=emulated cannot be honoured (the CPU's
 * MAXPHYADDR is below 48: the C-bit would be a reserved address bit).
 */
int snp_guest_plan(const struct bi_options *o, struct vm_config *cfg, char *why,
		   size_t why_len);

/*
 * After vm_create (when cfg->snp_cbit): set up the RMP, the engine and
 * the alias, and start the launch through the SEV firmware (guest
 * context, SNP_LAUNCH_START, SNP_ACTIVATE). Sets vm->snp and
 * vm->exit_ops (snp_exit_ops). Returns 0 or -1 (logged).
 */
int snp_guest_create(struct vm *vm, const struct bi_options *o);

/*
 * After the loaders wrote guest memory and the vCPU's first state:
 * SNP_LAUNCH_UPDATE of every launched page and of the VMSA, then
 * SNP_LAUNCH_FINISH; prints the measurement. Returns 0 or -1 (logged).
 */
int snp_guest_launch(struct vm *vm);

/*
 * At the end of the guest, before vm_destroy: give the software RMP
 * table back to the pool and forget the engine's state, so the next
 * guest starts from nothing. Safe when snp_guest_create failed half-way
 * or never ran; clears vm->snp and vm->exit_ops.
 */
void snp_guest_destroy(struct vm *vm);

/*
 * The counters line's SNP keys (docs/counters.md): snp=0 under snp=off,
 * else snp=1, the engine's counters, the shared-alias windows and the
 * conversions refused for lack of page-table memory.
 */
void snp_guest_add_counters(const struct vm *vm, struct counters_line *l);

/* hv/snp_identity.c: what the guest sees of SNP. */
void snp_cpuid_adjust(uint32_t leaf, uint32_t sub, uint32_t r[4]);
/* true: handled, *v is the value; false with *gp: #GP; false, !*gp: not ours */
bool snp_msr_read(struct vcpu *vcpu, uint32_t msr, uint64_t *v, bool *gp);
bool snp_msr_write(struct vcpu *vcpu, uint32_t msr, uint64_t v, bool *gp);

/* hv/snp_fw.c: the SEV firmware from the hypervisor's side. */
/* Once at boot: the ESP's VCEK file (NULL, 0: none), checked here. */
void snp_fw_vcek_file(const void *file, uint64_t size);
/* The certificate table for SNP Extended Guest Request, or NULL. */
const uint8_t *snp_fw_certs(uint32_t *len);
int snp_fw_begin(struct vm *vm, const struct bi_options *o);
int snp_fw_launch(struct vm *vm);
void snp_fw_end(struct vm *vm);
/* snp_vm_config.guest_request: ctx is the struct vm. */
uint64_t snp_fw_guest_request(void *ctx, uint64_t req_gpa, uint64_t resp_gpa);

/* hv/snp_mmio.c: snp_vm_config.mmio (MMIO Read/Write NAE); ctx: the vm. */
int snp_mmio_nae(void *ctx, uint64_t gpa, unsigned len, bool write,
		 uint8_t *data);

/* hv/snp_exits.c */
/* The exits emulated SNP handles its own way (vm->exit_ops). */
extern const struct exit_ops snp_exit_ops;
/*
 * May the hypervisor touch gpa (C-bit as the guest's tables gave it) for
 * the guest, as the guest's own access? 0, or -1 with the guest stopped
 * (the engine's mismatch policy decides, as for an #NPF).
 */
int snp_guest_access(struct vcpu *vcpu, const struct vm_exit *exit,
		     uint64_t gpa);

/* hv/snp_alias.c */
/*
 * snp_exit_ops' exit_begin, so every exit before its handler: closes the shared aliases opened for a
 * walk or fetch unless this exit is one more of those, and tells the
 * no-progress rule (hv/conv_progress.h) about exits other than #NPF.
 * true: the exit was the single step that closed a fetch's alias,
 * nothing else to do.
 */
bool snp_alias_exit_begin(struct vcpu *vcpu, struct vm_exit *exit);
/* #NPF: a walk or fetch through the shared address of a validated
 * private page is served (true), anything else is not ours (false). */
/* Paging off or legacy paging: every access of the guest is private
 * (APM volume 2, "Supported Operating Modes"). */
bool snp_alias_all_private(struct vcpu *vcpu);
bool snp_alias_open(struct vcpu *vcpu, struct vm_exit *exit);

#endif
