// SPDX-License-Identifier: GPL-2.0-only
/*
 * String I/O register arithmetic (hv/io_string.h).
 */
#include "hv/io_string.h"

static uint64_t width_mask(unsigned addr_size)
{
	return addr_size >= 8 ? ~0ull : (1ull << (8 * addr_size)) - 1;
}

/* reg with its low addr_size bytes replaced by v. */
static uint64_t put(unsigned addr_size, uint64_t reg, uint64_t v)
{
	uint64_t m = width_mask(addr_size);

	if (addr_size == 2)
		return (reg & ~m) | (v & m);
	return v & m; /* 32-bit results zero-extend; 64-bit are whole */
}

uint64_t io_string_left(const struct io_string *s, uint64_t rcx)
{
	return s->rep ? rcx & width_mask(s->addr_size) : 0;
}

uint64_t io_string_count(const struct io_string *s, uint64_t rcx)
{
	uint64_t n = s->rep ? io_string_left(s, rcx) : 1;
	uint64_t max = IO_STRING_MAX_BYTES / (s->size ? s->size : 1);

	return n < max ? n : max;
}

uint64_t io_string_linear(const struct io_string *s, uint64_t idx)
{
	uint64_t lin = s->seg_base + (idx & width_mask(s->addr_size));

	return s->lin64 ? lin : (uint32_t)lin;
}

uint64_t io_string_index(const struct io_string *s, uint64_t reg, uint64_t n)
{
	uint64_t d = n * s->size;

	return put(s->addr_size, reg, s->df ? reg - d : reg + d);
}

uint64_t io_string_rcx(const struct io_string *s, uint64_t rcx, uint64_t n)
{
	if (!s->rep)
		return rcx;
	return put(s->addr_size, rcx, rcx - n);
}
