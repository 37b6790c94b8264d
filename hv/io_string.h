/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * String I/O (INS, OUTS, with or without REP) as the IOIO intercept
 * reports it (APM vol. 2, "IOIO Intercepts"; vol. 3, "INS", "OUTS",
 * "REP"): the register arithmetic, pure and host-tested
 * (tests/unit/test_io_string.c). hv/io.c moves the data.
 *
 * Each exit moves at most IO_STRING_MAX_BYTES; a REP instruction with
 * elements left keeps its RIP and is executed again, which is also where
 * a pending interrupt can be taken (APM vol. 3, "Repeat Prefixes":
 * string instructions are interruptible between iterations).
 */
#ifndef HV_IO_STRING_H
#define HV_IO_STRING_H

#include <stdbool.h>
#include <stdint.h>

#define IO_STRING_MAX_BYTES 4096u

struct io_string {
	unsigned size;	    /* element: 1, 2 or 4 bytes */
	unsigned addr_size; /* rCX and rDI/rSI width: 2, 4 or 8 bytes */
	bool rep, df;	    /* REP prefix; RFLAGS.DF: rDI/rSI go down */
	bool lin64;	    /* 64-bit mode: else linear addresses wrap at 4G */
	uint64_t seg_base;  /* base of the memory operand's segment */
};

/* Elements this exit does: rCX (in its width) with REP, else 1, at most
 * IO_STRING_MAX_BYTES / size. 0: REP with rCX = 0, nothing to do. */
uint64_t io_string_count(const struct io_string *s, uint64_t rcx);

/* The linear address of the element at index register value idx. */
uint64_t io_string_linear(const struct io_string *s, uint64_t idx);

/*
 * reg after n elements: rDI/rSI moved by n * size (down with DF), or rCX
 * less n, each in the address size: a 16-bit register keeps the bits
 * above it, a 32-bit one is zero-extended (APM vol. 1, "General-Purpose
 * Registers in 64-Bit Mode").
 */
uint64_t io_string_index(const struct io_string *s, uint64_t reg, uint64_t n);
uint64_t io_string_rcx(const struct io_string *s, uint64_t rcx, uint64_t n);

/* Elements left after this exit (rCX in its width with REP, else 0). */
uint64_t io_string_left(const struct io_string *s, uint64_t rcx);

#endif
