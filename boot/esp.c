// SPDX-License-Identifier: GPL-2.0-only
/* ESP file access for efi_main, through gnu-efi's file helpers. */
#include <efi.h>
#include <efilib.h>

#include "boot/esp.h"

EFI_STATUS esp_open_root(EFI_HANDLE image, EFI_FILE_HANDLE *root)
{
	EFI_LOADED_IMAGE *li;
	EFI_STATUS st;

	st = uefi_call_wrapper(BS->HandleProtocol, 3, image,
			       &LoadedImageProtocol, (void **)&li);
	if (EFI_ERROR(st))
		return st;
	*root = LibOpenRoot(li->DeviceHandle);
	return *root ? EFI_SUCCESS : EFI_NOT_FOUND;
}

EFI_STATUS esp_read_file(EFI_FILE_HANDLE root, const char *name, void **data,
			 UINT64 *size)
{
	CHAR16 path[128];
	EFI_FILE_HANDLE fh;
	EFI_FILE_INFO *info;
	EFI_PHYSICAL_ADDRESS buf;
	EFI_STATUS st;
	UINTN i, len;

	for (i = 0; name[i] && i < sizeof(path) / sizeof(path[0]) - 1; i++)
		path[i] = name[i] == '/' ? L'\\' : (CHAR16)name[i];
	if (name[i])
		return EFI_INVALID_PARAMETER;
	path[i] = 0;

	st = uefi_call_wrapper(root->Open, 5, root, &fh, path,
			       EFI_FILE_MODE_READ, 0ULL);
	if (EFI_ERROR(st))
		return st;
	info = LibFileInfo(fh);
	if (!info) {
		uefi_call_wrapper(fh->Close, 1, fh);
		return EFI_DEVICE_ERROR;
	}
	*size = info->FileSize;
	FreePool(info);

	st = uefi_call_wrapper(BS->AllocatePages, 4, AllocateAnyPages,
			       EfiLoaderData, EFI_SIZE_TO_PAGES(*size + 1),
			       &buf);
	if (EFI_ERROR(st)) {
		uefi_call_wrapper(fh->Close, 1, fh);
		return st;
	}
	len = *size;
	st = uefi_call_wrapper(fh->Read, 3, fh, &len, (void *)buf);
	uefi_call_wrapper(fh->Close, 1, fh);
	if (!EFI_ERROR(st) && len != *size)
		st = EFI_END_OF_FILE;
	if (EFI_ERROR(st)) {
		uefi_call_wrapper(BS->FreePages, 2, buf,
				  EFI_SIZE_TO_PAGES(*size + 1));
		return st;
	}
	((char *)buf)[*size] = '\0';
	*data = (void *)buf;
	return EFI_SUCCESS;
}
