/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The I/O permission map (APM "I/O Intercepts"): 12 KiB, one bit per
 * port, set = intercepted. snpvisor passes no port through to any guest,
 * so the map is all ones and nothing ever clears a bit. Pure: host
 * unit-tested bit by bit (tests/unit/test_iopm.c).
 */
#ifndef SVM_IOPM_H
#define SVM_IOPM_H

#include <stdbool.h>
#include <stdint.h>

#define IOPM_SIZE (3u * 4096u)

void svm_iopm_init(uint8_t *iopm);

/*
 * Whether an access of size bytes (1, 2, 4) at port is intercepted:
 * the CPU checks the bit of every port the access touches (the map's
 * third page covers accesses that run past port 0xffff).
 */
bool svm_iopm_intercepts(const uint8_t *iopm, uint32_t port, unsigned size);

#endif
