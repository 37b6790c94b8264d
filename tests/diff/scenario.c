// SPDX-License-Identifier: GPL-2.0-only
/*
 * Scenario parser; the format is documented in docs/scenario-format.md.
 * Line oriented: a keyword, then positional words and key=value words.
 * "#" starts a comment. A "psc" line opens a descriptor that the
 * following "e" lines fill.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "scenario.h"

#define MAX_WORDS 16

struct parser {
	struct scenario *s;
	const char *name;
	int line;
	struct scn_psc *psc; /* the open descriptor, if any */
	bool psc_end_set;
};

/* clang-format off */
__attribute__((format(printf, 2, 3)))
static int perr(struct parser *p, const char *fmt, ...)
/* clang-format on */
{
	va_list ap;

	fprintf(stderr, "%s:%d: ", p->name, p->line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return -1;
}

static int parse_u64(struct parser *p, const char *w, uint64_t *v)
{
	char *end;
	int neg = 0;

	if (*w == '-') {
		neg = 1;
		w++;
	}
	errno = 0;
	*v = strtoull(w, &end, 0);
	if (errno || end == w || *end)
		return perr(p, "bad number '%s'", w);
	if (neg)
		*v = -*v;
	return 0;
}

/* "key=value": returns value if w starts with key=, else NULL. */
static const char *kv(const char *w, const char *key)
{
	size_t n = strlen(key);

	if (strncmp(w, key, n) || w[n] != '=')
		return NULL;
	return w + n + 1;
}

static int parse_op(struct parser *p, const char *w, uint64_t *op)
{
	static const char *const names[] = {
		[1] = "private",
		[2] = "shared",
		[3] = "psmash",
		[4] = "unsmash",
	};
	unsigned int i;

	for (i = 1; i < 5; i++)
		if (!strcmp(w, names[i])) {
			*op = i;
			return 0;
		}
	if (parse_u64(p, w, op))
		return -1;
	if (*op > 0xf)
		return perr(p, "operation 0x%" PRIx64 " does not fit in 4 bits",
			    *op);
	return 0;
}

static void valid_set(uint8_t *bm, unsigned int bit, bool on)
{
	if (on)
		bm[bit / 8] |= 1u << (bit % 8);
	else
		bm[bit / 8] &= ~(1u << (bit % 8));
}

static int valid_bit(const char *field)
{
	static const struct {
		const char *name;
		int bit;
	} f[] = {
		{ "sw_exit_code", SCN_VALID_EXIT_CODE },
		{ "sw_exit_info_1", SCN_VALID_EXIT_INFO1 },
		{ "sw_exit_info_2", SCN_VALID_EXIT_INFO2 },
		{ "sw_scratch", SCN_VALID_SCRATCH },
	};
	unsigned int i;

	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++)
		if (!strcmp(field, f[i].name))
			return f[i].bit;
	return -1;
}

static int do_psc(struct parser *p, char **w, int n)
{
	struct scenario *s = p->s;
	struct scn_psc *psc;
	struct scn_req *r;
	uint64_t v;
	int i, bit;

	if (s->nr_reqs == SCN_MAX_REQS)
		return perr(p, "too many requests");
	r = &s->reqs[s->nr_reqs++];
	memset(r, 0, sizeof(*r));
	r->kind = SCN_REQ_PSC;
	r->line = p->line;
	psc = &r->psc;
	psc->ghcb_gpa = s->ghcb_gpa;
	psc->scratch = s->ghcb_gpa + SCN_GHCB_SHARED_BUF;
	psc->exit_code = SCN_PSC_EXIT_CODE;
	psc->version = 2;
	valid_set(psc->valid, SCN_VALID_EXIT_CODE, true);
	valid_set(psc->valid, SCN_VALID_EXIT_INFO1, true);
	valid_set(psc->valid, SCN_VALID_EXIT_INFO2, true);
	valid_set(psc->valid, SCN_VALID_SCRATCH, true);
	p->psc = psc;
	p->psc_end_set = false;

	for (i = 1; i < n; i++) {
		const char *val;

		if ((val = kv(w[i], "scratch"))) {
			if (*val == '+') {
				if (parse_u64(p, val + 1, &v))
					return -1;
				psc->scratch = s->ghcb_gpa + v;
			} else if (parse_u64(p, val, &psc->scratch)) {
				return -1;
			}
		} else if ((val = kv(w[i], "ghcb"))) {
			if (parse_u64(p, val, &psc->ghcb_gpa))
				return -1;
		} else if ((val = kv(w[i], "cur"))) {
			if (parse_u64(p, val, &v))
				return -1;
			psc->cur = (uint16_t)v;
		} else if ((val = kv(w[i], "end"))) {
			if (parse_u64(p, val, &v))
				return -1;
			psc->end = (uint16_t)v;
			p->psc_end_set = true;
		} else if ((val = kv(w[i], "rsvd"))) {
			if (parse_u64(p, val, &v))
				return -1;
			psc->rsvd = (uint32_t)v;
		} else if ((val = kv(w[i], "exit_code"))) {
			if (parse_u64(p, val, &psc->exit_code))
				return -1;
		} else if ((val = kv(w[i], "info1"))) {
			if (parse_u64(p, val, &psc->info1))
				return -1;
		} else if ((val = kv(w[i], "info2"))) {
			if (parse_u64(p, val, &psc->info2))
				return -1;
		} else if ((val = kv(w[i], "usage"))) {
			if (parse_u64(p, val, &v))
				return -1;
			psc->usage = (uint32_t)v;
		} else if ((val = kv(w[i], "version"))) {
			if (parse_u64(p, val, &v))
				return -1;
			psc->version = (uint16_t)v;
		} else if ((val = kv(w[i], "invalid"))) {
			bit = valid_bit(val);
			if (bit < 0)
				return perr(p, "unknown GHCB field '%s'", val);
			valid_set(psc->valid, bit, false);
		} else {
			return perr(p, "unknown psc argument '%s'", w[i]);
		}
	}
	return 0;
}

static int do_entry(struct parser *p, char **w, int n)
{
	struct scn_psc *psc = p->psc;
	uint64_t op = 0, gfn = 0, cur_page = 0, rsvd = 0, repeat = 1, raw = 0;
	bool huge = false, have_raw = false;
	uint64_t k;
	int i;

	if (!psc)
		return perr(p, "'e' outside a psc request");
	for (i = 1; i < n; i++) {
		const char *val;

		if ((val = kv(w[i], "raw"))) {
			if (parse_u64(p, val, &raw))
				return -1;
			have_raw = true;
		} else if ((val = kv(w[i], "cur_page"))) {
			if (parse_u64(p, val, &cur_page))
				return -1;
			if (cur_page > 0xfff)
				return perr(p,
					    "cur_page does not fit in 12 bits");
		} else if ((val = kv(w[i], "rsvd"))) {
			if (parse_u64(p, val, &rsvd))
				return -1;
			if (rsvd > 0x7f)
				return perr(p,
					    "entry rsvd does not fit in 7 bits");
		} else if ((val = kv(w[i], "x"))) {
			if (parse_u64(p, val, &repeat))
				return -1;
		} else if (!strcmp(w[i], "2m")) {
			huge = true;
		} else if (!strcmp(w[i], "4k")) {
			huge = false;
		} else if (i == 1) {
			if (parse_op(p, w[i], &op))
				return -1;
		} else if (i == 2) {
			if (parse_u64(p, w[i], &gfn))
				return -1;
			if (gfn >> 40)
				return perr(p, "gfn does not fit in 40 bits");
		} else {
			return perr(p, "unknown entry argument '%s'", w[i]);
		}
	}
	for (k = 0; k < repeat; k++) {
		uint64_t e;

		if (psc->nr_entries == SCN_MAX_ENTRIES)
			return perr(p, "more than %d entries", SCN_MAX_ENTRIES);
		if (have_raw)
			e = raw;
		else
			e = cur_page | ((gfn + k * (huge ? 512 : 1)) << 12) |
			    (op << 52) | ((uint64_t)huge << 56) | (rsvd << 57);
		psc->entries[psc->nr_entries++] = e;
	}
	if (!p->psc_end_set)
		psc->end = (uint16_t)(psc->nr_entries - 1);
	return 0;
}

static int do_msr(struct parser *p, char **w, int n)
{
	struct scenario *s = p->s;
	struct scn_req *r;
	uint64_t v, op, gfn;

	if (s->nr_reqs == SCN_MAX_REQS)
		return perr(p, "too many requests");
	if (n == 2) {
		if (parse_u64(p, w[1], &v))
			return -1;
	} else if (n == 4 && !strcmp(w[1], "psc")) {
		if (parse_op(p, w[2], &op) || parse_u64(p, w[3], &gfn))
			return -1;
		v = (op << 52) | ((gfn & ((1ull << 40) - 1)) << 12) | 0x014;
	} else if (n == 3 && !strcmp(w[1], "register")) {
		if (parse_u64(p, w[2], &gfn))
			return -1;
		v = (gfn << 12) | 0x012;
	} else {
		return perr(p,
			    "usage: msr VALUE | msr psc OP GFN | msr register GFN");
	}
	r = &s->reqs[s->nr_reqs++];
	memset(r, 0, sizeof(*r));
	r->kind = SCN_REQ_MSR;
	r->line = p->line;
	r->msr = v;
	return 0;
}

static int do_map(struct parser *p, char **w, int n)
{
	struct scenario *s = p->s;
	struct scn_map *m;
	struct scn_req *r;
	uint64_t v;
	int i;

	if (n < 4)
		return perr(p,
			    "usage: map GPA NPAGES ATTRS [cpl=N] [long=0|1] [nr=N]");
	if (s->nr_reqs == SCN_MAX_REQS)
		return perr(p, "too many requests");
	r = &s->reqs[s->nr_reqs++];
	memset(r, 0, sizeof(*r));
	r->kind = SCN_REQ_MAP;
	r->line = p->line;
	m = &r->map;
	m->nr = 12;
	m->long_mode = true;
	if (parse_u64(p, w[1], &m->gpa) || parse_u64(p, w[2], &m->npages) ||
	    parse_u64(p, w[3], &m->attrs))
		return -1;
	for (i = 4; i < n; i++) {
		const char *val;

		if ((val = kv(w[i], "cpl"))) {
			if (parse_u64(p, val, &v))
				return -1;
			m->cpl = (unsigned int)v;
		} else if ((val = kv(w[i], "long"))) {
			if (parse_u64(p, val, &v))
				return -1;
			m->long_mode = v != 0;
		} else if ((val = kv(w[i], "nr"))) {
			if (parse_u64(p, val, &m->nr))
				return -1;
		} else {
			return perr(p, "unknown map argument '%s'", w[i]);
		}
	}
	return 0;
}

static int do_mem(struct parser *p, char **w, int n)
{
	struct scenario *s = p->s;
	struct scn_region *m;
	int i;

	if (n < 4)
		return perr(p,
			    "usage: mem GPA SIZE shared|private [rmp=4k|2m]");
	if (s->nr_regions == SCN_MAX_REGIONS)
		return perr(p, "too many regions");
	m = &s->regions[s->nr_regions++];
	memset(m, 0, sizeof(*m));
	if (parse_u64(p, w[1], &m->gpa) || parse_u64(p, w[2], &m->size))
		return -1;
	if ((m->gpa | m->size) & 0xfff || !m->size)
		return perr(p, "region must be page aligned and non-empty");
	if (!strcmp(w[3], "private"))
		m->private = true;
	else if (strcmp(w[3], "shared"))
		return perr(p, "state must be shared or private");
	for (i = 4; i < n; i++) {
		if (!strcmp(w[i], "rmp=2m"))
			m->rmp_2m = true;
		else if (strcmp(w[i], "rmp=4k"))
			return perr(p, "unknown mem argument '%s'", w[i]);
	}
	return 0;
}

static int do_fail(struct parser *p, char **w, int n)
{
	struct scenario *s = p->s;
	struct scn_fail *f;
	const char *val;
	uint64_t v;
	int i;

	if (n < 2)
		return perr(p, "usage: fail conv=N | fail gpa=GPA [ret=N]");
	if (s->nr_fails == SCN_MAX_FAILS)
		return perr(p, "too many fail lines");
	f = &s->fails[s->nr_fails++];
	memset(f, 0, sizeof(*f));
	f->ret = -1; /* what QEMU's kvm_convert_memory() returns */
	for (i = 1; i < n; i++) {
		if ((val = kv(w[i], "conv"))) {
			if (parse_u64(p, val, &f->n))
				return -1;
			f->by_index = true;
		} else if ((val = kv(w[i], "gpa"))) {
			if (parse_u64(p, val, &f->gpa))
				return -1;
		} else if ((val = kv(w[i], "ret"))) {
			if (parse_u64(p, val, &v))
				return -1;
			if (!v)
				return perr(p,
					    "a failure needs a non-zero ret");
			f->ret = (int64_t)v;
		} else {
			return perr(p, "unknown fail argument '%s'", w[i]);
		}
	}
	return 0;
}

static int do_line(struct parser *p, char **w, int n)
{
	struct scenario *s = p->s;
	uint64_t v;

	if (strcmp(w[0], "e"))
		p->psc = NULL;

	if (!strcmp(w[0], "e"))
		return do_entry(p, w, n);
	if (!strcmp(w[0], "psc"))
		return do_psc(p, w, n);
	if (!strcmp(w[0], "msr"))
		return do_msr(p, w, n);
	if (!strcmp(w[0], "map"))
		return do_map(p, w, n);
	if (!strcmp(w[0], "mem"))
		return do_mem(p, w, n);
	if (!strcmp(w[0], "fail"))
		return do_fail(p, w, n);
	if (!strcmp(w[0], "name")) {
		if (n != 2)
			return perr(p, "usage: name WORD");
		snprintf(s->name, sizeof(s->name), "%s", w[1]);
		return 0;
	}
	if (!strcmp(w[0], "vm")) {
		if (n == 2 && !strcmp(w[1], "snp"))
			s->vm = SCN_VM_SNP;
		else if (n == 2 && !strcmp(w[1], "sev-es"))
			s->vm = SCN_VM_SEV_ES;
		else
			return perr(p, "usage: vm snp|sev-es");
		return 0;
	}
	if (!strcmp(w[0], "ghcb_version")) {
		if (n != 2 || parse_u64(p, w[1], &v))
			return perr(p, "usage: ghcb_version N");
		s->ghcb_version = (unsigned int)v;
		return 0;
	}
	if (!strcmp(w[0], "exit_hypercall")) {
		if (n == 2 && !strcmp(w[1], "on"))
			s->exit_enabled = true;
		else if (n == 2 && !strcmp(w[1], "off"))
			s->exit_enabled = false;
		else
			return perr(p, "usage: exit_hypercall on|off");
		return 0;
	}
	if (!strcmp(w[0], "userspace")) {
		if (n == 2 && !strcmp(w[1], "qemu"))
			s->userspace = SCN_US_QEMU;
		else if (n == 2 && !strcmp(w[1], "leave-ret"))
			s->userspace = SCN_US_LEAVE_RET;
		else
			return perr(p, "usage: userspace qemu|leave-ret");
		return 0;
	}
	if (!strcmp(w[0], "ghcb")) {
		if (n < 2 || n > 3 || parse_u64(p, w[1], &s->ghcb_gpa))
			return perr(p,
				    "usage: ghcb GPA [unregistered|registered=GPA]");
		s->ghcb_registered = true;
		s->registered_gpa = s->ghcb_gpa;
		if (n == 3) {
			const char *val = kv(w[2], "registered");

			if (!strcmp(w[2], "unregistered"))
				s->ghcb_registered = false;
			else if (!val || parse_u64(p, val, &s->registered_gpa))
				return perr(p, "bad ghcb argument '%s'", w[2]);
		}
		return 0;
	}
	if (!strcmp(w[0], "expect")) {
		struct scn_expect *e;
		int i;

		size_t side = strcspn(w[1], "@");

		if (n < 3)
			return perr(p,
				    "usage: expect unpatched|patched[@X.Y] Dn...");
		/* An "@X.Y" suffix limits it to one KVM version. */
		if (!(side == 9 && !strncmp(w[1], "unpatched", 9)) &&
		    !(side == 7 && !strncmp(w[1], "patched", 7)))
			return perr(p,
				    "expect side must be unpatched or patched");
		if (strlen(w[1]) >= sizeof(s->expects[0].side))
			return perr(p, "expect side too long");
		for (i = 2; i < n; i++) {
			if (s->nr_expects == SCN_MAX_EXPECTS)
				return perr(p, "too many expects");
			e = &s->expects[s->nr_expects++];
			snprintf(e->side, sizeof(e->side), "%s", w[1]);
			snprintf(e->label, sizeof(e->label), "%s", w[i]);
		}
		return 0;
	}
	if (!strcmp(w[0], "doc"))
		return 0;
	return perr(p, "unknown keyword '%s'", w[0]);
}

static void defaults(struct scenario *s, const char *name)
{
	const char *base = strrchr(name, '/');

	memset(s, 0, sizeof(*s));
	s->vm = SCN_VM_SNP;
	s->ghcb_version = 2;
	s->exit_enabled = true;
	s->userspace = SCN_US_QEMU;
	snprintf(s->path, sizeof(s->path), "%s", name);
	snprintf(s->name, sizeof(s->name), "%s", base ? base + 1 : name);
	if (strchr(s->name, '.'))
		*strchr(s->name, '.') = 0;
}

int scn_parse_string(const char *text, const char *name, struct scenario *s)
{
	struct parser p = { .s = s, .name = name };
	char buf[1024];
	const char *nl;

	defaults(s, name);
	while (*text) {
		char *w[MAX_WORDS], *c, *save = NULL;
		size_t len;
		int n = 0;

		p.line++;
		nl = strchr(text, '\n');
		len = nl ? (size_t)(nl - text) : strlen(text);
		if (len >= sizeof(buf))
			return perr(&p, "line too long");
		memcpy(buf, text, len);
		buf[len] = 0;
		text += len + (nl ? 1 : 0);

		c = strchr(buf, '#');
		if (c)
			*c = 0;
		for (c = strtok_r(buf, " \t\r", &save); c;
		     c = strtok_r(NULL, " \t\r", &save)) {
			if (n == MAX_WORDS)
				return perr(&p, "too many words");
			w[n++] = c;
		}
		if (!n)
			continue;
		/* A "doc" line is free text and may contain anything. */
		if (!strcmp(w[0], "doc"))
			continue;
		if (do_line(&p, w, n))
			return -1;
	}
	return 0;
}

int scn_parse_file(const char *path, struct scenario *s)
{
	FILE *f = fopen(path, "r");
	char *text;
	long len;
	int ret;

	if (!f) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	fseek(f, 0, SEEK_SET);
	text = calloc(1, (size_t)len + 1);
	if (!text || fread(text, 1, (size_t)len, f) != (size_t)len) {
		fclose(f);
		free(text);
		fprintf(stderr, "%s: read error\n", path);
		return -1;
	}
	fclose(f);
	ret = scn_parse_string(text, path, s);
	free(text);
	return ret;
}

bool scn_range_in_memory(const struct scenario *s, uint64_t gpa,
			 uint64_t npages)
{
	uint64_t end = gpa + npages * 4096;
	unsigned int i;
	bool progress = true;

	if (npages > (1ull << 40) || end < gpa)
		return false;
	/* Regions may abut; walk from gpa until end is reached. */
	while (gpa < end && progress) {
		progress = false;
		for (i = 0; i < s->nr_regions; i++) {
			const struct scn_region *m = &s->regions[i];

			if (gpa >= m->gpa && gpa < m->gpa + m->size) {
				gpa = m->gpa + m->size;
				progress = true;
			}
		}
	}
	return gpa >= end;
}

int64_t scn_conv_result(const struct scenario *s, uint64_t idx, uint64_t gpa,
			uint64_t npages)
{
	unsigned int i;

	for (i = 0; i < s->nr_fails; i++) {
		const struct scn_fail *f = &s->fails[i];

		if (f->by_index ?
			    f->n == idx :
			    f->gpa >= gpa && (f->gpa - gpa) / 4096 < npages)
			return f->ret;
	}
	return 0;
}

unsigned int scn_psc_capacity(const struct scn_psc *p)
{
	uint64_t page = p->scratch & ~0xfffull, off = p->scratch & 0xfff;

	if (page != p->ghcb_gpa)
		return 253;
	if (off < SCN_GHCB_SHARED_BUF || off + 8 > SCN_GHCB_SHARED_END)
		return 0;
	return (unsigned int)((SCN_GHCB_SHARED_END - off - 8) / 8);
}

void scn_print_request(FILE *out, const struct scn_req *r)
{
	const struct scn_psc *p = &r->psc;
	unsigned int n, i;
	uint64_t m;

	switch (r->kind) {
	case SCN_REQ_MSR:
		fprintf(out, "msr.req val=0x%" PRIx64 "\n", r->msr);
		break;
	case SCN_REQ_MAP:
		/* As the hypervisor sees them: truncated outside 64-bit mode. */
		m = 0xffffffffull;
		if (r->map.long_mode)
			m = ~0ull;
		fprintf(out,
			"map.req gpa=0x%" PRIx64 " npages=%" PRIu64
			" attrs=0x%" PRIx64 "\n",
			r->map.gpa & m, r->map.npages & m, r->map.attrs & m);
		break;
	case SCN_REQ_PSC:
		n = scn_psc_capacity(p);
		fprintf(out, "psc.req cur=%u end=%u rsvd=0x%x n=%u\n", p->cur,
			p->end, p->rsvd, n);
		if (p->end < n)
			for (i = 0; i <= p->end; i++)
				fprintf(out,
					"psc.entry i=%u raw=0x%" PRIx64 "\n", i,
					i < p->nr_entries ? p->entries[i] : 0);
		break;
	}
}
