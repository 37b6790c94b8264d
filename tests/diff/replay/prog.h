/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The request program of the end-to-end scenario diff: written by
 * tests/diff/scn_pack.c (which documents the encoding), interpreted by
 * the replay guest (main.c). Shared by both; constants only.
 */
#ifndef SCN_REPLAY_PROG_H
#define SCN_REPLAY_PROG_H

#define SCN_PROG_MAGIC 0x31474f52504e4353ull /* "SCNPROG1" */
#define SCN_SEL_WORDS  4 /* selection bitmap: 256 scenarios */
#define SCN_HDR_WORDS  (3 + SCN_SEL_WORDS)

enum scn_op {
	SCN_OP_END = 0,
	SCN_OP_BLOCK = 1,
	SCN_OP_PRINT = 2,
	SCN_OP_MAP = 3,
	SCN_OP_PVAL = 4,
	SCN_OP_CBIT = 5,
	SCN_OP_MSR = 6,
	SCN_OP_WRITE = 7,
	SCN_OP_ZERO = 8,
};

#endif
