/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The Virtual Machine Control Block, as laid out in the AMD APM vol. 2,
 * appendix "Layout of VMCB": a 1 KiB control area followed by the state
 * save area, 4 KiB in all. Private to svm/: the rest of the hypervisor
 * sees only struct vm_exit (include/vm_exit.h) and the accessors in svm/svm.h.
 *
 * Every field carries its offset; the assertion block at the end pins
 * the size and the landmark offsets, so a miscounted reserved array
 * fails the build instead of the VMRUN.
 */
#ifndef SVM_VMCB_H
#define SVM_VMCB_H

#include <stddef.h>
#include <stdint.h>

/* intercept_misc1 (offset 0x00C) bits, APM "VMCB Layout, Control Area". */
#define INTERCEPT_INTR	    (1u << 0)
#define INTERCEPT_NMI	    (1u << 1)
#define INTERCEPT_SMI	    (1u << 2)
#define INTERCEPT_INIT	    (1u << 3)
#define INTERCEPT_VINTR	    (1u << 4)
#define INTERCEPT_CPUID	    (1u << 18)
#define INTERCEPT_INVD	    (1u << 22)
#define INTERCEPT_HLT	    (1u << 24)
#define INTERCEPT_IOIO_PROT (1u << 27)
#define INTERCEPT_MSR_PROT  (1u << 28)
#define INTERCEPT_SHUTDOWN  (1u << 31)

/* intercept_misc2 (offset 0x010) bits. */
#define INTERCEPT_VMRUN	  (1u << 0) /* must be set, or VMRUN fails */
#define INTERCEPT_VMMCALL (1u << 1)
#define INTERCEPT_VMLOAD  (1u << 2)
#define INTERCEPT_VMSAVE  (1u << 3)
#define INTERCEPT_STGI	  (1u << 4)
#define INTERCEPT_CLGI	  (1u << 5)
#define INTERCEPT_SKINIT  (1u << 6)
#define INTERCEPT_RDTSCP  (1u << 7)
#define INTERCEPT_ICEBP	  (1u << 8)
#define INTERCEPT_WBINVD  (1u << 9)
#define INTERCEPT_MONITOR (1u << 10)
#define INTERCEPT_MWAIT	  (1u << 11)
#define INTERCEPT_XSETBV  (1u << 13)

/* tlb_control (offset 0x05C), APM "TLB Control". */
#define TLB_CONTROL_DO_NOTHING	     0
#define TLB_CONTROL_FLUSH_ALL	     1
#define TLB_CONTROL_FLUSH_ASID	     3
#define TLB_CONTROL_FLUSH_ASID_LOCAL 7

/* vintr (offset 0x060). */
#define V_TPR_MASK	 0xfull
#define V_IRQ		 (1ull << 8)
#define V_INTR_PRIO(p)	 ((uint64_t)(p) << 16)
#define V_IGN_TPR	 (1ull << 20)
#define V_INTR_MASKING	 (1ull << 24)
/* interrupt_shadow (offset 0x068): the guest is in an STI/MOV SS shadow. */
#define INTERRUPT_SHADOW (1ull << 0)

/* np_enable (offset 0x090). */
#define NP_ENABLE (1ull << 0)

/* eventinj (offset 0x0A8), APM "Event Injection". */
#define EVENTINJ_VECTOR_MASK	0xffull
#define EVENTINJ_TYPE_INTR	(0ull << 8)
#define EVENTINJ_TYPE_NMI	(2ull << 8)
#define EVENTINJ_TYPE_EXCEPTION (3ull << 8)
#define EVENTINJ_TYPE_SOFT_INT	(4ull << 8)
#define EVENTINJ_EV		(1ull << 11) /* error code valid */
#define EVENTINJ_V		(1ull << 31) /* valid */

/* Exit codes, APM appendix "SVM Intercept Exit Codes". */
#define VMEXIT_EXCP_BASE 0x040 /* 0x40 + vector */
#define VMEXIT_INTR	 0x060
#define VMEXIT_NMI	 0x061
#define VMEXIT_SMI	 0x062
#define VMEXIT_INIT	 0x063
#define VMEXIT_VINTR	 0x064
#define VMEXIT_CPUID	 0x072
#define VMEXIT_INVD	 0x076
#define VMEXIT_HLT	 0x078
#define VMEXIT_IOIO	 0x07b
#define VMEXIT_MSR	 0x07c
#define VMEXIT_SHUTDOWN	 0x07f
#define VMEXIT_VMRUN	 0x080
#define VMEXIT_VMMCALL	 0x081
#define VMEXIT_VMLOAD	 0x082
#define VMEXIT_VMSAVE	 0x083
#define VMEXIT_STGI	 0x084
#define VMEXIT_CLGI	 0x085
#define VMEXIT_SKINIT	 0x086
#define VMEXIT_RDTSCP	 0x087
#define VMEXIT_ICEBP	 0x088
#define VMEXIT_WBINVD	 0x089
#define VMEXIT_MONITOR	 0x08a
#define VMEXIT_MWAIT	 0x08b
#define VMEXIT_XSETBV	 0x08d
#define VMEXIT_NPF	 0x400
#define VMEXIT_VMGEXIT	 0x403
#define VMEXIT_INVALID	 0xffffffffu /* compare the low 32 bits */

/* A segment register in the state save area, attributes in packed form. */
struct vmcb_seg {
	uint16_t selector; /* +0x0 */
	uint16_t attrib;   /* +0x2 */
	uint32_t limit;	   /* +0x4 */
	uint64_t base;	   /* +0x8 */
};
_Static_assert(sizeof(struct vmcb_seg) == 16, "vmcb_seg size");

/*
 * EXITINFO1 views. Each is the meaning EXITINFO1 has for one exit code;
 * the APM defines them in "Instruction Intercepts" (IOIO, MSR) and
 * "Nested Page Faults (#NPF)".
 */
union vmcb_exitinfo1 {
	uint64_t raw;
	struct {		      /* VMEXIT_IOIO, "IOIO Intercept" */
		uint64_t type_in : 1; /* 1 = IN, 0 = OUT */
		uint64_t rsvd0 : 1;
		uint64_t str : 1;
		uint64_t rep : 1;
		uint64_t sz8 : 1;
		uint64_t sz16 : 1;
		uint64_t sz32 : 1;
		uint64_t a16 : 1;
		uint64_t a32 : 1;
		uint64_t a64 : 1;
		uint64_t seg : 3;
		uint64_t rsvd1 : 3;
		uint64_t port : 16;
		uint64_t rsvd2 : 32;
	} io;
	struct {		    /* VMEXIT_MSR */
		uint64_t write : 1; /* 0 = RDMSR, 1 = WRMSR */
		uint64_t rsvd : 63;
	} msr;
	struct { /* VMEXIT_NPF: a #PF-style error code */
		uint64_t present : 1;
		uint64_t write : 1;
		uint64_t user : 1;
		uint64_t rsvd_bit : 1;
		uint64_t fetch : 1;
		uint64_t rsvd0 : 27;
		uint64_t final_gpa : 1;	 /* bit 32: fault on the final GPA */
		uint64_t table_walk : 1; /* bit 33: fault on a guest table */
		uint64_t rsvd1 : 30;
	} npf;
	struct { /* VMEXIT_EXCP_BASE + vector */
		uint64_t error_code : 32;
		uint64_t rsvd : 32;
	} excp;
};
_Static_assert(sizeof(union vmcb_exitinfo1) == 8, "exitinfo1 size");

struct vmcb_control {
	uint16_t intercept_cr_read;    /* 0x000 */
	uint16_t intercept_cr_write;   /* 0x002 */
	uint16_t intercept_dr_read;    /* 0x004 */
	uint16_t intercept_dr_write;   /* 0x006 */
	uint32_t intercept_exceptions; /* 0x008 one bit per vector */
	uint32_t intercept_misc1;      /* 0x00c INTERCEPT_INTR... */
	uint32_t intercept_misc2;      /* 0x010 INTERCEPT_VMRUN... */
	uint32_t intercept_misc3;      /* 0x014 INVLPGB, INVPCID... */
	uint8_t rsvd_018[0x03c - 0x018];
	uint16_t pause_filter_thresh; /* 0x03c */
	uint16_t pause_filter_count;  /* 0x03e */
	uint64_t iopm_base_pa;	      /* 0x040 */
	uint64_t msrpm_base_pa;	      /* 0x048 */
	uint64_t tsc_offset;	      /* 0x050 */
	uint32_t guest_asid;	      /* 0x058 */
	uint8_t tlb_control;	      /* 0x05c */
	uint8_t rsvd_05d[3];
	uint64_t vintr;		   /* 0x060 V_TPR, V_IRQ, V_INTR_MASKING... */
	uint64_t interrupt_shadow; /* 0x068 */
	uint64_t exitcode;	   /* 0x070 */
	union vmcb_exitinfo1 exitinfo1; /* 0x078 */
	uint64_t exitinfo2;		/* 0x080 */
	uint64_t exitintinfo;		/* 0x088 */
	uint64_t np_enable;		/* 0x090 NP_ENABLE, SEV, SEV-ES... */
	uint64_t avic_apic_bar;		/* 0x098 */
	uint64_t ghcb_pa;		/* 0x0a0 */
	uint64_t eventinj;		/* 0x0a8 */
	uint64_t n_cr3;			/* 0x0b0 nested page table root */
	uint64_t virt_ext;   /* 0x0b8 LBR / VMSAVE-VMLOAD virtualization */
	uint32_t vmcb_clean; /* 0x0c0 */
	uint32_t rsvd_0c4;
	uint64_t nrip;		    /* 0x0c8 next RIP (NRIP save only) */
	uint8_t insn_len;	    /* 0x0d0 bytes fetched (decode assists) */
	uint8_t insn_bytes[15];	    /* 0x0d1 */
	uint64_t avic_backing_page; /* 0x0e0 */
	uint64_t rsvd_0e8;
	uint64_t avic_logical_table;  /* 0x0f0 */
	uint64_t avic_physical_table; /* 0x0f8 */
	uint64_t rsvd_100;
	uint64_t vmsa_pa; /* 0x108 SEV-ES VMSA */
	uint8_t rsvd_110[0x3e0 - 0x110];
	uint8_t host_rsvd[0x400 - 0x3e0]; /* 0x3e0 reserved for host use */
};

struct vmcb_save {
	struct vmcb_seg es;   /* 0x400 */
	struct vmcb_seg cs;   /* 0x410 */
	struct vmcb_seg ss;   /* 0x420 */
	struct vmcb_seg ds;   /* 0x430 */
	struct vmcb_seg fs;   /* 0x440 */
	struct vmcb_seg gs;   /* 0x450 */
	struct vmcb_seg gdtr; /* 0x460 */
	struct vmcb_seg ldtr; /* 0x470 */
	struct vmcb_seg idtr; /* 0x480 */
	struct vmcb_seg tr;   /* 0x490 */
	uint8_t rsvd_4a0[0x4ca - 0x4a0];
	uint8_t vmpl; /* 0x4ca */
	uint8_t cpl;  /* 0x4cb */
	uint32_t rsvd_4cc;
	uint64_t efer; /* 0x4d0 */
	uint8_t rsvd_4d8[0x548 - 0x4d8];
	uint64_t cr4;	 /* 0x548 */
	uint64_t cr3;	 /* 0x550 */
	uint64_t cr0;	 /* 0x558 */
	uint64_t dr7;	 /* 0x560 */
	uint64_t dr6;	 /* 0x568 */
	uint64_t rflags; /* 0x570 */
	uint64_t rip;	 /* 0x578 */
	uint8_t rsvd_580[0x5d8 - 0x580];
	uint64_t rsp;		 /* 0x5d8 */
	uint64_t s_cet;		 /* 0x5e0 */
	uint64_t ssp;		 /* 0x5e8 */
	uint64_t isst_addr;	 /* 0x5f0 */
	uint64_t rax;		 /* 0x5f8 */
	uint64_t star;		 /* 0x600 */
	uint64_t lstar;		 /* 0x608 */
	uint64_t cstar;		 /* 0x610 */
	uint64_t sfmask;	 /* 0x618 */
	uint64_t kernel_gs_base; /* 0x620 */
	uint64_t sysenter_cs;	 /* 0x628 */
	uint64_t sysenter_esp;	 /* 0x630 */
	uint64_t sysenter_eip;	 /* 0x638 */
	uint64_t cr2;		 /* 0x640 */
	uint8_t rsvd_648[0x668 - 0x648];
	uint64_t g_pat;		 /* 0x668 */
	uint64_t dbgctl;	 /* 0x670 */
	uint64_t br_from;	 /* 0x678 */
	uint64_t br_to;		 /* 0x680 */
	uint64_t last_excp_from; /* 0x688 */
	uint64_t last_excp_to;	 /* 0x690 */
	uint8_t rsvd_698[0x1000 - 0x698];
};

struct vmcb {
	struct vmcb_control control; /* 0x000 */
	struct vmcb_save save;	     /* 0x400 */
};

#define VMCB_ASSERT_OFF(f, off) \
	_Static_assert(offsetof(struct vmcb, f) == (off), "VMCB offset of " #f)

_Static_assert(sizeof(struct vmcb) == 4096, "VMCB is one 4 KiB page");
_Static_assert(sizeof(struct vmcb_control) == 0x400, "VMCB control area");
VMCB_ASSERT_OFF(control.intercept_exceptions, 0x008);
VMCB_ASSERT_OFF(control.intercept_misc2, 0x010);
VMCB_ASSERT_OFF(control.iopm_base_pa, 0x040);
VMCB_ASSERT_OFF(control.guest_asid, 0x058);
VMCB_ASSERT_OFF(control.tlb_control, 0x05c);
VMCB_ASSERT_OFF(control.exitcode, 0x070);
VMCB_ASSERT_OFF(control.exitinfo1, 0x078);
VMCB_ASSERT_OFF(control.exitintinfo, 0x088);
VMCB_ASSERT_OFF(control.eventinj, 0x0a8);
VMCB_ASSERT_OFF(control.n_cr3, 0x0b0);
VMCB_ASSERT_OFF(control.nrip, 0x0c8);
VMCB_ASSERT_OFF(control.vmsa_pa, 0x108);
VMCB_ASSERT_OFF(save.cs, 0x410);
VMCB_ASSERT_OFF(save.tr, 0x490);
VMCB_ASSERT_OFF(save.cpl, 0x4cb);
VMCB_ASSERT_OFF(save.efer, 0x4d0);
VMCB_ASSERT_OFF(save.cr4, 0x548);
VMCB_ASSERT_OFF(save.rip, 0x578);
VMCB_ASSERT_OFF(save.rsp, 0x5d8);
VMCB_ASSERT_OFF(save.rax, 0x5f8);
VMCB_ASSERT_OFF(save.cr2, 0x640);
VMCB_ASSERT_OFF(save.g_pat, 0x668);
VMCB_ASSERT_OFF(save.last_excp_to, 0x690);

/* Segment attributes in the VMCB's packed form (APM "Segment State"). */
#define SEG_ATTR_CODE64	    0x0a9b /* P, S, code R/A, L, G */
#define SEG_ATTR_DATA	    0x0c93 /* P, S, data W/A, D/B, G */
#define SEG_ATTR_TSS64_BUSY 0x008b
#define SEG_ATTR_LDT	    0x0082
#define SEG_ATTR_L	    (1u << 9)  /* CS.L in the packed attribute form */
#define SEG_ATTR_DB	    (1u << 10) /* CS.D: 32-bit default sizes */

#endif
