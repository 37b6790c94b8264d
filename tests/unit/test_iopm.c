// SPDX-License-Identifier: GPL-2.0-only
/*
 * The I/O permission map every vCPU gets intercepts every port: checked
 * bit by bit over the whole 12 KiB, and through svm_iopm_intercepts() for
 * every port and access size, starting from a map of zeros (all passed
 * through) so that a missed byte shows.
 */
#include <stdlib.h>
#include <string.h>

#include "svm/iopm.h"
#include "tests/lib/tap.h"

int main(void)
{
	uint8_t *map = malloc(IOPM_SIZE);
	unsigned long clear = 0, passed = 0;

	memset(map, 0, IOPM_SIZE);
	tap_check(!svm_iopm_intercepts(map, 0x3f8, 1),
		  "a zeroed map passes port 0x3f8 through (the check works)");
	svm_iopm_init(map);
	for (uint32_t bit = 0; bit < IOPM_SIZE * 8; bit++)
		clear += !(map[bit / 8] & (1u << (bit % 8)));
	tap_eq(clear, 0, "all %u bits of the map are set", IOPM_SIZE * 8);
	for (uint32_t port = 0; port <= 0xffff; port++)
		for (unsigned size = 1; size <= 4; size *= 2)
			passed += !svm_iopm_intercepts(map, port, size);
	tap_eq(passed, 0, "every port 0-0xffff, every size 1/2/4, intercepted");
	map[0xcf9 / 8] &= (uint8_t) ~(1u << (0xcf9 % 8));
	tap_check(!svm_iopm_intercepts(map, 0xcf9, 1) &&
			  svm_iopm_intercepts(map, 0xcf8, 4),
		  "one cleared bit passes a byte through, a dword over it still exits");
	free(map);
	return tap_done();
}
