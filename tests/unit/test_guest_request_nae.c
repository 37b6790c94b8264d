// SPDX-License-Identifier: GPL-2.0-only
/*
 * The SNP Guest Request and SNP Extended Guest Request NAE events in the
 * engine (snp/vmgexit.c; GHCB spec "SNP Guest Request", "SNP Extended
 * Guest Request"): two shared guest pages reach the firmware callback and
 * its answer lands in SW_EXITINFO2; a private, outside, unaligned or
 * repeated page is INVALID_INPUT and the firmware is not called; the
 * extended request needs RAX/RBX and gets an empty certificate table;
 * without a callback both events are INVALID_EVENT.
 */
#include <string.h>

#include "tests/lib/model.h"
#include "tests/lib/tap.h"

#define MEM   (4 * SZ_2M)
#define GHCB  0x10000ull
#define REQ   0x11000ull
#define RESP  0x12000ull
#define CERTS 0x13000ull

static unsigned calls;
static uint64_t seen_req, seen_resp;

static uint64_t fake_fw(void *ctx, uint64_t req, uint64_t resp)
{
	(void)ctx;
	calls++;
	seen_req = req;
	seen_resp = resp;
	return 0x16; /* a firmware status, passed through as it is */
}

static struct ghcb *event(struct model *m, uint64_t code, uint64_t req,
			  uint64_t resp)
{
	struct ghcb *g = model_ghcb(m, GHCB);

	memset(g, 0, sizeof(*g));
	g->sw_exit_code = code;
	g->sw_exit_info_1 = req;
	g->sw_exit_info_2 = resp;
	ghcb_set_valid(g, GHCB_VALID_BIT(sw_exit_code));
	ghcb_set_valid(g, GHCB_VALID_BIT(sw_exit_info_1));
	ghcb_set_valid(g, GHCB_VALID_BIT(sw_exit_info_2));
	return g;
}

int main(void)
{
	struct model m;
	struct ghcb *g;

	model_init(&m, MEM, SNP_RMP_MAX_2M);
	g = event(&m, SVM_VMGEXIT_GUEST_REQUEST, REQ, RESP);
	snp_vmgexit(&m.vc);
	tap_check(g->sw_exit_info_1 == GHCB_ERROR &&
			  g->sw_exit_info_2 == GHCB_ERR_INVALID_EVENT,
		  "no firmware: SNP Guest Request is INVALID_EVENT");

	m.vm.guest_request = fake_fw;
	g = event(&m, SVM_VMGEXIT_GUEST_REQUEST, REQ, RESP);
	tap_eq(snp_vmgexit(&m.vc), SNP_RESUME, "SNP Guest Request: resumed");
	tap_check(calls == 1 && seen_req == REQ && seen_resp == RESP,
		  "... the firmware got the two GPAs");
	tap_check(g->sw_exit_info_1 == 0 && g->sw_exit_info_2 == 0x16,
		  "... SW_EXITINFO2 = its answer, SW_EXITINFO1 = 0");

	/* The top 2 MiB private. */
	snp_launch_range(&m.vm, MEM - SZ_2M, SZ_2M, SNP_RMP_MAX_2M);
	g = event(&m, SVM_VMGEXIT_GUEST_REQUEST, REQ, MEM - SZ_4K);
	snp_vmgexit(&m.vc);
	tap_check(calls == 1 && g->sw_exit_info_1 == GHCB_ERROR &&
			  g->sw_exit_info_2 == GHCB_ERR_INVALID_INPUT,
		  "a private response page: INVALID_INPUT, firmware not called");
	g = event(&m, SVM_VMGEXIT_GUEST_REQUEST, MEM - SZ_4K, RESP);
	snp_vmgexit(&m.vc);
	tap_check(calls == 1 && g->sw_exit_info_2 == GHCB_ERR_INVALID_INPUT,
		  "a private request page: INVALID_INPUT");
	model_reset(&m, SNP_RMP_MAX_2M);
	m.vm.guest_request = fake_fw;
	g = event(&m, SVM_VMGEXIT_GUEST_REQUEST, REQ, MEM);
	snp_vmgexit(&m.vc);
	tap_check(calls == 1 && g->sw_exit_info_2 == GHCB_ERR_INVALID_INPUT,
		  "a response page outside guest memory: INVALID_INPUT");
	g = event(&m, SVM_VMGEXIT_GUEST_REQUEST, REQ + 8, RESP);
	snp_vmgexit(&m.vc);
	tap_check(calls == 1 && g->sw_exit_info_2 == GHCB_ERR_INVALID_INPUT,
		  "an unaligned request page: INVALID_INPUT");
	g = event(&m, SVM_VMGEXIT_GUEST_REQUEST, REQ, REQ);
	snp_vmgexit(&m.vc);
	tap_check(calls == 1 && g->sw_exit_info_2 == GHCB_ERR_INVALID_INPUT,
		  "request page = response page: INVALID_INPUT");

	g = event(&m, SVM_VMGEXIT_EXT_GUEST_REQUEST, REQ, RESP);
	snp_vmgexit(&m.vc);
	tap_check(calls == 1 && g->sw_exit_info_2 == GHCB_ERR_MISSING_INPUT,
		  "extended request without RAX/RBX valid: MISSING_INPUT");
	memset(m.mem + CERTS, 0xee, SZ_4K);
	g = event(&m, SVM_VMGEXIT_EXT_GUEST_REQUEST, REQ, RESP);
	g->rax = CERTS;
	g->rbx = 4;
	ghcb_set_valid(g, GHCB_VALID_BIT(rax));
	ghcb_set_valid(g, GHCB_VALID_BIT(rbx));
	snp_vmgexit(&m.vc);
	tap_check(calls == 2 && g->sw_exit_info_2 == 0x16,
		  "extended request: the firmware answers");
	tap_check(m.mem[CERTS] == 0 && m.mem[CERTS + 23] == 0 &&
			  m.mem[CERTS + 24] == 0xee,
		  "... an empty certificate table (24 zero bytes, no certificates yet)");
	g = event(&m, SVM_VMGEXIT_EXT_GUEST_REQUEST, REQ, RESP);
	g->rax = GHCB;
	g->rbx = 1;
	ghcb_set_valid(g, GHCB_VALID_BIT(rax));
	ghcb_set_valid(g, GHCB_VALID_BIT(rbx));
	snp_launch_range(&m.vm, 0x200000, SZ_2M, SNP_RMP_MAX_2M);
	g->rax = 0x200000;
	snp_vmgexit(&m.vc);
	tap_check(calls == 2 && g->sw_exit_info_2 == GHCB_ERR_INVALID_INPUT,
		  "a private certificate buffer: INVALID_INPUT");
	model_free(&m);
	return tap_done();
}
