// SPDX-License-Identifier: GPL-2.0-only
/*
 * Prints what hv/ovmf_image.c reads from OVMF images (`make ovmf-info`,
 * docs/ovmf.md): ovmf_info FILE...; exits non-zero when any is refused.
 */
#include <stdio.h>
#include <stdlib.h>

#include "hv/ovmf_image.h"

static int show(const char *path)
{
	struct ovmf_image o;
	char why[256];
	uint8_t *buf;
	long n;
	FILE *f = fopen(path, "rb");
	unsigned int i;

	if (!f || fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET)) {
		printf("not ok - %s: cannot read\n", path);
		return 1;
	}
	buf = malloc(n ? (size_t)n : 1);
	if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) {
		printf("not ok - %s: cannot read\n", path);
		return 1;
	}
	fclose(f);
	if (ovmf_image_parse(buf, (uint64_t)n, &o, why, sizeof(why))) {
		printf("not ok - %s: refused: %s\n", path, why);
		free(buf);
		return 1;
	}
	printf("ok - %s: %llu bytes at %#llx-0xffffffff, %u table entries\n",
	       path, (unsigned long long)o.size, (unsigned long long)o.base,
	       o.nr_entries);
	if (o.has_sev_es_reset)
		printf("#   SEV-ES reset block: %#x (CS base %#x, IP %#x)\n",
		       o.sev_es_reset_addr, o.sev_es_reset_addr & 0xffff0000u,
		       o.sev_es_reset_addr & 0xffffu);
	if (o.has_secret_block)
		printf("#   SEV secret block: %#x+%#x\n", o.secret_base,
		       o.secret_size);
	if (o.has_hash_table)
		printf("#   SEV hash table: %#x+%#x\n", o.hash_base,
		       o.hash_size);
	printf("#   TDX metadata: %s\n", o.has_tdx_metadata ? "yes" : "no");
	if (!o.has_sev_metadata) {
		printf("#   no SEV metadata\n");
	} else {
		printf("#   SEV metadata at image offset %#x: version %u, length %u, %u sections\n",
		       o.sev_metadata_off, o.sev_metadata_version,
		       o.sev_metadata_len, o.nr_sections);
		for (i = 0; i < o.nr_sections; i++)
			printf("#     %u: %#x-%#x %s (%u)\n", i,
			       o.sections[i].base,
			       o.sections[i].base + o.sections[i].size - 1,
			       ovmf_section_type_name(o.sections[i].type),
			       o.sections[i].type);
	}
	free(buf);
	return 0;
}

int main(int argc, char **argv)
{
	int i, rc = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: ovmf_info OVMF.fd...\n");
		return 2;
	}
	for (i = 1; i < argc; i++)
		rc |= show(argv[i]);
	return rc;
}
