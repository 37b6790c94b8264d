/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The kernel vocabulary KVM's PSC code uses, rebuilt for a host program:
 * fixed-width types, bit helpers, READ_ONCE, WARN_ON_ONCE and friends.
 * Only what the extracted functions (kvm/ref/items.txt) need.
 */
#ifndef KVM_REF_SHIM_TYPES_H
#define KVM_REF_SHIM_TYPES_H

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* u64 must be unsigned long long: the code prints it with %llx. */
typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef unsigned long long u64;
typedef int64_t s64;
typedef u8 __u8;
typedef u16 __u16;
typedef u32 __u32;
typedef u64 __u64;
typedef u64 gpa_t;
typedef u64 gfn_t;
typedef u64 kvm_pfn_t;

#define CONFIG_X86_64	   1
#define CONFIG_KVM_AMD_SEV 1

#define __packed __attribute__((packed))
#ifndef __always_inline
#define __always_inline inline __attribute__((always_inline))
#endif
#define fallthrough __attribute__((fallthrough))
#define likely(x)   __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

#define BIT(n)		  (1UL << (n))
#define BIT_ULL(n)	  (1ULL << (n))
#define _BITULL(n)	  (1ULL << (n))
#define GENMASK_ULL(h, l) ((~0ULL << (l)) & (~0ULL >> (63 - (h))))
#define lower_32_bits(n)  ((u32)((n)&0xffffffff))
#define upper_32_bits(n)  ((u32)((u64)(n) >> 32))

#define PAGE_SHIFT	   12
#define PAGE_SIZE	   (1UL << PAGE_SHIFT)
#define PAGE_MASK	   (~(PAGE_SIZE - 1))
#define IS_ALIGNED(x, a)   (((x) & ((typeof(x))(a)-1)) == 0)
#define PAGE_ALIGNED(addr) IS_ALIGNED((unsigned long)(addr), PAGE_SIZE)
#define gfn_to_gpa(gfn)	   ((gpa_t)(gfn) << PAGE_SHIFT)
#define gpa_to_gfn(gpa)	   ((gfn_t)((gpa) >> PAGE_SHIFT))

struct list_head {
	struct list_head *next, *prev;
};
struct hlist_node {
	struct hlist_node *next, **pprev;
};

#define min(a, b)                        \
	({                               \
		__typeof__(a) __a = (a); \
		__typeof__(b) __b = (b); \
		__a < __b ? __a : __b;   \
	})
#define max(a, b)                        \
	({                               \
		__typeof__(a) __a = (a); \
		__typeof__(b) __b = (b); \
		__a > __b ? __a : __b;   \
	})

#define container_of(ptr, type, member) \
	((type *)((char *)(ptr)-offsetof(type, member)))
#define READ_ONCE(x)	(*(const volatile typeof(x) *)&(x))
#define BUILD_BUG_ON(c) _Static_assert(!(c), #c)
#define BUG()		abort()

/* A WARN in KVM is an event the trace should show: print a comment. */
void shim_warn(const char *file, int line, const char *cond);
#define WARN_ON_ONCE(c)                                    \
	({                                                 \
		int __c = !!(c);                           \
		if (__c)                                   \
			shim_warn(__FILE__, __LINE__, #c); \
		__c;                                       \
	})
#define WARN_ON(c) WARN_ON_ONCE(c)

#define pr_err(...)	       fprintf(stderr, "kvm: " __VA_ARGS__)
#define pr_info(...)	       fprintf(stderr, "kvm: " __VA_ARGS__)
#define vcpu_unimpl(vcpu, ...) fprintf(stderr, "kvm: " __VA_ARGS__)

/* gfp_t: only the flags KVM's and xarray's code pass or test. */
typedef unsigned int gfp_t;
#define __GFP_DIRECT_RECLAIM 0x400u
#define __GFP_NOWARN	     0x2000u
#define __GFP_ACCOUNT	     0x400000u
#define __GFP_BITS_SHIFT     26 /* xarray keeps its flags above these */
#define GFP_NOWAIT	     0u
#define GFP_KERNEL	     __GFP_DIRECT_RECLAIM
#define GFP_KERNEL_ACCOUNT   (GFP_KERNEL | __GFP_ACCOUNT)
#define kvzalloc(n, gfp)     calloc(1, (n))
#define kvfree(p)	     free(p)

static inline bool test_bit(long nr, const unsigned long *addr)
{
	return (addr[nr / 64] >> (nr % 64)) & 1;
}

static inline void __set_bit(long nr, unsigned long *addr)
{
	addr[nr / 64] |= 1UL << (nr % 64);
}

/* Tracepoints are not part of the behaviour. */
#define trace_kvm_vmgexit_enter(...) \
	do {                         \
	} while (0)
#define trace_kvm_vmgexit_msr_protocol_enter(...) \
	do {                                      \
	} while (0)
#define trace_kvm_vmgexit_msr_protocol_exit(...) \
	do {                                     \
	} while (0)
#define trace_kvm_hypercall(...) \
	do {                     \
	} while (0)

#endif
