// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz target: the SEV firmware model's guest-request decoder
 * (fw/guest_msg.c, behind SNP_GUEST_REQUEST in fw/model.c), on a RUNNING
 * guest restored before every input.
 *
 * Input byte 0 picks the form:
 *  - even: the rest is the request page as it stands (header and
 *    ciphertext as given), so every header check and the tag check see
 *    arbitrary bytes;
 *  - odd: a well-formed message built from the input, so the decoder gets
 *    past the tag: byte 1 VMPCK index (low 3 bits: 4-7 are bad), byte 2
 *    the sequence number's distance from the expected one (0: the next,
 *    else a replay or skip), byte 3 MSG_TYPE, bytes 4-5 MSG_SZ, byte 6
 *    bit 0 flips a tag bit, the rest the cleartext payload; encrypted
 *    with AES-256-GCM (BearSSL, as the guest's side would be).
 *
 * A MSG_REPORT_REQ the firmware answers is signed with ECDSA P-384
 * (BearSSL): about 30 million instructions, where any other input takes
 * under one million (callgrind, without sanitizers). So that
 * signing does not take most of the run, a well-formed MSG_REPORT_REQ
 * asks for a report only in 1 of SIGN_ONE_IN inputs (picked by a hash of
 * the whole input, so an input always does the same); in the others its
 * VMPL field is made 4, which the firmware refuses (INVALID_PARAM) before
 * it signs. The signing itself is real in the inputs that reach it.
 *
 * Invariants (abort() so libFuzzer keeps the input):
 *  - a refused message writes nothing to the response page and moves no
 *    sequence number;
 *  - a message answered moves only its VMPCK's sequence number, by 2, and
 *    its response (header + MSG_SZ) fits in the page, zero after it;
 *  - the response type is the request's plus one and carries seqno + 1.
 */
#include <stdlib.h>
#include <string.h>

#include <bearssl_aead.h>
#include <bearssl_block.h>

#include "fw/model.h"

#define RAM_SIZE    SZ_2M
#define FWA_SIZE    (4 * SZ_4K)
#define ASID	    1u
#define SIGN_ONE_IN 32u

static uint8_t *ram, *fwa;
static uint64_t ram_table[RAM_SIZE >> 12], fwa_table[FWA_SIZE >> 12];
static struct rmp rmp_ram, rmp_fwa;
static struct fw_model m, m0;
static uint64_t gctx;
/* What the response page holds before the request, and zeros: the checks
 * compare whole ranges (memcmp) rather than byte by byte under the
 * fuzzer's comparison tracing. */
static uint8_t untouched[SZ_4K], zero[SZ_4K];

static uint64_t spa(const void *p)
{
	return (uint64_t)(uintptr_t)p;
}

static void setup(void)
{
	struct fw_model_config cfg = {
		.rmps = { &rmp_ram, &rmp_fwa },
		.nr_rmps = 2,
		.max_asid = 15,
		.fms = 0x00a10f11,
	};
	struct rmp_state fwp = { .assigned = true, .immutable = true };
	struct rmp_state pre = { .assigned = true,
				 .immutable = true,
				 .asid = ASID };
	struct snp_addr a;
	struct snp_launch_start ls = { .policy = SNP_POLICY_DEFAULT };
	struct snp_activate act = { .asid = ASID };
	struct snp_launch_update lu = { .flags = SNP_LU_PAGE_TYPE(1) };
	struct snp_launch_finish lf = { 0 };

	ram = aligned_alloc(SZ_2M, RAM_SIZE);
	fwa = aligned_alloc(SZ_4K, FWA_SIZE);
	if (!ram || !fwa)
		abort();
	memset(ram, 0x5a, SZ_4K);
	memset(cfg.seed, 3, sizeof(cfg.seed));
	rmp_sw_init(&rmp_ram, spa(ram), RAM_SIZE, ram_table);
	rmp_sw_init(&rmp_fwa, spa(fwa), FWA_SIZE, fwa_table);
	fw_model_init(&m, &cfg);
	gctx = spa(fwa);
	rmp_update(&rmp_fwa, gctx, &fwp);
	rmp_update(&rmp_fwa, gctx + 2 * SZ_4K, &fwp); /* the response page */
	rmp_update(&rmp_ram, spa(ram), &pre);
	a.address = gctx;
	ls.gctx_paddr = act.gctx_paddr = lu.gctx_paddr = lf.gctx_paddr = gctx;
	lu.address = spa(ram);
	if (fw_cmd(&m.fw, SEV_CMD_SNP_INIT, NULL) ||
	    fw_cmd(&m.fw, SEV_CMD_SNP_GCTX_CREATE, &a) ||
	    fw_cmd(&m.fw, SEV_CMD_SNP_LAUNCH_START, &ls) ||
	    fw_cmd(&m.fw, SEV_CMD_SNP_ACTIVATE, &act) ||
	    fw_cmd(&m.fw, SEV_CMD_SNP_LAUNCH_UPDATE, &lu) ||
	    fw_cmd(&m.fw, SEV_CMD_SNP_LAUNCH_FINISH, &lf))
		abort();
	m0 = m;
}

/* The guest's AES-CTR and GHASH: BearSSL's AES-NI and PCLMULQDQ code
 * where the CPU has them (the firmware model keeps its constant-time
 * portable ones), else the portable ones. */
static const br_block_ctr_class *ctr;
static br_ghash ghash;

/* Does this input's MSG_REPORT_REQ reach the signing? FNV-1a of it. */
static bool signs(const uint8_t *d, size_t n)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < n; i++)
		h = (h ^ d[i]) * 16777619u;
	return h % SIGN_ONE_IN == 0;
}

/* The guest's side: a header at the ABI's offsets, the payload sealed. */
static void build(uint8_t *req, const uint8_t *d, size_t n,
		  const struct fw_model_guest *g)
{
	unsigned idx = d[1] & 7, flags = n > 6 ? d[6] : 0;
	uint64_t seq = (idx < 4 ? g->msg_seqno[idx] : 0) + 1 + d[2];
	uint16_t hdr_sz = 0x60, sz = (uint16_t)(d[4] | d[5] << 8);
	br_aes_gen_ctr_keys aes;
	br_gcm_context gc;
	uint8_t iv[12] = { 0 };

	if (sz > SZ_4K - 0x60)
		sz = SZ_4K - 0x60;
	memcpy(req + 0x20, &seq, 8);
	req[0x30] = 1;
	req[0x31] = 1;
	memcpy(req + 0x32, &hdr_sz, 2);
	req[0x34] = d[3];
	req[0x35] = 1;
	memcpy(req + 0x36, &sz, 2);
	req[0x3c] = (uint8_t)idx;
	if (n > 7)
		memcpy(req + 0x60, d + 7, n - 7 < sz ? n - 7 : sz);
	if (d[3] == SNP_MSG_REPORT_REQ && sz >= 0x48 && !signs(d, n)) {
		/* SNP FW ABI "MSG_REPORT_REQ": VMPL at 0x40, above 3 is
		 * INVALID_PARAM. */
		uint32_t vmpl = 4;

		memcpy(req + 0x60 + 0x40, &vmpl, 4);
	}
	memcpy(iv, &seq, 8);
	ctr->init(&aes.vtable, g->vmpck[idx & 3], 32);
	br_gcm_init(&gc, &aes.vtable, ghash);
	br_gcm_reset(&gc, iv, sizeof(iv));
	br_gcm_aad_inject(&gc, req + 0x30, 0x30);
	br_gcm_flip(&gc);
	br_gcm_run(&gc, 1, req + 0x60, sz);
	br_gcm_get_tag(&gc, req);
	if (flags & 1)
		req[5] ^= 0x10;
}

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	static int ready;
	uint8_t *req, *resp;
	const struct fw_model_guest *g;
	struct snp_guest_request b;
	uint64_t before[4], seq;
	enum sev_status st;
	uint16_t sz;

	if (!ready) {
		ctr = br_aes_x86ni_ctr_get_vtable();
		if (!ctr)
			ctr = &br_aes_ct64_ctr_vtable;
		ghash = br_ghash_pclmul_get();
		if (!ghash)
			ghash = br_ghash_ctmul64;
		setup();
		memset(untouched, 0xab, SZ_4K);
		ready = 1;
	}
	if (n < 1 || n > SZ_4K + 1 || ((d[0] & 1) && n < 6))
		return 0;
	m = m0;
	g = fw_model_guest(&m, gctx);
	req = fwa + SZ_4K;
	resp = fwa + 2 * SZ_4K;
	memset(req, 0, SZ_4K);
	memcpy(resp, untouched, SZ_4K);
	if (d[0] & 1)
		build(req, d, n, g);
	else
		memcpy(req, d + 1, n - 1);
	memcpy(before, g->msg_seqno, sizeof(before));
	b = (struct snp_guest_request){ .gctx_paddr = gctx,
					.req_paddr = spa(req),
					.res_paddr = spa(resp) };
	st = fw_cmd(&m.fw, SEV_CMD_SNP_GUEST_REQUEST, &b);
	if (st != SEV_STATUS_SUCCESS) {
		if (memcmp(resp, untouched, SZ_4K))
			abort(); /* a refused message wrote */
		if (memcmp(before, g->msg_seqno, sizeof(before)))
			abort(); /* ... or used a sequence number */
		return 0;
	}
	{
		unsigned idx = req[0x3c], moved = 0;

		for (unsigned i = 0; i < 4; i++)
			if (g->msg_seqno[i] != before[i])
				moved++;
		if (idx > 3 || moved != 1 ||
		    g->msg_seqno[idx] != before[idx] + 2)
			abort();
		memcpy(&seq, resp + 0x20, 8);
		memcpy(&sz, resp + 0x36, 2);
		if (seq != before[idx] + 2 || resp[0x34] != req[0x34] + 1 ||
		    resp[0x3c] != idx || sz > SZ_4K - 0x60)
			abort();
		if (memcmp(resp + 0x60 + sz, zero, SZ_4K - 0x60 - sz))
			abort();
	}
	return 0;
}
