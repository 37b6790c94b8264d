/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What KVM_SET_MEMORY_ATTRIBUTES (virt/kvm/kvm_main.c) needs beyond the
 * xarray and the memslots: its locks, which are no-ops for the harness's
 * one thread, and the x86 MMU callbacks, which are the NPT side of a
 * conversion (zapping SPTEs, hugepage tracking) and are not run: they
 * are out-of-line stubs in kvm/ref/harness.c that make bench counts as
 * KVM's back end.
 */
#ifndef KVM_REF_SHIM_MEMATTR_H
#define KVM_REF_SHIM_MEMATTR_H

#define mutex_lock(m)			  ((void)(m))
#define mutex_unlock(m)			  ((void)(m))
#define write_lock(l)			  ((void)(l))
#define write_unlock(l)			  ((void)(l))
#define KVM_MMU_LOCK(kvm)		  write_lock(&(kvm)->mmu_lock)
#define KVM_MMU_UNLOCK(kvm)		  write_unlock(&(kvm)->mmu_lock)
#define lockdep_assert_held(l)		  ((void)(l))
#define lockdep_assert_held_write(l)	  ((void)(l))
#define cond_resched()			  ((void)0)
#define smp_wmb()			  __asm__ volatile("" ::: "memory")
#define array_index_nospec(i, n)	  (i)
#define srcu_dereference_check(p, ssp, c) (p)
#define guard(name)			  shim_guard_##name
static inline void shim_guard_rcu(void)
{
}
#define INVALID_GPA (~(gpa_t)0)
#ifndef KVM_BUG_ON
#define KVM_BUG_ON(c, kvm) WARN_ON_ONCE(c)
#endif
#define trace_kvm_vm_set_mem_attributes(...) \
	do {                                 \
	} while (0)
#define kvm_arch_has_private_mem(kvm) ((kvm)->arch.has_private_mem)

bool kvm_arch_pre_set_memory_attributes(struct kvm *kvm,
					struct kvm_gfn_range *range);
bool kvm_arch_post_set_memory_attributes(struct kvm *kvm,
					 struct kvm_gfn_range *range);
void kvm_flush_remote_tlbs(struct kvm *kvm);

#endif
