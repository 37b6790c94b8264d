/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * User mode (CPL 3) for test guests: a GDT with ring-3 code and data
 * segments and a TSS (APM volume 2, "Segmented Virtual Memory": "Long
 * Mode Segment Descriptors", and "Task Management": "64-Bit Task State
 * Segment"), the User bit on the identity map of what user code touches
 * ("Page Translation and Protection": "User/Supervisor (U/S) Bit"), an
 * IRETQ to CPL 3 and the way back: the first exception taken at CPL 3
 * ends user mode (the CPU switches to TSS.RSP0) and user_enter() returns
 * its vector. User snippets end with UD2, so #UD (6) means "ran to the
 * end"; anything else is the exception the snippet raised.
 */
#ifndef GUEST_LIB_USER_H
#define GUEST_LIB_USER_H

#include <stdint.h>

#include "guest.h"

#define USER_DS	 0x1b /* GDT entry 3, RPL 3 */
#define USER_CS	 0x23 /* GDT entry 4, RPL 3 */
#define USER_TSS 0x28 /* GDT entries 5-6 */
#define VEC_UD	 6
#define VEC_GP	 13

/* Registers of the exception that ended user mode. */
struct user_exit {
	uint64_t vector, error_code, rip, rax, rbx;
};
extern struct user_exit user_exit;

/*
 * Load the library's GDT and TSS and set the User bit on the identity
 * map of the guest image and its bss (the first 2 MiB; user snippets and
 * the user stack live there). Call once, after snp_init() when used.
 */
void user_init(void);

/*
 * Run the code at rip at CPL 3 with RAX, RCX, RDX (and RBX = rbx) set,
 * on the library's user stack, interrupts off, until its first
 * exception; returns the exception's vector (user_exit has the rest).
 */
int user_enter(uint64_t rip, uint64_t rax, uint64_t rbx, uint64_t rcx,
	       uint64_t rdx);

/* Snippets for user_enter() (lib/user_entry.S): one instruction, then UD2. */
extern const char user_pvalidate[], user_rmpadjust[], user_vmmcall[],
	user_vmgexit[];

/* exc.c: true when the exception came from CPL 3 and was taken here. */
bool user_exception(struct exc_frame *f);

#endif
