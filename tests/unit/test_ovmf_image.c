// SPDX-License-Identifier: GPL-2.0-only
/*
 * hv/ovmf_image.c on synthetic images built here: a GUIDed table under
 * the reset vector, the SEV metadata it points to, and one malformation
 * at a time, each of which must be refused with a reason.
 */
#include <stdlib.h>
#include <string.h>

#include "hv/ovmf_image.h"
#include "tests/lib/tap.h"

#define IMG_SIZE (256u << 10)

/* The GUIDs as text, so the test does not share the parser's tables. */
#define G_FOOTER   "96b582de-1fb2-45f7-baea-a366c55a082d"
#define G_METADATA "dc886566-984a-4798-a75e-5585a7bf67cc"
#define G_ESRESET  "00f771de-1a7e-4fcb-890e-68c77e2fb44e"
#define G_SECRET   "4c2eb361-7d9b-4cc3-8081-127c90d3d294"
#define G_HASHES   "7255371f-3a3b-4b04-927b-1da6efa8d454"
#define G_OTHER	   "11111111-2222-3333-4444-555555555555"

static uint8_t img[IMG_SIZE];
static uint64_t tbl; /* where the next entry ends, building downwards */
static uint64_t tbl_end;

static void put16(uint64_t off, uint16_t v)
{
	img[off] = (uint8_t)v;
	img[off + 1] = (uint8_t)(v >> 8);
}

static void put32(uint64_t off, uint32_t v)
{
	put16(off, (uint16_t)v);
	put16(off + 2, (uint16_t)(v >> 16));
}

static unsigned int hexval(char c)
{
	return c <= '9' ? (unsigned int)(c - '0') :
			  (unsigned int)(c - 'a' + 10);
}

/* Text GUID -> in-memory form: fields 1-3 byte-reversed, the rest as is. */
static void put_guid(uint64_t off, const char *s)
{
	static const int order[16] = { 3, 2, 1,	 0,  5,	 4,  7,	 6,
				       8, 9, 10, 11, 12, 13, 14, 15 };
	uint8_t b[16];
	int i = 0;

	for (; *s; s++) {
		if (*s == '-')
			continue;
		b[i / 2] = (uint8_t)(i % 2 ? b[i / 2] | hexval(*s) :
					     hexval(*s) << 4);
		i++;
	}
	for (i = 0; i < 16; i++)
		img[off + (uint64_t)i] = b[order[i]];
}

/* Starts a table right under the reset vector area. */
static void table_begin(void)
{
	memset(img, 0, sizeof(img));
	tbl_end = IMG_SIZE - 0x20;
	put_guid(tbl_end - 16, G_FOOTER);
	tbl = tbl_end - 18;
}

/* Adds one entry below the previous: data | u16 length | GUID. */
static void entry(const char *guid, const uint8_t *data, unsigned int len)
{
	unsigned int elen = len + 18;

	put_guid(tbl - 16, guid);
	put16(tbl - 18, (uint16_t)elen);
	memcpy(img + tbl - elen, data, len);
	tbl -= elen;
}

static void table_end(void)
{
	put16(tbl_end - 18, (uint16_t)(tbl_end - tbl));
}

static void entry32(const char *guid, uint32_t v)
{
	uint8_t d[4] = { (uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16),
			 (uint8_t)(v >> 24) };

	entry(guid, d, 4);
}

static void entry64(const char *guid, uint32_t a, uint32_t b)
{
	uint8_t d[8];
	int i;

	for (i = 0; i < 4; i++) {
		d[i] = (uint8_t)(a >> (8 * i));
		d[4 + i] = (uint8_t)(b >> (8 * i));
	}
	entry(guid, d, 8);
}

/* The metadata at image offset `at`: header and n sections of 3 u32. */
#define MD_AT 0x1000u
static void metadata(const uint32_t (*s)[3], unsigned int n)
{
	unsigned int i;

	memcpy(img + MD_AT, "ASEV", 4);
	put32(MD_AT + 4, 16 + 12 * n);
	put32(MD_AT + 8, 1);
	put32(MD_AT + 12, n);
	for (i = 0; i < n; i++) {
		put32(MD_AT + 16 + 12 * i, s[i][0]);
		put32(MD_AT + 20 + 12 * i, s[i][1]);
		put32(MD_AT + 24 + 12 * i, s[i][2]);
	}
}

static const uint32_t good_sections[][3] = {
	{ 0x800000, 0x9000, 1 },    { 0x80a000, 0x3000, 1 },
	{ 0x80d000, 0x1000, 2 },    { 0x80e000, 0x1000, 3 },
	{ 0x80f000, 0x1000, 4 },    { 0x810000, 0x10000, 1 },
	{ 0x820000, 0x1000, 0x10 },
};
#define NR_GOOD (sizeof(good_sections) / sizeof(good_sections[0]))

/* A well-formed image like Debian 13's, with an unknown entry too. */
static void build_good(void)
{
	table_begin();
	entry32(G_ESRESET, 0x0080b004);
	entry64(G_SECRET, 0, 0);
	entry64(G_HASHES, 0x820000, 0x400);
	entry(G_OTHER, (const uint8_t *)"xyz", 3);
	entry32(G_METADATA, IMG_SIZE - MD_AT);
	table_end();
	metadata(good_sections, NR_GOOD);
}

static int parse(struct ovmf_image *o, char *why)
{
	why[0] = 0;
	return ovmf_image_parse(img, IMG_SIZE, o, why, 200);
}

/* Refused, with a reason that contains `word`. */
static void refused(const char *what, const char *word)
{
	struct ovmf_image o;
	char why[200];
	int rc = parse(&o, why);

	tap_check(rc == -1 && strstr(why, word), "refused: %s (%s)", what,
		  why[0] ? why : "no reason");
}

static void sections_case(const char *what, const char *word,
			  const uint32_t (*s)[3], unsigned int n)
{
	build_good();
	metadata(s, n);
	refused(what, word);
}

/* A firmware bundle (hv/ovmf_image.h): split, and each malformation. */
static void put64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void test_bundle(void)
{
	static uint8_t b[0x3000];
	struct ovmf_bundle o;
	char why[128];

	memset(b, 0, sizeof(b));
	memcpy(b, OVMF_BUNDLE_MAGIC, 8);
	put64(b + 8, 64);
	put64(b + 16, 0x1000);
	put64(b + 24, 0x1000);
	put64(b + 32, 0x2000);
	put64(b + 40, 0x800);
	tap_eq(ovmf_bundle_split(b, sizeof(b), &o, why, sizeof(why)), 1,
	       "bundle: well-formed");
	tap_check(o.fw == b + 0x1000 && o.fw_size == 0x1000 &&
			  o.kernel == b + 0x2000 && o.kernel_size == 0x800,
		  "bundle: both parts where the header says");
	tap_eq(ovmf_bundle_split(b + 1, sizeof(b) - 1, &o, why, sizeof(why)), 0,
	       "not a bundle: no magic");
	put64(b + 40, 0x1001);
	tap_eq(ovmf_bundle_split(b, sizeof(b), &o, why, sizeof(why)), -1,
	       "bundle: kernel past the end (%s)", why);
	put64(b + 40, 0x800);
	put64(b + 24, 0x1001);
	tap_eq(ovmf_bundle_split(b, sizeof(b), &o, why, sizeof(why)), -1,
	       "bundle: the parts overlap");
	put64(b + 24, 0x1000);
	put64(b + 16, 0x20);
	tap_eq(ovmf_bundle_split(b, sizeof(b), &o, why, sizeof(why)), -1,
	       "bundle: firmware inside the header");
	put64(b + 16, 0x1000);
	put64(b + 24, 0);
	tap_eq(ovmf_bundle_split(b, sizeof(b), &o, why, sizeof(why)), -1,
	       "bundle: an empty part");
	put64(b + 24, 0x1000);
	b[12] = 1;
	tap_eq(ovmf_bundle_split(b, sizeof(b), &o, why, sizeof(why)), -1,
	       "bundle: flags set");
	b[12] = 0;
	b[60] = 1;
	tap_eq(ovmf_bundle_split(b, sizeof(b), &o, why, sizeof(why)), -1,
	       "bundle: a reserved byte set");
	b[60] = 0;
	tap_eq(ovmf_bundle_split(b, 40, &o, why, sizeof(why)), -1,
	       "bundle: shorter than its header");
	put64(b + 16, ~0ull - 0x10);
	tap_eq(ovmf_bundle_split(b, sizeof(b), &o, why, sizeof(why)), -1,
	       "bundle: an offset near 2^64 does not wrap");
}

int main(void)
{
	struct ovmf_image o;
	char why[200];
	unsigned int i, ok;
	uint64_t seed = 0x0f0e0d0c0b0a0908ull;

	build_good();
	tap_eq(parse(&o, why), 0, "well-formed image parses (%s)", why);
	tap_eq(o.base, (1ull << 32) - IMG_SIZE, "mapped to end at 4 GiB");
	tap_eq(o.nr_entries, 5, "five entries walked below the footer");
	tap_check(o.has_sev_es_reset && o.sev_es_reset_addr == 0x0080b004,
		  "SEV-ES reset block: AP reset address");
	tap_check(o.has_secret_block && !o.secret_base && !o.secret_size,
		  "SEV secret block: empty");
	tap_check(o.has_hash_table && o.hash_base == 0x820000 &&
			  o.hash_size == 0x400,
		  "SEV hash table: base and size");
	tap_check(!o.has_tdx_metadata, "no TDX entry");
	tap_check(o.has_sev_metadata && o.sev_metadata_off == MD_AT &&
			  o.sev_metadata_version == 1,
		  "SEV metadata found at its offset from the end");
	tap_eq(o.nr_sections, NR_GOOD, "all sections read");
	for (i = 0, ok = 1; i < NR_GOOD; i++)
		ok &= o.sections[i].base == good_sections[i][0] &&
		      o.sections[i].size == good_sections[i][1] &&
		      o.sections[i].type == good_sections[i][2];
	tap_check(ok, "sections: base, size and type as written, in order");
	tap_check(!strcmp(ovmf_section_type_name(2), "SNP_SECRETS") &&
			  !strcmp(ovmf_section_type_name(0x10),
				  "KERNEL_HASHES") &&
			  !strcmp(ovmf_section_type_name(5), "unknown"),
		  "section type names");

	/* Without SEV metadata: a plain image parses, nothing to launch. */
	table_begin();
	entry32(G_ESRESET, 0x0080b004);
	table_end();
	tap_check(!parse(&o, why) && !o.has_sev_metadata && o.nr_entries == 1,
		  "table without SEV metadata: parsed, has_sev_metadata false");

	/* The table itself. */
	build_good();
	img[IMG_SIZE - 0x21] ^= 1;
	refused("footer GUID damaged", "footer");
	build_good();
	put16(IMG_SIZE - 0x20 - 18, 0xffff);
	refused("table length past the image", "length");
	build_good();
	put16(IMG_SIZE - 0x20 - 18, 17);
	refused("table length below its own header", "length");
	build_good();
	put16(tbl_end - 18, (uint16_t)(tbl_end - tbl - 5));
	refused("table ends inside an entry", "table");
	build_good();
	put16(tbl_end - 18 - 18, 0x7000);
	refused("entry length past the table", "outside the table");
	build_good();
	put16(tbl_end - 18 - 18, 10);
	refused("entry length below 18", "outside the table");
	tap_check(ovmf_image_parse(img, IMG_SIZE - 100, &o, why, 200) == -1,
		  "refused: size not whole pages");
	tap_check(ovmf_image_parse(img, 40, &o, why, 200) == -1,
		  "refused: image too small");
	tap_check(ovmf_image_parse(NULL, IMG_SIZE, &o, why, 200) == -1,
		  "refused: no image");

	/* Entries. */
	table_begin();
	entry32(G_ESRESET, 1);
	entry32(G_ESRESET, 2);
	table_end();
	refused("two SEV-ES reset blocks", "second");
	table_begin();
	entry(G_ESRESET, (const uint8_t *)"ab", 2);
	table_end();
	refused("SEV-ES reset block with 2 data bytes", "need 4");
	table_begin();
	entry32(G_SECRET, 5);
	table_end();
	refused("secret block with 4 data bytes", "need 8");
	table_begin();
	entry64(G_HASHES, 0xfffff000, 0x2000);
	table_end();
	refused("hash table past 4 GiB", "4 GiB");
	table_begin();
	entry32(G_METADATA, IMG_SIZE + 4096);
	table_end();
	refused("metadata offset past the start", "outside");
	table_begin();
	entry32(G_METADATA, 8);
	table_end();
	refused("metadata offset inside the last header", "outside");
	build_good();
	entry32(G_METADATA, IMG_SIZE - MD_AT);
	table_end();
	refused("two SEV metadata entries", "second");

	/* The metadata header. */
	build_good();
	img[MD_AT] = 'B';
	refused("metadata signature", "ASEV");
	build_good();
	put32(MD_AT + 8, 2);
	refused("metadata version 2", "version");
	build_good();
	put32(MD_AT + 4, 16 + 12 * NR_GOOD - 1);
	refused("metadata length shorter than its sections", "short");
	build_good();
	put32(MD_AT + 12, 1000);
	refused("metadata count 1000", "sections");
	/* Metadata 0x80 bytes from the end: 20 sections do not fit. */
	table_begin();
	entry32(G_METADATA, 0x80);
	table_end();
	memcpy(img + IMG_SIZE - 0x80, "ASEV", 4);
	put32(IMG_SIZE - 0x80 + 4, 16 + 12 * 20);
	put32(IMG_SIZE - 0x80 + 8, 1);
	put32(IMG_SIZE - 0x80 + 12, 20);
	refused("metadata running past the end of the image", "past");

	/* Sections. */
	{
		const uint32_t unaligned[][3] = { { 0x800100, 0x1000, 1 } };
		const uint32_t odd_size[][3] = { { 0x800000, 0x1800, 1 } };
		const uint32_t empty[][3] = { { 0x800000, 0, 1 } };
		const uint32_t big_cpuid[][3] = { { 0x80e000, 0x2000, 3 } };
		const uint32_t two_secrets[][3] = { { 0x80d000, 0x1000, 2 },
						    { 0x90d000, 0x1000, 2 } };
		const uint32_t overlap[][3] = { { 0x800000, 0x9000, 1 },
						{ 0x808000, 0x1000, 3 } };
		const uint32_t unknown[][3] = { { 0x800000, 0x1000, 5 } };
		const uint32_t in_flash[][3] = {
			{ (uint32_t)(0x100000000ull - IMG_SIZE), 0x1000, 1 }
		};
		const uint32_t past_4g[][3] = { { 0xfffff000, 0x2000, 1 } };

		sections_case("section base not page aligned", "whole pages",
			      unaligned, 1);
		sections_case("section size not whole pages", "whole pages",
			      odd_size, 1);
		sections_case("section of size 0", "whole pages", empty, 1);
		sections_case("CPUID section of two pages", "one page",
			      big_cpuid, 1);
		sections_case("two secrets sections", "second", two_secrets, 2);
		sections_case("overlapping sections", "overlap", overlap, 2);
		sections_case("unknown section type", "unknown", unknown, 1);
		sections_case("section inside the flash", "flash", in_flash, 1);
		sections_case("section past 4 GiB", "flash", past_4g, 1);
	}

	/*
	 * Random damage to the good image's table and metadata: every
	 * outcome is a parse or a refusal with a reason, and an accepted
	 * parse's sections keep the rules (ASan catches any overread).
	 */
	for (i = 0, ok = 1; i < 20000; i++) {
		uint64_t r = tap_xorshift64(&seed);
		uint64_t span = IMG_SIZE - tbl + 4;
		uint64_t off = r % 2 ? tbl - 4 + (r >> 8) % span :
				       MD_AT + (r >> 8) % (16 + 12 * NR_GOOD);
		unsigned int j;

		if (i % 64 == 0)
			build_good();
		if (off >= IMG_SIZE)
			continue;
		img[off] = (uint8_t)(r >> 40);
		if (parse(&o, why)) {
			ok &= why[0] != 0;
			continue;
		}
		for (j = 0; j < o.nr_sections; j++)
			ok &= o.sections[j].size &&
			      !(o.sections[j].base % 4096) &&
			      (uint64_t)o.sections[j].base +
					      o.sections[j].size <=
				      o.base;
	}
	tap_check(ok, "20000 random byte changes: refused with a reason or "
		      "parsed with page-aligned sections below the flash");
	test_bundle();
	return tap_done();
}
