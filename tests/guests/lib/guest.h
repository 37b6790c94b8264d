/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The test-guest library: serial printf, kvm-unit-tests style report()
 * lines, exception handlers, hypercalls and the exit.
 *
 * A scenario defines `int guest_main(const struct guest_boot *boot)`;
 * its return value is the exit status (report_summary() gives one).
 */
#ifndef GUEST_LIB_GUEST_H
#define GUEST_LIB_GUEST_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "guest-abi/guest_boot.h"
#include "guest-abi/hypercall.h"

int guest_main(const struct guest_boot *boot);

/* Serial (COM1, forwarded by the hypervisor with a "[name] " prefix). */
void putchar_serial(char c);
int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void *memset(void *s, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);

/* report(): "PASS: msg" or "FAIL: msg"; report_skip(): "SKIP: msg". */
bool report(bool pass, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void report_skip(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "SUMMARY: N tests, F unexpected failures, S skipped"; the exit status. */
int report_summary(void);

/* Hypercalls (guest-abi/hypercall.h). */
static inline uint64_t hypercall3(uint64_t nr, uint64_t a1, uint64_t a2,
				  uint64_t a3)
{
	uint64_t ret;

	__asm__ volatile("vmmcall"
			 : "=a"(ret)
			 : "a"(nr), "b"(a1), "c"(a2), "d"(a3)
			 : "memory");
	return ret;
}

static inline uint64_t exit_count(uint64_t kind)
{
	return hypercall3(HC_GET_EXIT_COUNT, kind, 0, 0);
}

void guest_exit(uint64_t status) __attribute__((noreturn));

/* Exceptions. */
struct exc_frame {
	uint64_t r11, r10, r9, r8, rdi, rsi, rdx, rcx, rax, rbx;
	uint64_t vector, error_code;
	uint64_t rip, cs, rflags, rsp, ss; /* pushed by the CPU */
};

typedef void (*exc_handler_fn)(struct exc_frame *f);

/* Load the library's IDT (done before guest_main). */
void idt_init(void);
/* Replace the handler of one vector; NULL restores the default, which
 * reports the exception as a failure and exits. */
void exc_set_handler(unsigned vector, exc_handler_fn h);

/*
 * Run one instruction that may fault: on an exception, execution resumes
 * after it and the vector is returned; -1 when it did not fault.
 */
int rdmsr_safe(uint32_t msr, uint64_t *val);
int wrmsr_safe(uint32_t msr, uint64_t val);

static inline void cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	__asm__ volatile("cpuid"
			 : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
			 : "a"(leaf), "c"(sub));
}

static inline void outb(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline void outl(uint16_t port, uint32_t v)
{
	__asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;

	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

#endif
