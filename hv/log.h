/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Hypervisor log. In hv.efi the implementation writes to COM1 (hv/log.c);
 * host programs (unit tests, fuzzers, the KVM diff) link their own
 * implementation (tests/host/log_host.c). Code shared between the two
 * (the conversion engine) depends only on this header.
 */
#ifndef HV_LOG_H
#define HV_LOG_H

enum log_level {
	LOG_ERR = 0,
	LOG_WARN = 1,
	LOG_INFO = 2,
	LOG_DEBUG = 3,
};

void hv_log(enum log_level level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#define log_err(...)	hv_log(LOG_ERR, __VA_ARGS__)
#define log_warn(...)	hv_log(LOG_WARN, __VA_ARGS__)
#define log_info(...)	hv_log(LOG_INFO, __VA_ARGS__)
#define log_debug(...)	hv_log(LOG_DEBUG, __VA_ARGS__)

#endif
