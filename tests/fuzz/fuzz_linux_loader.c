// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz target: the guest image loader (hv/linux_loader.c): bundle or bare
 * bzImage split, setup-header checks, the layout in guest RAM and the
 * zero page. The input's first byte picks the guest RAM size; the rest is
 * the image. Invariants: nothing is read outside the image (ASan), and
 * an accepted image's parts lie inside it (a bundle's command line
 * too); a planned layout keeps the
 * kernel, the initrd and the command line inside guest RAM.
 */
#include <stdlib.h>
#include <string.h>

#include "hv/linux_loader.h"

static int inside(const void *part, uint64_t n, const uint8_t *img,
		  uint64_t size)
{
	const uint8_t *p = part;

	return !n || (p >= img && n <= size && (uint64_t)(p - img) <= size - n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t bp[BP_SIZE];
	struct linux_image li;
	struct linux_layout lay;
	uint64_t ram;
	uint8_t *img;
	char why[256];

	if (size < 1)
		return 0;
	ram = (uint64_t)(1 + data[0]) << 22; /* 4 MiB .. 1 GiB */
	/* A copy of exactly the image's size, so ASan sees any overread. */
	img = malloc(size - 1 ? size - 1 : 1);
	if (!img)
		return 0;
	memcpy(img, data + 1, size - 1);
	why[0] = 0;
	if (linux_image_parse(img, size - 1, &li, why, sizeof(why))) {
		if (!why[0])
			abort();
		free(img);
		return 0;
	}
	if (!inside(li.k.image, li.k.image_size, img, size - 1) ||
	    !inside(li.initrd, li.initrd_size, img, size - 1) ||
	    (size - 1 >= 8 && !memcmp(img, LINUX_BUNDLE_MAGIC, 8) &&
	     !inside(li.cmdline, li.cmdline_len, img, size - 1)))
		abort(); /* a bare bzImage gets the default command line */
	if (!linux_layout_plan(&li, ram, &lay, why, sizeof(why))) {
		if (lay.kernel_end > ram || lay.load_addr > lay.kernel_end ||
		    (lay.initrd_size &&
		     (lay.initrd_addr < lay.kernel_end ||
		      lay.initrd_addr + lay.initrd_size > ram)))
			abort();
		linux_build_boot_params(bp, &li, &lay, 0);
	}
	free(img);
	return 0;
}
