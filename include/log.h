/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Hypervisor log. In hv.efi the implementation writes to COM1 (hv/log.c);
 * host programs (unit tests, fuzzers, the KVM diff) link their own
 * implementation (tests/lib/log_host.c). Code shared between the two
 * (the conversion engine) depends only on this header.
 */
#ifndef INCLUDE_LOG_H
#define INCLUDE_LOG_H

#include <stdint.h>

enum log_level {
	LOG_ERR = 0,
	LOG_WARN = 1,
	LOG_INFO = 2,
	LOG_DEBUG = 3,
};

void hv_log(enum log_level level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#define log_err(...)   hv_log(LOG_ERR, __VA_ARGS__)
#define log_warn(...)  hv_log(LOG_WARN, __VA_ARGS__)
#define log_info(...)  hv_log(LOG_INFO, __VA_ARGS__)
#define log_debug(...) hv_log(LOG_DEBUG, __VA_ARGS__)

/*
 * Rate limiting for the lines a guest can make the hypervisor repeat (a
 * bad request in a loop, a fault that recurs): without it, one guest can
 * fill the serial log and slow everything down. Counted, not timed, so
 * host builds and replays see the same lines: a call site's first
 * LOG_RATELIMIT_BURST lines pass, after that only its 2^k-th line does,
 * saying how many it dropped since the last one shown. The state is one
 * per call site (log_ratelimited() keeps it static).
 */
#define LOG_RATELIMIT_BURST 10u

struct log_ratelimit {
	uint64_t seen;	/* lines this call site produced */
	uint64_t shown; /* the number of the last one shown */
};

/* 0: drop this line; else 1 + the lines dropped since the last one shown. */
static inline uint64_t log_ratelimit(struct log_ratelimit *rl)
{
	uint64_t n = ++rl->seen, dropped;

	if (n > LOG_RATELIMIT_BURST && (n & (n - 1)))
		return 0;
	dropped = n - rl->shown - 1;
	rl->shown = n;
	return dropped + 1;
}

#define log_ratelimited(level, fmt, ...)                                     \
	do {                                                                 \
		static struct log_ratelimit rl_;                             \
		uint64_t k_ = log_ratelimit(&rl_);                           \
                                                                             \
		if (k_ == 1)                                                 \
			hv_log(level, fmt, ##__VA_ARGS__);                   \
		else if (k_)                                                 \
			hv_log(level, fmt " (%llu similar lines dropped)",   \
			       ##__VA_ARGS__, (unsigned long long)(k_ - 1)); \
	} while (0)

#define log_warn_rl(fmt, ...)  log_ratelimited(LOG_WARN, fmt, ##__VA_ARGS__)
#define log_info_rl(fmt, ...)  log_ratelimited(LOG_INFO, fmt, ##__VA_ARGS__)
#define log_debug_rl(fmt, ...) log_ratelimited(LOG_DEBUG, fmt, ##__VA_ARGS__)

#endif
