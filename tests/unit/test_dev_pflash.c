// SPDX-License-Identifier: GPL-2.0-only
/*
 * dev/pflash.c: the sequences OVMF's QemuFlash uses (its flash probe,
 * byte program, block erase, back to read array), the status register,
 * CFI query geometry, read-only flash, broken sequences and accesses past
 * the array.
 */
#include <string.h>

#include "dev/pflash.h"
#include "tests/lib/tap.h"

#define SIZE (16 * 4096u)

static uint8_t array[SIZE];

static void fill(void)
{
	unsigned int i;

	for (i = 0; i < SIZE; i++)
		array[i] = (uint8_t)(i * 13 + 3);
}

int main(void)
{
	struct pflash f;
	uint8_t orig, probe;
	unsigned int i, ok;
	uint64_t seed = 0xabcdef12345ull;

	tap_eq(pflash_init(&f, array, 4096 + 1, false), -1,
	       "size not whole blocks refused");
	tap_eq(pflash_init(&f, array, 0, false), -1, "size 0 refused");
	tap_eq(pflash_init(&f, NULL, SIZE, false), -1, "no array refused");
	fill();
	tap_eq(pflash_init(&f, array, SIZE, false), 0, "16 blocks");
	tap_eq(pflash_read(&f, 5), array[5], "starts in read array");

	/* OVMF's probe: clear status must not read back as 0x50 (RAM),
	 * read status must give 0x00 (cleared array status). */
	orig = pflash_read(&f, 0x100);
	pflash_write(&f, 0x100, PFLASH_CMD_CLEAR_STATUS);
	probe = pflash_read(&f, 0x100);
	tap_check(probe == orig && orig != 0x50,
		  "after clear status: the array byte, not 0x50");
	pflash_write(&f, 0x100, PFLASH_CMD_READ_STATUS);
	tap_eq(pflash_read(&f, 0x100), 0x00, "read status: 0x00 after clear");
	tap_eq(pflash_read(&f, 0x2345), 0x00, "status at any address");
	pflash_write(&f, 0x100, PFLASH_CMD_READ_ARRAY);
	tap_eq(pflash_read(&f, 0x100), orig, "read array again: unchanged");

	/* Byte program: 0x10 then the data, at the data's address. */
	pflash_write(&f, 0x1234, PFLASH_CMD_PROGRAM);
	tap_eq(pflash_read(&f, 0x1234), 0x00, "program setup reads status");
	pflash_write(&f, 0x1234, 0x5a);
	tap_eq(pflash_read(&f, 0x1234), PFLASH_SR_READY,
	       "after program: status, ready");
	pflash_write(&f, 0, PFLASH_CMD_READ_ARRAY);
	tap_eq(pflash_read(&f, 0x1234), 0x5a, "programmed byte reads back");
	pflash_write(&f, 0x1235, PFLASH_CMD_PROGRAM_ALT);
	pflash_write(&f, 0x1235, 0xa5);
	pflash_write(&f, 0, PFLASH_CMD_READ_ARRAY);
	tap_eq(pflash_read(&f, 0x1235), 0xa5, "0x40 programs too");
	tap_eq(f.programs, 2, "two programs counted");

	/* Block erase: 0x20, 0xd0 at an address in the block. */
	pflash_write(&f, 0x2abc, PFLASH_CMD_BLOCK_ERASE);
	pflash_write(&f, 0x2abc, PFLASH_CMD_ERASE_CONFIRM);
	tap_eq(pflash_read(&f, 0), PFLASH_SR_READY, "after erase: status");
	pflash_write(&f, 0, PFLASH_CMD_READ_ARRAY);
	for (i = 0x2000, ok = 1; i < 0x3000; i++)
		ok &= array[i] == 0xff;
	tap_check(ok && array[0x1fff] == (uint8_t)(0x1fff * 13 + 3) &&
			  array[0x3000] == (uint8_t)(0x3000 * 13 + 3),
		  "erase: exactly the 4 KiB block, to 0xff");
	tap_eq(pflash_read(&f, 0x2000), 0xff, "erased block reads 0xff");

	/* Broken erase sequence: nothing erased, back to read array. */
	pflash_write(&f, 0x4000, PFLASH_CMD_BLOCK_ERASE);
	pflash_write(&f, 0x4000, 0xff);
	tap_check(pflash_read(&f, 0x4000) == (uint8_t)(0x4000 * 13 + 3) &&
			  f.bad_cmds == 1 && f.erases == 1,
		  "erase without confirm: no erase, read array, counted");
	pflash_write(&f, 0, 0xe8);
	tap_check(f.bad_cmds == 2 && f.mode == PFLASH_READ_ARRAY,
		  "write-to-buffer (not implemented): counted, read array");

	/* CFI query. */
	pflash_write(&f, 0x55, PFLASH_CMD_QUERY);
	tap_check(pflash_read(&f, 0x10) == 'Q' &&
			  pflash_read(&f, 0x11) == 'R' &&
			  pflash_read(&f, 0x12) == 'Y',
		  "query: QRY");
	tap_eq(pflash_read(&f, 0x13), 1, "query: Intel command set");
	tap_eq(pflash_read(&f, 0x27), 16, "query: device size 2^16 bytes");
	tap_eq(pflash_read(&f, 0x2d) | pflash_read(&f, 0x2e) << 8, 15,
	       "query: 16 blocks (count - 1)");
	tap_eq(pflash_read(&f, 0x2f) | pflash_read(&f, 0x30) << 8, 16,
	       "query: block size 16 x 256");
	tap_eq(pflash_read(&f, 0x110), 'Q', "query repeats every 256 bytes");
	tap_eq(pflash_read(&f, 0x80), 0, "query past the table: 0");
	pflash_write(&f, 0, PFLASH_CMD_READ_ID);
	tap_eq(pflash_read(&f, 0) | pflash_read(&f, 1), 0,
	       "identifier codes 0");
	pflash_write(&f, 0, 0x00);
	tap_eq(pflash_read(&f, 0x10), array[0x10], "0x00 is read array");

	/* Past the array. */
	pflash_write(&f, SIZE, PFLASH_CMD_PROGRAM);
	tap_eq(f.mode, PFLASH_READ_ARRAY, "write past the array ignored");
	tap_eq(pflash_read(&f, SIZE + 5), 0xff, "read past the array: 0xff");
	tap_eq(pflash_read(&f, UINT32_MAX), 0xff, "read at 4 GiB - 1: 0xff");

	/* Read-only flash. */
	fill();
	pflash_init(&f, array, SIZE, true);
	pflash_write(&f, 0x10, PFLASH_CMD_PROGRAM);
	pflash_write(&f, 0x10, 0);
	tap_eq(pflash_read(&f, 0x10), PFLASH_SR_READY | PFLASH_SR_PROG_ERR,
	       "read-only: program error SR.4");
	pflash_write(&f, 0x10, PFLASH_CMD_BLOCK_ERASE);
	pflash_write(&f, 0x10, PFLASH_CMD_ERASE_CONFIRM);
	tap_eq(pflash_read(&f, 0x10) & PFLASH_SR_ERASE_ERR, PFLASH_SR_ERASE_ERR,
	       "read-only: erase error SR.5");
	pflash_write(&f, 0x10, PFLASH_CMD_CLEAR_STATUS);
	pflash_write(&f, 0x10, PFLASH_CMD_READ_STATUS);
	tap_eq(pflash_read(&f, 0x10), 0, "clear status clears the errors");
	pflash_write(&f, 0, PFLASH_CMD_READ_ARRAY);
	tap_check(array[0x10] == (uint8_t)(0x10 * 13 + 3) && !f.programs &&
			  !f.erases,
		  "read-only: array unchanged");

	/* Random byte writes anywhere: no access outside the array (ASan),
	 * and the array changes only by program or erase. */
	fill();
	pflash_init(&f, array, SIZE, false);
	for (i = 0, ok = 1; i < 200000; i++) {
		uint64_t r = tap_xorshift64(&seed);
		uint32_t off = (uint32_t)(r % (SIZE + 64));
		uint64_t p = f.programs, e = f.erases;
		uint8_t before = off < SIZE ? array[off] : 0;
		static const uint8_t cmds[] = { 0x10, 0x20, 0xd0, 0x50, 0x70,
						0x90, 0x98, 0xff, 0x00, 0x60 };
		uint8_t v = r >> 32 & 1 ? cmds[(r >> 33) % sizeof(cmds)] :
					  (uint8_t)(r >> 40);

		if (r >> 48 & 1)
			(void)pflash_read(&f, off);
		pflash_write(&f, off, v);
		if (off < SIZE && array[off] != before && f.programs == p &&
		    f.erases == e)
			ok = 0;
	}
	tap_check(ok, "200000 random writes: the array changes only by a "
		      "program or an erase");
	return tap_done();
}
