// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host instructions of the SEV firmware model (fw/model.c,
 * fw/guest_msg.c) over the software RMP, for `make bench`
 * (tests/bench/bench-fw.py runs it under callgrind, collecting only
 * inside the functions named below):
 *
 *   bench_fw report N   N MSG_REPORT_REQ through SNP_GUEST_REQUEST
 *                       (collect: one_request, the command alone):
 *                       AES-256-GCM both ways, SHA-384 and the ECDSA
 *                       P-384 signature;
 *   bench_fw key N      N MSG_KEY_REQ (collect: one_request);
 *   bench_fw launch MIB a launch of MIB MiB (collect: launch): the
 *                       hypervisor's RMPUPDATEs to Pre-Guest and every
 *                       SNP_LAUNCH_UPDATE in hv/snp_fw.c's order (an
 *                       all-zero 2 MiB chunk as one 2 MiB ZERO update,
 *                       any other chunk as 512 4 KiB updates, NORMAL or
 *                       ZERO), then the VMSA page and LAUNCH_FINISH. The
 *                       first CONTENT_MIB (12) MiB hold data, about what
 *                       the Linux guest's kernel and initrd fill (3090
 *                       NORMAL pages at 256 MiB, docs/bench.md), the rest
 *                       is zero.
 * The guest's side of a request (sealing it, opening the answer) is
 * outside the collected functions.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bearssl_aead.h>
#include <bearssl_block.h>

#include "fw/model.h"

#define CONTENT_MIB 12u
#define ASID	    1u

static uint8_t *ram, *fwa;
static uint64_t ram_size, *ram_table, fwa_table[8];
static struct rmp rmp_ram, rmp_fwa;
static struct fw_model m;
static uint64_t gctx;

static uint64_t spa(const void *p)
{
	return (uint64_t)(uintptr_t)p;
}

static void die(const char *what, enum sev_status st)
{
	fprintf(stderr, "bench_fw: %s: %s (0x%x)\n", what, sev_status_name(st),
		st);
	exit(1);
}

static void cmd(enum sev_cmd c, void *b, const char *what)
{
	enum sev_status st = fw_cmd(&m.fw, c, b);

	if (st)
		die(what, st);
}

static void platform(void)
{
	struct fw_model_config cfg = {
		.rmps = { &rmp_ram, &rmp_fwa },
		.nr_rmps = 2,
		.max_asid = 15,
		.fms = 0x00a10f11,
	};
	struct rmp_state fwp = { .assigned = true, .immutable = true };
	struct snp_addr a;
	struct snp_launch_start ls = { .policy = SNP_POLICY_DEFAULT };
	struct snp_activate act = { .asid = ASID };

	ram_table = calloc(ram_size >> 12, sizeof(*ram_table));
	ram = aligned_alloc(SZ_2M, ram_size);
	fwa = aligned_alloc(SZ_4K, 8 * SZ_4K);
	if (!ram || !fwa || !ram_table)
		exit(2);
	memset(ram, 0, ram_size);
	memset(cfg.seed, 9, sizeof(cfg.seed));
	rmp_sw_init(&rmp_ram, spa(ram), ram_size, ram_table);
	rmp_sw_init(&rmp_fwa, spa(fwa), 8 * SZ_4K, fwa_table);
	fw_model_init(&m, &cfg);
	cmd(SEV_CMD_SNP_INIT, NULL, "SNP_INIT");
	gctx = spa(fwa);
	for (unsigned i = 0; i < 2; i++) /* GCTX, the response page */
		rmp_update(&rmp_fwa, gctx + i * SZ_4K, &fwp);
	a.address = gctx;
	cmd(SEV_CMD_SNP_GCTX_CREATE, &a, "SNP_GCTX_CREATE");
	ls.gctx_paddr = act.gctx_paddr = gctx;
	cmd(SEV_CMD_SNP_LAUNCH_START, &ls, "SNP_LAUNCH_START");
	cmd(SEV_CMD_SNP_ACTIVATE, &act, "SNP_ACTIVATE");
}

static void update(uint64_t gpa, enum snp_page_type t, bool big)
{
	struct rmp_state pre = { .gpa = gpa,
				 .assigned = true,
				 .pagesize = big ? RMP_PG_2M : RMP_PG_4K,
				 .immutable = true,
				 .asid = ASID };
	struct snp_launch_update lu = {
		.gctx_paddr = gctx,
		.flags = SNP_LU_PAGE_TYPE(t) | (big ? SNP_LU_PAGE_SIZE_2M : 0),
		.address = spa(ram + gpa),
	};

	if (rmp_update(&rmp_ram, spa(ram + gpa), &pre) != RMP_OK)
		die("RMPUPDATE to Pre-Guest", SEV_STATUS_HWERROR_PLATFORM);
	cmd(SEV_CMD_SNP_LAUNCH_UPDATE, &lu, "SNP_LAUNCH_UPDATE");
}

static bool zero(const uint8_t *p, uint64_t n)
{
	const uint64_t *q = (const uint64_t *)p;

	for (uint64_t i = 0; i < n / 8; i++)
		if (q[i])
			return false;
	return true;
}

void launch(void);

__attribute__((noinline)) void launch(void)
{
	struct rmp_state pre = { .gpa = SNP_VMSA_GPA,
				 .assigned = true,
				 .immutable = true,
				 .asid = ASID };
	struct snp_launch_update lu = {
		.gctx_paddr = gctx,
		.flags = SNP_LU_PAGE_TYPE(SNP_PAGE_TYPE_VMSA),
		.address = gctx + 2 * SZ_4K,
	};
	struct snp_launch_finish lf = { .gctx_paddr = gctx };

	for (uint64_t c = 0; c < ram_size; c += SZ_2M) {
		if (zero(ram + c, SZ_2M)) {
			update(c, SNP_PAGE_TYPE_ZERO, true);
			continue;
		}
		for (uint64_t p = c; p < c + SZ_2M; p += SZ_4K)
			update(p,
			       zero(ram + p, SZ_4K) ? SNP_PAGE_TYPE_ZERO :
						      SNP_PAGE_TYPE_NORMAL,
			       false);
	}
	rmp_update(&rmp_fwa, gctx + 2 * SZ_4K, &pre);
	cmd(SEV_CMD_SNP_LAUNCH_UPDATE, &lu, "SNP_LAUNCH_UPDATE (VMSA)");
	cmd(SEV_CMD_SNP_LAUNCH_FINISH, &lf, "SNP_LAUNCH_FINISH");
}

static void gcm(const uint8_t key[32], uint64_t seq, uint8_t *msg, size_t len,
		int enc)
{
	br_aes_ct64_ctr_keys aes;
	br_gcm_context gc;
	uint8_t iv[12] = { 0 };

	memcpy(iv, &seq, 8);
	br_aes_ct64_ctr_init(&aes, key, 32);
	br_gcm_init(&gc, &aes.vtable, br_ghash_ctmul64);
	br_gcm_reset(&gc, iv, sizeof(iv));
	br_gcm_aad_inject(&gc, msg + 0x30, 0x30);
	br_gcm_flip(&gc);
	br_gcm_run(&gc, enc, msg + 0x60, len);
	if (enc)
		br_gcm_get_tag(&gc, msg);
	else if (!br_gcm_check_tag(&gc, msg))
		die("the response does not authenticate", 0);
}

enum sev_status one_request(struct snp_guest_request *b);

/* The firmware command alone: the guest's sealing and opening around it
 * are not collected. */
__attribute__((noinline)) enum sev_status
one_request(struct snp_guest_request *b)
{
	return fw_cmd(&m.fw, SEV_CMD_SNP_GUEST_REQUEST, b);
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "report";
	unsigned long n = argc > 2 ? strtoul(argv[2], NULL, 0) : 10;

	if (!strcmp(mode, "launch")) {
		ram_size = (uint64_t)n << 20;
		platform();
		for (uint64_t i = 0;
		     i < ((uint64_t)CONTENT_MIB << 20) && i < ram_size;
		     i += 8) {
			uint64_t v = i * 0x9e3779b97f4a7c15ull + 1;

			memcpy(ram + i, &v, 8);
		}
		launch();
		printf("bench_fw launch %lu MiB: %llu pages updated\n", n,
		       (unsigned long long)fw_model_guest(&m, gctx)
			       ->pages_updated);
		return 0;
	}
	ram_size = SZ_2M;
	platform();
	launch();
	{
		const struct fw_model_guest *g = fw_model_guest(&m, gctx);
		uint8_t type = !strcmp(mode, "key") ? SNP_MSG_KEY_REQ :
						      SNP_MSG_REPORT_REQ;
		uint16_t sz = type == SNP_MSG_KEY_REQ ? 0x20 : 0x60, hs = 0x60;
		uint8_t *req = fwa + 3 * SZ_4K, *resp = fwa + SZ_4K;
		struct snp_guest_request b = { .gctx_paddr = gctx,
					       .req_paddr = spa(req),
					       .res_paddr = spa(resp) };
		enum sev_status st;

		for (unsigned long i = 0; i < n; i++) {
			uint64_t seq = 2 * i + 1;
			uint16_t rsz;

			memset(req, 0, SZ_4K);
			memcpy(req + 0x20, &seq, 8);
			req[0x30] = 1;
			req[0x31] = 1;
			memcpy(req + 0x32, &hs, 2);
			req[0x34] = type;
			req[0x35] = 1;
			memcpy(req + 0x36, &sz, 2);
			if (type == SNP_MSG_KEY_REQ)
				req[0x60 + 8] = 0x3f; /* every field */
			else
				memset(req + 0x60, (int)i, 64);
			gcm(g->vmpck[0], seq, req, sz, 1);
			st = one_request(&b);
			if (st)
				die("SNP_GUEST_REQUEST", st);
			memcpy(&rsz, resp + 0x36, 2);
			gcm(g->vmpck[0], seq + 1, resp, rsz, 0);
		}
		printf("bench_fw %s: %lu requests answered\n", mode, n);
	}
	return 0;
}
