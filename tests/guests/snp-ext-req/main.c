// SPDX-License-Identifier: GPL-2.0-only
/*
 * snp-ext-req: SNP Extended Guest Request with a certificate buffer too
 * small, seen from a guest (GHCB spec "SNP Extended Guest Request"). The
 * run needs the TEST VCEK chain on its ESP (tools/qemu-run.sh puts it
 * there; make snp-certs makes it), whose table takes more than a page.
 *
 *  - RBX = 0 pages, then RBX = one page fewer than needed: SW_EXITINFO2 =
 *    VMM error INVALID_LEN (1 << 32, no firmware status), RBX = the pages
 *    the table needs; the firmware is not called, so neither the
 *    response page nor the buffer is written;
 *  - RBX = the pages needed: the request reaches the firmware, which
 *    refuses this all-zero message (its own status in SW_EXITINFO2, no
 *    VMM error), and the buffer holds a certificate table: ARK, ASK and
 *    VCEK entries inside it, an all-zero entry at its end;
 *  - a buffer whose page is private: INVALID_INPUT.
 * The guest request itself is not encrypted here (no VMPCK protocol in
 * this guest): the Linux run covers the real message (tests/linux).
 */
#include "snp.h"

#define VMM_INVALID_LEN (1ull << 32)

static uint64_t rbx_out;

/* The extended request with RAX = certs, RBX = npages (ghcb_call's
 * fields, plus RAX and RBX valid). Returns SW_EXITINFO2. */
static uint64_t ext_request(uint64_t req, uint64_t resp, uint64_t certs,
			    uint64_t npages, uint64_t *info1)
{
	struct ghcb *g = snp.ghcb;

	memset(g, 0, offsetof(struct ghcb, shared_buffer));
	g->protocol_version = 2;
	g->ghcb_usage = GHCB_DEFAULT_USAGE;
	g->sw_exit_code = SVM_VMGEXIT_EXT_GUEST_REQUEST;
	g->sw_exit_info_1 = req;
	g->sw_exit_info_2 = resp;
	g->rax = certs;
	g->rbx = npages;
	ghcb_set_valid(g, GHCB_VALID_BIT(sw_exit_code));
	ghcb_set_valid(g, GHCB_VALID_BIT(sw_exit_info_1));
	ghcb_set_valid(g, GHCB_VALID_BIT(sw_exit_info_2));
	ghcb_set_valid(g, GHCB_VALID_BIT(rax));
	ghcb_set_valid(g, GHCB_VALID_BIT(rbx));
	ghcb_msr_write(snp.ghcb_gpa);
	vmgexit();
	*info1 = g->sw_exit_info_1;
	rbx_out = ghcb_is_valid(g, GHCB_VALID_BIT(rbx)) ? g->rbx : ~0ull;
	return g->sw_exit_info_2;
}

static bool all(const uint8_t *p, uint64_t n, uint8_t v)
{
	for (uint64_t i = 0; i < n; i++)
		if (p[i] != v)
			return false;
	return true;
}

static const uint8_t guids[3][16] = {
	/* ARK c0b406a4-a803-4952-9743-3fb6014cd0ae */
	{ 0xc0, 0xb4, 0x06, 0xa4, 0xa8, 0x03, 0x49, 0x52, 0x97, 0x43, 0x3f,
	  0xb6, 0x01, 0x4c, 0xd0, 0xae },
	/* ASK 4ab7b379-bbac-4fe4-a02f-05aef327c782 */
	{ 0x4a, 0xb7, 0xb3, 0x79, 0xbb, 0xac, 0x4f, 0xe4, 0xa0, 0x2f, 0x05,
	  0xae, 0xf3, 0x27, 0xc7, 0x82 },
	/* VCEK 63da758d-e664-4564-adc5-f4b93be8accd */
	{ 0x63, 0xda, 0x75, 0x8d, 0xe6, 0x64, 0x45, 0x64, 0xad, 0xc5, 0xf4,
	  0xb9, 0x3b, 0xe8, 0xac, 0xcd },
};

/* A certificate table in n bytes: every entry inside, an all-zero end,
 * the three GUIDs. */
static bool good_table(const uint8_t *t, uint64_t n)
{
	unsigned found = 0, e;

	for (e = 0; 24 * (e + 1) <= n && !all(t + 24 * e, 24, 0); e++) {
		uint32_t off, len;

		memcpy(&off, t + 24 * e + 16, 4);
		memcpy(&len, t + 24 * e + 20, 4);
		if (off > n || len > n - off)
			return false;
		for (unsigned i = 0; i < 3; i++)
			if (!memcmp(t + 24 * e, guids[i], 16))
				found |= 1u << i;
	}
	printf("certificate table: %u entries\n", e);
	return 24 * (e + 1) <= n && found == 7;
}

int guest_main(const struct guest_boot *boot)
{
	uint64_t req, resp, certs, priv, r, info1, need;
	uint8_t *resp_p, *certs_p;

	if (!snp_init(boot))
		return report_summary();
	req = snp.free_gpa;
	resp = req + SZ_4K;
	certs = req + 2 * SZ_4K; /* 8 pages */
	priv = req + 16 * SZ_4K;
	resp_p = (uint8_t *)(uintptr_t)resp;
	certs_p = (uint8_t *)(uintptr_t)certs;
	memset((void *)(uintptr_t)req, 0, SZ_4K);
	memset(resp_p, 0x5a, SZ_4K);
	memset(certs_p, 0xee, 8 * SZ_4K);

	r = ext_request(req, resp, certs, 0, &info1);
	need = rbx_out;
	report(info1 == 0 && r == VMM_INVALID_LEN,
	       "RBX = 0 pages: SW_EXITINFO2 = VMM error INVALID_LEN (info1 0x%llx info2 0x%llx)",
	       (unsigned long long)info1, (unsigned long long)r);
	report(need >= 2 && need <= 8,
	       "... RBX = %llu pages needed, more than one (the TEST chain is on the ESP)",
	       (unsigned long long)need);
	report(all(resp_p, SZ_4K, 0x5a) && all(certs_p, 8 * SZ_4K, 0xee),
	       "... the firmware not called: response page and buffer untouched");
	if (need < 2 || need > 8)
		return report_summary();

	r = ext_request(req, resp, certs, need - 1, &info1);
	report(info1 == 0 && r == VMM_INVALID_LEN && rbx_out == need,
	       "RBX = %llu pages: INVALID_LEN, RBX = %llu (info2 0x%llx)",
	       (unsigned long long)(need - 1), (unsigned long long)rbx_out,
	       (unsigned long long)r);
	report(all(resp_p, SZ_4K, 0x5a) && all(certs_p, 8 * SZ_4K, 0xee),
	       "... response page and buffer untouched");

	r = ext_request(req, resp, certs, need, &info1);
	report(info1 == 0 && r != 0 && (r >> 32) == 0,
	       "RBX = %llu pages: the firmware answers the all-zero message with its own status 0x%llx, no VMM error",
	       (unsigned long long)need, (unsigned long long)r);
	report(good_table(certs_p, need * SZ_4K),
	       "... the buffer holds the certificate table: ARK, ASK, VCEK entries inside it, all-zero end");
	report(all(certs_p + need * SZ_4K, (8 - need) * SZ_4K, 0xee),
	       "... nothing written past the %llu pages",
	       (unsigned long long)need);

	report(snp_convert(PROTO_GHCB, priv, 8 * SZ_4K, true) == 0,
	       "8 pages at 0x%llx private", (unsigned long long)priv);
	r = ext_request(req, resp, priv, 8, &info1);
	report(info1 == GHCB_ERROR && r == GHCB_ERR_INVALID_INPUT,
	       "a private certificate buffer: INVALID_INPUT (info1 0x%llx info2 0x%llx)",
	       (unsigned long long)info1, (unsigned long long)r);
	return report_summary();
}
