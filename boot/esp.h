/* SPDX-License-Identifier: GPL-2.0-only */
/* Reading files from the ESP hv.efi was loaded from (boot services only). */
#ifndef BOOT_ESP_H
#define BOOT_ESP_H

#include <efi.h>

/* Opens the root directory of the volume image was loaded from. */
EFI_STATUS esp_open_root(EFI_HANDLE image, EFI_FILE_HANDLE *root);

/*
 * Reads the ASCII file name (relative to the root, '/' or '\\' as
 * separator) into fresh EfiLoaderData pages. *data is NUL-terminated
 * (one spare byte), *size excludes it. EFI_NOT_FOUND when absent.
 */
EFI_STATUS esp_read_file(EFI_FILE_HANDLE root, const char *name, void **data,
			 UINT64 *size);

#endif
