// SPDX-License-Identifier: GPL-2.0-only
/*
 * CFI flash (dev/pflash.h). Sources: JEDEC JESD68 "Common Flash Interface
 * (CFI)" (the query structure: "QRY", the primary command set, device
 * geometry); Intel's Basic/Extended Command Set as in the 28F-series
 * datasheets ("Command Definitions", "Status Register Definition").
 * Where QEMU's pflash_cfi01 differs from a datasheet, OVMF sees QEMU, so
 * this model does what QEMU does: clear status leaves the status register
 * 0x00 (OVMF's flash probe wants that "cleared array status") and returns
 * to read array; a broken sequence returns to read array.
 */
#include <string.h>

#include "dev/pflash.h"

static unsigned int log2_size(uint32_t size)
{
	unsigned int n = 0;

	while (n < 31 && (1u << (n + 1)) <= size)
		n++;
	return n;
}

/* The CFI query structure, byte per address (x8 device). */
static void build_cfi(struct pflash *f)
{
	uint8_t *q = f->cfi;
	uint32_t blocks = f->size / PFLASH_BLOCK_SIZE - 1;

	memset(q, 0, sizeof(f->cfi));
	q[0x10] = 'Q';
	q[0x11] = 'R';
	q[0x12] = 'Y';
	q[0x13] = 0x01; /* primary command set: Intel/Sharp extended */
	q[0x15] = 0x31; /* its extended table at 0x31 */
	q[0x1b] = 0x45; /* Vcc min 4.5 V, max 5.5 V (BCD volts) */
	q[0x1c] = 0x55;
	q[0x1f] = 0x07; /* typical byte program 2^7 us */
	q[0x21] = 0x0a; /* typical block erase 2^10 ms */
	q[0x23] = 0x04; /* maxima: 2^4 times typical */
	q[0x25] = 0x04;
	q[0x27] = (uint8_t)log2_size(f->size); /* device size 2^n bytes */
	q[0x28] = 0x00;			       /* x8 interface only */
	q[0x2a] = 0x00;			       /* no multi-byte write buffer */
	q[0x2c] = 0x01;			       /* one erase block region: */
	q[0x2d] = (uint8_t)blocks;	       /* number of blocks - 1 */
	q[0x2e] = (uint8_t)(blocks >> 8);
	q[0x2f] = (uint8_t)(PFLASH_BLOCK_SIZE / 256); /* block size / 256 */
	q[0x30] = (uint8_t)(PFLASH_BLOCK_SIZE / 256 >> 8);
	q[0x31] = 'P'; /* primary extended query, version 1.0 */
	q[0x32] = 'R';
	q[0x33] = 'I';
	q[0x34] = '1';
	q[0x35] = '0';
}

int pflash_init(struct pflash *f, uint8_t *array, uint32_t size, bool readonly)
{
	memset(f, 0, sizeof(*f));
	if (!array || !size || size % PFLASH_BLOCK_SIZE || size > 1u << 31)
		return -1;
	f->array = array;
	f->size = size;
	f->readonly = readonly;
	f->mode = PFLASH_READ_ARRAY;
	f->status = PFLASH_SR_READY;
	build_cfi(f);
	return 0;
}

uint8_t pflash_read(struct pflash *f, uint32_t off)
{
	if (off >= f->size)
		return 0xff;
	switch (f->mode) {
	case PFLASH_READ_ARRAY:
		return f->array[off];
	case PFLASH_QUERY:
		/* The query structure repeats in every 256-byte window. */
		off &= 0xff;
		return off < PFLASH_CFI_SIZE ? f->cfi[off] : 0;
	case PFLASH_READ_ID:
		return 0; /* QEMU's PC flash has identifier codes 0 */
	default:
		/* Status mode, and while a two-cycle command waits. */
		return f->status;
	}
}

static void program(struct pflash *f, uint32_t off, uint8_t val)
{
	if (f->readonly) {
		f->status |= PFLASH_SR_PROG_ERR;
	} else {
		f->array[off] = val;
		f->programs++;
	}
	f->status |= PFLASH_SR_READY;
	f->mode = PFLASH_READ_STATUS;
}

static void erase(struct pflash *f, uint32_t off)
{
	if (f->readonly) {
		f->status |= PFLASH_SR_ERASE_ERR;
	} else {
		memset(f->array + (off & ~(PFLASH_BLOCK_SIZE - 1)), 0xff,
		       PFLASH_BLOCK_SIZE);
		f->erases++;
	}
	f->status |= PFLASH_SR_READY;
	f->mode = PFLASH_READ_STATUS;
}

static void command(struct pflash *f, uint8_t cmd)
{
	switch (cmd) {
	case PFLASH_CMD_READ_ARRAY:
	case 0x00: /* QEMU takes 0 as read array too */
		f->mode = PFLASH_READ_ARRAY;
		break;
	case PFLASH_CMD_PROGRAM:
	case PFLASH_CMD_PROGRAM_ALT:
		f->mode = PFLASH_PROGRAM;
		break;
	case PFLASH_CMD_BLOCK_ERASE:
		f->mode = PFLASH_ERASE_SETUP;
		break;
	case PFLASH_CMD_CLEAR_STATUS:
		f->status = 0;
		f->mode = PFLASH_READ_ARRAY;
		break;
	case PFLASH_CMD_READ_STATUS:
		f->mode = PFLASH_READ_STATUS;
		break;
	case PFLASH_CMD_READ_ID:
		f->mode = PFLASH_READ_ID;
		break;
	case PFLASH_CMD_QUERY:
		f->mode = PFLASH_QUERY;
		break;
	default:
		f->bad_cmds++;
		f->mode = PFLASH_READ_ARRAY;
		break;
	}
}

void pflash_write(struct pflash *f, uint32_t off, uint8_t val)
{
	if (off >= f->size)
		return;
	switch (f->mode) {
	case PFLASH_PROGRAM:
		program(f, off, val);
		break;
	case PFLASH_ERASE_SETUP:
		if (val == PFLASH_CMD_ERASE_CONFIRM) {
			erase(f, off);
		} else {
			f->bad_cmds++;
			f->mode = PFLASH_READ_ARRAY;
		}
		break;
	default:
		command(f, val);
		break;
	}
}
