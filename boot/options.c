// SPDX-License-Identifier: GPL-2.0-only
/*
 * Boot option parser (see options.h for the syntax). Table-driven: an
 * option is a row in opt_table naming its key, kind and field.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "boot/options.h"
#include "include/log.h"

enum opt_kind {
	OPT_ENUM,    /* one of names[]; the index is stored as uint32_t */
	OPT_SIZE,    /* bytes, suffix K/M/G; stored as uint64_t */
	OPT_GUESTS,  /* file[,file...] appended to guest_file[] */
	OPT_SECONDS, /* decimal seconds, optional "s"; stored as uint64_t */
};

struct opt_desc {
	const char *key;
	enum opt_kind kind;
	size_t off;
	const char *const *names; /* OPT_ENUM, NULL-terminated */
	uint64_t min, align;	  /* OPT_SIZE */
};

static const char *const level_names[] = { "err", "warn", "info", "debug",
					   NULL };
static const char *const rmp_names[] = { "auto", "sw", "hw", NULL };
static const char *const snp_names[] = { "emulated", "off", NULL };
static const char *const policy_names[] = { "implicit", "strict", NULL };
static const char *const rmp_max_names[] = { "2m", "4k", NULL };
static const char *const trace_names[] = { "off", "on", NULL };

#define FIELD(f) offsetof(struct bi_options, f)

static const struct opt_desc opt_table[] = {
	{ .key = "guest", .kind = OPT_GUESTS },
	{ .key = "mem",
	  .kind = OPT_SIZE,
	  .off = FIELD(guest_mem),
	  .min = 2ull << 20,
	  .align = 2ull << 20 },
	{ .key = "pool",
	  .kind = OPT_SIZE,
	  .off = FIELD(pool_size),
	  .min = 8ull << 20,
	  .align = 2ull << 20 },
	{ .key = "log",
	  .kind = OPT_ENUM,
	  .off = FIELD(log_level),
	  .names = level_names },
	{ .key = "rmp",
	  .kind = OPT_ENUM,
	  .off = FIELD(rmp),
	  .names = rmp_names },
	{ .key = "snp",
	  .kind = OPT_ENUM,
	  .off = FIELD(snp),
	  .names = snp_names },
	{ .key = "policy",
	  .kind = OPT_ENUM,
	  .off = FIELD(policy),
	  .names = policy_names },
	{ .key = "rmp-max",
	  .kind = OPT_ENUM,
	  .off = FIELD(rmp_max),
	  .names = rmp_max_names },
	{ .key = "trace",
	  .kind = OPT_ENUM,
	  .off = FIELD(trace),
	  .names = trace_names },
	{ .key = "conv-fail",
	  .kind = OPT_SIZE,
	  .off = FIELD(conv_fail),
	  .min = 0,
	  .align = 1 },
	{ .key = "timeout", .kind = OPT_SECONDS, .off = FIELD(timeout_s) },
	{ .key = "fw-seed",
	  .kind = OPT_SIZE,
	  .off = FIELD(fw_seed),
	  .min = 0,
	  .align = 1 },
};

#define NR_OPTS (sizeof(opt_table) / sizeof(opt_table[0]))

void options_defaults(struct bi_options *o)
{
	memset(o, 0, sizeof(*o));
	o->log_level = LOG_INFO;
	o->guest_mem = BI_DEFAULT_GUEST_MEM;
	o->pool_size = BI_DEFAULT_POOL_SIZE;
	o->rmp = BI_RMP_AUTO;
	o->snp = BI_SNP_EMULATED;
	o->policy = BI_POLICY_IMPLICIT;
	o->rmp_max = BI_RMP_MAX_2M;
	o->trace = BI_TRACE_OFF;
}

static int lower(int c)
{
	return (c >= 'A' && c <= 'Z') ? c + 'a' - 'A' : c;
}

/* Case-insensitive compare of s[0..n) with the NUL-terminated word. */
static int word_eq(const char *s, size_t n, const char *word)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!word[i] || lower(s[i]) != lower(word[i]))
			return 0;
	return word[n] == '\0';
}

/* Decimal or 0x hex, optional K/M/G suffix. 0 on success. */
static int parse_size(const char *s, size_t n, uint64_t *out)
{
	uint64_t v = 0, mul = 1;
	unsigned int base = 10;
	size_t i = 0, digits = 0;

	if (n > 2 && s[0] == '0' && lower(s[1]) == 'x') {
		base = 16;
		i = 2;
	}
	for (; i < n; i++) {
		int c = lower(s[i]), d;

		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (base == 16 && c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else
			break;
		if (v > (UINT64_MAX - d) / base)
			return -1;
		v = v * base + d;
		digits++;
	}
	if (!digits)
		return -1;
	if (i < n) {
		switch (lower(s[i])) {
		case 'k':
			mul = 1ull << 10;
			break;
		case 'm':
			mul = 1ull << 20;
			break;
		case 'g':
			mul = 1ull << 30;
			break;
		default:
			return -1;
		}
		if (++i != n)
			return -1;
	}
	if (v > UINT64_MAX / mul)
		return -1;
	*out = v * mul;
	return 0;
}

/* Decimal seconds, at most a year, an optional "s" after them. */
static int parse_seconds(const char *s, size_t n, uint64_t *out)
{
	uint64_t v = 0;
	size_t i;

	if (n && lower(s[n - 1]) == 's')
		n--;
	if (!n)
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (uint64_t)(s[i] - '0');
		if (v > 366ull * 86400)
			return -1;
	}
	*out = v;
	return 0;
}

static int add_guests(struct bi_options *o, const char *v, size_t n, char *err,
		      size_t err_len)
{
	size_t i = 0;

	while (i <= n) {
		size_t j = i;

		while (j < n && v[j] != ',')
			j++;
		if (j == i) {
			snprintf(err, err_len, "guest: empty file name");
			return -1;
		}
		if (o->nr_guests >= BI_MAX_GUESTS) {
			snprintf(err, err_len, "guest: more than %d guests",
				 BI_MAX_GUESTS);
			return -1;
		}
		if (j - i >= BI_FILE_LEN) {
			snprintf(err, err_len,
				 "guest: file name longer than %d: %.*s",
				 BI_FILE_LEN - 1, (int)(j - i), v + i);
			return -1;
		}
		memcpy(o->guest_file[o->nr_guests], v + i, j - i);
		o->guest_file[o->nr_guests][j - i] = '\0';
		o->nr_guests++;
		i = j + 1;
	}
	return 0;
}

static int set_option(struct bi_options *o, const struct opt_desc *d,
		      const char *v, size_t n, char *err, size_t err_len)
{
	char *field = (char *)o + d->off;
	uint64_t size;
	unsigned int i;

	switch (d->kind) {
	case OPT_GUESTS:
		return add_guests(o, v, n, err, err_len);
	case OPT_SIZE:
		if (parse_size(v, n, &size)) {
			snprintf(err, err_len,
				 "%s: bad size '%.*s' (e.g. 64M, 1G)", d->key,
				 (int)n, v);
			return -1;
		}
		if (size < d->min || size % d->align) {
			snprintf(err, err_len,
				 "%s: %.*s must be a multiple of %llu KiB, at least %llu MiB",
				 d->key, (int)n, v,
				 (unsigned long long)(d->align >> 10),
				 (unsigned long long)(d->min >> 20));
			return -1;
		}
		memcpy(field, &size, sizeof(size));
		return 0;
	case OPT_SECONDS:
		if (parse_seconds(v, n, &size)) {
			snprintf(err, err_len,
				 "%s: bad value '%.*s' (seconds, at most a year; 0 = no limit)",
				 d->key, (int)n, v);
			return -1;
		}
		memcpy(field, &size, sizeof(size));
		return 0;
	case OPT_ENUM:
		for (i = 0; d->names[i]; i++) {
			if (word_eq(v, n, d->names[i]) ||
			    (n == 1 && v[0] == (char)('0' + i))) {
				memcpy(field, &i, sizeof(uint32_t));
				return 0;
			}
		}
		{
			int len = snprintf(err, err_len,
					   "%s: bad value '%.*s' (", d->key,
					   (int)n, v);

			for (i = 0;
			     d->names[i] && len > 0 && (size_t)len < err_len;
			     i++)
				len += snprintf(err + len, err_len - len,
						"%s%s", i ? "|" : "",
						d->names[i]);
			if (len > 0 && (size_t)len < err_len)
				snprintf(err + len, err_len - len, ")");
		}
		return -1;
	}
	return -1;
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\0';
}

/* "line 3: unknown option 'foo'; valid options: guest mem ..." */
static void unknown_option(const char *key, size_t n, unsigned int line,
			   char *err, size_t err_len)
{
	size_t k, len;

	len = (size_t)snprintf(err, err_len,
			       "line %u: unknown option '%.*s'; valid options:",
			       line, (int)n, key);
	for (k = 0; k < NR_OPTS && len < err_len; k++)
		len += (size_t)snprintf(err + len, err_len - len, " %s",
					opt_table[k].key);
}

static int ends_with_efi(const char *s, size_t n)
{
	return n >= 4 && word_eq(s + n - 4, 4, ".efi");
}

int options_parse(struct bi_options *o, const char *text, size_t len,
		  int skip_program, char *err, size_t err_len)
{
	unsigned int line = 1, tokens = 0;
	size_t i = 0;

	while (i < len) {
		const char *tok, *eq;
		size_t n, k;

		if (text[i] == '\n')
			line++;
		if (is_blank(text[i])) {
			i++;
			continue;
		}
		if (text[i] == '#') {
			while (i < len && text[i] != '\n')
				i++;
			continue;
		}
		tok = text + i;
		while (i < len && !is_blank(text[i]) && text[i] != '#')
			i++;
		n = text + i - tok;
		eq = memchr(tok, '=', n);
		if (!eq) {
			if (skip_program && tokens == 0 &&
			    ends_with_efi(tok, n)) {
				tokens++;
				continue;
			}
			snprintf(err, err_len,
				 "line %u: '%.*s' is not key=value", line,
				 (int)n, tok);
			return -1;
		}
		tokens++;
		for (k = 0; k < NR_OPTS; k++)
			if (word_eq(tok, eq - tok, opt_table[k].key))
				break;
		if (k == NR_OPTS) {
			unknown_option(tok, (size_t)(eq - tok), line, err,
				       err_len);
			return -1;
		}
		if (set_option(o, &opt_table[k], eq + 1, n - (eq + 1 - tok),
			       err, err_len)) {
			char msg[OPTIONS_ERR_LEN];

			snprintf(msg, sizeof(msg), "%s", err);
			snprintf(err, err_len, "line %u: %s", line, msg);
			return -1;
		}
	}
	return 0;
}

int options_check(const struct bi_options *o, char *err, size_t err_len)
{
	if (o->nr_guests == 0) {
		snprintf(err, err_len,
			 "no guest: put guest=<file> in snpvisor.cfg or the load options");
		return -1;
	}
	return 0;
}

void options_guest_name(const char *file, char *name, size_t name_len)
{
	const char *base = file, *p, *dot = NULL;
	size_t n;

	for (p = file; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	for (p = base; *p; p++)
		if (*p == '.')
			dot = p;
	n = (dot && dot != base) ? (size_t)(dot - base) : strlen(base);
	if (n >= name_len)
		n = name_len - 1;
	memcpy(name, base, n);
	name[n] = '\0';
}

static const char *enum_name(const char *const *names, uint32_t idx)
{
	uint32_t i;

	for (i = 0; names[i]; i++)
		if (i == idx)
			return names[i];
	return "?";
}

static int format_size(char *buf, size_t len, uint64_t v)
{
	if (v && !(v & ((1ull << 30) - 1)))
		return snprintf(buf, len, "%lluG",
				(unsigned long long)(v >> 30));
	if (v && !(v & ((1ull << 20) - 1)))
		return snprintf(buf, len, "%lluM",
				(unsigned long long)(v >> 20));
	if (v && !(v & ((1ull << 10) - 1)))
		return snprintf(buf, len, "%lluK",
				(unsigned long long)(v >> 10));
	return snprintf(buf, len, "%llu", (unsigned long long)v);
}

void options_format(const struct bi_options *o, char *buf, size_t len)
{
	size_t pos = 0, k;
	uint32_t g;

#define EMIT(...)                                                     \
	do {                                                          \
		int _n = snprintf(buf + pos, len - pos, __VA_ARGS__); \
		if (_n < 0 || (size_t)_n >= len - pos)                \
			return;                                       \
		pos += _n;                                            \
	} while (0)

	if (!len)
		return;
	buf[0] = '\0';
	for (k = 0; k < NR_OPTS; k++) {
		const struct opt_desc *d = &opt_table[k];
		const char *field = (const char *)o + d->off;
		uint64_t size;
		uint32_t idx;

		EMIT("%s%s=", k ? " " : "", d->key);
		switch (d->kind) {
		case OPT_GUESTS:
			if (!o->nr_guests)
				EMIT("-");
			for (g = 0; g < o->nr_guests; g++)
				EMIT("%s%s", g ? "," : "", o->guest_file[g]);
			break;
		case OPT_SIZE:
			memcpy(&size, field, sizeof(size));
			{
				int _n = format_size(buf + pos, len - pos,
						     size);

				if (_n < 0 || (size_t)_n >= len - pos)
					return;
				pos += _n;
			}
			break;
		case OPT_SECONDS:
			memcpy(&size, field, sizeof(size));
			EMIT("%llu", (unsigned long long)size);
			break;
		case OPT_ENUM:
			memcpy(&idx, field, sizeof(idx));
			EMIT("%s", enum_name(d->names, idx));
			break;
		}
	}
#undef EMIT
}
