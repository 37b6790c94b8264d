/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * One fuzz input through every device model, wired as a PC: a libFuzzer
 * target is LLVMFuzzerTestOneInput() { return dev_fuzz_one(data, size); }
 */
#ifndef DEV_FUZZ_H
#define DEV_FUZZ_H

#include <stddef.h>
#include <stdint.h>

/* 0 always; the sanitizers and the models' own bounds are the check. */
int dev_fuzz_one(const uint8_t *data, size_t size);

#endif
