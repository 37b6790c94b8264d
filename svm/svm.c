// SPDX-License-Identifier: GPL-2.0-only
/*
 * SVM on this CPU: detection, enabling, TLB control, VMCB set-up and
 * tear-down, and the run step. ASIDs come from asid.c, exit decoding is
 * in exit.c, the world switch in world_switch.S.
 */
#include <errno.h>
#include <string.h>

#include "include/log.h"
#include "include/x86.h"
#include "svm/asid.h"
#include "svm/iopm.h"
#include "svm/svm.h"
#include "svm/vmcb.h"

#define MSR_VM_CR	       0xc0010114u
#define MSR_VM_HSAVE_PA	       0xc0010117u
#define VM_CR_SVMDIS	       (1ull << 4)
#define CPUID_80000001_ECX_SVM (1u << 2)
#define CPUID_1_ECX_XSAVE      (1u << 26)
#define XCR0_X87	       1ull /* XCR0 after RESET */

/* Permission map sizes in pages (APM "I/O Intercepts", "MSR Intercepts"). */
#define IOPM_PAGES  (IOPM_SIZE / SZ_4K)
#define MSRPM_PAGES 2

static struct vmcb *host_vmcb;
static struct svm_asid_pool asids;

/*
 * XCR0 is per CPU and, for a guest without SEV-ES, not part of the VMCB:
 * the world switch swaps it (APM "XSETBV", "XCR0"). XSETBV needs
 * CR4.OSXSAVE in the host, which firmware may leave clear (OVMF does).
 * The hypervisor itself keeps XCR0 as found, or at its RESET value x87
 * (never 0: bit 0 is always set, and 0 tells the switch "no XSAVE").
 */
static void xsave_init(void)
{
	uint32_t r[4];
	uint64_t cr4;

	cpuid(1, 0, r);
	if (!(r[2] & CPUID_1_ECX_XSAVE)) {
		log_info("SVM: no XSAVE: guests get no XSAVE either");
		return;
	}
	cr4 = read_cr4();
	if (!(cr4 & CR4_OSXSAVE))
		write_cr4(cr4 | CR4_OSXSAVE);
	svm_caps.xsave = true;
	svm_caps.host_xcr0 = xgetbv(0);
	log_info("SVM: XSAVE: host XCR0 0x%llx, switched with the guest's",
		 (unsigned long long)svm_caps.host_xcr0);
}

static uint64_t pa_of(const void *p)
{
	return (uint64_t)(uintptr_t)p; /* host memory is identity-mapped */
}

int svm_init(struct palloc *pa)
{
	uint32_t r[4];
	void *hsave;

	/* APM "Enabling SVM": CPUID Fn8000_0001 ECX[SVM], then VM_CR.SVMDIS. */
	cpuid(0x80000000u, 0, r);
	if (r[0] < 0x8000000au) {
		log_err("SVM: CPUID has no leaf 0x8000000A (max ext leaf 0x%x): no SVM",
			r[0]);
		return -ENODEV;
	}
	cpuid(0x80000001u, 0, r);
	if (!(r[2] & CPUID_80000001_ECX_SVM)) {
		log_err("SVM: not available (CPUID Fn8000_0001 ECX[SVM] = 0); use -cpu max or EPYC-*");
		return -ENODEV;
	}
	if (rdmsr(MSR_VM_CR) & VM_CR_SVMDIS) {
		log_err("SVM: disabled by firmware (VM_CR.SVMDIS = 1)");
		return -ENODEV;
	}
	cpuid(0x8000000au, 0, r);
	svm_caps = (struct svm_caps){
		.nr_asids = r[1],
		.np = r[3] & (1u << 0),
		.nrips = r[3] & (1u << 3),
		.flush_by_asid = r[3] & (1u << 6),
		.decode_assists = r[3] & (1u << 7),
		.vgif = r[3] & (1u << 16),
	};
	log_info("SVM: rev %u, %u ASIDs, NP=%d NRIPS=%d FlushByAsid=%d DecodeAssists=%d VGIF=%d",
		 r[0] & 0xff, svm_caps.nr_asids, svm_caps.np, svm_caps.nrips,
		 svm_caps.flush_by_asid, svm_caps.decode_assists,
		 svm_caps.vgif);
	if (!svm_caps.np) {
		log_err("SVM: no nested paging (CPUID Fn8000_000A EDX[NP] = 0)");
		return -ENODEV;
	}
	if (svm_caps.nr_asids < 2) {
		log_err("SVM: no guest ASIDs");
		return -ENODEV;
	}
	svm_asid_pool_init(&asids, svm_caps.nr_asids);
	xsave_init();

	hsave = palloc_page(pa);
	host_vmcb = palloc_page(pa);
	if (!hsave || !host_vmcb) {
		log_err("SVM: out of memory for the host save area");
		return -ENOMEM;
	}
	/* APM "VM_HSAVE_PA MSR": EFER.SVME first, then the save area. */
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SVME);
	wrmsr(MSR_VM_HSAVE_PA, pa_of(hsave));
	return 0;
}

void svm_flush_tlb(struct svm_vcpu *sv)
{
	sv->flush_pending = true;
}

/*
 * APM "MSR Intercepts": three 2 KiB vectors for MSRs 0000_0000-0000_1FFF,
 * C000_0000-C000_1FFF and C001_0000-C001_1FFF; two bits per MSR, the even
 * one for reads, the odd one for writes.
 */
static int msrpm_bit(uint32_t msr, uint32_t *bit)
{
	uint32_t base;

	if (msr <= 0x1fff)
		base = 0;
	else if (msr - 0xc0000000u <= 0x1fff)
		base = 0x800 * 8, msr -= 0xc0000000u;
	else if (msr - 0xc0010000u <= 0x1fff)
		base = 0x1000 * 8, msr -= 0xc0010000u;
	else
		return -EINVAL;
	*bit = base + msr * 2;
	return 0;
}

int svm_msr_passthrough(struct svm_vcpu *sv, uint32_t msr, bool read,
			bool write)
{
	uint32_t bit;

	if (msrpm_bit(msr, &bit))
		return -EINVAL;
	if (read)
		sv->msrpm[bit / 8] &= ~(1u << (bit % 8));
	if (write)
		sv->msrpm[(bit + 1) / 8] &= ~(1u << ((bit + 1) % 8));
	return 0;
}

static void set_seg(struct vmcb_seg *s, uint16_t sel, uint16_t attrib,
		    uint32_t limit, uint64_t base)
{
	*s = (struct vmcb_seg){
		.selector = sel,
		.attrib = attrib,
		.limit = limit,
		.base = base,
	};
}

int svm_vcpu_init(struct svm_vcpu *sv, struct palloc *pa,
		  const struct svm_vcpu_config *cfg)
{
	struct vmcb *v;
	int err;

	memset(sv, 0, sizeof(*sv));
	sv->vmcb = palloc_page(pa);
	sv->iopm = palloc_alloc(pa, IOPM_PAGES, 1);
	sv->msrpm = palloc_alloc(pa, MSRPM_PAGES, 1);
	if (!sv->vmcb || !sv->iopm || !sv->msrpm) {
		svm_vcpu_destroy(sv, pa);
		return -ENOMEM;
	}
	/* A recycled ASID is safe: TLB_CONTROL below flushes the TLB. */
	err = svm_asid_alloc(&asids, &sv->asid);
	if (err) {
		log_err("SVM: out of ASIDs (%u in use of %u)", asids.nr_used,
			svm_caps.nr_asids);
		svm_vcpu_destroy(sv, pa);
		return err;
	}
	sv->mem = cfg->mem;
	sv->xcr0 = XCR0_X87;
	/* Every port, always; every MSR unless passed through later. */
	svm_iopm_init(sv->iopm);
	memset(sv->msrpm, 0xff, MSRPM_PAGES * SZ_4K);

	v = sv->vmcb;
	v->control = (struct vmcb_control){
		/* #UD: reflect, or decode PVALIDATE/RMPADJUST for SNP later. */
		.intercept_exceptions = 1u << 6,
		.intercept_misc1 = INTERCEPT_INTR | INTERCEPT_NMI |
				   INTERCEPT_SMI | INTERCEPT_INIT |
				   INTERCEPT_CPUID | INTERCEPT_INVD |
				   INTERCEPT_HLT | INTERCEPT_IOIO_PROT |
				   INTERCEPT_MSR_PROT | INTERCEPT_SHUTDOWN,
		/* The VMRUN intercept is mandatory ("VMRUN ... Checks"). */
		.intercept_misc2 = INTERCEPT_VMRUN | INTERCEPT_VMMCALL |
				   INTERCEPT_VMLOAD | INTERCEPT_VMSAVE |
				   INTERCEPT_STGI | INTERCEPT_CLGI |
				   INTERCEPT_SKINIT | INTERCEPT_WBINVD |
				   INTERCEPT_MONITOR | INTERCEPT_MWAIT |
				   INTERCEPT_XSETBV,
		.iopm_base_pa = pa_of(sv->iopm),
		.msrpm_base_pa = pa_of(sv->msrpm),
		.guest_asid = sv->asid,
		.tlb_control = TLB_CONTROL_FLUSH_ALL,
		/*
		 * V_INTR_MASKING: the guest's RFLAGS.IF masks only virtual
		 * interrupts; physical ones stay under the host's IF, which
		 * the world switch sets for VMRUN, so the host's timer
		 * interrupt always ends the guest's turn with an INTR exit
		 * ("Virtual Interrupt Masking", "Physical (INTR) Interrupt
		 * Masking in EFLAGS").
		 */
		.vintr = V_INTR_MASKING,
		.np_enable = NP_ENABLE,
		.n_cr3 = cfg->n_cr3,
	};

	set_seg(&v->save.cs, cfg->cs_sel, SEG_ATTR_CODE64, 0xffffffff, 0);
	set_seg(&v->save.ds, cfg->ds_sel, SEG_ATTR_DATA, 0xffffffff, 0);
	set_seg(&v->save.es, cfg->ds_sel, SEG_ATTR_DATA, 0xffffffff, 0);
	set_seg(&v->save.ss, cfg->ds_sel, SEG_ATTR_DATA, 0xffffffff, 0);
	set_seg(&v->save.fs, cfg->ds_sel, SEG_ATTR_DATA, 0xffffffff, 0);
	set_seg(&v->save.gs, cfg->ds_sel, SEG_ATTR_DATA, 0xffffffff, 0);
	set_seg(&v->save.gdtr, 0, 0, cfg->gdt_limit, cfg->gdt_base);
	set_seg(&v->save.idtr, 0, 0, 0, 0);
	set_seg(&v->save.ldtr, 0, 0, 0, 0);
	set_seg(&v->save.tr, 0, SEG_ATTR_TSS64_BUSY, 0x67, 0);
	v->save.cpl = 0;
	v->save.efer = cfg->efer;
	v->save.cr0 = cfg->cr0;
	v->save.cr3 = cfg->cr3;
	v->save.cr4 = cfg->cr4;
	v->save.dr6 = 0xffff0ff0;
	v->save.dr7 = 0x400;
	v->save.rflags = 0x2;
	v->save.rip = cfg->rip;
	v->save.rsp = cfg->rsp;
	v->save.g_pat = 0x0007040600070406ull; /* the reset value */
	return 0;
}

void svm_vcpu_destroy(struct svm_vcpu *sv, struct palloc *pa)
{
	if (sv->asid && svm_asid_free(&asids, sv->asid))
		log_err("SVM: ASID %u was not in use", sv->asid);
	if (sv->msrpm)
		palloc_free(pa, sv->msrpm, MSRPM_PAGES);
	if (sv->iopm)
		palloc_free(pa, sv->iopm, IOPM_PAGES);
	if (sv->vmcb)
		palloc_free(pa, sv->vmcb, 1);
	memset(sv, 0, sizeof(*sv));
}

void svm_inject_exception(struct svm_vcpu *sv, uint8_t vector,
			  bool has_error_code, uint32_t error_code)
{
	uint64_t e = vector | EVENTINJ_TYPE_EXCEPTION | EVENTINJ_V;

	if (has_error_code)
		e |= EVENTINJ_EV | ((uint64_t)error_code << 32);
	sv->vmcb->control.eventinj = e;
}

void svm_intercept_exception(struct svm_vcpu *sv, unsigned vector, bool on)
{
	if (vector >= 32)
		return;
	if (on)
		sv->vmcb->control.intercept_exceptions |= 1u << vector;
	else
		sv->vmcb->control.intercept_exceptions &= ~(1u << vector);
}

uint64_t svm_get_dr6(const struct svm_vcpu *sv)
{
	return sv->vmcb->save.dr6;
}

void svm_set_cr2(struct svm_vcpu *sv, uint64_t cr2)
{
	sv->vmcb->save.cr2 = cr2;
}

void svm_set_dr6(struct svm_vcpu *sv, uint64_t dr6)
{
	sv->vmcb->save.dr6 = dr6;
}

void svm_vcpu_run(struct svm_vcpu *sv, struct vcpu_regs *regs,
		  struct vm_exit *exit)
{
	struct vmcb *v = sv->vmcb;

	v->save.rax = regs->rax;
	v->save.rsp = regs->rsp;
	v->save.rip = regs->rip;
	v->save.rflags = regs->rflags;
	/*
	 * An event whose delivery was cut short by the exit (EXITINTINFO
	 * valid) must be delivered again, unless a handler queued another
	 * (APM "Event Injection" and "EXITINTINFO Pseudo-Virtualization").
	 */
	if (!(v->control.eventinj & EVENTINJ_V) &&
	    (v->control.exitintinfo & EVENTINJ_V))
		v->control.eventinj = v->control.exitintinfo;
	if (sv->flush_pending) {
		v->control.tlb_control = svm_caps.flush_by_asid ?
						 TLB_CONTROL_FLUSH_ASID :
						 TLB_CONTROL_FLUSH_ALL;
		sv->flush_pending = false;
	}

	/* Host XCR0 0: no XSAVE, XCR0 is left alone (stays x87). */
	svm_world_switch(regs, pa_of(v), pa_of(host_vmcb), &sv->xcr0,
			 svm_caps.xsave ? svm_caps.host_xcr0 : 0);

	v->control.tlb_control = TLB_CONTROL_DO_NOTHING;
	regs->rax = v->save.rax;
	regs->rsp = v->save.rsp;
	regs->rip = v->save.rip;
	regs->rflags = v->save.rflags;
	svm_decode_exit(sv, regs, exit);
	/* Whatever was queued has been delivered or is in EXITINTINFO. */
	v->control.eventinj = 0;
}

void svm_set_efer(struct svm_vcpu *sv, uint64_t efer)
{
	sv->vmcb->save.efer = efer;
}

/* With nested paging the guest's PAT lives in G_PAT ("Nested Paging and
 * PAT"); an invalid value is the caller's to refuse (TCG accepts it). */
void svm_set_gpat(struct svm_vcpu *sv, uint64_t pat)
{
	sv->vmcb->save.g_pat = pat;
}

void svm_set_xcr0(struct svm_vcpu *sv, uint64_t xcr0)
{
	sv->xcr0 = xcr0;
}

void svm_get_sregs(const struct svm_vcpu *sv, struct vcpu_sregs *s)
{
	const struct vmcb_save *v = &sv->vmcb->save;

	*s = (struct vcpu_sregs){
		.cr0 = v->cr0,
		.cr2 = v->cr2,
		.cr3 = v->cr3,
		.cr4 = v->cr4,
		.efer = v->efer,
		.cs_sel = v->cs.selector,
		.cs_attr = v->cs.attrib,
		.ss_sel = v->ss.selector,
		.ss_attr = v->ss.attrib,
		.cpl = v->cpl,
		.long_mode = (v->efer & EFER_LMA) &&
			     (v->cs.attrib & SEG_ATTR_L),
	};
}

uint32_t svm_vcpu_asid(const struct svm_vcpu *sv)
{
	return sv->asid;
}

/*
 * APM "Event Injection": an external interrupt (type INTR) delivered
 * through the guest's IDT on the next VMRUN, as if the guest had
 * acknowledged it at that instruction boundary.
 */
void svm_inject_intr(struct svm_vcpu *sv, uint8_t vector)
{
	sv->vmcb->control.eventinj = vector | EVENTINJ_TYPE_INTR | EVENTINJ_V;
}

bool svm_can_inject_intr(const struct svm_vcpu *sv, uint64_t rflags)
{
	const struct vmcb_control *c = &sv->vmcb->control;

	return (rflags & RFLAGS_IF) &&
	       !(c->interrupt_shadow & INTERRUPT_SHADOW) &&
	       !(c->eventinj & EVENTINJ_V) && !(c->exitintinfo & EVENTINJ_V);
}

/*
 * APM "Injecting Virtual Interrupts": V_IRQ with V_IGN_TPR and the VINTR
 * intercept makes the CPU exit as soon as the guest could take an
 * interrupt (RFLAGS.IF set, no interrupt shadow); the hypervisor then
 * injects the one its interrupt controllers chose, with its own priority
 * checks (the emulated APIC's TPR, hv/pc.c). The vector is never
 * delivered: the intercept comes first.
 */
void svm_request_irq_window(struct svm_vcpu *sv, bool on)
{
	struct vmcb_control *c = &sv->vmcb->control;
	const uint64_t bits = V_IRQ | V_INTR_PRIO(0xf) | V_IGN_TPR;

	if (on) {
		c->vintr |= bits;
		c->intercept_misc1 |= INTERCEPT_VINTR;
	} else {
		c->vintr &= ~bits;
		c->intercept_misc1 &= ~INTERCEPT_VINTR;
	}
}

/*
 * An instruction the hypervisor stepped over has completed: an STI or
 * MOV SS shadow it sat in is over (APM "Interrupt Shadows"), so
 * "sti; hlt" can take its interrupt at once.
 */
void svm_clear_interrupt_shadow(struct svm_vcpu *sv)
{
	sv->vmcb->control.interrupt_shadow &= ~INTERRUPT_SHADOW;
}

/* V_TPR: the guest's CR8 under V_INTR_MASKING, TPR[7:4] of its APIC. */
uint8_t svm_get_vtpr(const struct svm_vcpu *sv)
{
	return (uint8_t)(sv->vmcb->control.vintr & V_TPR_MASK);
}

void svm_set_vtpr(struct svm_vcpu *sv, uint8_t tpr)
{
	struct vmcb_control *c = &sv->vmcb->control;

	c->vintr = (c->vintr & ~V_TPR_MASK) | (tpr & V_TPR_MASK);
}

void svm_set_boot_segments(struct svm_vcpu *sv, uint64_t gdt_base,
			   uint16_t gdt_limit, uint16_t cs_sel, uint16_t ds_sel)
{
	struct vmcb_save *v = &sv->vmcb->save;

	set_seg(&v->gdtr, 0, 0, gdt_limit, gdt_base);
	set_seg(&v->cs, cs_sel, SEG_ATTR_CODE64, 0xffffffff, 0);
	set_seg(&v->ds, ds_sel, SEG_ATTR_DATA, 0xffffffff, 0);
	set_seg(&v->es, ds_sel, SEG_ATTR_DATA, 0xffffffff, 0);
	set_seg(&v->ss, ds_sel, SEG_ATTR_DATA, 0xffffffff, 0);
}
