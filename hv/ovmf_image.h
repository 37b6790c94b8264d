/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Reading an OVMF flash image (OVMF.fd) for an SEV-SNP launch. Pure logic
 * over a byte buffer, host unit-tested (tests/unit/test_ovmf_image.c);
 * nothing here maps, measures or starts anything (docs/ovmf.md: what the
 * wiring still has to do).
 *
 * The image is mapped so that it ends at 4 GiB. Its last 0x20 bytes hold
 * the reset vector; just below them the firmware keeps a table of
 * GUID-tagged entries (edk2 OvmfPkg/ResetVector, "GUIDed structure
 * table"): the footer GUID at 4 GiB - 0x30, the table's total length (u16)
 * before it, and then entries walked downwards, each laid out as
 * data | u16 length of the whole entry | GUID. The entries read here:
 *   - SEV metadata offset: u32, distance of the "ASEV" header from the
 *     end of the image. The header (signature, length, version 1,
 *     number of sections) is followed by sections of u32 base, u32 size,
 *     u32 type: the guest-physical ranges the VMM must give a page type
 *     before the guest starts (SNP firmware ABI 56860, "SNP_LAUNCH_UPDATE",
 *     the PAGE_TYPE_* of each).
 *   - SEV-ES reset block: u32 AP reset address, CS base in bits 31-16,
 *     IP in bits 15-0 (where APs start; the BSP starts at the reset
 *     vector).
 *   - SEV secret block and SEV hash table: u32 base, u32 size each.
 *   - TDX metadata offset: noted as present, not read.
 * Integers are little-endian; GUIDs are in their in-memory (mixed-endian)
 * form.
 */
#ifndef HV_OVMF_IMAGE_H
#define HV_OVMF_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define OVMF_PAGE_SIZE	    4096u
/* Largest image accepted: QEMU's pc machine maps at most 16 MiB of flash. */
#define OVMF_IMAGE_MAX_SIZE (16u << 20)
#define OVMF_MAX_SECTIONS   32u

/* Where the table ends: the reset vector area is the last 0x20 bytes. */
#define OVMF_TABLE_END_FROM_TOP 0x20u
#define OVMF_GUID_SIZE		16u
#define OVMF_ENTRY_HDR		(OVMF_GUID_SIZE + 2u) /* u16 length + GUID */

#define OVMF_SEV_METADATA_SIG	  0x56455341u /* "ASEV" */
#define OVMF_SEV_METADATA_VERSION 1u
#define OVMF_SEV_METADATA_HDR	  16u /* sig, length, version, count */
#define OVMF_SEV_SECTION_SIZE	  12u /* base, size, type */

/* SEV metadata section types (OvmfPkg/ResetVector OvmfSevMetadata). */
enum ovmf_section_type {
	OVMF_SECTION_SNP_SEC_MEM = 1,  /* pre-validated, unmeasured zero */
	OVMF_SECTION_SNP_SECRETS = 2,  /* PAGE_TYPE_SECRETS */
	OVMF_SECTION_CPUID = 3,	       /* PAGE_TYPE_CPUID */
	OVMF_SECTION_SNP_SVSM_CAA = 4, /* an SVSM's calling area: zero */
	OVMF_SECTION_KERNEL_HASHES =
		0x10, /* NORMAL with kernel hashes, else ZERO */
};

struct ovmf_section {
	uint32_t base, size, type;
};

struct ovmf_image {
	uint64_t size;		 /* bytes of the image */
	uint64_t base;		 /* guest-physical start: 4 GiB - size */
	unsigned int nr_entries; /* GUIDed table entries, footer excluded */

	bool has_sev_metadata;
	uint32_t sev_metadata_off; /* image offset of the "ASEV" header */
	uint32_t sev_metadata_len;
	uint32_t sev_metadata_version;
	unsigned int nr_sections;
	struct ovmf_section sections[OVMF_MAX_SECTIONS];

	bool has_sev_es_reset;
	uint32_t sev_es_reset_addr; /* CS base = & 0xffff0000, IP = & 0xffff */

	bool has_secret_block;
	uint32_t secret_base, secret_size;
	bool has_hash_table;
	uint32_t hash_base, hash_size;
	bool has_tdx_metadata;
};

/*
 * Parses the GUIDed table and, when present, the SEV metadata of an image
 * of `size` bytes. Returns 0, or -1 with the reason in `why` (the image is
 * refused as a whole: a bound crossed, a malformed or duplicated entry, a
 * section that is not page aligned, unknown, overlapping another or the
 * image itself).
 */
int ovmf_image_parse(const uint8_t *img, uint64_t size, struct ovmf_image *out,
		     char *why, size_t why_len);

/* The name of a section type, "unknown" for others. */
const char *ovmf_section_type_name(uint32_t type);

/*
 * A firmware with the kernel it boots (tools/ovmf-bundle.py): one guest
 * image holding OVMF.fd and a Linux guest image (hv/linux_loader.h: a
 * bundle or a bzImage), which the firmware's direct kernel boot reads
 * through fw_cfg (hv/ovmf_fw_cfg.c). A 64-byte header, little-endian:
 * magic "SNPVOVL1", u32 header size (64), u32 flags (0), u64 offset and
 * size of the firmware, u64 offset and size of the Linux image, 16
 * reserved zero bytes; both parts inside the file, not overlapping the
 * header or each other.
 */
#define OVMF_BUNDLE_MAGIC "SNPVOVL1"
#define OVMF_BUNDLE_HDR	  64u

struct ovmf_bundle {
	const uint8_t *fw, *kernel;
	uint64_t fw_size, kernel_size;
};

/* 1 and *out for a well-formed bundle, 0 when img is not one, -1 with a
 * one-line reason in why[] for a malformed one. */
int ovmf_bundle_split(const uint8_t *img, uint64_t size,
		      struct ovmf_bundle *out, char *why, size_t why_len);

#endif
