// SPDX-License-Identifier: GPL-2.0-only
/*
 * `make bench` driver: plays a Linux SEV-SNP guest converting memory
 * (workloads 1-5 of docs/bench.md) and sends its requests to one of three
 * back ends:
 *
 *  engine   snpvisor's conversion engine (snp/snp.h) on the software RMP,
 *           with a view back end that only counts, so the figures measure
 *           the engine and nothing else. The guest's PVALIDATEs go through
 *           snp_pvalidate().
 *  scn      writes the same requests as scenario files
 *           (docs/scenario-format.md) for the KVM reference harness
 *           (kvm/ref/), at most SCN_MAX_REQS requests per file. PVALIDATE
 *           is not part of the scenario format and is left out.
 *  kvm      KVM 6.12's RMP side, which the harness does not run, derived
 *           from its documented policy (docs/bench.md "Derived figures"):
 *           guest_memfd pages are prepared (RMPUPDATE to private, 4 KiB)
 *           on the first private access after a conversion to private,
 *           which is a #NPF exit; a conversion to shared invalidates each
 *           prepared page (RMPUPDATE to shared, 4 KiB); a 2 MiB PVALIDATE
 *           always meets 4 KiB RMP entries and fails with SIZEMISMATCH.
 *
 * The guest flows follow Linux 6.12 (arch/x86/coco/sev/): descriptors of
 * at most 64 entries (VMGEXIT_PSC_MAX_ENTRY), 2 MiB entries where the
 * range is 2 MiB aligned and at least 2 MiB remains, rescind before a
 * conversion to shared and validate after a conversion to private, a
 * 2 MiB PVALIDATE retried as 512 4 KiB ones on FAIL_SIZEMISMATCH.
 *
 * usage: bench-engine --workload N [--mem BYTES] [--policy 2m|4k]
 *                     [--backend engine|scn|kvm] [--out DIR]
 *        bench-engine --memory      (RMP and NPT bytes per GiB)
 * Prints one line of key=value pairs.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "guest-abi/ghcb.h"
#include "guest-abi/map_gpa.h"
#include "guest-abi/psc.h"
#include "snp/snp.h"
#include "mm/npt.h"
#include "mm/palloc.h"
#include "tests/diff/scenario.h"

#define SZ_2M		0x200000ull
#define SZ_1G		0x40000000ull
#define GHCB_GPA	0x1000ull
/* Guest memory the workloads convert starts here; [0, 2 MiB) holds the GHCB. */
#define DATA_GPA	SZ_2M
#define LINUX_PSC_MAX	64 /* VMGEXIT_PSC_MAX_ENTRY */
#define PV_SIZEMISMATCH 6u /* PVALIDATE_FAIL_SIZEMISMATCH */

enum backend {
	BE_ENGINE,
	BE_SCN,
	BE_KVM
};

struct bench {
	enum backend be;
	uint64_t mem; /* bytes of guest memory the workload uses */
	/* engine */
	struct snp_vm vm;
	struct snp_vcpu vc;
	struct rmp rmp;
	uint64_t *rmp_table;
	uint8_t *low;	   /* host memory of [0, 2 MiB) */
	uint64_t views[2]; /* set_view calls at 4K, 2M */
	uint64_t prepares;
	/* scn */
	const char *dir;
	FILE *f;
	unsigned files, reqs_in_file;
	uint64_t reqs;
	/* kvm (derived) */
	uint8_t *prepared; /* one bit per 4 KiB page of the data range */
	uint64_t k_rmp, k_npf, k_pv[2][2]; /* pv[size][0 ok, 1 sizemismatch] */
	uint64_t k_to_private, k_to_shared;
};

static void die(const char *msg)
{
	fprintf(stderr, "bench-engine: %s\n", msg);
	exit(2);
}

/* ---- the counting view back end */

static int view_prepare(void *ctx, uint64_t gpa, uint64_t npages, bool priv)
{
	struct bench *b = ctx;

	(void)gpa;
	(void)npages;
	(void)priv;
	b->prepares++;
	return 0;
}

static int view_set(void *ctx, uint64_t gpa, uint64_t size, enum snp_view v)
{
	struct bench *b = ctx;

	(void)gpa;
	(void)v;
	b->views[size == SZ_2M]++;
	return 0;
}

static const struct snp_view_ops counting_view = {
	.prepare = view_prepare,
	.set_view = view_set,
};

static void engine_setup(struct bench *b, enum snp_rmp_max policy)
{
	uint64_t total = DATA_GPA + b->mem;
	struct snp_region regions[2];
	uint8_t *data;

	b->low = calloc(1, DATA_GPA);
	/* Never touched by the engine beyond the GHCB page: reserve only. */
	data = mmap(NULL, b->mem, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	b->rmp_table = calloc(total / SZ_4K, rmp_sw_entry_bytes());
	if (!b->low || data == MAP_FAILED || !b->rmp_table)
		die("out of memory");
	regions[0] = (struct snp_region){
		.gpa = 0,
		.size = DATA_GPA,
		.spa = 0,
		.host = b->low,
	};
	regions[1] = (struct snp_region){
		.gpa = DATA_GPA,
		.size = b->mem,
		.spa = DATA_GPA,
		.host = data,
	};
	rmp_sw_init(&b->rmp, 0, total, b->rmp_table);
	if (snp_vm_setup(&b->vm, &(struct snp_vm_config){
					 .name = "bench",
					 .asid = 1,
					 .cbit = 51,
					 .regions = regions,
					 .nr_regions = 2,
					 .rmp = &b->rmp,
					 .view = &counting_view,
					 .view_ctx = b,
					 .rmp_max = policy,
				 }))
		die("engine set-up failed");
	snp_vcpu_init(&b->vc, &b->vm);
	b->vc.ghcb_registered_gpa = GHCB_GPA;
}

/* ---- the scenario writer */

static void scn_request_begin(struct bench *b)
{
	char path[512];

	if (b->f && b->reqs_in_file < SCN_MAX_REQS)
		goto out;
	if (b->f)
		fclose(b->f);
	snprintf(path, sizeof(path), "%s/part-%04u.scn", b->dir, b->files++);
	b->f = fopen(path, "w");
	if (!b->f)
		die("cannot write a scenario file");
	fprintf(b->f,
		"# Generated by tests/bench/bench_engine.c (make bench).\n"
		"mem 0x0 0x%llx shared\nghcb 0x%llx\n",
		(unsigned long long)(DATA_GPA + b->mem), GHCB_GPA);
	b->reqs_in_file = 0;
out:
	b->reqs_in_file++;
	b->reqs++;
}

/* ---- KVM 6.12's RMP side, derived */

static bool kvm_prepared(struct bench *b, uint64_t gpa)
{
	uint64_t i = (gpa - DATA_GPA) >> 12;

	return b->prepared[i / 8] & (1u << (i % 8));
}

static void kvm_set_prepared(struct bench *b, uint64_t gpa, bool on)
{
	uint64_t i = (gpa - DATA_GPA) >> 12;

	if (on)
		b->prepared[i / 8] |= (uint8_t)(1u << (i % 8));
	else
		b->prepared[i / 8] &= (uint8_t) ~(1u << (i % 8));
}

/* Attributes change only; to shared, QEMU discards the guest_memfd range
 * and each prepared page is made shared again (sev_gmem_invalidate). */
static void kvm_convert(struct bench *b, uint64_t gpa, uint64_t npages,
			bool priv)
{
	uint64_t i;

	if (priv) {
		b->k_to_private += npages;
		return;
	}
	b->k_to_shared += npages;
	for (i = 0; i < npages; i++, gpa += SZ_4K) {
		if (kvm_prepared(b, gpa)) {
			b->k_rmp++;
			kvm_set_prepared(b, gpa, false);
		}
	}
}

/* ---- what the guest does */

static void fail_check(bool ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "bench-engine: %s failed\n", what);
		exit(1);
	}
}

/* One PSC NAE event with entries e[0..n-1], until the hypervisor is done. */
static void guest_psc(struct bench *b, const psc_entry_t *e, unsigned n)
{
	struct ghcb *g;
	struct psc_hdr *h;
	unsigned i;

	if (b->be == BE_SCN) {
		scn_request_begin(b);
		fprintf(b->f, "psc\n");
		for (i = 0; i < n; i++)
			fprintf(b->f, "  e %s 0x%llx%s\n",
				PSC_ENTRY_OP(e[i]) == PSC_OP_PRIVATE ?
					"private" :
					"shared",
				(unsigned long long)PSC_ENTRY_GFN(e[i]),
				PSC_ENTRY_2M(e[i]) ? " 2m" : "");
		return;
	}
	if (b->be == BE_KVM) {
		for (i = 0; i < n; i++)
			kvm_convert(b, PSC_ENTRY_GFN(e[i]) << 12,
				    PSC_ENTRY_2M(e[i]) ? PAGES_PER_2M : 1,
				    PSC_ENTRY_OP(e[i]) == PSC_OP_PRIVATE);
		return;
	}
	g = (struct ghcb *)(b->low + GHCB_GPA);
	h = (struct psc_hdr *)g->shared_buffer;
	memset(g, 0, sizeof(*g));
	h->end_entry = (uint16_t)(n - 1);
	memcpy(h + 1, e, n * sizeof(*e));
	/* Linux's vmgexit_psc(): re-issue while entries remain. */
	while (h->cur_entry <= h->end_entry) {
		g->sw_exit_code = SVM_VMGEXIT_PSC;
		g->sw_exit_info_1 = 0;
		g->sw_exit_info_2 = 0;
		g->sw_scratch = GHCB_GPA + GHCB_SHARED_BUF_OFF;
		ghcb_set_valid(g, GHCB_VALID_BIT(sw_exit_code));
		ghcb_set_valid(g, GHCB_VALID_BIT(sw_exit_info_1));
		ghcb_set_valid(g, GHCB_VALID_BIT(sw_exit_info_2));
		ghcb_set_valid(g, GHCB_VALID_BIT(sw_scratch));
		b->vc.ghcb_msr = GHCB_GPA;
		fail_check(snp_vmgexit(&b->vc) == SNP_RESUME &&
				   !g->sw_exit_info_1 && !g->sw_exit_info_2,
			   "PSC NAE");
	}
}

static void guest_msr_psc(struct bench *b, uint64_t gpa, bool priv)
{
	unsigned op = priv ? GHCB_MSR_PSC_OP_PRIVATE : GHCB_MSR_PSC_OP_SHARED;

	if (b->be == BE_SCN) {
		scn_request_begin(b);
		fprintf(b->f, "msr psc %u 0x%" PRIx64 "\n", op, gpa >> 12);
		return;
	}
	if (b->be == BE_KVM) {
		kvm_convert(b, gpa, 1, priv);
		return;
	}
	b->vc.ghcb_msr = ((uint64_t)op << 52) | gpa | GHCB_MSR_PSC_REQ;
	fail_check(snp_vmgexit(&b->vc) == SNP_RESUME &&
			   b->vc.ghcb_msr == GHCB_MSR_PSC_RESP,
		   "MSR PSC");
}

static void guest_map(struct bench *b, uint64_t gpa, uint64_t npages,
		      uint64_t attrs)
{
	if (b->be == BE_SCN) {
		scn_request_begin(b);
		fprintf(b->f, "map 0x%" PRIx64 " %" PRIu64 " 0x%" PRIx64 "\n",
			gpa, npages, attrs);
		return;
	}
	if (b->be == BE_KVM) {
		kvm_convert(b, gpa, npages,
			    attrs & KVM_MAP_GPA_RANGE_ENCRYPTED);
		return;
	}
	fail_check(snp_map_gpa_range(&b->vc, gpa, npages, attrs, 0, true) == 0,
		   "MAP_GPA_RANGE");
}

/* PVALIDATE (identity-mapped guest: VA = PA); returns EAX. */
static uint32_t guest_pvalidate(struct bench *b, uint64_t gpa, bool is_2m,
				bool validate)
{
	struct snp_pvalidate_out o;

	if (b->be == BE_SCN)
		return 0;
	if (b->be == BE_KVM) {
		/* The first private access to an unprepared page is a #NPF
		 * that prepares it at 4 KiB, then PVALIDATE runs again. */
		if (validate && !kvm_prepared(b, gpa)) {
			b->k_npf++;
			b->k_rmp++;
			kvm_set_prepared(b, gpa, true);
		}
		b->k_pv[is_2m][is_2m]++;
		return is_2m ? PV_SIZEMISMATCH : 0;
	}
	o = snp_pvalidate(&b->vc, gpa, gpa, is_2m, validate);
	fail_check(o.action == SNP_RESUME && !o.cf &&
			   (o.eax == 0 || (is_2m && o.eax == PV_SIZEMISMATCH)),
		   "PVALIDATE");
	return o.eax;
}

/* Linux's pval_pages() for one entry. */
static void guest_pval_entry(struct bench *b, psc_entry_t e, bool validate)
{
	uint64_t gpa = PSC_ENTRY_GFN(e) << 12;
	unsigned i;

	if (PSC_ENTRY_2M(e) &&
	    guest_pvalidate(b, gpa, true, validate) != PV_SIZEMISMATCH)
		return;
	for (i = 0; i < (PSC_ENTRY_2M(e) ? PAGES_PER_2M : 1); i++)
		guest_pvalidate(b, gpa + i * SZ_4K, false, validate);
}

/* One descriptor in Linux's order: rescind, PSC to shared; PSC to
 * private, validate. */
static void guest_descriptor(struct bench *b, const psc_entry_t *e, unsigned n,
			     bool priv)
{
	unsigned i;

	if (!priv)
		for (i = 0; i < n; i++)
			guest_pval_entry(b, e[i], false);
	guest_psc(b, e, n);
	if (priv)
		for (i = 0; i < n; i++)
			guest_pval_entry(b, e[i], true);
}

/* Linux's set_pages_state() over a contiguous direct-map range. */
static void guest_set_pages_state(struct bench *b, uint64_t gpa, uint64_t size,
				  bool priv, bool use_2m)
{
	unsigned op = priv ? PSC_OP_PRIVATE : PSC_OP_SHARED, n = 0;
	psc_entry_t e[LINUX_PSC_MAX];
	uint64_t end = gpa + size;

	while (gpa < end) {
		bool is_2m = use_2m && !(gpa & (SZ_2M - 1)) &&
			     end - gpa >= SZ_2M;

		e[n++] = PSC_ENTRY(0, gpa >> 12, op, is_2m);
		gpa += is_2m ? SZ_2M : SZ_4K;
		if (n == LINUX_PSC_MAX || gpa >= end) {
			guest_descriptor(b, e, n, priv);
			n = 0;
		}
	}
}

/* Scattered 4 KiB pages (vmalloc-like): one 4K entry each. */
static void guest_set_pages_list(struct bench *b, const uint64_t *gpas,
				 unsigned nr, bool priv)
{
	unsigned op = priv ? PSC_OP_PRIVATE : PSC_OP_SHARED, n = 0, i;
	psc_entry_t e[LINUX_PSC_MAX];

	for (i = 0; i < nr; i++) {
		e[n++] = PSC_ENTRY(0, gpas[i] >> 12, op, 0);
		if (n == LINUX_PSC_MAX || i + 1 == nr) {
			guest_descriptor(b, e, n, priv);
			n = 0;
		}
	}
}

/* early_set_pages_state(): one page per MSR request. */
static void guest_msr_pages(struct bench *b, uint64_t gpa, uint64_t npages,
			    bool priv)
{
	for (; npages; npages--, gpa += SZ_4K) {
		if (!priv)
			guest_pvalidate(b, gpa, false, false);
		guest_msr_psc(b, gpa, priv);
		if (priv)
			guest_pvalidate(b, gpa, false, true);
	}
}

/* ---- workloads */

#define W3_PAGES   4096u
#define W5_SWIOTLB (64ull << 20)
#define W5_SCATTER 2048u /* pages, every 8th of the next 64 MiB */
#define W5_STRIDE  8u

static uint64_t workload_mem(unsigned w, uint64_t mem)
{
	switch (w) {
	case 3:
		return W3_PAGES * SZ_4K;
	case 5:
		return W5_SWIOTLB + (uint64_t)W5_SCATTER * W5_STRIDE * SZ_4K;
	default:
		return mem;
	}
}

/* Launched (private, validated) before the measured part. */
static void launch(struct bench *b, unsigned w)
{
	uint64_t p;

	if (w != 5)
		return;
	if (b->be == BE_ENGINE) {
		fail_check(snp_launch_range(&b->vm, DATA_GPA, b->mem,
					    b->vm.rmp_max) == 0,
			   "launch");
		b->views[0] = b->views[1] = b->prepares = 0;
	} else if (b->be == BE_KVM) {
		/* SNP_LAUNCH_UPDATE prepares every page at 4 KiB. */
		for (p = DATA_GPA; p < DATA_GPA + b->mem; p += SZ_4K)
			kvm_set_prepared(b, p, true);
	}
}

static void run_workload(struct bench *b, unsigned w)
{
	uint64_t *gpas, base, p;
	unsigned i;

	switch (w) {
	case 1:
	case 2:
		guest_set_pages_state(b, DATA_GPA, b->mem, true, w == 1);
		break;
	case 3:
		guest_msr_pages(b, DATA_GPA, W3_PAGES, true);
		break;
	case 4:
		for (p = DATA_GPA; p < DATA_GPA + b->mem; p += SZ_2M)
			guest_map(b, p, PAGES_PER_2M,
				  KVM_MAP_GPA_RANGE_ENCRYPTED |
					  KVM_MAP_GPA_RANGE_PAGE_SZ_2M);
		break;
	case 5:
		guest_set_pages_state(b, DATA_GPA, W5_SWIOTLB, false, true);
		guest_set_pages_state(b, DATA_GPA, W5_SWIOTLB, true, true);
		gpas = malloc(W5_SCATTER * sizeof(*gpas));
		if (!gpas)
			die("out of memory");
		base = DATA_GPA + W5_SWIOTLB;
		for (i = 0; i < W5_SCATTER; i++)
			gpas[i] = base + (uint64_t)i * W5_STRIDE * SZ_4K;
		guest_set_pages_list(b, gpas, W5_SCATTER, false);
		guest_set_pages_list(b, gpas, W5_SCATTER, true);
		free(gpas);
		break;
	default:
		die("workload must be 1-5");
	}
}

static void print_engine(const struct bench *b)
{
	const struct snp_counters *c = &b->vm.ctr;

	printf("world_switches=%" PRIu64 " vmgexits=%" PRIu64
	       " hypercalls=%" PRIu64 " psc_entries=%" PRIu64
	       " conversions=%" PRIu64 " pages=%" PRIu64 " rmp_updates=%" PRIu64
	       " psmash=%" PRIu64 " pv2m_ok=%" PRIu64
	       " pv2m_sizemismatch=%" PRIu64 " pv4k_ok=%" PRIu64
	       " pv_other=%" PRIu64 " view_4k=%" PRIu64 " view_2m=%" PRIu64
	       " prepares=%" PRIu64 "\n",
	       c->vmgexits + c->hypercalls, c->vmgexits, c->hypercalls,
	       c->psc_entries, c->range_conversions,
	       c->pages_to_private + c->pages_to_shared, c->rmp_updates,
	       c->psmashes, c->pvalidate[1][SNP_PV_OK],
	       c->pvalidate[1][SNP_PV_FAIL_SIZEMISMATCH],
	       c->pvalidate[0][SNP_PV_OK],
	       c->pvalidate[0][SNP_PV_NO_UPDATE] +
		       c->pvalidate[0][SNP_PV_FAIL_INPUT] +
		       c->pvalidate[0][SNP_PV_FAIL_SIZEMISMATCH] +
		       c->pvalidate[0][SNP_PV_FAULT] +
		       c->pvalidate[1][SNP_PV_NO_UPDATE] +
		       c->pvalidate[1][SNP_PV_FAIL_INPUT] +
		       c->pvalidate[1][SNP_PV_FAULT],
	       b->views[0], b->views[1], b->prepares);
}

/* ---- RMP and nested page table memory per GiB */

static uint64_t npt_tables_for_1g(unsigned flags)
{
	uint64_t pool = 4ull << 20;
	void *mem = aligned_alloc(SZ_4K, pool);
	struct palloc pa;
	struct npt npt;
	uint64_t n;

	if (!mem || palloc_init(&pa, (uintptr_t)mem, pool) ||
	    npt_init(&npt, &pa))
		die("cannot set up nested page tables");
	/* A GiB-aligned GiB, so that exactly one PD covers it. */
	if (npt_map(&npt, SZ_1G, SZ_1G, SZ_1G, NPT_RWX | flags))
		die("npt_map failed");
	n = npt.nr_tables;
	npt_destroy(&npt);
	free(mem);
	return n;
}

static void print_memory(void)
{
	printf("rmp_sw_entry_bytes=%u rmp_sw_bytes_per_gib=%llu "
	       "npt_tables_2m=%" PRIu64 " npt_tables_4k=%" PRIu64
	       " page_bytes=%llu\n",
	       rmp_sw_entry_bytes(),
	       (unsigned long long)(SZ_1G / SZ_4K * rmp_sw_entry_bytes()),
	       npt_tables_for_1g(0), npt_tables_for_1g(NPT_NO_LARGE),
	       (unsigned long long)SZ_4K);
}

static uint64_t parse_size(const char *s)
{
	char *end;
	uint64_t v = strtoull(s, &end, 0);

	switch (*end) {
	case 'G':
		return v << 30;
	case 'M':
		return v << 20;
	case 'K':
		return v << 10;
	default:
		return v;
	}
}

int main(int argc, char **argv)
{
	static struct bench b;
	enum snp_rmp_max policy = SNP_RMP_MAX_2M;
	unsigned w = 0;
	uint64_t mem = SZ_1G;
	int i;

	b.dir = "build/bench/scn";
	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : "";

		if (!strcmp(a, "--memory")) {
			print_memory();
			return 0;
		} else if (!strcmp(a, "--workload")) {
			w = (unsigned)atoi(v);
		} else if (!strcmp(a, "--mem")) {
			mem = parse_size(v);
		} else if (!strcmp(a, "--policy")) {
			policy = !strcmp(v, "4k") ? SNP_RMP_MAX_4K :
						    SNP_RMP_MAX_2M;
		} else if (!strcmp(a, "--backend")) {
			b.be = !strcmp(v, "scn") ? BE_SCN :
			       !strcmp(v, "kvm") ? BE_KVM :
						   BE_ENGINE;
		} else if (!strcmp(a, "--out")) {
			b.dir = v;
		} else {
			die("usage: bench-engine --workload N [--mem BYTES] "
			    "[--policy 2m|4k] [--backend engine|scn|kvm] [--out DIR]");
		}
		i++;
	}
	if (mem < SZ_2M || (mem & (SZ_2M - 1)))
		die("--mem must be a multiple of 2 MiB");
	b.mem = workload_mem(w, mem);
	if (b.be == BE_ENGINE)
		engine_setup(&b, policy);
	if (b.be == BE_KVM) {
		b.prepared = calloc(b.mem / SZ_4K / 8 + 1, 1);
		if (!b.prepared)
			die("out of memory");
	}
	launch(&b, w);
	if (b.be == BE_ENGINE)
		memset(&b.vm.ctr, 0, sizeof(b.vm.ctr));
	run_workload(&b, w);

	printf("workload=%u mem=%" PRIu64 " ", w, b.mem);
	switch (b.be) {
	case BE_ENGINE:
		printf("backend=engine policy=%s ",
		       policy == SNP_RMP_MAX_4K ? "4k" : "2m");
		print_engine(&b);
		break;
	case BE_SCN:
		if (b.f)
			fclose(b.f);
		printf("backend=scn files=%u requests=%" PRIu64 "\n", b.files,
		       b.reqs);
		break;
	case BE_KVM:
		printf("backend=kvm-derived rmp_updates=%" PRIu64
		       " psmash=0 npf_exits=%" PRIu64 " pv2m_ok=0"
		       " pv2m_sizemismatch=%" PRIu64 " pv4k_ok=%" PRIu64
		       " pages=%" PRIu64 "\n",
		       b.k_rmp, b.k_npf, b.k_pv[1][1], b.k_pv[0][0],
		       b.k_to_private + b.k_to_shared);
		break;
	}
	return 0;
}
