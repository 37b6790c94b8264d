/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Boot options: parsing of snpvisor.cfg and the UEFI LoadOptions text.
 * Pure C (string.h, stdio.h), no UEFI, so tests/unit/test_options.c runs
 * it on the host.
 *
 * Syntax, the same in both places: tokens `key=value` separated by
 * blanks or newlines; `#` starts a comment that runs to the end of the
 * line. Later settings override earlier ones, except guest= which adds
 * guests (a comma-separated list is also accepted). Unknown keys and bad
 * values are errors: a typo must not silently fall back to a default.
 */
#ifndef BOOT_OPTIONS_H
#define BOOT_OPTIONS_H

#include <stddef.h>

#include "include/boot_info.h"

#define OPTIONS_ERR_LEN 256

/* Fills o with the defaults (no guest, 64 MiB guest RAM, log=info...). */
void options_defaults(struct bi_options *o);

/*
 * Parses len bytes of text into o. With skip_program set, a first token
 * without '=' ending in ".efi" (the program name a UEFI shell puts in
 * LoadOptions) is skipped. Returns 0, or -1 with a message in err.
 */
int options_parse(struct bi_options *o, const char *text, size_t len,
		  int skip_program, char *err, size_t err_len);

/* Checks the combination (a guest given, sizes sane). 0 or -1 + err. */
int options_check(const struct bi_options *o, char *err, size_t err_len);

/* "dir\\hello.bin" -> "hello": the guest's name in logs and results. */
void options_guest_name(const char *file, char *name, size_t name_len);

/* One line `key=value ...` of every option's effective value. */
void options_format(const struct bi_options *o, char *buf, size_t len);

#endif
