/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Platform services for the hypervisor after ExitBootServices: port I/O,
 * raw console output and the end of a run.
 *
 * A run always ends in hv_shutdown(verdict). Under QEMU the verdict is
 * written to the isa-debug-exit device (-device isa-debug-exit,
 * iobase=0xf4,iosize=0x04), and QEMU exits with status (v << 1) | 1:
 *
 *   verdict       v   QEMU status  meaning
 *   HV_PASS       0   1            the guest(s) reported success
 *   HV_FAIL       1   3            a guest reported a failed check
 *   HV_ERROR      2   5            a guest was stopped by the hypervisor
 *                                  (unexpected exit, triple fault, bad NPF...)
 *   HV_SKIP       3   7            a guest skipped its test (feature absent)
 *   HV_PANIC      4   9            the hypervisor itself could not go on
 *                                  (no SVM, broken invariant, bad options)
 *
 * tools/qemu-run.sh decodes these numbers; keep the two in step. QEMU
 * status 0 never comes from hv_shutdown (a reset or power-off with
 * -no-reboot), so the runner reports it as a crash.
 */
#ifndef HV_PLATFORM_H
#define HV_PLATFORM_H

#include <stdbool.h>
#include <stdint.h>

#include "include/log.h"
#include "include/x86.h"

struct boot_info;

enum hv_verdict {
	HV_PASS = 0,
	HV_FAIL = 1,
	HV_ERROR = 2,
	HV_SKIP = 3,
	HV_PANIC = 4,
};

#define HV_DEBUG_EXIT_PORT 0xf4
#define HV_COM1_PORT	   0x3f8

/*
 * Called once by efi_main after ExitBootServices, before hv_main: sets up
 * COM1, the log level and the newlib heap from bi.
 */
void platform_init(const struct boot_info *bi);

/* hv/log.c's set-up: boot/ sets the level before platform_init() too. */
void hv_log_init(void);
void hv_log_set_level(enum log_level level);
/* Waits until the UART has sent everything (before QEMU is ended). */
void hv_console_flush(void);
/*
 * Every line the hypervisor prints starts a line: hv_printf() and
 * hv_log() first end a guest's partial line (hv/pc_run.c) if one shows.
 */
bool hv_console_mid_line(void);
void hv_console_new_line(void);
/* A byte typed on the hypervisor's console, or -1 if none is waiting. */
int hv_console_getc(void);

/* Raw output to COM1, no prefix, no level filter (for the final line). */
int hv_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void hv_puts_raw(const char *s, unsigned long len);

/* Ends the run with a verdict. Never returns, never hangs. */
void hv_shutdown(enum hv_verdict v) __attribute__((noreturn));

#endif
