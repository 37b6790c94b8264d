// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz target: fw_cfg's DMA descriptor walk and ports (dev/fw_cfg.c).
 * The input is a program of operations on an 8 KiB "guest RAM": write a
 * descriptor, poke bytes, start a DMA at a RAM-relative or raw address,
 * port reads and writes. Invariants (abort on a break): the accessor is
 * never asked for an empty or wrapping range (its contract), the model's
 * read-only items never change, a processed descriptor's control word is
 * 0 or the error bit, and nothing is read outside the items or the RAM
 * (ASan).
 */
#include <stdlib.h>
#include <string.h>

#include "dev/fw_cfg.h"

#define RAM_BASE 0x2000u
#define RAM_SIZE 0x2000u

static uint8_t ram[RAM_SIZE];

static int range_ok(uint64_t gpa, uint32_t len)
{
	if (!len || gpa + len < gpa)
		abort(); /* the model broke the accessor's contract */
	return gpa >= RAM_BASE && len <= RAM_SIZE &&
	       gpa - RAM_BASE <= RAM_SIZE - len;
}

static int mem_read(void *ctx, uint64_t gpa, void *buf, uint32_t len)
{
	(void)ctx;
	if (!range_ok(gpa, len))
		return -1;
	memcpy(buf, ram + (gpa - RAM_BASE), len);
	return 0;
}

static int mem_write(void *ctx, uint64_t gpa, const void *buf, uint32_t len)
{
	(void)ctx;
	if (!range_ok(gpa, len))
		return -1;
	memcpy(ram + (gpa - RAM_BASE), buf, len);
	return 0;
}

static uint64_t take(const uint8_t **p, const uint8_t *end, unsigned int n)
{
	uint64_t v = 0;
	unsigned int i;

	for (i = 0; i < n && *p < end; i++, (*p)++)
		v |= (uint64_t) * *p << (8 * i);
	return v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct fw_cfg_mem mem = { mem_read, mem_write, NULL };
	/* ro_copy: what ro must still hold after the input, compared with
	 * memcmp (a byte loop here, under the fuzzer's instrumentation, was
	 * a third of a short input's time). */
	static uint8_t ro[5000], ro_copy[5000], wr[64];
	static struct fw_cfg f;
	const uint8_t *p = data, *end = data + size;
	unsigned int i;

	static int ro_ready;

	if (!ro_ready) {
		for (i = 0; i < sizeof(ro); i++)
			ro[i] = (uint8_t)(i * 7);
		memcpy(ro_copy, ro, sizeof(ro));
		ro_ready = 1;
	}
	memset(wr, 0, sizeof(wr));
	memset(ram, 0, sizeof(ram));
	fw_cfg_init(&f, size && (data[0] & 1), &mem);
	fw_cfg_add(&f, FW_CFG_NB_CPUS, ro, 2);
	fw_cfg_add_file(&f, "etc/ro", ro, sizeof(ro), NULL);
	fw_cfg_add_file(&f, "etc/rw", NULL, sizeof(wr), wr);
	fw_cfg_add_file(&f, "etc/empty", NULL, 0, NULL);
	take(&p, end, 1);
	while (p < end) {
		unsigned int op = (unsigned int)take(&p, end, 1) % 6;
		uint64_t gpa, a, b;
		int rc;

		switch (op) {
		case 0: /* a descriptor at a RAM offset */
			a = take(&p, end, 2) % (RAM_SIZE - 16);
			b = take(&p, end, 4); /* control */
			ram[a] = (uint8_t)(b >> 24);
			ram[a + 1] = (uint8_t)(b >> 16);
			ram[a + 2] = (uint8_t)(b >> 8);
			ram[a + 3] = (uint8_t)b;
			ram[a + 4] = 0;
			ram[a + 5] = (uint8_t)take(&p, end, 1); /* length */
			ram[a + 6] = (uint8_t)take(&p, end, 1);
			ram[a + 7] = (uint8_t)take(&p, end, 1);
			gpa = take(&p, end, 1) & 1 ?
				      take(&p, end, 8) :
				      RAM_BASE + take(&p, end, 2) % RAM_SIZE;
			for (i = 0; i < 8; i++)
				ram[a + 8 + i] = (uint8_t)(gpa >> (56 - 8 * i));
			break;
		case 1: /* a DMA */
			gpa = take(&p, end, 1) & 1 ?
				      take(&p, end, 8) :
				      RAM_BASE + take(&p, end, 2) % RAM_SIZE;
			rc = fw_cfg_dma(&f, gpa);
			if (!rc) {
				uint8_t c[4];

				if (mem_read(NULL, gpa, c, 4) ||
				    (c[0] | c[1] | c[2]) ||
				    (c[3] & ~FW_CFG_DMA_CTL_ERROR))
					abort();
			}
			break;
		case 2: /* port write */
			a = take(&p, end, 1);
			b = take(&p, end, 4);
			fw_cfg_io_write(&f, (uint16_t)(0x50f + a % 12),
					1u << (take(&p, end, 1) % 3),
					(uint32_t)b);
			break;
		case 3: /* port read */
			a = take(&p, end, 1);
			(void)fw_cfg_io_read(&f, (uint16_t)(0x50f + a % 12),
					     1u << (take(&p, end, 1) % 3));
			break;
		case 4: /* poke RAM */
			a = take(&p, end, 2) % RAM_SIZE;
			ram[a] = (uint8_t)take(&p, end, 1);
			break;
		default: /* select by key */
			fw_cfg_io_write(&f, FW_CFG_PORT_SEL, 2,
					(uint32_t)take(&p, end, 2));
			break;
		}
	}
	if (memcmp(ro, ro_copy, sizeof(ro)))
		abort(); /* a read-only item was written */
	return 0;
}
