// SPDX-License-Identifier: GPL-2.0-only
/*
 * fw_cfg (dev/fw_cfg.h). Source: QEMU docs/specs/fw_cfg.rst, "Firmware
 * Configuration (fw_cfg) Device": the selector, data and DMA registers,
 * the file directory, and "Guest-side DMA Interface" (FWCfgDmaAccess:
 * be32 control, be32 length, be64 address).
 */
#include <string.h>

#include "dev/fw_cfg.h"

#define DMA_DESC_SIZE 16
#define ZERO_CHUNK    4096u

static void be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static uint32_t rd_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static uint32_t bswap32(uint32_t v)
{
	return v >> 24 | (v >> 8 & 0xff00) | (v << 8 & 0xff0000) | v << 24;
}

static int find(const struct fw_cfg *f, uint16_t key)
{
	unsigned int i;

	for (i = 0; i < f->nr_items; i++)
		if (f->items[i].key == key)
			return (int)i;
	return -1;
}

static int add(struct fw_cfg *f, uint16_t key, const void *data, uint32_t size,
	       uint8_t *wdata)
{
	struct fw_cfg_item *it;

	if (f->nr_items >= FW_CFG_MAX_ITEMS || find(f, key) >= 0)
		return -1;
	it = &f->items[f->nr_items++];
	it->key = key;
	it->size = data ? size : 0;
	it->data = data;
	it->wdata = wdata;
	return 0;
}

void fw_cfg_init(struct fw_cfg *f, bool dma, const struct fw_cfg_mem *mem)
{
	memset(f, 0, sizeof(*f));
	f->dma = dma;
	if (mem)
		f->mem = *mem;
	memcpy(f->sig, "QEMU", 4);
	f->id[0] = FW_CFG_VERSION | (dma ? FW_CFG_VERSION_DMA : 0);
	f->cur = -1;
	add(f, FW_CFG_SIGNATURE, f->sig, 4, NULL);
	add(f, FW_CFG_ID, f->id, 4, NULL);
	add(f, FW_CFG_FILE_DIR, f->dir, 4, NULL); /* count 0 */
}

static bool reserved_key(uint16_t key)
{
	return key == FW_CFG_SIGNATURE || key == FW_CFG_ID ||
	       key == FW_CFG_FILE_DIR || (key & FW_CFG_WRITE_CHANNEL) ||
	       (!(key & FW_CFG_ARCH_LOCAL) && key >= FW_CFG_FILE_FIRST);
}

int fw_cfg_add(struct fw_cfg *f, uint16_t key, const void *data, uint32_t size)
{
	if (reserved_key(key))
		return -1;
	return add(f, key, data, size, NULL);
}

int fw_cfg_add_file(struct fw_cfg *f, const char *name, const void *data,
		    uint32_t size, void *wdata)
{
	size_t n = name ? strnlen(name, FW_CFG_FILE_NAME_MAX) : 0;
	uint16_t key = (uint16_t)(FW_CFG_FILE_FIRST + f->nr_files);
	uint8_t *e = f->dir + 4 + FW_CFG_DIR_ENTRY * f->nr_files;
	unsigned int i;
	int dir;

	if (!n || n >= FW_CFG_FILE_NAME_MAX || f->nr_files >= FW_CFG_MAX_FILES)
		return -1;
	for (i = 0; i < f->nr_files; i++)
		if (!strcmp((const char *)f->dir + 4 + FW_CFG_DIR_ENTRY * i + 8,
			    name))
			return -1;
	if (wdata)
		data = wdata;
	if (add(f, key, data, size, wdata))
		return -1;
	memset(e, 0, FW_CFG_DIR_ENTRY);
	be32(e, data ? size : 0);
	e[4] = (uint8_t)(key >> 8);
	e[5] = (uint8_t)key;
	memcpy(e + 8, name, n);
	f->nr_files++;
	be32(f->dir, f->nr_files);
	dir = find(f, FW_CFG_FILE_DIR);
	f->items[dir].size = 4 + FW_CFG_DIR_ENTRY * f->nr_files;
	return key;
}

/* Selecting resets the offset; an unknown key selects nothing. */
static void select_key(struct fw_cfg *f, uint16_t key)
{
	f->cur = find(f, (uint16_t)(key & ~FW_CFG_WRITE_CHANNEL));
	f->offset = 0;
}

static uint8_t data_byte(struct fw_cfg *f)
{
	const struct fw_cfg_item *it;

	if (f->cur < 0)
		return 0;
	it = &f->items[f->cur];
	/* Past the end the data port reads 0 ("Data Register"). */
	if (f->offset >= it->size)
		return 0;
	return it->data[f->offset++];
}

uint32_t fw_cfg_io_read(struct fw_cfg *f, uint16_t port, unsigned int size)
{
	uint32_t v = 0;
	unsigned int i, off;

	if (port == FW_CFG_PORT_DATA && size == 1)
		return data_byte(f);
	if (f->dma && port >= FW_CFG_PORT_DMA && size <= 4 &&
	    port + size <= FW_CFG_PORT_DMA + 8u) {
		/* Byte i of the register is byte i of "QEMU CFG". */
		off = port - FW_CFG_PORT_DMA;
		for (i = 0; i < size; i++)
			v |= (uint32_t)(uint8_t)(FW_CFG_DMA_SIGNATURE >>
						 (56 - 8 * (off + i)))
			     << (8 * i);
		return v;
	}
	return size >= 4 ? 0xffffffffu : (1u << (8 * size)) - 1;
}

void fw_cfg_io_write(struct fw_cfg *f, uint16_t port, unsigned int size,
		     uint32_t val)
{
	if (port == FW_CFG_PORT_SEL && size == 2) {
		select_key(f, (uint16_t)val);
		return;
	}
	/* Writes to the data port are ignored, as in QEMU since 2.4. */
	if (!f->dma || size != 4)
		return;
	if (port == FW_CFG_PORT_DMA) {
		f->dma_addr = (uint64_t)bswap32(val) << 32;
	} else if (port == FW_CFG_PORT_DMA_LO) {
		f->dma_addr |= bswap32(val);
		fw_cfg_dma(f, f->dma_addr);
		/* The next transfer starts from a fresh address: a guest
		 * that writes only the low half gets an address below 4 GiB. */
		f->dma_addr = 0;
	}
}

/* Zeroes for a read past the item's end: true if guest RAM took them. */
static bool dma_zero(struct fw_cfg *f, uint64_t gpa, uint32_t len)
{
	static const uint8_t zero[ZERO_CHUNK];

	while (len) {
		uint32_t n = len < ZERO_CHUNK ? len : ZERO_CHUNK;

		if (f->mem.write(f->mem.ctx, gpa, zero, n))
			return false;
		gpa += n;
		len -= n;
	}
	return true;
}

enum dma_op {
	DMA_NONE,
	DMA_READ,
	DMA_WRITE,
	DMA_SKIP
};

/*
 * One step of the transfer: up to the item's end, or all of len past it.
 * Returns the bytes done, 0 on error.
 */
static uint32_t dma_step(struct fw_cfg *f, enum dma_op op, uint64_t gpa,
			 uint32_t len)
{
	struct fw_cfg_item *it = f->cur >= 0 ? &f->items[f->cur] : NULL;
	uint32_t n;

	if (!it || f->offset >= it->size) {
		/* Nothing left to transfer: a read gets zeroes, a write
		 * fails, a skip just moves on. */
		if (op == DMA_READ && !dma_zero(f, gpa, len))
			return 0;
		return op == DMA_WRITE ? 0 : len;
	}
	n = it->size - f->offset < len ? it->size - f->offset : len;
	if (op == DMA_READ &&
	    f->mem.write(f->mem.ctx, gpa, it->data + f->offset, n))
		return 0;
	if (op == DMA_WRITE) {
		/* Only a writable item, and only wholly inside it. */
		if (!it->wdata || n != len ||
		    f->mem.read(f->mem.ctx, gpa, it->wdata + f->offset, n))
			return 0;
	}
	f->offset += n;
	return n;
}

int fw_cfg_dma(struct fw_cfg *f, uint64_t gpa)
{
	uint8_t d[DMA_DESC_SIZE], ctl[4];
	uint32_t control, len, status = 0, n;
	uint64_t addr;
	enum dma_op op;

	if (!f->mem.read || !f->mem.write || gpa > UINT64_MAX - DMA_DESC_SIZE ||
	    f->mem.read(f->mem.ctx, gpa, d, DMA_DESC_SIZE)) {
		f->dma_faults++;
		return -1;
	}
	control = rd_be32(d);
	len = rd_be32(d + 4);
	addr = (uint64_t)rd_be32(d + 8) << 32 | rd_be32(d + 12);
	if (control & FW_CFG_DMA_CTL_SELECT)
		select_key(f, (uint16_t)(control >> 16));
	/* One operation, read first if several bits are set. */
	if (control & FW_CFG_DMA_CTL_READ)
		op = DMA_READ;
	else if (control & FW_CFG_DMA_CTL_WRITE)
		op = DMA_WRITE;
	else if (control & FW_CFG_DMA_CTL_SKIP)
		op = DMA_SKIP;
	else
		op = DMA_NONE;
	if ((op == DMA_READ || op == DMA_WRITE) && len &&
	    addr > UINT64_MAX - len)
		status = FW_CFG_DMA_CTL_ERROR; /* the range wraps */
	while (op != DMA_NONE && len && !status) {
		n = dma_step(f, op, addr, len);
		if (!n) {
			status = FW_CFG_DMA_CTL_ERROR;
			break;
		}
		addr += n;
		len -= n;
	}
	if (status)
		f->dma_errors++;
	/* The control word is rewritten: 0 done, or the error bit. */
	be32(ctl, status);
	if (f->mem.write(f->mem.ctx, gpa, ctl, 4)) {
		f->dma_faults++;
		return -1;
	}
	return 0;
}
