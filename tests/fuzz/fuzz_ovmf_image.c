// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz target: the OVMF image parser (hv/ovmf_image.c). The input is the
 * top of an image (where the GUIDed table and usually the SEV metadata
 * live), placed at the end of a buffer rounded up to whole pages (at most
 * 64 KiB) and allocated to exactly that size, so ASan sees any overread.
 * Invariants: a refusal has a reason; an accepted image's metadata lies
 * inside it, and its sections are whole pages below the flash, apart from
 * each other.
 */
#include <stdlib.h>
#include <string.h>

#include "hv/ovmf_image.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ovmf_image o;
	size_t n, i, j;
	uint8_t *img;
	char why[256];

	if (size > 65536)
		return 0;
	n = (size + 4095) / 4096 * 4096;
	if (!n)
		n = 4096;
	img = calloc(1, n);
	if (!img)
		return 0;
	memcpy(img + n - size, data, size);
	why[0] = 0;
	if (ovmf_image_parse(img, n, &o, why, sizeof(why))) {
		if (!why[0])
			abort();
		free(img);
		return 0;
	}
	if (o.has_sev_metadata && (o.sev_metadata_off > n ||
				   o.sev_metadata_len > n - o.sev_metadata_off))
		abort();
	for (i = 0; i < o.nr_sections; i++) {
		const struct ovmf_section *s = &o.sections[i];

		if (!s->size || s->base % 4096 || s->size % 4096 ||
		    (uint64_t)s->base + s->size > o.base)
			abort();
		for (j = 0; j < i; j++)
			if (s->base < (uint64_t)o.sections[j].base +
					      o.sections[j].size &&
			    o.sections[j].base < (uint64_t)s->base + s->size)
				abort();
	}
	free(img);
	return 0;
}
