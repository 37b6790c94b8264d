// SPDX-License-Identifier: GPL-2.0-only
/*
 * The SNP Guest Request and SNP Extended Guest Request NAE events in the
 * engine (snp/vmgexit.c; GHCB spec "SNP Guest Request", "SNP Extended
 * Guest Request"): two shared guest pages reach the firmware callback and
 * its answer lands in SW_EXITINFO2; a private, outside, unaligned or
 * repeated page is INVALID_INPUT and the firmware is not called; the
 * extended request needs RAX/RBX and gets an empty certificate table
 * without a chain, the VM's certificate table with one, and a buffer too
 * small for it is VMM error INVALID_LEN with RBX = the pages needed, the
 * firmware not called; without a callback both events are INVALID_EVENT.
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
	return model_nae(m, GHCB, code, req, resp);
}

/* An extended request with RAX = certs, RBX = npages marked valid. */
static struct ghcb *ext_event(struct model *m, uint64_t certs, uint64_t npages)
{
	struct ghcb *g = event(m, SVM_VMGEXIT_EXT_GUEST_REQUEST, REQ, RESP);

	g->rax = certs;
	g->rbx = npages;
	ghcb_set_valid(g, GHCB_VALID_BIT(rax));
	ghcb_set_valid(g, GHCB_VALID_BIT(rbx));
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
		  "... no chain: an empty certificate table (24 zero bytes)");
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

	/* A certificate table of 2 pages and 24 bytes (3 pages). */
	model_reset(&m, SNP_RMP_MAX_2M);
	{
		static uint8_t table[2 * SZ_4K + 24];
		uint8_t resp_before[64];

		for (unsigned i = 0; i < sizeof(table); i++)
			table[i] = (uint8_t)(i * 7 + 1);
		m.vm.guest_request = fake_fw;
		m.vm.certs = table;
		m.vm.certs_len = sizeof(table);
		for (uint64_t npages = 0; npages < 3; npages++) {
			memset(m.mem + CERTS, 0xee, 3 * SZ_4K);
			memset(m.mem + RESP, 0x5a, SZ_4K);
			memcpy(resp_before, m.mem + RESP, sizeof(resp_before));
			g = ext_event(&m, CERTS, npages);
			tap_eq(snp_vmgexit(&m.vc), SNP_RESUME,
			       "a %llu-page buffer for a 3-page table: resumed",
			       (unsigned long long)npages);
			tap_check(g->sw_exit_info_1 == 0 &&
					  g->sw_exit_info_2 == (1ull << 32),
				  "... SW_EXITINFO2 = VMM error INVALID_LEN (1 << 32), no firmware status");
			tap_check(g->rbx == 3 &&
					  ghcb_is_valid(g, GHCB_VALID_BIT(rbx)),
				  "... RBX = 3, the pages needed, marked valid");
			tap_check(calls == 2 &&
					  !memcmp(m.mem + RESP, resp_before,
						  sizeof(resp_before)) &&
					  m.mem[CERTS] == 0xee,
				  "... the firmware not called, nothing written");
		}
		g = ext_event(&m, CERTS, 3);
		snp_vmgexit(&m.vc);
		tap_check(calls == 3 && g->sw_exit_info_2 == 0x16,
			  "a 3-page buffer: the firmware answers");
		tap_check(!memcmp(m.mem + CERTS, table, sizeof(table)) &&
				  m.mem[CERTS + sizeof(table)] == 0xee,
			  "... the certificate table written into it, exactly");
		/* The third page of the buffer private. */
		snp_launch_range(&m.vm, 0x200000, SZ_2M, SNP_RMP_MAX_2M);
		g = ext_event(&m, 0x200000 - 2 * SZ_4K, 4);
		snp_vmgexit(&m.vc);
		tap_check(calls == 3 &&
				  g->sw_exit_info_2 == GHCB_ERR_INVALID_INPUT,
			  "a buffer whose third page is private: INVALID_INPUT, firmware not called");
		g = ext_event(&m, MEM - 2 * SZ_4K, 3);
		snp_vmgexit(&m.vc);
		tap_check(calls == 3 &&
				  g->sw_exit_info_2 == GHCB_ERR_INVALID_INPUT,
			  "a buffer running past guest memory: INVALID_INPUT");
		g = ext_event(&m, ~0xfffull, 3);
		snp_vmgexit(&m.vc);
		tap_check(calls == 3 &&
				  g->sw_exit_info_2 == GHCB_ERR_INVALID_INPUT,
			  "a buffer at the top of the address space: INVALID_INPUT");
	}
	model_free(&m);
	return tap_done();
}
