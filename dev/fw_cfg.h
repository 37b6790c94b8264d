/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * QEMU's firmware configuration device (fw_cfg) as the x86 PC presents
 * it: a 16-bit selector at port 0x510, a byte-wide data port at 0x511 and
 * the DMA address register at 0x514-0x51b (QEMU docs/specs/fw_cfg.rst,
 * "Firmware Configuration (fw_cfg) Device"). The items are the caller's:
 * fixed keys (fw_cfg_add) and named files (fw_cfg_add_file) that the
 * model lists in its file directory; the signature and the ID are the
 * model's own. DMA goes only through the caller's guest-memory accessor,
 * which must refuse any range that is not wholly guest RAM.
 */
#ifndef DEV_FW_CFG_H
#define DEV_FW_CFG_H

#include "dev/dev.h"

#define FW_CFG_PORT_SEL	   0x510 /* 16-bit write: the selector */
#define FW_CFG_PORT_DATA   0x511 /* 8-bit read: the next byte */
#define FW_CFG_PORT_DMA	   0x514 /* 0x514 high, 0x518 low; big-endian */
#define FW_CFG_PORT_DMA_LO 0x518

/* Selector keys (fw_cfg.rst, "Selector (Control) Register"). */
#define FW_CFG_SIGNATURE     0x0000
#define FW_CFG_ID	     0x0001
#define FW_CFG_NB_CPUS	     0x0005
#define FW_CFG_MAX_CPUS	     0x000f
#define FW_CFG_FILE_DIR	     0x0019
#define FW_CFG_FILE_FIRST    0x0020
#define FW_CFG_WRITE_CHANNEL 0x4000 /* ignored for the lookup */
#define FW_CFG_ARCH_LOCAL    0x8000
#define FW_CFG_E820_TABLE    0x8003

/* FW_CFG_ID bits. */
#define FW_CFG_VERSION	   0x01 /* the port (traditional) interface */
#define FW_CFG_VERSION_DMA 0x02

/* FWCfgDmaAccess.control bits ("Guest-side DMA Interface"). */
#define FW_CFG_DMA_CTL_ERROR  0x01
#define FW_CFG_DMA_CTL_READ   0x02
#define FW_CFG_DMA_CTL_SKIP   0x04
#define FW_CFG_DMA_CTL_SELECT 0x08
#define FW_CFG_DMA_CTL_WRITE  0x10

/* "QEMU CFG", what reads of the DMA address register return. */
#define FW_CFG_DMA_SIGNATURE 0x51454d5520434647ull

#define FW_CFG_MAX_ITEMS     48
#define FW_CFG_MAX_FILES     32
#define FW_CFG_FILE_NAME_MAX 56 /* with its NUL */
/* The directory: be32 count, then per file be32 size, be16 select,
 * u16 reserved, char name[56]. */
#define FW_CFG_DIR_ENTRY     64
#define FW_CFG_DIR_SIZE	     (4 + FW_CFG_DIR_ENTRY * FW_CFG_MAX_FILES)

/*
 * Guest memory for DMA: 0 when [gpa, gpa + len) is guest RAM and was
 * copied, non-zero (nothing copied) otherwise. len is never 0 and
 * gpa + len never wraps.
 */
struct fw_cfg_mem {
	int (*read)(void *ctx, uint64_t gpa, void *buf, uint32_t len);
	int (*write)(void *ctx, uint64_t gpa, const void *buf, uint32_t len);
	void *ctx;
};

struct fw_cfg_item {
	uint16_t key; /* without FW_CFG_WRITE_CHANNEL */
	uint32_t size;
	const uint8_t *data;
	uint8_t *wdata; /* non-NULL: DMA writes allowed (same buffer) */
};

struct fw_cfg {
	struct fw_cfg_item items[FW_CFG_MAX_ITEMS];
	unsigned int nr_items, nr_files;
	bool dma;	       /* offer the DMA interface */
	struct fw_cfg_mem mem; /* guest RAM for DMA */
	uint8_t sig[4], id[4];
	uint8_t dir[FW_CFG_DIR_SIZE];
	int cur;	     /* index into items, -1: nothing selected */
	uint32_t offset;     /* into the selected item */
	uint64_t dma_addr;   /* the address register, host order */
	uint64_t dma_errors; /* transfers that ended with the error bit */
	uint64_t dma_faults; /* descriptors outside guest RAM */
};

/* Signature, ID (DMA bit when dma) and an empty file directory. */
void fw_cfg_init(struct fw_cfg *f, bool dma, const struct fw_cfg_mem *mem);

/*
 * A fixed-key item (key below FW_CFG_FILE_FIRST, or arch-local), the
 * caller's buffer used in place. Returns 0, -1 when the key is taken or
 * reserved (signature, ID, directory) or the table is full.
 */
int fw_cfg_add(struct fw_cfg *f, uint16_t key, const void *data, uint32_t size);

/*
 * A named file at the next key from FW_CFG_FILE_FIRST, listed in the
 * directory. wdata non-NULL makes it DMA-writable. Returns its key, or -1
 * (name empty or too long, duplicate, table full).
 */
int fw_cfg_add_file(struct fw_cfg *f, const char *name, const void *data,
		    uint32_t size, void *wdata);

/*
 * Port accesses of `size` bytes (1, 2 or 4). Decoded: a 2-byte write of
 * the selector, 1-byte reads of the data port, 4-byte writes of the DMA
 * halves (values as the CPU's register holds them: the device is
 * big-endian) and reads of the DMA signature; anything else reads
 * all-ones and ignores the write.
 */
uint32_t fw_cfg_io_read(struct fw_cfg *f, uint16_t port, unsigned int size);
void fw_cfg_io_write(struct fw_cfg *f, uint16_t port, unsigned int size,
		     uint32_t val);

/*
 * One DMA transfer from the descriptor at gpa (what a write of the low
 * half starts). Returns 0 when the descriptor was processed (its control
 * word then says 0 or FW_CFG_DMA_CTL_ERROR), -1 when the descriptor
 * itself is not in guest RAM (nothing written; dma_faults counts it).
 */
int fw_cfg_dma(struct fw_cfg *f, uint64_t gpa);

#endif
