/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A CFI NOR flash with the Intel/Sharp command set, as QEMU's
 * pflash_cfi01 presents OVMF's flash on the PC (bank width 1, 4 KiB
 * blocks, identifier codes 0): read array, read status, clear status,
 * read identifier, CFI query, block erase, byte program. Enough for
 * OVMF's variable store (OvmfPkg QemuFlashFvbServicesRuntimeDxe). Not
 * implemented: write-to-buffer (0xe8), block lock/unlock (0x60),
 * suspend/resume (0xb0/0xd0 outside an erase), program or erase taking
 * time (every operation completes at once), bit-clearing program
 * semantics (QEMU stores the byte, and so does this model).
 *
 * The array is the caller's buffer (the guest's copy of the flash
 * range), read and changed in place; offsets are from its start.
 */
#ifndef DEV_PFLASH_H
#define DEV_PFLASH_H

#include "dev/dev.h"

#define PFLASH_BLOCK_SIZE 4096u

/* Commands (first bus cycle). */
#define PFLASH_CMD_READ_ARRAY	 0xff
#define PFLASH_CMD_PROGRAM	 0x10 /* 0x40 is the same */
#define PFLASH_CMD_PROGRAM_ALT	 0x40
#define PFLASH_CMD_BLOCK_ERASE	 0x20
#define PFLASH_CMD_ERASE_CONFIRM 0xd0
#define PFLASH_CMD_CLEAR_STATUS	 0x50
#define PFLASH_CMD_READ_STATUS	 0x70
#define PFLASH_CMD_READ_ID	 0x90
#define PFLASH_CMD_QUERY	 0x98

/* Status register bits. */
#define PFLASH_SR_READY	    0x80 /* SR.7 write state machine ready */
#define PFLASH_SR_ERASE_ERR 0x20 /* SR.5 */
#define PFLASH_SR_PROG_ERR  0x10 /* SR.4 */

#define PFLASH_CFI_SIZE 0x40

enum pflash_mode {
	PFLASH_READ_ARRAY,
	PFLASH_READ_STATUS,
	PFLASH_READ_ID,
	PFLASH_QUERY,
	PFLASH_PROGRAM,	    /* the next write is the data */
	PFLASH_ERASE_SETUP, /* the next write must be the confirm */
};

struct pflash {
	uint8_t *array;
	uint32_t size;
	bool readonly; /* program and erase fail with SR.4 / SR.5 */
	enum pflash_mode mode;
	uint8_t status;
	uint8_t cfi[PFLASH_CFI_SIZE];
	uint64_t programs, erases;
	uint64_t bad_cmds; /* unknown commands and broken sequences */
};

/*
 * array: size bytes, a non-zero multiple of PFLASH_BLOCK_SIZE (up to
 * 2 GiB). Returns 0, -1 for a size that is not.
 */
int pflash_init(struct pflash *f, uint8_t *array, uint32_t size, bool readonly);

/* One byte at off: the array, status, identifier or query data as the
 * mode says; past the end of the array 0xff. */
uint8_t pflash_read(struct pflash *f, uint32_t off);

/* One byte written at off (a command or a command's second cycle);
 * beyond the array ignored. */
void pflash_write(struct pflash *f, uint32_t off, uint8_t val);

#endif
