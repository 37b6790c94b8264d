/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the kernel's lib/xarray.c, lib/rbtree.c and their headers need from
 * the rest of the kernel, for the one thread the harness runs: locks and
 * RCU are no-ops, slab allocation is calloc(). The allocator and the
 * bitmap helpers are out-of-line shim_* functions (kvm/ref/harness.c) so
 * that make bench can leave their cost out of KVM's figure; the no-ops
 * cost nothing, so the figure is KVM's own code only, a lower bound.
 */
#ifndef KVM_REF_SHIM_XARRAY_H
#define KVM_REF_SHIM_XARRAY_H

#define __bitwise
#define __force
#define __must_check __attribute__((__warn_unused_result__))
#define __rcu
#define __must_hold(x)
#define __acquires(x)
#define __releases(x)
#define EXPORT_SYMBOL(sym)     extern int shim_export_##sym
#define EXPORT_SYMBOL_GPL(sym) extern int shim_export_gpl_##sym

/* IS_ENABLED(), as include/linux/kconfig.h spells it. */
#define CONFIG_XARRAY_MULTI		       1
#define CONFIG_BASE_SMALL		       0
#define __ARG_PLACEHOLDER_1		       0,
#define __take_second_arg(__ignored, val, ...) val
#define __is_defined(x)			       ___is_defined(x)
#define ___is_defined(val)		       ____is_defined(__ARG_PLACEHOLDER_##val)
#define ____is_defined(arg1_or_junk)	       __take_second_arg(arg1_or_junk 1, 0)
#define IS_ENABLED(option)		       __is_defined(option)

#define MAX_ERRNO		   4095
#define BITS_PER_LONG		   64
#define BITS_TO_LONGS(n)	   (((n) + BITS_PER_LONG - 1) / BITS_PER_LONG)
#define DECLARE_BITMAP(name, bits) unsigned long name[BITS_TO_LONGS(bits)]
#define BUG_ON(c)                \
	do {                     \
		if (c)           \
			abort(); \
	} while (0)
#define WRITE_ONCE(x, v) (*(volatile typeof(x) *)&(x) = (v))
#define pr_cont(...)	 ((void)0)
#define __ffs(x)	 ((unsigned long)__builtin_ctzl(x))

static inline bool gfpflags_allow_blocking(gfp_t gfp)
{
	return gfp & __GFP_DIRECT_RECLAIM;
}
#define might_alloc(gfp) ((void)(gfp))

/* One thread: no lock is ever contended, no RCU reader ever waits. */
typedef struct {
	int unused;
} spinlock_t;
#define __SPIN_LOCK_UNLOCKED(name) \
	{                          \
		0                  \
	}
#define spin_lock_init(l)		  ((void)(l))
#define spin_lock(l)			  ((void)(l))
#define spin_unlock(l)			  ((void)(l))
#define spin_lock_bh(l)			  ((void)(l))
#define spin_unlock_bh(l)		  ((void)(l))
#define spin_lock_irq(l)		  ((void)(l))
#define spin_unlock_irq(l)		  ((void)(l))
#define spin_lock_irqsave(l, f)		  ((void)(l), (f) = 0)
#define spin_unlock_irqrestore(l, f)	  ((void)(l), (void)(f))
#define spin_lock_nested(l, s)		  ((void)(l))
#define spin_lock_bh_nested(l, s)	  ((void)(l))
#define spin_lock_irq_nested(l, s)	  ((void)(l))
#define spin_lock_irqsave_nested(l, f, s) ((void)(l), (f) = 0)
#define spin_trylock(l)			  ((void)(l), 1)
#define lockdep_is_held(l)		  1
struct rcu_head {
	struct rcu_head *next;
	void (*func)(struct rcu_head *head);
};
#define rcu_read_lock()			((void)0)
#define rcu_read_unlock()		((void)0)
#define rcu_dereference_check(p, c)	(p)
#define rcu_dereference_protected(p, c) (p)
#define rcu_dereference_raw(p)		(p)
#define rcu_assign_pointer(p, v)	((p) = (v))
#define RCU_INIT_POINTER(p, v)		((p) = (v))
void shim_call_rcu(struct rcu_head *head, void (*func)(struct rcu_head *));
#define call_rcu(h, f) shim_call_rcu(h, f)

struct list_lru;
struct kmem_cache;
void *shim_kmem_cache_alloc_lru(struct kmem_cache *c, struct list_lru *lru,
				gfp_t gfp);
void shim_kmem_cache_free(struct kmem_cache *c, void *p);
#define kmem_cache_alloc_lru(c, lru, gfp) shim_kmem_cache_alloc_lru(c, lru, gfp)
#define kmem_cache_free(c, p)		  shim_kmem_cache_free(c, p)

static inline bool list_empty(const struct list_head *h)
{
	return h->next == h;
}

/* Bitmaps (the node marks). */
static inline bool __test_and_set_bit(long nr, unsigned long *a)
{
	bool old = test_bit(nr, a);

	__set_bit(nr, a);
	return old;
}
static inline bool __test_and_clear_bit(long nr, unsigned long *a)
{
	bool old = test_bit(nr, a);

	a[nr / BITS_PER_LONG] &= ~(1ul << (nr % BITS_PER_LONG));
	return old;
}
unsigned long shim_find_next_bit(const unsigned long *a, unsigned long size,
				 unsigned long off);
bool shim_bitmap_empty(const unsigned long *a, unsigned int nbits);
void shim_bitmap_fill(unsigned long *a, unsigned int nbits);
void shim_bitmap_clear(unsigned long *a, unsigned int start, unsigned int n);
#define find_next_bit(a, s, o) shim_find_next_bit(a, s, o)
#define bitmap_empty(a, n)     shim_bitmap_empty(a, n)
#define bitmap_fill(a, n)      shim_bitmap_fill(a, n)
#define bitmap_clear(a, s, n)  shim_bitmap_clear(a, s, n)

#endif
