// SPDX-License-Identifier: GPL-2.0-only
/*
 * The MMIO Read and MMIO Write NAE events in the engine (snp/vmgexit.c;
 * GHCB spec "MMIO Read", "MMIO Write"): without a hypervisor callback
 * both are INVALID_EVENT; SW_SCRATCH not valid is MISSING_INPUT; a length
 * of 0 or more than 8 is INVALID_INPUT; a scratch area outside the GHCB
 * shared buffer on the GHCB page, outside guest memory or in private
 * memory is INVALID_SCRATCH_AREA; none of these reach the callback. A good
 * read and write reach it with the GPA, length and data, from the GHCB
 * shared buffer or a shared page; the callback's refusal is
 * INVALID_INPUT.
 */
#include <string.h>

#include "tests/lib/model.h"
#include "tests/lib/tap.h"

#define MEM	(4 * SZ_2M)
#define GHCB	0x10000ull
#define SHARED	0x11000ull
#define DEV_GPA 0xfee00030ull

static unsigned calls;
static uint64_t seen_gpa;
static unsigned seen_len;
static bool seen_write;
static uint8_t seen_data[8];

static int fake_mmio(void *ctx, uint64_t gpa, unsigned len, bool write,
		     uint8_t *data)
{
	(void)ctx;
	calls++;
	seen_gpa = gpa;
	seen_len = len;
	seen_write = write;
	if (gpa != DEV_GPA)
		return -1;
	if (write)
		memcpy(seen_data, data, len);
	else
		for (unsigned i = 0; i < len; i++)
			data[i] = (uint8_t)(0xa0 + i);
	return 0;
}

static struct ghcb *event(struct model *m, uint64_t code, uint64_t gpa,
			  uint64_t len, uint64_t scratch)
{
	struct ghcb *g = model_nae(m, GHCB, code, gpa, len);

	g->sw_scratch = scratch;
	ghcb_set_valid(g, GHCB_VALID_BIT(sw_scratch));
	return g;
}

static bool err_is(const struct ghcb *g, uint64_t err)
{
	return g->sw_exit_info_1 == GHCB_ERROR && g->sw_exit_info_2 == err;
}

int main(void)
{
	const uint64_t buf = GHCB + GHCB_SHARED_BUF_OFF;
	struct model m;
	struct ghcb *g;

	model_init(&m, MEM, SNP_RMP_MAX_2M);
	g = event(&m, SVM_VMGEXIT_MMIO_READ, DEV_GPA, 4, buf);
	snp_vmgexit(&m.vc);
	tap_check(err_is(g, GHCB_ERR_INVALID_EVENT),
		  "no callback: MMIO Read is INVALID_EVENT");

	m.vm.mmio = fake_mmio;
	g = event(&m, SVM_VMGEXIT_MMIO_READ, DEV_GPA, 4, buf);
	g->valid_bitmap[GHCB_VALID_BIT(sw_scratch) / 8] &= (uint8_t) ~(
		1u << (GHCB_VALID_BIT(sw_scratch) % 8));
	snp_vmgexit(&m.vc);
	tap_check(calls == 0 && err_is(g, GHCB_ERR_MISSING_INPUT),
		  "SW_SCRATCH not valid: MISSING_INPUT, callback not called");

	g = event(&m, SVM_VMGEXIT_MMIO_READ, DEV_GPA, 0, buf);
	snp_vmgexit(&m.vc);
	tap_check(calls == 0 && err_is(g, GHCB_ERR_INVALID_INPUT),
		  "0 bytes: INVALID_INPUT");
	g = event(&m, SVM_VMGEXIT_MMIO_WRITE, DEV_GPA, 9, buf);
	snp_vmgexit(&m.vc);
	tap_check(calls == 0 && err_is(g, GHCB_ERR_INVALID_INPUT),
		  "9 bytes: INVALID_INPUT");

	g = event(&m, SVM_VMGEXIT_MMIO_READ, DEV_GPA, 8, GHCB + 0x3a8);
	snp_vmgexit(&m.vc);
	tap_check(calls == 0 && err_is(g, GHCB_ERR_INVALID_SCRATCH_AREA),
		  "scratch on the GHCB page below the shared buffer: INVALID_SCRATCH_AREA");
	g = event(&m, SVM_VMGEXIT_MMIO_READ, DEV_GPA, 8,
		  GHCB + GHCB_SHARED_BUF_END - 4);
	snp_vmgexit(&m.vc);
	tap_check(calls == 0 && err_is(g, GHCB_ERR_INVALID_SCRATCH_AREA),
		  "scratch running past the shared buffer: INVALID_SCRATCH_AREA");
	g = event(&m, SVM_VMGEXIT_MMIO_READ, DEV_GPA, 4, MEM);
	snp_vmgexit(&m.vc);
	tap_check(calls == 0 && err_is(g, GHCB_ERR_INVALID_SCRATCH_AREA),
		  "scratch outside guest memory: INVALID_SCRATCH_AREA");
	g = event(&m, SVM_VMGEXIT_MMIO_READ, DEV_GPA, 8, MEM - 4);
	snp_vmgexit(&m.vc);
	tap_check(calls == 0 && err_is(g, GHCB_ERR_INVALID_SCRATCH_AREA),
		  "scratch running off the end of guest memory: INVALID_SCRATCH_AREA");
	snp_launch_range(&m.vm, MEM - SZ_2M, SZ_2M, SNP_RMP_MAX_2M);
	g = event(&m, SVM_VMGEXIT_MMIO_WRITE, DEV_GPA, 4, MEM - SZ_4K);
	snp_vmgexit(&m.vc);
	tap_check(calls == 0 && err_is(g, GHCB_ERR_INVALID_SCRATCH_AREA),
		  "private scratch: INVALID_SCRATCH_AREA");
	g = event(&m, SVM_VMGEXIT_MMIO_WRITE, DEV_GPA, 8, MEM - SZ_2M - 4);
	snp_vmgexit(&m.vc);
	tap_check(calls == 0 && err_is(g, GHCB_ERR_INVALID_SCRATCH_AREA),
		  "scratch running from a shared into a private page: INVALID_SCRATCH_AREA");

	g = event(&m, SVM_VMGEXIT_MMIO_READ, DEV_GPA, 4, buf + 5);
	memset(m.mem + buf, 0x55, 16);
	tap_eq(snp_vmgexit(&m.vc), SNP_RESUME, "MMIO Read: resumed");
	tap_check(calls == 1 && !seen_write && seen_gpa == DEV_GPA &&
			  seen_len == 4,
		  "... the callback got a 4-byte read of the GPA");
	tap_check(g->sw_exit_info_1 == 0 && m.mem[buf + 4] == 0x55 &&
			  m.mem[buf + 5] == 0xa0 && m.mem[buf + 8] == 0xa3 &&
			  m.mem[buf + 9] == 0x55,
		  "... its 4 bytes and only those are in the shared buffer, SW_EXITINFO1 = 0");

	memcpy(m.mem + SHARED + 0x10, "\x11\x22\x33\x44\x55\x66\x77\x88", 8);
	g = event(&m, SVM_VMGEXIT_MMIO_WRITE, DEV_GPA, 8, SHARED + 0x10);
	snp_vmgexit(&m.vc);
	tap_check(calls == 2 && seen_write && seen_len == 8 &&
			  !memcmp(seen_data, "\x11\x22\x33\x44\x55\x66\x77\x88",
				  8) &&
			  g->sw_exit_info_1 == 0,
		  "MMIO Write from a shared page: the callback got the 8 bytes");

	g = event(&m, SVM_VMGEXIT_MMIO_READ, 0x20000, 4, buf);
	snp_vmgexit(&m.vc);
	tap_check(calls == 3 && seen_gpa == 0x20000 &&
			  err_is(g, GHCB_ERR_INVALID_INPUT),
		  "a GPA the callback refuses: INVALID_INPUT");
	model_free(&m);
	return tap_done();
}
