// SPDX-License-Identifier: GPL-2.0-only
/*
 * snpvisor's side of the KVM diff: runs a scenario
 * (docs/scenario-format.md) through the conversion engine (snp/snp.h)
 * on the software RMP and prints the engine's canonical trace
 * (docs/trace-format.md), in the same shape as the KVM reference harness
 * (kvm/ref/harness.c) prints KVM's.
 *
 * The driver is the guest and the hypervisor's glue: it lays out guest
 * memory, launches the initially private regions, writes the GHCB page
 * and descriptor, or the GHCB MSR, or the hypercall registers, and calls
 * snp_vmgexit() / snp_map_gpa_range(). The view back end's prepare hook
 * is where the scenario's "fail" lines refuse conversions.
 *
 * usage: scn-engine [--cbit N] SCENARIO...
 *   --cbit N: the C-bit position the SEV information response reports
 *   (default 51; hv.efi uses 47, so tests/diff/e2e.py passes --cbit 47).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guest-abi/ghcb.h"
#include "guest-abi/map_gpa.h"
#include "snp/snp.h"
#include "tests/diff/scenario.h"

static unsigned int cbit = 51;

struct run {
	const struct scenario *s;
	struct snp_vm vm;
	struct snp_vcpu vc;
	struct snp_region regions[SNP_MAX_REGIONS]; /* hosts to free */
	struct rmp rmp;
	uint64_t *rmp_table;
	uint64_t nr_convs;
	bool stopped;
};

static void emit(void *ctx, const char *line)
{
	struct run *r = ctx;

	if (!strncmp(line, "stop ", 5))
		r->stopped = true;
	printf("%s\n", line);
}

/* The back end's prepare hook: the scenario decides which conversion fails. */
static int prepare(void *ctx, uint64_t gpa, uint64_t npages, bool to_private)
{
	struct run *r = ctx;

	(void)to_private;
	return scn_conv_result(r->s, ++r->nr_convs, gpa, npages) ? -1 : 0;
}

static int set_view(void *ctx, uint64_t gpa, uint64_t size, enum snp_view v)
{
	(void)ctx;
	(void)gpa;
	(void)size;
	(void)v;
	return 0;
}

static const struct snp_view_ops view_ops = {
	.prepare = prepare,
	.set_view = set_view,
};

static uint8_t *host_addr(struct run *r, uint64_t gpa)
{
	unsigned int i;

	for (i = 0; i < r->vm.nr_regions; i++) {
		struct snp_region *m = &r->vm.regions[i];

		if (gpa >= m->gpa && gpa - m->gpa < m->size)
			return m->host + (gpa - m->gpa);
	}
	return NULL;
}

/* The guest writes its memory; bytes outside guest memory go nowhere. */
static void guest_write(struct run *r, uint64_t gpa, const void *src,
			size_t len)
{
	const uint8_t *p = src;

	for (; len; len--, gpa++, p++) {
		uint8_t *h = host_addr(r, gpa);

		if (h)
			*h = *p;
	}
}

static int vm_setup(struct run *r, const struct scenario *s)
{
	uint64_t spa = 0, size;
	unsigned int i;
	struct snp_vm_config cfg;

	memset(r, 0, sizeof(*r));
	r->s = s;
	if (s->nr_regions > SNP_MAX_REGIONS) {
		fprintf(stderr, "%s: more than %d regions\n", s->path,
			SNP_MAX_REGIONS);
		return -1;
	}
	/* Guest memory back to back in system physical memory, each region
	 * 2 MiB-aligned so that 2 MiB RMP entries are possible. */
	for (i = 0; i < s->nr_regions; i++) {
		struct snp_region *m = &r->regions[i];

		m->gpa = s->regions[i].gpa;
		m->size = s->regions[i].size;
		m->spa = spa + (m->gpa & 0x1fffff);
		m->host = calloc(1, m->size);
		if (!m->host)
			return -1;
		spa = (m->spa + m->size + 0x1fffff) & ~0x1fffffull;
	}
	size = spa ? spa : 0x200000;
	r->rmp_table = calloc(size / 4096, rmp_sw_entry_bytes());
	if (!r->rmp_table)
		return -1;
	rmp_sw_init(&r->rmp, 0, size, r->rmp_table);
	cfg = (struct snp_vm_config){
		.name = s->name,
		.asid = 1,
		.cbit = cbit,
		.regions = r->regions,
		.nr_regions = s->nr_regions,
		.rmp = &r->rmp,
		.view = &view_ops,
		.view_ctx = r,
		.rmp_max = SNP_RMP_MAX_2M,
		.trace = { .emit = emit, .ctx = r },
	};
	if (snp_vm_setup(&r->vm, &cfg))
		return -1;

	/* Launch never traces (snp_launch_range). */
	for (i = 0; i < s->nr_regions; i++) {
		if (!s->regions[i].private)
			continue;
		if (snp_launch_range(&r->vm, s->regions[i].gpa,
				     s->regions[i].size,
				     s->regions[i].rmp_2m ? SNP_RMP_MAX_2M :
							    SNP_RMP_MAX_4K))
			return -1;
	}

	snp_vcpu_init(&r->vc, &r->vm);
	if (s->ghcb_registered)
		r->vc.ghcb_registered_gpa = s->registered_gpa;
	return 0;
}

static void vm_teardown(struct run *r)
{
	unsigned int i;

	for (i = 0; i < SNP_MAX_REGIONS; i++)
		free(r->regions[i].host);
	free(r->rmp_table);
}

static void act(struct run *r, enum snp_action a)
{
	if (a == SNP_STOP)
		r->stopped = true;
}

static void do_psc(struct run *r, const struct scn_psc *p)
{
	uint64_t g = p->ghcb_gpa;
	unsigned int i;
	struct {
		uint16_t cur, end;
		uint32_t rsvd;
	} __attribute__((packed)) hdr = { p->cur, p->end, p->rsvd };

	guest_write(r, g + offsetof(struct ghcb, sw_exit_code), &p->exit_code,
		    8);
	guest_write(r, g + offsetof(struct ghcb, sw_exit_info_1), &p->info1, 8);
	guest_write(r, g + offsetof(struct ghcb, sw_exit_info_2), &p->info2, 8);
	guest_write(r, g + offsetof(struct ghcb, sw_scratch), &p->scratch, 8);
	guest_write(r, g + offsetof(struct ghcb, valid_bitmap), p->valid, 16);
	guest_write(r, g + offsetof(struct ghcb, protocol_version), &p->version,
		    2);
	guest_write(r, g + offsetof(struct ghcb, ghcb_usage), &p->usage, 4);
	guest_write(r, p->scratch, &hdr, sizeof(hdr));
	for (i = 0; i < p->nr_entries; i++) {
		uint64_t gpa = p->scratch + 8 + 8ull * i;

		if ((gpa & ~0xfffull) == g && (gpa & 0xfff) + 8 > 0xff0)
			break;
		guest_write(r, gpa, &p->entries[i], 8);
	}
	r->vc.ghcb_msr = g;
	act(r, snp_vmgexit(&r->vc));
}

static void do_map(struct run *r, const struct scn_req *q)
{
	const struct scn_map *m = &q->map;
	uint64_t nr = m->long_mode ? m->nr : (uint32_t)m->nr;

	if (nr != KVM_HC_MAP_GPA_RANGE) {
		/* Any other hypercall: not the engine's; the hypervisor
		 * answers -KVM_ENOSYS. */
		scn_print_request(stdout, q);
		printf("map.resp ret=0x%" PRIx64 "\n",
		       m->long_mode ? (uint64_t)-KVM_ENOSYS :
				      (uint32_t)-KVM_ENOSYS);
		return;
	}
	snp_map_gpa_range(&r->vc, m->gpa, m->npages, m->attrs, m->cpl,
			  m->long_mode);
}

static void run_scenario(const struct scenario *s)
{
	static struct run r;
	unsigned int i;

	printf("# scenario %s\n", s->name);
	if (s->vm != SCN_VM_SNP) {
		printf("# n/a: snpvisor runs SEV-SNP guests only\n");
		return;
	}
	if (vm_setup(&r, s)) {
		printf("# error: cannot set up the VM\n");
		vm_teardown(&r);
		return;
	}
	for (i = 0; i < s->nr_reqs && !r.stopped; i++) {
		const struct scn_req *q = &s->reqs[i];

		printf("# req %u line %d\n", i, q->line);
		switch (q->kind) {
		case SCN_REQ_MSR:
			r.vc.ghcb_msr = q->msr;
			act(&r, snp_vmgexit(&r.vc));
			break;
		case SCN_REQ_PSC:
			do_psc(&r, &q->psc);
			break;
		case SCN_REQ_MAP:
			do_map(&r, q);
			break;
		}
	}
	vm_teardown(&r);
}

int main(int argc, char **argv)
{
	static struct scenario s;
	int i = 1, rc = 0;

	if (argc > 2 && !strcmp(argv[1], "--cbit")) {
		cbit = (unsigned int)strtoul(argv[2], NULL, 0);
		i = 3;
	}
	if (i >= argc) {
		fprintf(stderr, "usage: %s [--cbit N] SCENARIO...\n", argv[0]);
		return 2;
	}
	for (; i < argc; i++) {
		if (scn_parse_file(argv[i], &s)) {
			rc = 2;
			continue;
		}
		run_scenario(&s);
		fflush(stdout);
	}
	return rc;
}
