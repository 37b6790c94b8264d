// SPDX-License-Identifier: GPL-2.0-only
/*
 * Scenario packer for the end-to-end diff (docs/kvm-diff.md, "End to end
 * in hv.efi"). Turns the scenario corpus (docs/scenario-format.md) into
 *   OUT/prog.bin         a request program the replay guest
 *                        (tests/diff/replay/) interprets inside
 *                        hv.efi, linked into its image;
 *   OUT/scn/NNN-NAME.scn each packed scenario, relocated as the guest
 *                        runs it, for build/diff/scn-engine;
 *   OUT/index.tsv        one line per scenario: index, name, "run" or
 *                        "skip", the relocation offset or the skip reason;
 *                        for "run" also the .scn path, the injected
 *                        failure ("-", "conv:N" or "gpa:GPA") and the
 *                        number of initially private regions.
 *
 * Relocation: a scenario's memory is moved so that it ends exactly at the
 * end of the guest's RAM (RAM_END), by a 2 MiB-aligned offset; regions
 * separated by a gap are moved back to back (each by its own offset, the
 * gap disappears). GPAs inside a region move with it and GPAs above the
 * last region with the last one, so what was outside memory above stays
 * outside; a GPA the relocation cannot move, one in a gap below RAM_END,
 * one that lands below the scenario's memory (guest RAM in hv.efi,
 * outside memory for the host engine), or a MAP_GPA_RANGE range running
 * from a region into a gap skips the scenario.
 *
 * The program is a list of little-endian 64-bit words. Each operation
 * starts with a word (op | nwords << 8), nwords counting that word:
 *   BLOCK idx skip   a scenario; the guest skips `skip` more words when
 *                    the selection bitmap in the header does not name idx
 *   PRINT text...    print "SCN <text>" (NUL-padded words)
 *   MAP nr gpa npages attrs   VMMCALL with RAX, RBX, RCX, RDX
 *   PVAL gpa size huge validate   PVALIDATE [gpa, gpa + size), 2 MiB
 *                    pages where aligned when huge, else 4 KiB
 *   CBIT gpa size private   C-bit of the identity mapping
 *   MSR value        GHCB MSR = value, VMGEXIT
 *   WRITE gpa len bytes...  guest memory through the identity mapping
 *   ZERO gpa len     guest memory through the identity mapping
 *   END
 * Header: magic "SCNPROG1", RAM_END, number of scenarios, 4 words of
 * selection bitmap (all ones; tests/diff/e2e.py patches copies of the
 * image to run a subset), then the operations.
 *
 * usage: scn-pack [--ram BYTES] -o OUTDIR SCENARIO...
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "guest-abi/ghcb.h"
#include "tests/diff/scenario.h"
#include "tests/diff/replay/prog.h"

#define SZ_2M	  0x200000ull
#define PAGE	  0x1000ull
/* Guest RAM below this holds the replay guest itself (image, bss, the
 * library's GHCB): a scenario's memory must start at or above it. */
#define GUARD	  ((uint64_t)8 << 20)
#define MAX_WORDS (4u << 20)

static uint64_t ram_end = (uint64_t)48 << 20;
static uint64_t *prog;
static size_t nw;

static void put(uint64_t w)
{
	if (nw == MAX_WORDS) {
		fprintf(stderr, "scn-pack: program too large\n");
		exit(2);
	}
	prog[nw++] = w;
}

static void op(unsigned int code, unsigned int nargs, ...)
{
	va_list ap;
	unsigned int i;

	put(code | (uint64_t)(nargs + 1) << 8);
	va_start(ap, nargs);
	for (i = 0; i < nargs; i++)
		put(va_arg(ap, uint64_t));
	va_end(ap);
}

static void op_print(const char *fmt, ...)
{
	char text[96] = { 0 };
	unsigned int n, i;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text) - 8, fmt, ap);
	va_end(ap);
	n = (unsigned int)(strlen(text) + 8) / 8; /* with the NUL */
	put(SCN_OP_PRINT | (uint64_t)(n + 1) << 8);
	for (i = 0; i < n; i++) {
		uint64_t w;

		memcpy(&w, text + 8 * i, 8);
		put(w);
	}
}

static void op_write(uint64_t gpa, const uint8_t *b, uint64_t len)
{
	uint64_t i, n = (len + 7) / 8;

	put(SCN_OP_WRITE | (n + 3) << 8);
	put(gpa);
	put(len);
	for (i = 0; i < n; i++) {
		uint64_t w = 0;

		memcpy(&w, b + 8 * i, len - 8 * i < 8 ? len - 8 * i : 8);
		put(w);
	}
}

/* ---- one scenario ---------------------------------------------------- */

struct pack {
	struct scenario *s;		/* relocated in place */
	const struct scenario *orig;	/* as parsed */
	uint64_t off;			/* the last region's offset */
	uint64_t mem_start, mem_end;	/* before relocation */
	uint64_t roff[SCN_MAX_REGIONS]; /* per region */
	uint64_t lo;			/* relocated memory: [lo, ram_end) */
	char why[224];			/* skip reason */
	uint8_t touched[(64u << 20) / PAGE / 8]; /* may be converted */
	uint8_t zeroed[(64u << 20) / PAGE / 8];
};

/* clang-format off */
__attribute__((format(printf, 2, 3)))
static int skip(struct pack *k, const char *fmt, ...)
/* clang-format on */
{
	va_list ap;

	if (k->why[0])
		return -1;
	va_start(ap, fmt);
	vsnprintf(k->why, sizeof(k->why), fmt, ap);
	va_end(ap);
	return -1;
}

static bool in_mem(const struct pack *k, uint64_t gpa)
{
	return gpa >= k->lo && gpa < ram_end;
}

static bool bit(const uint8_t *bm, uint64_t page)
{
	return (bm[page / 8] >> (page % 8)) & 1;
}

static void set_bit(uint8_t *bm, uint64_t page)
{
	bm[page / 8] |= 1u << (page % 8);
}

/*
 * Relocate an address held in a field of `width` bits; check that it does
 * not land in guest RAM below the scenario's memory.
 */
static uint64_t reloc(struct pack *k, uint64_t g, unsigned int width,
		      const char *what)
{
	uint64_t off = k->off, r;
	bool fits, inside = g >= k->mem_end;
	unsigned int i;

	for (i = 0; i < k->orig->nr_regions; i++)
		if (g >= k->orig->regions[i].gpa &&
		    g - k->orig->regions[i].gpa < k->orig->regions[i].size) {
			off = k->roff[i];
			inside = true;
		}
	r = g + off;
	fits = width == 64 ? true : r < (1ull << width);
	if (inside && fits && ((int64_t)off >= 0 ? r >= g : r < g))
		g = r;
	if (g < k->lo)
		skip(k,
		     "%s 0x%" PRIx64
		     " would be guest RAM below the scenario's memory in hv.efi",
		     what, g);
	return g;
}

static void touch(struct pack *k, uint64_t gpa, uint64_t npages)
{
	uint64_t p = gpa / PAGE, i;

	for (i = 0; i < npages && p + i < ram_end / PAGE; i++)
		if (gpa + i * PAGE >= k->lo)
			set_bit(k->touched, p + i);
}

/* The pages an MSR value's request may convert. */
static uint64_t reloc_msr(struct pack *k, uint64_t v, bool mark)
{
	uint64_t code = v & 0xfff, gfn, gpa;

	if (code == 0x014) {
		gfn = (v >> 12) & ((1ull << 40) - 1);
		gpa = reloc(k, gfn << 12, 52, "MSR PSC GPA");
		v = (v & ~(((1ull << 40) - 1) << 12)) | gpa;
		if (mark)
			touch(k, gpa & ~(SZ_2M - 1), 512);
	} else if (code == 0x012) {
		gpa = reloc(k, v & ~0xfffull, 64, "MSR registration GPA");
		v = gpa | code;
	} else if (code == 0) {
		v = reloc(k, v, 64, "GHCB GPA");
	}
	return v;
}

static uint64_t reloc_entry(struct pack *k, uint64_t e, bool mark)
{
	uint64_t mask = ((1ull << 40) - 1) << 12;
	uint64_t gpa = reloc(k, e & mask, 52, "PSC entry GPA");

	/* 2M entries and PSMASH/UNSMASH reach the whole 2 MiB region;
	 * unaligned GFNs whatever follows. */
	if (mark)
		touch(k, gpa & ~(SZ_2M - 1), 1024);
	return (e & ~mask) | gpa;
}

/* The replay guest's write: like scn_engine's guest_write, only bytes in
 * memory; checks the pages are still in their initial state. */
static void write_mem(struct pack *k, int req, uint64_t gpa, const void *src,
		      uint64_t len, bool emit)
{
	const uint8_t *b = src;
	uint64_t i = 0;

	while (i < len) {
		uint64_t a = gpa + i, n = 0;

		if (a < gpa || !in_mem(k, a)) {
			i++;
			continue;
		}
		while (i + n < len && in_mem(k, a + n) && a + n >= gpa &&
		       (a + n) / PAGE == a / PAGE)
			n++;
		if (bit(k->touched, a / PAGE))
			skip(k,
			     "request %d writes GHCB/descriptor bytes at 0x%" PRIx64
			     ", a page an earlier request may have converted (hv.efi: an access "
			     "fault under the mismatch policy; the host driver models no accesses)",
			     req, a);
		if (emit) {
			op_write(a, b + i, n);
		} else if (!bit(k->zeroed, a / PAGE)) {
			set_bit(k->zeroed, a / PAGE);
			op(SCN_OP_ZERO, 2, a & ~(PAGE - 1), PAGE);
		}
		i += n;
	}
}

/* scn_engine's do_psc, as guest writes. */
static void psc_writes(struct pack *k, int req, const struct scn_psc *p,
		       bool emit)
{
	uint64_t g = p->ghcb_gpa;
	uint8_t buf[8 + 8 * SCN_MAX_ENTRIES];
	unsigned int i;
	struct {
		uint16_t cur, end;
		uint32_t rsvd;
	} __attribute__((packed)) hdr = { p->cur, p->end, p->rsvd };

	write_mem(k, req, g + offsetof(struct ghcb, sw_exit_code),
		  &p->exit_code, 8, emit);
	write_mem(k, req, g + offsetof(struct ghcb, sw_exit_info_1), &p->info1,
		  8, emit);
	write_mem(k, req, g + offsetof(struct ghcb, sw_exit_info_2), &p->info2,
		  8, emit);
	write_mem(k, req, g + offsetof(struct ghcb, sw_scratch), &p->scratch, 8,
		  emit);
	write_mem(k, req, g + offsetof(struct ghcb, valid_bitmap), p->valid, 16,
		  emit);
	write_mem(k, req, g + offsetof(struct ghcb, protocol_version),
		  &p->version, 2, emit);
	write_mem(k, req, g + offsetof(struct ghcb, ghcb_usage), &p->usage, 4,
		  emit);
	memcpy(buf, &hdr, 8);
	for (i = 0; i < p->nr_entries; i++) {
		uint64_t gpa = p->scratch + 8 + 8ull * i;

		if ((gpa & ~0xfffull) == g && (gpa & 0xfff) + 8 > 0xff0)
			break;
		memcpy(buf + 8 + 8 * i, &p->entries[i], 8);
	}
	write_mem(k, req, p->scratch, buf, 8 + 8ull * i, emit);
}

static int classify(struct pack *k)
{
	struct scenario *s = k->s;
	bool registered = s->ghcb_registered;
	unsigned int i, j;

	if (s->vm != SCN_VM_SNP)
		return skip(k, "vm sev-es: snpvisor runs SEV-SNP guests only");
	/* hv.efi injects one failure per run (conv-fail=N). */
	if (s->nr_fails > 1)
		return skip(k,
			    "more than one fail line: hv.efi's conv-fail= refuses one conversion per run");
	if (!s->nr_regions)
		return skip(k, "no guest memory");
	for (i = 0; i < s->nr_reqs; i++) {
		const struct scn_req *q = &s->reqs[i];

		if (q->kind == SCN_REQ_MAP && q->map.cpl)
			return skip(k,
				    "map from CPL %u: the replay guest runs at CPL 0",
				    q->map.cpl);
		if (q->kind == SCN_REQ_MAP && !q->map.long_mode)
			return skip(k,
				    "map outside 64-bit mode: the replay guest runs in long mode");
		if (q->kind == SCN_REQ_MAP && q->map.nr != 12)
			return skip(k,
				    "hypercall %#" PRIx64
				    " is not MAP_GPA_RANGE: hv.efi answers it itself, not the engine",
				    q->map.nr);
		/* A registration the engine accepts (inside memory). */
		if (q->kind == SCN_REQ_MSR && (q->msr & 0xfff) == 0x012 &&
		    scn_range_in_memory(s, q->msr & ~0xfffull, 1))
			registered = true;
		if (q->kind == SCN_REQ_PSC && !registered)
			return skip(k,
				    "GHCB request with no GHCB registered: a guest cannot unregister its GHCB");
	}
	/* Layout: one contiguous range of memory, 2 MiB-aligned boundaries. */
	k->mem_start = ~0ull;
	k->mem_end = 0;
	for (i = 0; i < s->nr_regions; i++) {
		const struct scn_region *r = &s->regions[i];

		if (r->gpa < k->mem_start)
			k->mem_start = r->gpa;
		if (r->gpa + r->size > k->mem_end)
			k->mem_end = r->gpa + r->size;
		if (s->nr_regions > 1 && ((r->gpa | r->size) & (SZ_2M - 1)))
			return skip(k,
				    "regions not 2 MiB aligned: hv.efi has one region");
		for (j = 0; j < i; j++)
			if (r->gpa < s->regions[j].gpa + s->regions[j].size &&
			    s->regions[j].gpa < r->gpa + r->size)
				return skip(k, "overlapping regions");
	}
	if (k->mem_end & (SZ_2M - 1))
		return skip(k, "memory does not end on a 2 MiB boundary");
	/* Back to back below RAM_END, in GPA order: region i moves to just
	 * below everything above it. */
	k->lo = ram_end;
	for (i = 0; i < s->nr_regions; i++) {
		uint64_t above = 0;

		for (j = 0; j < s->nr_regions; j++)
			if (s->regions[j].gpa > s->regions[i].gpa)
				above += s->regions[j].size;
		k->roff[i] = ram_end - above - s->regions[i].size -
			     s->regions[i].gpa;
		if (s->regions[i].gpa + s->regions[i].size == k->mem_end)
			k->off = k->roff[i];
		k->lo -= s->regions[i].size;
	}
	if (ram_end - k->lo > ram_end - GUARD)
		return skip(k,
			    "memory larger than the %" PRIu64
			    " MiB the replay guest has",
			    (ram_end - GUARD) >> 20);
	/* A MAP_GPA_RANGE range must not run from a region into a gap. */
	for (i = 0; i < s->nr_reqs; i++) {
		const struct scn_map *m = &s->reqs[i].map;

		if (s->reqs[i].kind != SCN_REQ_MAP)
			continue;
		for (j = 0; j < s->nr_regions; j++) {
			const struct scn_region *r = &s->regions[j];
			uint64_t end = r->gpa + r->size;

			if (m->gpa >= r->gpa && m->gpa < end &&
			    m->npages > (end - m->gpa) / PAGE &&
			    end != k->mem_end &&
			    !scn_range_in_memory(s, end, 1))
				return skip(k,
					    "request %u runs from a region into a gap, which relocation closes",
					    i);
		}
	}
	return 0;
}

static void relocate(struct pack *k)
{
	struct scenario *s = k->s;
	unsigned int i, j;

	if (s->ghcb_gpa)
		s->ghcb_gpa = reloc(k, s->ghcb_gpa, 64, "GHCB GPA");
	if (s->ghcb_registered)
		s->registered_gpa = reloc(k, s->registered_gpa, 64,
					  "registered GHCB GPA");
	for (i = 0; i < s->nr_fails; i++)
		if (!s->fails[i].by_index)
			s->fails[i].gpa = reloc(k, s->fails[i].gpa, 64,
						"fail GPA");
	for (i = 0; i < s->nr_reqs; i++) {
		struct scn_req *q = &s->reqs[i];

		switch (q->kind) {
		case SCN_REQ_MSR:
			q->msr = reloc_msr(k, q->msr, false);
			break;
		case SCN_REQ_PSC:
			q->psc.ghcb_gpa = reloc_msr(k, q->psc.ghcb_gpa, false);
			q->psc.scratch = reloc(k, q->psc.scratch, 64,
					       "SW_SCRATCH");
			for (j = 0; j < q->psc.nr_entries; j++)
				q->psc.entries[j] =
					reloc_entry(k, q->psc.entries[j],
						    false);
			break;
		case SCN_REQ_MAP:
			q->map.gpa = reloc(k, q->map.gpa, 64,
					   "MAP_GPA_RANGE GPA");
			break;
		}
	}
	for (i = 0; i < s->nr_regions; i++)
		s->regions[i].gpa += k->roff[i];
}

/* Second pass: entries (relocated here, touching pages) and writes. */
static void program(struct pack *k, unsigned int idx,
		    const struct scenario *orig)
{
	struct scenario *s = k->s;
	size_t block;
	unsigned int i, j;

	op(SCN_OP_BLOCK, 2, (uint64_t)idx, 0ull);
	block = nw;
	/* Zero the pages the requests write (scn_engine's memory starts
	 * zeroed), while everything is still shared. */
	for (i = 0; i < s->nr_reqs; i++)
		if (s->reqs[i].kind == SCN_REQ_PSC)
			psc_writes(k, (int)i, &s->reqs[i].psc, false);
	for (i = 0; i < s->nr_regions; i++) {
		const struct scn_region *r = &s->regions[i];

		if (!r->private)
			continue;
		op(SCN_OP_MAP, 4, 12ull, r->gpa, r->size / PAGE,
		   0x10ull | (r->rmp_2m ? 1 : 0));
		op(SCN_OP_PVAL, 4, r->gpa, r->size, (uint64_t)r->rmp_2m, 1ull);
		op(SCN_OP_CBIT, 3, r->gpa, r->size, 1ull);
	}
	if (s->ghcb_registered)
		op(SCN_OP_MSR, 1, (s->registered_gpa & ~0xfffull) | 0x012);
	op_print("begin %s", s->name);
	for (i = 0; i < s->nr_reqs; i++) {
		struct scn_req *q = &s->reqs[i];
		const struct scn_req *o = &orig->reqs[i];

		op_print("req %u", i);
		switch (q->kind) {
		case SCN_REQ_MSR:
			op(SCN_OP_MSR, 1, q->msr);
			(void)reloc_msr(k, o->msr, true);
			break;
		case SCN_REQ_PSC:
			/* The guest writes before this request converts. */
			psc_writes(k, (int)i, &q->psc, true);
			for (j = 0; j < o->psc.nr_entries; j++)
				(void)reloc_entry(k, o->psc.entries[j], true);
			op(SCN_OP_MSR, 1, q->psc.ghcb_gpa);
			break;
		case SCN_REQ_MAP:
			op(SCN_OP_MAP, 4, q->map.nr, q->map.gpa, q->map.npages,
			   q->map.attrs);
			if (q->map.gpa >= k->lo && q->map.gpa < ram_end)
				touch(k, q->map.gpa,
				      q->map.npages < ram_end / PAGE ?
					      q->map.npages :
					      ram_end / PAGE);
			break;
		}
	}
	op_print("end %s", s->name);
	/* Back to shared, C-bit clear: the next scenario starts clean. */
	op(SCN_OP_MAP, 4, 12ull, k->lo, (ram_end - k->lo) / PAGE, 0ull);
	for (i = 0; i < s->nr_regions; i++)
		if (s->regions[i].private)
			op(SCN_OP_CBIT, 3, s->regions[i].gpa,
			   s->regions[i].size, 0ull);
	prog[block - 1] = nw - block;
}

/* ---- the relocated scenario as text ---------------------------------- */

static const char *soff(uint64_t off)
{
	static char buf[4][24];
	static unsigned int n;
	char *b = buf[n++ % 4];

	if ((int64_t)off < 0)
		snprintf(b, 24, "-0x%" PRIx64, -off);
	else
		snprintf(b, 24, "+0x%" PRIx64, off);
	return b;
}

static const char *const valid_names[] = {
	"sw_exit_code",
	"sw_exit_info_1",
	"sw_exit_info_2",
	"sw_scratch",
};
static const int valid_bits[] = {
	SCN_VALID_EXIT_CODE,
	SCN_VALID_EXIT_INFO1,
	SCN_VALID_EXIT_INFO2,
	SCN_VALID_SCRATCH,
};

static int write_scn(const char *path, const struct scenario *s,
		     const struct pack *k)
{
	FILE *f = fopen(path, "w");
	unsigned int i, j;

	if (!f)
		return -1;
	fprintf(f, "# SPDX-License-Identifier: GPL-2.0-only\n");
	fprintf(f, "# %s relocated (written by scn-pack):", s->path);
	for (i = 0; i < s->nr_regions; i++)
		fprintf(f, " region %u %s", i, soff(k->roff[i]));
	fprintf(f, "\n");
	fprintf(f, "name %s\n", s->name);
	for (i = 0; i < s->nr_regions; i++)
		fprintf(f, "mem 0x%" PRIx64 " 0x%" PRIx64 " %s%s\n",
			s->regions[i].gpa, s->regions[i].size,
			s->regions[i].private ? "private" : "shared",
			s->regions[i].rmp_2m ? " rmp=2m" : "");
	if (s->ghcb_gpa)
		fprintf(f, "ghcb 0x%" PRIx64 " registered=0x%" PRIx64 "\n",
			s->ghcb_gpa, s->registered_gpa);
	for (i = 0; i < s->nr_fails; i++) {
		const struct scn_fail *x = &s->fails[i];

		if (x->by_index)
			fprintf(f, "fail conv=%" PRIu64 " ret=%" PRId64 "\n",
				x->n, x->ret);
		else
			fprintf(f, "fail gpa=0x%" PRIx64 " ret=%" PRId64 "\n",
				x->gpa, x->ret);
	}
	for (i = 0; i < s->nr_reqs; i++) {
		const struct scn_req *q = &s->reqs[i];
		const struct scn_psc *p = &q->psc;

		switch (q->kind) {
		case SCN_REQ_MSR:
			fprintf(f, "msr 0x%" PRIx64 "\n", q->msr);
			break;
		case SCN_REQ_PSC:
			fprintf(f,
				"psc ghcb=0x%" PRIx64 " scratch=0x%" PRIx64
				" cur=%u end=%u rsvd=0x%x exit_code=0x%" PRIx64
				" info1=0x%" PRIx64 " info2=0x%" PRIx64
				" usage=%u version=%u",
				p->ghcb_gpa, p->scratch, p->cur, p->end,
				p->rsvd, p->exit_code, p->info1, p->info2,
				p->usage, p->version);
			for (j = 0; j < 4; j++)
				if (!((p->valid[valid_bits[j] / 8] >>
				       (valid_bits[j] % 8)) &
				      1))
					fprintf(f, " invalid=%s",
						valid_names[j]);
			fprintf(f, "\n");
			for (j = 0; j < p->nr_entries; j++)
				fprintf(f, "  e raw=0x%" PRIx64 "\n",
					p->entries[j]);
			break;
		case SCN_REQ_MAP:
			fprintf(f,
				"map 0x%" PRIx64 " 0x%" PRIx64 " 0x%" PRIx64
				"\n",
				q->map.gpa, q->map.npages, q->map.attrs);
			break;
		}
	}
	return fclose(f);
}

int main(int argc, char **argv)
{
	static struct scenario s, orig;
	static struct pack k;
	const char *out = NULL;
	char path[512];
	FILE *idx;
	unsigned int n = 0, nrun = 0, i;
	int a;

	for (a = 1; a < argc && argv[a][0] == '-'; a++) {
		if (!strcmp(argv[a], "-o") && a + 1 < argc)
			out = argv[++a];
		else if (!strcmp(argv[a], "--ram") && a + 1 < argc)
			ram_end = strtoull(argv[++a], NULL, 0);
		else
			break;
	}
	if (!out || a >= argc || ram_end > (64ull << 20) ||
	    ram_end & (SZ_2M - 1)) {
		fprintf(stderr,
			"usage: %s [--ram BYTES (<= 64 MiB, 2 MiB-aligned)] -o OUTDIR SCENARIO...\n",
			argv[0]);
		return 2;
	}
	prog = calloc(MAX_WORDS, 8);
	snprintf(path, sizeof(path), "%s/scn", out);
	if (!prog || (mkdir(out, 0777) && errno != EEXIST) ||
	    (mkdir(path, 0777) && errno != EEXIST)) {
		perror(out);
		return 2;
	}
	snprintf(path, sizeof(path), "%s/index.tsv", out);
	idx = fopen(path, "w");
	if (!idx) {
		perror(path);
		return 2;
	}
	put(SCN_PROG_MAGIC);
	put(ram_end);
	put(0); /* number of scenarios */
	for (i = 0; i < SCN_SEL_WORDS; i++)
		put(~0ull);
	for (; a < argc; a++) {
		size_t mark = nw;

		if (scn_parse_file(argv[a], &s))
			return 2;
		if (n == SCN_SEL_WORDS * 64) {
			fprintf(stderr, "scn-pack: more than %d scenarios\n",
				SCN_SEL_WORDS * 64);
			return 2;
		}
		orig = s;
		memset(&k, 0, sizeof(k));
		k.s = &s;
		k.orig = &orig;
		if (!classify(&k)) {
			relocate(&k);
			if (!k.why[0])
				program(&k, n, &orig);
		}
		if (k.why[0]) {
			nw = mark;
			fprintf(idx, "%u\t%s\tskip\t%s\n", n, s.name, k.why);
		} else {
			snprintf(path, sizeof(path), "%s/scn/%03u-%s.scn", out,
				 n, s.name);
			if (write_scn(path, &s, &k)) {
				perror(path);
				return 2;
			}
			unsigned int np = 0;
			char fail[64] = "-";

			for (i = 0; i < s.nr_regions; i++)
				np += s.regions[i].private;
			if (s.nr_fails && s.fails[0].by_index)
				snprintf(fail, sizeof(fail), "conv:%" PRIu64,
					 s.fails[0].n);
			else if (s.nr_fails)
				snprintf(fail, sizeof(fail), "gpa:0x%" PRIx64,
					 s.fails[0].gpa);
			/* np: launch conversions the host engine counts
			 * (one per initially private region). */
			fprintf(idx, "%u\t%s\trun\t%s\t%s\t%s\t%u\n", n, s.name,
				soff(k.off), path, fail, np);
			nrun++;
		}
		n++;
	}
	op(SCN_OP_END, 0);
	prog[2] = n;
	snprintf(path, sizeof(path), "%s/prog.bin", out);
	{
		FILE *f = fopen(path, "wb");

		if (!f || fwrite(prog, 8, nw, f) != nw || fclose(f)) {
			perror(path);
			return 2;
		}
	}
	fclose(idx);
	fprintf(stderr,
		"scn-pack: %u scenarios, %u packed (%zu bytes), %u skipped\n",
		n, nrun, nw * 8, n - nrun);
	return 0;
}
