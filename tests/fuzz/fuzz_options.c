// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz target: the boot option parser (boot/options.c), fed what a UEFI
 * shell's LoadOptions or a config line could hold. Invariants: a parse
 * that succeeds gives options that options_format() prints and that
 * parse back to the same printed line (the printed form is the
 * options' effective value, so it must be a fixed point); a failed parse
 * leaves a message.
 */
#include <stdlib.h>
#include <string.h>

#include "boot/options.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bi_options o, again;
	char err[256], line[4096], line2[4096];
	int skip;

	if (size < 1)
		return 0;
	skip = data[0] & 1;
	data++;
	size--;
	options_defaults(&o);
	err[0] = 0;
	if (options_parse(&o, (const char *)data, size, skip, err,
			  sizeof(err))) {
		if (!err[0])
			abort(); /* a refusal always says why */
		return 0;
	}
	options_check(&o, err, sizeof(err));
	options_format(&o, line, sizeof(line));
	options_defaults(&again);
	if (options_parse(&again, line, strlen(line), 0, err, sizeof(err)))
		abort(); /* the printed options do not parse */
	options_format(&again, line2, sizeof(line2));
	if (strcmp(line, line2))
		abort();
	return 0;
}
