// SPDX-License-Identifier: GPL-2.0-only
#include <string.h>

#include "svm/iopm.h"

void svm_iopm_init(uint8_t *iopm)
{
	memset(iopm, 0xff, IOPM_SIZE);
}

bool svm_iopm_intercepts(const uint8_t *iopm, uint32_t port, unsigned size)
{
	for (uint32_t p = port; p < port + size; p++)
		if (p / 8 < IOPM_SIZE && (iopm[p / 8] & (1u << (p % 8))))
			return true;
	return false;
}
