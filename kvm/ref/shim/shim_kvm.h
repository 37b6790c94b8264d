/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Minimal struct kvm, kvm_vcpu and kvm_run: only the fields the extracted
 * code and the harness touch. Layouts are not the kernel's; names are.
 */
#ifndef KVM_REF_SHIM_KVM_H
#define KVM_REF_SHIM_KVM_H

struct mutex {
	int unused;
};
struct page;
struct misc_cg;
struct sev_es_save_area;
typedef struct {
	int counter;
} atomic_t;
typedef unsigned long *cpumask_var_t;

struct kvm_host_map {
	void *hva;
	kvm_pfn_t pfn;
	kvm_pfn_t gfn;
};

struct kvm_arch {
	u64 hypercall_exit_enabled; /* KVM_CAP_EXIT_HYPERCALL mask */
	bool has_private_mem;	    /* guest_memfd-backed: an SNP VM */
};

/* A memslot and the gfn-ordered tree of them (include/linux/kvm_host.h). */
struct kvm_memory_slot {
	struct rb_node gfn_node[2];
	gfn_t base_gfn;
	unsigned long npages;
};

struct kvm_memslots {
	struct rb_root gfn_tree;
	int node_idx;
};

#define KVM_MAX_NR_ADDRESS_SPACES 2

typedef struct {
	int unused;
} rwlock_t;

struct kvm {
	struct kvm_arch arch;
	/* KVM_SET_MEMORY_ATTRIBUTES (virt/kvm/kvm_main.c). */
	struct mutex slots_lock;
	rwlock_t mmu_lock;
	struct kvm_memslots *memslots[KVM_MAX_NR_ADDRESS_SPACES];
	struct xarray mem_attr_array;
	long mmu_invalidate_in_progress;
	unsigned long mmu_invalidate_seq;
	gfn_t mmu_invalidate_range_start;
	gfn_t mmu_invalidate_range_end;
};

/* The kvm_run fields of KVM_EXIT_HYPERCALL and KVM_EXIT_SYSTEM_EVENT. */
struct kvm_run {
	u32 exit_reason;
	struct {
		u64 nr;
		u64 args[6];
		u64 ret;
		u64 flags;
	} hypercall;
	struct {
		u32 type;
		u32 ndata;
		u64 data[16];
	} system_event;
};

enum {
	VCPU_REGS_RAX,
	VCPU_REGS_RCX,
	VCPU_REGS_RDX,
	VCPU_REGS_RBX,
	VCPU_REGS_RSP,
	VCPU_REGS_RBP,
	VCPU_REGS_RSI,
	VCPU_REGS_RDI,
	NR_VCPU_REGS = 16,
};

struct kvm_vcpu;

struct kvm_vcpu_arch {
	unsigned long regs[NR_VCPU_REGS];
	u64 xcr0;
	int (*complete_userspace_io)(struct kvm_vcpu *vcpu);
};

struct kvm_vcpu_stat {
	u64 hypercalls;
	u64 nmi_window_exits;
};

struct kvm_vcpu {
	struct kvm *kvm;
	struct kvm_run *run;
	int vcpu_id;
	struct kvm_vcpu_arch arch;
	struct kvm_vcpu_stat stat;
	/* Harness state standing in for the VMSA: CPL and long mode. */
	int shim_cpl;
	bool shim_long_mode;
};

#endif
