// SPDX-License-Identifier: GPL-2.0-only
/*
 * The OVMF image's GUIDed table and SEV metadata (hv/ovmf_image.h). Every
 * offset read is checked against the image first; anything malformed
 * refuses the whole image with a reason, since a launch from half a table
 * would give pages the wrong type.
 */
#include <stdio.h>
#include <string.h>

#include "hv/ovmf_image.h"

/* A GUID's in-memory form: the first three fields little-endian. */
#define GUID(a, b, c, d0, d1, d2, d3, d4, d5, d6, d7)                       \
	{                                                                   \
		(uint8_t)(a), (uint8_t)((a) >> 8), (uint8_t)((a) >> 16),    \
			(uint8_t)((a) >> 24), (uint8_t)(b),                 \
			(uint8_t)((b) >> 8), (uint8_t)(c),                  \
			(uint8_t)((c) >> 8), d0, d1, d2, d3, d4, d5, d6, d7 \
	}

static const uint8_t guid_footer[16] = GUID(0x96b582de, 0x1fb2, 0x45f7, 0xba,
					    0xea, 0xa3, 0x66, 0xc5, 0x5a, 0x08,
					    0x2d);
static const uint8_t guid_sev_metadata[16] = GUID(0xdc886566, 0x984a, 0x4798,
						  0xa7, 0x5e, 0x55, 0x85, 0xa7,
						  0xbf, 0x67, 0xcc);
static const uint8_t guid_sev_es_reset[16] = GUID(0x00f771de, 0x1a7e, 0x4fcb,
						  0x89, 0x0e, 0x68, 0xc7, 0x7e,
						  0x2f, 0xb4, 0x4e);
static const uint8_t guid_secret_block[16] = GUID(0x4c2eb361, 0x7d9b, 0x4cc3,
						  0x80, 0x81, 0x12, 0x7c, 0x90,
						  0xd3, 0xd2, 0x94);
static const uint8_t guid_hash_table[16] = GUID(0x7255371f, 0x3a3b, 0x4b04,
						0x92, 0x7b, 0x1d, 0xa6, 0xef,
						0xa8, 0xd4, 0x54);
static const uint8_t guid_tdx_metadata[16] = GUID(0xe47a6535, 0x984a, 0x4798,
						  0x86, 0x5e, 0x46, 0x85, 0xa7,
						  0xbf, 0x8e, 0xc2);

#define refuse(...)                                  \
	do {                                         \
		snprintf(why, why_len, __VA_ARGS__); \
		return -1;                           \
	} while (0)

static uint16_t rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

const char *ovmf_section_type_name(uint32_t type)
{
	switch (type) {
	case OVMF_SECTION_SNP_SEC_MEM:
		return "SNP_SEC_MEM";
	case OVMF_SECTION_SNP_SECRETS:
		return "SNP_SECRETS";
	case OVMF_SECTION_CPUID:
		return "CPUID";
	case OVMF_SECTION_SNP_SVSM_CAA:
		return "SNP_SVSM_CAA";
	case OVMF_SECTION_KERNEL_HASHES:
		return "KERNEL_HASHES";
	default:
		return "unknown";
	}
}

/* One page each: the secrets page, the CPUID page and the SVSM CAA. */
static bool one_page_type(uint32_t type)
{
	return type == OVMF_SECTION_SNP_SECRETS || type == OVMF_SECTION_CPUID ||
	       type == OVMF_SECTION_SNP_SVSM_CAA;
}

static int check_section(const struct ovmf_image *o, unsigned int i, char *why,
			 size_t why_len)
{
	const struct ovmf_section *s = &o->sections[i];
	uint64_t end = (uint64_t)s->base + s->size;
	unsigned int j;

	if (!strcmp(ovmf_section_type_name(s->type), "unknown"))
		refuse("SEV metadata section %u: unknown type %#x", i, s->type);
	if (!s->size || s->base % OVMF_PAGE_SIZE || s->size % OVMF_PAGE_SIZE)
		refuse("SEV metadata section %u (%s): base %#x size %#x not whole pages",
		       i, ovmf_section_type_name(s->type), s->base, s->size);
	if (one_page_type(s->type) && s->size != OVMF_PAGE_SIZE)
		refuse("SEV metadata section %u (%s): size %#x, must be one page",
		       i, ovmf_section_type_name(s->type), s->size);
	/* A launch cannot give one page two types, nor retype the image. */
	if (end > o->base)
		refuse("SEV metadata section %u: %#x+%#x reaches the flash at %#llx",
		       i, s->base, s->size, (unsigned long long)o->base);
	for (j = 0; j < i; j++) {
		const struct ovmf_section *t = &o->sections[j];

		if (s->base < (uint64_t)t->base + t->size && t->base < end)
			refuse("SEV metadata sections %u and %u overlap", j, i);
		if (one_page_type(s->type) && s->type == t->type)
			refuse("SEV metadata: a second %s section (%u)",
			       ovmf_section_type_name(s->type), i);
	}
	return 0;
}

static int parse_sev_metadata(const uint8_t *img, struct ovmf_image *o,
			      const uint8_t *data, unsigned int len, char *why,
			      size_t why_len)
{
	uint32_t from_end, off, mlen, count, i;
	const uint8_t *m;

	if (len < 4)
		refuse("SEV metadata offset entry: %u data bytes, need 4", len);
	from_end = rd32(data);
	if (from_end < OVMF_SEV_METADATA_HDR || from_end > o->size)
		refuse("SEV metadata offset %#x from the end: outside the image",
		       from_end);
	off = (uint32_t)(o->size - from_end);
	m = img + off;
	if (rd32(m) != OVMF_SEV_METADATA_SIG)
		refuse("SEV metadata at %#x: signature %#x, not \"ASEV\"", off,
		       rd32(m));
	mlen = rd32(m + 4);
	o->sev_metadata_version = rd32(m + 8);
	count = rd32(m + 12);
	if (o->sev_metadata_version != OVMF_SEV_METADATA_VERSION)
		refuse("SEV metadata version %u, only %u is known",
		       o->sev_metadata_version, OVMF_SEV_METADATA_VERSION);
	if (count > OVMF_MAX_SECTIONS)
		refuse("SEV metadata: %u sections, at most %u", count,
		       OVMF_MAX_SECTIONS);
	if (mlen < OVMF_SEV_METADATA_HDR + count * OVMF_SEV_SECTION_SIZE)
		refuse("SEV metadata length %u too short for %u sections", mlen,
		       count);
	if (mlen > from_end)
		refuse("SEV metadata at %#x, length %u: past the end of the image",
		       off, mlen);
	o->sev_metadata_off = off;
	o->sev_metadata_len = mlen;
	o->nr_sections = count;
	for (i = 0; i < count; i++) {
		const uint8_t *d = m + OVMF_SEV_METADATA_HDR +
				   i * OVMF_SEV_SECTION_SIZE;

		o->sections[i].base = rd32(d);
		o->sections[i].size = rd32(d + 4);
		o->sections[i].type = rd32(d + 8);
		if (check_section(o, i, why, why_len))
			return -1;
	}
	o->has_sev_metadata = true;
	return 0;
}

static int parse_base_size(const char *what, const uint8_t *data,
			   unsigned int len, uint32_t *base, uint32_t *size,
			   char *why, size_t why_len)
{
	if (len < 8)
		refuse("%s entry: %u data bytes, need 8", what, len);
	*base = rd32(data);
	*size = rd32(data + 4);
	if ((uint64_t)*base + *size > 1ull << 32)
		refuse("%s %#x+%#x: past 4 GiB", what, *base, *size);
	return 0;
}

/* Sets *seen, refusing a second entry of one GUID (which would it be?). */
static int once(bool *seen, const char *what, char *why, size_t why_len)
{
	if (*seen)
		refuse("a second %s entry", what);
	*seen = true;
	return 0;
}

static int parse_entry(const uint8_t *img, struct ovmf_image *o,
		       const uint8_t *guid, const uint8_t *data,
		       unsigned int len, char *why, size_t why_len)
{
	if (!memcmp(guid, guid_sev_metadata, 16)) {
		if (o->has_sev_metadata)
			refuse("a second SEV metadata offset entry");
		return parse_sev_metadata(img, o, data, len, why, why_len);
	}
	if (!memcmp(guid, guid_sev_es_reset, 16)) {
		if (once(&o->has_sev_es_reset, "SEV-ES reset block", why,
			 why_len))
			return -1;
		if (len < 4)
			refuse("SEV-ES reset block: %u data bytes, need 4",
			       len);
		o->sev_es_reset_addr = rd32(data);
		return 0;
	}
	if (!memcmp(guid, guid_secret_block, 16))
		return once(&o->has_secret_block, "SEV secret block", why,
			    why_len) ||
		       parse_base_size("SEV secret block", data, len,
				       &o->secret_base, &o->secret_size, why,
				       why_len);
	if (!memcmp(guid, guid_hash_table, 16))
		return once(&o->has_hash_table, "SEV hash table", why,
			    why_len) ||
		       parse_base_size("SEV hash table", data, len,
				       &o->hash_base, &o->hash_size, why,
				       why_len);
	if (!memcmp(guid, guid_tdx_metadata, 16))
		return once(&o->has_tdx_metadata, "TDX metadata offset", why,
			    why_len);
	return 0; /* other GUIDs: not ours to read */
}

int ovmf_image_parse(const uint8_t *img, uint64_t size, struct ovmf_image *out,
		     char *why, size_t why_len)
{
	uint64_t end, start, p;
	unsigned int tlen;

	memset(out, 0, sizeof(*out));
	if (!img || size < OVMF_TABLE_END_FROM_TOP + OVMF_ENTRY_HDR)
		refuse("image of %llu bytes: too small for the GUIDed table",
		       (unsigned long long)size);
	if (size > OVMF_IMAGE_MAX_SIZE || size % OVMF_PAGE_SIZE)
		refuse("image of %#llx bytes: not whole pages of at most %#x",
		       (unsigned long long)size, OVMF_IMAGE_MAX_SIZE);
	out->size = size;
	out->base = (1ull << 32) - size;
	end = size - OVMF_TABLE_END_FROM_TOP;
	if (memcmp(img + end - OVMF_GUID_SIZE, guid_footer, 16))
		refuse("no GUIDed table footer GUID at 4 GiB - %#x",
		       OVMF_TABLE_END_FROM_TOP + OVMF_GUID_SIZE);
	tlen = rd16(img + end - OVMF_ENTRY_HDR);
	if (tlen < OVMF_ENTRY_HDR || tlen > end)
		refuse("GUIDed table length %u: outside the image", tlen);
	start = end - tlen;
	p = end - OVMF_ENTRY_HDR;
	/* Entries downwards from the footer: p is the end of the next one. */
	while (p > start) {
		const uint8_t *guid;
		unsigned int elen;

		if (p - start < OVMF_ENTRY_HDR)
			refuse("GUIDed table: %llu stray bytes at %#llx",
			       (unsigned long long)(p - start),
			       (unsigned long long)start);
		guid = img + p - OVMF_GUID_SIZE;
		elen = rd16(img + p - OVMF_ENTRY_HDR);
		if (elen < OVMF_ENTRY_HDR || elen > p - start)
			refuse("GUIDed table entry at %#llx: length %u outside the table",
			       (unsigned long long)p, elen);
		if (parse_entry(img, out, guid, img + p - elen,
				elen - OVMF_ENTRY_HDR, why, why_len))
			return -1;
		out->nr_entries++;
		p -= elen;
	}
	return 0;
}

static uint64_t le64(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

/* [off, off + len) inside [OVMF_BUNDLE_HDR, size), len > 0. */
static bool part_ok(uint64_t off, uint64_t len, uint64_t size)
{
	return len && off >= OVMF_BUNDLE_HDR && off <= size &&
	       len <= size - off;
}

int ovmf_bundle_split(const uint8_t *img, uint64_t size,
		      struct ovmf_bundle *out, char *why, size_t why_len)
{
	uint64_t fo, fs, lo, ls;

	if (size < 8 || memcmp(img, OVMF_BUNDLE_MAGIC, 8))
		return 0;
	if (size < OVMF_BUNDLE_HDR ||
	    le64(img + 8) != (uint64_t)OVMF_BUNDLE_HDR) {
		snprintf(why, why_len,
			 "firmware bundle: header size is not %u, flags not 0, or the file is shorter",
			 OVMF_BUNDLE_HDR);
		return -1;
	}
	for (unsigned i = 48; i < OVMF_BUNDLE_HDR; i++)
		if (img[i]) {
			snprintf(why, why_len,
				 "firmware bundle: reserved header byte %u is not 0",
				 i);
			return -1;
		}
	fo = le64(img + 16);
	fs = le64(img + 24);
	lo = le64(img + 32);
	ls = le64(img + 40);
	if (!part_ok(fo, fs, size) || !part_ok(lo, ls, size) ||
	    (fo < lo ? fo + fs > lo : lo + ls > fo)) {
		snprintf(why, why_len,
			 "firmware bundle: a part is empty, outside the file or overlaps the other");
		return -1;
	}
	*out = (struct ovmf_bundle){
		.fw = img + fo,
		.fw_size = fs,
		.kernel = img + lo,
		.kernel_size = ls,
	};
	return 1;
}
